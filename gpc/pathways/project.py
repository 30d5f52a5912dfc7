"""Projection through the engine: BAU and action scenarios, year by year, from a base-year inventory.

How (docs/pathways.md):

1. the base workbook is read and computed once (:func:`gpc.calculate`): its energy per row (for fuel
   switches), its grid factor (the first point of the grid path) and its landfill CH4 generation (for
   the recovery rate held in BAU) come from that inventory;
2. every projected year's activity is the base activity × the drivers' growth index × (1 − the shares the
   actions remove), plus the rows the actions add (the new carrier of a switch, renewable electricity,
   diverted waste); grid-electricity rows get the grid path as their row factor ``ef_co2``;
3. all years of one scenario are stacked into one table per sheet (the year is a key kept beside each row)
   and computed with one :func:`gpc.calculate` call per sector module (a module whose stacked tables are
   those of an earlier run is reused). Landfill first order decay depends on the
   inventory year only through ``T − deposit year`` (IPCC 2006 Vol. 5 Ch. 3 Eq. 3.4-3.6), so the disposal
   history of projected year *Y* (past disposal + the projected disposal of the years after the base year
   up to *Y*) is computed as a separate copy of each site with its deposit years shifted by
   ``base − Y``: the copy's emissions in the base year are the site's emissions in *Y*, and diversion
   acts with the FOD delay;
4. wedges are sequential: the scenario with actions 1..k is computed for every k; wedge_k =
   E(actions 1..k−1) − E(actions 1..k), so the wedges of a scenario add up to BAU − scenario.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.activity import ActivityData
from gpc.errors import InputError, Problem
from gpc.pathways import drivers as dm
from gpc.pathways.actions import (
    ACTION_SHEETS,
    DIVERT_TO,
    QUANTITY_COLUMN,
    canonical_activity,
    match_rows,
    problem,
    removing,
)
from gpc.pathways.scenario import Scenario, read_scenario
from gpc.sheets import sheet_spec
from gpc.units import factor_to

__all__ = ["BAU", "Pathway", "project"]

BAU = "BAU"
#: Sheets whose emissions are proportional to their quantity column at IPCC Tier 1 (animals, area; the
#: refrigerant bank is held): computed once by the engine in the base year and scaled per year by the rows'
#: activity index, which avoids running the AFOLU row-by-row checks once per projected year.
LINEAR_SHEETS = ("livestock", "rice", "land_use", "refrigerants")
TOTALS = ("BASIC", "BASIC+", "territorial")


@dataclass
class Pathway:
    """The result of :func:`project`: DataFrames, one row per year (and scenario, sector, action …)."""

    totals: pd.DataFrame            # year, kind (historical/base/projected), BAU, <scenario> ... (t CO2e)
    by_sector: pd.DataFrame         # scenario, year, sector, co2e_t
    wedges: pd.DataFrame            # scenario, order, action, year, co2e_t
    peaks: pd.DataFrame             # scenario, peak_year, peak_t, peaked, ...
    targets: pd.DataFrame           # target, year, scenario, met, level_t, emissions_t, gap_t
    gap: pd.DataFrame               # target, scenario, year, target_path_t, emissions_t, gap_t
    grid: pd.DataFrame              # year, factor_t_per_mwh, source
    drivers: pd.DataFrame
    actions: pd.DataFrame
    scenario_targets: pd.DataFrame
    records: pd.DataFrame           # every scenario's engine records with year and scenario (audit trail)
    settings: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def scenarios(self) -> list[str]:
        return [c for c in self.totals.columns if c not in ("year", "kind")]

    def to_excel(self, path: str | Path, lang: str = "en") -> Path:
        from gpc.pathways.excel import write_pathway

        return write_pathway(self, path, lang=lang)

    def plot(self, path: str | Path | None = None) -> Any:
        from gpc.pathways.figures import plot_pathway

        return plot_pathway(self, path)


# ------------------------------------------------------------------------------------ preparation
@dataclass
class _Base:
    data: ActivityData
    inv: Any
    years: np.ndarray
    tables: dict[str, pd.DataFrame]           # base tables, index reset
    growth: dict[str, np.ndarray]             # sheet -> n × ny growth index
    grid_path: np.ndarray                     # t CO2/MWh per year
    grid_source: str                          # where the base year's grid factor comes from
    energy_gj: dict[int, float]               # activity row -> GJ in the base year
    site_rate: dict[str, float]               # site key -> recovered / generated in the base year
    gen_cache: dict[bytes, pd.Series] = field(default_factory=dict)   # CH4 generated per site copy
    run_cache: dict[tuple, pd.DataFrame] = field(default_factory=dict)  # engine records per module and input


def _settings(sc: Scenario, base_year: int, history_years: list[int], problems: list[Problem]) -> dict[str, Any]:
    s = dict(sc.settings)
    rows = sc.setting_rows

    def p(key: str, msg: str) -> None:
        problems.append(Problem("scenario", rows.get(key), "value" if key in rows else key, s.get(key), msg))

    out: dict[str, Any] = {"name": s.get("name") or "scenario"}
    try:
        h = int(float(str(s.get("horizon")).replace("年", "")))
        if not base_year < h <= 2200:
            p("horizon", f"horizon must be a year after the base year {base_year}, e.g. 2060")
        out["horizon"] = h
    except (TypeError, ValueError):
        p("horizon", "horizon (the last projected year, e.g. 2060) is required: add a row horizon to the "
                     "scenario sheet")
        out["horizon"] = base_year + 1
    total = str(s.get("total") or "BASIC").strip()
    if total not in TOTALS:
        p("total", f"total must be one of {', '.join(TOTALS)}")
        total = "BASIC"
    out["total"] = total
    try:
        out["peak_years"] = int(float(s.get("peak_years") or 5))
        if out["peak_years"] < 1:
            raise ValueError
    except (TypeError, ValueError):
        p("peak_years", "peak_years must be a whole number of years ≥ 1 (default 5)")
        out["peak_years"] = 5
    return out


def _prepare(data: ActivityData, inv: Any, sc: Scenario, years: np.ndarray, problems: list[Problem]) -> _Base:
    base_year = int(years[0])
    horizon = int(years[-1])
    tables = {k: _plain(v) for k, v in data.tables.items()}
    if "activity" in tables:
        act = tables["activity"]["activity"]
        names = {a: canonical_activity(a) for a in act.dropna().unique()}
        tables["activity"]["_act"] = act.map(names).fillna("")
    # drivers: growth index per sheet row
    growth = {k: np.ones((len(t), len(years))) for k, t in tables.items()}
    for _, d in sc.drivers.iterrows():
        lo, hi = d["from_year"], d["to_year"]
        lo = None if lo is None or pd.isna(lo) else int(lo)
        hi = None if hi is None or pd.isna(hi) else int(hi)
        bad = False
        if lo is not None and lo <= base_year:
            problems.append(problem(d, "from_year", f"a growth rate applies from the year after the base year "
                                                    f"{base_year}: from_year must be > {base_year}"))
            bad = True
        if lo is not None and hi is not None and hi < lo:
            problems.append(problem(d, "to_year", "to_year is before from_year"))
            bad = True
        if lo is not None and lo > horizon:
            problems.append(problem(d, "from_year", f"from_year is after the horizon {horizon}"))
            bad = True
        g = d["growth"]
        if g is not None and not pd.isna(g) and g <= -1:
            problems.append(problem(d, "growth", "a growth rate of −100 % or less leaves nothing: give the "
                                                 "annual rate, e.g. -3% for a 3 %/yr fall"))
            bad = True
        hit = False
        idx = dm.growth_index(years, dm.annual_rates(years, [(lo, hi, 0.0 if g is None or pd.isna(g) else g)]))
        for k, t in tables.items():
            if k not in QUANTITY_COLUMN or t.empty:
                continue
            m = match_rows(k, t, d["gpc_ref"], d["activity"], d["in_sheet"])
            if m.any():
                hit = True
                if not bad:
                    growth[k][m] *= idx
        if not hit:
            problems.append(problem(d, "gpc_ref", "no row of the base workbook matches this gpc_ref"
                                    + (" and activity" if d["activity"] else "")
                                    + ": use a GPC row or prefix that the base workbook has (e.g. I.1.1, I.1, I)"))
    # grid path: the base inventory's grid factor, then the user's points
    e = inv.emissions
    grid_rec = e[(e["method"] == "grid_electricity") & (e["gas"] == "CO2") & (e["factor_source"] != "row (user factor)")]
    base_factor, grid_source = None, ""
    if len(grid_rec):
        r = grid_rec.iloc[0]
        base_factor = float(r["factor_value"]) * factor_to(str(r["factor_unit"]).replace(" ", ""), "t/MWh")
        grid_source = str(r["factor_source"])
    points: dict[int, float] = {}
    if base_factor is not None:
        points[base_year] = base_factor
    for _, g in sc.grid.iterrows():
        y = g["year"]
        ok = True
        if y is not None and y < base_year:   # years after the horizon still shape the path up to it
            problems.append(problem(g, "year", f"the grid path starts in the base year {base_year}: give years from "
                                               f"{base_year} on"))
            ok = False
        try:
            k = factor_to(str(g["unit"]), "t/MWh")
        except Exception:  # noqa: BLE001
            problems.append(problem(g, "unit", "a grid factor is a mass per energy such as t/MWh or kg/kWh"))
            ok = False
        if g["factor"] is not None and g["factor"] < 0:
            problems.append(problem(g, "factor", "a grid factor cannot be negative"))
            ok = False
        if ok and y is not None and g["factor"] is not None:
            points[int(y)] = float(g["factor"]) * k
    grid_path = dm.interpolate_path(years, points) if points else np.full(len(years), np.nan)
    # energy per activity row, landfill recovery rate per site
    act = e[(e["sheet"].isin([t["sheet"].iloc[0] for k, t in tables.items() if k == "activity" and len(t)]))
            & (e["method"] != "td_losses")]
    energy = act.groupby("row")["energy_gj"].first().dropna().to_dict()
    site_rate: dict[str, float] = {}
    sw = tables.get("solid_waste")
    if sw is not None and len(sw) and "methane_recovered" in sw.columns:
        key = _site_key(sw)
        rec = sw.assign(_k=key).groupby("_k")["methane_recovered"].max()
        swr = e[e["sheet"] == sw["sheet"].iloc[0]]
        row_site = dict(zip(sw["row"], key))
        gen = swr.groupby(swr["row"].map(row_site))["ch4_generated_t"].sum() if "ch4_generated_t" in swr else {}
        for k, v in rec.items():
            if pd.notna(v) and k in gen and gen[k] > 0:
                site_rate[k] = float(v) / float(gen[k])
    return _Base(data=data, inv=inv, years=years, tables=tables, growth=growth, grid_path=grid_path,
                 grid_source=grid_source,
                 energy_gj={int(k): float(v) for k, v in energy.items()}, site_rate=site_rate)


def _plain(t: pd.DataFrame) -> pd.DataFrame:
    """A copy with categorical columns as plain objects (rows are added and values changed)."""
    t = t.reset_index(drop=True).copy()
    for c in t.columns:
        if isinstance(t[c].dtype, pd.CategoricalDtype):
            t[c] = t[c].astype(object).where(t[c].notna(), None)
    return t


def _disposal(sw: pd.DataFrame) -> np.ndarray:
    """The rows of each ``fod`` site's latest disposal year (normally the base year): the disposal projected
    forward as the new disposal years after the base year."""
    fod = sw["method"].fillna("fod").to_numpy() == "fod"
    yr = sw["year"].to_numpy(dtype=float)
    latest = pd.Series(np.where(fod, yr, np.nan)).groupby(_site_key(sw)).transform("max").to_numpy()
    return fod & (yr == latest)


def _site_key(sw: pd.DataFrame) -> np.ndarray:
    return (sw["gpc_ref"].astype(str) + " / " + sw["site"].fillna("").astype(str)).to_numpy()


def _check_actions(b: _Base, actions: pd.DataFrame, problems: list[Problem]) -> None:
    """Every problem of the actions, located on the actions sheet."""
    years = b.years
    base_year, horizon = int(years[0]), int(years[-1])
    removed: dict[tuple[str, str, int], list[tuple[pd.Series, float]]] = {}
    for _, a in actions.iterrows():
        kind, share = a["type"], a["share"]
        if str(a.get("scenario")) == BAU:
            problems.append(problem(a, "scenario", f"{BAU} is the name of the scenario without actions: name the "
                                                   "action scenario differently"))
        if kind is None:
            continue
        if share is not None and not (0 <= share <= 1):
            problems.append(problem(a, "share", "a share is between 0 and 100 %: give e.g. 30% or 0.3"))
        s0, s1 = a["start_year"], a["full_year"]
        if s0 is not None and not (base_year < s0 <= horizon):
            problems.append(problem(a, "start_year", f"start_year must be after the base year {base_year} and no "
                                                     f"later than the horizon {horizon}"))
        if s0 is not None and s1 is not None and s1 < s0:
            problems.append(problem(a, "full_year", "full_year is before start_year"))
        hit = False
        for sheet in ACTION_SHEETS[kind]:
            t = b.tables.get(sheet)
            if t is None or t.empty:
                continue
            m = match_rows(sheet, t, a["gpc_ref"], a["activity"])
            q = QUANTITY_COLUMN.get(sheet)
            if q in t.columns:
                m &= t[q].notna().to_numpy()
            if kind == "renewable_electricity":
                m &= (t["_act"] == "grid_electricity").to_numpy()
            if kind in ("divert", "capture"):
                m &= _disposal(t) if kind == "divert" else True
            if kind == "clinker":
                m &= t["process"].isin(["cement"]).to_numpy()
                miss = m & t["clinker_fraction"].isna().to_numpy()
                for r in t.loc[miss, "row"]:
                    problems.append(problem(a, "gpc_ref", f"the cement row {t['sheet'].iloc[0]} row {int(r)} of the "
                                                          "base workbook gives no clinker_fraction to start from: "
                                                          "give it there"))
            if kind == "switch":
                for r in t.loc[m, "row"]:
                    if int(r) not in b.energy_gj:
                        problems.append(problem(a, "activity", f"row {int(r)} of the base workbook has no energy "
                                                               "content to switch (give its amount in an energy "
                                                               "unit or its ncv)"))
            if m.any():
                hit = True
                if removing(kind) and share is not None:
                    for r in t.loc[m, "row"]:
                        removed.setdefault((str(a["scenario"]), sheet, int(r)), []).append((a, float(share)))
        if not hit and a["gpc_ref"]:
            what = {"renewable_electricity": "grid_electricity row", "divert": "landfill (fod) row disposed of in the "
                    f"base year {base_year}", "capture": "landfill row", "clinker": "cement row"}.get(kind, "row")
            problems.append(problem(a, "gpc_ref", f"no {what} of the base workbook matches this gpc_ref"
                                    + (f" and activity {a['activity']}" if a["activity"] else "")))
        if kind == "switch" and not a["to_activity"]:
            problems.append(problem(a, "to_activity", "a switch needs to_activity: the new energy carrier, e.g. "
                                                      "natural_gas or grid_electricity"))
        elif kind == "switch" and canonical_activity(a["to_activity"]) not in _known():
            problems.append(problem(a, "to_activity", "unknown activity: use a fuel id such as natural_gas, "
                                                      "grid_electricity or district_heat (see docs/activities.md)"))
        if kind == "divert" and a["to_activity"] not in DIVERT_TO:
            problems.append(problem(a, "to_activity", f"divert needs to_activity: one of {', '.join(DIVERT_TO)}"))
        for col in ("efficiency_from", "efficiency_to"):
            v = a[col]
            if v is not None and not pd.isna(v) and v <= 0:
                problems.append(problem(a, col, "an efficiency is a positive number (useful energy / energy)"))
    for (scen, sheet, r), items in removed.items():
        tot = sum(s for _, s in items)
        if tot > 1 + 1e-9 and len(items) > 1:
            names = ", ".join(f"{x['action']} (row {int(x['row'])}, {s:.0%})" for x, s in items)
            for x, _ in items:
                problems.append(problem(x, "share", f"in scenario {scen}, the actions {names} together remove "
                                                    f"{tot:.0%} of row {r} of sheet {sheet}: at most 100 % of a "
                                                    "row's activity can be removed"))


def _known() -> frozenset[str]:
    from gpc.activities import all_known_activities

    return all_known_activities()


def _check_targets(targets: pd.DataFrame, first: int, base_year: int, horizon: int, known: set[int],
                   problems: list[Problem]) -> None:
    for _, t in targets.iterrows():
        y = t["year"]
        if y is not None and not (first <= y <= horizon):
            problems.append(problem(t, "year", f"the target year is outside the years covered ({first}–{horizon}): "
                                               "extend horizon or change the year"))
        if t["target"] == "reduction":
            if t["reduction"] is None or pd.isna(t["reduction"]):
                problems.append(problem(t, "reduction", "a reduction target needs reduction (e.g. 40%)"))
            elif not 0 < t["reduction"] <= 1:
                problems.append(problem(t, "reduction", "reduction is a share between 0 and 100 %"))
            if t["base_year"] is None or pd.isna(t["base_year"]):
                problems.append(problem(t, "base_year", "a reduction target needs base_year"))
            elif int(t["base_year"]) not in known:
                problems.append(problem(t, "base_year", f"no emissions are known for {int(t['base_year'])}: use the "
                                                        f"base year {base_year} or a year of the history workbooks"))


# ------------------------------------------------------------------------------------ building years
def _blank(sheet: str, like: pd.DataFrame | None) -> dict[str, Any]:
    cols = list(like.columns) if like is not None and len(like.columns) else ["sheet", "row"] + sheet_spec(sheet).names
    return {c: None for c in cols}


def _ramp(a: pd.Series, years: np.ndarray) -> np.ndarray:
    return dm.ramp(years, int(a["start_year"]), int(a["full_year"]))


def _to_ref(ref: str, to_activity: str) -> str:
    parts = str(ref).split(".")
    head = ".".join(parts[:2]) if len(parts) >= 2 else str(ref)
    return head + (".2" if to_activity in ("grid_electricity", "district_heat") else ".1")


def _build(b: _Base, actions: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, dict[str, np.ndarray]]:
    """All years' tables of one scenario stacked; and the key (sheet, row) → year, base row, origin."""
    years = b.years
    ny = len(years)
    out: dict[str, list[pd.DataFrame]] = {}
    new_rows: dict[str, list[tuple[dict[str, Any], np.ndarray, str]]] = {}   # sheet → (row dict, amount per year, origin)
    remaining = {k: np.ones((len(t), ny)) for k, t in b.tables.items()}
    clinker = {k: None for k in b.tables}
    capture: dict[str, np.ndarray] = {}
    for _, a in actions.iterrows():
        kind, share = a["type"], float(a["share"])
        level = share * _ramp(a, years)
        for sheet in ACTION_SHEETS[kind]:
            t = b.tables.get(sheet)
            if t is None or t.empty:
                continue
            m = match_rows(sheet, t, a["gpc_ref"], a["activity"])
            if kind == "renewable_electricity":
                m &= (t["_act"] == "grid_electricity").to_numpy()
            if kind == "divert":
                m &= _disposal(t)
            if kind == "clinker":
                m &= (t["process"] == "cement").to_numpy()
                c0 = t["clinker_fraction"].to_numpy(dtype=float)
                cf = clinker[sheet] if clinker[sheet] is not None else np.repeat(c0[:, None], ny, axis=1)
                cf[m] = c0[m, None] + (share - c0[m, None]) * _ramp(a, years)[None, :]
                clinker[sheet] = cf
                continue
            if kind == "capture":
                for k in set(_site_key(t)[m]):
                    capture[k] = (k, share, _ramp(a, years))
                continue
            if not m.any():
                continue
            remaining[sheet][m] -= level
            label = f"action: {a['action']}"
            if kind in ("switch", "renewable_electricity", "divert"):
                g = b.growth[sheet]
                for i in np.flatnonzero(m):
                    src = t.iloc[i]
                    moved = float(src[QUANTITY_COLUMN[sheet]]) * g[i] * level   # in the row's unit
                    if kind == "renewable_electricity":
                        row = src.to_dict()
                        row.update(ef_co2=0.0, ef_ch4=None, ef_n2o=None, ef_unit="t/MWh",
                                   source=f"renewable electricity purchased ({a['action']}); market-based, 0 t CO2/MWh")
                        new_rows.setdefault(sheet, []).append((row, moved, label + f" (from row {int(src['row'])})"))
                    elif kind == "switch":
                        eff_f = 1.0 if a["efficiency_from"] is None or pd.isna(a["efficiency_from"]) else float(a["efficiency_from"])
                        eff_t = 1.0 if a["efficiency_to"] is None or pd.isna(a["efficiency_to"]) else float(a["efficiency_to"])
                        gj = b.energy_gj[int(src["row"])] / float(src["amount"]) * moved * eff_f / eff_t
                        to = canonical_activity(a["to_activity"])
                        row = _blank("activity", t)
                        ref = a["to_gpc_ref"] or _to_ref(src["gpc_ref"], to)
                        row.update(sheet=src["sheet"], gpc_ref=ref, activity=to, _act=to,
                                   unit="MWh" if to == "grid_electricity" else "GJ",
                                   data_quality=src.get("data_quality"),
                                   source=f"{a['action']}: {share:.0%} of row {int(src['row'])} ({src['activity']}) "
                                          f"switched to {to}, × {eff_f:g}/{eff_t:g}")
                        amt = gj / 3.6 if to == "grid_electricity" else gj
                        new_rows.setdefault("activity", []).append((row, amt, label + f" (from row {int(src['row'])})"))
                    else:  # divert
                        target_sheet, head = DIVERT_TO[str(a["to_activity"])]
                        to_t = b.tables.get(target_sheet)
                        ref = a["to_gpc_ref"] or head + "." + str(src["gpc_ref"]).split(".")[-1]
                        row = _blank(target_sheet, to_t)
                        if to_t is not None and len(to_t):
                            row["sheet"] = to_t["sheet"].iloc[0]
                        else:
                            row["sheet"] = target_sheet
                        row.update(gpc_ref=ref, amount=None, unit=src["unit"],
                                   source=f"{a['action']}: {share:.0%} of landfill row {int(src['row'])} diverted")
                        if target_sheet == "biological_treatment":
                            row.update(treatment=str(a["to_activity"]), basis="wet")
                        else:
                            row.update(practice="incineration")
                        new_rows.setdefault(target_sheet, []).append((row, moved, label + f" (from row {int(src['row'])})"))
    keys: list[pd.DataFrame] = []
    scaled: dict[str, np.ndarray] = {}
    yrs_all = np.asarray(years, dtype=np.int64)
    for sheet, t in b.tables.items():
        if t.empty:
            continue
        if sheet in LINEAR_SHEETS:
            scaled[sheet] = b.growth[sheet] * remaining[sheet]
            continue
        n = len(t)
        if sheet == "solid_waste":
            frames, key = _solid_waste_years(b, t, remaining[sheet], capture)
            out[sheet] = [frames]
            keys.append(key)
            continue
        q = QUANTITY_COLUMN.get(sheet)
        big = t.iloc[np.tile(np.arange(n), ny)].reset_index(drop=True)
        if q is not None:
            f = (b.growth[sheet] * remaining[sheet]).T.ravel()
            big[q] = big[q].to_numpy(dtype=float) * f
        if clinker.get(sheet) is not None:
            big["clinker_fraction"] = clinker[sheet].T.ravel()
        yr = np.repeat(yrs_all, n)
        origin = np.full(len(big), "", dtype=object)
        base_row = big["row"].to_numpy()
        parts = [big]
        for row, amt, label in new_rows.get(sheet, []):
            nb = pd.DataFrame([row] * ny)
            for c in big.columns:
                if c not in nb.columns:
                    nb[c] = None
            nb = nb[big.columns]
            nb[QUANTITY_COLUMN[sheet]] = np.asarray(amt, dtype=float)
            parts.append(nb)
            yr = np.concatenate([yr, yrs_all])
            origin = np.concatenate([origin, np.full(ny, label, dtype=object)])
            base_row = np.concatenate([base_row, np.full(ny, -1)])
        big = pd.concat(parts, ignore_index=True) if len(parts) > 1 else big
        if sheet == "activity":
            _grid(b, big, yr)
        if q is not None and len(parts) > 1:  # drop added rows with nothing in them (before the action starts)
            keep = ~((base_row == -1) & (big[q].to_numpy(dtype=float) == 0))
            big, yr, origin, base_row = big[keep].reset_index(drop=True), yr[keep], origin[keep], base_row[keep]
        if "notation_key" in big.columns and len(parts) > 1:
            # an action that moves activity into a row the base year marks with a notation key (e.g. EV
            # electricity into II.1.2, IE in the base year): the row has data, so the key goes
            refs = big["gpc_ref"].astype(str).to_numpy()
            # (all years are computed in one stacked table, so the key goes in every year: it changes no total)
            added = {r for r, br in zip(refs, base_row) if br == -1}
            superseded = np.array([nk is not None and not pd.isna(nk) and r in added
                                   for nk, r in zip(big["notation_key"].to_numpy(), refs)], dtype=bool)
            if superseded.any():
                keep = ~superseded
                big, yr, origin, base_row = big[keep].reset_index(drop=True), yr[keep], origin[keep], base_row[keep]
        big["row"] = np.arange(2, len(big) + 2)
        out[sheet] = [big]
        keys.append(pd.DataFrame({"sheet": big["sheet"].to_numpy(), "row": big["row"].to_numpy(), "year": yr,
                                  "base_row": base_row, "origin": origin, "shift": 0}))
    # sheets the base workbook does not have but diversion fills
    for sheet, items in new_rows.items():
        if sheet in b.tables and not b.tables[sheet].empty:
            continue
        rows, yr, origin = [], [], []
        for row, amt, label in items:
            for j, y in enumerate(years):
                r = dict(row)
                r[QUANTITY_COLUMN[sheet]] = float(np.asarray(amt)[j])
                rows.append(r)
                yr.append(int(y))
                origin.append(label)
        big = pd.DataFrame(rows)
        keep = big[QUANTITY_COLUMN[sheet]].to_numpy(dtype=float) > 0
        big, yr, origin = big[keep].reset_index(drop=True), np.asarray(yr)[keep], np.asarray(origin, dtype=object)[keep]
        big["row"] = np.arange(2, len(big) + 2)
        out[sheet] = [big]
        keys.append(pd.DataFrame({"sheet": big["sheet"].to_numpy(), "row": big["row"].to_numpy(), "year": yr,
                                  "base_row": -1, "origin": origin, "shift": 0}))
    tables = {k: v[0] for k, v in out.items()}
    return tables, pd.concat(keys, ignore_index=True), scaled


