"""From an inventory's records to uncertain inputs, and the Approach 1 / Approach 2 results.

Every record is modelled as ``E = A × F`` (IPCC 2006 Vol. 1 §3.2.3: activity data × emission factor):

* **activity data** — one input per input row (``sheet``, ``row``): the records of one row (CO2, CH4,
  N2O of a fuel; a grid row and its T&D losses) share it;
* **emission factor** — one input per factor: records whose factor has the same source, name, activity
  and gas share one draw (a factor used by many rows is one random quantity, IPCC Vol. 1 §3.2.3.1/2);
  a factor typed in a row (``row …`` source) is that row's own.

Where each uncertainty comes from, first found wins (written per record in ``ad_u_source`` /
``ef_u_source``):

1. the input row's own columns ``ad_uncertainty`` (± %), ``ad_uncertainty_lower`` / ``_upper`` (a skewed
   interval) and ``ad_distribution``; ``ef_…`` likewise for the factor;
2. for the factor, the range its sector composed (IPCC 2006 Vol. 1 Eq. 3.1) from the 95 % ranges the IPCC
   tables print beside the defaults it used (``lower``/``upper`` columns of the factor tables; record columns
   ``ef_lower_pct`` / ``ef_upper_pct`` / ``ef_range_source``, :mod:`gpc.factors.ranges`);
3. else the 95 % range the IPCC table prints beside it
   (``emission_factors/<set>/uncertainty_*.csv``), when the record's factor came from that table for
   that fuel and gas with that value;
4. the default of the record's data-quality letter (``gpc/data/uncertainty_defaults.csv``).

Records with no factor (emissions entered directly) carry only their activity-data uncertainty.
Biogenic CO2 has its record uncertainty but is in no total. GWP values carry no uncertainty
(IPCC Vol. 1 §3.2: inventories report uncertainty of emissions; GWPs are fixed by convention).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.errors import InputError
from gpc.uncertainty import approach1 as a1
from gpc.uncertainty.sources import (
    _DIST,
    _USER,
    UNCERTAINTY_COLUMNS,
    Side,
    _check,
    _user_columns,
    activity_side,
    defaults,
    factor_ranges,
    factor_side,
    ncv_side,
)

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["UNCERTAINTY_COLUMNS", "Model", "build_model", "defaults", "factor_ranges", "_DIST"]


# ---------------------------------------------------------------------------------------------- model
@dataclass
class Model:
    """The inputs of an inventory and which records use them.

    ``records``: the emission records with the resolved uncertainty columns; ``inputs``: one row per
    input (``kind`` activity/factor, ``label``, ``lower_pct``, ``upper_pct``, ``u_pct``, ``distribution``,
    ``source``); ``codes``: ``(N × 2)`` input index of each record (activity, factor; −1 none);
    ``groups``: GPC-row index of each record counted in totals (−1: biogenic); ``aggregates``: one row
    per reported figure (``level``, ``key``, ``name``) and ``weights``: ``(n_rows × n_aggregates)``.
    """

    records: pd.DataFrame
    inputs: pd.DataFrame
    codes: np.ndarray
    emissions: np.ndarray
    groups: np.ndarray
    refs: list[str]
    aggregates: pd.DataFrame
    weights: np.ndarray


def build_model(inv: Inventory) -> Model:
    """Resolve every record's activity and factor uncertainty and map records to shared inputs."""
    e = inv.emissions.reset_index(drop=True)
    u = _user_columns(inv, e)
    once = u.drop_duplicates(["sheet", "row"])          # one problem per cell, not one per record (gas) of the row
    problems = _check(once, "ad") + _check(once, "ef")
    if problems:
        raise InputError(problems)
    src_text = e["factor_source"].astype(object).where(e["factor_source"].notna(), "").astype(str)
    ad, ef, nc = activity_side(e, u), factor_side(inv, e, u, src_text), ncv_side(inv, e)
    inputs, codes = _inputs(e, ad, ef, nc, src_text)
    rec = _records(e, ad, ef, nc, codes)
    refs, groups, aggs, w = _groups(e)
    values = np.where(groups >= 0, e["co2e_t"].to_numpy(float), 0.0)
    return Model(rec, inputs, codes, np.nan_to_num(values), groups, refs, aggs, w)


