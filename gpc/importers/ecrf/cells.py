"""Reading the cells of an eCRF or CIRIS table: numbers, notation keys, column headers (:func:`classify_header`),
the units and scale a header states, data-quality letters."""

from __future__ import annotations

import math
import re
from typing import Any

from gpc.units import normalise_text, parse_unit, strip_gas

GASES = ("CO2", "CH4", "N2O")
NOTATION_KEYS = ("NO", "IE", "NE", "C")


#: keys some files use that gpc does not: read as the gpc key, said in the explanation
KEY_ALIASES = {"NA": "NO", "N/A": "NO", "NOTAPPLICABLE": "NO", "NOTOCCURRING": "NO", "NOTESTIMATED": "NE",
               "INCLUDEDELSEWHERE": "IE", "CONFIDENTIAL": "C"}
_BLANK = ("", "-", "--", "—", "–", "n/a.", "…", "...")
_EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!")


class CellError(ValueError):
    """A cell that cannot be read as what its column holds."""


_PLAIN = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[-+]?\d*,\d+$")


def _blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if not isinstance(v, str):
        return False
    t = normalise_text(v).strip()
    # "Please select" and a {{placeholder}} of the GCoM template left unfilled hold nothing
    return t.lower() in _BLANK or t.lower() == "please select" or bool(re.fullmatch(r"\{\{[^{}]*\}\}", t))


def parse_number(v: Any) -> float | None:
    """The number in a cell (``None`` when blank), or :class:`CellError`.

    Text is read when it is unambiguous: ``"1234.5"``, ``"1,234.5"``, ``"1,234,567"``. A comma that could be
    a decimal comma (``"12,5"``, ``"1,234"``) or a European thousands point (``"1.234,5"``) is refused: the
    number would be read differently from how it was typed.
    """
    if _blank(v):
        return None
    if isinstance(v, bool):
        raise CellError("a TRUE/FALSE value is not a number: type the number")
    from gpc.io.sheets import FormulaCell

    if isinstance(v, FormulaCell):
        raise CellError(f"the cell holds a formula ({v.formula}) saved without its result: open the file in Excel "
                        "and save it, so that the result is stored")
    if isinstance(v, (int, float)):
        x = float(v)
    else:
        s = normalise_text(v).replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace("'", "")
        if _PLAIN.match(s):
            x = float(s)
        elif _THOUSANDS.match(s) and ("." in s or s.count(",") > 1):
            x = float(s.replace(",", ""))
        elif _THOUSANDS.match(s) or _DECIMAL_COMMA.match(s):
            raise CellError(f"'{s}' could be read with a decimal comma or a thousands separator: type the "
                            "number without separators and with a decimal point (e.g. 1234.5)")
        elif re.match(r"^[-+]?\d{1,3}(\.\d{3})+,\d+$", s):
            raise CellError(f"'{s}' is written with a decimal comma: type it with a decimal point "
                            "(e.g. 1234.5)")
        else:
            raise CellError("not a number: type a number (no units or text in this column)")
    if not math.isfinite(x):
        raise CellError("not a finite number")
    return x


def notation_key(v: Any) -> str | None:
    """The notation key a cell holds (``NO``, ``IE``, ``NE``, ``C``, or an alias such as ``NA``), else None."""
    if not isinstance(v, str):
        return None
    k = re.sub(r"[\s.\-_]", "", normalise_text(v)).upper()
    if k in NOTATION_KEYS:
        return k
    if k in KEY_ALIASES or v.strip().upper() in KEY_ALIASES:
        return KEY_ALIASES.get(k) or KEY_ALIASES[v.strip().upper()]
    return None


def _rounding(raw: Any) -> float:
    """Half a unit of the last decimal a reported figure is given with (0.5 for 14, 0.005 for 5626.65), when it
    has at most three decimals; else 0."""
    if raw is None or isinstance(raw, bool):
        return 0.0
    text = repr(float(raw)) if isinstance(raw, (int, float)) else normalise_text(raw).replace(",", "")
    m = re.fullmatch(r"-?\d+(?:\.(\d*))?", text.strip())
    if not m:
        return 0.0
    digits = (m.group(1) or "").rstrip("0")
    return 0.5 * 10.0 ** -len(digits) if len(digits) <= 3 else 0.0


def _hkey(text: Any) -> str:
    s = normalise_text(text).lower() if text is not None else ""
    s = s.replace("₂", "2").replace("₄", "4").replace("\n", " ").replace("_", " ")
    return re.sub(r"\s+", " ", s).strip()


