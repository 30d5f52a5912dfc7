"""Checks that span fields and sheets: the city settings and contradictions between rows.

Every entry point (``gpc.read_activity``, ``gpc.calculate``, ``gpc validate``, ``gpc build``) reaches these
through :func:`gpc.engine.analyse`, so a workbook gives the same complete list of problems whichever is used.

* :func:`check_settings` — city-sheet values that must be positive or in a range, quantities of the right
  dimension, the region (Chinese province names and codes) and the factor set, GWP set and guideline:
  each problem located at its city-sheet row (column ``value``); a best-effort :class:`Settings` without the
  bad values is returned so that every data sheet is still validated.
* :func:`contradiction_problems` — one GPC row with two different notation keys, or with a notation key
  (NO, IE, C) and data that produce emissions in it (docs/workbook.md, "Contradictions").
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import fields
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from gpc.context import Settings
from gpc.errors import Problem
from gpc.i18n import label

__all__ = ["check_settings", "contradiction_problems", "record_contradictions", "normalise_region",
           "CityRows", "KEYS_REFUSING_DATA"]

#: city field → (sheet name, Excel row) where it was given
CityRows = Mapping[str, tuple[str, int]]

#: Notation keys that cannot stand on a GPC row that also has emissions: NO (it does not occur), IE (they are
#: included elsewhere) and C (confidential: the emissions beside it would be published). NE (not estimated)
#: next to data reads as "partly estimated" and is accepted with a warning.
KEYS_REFUSING_DATA = ("NO", "IE", "C")
_KEY_NAMES = {"NO": "NO (not occurring)", "IE": "IE (included elsewhere)", "NE": "NE (not estimated)",
              "C": "C (confidential)"}


def _where(rows: CityRows | None, name: str, sheet: str = "city") -> tuple[str, int | None, str]:
    """(sheet, row, column) of a city field: its row and the ``value`` column, or the field name if unknown."""
    if rows and name in rows:
        sh, r = rows[name]
        return sh, r, "value"
    return (rows[next(iter(rows))][0] if rows else sheet), None, name


def _problem(rows: CityRows | None, name: str, value: Any, message: str, severity: str = "error") -> Problem:
    sh, r, col = _where(rows, name)
    return Problem(sh, r, col, value, f"{name}: {message}" if col == "value" else message, severity)


# ------------------------------------------------------------------------------------------ regions
_PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")


@lru_cache(maxsize=1)
def _region_keys() -> dict[str, str]:
    """Normalised region text → province code: ``CN-HB``, ``HB``, ``湖北``, ``湖北省`` (from the china set's
    ``region_grid.csv``), and the regional grid codes (``CN-grid-central``)."""
    from gpc.china import default_region_grid

    t = default_region_grid()
    out: dict[str, str] = {"cn": "CN", "中国": "CN", "全国": "CN"}
    for code, name, grid in zip(t["province"], t["name_zh"], t["grid"]):
        out[code.lower()] = code
        out[code.split("-", 1)[1].lower()] = code
        out[name] = code
        for suffix in _PROVINCE_SUFFIXES:
            out[name + suffix] = code
        out[grid.lower()] = grid
    return out


def _looks_chinese(text: str) -> bool:
    return text.upper().startswith("CN") or any("\u4e00" <= ch <= "\u9fff" for ch in text)


def normalise_region(text: Any) -> str | None:
    """The province (or grid) code a region cell means, or None if it is not one gpc knows.

    >>> normalise_region("湖北省"), normalise_region("cn-hb"), normalise_region("HB")
    ('CN-HB', 'CN-HB', 'CN-HB')
    """
    if text is None:
        return None
    key = re.sub(r"\s+", "", str(text)).replace("－", "-").replace("_", "-")
    return _region_keys().get(key) or _region_keys().get(key.lower())


def _uses_regions(factors: Any) -> bool:
    try:
        return bool(factors is not None and factors.has_table("grid_electricity"))
    except Exception:  # pragma: no cover - a factor set that cannot answer
        return False


# ------------------------------------------------------------------------------------------ settings
def _number(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _quantity(v: Any) -> Any:
    from gpc.units import parse_unit

    try:
        return parse_unit(str(v))
    except Exception:
        return None


def check_settings(s: Settings, rows: CityRows | None = None) -> tuple[Settings, list[Problem], list[Problem]]:
    """Check the values of the city settings; returns (best-effort settings, problems, warnings).

    The best-effort settings leave out every value with a problem (the default is used instead), so that the
    data sheets can still be validated and all problems reported at once.
    """
    chk = _SettingsCheck(s, rows)
    _check_population(chk)
    _check_gdp(chk)
    _check_loss_rates(chk)
    _check_own_factors(chk)
    _check_extra(chk)
    _check_gwp(chk)
    ctx = _context(chk)
    _check_guideline(chk, ctx)
    _check_region(chk, ctx)
    out = s
    if chk.drop:
        out = _replace(s, chk.drop)
    return out, chk.problems, chk.warnings


class _SettingsCheck:
    """The settings being checked, where they were given, and what the checks found: problems, warnings and
    the values to drop (field → the default used instead)."""

    def __init__(self, s: Settings, rows: CityRows | None):
        self.s = s
        self.rows = rows
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.drop: dict[str, Any] = {}
        self.defaults = {f.name: f.default for f in fields(Settings) if f.name not in ("year", "extra")}

    def bad(self, name: str, message: str) -> None:
        """A problem with field ``name``, located at its city-sheet row; its default is used instead."""
        self.problems.append(_problem(self.rows, name, getattr(self.s, name), message))
        self.drop[name] = self.defaults.get(name)


def _check_population(chk: _SettingsCheck) -> None:
    """The population: a number greater than 0 (a warning when not whole)."""
    s = chk.s
    if s.population is not None:
        x = _number(s.population)
        if x is None:
            chk.bad("population", "not a number: type the resident population, e.g. 1200000")
        elif x <= 0:
            chk.bad("population", "the population must be greater than 0")
        elif x != round(x):
            chk.warnings.append(Problem(*_where(chk.rows, "population"), s.population,
                                        label("warn.population_not_whole", "en"), "warning"))


def _check_gdp(chk: _SettingsCheck) -> None:
    """The GDP: a number or an amount of money (``1.8e12 CNY``) greater than 0."""
    s = chk.s
    if s.gdp is not None:
        from gpc.money import MoneyError, parse_money

        mag: float | None
        if isinstance(s.gdp, (int, float)):
            mag = _number(s.gdp)
        else:
            try:
                mag = parse_money(s.gdp)[0]
            except MoneyError as exc:
                mag = None
                chk.bad("gdp", str(exc))
        if mag is not None and mag <= 0:
            chk.bad("gdp", "the GDP must be greater than 0")


def _check_loss_rates(chk: _SettingsCheck) -> None:
    """The T&D and heat network loss rates: fractions from 0 up to (not including) 1."""
    for name, what in (("td_loss_rate", "electricity"), ("heat_loss_rate", "heat")):
        value = getattr(chk.s, name, None)
        if value is None:
            continue
        x = _number(value)
        if x is None or not (0 <= x < 1):
            chk.bad(name, f"the {'T&D' if name == 'td_loss_rate' else 'heat network'} loss rate must be a "
                          f"fraction from 0 up to (not including) 1, e.g. 0.05 for 5% (a rate of 1 would mean "
                          f"all {what} is lost)")


def _check_own_factors(chk: _SettingsCheck) -> None:
    """The city's own grid and heat factors and power coal rate: quantities of the right dimension, not
    negative (the coal rate greater than 0)."""
    from gpc.units import is_dimension

    for name, target, example in (("grid_factor", "t/MWh", "0.5703 t/MWh"), ("heat_factor", "t/GJ", "0.11 t/GJ"),
                                  ("power_coal_rate", "kgce/kWh", "0.300 kgce/kWh")):
        value = getattr(chk.s, name)
        if value is None:
            continue
        q = _quantity(value)
        unit = f"{q.units}" if q is not None else ""
        if q is None or _number(q.magnitude) is None or not _dimension_ok(unit, target, is_dimension):
            what = "a mass of coal per energy" if name == "power_coal_rate" else "a mass of CO2 per energy"
            chk.bad(name, f"must be {what} with its unit, e.g. {example}")
        elif q.magnitude < 0 or (name == "power_coal_rate" and q.magnitude <= 0):
            chk.bad(name, "cannot be negative" if q.magnitude < 0 else "must be greater than 0")


def _check_extra(chk: _SettingsCheck) -> None:
    """Fields gpc does not use, but whose sign it can check (:data:`_POSITIVE_EXTRA`): greater than 0."""
    rows = chk.rows
    for key, value in (chk.s.extra or {}).items():
        if _header_key(key) in _POSITIVE_EXTRA and value is not None and str(value).strip():
            q = _quantity(value) if not isinstance(value, (int, float)) else None
            mag = _number(q.magnitude) if q is not None else _number(value)
            if mag is not None and mag <= 0:
                at = (rows or {}).get("extra." + key)
                chk.problems.append(Problem(at[0] if at else "city", at[1] if at else None, "value" if at else key,
                                            value, f"{key}: must be greater than 0"))


def _check_gwp(chk: _SettingsCheck) -> None:
    """The GWP set: one gpc knows (upper-cased; the default when unknown)."""
    from gpc.gwp import DEFAULT_GWP, GWP_SETS

    s = chk.s
    if str(s.gwp).upper() not in GWP_SETS:
        chk.bad("gwp", f"unknown GWP set: use one of {', '.join(GWP_SETS)}")
        chk.drop["gwp"] = DEFAULT_GWP
    else:
        chk.drop["gwp"] = str(s.gwp).upper()


def _context(chk: _SettingsCheck) -> Any:
    """The context of the settings without their bad values (a problem when the factor set cannot be
    found or read; then the context of the default set)."""
    from gpc.context import Context
    from gpc.errors import FactorNotFound

    s, drop = chk.s, chk.drop
    ctx = None
    try:
        ctx = Context.from_settings(s.with_overrides(**drop) if drop else s)
    except FactorNotFound as exc:
        chk.bad("factors", str(exc))
    except Exception as exc:  # a factor folder that cannot be read
        chk.bad("factors", f"the factor set cannot be read ({type(exc).__name__}: {exc})")
    if ctx is None:
        try:
            ctx = Context.from_settings(s.with_overrides(**drop))
        except Exception:  # pragma: no cover - the default set always loads
            ctx = None
    return ctx


def _check_guideline(chk: _SettingsCheck, ctx: Any) -> None:
    """The guideline: one of the factor set's (when the factor set itself is fine)."""
    s = chk.s
    if ctx is not None and s.guideline and "factors" not in problems_fields(chk.problems):
        guidelines = [g["id"] if isinstance(g, dict) else str(g) for g in ctx.factors.meta.get("guidelines", [])]
        if s.guideline not in guidelines:
            chk.bad("guideline", f"unknown guideline for factor set '{ctx.factors.id}': use one of "
                                 f"{', '.join(guidelines) or '(this set has no guidelines)'}")


