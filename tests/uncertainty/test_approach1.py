"""IPCC 2006 Vol. 1 Ch. 3 Approach 1, numbers worked by hand from Eq. 3.1, 3.2 and Table 3.3."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gpc.uncertainty import approach1 as a1


def test_eq_3_1_product() -> None:
    # ±5 % activity × ±10 % factor: sqrt(5² + 10²) = sqrt(125) = 11.1803 %
    assert a1.product(5, 10) == pytest.approx(math.sqrt(125), rel=1e-12)
    assert float(a1.product(5, 10)) == pytest.approx(11.1803, abs=1e-4)


def test_eq_3_2_sum_of_independent_records() -> None:
    # two records of 100 t, each ±11.1803 %: sqrt((11.1803·100)² · 2) / 200 = 1581.14 / 200 = 7.906 %
    u = math.sqrt(125)
    assert a1.sum_([100, 100], [u, u]) == pytest.approx(math.sqrt(2 * (u * 100) ** 2) / 200, rel=1e-12)
    assert a1.sum_([100, 100], [u, u]) == pytest.approx(7.906, abs=1e-3)
    # unequal: 300 t ±10 % and 100 t ±40 %: sqrt(30² + 40²)/400 = 50/400 = 12.5 %
    assert a1.sum_([300, 100], [10, 40]) == pytest.approx(12.5, rel=1e-12)


def test_total_independent_factors_equals_eq_3_1_then_3_2() -> None:
    e = np.array([100.0, 100.0])
    ad = (np.array([0, 1]), np.array([5.0, 5.0]))          # each row its own activity data
    ef = (np.array([0, 1]), np.array([10.0, 10.0]))        # each record its own factor
    # sqrt((5·100)² + (5·100)² + (10·100)² + (10·100)²)/200 = sqrt(2 500 000)/200 = 7.906 %
    assert a1.total(e, [ad, ef]) == pytest.approx(math.sqrt(2_500_000) / 200, rel=1e-12)
    assert a1.total(e, [ad, ef]) == pytest.approx(7.906, abs=1e-3)


def test_total_shared_factor_sums_emissions_first() -> None:
    e = np.array([100.0, 100.0])
    ad = (np.array([0, 1]), np.array([5.0, 5.0]))
    ef = (np.array([0, 0]), np.array([10.0]))              # one factor for both records
    # activity part sqrt(500² + 500²)/200 = 3.536 %; factor on the sum 10 % → sqrt(3.536² + 10²) = 10.607 %
    ad_part = math.sqrt(2 * 500 ** 2) / 200
    assert ad_part == pytest.approx(3.536, abs=1e-3)
    assert a1.total(e, [ad, ef]) == pytest.approx(math.sqrt(ad_part ** 2 + 10 ** 2), rel=1e-12)
    assert a1.total(e, [ad, ef]) == pytest.approx(10.607, abs=1e-3)


def test_removal_in_a_sum_uses_the_absolute_net() -> None:
    # +100 t ±10 % and −50 t ±20 %: sqrt((10·100)² + (20·50)²)/|100 − 50| = 1414.2/50 = 28.28 %
    assert a1.sum_([100, -50], [10, 20]) == pytest.approx(math.sqrt(1000 ** 2 + 1000 ** 2) / 50, rel=1e-12)


def test_contribution_to_variance_table_3_2_column_h() -> None:
    # inputs behind a total: 300 t ±10 % (variance term 30² = 900), 100 t ±40 % (40² = 1600)
    share = a1.contribution(np.array([300.0, 100.0]), np.array([10.0, 40.0]))
    assert share == pytest.approx([900 / 2500, 1600 / 2500])


def test_skewed_interval_uses_the_larger_half() -> None:
    assert float(a1.symmetric(30, 80)) == 80.0


def test_trend_table_3_3() -> None:
    # categories: base C = 100, 50; current D = 120, 40; activity ±5, ±10 %; factor ±10, ±20 %
    # ΣC = 150, ΣD = 160, trend = 10/150 = 6.667 %
    a_1 = (0.01 * 120 + 160) / (0.01 * 100 + 150) * 100 - 160 / 150 * 100   # (161.2/151)·100 − 106.667 = 0.0883
    a_2 = (0.01 * 40 + 160) / (0.01 * 50 + 150) * 100 - 160 / 150 * 100     # (160.4/150.5)·100 − 106.667 = −0.0886
    b_1, b_2 = 120 / 150, 40 / 150                                           # 0.8, 0.2667
    k = [a_1 * 10, a_2 * 20]                                                 # factor, correlated between years
    l_ = [b_1 * 5 * math.sqrt(2), b_2 * 10 * math.sqrt(2)]                   # 5.657, 3.771
    expected = math.sqrt(sum(x * x for x in k) + sum(x * x for x in l_))     # ≈ 7.081 percentage points
    assert a_1 == pytest.approx(0.0883, abs=1e-4)
    assert expected == pytest.approx(7.081, abs=1e-3)
    r = a1.trend(np.array([100.0, 50.0]), np.array([120.0, 40.0]), np.array([5.0, 10.0]), np.array([10.0, 20.0]))
    assert r["trend_pct"] == pytest.approx(10 / 150 * 100)
    assert r["u_trend_pp"] == pytest.approx(expected, rel=1e-12)
