"""Approach 1 and Approach 2 over a :class:`~gpc.uncertainty.model.Model`: the :class:`Result` tables (every
GPC row, sector, scope and total), the validity flags of Approach 1, the contributions to variance, and
:func:`run` / :func:`attach` that an inventory calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc.uncertainty import approach1 as a1
from gpc.uncertainty import montecarlo as mc
from gpc.uncertainty.model import Model, build_model
from gpc.uncertainty.sources import _DIST, _SKEW, _SKEW_MIN

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["RECORD_UNCERTAINTY_COLUMNS", "Result", "approach_1", "approach_2", "approach1_shares", "attach", "run"]



@dataclass
class Result:
    """Uncertainty of an inventory.

    ``table``: one line per GPC row, sector, scope and total (``level``, ``key``, ``name``, ``co2e_t``,
    ``u_minus_pct``, ``u_plus_pct``, ``lower_t``, ``upper_t``, ``approach``, ``approach1_valid``,
    ``note``, ``main_contributors``; Approach 2 adds ``mean_t``, ``median_t``, ``p2_5_t``, ``p97_5_t``);
    ``records``: each emission record with its activity/factor uncertainty and their sources;
    ``contributions``: each input's share of the variance of the BASIC total, largest first;
    ``inputs``: every input.
    """

    approach: int
    table: pd.DataFrame
    records: pd.DataFrame
    contributions: pd.DataFrame
    inputs: pd.DataFrame
    iterations: int | None = None
    seed: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def total(self, name: str = "BASIC") -> pd.Series:
        """The line of one total (``BASIC``, ``BASIC+``, ``territorial``)."""
        t = self.table
        return t[(t["level"] == "total") & (t["key"] == name)].iloc[0]

    def row(self, ref: str) -> pd.Series:
        t = self.table
        return t[(t["level"] == "row") & (t["key"] == ref)].iloc[0]


def _sums(model: Model) -> tuple[np.ndarray, np.ndarray]:
    """``S[a, k]``: emissions behind input k in aggregate a; and the aggregate values."""
    k = len(model.inputs)
    g = len(model.refs)
    s = np.zeros((g, k))
    for j in range(model.codes.shape[1]):
        s += a1.input_sums(model.emissions, model.codes[:, j], k, model.groups, g)
    agg_s = model.weights.T @ s
    vals = model.weights.T @ np.bincount(np.maximum(model.groups, 0), weights=np.where(model.groups >= 0, model.emissions, 0),
                                         minlength=g)
    return agg_s, vals


def _top(shares: np.ndarray, inputs: pd.DataFrame, n: int = 3) -> list[str]:
    out = []
    labels = inputs["label"].to_numpy(object)
    for row in shares:
        if not row.size or row.max() <= 0:
            out.append("")
            continue
        top = np.argsort(-row, kind="stable")[:n]
        out.append("; ".join(f"{labels[i]} ({row[i] * 100:.0f} %)" for i in top if row[i] > 0))
    return out


def approach_1(model: Model) -> Result:
    """Approach 1 (IPCC 2006 Vol. 1 Eq. 3.1/3.2, shared inputs summed first) for every aggregate."""
    agg_s, vals = _sums(model)
    u = model.inputs["u_pct"].to_numpy(float)
    terms = np.square(agg_s * (u / 100.0)[None, :])
    var = terms.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        upct = np.where(vals != 0, np.sqrt(var) / np.abs(vals) * 100.0, np.nan)
        shares = np.where(var[:, None] > 0, terms / var[:, None], 0.0)
    tab = model.aggregates.copy()
    tab["co2e_t"] = vals
    tab["u_minus_pct"] = upct
    tab["u_plus_pct"] = upct
    tab["lower_t"] = vals - np.abs(vals) * upct / 100.0
    tab["upper_t"] = vals + np.abs(vals) * upct / 100.0
    tab["approach"] = 1
    valid, notes = _validity(upct, shares, model.inputs)
    tab["approach1_valid"] = valid
    tab["note"] = notes
    tab["main_contributors"] = _top(shares, model.inputs)
    contrib = _contributions(model, shares, tab)
    return Result(1, tab, model.records, contrib, model.inputs)


def _validity(upct: np.ndarray, shares: np.ndarray, inputs: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    big = inputs["u_pct"].to_numpy(float) > a1.VALID_LIMIT
    lo, up = inputs["lower_pct"].to_numpy(float), inputs["upper_pct"].to_numpy(float)
    # strongly skewed: halves differing by more than 1.5× with the larger one at least ±10 %
    skew = ((np.maximum(lo, up) > _SKEW * np.minimum(lo, up)) | inputs["distribution"].isin(["lognormal"]).to_numpy()) \
        & (np.maximum(lo, up) >= _SKEW_MIN)
    material = shares >= 0.05
    bad_in = (material & big[None, :]).any(axis=1)
    skew_in = (material & skew[None, :]).any(axis=1)
    valid = ~((upct > a1.VALID_LIMIT) | bad_in | skew_in)
    notes = []
    for u_, b, s in zip(upct, bad_in, skew_in):
        why = []
        if u_ > a1.VALID_LIMIT:
            why.append(f"±{u_:.0f} % is above ±{a1.VALID_LIMIT:.0f} %")
        elif b:
            why.append(f"an input of more than ±{a1.VALID_LIMIT:.0f} % weighs in")
        if s:
            why.append("a strongly skewed input weighs in")
        notes.append("Approach 1 not valid here (" + "; ".join(why) + "): use Approach 2" if why else "")
    return valid, notes


def _contributions(model: Model, shares: np.ndarray, tab: pd.DataFrame, corr: np.ndarray | None = None) -> pd.DataFrame:
    i = int(np.flatnonzero((tab["level"] == "total").to_numpy() & (tab["key"] == "BASIC").to_numpy())[0])
    c = model.inputs.copy()
    c["share_of_variance"] = shares[i] if shares.size else 0.0
    if corr is not None:
        c["mc_correlation"] = corr
        r2 = corr * corr
        c["mc_share"] = r2 / r2.sum() if r2.sum() > 0 else 0.0
        c = c.sort_values("mc_share", ascending=False, kind="stable")
    else:
        c = c.sort_values("share_of_variance", ascending=False, kind="stable")
    c.insert(0, "rank", np.arange(1, len(c) + 1))
    return c


def approach_2(model: Model, *, iterations: int = 10_000, seed: int | None = None,
               budget_bytes: int = 4 * 2**20) -> Result:
    """Approach 2 (Monte Carlo, IPCC 2006 Vol. 1 §3.2.3.2) for every aggregate."""
    r1 = approach_1(model)
    tab = r1.table.copy()
    target = int(np.flatnonzero((tab["level"] == "total").to_numpy() & (tab["key"] == "BASIC").to_numpy())[0])
    inp = model.inputs
    sim = mc.simulate(model.emissions, model.codes, inp["lower_pct"].to_numpy(float), inp["upper_pct"].to_numpy(float),
                      inp["distribution"].map(_DIST).fillna(0).astype(int).to_numpy(), model.groups, model.weights,
                      iterations=iterations, seed=seed, target=target, budget_bytes=budget_bytes)
    s = mc.summarise(sim.totals)
    v = tab["co2e_t"].to_numpy(float)
    tab["mean_t"], tab["median_t"], tab["p2_5_t"], tab["p97_5_t"] = s["mean"], s["median"], s["p2_5"], s["p97_5"]
    with np.errstate(invalid="ignore", divide="ignore"):
        tab["u_minus_pct"] = np.where(v != 0, (v - s["p2_5"]) / np.abs(v) * 100.0, np.nan)
        tab["u_plus_pct"] = np.where(v != 0, (s["p97_5"] - v) / np.abs(v) * 100.0, np.nan)
    tab["lower_t"], tab["upper_t"] = s["p2_5"], s["p97_5"]
    tab["approach"] = 2
    tab["approach1_u_pct"] = r1.table["u_plus_pct"]
    tab["note"] = ""
    r2 = sim.corr * sim.corr
    shares = np.zeros((len(tab), len(inp)))
    shares[target] = r2 / r2.sum() if r2.sum() > 0 else 0.0
    tab.loc[target, "main_contributors"] = _top(shares[target:target + 1], inp)[0]
    contrib = _contributions(model, np.vstack([approach1_shares(model)]), tab.iloc[[target]].reset_index(drop=True),
                             corr=sim.corr)
    return Result(2, tab, model.records, contrib, inp, iterations=iterations, seed=seed)


def approach1_shares(model: Model) -> np.ndarray:
    """Approach 1 share of variance of each input in the BASIC total."""
    agg_s, _ = _sums(model)
    i = int(np.flatnonzero((model.aggregates["level"] == "total").to_numpy()
                           & (model.aggregates["key"] == "BASIC").to_numpy())[0])
    u = model.inputs["u_pct"].to_numpy(float)
    return a1.contribution(agg_s[i], u)


def run(inv: Inventory, approach: int = 1, *, iterations: int = 10_000, seed: int | None = None) -> Result:
    """Uncertainty of ``inv`` by Approach 1 or 2."""
    if approach not in (1, 2):
        raise ValueError(f"approach must be 1 or 2, not {approach!r}")
    if approach == 2 and (not isinstance(iterations, (int, np.integer)) or iterations < 1):
        raise ValueError(f"iterations must be a positive whole number, not {iterations!r}")
    model = build_model(inv)
    return approach_1(model) if approach == 1 else approach_2(model, iterations=int(iterations), seed=seed)


#: Record columns :func:`attach` adds to ``Inventory.emissions`` (and so to the audit trail).
RECORD_UNCERTAINTY_COLUMNS = ("ad_u_lower_pct", "ad_u_upper_pct", "ad_distribution", "ad_u_source",
                              "ef_u_lower_pct", "ef_u_upper_pct", "ef_distribution", "ef_u_source",
                              "ncv_u_lower_pct", "ncv_u_upper_pct", "ncv_u_source", "u_record_pct")


def attach(inv: Inventory, result: Result) -> Result:
    """Add each record's uncertainty columns to ``inv.emissions`` and keep ``result`` on the inventory
    (``inv.uncertainty_result``) for the workbook."""
    rec = result.records
    for c in RECORD_UNCERTAINTY_COLUMNS:
        inv.emissions[c] = rec[c].to_numpy()
    inv.uncertainty_result = result
    return result
