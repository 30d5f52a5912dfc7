"""Where each record's uncertainty comes from: the input row's own columns, the range a sector composed from
the printed ranges of the defaults it used, the range an IPCC table prints beside the factor, the net
calorific value's printed range, and the data-quality defaults (``gpc/data/uncertainty_defaults.csv``).

See :mod:`gpc.uncertainty.model` for the order of precedence and docs/uncertainty.md §1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc.errors import Problem
from gpc.uncertainty import montecarlo as mc

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["UNCERTAINTY_COLUMNS", "Side", "activity_side", "check_tables", "defaults", "factor_ranges", "factor_side", "ncv_side"]

#: Optional columns of every activity sheet (gpc/data/sheets/*.csv).
UNCERTAINTY_COLUMNS = ("ad_uncertainty", "ad_uncertainty_lower", "ad_uncertainty_upper", "ad_distribution",
                       "ef_uncertainty", "ef_uncertainty_lower", "ef_uncertainty_upper", "ef_distribution")


_DIST = {d: i for i, d in enumerate(mc.DISTRIBUTIONS)}


_TABLE_RE = re.compile(r"Table\s+(\d+(?:\.\d+)+)")


_SKEW = 1.5           # larger/smaller half above which an interval counts as skewed
_SKEW_MIN = 10.0      # ... and strongly skewed for Approach 1 when its larger half is at least this ± %
_USER = ("row",)          # a factor typed in the input row itself (not the city sheet's, which rows share)


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
    return _normalise(out)


def _normalise(out: pd.DataFrame) -> pd.DataFrame:
    """Every uncertainty column present: numbers as floats (NaN blank), distributions as lower-case text."""
    for c in UNCERTAINTY_COLUMNS:
        if c not in out.columns:
            out[c] = np.nan if not c.endswith("distribution") else ""
    for c in UNCERTAINTY_COLUMNS:
        if c.endswith("distribution"):
            out[c] = out[c].astype(object).where(out[c].notna(), "").astype(str).str.strip().str.lower()
        else:
            out[c] = pd.to_numeric(out[c], errors="coerce")
    return out


def check_tables(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """The uncertainty cells of every sheet, checked as :func:`gpc.uncertainty` will read them (negative,
    ambiguous 0–1, unknown distribution, a lower half of 100 % or more without lognormal), located at the
    sheet as the workbook names it, its row and column: ``gpc validate`` reports them without ``--uncertainty``."""
    out: list[Problem] = []
    for sheet, df in tables.items():
        cols = [c for c in UNCERTAINTY_COLUMNS if c in df.columns]
        if not cols or not len(df) or not df[cols].notna().any().any():
            continue
        f = df[["row", *cols]].copy()
        f["sheet"] = df["sheet"].astype(str).to_numpy() if "sheet" in df.columns else sheet
        f = _normalise(f)
        out += _check(f, "ad") + _check(f, "ef")
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


@dataclass
class Side:
    """One side of ``E = A × F`` (or the NCV) for every record: lower and upper half of the 95 % interval
    (± %), distribution and where it came from."""

    lo: np.ndarray
    up: np.ndarray
    dist: np.ndarray
    src: np.ndarray


def activity_side(e: pd.DataFrame, u: pd.DataFrame) -> Side:
    """Activity data: the row's own columns, else the default of its data-quality letter."""
    from gpc.quality import activity_quality

    given, lo, up, dist = _from_row(u, "ad")
    du, ddist, dsrc = _defaults_for("activity", activity_quality(e))
    src = np.where(given, "row (" + e["sheet"].astype(str) + " row " + e["row"].astype(str) + ")", dsrc)
    return Side(np.where(given, lo, du), np.where(given, up, du), np.where(given, dist, ddist), src)


def no_factor_mask(e: pd.DataFrame) -> np.ndarray:
    """Records without a factor: emissions entered directly."""
    name = e["factor_name"].astype(object).where(e["factor_name"].notna(), "").astype(str)
    return e["method"].astype(str).eq("direct_entry").to_numpy() | (
        e["factor_value"].isna() & name.str.strip().eq("")).to_numpy()


def factor_side(inv: Inventory, e: pd.DataFrame, u: pd.DataFrame, src_text: pd.Series) -> Side:
    """Emission factor: the row's own columns, else the range its sector composed, else the IPCC table's
    printed range, else the default of its data-quality letter; none for emissions entered directly."""
    from gpc.quality import factor_quality

    n = len(e)
    no_factor = no_factor_mask(e)
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
    return Side(np.where(no_factor, 0.0, ef_lo), np.where(no_factor, 0.0, ef_up), np.where(no_factor, "", ef_dist),
                np.where(no_factor, "no factor (emissions entered directly)", ef_src))


def ncv_side(inv: Inventory, e: pd.DataFrame) -> Side:
    """Net calorific value: an IPCC 2006 default NCV (Vol. 2 Table 1.2) that turned a mass or volume into
    energy is one more input, shared by every row of that fuel that used it (NaN where none was used)."""
    lo, up, src = _ncv_range(inv, e)
    return Side(lo, up, np.where(~np.isnan(lo), _auto_dist(lo, up), ""), src)
