"""IPCC Approach 2: Monte Carlo simulation (IPCC 2006 Guidelines, Vol. 1, Ch. 3, §3.2.3.2).

Every independent input (an input row's activity data, a factor shared by many records …) is one
random multiplier per iteration with mean 1 (the point estimate is taken as the expected value).
Records are ``E_i = e_i · Π_j m[code_ij]`` where ``e_i`` is the record's computed emission; records that
share an input use the same draw, so they move together (IPCC Vol. 1 §3.2.3.2, step 2: correlated
inputs). Totals are sums of records: computed per iteration, and the 2.5th and 97.5th percentiles of
the iterations give the 95 % interval (step 5).

Vectorised: one ``(iterations × inputs)`` matrix of draws per chunk of iterations, records index into it
(no Python loop per record or per iteration); iterations run in chunks so memory stays bounded.

How a distribution is set from its ± % at 95 % (``lower`` %, ``upper`` %), gpc's parameterisation:

``normal``      mean 1, σ = max(lower, upper)/100/1.96 (symmetric; a skewed range uses its larger half)
``lognormal``   mean 1 and 97.5th percentile at 1 + upper/100: σ_ln = 1.96 − sqrt(1.96² − 2·ln(1 + upper/100)),
                μ_ln = −σ_ln²/2 (IPCC Vol. 1 §3.2.2.4 recommends lognormal for large, positive, skewed
                quantities; the lower end follows from the shape; σ_ln is capped at 1.96 for upper > 582 %)
``uniform``     the 95 % interval is the middle 95 % of the range: ends at 1 − lower/95, 1 + upper/95
``triangular``  mode 1, ends at 1 − k·lower/100 and 1 + k·upper/100 with k = 1/(1 − sqrt(0.05)), which puts
                the 2.5th/97.5th percentiles of a symmetric triangle at ±lower/upper %
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DISTRIBUTIONS", "draw", "simulate", "Simulation", "chunk_size"]

DISTRIBUTIONS = ("normal", "lognormal", "uniform", "triangular")
_Z = 1.959963984540054          # 97.5th percentile of the standard normal
_TRI = 1.0 / (1.0 - np.sqrt(0.05))


def _lognormal_sigma(upper_pct: np.ndarray) -> np.ndarray:
    disc = _Z * _Z - 2.0 * np.log1p(np.asarray(upper_pct, dtype=float) / 100.0)
    return _Z - np.sqrt(np.maximum(disc, 0.0))


def draw(rng: np.random.Generator, lower: np.ndarray, upper: np.ndarray, dist: np.ndarray, size: int,
         out: np.ndarray | None = None) -> np.ndarray:
    """``(size × K)`` multipliers of ``K`` inputs: ``lower``/``upper`` ± % at 95 %, ``dist`` index into
    :data:`DISTRIBUTIONS`. Inputs are drawn in a fixed order (by distribution, then input), so a seed
    gives the same numbers every time. Fastest when the inputs are sorted by distribution (each kind is
    then one block of columns)."""
    lower = np.asarray(lower, dtype=float)
    upper = np.asarray(upper, dtype=float)
    dist = np.asarray(dist)
    if out is None:
        out = np.empty((size, len(lower)))
    for d in range(len(DISTRIBUTIONS)):
        idx = np.flatnonzero(dist == d)
        if not len(idx):
            continue
        block = slice(idx[0], idx[-1] + 1) if idx[-1] - idx[0] + 1 == len(idx) else idx
        lo, up = lower[idx] / 100.0, upper[idx] / 100.0
        if d == 0:
            z = rng.standard_normal((size, len(idx)), dtype=out.dtype)
            z *= (np.maximum(lo, up) / _Z).astype(out.dtype)
            z += 1.0
        elif d == 1:
            sig = _lognormal_sigma(up * 100.0)
            z = rng.standard_normal((size, len(idx)), dtype=out.dtype)
            z *= sig.astype(out.dtype)
            z -= (0.5 * sig * sig).astype(out.dtype)
            np.exp(z, out=z)
        elif d == 2:
            a, b = 1.0 - lo / 0.95, 1.0 + up / 0.95
            z = rng.random((size, len(idx)), dtype=out.dtype)
            z *= (b - a).astype(out.dtype)
            z += a.astype(out.dtype)
        else:
            a, b = 1.0 - _TRI * lo, 1.0 + _TRI * up
            # inverse CDF of the triangle (a, 1, b); zero-width inputs stay at 1
            u = rng.random((size, len(idx)), dtype=out.dtype)
            w = np.where(b - a > 0, b - a, 1.0)
            fc = (1.0 - a) / w
            left = a + np.sqrt(u * w * (1.0 - a))
            right = b - np.sqrt((1.0 - u) * w * (b - 1.0))
            z = np.where(u < fc, left, right)
        out[:, block] = z
    return out


def chunk_size(n_records: int, budget_bytes: int = 4 * 2**20) -> int:
    """Iterations per chunk so that a chunk's ``iterations × records`` matrix stays within ``budget_bytes``."""
    return int(max(1, min(10_000, budget_bytes // (8 * max(n_records, 1)))))


@dataclass
class Simulation:
    """Result of :func:`simulate`.

    ``totals``: ``(iterations × n_aggregates)`` simulated values of every aggregate;
    ``corr``: Pearson correlation of each input's draws with the aggregate ``target`` (IPCC Vol. 1
    §3.2.3.2 sensitivity; its square is the share of the variance the input explains).
    """

    totals: np.ndarray
    corr: np.ndarray


def simulate(emissions: np.ndarray, codes: np.ndarray, lower: np.ndarray, upper: np.ndarray, dist: np.ndarray,
             groups: np.ndarray, aggregate: np.ndarray, *, iterations: int = 10_000, seed: int | None = None,
             target: int = 0, budget_bytes: int = 4 * 2**20) -> Simulation:
    """Monte Carlo over records ``E_i = e_i · Π_j m[codes[i, j]]``.

    ``codes``: ``(N × J)`` input index of each record per kind (activity, factor …), −1 for none;
    ``groups``: group of each record (e.g. GPC row; −1: in no group); ``aggregate``: ``(n_groups × A)``
    weights making the aggregates (rows, sectors, totals) from group sums; ``target``: the aggregate whose
    sensitivity to every input is returned. ``seed`` makes the run reproducible.
    """
    rng = np.random.default_rng(seed)
    e = np.asarray(emissions, dtype=float)
    codes = np.asarray(codes, dtype=np.int64)
    codes = codes.reshape(len(e), -1) if codes.size else np.zeros((len(e), 1), dtype=np.int64)
    # inputs sorted by distribution: each kind is drawn into one block of columns
    dist = np.asarray(dist)
    perm = np.argsort(dist, kind="stable")
    rank = np.empty_like(perm)
    rank[perm] = np.arange(len(perm))
    lower, upper, dist = np.asarray(lower, float)[perm], np.asarray(upper, float)[perm], dist[perm]
    codes = np.where(codes >= 0, rank[np.maximum(codes, 0)] if len(rank) else codes, -1)
    groups = np.asarray(groups, dtype=np.int64)
    agg = np.asarray(aggregate, dtype=float)
    n_groups = agg.shape[0]
    k = len(lower)
    keep = groups >= 0
    order = np.argsort(groups[keep], kind="stable")
    idx = np.flatnonzero(keep)[order]
    e_s, g_s = e[idx], groups[idx]
    c_s = np.where(codes[idx] >= 0, codes[idx], k)            # k: the constant 1 column
    starts = np.flatnonzero(np.r_[True, g_s[1:] != g_s[:-1]]) if len(g_s) else np.array([], dtype=np.int64)
    present = g_s[starts] if len(g_s) else np.array([], dtype=np.int64)
    out = np.empty((iterations, agg.shape[1]))
    s_m = np.zeros(k)
    s_mm = np.zeros(k)
    s_mt = np.zeros(k)
    s_t = s_tt = 0.0
    step = chunk_size(len(e_s), budget_bytes)
    done = 0
    # draws and each record's drawn value in float32 (7 digits: a relative error of 1e-7 per record, far
    # below any uncertainty; half the memory traffic), sums accumulated in float64
    m_buf = np.empty((step, k + 1), dtype=np.float32)
    w_buf = np.empty((step, len(e_s)), dtype=np.float32)
    e_32 = e_s.astype(np.float32)
    t_buf = np.empty((step, len(e_s)), dtype=np.float32)
    while done < iterations:
        c = min(step, iterations - done)
        m = m_buf[:c]
        draw(rng, lower, upper, dist, c, out=m[:, :k])
        m[:, k] = 1.0
        w, tmp = w_buf[:c], t_buf[:c]
        np.multiply(e_32, np.float32(1.0), out=w)
        for j in range(c_s.shape[1]):
            np.take(m, c_s[:, j], axis=1, out=tmp)
            w *= tmp
        sums = np.zeros((c, n_groups))
        if len(starts):
            sums[:, present] = np.add.reduceat(w, starts, axis=1, dtype=np.float64)
        tot = sums @ agg
        out[done:done + c] = tot
        t = tot[:, target] if agg.shape[1] else np.zeros(c)
        mk = m[:, :k].astype(np.float64)
        s_m += mk.sum(axis=0)
        s_mm += np.einsum("ij,ij->j", mk, mk)
        s_mt += t @ mk
        s_t += float(t.sum())
        s_tt += float(t @ t)
        done += c
    n = float(iterations)
    cov = s_mt / n - (s_m / n) * (s_t / n)
    var_m = s_mm / n - (s_m / n) ** 2
    var_t = s_tt / n - (s_t / n) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.where((var_m > 0) & (var_t > 0), cov / np.sqrt(np.maximum(var_m, 0) * max(var_t, 0)), 0.0)
    return Simulation(out, corr[rank] if len(rank) else corr)


def summarise(values: np.ndarray) -> dict[str, np.ndarray]:
    """Mean, median, 2.5th and 97.5th percentile of each column of ``(iterations × A)`` values
    (IPCC 2006 Vol. 1 §3.2.3.2, step 5)."""
    p = np.percentile(values, [2.5, 50.0, 97.5], axis=0)
    return {"mean": values.mean(axis=0), "median": p[1], "p2_5": p[0], "p97_5": p[2]}
