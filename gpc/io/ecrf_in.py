"""Import an existing inventory: the GCoM Common Reporting Framework workbook (eCRF) — and, through the same
row reader, the sector sheets of a CIRIS workbook (:mod:`gpc.io.ciris_in`).

What is read from where (``docs/import.md``):

* the cover sheet (``eCRF_1``, or any sheet with a "Name of city" label): city, country, region, inventory
  year, population, GDP, GWP set and reporting level, each the first non-empty cell right of its label;
* the summary matrix (``eCRF_2``, GCoM template layout only): the explanations of notation keys and the
  sub-sector totals, checked against the sum of the detailed rows;
* the detailed sheet (``eCRF_3``, or the sheet whose header names a GPC reference column and emission
  columns): its header row is found by content (one row, or two rows with merged group titles such as
  "Activity data" over "Amount" and "Unit"), its columns by header text (:func:`classify_header`), not by
  letter. One data row per GPC reference and activity.

Each detailed row becomes rows of a v1 activity workbook:

* a notation key (also one typed in an emission column) → a notation-key row with its explanation;
* an activity gpc can compute (a fuel or grid energy in a row that takes it) whose reported tonnes are
  reproduced by amount × factor × GWP → an activity row with the file's own factors (``ef_co2``,
  ``ef_ch4``, ``ef_n2o``, ``ef_unit``; a gas the file gives no factor for gets 0, said in ``import_note``);
* anything else → direct entries of the reported tonnes, one per gas (``activity`` direct, the gas, the
  mass of the gas = reported CO2e / GWP of the cover sheet's set, unit t), biogenic CO2 as a direct entry
  with ``biogenic`` yes.

Every row keeps the file's columns (``ecrf_*``) and a reconciliation (:func:`gpc.reconcile.explain`) lists
each row whose reported tonnes differ from amount × factor × GWP, with the likely cause. Nothing is
corrected: a row that does not reproduce is imported as the tonnes the file reports.

Unlike the calculation's hot path this reader loops over rows: an eCRF has hundreds of rows, not millions.
"""

from __future__ import annotations

import math
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gpc import taxonomy
from gpc.errors import GpcError, InputError, Problem
from gpc.gwp import DEFAULT_GWP, gwp
from gpc.reconcile import close, explain
from gpc.units import UnitParseError, annual_factor, normalise_text, parse_unit, strip_gas

__all__ = [
    "ACTIVITY_COLUMNS",
    "RECONCILIATION_COLUMNS",
    "EcrfImport",
    "classify_header",
    "import_ecrf",
    "import_ecrf_workbook",
    "parse_number",
    "write_import",
]

GASES = ("CO2", "CH4", "N2O")
NOTATION_KEYS = ("NO", "IE", "NE", "C")
#: keys some files use that gpc does not: read as the gpc key, said in the explanation
KEY_ALIASES = {"NA": "NO", "N/A": "NO", "NOTAPPLICABLE": "NO", "NOTOCCURRING": "NO", "NOTESTIMATED": "NE",
               "INCLUDEDELSEWHERE": "IE", "CONFIDENTIAL": "C"}
ACTIVITY_COLUMNS = ["gpc_ref", "activity", "amount", "unit", "gas", "notation_key", "explanation", "ef_co2",
                    "ef_ch4", "ef_n2o", "ef_unit", "biogenic", "data_quality", "source"]
TRACE_COLUMNS = ["ecrf_sheet", "ecrf_row", "ecrf_activity", "ecrf_amount", "ecrf_unit", "ecrf_ef_unit",
                 "ecrf_ef_co2", "ecrf_ef_ch4", "ecrf_ef_n2o", "ecrf_co2e_co2", "ecrf_co2e_ch4", "ecrf_co2e_n2o",
                 "ecrf_co2e_total", "ecrf_co2_biogenic", "ecrf_methodology", "ecrf_ef_description",
                 "ecrf_ef_source", "import_note"]
RECONCILIATION_COLUMNS = ["sheet", "row", "gpc_ref", "activity", "gas", "reported_t_co2e", "recomputed_t_co2e",
                          "difference_t_co2e", "ratio", "cause", "explanation", "imported_as"]
_BLANK = ("", "-", "--", "—", "–", "n/a.", "…", "...")
_HEADER_SCAN = 40


# ----------------------------------------------------------------------------------------- numbers
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
    from gpc.sheets import FormulaCell

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


# ----------------------------------------------------------------------------------------- headers
def _hkey(text: Any) -> str:
    s = normalise_text(text).lower() if text is not None else ""
    s = s.replace("₂", "2").replace("₄", "4").replace("\n", " ").replace("_", " ")
    return re.sub(r"\s+", " ", s).strip()


def _gas_in(t: str) -> str | None:
    u = re.sub(r"co2\s*-?\s*e(q|quivalent)?\b", " ", t)     # "t CO2e" names a unit, not the gas
    if re.search(r"\bch4\b|methane", u):
        return "CH4"
    if re.search(r"\bn2o\b|nitrous", u):
        return "N2O"
    if re.search(r"\bco2\b|carbon dioxide", u):
        return "CO2"
    return None


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


@dataclass
class Header:
    """Where a table's header is and what each column holds."""

    row: int                        # 0-based index of the (last) header row
    first_data: int                 # 0-based index of the first data row
    columns: dict[str, int]         # field → column index
    texts: dict[int, str]           # column index → header text as shown
    basis: dict[str, str]           # t_CO2/t_CH4/t_N2O → co2e | mass
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)     # field → unit given in its header's brackets
    scale: dict[str, float] = field(default_factory=dict)   # reported-tonnes field → t per unit of the column


def _ffill(row: list[Any]) -> list[str]:
    out, last = [], ""
    for v in row:
        if not _blank(v):
            last = str(v).strip()
        out.append(last)
    return out


def _header_from(texts: list[str], default_basis: str) -> tuple[dict[str, int], dict[str, str], list[tuple[int, str]]]:
    cols: dict[str, int] = {}
    dup: list[tuple[int, str]] = []
    basis: dict[str, str] = {}
    for j, text in enumerate(texts):
        f = classify_header(text)
        if f is None or f in ("conversion", "ef_other"):
            continue
        if f in cols:
            dup.append((j, f))
            continue
        cols[f] = j
        if f.startswith("t_"):
            basis[f] = _basis_of(text, default_basis)
    return cols, basis, dup


def _score(cols: dict[str, int]) -> int:
    if not ("gpc_ref" in cols or "sector" in cols or "subsector" in cols):
        return 0
    if not any(k in cols for k in ("t_CO2", "t_CH4", "t_N2O", "total", "notation_key", "amount")):
        return 0
    return len(cols)


def find_header(rows: list[list[Any]], default_basis: str = "co2e") -> Header | None:
    """The header of a table: the row (or pair of rows, a group title over its columns) whose cells name the
    most known fields, among the first rows of the sheet; None when no row names a GPC reference or sector
    and an emission, amount or notation-key column."""
    best: tuple[int, Header] | None = None
    n = min(len(rows), _HEADER_SCAN)
    for r in range(n):
        cand: list[tuple[list[str], int]] = [([str(v).strip() if not _blank(v) else "" for v in rows[r]], r)]
        if r + 1 < len(rows):
            parent, child = _ffill(rows[r]), rows[r + 1]
            width = max(len(parent), len(child))
            parent += [""] * (width - len(parent))
            child = list(child) + [None] * (width - len(child))
            joined = [(p + " - " + str(c).strip()) if not _blank(c) and p and str(c).strip() != p
                      else (str(c).strip() if not _blank(c) else (str(rows[r][j]).strip()
                                                                   if j < len(rows[r]) and not _blank(rows[r][j])
                                                                   else ""))
                      for j, (p, c) in enumerate(zip(parent, child))]
            cand.append((joined, r + 1))
        for texts, last in cand:
            cols, basis, dup = _header_from(texts, default_basis)
            sc = _score(cols)
            if (sc >= 4 or (sc == 3 and "gpc_ref" in cols)) and (best is None or sc > best[0]):
                units = {f: u for f in ("amount", "ef_CO2", "ef_CH4", "ef_N2O", "ef_total", "ef_biogenic")
                         if f in cols and (u := _bracket_unit(texts[cols[f]]))}
                scale = {f: _scale_of(texts[cols[f]]) for f in ("t_CO2", "t_CH4", "t_N2O", "t_other", "total",
                                                               "co2_biogenic") if f in cols}
                best = (sc, Header(last, last + 1, cols, {j: t for j, t in enumerate(texts) if t}, basis, dup,
                                   units, scale))
    return best[1] if best else None


