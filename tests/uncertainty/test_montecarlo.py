"""Approach 2 (Monte Carlo, IPCC 2006 Vol. 1 §3.2.3.2): distributions, shared draws, seeds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gpc.uncertainty import montecarlo as mc


@pytest.mark.parametrize("dist,lower,upper,p_lo,p_hi", [
    ("normal", 10, 10, 0.90, 1.10),        # 2.5th / 97.5th percentile at 1 ∓ 0.10
    ("uniform", 10, 10, 0.90, 1.10),       # the middle 95 % of [1 − 10/95, 1 + 10/95]
    ("triangular", 10, 10, 0.90, 1.10),    # mode 1, ends ±10 %/(1 − √0.05)
])
def test_distributions_put_their_95_percent_interval_where_asked(dist, lower, upper, p_lo, p_hi) -> None:
    rng = np.random.default_rng(0)
    m = mc.draw(rng, np.array([lower], float), np.array([upper], float), np.array([mc.DISTRIBUTIONS.index(dist)]),
                400_000)[:, 0]
    lo, hi = np.percentile(m, [2.5, 97.5])
    assert lo == pytest.approx(p_lo, abs=2e-3)
    assert hi == pytest.approx(p_hi, abs=2e-3)
    assert m.mean() == pytest.approx(1.0, abs=1e-3)


def test_lognormal_mean_one_upper_percentile() -> None:
    # σ_ln = 1.96 − sqrt(1.96² − 2·ln 1.5) = 0.2254…; mean exp(μ + σ²/2) = 1; 97.5th percentile 1.5
    s = 1.959963984540054 - math.sqrt(1.959963984540054 ** 2 - 2 * math.log(1.5))
    rng = np.random.default_rng(1)
    m = mc.draw(rng, np.array([50.0]), np.array([50.0]), np.array([1]), 400_000)[:, 0]
    assert np.percentile(m, 97.5) == pytest.approx(1.5, abs=5e-3)
    assert m.mean() == pytest.approx(1.0, abs=2e-3)
    assert np.log(m).std() == pytest.approx(s, rel=1e-2)


def _shared_case(shared: bool, iterations: int, seed: int | None):
    e = np.array([100.0, 100.0])
    # inputs: 0, 1 activity ±5 %; 2 (and 3) factor ±10 %, all normal
    if shared:
        codes = np.array([[0, 2], [1, 2]])
        lo = up = np.array([5.0, 5.0, 10.0])
    else:
        codes = np.array([[0, 2], [1, 3]])
        lo = up = np.array([5.0, 5.0, 10.0, 10.0])
    return mc.simulate(e, codes, lo, up, np.zeros(len(lo), int), np.array([0, 0]), np.ones((1, 1)),
                       iterations=iterations, seed=seed)


@pytest.mark.parametrize("shared,approach1", [(True, 10.607), (False, 7.906)])
def test_monte_carlo_agrees_with_approach_1(shared: bool, approach1: float) -> None:
    sim = _shared_case(shared, 200_000, 7)
    lo, hi = np.percentile(sim.totals[:, 0], [2.5, 97.5])
    half = (hi - lo) / 2 / 200 * 100
    assert half == pytest.approx(approach1, rel=0.03)


def test_seed_makes_runs_identical_and_chunks_do_not_change_the_draws_count() -> None:
    a = _shared_case(True, 5000, 42).totals
    b = _shared_case(True, 5000, 42).totals
    c = _shared_case(True, 5000, 43).totals
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_small_chunks_give_the_same_statistics() -> None:
    e = np.full(1000, 10.0)
    codes = np.stack([np.arange(1000), np.full(1000, 1000)], axis=1)
    lo = up = np.r_[np.full(1000, 5.0), 10.0]
    kw = dict(iterations=4000, seed=3)
    big = mc.simulate(e, codes, lo, up, np.zeros(1001, int), np.zeros(1000, int), np.ones((1, 1)), **kw)
    small = mc.simulate(e, codes, lo, up, np.zeros(1001, int), np.zeros(1000, int), np.ones((1, 1)),
                        budget_bytes=8 * 1000 * 7, **kw)          # 7 iterations per chunk
    # the shared ±10 % factor dominates: sqrt((0.05·10)²·1000 + (0.10·10 000)²)/10 000 = sqrt(250 + 10⁶)/10⁴ = 10.001 %
    for s in (big, small):
        lo_, hi_ = np.percentile(s.totals[:, 0], [2.5, 97.5])
        assert (hi_ - lo_) / 2 / 10_000 * 100 == pytest.approx(10.001, rel=0.05)
    # the factor explains almost all of the variance: corr² ≈ 1000²/(1000² + 1000·0.5²) = 0.99975
    assert small.corr[1000] ** 2 == pytest.approx(1000 ** 2 / (1000 ** 2 + 1000 * 0.5 ** 2), abs=0.002)
    # one activity input explains 0.25/(10⁶ + 250): its correlation is near 0
    assert abs(small.corr[0]) < 0.05
