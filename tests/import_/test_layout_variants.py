"""Layout variants of real eCRF files: merged sector cells, units in header brackets, kt CO2e, sub-sector
references, trailing dots, CO2e-labelled factors, a CIRIS-like sheet without a cover."""

from __future__ import annotations

import openpyxl
import pytest

from gpc.io.ciris_in import import_ciris
from gpc.io.ecrf import import_ecrf
from tests.import_.make_ecrf_fixture import COVER


def _book(path, header, rows, *, cover=True, merges=(), sheet="eCRF_3"):
    wb = openpyxl.Workbook()
    ws0 = wb.active
    if cover:
        ws0.title = "eCRF_1"
        for i, (label, value) in enumerate(COVER, start=1):
            ws0.cell(i, 2, label)
            if value is not None:
                ws0.cell(i, 3, value)
        ws = wb.create_sheet(sheet)
    else:
        ws = ws0
        ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append(list(r))
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


def test_merged_sector_cells_place_every_row(tmp_path):
    header = ["Sector", "Sub-sector", "Scope", "Fuel type", "Amount (TJ)", "CO2 EF (t/TJ)",
              "CO2 emissions (tCO2e)", "Total emissions (tCO2e)"]
    rows = [("Stationary Energy", "Residential buildings", 1, "Natural gas", 10, 56.1, 561, 561),
            (None, None, 1, "Diesel", 2, 74.1, 148.2, 148.2)]
    p = _book(tmp_path / "m.xlsx", header, rows, merges=("A2:A3", "B2:B3"))
    res = import_ecrf(p)
    a = res.activity
    # 10 TJ × 56.1 t/TJ = 561; 2 TJ × 74.1 = 148.2: both reproduce, both in I.1.1
    assert list(a["gpc_ref"]) == ["I.1.1", "I.1.1"]
    assert list(a["activity"]) == ["natural_gas", "gas_diesel_oil"]
    assert list(a["unit"]) == ["TJ", "TJ"] and list(a["ef_unit"]) == ["t/TJ", "t/TJ"]
    assert res.reconciliation.empty


def test_kilotonnes_and_sub_sector_reference(tmp_path):
    header = ["GPC ref", "Scope", "Activity", "Activity data - Amount", "Activity data - Unit",
              "Emission factor - Unit", "Emission factor - CO2", "Emissions (kt CO2e) - CO2",
              "Emissions (kt CO2e) - Total"]
    rows = [("I.2.", 2, "Electricity", 2000, "MWh", "t/MWh", 0.5, 1.0, 1.0),   # 2000 × 0.5 = 1000 t = 1 kt
            ("III.1", 1, "Landfill", None, None, None, None, 3.5, 3.5)]
    res = import_ecrf(_book(tmp_path / "k.xlsx", header, rows))
    a = res.activity
    assert list(a["gpc_ref"]) == ["I.2.2", "III.1.1"]
    assert a.iloc[0]["activity"] == "grid_electricity" and a.iloc[0]["ef_co2"] == 0.5
    assert a.iloc[1]["amount"] == pytest.approx(3500.0)     # 3.5 kt CO2 → 3500 t
    assert res.reconciliation.empty


def test_factor_labelled_co2e(tmp_path):
    header = ["GPC ref. no.", "Fuel type or activity", "Activity data - Amount", "Activity data - Unit",
              "Emission factor - Unit", "Emission factor - CO2", "Emission factor - CH4",
              "GHGs (metric tonnes CO2e) - CO2", "GHGs (metric tonnes CO2e) - CH4",
              "GHGs (metric tonnes CO2e) - Total CO2e"]
    # row 2: CO2e factors read as CO2e: CH4 100 TJ × 0.14 t CO2e/TJ = 14 t CO2e → reproduces, ef_ch4 0.14/28 = 0.005
    # row 3: a CH4 mass factor 0.005 t/TJ labelled CO2e, reported 100 × 0.005 × 28 = 14 → ratio 28
    rows = [("I.1.1", "Natural gas", 100, "TJ", "t CO2e/TJ", 56.1, 0.14, 5610, 14, 5624),
            ("I.2.1", "Natural gas", 100, "TJ", "t CO2e/TJ", 56.1, 0.005, 5610, 14, 5624)]
    res = import_ecrf(_book(tmp_path / "e.xlsx", header, rows))
    a = res.activity
    assert a.iloc[0]["activity"] == "natural_gas"
    assert a.iloc[0]["ef_ch4"] == pytest.approx(0.14 / 28)
    rec = res.reconciliation
    assert list(rec["row"]) == [3] and rec.iloc[0]["cause"] == "co2e_as_gas_mass"
    assert rec.iloc[0]["ratio"] == pytest.approx(28)


