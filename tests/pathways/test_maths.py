"""The projection maths with hand numbers: compounding, ramps, grid path, peak, target gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gpc.pathways.drivers import annual_rates, growth_index, interpolate_path, ramp
from gpc.pathways.peak import find_peak, gaps


def test_compounding_three_years_of_two_percent():
    years = [2023, 2024, 2025, 2026]
    g = annual_rates(years, [(2024, 2026, 0.02)])
    idx = growth_index(years, g)
    # 1000 MWh growing 2 %/yr for 3 years = 1000 × 1.02³ = 1061.208 MWh
    assert 1000 * idx[-1] == pytest.approx(1061.208, abs=1e-9)
    # the base year's own rate is never applied: activity_2023 = base
    assert idx[0] == 1.0


def test_periods_and_two_drivers_multiply():
    years = list(range(2023, 2028))
    pop = growth_index(years, annual_rates(years, [(2024, 2025, 0.01), (2026, None, -0.01)]))
    gdp = growth_index(years, annual_rates(years, [(None, None, 0.05)]))
    # 2027: (1.01 × 1.01 × 0.99 × 0.99) × 1.05⁴
    assert pop[-1] * gdp[-1] == pytest.approx(1.01 ** 2 * 0.99 ** 2 * 1.05 ** 4, rel=1e-12)


def test_ramp_linear_from_zero_in_start_year():
    r = ramp([2024, 2025, 2026, 2027, 2028, 2029], 2025, 2029)
    # 0 in the start year 2025, 1/4 in 2026, 1/2 in 2027, 3/4 in 2028, full in 2029
    assert r.tolist() == [0.0, 0.0, 0.25, 0.5, 0.75, 1.0]
    assert ramp([2024, 2025, 2026], 2025, 2025).tolist() == [0.0, 1.0, 1.0]


def test_grid_path_linear_then_flat():
    years = list(range(2023, 2029))
    p = interpolate_path(years, {2023: 0.6, 2026: 0.5})
    # 0.6 → 0.5 over 3 years: −0.1/3 per year; flat after 2026
    assert p == pytest.approx([0.6, 0.6 - 0.1 / 3, 0.6 - 0.2 / 3, 0.5, 0.5, 0.5])


def test_peak_needs_sustained_decline():
    y = np.arange(2020, 2030)
    v = np.array([1, 2, 3, 5, 4, 3, 3, 2, 2, 1.0])
    pk = find_peak(y, v, n=5)
    assert (pk["peak_year"], pk["peak_t"], pk["peaked"]) == (2023, 5.0, True)
    # the maximum in the last years: not (yet) a peak
    pk = find_peak(y, np.arange(10.0), n=5)
    assert pk["peak_year"] == 2029 and not pk["peaked"]
    # 3 later years only: not enough for n = 5
    assert not find_peak(y, np.array([1, 2, 3, 4, 5, 6, 9, 8, 7, 6.0]), n=5)["peaked"]


def test_reduction_and_net_zero_gap():
    tab = pd.DataFrame({"year": [2023, 2024, 2025], "kind": "projected", "BAU": [100.0, 90.0, 80.0]})
    targets = pd.DataFrame([{"target": "reduction", "year": 2025, "base_year": 2023, "reduction": 0.3},
                            {"target": "net_zero", "year": 2025, "base_year": None, "reduction": None}])
    peaks = pd.DataFrame([{"scenario": "BAU", **find_peak(tab["year"], tab["BAU"], 1)}])
    summary, per_year = gaps(tab, ["BAU"], targets, peaks, 2023)
    red = summary.iloc[0]
    # level = 100 × (1 − 0.3) = 70; E(2025) = 80 → gap 10, not met
    assert red["level_t"] == pytest.approx(70.0) and red["gap_t"] == pytest.approx(10.0) and not red["met"]
    # path: linear 100 → 70 over 2 years: 85 in 2024, so the 2024 gap is 90 − 85 = 5
    g = per_year[per_year["target"] == red["target"]].set_index("year")
    assert g.loc[2024, "target_path_t"] == pytest.approx(85.0) and g.loc[2024, "gap_t"] == pytest.approx(5.0)
    nz = summary.iloc[1]
    assert nz["level_t"] == 0.0 and nz["gap_t"] == pytest.approx(80.0)
