"""IPPU equations (IPCC 2006 Vol. 3) against hand calculations."""

from __future__ import annotations

import math

import pytest

from gpc.methods import ippu as eq

REL = 1e-9


def test_cement_eq_2_1_with_clinker_trade() -> None:
    # 1 000 000 t cement x 0.65 clinker = 650 000 t; - 50 000 imported + 10 000 exported = 610 000 t clinker
    # 610 000 x 0.52 = 317 200 t CO2
    assert eq.cement_co2(1_000_000, 0.65, 50_000, 10_000) == pytest.approx(317_200, rel=REL)


def test_clinker_ef_from_cao_eq_2_4() -> None:
    # 0.65 CaO x 0.785 x 1.02 = 0.520455 (the 0.52 default, rounded in the Guidelines)
    assert eq.clinker_ef_from_cao(0.65) == pytest.approx(0.520455, rel=REL)
    assert eq.clinker_co2(1000, 0.520455) == pytest.approx(520.455, rel=REL)


def test_lime_eq_2_3_with_hydrated_lime() -> None:
    # 1000 t high-calcium lime x 0.75 = 750 t; 20% hydrated with 28% water: x (1 - 0.2 x 0.28) = 0.944 -> 708 t
    assert eq.lime_co2(1000, 0.75) == pytest.approx(750, rel=REL)
    assert eq.lime_co2(1000, 0.75, 0.2, 0.28) == pytest.approx(708, rel=REL)


def test_glass_eq_2_10() -> None:
    # 10 000 t glass x 0.20 x (1 - 0.5) = 1000 t; float glass 0.21 with cullet 0.15: 10 000 x 0.21 x 0.85 = 1785 t
    assert eq.glass_co2(10_000) == pytest.approx(1000, rel=REL)
    assert eq.glass_co2(10_000, 0.21, 0.15) == pytest.approx(1785, rel=REL)


def test_carbonates_eq_2_15() -> None:
    # 1000 t limestone x 0.43971 x 0.9 calcined = 395.739 t
    assert eq.carbonate_co2(1000, 0.43971, 0.9) == pytest.approx(395.739, rel=REL)


def test_ammonia_eq_3_1() -> None:
    # 100 000 t NH3 x 1.694 = 169 400 t; 30 000 t CO2 recovered for urea -> 139 400 t
    assert eq.ammonia_co2(100_000, 1.694, 30_000) == pytest.approx(139_400, rel=REL)


def test_lubricants_eq_5_2() -> None:
    # 1000 t x 40.2 GJ/t = 40 200 GJ; x 20.0 kg C/GJ = 804 000 kg C = 804 t C; x ODU 0.2 = 160.8 t C
    # x 44/12 = 589.6 t CO2
    assert eq.non_energy_product_co2(40_200, 20.0, 0.2) == pytest.approx(160.8 * 44 / 12, rel=REL)
    assert eq.non_energy_product_co2(40_200) == pytest.approx(589.6, rel=1e-12)


def test_refrigerant_bank_and_sales() -> None:
    # bank 2 t x 15%/yr = 0.3 t; new charge 0.5 t x 0.35% = 0.00175 t; retired 0.1 t x (1 - 0.3) = 0.07 t
    assert eq.refrigerant_bank_emissions(2.0, 0.15, 0.5, 0.0035, 0.1, 0.3) == pytest.approx(0.37175, rel=REL)
    # sales 5 t - 3 t charged into new equipment + 1 t original charge retired = 3 t
    assert eq.refrigerant_sales_emissions(5.0, 3.0, 1.0) == pytest.approx(3.0, rel=REL)


def test_vectorised() -> None:
    out = eq.glass_co2([1.0, 2.0], [0.2, 0.1], [0.5, 0.0])
    assert out.tolist() == pytest.approx([0.1, 0.2])
    assert math.isnan(eq.cement_co2(float("nan"), 0.9))