# ----------------------------------------------------------------------------------------- cover sheet
_COVER_LABELS = (
    ("name", r"^(name of (the )?city|city name|city|name|name of local government|municipality)\s*:?$"),
    ("country", r"^country\b"),
    ("region", r"^(region|province|state)\b"),
    ("year", r"^(inventory year|year of inventory|reporting year|year\s*:?$)"),
    ("population", r"population"),
    ("gdp", r"^gdp\b"),
    ("gwp", r"^(global warming potential|gwp)"),
    ("reporting_level", r"reporting level|^type$|inventory type"),
    ("boundary", r"^geographic boundary"),
)


def read_cover(rows: list[list[Any]]) -> dict[str, Any]:
    """Label → the first non-empty cell to its right, for the labels of :data:`_COVER_LABELS`."""
    out: dict[str, Any] = {}
    for r, row in enumerate(rows[:80]):
        for j, v in enumerate(row):
            if not isinstance(v, str):
                continue
            t = _hkey(v)
            for name, pat in _COVER_LABELS:
                if name in out or not re.search(pat, t):
                    continue
                if name == "gwp" and "explain" in t:
                    continue
                val = next((x for x in row[j + 1:] if not _blank(x)), None)
                if val is not None and not (isinstance(val, str) and _hkey(val) == "please select"):
                    out[name] = (val, r + 1)
                break
    return out


def gwp_set_of(text: Any) -> str | None:
    """``"IPCC AR5 (100-year)"``, ``"Fifth Assessment Report"``, ``"AR4"`` … → the GWP set id, else None."""
    t = _hkey(text)
    for pat, s in ((r"ar\s*6|sixth|6th", "AR6"), (r"ar\s*5|fifth|5th", "AR5"), (r"ar\s*4|fourth|4th", "AR4"),
                   (r"\bsar\b|second|2nd|ar\s*2", "SAR")):
        if re.search(pat, t):
            return s
    return None


# ----------------------------------------------------------------------------------------- placement
def _skey(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", _hkey(text)).strip()


#: sub-sector words → sub-sector reference (English GPC names and common variants)
_SUBSECTOR_WORDS = (
    (r"(?<!non )residential", "I.1"), (r"commercial|institutional|non residential", "I.2"),
    (r"energy industr|power (plant|generation)|energy generation", "I.4"),
    (r"manufactur|industr(y|ies) and construction|industrial buildings|industry\b", "I.3"),
    (r"agricultur.*(fish|forest)|fishing|agriculture, forestry and fishing", "I.5"),
    (r"non specified|non-specified|other stationary", "I.6"),
    (r"mining|coal", "I.7"), (r"oil and (natural )?gas|fugitive.*gas|natural gas systems", "I.8"),
    (r"on road|on-road|road transport", "II.1"), (r"rail", "II.2"),
    (r"waterborne|navigation|shipping|marine", "II.3"), (r"aviation|air transport|airport", "II.4"),
    (r"off road|off-road", "II.5"),
    (r"solid waste|landfill", "III.1"), (r"biological|compost|anaerobic", "III.2"),
    (r"incineration|open burning", "III.3"), (r"wastewater|waste water", "III.4"),
    (r"industrial process", "IV.1"), (r"produc[te] use", "IV.2"),
    (r"livestock", "V.1"), (r"^land\b|land use|forest land", "V.2"),
    (r"aggregate sources|non-co2 emission sources on land|non co2|other afolu", "V.3"),
    (r"other scope 3|out of scope", "VI.1"),
)
_SECTOR_WORDS = ((r"stationary", "I"), (r"transport", "II"), (r"waste", "III"), (r"ippu|industrial processes",
                                                                                   "IV"),
                 (r"afolu|agriculture forestry and other land use", "V"), (r"other scope", "VI"))


def _scope_of(v: Any) -> int | None:
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v in (1, 2, 3):
        return int(v)
    t = _hkey(v)
    m = re.search(r"([123])", t)
    if m:
        return int(m.group(1))
    if re.search(r"outside|indirect.*boundary|transboundary", t):
        return 3
    if "indirect" in t:
        return 2
    if "direct" in t:
        return 1
    return None


def place(sector: Any, subsector: Any, scope: Any, activity_kind: str | None,
          activity: Any = None) -> tuple[str | None, str]:
    """The GPC row of a detailed row without a reference, from its sector, sub-sector and scope text.

    ``activity_kind`` (``grid`` or ``fuel``) gives the scope of an energy row whose scope is not stated.
    Returns ``(ref, how)``; ``ref`` is None when the text does not say which row (``how`` says why).
    """
    # a full GPC row name ("Residential buildings > Emissions from fuel combustion ...")
    for text in (subsector, f"{subsector or ''} {sector or ''}"):
        if not _blank(text):
            try:
                return taxonomy.resolve_ref(str(text).replace(">", " ")), "row name"
            except ValueError:
                pass
    sub_text = " ".join(str(x) for x in (subsector,) if not _blank(x))
    sec_text = " ".join(str(x) for x in (sector,) if not _blank(x))
    if ">" in sub_text:       # "On-road > Other", "Stationary energy > Residential"
        parts = [p.strip() for p in sub_text.split(">")]
        sub_text = parts[1] if len(parts) > 1 and not any(re.search(p, _skey(parts[0])) for p, _ in _SUBSECTOR_WORDS) \
            else parts[0]
    if ">" in sec_text and not sub_text:
        sec_text, sub_text = [p.strip() for p in sec_text.split(">", 1)]
    if re.search(r"generation of grid|grid-supplied energy generation|energy generation supplied",
                 _skey(sec_text) + " " + _skey(sub_text)):
        sc = _scope_of(scope)
        if sc in (1, None):
            return "I.4.4", "sector text (generation of grid-supplied energy)"
        return None, "generation of grid-supplied energy outside the city is not a GPC row"
    sub_ref = None
    for text in (sub_text, sec_text):
        k = _skey(text)
        if not k:
            continue
        hits = [ref for pat, ref in _SUBSECTOR_WORDS if re.search(pat, k)]
        if not hits and re.search(r"^agricultur", k) and re.search(r"stationary|energy", _skey(sec_text)):
            hits = ["I.5"]          # "Agriculture" under stationary energy: agriculture, forestry and fishing
        if not hits and "fugitive" in k:     # I.7 coal or I.8 oil and gas: the activity may say which
            a = _skey(activity)
            hits = ["I.7"] if re.search(r"coal|mine|mining", a) else ["I.8"] if re.search(
                r"gas|oil|petrol|pipeline|distribution", a) else []
        if hits:
            sub_ref = hits[0]
            break
    if sub_ref is None:
        k = _skey(sec_text)
        sec = next((ref for pat, ref in _SECTOR_WORDS if re.search(pat, k)), None)
        if sec in ("VI",):
            return "VI.1", "sector text"
        return None, f"the sector/sub-sector text ({sec_text!r} / {sub_text!r}) names no GPC sub-sector"
    return _row_in_subsector(sub_ref, scope, activity_kind, "sub-sector text")


def _row_in_subsector(sub_ref: str, scope: Any, activity_kind: str | None, how: str) -> tuple[str | None, str]:
    """The row of sub-sector ``sub_ref`` with the scope stated (or implied by the activity)."""
    t = taxonomy.table()
    rows = t[t["subsector_ref"] == sub_ref]
    sc = _scope_of(scope)
    if len(rows) == 1:
        if sc is not None and sc != int(rows["scope"].iloc[0]) and not sub_ref.startswith("VI"):
            return None, f"{sub_ref} outside the city boundary (scope {sc}) is not a GPC row"
        return str(rows.index[0]), how
    if sc is None and activity_kind is not None and sub_ref.startswith(("I.", "II.")):
        sc = 2 if activity_kind == "grid" else 1
    if sc is None:
        return None, f"sub-sector {sub_ref} has several rows and the row states no scope"
    hit = rows[rows["scope"] == sc]
    if not len(hit):
        return None, f"sub-sector {sub_ref} has no scope-{sc} row"
    return str(hit.index[0]), f"{how} and scope"   # waste scope 1: x.1 (generated and treated inside)


# ----------------------------------------------------------------------------------------- result
@dataclass
class EcrfImport:
    """What :func:`import_ecrf` found.

    Attributes
    ----------
    city : dict
        City-sheet fields (name, country, region, year, gwp, population, gdp).
    activity : DataFrame
        The v1 activity rows (:data:`ACTIVITY_COLUMNS`) and their trace (:data:`TRACE_COLUMNS`).
    reconciliation : DataFrame
        One line per row and gas whose reported tonnes differ from amount × factor × GWP, or that is filed
        in a row the GPC does not put it in (:data:`RECONCILIATION_COLUMNS`).
    rows : DataFrame
        Every data row of the detailed sheet(s): where it went (``gpc_ref``, ``imported_as``) or why not.
    warnings : list[Problem]
    source : str
    """

    city: dict[str, Any]
    activity: pd.DataFrame
    reconciliation: pd.DataFrame
    rows: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)
    source: str = ""

    def activity_data(self) -> Any:
        """The imported rows as :class:`gpc.ActivityData` (read back from a temporary workbook)."""
        import gpc

        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "imported.xlsx"
            write_import(self, p)
            return gpc.read_activity(p)