def _check_region(chk: _SettingsCheck, ctx: Any) -> None:
    """The region: a Chinese province (name or ISO 3166-2 code, normalised to the code); an unknown region
    is a problem when it looks Chinese or the factor set has regional factors."""
    s = chk.s
    if s.region is not None and str(s.region).strip():
        text = str(s.region).strip()
        code = normalise_region(text)
        if code is not None:
            chk.drop["region"] = code
        elif _looks_chinese(text) or (ctx is not None and _uses_regions(ctx.factors)):
            chk.bad("region", f"unknown region {text!r}: give a Chinese province as its name (湖北, 湖北省) or "
                              "its ISO 3166-2 code (CN-HB), or CN for the national factor")


#: Unknown city fields (kept in Settings.extra) that are sizes of the city: never 0 or below.
_POSITIVE_EXTRA = frozenset({"area", "landarea", "面积", "土地面积", "行政区域面积", "城市面积", "households",
                             "户数", "employment", "就业人数"})


def _header_key(text: str) -> str:
    from gpc.io.sheets import header_key

    return header_key(text)


def problems_fields(problems: list[Problem]) -> set[str]:
    """The city fields named by problems (their message starts with ``field:`` or their column is the field)."""
    out = set()
    for p in problems:
        out.add(p.column or "")
        out.add(p.message.split(":", 1)[0])
    return out


