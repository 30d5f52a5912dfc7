"""Aggregations shared by the inventory workbook, the figures, the exports and the trend.

Every function takes an :class:`gpc.Inventory` and returns plain pandas objects in t CO2e (of the
inventory's GWP set), biogenic CO2 excluded. Where a *basis* is asked for it is one of the GPC totals
(``"BASIC"``, ``"BASIC+"``, ``"territorial"``): only the rows that count in that total are summed.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.i18n import label

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["fossil", "basis_rows", "by_sector", "by_scope", "by_gas", "by_subsector", "top_subsectors",
           "atomic_output", "xlsx_workbook", "settings_meta", "write_table",
           "sector_names", "parse_gdp", "intensities", "waterfall_steps", "DEFAULT_BASIS",
           "value_scale", "neutralise", "restore", "neutralise_frame", "FORMULA_START"]

DEFAULT_BASIS = "BASIC+"


def fossil(inv: Inventory) -> pd.DataFrame:
    """Emission records without biogenic CO2 (which is in no total)."""
    e = inv.emissions
    return e[~e["biogenic"].astype(bool)]


def basis_rows(basis: str) -> set[str]:
    """GPC reference numbers that count in ``basis`` (a GPC total)."""
    return set(taxonomy.total_rows(basis))


def _in_basis(inv: Inventory, basis: str | None) -> pd.DataFrame:
    e = fossil(inv)
    if basis is None:
        return e
    return e[e["gpc_ref"].isin(basis_rows(basis))]


def sector_names(lang: str = "en") -> pd.Series:
    """Sector names indexed by sector reference (I … VI)."""
    t = taxonomy.table().drop_duplicates("sector_ref").set_index("sector_ref")
    return t["sector_zh" if lang == "zh" else "sector"]


def _subsector_names(lang: str = "en") -> pd.Series:
    t = taxonomy.table().drop_duplicates("subsector_ref").set_index("subsector_ref")
    return t["subsector_zh" if lang == "zh" else "subsector"]


def by_sector(inv: Inventory, basis: str | None = DEFAULT_BASIS, lang: str = "en") -> pd.DataFrame:
    """t CO2e by sector: columns ``sector_ref``, ``sector``, ``co2e_t``; sectors of the basis in GPC order.

    A sector with rows in the basis appears even when it has no emissions (then 0).
    """
    e = _in_basis(inv, basis)
    t = taxonomy.table()
    got = e.groupby(e["gpc_ref"].map(t["sector_ref"]))["co2e_t"].sum()
    names = sector_names(lang)
    refs = [s for s in names.index
            if basis is None or t.loc[t["sector_ref"] == s, basis].any()]
    if basis is None:
        refs = [s for s in refs if s in got.index]
    return pd.DataFrame({"sector_ref": refs, "sector": [names[s] for s in refs],
                         "co2e_t": [float(got.get(s, 0.0)) for s in refs]})


def by_scope(inv: Inventory, basis: str | None = DEFAULT_BASIS) -> pd.Series:
    """t CO2e by scope (1, 2, 3), for the rows of ``basis``; scopes without rows in the basis left out."""
    e = _in_basis(inv, basis)
    t = taxonomy.table()
    got = e.groupby(e["gpc_ref"].map(t["scope"]))["co2e_t"].sum()
    scopes = sorted(set(t.loc[t[basis], "scope"])) if basis else [1, 2, 3]
    return pd.Series({int(s): float(got.get(s, 0.0)) for s in scopes}, name="co2e_t")


def by_gas(inv: Inventory, basis: str | None = DEFAULT_BASIS) -> pd.DataFrame:
    """By gas: ``gas``, ``emissions_t`` (tonnes of the gas) and ``co2e_t``; the three main gases first."""
    e = _in_basis(inv, basis)
    g = e.groupby("gas").agg(emissions_t=("emissions_t", "sum"), co2e_t=("co2e_t", "sum"))
    order = [x for x in inv.gases() if x in g.index]
    g = g.reindex(order).reset_index()
    return g


def by_subsector(inv: Inventory, basis: str | None = DEFAULT_BASIS, lang: str = "en") -> pd.DataFrame:
    """t CO2e by sub-sector (I.1, I.2 … IV.1 …): ``subsector_ref``, ``subsector``, ``label``, ``co2e_t``."""
    e = _in_basis(inv, basis)
    t = taxonomy.table()
    got = e.groupby(e["gpc_ref"].map(t["subsector_ref"]))["co2e_t"].sum()
    names = _subsector_names(lang)
    refs = [r for r in names.index if r in got.index]
    return pd.DataFrame({"subsector_ref": refs, "subsector": [names[r] for r in refs],
                         "label": [f"{r} {names[r]}" for r in refs],
                         "co2e_t": [float(got[r]) for r in refs]})


def top_subsectors(inv: Inventory, n: int = 10, basis: str | None = DEFAULT_BASIS,
                   lang: str = "en") -> pd.DataFrame:
    """The ``n`` sub-sectors with the largest emissions (removals never count as large), largest first."""
    s = by_subsector(inv, basis, lang)
    s = s[s["co2e_t"] > 0].sort_values("co2e_t", ascending=False, kind="stable")
    return s.head(n).reset_index(drop=True)


# ---------------------------------------------------------------------------------- chart scale
def value_scale(values: Any) -> tuple[float, str, str, str]:
    """The scale for t CO2e values on a chart, chosen from their magnitude (the largest absolute value):
    Mt from 1 000 000 t, kt from 1 000 t, else t — so a small city is not drawn as ``0.0M``.

    Returns ``(divisor, unit, axis_format, label_format)``: the values divided by ``divisor`` are in
    ``unit`` (``"Mt"``, ``"kt"`` or ``"t"``); the formats are Excel number formats that do the same
    scaling on the unscaled values (``#,##0,," Mt"``; one decimal below 10 units).

    >>> value_scale([81_836_613.0])[:2], value_scale([52_300.0])[:2], value_scale([120.0])[:2]
    ((1000000.0, 'Mt'), (1000.0, 'kt'), (1.0, 't'))
    """
    import numpy as np

    arr = np.abs(np.asarray(values, dtype=float).ravel())
    arr = arr[np.isfinite(arr)]
    top = float(arr.max()) if arr.size else 0.0
    if top >= 1e6:
        div, unit, commas = 1e6, "Mt", ",,"
    elif top >= 1e3:
        div, unit, commas = 1e3, "kt", ","
    else:
        div, unit, commas = 1.0, "t", ""
    axis = f'#,##{"0.0" if top / div < 10 else "0"}{commas}" {unit}"'
    return div, unit, axis, f'#,##0.0{commas}" {unit}"'


# ------------------------------------------------------------------------------------------ GDP
def parse_gdp(value: Any) -> tuple[float, str | None] | None:
    """``"1.8e12 CNY"`` → ``(1.8e12, "CNY")``; also ``"1.8万亿元"``, ``"18000亿元"``, ``"250 bn USD"``
    (:func:`gpc.money.parse_money`, exact decimal arithmetic); a bare number given through the Python
    API (``2e11``) has no currency.

    Returns None when there is no GDP or it cannot be read (the workbook reader refuses such a value
    with a located message, so this only happens for settings made in Python).
    """
    from gpc.money import MoneyError, parse_money

    if value is None or isinstance(value, bool) or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (int, float)):
        return (float(value), None) if value > 0 else None
    try:
        return parse_money(value)
    except MoneyError:
        return None


def intensities(inv: Inventory, lang: str = "en") -> list[tuple[str, float, str]]:
    """Per-capita and per-GDP figures: ``[(label, value, number format), …]``.

    Per capita: t CO2e per resident for BASIC and BASIC+. Per GDP (when the city sheet gives ``gdp``):
    BASIC t CO2e per million units of the currency (per 万元 in Chinese for CNY).
    """
    out: list[tuple[str, float, str]] = []
    s = inv.settings
    tot = {k: float(v) for k, v in inv.totals().items()}
    pop = _positive(s.population)
    if pop:
        for k in ("BASIC", "BASIC+"):
            out.append((label("text.per_capita_total", lang, total=label(f"total.{k}", lang)), tot[k] / pop,
                        "0.00"))
    gdp = parse_gdp(s.gdp)
    if gdp:
        amount, cur = gdp
        if lang == "zh" and cur in (None, "CNY"):
            out.append((label("text.per_gdp_wan", lang), tot["BASIC"] / (amount / 1e4), "0.000"))
        else:
            out.append((label("text.per_gdp", lang, currency=cur or ""), tot["BASIC"] / (amount / 1e6),
                        "#,##0.0"))
    return out


def _positive(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if v > 0 and not math.isnan(v) else None


# ------------------------------------------------------------------------------------ waterfall
def waterfall_steps(inv: Inventory, lang: str = "en") -> list[tuple[str, float, bool]]:
    """How BASIC and BASIC+ are built: ``[(label, value, is_total), …]``.

    BASIC by sector (I, II, III), the BASIC total, then what BASIC+ adds (scope 3 of energy and
    transport, IPPU, AFOLU) and the BASIC+ total. Values in t CO2e; a step may be negative (removals).
    """
    e = fossil(inv)
    t = taxonomy.table()
    basic = basis_rows("BASIC")
    plus = basis_rows("BASIC+") - basic
    sec = e["gpc_ref"].map(t["sector_ref"])
    names = sector_names(lang)
    steps: list[tuple[str, float, bool]] = []
    for s in ("I", "II", "III"):
        v = float(e.loc[e["gpc_ref"].isin(basic) & (sec == s), "co2e_t"].sum())
        steps.append((f"{s} {names[s]}", v, False))
    steps.append((label("total.BASIC", lang), float(inv.total("BASIC")), True))
    in_plus = e["gpc_ref"].isin(plus)
    steps.append((label("text.scope3_energy_transport", lang),
                  float(e.loc[in_plus & sec.isin(["I", "II"]), "co2e_t"].sum()), False))
    for s in ("IV", "V"):
        steps.append((f"{s} {names[s]}", float(e.loc[in_plus & (sec == s), "co2e_t"].sum()), False))
    steps.append((label("total.BASIC+", lang), float(inv.total("BASIC+")), True))
    return steps


# ------------------------------------------------------------------------------ CSV injection
#: First characters that make a spreadsheet run a cell of a CSV file as a formula (or a DDE command)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_INJECTION = re.compile(r"'*[=+\-@\t\r]")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, prefixed with a single quote (OWASP, "CSV
    injection"): ``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``, ``-x`` → ``'-x``. Numbers (a negative number
    too), ``None`` and other text are returned as they are. Text already starting with quotes before such a
    character gets one quote more, so that :func:`restore` gives back exactly the text written."""
    if isinstance(value, str) and _INJECTION.match(value):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """The text :func:`neutralise` was given (one leading quote removed where it added one)."""
    if isinstance(value, str) and value.startswith("'") and _INJECTION.match(value, 1):
        return value[1:]
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with :func:`neutralise` applied to every text cell (number columns untouched)."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
            out[c] = col.map(neutralise, na_action="ignore")
    return out


# ------------------------------------------------------------------------------------- writing
def atomic_output(path: Any) -> Any:
    """``with atomic_output(path) as tmp:`` — the shared :func:`gpc.io.atomic.atomic_path`."""
    from gpc.io.atomic import atomic_path

    return atomic_path(path)


def xlsx_workbook(path: Any) -> Any:
    """An xlsxwriter Workbook that never turns text into formulas, URLs or numbers."""
    import xlsxwriter

    return xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                           "strings_to_numbers": False, "nan_inf_to_errors": False})


