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

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.errors import InputError, Problem
from gpc.uncertainty import approach1 as a1
from gpc.uncertainty import montecarlo as mc

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["UNCERTAINTY_COLUMNS", "Model", "Result", "build_model", "approach_1", "approach_2", "defaults",
           "factor_ranges", "run"]

#: Optional columns of every activity sheet (gpc/data/sheets/*.csv).
UNCERTAINTY_COLUMNS = ("ad_uncertainty", "ad_uncertainty_lower", "ad_uncertainty_upper", "ad_distribution",
                       "ef_uncertainty", "ef_uncertainty_lower", "ef_uncertainty_upper", "ef_distribution")
_DIST = {d: i for i, d in enumerate(mc.DISTRIBUTIONS)}
_TABLE_RE = re.compile(r"Table\s+(\d+(?:\.\d+)+)")
_USER = ("row",)          # a factor typed in the input row itself (not the city sheet's, which rows share)
_SKEW = 1.5           # larger/smaller half above which an interval counts as skewed
_SKEW_MIN = 10.0      # ... and strongly skewed for Approach 1 when its larger half is at least this ± %


@lru_cache(maxsize=1)
def defaults() -> pd.DataFrame:
    """``gpc/data/uncertainty_defaults.csv``: ± % and distribution by kind and data-quality letter."""
    from importlib import resources

    with resources.files("gpc.data").joinpath("uncertainty_defaults.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype={"quality": str}, keep_default_na=False)
    df["uncertainty_pct"] = df["uncertainty_pct"].astype(float)
    return df


def factor_ranges(factor_set: Any) -> pd.DataFrame:
    """Every ``uncertainty_*`` table of the factor set (and its fallbacks), with ``lower_pct`` / ``upper_pct``
    relative to the value (:func:`gpc.factors.ranges.table_ranges`; an inventory reads them through its
    resolver)."""
    from gpc.factors import load_factor_set
    from gpc.factors.ranges import table_ranges

    return table_ranges(load_factor_set(factor_set) if isinstance(factor_set, str) else factor_set)


def _ranges(inv: Inventory) -> pd.DataFrame:
    """The printed ranges of the inventory's factor set, from its resolver."""
    from gpc.context import Context
    from gpc.factors import load_factor_set
    from gpc.factors.resolve import resolver

    fs = inv.factor_set if inv.factor_set is not None else load_factor_set(inv.settings.factors)
    return resolver(Context(settings=inv.settings, factors=fs)).uncertainty_ranges()


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


def _user_columns(inv: Inventory, e: pd.DataFrame) -> pd.DataFrame:
    """The uncertainty columns of each record's input row (NaN/'' where the sheet has none)."""
    frames = []
    tables = inv.activity.tables if inv.activity is not None else {}
    for sheet, df in tables.items():
        cols = [c for c in UNCERTAINTY_COLUMNS if c in df.columns]
        if cols and len(df):
            f = df[["row", *cols]].copy()
            f["sheet"] = sheet
            frames.append(f)
            if "sheet" in df.columns:  # records name the sheet as the workbook does (活动数据, 交通 …)
                shown = df["sheet"].astype(str)
                if (shown != sheet).any():
                    frames.append(f.assign(sheet=shown.to_numpy()))
    keys = e[["sheet", "row"]].reset_index(drop=True)
    if frames:
        u = pd.concat(frames, ignore_index=True).drop_duplicates(["sheet", "row"])
        out = keys.merge(u, on=["sheet", "row"], how="left")
    else:
        out = keys.copy()
    for c in UNCERTAINTY_COLUMNS:
        if c not in out.columns:
            out[c] = np.nan if not c.endswith("distribution") else ""
    for c in UNCERTAINTY_COLUMNS:
        if c.endswith("distribution"):
            out[c] = out[c].astype(object).where(out[c].notna(), "").astype(str).str.strip().str.lower()
        else:
            out[c] = pd.to_numeric(out[c], errors="coerce")
    return out


def _check(u: pd.DataFrame, prefix: str) -> list[Problem]:
    out: list[Problem] = []
    for c in (f"{prefix}_uncertainty", f"{prefix}_uncertainty_lower", f"{prefix}_uncertainty_upper"):
        bad = u[c] < 0
        for s, r, v in zip(u.loc[bad, "sheet"], u.loc[bad, "row"], u.loc[bad, c]):
            out.append(Problem(s, int(r), c, v, "an uncertainty is a ± % and cannot be negative: give e.g. 5 for ±5 %"))
        # a cell typed "5%" (or formatted as percent in Excel) reads as 0.05: refuse rather than read ±0.05 %
        amb = (u[c] > 0) & (u[c] < 1)
        for s, r, v in zip(u.loc[amb, "sheet"], u.loc[amb, "row"], u.loc[amb, c]):
            out.append(Problem(s, int(r), c, v, f"ambiguous: {v:g} may be {v * 100:g} % typed as a percent (5% reads "
                               f"as 0.05) or ±{v:g} %: type the number of percent without %, e.g. {v * 100:g}"))
    d = u[f"{prefix}_distribution"]
    bad = ~d.isin(["", *mc.DISTRIBUTIONS])
    for s, r, v in zip(u.loc[bad, "sheet"], u.loc[bad, "row"], d[bad]):
        out.append(Problem(s, int(r), f"{prefix}_distribution", v, f"use one of {', '.join(mc.DISTRIBUTIONS)}"))
    lo = u[f"{prefix}_uncertainty_lower"].fillna(u[f"{prefix}_uncertainty"])
    bad = (lo >= 100) & d.isin(["normal", "uniform", "triangular"])
    for s, r, v in zip(u.loc[bad, "sheet"], u.loc[bad, "row"], lo[bad]):
        out.append(Problem(s, int(r), f"{prefix}_uncertainty_lower", v,
                           "a lower uncertainty of 100 % or more would allow negative values: use ef/ad_distribution "
                           "lognormal, or a smaller lower uncertainty"))
    return out


def _from_row(u: pd.DataFrame, prefix: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    sym = u[f"{prefix}_uncertainty"].to_numpy(float)
    lo = u[f"{prefix}_uncertainty_lower"].to_numpy(float)
    up = u[f"{prefix}_uncertainty_upper"].to_numpy(float)
    lo = np.where(np.isnan(lo), sym, lo)
    up = np.where(np.isnan(up), sym, up)
    lo = np.where(np.isnan(lo), up, lo)
    up = np.where(np.isnan(up), lo, up)
    given = ~np.isnan(lo)
    d = u[f"{prefix}_distribution"].to_numpy(object)
    dist = np.where(d != "", d, _auto_dist(lo, up))
    return given, lo, up, dist


def _auto_dist(lo: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Distribution where none is given: lognormal for an interval skewed upwards (upper half more than
    1.5 × the lower, IPCC 2006 Vol. 1 §3.2.2.4: positive quantities with large, skewed uncertainty),
    normal otherwise (an interval skewed downwards is taken as normal with its larger half)."""
    lo = np.asarray(lo, dtype=float)
    up = np.asarray(up, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(up > _SKEW * lo, "lognormal", "normal").astype(object)


def _defaults_for(kind: str, letters: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = defaults()
    d = d[d["kind"] == kind].set_index("quality")
    q = letters.astype(object).where(letters.isin(["H", "M", "L"]), "").astype(str)
    u = q.map(d["uncertainty_pct"]).to_numpy(float)
    dist = q.map(d["distribution"]).to_numpy(object)
    src = ("default for " + kind + " data quality " + q.replace("", "(none)")
           + " (gpc/data/uncertainty_defaults.csv)").to_numpy(object)
    return u, dist, src


def build_model(inv: Inventory) -> Model:
    """Resolve every record's activity and factor uncertainty and map records to shared inputs."""
    from gpc.quality import activity_quality, factor_quality

    e = inv.emissions.reset_index(drop=True)
    n = len(e)
    u = _user_columns(inv, e)
    once = u.drop_duplicates(["sheet", "row"])          # one problem per cell, not one per record (gas) of the row
    problems = _check(once, "ad") + _check(once, "ef")
    if problems:
        raise InputError(problems)

    # ---- activity data: row columns, else the data-quality default
    given, lo, up, dist = _from_row(u, "ad")
    du, ddist, dsrc = _defaults_for("activity", activity_quality(e))
    ad_lo = np.where(given, lo, du)
    ad_up = np.where(given, up, du)
    ad_dist = np.where(given, dist, ddist)
    ad_src = np.where(given, "row (" + e["sheet"].astype(str) + " row " + e["row"].astype(str) + ")", dsrc)

    # ---- factor: row columns, else the table's range, else the data-quality default
    src_text = e["factor_source"].astype(object).where(e["factor_source"].notna(), "").astype(str)
    name = e["factor_name"].astype(object).where(e["factor_name"].notna(), "").astype(str)
    no_factor = e["method"].astype(str).eq("direct_entry").to_numpy() | (
        e["factor_value"].isna() & name.str.strip().eq("")).to_numpy()
    given, lo, up, dist = _from_row(u, "ef")
    ef_lo, ef_up = lo.copy(), up.copy()
    ef_dist = dist.astype(object)
    ef_src = np.where(given, "row (" + e["sheet"].astype(str) + " row " + e["row"].astype(str) + ")", "").astype(object)
    todo = ~given & ~no_factor
    if todo.any() and "ef_lower_pct" in e.columns:
        # the range the sector composed from the printed ranges of the defaults it used (gpc.factors.ranges)
        rl = e["ef_lower_pct"].to_numpy(float)
        ru = e["ef_upper_pct"].to_numpy(float)
        hit = todo & ~np.isnan(rl) & ~np.isnan(ru)
        rsrc = (e["ef_range_source"].astype(object).where(e["ef_range_source"].notna(), "").astype(str).to_numpy(object)
                if "ef_range_source" in e.columns else np.full(n, "", dtype=object))
        ef_lo = np.where(hit, rl, ef_lo)
        ef_up = np.where(hit, ru, ef_up)
        ef_dist = np.where(hit, _auto_dist(ef_lo, ef_up), ef_dist)
        ef_src = np.where(hit, rsrc, ef_src)
        todo &= ~hit
    if todo.any():
        tr = _table_range(inv, e, src_text)
        hit = todo & tr["found"]
        ef_lo = np.where(hit, tr["lower_pct"], ef_lo)
        ef_up = np.where(hit, tr["upper_pct"], ef_up)
        ef_dist = np.where(hit, _auto_dist(ef_lo, ef_up), ef_dist)
        ef_src = np.where(hit, tr["source"], ef_src)
        todo &= ~hit
    fq = factor_quality(e) if n else pd.Series(dtype=object)
    du, ddist, dsrc = _defaults_for("factor", fq.reindex(e.index))
    ef_lo = np.where(todo, du, ef_lo)
    ef_up = np.where(todo, du, ef_up)
    ef_dist = np.where(todo, ddist, ef_dist)
    ef_src = np.where(todo, dsrc, ef_src)
    ef_lo = np.where(no_factor, 0.0, ef_lo)
    ef_up = np.where(no_factor, 0.0, ef_up)
    ef_dist = np.where(no_factor, "", ef_dist)
    ef_src = np.where(no_factor, "no factor (emissions entered directly)", ef_src)

    # ---- net calorific value: an IPCC 2006 default NCV (Vol. 2 Table 1.2) that turned a mass or volume
    # into energy is one more input, shared by every row of that fuel that used it
    nc_lo, nc_up, nc_src = _ncv_range(inv, e)
    has_ncv = ~np.isnan(nc_lo)
    nc_dist = np.where(has_ncv, _auto_dist(nc_lo, nc_up), "")

    # ---- inputs: shared activity rows, shared factors, shared NCVs
    ad_key = pd.DataFrame({"a": e["sheet"].astype(str), "b": e["row"].astype(np.int64), "lo": ad_lo, "up": ad_up,
                           "d": ad_dist})
    ad_code = ad_key.groupby(["a", "b", "lo", "up", "d"], sort=False, dropna=False).ngroup().to_numpy()
    user = src_text.str.lower().str.startswith(_USER).to_numpy()
    own = np.where(user, e["sheet"].astype(str) + "#" + e["row"].astype(str), "")
    ef_key = pd.DataFrame({"s": src_text, "n": name, "act": e["activity"].astype(str), "g": e["gas"].astype(str),
                           "own": own, "lo": ef_lo, "up": ef_up, "d": ef_dist})
    ef_code = ef_key.groupby(list(ef_key.columns), sort=False, dropna=False).ngroup().to_numpy()
    ef_code = _compact(np.where(no_factor | ((ef_lo == 0) & (ef_up == 0)), -1, ef_code))
    nc_key = pd.DataFrame({"act": e["activity"].astype(str), "lo": np.nan_to_num(nc_lo), "up": np.nan_to_num(nc_up)})
    nc_code = _compact(np.where(has_ncv, nc_key.groupby(list(nc_key.columns), sort=False).ngroup().to_numpy(), -1))
    n_ad = int(ad_code.max()) + 1 if n else 0
    n_ef = int(ef_code.max()) + 1 if (ef_code >= 0).any() else 0
    n_nc = int(nc_code.max()) + 1 if (nc_code >= 0).any() else 0
    ad_first, ef_first, nc_first = _first(ad_code, n_ad), _first(ef_code, n_ef), _first(nc_code, n_nc)
    # labels: built for the first record of each input only (one string per input, not per record)
    fa, ff, fn = e.iloc[ad_first], e.iloc[ef_first], e.iloc[nc_first]
    amount = fa["amount"].to_numpy(float)
    ad_label = (fa["sheet"].astype(str) + " row " + fa["row"].astype(str) + ": " + fa["activity"].astype(str) + " "
                + pd.Series(np.where(np.isnan(amount), "", np.char.mod("%g", np.nan_to_num(amount))), index=fa.index)
                + " " + fa["unit"].astype(str)).to_numpy(object)
    ef_label = (name.iloc[ef_first] + " " + ff["activity"].astype(str) + " " + ff["gas"].astype(str) + ": "
                + np.where(user[ef_first], "row " + ff["sheet"].astype(str) + " " + ff["row"].astype(str) + " / ", "")
                + src_text.iloc[ef_first].str.slice(0, 120)).to_numpy(object)
    nc_label = ("NCV " + fn["activity"].astype(str) + ": IPCC 2006 Vol. 2 Table 1.2").to_numpy(object)
    # a key per input that names the same quantity in another year (activity data never do)
    ef_cross = ef_key.iloc[ef_first].astype(str).agg("|".join, axis=1).to_numpy(object) if n_ef else np.array([], object)
    nc_cross = ("ncv|" + nc_key.iloc[nc_first].astype(str).agg("|".join, axis=1)).to_numpy(object) if n_nc \
        else np.array([], object)
    inputs = pd.DataFrame({
        "kind": ["activity"] * n_ad + ["factor"] * n_ef + ["ncv"] * n_nc,
        "label": np.r_[ad_label, ef_label, nc_label],
        "lower_pct": np.r_[ad_lo[ad_first], ef_lo[ef_first], nc_lo[nc_first]].astype(float),
        "upper_pct": np.r_[ad_up[ad_first], ef_up[ef_first], nc_up[nc_first]].astype(float),
        "distribution": np.r_[ad_dist[ad_first], ef_dist[ef_first], nc_dist[nc_first]],
        "source": np.r_[ad_src[ad_first], ef_src[ef_first], nc_src[nc_first]],
        "key": np.r_[np.full(n_ad, "", dtype=object), ef_cross, nc_cross],
    })
    inputs["u_pct"] = a1.symmetric(inputs["lower_pct"], inputs["upper_pct"])
    inputs.index.name = "input"
    codes = np.stack([ad_code, np.where(ef_code >= 0, ef_code + n_ad, -1),
                      np.where(nc_code >= 0, nc_code + n_ad + n_ef, -1)], axis=1) if n else np.zeros((0, 3), int)

    # ---- records: what each one carries
    rec = e.copy()
    rec["ad_u_lower_pct"], rec["ad_u_upper_pct"], rec["ad_distribution"], rec["ad_u_source"] = ad_lo, ad_up, ad_dist, ad_src
    rec["ef_u_lower_pct"], rec["ef_u_upper_pct"], rec["ef_distribution"], rec["ef_u_source"] = ef_lo, ef_up, ef_dist, ef_src
    rec["ncv_u_lower_pct"], rec["ncv_u_upper_pct"], rec["ncv_u_source"] = nc_lo, nc_up, nc_src
    rec["u_record_pct"] = a1.product(a1.symmetric(ad_lo, ad_up), a1.symmetric(ef_lo, ef_up),
                                     np.nan_to_num(a1.symmetric(nc_lo, nc_up)))   # Eq. 3.1
    rec["ad_input"] = codes[:, 0]
    rec["ef_input"] = codes[:, 1]
    rec["ncv_input"] = codes[:, 2]

    # ---- groups (GPC rows) and aggregates
    t = taxonomy.table()
    present = set(pd.unique(e["gpc_ref"].astype(object)))
    refs = [r for r in t.index if r in present]
    ref_idx = {r: i for i, r in enumerate(refs)}
    groups = e["gpc_ref"].map(ref_idx).fillna(-1).astype(np.int64).to_numpy()
    groups = np.where(e["biogenic"].to_numpy(bool), -1, groups)
    aggs, w = _aggregates(refs, t)
    values = np.where(groups >= 0, e["co2e_t"].to_numpy(float), 0.0)
    return Model(rec, inputs, codes, np.nan_to_num(values), groups, refs, aggs, w)


def _compact(codes: np.ndarray) -> np.ndarray:
    """Renumber the used codes 0..k-1 in order of first use; −1 stays −1."""
    out = np.full(len(codes), -1, dtype=np.int64)
    m = codes >= 0
    if m.any():
        _, first, inv = np.unique(codes[m], return_index=True, return_inverse=True)
        order = np.argsort(np.argsort(first, kind="stable"), kind="stable")
        out[m] = order[inv]
    return out


def _ncv_range(inv: Inventory, e: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per record: the Table 1.2 range of the default NCV it used (NaN where it used none, or its own)."""
    n = len(e)
    lo, up, src = np.full(n, np.nan), np.full(n, np.nan), np.full(n, "", dtype=object)
    if not n or "detail" not in e.columns:
        return lo, up, src
    detail = e["detail"].astype(object).where(e["detail"].notna(), "").astype(str)
    used = (detail.str.contains("Table 1.2", regex=False) & detail.str.contains("IPCC 2006", regex=False)).to_numpy()
    if not used.any():
        return lo, up, src
    r = _ranges(inv)
    r = r[r["table"] == "1.2"].drop_duplicates("activity").set_index("activity")
    act = e["activity"].astype(str)
    lo = np.where(used, act.map(r["lower_pct"]).to_numpy(float), np.nan)
    up = np.where(used, act.map(r["upper_pct"]).to_numpy(float), np.nan)
    src = np.where(~np.isnan(lo), act.map(r["source"]).fillna("").to_numpy(object), "")
    return lo, up, src


def _first(codes: np.ndarray, k: int) -> np.ndarray:
    """Index of the first record of each input 0..k-1."""
    m = codes >= 0
    idx = np.flatnonzero(m)
    c = codes[m]
    first = np.full(k, 0, dtype=np.int64)
    # reversed assignment keeps the first occurrence
    first[c[::-1]] = idx[::-1]
    return first


def _table_range(inv: Inventory, e: pd.DataFrame, src_text: pd.Series) -> dict[str, np.ndarray]:
    """Per record: the IPCC table range of its factor, when the source names an IPCC 2006 table that
    ``uncertainty_*.csv`` covers for its activity and gas with the same value."""
    n = len(e)
    out = {"found": np.zeros(n, bool), "lower_pct": np.full(n, np.nan), "upper_pct": np.full(n, np.nan),
           "source": np.full(n, "", dtype=object)}
    ranges = _ranges(inv)
    if not len(ranges):
        return out
    uniq = pd.unique(src_text)
    table_of = {}
    for s in uniq:                                   # once per distinct source text
        m = _TABLE_RE.search(s)
        table_of[s] = m.group(1) if (m and "IPCC 2006" in s) else ""
    tab = src_text.map(table_of)
    keys = pd.DataFrame({"table": tab.to_numpy(), "activity": e["activity"].astype(str).to_numpy(),
                         "gas": e["gas"].astype(str).to_numpy(), "_i": np.arange(n)})
    # every row of the table for the fuel and gas (a table prints several values per fuel and gas, by
    # category or technology): the record takes the one with its own value and unit
    j = keys.merge(ranges, on=["table", "activity", "gas"], how="inner")
    if not len(j):
        return out
    fv = e["factor_value"].to_numpy(float)[j["_i"].to_numpy()]
    fu = e["factor_unit"].astype(str).str.replace(" ", "").to_numpy()[j["_i"].to_numpy()]
    same = (fu == j["unit"].astype(str).str.replace(" ", "").to_numpy()) & np.isclose(fv, j["value"].astype(float), rtol=1e-6)
    j = j[same].drop_duplicates("_i")
    i = j["_i"].to_numpy()
    out["found"][i] = True
    out["lower_pct"][i] = j["lower_pct"].to_numpy(float)
    out["upper_pct"][i] = j["upper_pct"].to_numpy(float)
    out["source"][i] = j["source"].to_numpy(object)
    return out


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


# ---------------------------------------------------------------------------------------------- results
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
