"""The GCoM eCRF export: the shipped layout against the GCoM template (cell by cell, with the four known
placeholder mistakes and the waste scopes corrected), and a round trip with hand-computed numbers."""

from __future__ import annotations

import re

import pytest

from gpc import taxonomy
from gpc.reports import ecrf

from .conftest import BY_REF, I11, TEMPLATE

needs_template = pytest.mark.skipif(not TEMPLATE.exists(), reason="../shared/reference not available")


def _cells():
    return {(c.sheet, c.cell): c for c in ecrf.layout()}


# ---------------------------------------------------------------------------------- the layout
def test_known_mistakes_are_fixed_in_the_layout():
    cells = _cells()
    assert cells[("eCRF_2", "B17")].gpc_refs[0] == "III.1.1"
    assert cells[("eCRF_2", "B22")].gpc_refs == ("IV.1",)
    assert cells[("eCRF_2", "B23")].gpc_refs == ("IV.2",)
    assert cells[("eCRF_2", "D15")].gpc_refs == ("II.5.2",)
    for c in ("B17", "B22", "B23", "D15"):
        assert cells[("eCRF_2", c)].quantity == "co2e"


def test_waste_rows_sit_in_the_column_of_their_scope():
    cells = _cells()
    for r, x in ((17, 1), (18, 2), (19, 3), (20, 4)):
        # III.x.2 (scope 3) under "outside the city boundary", III.x.3 (scope 1) with the direct emissions
        assert cells[("eCRF_2", f"F{r}")].gpc_refs == (f"III.{x}.2",)
        assert cells[("eCRF_2", f"G{r}")].gpc_refs == (f"III.{x}.2",)
        assert set(cells[("eCRF_2", f"B{r}")].gpc_refs) == {f"III.{x}.1", f"III.{x}.3"}
        assert ("eCRF_2", f"D{r}") not in cells and ("eCRF_2", f"E{r}") not in cells   # waste has no scope 2


def test_every_emissions_cell_of_ecrf2_holds_rows_of_its_scope():
    t = taxonomy.table()
    scope_of_column = {"B": 1, "D": 2, "F": 3}
    n = 0
    for c in ecrf.layout():
        if c.sheet == "eCRF_2" and c.kind == "value" and c.quantity == "co2e":
            want = scope_of_column[c.cell[0]]
            for ref in c.gpc_refs:
                if ref in t.index:          # the template names II.5.3, which GPC 1.1 does not have
                    assert int(t.loc[ref, "scope"]) == want, (c.cell, ref)
                    n += 1
    assert n > 60


def test_ecrf3_rows_take_their_own_gpc_row():
    for c in ecrf.layout():
        if c.sheet == "eCRF_3" and c.kind == "value":
            row = int(re.sub(r"^[A-Z]+", "", c.cell))
            b = next(x for x in ecrf.layout() if x.sheet == "eCRF_3" and x.cell == f"B{row}")
            assert c.gpc_refs == (b.text,), c.cell


@needs_template
def test_layout_is_derived_from_the_template():
    derived = ecrf.layout_from_template(TEMPLATE)
    assert list(derived) == list(ecrf.layout())


@needs_template
def test_layout_matches_the_template_cell_by_cell():
    import openpyxl

    wb = openpyxl.load_workbook(TEMPLATE)
    cells = _cells()
    placeholder = re.compile(r"^\{\{(.*)\}\}$")
    checked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                key = (ws.title, c.coordinate)
                text = str(c.value)
                m = placeholder.match(text)
                if key in ecrf.FIXES:
                    continue
                if not m:
                    if text == "Please select":
                        assert cells[key].kind == "setting"
                    elif key in cells and cells[key].kind == "label":
                        assert cells[key].text == text, key
                    else:   # a fixed text gpc replaces with what the inventory has (VI.1 on eCRF_3, I.4.4 rows)
                        assert key in cells, key
                    checked += 1
                    continue
                name = m.group(1)
                ref = re.match(r"^([IVX]+\.\d+(?:\.\d+)?)_(total|notation-key)$", name)
                if ref:
                    assert ref.group(1) in cells[key].gpc_refs, (key, name)
                    assert cells[key].quantity == ("co2e" if ref.group(2) == "total" else "notation_key")
                elif ws.title == "eCRF_3":
                    b = ws.cell(c.row, 2).value
                    if b and c.row not in (15, 16):       # the 2nd and 3rd I.4.4 rows say IE
                        assert cells[key].gpc_refs == (b,), key
                else:
                    assert key in cells, (key, name)
                checked += 1
    assert checked > 1000