# ----------------------------------------------------------------------------------------- reading
#: fields whose merged cells (one sector over several rows) hold for every row they cover
_MERGED_FIELDS = ("gpc_ref", "sector", "subsector", "scope")


def _load(path: str | Path) -> dict[str, list[list[Any]]]:
    """Every sheet's rows; a merged cell's value is also given to the rows it covers (in ``_merged``)."""
    from gpc.io import excel_in
    from gpc.io.safety import check_workbook_file

    scan = check_workbook_file(Path(path))
    try:
        problems: list[Problem] = []
        raw = excel_in._load_sheets(Path(path), scan, problems, [])
        if problems:
            raise InputError(problems)
        out = {}
        for name, sheet in raw.items():
            rows = _Rows(sheet.rows)
            rows.merged = list(sheet.merged or [])
            out[name] = rows
        return out
    except (AttributeError, TypeError):      # the private reader changed: read without merged ranges
        return excel_in.read_workbook_sheets(path, scan)


class _Rows(list):
    """A sheet's rows with its merged ranges (``((r0, c0), (r1, c1))``, 0-based, inclusive)."""

    merged: list[Any]


def _fill_merged(rows: list[list[Any]], header: Header) -> list[list[Any]]:
    """Rows where a merged GPC reference, sector, sub-sector or scope cell below the header is repeated in
    every row it covers (numbers are never repeated)."""
    merged = getattr(rows, "merged", None) or []
    cols = {header.columns[f] for f in _MERGED_FIELDS if f in header.columns}
    if not merged or not cols:
        return rows
    out = [list(r) for r in rows]
    for (r0, c0), (r1, c1) in merged:
        if r0 < header.first_data:
            continue
        for c in range(c0, c1 + 1):
            if c not in cols or r0 >= len(out) or c0 >= len(out[r0]):
                continue
            v = out[r0][c0]
            for r in range(r0 + 1, min(r1, len(out) - 1) + 1):
                while len(out[r]) <= c:
                    out[r].append(None)
                if _blank(out[r][c]):
                    out[r][c] = v
    return out


def _sheet_kind(name: str) -> str | None:
    k = re.sub(r"[^a-z0-9]", "", name.lower())
    if re.search(r"crf1$|cover|^inventory$|general", k):
        return "cover"
    if re.search(r"crf2$|summary", k):
        return "summary"
    if re.search(r"crf3$|detail|emissions", k):
        return "detail"
    return None


@dataclass
class _Ctx:
    file: str
    gwp_set: str
    problems: list[Problem]
    warnings: list[Problem]
    explanations: dict[str, str]


_EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!")


def read_detail_rows(sheet: str, rows: list[list[Any]], header: Header, problems: list[Problem],
                     default_basis: str = "co2e", warnings: list[Problem] | None = None) -> list[dict[str, Any]]:
    """The data rows below ``header`` as dicts of typed fields (numbers parsed; problems located; a cell
    showing an Excel error such as #DIV/0! is read as empty with a warning)."""
    warnings = warnings if warnings is not None else []
    out: list[dict[str, Any]] = []
    cols = header.columns
    number_fields = ("amount", "ef_CO2", "ef_CH4", "ef_N2O", "ef_total", "t_CO2", "t_CH4", "t_N2O", "t_other",
                     "total", "co2_biogenic")
    for r in range(header.first_data, len(rows)):
        raw = rows[r]
        cell = {f: (raw[j] if j < len(raw) else None) for f, j in cols.items()}
        if all(_blank(v) for v in cell.values()):
            continue
        # the header repeated further down (sector blocks each with their own header): not data
        if sum(1 for f, v in cell.items() if isinstance(v, str) and not _blank(v) and classify_header(v) == f) >= 3:
            continue
        rec: dict[str, Any] = {"sheet": sheet, "row": r + 1}
        keys_in_numbers: list[str] = []
        bad = False
        for f, v in cell.items():
            if f in number_fields:
                k = notation_key(v)
                if k is not None:
                    if f != "amount":
                        keys_in_numbers.append(k)
                    rec[f] = None
                    continue
                if isinstance(v, str) and normalise_text(v).strip().upper() in _EXCEL_ERRORS:
                    warnings.append(Problem(sheet, r + 1, header.texts.get(cols[f], f), v,
                                            f"the cell shows the Excel error {v.strip()}: read as empty", "warning"))
                    rec[f] = None
                    continue
                try:
                    rec[f] = parse_number(v)
                    rec[f"_tol_{f}"] = _rounding(v) * header.scale.get(f, 1.0)
                    if rec[f] is not None and header.scale.get(f, 1.0) != 1.0:
                        rec[f] *= header.scale[f]
                except CellError as exc:
                    problems.append(Problem(sheet, r + 1, header.texts.get(cols[f], f), v, str(exc)))
                    bad = True
                    rec[f] = None
            else:
                rec[f] = None if _blank(v) else (v.strip() if isinstance(v, str) else v)
        if "emissions_unit" in cols and not _blank(cell.get("emissions_unit")):
            k = _scale_of(cell["emissions_unit"])
            if k != 1.0:
                for f in ("t_CO2", "t_CH4", "t_N2O", "t_other", "total", "co2_biogenic"):
                    if rec.get(f) is not None:
                        rec[f] *= k
        rec["_keys_in_numbers"] = keys_in_numbers
        rec["_bad"] = bad
        out.append(rec)
    return out


def _key_of(rec: dict[str, Any], sheet: str, header: Header, problems: list[Problem]) -> tuple[str | None, str]:
    """The row's notation key and a note when it was read from an alias (NA) or an emission column."""
    raw = rec.get("notation_key")
    note = ""
    key = None
    if not _blank(raw):
        key = notation_key(raw)
        if key is None:
            # "NO, IE" or "NE/NO": the first key, said
            parts = [notation_key(p) for p in re.split(r"[,/;]", str(raw))]
            parts = [p for p in parts if p]
            lead = re.match(r"^\s*(NO|NE|IE|NA|C)\b\s*[-–—:(]", str(raw), re.IGNORECASE)
            if not parts and lead:      # "NO - not occurring", "IE (included in I.2.1)"
                parts = [notation_key(lead.group(1))]
            if parts:
                key = parts[0]
                note = f"notation key '{raw}' read as {key}"
            else:
                problems.append(Problem(sheet, rec["row"], header.texts.get(header.columns["notation_key"]), raw,
                                        "not a notation key: use NO, IE, NE or C (NA is read as NO)"))
        elif _hkey(raw).upper().replace(" ", "") not in NOTATION_KEYS:
            note = f"notation key '{raw}' read as {key}"
    if key is None and rec["_keys_in_numbers"]:
        ks = list(dict.fromkeys(rec["_keys_in_numbers"]))
        key = ks[0]
        note = f"notation key {'/'.join(ks)} typed in the emission columns"
    return key, note