def _inputs(e: pd.DataFrame, ad: Side, ef: Side, nc: Side, src_text: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
    """One input per distinct activity row, shared factor and shared default NCV; ``codes`` (N × 3): the input
    of each record's activity data, factor and NCV (−1: none)."""
    n = len(e)
    name = e["factor_name"].astype(object).where(e["factor_name"].notna(), "").astype(str)
    no_factor = (ef.src == "no factor (emissions entered directly)")
    has_ncv = ~np.isnan(nc.lo)
    ad_key = pd.DataFrame({"a": e["sheet"].astype(str), "b": e["row"].astype(np.int64), "lo": ad.lo, "up": ad.up,
                           "d": ad.dist})
    ad_code = ad_key.groupby(["a", "b", "lo", "up", "d"], sort=False, dropna=False).ngroup().to_numpy()
    user = src_text.str.lower().str.startswith(_USER).to_numpy()
    own = np.where(user, e["sheet"].astype(str) + "#" + e["row"].astype(str), "")
    ef_key = pd.DataFrame({"s": src_text, "n": name, "act": e["activity"].astype(str), "g": e["gas"].astype(str),
                           "own": own, "lo": ef.lo, "up": ef.up, "d": ef.dist})
    ef_code = ef_key.groupby(list(ef_key.columns), sort=False, dropna=False).ngroup().to_numpy()
    ef_code = _compact(np.where(no_factor | ((ef.lo == 0) & (ef.up == 0)), -1, ef_code))
    nc_key = pd.DataFrame({"act": e["activity"].astype(str), "lo": np.nan_to_num(nc.lo), "up": np.nan_to_num(nc.up)})
    nc_code = _compact(np.where(has_ncv, nc_key.groupby(list(nc_key.columns), sort=False).ngroup().to_numpy(), -1))
    n_ad = int(ad_code.max()) + 1 if n else 0
    n_ef = int(ef_code.max()) + 1 if (ef_code >= 0).any() else 0
    n_nc = int(nc_code.max()) + 1 if (nc_code >= 0).any() else 0
    ad_first, ef_first, nc_first = _first(ad_code, n_ad), _first(ef_code, n_ef), _first(nc_code, n_nc)
    labels = _labels(e, name, src_text, user, ad_first, ef_first, nc_first)
    # a key per input that names the same quantity in another year (activity data never do)
    ef_cross = ef_key.iloc[ef_first].astype(str).agg("|".join, axis=1).to_numpy(object) if n_ef else np.array([], object)
    nc_cross = ("ncv|" + nc_key.iloc[nc_first].astype(str).agg("|".join, axis=1)).to_numpy(object) if n_nc \
        else np.array([], object)
    inputs = pd.DataFrame({
        "kind": ["activity"] * n_ad + ["factor"] * n_ef + ["ncv"] * n_nc,
        "label": labels,
        "lower_pct": np.r_[ad.lo[ad_first], ef.lo[ef_first], nc.lo[nc_first]].astype(float),
        "upper_pct": np.r_[ad.up[ad_first], ef.up[ef_first], nc.up[nc_first]].astype(float),
        "distribution": np.r_[ad.dist[ad_first], ef.dist[ef_first], nc.dist[nc_first]],
        "source": np.r_[ad.src[ad_first], ef.src[ef_first], nc.src[nc_first]],
        "key": np.r_[np.full(n_ad, "", dtype=object), ef_cross, nc_cross],
    })
    inputs["u_pct"] = a1.symmetric(inputs["lower_pct"], inputs["upper_pct"])
    inputs.index.name = "input"
    codes = np.stack([ad_code, np.where(ef_code >= 0, ef_code + n_ad, -1),
                      np.where(nc_code >= 0, nc_code + n_ad + n_ef, -1)], axis=1) if n else np.zeros((0, 3), int)
    return inputs, codes


def _labels(e: pd.DataFrame, name: pd.Series, src_text: pd.Series, user: np.ndarray, ad_first: np.ndarray,
            ef_first: np.ndarray, nc_first: np.ndarray) -> np.ndarray:
    """A readable label per input, built for the first record of each input only (one string per input)."""
    fa, ff, fn = e.iloc[ad_first], e.iloc[ef_first], e.iloc[nc_first]
    amount = fa["amount"].to_numpy(float)
    ad_label = (fa["sheet"].astype(str) + " row " + fa["row"].astype(str) + ": " + fa["activity"].astype(str) + " "
                + pd.Series(np.where(np.isnan(amount), "", np.char.mod("%g", np.nan_to_num(amount))), index=fa.index)
                + " " + fa["unit"].astype(str)).to_numpy(object)
    ef_label = (name.iloc[ef_first] + " " + ff["activity"].astype(str) + " " + ff["gas"].astype(str) + ": "
                + np.where(user[ef_first], "row " + ff["sheet"].astype(str) + " " + ff["row"].astype(str) + " / ", "")
                + src_text.iloc[ef_first].str.slice(0, 120)).to_numpy(object)
    nc_label = ("NCV " + fn["activity"].astype(str) + ": IPCC 2006 Vol. 2 Table 1.2").to_numpy(object)
    return np.r_[ad_label, ef_label, nc_label]


def _records(e: pd.DataFrame, ad: Side, ef: Side, nc: Side, codes: np.ndarray) -> pd.DataFrame:
    """The emission records with what each one carries: its uncertainties, their sources and its inputs."""
    rec = e.copy()
    rec["ad_u_lower_pct"], rec["ad_u_upper_pct"], rec["ad_distribution"], rec["ad_u_source"] = ad.lo, ad.up, ad.dist, ad.src
    rec["ef_u_lower_pct"], rec["ef_u_upper_pct"], rec["ef_distribution"], rec["ef_u_source"] = ef.lo, ef.up, ef.dist, ef.src
    rec["ncv_u_lower_pct"], rec["ncv_u_upper_pct"], rec["ncv_u_source"] = nc.lo, nc.up, nc.src
    rec["u_record_pct"] = a1.product(a1.symmetric(ad.lo, ad.up), a1.symmetric(ef.lo, ef.up),
                                     np.nan_to_num(a1.symmetric(nc.lo, nc.up)))   # Eq. 3.1
    rec["ad_input"] = codes[:, 0]
    rec["ef_input"] = codes[:, 1]
    rec["ncv_input"] = codes[:, 2]
    return rec


def _groups(e: pd.DataFrame) -> tuple[list[str], np.ndarray, pd.DataFrame, np.ndarray]:
    """The GPC rows present, each record's row index (−1: biogenic, in no total) and the aggregates."""
    t = taxonomy.table()
    present = set(pd.unique(e["gpc_ref"].astype(object)))
    refs = [r for r in t.index if r in present]
    ref_idx = {r: i for i, r in enumerate(refs)}
    groups = e["gpc_ref"].map(ref_idx).fillna(-1).astype(np.int64).to_numpy()
    groups = np.where(e["biogenic"].to_numpy(bool), -1, groups)
    aggs, w = _aggregates(refs, t)
    return refs, groups, aggs, w


def _compact(codes: np.ndarray) -> np.ndarray:
    """Renumber the used codes 0..k-1 in order of first use; −1 stays −1."""
    out = np.full(len(codes), -1, dtype=np.int64)
    m = codes >= 0
    if m.any():
        _, first, inv = np.unique(codes[m], return_index=True, return_inverse=True)
        order = np.argsort(np.argsort(first, kind="stable"), kind="stable")
        out[m] = order[inv]
    return out


def _first(codes: np.ndarray, k: int) -> np.ndarray:
    """Index of the first record of each input 0..k-1."""
    m = codes >= 0
    idx = np.flatnonzero(m)
    c = codes[m]
    first = np.full(k, 0, dtype=np.int64)
    # reversed assignment keeps the first occurrence
    first[c[::-1]] = idx[::-1]
    return first


def _aggregates(refs: list[str], t: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    rows: list[tuple[str, str, str, list[str]]] = []
    for r in refs:
        rows.append(("row", r, str(t.loc[r, "name"]), [r]))
    sectors = t.loc[refs].drop_duplicates("sector_ref")
    for s, name in zip(sectors["sector_ref"], sectors["sector"]):
        rows.append(("sector", str(s), str(name), [r for r in refs if t.loc[r, "sector_ref"] == s]))
    for sc in (1, 2, 3):
        rows.append(("scope", str(sc), f"scope {sc}", [r for r in refs if taxonomy.scope(r) == sc]))
    for tot in taxonomy.TOTALS:
        inside = set(taxonomy.total_rows(tot))
        rows.append(("total", tot, tot, [r for r in refs if r in inside]))
    idx = {r: i for i, r in enumerate(refs)}
    w = np.zeros((len(refs), len(rows)))
    for j, (_, _, _, members) in enumerate(rows):
        for r in members:
            w[idx[r], j] = 1.0
    aggs = pd.DataFrame([(lv, k, nm) for lv, k, nm, _ in rows], columns=["level", "key", "name"])
    return aggs, w