def _grid(b: _Base, big: pd.DataFrame, yr: np.ndarray) -> None:
    """Grid-electricity rows without their own CO2 factor take the grid path of their year."""
    if np.isnan(b.grid_path).all():
        return
    m = (big["_act"] == "grid_electricity").to_numpy() & big["ef_co2"].isna().to_numpy() & big["amount"].notna().to_numpy()
    if not m.any():
        return
    path = b.grid_path[np.searchsorted(b.years, yr[m])]
    unit = big.loc[m, "ef_unit"]
    k = np.array([1.0 if u is None or pd.isna(u) else factor_to("t/MWh", str(u)) for u in unit])
    big.loc[m, "ef_co2"] = path * k
    big.loc[m, "ef_unit"] = unit.where(unit.notna(), "t/MWh")


def _solid_waste_years(b: _Base, t: pd.DataFrame, remaining: np.ndarray, capture: dict[str, Any]
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Solid-waste rows of every projected year: a copy of each site per year with deposit years shifted."""
    years = b.years
    base_year = int(years[0])
    disposal = _disposal(t)
    g = b.growth["solid_waste"] * remaining
    hist = np.flatnonzero(~disposal)               # history (and methane_commitment rows, scaled below)
    disp = np.flatnonzero(disposal)
    take, Ys, dep_j = [], [], []
    for j in range(len(years)):
        take += [hist, np.tile(disp, j + 1)]
        Ys += [np.full(len(hist) + len(disp) * (j + 1), j)]
        dep_j += [np.full(len(hist), -1), np.repeat(np.arange(j + 1), len(disp))]
    take_a, yj, dj = np.concatenate(take), np.concatenate(Ys), np.concatenate(dep_j)
    big = t.iloc[take_a].reset_index(drop=True)
    amount = big["amount"].to_numpy(dtype=float).copy()
    is_dep = dj >= 0
    amount[is_dep] = amount[is_dep] * g[take_a[is_dep], dj[is_dep]]
    year = big["year"].to_numpy(dtype=float).copy()
    later = dj >= 1     # the latest disposal year itself (j = 0) stays as given; projected years follow the base year
    year[later] = years[dj[later]]
    mc = big["method"].fillna("fod").to_numpy() != "fod"
    amount[mc] = amount[mc] * g[take_a[mc], yj[mc]]
    year[mc] = np.nan
    Y = years[yj]
    shift = base_year - Y
    big["amount"] = amount
    big["year"] = np.where(np.isnan(year), year, year + shift)
    big["_site"] = _site_key(big)
    big["_Y"] = Y
    big["_base_row"] = big["row"].to_numpy()
    big["site"] = big["site"].fillna("").astype(str) + " [" + pd.Series(Y).astype(str) + "]"
    big["row"] = np.arange(2, len(big) + 2)
    # landfill gas recovery: the base-year rate (recovered / generated) held in BAU, or a capture action's
    big["methane_recovered"] = np.nan
    rates = {k: np.full(len(years), r) for k, r in b.site_rate.items()}
    for k, (_, share, rmp) in capture.items():
        r0 = b.site_rate.get(k, 0.0)
        rates[k] = r0 + (share - r0) * rmp
    big.attrs["recovery_rates"] = rates
    key = pd.DataFrame({"sheet": big["sheet"].to_numpy(), "row": big["row"].to_numpy(), "year": big["_Y"].to_numpy(),
                        "base_row": big["_base_row"].to_numpy(), "origin": "", "shift": base_year - big["_Y"].to_numpy(),
                        "site_key": big["_site"].to_numpy()})
    return big, key


# ------------------------------------------------------------------------------------ engine
def _run(b: _Base, tables: dict[str, pd.DataFrame], key: pd.DataFrame, scenario: str,
         scaled: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """Compute one scenario's stacked tables with the engine: records with ``year`` and the base row."""

    sw = tables.get("solid_waste")
    rates = sw.attrs.get("recovery_rates", {}) if sw is not None else {}
    if sw is not None and rates and any(np.any(r > 0) for r in rates.values()):
        # pass 1: CH4 generated by each site copy (recovery does not change generation)
        site_copy = (sw["_site"] + "|" + sw["_Y"].astype(str)).to_numpy()
        sig = sw["amount"].to_numpy(dtype=float).tobytes() + str(len(sw)).encode()
        gen = b.gen_cache.get(sig)
        if gen is None:   # the same disposal as an earlier run (actions elsewhere): same generation
            tabs = {"solid_waste": _engine_table(sw)}
            e = _calc(b, tabs, key, scenario).emissions
            copy_of_row = dict(zip(sw["row"], site_copy))
            gen = b.gen_cache[sig] = e.groupby(e["row"].map(copy_of_row))["ch4_generated_t"].sum()
        first = ~pd.Series(site_copy).duplicated().to_numpy()
        yidx = np.searchsorted(b.years, sw["_Y"].to_numpy())
        rate = np.array([rates[s][y] if s in rates else 0.0 for s, y in zip(sw["_site"], yidx)])
        g = gen.reindex(site_copy).fillna(0.0).to_numpy()
        sw["methane_recovered"] = np.where(first & (rate > 0), np.minimum(rate, 1.0) * g, np.nan)
    tabs = {k: _engine_table(v) for k, v in tables.items()}
    # one engine call per sector module (each module only ever sees its own sheets, so this is the same
    # computation); a module whose stacked tables are those of an earlier run (an action elsewhere) is reused
    parts, errors = [], []
    for group in _groups(tabs):
        sub = {k: tabs[k] for k in group}
        sig = tuple((k, _digest(v)) for k, v in sorted(sub.items()))
        rec = b.run_cache.get(sig)
        if rec is None:
            try:
                rec = b.run_cache[sig] = _calc(b, sub, key, scenario).emissions
            except InputError as exc:
                errors.extend(exc.problems)
                continue
        parts.append(rec)
    if errors:
        raise InputError(errors)
    e = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    kk = key.set_index(["sheet", "row"])
    idx = pd.MultiIndex.from_arrays([e["sheet"], e["row"]])
    pos = kk.index.get_indexer(idx)
    e = e.assign(year=kk["year"].to_numpy()[pos], base_row=kk["base_row"].to_numpy()[pos],
                 origin=kk["origin"].to_numpy()[pos], scenario=scenario)
    shift = kk["shift"].to_numpy()[pos]
    if "deposit_year" in e.columns:
        e["deposit_year"] = e["deposit_year"] - shift
        sw_rows = shift != 0
        if sw_rows.any():
            det = e.loc[sw_rows, "detail"].astype(str)
            sh = shift[sw_rows]
            e.loc[sw_rows, "detail"] = [_unshift(d, int(s)) for d, s in zip(det, sh)]
    if scaled:
        e = pd.concat([e] + [_scaled(b, sheet, f, scenario) for sheet, f in scaled.items()], ignore_index=True)
    return e


def _scaled(b: _Base, sheet: str, f: np.ndarray, scenario: str) -> pd.DataFrame:
    """The base inventory's records of a linear sheet, one copy per year scaled by the row's index."""
    t = b.tables[sheet]
    e = b.inv.emissions
    r = e[e["sheet"] == t["sheet"].iloc[0]]
    if r.empty:
        return r.assign(year=pd.Series(dtype=int))
    pos = pd.Index(t["row"]).get_indexer(r["row"])
    ny = len(b.years)
    c = r.iloc[np.tile(np.arange(len(r)), ny)].reset_index(drop=True)
    k = f[pos].T.ravel()
    for col in ("emissions_t", "co2e_t", "amount"):
        if col in c.columns:
            c[col] = c[col].to_numpy(dtype=float) * k
    return c.assign(year=np.repeat(b.years, len(r)), base_row=c["row"].to_numpy(), origin="", scenario=scenario,
                    activity_index=k)


def _engine_table(t: pd.DataFrame) -> pd.DataFrame:
    """The table as the engine takes it: without the helper columns (``_…``) and attributes."""
    out = t.drop(columns=[c for c in t.columns if c.startswith("_")])
    out.attrs = {}
    return out


def _groups(tabs: dict[str, pd.DataFrame]) -> list[tuple[str, ...]]:
    """The sheets of ``tabs`` grouped by the sector module that computes them (gpc.engine.SECTOR_MODULES)."""
    import importlib

    from gpc.engine import SECTOR_MODULES

    out, seen = [], set()
    for name in SECTOR_MODULES:
        try:
            sheets = tuple(getattr(importlib.import_module(name), "SHEETS", ()))
        except ModuleNotFoundError:
            continue
        g = tuple(k for k in tabs if k in sheets)
        seen |= set(g)
        if g:
            out.append(g)
    out += [(k,) for k in tabs if k not in seen]
    return out


def _digest(t: pd.DataFrame) -> str:
    """A digest of a table's content (column names, values as text)."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    h.update("|".join(map(str, t.columns)).encode())
    h.update(pd.util.hash_pandas_object(t.astype(str), index=False).to_numpy().tobytes())
    return h.hexdigest()


def _unshift(text: str, shift: int) -> str:
    text = re.sub(r"deposit year (\d{4})", lambda m: f"deposit year {int(m.group(1)) - shift}", text)
    return re.sub(r"generated in (\d{4})", lambda m: f"generated in {int(m.group(1)) - shift}", text)


def _calc(b: _Base, tabs: dict[str, pd.DataFrame], key: pd.DataFrame, scenario: str) -> Any:
    from gpc.engine import calculate

    data = replace(b.data, tables=tabs, problems=[], warnings=[])
    try:
        return calculate(data)
    except InputError as exc:
        kk = key.set_index(["sheet", "row"])
        seen, probs = set(), []
        for p in exc.problems:
            if p.row is not None and (p.sheet, p.row) in kk.index:
                k = kk.loc[(p.sheet, p.row)]
                k = k.iloc[0] if isinstance(k, pd.DataFrame) else k
                where = f" (scenario {scenario}, projected year {int(k['year'])}"
                where += f", {k['origin']})" if k["origin"] else ")"
                row = int(k["base_row"]) if int(k["base_row"]) > 0 else None
                q = Problem(p.sheet, row, p.column, p.value, p.message + where, p.severity)
            else:
                q = p
            sig = (q.sheet, q.row, q.column, p.message)
            if sig not in seen:
                seen.add(sig)
                probs.append(q)
        raise InputError(probs) from None


# ------------------------------------------------------------------------------------ public
def project(base: Any, scenario: Any, *, history: Any = None, horizon: int | None = None) -> Pathway:
    """Project a base-year inventory under a scenario: BAU and the action scenarios by year and sector, the
    wedges of the actions, the peak of each scenario and the gap to each target.

    Parameters
    ----------
    base : str | Path | ActivityData
        The base-year activity workbook (or data already read). With a scenario workbook that names its
        ``base``, ``None`` reads that one.
    scenario : str | Path | Scenario
        A scenario workbook (``gpc template --scenario``) or :class:`~gpc.pathways.scenario.Scenario`.
    history : list of paths, Trend or None
        Earlier inventories (activity workbooks or a :class:`gpc.Trend`) whose totals come before the base
        year in the series; default the scenario's ``history`` setting.
    horizon : int, optional
        Overrides the scenario's horizon.

    Raises
    ------
    gpc.InputError
        Every problem of the scenario (located on its sheets) and of the base workbook, at once.
    """
    from gpc.engine import calculate
    from gpc.io.excel_in import read_activity

    sc = scenario if isinstance(scenario, Scenario) else read_scenario(scenario)
    if horizon is not None:
        sc.settings["horizon"] = horizon
    if base is None:
        b0 = sc.settings.get("base")
        if not b0:
            raise InputError([Problem("scenario", None, "base", None, "no base workbook: give one, or a row base "
                                      "in the scenario sheet")])
        base = Path(sc.source).parent / str(b0) if sc.source else Path(str(b0))
    data = base if isinstance(base, ActivityData) else read_activity(base)
    inv = calculate(data)
    data = inv.activity
    base_year = int(data.settings.year)
    problems: list[Problem] = []
    # history
    hist_totals = _history(history if history is not None else sc.settings.get("history"), sc, problems)
    st = _settings(sc, base_year, list(hist_totals.index), problems)
    if problems:
        raise InputError(problems)
    years = np.arange(base_year, st["horizon"] + 1)
    actions = sc.actions.copy()
    if "scenario" in actions.columns:
        actions["scenario"] = actions["scenario"].where(actions["scenario"].notna() & (actions["scenario"] != ""),
                                                        "actions")
    b = _prepare(data, inv, sc, years, problems)
    _check_actions(b, actions, problems)
    total = st["total"]
    known = {base_year} | {int(y) for y in hist_totals.index if y < base_year}
    first = min(known)
    _check_targets(sc.targets, first, base_year, int(years[-1]), known, problems)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    # BAU and the scenarios (cumulative action sets for the wedges)
    scen_names = list(dict.fromkeys(actions["scenario"])) if len(actions) else []
    results: dict[str, pd.Series] = {}
    sector_parts, record_parts, wedge_parts = [], [], []

    def run(name: str, acts: pd.DataFrame) -> pd.DataFrame:
        tabs, key, scaled = _build(b, acts)
        return _run(b, tabs, key, name, scaled)

    def tot(e: pd.DataFrame) -> pd.Series:
        rows = set(taxonomy.total_rows(total))
        m = e["gpc_ref"].isin(rows).to_numpy() & ~e["biogenic"].to_numpy(dtype=bool)
        return e[m].groupby("year")["co2e_t"].sum().reindex(years, fill_value=0.0)

    def by_sector(e: pd.DataFrame, name: str) -> pd.DataFrame:
        rows = set(taxonomy.total_rows(total))
        m = e["gpc_ref"].isin(rows).to_numpy() & ~e["biogenic"].to_numpy(dtype=bool)
        s = e[m].groupby(["year", "sector"])["co2e_t"].sum().reset_index()
        return s.assign(scenario=name)[["scenario", "year", "sector", "co2e_t"]]

    bau = run(BAU, actions.iloc[0:0])
    results[BAU] = tot(bau)
    sector_parts.append(by_sector(bau, BAU))
    record_parts.append(bau)
    for name in scen_names:
        acts = actions[actions["scenario"] == name].reset_index(drop=True)
        prev = results[BAU]
        for k in range(1, len(acts) + 1):
            e = run(name, acts.iloc[:k])
            cur = tot(e)
            wedge_parts.append(pd.DataFrame({"scenario": name, "order": k, "action": acts["action"].iloc[k - 1],
                                             "year": years, "co2e_t": (prev - cur).to_numpy()}))
            prev = cur
        results[name] = prev
        sector_parts.append(by_sector(e, name))
        record_parts.append(e)
    # one series: history, then the projection
    tab = pd.DataFrame({"year": years, "kind": np.where(years == base_year, "base", "projected")})
    for name, s in results.items():
        tab[name] = s.to_numpy()
    if len(hist_totals):
        h = hist_totals[hist_totals.index < base_year]
        hist = pd.DataFrame({"year": h.index.astype(int), "kind": "historical"})
        for name in results:
            hist[name] = h.to_numpy()
        tab = pd.concat([hist, tab], ignore_index=True)
    from gpc.pathways.peak import gaps, peak_table

    peaks = peak_table(tab, list(results), st["peak_years"])
    tgt, gap = gaps(tab, list(results), sc.targets, peaks, base_year)
    grid = pd.DataFrame({"year": years, "factor_t_per_mwh": b.grid_path,
                         "source": [f"base inventory: {b.grid_source}" if y == base_year else
                                    ("scenario grid sheet" if len(sc.grid) else
                                     f"held at the base year's value ({b.grid_source}): no grid path given")
                                    for y in years]})
    notes = _notes(st, b, sc)
    wedges = pd.concat(wedge_parts, ignore_index=True) if wedge_parts else pd.DataFrame(
        columns=["scenario", "order", "action", "year", "co2e_t"])
    return Pathway(totals=tab, by_sector=pd.concat(sector_parts, ignore_index=True), wedges=wedges, peaks=peaks,
                   targets=tgt, gap=gap, grid=grid, drivers=sc.drivers, actions=actions, scenario_targets=sc.targets,
                   records=pd.concat(record_parts, ignore_index=True),
                   settings={**st, "base_year": base_year, "base": data.source, "city": data.settings.name},
                   notes=notes)


def _history(hist: Any, sc: Scenario, problems: list[Problem]) -> pd.Series:
    if hist is None or (isinstance(hist, str) and not hist.strip()):
        return pd.Series(dtype=float)
    from gpc.reports.trend import Trend

    total = str(sc.settings.get("total") or "BASIC")
    if total not in TOTALS:
        total = "BASIC"
    if isinstance(hist, Trend):
        return hist.totals()[total].astype(float)
    paths = [p.strip() for p in str(hist).split(";")] if isinstance(hist, str) else [str(p) for p in hist]
    root = Path(sc.source).parent if sc.source else Path(".")
    paths = [str(root / p) if not Path(p).is_absolute() else p for p in paths if p]
    try:
        tr = Trend.from_workbooks(paths)
    except InputError as exc:
        problems.extend(exc.problems)
        return pd.Series(dtype=float)
    return tr.totals()[total].astype(float)


def _notes(st: dict[str, Any], b: _Base, sc: Scenario) -> list[str]:
    grid = "." if len(sc.grid) else "; no path was given, so it is held at the base year's value."
    return [
        (f"Total projected: {st['total']} (t CO2e, biogenic CO2 excluded), base year {int(b.years[0])}, horizon "
         f"{int(b.years[-1])}."),
        "Drivers compound per year: activity_y = base × Π_{t=base+1..y} (1 + g_t); several drivers on a row multiply.",
        ("Actions ramp linearly from 0 in start_year to the full share in full_year. The shares of the actions on a "
         "row are shares of its BAU activity in that year and add up (at most 100 %)."),
        ("Wedges are sequential in the order of the actions sheet: wedge_k = E(actions 1..k−1) − E(actions 1..k); "
         "the wedges of a scenario add up to BAU − scenario."),
        "Grid factor: linear between the years given, held flat after the last" + grid,
        (f"Peak: the year of the maximum of the series, counted as a peak when at least {st['peak_years']} later "
         "years follow it and all stay below it (sustained decline, as in Shan et al. 2022, Science Bulletin 67: "
         "'peaked for at least five years')."),
        ("Landfill: projected disposal years are appended to each site's history; first order decay (IPCC 2006 "
         "Vol. 5 Ch. 3) then delays the effect of diversion. The base year's recovery rate (recovered / generated) "
         "is held unless a capture action changes it."),
        ("Livestock, rice, land use and refrigerants are computed once in the base year and scaled by the rows' "
         "activity index (proportional at Tier 1); refrigerant banks are held at the base year."),
    ]
