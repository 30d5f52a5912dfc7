"""Preparing a projection from the base-year inventory: the base tables, each row's growth index from the
drivers, the grid path, each activity row's energy (for fuel switches) and each landfill site's recovery
rate (held in BAU) — the inputs every scenario of :func:`gpc.pathways.project.project` shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gpc.activity_data import ActivityData
from gpc.errors import Problem
from gpc.pathways import drivers as dm
from gpc.pathways.actions import QUANTITY_COLUMN, canonical_activity, match_rows, problem
from gpc.pathways.scenario import Scenario
from gpc.units import factor_to


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


def _prepare(data: ActivityData, inv: Any, sc: Scenario, years: np.ndarray, problems: list[Problem]) -> _Base:
    tables = _base_tables(data)
    growth = _growth(tables, sc, years, problems)
    e = inv.emissions
    grid_path, grid_source = _grid_path(e, sc, years, problems)
    return _Base(data=data, inv=inv, years=years, tables=tables, growth=growth, grid_path=grid_path,
                 grid_source=grid_source, energy_gj=_energy_per_row(e, tables), site_rate=_recovery_rates(e, tables))


def _base_tables(data: ActivityData) -> dict[str, pd.DataFrame]:
    """The base workbook's tables as plain copies; activity rows get ``_act``, their canonical activity."""
    tables = {k: _plain(v) for k, v in data.tables.items()}
    if "activity" in tables:
        act = tables["activity"]["activity"]
        names = {a: canonical_activity(a) for a in act.dropna().unique()}
        tables["activity"]["_act"] = act.map(names).fillna("")
    return tables


def _growth(tables: dict[str, pd.DataFrame], sc: Scenario, years: np.ndarray,
            problems: list[Problem]) -> dict[str, np.ndarray]:
    """The drivers: the growth index of every sheet row and year (rows × years), drivers on a row multiplied."""
    growth = {k: np.ones((len(t), len(years))) for k, t in tables.items()}
    for _, d in sc.drivers.iterrows():
        lo, hi = d["from_year"], d["to_year"]
        lo = None if lo is None or pd.isna(lo) else int(lo)
        hi = None if hi is None or pd.isna(hi) else int(hi)
        bad = _driver_problems(d, lo, hi, years, problems)
        g = d["growth"]
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
    return growth


def _driver_problems(d: pd.Series, lo: int | None, hi: int | None, years: np.ndarray,
                     problems: list[Problem]) -> bool:
    """The problems of one driver row's years and rate; True if it has any (it then grows nothing)."""
    base_year, horizon = int(years[0]), int(years[-1])
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
    return bad


def _grid_path(e: pd.DataFrame, sc: Scenario, years: np.ndarray, problems: list[Problem]) -> tuple[np.ndarray, str]:
    """The grid path (t CO2/MWh per year): the base inventory's grid factor, then the user's points; and where
    the base year's factor comes from."""
    base_year = int(years[0])
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
            to_t_mwh = factor_to(str(g["unit"]), "t/MWh")
        except Exception:  # noqa: BLE001
            problems.append(problem(g, "unit", "a grid factor is a mass per energy such as t/MWh or kg/kWh"))
            ok = False
        if g["factor"] is not None and g["factor"] < 0:
            problems.append(problem(g, "factor", "a grid factor cannot be negative"))
            ok = False
        if ok and y is not None and g["factor"] is not None:
            points[int(y)] = float(g["factor"]) * to_t_mwh
    grid_path = dm.interpolate_path(years, points) if points else np.full(len(years), np.nan)
    return grid_path, grid_source


def _energy_per_row(e: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> dict[int, float]:
    """Each activity row's energy in the base year (GJ), from the base inventory's records."""
    act = e[(e["sheet"].isin([t["sheet"].iloc[0] for k, t in tables.items() if k == "activity" and len(t)]))
            & (e["method"] != "td_losses")]
    energy = act.groupby("row")["energy_gj"].first().dropna().to_dict()
    return {int(k): float(v) for k, v in energy.items()}


def _recovery_rates(e: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Each landfill site's base-year recovery rate: methane recovered / CH4 generated."""
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
    return site_rate


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


