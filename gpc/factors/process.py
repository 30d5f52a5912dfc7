"""Single-factor process activities of the ``activity`` sheet (IPPU/AFOLU Tier 1): the rows of the set's
``process_factors`` table for an activity and technology (``gpc/data/factor_precedence.csv``,
parameter ``process_factor``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gpc.factors.ranges import describe, relative_range
from gpc.factors.sets import FactorSet

__all__ = ["ProcessChoice", "ProcessFactors"]


def _blank(v: object) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


@dataclass(frozen=True)
class ProcessChoice:
    """The factor rows of one (activity, technology), or the problem (column, message) when none fit;
    ``prefixes``: the GPC rows the activity belongs in (empty: any)."""

    rows: pd.DataFrame
    prefixes: tuple[str, ...]
    problem: tuple[str, str] | None = None

    def ranges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per factor row: the 95 % range stored beside it (``lower`` / ``upper``) as ± % of the value
        (:func:`gpc.factors.ranges.relative_range`; NaN where none is printed — a factor that is a product of
        defaults carries none here) and the text for ``ef_range_source`` (where it is printed: the row's
        ``range_source``, else its ``source``)."""
        r = self.rows
        n = len(r)
        if "lower" not in r.columns or "upper" not in r.columns:
            return np.full(n, np.nan), np.full(n, np.nan), np.full(n, "", dtype=object)
        lo, up = relative_range(r["value"], r["lower"], r["upper"])
        rs = r["range_source"] if "range_source" in r.columns else pd.Series([None] * n, index=r.index)
        where = [str(a) if isinstance(a, str) and a.strip() else str(b) for a, b in zip(rs, r["source"])]
        src = np.array([describe(["process factor"], [w]) if not (np.isnan(a) or np.isnan(b)) else ""
                        for w, a, b in zip(where, lo, up)], dtype=object)
        return np.asarray(lo, float), np.asarray(up, float), src


class ProcessFactors:
    """The ``process_factors`` table of a set (empty when the set has none)."""

    def __init__(self, fs: FactorSet):
        self.table: pd.DataFrame | None = fs.table("process_factors") if fs.has_table("process_factors") else None
        t = self.table
        self.activities: set[str] = set(t["activity"].dropna()) if t is not None else set()
        if t is not None:
            self._techs = (t["technology"].map(lambda v: "" if _blank(v) else str(v)) if "technology" in t.columns
                           else pd.Series([""] * len(t), index=t.index))
        self._memo: dict[tuple[str, str], ProcessChoice] = {}

    def choose(self, activity: str, technology: str) -> ProcessChoice:
        """The rows of ``activity`` with ``technology`` ("" = the activity's rows without a technology)."""
        key = (activity, technology)
        if key not in self._memo:
            self._memo[key] = self._choose(activity, technology)
        return self._memo[key]

    def _choose(self, a: str, tech: str) -> ProcessChoice:
        assert self.table is not None
        rows = self.table[self.table["activity"] == a]
        techs = self._techs[rows.index]
        prefixes: tuple[str, ...] = ()
        if "gpc_ref_prefix" in rows.columns:
            prefixes = tuple(p for p in rows["gpc_ref_prefix"].dropna().unique())
        chosen = rows[(techs == tech).to_numpy()]
        options = sorted(set(x for x in techs if x))
        problem = None
        if chosen.empty:
            if tech:
                problem = ("technology", f"unknown technology for {a}: use one of {', '.join(options) or '(none)'}")
            else:
                problem = ("technology", f"{a} has no default: give a technology ({', '.join(options)})")
        return ProcessChoice(chosen, prefixes, problem)