def _gwp(gas: str, s: str) -> float:
    return 1.0 if gas == "CO2" else gwp(gas, s)


def _activity_kind(text: Any, unit: Any) -> tuple[str | None, str | None]:
    """(activity id gpc knows or None, ``grid`` / ``fuel`` / None)."""
    if _blank(text):
        return None, None
    from gpc.activities import (
        DISTRICT_HEAT,
        GRID_ELECTRICITY,
        all_known_activities,
        fuel_catalogue,
        resolve_activity,
    )

    known = all_known_activities()
    a = resolve_activity(text, known)
    if a is None:
        k = _skey(text)
        if re.search(r"electric|grid", k):
            a = GRID_ELECTRICITY
        elif re.search(r"district heat|steam|heat purchased|purchased heat", k):
            a = DISTRICT_HEAT
    if a in (GRID_ELECTRICITY, DISTRICT_HEAT):
        return a, "grid"
    if a is not None and a in set(fuel_catalogue()["fuel"] if "fuel" in fuel_catalogue() else fuel_catalogue().index):
        return a, "fuel"
    return None, None


def _row_result(rec: dict[str, Any], header: Header, ctx: _Ctx, rtol: float) -> dict[str, Any]:
    """Placement, reported and recomputed tonnes, reconciliation lines and the activity-sheet rows of one
    detailed row."""
    sheet, r = rec["sheet"], rec["row"]
    s = ctx.gwp_set
    res: dict[str, Any] = {"sheet": sheet, "row": r, "gpc_ref": None, "status": "", "lines": [], "activity": [],
                           "note": ""}
    if not _blank(rec.get("fuel")):      # separate "Activity type" and "Fuel type" columns: the fuel decides
        fuel_id, fuel_kind = _activity_kind(rec.get("fuel"), None)
        text = " / ".join(str(x) for x in (rec.get("activity"), rec.get("fuel")) if not _blank(x))
        if fuel_id is not None:
            act_id, kind = fuel_id, fuel_kind
        else:
            act_id, kind = _activity_kind(rec.get("activity"), None)
        rec["activity"] = text
    else:
        act_id, kind = _activity_kind(rec.get("activity"), rec.get("unit"))
    # ---- where
    ref_cell = rec.get("gpc_ref")
    if not _blank(ref_cell) and (re.search(r"total", str(ref_cell), re.IGNORECASE)
                                 or re.fullmatch(r"(I|II|III|IV|V|VI)\.?", str(ref_cell).strip())):
        res["status"] = f"not imported: a total row ({ref_cell})"
        ctx.warnings.append(Problem(sheet, r, header.texts.get(header.columns["gpc_ref"]), ref_cell,
                                    "a total row: not imported (its rows are imported one by one)", "warning"))
        return res
    if not _blank(ref_cell):
        cleaned = re.sub(r"[.\s]+$", "", normalise_text(ref_cell).strip())
        sub = taxonomy.normalise_ref(cleaned)
        try:
            if sub in set(taxonomy.table()["subsector_ref"]) and sub not in taxonomy.table().index:
                ref, how = _row_in_subsector(sub, rec.get("scope"), kind, "sub-sector reference")
                if ref is None:     # "I.1" without a scope: a sub-sector total
                    res["status"] = f"not imported: {how} (a sub-sector total?)"
                    ctx.warnings.append(Problem(sheet, r, header.texts.get(header.columns["gpc_ref"]), ref_cell,
                                                f"not imported: {how}; if it is a sub-sector total its rows are "
                                                "imported one by one, else give the row's GPC reference",
                                                "warning"))
                    return res
            else:
                ref, how = _lenient_ref(cleaned)
        except ValueError as exc:
            content = any(rec.get(f) is not None for f in ("t_CO2", "t_CH4", "t_N2O", "total", "co2_biogenic",
                                                           "amount"))
            if taxonomy.normalise_ref(ref_cell) in _template_only_refs() and not content:
                if not _blank(rec.get("notation_key")) or rec["_keys_in_numbers"]:
                    res["status"] = "not imported: not a GPC row"
                    ctx.warnings.append(Problem(sheet, r, header.texts.get(header.columns["gpc_ref"]), ref_cell,
                                                f"{ref_cell} is a row of the eCRF template but not of the GPC: its "
                                                "notation key is not imported", "warning"))
                return res
            ctx.problems.append(Problem(sheet, r, header.texts.get(header.columns["gpc_ref"]), ref_cell,
                                        f"unknown GPC reference ({exc}): use a reference number such as I.1.1, "
                                        "II.1.2, III.1.1, IV.1, V.3"))
            return res
    else:
        ref, how = place(rec.get("sector"), rec.get("subsector"), rec.get("scope"), kind, rec.get("activity"))
    key, key_note = _key_of(rec, sheet, header, ctx.problems)
    # ---- reported tonnes (CO2e per gas)
    rep: dict[str, float] = {}
    for g in GASES:
        v = rec.get(f"t_{g}")
        if v is not None:
            rep[g] = v if header.basis.get(f"t_{g}", "co2e") == "co2e" else v * _gwp(g, s)
    total, bio, t_other = rec.get("total"), rec.get("co2_biogenic"), rec.get("t_other")
    has_numbers = bool(rep) or total is not None or bio is not None or t_other is not None
    if ref is None:
        if has_numbers or key or rec.get("amount") is not None:
            res["status"] = f"not placed: {how}"
            ctx.warnings.append(Problem(sheet, r, None, rec.get("subsector") or rec.get("sector"),
                                        f"row not imported: {how}" + ("" if "not a GPC row" in how else
                                                                      "; give its GPC reference number"), "warning"))
        return res
    res["gpc_ref"] = ref
    res["how"] = how
    base = {"gpc_ref": ref, "ecrf_sheet": sheet, "ecrf_row": r, "ecrf_activity": rec.get("activity"),
            "ecrf_amount": rec.get("amount"), "ecrf_unit": rec.get("unit"), "ecrf_ef_unit": rec.get("ef_unit"),
            "ecrf_ef_co2": rec.get("ef_CO2"), "ecrf_ef_ch4": rec.get("ef_CH4"), "ecrf_ef_n2o": rec.get("ef_N2O"),
            "ecrf_co2e_co2": rep.get("CO2"), "ecrf_co2e_ch4": rep.get("CH4"), "ecrf_co2e_n2o": rep.get("N2O"),
            "ecrf_co2e_total": total, "ecrf_co2_biogenic": bio, "ecrf_methodology": rec.get("methodology"),
            "ecrf_ef_description": rec.get("ef_description"), "ecrf_ef_source": rec.get("ef_source"),
            "data_quality": _quality(rec.get("data_quality")),
            "source": rec.get("source") or f"{ctx.file}, sheet {sheet} row {r}"}
    nonzero = any(abs(v) > 0 for v in rep.values()) or bool(total) or bool(bio) or bool(t_other)
    if key and not nonzero:
        raw_key = rec.get("notation_key")
        worded = str(raw_key).strip() if isinstance(raw_key, str) and len(raw_key.strip()) > 3 else None
        expl = ctx.explanations.get(ref) or rec.get("explanation") or worded or rec.get("methodology")
        if not expl:
            expl = f"{key} as reported in the eCRF ({ctx.file}, sheet {sheet} row {r}); the file gives no explanation"
        named = set(re.findall(r"\b((?:I|II|III|IV|V|VI)\.\d+(?:\.\d+)?)", str(expl))) - {ref}
        if key == "IE" and not named:
            res["status"] = "IE not imported: the file does not say where it is included"
            ctx.warnings.append(Problem(sheet, r, "notation key", key,
                                        f"{ref} is IE but the file does not say in which GPC row it is included: "
                                        "not imported (add a notation-key row with 'included in <GPC row>')",
                                        "warning"))
            return res
        res["key"] = key
        res["key_column"] = header.texts.get(header.columns["notation_key"]) if "notation_key" in header.columns \
            else None
        res["status"] = "notation key"
        res["activity"].append({**base, "notation_key": key, "explanation": str(expl),
                                "import_note": "; ".join(x for x in (key_note, how if how != "GPC reference" else "")
                                                         if x)})
        return res
    if not has_numbers:
        res["status"] = "empty: nothing reported"
        if rec.get("amount") is not None:
            res["status"] = "activity without reported tonnes"
            ctx.warnings.append(Problem(sheet, r, None, rec.get("amount"),
                                        "an activity amount without reported tonnes: not imported", "warning"))
        return res
    # ---- recompute
    rec_co2e: dict[str, float] = {}
    why_not = ""
    mass_ef: dict[str, float] = {}
    ef_unit_out = None
    amount = rec.get("amount")
    unit = rec.get("unit") if not _blank(rec.get("unit")) else header.units.get("amount")
    efs = {g: rec.get(f"ef_{g}") for g in GASES if rec.get(f"ef_{g}") is not None}
    ef_total = rec.get("ef_total")

    def ef_unit_of(f: str) -> Any:
        u = rec.get("ef_unit")
        return u if not _blank(u) else header.units.get(f)

    if amount is None or _blank(unit):
        why_not = "no activity amount and unit"
    elif not efs and ef_total is None:
        why_not = "no emission factor"
    elif any(_blank(ef_unit_of(f"ef_{g}")) for g in efs) or (not efs and _blank(ef_unit_of("ef_total"))):
        why_not = "no emission-factor unit"
    else:
        units_out = set()
        for g, ef in (efs.items() if efs else [("total", ef_total)]):
            u, tag = strip_gas(re.sub(r"\s+per\s+", "/", str(ef_unit_of(f"ef_{g}")).strip()))
            try:
                k = _combine(str(unit), u)
            except Exception as exc:  # noqa: BLE001 - any unit the registry cannot read
                why_not = f"the units do not combine ({exc})"
                rec_co2e.clear()
                mass_ef.clear()
                break
            units_out.add(u)
            if g == "total":
                rec_co2e["total"] = amount * ef * k
            elif tag == "CO2e":
                rec_co2e[g] = amount * ef * k
                mass_ef[g] = ef / _gwp(g, s)
            else:
                rec_co2e[g] = amount * ef * k * _gwp(g, s)
                mass_ef[g] = ef
        ef_unit_out = units_out.pop() if len(units_out) == 1 else None
    lines = res["lines"]
    flagged = False
    act_text = rec.get("activity")

    def line(gas: str, reported: Any, recomputed: Any, cause: str, text: str) -> None:
        diff = (reported - recomputed) if reported is not None and recomputed is not None else None
        ratio = (reported / recomputed) if reported is not None and recomputed else None
        lines.append({"sheet": sheet, "row": r, "gpc_ref": ref, "activity": act_text, "gas": gas,
                      "reported_t_co2e": reported, "recomputed_t_co2e": recomputed, "difference_t_co2e": diff,
                      "ratio": ratio, "cause": cause, "explanation": text})

    for g in GASES:
        tol_g = rec.get(f"_tol_t_{g}", 0.0) * (1.0 if header.basis.get(f"t_{g}", "co2e") == "co2e" else _gwp(g, s))
        if g in rec_co2e and g in rep and not _agrees(tol_g, rep[g], rec_co2e[g], rtol):
            cause, text = _explain(g, rep[g], rec_co2e[g], s, ref, kind)
            line(g, rep[g], rec_co2e[g], cause, text)
            flagged = True
        elif g in rec_co2e and g not in rep and rec_co2e[g] and total is None:
            line(g, None, rec_co2e[g], "no_tonnes", f"a {g} factor is given but no {g} tonnes are reported")
            flagged = True
    other_gases = t_other or None
    if other_gases is not None:
        if total is not None and not close(sum(rep.values()) + other_gases, total, rtol):
            line("total", total, sum(rep.values()) + other_gases, "gases_vs_total",
                 f"the gases add up to {sum(rep.values()) + other_gases:,.6g} t CO2e, the reported total is "
                 f"{total:,.6g} t CO2e")
            flagged = True
    elif (rep and total is not None and bio and not close(sum(rep.values()), total, rtol)
          and close(sum(rep.values()) + bio, total, rtol)):
        line("total", total, sum(rep.values()), "biogenic_in_total",
             f"the reported total {total:,.6g} t CO2e includes the biogenic CO2 ({bio:,.6g} t), which the GPC "
             "reports outside the totals: the gases are imported, the biogenic CO2 as biogenic")
        flagged = True
    elif rep and total is not None and total > sum(rep.values()) and not close(sum(rep.values()), total, rtol):
        other_gases = total - sum(rep.values())     # HFCs, PFCs, SF6 … counted in the total only
        line("other gases", total, sum(rep.values()), "other_gases",
             f"the total is {other_gases:,.6g} t CO2e above CO2 + CH4 + N2O: imported as other gases (HFCs, PFCs, "
             "SF6 …) in CO2e; if the row has none, the total is wrong")
    elif rep and total is not None and not close(sum(rep.values()), total, rtol):
        line("total", total, sum(rep.values()), "gases_vs_total",
             f"the gases add up to {sum(rep.values()):,.6g} t CO2e, the reported total is {total:,.6g} t CO2e")
        flagged = True
    if not rep and total is not None and rec_co2e:
        recomputed_total = sum(rec_co2e.values())
        if not _agrees(rec.get("_tol_total", 0.0), total, recomputed_total, rtol):
            cause, text = _explain("total", total, recomputed_total, s, ref, kind)
            line("total", total, recomputed_total, cause, text)
            flagged = True
    ef_bio = rec.get("ef_biogenic")
    if bio and ef_bio is not None and amount is not None and not _blank(unit):
        try:
            u_bio = ef_unit_of("ef_biogenic")
            recomputed_bio = amount * ef_bio * _combine(str(unit), strip_gas(str(u_bio))[0])
        except Exception:  # noqa: BLE001 - no unit or units that do not combine: nothing to check
            recomputed_bio = None
        if recomputed_bio is not None and not close(bio, recomputed_bio, rtol):
            cause, text = explain("CO2", bio, recomputed_bio, s)
            line("CO2 (biogenic)", bio, recomputed_bio, cause, text)
    if kind == "fuel" and rep.get("CO2") and _is_biogenic(act_id):
        line("CO2", rep["CO2"], None, "biogenic_as_fossil",
             f"{act_text} is a biomass fuel ({act_id}): its CO2 is biogenic and the GPC reports it outside the "
             "totals, but the row reports it in the CO2 column (imported as reported, in the totals)")
        flagged = True
    stated = _scope_of(rec.get("scope")) if how == "GPC reference" else None
    if stated is not None and stated != taxonomy.scope(ref) and not (kind == "grid" and taxonomy.scope(ref) == 1):
        line("all", total if total is not None else sum(rep.values()), None, "ref_vs_scope",
             f"the row's scope column says scope {stated} ({rec.get('scope')}) but its GPC reference {ref} is "
             f"scope {taxonomy.scope(ref)}")
        flagged = True
    if kind == "grid" and taxonomy.scope(ref) == 1:
        target = re.sub(r"\.1$", ".2", ref)
        line("all", total if total is not None else sum(rep.values()), None, "scope2_in_scope1",
             f"grid-supplied energy ({act_text}) filed in the scope-1 row {ref}: the GPC reports it in {target} "
             "(scope 2)")
        flagged = True
    # ---- what to import
    reproduces = (ef_unit_out is not None and other_gases is None and not flagged and not why_not
                  and bool(rec_co2e) and act_id is not None and "total" not in rec_co2e
                  and all(g in rec_co2e for g, v in rep.items() if v) and not bio and _takes(ref, kind))
    if reproduces:
        no_ef = [g for g in GASES if g not in mass_ef]
        note = "activity × the file's factors reproduces the reported tonnes"
        if no_ef:
            note += f"; the file gives no {'/'.join(no_ef)} factor: 0 entered"
        res["activity"].append({**base, "activity": act_id, "amount": amount, "unit": str(unit),
                                "ef_co2": mass_ef.get("CO2", 0.0), "ef_ch4": mass_ef.get("CH4", 0.0),
                                "ef_n2o": mass_ef.get("N2O", 0.0), "ef_unit": ef_unit_out,
                                "import_note": _join_notes(note, key_note)})
        res["expected"] = (sum(rec_co2e.values()), 0.0)
        res["status"] = "activity"
    else:
        why = ("reported tonnes differ from activity × factor × GWP (see reconciliation)" if flagged else
               f"not recomputable: {why_not}" if why_not else
               "the total includes gases other than CO2, CH4 and N2O" if other_gases is not None else
               f"activity '{act_text}' is not one gpc computes in {ref}" if act_id is None or not _takes(ref, kind)
               else "the file gives factors for only some of the gases it reports" if rec_co2e else
               "biogenic CO2 reported")
        res["activity"].extend(_direct_rows(base, rep, total, bio, s, _join_notes(f"reported tonnes kept: {why}",
                                                                                     key_note)))
        if other_gases is not None:
            res["activity"].append({**base, "activity": "direct", "gas": "CO2e", "amount": other_gases, "unit": "t",
                                    "import_note": "other gases (HFCs, PFCs, SF6 …): reported total minus CO2, CH4 "
                                                   "and N2O"})
        res["expected"] = (total if total is not None else sum(rep.values()) + (other_gases or 0.0), bio or 0.0)
        res["status"] = "direct"
    for ln in lines:
        ln["imported_as"] = res["status"]
    if key and nonzero:
        res["note"] = f"notation key {key} beside reported tonnes: the tonnes are imported"
    return res


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


