"""AFOLU equations (IPCC 2006 Vol. 4) against hand calculations."""

from __future__ import annotations

import pytest

from gpc.methods import afolu as eq

REL = 1e-9


def test_enteric_and_manure_ch4_eq_10_19_10_22() -> None:
    # 1000 dairy cattle x 68 kg CH4/head/yr = 68 000 kg = 68 t
    assert eq.head_emissions_t(1000, 68) == pytest.approx(68.0, rel=REL)


def test_n_excretion_eq_10_30() -> None:
    # 0.47 kg N/(1000 kg . day) x 350 kg / 1000 x 365 d = 60.0425 kg N/head/yr
    assert eq.n_excretion_per_head(0.47, 350) == pytest.approx(60.0425, rel=REL)


def test_manure_n2o_eq_10_25_to_10_29() -> None:
    # 1000 head x 60 kg N x 0.5 in solid storage = 30 t N; direct 30 x 0.005 x 44/28 = 0.2357142857 t
    n = eq.manure_n_managed_t(1000, 60, 0.5)
    assert n == pytest.approx(30.0, rel=REL)
    assert eq.manure_n2o_direct_t(n, 0.005) == pytest.approx(0.15 * 44 / 28, rel=REL)
    # volatilised: 30 x 0.30 x 0.01 x 44/28 = 0.09 x 44/28 = 0.1414285714 t
    assert eq.manure_n2o_volatilisation_t(n, 0.30) == pytest.approx(0.09 * 44 / 28, rel=REL)
    # leached 10%: 30 x 0.1 x 0.0075 x 44/28 = 0.0225 x 44/28 = 0.0353571429 t
    assert eq.manure_n2o_leaching_t(n, 0.1) == pytest.approx(0.0225 * 44 / 28, rel=REL)


def test_rice_eq_5_1_to_5_3() -> None:
    # SFo with 2 t/ha straw <30 days (CFOA 1) and 5 t/ha farmyard manure (0.14): (1 + 2 + 0.7)^0.59 = 3.7^0.59
    sfo = eq.rice_organic_scaling([[2.0, 5.0]], [1.0, 0.14])
    assert sfo[0] == pytest.approx(3.7 ** 0.59, rel=REL)
    # EF = 1.30 x 0.52 (multiple aeration) x 0.68 (not flooded >180 d) x 1 = 0.45968 kg/ha/day
    ef = eq.rice_daily_ef(1.30, 0.52, 0.68, 1.0)
    assert ef == pytest.approx(0.45968, rel=REL)
    # 1000 ha x 120 days x 0.45968 kg = 55 161.6 kg = 55.1616 t
    assert eq.rice_ch4_t(ef, 120, 1000) == pytest.approx(55.1616, rel=REL)


def test_land_gain_loss_eq_2_9_to_2_14() -> None:
    # growth: 100 ha x 2 t dm x (1 + 0.24) x 0.47 = 116.56 t C
    assert eq.biomass_growth_c(100, 2.0, 0.24, 0.47) == pytest.approx(116.56, rel=REL)
    # removals: 1000 m3 x 0.8 t/m3 x 1.24 x 0.47 = 466.24 t C
    assert eq.wood_removal_loss_c(1000, 0.8, 0.24, 0.47) == pytest.approx(466.24, rel=REL)
    # disturbance: 10 ha x 180 t dm x 1.24 x 0.47 x 0.5 = 524.52 t C
    assert eq.disturbance_loss_c(10, 180, 0.24, 0.47, 0.5) == pytest.approx(524.52, rel=REL)


def test_conversion_soil_and_sign() -> None:
    # forest (104.904 t C/ha) to settlements (0) on 100 ha: -10 490.4 t C
    assert eq.conversion_change_c(100, 0.0, 104.904) == pytest.approx(-10_490.4, rel=REL)
    # soil: 100 ha x (40 - 60) / 20 = -100 t C per year
    assert eq.soil_carbon_change_c(100, 40, 60) == pytest.approx(-100, rel=REL)
    # a gain of 12 t C is a removal of 44 t CO2 (negative); a loss of 12 t C emits 44 t
    assert eq.carbon_change_to_co2(12) == pytest.approx(-44, rel=REL)
    assert eq.carbon_change_to_co2(-12) == pytest.approx(44, rel=REL)
