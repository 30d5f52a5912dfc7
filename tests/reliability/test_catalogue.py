"""The catalogue of bad input: one test per kind of problem (ids as in docs/errors.md).

Every case builds a real file in tmp_path and checks that the problem is reported where the user finds it
(sheet, row as Excel shows it, column) with a message that says what to do — or, for input gpc accepts
(full-width digits, trailing spaces, a title row …), that it is read correctly.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

import gpc
from gpc.errors import InputError

from .rel_helpers import (
    CITY,
    GOOD,
    HEADER,
    activity_book,
    find,
    openpyxl_book,
    patch_zip,
    problems_of,
    row,
    set_cell_xml,
    sheet_part,
)

CASES: dict[str, tuple[str, Callable[[Path], None]]] = {}


def case(cid: str, title: str):  # type: ignore[no-untyped-def]
    def register(fn: Callable[[Path], None]) -> Callable[[Path], None]:
        assert cid not in CASES, cid
        CASES[cid] = (title, fn)
        return fn

    return register


def total(path: Path, **kw) -> float:  # type: ignore[no-untyped-def]
    return float(gpc.calculate(path, **kw).total("territorial"))


def only_good(tmp: Path) -> float:
    return total(activity_book(tmp / "good.xlsx", []))


# ============================================================================ F: the file itself
@case("F01", "file not found")
def _(tmp: Path) -> None:
    find(problems_of(tmp / "nothere.xlsx"), sheet="nothere.xlsx", text="file not found")


@case("F02", "a folder instead of a file")
def _(tmp: Path) -> None:
    (tmp / "dir.xlsx").mkdir()
    find(problems_of(tmp / "dir.xlsx"), text="folder")


@case("F03", "a file type gpc does not read (.docx, .numbers …)")
def _(tmp: Path) -> None:
    p = tmp / "city.docx"
    p.write_bytes(b"PK\x03\x04 not really")
    find(problems_of(p), sheet="city.docx", text="save the workbook as .xlsx")


@case("F04", "an empty file (0 bytes)")
def _(tmp: Path) -> None:
    p = tmp / "empty.xlsx"
    p.write_bytes(b"")
    find(problems_of(p), text="empty (0 bytes)")


@case("F05", "a text (CSV) file saved with the .xlsx extension")
def _(tmp: Path) -> None:
    p = tmp / "text.xlsx"
    p.write_text("gpc_ref,activity,amount,unit\nI.1.1,natural_gas,1,GJ\n")
    find(problems_of(p), text="looks like a text (CSV) file")


@case("F06", "a password-protected (encrypted) workbook")
def _(tmp: Path) -> None:
    p = tmp / "secret.xlsx"  # an encrypted Office file is an OLE container holding "EncryptedPackage"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64)
    find(problems_of(p), text="password-protected")


@case("F07", "an old .xls workbook saved with the .xlsx extension")
def _(tmp: Path) -> None:
    p = tmp / "old.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024 + "Workbook".encode("utf-16-le"))
    find(problems_of(p), text="rename it to .xls")


@case("F08", "an .xls that is really a web page (HTML export)")
def _(tmp: Path) -> None:
    p = tmp / "export.xls"
    p.write_text("<html><body><table><tr><td>gpc_ref</td></tr></table></body></html>")
    find(problems_of(p), text="web page")


@case("F09", "an .xls that is really an .xlsx workbook")
def _(tmp: Path) -> None:
    src = activity_book(tmp / "a.xlsx", [])
    p = tmp / "renamed.xls"
    p.write_bytes(src.read_bytes())
    find(problems_of(p), text="rename it to .xlsx")


@case("F10", "a damaged .xls (legacy binary) workbook")
def _(tmp: Path) -> None:
    p = tmp / "broken.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 2000)
    find(problems_of(p), text="could not be read")


@case("F11", ".xlsm workbook: read, its macros never run (warning)")
def _(tmp: Path) -> None:
    src = activity_book(tmp / "a.xlsx", [])
    p = patch_zip(src, tmp / "macro.xlsm", {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not run"})
    inv = gpc.calculate(p)
    assert float(inv.total("territorial")) == pytest.approx(only_good(tmp))
    find(inv.warnings, text="macros", severity="warning")


@case("F12", ".ods (OpenDocument) workbook: read")
def _(tmp: Path) -> None:
    p = _ods(tmp / "city.ods", {"city": [list(r) for r in CITY], "activity": [HEADER[:4], GOOD]})
    assert total(p) == pytest.approx(only_good(tmp))


@case("F13", ".csv table of activity rows: read (city settings given in the call)")
def _(tmp: Path) -> None:
    p = tmp / "rows.csv"
    p.write_text("gpc_ref,activity,amount,unit\nI.1.1,natural_gas,1000,GJ\n", encoding="utf-8")
    assert total(p, city={"year": 2023}) == pytest.approx(only_good(tmp))


@case("F14", "a workbook with no data at all")
def _(tmp: Path) -> None:
    p = openpyxl_book(tmp / "blank.xlsx", {"Sheet1": []})
    ps = problems_of(p)
    find(ps, sheet="city", text="no 'city' sheet")
    find(ps, text="no data sheet")


@case("F15", "a workbook without the city sheet")
def _(tmp: Path) -> None:
    p = openpyxl_book(tmp / "nocity.xlsx", {"activity": [HEADER[:4], GOOD]})
    find(problems_of(p), sheet="city", text="no 'city' sheet")


@case("F16", "an empty sheet (warning) and an unknown sheet (warning)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [], notes=[["anything"]], solid_waste=[])
    inv = gpc.calculate(p)
    find(inv.warnings, sheet="notes", text="not a gpc sheet", severity="warning")


@case("F17", "two sheets for the same table (activity and 活动)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [], **{"活动": [HEADER[:4], GOOD]})
    find(problems_of(p), sheet="活动", text="a second 'activity' sheet")


# ============================================================================ Y: city sheet
@case("Y01", "city sheet without the inventory year")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [], city=[("field", "value"), ("name", "X")])
    find(problems_of(p), sheet="city", column="year", text="year is missing")


@case("Y02", "inventory year that is not a year")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [], city=[("field", "value"), ("year", "twenty-three")])
    find(problems_of(p), sheet="city", row=2, column="value", text="not a year")


@case("Y03", "unknown GWP set")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [], city=[*CITY, ("gwp", "AR9")])
    find(problems_of(p), sheet="city", text="must be one of SAR, AR4, AR5, AR6")


@case("Y04", "unknown factor set")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [], city=[*CITY, ("factors", "atlantis")])
    find(problems_of(p), sheet="city", row=len(CITY) + 1, column="value", text="atlantis")


@case("Y05", "a fraction given in percent (td_loss_rate 5)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [], city=[*CITY, ("td_loss_rate", 5)])
    find(problems_of(p), sheet="city", row=len(CITY) + 1, column="value", text="fraction between 0 and 1")


@case("Y06", "unknown city field (warning)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [], city=[*CITY, ("mayor", "Someone")])
    find(gpc.calculate(p).warnings, sheet="city", row=len(CITY) + 1, column="field", text="unknown city field")


# ============================================================================ S: sheets and columns
@case("S01", "a required column is missing")
def _(tmp: Path) -> None:
    p = openpyxl_book(tmp / "a.xlsx", {"city": CITY, "activity": [["activity", "amount", "unit"],
                                                                  ["natural_gas", 1, "GJ"]]})
    find(problems_of(p), sheet="activity", row=1, column="gpc_ref", text="required column 'gpc_ref' is missing")


@case("S02", "the same column twice")
def _(tmp: Path) -> None:
    p = openpyxl_book(tmp / "a.xlsx", {"city": CITY, "activity": [["gpc_ref", "activity", "amount", "unit", "Amount"],
                                                                  GOOD + [2]]})
    find(problems_of(p), sheet="activity", row=1, column="Amount", text="appears twice")


@case("S03", "a value under no header")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [["I.1.1", "natural_gas", 5, "GJ"] + [None] * 12 + ["stray"]])
    find(problems_of(p), sheet="activity", row=3, column="column 17", text="stands under no header")


@case("S04", "a title row above the header (accepted, warning)")
def _(tmp: Path) -> None:
    p = openpyxl_book(tmp / "a.xlsx", {"city": CITY, "activity": [["Energy use 2023"], [], HEADER[:4], GOOD]})
    inv = gpc.calculate(p)
    assert float(inv.total("territorial")) == pytest.approx(only_good(tmp))
    assert set(inv.emissions["row"]) == {4}
    find(inv.warnings, sheet="activity", text="above the header")


@case("S05", "merged header cells")
def _(tmp: Path) -> None:
    def merge(wb):  # type: ignore[no-untyped-def]
        wb["activity"].merge_cells("D1:E1")

    p = openpyxl_book(tmp / "a.xlsx", {"city": CITY, "activity": [["gpc_ref", "activity", "amount", "unit", "gas"],
                                                                  GOOD]}, merge)
    find(problems_of(p), sheet="activity", row=1, text="header cells D1:E1 are merged")


@case("S06", "merged cells in the data (one gpc_ref for several rows)")
def _(tmp: Path) -> None:
    def merge(wb):  # type: ignore[no-untyped-def]
        wb["activity"].merge_cells("A3:A4")

    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", 5, "GJ"), row(None, "lpg", 6, "GJ")], edit=merge)
    ps = problems_of(p)
    find(ps, sheet="activity", row=4, column="gpc_ref", text="cells A3:A4 are merged")
    assert not [q for q in ps if q.row == 4 and "required" in q.message]


@case("S07", "a sheet with rows past Excel's last row (1,048,576)")
def _(tmp: Path) -> None:
    src = activity_book(tmp / "a.xlsx", [])
    part = sheet_part(src)
    p = patch_zip(src, tmp / "past.xlsx", {part: lambda b: b.replace(
        b"</sheetData>", b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>I.1.1</t></is></c></row></sheetData>')})
    find(problems_of(p), text="past Excel's last row")


@case("S08", "a stray value far from the table (a used area of billions of cells)")
def _(tmp: Path) -> None:
    def far(wb):  # type: ignore[no-untyped-def]
        wb["activity"]["XFD1048576"] = "x"

    p = activity_book(tmp / "a.xlsx", [], edit=far)
    ps = problems_of(p)
    assert "XFD1048576" in str(ps[0]) and "delete it" in str(ps[0])


# ============================================================================ C: cells
@case("C01", "unknown gpc_ref (the closest is named)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.9", "lpg", 5, "GJ")])
    q = find(problems_of(p), sheet="activity", row=3, column="gpc_ref", text="not a GPC reference number")
    assert "did you mean" in q.message


@case("C02", "unknown activity (the closest is named)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "natral_gas", 5, "GJ")])
    find(problems_of(p), sheet="activity", row=3, column="activity", text="did you mean 'natural_gas'")


@case("C03", "unknown unit (the closest is named)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", 5, "GJJ"), row("I.1.1", "lpg", 5, "gj")])
    ps = problems_of(p)
    find(ps, sheet="activity", row=3, column="unit", text="did you mean 'GJ'")
    find(ps, sheet="activity", row=4, column="unit", text="did you mean 'GJ'")


@case("C04", "electricity in a mass unit (t)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.2", "grid_electricity", 5, "t")])
    find(problems_of(p), sheet="activity", row=3, column="unit", text="energy")


@case("C05", "a direct entry in an energy unit")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "direct", 5, "MWh", gas="CO2")])
    find(problems_of(p), sheet="activity", row=3, column="unit", text="mass")


@case("C06", "a fuel in a unit of area")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", 5, "m2")])
    find(problems_of(p), sheet="activity", row=3, column="unit")


@case("C07", "unknown gas (the closest is named)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "direct", 5, "t", gas="C02")])
    find(problems_of(p), sheet="activity", row=3, column="gas", text="did you mean 'CO2'")


@case("C08", "a direct entry without its gas")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "direct", 5, "t")])
    find(problems_of(p), sheet="activity", row=3, column="gas", text="gas")


@case("C09", "a negative amount")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", -5, "GJ")])
    find(problems_of(p), sheet="activity", row=3, column="amount", text="negative")


@case("C10", "text in a number cell")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", "about 5", "GJ"), row("I.1.1", "lpg", "5 GJ", "GJ")])
    ps = problems_of(p)
    find(ps, sheet="activity", row=3, column="amount", text="not a number")
    find(ps, sheet="activity", row=4, column="amount", text="not a number")


@case("C11", "NaN in a number cell (written by a program)")
def _(tmp: Path) -> None:
    src = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", 5, "GJ")])
    p = set_cell_xml(src, tmp / "nan.xlsx", "C3", '<c r="C3"><v>NaN</v></c>')
    find(problems_of(p), sheet="activity", row=3, column="amount", text="not a finite number")


@case("C12", "an infinite number")
def _(tmp: Path) -> None:
    src = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", 5, "GJ"), row("I.1.1", "lpg", "1e999", "GJ")])
    p = set_cell_xml(src, tmp / "inf.xlsx", "C3", '<c r="C3"><v>inf</v></c>')
    ps = problems_of(p)
    find(ps, sheet="activity", row=3, column="amount", text="not a finite number")
    find(ps, sheet="activity", row=4, column="amount", text="not a finite number")


@case("C13", "TRUE/FALSE in a number cell")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", True, "GJ")])
    find(problems_of(p), sheet="activity", row=3, column="amount", text="TRUE/FALSE")


@case("C14", "a date in a number cell")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", dt.date(2023, 5, 1), "GJ")])
    find(problems_of(p), sheet="activity", row=3, column="amount", text="date")


@case("C15", "a formula showing #DIV/0!")
def _(tmp: Path) -> None:
    p = _xlsxwriter_book(tmp / "e.xlsx", lambda ws: ws.write_formula(2, 2, "=1/0", None, "#DIV/0!"))
    find(problems_of(p), sheet="activity", row=3, column="amount", text="Excel error #DIV/0!")


@case("C16", "a formula showing #N/A (e.g. a failed VLOOKUP)")
def _(tmp: Path) -> None:
    p = _xlsxwriter_book(tmp / "e.xlsx", lambda ws: ws.write_formula(2, 1, '=VLOOKUP("x",Z1:Z2,1,0)', None, "#N/A"))
    find(problems_of(p), sheet="activity", row=3, column="activity", text="Excel error #N/A")


@case("C17", "an Excel error typed or pasted as text")
def _(tmp: Path) -> None:
    p = _xlsxwriter_book(tmp / "e.xlsx", lambda ws: ws.write_string(2, 2, "#VALUE!"))
    find(problems_of(p), sheet="activity", row=3, column="amount", text="Excel error #VALUE!")


@case("C18", "a formula saved without its result (openpyxl, scripts)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", "=C2*2", "GJ")])
    q = find(problems_of(p), sheet="activity", row=3, column="amount", text="no saved result")
    assert "=C2*2" in str(q)


@case("C19", "a formula whose saved result is a placeholder 0 (xlsxwriter without value)")
def _(tmp: Path) -> None:
    p = _xlsxwriter_book(tmp / "e.xlsx", lambda ws: ws.write_formula(2, 2, "=C2*2"))
    find(problems_of(p), sheet="activity", row=3, column="amount", text="no saved result")


@case("C20", "full-width digits and units (１２３, ＧＪ) are read")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("Ｉ.１.１", "natural_gas", "１０００", "ＧＪ")], good=False)
    assert total(p) == pytest.approx(only_good(tmp))


@case("C21", "spaces around values (trailing, non-breaking, ideographic) are ignored")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row(" I.1.1 ", "natural_gas\u00a0", " 1000 ", "GJ\u3000")], good=False)
    assert total(p) == pytest.approx(only_good(tmp))


@case("C22", "thousands separators and a number stored as text are read")
def _(tmp: Path) -> None:
    # "1,000" alone is refused (1.000 with a decimal comma in much of Europe, docs/workbook.md); a space
    # group or a comma group with a decimal point is unambiguous
    for text in ("1 000", "1,000.0"):
        p = activity_book(tmp / "a.xlsx", [row("I.1.1", "natural_gas", text, "GJ")], good=False)
        assert total(p) == pytest.approx(only_good(tmp))


@case("C23", "amount missing")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", None, "GJ")])
    find(problems_of(p), sheet="activity", row=3, column="amount", text="missing")


@case("C24", "unit missing")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", 5)])
    find(problems_of(p), sheet="activity", row=3, column="unit", text="missing")


@case("C25", "gpc_ref missing")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row(None, "lpg", 5, "GJ")])
    find(problems_of(p), sheet="activity", row=3, column="gpc_ref", text="required")


@case("C26", "activity missing")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", None, 5, "GJ")])
    find(problems_of(p), sheet="activity", row=3, column="activity", text="missing")


@case("C27", "a notation key with an amount")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.2.1", None, 5, notation_key="NO", explanation="none")])
    find(problems_of(p), sheet="activity", row=3, column="amount", text="notation key")


@case("C28", "a notation key without an explanation")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.2.1", notation_key="NE")])
    find(problems_of(p), sheet="activity", row=3, column="explanation", text="needs an explanation")


@case("C29", "IE without saying where the emissions are included")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.2.1", notation_key="IE", explanation="elsewhere")])
    find(problems_of(p), sheet="activity", row=3, column="explanation", text="must say where")


@case("C30", "an unknown notation key")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.2.1", notation_key="NA", explanation="n/a")])
    find(problems_of(p), sheet="activity", row=3, column="notation_key", text="one of NO, IE, NE, C")


@case("C31", "own emission factor without its unit")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", 5, "GJ", ef_co2=63000)])
    find(problems_of(p), sheet="activity", row=3, column="ef_unit", text="without ef_unit")


@case("C32", "own emission factor in a unit that is not per activity")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", 5, "GJ", ef_co2=63, ef_unit="kg")])
    find(problems_of(p), sheet="activity", row=3, column="ef_unit")


@case("C33", "a calorific value without its unit")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "natural_gas", 5, "m3", ncv="38.9")])
    find(problems_of(p), sheet="activity", row=3, column="ncv", text="energy per")


@case("C34", "a value that is not one of the choices (data_quality X)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", 5, "GJ", data_quality="X")])
    find(problems_of(p), sheet="activity", row=3, column="data_quality", text="one of H, M, L")


@case("C35", "a yes/no cell that is neither (biogenic maybe)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", 5, "GJ", biogenic="maybe")])
    find(problems_of(p), sheet="activity", row=3, column="biogenic", text="yes or no")


@case("C36", "grid electricity in a scope-1 row")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "grid_electricity", 5, "MWh")])
    find(problems_of(p), sheet="activity", row=3, column="gpc_ref", text="scope-2")


@case("C37", "fuel combustion in a scope-2 row")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.2", "lpg", 5, "GJ")])
    find(problems_of(p), sheet="activity", row=3, column="gpc_ref", text="scope 1")


@case("C38", "a fuel the factor set has no factor for in that row (ef_* named)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("II.1.1", "anthracite", 5, "GJ")])
    find(problems_of(p), sheet="activity", row=3, column="ef_ch4", text="give ef_ch4")


@case("C39", "a mass of fuel the set has no calorific value for")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "other_bituminous_coal", 5, "L")])
    find(problems_of(p), sheet="activity", row=3, column="unit", text="cannot turn")


@case("C40", "the same record twice (warning)")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", 5, "GJ"), row("I.1.1", "lpg", 5, "GJ")])
    inv = gpc.calculate(p)
    find(inv.warnings, sheet="activity", row=4, text="same record as row 3", severity="warning")


@case("C41", "every problem of every row at once")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "lpg", "x", "GJ"), row("I.1.1", "lpgg", 5, "GJ"),
                                        row("I.1.1", "lpg", 5, "GJJ"), row("I.1.2", "grid_electricity", 5, "t")])
    ps = problems_of(p)
    assert {q.row for q in ps} == {3, 4, 5, 6}
    assert all(q.column for q in ps)


@case("C42", "a calorific value or density of 0 or below")
def _(tmp: Path) -> None:
    p = activity_book(tmp / "a.xlsx", [row("I.1.1", "natural_gas", 5, "m3", ncv="0 MJ/m3"),
                                        row("I.1.1", "natural_gas", 5, "m3", ncv="-38 MJ/m3")])
    ps = problems_of(p)
    find(ps, sheet="activity", row=3, column="ncv", text="cannot be 0")
    find(ps, sheet="activity", row=4, column="ncv", text="cannot be negative")


@case("C45", "a formula whose saved result is the empty string (=IF(…,\"\",…)) reads as an empty cell")
def _(tmp: Path) -> None:
    src = activity_book(tmp / "a.xlsx", [row("I.1.1", "natural_gas", 1000, "GJ", source="x")], good=False)
    p = set_cell_xml(src, tmp / "s.xlsx", "M2", '<c r="M2" t="str"><f>IF(A1="","",A1)</f><v></v></c>')
    assert total(p) == pytest.approx(only_good(tmp))


def test_C43_negative_own_emission_factor(tmp_path: Path) -> None:
    """C43: a negative own emission factor."""
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", 5, "GJ", ef_co2=-5, ef_unit="kg/GJ")])
    find(problems_of(p), sheet="activity", row=3, column="ef_co2", text="negative")


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_C44_a_result_that_is_not_finite(tmp_path: Path) -> None:
    """C44: amounts and factors so large that the emissions overflow to infinity."""
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", 5, "GJ", ef_co2=1e308, ef_unit="t/GJ")])
    find(problems_of(p), sheet="activity", row=3, text="finite")


# ============================================================================ W: waste sheets
SW_HEAD = ["gpc_ref", "site", "year", "amount", "unit", "method", "site_type", "food", "garden", "paper", "wood",
           "textiles", "nappies", "rubber_leather", "plastics", "metal", "glass", "other_inert"]
COMP = [0.4, 0.05, 0.15, 0.05, 0.03, 0.02, 0.01, 0.12, 0.03, 0.04, 0.1]


def _waste_book(tmp: Path, rows: list[list]) -> Path:  # type: ignore[type-arg]
    pytest.importorskip("gpc.sectors.waste")
    return openpyxl_book(tmp / "w.xlsx", {"city": CITY, "solid_waste": [SW_HEAD, *rows]})


def _fod(year: int, amount: float = 1000, comp: list[float] = COMP, site: str = "A") -> list:  # type: ignore[type-arg]
    return ["III.1.1", site, year, amount, "t", "fod", "managed_anaerobic", *comp]


@case("W01", "waste composition fractions that do not sum to 1")
def _(tmp: Path) -> None:
    bad = [*COMP[:-1], 0.3]
    p = _waste_book(tmp, [_fod(2022), _fod(2023, comp=bad)])
    find(problems_of(p), sheet="solid_waste", row=3, text="do not sum to 1")


@case("W02", "waste composition given in percent")
def _(tmp: Path) -> None:
    p = _waste_book(tmp, [_fod(2022, comp=[x * 100 for x in COMP])])
    find(problems_of(p), sheet="solid_waste", row=2)


@case("W03", "waste disposed of after the inventory year (outside the history)")
def _(tmp: Path) -> None:
    p = _waste_book(tmp, [_fod(2022), _fod(2025)])
    find(problems_of(p), sheet="solid_waste", row=3, column="year", text="after the inventory year")


@case("W04", "a year that is not a year")
def _(tmp: Path) -> None:
    p = _waste_book(tmp, [_fod(2022), _fod(1492)])
    find(problems_of(p), sheet="solid_waste", row=3, column="year", text="not a year")


@case("W05", "first order decay without a climate zone")
def _(tmp: Path) -> None:
    pytest.importorskip("gpc.sectors.waste")
    p = openpyxl_book(tmp / "w.xlsx", {"city": [r for r in CITY if r[0] != "climate_zone"],
                                       "solid_waste": [SW_HEAD, _fod(2022)]})
    find(problems_of(p), sheet="city", column="climate_zone", text="climate_zone")


def test_W06_fod_history_with_a_gap(tmp_path: Path) -> None:
    """W06: a first-order-decay disposal history with a missing year (2019, 2020, 2022: 2021 missing)."""
    p = _waste_book(tmp_path, [_fod(2019), _fod(2020), _fod(2022), _fod(2023)])
    try:  # an error or a warning: either names the missing year
        problems = gpc.calculate(p).warnings
    except InputError as err:
        problems = err.problems
    find(problems, sheet="solid_waste", column="year", text="2021")


# ============================================================================ T: CSV and other tables
@case("T01", "a CSV file that is not UTF-8 (GBK from Chinese Excel): read, with a warning")
def _(tmp: Path) -> None:
    p = tmp / "gbk.csv"
    p.write_bytes("gpc_ref,activity,amount,unit,source\nI.1.1,natural_gas,1000,GJ,统计局\n".encode("gb18030"))
    inv = gpc.calculate(p, city={"year": 2023})
    assert float(inv.total("territorial")) == pytest.approx(only_good(tmp))
    find(inv.warnings, text="GB18030")


@case("T02", "a CSV line with too many cells")
def _(tmp: Path) -> None:
    p = tmp / "ragged.csv"
    p.write_text("gpc_ref,activity,amount,unit\nI.1.1,natural_gas,1,000,GJ\n")
    find(problems_of(p, city={"year": 2023}), sheet="ragged.csv", row=2, column="column 5", text="in quotes")


@case("T03", "an empty CSV file")
def _(tmp: Path) -> None:
    p = tmp / "empty.csv"
    p.write_text("\n")
    find(problems_of(p, city={"year": 2023}), text="empty")


@case("T04", "a CSV without a required column; a semicolon-separated CSV is read")
def _(tmp: Path) -> None:
    p = tmp / "nocol.csv"
    p.write_text("activity,amount,unit\nnatural_gas,1,GJ\n")
    find(problems_of(p, city={"year": 2023}), row=1, column="gpc_ref", text="missing")
    q = tmp / "semi.csv"
    q.write_text("gpc_ref;activity;amount;unit\nI.1.1;natural_gas;1000;GJ\n")
    assert total(q, city={"year": 2023}) == pytest.approx(only_good(tmp))


@case("T05", "a workbook saved with the .csv extension")
def _(tmp: Path) -> None:
    src = activity_book(tmp / "a.xlsx", [])
    p = tmp / "book.csv"
    p.write_bytes(src.read_bytes())
    find(problems_of(p, city={"year": 2023}), text="rename it to .xlsx")


@case("T06", "a CSV cell problem is located by its line (the header is row 1)")
def _(tmp: Path) -> None:
    p = tmp / "bad.csv"
    p.write_text("gpc_ref,activity,amount,unit\nI.1.1,natural_gas,1000,GJ\nI.1.1,natural_gas,lots,GJ\n")
    find(problems_of(p, city={"year": 2023}), sheet="bad.csv", row=3, column="amount", text="not a number")


@case("T07", "a DataFrame of rows: NaN is a blank cell, problems name the row")
def _(tmp: Path) -> None:
    df = pd.DataFrame([{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": float("nan"), "unit": "GJ"}])
    find(problems_of(df, city={"year": 2023}), sheet="activity", row=2, column="amount", text="missing")


# ============================================================================ helpers
def _xlsxwriter_book(path: Path, write: Callable) -> Path:  # type: ignore[type-arg]
    """A workbook written by xlsxwriter: city, activity (header, GOOD, then a row of lpg 5 GJ that
    ``write(ws)`` changes)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    c = wb.add_worksheet("city")
    for i, r in enumerate(CITY):
        c.write_row(i, 0, r)
    a = wb.add_worksheet("activity")
    a.write_row(0, 0, HEADER[:4])
    a.write_row(1, 0, GOOD)
    a.write_row(2, 0, ["I.1.1", "lpg", 5, "GJ"])
    write(a)
    wb.close()
    return path


