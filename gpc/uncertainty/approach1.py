"""IPCC Approach 1: propagation of error (IPCC 2006 Guidelines, Vol. 1, Ch. 3, §3.2.3.1).

Pure equations on numbers and numpy arrays. Uncertainties are half-widths of the 95 % confidence
interval in percent of the value (``U = 10`` means ±10 %).

* :func:`product` — Eq. 3.1, uncertainty of a product of independent quantities.
* :func:`sum_` — Eq. 3.2, uncertainty of a sum of independent quantities.
* :func:`total` — a sum of records ``E_i = A_i × F_i`` whose activity data and factors may be
  shared between records. A shared input is one random quantity: IPCC Vol. 1 §3.2.3.1 ("where
  quantities are correlated … sum the correlated categories before combining"), so the emissions that
  share an input are summed first and that input's uncertainty applies to their sum. With first-order
  propagation this is ``Var(T) = Σ_inputs (u_k/100 · Σ_{i uses k} E_i)²``; with one input per record
  it reduces to Eq. 3.1 and 3.2.
* :func:`contribution` — the share of each input in the variance of the total (Vol. 1 Table 3.2,
  column H "contribution to variance by category").
* :func:`trend` — trend uncertainty, Vol. 1 §3.2.3.1 and Table 3.3 (type A and B sensitivities).

Approach 1 assumes that uncertainties are small and symmetric: IPCC Vol. 1 §3.2.3.1 says it holds
well for standard deviations below about 30 % of the mean (±60 % at 95 %); :data:`VALID_LIMIT` is
that limit. Above it, or for strongly skewed inputs, use Approach 2 (:mod:`gpc.uncertainty.montecarlo`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["VALID_LIMIT", "product", "sum_", "total", "contribution", "trend", "symmetric"]

#: ±% at 95 % above which Approach 1 is not reliable (IPCC 2006 Vol. 1 §3.2.3.1: σ/μ below ~0.3).
VALID_LIMIT = 60.0


def symmetric(lower: np.ndarray | float, upper: np.ndarray | float) -> np.ndarray:
    """One ±% for Approach 1 from a skewed interval (−lower %, +upper %): the larger half.

    Approach 1 (IPCC 2006 Vol. 1 §3.2.3.1) needs symmetric ranges; gpc's choice for a skewed one is the
    larger half, which overstates rather than understates, and such a result is flagged to be checked
    with Approach 2. Equal halves are returned unchanged.
    """
    return np.maximum(np.abs(np.asarray(lower, dtype=float)), np.abs(np.asarray(upper, dtype=float)))


def product(*u: float | np.ndarray) -> np.ndarray:
    """IPCC 2006 Vol. 1 Eq. 3.1: ``U_total = sqrt(U_1² + U_2² + … + U_n²)`` (percent, independent factors).

    >>> round(float(product(5, 10)), 3)
    11.18
    """
    return np.sqrt(sum(np.square(np.asarray(x, dtype=float)) for x in u))


def sum_(values: Sequence[float] | np.ndarray, u: Sequence[float] | np.ndarray) -> float:
    """IPCC 2006 Vol. 1 Eq. 3.2: ``U_total = sqrt((U_1·x_1)² + … + (U_n·x_n)²) / |x_1 + … + x_n|`` (percent).

    Returns NaN when the sum is zero (a relative uncertainty of zero is undefined).

    >>> round(sum_([100, 100], [11.1803, 11.1803]), 3)
    7.906
    """
    x = np.asarray(values, dtype=float)
    s = abs(float(x.sum()))
    if s == 0:
        return float("nan")
    return float(np.sqrt(np.sum(np.square(np.asarray(u, dtype=float) * x))) / s)


def input_sums(emissions: np.ndarray, codes: np.ndarray, n_inputs: int, groups: np.ndarray | None = None,
               n_groups: int = 1) -> np.ndarray:
    """``S[g, k] = Σ_{i in group g, i uses input k} E_i``: the emissions behind each input, per group.

    ``codes`` is the input of each record (−1: none). ``groups`` the group of each record (−1: in none).
    """
    e = np.asarray(emissions, dtype=float)
    codes = np.asarray(codes)
    g = np.zeros(len(e), dtype=np.int64) if groups is None else np.asarray(groups, dtype=np.int64)
    m = (codes >= 0) & (g >= 0)
    out = np.zeros(n_groups * n_inputs)
    np.add.at(out, g[m] * n_inputs + codes[m], e[m])
    return out.reshape(n_groups, n_inputs)


def variance(sums: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Variance (in (value)², at the 95 % half-width scale: ``(U%/100·x)²``) of each group's total:
    ``Σ_k (u_k/100 · S[g, k])²`` — IPCC 2006 Vol. 1 Eq. 3.2 with correlated records summed first."""
    return np.square(sums * (np.asarray(u, dtype=float) / 100.0)[None, :]).sum(axis=1)