def _agrees(rounding: float, reported: float, recomputed: float, rtol: float) -> bool:
    """Reported and recomputed agree within the tolerance, or within the rounding of the reported figure
    (``rounding``, t CO2e: a file that prints whole tonnes reproduces when amount × factor is within 0.5 t)."""
    return close(reported, recomputed, rtol) or abs(reported - recomputed) <= rounding * (1 + 1e-9)


def _lenient_ref(text: str) -> tuple[str, str]:
    """The GPC row a reference cell names: :func:`gpc.taxonomy.resolve_ref`, or a reference number followed by a
    remark that names no other row ("I.4.4 (CHP)", "II.1.1 - buses"), said in the note. A number followed by
    another row's name is refused (ValueError)."""
    try:
        return taxonomy.resolve_ref(text), "GPC reference"
    except ValueError:
        m = re.match(r"^\s*((?:I|II|III|IV|V|VI)\.\d+(?:\.\d+)?)\b\s*(.*)$", normalise_text(text), re.IGNORECASE)
        if not m or taxonomy.normalise_ref(m.group(1)) not in taxonomy.table().index:
            raise
        lead, rest = taxonomy.normalise_ref(m.group(1)), m.group(2).strip(" -–—:()[]")
        try:
            other = taxonomy.resolve_ref(rest) if rest else lead
        except ValueError as exc:       # the name of several rows: refused unless this row is one of them
            other = lead if "several rows" not in str(exc) or re.search(rf"\b{re.escape(lead)}\b", str(exc)) \
                else "?"
        if other != lead:
            raise
        return lead, "GPC reference"