def _ods(path: Path, sheets: dict[str, list[list]]) -> Path:  # type: ignore[type-arg]
    """A minimal OpenDocument spreadsheet written by hand."""
    def cell(v) -> str:  # type: ignore[no-untyped-def]
        if isinstance(v, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'

    tables = "".join(
        f'<table:table table:name="{name}">' + "".join(
            "<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows) + "</table:table>"
        for name, rows in sheets.items())
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


# ============================================================================ the tests
@pytest.mark.parametrize("cid", sorted(CASES))
def test_catalogue(cid: str, tmp_path: Path) -> None:
    CASES[cid][1](tmp_path)


def test_catalogue_is_large_and_documented() -> None:
    """At least 40 kinds of bad input, each listed in docs/errors.md under its id."""
    ids = set(CASES) | {"W06", "C43", "C44"}
    from .test_hostile import HOSTILE

    ids |= set(HOSTILE)
    assert len(ids) >= 40
    doc = (Path(__file__).resolve().parents[2] / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\|\s*([A-Z]\d\d)\s*\|", doc, re.M))
    assert ids <= documented, sorted(ids - documented)


def test_every_error_names_its_row_and_column(tmp_path: Path) -> None:
    """A workbook of many bad rows: every error on a row names the column, and every bad row is named."""
    bad = [row("I.9.9", "lpg", 5, "GJ"), row("I.1.1", "lpgg", 5, "GJ"), row("I.1.1", "lpg", 5, "GJJ"),
           row("I.1.2", "grid_electricity", 5, "t"), row("I.1.1", "lpg", -1, "GJ"), row("I.1.1", "lpg", "x", "GJ"),
           row("I.2.1", None, 5, notation_key="NO", explanation="x"), row("I.2.1", notation_key="NE"),
           row("I.2.1", notation_key="IE", explanation="elsewhere"), row("I.1.1", "direct", 5, "t", gas="XYZ"),
           row("I.1.1", "lpg", dt.datetime(2023, 1, 1), "GJ"), row("I.1.1", "direct", 5, "MWh", gas="CO2"),
           row("I.1.1", "lpg", 5, "GJ", notation_key="XX"), row("I.1.1", "lpg", 5, "GJ", ef_co2=5),
           row("I.1.1", "lpg", None, "GJ"), row("I.1.1", "lpg", True, "GJ"), row("I.1.1", "lpg", 5)]
    p = activity_book(tmp_path / "bad.xlsx", bad)
    with pytest.raises(InputError) as info:
        gpc.read_activity(p)  # the reader alone reports the cells it cannot type …
    assert all(q.row and q.column for q in info.value.problems)
    ps = problems_of(p)  # … and calculate reports every row
    assert {q.row for q in ps} == set(range(3, 3 + len(bad)))
    for q in ps:
        assert q.sheet == "activity" and q.column and q.severity == "error", q
        assert str(q).startswith(f"activity, row {q.row}, column '{q.column}'")
        assert "\n" not in str(q)


def test_input_error_is_a_value_error_listing_every_problem(tmp_path: Path) -> None:
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "lpg", "x", "GJ"), row("I.1.1", "lpg", "y", "GJ")])
    with pytest.raises(ValueError) as info:
        gpc.calculate(p)
    err = info.value
    assert isinstance(err, gpc.InputError)
    lines = str(err).splitlines()
    assert lines[0].startswith("2 problems") and len(lines) == 3