def test_key_for_a_template_only_row_is_skipped(tmp_path):
    header = ["GPC ref. no.", "Notation key", "GHGs (metric tonnes CO2e) - Total CO2e", "Fuel type or activity",
              "CRF - Sector"]
    rows = [("II.5.3", "NE", None, None, "Transportation"), ("I.1.1", None, 100, "Natural gas", "Stationary")]
    res = import_ecrf(_book(tmp_path / "t.xlsx", header, rows))
    assert list(res.activity["gpc_ref"]) == ["I.1.1"]
    assert any("II.5.3" in str(w) for w in res.warnings)


def test_gwp_missing_is_a_warning_and_ar5(tmp_path):
    header = ["GPC ref. no.", "Fuel type or activity", "GHGs (metric tonnes CO2e) - CH4", "Total CO2e",
              "Notation key"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "eCRF_1"
    ws["B2"], ws["C2"] = "Name of city", "Nowhere"
    ws["B3"], ws["C3"] = "Inventory year", "2019"
    ws3 = wb.create_sheet("eCRF_3")
    ws3.append(header)
    ws3.append(["III.4.1", "Wastewater", 265 * 2, 265 * 2, None])
    wb.save(tmp_path / "g.xlsx")
    res = import_ecrf(tmp_path / "g.xlsx")
    assert res.city["gwp"] == "AR5" and res.city["year"] == 2019
    assert any("GWP" in str(w) for w in res.warnings)
    # 530 t CO2e of CH4 / 28 = 18.93 t CH4
    assert res.activity.iloc[0]["amount"] == pytest.approx(530 / 28)


def test_ciris_like_sheet_in_gas_tonnes(tmp_path):
    header = ["GPC ref No.", "Scope", "Activity", "Activity data", "Unit", "Emission factor unit", "EF CO2",
              "EF CH4", "CO2 (t)", "CH4 (t)", "Total (t CO2e)"]
    # 1000 GJ × 0.0561 t/GJ = 56.1 t CO2; CH4 1000 × 0.000005 = 0.005 t → 0.005 × 25 (AR4) = 0.125 t CO2e
    rows = [("I.1.1", 1, "Natural gas", 1000, "GJ", "t/GJ", 0.0561, 0.000005, 56.1, 0.005, 56.225)]
    p = _book(tmp_path / "c.xlsx", header, rows, cover=False, sheet="Stationary Energy")
    res = import_ciris(p, year=2021, gwp="AR4")
    a = res.activity
    assert res.city == {"year": 2021, "gwp": "AR4"}
    assert a.iloc[0]["activity"] == "natural_gas" and a.iloc[0]["ef_ch4"] == 0.000005
    assert res.reconciliation.empty


def test_formula_without_result_and_excel_error(tmp_path):
    header = ["GPC ref. no.", "Fuel type or activity", "GHGs (metric tonnes CO2e) - CO2",
              "GHGs (metric tonnes CO2e) - Total CO2e"]
    rows = [("I.1.1", "Natural gas", 100, "=C2"),          # openpyxl stores the formula without a result
            ("I.2.1", "Diesel", 50, "#DIV/0!")]
    from gpc.errors import InputError

    with pytest.raises(InputError) as err:
        import_ecrf(_book(tmp_path / "f.xlsx", header, rows))
    (p,) = err.value.problems
    assert (p.sheet, p.row, p.column) == ("eCRF_3", 2, "GHGs (metric tonnes CO2e) - Total CO2e")
    assert "formula" in p.message
    res = import_ecrf(_book(tmp_path / "g.xlsx", header, rows[1:]))
    assert res.activity.iloc[0]["amount"] == 50
    assert any("#DIV/0!" in str(w) for w in res.warnings)


def test_total_rows_activity_and_fuel_columns(tmp_path):
    header = ["GPC Ref", "Scope", "Activity Type", "Fuel Type", "Activity data - Amount", "Activity data - Unit",
              "Emission factor - Unit", "Emission factor - CO2", "GHGs (metric tonnes CO2e) - CO2",
              "GHGs (metric tonnes CO2e) - Total CO2e"]
    rows = [("I.1.1", 1, "Residential heating", "Natural gas", 10, "TJ", "kg CO2 per GJ", 56100 / 1000, 561, 561),
            ("I.1", None, None, None, None, None, None, None, 561, 561),             # sub-sector total
            ("Total", None, None, None, None, None, None, None, 561, 561)]           # grand total
    res = import_ecrf(_book(tmp_path / "t.xlsx", header, rows))
    a = res.activity
    # 10 TJ × 56.1 kg/GJ = 10 000 GJ × 0.0561 t/GJ = 561 t: reproduces
    assert len(a) == 1 and a.iloc[0]["activity"] == "natural_gas"
    assert a.iloc[0]["ecrf_activity"] == "Residential heating / Natural gas"
    assert res.reconciliation.empty
    st = dict(zip(res.rows["row"], res.rows["status"]))
    assert st[3].startswith("not imported") and st[4].startswith("not imported: a total row")


def test_total_with_other_gases_or_biogenic(tmp_path):
    header = ["GPC ref. no.", "GHGs (metric tonnes CO2e) - CO2", "GHGs (metric tonnes CO2e) - CH4",
              "GHGs (metric tonnes CO2e) - Total CO2e", "GHGs (metric tonnes CO2e) - Biogenic CO2"]
    rows = [("IV.2", 100, None, 400, None),          # 300 t CO2e above CO2: other gases
            ("III.3.1", 50, 28, 178, 100)]           # 50 + 28 + 100 biogenic = 178: biogenic in the total
    res = import_ecrf(_book(tmp_path / "o.xlsx", header, rows))
    rec = res.reconciliation.set_index("row")
    assert rec.loc[2, "cause"] == "other_gases" and rec.loc[3, "cause"] == "biogenic_in_total"
    a = res.activity
    iv2 = a[a["gpc_ref"] == "IV.2"]
    assert list(zip(iv2["gas"], iv2["amount"])) == [("CO2", 100), ("CO2e", 300)]
    iii = a[a["gpc_ref"] == "III.3.1"]
    # 28 t CO2e of CH4 / 28 = 1 t CH4; 100 t biogenic CO2 outside the totals
    assert list(zip(iii["gas"], iii["amount"], iii["biogenic"].fillna("no"))) == \
        [("CO2", 50, "no"), ("CH4", 1.0, "no"), ("CO2", 100, "yes")]


def test_repeated_header_and_worded_keys(tmp_path):
    header = ["GPC ref. no.", "Notation key", "GHGs (metric tonnes CO2e) - CO2", "GHGs (metric tonnes CO2e) - Total CO2e"]
    rows = [("I.1.1", None, 10, 10),
            tuple(header),                                          # the header again, over a second block
            ("II.1.1", "NO - not occurring", None, None),
            ("I.3.1", "IE (included in I.2.1)", None, None)]
    res = import_ecrf(_book(tmp_path / "h.xlsx", header, rows))
    a = res.activity
    assert list(a["gpc_ref"]) == ["I.1.1", "II.1.1", "I.3.1"]
    assert list(a["notation_key"].iloc[1:]) == ["NO", "IE"]


def test_wood_co2_in_the_fossil_column(tmp_path):
    header = ["GPC ref. no.", "Fuel type or activity", "Activity data - Amount", "Activity data - Unit",
              "Emission factor - Unit", "Emission factor - CO2", "GHGs (metric tonnes CO2e) - CO2"]
    # 10 TJ wood × 112 t CO2/TJ = 1120 t, reported as fossil CO2
    res = import_ecrf(_book(tmp_path / "w.xlsx", header, [("I.1.1", "Wood", 10, "TJ", "t/TJ", 112, 1120)]))
    assert list(res.reconciliation["cause"]) == ["biogenic_as_fossil"]
    assert res.activity.iloc[0]["activity"] == "direct" and res.activity.iloc[0]["amount"] == 1120


def test_near_ecrf_headers_with_an_emissions_unit_column(tmp_path):
    header = ["GPC Reference Number", "Sector name", "Subsector name", "Activity Type", "Activity Value",
              "Activity Units", "Total Emissions", "Total Emission Units", "Notation Key"]
    rows = [("I.1.2", "Stationary Energy", "Residential", "Electricity", 1000, "MWh", 0.5, "ktCO2e", None),
            (None, "Waste", "Solid waste disposal", "Landfill", None, None, 2800, "tCO2e", None)]
    res = import_ecrf(_book(tmp_path / "n.xlsx", header, rows, cover=False, sheet="Inventory"), year=2020,
                      gwp="AR5")
    a = res.activity
    # 0.5 kt = 500 t CO2e (total only: a CO2e direct entry); the landfill row placed in III.1.1 (scope 1 by
    # default is not assumed: the sub-sector has several rows, so the row is not placed and said)
    assert a.iloc[0]["gpc_ref"] == "I.1.2" and a.iloc[0]["amount"] == pytest.approx(500.0)
    assert a.iloc[0]["gas"] == "CO2e"
    assert len(a) == 1 and any("not imported" in str(w) for w in res.warnings)


def test_reference_with_a_remark(tmp_path):
    header = ["GPC ref. no.", "Fuel type or activity", "GHGs (metric tonnes CO2e) - CO2"]
    res = import_ecrf(_book(tmp_path / "r.xlsx", header, [("I.4.4 (CHP)", "Natural gas", 100)]))
    assert res.activity.iloc[0]["gpc_ref"] == "I.4.4"
    from gpc.errors import InputError

    ref = "I.1.1 Emissions from grid-supplied energy consumed within the city boundary"
    with pytest.raises(InputError):     # a number followed by another row's name is refused
        import_ecrf(_book(tmp_path / "s.xlsx", header, [(ref, "Electricity", 100)]))


def test_whole_tonnes_reproduce_within_their_rounding(tmp_path):
    header = ["GPC ref. no.", "Fuel type or activity", "Activity data - Amount", "Activity data - Unit",
              "Emission factor - Unit", "Emission factor - CO2", "Emission factor - CH4",
              "GHGs (metric tonnes CO2e) - CO2", "GHGs (metric tonnes CO2e) - CH4"]
    # 3 TJ × 56.1 = 168.3 t CO2 printed as 168; CH4 3 × 0.005 × 28 = 0.42 printed as 0 → both within 0.5 t
    # 3 TJ × 56.1 = 168.3 printed as 170: 1.7 t off, more than the rounding of a whole number → listed
    rows = [("I.1.1", "Natural gas", 3, "TJ", "t/TJ", 56.1, 0.005, 168, 0),
            ("I.2.1", "Natural gas", 3, "TJ", "t/TJ", 56.1, 0.005, 170, 0)]
    res = import_ecrf(_book(tmp_path / "w.xlsx", header, rows))
    assert res.activity.iloc[0]["activity"] == "natural_gas"
    assert list(res.reconciliation["row"]) == [3]
