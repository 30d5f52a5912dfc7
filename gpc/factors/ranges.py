"""Uncertainty ranges that the IPCC tables print beside their default values, and how they combine.

A factor table may hold, beside ``value``, the columns ``lower`` and ``upper``: the limits of the 95 %
confidence interval the IPCC prints for that default (same unit as ``value``). A sector whose emission factor
is a product of several defaults (landfill CH4 per tonne = DOC × DOCf × MCF × F × 16/12, a rice factor
EFc × SFw × SFp × SFo …) composes the ranges of the defaults it used with :func:`combine_product` and writes
the result on the record (:data:`RANGE_COLUMNS`); :mod:`gpc.uncertainty` takes it as the factor's
uncertainty unless the input row gives its own.

All ranges here are relative, in ± % of the value at 95 % confidence (IPCC 2006 Vol. 1 §3.2.3, "half the
95 % confidence interval divided by the total").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from gpc.factors.sets import FactorSet

__all__ = ["RANGE_COLUMNS", "combine_product", "relative_range", "describe", "range_columns", "table_ranges"]

#: Record columns a sector may fill: the factor's composed range (± % lower, ± % upper) and where it comes from.
RANGE_COLUMNS = ("ef_lower_pct", "ef_upper_pct", "ef_range_source")


def relative_range(value: ArrayLike, lower: ArrayLike, upper: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper half of a 95 % interval as % of the value: ``(value − lower)/value × 100`` and
    ``(upper − value)/value × 100``. NaN where a limit is missing or the value is 0.

    Example: MCF 0.6 with interval 0.3–0.96 → (50 %, 60 %).
    """
    v = np.asarray(value, dtype=float)
    lo = np.asarray(lower, dtype=float)
    up = np.asarray(upper, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo_pct = np.where(v != 0, (v - lo) / v * 100.0, np.nan)
        up_pct = np.where(v != 0, (up - v) / v * 100.0, np.nan)
    return lo_pct, up_pct


def combine_product(parts: Iterable[tuple[ArrayLike, ArrayLike]]) -> tuple[np.ndarray, np.ndarray]:
    """Relative uncertainty of a product of independent quantities (IPCC 2006 Vol. 1 Ch. 3 Eq. 3.1):
    ``U_total = sqrt(U_1² + U_2² + … + U_n²)``, with each ``U_i`` in ± %.

    ``parts``: ``(lower_pct, upper_pct)`` per factor of the product. The lower halves and the upper halves
    are combined separately (gpc's choice for intervals that are not symmetric; Eq. 3.1 itself is for
    symmetric ones — a record whose combined interval is strongly skewed is flagged by Approach 1 and
    better served by Approach 2). A part that is NaN (no printed range) contributes 0; the result is NaN
    only where every part is NaN.

    Example: DOC ±20 %, DOCf ±20 %, MCF −10/+0 %, F ±5 % → lower sqrt(20² + 20² + 10² + 5²) = 30.41 %,
    upper sqrt(20² + 20² + 0² + 5²) = 28.72 %.
    """
    lo_sq: np.ndarray | float = 0.0
    up_sq: np.ndarray | float = 0.0
    any_part: np.ndarray | bool = False
    for lo, up in parts:
        lo_a = np.asarray(lo, dtype=float)
        up_a = np.asarray(up, dtype=float)
        have = ~np.isnan(lo_a) | ~np.isnan(up_a)
        any_part = any_part | have
        lo_sq = lo_sq + np.nan_to_num(lo_a) ** 2
        up_sq = up_sq + np.nan_to_num(up_a) ** 2
    lo_out = np.where(any_part, np.sqrt(lo_sq), np.nan)
    up_out = np.where(any_part, np.sqrt(up_sq), np.nan)
    return np.asarray(lo_out, dtype=float), np.asarray(up_out, dtype=float)


def describe(names: Iterable[str], sources: Iterable[str]) -> str:
    """The text of ``ef_range_source``: which defaults' ranges were combined and from where,
    e.g. ``"Eq. 3.1 of: DOC (IPCC 2006 Vol. 5 Table 3.5); MCF (Table 3.5)"``."""
    items = [f"{n} ({s})" if s else n for n, s in zip(names, sources)]
    return "IPCC 2006 Vol. 1 Eq. 3.1 of the printed ranges of: " + "; ".join(items)


_RANGE_TABLE_COLUMNS = ["table", "activity", "gas", "value", "lower_pct", "upper_pct", "unit", "source"]


def table_ranges(fs: FactorSet) -> pd.DataFrame:
    """Every ``uncertainty_*`` table of a factor set (and its fallbacks) with ``lower_pct`` / ``upper_pct``
    relative to the value: the ranges IPCC 2006 Vol. 2 prints beside its energy defaults (NCV, CO2, CH4,
    N2O), one row per (table, activity, gas, value). Read through the resolver
    (:meth:`gpc.factors.resolve.Resolver.uncertainty_ranges`)."""
    parts = []
    for name in fs.tables():
        if name.startswith("uncertainty_"):
            t = fs.table(name)
            parts.append(t[["table", "activity", "gas", "value", "lower", "upper", "unit", "source"]])
    if not parts:
        return pd.DataFrame(columns=_RANGE_TABLE_COLUMNS)
    t = pd.concat(parts, ignore_index=True)
    t["table"] = t["table"].astype(str)
    t["gas"] = t["gas"].astype(object).where(t["gas"].notna(), "").astype(str)
    t["lower_pct"], t["upper_pct"] = relative_range(t["value"], t["lower"], t["upper"])
    return t.drop_duplicates(["table", "activity", "gas", "value"])[_RANGE_TABLE_COLUMNS + ["lower", "upper"]]


def range_columns(parts: Sequence[tuple[str, ArrayLike, ArrayLike, ArrayLike, ArrayLike]],
                  name_missing: bool = False) -> dict[str, np.ndarray]:
    """The record columns of :data:`RANGE_COLUMNS` for factors that are products of defaults, one value per record.

    ``parts``: per default, ``(name, lower %, upper %, table that prints the range, used)`` with one entry per
    record; ``used`` is False where the row gave the value itself (the printed range is not the user's). The
    used parts with a printed range are combined by :func:`combine_product` (Eq. 3.1); a record with none left
    gets NaN. ``ef_range_source`` names the parts combined, grouped by the table that prints them, and with
    ``name_missing`` also the used parts without a printed range ("counted 0"). One text is built per distinct
    combination of parts (a handful), not per record.
    """
    if not parts:
        return {}
    n = len(np.atleast_1d(np.asarray(parts[0][1], dtype=float)))
    halves = []
    srcs: dict[str, np.ndarray] = {}
    missing: dict[str, np.ndarray] = {}
    for name, lo, up, src, used in parts:
        lo_a = np.atleast_1d(np.asarray(lo, dtype=float))
        up_a = np.atleast_1d(np.asarray(up, dtype=float))
        used_a = np.atleast_1d(np.asarray(used, dtype=bool))
        has = used_a & ~np.isnan(lo_a) & ~np.isnan(up_a)
        halves.append((np.where(has, lo_a, np.nan), np.where(has, up_a, np.nan)))
        srcs[name] = np.where(has, np.atleast_1d(np.asarray(src, dtype=object)), np.full(n, None, dtype=object))
        missing[name] = used_a & ~has
    lo_c, up_c = combine_product(halves)
    keys = pd.DataFrame({**{f"s:{k}": v for k, v in srcs.items()},
                         **({f"m:{k}": v for k, v in missing.items()} if name_missing else {})})
    combos = keys.drop_duplicates()
    texts = []
    for _, combo in combos.iterrows():
        by_table: dict[str, list[str]] = {}
        for name in srcs:
            src = combo[f"s:{name}"]
            if src is not None and not (isinstance(src, float) and np.isnan(src)):
                by_table.setdefault(str(src), []).append(name)
        text = describe([", ".join(v) for v in by_table.values()], list(by_table)) if by_table else ""
        gone = [k for k in missing if name_missing and bool(combo[f"m:{k}"])]
        if text and gone:
            text += "; no printed range (counted 0): " + ", ".join(gone)
        texts.append(text)
    text_col = keys.merge(combos.assign(_text=texts), how="left", on=list(keys.columns))["_text"].to_numpy(dtype=object)
    return {"ef_lower_pct": lo_c, "ef_upper_pct": up_c,
            "ef_range_source": text_col if n else np.array([], dtype=object)}
