"""Every number and unit is used as typed, or refused with sheet, row and column (issue #12, part A).

The rule (docs/workbook.md, *Numbers typed as text*; docs/units.md, *Refused on purpose*): a point is the
decimal mark; thousands may be grouped in threes with spaces (any space) or with commas when the commas
cannot be decimal commas; everything else that could change a value is refused, never dropped. Unit cells
hold a unit only; quantity cells (ncv, density, grid_factor …) a number and its unit.

Each case is a real xlsx workbook read by ``gpc.read_activity`` / ``gpc.calculate``; the CLI and CSV paths
are checked on a sample. Accepted values are compared with the exact decimal typed (its nearest float64).
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gpc
from gpc.errors import InputError
from gpc.io.columns import type_column
from gpc.io.sheets import CellError, coerce, sheet_spec

from .rel_helpers import CITY, activity_book, find, problems_of, row

EF = 56.1  # kg CO2 per GJ, given in the row (ef_co2, ef_unit) so the expected emissions are hand-computed


def _amounts(path: Path) -> dict[int, float]:
    """Row → amount as it reaches the audit trail (``inv.emissions``)."""
    e = gpc.calculate(path).emissions
    return {int(r): float(a) for r, a in zip(e["row"], e["amount"])}


def _refused(path: Path, *, sheet: str = "activity", row: int = 3, column: str, text: str = "") -> None:
    """``gpc.calculate`` and ``gpc.read_activity`` both refuse, with a problem at (sheet, row, column)."""
    find(problems_of(path), sheet=sheet, row=row, column=column, text=text)
    with pytest.raises(InputError) as info:
        gpc.read_activity(path)
    find(info.value.problems, sheet=sheet, row=row, column=column, text=text)


# ============================================================================ amounts read exactly
ACCEPTED = [
    ("1234.5", "1234.5"),
    ("1,234,567", "1234567"),
    ("1,234,567.25", "1234567.25"),
    ("1,234.5", "1234.5"),            # a decimal point after the group: the comma can only be a thousands comma
    ("12 345", "12345"),
    ("12\u00a0345", "12345"),         # no-break space
    ("12\u2009345", "12345"),         # thin space
    ("12\u202f345", "12345"),         # narrow no-break space (French typesetting)
    ("12\u3000345", "12345"),         # ideographic space
    ("1 234 567.125", "1234567.125"),
    ("１２３４.５", "1234.5"),        # full-width digits and point (Chinese input method)
    ("１，２３４，５６７", "1234567"),  # full-width commas, two groups
    ("12万", "120000"),
    ("1.5亿", "150000000"),
    ("2万亿", "2000000000000"),
    ("1.1万", "11000"),               # 1.1 × 10⁴ exactly (1.1 * 1e4 in floats would be 11000.000000000002)
    ("0.07", "0.07"),
    ("1e3", "1000"),
    ("2.5E-1", "0.25"),
    ("\u22125", "-5"),                 # U+2212 MINUS SIGN is a minus (refused later only because negative)
    ("  42  ", "42"),
    (".5", "0.5"),
]


@pytest.mark.parametrize("text, value", [a for a in ACCEPTED if not a[1].startswith("-")])
def test_accepted_amount_reaches_the_audit_trail_exactly(tmp_path: Path, text: str, value: str) -> None:
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", text, "GJ", ef_co2=EF, ef_unit="kg/GJ")])
    inv = gpc.calculate(p)
    e = inv.emissions
    rec = e[(e["row"] == 3) & (e["gas"] == "CO2")]
    assert len(rec) == 1
    assert float(rec["amount"].iloc[0]) == float(Decimal(value))
    # emissions = amount [GJ] × 56.1 kg/GJ ÷ 1000 kg/t
    assert float(rec["emissions_t"].iloc[0]) == pytest.approx(float(Decimal(value)) * 56.1 / 1000, rel=1e-12)


def test_minus_sign_is_a_minus(tmp_path: Path) -> None:
    """'−5' (U+2212) is -5: refused as a negative amount on an energy row, not read as 5."""
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", "\u22125", "GJ")])
    assert gpc.read_activity(p, strict=False).tables["activity"]["amount"].tolist() == [1000.0, -5.0]
    find(problems_of(p), sheet="activity", row=3, column="amount", text="negative")


def test_hand_computed_grouped_amount(tmp_path: Path) -> None:
    """'1 234 567.5' GJ of natural gas at 56.1 kg CO2/GJ: 1 234 567.5 × 56.1 = 69 259 236.75 kg = 69 259.23675 t."""
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", "1\u00a0234\u00a0567.5", "GJ",
                                                ef_co2=EF, ef_unit="kg/GJ")], good=False)
    e = gpc.calculate(p).emissions
    co2 = e[e["gas"] == "CO2"]
    assert co2["amount"].tolist() == [1234567.5]
    assert float(co2["emissions_t"].iloc[0]) == pytest.approx(69259.23675, rel=1e-12)


# ============================================================================ numbers refused, located
REFUSED_NUMBERS = [
    ("12,5", "decimal comma"),
    ("1.000,5", "write 1000.5"),
    ("1 000,5", "write 1000.5"),
    ("12 345,67", "write 12345.67"),
    ("0,5", "write 0.5"),
    ("１２，５", "decimal comma"),          # full-width comma: the same rule
    ("1,234", "ambiguous"),                # 1234 in China/US, 1.234 in much of Europe
    ("１，２３４", "ambiguous"),
    ("1,200万", "ambiguous"),
    ("1,23", "decimal comma"),
    ("1,2345", "decimal comma"),
    ("1,2,3", "groups of three"),
    ("1,,234", "groups of three"),
    ("1.2.3", "more than one decimal point"),
    ("1.000.000", "1000000"),
    ("12 34", "groups of three"),
    ("1  234", "groups of three"),
    ("10²", "SUPERSCRIPT TWO"),
    ("5³", "SUPERSCRIPT THREE"),
    ("①", "CIRCLED DIGIT ONE"),
    ("½", "VULGAR FRACTION"),
    ("١٢", "ARABIC-INDIC DIGIT"),
    ("1\u200b234", "ZERO WIDTH SPACE"),
    ("12\u200c5", "ZERO WIDTH NON-JOINER"),
    ("12\u200d5", "ZERO WIDTH JOINER"),
    ("1\u00ad234", "SOFT HYPHEN"),
    ("\ufeff1234", "ZERO WIDTH NO-BREAK SPACE"),
    ("\u200e1234", "LEFT-TO-RIGHT MARK"),
    ("12\u200f34", "RIGHT-TO-LEFT MARK"),
    ("\u202a1234\u202c", "LEFT-TO-RIGHT EMBEDDING"),
    ("\u202e4321", "RIGHT-TO-LEFT OVERRIDE"),
    ("12\t34", "invisible"),
    ("\u20135", "minus sign"),             # en dash
    ("\u20145", "minus sign"),             # em dash
    ("\u20105", "minus sign"),             # hyphen
    ("1_000", "not a number"),
    ("0x10", "not a number"),
    ("1'234", "not a number"),
    ("(5)", "not a number"),
    ("5-", "not a number"),
    ("12万5", "not a number"),
    ("万", "not a number"),
    ("十二", "not a number"),
    ("12。5", "not a number"),             # ideographic full stop
    ("12 t", "write 12 here and t in the unit column"),
    ("nan", "finite"),
    ("inf", "finite"),
    ("1e999", "finite"),
]


@pytest.mark.parametrize("text, message", REFUSED_NUMBERS)
def test_number_refused_with_its_location(tmp_path: Path, text: str, message: str) -> None:
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", text, "GJ")])
    _refused(p, column="amount", text=message)


@pytest.mark.parametrize("column, text", [("ef_co2", "56,1"), ("ef_co2", "5\u200b6.1"), ("ef_co2", "56.1.0")])
def test_other_number_columns_follow_the_same_rule(tmp_path: Path, column: str, text: str) -> None:
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", 5, "GJ", ef_unit="kg/GJ", **{column: text})])
    _refused(p, column=column)


@pytest.mark.parametrize("text, message", [("2,022", "year"), ("2022\u200b", "invisible"), ("2022²", "year"),
                                           ("二〇二二年", "year")])
def test_year_refused(tmp_path: Path, text: str, message: str) -> None:
    city = [r if r[0] != "year" else ("year", text) for r in CITY]
    p = activity_book(tmp_path / "a.xlsx", [], city=city)
    _refused(p, sheet="city", row=3, column="value", text=message)


@pytest.mark.parametrize("text", ["2022年", "２０２２年", "2022"])
def test_year_forms_kept(tmp_path: Path, text: str) -> None:
    city = [r if r[0] != "year" else ("year", text) for r in CITY]
    assert gpc.calculate(activity_book(tmp_path / "a.xlsx", [], city=city)).settings.year == 2022


# ============================================================================ unit cells
REFUSED_UNITS = [
    ("0 GJ", "holds a number"),
    ("-1 GJ", "sign"),
    ("1000 GJ", "holds a number"),
    ("1e3 GJ", "holds a number"),
    ("+GJ", "sign"),
    ("-GJ", "sign"),
    ("GJ 1000", "mixes a number"),
    ("mt", "did you mean Mt or t"),
    ("mT", "did you mean Mt or t"),
    ("MT", "did you mean Mt"),
    ("T", "did you mean t"),
    ("mWh", "did you mean MWh"),
    ("kg/mWh", "did you mean MWh"),
    ("mW", "did you mean MW"),
    ("mJ", "did you mean MJ"),
    ("pJ", "did you mean PJ"),
    ("kG", "did you mean kg"),
    ("mtoe", "Mtoe"),
    ("mtce", "Mtce"),
    ("MBtu", "kBtu or MMBtu"),
    ("Mm3", "10^6 m3"),
    ("mm3", "m3"),
    ("nm3", "Nm3"),
    ("万mt", "Mt or t"),
    ("M J", "write MJ"),
    ("k Wh", "write kWh"),
    ("mw", "did you mean"),
    ("gj", "did you mean 'GJ'"),
    ("Gj", "did you mean 'GJ'"),
    ("KWH", "did you mean 'kWh'"),
    ("Kwh", "did you mean 'kWh'"),
    ("MWH", "did you mean 'MWh'"),
    ("G\u200bJ", "ZERO WIDTH SPACE"),
    ("GJ\u00ad", "SOFT HYPHEN"),
    ("\u200fGJ", "RIGHT-TO-LEFT MARK"),
    ("ton", "ambiguous"),
]


@pytest.mark.parametrize("text, message", REFUSED_UNITS)
def test_unit_cell_refused(tmp_path: Path, text: str, message: str) -> None:
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", 5, text)])
    _refused(p, column="unit", text=message)


@pytest.mark.parametrize("text, gj", [
    ("GJ", 5.0), ("ＧＪ", 5.0), (" GJ ", 5.0), ("MWh", 5 * 3.6), ("万千瓦时", 5 * 10_000 * 3.6e-3),
    ("10^3 GJ", 5000.0), ("10³ GJ", 5000.0), ("10⁴ MJ", 50.0), ("TJ", 5000.0), ("kWh", 5 * 3.6e-3),
])
def test_unit_cell_kept(tmp_path: Path, text: str, gj: float) -> None:
    """Units used today keep working; superscripts are powers: 10⁴ MJ is 10 000 MJ = 10 GJ (not 104 MJ)."""
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", 5, text, ef_co2=EF, ef_unit="kg/GJ")],
                      good=False)
    e = gpc.calculate(p).emissions
    co2 = e[e["gas"] == "CO2"]
    assert float(co2["emissions_t"].iloc[0]) == pytest.approx(gj * 56.1 / 1000, rel=1e-12)


def test_volume_units_with_superscripts(tmp_path: Path) -> None:
    """m³ is m3: 1000 m³ of gas at ncv 38.931 MJ/m³ = 38 931 MJ = 38.931 GJ; at 56.1 kg/GJ 2.1840291 t CO2."""
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", 1000, "m³", ef_co2=EF, ef_unit="kg/GJ",
                                                ncv="38.931 MJ/m³")], good=False)
    co2 = gpc.calculate(p).emissions.query("gas == 'CO2'")
    assert float(co2["emissions_t"].iloc[0]) == pytest.approx(38.931 * 56.1 / 1000, rel=1e-12)


@pytest.mark.parametrize("text", ["0.5 kg/GJ", "-kg/GJ", "mt/GJ", "kg/mJ"])
def test_ef_unit_refused(tmp_path: Path, text: str) -> None:
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", 5, "GJ", ef_co2=EF, ef_unit=text)])
    _refused(p, column="ef_unit")


def test_unit_cells_of_other_sheets(tmp_path: Path) -> None:
    """The unit columns of every sheet follow the rule (here: solid_waste)."""
    from gpc.io.sheets import sheet_specs

    units = [c for spec in sheet_specs().values() for c in spec.columns if c.dtype == "unit"]
    assert len(units) > 5
    for c in units:
        for text in ("1000 t", "mt", "-t", "t\u200b"):
            with pytest.raises(CellError):
                coerce(text, c)
        assert coerce("t", c) == "t"


# ============================================================================ quantity cells
REFUSED_QUANTITIES = [
    ("ncv", "MJ/m3", "no number"),
    ("ncv", "38.9", "energy per"),
    ("ncv", "38,931 MJ/m3", "ambiguous"),
    ("ncv", "38,9 MJ/m3", "decimal comma"),
    ("ncv", "0 MJ/m3", "cannot be 0"),
    ("ncv", "-38.9 MJ/m3", "negative"),
    ("ncv", "38.9 mJ/m3", "did you mean MJ"),
    ("ncv", "38.9 MJ/mm3", "m3"),
    ("ncv", "38.9 MJ/m3 2", "mixes a number"),
    ("ncv", "38.9\u200b MJ/m3", "ZERO WIDTH SPACE"),
    ("ncv", "38.9.1 MJ/m3", "more than one decimal point"),
    ("ncv", "38.9² MJ/m3", "power"),
]


@pytest.mark.parametrize("column, text, message", REFUSED_QUANTITIES)
def test_quantity_cell_refused(tmp_path: Path, column: str, text: str, message: str) -> None:
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.1", "natural_gas", 5, "m3", **{column: text})])
    _refused(p, column=column, text=message)


@pytest.mark.parametrize("text", ["t/MWh", "0,5 t/MWh", "0.5 mt/MWh", "-0.5 t/MWh", "0.5", "0.5 T/MWh"])
def test_grid_factor_refused(tmp_path: Path, text: str) -> None:
    city = [r if r[0] != "grid_factor" else ("grid_factor", text) for r in CITY]
    p = activity_book(tmp_path / "a.xlsx", [], city=city)
    _refused(p, sheet="city", row=6, column="value")


@pytest.mark.parametrize("field, text", [("heat_factor", "t/GJ"), ("heat_factor", "0,11 t/GJ"),
                                         ("gdp", "亿元"), ("gdp", "1,8 亿元"), ("power_coal_rate", "kgce/kWh")])
def test_other_city_quantities_refused(tmp_path: Path, field: str, text: str) -> None:
    city = [*CITY, (field, text)]
    p = activity_book(tmp_path / "a.xlsx", [], city=city)
    _refused(p, sheet="city", row=len(city), column="value")


@pytest.mark.parametrize("text, t_per_mwh", [  # type: ignore[misc]("0.5703 t/MWh", 0.5703), ("570.3 kg/MWh", 0.5703),
                                             ("5.703e-1 t/MWh", 0.5703), ("0.570\u00a03 t/MWh", None)])
def test_grid_factor_kept(tmp_path: Path, text: str, t_per_mwh: float) -> None:
    """1000 MWh at 0.5703 t CO2/MWh = 570.3 t CO2."""
    city = [r if r[0] != "grid_factor" else ("grid_factor", text) for r in CITY]
    p = activity_book(tmp_path / "a.xlsx", [row("I.1.2", "grid_electricity", 1000, "MWh")], city=city, good=False)
    if t_per_mwh is None:  # a space inside the decimals is not a thousands group
        return _refused(p, sheet="city", row=6, column="value", text="groups of three")
    e = gpc.calculate(p).emissions
    assert float(e.loc[e["gas"] == "CO2", "emissions_t"].sum()) == pytest.approx(1000 * t_per_mwh, rel=1e-12)


def test_gdp_forms(tmp_path: Path) -> None:
    from gpc.units import parse_unit

    col = sheet_spec("city").column("gdp")
    for text in ("18000亿元", "1.8万亿元", "1.8e12 CNY", "1,800,000,000,000 CNY"):
        q = parse_unit(coerce(text, col))
        assert float(q.to("CNY").magnitude) == pytest.approx(1.8e12, rel=1e-12), text


# ============================================================================ CLI, CSV, DataFrame
def test_cli_validate_lists_each_refused_cell(tmp_path: Path) -> None:
    bad = [row("I.1.1", "natural_gas", "12,5", "GJ"), row("I.1.1", "natural_gas", "10²", "GJ"),
           row("I.1.1", "natural_gas", 5, "mt"), row("I.1.1", "natural_gas", 5, "-1 GJ"),
           row("I.1.1", "natural_gas", 5, "m3", ncv="MJ/m3"), row("I.1.1", "natural_gas", "1\u200b0", "GJ")]
    activity_book(tmp_path / "bad.xlsx", bad)
    res = subprocess.run([sys.executable, "-m", "gpc.cli", "validate", "bad.xlsx"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    for line in ("row 3, column 'amount'", "row 4, column 'amount'", "row 5, column 'unit'", "row 6, column 'unit'",
                 "row 7, column 'ncv'", "row 8, column 'amount'"):
        assert line in res.stderr, res.stderr
    res = subprocess.run([sys.executable, "-m", "gpc.cli", "build", "bad.xlsx", "-o", "out.xlsx"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 2 and not (tmp_path / "out.xlsx").exists()


def _csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["gpc_ref", "activity", "amount", "unit", "ncv"])
        w.writerows(rows)
    return path


CITY_MAP = {k: v for k, v in CITY[1:]}


def test_csv_cells_follow_the_same_rule(tmp_path: Path) -> None:
    from gpc.io.stream import read_table_stream

    rows = [["I.1.1", "natural_gas", "1,234,567.5", "GJ", ""], ["I.1.1", "natural_gas", "12,5", "GJ", ""],
            ["I.1.1", "natural_gas", "12\u00a0345", "mt", ""], ["I.1.1", "natural_gas", "5", "m3", "MJ/m3"],
            ["I.1.1", "natural_gas", "1.000,5", "-1 GJ", ""]]
    p = _csv(tmp_path / "a.csv", rows)
    want = {(3, "amount"), (4, "unit"), (5, "ncv"), (6, "amount"), (6, "unit")}
    for read in (lambda: gpc.read_activity(p, city=CITY_MAP), lambda: read_table_stream(p, CITY_MAP, chunk_rows=2)):
        with pytest.raises(InputError) as info:
            read()
        got = {(q.row, q.column) for q in info.value.problems}
        assert got == want, info.value.problems
    good = _csv(tmp_path / "b.csv", [rows[0], ["I.1.1", "natural_gas", "12\u202f345", "GJ", ""]])
    for data in (gpc.read_activity(good, city=CITY_MAP), read_table_stream(good, CITY_MAP, chunk_rows=1)):
        assert data.tables["activity"]["amount"].tolist() == [1234567.5, 12345.0]


def test_dataframe_cells_follow_the_same_rule() -> None:
    df = pd.DataFrame({"gpc_ref": ["I.1.1", "I.1.1"], "activity": ["natural_gas"] * 2, "amount": ["12,5", "1 000"],
                       "unit": ["GJ", "mWh"]})
    with pytest.raises(InputError) as info:
        gpc.calculate(df, city=CITY_MAP)
    assert {(q.row, q.column) for q in info.value.problems} == {(2, "amount"), (3, "unit")}


# ============================================================================ column-wise = cell-wise
CELLS = [t for t, _ in ACCEPTED] + [t for t, _ in REFUSED_NUMBERS] + [t for t, _ in REFUSED_UNITS] + [
    q for _, q, _ in REFUSED_QUANTITIES] + ["GJ", "m³", "10⁴ t", "38.931 MJ/m3", 7, 7.5, None, ""]


@pytest.mark.parametrize("sheet, column", [("activity", "amount"), ("activity", "unit"), ("activity", "ncv"),
                                           ("activity", "ef_co2"), ("city", "year"), ("city", "grid_factor"),
                                           ("activity", "oxidation_factor")])
@pytest.mark.parametrize("n", [1, 200])  # 200 copies: the vectorised number path for long columns
def test_column_typing_agrees_with_cell_typing(sheet: str, column: str, n: int) -> None:
    col = sheet_spec(sheet).column(column)
    cells = CELLS * n
    typed, errors = type_column(pd.Series(cells, dtype=object), col)
    msgs = {i: m for i, _, m in errors}
    for i, v in enumerate(cells[: len(CELLS)]):
        try:
            want = coerce(v, col)
        except CellError as exc:
            assert msgs.get(i) == str(exc), (v, msgs.get(i))
            continue
        assert i not in msgs, (v, msgs[i])
        got = typed[i]
        if want is None:
            assert got is None or (isinstance(got, float) and np.isnan(got)), (v, got)
        else:
            assert got == want, (v, got, want)


@pytest.mark.parametrize("column", ["amount", "ef_co2", "oxidation_factor"])
def test_mostly_plain_number_column_agrees_with_cell_typing(column: str) -> None:
    """A long column of mostly plain numbers takes numpy's path; the odd cells still get coerce's verdict."""
    col = sheet_spec("activity").column(column)
    odd = [t for t, _ in ACCEPTED] + [t for t, _ in REFUSED_NUMBERS]
    cells = ["0.5", "1e-3", " 0.25 ", "1"] * 100 + odd
    typed, errors = type_column(pd.Series(cells, dtype=object), col)
    msgs = {i: m for i, _, m in errors}
    for i, v in enumerate(cells):
        try:
            want = coerce(v, col)
        except CellError as exc:
            assert msgs.get(i) == str(exc), (v, msgs.get(i))
            continue
        assert i not in msgs and typed[i] == want, (v, typed[i], want)


# ============================================================================ property: as typed or refused
_SPACES = [" ", "\u00a0", "\u2009", "\u202f", "\u3000"]


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


@st.composite
def typed_amount(draw: st.DrawFn) -> tuple[str, Decimal]:
    """An amount as users type it, with its exact value."""
    whole = draw(st.integers(0, 10**13))
    frac = draw(st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=6)))
    value = Decimal(f"{whole}.{frac}" if frac else str(whole))
    style = draw(st.sampled_from(["plain", "comma", "space", "fullwidth", "zh", "exp"]))
    digits = str(whole)
    point = f".{frac}" if frac else ""
    if style == "comma" and (len(digits) > 6 or (len(digits) > 3 and frac)):
        return _group(digits, ",") + point, value
    if style == "space" and len(digits) > 3:
        return _group(digits, draw(st.sampled_from(_SPACES))) + point, value
    if style == "fullwidth":
        text = digits + point
        return text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")), value
    if style == "zh":
        word, power = draw(st.sampled_from([("万", 4), ("亿", 8), ("万亿", 12)]))
        return digits + point + word, value.scaleb(power)
    if style == "exp":
        e = draw(st.integers(-5, 5))
        return f"{digits}{point}e{e}", value.scaleb(e)
    return digits + point, value


_JUNK = "0123456789.,  -+e%万亿\u00a0\u2009\u200b\u00ad²１，．"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(typed_amount(), min_size=1, max_size=12),
       junk=st.lists(st.text(_JUNK, min_size=1, max_size=8), max_size=6))
def test_every_amount_as_typed_or_refused(tmp_path: Path, amounts: list[tuple[str, Decimal]],
                                          junk: list[str]) -> None:
    """Typed amounts reach inv.emissions as the exact decimal typed; any text is either refused at its own row
    and column, or read as the number its digits say (separators removed, never a decimal comma)."""
    rows = [row("I.1.1", "natural_gas", t, "GJ", ef_co2=EF, ef_unit="kg/GJ") for t, _ in amounts]
    got = _amounts(activity_book(tmp_path / "p.xlsx", rows, good=False))
    for r, (text, value) in enumerate(amounts, start=2):
        assert got[r] == float(value), (text, got[r], value)
    if not junk:
        return
    rows = [row("I.1.1", "natural_gas", t, "GJ", ef_co2=EF, ef_unit="kg/GJ") for t in junk]
    try:
        _amounts(activity_book(tmp_path / "j.xlsx", rows, good=False))
        refused: set[int] = set()
    except InputError as exc:
        refused = {q.row for q in exc.problems}
        assert all(q.sheet == "activity" and q.column == "amount" for q in exc.problems), exc.problems
    kept = [t for r, t in enumerate(junk, start=2) if r not in refused]
    if kept:  # what was not refused is read as its digits say
        rows = [row("I.1.1", "natural_gas", t, "GJ", ef_co2=EF, ef_unit="kg/GJ") for t in kept]
        got = _amounts(activity_book(tmp_path / "k.xlsx", rows, good=False))
        for r, text in enumerate(kept, start=2):
            assert got[r] == float(_digits_value(text)), (text, got[r])


def _digits_value(text: str) -> Decimal:
    """An independent reading of accepted junk: fold full-width, drop group separators, apply the suffix."""
    s = text.translate(str.maketrans("１，．", "1,.")).strip()
    s = re.sub(r"[ \u00a0\u2009,]", "", s)
    scale = 0
    for word, power in (("万亿", 12), ("亿", 8), ("万", 4), ("%", -2)):
        if s.endswith(word):
            s, scale = s[: -len(word)], power
            break
    return Decimal(s).scaleb(scale)


# ============================================================================ docs
def test_docs_list_every_refused_spelling() -> None:
    from importlib import resources

    with resources.files("gpc.data").joinpath("unit_slips.csv").open(encoding="utf-8") as fh:
        slips = list(csv.DictReader(fh))
    doc = (Path(__file__).parents[2] / "docs" / "units.md").read_text(encoding="utf-8")
    for r in slips:
        assert f"`{r['spelling']}`" in doc, r["spelling"]
    from gpc.units import parse_unit

    for r in slips:  # each is a spelling pint would otherwise read (else it need not be listed)
        with pytest.raises(Exception, match="did you mean"):
            parse_unit(r["spelling"])


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(st.one_of(st.text(_JUNK, max_size=8), typed_amount().map(lambda a: a[0])), max_size=80),
       column=st.sampled_from(["amount", "unit", "ncv"]))
def test_column_and_cell_typing_agree_on_any_text(cells: list[str], column: str) -> None:
    col = sheet_spec("activity").column(column)
    typed, errors = type_column(pd.Series(cells, dtype=object), col)
    msgs = {i: m for i, _, m in errors}
    for i, v in enumerate(cells):
        try:
            want = coerce(v, col)
        except CellError as exc:
            assert msgs.get(i) == str(exc), (v, msgs.get(i))
            continue
        got = typed[i]
        assert i not in msgs and (got == want or (want is None and (got is None or got != got))), (v, got, want)
