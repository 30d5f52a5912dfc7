"""What the AFOLU sheets share: the constants of their columns and the small column helpers and checks."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from gpc.errors import Problem
from gpc.factors.afolu import DEVELOPED_REGIONS, NO_RANGE, POULTRY, TABLE_10_14, Range
from gpc.factors.ranges import range_columns
from gpc.units import convert, unit_problem

__all__ = ["AMENDMENTS", "DEVELOPED_REGIONS", "LARGE_SHARE", "MS_SYSTEMS", "POULTRY", "TABLE_10_14"]

MS_SYSTEMS: tuple[str, ...] = (
    "pasture", "daily_spread", "solid_storage", "dry_lot", "liquid_slurry", "liquid_slurry_crust", "lagoon",
    "pit_storage", "digester", "burned_for_fuel", "deep_bedding", "deep_bedding_mixed", "composting_vessel",
    "composting_static", "composting_intensive", "composting_passive", "poultry_litter", "poultry_no_litter",
    "aerobic_natural", "aerobic_forced",
)


#: share of a row's CO2e decided by a default above which gpc warns (issue #13: "a warning when the default
#: decides a large share")
LARGE_SHARE = 0.20


#: systems whose N never reaches managed soils as F_AM: deposited on pasture (F_PRP) or burned for fuel
_NOT_APPLIED = ("pasture", "burned_for_fuel")


AMENDMENTS = ("straw_short", "straw_long", "compost", "farmyard_manure", "green_manure")


# ------------------------------------------------------------------ helpers
def _col(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series([None] * len(df), index=df.index, dtype=object)


def _num(df: pd.DataFrame, name: str, default: float = np.nan) -> np.ndarray:
    v = pd.to_numeric(_col(df, name), errors="coerce").to_numpy(dtype="float64")
    return np.where(np.isnan(v), default, v)


def _text(df: pd.DataFrame, name: str, default: str = "") -> list[str]:
    return [default if (x is None or (isinstance(x, float) and np.isnan(x)) or str(x).strip() == "") else str(x).strip()
            for x in _col(df, name)]


def _conversion(text: object) -> float:
    return float(Fraction(str(text or "1").strip()))


def _blank(x: Any) -> bool:
    return x is None or (isinstance(x, float) and np.isnan(x)) or (isinstance(x, str) and not x.strip())


def _prefix_problems(df: pd.DataFrame, sheet: str, allowed: tuple[str, ...]) -> list[Problem]:
    out = []
    for r, ref in zip(_col(df, "row"), _col(df, "gpc_ref")):
        if not _blank(ref) and not any(str(ref) == a or str(ref).startswith(a + ".") for a in allowed):
            out.append(Problem(sheet, int(r), "gpc_ref", ref, f"the {sheet} sheet reports in {' or '.join(allowed)}"))
    return out


def _unit_problems(df: pd.DataFrame, sheet: str, default: str, target: str) -> list[Problem]:
    out = []
    for r, u in zip(_col(df, "row"), _col(df, "unit")):
        p = unit_problem(default if _blank(u) else u, target)
        if p:
            out.append(Problem(sheet, int(r), "unit", u, p))
    return out


def _amount(df: pd.DataFrame, amount_col: str, default_unit: str, target: str) -> np.ndarray:
    units = [default_unit if _blank(u) else str(u) for u in _col(df, "unit")]
    return convert(_num(df, amount_col), units, target)


# ---------------------------------------------------------------------------------- printed ranges
def _range_columns(parts: list[tuple[str, Range]]) -> dict[str, Any]:
    """The record columns ``ef_lower_pct``, ``ef_upper_pct``, ``ef_range_source`` of one factor that is a product
    of the defaults ``parts`` (name, printed range) — IPCC 2006 Vol. 1 Eq. 3.1, lower and upper halves apart
    (:func:`gpc.factors.ranges.range_columns`). A default given by the row is not a part (its value is the
    user's). A part without a printed range counts 0 and is named in the source; NaN when no part has one."""
    cols = range_columns([(n, r[0], r[1], r[2], True) for n, r in parts], name_missing=True)
    if not cols:
        return {"ef_lower_pct": np.nan, "ef_upper_pct": np.nan, "ef_range_source": ""}
    return {"ef_lower_pct": float(cols["ef_lower_pct"][0]), "ef_upper_pct": float(cols["ef_upper_pct"][0]),
            "ef_range_source": str(cols["ef_range_source"][0] or "")}


def _sum_range(terms: list[tuple[float, Range]], total: float | None = None) -> Range:
    """Range of a sum of terms ``x_i`` whose factors have the ranges ``U_i`` (IPCC 2006 Vol. 1 Eq. 3.2):
    ``U = sqrt(Σ (U_i · x_i)²) / |Σ x_i|``, lower and upper halves apart (``total``: the whole sum where it has
    further terms without a factor range). A term without a range counts 0; :data:`NO_RANGE` when no term has
    one or the sum is 0. The source names the distinct tables, "by Eq. 3.2".

    Example: EF3 of solid storage and dry lot (factor of 2: −50 % / +100 %), terms 3 and 1 t N2O-N →
    lower sqrt((3·50)² + (1·50)²)/4 = 39.53 %, upper sqrt((3·100)² + (1·100)²)/4 = 79.06 %.
    """
    total = sum(x for x, _ in terms) if total is None else total
    have = [(x, r) for x, r in terms if not (np.isnan(r[0]) or np.isnan(r[1]))]
    if not have or total == 0:
        return NO_RANGE
    lo = float(np.sqrt(sum((x * r[0]) ** 2 for x, r in have)) / abs(total))
    up = float(np.sqrt(sum((x * r[1]) ** 2 for x, r in have)) / abs(total))
    srcs = list(dict.fromkeys(r[2] for _, r in have if r[2]))
    return lo, up, "; ".join(srcs) + " (summed by IPCC 2006 Vol. 1 Eq. 3.2)"
