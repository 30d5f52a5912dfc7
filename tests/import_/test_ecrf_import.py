"""gpc import-ecrf: the small hand-made eCRF of make_ecrf_fixture.py, its messy twin and its faulty twin.

GWP AR5 (IPCC AR5 WG1 Ch. 8 Table 8.7): CH4 28, N2O 265; AR4 (IPCC AR4 WG1 Table 2.14): CH4 25.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import gpc
from gpc.cli import cli
from gpc.errors import InputError
from gpc.io.ecrf import CellError, classify_header, import_ecrf, parse_number, place, write_import
from tests.import_ import make_ecrf_fixture as fx


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    d = tmp_path_factory.mktemp("ecrf")
    return fx.write_small(d / "small_ecrf.xlsx")


@pytest.fixture(scope="module")
def imported(small):
    return import_ecrf(small)


@pytest.fixture(scope="module")
def built(imported, tmp_path_factory):
    p = tmp_path_factory.mktemp("ecrf_out") / "activity.xlsx"
    write_import(imported, p)
    return gpc.calculate(p)


def _rows(res, ecrf_row):
    a = res.activity
    return a[a["ecrf_row"] == ecrf_row]


def test_cover_sheet(imported):
    assert imported.city == {"name": "Testville", "country": "Testland", "year": 2022, "population": 250000.0,
                             "gdp": "5000000000 USD", "gwp": "AR5"}


def test_reproduced_rows_are_activities_with_their_own_factors(imported, built):
    # row 2: 100 TJ natural gas, 56.1 / 0.005 / 0.0001 t/TJ → 5610 + 100×0.005×28 + 100×0.0001×265 = 5626.65
    r = _rows(imported, 2).iloc[0]
    assert (r["gpc_ref"], r["activity"], r["amount"], r["unit"]) == ("I.1.1", "natural_gas", 100, "TJ")
    assert (r["ef_co2"], r["ef_ch4"], r["ef_n2o"], r["ef_unit"]) == (56.1, 0.005, 0.0001, "t/TJ")
    # row 3: "1,000.0" MWh (text) × 0.5 t CO2/MWh = 500 t
    r = _rows(imported, 3).iloc[0]
    assert (r["gpc_ref"], r["activity"], r["amount"], r["ef_co2"], r["ef_unit"]) == \
        ("I.1.2", "grid_electricity", 1000.0, 0.5, "t/MWh")
    by_ref = built.emissions.groupby("gpc_ref")["co2e_t"].sum()
    assert by_ref["I.1.1"] == pytest.approx(5610 + 14 + 2.65)
    assert by_ref["I.1.2"] == pytest.approx(500)


def test_row_without_reference_placed_from_its_text(imported):
    # row 8: "Transportation" / "On-road > Other", scope 1, diesel 10 TJ × 74.1 = 741 t
    r = _rows(imported, 8).iloc[0]
    assert (r["gpc_ref"], r["activity"], r["amount"], r["ef_co2"]) == ("II.1.1", "gas_diesel_oil", 10.0, 74.1)


def test_direct_entries_and_notation_keys(imported):
    # row 9: 2800 t CO2e of CH4, no activity → 2800 / 28 = 100 t CH4
    r = _rows(imported, 9).iloc[0]
    assert (r["gpc_ref"], r["activity"], r["gas"], r["unit"]) == ("III.1.1", "direct", "CH4", "t")
    assert r["amount"] == pytest.approx(100.0)
    keys = {r["gpc_ref"]: (r["notation_key"], r["explanation"]) for _, r in imported.activity.iterrows()
            if isinstance(r["notation_key"], str)}
    assert keys == {"I.4.1": ("NO", "No power plant in the city"), "IV.1": ("NE", "Not estimated: no data"),
                    "V.1": ("NO", "No livestock")}
    assert "NA" in _rows(imported, 12).iloc[0]["import_note"]
    assert "emission columns" in _rows(imported, 11).iloc[0]["import_note"]
    # row 13: a total only (refrigerants) → direct CO2e
    r = _rows(imported, 13).iloc[0]
    assert (r["gas"], r["amount"]) == ("CO2e", 1000)


def test_reconciliation_names_each_fault(imported):
    rec = imported.reconciliation.set_index("row")
    assert sorted(rec.index) == [4, 5, 6, 7]
    # row 4: 100 TJ × 0.003 t CH4/TJ = 0.3 t CH4 reported as 0.3 t "CO2e"; recomputed 0.3 × 28 = 8.4
    assert rec.loc[4, "cause"] == "gas_mass_as_co2e"
    assert rec.loc[4, "recomputed_t_co2e"] == pytest.approx(8.4)
    assert 1 / rec.loc[4, "ratio"] == pytest.approx(28)
    # row 5: 200 × 0.001 × 25 = 5 (AR4) against 200 × 0.001 × 28 = 5.6 (AR5 on the cover)
    assert rec.loc[5, "cause"] == "gwp_set"
    assert rec.loc[5, "ratio"] == pytest.approx(25 / 28)
    assert "AR4" in rec.loc[5, "explanation"]
    # row 6: electricity in I.2.1 (scope 1)
    assert rec.loc[6, "cause"] == "scope2_in_scope1"
    assert "I.2.2" in rec.loc[6, "explanation"]
    # row 7: 50 TJ × 69.3 = 3465 t reported as 3,465,000
    assert rec.loc[7, "cause"] == "unit_1000"
    assert rec.loc[7, "ratio"] == pytest.approx(1000)
    assert set(rec["imported_as"]) == {"direct"}


def test_build_reproduces_the_files_numbers(built):
    # nothing corrected: every reported figure is in the inventory, the faulty ones as reported
    assert float(built.emissions["co2e_t"].sum()) == pytest.approx(fx.FILE_TOTAL)
    by_ref = built.emissions.groupby("gpc_ref")["co2e_t"].sum()
    assert by_ref["I.2.1"] == pytest.approx(7410 + 0.3 + 800)
    assert by_ref["II.1.1"] == pytest.approx(3465000 + 741)


def test_messy_layout_reads_the_same(tmp_path, imported):
    messy = import_ecrf(fx.write_messy(tmp_path / "messy.xlsx"))
    cols = ["gpc_ref", "activity", "amount", "unit", "gas", "notation_key", "ef_co2", "ef_ch4", "ef_n2o"]
    pd.testing.assert_frame_equal(messy.activity[cols], imported.activity[cols])
    assert list(messy.reconciliation["cause"]) == list(imported.reconciliation["cause"])
    assert list(messy.reconciliation["row"]) == [7, 8, 9, 10]      # three rows lower: title rows, 2-row header


def test_bad_file_all_problems_located(tmp_path):
    with pytest.raises(InputError) as err:
        import_ecrf(fx.write_bad(tmp_path / "bad.xlsx"))
    got = {(p.sheet, p.row, p.column) for p in err.value.problems}
    assert got == {("eCRF_3", 2, "Activity data - Amount"), ("eCRF_3", 3, "GHGs (metric tonnes CO2e) - CO2"),
                   ("eCRF_3", 4, "GPC ref. no."), ("eCRF_3", 5, "Notation key"), ("eCRF_3", 6, "Notation key")}


def test_missing_detailed_sheet(tmp_path):
    with pytest.raises(InputError) as err:
        import_ecrf(fx.write_no_detail(tmp_path / "nodetail.xlsx"))
    assert "no detailed sheet" in err.value.problems[0].message


def test_cli(tmp_path, small):
    out = tmp_path / "act.xlsx"
    res = CliRunner().invoke(cli, ["import-ecrf", str(small), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "gas_mass_as_co2e" in res.output and "unit_1000" in res.output
    sheets = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert sheets == ["city", "activity", "reconciliation", "ecrf_rows"]
    res = CliRunner().invoke(cli, ["build", str(out), "-o", str(tmp_path / "inv.xlsx"), "-q"])
    assert res.exit_code == 0, res.output
    bad = fx.write_bad(tmp_path / "bad.xlsx")
    res = CliRunner().invoke(cli, ["import-ecrf", str(bad), "-o", str(tmp_path / "x.xlsx")])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "row 4" in res.output and not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("text,value", [("1234.5", 1234.5), ("1,234.5", 1234.5), ("1,234,567", 1234567.0),
                                        (" -3e2 ", -300.0), (12, 12.0), ("-", None), (None, None)])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["12,5", "1,234", "1.234,5", "abc", "12 t"])
def test_parse_number_refuses(text):
    with pytest.raises(CellError):
        parse_number(text)


@pytest.mark.parametrize("header,field", [
    ("GPC ref. no.", "gpc_ref"), ("GPC Reference Number", "gpc_ref"), ("CRF - Sub-sector", "subsector"),
    ("Fuel type or activity", "activity"), ("Activity Type", "activity"), ("Activity data - Amount", "amount"),
    ("Emission factor - CH4", "ef_CH4"), ("EF CO2", "ef_CO2"), ("Emission factor - Unit", "ef_unit"),
    ("GHGs (metric tonnes CO2e) - CO2", "t_CO2"), ("GHGs (metric tonnes CO2e) - N2O", "t_N2O"),
    ("GHGs (metric tonnes CO2e) - Total CO2e", "total"), ("Emissions (tCO2e) - Methane", "t_CH4"),
    ("CH4 (t)", "t_CH4"), ("Biogenic CO2 (t)", "co2_biogenic"), ("Notation key", "notation_key"),
    ("Other gases (t CO2e)", "t_other"), ("Activity data conversion - original unit", "conversion"),
    ("Total Emissions", "total"), ("GHG Emissions", "total"),
    ("Total Emission Units", "emissions_unit"), ("Activity Value", "amount"), ("Activity Units", "unit"),
    ("activity_type", "activity"), ("Fuel Type", "fuel"), ("Subsector name", "subsector"),
    ("Emissions (MT CO2e)", "total"),
])
def test_classify_header(header, field):
    assert classify_header(header) == field


@pytest.mark.parametrize("sector,sub,scope,kind,ref", [
    ("Transportation", "On-road > Other", 1, "fuel", "II.1.1"),
    ("Stationary Energy", "Residential buildings", 2, None, "I.1.2"),
    ("Stationary Energy", "Commercial and institutional buildings and facilities", None, "grid", "I.2.2"),
    ("Waste", "Wastewater treatment and discharge", "Scope 1", None, "III.4.1"),
    ("IPPU", "Industrial processes", None, None, "IV.1"),
    ("Stationary Energy", "Residential buildings", "Indirect emissions", None, "I.1.2"),
    ("Generation of grid-supplied energy", "CHP generation", "Direct emissions", None, "I.4.4"),
])
def test_place(sector, sub, scope, kind, ref):
    assert place(sector, sub, scope, kind)[0] == ref


def test_place_refuses_what_it_cannot_tell():
    assert place("Stationary Energy", "Residential buildings", None, None)[0] is None
    assert place("Something", "Else", 1, None)[0] is None


def test_python_api(small, imported):
    assert gpc.import_ecrf(small).city == imported.city
    data = imported.activity_data()
    assert len(data.tables["activity"]) == len(imported.activity) == 14
    assert data.settings.gwp == "AR5" and int(data.settings.year) == 2022
    st = imported.rows.set_index("row")["status"]
    assert st[2] == "activity" and st[4] == "direct" and st[10] == "notation key"