@needs_template
def test_the_template_really_has_the_mistakes():
    import openpyxl

    ws = openpyxl.load_workbook(TEMPLATE)["eCRF_2"]
    assert ws["B17"].value == "{{|II.1.1_total}}"
    assert ws["B22"].value == "{{|V.1_total}}"
    assert ws["B23"].value == "{{IV.1_total}}"
    assert ws["D15"].value == "{{II.4.2_total}}"
    assert ws["D17"].value == "{{III.1.2_total}}" and ws["F17"].value == "{{III.1.3_total}}"


# ---------------------------------------------------------------------------------- round trip
def test_round_trip_numbers(small_inv, tmp_path):
    out = small_inv.to_ecrf(tmp_path / "crf.xlsx")
    back = ecrf.read_ecrf(out)
    rows = back["rows"].set_index("gpc_ref")
    for ref, value in BY_REF.items():
        assert rows.loc[ref, "co2e"] == pytest.approx(value), ref
    assert rows.loc["I.1.1", "co2e:CO2"] == pytest.approx(5_610)
    assert rows.loc["I.1.1", "co2e:CH4"] == pytest.approx(14)
    assert rows.loc["I.1.1", "co2e:N2O"] == pytest.approx(2.65)
    assert rows.loc["III.1.3", "co2e:CH4"] == pytest.approx(280)
    assert rows.loc["I.7.1", "notation_key"] == "NO"
    cells = back["cells"]
    e2 = {k[1]: v for k, v in cells.items() if k[0] == "eCRF_2"}
    assert e2["B4"] == pytest.approx(I11)
    assert e2["D4"] == pytest.approx(500)
    assert e2["B11"] == pytest.approx(200) and e2["F11"] == pytest.approx(30)
    assert e2["B17"] == pytest.approx(280)          # III.1.1 (none) + III.1.3
    assert e2["F17"] == pytest.approx(140)          # III.1.2
    assert "D17" not in e2
    assert e2["C9"] == "NO/NE"                      # fugitive: I.7.1 NO, I.8.1 NE
    assert e2["B22"] == pytest.approx(300) and e2["B24"] == pytest.approx(300)
    assert e2["B10"] == pytest.approx(I11) and e2["D10"] == pytest.approx(500)
    assert e2["B16"] == pytest.approx(200) and e2["F16"] == pytest.approx(30)
    assert e2["B21"] == pytest.approx(280) and e2["F21"] == pytest.approx(140)
    assert e2["B33"] == pytest.approx(1_000)        # I.4.4
    assert e2["B34"] == pytest.approx(I11 + 200 + 280 + 300)
    assert e2["D34"] == pytest.approx(500)
    assert e2["F34"] == pytest.approx(170)
    e1 = {k[1]: v for k, v in cells.items() if k[0] == "eCRF_1"}
    assert e1["C2"] == "Testville <b>" and e1["C7"] == 2023 and e1["C12"] == 1000
    assert e1["C1"] == "BASIC"                      # not every BASIC+ row is reported
    assert e1["C20"] == "IPCC AR5 (100-year)"
    e3 = {k[1]: v for k, v in cells.items() if k[0] == "eCRF_3"}
    assert e3["A2"] == 2023 and e3["B2"] == "I.1.1"
    assert e3["F2"] == "natural_gas" and e3["H2"] == 100 and e3["I2"] == "TJ"
    assert e3["N2"] == 56_100 and e3["O2"] == 5 and e3["P2"] == pytest.approx(0.1) and e3["M2"] == "kg/TJ"
    assert e3["L2"] == "H" and e3["X2"] == "L"
    assert e3["G15"] == "IE" and e3["G16"] == "IE"


def test_no_partial_file_on_error(small_inv, tmp_path, monkeypatch):
    def boom(self, c):
        raise RuntimeError("boom")

    monkeypatch.setattr(ecrf._Values, "value", boom)
    with pytest.raises(RuntimeError):
        small_inv.to_ecrf(tmp_path / "crf.xlsx")
    assert list(tmp_path.iterdir()) == []
