"""The one unit registry of gpc, and parsing of the unit strings users type.

Everything that needs units imports :data:`ureg` from here. Unit strings are parsed by
:func:`parse_unit`, which accepts pint's syntax plus:

* full-width characters (``ＧＪ``, ``１０``) and stray spaces;
* Chinese unit names (``千瓦时``, ``立方米``, ``吨标准煤`` … from ``gpc/data/units_zh.csv``);
* Chinese multipliers in front of a unit (``万`` 10^4, ``亿`` 10^8, ``百万`` 10^6 …), so ``万千瓦时``,
  ``亿立方米``, ``万吨标准煤`` and ``百万千焦`` parse;
* energy units of statistics: ``tce`` (29.3076 GJ), ``kgce``, ``toe`` (41.868 GJ), ``MMBtu``, ``therm``;
  gas volumes ``Nm3`` and ``scf``.

Columns of mixed unit strings are converted with :func:`convert`, one pint call per distinct string.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
import pint

__all__ = [
    "ureg", "Q_", "parse_unit", "normalise_text", "convert", "unit_problem", "factor_to", "UnitParseError",
    "strip_gas", "annual_factor", "describe_unit", "is_dimension", "is_standard_coal", "magnitude_in",
]

ureg: pint.UnitRegistry = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=None)
with resources.as_file(resources.files("gpc.data") / "units.txt") as _p:
    ureg.load_definitions(str(_p))
Q_ = ureg.Quantity


class UnitParseError(ValueError):
    """A unit string that the registry does not know."""


def _read_csv(name: str) -> list[dict[str, str]]:
    with resources.files("gpc.data").joinpath(name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


_ZH_NAMES: dict[str, str] = {r["name"]: r["unit"] for r in _read_csv("units_zh.csv")}
_ZH_PREFIXES: list[tuple[str, float]] = sorted(
    ((r["prefix"], float(r["factor"])) for r in _read_csv("unit_multipliers_zh.csv")),
    key=lambda pf: -len(pf[0]),
)
_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3", "·": "*", "×": "*"})
#: Superscript digits and signs as typed in ``10⁴ t`` or ``m⁻³``: written as a power (``^4``) before NFKC,
#: which would otherwise fold ``10⁴`` into ``104``
_SUPER_RUN = re.compile("[⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SUPER_ASCII = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
#: Spellings pint would read as a unit no statistic means (``mt`` millitonne, ``MT`` megatesla …), refused
#: with what to write (``gpc/data/unit_slips.csv``, listed in docs/units.md)
_SLIPS: dict[str, dict[str, str]] = {r["spelling"]: r for r in _read_csv("unit_slips.csv")}
_TOKEN = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z_]+[0-9]*")


def fold_unit_text(text: object) -> str:
    """A unit as typed, folded like :func:`normalise_text` except that superscripts stay powers
    (``10⁴ t`` → ``10^4 t``, ``m³`` → ``m^3``) instead of becoming digits (NFKC would make ``10⁴`` 104).

    Raises
    ------
    UnitParseError
        If the text holds an invisible character (zero-width space, soft hyphen, direction mark …).
    """
    from gpc.numbers import invisible_character

    raw = str(text)
    bad = invisible_character(raw)
    if bad:
        raise UnitParseError(f"the unit contains an invisible character ({bad}): clear the cell and type the unit "
                             "again")
    raw = _SUPER_RUN.sub(_super_power, raw)
    return unicodedata.normalize("NFKC", raw).strip()


def _super_power(m: re.Match[str]) -> str:
    digits = m.group().translate(_SUPER_ASCII)
    before = m.string[m.start() - 1] if m.start() else ""
    if m.group() in ("²", "³") and before.isalpha():  # m³, km²: the exponent spelling m3, km2
        return digits
    return "^" + digits


def slip_problem(text: str) -> str | None:
    """The message for a unit spelling pint reads as something no statistic means (``mt``, ``mWh``,
    ``MT`` …; ``gpc/data/unit_slips.csv``), or ``None``."""
    m = re.search(r"(?<![A-Za-z0-9_])([kMGTPE])\s+([A-Za-z]+)", text)
    if m:  # "M J" is molar times joule for pint
        return (f"'{m.group()}' separates a prefix from its unit (pint would read {m.group(1)} as a unit of its "
                f"own): write {m.group(1)}{m.group(2)}")
    for m in _TOKEN.finditer(text):
        r = _SLIPS.get(m.group())
        if r is not None:
            return (f"'{m.group()}' would be read as {r['pint_reads']} ({r['note']}): did you mean {r['write']}? "
                    f"Write {r['write']}")
    return None


def normalise_text(text: object) -> str:
    """Return ``text`` with full-width characters folded to ASCII (NFKC) and surrounding spaces removed."""
    return unicodedata.normalize("NFKC", str(text)).strip()


def _pint_unit(text: str) -> pint.Quantity:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_³²]*", text) and text in ureg:  # a name or alias such as "Nm3"
        return Q_(1, text)
    expr = text.translate(_SUPERSCRIPTS)
    expr = re.sub(r"(?<![0-9.][eE])(?<=[A-Za-z])([23])\b", r"**\1", expr)  # m3 -> m**3, km2 -> km**2, not 1e3
    expr = re.sub(r"(?<=[A-Za-z])(\*\*)\*\*", r"\1", expr)
    q = ureg.parse_expression(expr)
    if not isinstance(q, pint.Quantity):  # a bare number such as "1000"
        q = Q_(float(q), "dimensionless")
    return q


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> pint.Quantity:
    """Parse a unit string into a quantity (a factor times a unit).

    Parameters
    ----------
    text : str
        e.g. ``"GJ"``, ``"万千瓦时"``, ``"亿立方米"``, ``"10^4 t"``, ``"kg/TJ"``, ``"ＧＪ"``.

    Returns
    -------
    pint.Quantity
        ``parse_unit("万千瓦时")`` is ``10000 kWh``.

    Raises
    ------
    UnitParseError
        If the string is not a unit the registry knows.
    """
    s = fold_unit_text(text).replace(" ", " ")
    if not s:
        raise UnitParseError("the unit is empty")
    slip = slip_problem(s)
    if slip:
        raise UnitParseError(slip)
    s = re.sub(r"\s+", " ", s)
    compact = s.replace(" ", "")
    if compact.lower() in ("ton", "tons"):
        raise UnitParseError(
            f"'{text}' is ambiguous: write t (metric tonne, 1000 kg) or short_ton / long_ton"
        )
    if compact in _ZH_NAMES:
        return _pint_unit(_ZH_NAMES[compact])
    if re.search(r"[\u4e00-\u9fff]", compact):
        lead = re.match(r"([0-9.]+(?:[eE][+-]?[0-9]+)?)(?=[^0-9.])", compact)
        if lead:  # a number before a Chinese unit: 18000亿元
            from gpc.numbers import NumberTextError, number_value

            try:
                factor = number_value(lead.group(1))
            except NumberTextError:
                raise UnitParseError(f"'{text}' is not a unit gpc knows") from None
            return factor * _parse_chinese(compact[lead.end():], text)
        return _parse_chinese(compact, text)
    try:
        return _pint_unit(s)
    except Exception as exc:  # pint raises several types for bad syntax
        raise UnitParseError(f"'{text}' is not a unit gpc knows") from exc


def _parse_chinese(s: str, original: str) -> pint.Quantity:
    # A ratio such as 千克/吨 or 吨/万元: parse each side.
    if "/" in s:
        num, _, den = s.partition("/")
        return (parse_unit(num) if num else Q_(1, "")) / parse_unit(den)
    if s in _ZH_NAMES:
        return _pint_unit(_ZH_NAMES[s])
    for prefix, factor in _ZH_PREFIXES:
        if s.startswith(prefix) and len(s) > len(prefix):
            rest = s[len(prefix):]
            try:
                return factor * parse_unit(rest)
            except UnitParseError:
                continue
    raise UnitParseError(f"'{original}' is not a unit gpc knows")




@lru_cache(maxsize=8192)
def factor_to(unit: str, target: str) -> float:
    """Return the factor that converts an amount in ``unit`` to ``target`` (``amount * factor``).

    Raises
    ------
    UnitParseError
        When ``unit`` is unknown or of another dimension than ``target``.
    """
    q = parse_unit(unit)
    t = parse_unit(target)
    try:
        return float((q / t).to("dimensionless").magnitude)
    except pint.DimensionalityError:
        raise UnitParseError(
            f"'{unit}' is {_describe(q)}, but {_describe(t)} is needed here (e.g. {target})"
        ) from None


def _describe(q: pint.Quantity) -> str:
    for name, ref in (
        ("an energy", "J"),
        ("a mass", "kg"),
        ("a volume", "m**3"),
        ("an area", "m**2"),
        ("a number of animals", "head"),
        ("a number of people", "person"),
        ("a power", "W"),
        ("a length", "m"),
        ("a time", "s"),
    ):
        if q.dimensionality == ureg.parse_expression(ref).dimensionality:
            return name
    if q.dimensionless:
        return "a pure number"
    return f"of dimension {q.dimensionality}"


def magnitude_in(q: pint.Quantity, target: str) -> float:
    """The magnitude of quantity ``q`` expressed in ``target`` (a unit string gpc parses, e.g. ``"GJ/m3"``)."""
    t = parse_unit(target)
    return float((q / t).to("dimensionless").magnitude)


def describe_unit(unit: str) -> str:
    """Return a phrase such as ``"an energy"`` or ``"a mass"`` for a unit string (for messages)."""
    return _describe(parse_unit(unit))


def unit_problem(unit: object, target: str) -> str | None:
    """Return a message if ``unit`` cannot be converted to ``target``, else ``None``."""
    if unit is None or (isinstance(unit, float) and np.isnan(unit)) or normalise_text(unit) == "":
        return f"the unit is missing: give a unit convertible to {target}"
    try:
        factor_to(str(unit), target)
    except UnitParseError as exc:
        return str(exc)
    return None


def is_standard_coal(unit: str) -> bool:
    """Whether ``unit`` is an amount of standard coal (kgce, tce, 吨标准煤, 万吨标准煤 …).

    Standard coal is an energy unit (1 kgce = 29.3076 MJ), so its dimension cannot tell it from GJ; what
    matters for secondary energy is the basis (当量值 or 等价值) the statistics used.
    """
    try:
        q = parse_unit(unit)
    except UnitParseError:
        return False
    return "coal_equivalent" in str(q.units)


def is_dimension(unit: str, reference: str) -> bool:
    """Whether ``unit`` has the same dimension as ``reference`` (False for unknown units)."""
    try:
        factor_to(unit, reference)
    except UnitParseError:
        return False
    return True


def convert(values: Iterable[float] | pd.Series, units: Iterable[str] | pd.Series | str, target: str) -> np.ndarray:
    """Convert a column of amounts with their unit strings to ``target``.

    One pint conversion per *distinct* unit string, so a million rows in a dozen units cost a dozen
    conversions. Rows whose unit is unknown or of the wrong dimension come back as NaN; check them
    first with :func:`unit_problem` to report them.

    Parameters
    ----------
    values : array-like of float
    units : array-like of str, or one str for all rows
    target : str
        A unit string, e.g. ``"GJ"``.
    """
    vals = np.asarray(values, dtype="float64")
    if isinstance(units, str):
        try:
            return vals * factor_to(units, target)
        except UnitParseError:
            return np.full_like(vals, np.nan)
    codes, uniques = pd.factorize(pd.Series(units, dtype="object").astype(str), use_na_sentinel=False)
    factors = np.empty(len(uniques), dtype="float64")
    for i, u in enumerate(uniques):
        try:
            factors[i] = factor_to(u, target)
        except UnitParseError:
            factors[i] = np.nan
    return vals * factors[codes]


_GAS_TAG = re.compile(r"(CO2e|CO2eq|CO2-eq|CO₂e|CO2|CO₂|CH4|N2O)(?![A-Za-z0-9])", re.IGNORECASE)


def strip_gas(unit: str) -> tuple[str, str | None]:
    """Split a gas tag off a factor unit: ``"kg CO2/TJ"`` → ``("kg/TJ", "CO2")``, ``"tCO2e/MWh"`` too."""
    s = normalise_text(unit)
    m = _GAS_TAG.search(s)
    if not m:
        return s, None
    gas = m.group(1).upper().replace("₂", "2").replace("EQ", "E").replace("-", "")
    gas = {"CO2E": "CO2e"}.get(gas, gas)
    cleaned = (s[: m.start()] + s[m.end():]).replace("  ", " ").replace(" /", "/").replace("/ ", "/").strip()
    return cleaned, gas


def annual_factor(activity_unit: str, factor_unit: str, target: str = "t") -> float:
    """Factor turning ``amount [activity_unit] × factor [factor_unit]`` into ``target``.

    Rates per year (``kg/head/year``) are multiplied by one year: inventories are annual.
    Raises :class:`UnitParseError` when the product is not of ``target``'s dimension.
    """
    q = parse_unit(activity_unit) * parse_unit(factor_unit)
    t = parse_unit(target)
    try:
        return float((q / t).to("dimensionless").magnitude)
    except pint.DimensionalityError:
        pass
    per_year = "year" in str(parse_unit(factor_unit).units) or "annum" in str(parse_unit(factor_unit).units)
    try:
        if not per_year:
            raise pint.DimensionalityError("", "")
        return float((q * Q_(1, "year") / t).to("dimensionless").magnitude)
    except pint.DimensionalityError:
        raise UnitParseError(
            f"an amount in '{activity_unit}' times a factor in '{factor_unit}' does not give {_describe(t)}"
        ) from None