def _dimension_ok(unit: str, target: str, is_dimension: Any) -> bool:
    try:
        return bool(is_dimension(unit, target))
    except Exception:
        return False


def _replace(s: Settings, values: dict[str, Any]) -> Settings:
    from dataclasses import replace

    return replace(s, **values)


# ------------------------------------------------------------------------------------------ contradictions
def _rows_text(sheet_rows: list[tuple[str, int]], limit: int = 5, total: int | None = None) -> str:
    shown = [f"row {r} of '{sh}'" for sh, r in sheet_rows[:limit]]
    more = (len(sheet_rows) if total is None else total) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _text(col: pd.Series) -> np.ndarray:
    return col.astype(object).where(col.notna(), None).to_numpy(dtype=object)


def _data_rows(tables: Mapping[str, pd.DataFrame], wanted: set[str],
               limit: int = 5) -> dict[str, tuple[list[tuple[str, int]], int]]:
    """GPC row (of ``wanted``) → (the first ``limit`` (sheet, row) that report data in it, how many do): activity
    rows without a notation key and with an amount other than 0, and every row of the other data sheets.
    One vectorised pass per sheet and wanted GPC row, no loop per input row."""
    found: dict[str, list[tuple[list[tuple[str, int]], int]]] = {}
    for name, df in tables.items():
        if df is None or df.empty or "gpc_ref" not in df.columns:
            continue
        refs = df["gpc_ref"].astype(object)
        keep = np.array(refs.isin(wanted).to_numpy(), dtype=bool)
        if name == "activity":
            if "notation_key" in df.columns:
                keep &= df["notation_key"].isna().to_numpy()
            if "amount" in df.columns:
                amount = pd.to_numeric(df["amount"], errors="coerce").to_numpy(dtype=float)
                keep &= ~(amount == 0)
        if not keep.any():
            continue
        ref_arr = refs.to_numpy(dtype=object)
        sheets = df["sheet"].to_numpy(dtype=object) if "sheet" in df.columns else None
        rows = df["row"].to_numpy()
        for ref in wanted:
            idx = np.flatnonzero(keep & (ref_arr == ref))
            if len(idx):
                first = [(str(sheets[i]) if sheets is not None else name, int(rows[i])) for i in idx[:limit]]
                found.setdefault(ref, []).append((first, len(idx)))
    out: dict[str, tuple[list[tuple[str, int]], int]] = {}
    for ref, parts in found.items():
        out[ref] = ([x for first, _ in parts for x in first][:limit], sum(n for _, n in parts))
    return out