def _template_only_refs() -> frozenset[str]:
    """GPC reference numbers the GCoM template lists that the GPC does not have (e.g. II.5.3)."""
    from gpc.reports.ecrf import layout

    refs = {c.text for c in layout() if c.sheet == "eCRF_3" and c.kind == "label" and c.cell.startswith("B")}
    return frozenset(r for r in refs if re.match(r"^[IVX]+\.\d", r) and r not in taxonomy.table().index)


def _explain(gas: str, reported: float, recomputed: float, s: str, ref: str, kind: str | None) -> tuple[str, str]:
    """:func:`gpc.reconcile.explain`, and T&D losses given with the consumption as their amount."""
    if kind == "grid" and taxonomy.scope(ref) == 3 and recomputed and 0 < reported / recomputed < 0.3:
        x = reported / recomputed
        text = (f"a T&D-loss row whose amount is the energy consumed, not the losses: reported = {x:.4g} × "
                f"amount × factor (a loss rate of {x:.2%} per unit consumed, or {x / (1 + x):.2%} of the energy "
                "supplied)")
        return "td_losses", text
    return explain(gas, reported, recomputed, s)


def _is_biogenic(fuel: str | None) -> bool:
    from gpc.activities import fuel_catalogue

    cat = fuel_catalogue()
    return fuel is not None and fuel in cat.index and bool(cat.loc[fuel, "biogenic"])


