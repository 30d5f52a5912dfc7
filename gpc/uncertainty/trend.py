"""Trend uncertainty between two inventory years of one city (IPCC 2006 Vol. 1 Ch. 3).

Approach 1 (§3.2.3.1, Table 3.3): categories are (GPC row, activity, gas, factor); per category the
base-year emissions ``C_x``, the current-year ``D_x``, the activity-data ± % ``E_x`` and the factor ± %
``F_x`` (each by Eq. 3.2 over the category's inputs of the current year, the base year's where the
category is new). Factors are taken as fully correlated between the years (type A sensitivity), activity
data as independent (type B, × √2) — :func:`gpc.uncertainty.approach1.trend`.

Approach 2 (§3.2.3.2): both years in one Monte Carlo run. A factor that both years use (same source,
name, activity, gas and the same uncertainty) is one draw for both years (correlated); each year's
activity data are drawn on their own. The trend of every iteration is ``(T_t − T_0)/T_0``; its 2.5th and 97.5th percentiles are
the 95 % interval.

The change is *larger than its uncertainty* when the 95 % interval of the trend excludes zero.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.uncertainty import approach1 as a1
from gpc.uncertainty import montecarlo as mc
from gpc.uncertainty.model import _DIST, Model, build_model

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["trend_uncertainty"]

_COLUMNS = ["total", "base_year", "year", "base_t", "current_t", "change_t", "change_pct", "u_trend_pp",
            "trend_low_pct", "trend_high_pct", "significant", "approach"]


def _category_key(m: Model) -> pd.Series:
    r = m.records
    return (r["gpc_ref"].astype(str) + "|" + r["activity"].astype(str) + "|" + r["gas"].astype(str) + "|"
            + r["factor_name"].astype(str))


def _in_total(m: Model, total: str) -> np.ndarray:
    inside = set(taxonomy.total_rows(total))
    return (m.groups >= 0) & m.records["gpc_ref"].isin(inside).to_numpy()


def _categories(m: Model, mask: np.ndarray) -> pd.DataFrame:
    """Per category: emissions, activity-data ± % and factor ± % (Eq. 3.2 over its inputs)."""
    key = _category_key(m)[mask].to_numpy(object)
    e = m.emissions[mask]
    u = m.inputs["u_pct"].to_numpy(float)
    cats, cidx = np.unique(key, return_inverse=True) if len(key) else (np.array([], dtype=object), np.array([], int))
    out = pd.DataFrame(index=pd.Index(cats, name="category"))
    out["emissions"] = np.bincount(cidx, weights=e, minlength=len(cats)) if len(cats) else []
    # activity data (column 0) → E_x; factor and NCV (columns 1, 2: the same default in both years) → F_x
    for cols, name in (((0,), "u_ad"), (tuple(range(1, m.codes.shape[1])), "u_ef")):
        var = np.zeros(len(cats))
        for j in cols:
            if len(cats):
                var += a1.variance(a1.input_sums(e, m.codes[mask, j], len(u), cidx, len(cats)), u)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[name] = np.where(out["emissions"] != 0, np.sqrt(var) / np.abs(out["emissions"]) * 100.0, 0.0)
    return out


def _approach1(m0: Model, m1: Model, total: str) -> dict[str, float]:
    c0 = _categories(m0, _in_total(m0, total))
    c1 = _categories(m1, _in_total(m1, total))
    cats = c0.index.union(c1.index)
    c = c0.reindex(cats)
    d = c1.reindex(cats)
    u_ad = d["u_ad"].fillna(c["u_ad"]).fillna(0.0).to_numpy()
    u_ef = d["u_ef"].fillna(c["u_ef"]).fillna(0.0).to_numpy()
    return a1.trend(c["emissions"].fillna(0.0).to_numpy(), d["emissions"].fillna(0.0).to_numpy(), u_ad, u_ef)


def _approach2(m0: Model, m1: Model, iterations: int, seed: int | None) -> np.ndarray:
    """``(iterations × 2·len(TOTALS))``: each total of the base year then of the current year."""
    k0 = len(m0.inputs)
    key0, key1 = m0.inputs["key"].to_numpy(object), m1.inputs["key"].to_numpy(object)
    pos0 = pd.Series(np.arange(k0), index=pd.Index(key0, dtype=object))[key0 != ""]
    pos0 = pos0[~pos0.index.duplicated()]
    # current-year inputs: activity data are new draws; a factor or NCV with the same key is the base year's
    match = pos0.reindex(pd.Index(key1, dtype=object)).fillna(-1).astype(np.int64).to_numpy().copy()
    match[key1 == ""] = -1
    extra = np.flatnonzero(match < 0)
    new_idx = match.copy()
    new_idx[extra] = k0 + np.arange(len(extra))
    inp = pd.concat([m0.inputs, m1.inputs.iloc[extra]], ignore_index=True)
    codes1 = np.where(m1.codes >= 0, new_idx[np.maximum(m1.codes, 0)], -1)
    codes = np.vstack([m0.codes, codes1])
    e = np.r_[m0.emissions, m1.emissions]
    g0 = len(m0.refs)
    groups = np.r_[m0.groups, np.where(m1.groups >= 0, m1.groups + g0, -1)]
    w = np.zeros((g0 + len(m1.refs), 2 * len(taxonomy.TOTALS)))
    for j, tot in enumerate(taxonomy.TOTALS):
        inside = set(taxonomy.total_rows(tot))
        for i, r in enumerate(m0.refs):
            w[i, j] = float(r in inside)
        for i, r in enumerate(m1.refs):
            w[g0 + i, len(taxonomy.TOTALS) + j] = float(r in inside)
    sim = mc.simulate(e, codes, inp["lower_pct"].to_numpy(float), inp["upper_pct"].to_numpy(float),
                      inp["distribution"].map(_DIST).fillna(0).astype(int).to_numpy(), groups, w,
                      iterations=iterations, seed=seed)
    return sim.totals


def trend_uncertainty(base: Inventory, current: Inventory, approach: int = 1, *, iterations: int = 10_000,
                      seed: int | None = None) -> pd.DataFrame:
    """Per total: base and current t CO2e, the change (t, %), its uncertainty and whether the change is
    larger than it (the 95 % interval of the trend excludes zero).

    ``u_trend_pp``: ± percentage points of the trend (Approach 1, Table 3.3; for Approach 2 half the
    width of the 2.5–97.5 percentile interval); ``trend_low_pct`` / ``trend_high_pct``: the interval.
    """
    if approach not in (1, 2):
        raise ValueError(f"approach must be 1 or 2, not {approach!r}")
    if base.gwp != current.gwp:
        raise ValueError(f"the two years use different GWP sets ({base.gwp}, {current.gwp}): compute both with one "
                         "set (gwp=...) to compare them")
    m0, m1 = build_model(base), build_model(current)
    rows = []
    sims = _approach2(m0, m1, iterations, seed) if approach == 2 else None
    nt = len(taxonomy.TOTALS)
    for j, tot in enumerate(taxonomy.TOTALS):
        b, c = float(base.total(tot)), float(current.total(tot))
        change = (c - b) / abs(b) * 100.0 if b else float("nan")
        if sims is None:
            r = _approach1(m0, m1, tot)
            u = r["u_trend_pp"]
            lo, hi = change - u, change + u
        else:
            t0, t1 = sims[:, j], sims[:, nt + j]
            with np.errstate(invalid="ignore", divide="ignore"):
                tr = (t1 - t0) / np.abs(t0) * 100.0
            lo, hi = (np.percentile(tr, [2.5, 97.5]) if np.isfinite(tr).all() else (np.nan, np.nan))
            u = (hi - lo) / 2.0
        sig = bool(lo > 0 or hi < 0) if lo == lo and hi == hi else False
        rows.append([tot, int(base.settings.year), int(current.settings.year), b, c, c - b, change, u, lo, hi, sig,
                     approach])
    return pd.DataFrame(rows, columns=_COLUMNS)
