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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.activity_data import ActivityData
from gpc.errors import InputError, Problem
from gpc.pathways.checks import BAU, TOTALS, _check_actions, _check_targets, _settings
from gpc.pathways.compute import _run
from gpc.pathways.prepare import _Base, _prepare
from gpc.pathways.scenario import Scenario, read_scenario
from gpc.pathways.stack import _build

__all__ = ["BAU", "Pathway", "project"]


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
    sc = scenario if isinstance(scenario, Scenario) else read_scenario(scenario)
    if horizon is not None:
        sc.settings["horizon"] = horizon
    data, inv = _base_inventory(base, sc)
    base_year = int(data.settings.year)
    problems: list[Problem] = []
    hist_totals = _history(history if history is not None else sc.settings.get("history"), sc, problems)
    st = _settings(sc, base_year, list(hist_totals.index), problems)
    if problems:
        raise InputError(problems)
    years = np.arange(base_year, st["horizon"] + 1)
    actions = _named_actions(sc)
    b = _prepare(data, inv, sc, years, problems)
    _check_actions(b, actions, problems)
    known = {base_year} | {int(y) for y in hist_totals.index if y < base_year}
    _check_targets(sc.targets, min(known), base_year, int(years[-1]), known, problems)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    results, by_sector, records, wedges = _scenarios(b, actions, st["total"])
    tab = _series(results, years, hist_totals)
    from gpc.pathways.peak import gaps, peak_table

    peaks = peak_table(tab, list(results), st["peak_years"])
    tgt, gap = gaps(tab, list(results), sc.targets, peaks, base_year)
    return Pathway(totals=tab, by_sector=by_sector, wedges=wedges, peaks=peaks, targets=tgt, gap=gap,
                   grid=_grid_table(b, sc), drivers=sc.drivers, actions=actions, scenario_targets=sc.targets,
                   records=records,
                   settings={**st, "base_year": base_year, "base": data.source, "city": data.settings.name},
                   notes=_notes(st, b, sc))


def _base_inventory(base: Any, sc: Scenario) -> tuple[ActivityData, Any]:
    """The base workbook (given, or the one the scenario names) read and computed: its activity data and its
    inventory."""
    from gpc.engine import calculate, read_activity

    if base is None:
        b0 = sc.settings.get("base")
        if not b0:
            raise InputError([Problem("scenario", None, "base", None, "no base workbook: give one, or a row base "
                                      "in the scenario sheet")])
        base = Path(sc.source).parent / str(b0) if sc.source else Path(str(b0))
    data = base if isinstance(base, ActivityData) else read_activity(base)
    inv = calculate(data)
    if inv.activity is not None:  # always: calculate keeps the activity data it computed from
        data = inv.activity
    return data, inv


def _named_actions(sc: Scenario) -> pd.DataFrame:
    """The scenario's actions; an action without a scenario name is in the scenario ``actions``."""
    actions = sc.actions.copy()
    if "scenario" in actions.columns:
        actions["scenario"] = actions["scenario"].where(actions["scenario"].notna() & (actions["scenario"] != ""),
                                                        "actions")
    return actions


def _scenarios(b: _Base, actions: pd.DataFrame, total: str
               ) -> tuple[dict[str, pd.Series], pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """BAU and every action scenario: the total per year of each, emissions by sector, the engine records and
    the sequential wedges (the scenario with actions 1..k for every k: wedge_k = E(1..k−1) − E(1..k))."""
    years = b.years
    rows = set(taxonomy.total_rows(total))

    def run(name: str, acts: pd.DataFrame) -> pd.DataFrame:
        tabs, key, scaled = _build(b, acts)
        return _run(b, tabs, key, name, scaled)

    def counted(e: pd.DataFrame) -> pd.DataFrame:
        return e[e["gpc_ref"].isin(rows).to_numpy() & ~e["biogenic"].to_numpy(dtype=bool)]

    def tot(e: pd.DataFrame) -> pd.Series:
        return counted(e).groupby("year")["co2e_t"].sum().reindex(years, fill_value=0.0)

    def by_sector(e: pd.DataFrame, name: str) -> pd.DataFrame:
        s = counted(e).groupby(["year", "sector"])["co2e_t"].sum().reset_index()
        return s.assign(scenario=name)[["scenario", "year", "sector", "co2e_t"]]

    results: dict[str, pd.Series] = {}
    sector_parts, record_parts, wedge_parts = [], [], []
    bau = run(BAU, actions.iloc[0:0])
    results[BAU] = tot(bau)
    sector_parts.append(by_sector(bau, BAU))
    record_parts.append(bau)
    for name in (list(dict.fromkeys(actions["scenario"])) if len(actions) else []):
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
    wedges = pd.concat(wedge_parts, ignore_index=True) if wedge_parts else pd.DataFrame(
        columns=["scenario", "order", "action", "year", "co2e_t"])
    return (results, pd.concat(sector_parts, ignore_index=True), pd.concat(record_parts, ignore_index=True),
            wedges)


def _series(results: dict[str, pd.Series], years: np.ndarray, hist_totals: pd.Series) -> pd.DataFrame:
    """One series per scenario: the history (the same for all), the base year, then the projection."""
    base_year = int(years[0])
    tab = pd.DataFrame({"year": years, "kind": np.where(years == base_year, "base", "projected")})
    for name, s in results.items():
        tab[name] = s.to_numpy()
    if len(hist_totals):
        h = hist_totals[hist_totals.index < base_year]
        hist = pd.DataFrame({"year": h.index.astype(int), "kind": "historical"})
        for name in results:
            hist[name] = h.to_numpy()
        tab = pd.concat([hist, tab], ignore_index=True)
    return tab


def _grid_table(b: _Base, sc: Scenario) -> pd.DataFrame:
    """The grid factor of every projected year and where it comes from."""
    base_year = int(b.years[0])
    return pd.DataFrame({"year": b.years, "factor_t_per_mwh": b.grid_path,
                         "source": [f"base inventory: {b.grid_source}" if y == base_year else
                                    ("scenario grid sheet" if len(sc.grid) else
                                     f"held at the base year's value ({b.grid_source}): no grid path given")
                                    for y in b.years]})


def _history(hist: Any, sc: Scenario, problems: list[Problem]) -> pd.Series:
    if hist is None or (isinstance(hist, str) and not hist.strip()):
        return pd.Series(dtype=float)
    from gpc.trend import Trend

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