def total(emissions: np.ndarray, inputs: Sequence[tuple[np.ndarray, np.ndarray]]) -> float:
    """± % (95 %) of ``Σ E_i`` where ``E_i = Π_j X_j[code_ij]``: each ``(codes, u)`` pair is one kind of
    input (activity data, factor …), ``codes[i]`` the input record ``i`` uses (shared inputs share a
    code, −1 for none) and ``u[k]`` the ± % of input ``k``.

    IPCC 2006 Vol. 1 Eq. 3.1 and 3.2, correlated records summed before their shared input's uncertainty
    is applied (§3.2.3.1). Two records of 100 t, ±5 % activity each, one shared ±10 % factor:
    ``sqrt((5·100)² + (5·100)² + (10·200)²) / 200 = 10.607 %``.

    >>> round(total(np.array([100., 100.]), [(np.array([0, 1]), np.array([5., 5.])),
    ...                                       (np.array([0, 0]), np.array([10.]))]), 3)
    10.607
    """
    e = np.asarray(emissions, dtype=float)
    s = abs(float(e.sum()))
    if s == 0:
        return float("nan")
    var = 0.0
    for codes, u in inputs:
        u = np.asarray(u, dtype=float)
        var += float(variance(input_sums(e, codes, len(u)), u)[0])
    return float(np.sqrt(var) / s * 100.0)


def contribution(sums: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Share (0–1) of each input in the variance of one total: ``(u_k·S_k)² / Σ_j (u_j·S_j)²``
    (IPCC 2006 Vol. 1 Table 3.2, column H)."""
    v = np.square(np.asarray(sums, dtype=float) * np.asarray(u, dtype=float))
    t = v.sum()
    return v / t if t > 0 else np.zeros_like(v)


def trend(base: np.ndarray, current: np.ndarray, u_ad: np.ndarray, u_ef: np.ndarray) -> dict[str, float]:
    """Trend uncertainty by Approach 1, IPCC 2006 Vol. 1 §3.2.3.1, Table 3.3.

    Per category x: ``C_x`` base-year and ``D_x`` current-year emissions, ``E_x`` activity-data and
    ``F_x`` emission-factor ± %. With ``ΣC``, ``ΣD`` the totals:

    * type A sensitivity (col. I): ``A_x = (0.01·D_x + ΣD)/(0.01·C_x + ΣC)·100 − ΣD/ΣC·100``
      — change in the trend for a 1 % increase of category x in both years;
    * type B sensitivity (col. J): ``B_x = D_x / ΣC`` — change for a 1 % increase in the current year only;
    * trend uncertainty from the factor (col. K): ``A_x·F_x`` — factors fully correlated between years;
    * from the activity data (col. L): ``B_x·E_x·√2`` — activity data independent between years;
    * trend uncertainty (percentage points of the trend): ``sqrt(Σ_x (K_x² + L_x²))``.

    Returns ``trend_pct`` (``(ΣD − ΣC)/ΣC·100``) and ``u_trend_pp`` (± percentage points, 95 %).
    """
    c = np.asarray(base, dtype=float)
    d = np.asarray(current, dtype=float)
    sc, sd = float(c.sum()), float(d.sum())
    if sc == 0:
        return {"trend_pct": float("nan"), "u_trend_pp": float("nan")}
    a = (0.01 * d + sd) / (0.01 * c + sc) * 100.0 - sd / sc * 100.0
    b = d / sc
    k = a * np.asarray(u_ef, dtype=float)
    ll = b * np.asarray(u_ad, dtype=float) * np.sqrt(2.0)
    return {"trend_pct": (sd - sc) / sc * 100.0, "u_trend_pp": float(np.sqrt(np.sum(k * k + ll * ll)))}