def _skey(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", _hkey(text)).strip()


def _gas_in(t: str) -> str | None:
    u = re.sub(r"co2\s*-?\s*e(q|quivalent)?\b", " ", t)     # "t CO2e" names a unit, not the gas
    if re.search(r"\bch4\b|methane", u):
        return "CH4"
    if re.search(r"\bn2o\b|nitrous", u):
        return "N2O"
    if re.search(r"\bco2\b|carbon dioxide", u):
        return "CO2"
    return None


def _factor_field(t: str) -> str:
    """The field of an emission-factor column, from its header key ``t`` (:func:`_hkey`)."""
    t = re.sub(r"\([^)]*\)", " ", t).strip()      # "CO2 (kg/unit)": the brackets give a unit, not the field
    if "unit" in t:
        return "ef_unit"
    if "description" in t or "name" in t:
        return "ef_description"
    if "source" in t or "reference" in t:
        return "ef_source"
    if "quality" in t:
        return "ef_quality"
    if "biogenic" in t:
        return "ef_biogenic"
    if re.search(r"oxidation|year|scale", t):
        return "ef_other"
    if "total" in t:
        return "ef_total"
    g = _gas_in(t)
    if g:
        return f"ef_{g}"
    if re.search(r"co2\s*-?\s*e", t):
        return "ef_total"
    return "ef_other"


def classify_header(text: Any) -> str | None:
    """The field a column header names (variants of the GCoM/CIRIS/CityCatalyst headers), else None.

    Fields: ``gpc_ref, sector, subsector, scope, activity, notation_key, amount, unit, methodology, source,
    data_quality, ef_unit, ef_CO2, ef_CH4, ef_N2O, ef_total, ef_biogenic, ef_description, ef_source, ef_quality,
    ef_other, t_CO2, t_CH4, t_N2O, total, co2_biogenic, explanation, year, conversion``.
    """
    t = _hkey(text)
    if not t:
        return None
    if "gpc" in t and re.search(r"ref|no\b|number|id\b|code", t) or t in ("ref", "ref.", "ref no", "reference"):
        return "gpc_ref"
    if "notation" in t:
        return "notation_key"
    if "conversion" in t or "override" in t:
        return "conversion"
    if re.search(r"emission factor|\bef\b|factor", t):
        return _factor_field(t)
    if re.search(r"sub-? ?sector|subsector|sub-category|subcategory", t) or t == "category":
        return "subsector"
    if "sector" in t:
        return "sector"
    if t.startswith("scope"):
        return "scope"
    if re.search(r"inventory year|^year$", t):
        return "year"
    if "biogenic" in t:
        return "co2_biogenic"
    if re.search(r"explanation|comment|justification", t):
        return "explanation"
    if re.search(r"other (greenhouse )?gas|other ghg|f-gas|fluorinated", t):
        return "t_other"
    emission_col = re.search(r"ghg|emission|tonnes|tons|\bt\b|tco2|\(t\)|metric", t)
    if emission_col and "unit" in t and not re.search(r"\(|co2", t):
        return "emissions_unit"         # "Total emission units": tCO2e / ktCO2e per row
    if emission_col or _gas_in(t) and len(t) < 30:
        if "total" in t:
            return "total"
        g = _gas_in(t)
        if g:
            return f"t_{g}"
        if re.search(r"co2\s*-?\s*e", t):
            return "total"
        if not re.search(r"source|description|method|quality|unit|year|scope|sector|type|comment|note|factor", t):
            return "total"              # "GHG emissions", "Emissions (t)"
    if re.search(r"^fuel( type)?$|^type of fuel$", t):
        return "fuel"
    if re.search(r"fuel type|activity type|type of activity|fuel or activity|^activity$|activity name", t):
        return "activity"
    if re.search(r"amount|value|quantity|^activity data$|^activity level$|^consumption\b", t):
        return "amount"
    if "unit" in t:
        return "unit"
    if re.search(r"method|description", t):
        return "methodology"
    if "quality" in t:
        return "data_quality"
    if "source" in t:
        return "source"
    if "total" in t and re.search(r"co2\s*-?\s*e", t):
        return "total"
    return None


def _basis_of(text: Any, default: str) -> str:
    """``co2e`` when a gas column states CO2e (the eCRF's "GHGs (metric tonnes CO2e) - CH4"), ``mass`` when it
    states the gas itself ("CH4 (t)", "tonnes CH4"), else ``default``."""
    t = _hkey(text)
    if re.search(r"co2\s*-?\s*e", t):
        return "co2e"
    if re.search(r"\(t\)|tonnes? of|\bt (ch4|n2o|co2)\b|tonnes (ch4|n2o|co2)|mass", t):
        return "mass"
    return default


def _bracket_unit(text: Any) -> str | None:
    """The unit in brackets at the end of a header ("Amount (MWh)", "CO2 EF (kg/TJ)"), if gpc can read it."""
    m = re.search(r"\(([^()]+)\)\s*$", str(text or ""))
    if not m:
        return None
    u = strip_gas(m.group(1).strip())[0]
    try:
        parse_unit(u)
    except Exception:  # noqa: BLE001 - not a unit: a remark in brackets
        return None
    return u


def _scale_of(text: Any) -> float:
    """Tonnes per unit of a reported-emissions column: 1000 for "kt CO2e" / "thousand tonnes", 10^6 for "Mt"
    (capital M: "MT" and "mt" are read as metric tonnes)."""
    raw = str(text or "")
    t = _hkey(raw)
    if re.search(r"\bkt\b|\bktco2|kilo ?tonnes|thousand (metric )?tonnes|'000 ?t", t):
        return 1e3
    if re.search(r"\bMt\b|\bMtCO2|million (metric )?tonnes", raw) or "million tonnes" in t:
        return 1e6
    return 1.0


def _quality(v: Any) -> str | None:
    if _blank(v):
        return None
    k = _hkey(v)
    for letter, words in (("H", ("h", "high")), ("M", ("m", "medium")), ("L", ("l", "low"))):
        if k in words:
            return letter
    return None