def _join_notes(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _combine(activity_unit: str, factor_unit: str) -> float:
    """k with amount [activity_unit] × factor [factor_unit] × k = t (unit names as typed, else lower-cased:
    "Tonnes", "Litres"; "kg per kWh" is kg/kWh)."""
    factor_unit = re.sub(r"\s+per\s+", "/", factor_unit.strip())
    try:
        return annual_factor(activity_unit, factor_unit, "t")
    except UnitParseError:
        return annual_factor(activity_unit.strip().lower(), factor_unit.strip(), "t")


def _takes(ref: str, kind: str | None) -> bool:
    """Whether the activity sheet computes this kind of activity in ``ref``."""
    t = taxonomy.table()
    if ref not in t.index or kind is None:
        return False
    sc = int(t.loc[ref, "scope"])
    if kind == "grid":
        return sc == 2 and ref.startswith(("I.", "II."))
    cat = t.loc[ref, "combustion_category"]
    return isinstance(cat, str) and bool(cat) and (sc == 1 or (ref.startswith("II.") and sc == 3))


def _quality(v: Any) -> str | None:
    if _blank(v):
        return None
    k = _hkey(v)
    for letter, words in (("H", ("h", "high")), ("M", ("m", "medium")), ("L", ("l", "low"))):
        if k in words:
            return letter
    return None


def _direct_rows(base: dict[str, Any], rep: dict[str, float], total: float | None, bio: float | None, s: str,
                 note: str) -> list[dict[str, Any]]:
    out = []
    for g, v in rep.items():
        if v == 0 and (total or any(rep.values())):
            continue
        out.append({**base, "activity": "direct", "gas": g, "amount": v / _gwp(g, s), "unit": "t",
                    "import_note": note + (f"; t {g} = {v:.10g} t CO2e / GWP {_gwp(g, s):g} ({s})"
                                           if g != "CO2" else "")})
    if not rep and total is not None:
        out.append({**base, "activity": "direct", "gas": "CO2e", "amount": total, "unit": "t",
                    "import_note": note + "; the file gives the total only"})
    if bio:
        out.append({**base, "activity": "direct", "gas": "CO2", "amount": bio, "unit": "t", "biogenic": "yes",
                    "import_note": note + "; biogenic CO2 (reported outside the totals)"})
    return out


def _summary(rows: list[list[Any]], sheet: str) -> tuple[dict[str, str], list[tuple[str, tuple[str, ...], float]]]:
    """Explanations (by GPC ref) and totals (cell, refs, value) of a summary sheet in the GCoM template
    layout; nothing when its labels are not where the template has them."""
    from gpc.reports.ecrf import _cell_index, layout

    cells = [c for c in layout() if c.sheet == "eCRF_2"]

    def at(cell: str) -> Any:
        r, c = _cell_index(cell)
        return rows[r][c] if r < len(rows) and c < len(rows[r]) else None

    labels = [c for c in cells if c.kind == "label" and c.cell.startswith("A")]
    same = sum(1 for c in labels if _skey(at(c.cell)) == _skey(c.text))
    if not labels or same < 0.8 * len(labels):
        return {}, []
    expl: dict[str, str] = {}
    totals = []
    for c in cells:
        if c.kind != "value":
            continue
        v = at(c.cell)
        if c.quantity == "explanation" and isinstance(v, str) and v.strip():
            for part in re.split(r";\s*(?=[IVX]+\.\d)", v):
                m = re.match(r"^([IVX]+\.\d+(?:\.\d+)?):\s*(.*)$", part.strip(), re.DOTALL)
                if m:
                    expl[m.group(1)] = m.group(2)
                else:
                    for ref in c.gpc_refs:
                        expl.setdefault(ref, v.strip())
        elif c.quantity == "note" and isinstance(v, str):
            for m in re.finditer(r"([IVX]+\.\d+(?:\.\d+)?) (NO|IE|NE|C) \(([^)]*)\)", v):
                expl.setdefault(m.group(1), m.group(3))
        elif c.quantity == "co2e" and c.cell[0] in "BDF" and 3 < int(c.cell[1:]) < 33:
            try:
                x = parse_number(v)
            except CellError:
                x = None
            if x is not None:
                totals.append((c.cell, c.gpc_refs, x))
    return expl, totals


def import_rows(tables: list[tuple[str, list[list[Any]], Header]], cover: dict[str, Any], *, file: str,
                explanations: dict[str, str] | None = None, rtol: float = 1e-3,
                problems: list[Problem] | None = None, default_basis: str = "co2e") -> EcrfImport:
    """Import detailed rows (one or more sheets with their header) with the cover sheet's settings."""
    problems = list(problems or [])
    warnings: list[Problem] = []
    city: dict[str, Any] = {}
    for name in ("name", "country", "region"):
        if name in cover:
            city[name] = str(cover[name][0]).strip()
    if "year" in cover:
        v = cover["year"][0]
        m = re.search(r"(19|20)\d\d", str(int(v) if isinstance(v, float) and v.is_integer() else v))
        if m:
            city["year"] = int(m.group(0))
    if "year" not in city:
        for _, rows, h in tables:
            if "year" in h.columns:
                ys = {rows[i][h.columns["year"]] for i in range(h.first_data, len(rows))
                      if h.columns["year"] < len(rows[i]) and not _blank(rows[i][h.columns["year"]])}
                ys = {int(float(str(y).strip())) for y in ys if re.fullmatch(r"(19|20|21)\d\d(\.0)?", str(y).strip())}
                if len(ys) == 1:
                    city["year"] = ys.pop()
    if "year" not in city:
        problems.append(Problem(file, None, "inventory year", None,
                                "no inventory year found: the cover sheet needs 'Inventory year' and its value"))
    if "population" in cover:
        try:
            city["population"] = parse_number(cover["population"][0])
        except CellError as exc:
            warnings.append(Problem(file, cover["population"][1], "population", cover["population"][0],
                                    f"population not read: {exc}", "warning"))
    if "gdp" in cover:
        g = cover["gdp"][0]
        try:
            x = parse_number(g)
            if x:
                city["gdp"] = f"{x:.10g} USD"
        except CellError:
            warnings.append(Problem(file, cover["gdp"][1], "gdp", g, "GDP not read: not a number", "warning"))
    gset = gwp_set_of(cover["gwp"][0]) if "gwp" in cover else None
    if gset is None:
        gset = DEFAULT_GWP
        warnings.append(Problem(file, cover["gwp"][1] if "gwp" in cover else None, "GWP",
                                cover["gwp"][0] if "gwp" in cover else None,
                                f"the file does not say which GWP set it used: {DEFAULT_GWP} assumed (the GPC's "
                                "default); check the reconciliation for CH4/N2O ratios", "warning"))
    city["gwp"] = gset
    ctx = _Ctx(file, gset, problems, warnings, dict(explanations or {}))
    results = []
    for sheet, rows, header in tables:
        rows = _fill_merged(rows, header)
        for j, f in header.duplicates:
            warnings.append(Problem(sheet, header.row + 1, header.texts.get(j, f), None,
                                    f"a second column for '{f}': the first one is read", "warning"))
        for rec in read_detail_rows(sheet, rows, header, problems, default_basis, warnings):
            try:
                results.append(_row_result(rec, header, ctx, rtol))
            except (InputError, KeyboardInterrupt):
                raise
            except Exception as exc:  # noqa: BLE001 - one odd row must not stop the import: it is reported
                warnings.append(Problem(sheet, rec["row"], None, None,
                                        f"row not imported: gpc could not read it ({type(exc).__name__}: {exc}); "
                                        "please report this file layout", "warning"))
                results.append({"sheet": sheet, "row": rec["row"], "gpc_ref": None, "lines": [], "activity": [],
                                "status": f"not imported: {type(exc).__name__}", "note": ""})
    # conflicting notation keys for one reference; keys beside tonnes of the same reference
    by_ref: dict[str, list[dict[str, Any]]] = {}
    for res in results:
        if res.get("gpc_ref"):
            by_ref.setdefault(res["gpc_ref"], []).append(res)
    for ref, rs in by_ref.items():
        keyed = [x for x in rs if x["status"] == "notation key"]
        valued = [x for x in rs if x["status"] in ("activity", "direct")]
        explicit = [x for x in keyed if x.get("how") == "GPC reference"]
        if explicit and len(explicit) < len(keyed) and not valued:
            for x in keyed:
                if x.get("how") != "GPC reference":
                    x["activity"] = []
                    x["status"] = (f"notation key {x['key']} (placed from its text) not imported: {ref} has its own "
                                   f"key in row {explicit[0]['row']}")
            keyed = explicit
        keys = {x["key"] for x in keyed}
        if len(keys) > 1 and not valued:
            for x in keyed:
                problems.append(Problem(x["sheet"], x["row"], x.get("key_column") or "notation key", x["key"],
                                        f"{ref} has conflicting notation keys ({', '.join(sorted(keys))}) in rows "
                                        f"{', '.join(str(y['row']) for y in keyed)}: keep one"))
        drop = keyed[1:] if not valued else keyed
        for x in drop:
            x["activity"] = []
            x["status"] = (f"notation key {x['key']} not imported: {ref} has reported tonnes in row "
                           f"{valued[0]['row']}" if valued else f"notation key {x['key']} repeated for {ref}")
    if problems:
        raise InputError(problems)
    act_rows = [a for res in results for a in res["activity"]]
    activity = pd.DataFrame(act_rows, columns=ACTIVITY_COLUMNS + TRACE_COLUMNS)
    lines = [ln for res in results for ln in res["lines"]]
    recon = pd.DataFrame(lines, columns=RECONCILIATION_COLUMNS)
    rows_df = pd.DataFrame([{k: res.get(k) for k in ("sheet", "row", "gpc_ref", "status", "note")}
                            for res in results])
    out = EcrfImport(city, activity, recon, rows_df, warnings, file)
    _self_check(out, results)
    return out


def _self_check(out: EcrfImport, results: list[dict[str, Any]]) -> None:
    """Build the imported rows with gpc and turn into direct entries every activity row gpc computes
    differently from amount × factor × GWP (a default it adds, an oxidation factor …): the workbook then
    reproduces the file wherever the file's arithmetic is right."""
    import gpc

    act = out.activity
    if not len(act):
        return
    is_act = act["activity"].notna() & (act["activity"] != "direct")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "check.xlsx"
        write_import(out, p, reconciliation=False)
        try:
            inv = gpc.calculate(p)
            e = inv.emissions
            got = e[~e["biogenic"].astype(bool)].groupby("row")["co2e_t"].sum()
            bio = e[e["biogenic"].astype(bool)].groupby("row")["emissions_t"].sum()
            bad_rows: set[int] = set()
        except GpcError as err:
            if not isinstance(err, InputError):     # e.g. a factor set gpc cannot load: keep what the file says
                err = InputError([Problem("activity", int(i) + 2, None, None, str(err)) for i in act.index[is_act]])
            got, bio = pd.Series(dtype=float), pd.Series(dtype=float)
            bad_rows = {int(pr.row) for pr in err.problems if pr.sheet == "activity" and pr.row}
            for pr in err.problems:     # rows that stay as they are (direct entries, keys): said now
                i = int(pr.row) - 2 if pr.sheet == "activity" and pr.row else None
                if i is None or not (0 <= i < len(act)) or is_act.iloc[i]:
                    if i is None:
                        out.warnings.append(Problem(pr.sheet, pr.row, pr.column, pr.value,
                                                    f"the imported workbook will not build: {pr.message}",
                                                    "warning"))
                    continue
                out.warnings.append(Problem(str(act.at[i, "ecrf_sheet"]), int(act.at[i, "ecrf_row"]), pr.column,
                                            pr.value, f"imported as activity row {pr.row}, which gpc will not "
                                                      f"build: {pr.message}", "warning"))
    exp = {(res["sheet"], res["row"]): res for res in results if res.get("status") == "activity"}
    redo = []
    for i in act.index[is_act]:
        xl = i + 2
        res = exp.get((act.at[i, "ecrf_sheet"], act.at[i, "ecrf_row"]))
        want = res["expected"][0] if res else None
        ok = xl not in bad_rows and want is not None and close(float(got.get(xl, 0.0)), want, 1e-6, 1e-6) \
            and abs(float(bio.get(xl, 0.0))) < 1e-9
        if not ok:
            redo.append(i)
    if not redo:
        return
    new_rows = []
    for i in act.index:
        if i not in redo:
            new_rows.append(act.loc[i].to_dict())
            continue
        a = act.loc[i].to_dict()
        rep = {g: a[f"ecrf_co2e_{g.lower()}"] for g in GASES if _num_ok(a[f"ecrf_co2e_{g.lower()}"])}
        tot = a["ecrf_co2e_total"] if _num_ok(a["ecrf_co2e_total"]) else None
        base = {k: a[k] for k in ["gpc_ref", "data_quality", "source"] + TRACE_COLUMNS[:-1]}
        new_rows.extend(_direct_rows(base, rep, tot, None, out.city["gwp"],
                                     "reported tonnes kept: gpc computes this activity differently from amount × "
                                     "factor (e.g. its own defaults for the fuel)"))
        st = out.rows[(out.rows["sheet"] == a["ecrf_sheet"]) & (out.rows["row"] == a["ecrf_row"])].index
        out.rows.loc[st, "status"] = "direct"
    out.activity = pd.DataFrame(new_rows, columns=ACTIVITY_COLUMNS + TRACE_COLUMNS)


def _num_ok(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def import_ecrf(path: str | Path, *, year: int | None = None, gwp: str | None = None,
                rtol: float = 1e-3) -> EcrfImport:
    """Read an eCRF workbook and map it to v1 activity rows (see the module docstring).

    Raises :class:`gpc.InputError` listing every problem (sheet, row, column) at once.
    ``year``, ``gwp``: the inventory year and GWP set, for a file whose cover sheet does not state them
    (given, they override it). ``rtol``: relative tolerance of a reproduced figure (default 0.1 %).
    """
    path = Path(path)
    sheets = _load(path)
    problems: list[Problem] = []
    cover: dict[str, Any] = {}
    expl: dict[str, str] = {}
    summary_totals: list[tuple[str, tuple[str, ...], float]] = []
    detail: list[tuple[str, list[list[Any]], Header]] = []
    candidates: list[tuple[int, str, list[list[Any]], Header]] = []
    summary_note: Problem | None = None
    summary_extra: list[Problem] = []
    for name, rows in sheets.items():
        kind = _sheet_kind(name)
        if kind == "cover" and find_header(rows) is None:
            cover = {**read_cover(rows), **cover}
            continue
        if kind == "summary":
            expl, summary_totals = _summary(rows, name)
            if not expl and not summary_totals and any(any(not _blank(v) for v in r) for r in rows):
                summary_note = Problem(name, None, None, None,
                                       "the summary sheet is not in the GCoM template layout: not read (its "
                                       "explanations of notation keys and sub-sector totals are not used)",
                                       "warning")
            continue
        h = find_header(rows)
        if h is not None:
            rank = 0 if kind == "detail" else 1
            candidates.append((rank, name, rows, h))
            continue
        found = read_cover(rows)
        if "year" in found and ("name" in found or "gwp" in found):
            cover = {**found, **cover}
    if not candidates:
        problems.append(Problem(path.name, None, None, None,
                                "no detailed sheet found: the eCRF's sheet eCRF_3 (one row per GPC reference and "
                                "activity, with a header naming 'GPC ref. no.' and the emission columns) is missing "
                                f"or its header is not recognised (sheets: {', '.join(sheets)})"))
        raise InputError(problems)
    if year is not None:
        cover["year"] = (year, None)
    if gwp is not None:
        cover["gwp"] = (gwp, None)
    # the sheet(s) named as the detailed sheet, else the one whose header names most fields
    candidates.sort(key=lambda c: (c[0], -len(c[3].columns)))
    if candidates[0][0] == 0:
        chosen = [c for c in candidates if c[0] == 0]
    else:
        chosen = candidates[:1]
    for c in candidates:
        if c not in chosen:
            problems_w = Problem(c[1], c[3].row + 1, None, None,
                                 f"this sheet also has a table of emissions; the detailed rows are read from "
                                 f"'{chosen[0][1]}' only", "warning")
            summary_extra.append(problems_w)
    detail = [(c[1], c[2], c[3]) for c in chosen]
    out = import_rows(detail, cover, file=path.name, explanations=expl, rtol=rtol, problems=problems)
    if summary_note is not None:
        out.warnings.append(summary_note)
    out.warnings.extend(summary_extra)
    _check_summary(out, summary_totals, rtol)
    return out


def _check_summary(out: EcrfImport, totals: list[tuple[str, tuple[str, ...], float]], rtol: float) -> None:
    """Lines for the summary cells that do not equal the sum of the detailed rows' reported CO2e."""
    if not totals:
        return
    a = out.activity
    fossil = a[(a["activity"].notna()) & (a["biogenic"] != "yes")].drop_duplicates(["ecrf_sheet", "ecrf_row"])
    per_ref: dict[str, float] = {}
    for _, x in fossil.iterrows():
        gases = [x[f"ecrf_co2e_{g.lower()}"] for g in GASES if _num_ok(x[f"ecrf_co2e_{g.lower()}"])]
        v = x["ecrf_co2e_total"] if _num_ok(x["ecrf_co2e_total"]) else sum(gases)
        per_ref[x["gpc_ref"]] = per_ref.get(x["gpc_ref"], 0.0) + float(v)
    lines = []
    for cell, refs, value in totals:
        s = sum(per_ref.get(r, 0.0) for r in refs)
        if not close(value, s, rtol, 0.5):
            lines.append({"sheet": "eCRF_2", "row": int(cell[1:]), "gpc_ref": "+".join(refs), "activity": None,
                          "gas": "total", "reported_t_co2e": value, "recomputed_t_co2e": s,
                          "difference_t_co2e": value - s, "ratio": value / s if s else None,
                          "cause": "summary_vs_detail",
                          "explanation": f"summary cell {cell} says {value:,.6g} t CO2e, the detailed rows of "
                                         f"{', '.join(refs)} add up to {s:,.6g}", "imported_as": "detailed rows"})
    if lines:
        out.reconciliation = pd.concat([out.reconciliation, pd.DataFrame(lines, columns=RECONCILIATION_COLUMNS)],
                                       ignore_index=True)


# ----------------------------------------------------------------------------------------- writing
def write_import(result: EcrfImport, path: str | Path, *, reconciliation: bool = True) -> Path:
    """Write the activity workbook: sheets ``city``, ``activity`` (v1 columns, then the ``ecrf_*`` trace
    and ``import_note``), ``reconciliation`` and ``ecrf_rows`` (gpc does not read the last two)."""
    import xlsxwriter

    from gpc.io.atomic import atomic_path

    city = pd.DataFrame({"field": list(result.city), "value": list(result.city.values())})
    act = result.activity.dropna(axis=1, how="all")
    keep = [c for c in ACTIVITY_COLUMNS if c in act.columns] + [c for c in TRACE_COLUMNS if c in act.columns]
    if "gpc_ref" not in keep:
        keep = ["gpc_ref"] + keep
    act = result.activity[keep]
    sheets = [("city", city), ("activity", act)]
    if reconciliation:
        sheets += [("reconciliation", result.reconciliation), ("ecrf_rows", result.rows)]
    path = Path(path)
    with atomic_path(path) as tmp, xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": False}) as wb:
        bold = wb.add_format({"bold": True})
        for name, df in sheets:
            ws = wb.add_worksheet(name)
            for j, col in enumerate(df.columns):
                ws.write_string(0, j, str(col), bold)
                ws.set_column(j, j, max(10, min(40, len(str(col)) + 2)))
            for i, row in enumerate(df.itertuples(index=False), start=1):
                for j, v in enumerate(row):
                    if v is None or (isinstance(v, float) and math.isnan(v)):
                        continue
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        ws.write_number(i, j, float(v))
                    else:
                        ws.write_string(i, j, str(v))
            ws.freeze_panes(1, 0)
    return path


def import_ecrf_workbook(path: str | Path, out_path: str | Path, **kw: Any) -> EcrfImport:
    """:func:`import_ecrf` and :func:`write_import` in one step (``gpc import-ecrf``)."""
    result = import_ecrf(path, **kw)
    write_import(result, out_path)
    return result
