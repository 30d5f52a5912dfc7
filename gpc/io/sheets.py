"""Sheet specifications (``gpc/data/sheets/<sheet>.csv``) and the typing of cell values.

One spec per workbook sheet: its columns, whether each is required, its type, allowed choices,
descriptions in English and Chinese and header aliases. The reader, the template and the docs use it.
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

from gpc import taxonomy
from gpc.gwp import normalise_gas
from gpc.numbers import NumberTextError, number_value, read_number
from gpc.text import closest
from gpc.units import UnitParseError, fold_unit_text, normalise_text, parse_unit, strip_gas

__all__ = ["ColumnSpec", "SheetSpec", "sheet_specs", "sheet_spec", "sheet_names_zh", "column_names_zh", "header_key", "coerce", "CellError",
           "FormulaCell"]


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    required: str  # yes | no | cond
    dtype: str  # text | number | year | fraction | choice | bool | unit | gas | gpc_ref | quantity
    choices: tuple[str, ...]
    unit: str
    description_en: str
    description_zh: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[ColumnSpec, ...]

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def header_map(self) -> dict[str, str]:
        """Normalised header text → canonical column name (names and aliases)."""
        out: dict[str, str] = {}
        for c in self.columns:
            out[header_key(c.name)] = c.name
            for a in c.aliases:
                out.setdefault(header_key(a), c.name)
        for alias, col in _extra_header_aliases().get(self.name, {}).items():
            out.setdefault(header_key(alias), col)
        return out


def header_key(text: object) -> str:
    """Normalise a header for matching: full-width folded, case-insensitive, spaces/underscores ignored,
    a trailing unit in brackets dropped (``"Amount (GJ)"`` → ``"amount"``)."""
    s = normalise_text(text).lower()
    m = re.search(r"[\(（\[【]([^\(（\[【]*?)[\)）\]】]\s*$", s)
    if m and m.start() > 0 and _is_unit_note(m.group(1)):
        s = s[: m.start()].strip()
    return re.sub(r"[\s_\-:：]+", "", s)


def _is_unit_note(text: str) -> bool:
    """Whether a bracketed header suffix is a unit note such as ``(GJ)`` or ``（万吨）``, not part of the name."""
    if re.fullmatch(r"[\x20-\x7e]*", text):
        return True
    try:
        parse_unit(text)
    except UnitParseError:
        return False
    return True


@lru_cache(maxsize=1)
def _extra_header_aliases() -> dict[str, dict[str, str]]:
    """Optional ``gpc/data/headers_zh.csv`` (sheet, column, alias)."""
    out: dict[str, dict[str, str]] = {}
    f = resources.files("gpc.data").joinpath("headers_zh.csv")
    if not f.is_file():
        return out
    with f.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["sheet"], {})[r["alias"]] = r["column"]
    return out


@lru_cache(maxsize=1)
def sheet_specs() -> dict[str, SheetSpec]:
    """Every sheet spec shipped in ``gpc/data/sheets``, by sheet name."""
    specs: dict[str, SheetSpec] = {}
    folder = resources.files("gpc.data").joinpath("sheets")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".csv"):
            continue
        with entry.open(encoding="utf-8") as fh:
            cols = tuple(
                ColumnSpec(
                    name=r["column"].strip(),
                    required=(r.get("required") or "no").strip(),
                    dtype=(r.get("dtype") or "text").strip(),
                    choices=tuple(x.strip() for x in (r.get("choices") or "").split("|") if x.strip()),
                    unit=(r.get("unit") or "").strip(),
                    description_en=(r.get("description_en") or "").strip(),
                    description_zh=(r.get("description_zh") or "").strip(),
                    aliases=tuple(x.strip() for x in (r.get("aliases") or "").split("|") if x.strip()),
                )
                for r in csv.DictReader(fh)
            )
        name = entry.name[:-4]
        specs[name] = SheetSpec(name, cols)
    return specs


def sheet_spec(name: str) -> SheetSpec:
    return sheet_specs()[name]


@lru_cache(maxsize=1)
def sheet_aliases() -> dict[str, str]:
    """Normalised sheet name (or Chinese alias) → canonical sheet name."""
    out = {header_key(n): n for n in sheet_specs()}
    with resources.files("gpc.data").joinpath("sheet_names.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(header_key(r["alias"]), r["sheet"])
    return out


def sheet_names_zh() -> dict[str, str]:
    """Canonical sheet name → its Chinese name (the first Chinese alias in ``sheet_names.csv``)."""
    out: dict[str, str] = {}
    with resources.files("gpc.data").joinpath("sheet_names.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["sheet"] != "_ignore" and any("\u4e00" <= ch <= "\u9fff" for ch in r["alias"]):
                out.setdefault(r["sheet"], r["alias"])
    return out


@lru_cache(maxsize=1)
def choice_aliases() -> dict[tuple[str, str], str]:
    """(column, normalised Chinese value) → the choice it means, from ``gpc/data/choices_zh.csv`` (焚烧 →
    incineration, 未发生 → NO …); a value only counts for a column whose choices hold it."""
    with resources.files("gpc.data").joinpath("choices_zh.csv").open(encoding="utf-8") as fh:
        return {(r["column"], header_key(r["alias"])): r["value"] for r in csv.DictReader(fh)}


def column_names_zh(sheet: str) -> dict[str, str]:
    """Column name → its Chinese header (the first Chinese alias) for the columns of ``sheet`` that have one."""
    return {c.name: zh[0] for c in sheet_spec(sheet).columns
            if (zh := [a for a in c.aliases if any("\u4e00" <= ch <= "\u9fff" for ch in a)])}


class CellError(ValueError):
    """A cell value that does not fit its column; the message says what to do."""


@dataclass(frozen=True)
class FormulaCell:
    """A cell holding a formula whose result the file does not contain (what the reader puts in its place).

    Files written by programs that do not calculate (openpyxl, pandas with formulas, scripts) store formulas
    without results; reading them as empty would lose the value silently.
    """

    formula: str

    def __str__(self) -> str:
        return "=" + self.formula.lstrip("=")

    def __repr__(self) -> str:
        return repr(str(self))


#: Units suggested for a unit gpc does not know (the closest one is named).
COMMON_UNITS = (
    "GJ", "TJ", "MJ", "PJ", "kJ", "Wh", "kWh", "MWh", "GWh", "TWh", "tce", "kgce", "toe", "MMBtu", "t", "tonne", "kt", "Mt", "kg",
    "g", "Gg", "L", "kL", "m3", "Nm3", "km3", "ha", "km2", "head", "person", "万千瓦时", "亿千瓦时", "万吨", "万立方米",
    "亿立方米", "吨标准煤", "万吨标准煤", "千克", "吨", "立方米", "升", "千瓦时", "兆瓦时", "吉焦", "公顷", "亩",
)


_TRUE = {"yes", "y", "true", "1", "是", "对", "x"}
_FALSE = {"no", "n", "false", "0", "否", "不是"}
_EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!", "#GETTING_DATA"}


def is_blank(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and normalise_text(v) == ""


def _number_with_unit(text: str) -> str:
    """``: write 12 here and 万吨 in the unit column`` when ``text`` is a number followed by a unit."""
    m = re.match(r"^([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(.+)$", text)
    if not m:
        return ""
    try:
        parse_unit(m.group(2))
    except UnitParseError:
        return ""
    return f": write {m.group(1)} here and {m.group(2)} in the unit column"


def _number(v: Any) -> float:
    if isinstance(v, bool):
        raise CellError("a TRUE/FALSE value is not a number: type the number")
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time, _dt.timedelta)):
        raise CellError("the cell holds a date/time, not a number: format the cell as Number and retype it")
    if isinstance(v, (int, float)):
        x = float(v)
    else:
        s = normalise_text(v)
        if s in _EXCEL_ERRORS:
            raise CellError(f"the cell shows the Excel error {s}: fix the formula or type the number")
        if s.lower().lstrip("+-") in ("nan", "inf", "infinity"):  # written by a program
            raise CellError("not a finite number: type a number")
        try:  # the one rule for numbers typed as text (gpc.numbers, docs/workbook.md)
            x = number_value(v)
        except NumberTextError as exc:
            if not exc.generic:
                raise CellError(str(exc)) from None
            raise CellError("not a number: type a number such as 12.5 (no units or text in this column)"
                            + _number_with_unit(s.replace(" ", ""))) from None
    if math.isnan(x) or math.isinf(x):
        raise CellError("not a finite number: type a number")
    return x


def coerce(value: Any, col: ColumnSpec) -> Any:
    """Return the typed value of a cell for column ``col``, or raise :class:`CellError`.

    Blank cells return ``None`` (requiredness is checked by the caller).
    """
    if is_blank(value):
        return None
    if isinstance(value, FormulaCell):
        raise CellError(f"the cell holds the formula {value} but no saved result (the file was written by a program "
                        "that does not calculate formulas): open the file in Excel or LibreOffice and save it, or "
                        "type the value instead of the formula")
    if isinstance(value, str) and normalise_text(value) in _EXCEL_ERRORS:
        raise CellError(f"the cell shows the Excel error {normalise_text(value)}: fix the formula or type the value")
    t = col.dtype
    if t in ("number", "year", "fraction"):
        return _numeric_cell(value, t)
    if isinstance(value, (_dt.datetime, _dt.date)) and t != "text":
        raise CellError("the cell holds a date: retype the value as text")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = normalise_text(value)
    text = unicodedata.normalize("NFKC", text).strip()
    if t == "text":
        typed = str(value).strip()
        if text[:1] in "=+-@" and typed[:1] not in "=+-@":  # ＝ → = would make a formula of the text:
            return typed[0] + unicodedata.normalize("NFKC", typed[1:]).rstrip()  # its first sign stays as typed
        return text
    return _coded_cell(value, text, col)


def _numeric_cell(value: Any, t: str) -> float | int:
    """A cell of a ``number``, ``year`` or ``fraction`` column."""
    if t == "number":
        return _number(value)
    if t == "year":
        if isinstance(value, str) and normalise_text(value).strip().endswith("年"):  # 2022年
            value = normalise_text(value).strip()[:-1]
        try:
            x = _number(value)
        except CellError as exc:
            if "Excel error" in str(exc) or "date" in str(exc) or "invisible" in str(exc):
                raise
            raise CellError("not a year: type a four-digit year such as 2023") from None
        if x != int(x) or not 1800 <= x <= 2200:
            raise CellError("not a year: type a four-digit year such as 2023")
        return int(x)
    x = _number(value)
    if not 0 <= x <= 1:
        raise CellError("must be a fraction between 0 and 1 (e.g. 0.05 for 5%)")
    return x


def _coded_cell(value: Any, text: str, col: ColumnSpec) -> Any:
    """A cell of a ``bool``, ``choice``, ``gpc_ref``, ``gas``, ``unit`` or ``quantity`` column (``text``: the
    cell as normalised text); any other column type keeps the text."""
    t = col.dtype
    if t == "bool":
        k = text.lower()
        if k in _TRUE:
            return True
        if k in _FALSE:
            return False
        raise CellError("must be yes or no")
    if t == "choice":
        for c in col.choices:
            if c.lower() == text.lower().replace(" ", "_").replace("-", "_") or c.lower() == text.lower():
                return c
        zh = choice_aliases().get((col.name, header_key(text)))
        if zh in col.choices:
            return zh
        raise CellError(f"must be one of {', '.join(col.choices)}{closest(text, col.choices)}")
    if t == "gpc_ref":
        return _gpc_ref_cell(text)
    if t == "gas":
        gas = normalise_gas(text)
        if gas is None:
            raise CellError("unknown gas: use CO2, CH4, N2O, SF6, NF3, an HFC/PFC such as HFC-134a, or CO2e"
                            + _closest_gas(text))
        return gas
    if t == "unit":
        return _unit_cell(value, col)
    if t == "quantity":
        if col.name == "gdp":  # money, not a physical quantity: gpc/money.py keeps the currency
            from gpc.money import MoneyError, parse_money

            try:
                parse_money(normalise_text(value))
            except MoneyError as exc:
                raise CellError(str(exc)) from None
            return normalise_text(value)
        return _quantity_cell(value, col)
    return text


def _gpc_ref_cell(text: str) -> str:
    """A GPC reference number (``I.1.1``), or :class:`CellError` with the row meant where it can tell."""
    try:
        return taxonomy.resolve_ref(text)
    except ValueError as exc:
        if str(exc) != "not a GPC reference number":
            raise CellError(str(exc)) from None
    ref = taxonomy.normalise_ref(text)
    refs = list(taxonomy.table().index)
    longer = [r for r in refs if ref.startswith(r + ".")]  # IV.1.1: IV.1 has no sub-rows
    hint = f" (did you mean {max(longer, key=len)!r}?)" if longer else closest(ref, refs)
    raise CellError(
        "not a GPC reference number: use a row of the GPC reporting table such as I.1.1, II.1.1, "
        f"III.1.1, IV.1, V.3 or VI.1{hint}"
    )


#: an example of each quantity cell, for messages
_QUANTITY_EXAMPLES = {"ncv": "38.931 MJ/m3", "density": "0.84 kg/L", "grid_factor": "0.5703 t/MWh",
                      "heat_factor": "0.11 t/GJ", "gdp": "18000亿元", "power_coal_rate": "0.300 kgce/kWh"}
_QUANTITY_KINDS = {"ncv": "an energy per amount of fuel", "density": "a mass per volume",
                   "grid_factor": "a mass of CO2 per energy", "heat_factor": "a mass of CO2 per energy",
                   "gdp": "an amount of money", "power_coal_rate": "an amount of standard coal per electricity"}
_UNIT_HINT = ": use a unit such as GJ, MWh, t, m3, L, tce or 万千瓦时"


def _unit_text(value: Any) -> str:
    """The text of a unit cell, folded (full-width, superscripts as powers), or CellError (invisible characters)."""
    try:
        return fold_unit_text(value)
    except UnitParseError as exc:
        raise CellError(str(exc)) from None


def _unit_only(text: str, col: ColumnSpec, original: str) -> str | None:
    """Why a unit cell's text is not a unit alone (a sign, a number, a quantity), or ``None``.

    A unit holds no number except an exponent (``m3``, ``m^3``), a power-of-ten scale (``10^4 t``) and a
    number after ``/`` (``L/100km``, ``kg/10^3 m3``)."""
    core = strip_gas(text)[0]
    if re.match(r"[+\-\u2212]", core):
        rest = re.sub(r"^[+\-\u2212]\s*(?:[0-9][0-9.,]*(?:[eE][+-]?[0-9]+)?)?\s*", "", core) or "GJ"
        return (f"the unit cell holds a sign ('{original}'): write only the unit here ({rest}) "
                "and the amount, with its sign, in the amount column")
    lead = re.match(r"(?:[0-9][0-9.,]*|\.[0-9])(?:[eE][+-]?[0-9]+)?", core)
    if lead and not re.match(r"10\s*(?:\^|\*\*)\s*[+-]?[0-9]+(?![0-9.])", core):
        rest = core[lead.end():].strip() or "GJ"
        return (f"the unit cell holds a number ('{original}'): write the number in the amount column and only the "
                f"unit here ({rest}); a unit of thousands is written 10^3 {rest}, of ten thousands 万{rest}")
    left = re.sub(r"^10\s*(?:\^|\*\*)\s*[+-]?[0-9]+", "", core)
    left = re.sub(r"(?:\^|\*\*)\s*[+-]?[0-9]+|(?<=[A-Za-z])[0-9]+|/\s*[0-9][0-9.]*(?:\s*(?:\^|\*\*)\s*[+-]?[0-9]+)?",
                  "", left)
    if re.search(r"[0-9]", left):
        return (f"'{original}' mixes a number into the unit: write only the unit here (numbers go in the amount "
                "column; a scale is written 10^3 t or 万吨)")
    return None


def _unit_cell(value: Any, col: ColumnSpec) -> str:
    text = _unit_text(value)
    original = normalise_text(value)
    why = _unit_only(text, col, original)
    if why:
        raise CellError(why)
    try:
        q = parse_unit(strip_gas(text)[0])
    except UnitParseError as exc:
        msg = str(exc)
        hint = "" if any(w in msg for w in ("ambiguous", "did you mean", "invisible", "separates")) else (
            _UNIT_HINT + _closest_unit(text))
        raise CellError(f"{msg}{hint}") from None
    if not float(q.magnitude) > 0:
        raise CellError(f"'{original}' is not a unit: write only the unit, such as GJ, t or m3")
    return text


_QUANTITY_NUMBER = re.compile(r"[+\-\u2212]?(?:[0-9.][0-9., ]*)?(?:(?<=[0-9.])[eE][+-]?[0-9]+)?")


def _quantity_cell(value: Any, col: ColumnSpec) -> str:
    """A number with its unit (``38.931 MJ/m3``): the number by the rule of :mod:`gpc.numbers`, the unit by
    the rule of unit cells. Returns the text with the number written plainly (``1,234.5`` → ``1234.5``)."""
    example = _QUANTITY_EXAMPLES.get(col.name, "38.931 MJ/m3 or 0.84 kg/L")
    text = _unit_text(value)
    original = normalise_text(value)
    m = _QUANTITY_NUMBER.match(text)  # every part optional: always matches
    end = m.end() if m else 0
    number, unit = text[:end].strip(), text[end:].strip()
    if not re.search(r"[0-9]", number):
        raise CellError(f"{col.name} needs a number with its unit, such as {example}; '{original}' has no number")
    if not unit:
        kind = f"{col.name} is {_QUANTITY_KINDS[col.name]}, so it" if col.name in _QUANTITY_KINDS else col.name
        raise CellError(f"{kind} needs a number with its unit, such as {example}; '{original}' has no unit")
    try:
        x = read_number(number)
    except NumberTextError as exc:
        raise CellError(f"{exc} — {col.name} is written as a number with its unit, such as {example}") from None
    why = _unit_only(unit, col, unit)
    if re.match(r"\^|\*\*", unit):  # 38.9² MJ/m3
        why = f"'{original}' raises the number to a power: write the number itself (e.g. 1513.21, not 38.9²)"
    if why:
        raise CellError(f"{col.name} holds one number and its unit, such as {example}: {why}")
    plain = format(x, "f")
    text = text if plain == number else f"{plain} {unit}"
    try:
        q = parse_unit(strip_gas(text)[0])
    except UnitParseError as exc:
        more = "" if "did you mean" in str(exc) else f": write a number with its unit, such as {example}"
        raise CellError(f"{exc}{more}") from None
    mag = float(q.magnitude)
    if not math.isfinite(mag):
        raise CellError(f"not a finite number: write a number with its unit, such as {example}")
    if mag < 0:
        raise CellError(f"{col.name} cannot be negative: write the value with its unit, such as {example}")
    if mag == 0 and col.name in _NONZERO_QUANTITIES:
        raise CellError(f"{col.name} cannot be 0: give the value with its unit, such as {example}, "
                        "or leave the cell empty for the factor set's default")
    return text


#: Quantities that divide or multiply an amount into energy: 0 would silently give no emissions.
_NONZERO_QUANTITIES = frozenset({"ncv", "density"})


def _closest_unit(text: str) -> str:
    """`` (did you mean 'GJ'?)`` for a unit string gpc does not know, trying case and common units."""
    for option in COMMON_UNITS:
        if option.lower() == text.lower() and option != text:
            return f" (did you mean {option!r}?)"
    import difflib

    m = difflib.get_close_matches(text, list(COMMON_UNITS), n=1, cutoff=0.5)
    if not m:
        low = {u.lower(): u for u in COMMON_UNITS}
        m = [low[x] for x in difflib.get_close_matches(text.lower(), list(low), n=1, cutoff=0.5)]
    return f" (did you mean {m[0]!r}?)" if m else ""


def _closest_gas(text: str) -> str:
    try:
        from gpc.gwp import known_gases

        options = known_gases()
    except Exception:  # pragma: no cover - the GWP table is part of the package
        return ""
    import difflib

    low = {g.lower(): g for g in options}
    m = difflib.get_close_matches(text.lower().replace(" ", ""), list(low), n=1, cutoff=0.6)
    return f" (did you mean {low[m[0]]!r}?)" if m else ""