def _keyed_rows(tables: Mapping[str, pd.DataFrame]) -> list[tuple[str, int, str, str, bool]]:
    """(sheet, row, gpc_ref, key, names an activity) of every input row carrying a notation key."""
    out: list[tuple[str, int, str, str, bool]] = []
    for name, df in tables.items():
        if df is None or df.empty or "notation_key" not in df.columns or "gpc_ref" not in df.columns:
            continue
        has = df["notation_key"].notna().to_numpy()
        if not has.any():
            continue
        sub = df.loc[has]
        sheets = _text(sub["sheet"]) if "sheet" in sub.columns else np.full(len(sub), name, dtype=object)
        acts = _text(sub["activity"]) if "activity" in sub.columns else np.full(len(sub), None, dtype=object)
        for sh, r, ref, key, act in zip(sheets, sub["row"].to_numpy(), _text(sub["gpc_ref"]),
                                        _text(sub["notation_key"]), acts):
            if ref is not None and key is not None:
                out.append((str(sh), int(r), str(ref), str(key), act is not None and str(act).strip() != ""))
    return out


def contradiction_problems(tables: Mapping[str, pd.DataFrame]) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) for GPC rows that contradict themselves across the input rows.

    * two different notation keys for one GPC row (``NO`` in one row, ``NE`` in another): refused at each row
      whose key differs from the first one given, naming that row;
    * NO, IE or C for a GPC row that also has data (an activity row with an amount, a direct entry, a waste,
      IPPU or AFOLU row with that gpc_ref): refused at the notation-key row, naming the data rows;
    * NE for a GPC row that also has data: accepted (the estimate is partial), with a warning;
    * IE on a row that names an activity (the energy-balance import writes feedstock so) covers that part of the
      GPC row only: accepted beside data. IE with the activity blank claims the whole GPC row and is refused.
    """
    problems: list[Problem] = []
    warnings: list[Problem] = []
    keyed = _keyed_rows(tables)
    if not keyed:
        return problems, warnings
    data = _data_rows(tables, {ref for _, _, ref, _, _ in keyed})
    first: dict[str, tuple[str, int, str]] = {}
    for sh, r, ref, key, _ in keyed:
        if ref not in first:
            first[ref] = (sh, r, key)
            continue
        fsh, fr, fkey = first[ref]
        if key != fkey:
            problems.append(Problem(sh, r, "notation_key", key,
                                    f"GPC row {ref} is given {_KEY_NAMES.get(key, key)} here but "
                                    f"{_KEY_NAMES.get(fkey, fkey)} in row {fr} of '{fsh}': one GPC row takes one "
                                    "notation key — keep the one that is true and clear the other"))
    for sh, r, ref, key, partial in keyed:
        if ref not in data:
            continue
        shown, total = data[ref]
        rows_text = _rows_text(shown, total=total)
        if key in KEYS_REFUSING_DATA and not (key == "IE" and partial):
            why = {"NO": "says the emissions do not occur",
                   "IE": "says the emissions are included in another GPC row",
                   "C": "keeps the emissions confidential, yet they would be published"}[key]
            problems.append(Problem(sh, r, "notation_key", key,
                                    f"{_KEY_NAMES[key]} for GPC row {ref} {why}, but {rows_text} report "
                                    f"emissions in {ref}: clear the notation key or those rows"))
        elif key == "NE":
            warnings.append(Problem(sh, r, "notation_key", key,
                                    label("warn.notation_partial", "en", ref=ref, rows=rows_text), "warning"))
    return problems, warnings


def record_contradictions(records: pd.DataFrame, tables: Mapping[str, pd.DataFrame],
                          already: set[tuple[str, int | None]]) -> list[Problem]:
    """Emissions that an input row puts into another GPC row than its own (T&D losses of grid electricity in
    I.x.3, indirect manure N2O in V.3 …) where that GPC row says NO, IE or C. One problem per notation-key row."""
    keyed = [(sh, r, ref, key) for sh, r, ref, key, partial in _keyed_rows(tables)
             if key in KEYS_REFUSING_DATA and not (key == "IE" and partial) and (sh, r) not in already]
    if not keyed or records is None or records.empty:
        return []
    refs = {ref for _, _, ref, _ in keyed}
    recs = records[records["gpc_ref"].astype(object).isin(refs)]
    if "emissions_t" in recs.columns:
        recs = recs[pd.to_numeric(recs["emissions_t"], errors="coerce").fillna(0).to_numpy() != 0]
    if recs.empty:
        return []
    out: list[Problem] = []
    src = pd.DataFrame({"gpc_ref": recs["gpc_ref"].astype(object).to_numpy(),
                        "sheet": recs["sheet"].astype(object).to_numpy(), "row": recs["row"].to_numpy()})
    src = src.drop_duplicates()
    by_ref = {str(ref): (list(zip(g["sheet"].astype(str).head(5), g["row"].astype(int).head(5))), len(g))
              for ref, g in src.groupby("gpc_ref", sort=False)}
    for sh, r, ref, key in keyed:
        if ref in by_ref:
            shown, total = by_ref[ref]
            out.append(Problem(sh, r, "notation_key", key,
                               f"{_KEY_NAMES[key]} for GPC row {ref}, but {_rows_text(shown, total=total)} produce "
                               f"emissions in "
                               f"{ref} (e.g. T&D losses from td_loss_rate, indirect N2O): clear the notation key, "
                               "or the setting or rows that produce them"))
    return out