def settings_meta(inv: Inventory) -> dict[str, Any]:
    """City, year, GWP, factor set and totals: the heading every export carries."""
    s = inv.settings
    return {"city": s.name, "country": s.country, "region": s.region, "year": s.year, "gwp": inv.gwp,
            "factors": " → ".join(inv.factor_set.chain) if inv.factor_set else s.factors,
            "population": s.population, "gdp": s.gdp,
            "totals_t_co2e": {k: float(v) for k, v in inv.totals().items()}}


def write_table(wb: Any, ws: Any, df: pd.DataFrame, headers: list[str], start_row: int = 0,
                number_format: str = "#,##0.000", numeric: tuple[str, ...] = ()) -> int:
    """Write ``df`` with a header row to an xlsxwriter sheet: numbers as numbers (``numeric`` columns get
    ``number_format``), text always as text, NaN/None blank. Returns the next free row."""
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                          "valign": "top"})
    num = wb.add_format({"num_format": number_format})
    for j, h in enumerate(headers):
        ws.write_string(start_row, j, str(h), head)
    cols = [(df[c].to_numpy(dtype=object), num if c in numeric else None) for c in df.columns]
    for i in range(len(df)):
        r = start_row + 1 + i
        for j, (col, fmt) in enumerate(cols):
            v = col[i]
            if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
                continue
            if isinstance(v, (bool, np.bool_)):
                ws.write_boolean(r, j, bool(v))
            elif isinstance(v, (int, float, np.integer, np.floating)):
                x = float(v)
                if math.isinf(x):
                    ws.write_string(r, j, str(x))
                else:
                    ws.write_number(r, j, x, fmt)
            else:
                ws.write_string(r, j, str(v))
    return start_row + 1 + len(df)
