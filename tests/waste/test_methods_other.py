"""Biological treatment, incineration and wastewater equations against hand calculations
(IPCC 2006 Vol. 5 Ch. 4, 5, 6); expected values are written out as arithmetic."""

from __future__ import annotations

import numpy as np
import pytest

from gpc.methods import biological as bio
from gpc.methods import incineration as inc
from gpc.methods import wastewater as ww


def test_biological_eq_4_1_and_4_2():
    # 2,500 t composted (wet), EF 4 g CH4/kg = 4 kg/t: 2500 * 4 kg = 10,000 kg = 10 t; minus 1.5 t recovered
    assert bio.ch4_biological(2500.0, 4.0, 1.5) == pytest.approx(2500 * 4 / 1000 - 1.5)
    # N2O 0.24 g/kg: 2500 t * 0.24 kg/t = 600 kg = 0.6 t
    assert bio.n2o_biological(2500.0, 0.24) == pytest.approx(0.6)


def test_incineration_eq_5_2_fossil_and_biogenic():
    # 1,000 t of waste: 40 % food (dm .40, CF .38, FCF 0), 30 % paper (.90, .46, .01), 30 % plastics (1, .75, 1)
    fr = np.array([[0.4, 0.3, 0.3]])
    dm, cf, fcf = np.array([0.40, 0.90, 1.0]), np.array([0.38, 0.46, 0.75]), np.array([0.0, 0.01, 1.0])
    fossil, biogenic = inc.co2_by_component(np.array([1000.0]), fr, dm, cf, fcf, np.array([1.0]))
    paper_c = 1000 * 0.3 * 0.90 * 0.46
    expected_fossil = (paper_c * 0.01 + 1000 * 0.3 * 1.0 * 0.75 * 1.0) * 44 / 12
    expected_bio = (1000 * 0.4 * 0.40 * 0.38 + paper_c * 0.99) * 44 / 12
    assert fossil.sum() == pytest.approx(expected_fossil, rel=1e-12)
    assert biogenic.sum() == pytest.approx(expected_bio, rel=1e-12)
    # open burning oxidises 58 % of the carbon
    fossil_ob, _ = inc.co2_by_component(np.array([1000.0]), fr, dm, cf, fcf, np.array([0.58]))
    assert fossil_ob.sum() == pytest.approx(expected_fossil * 0.58, rel=1e-12)


def test_incineration_eq_5_4_5_5_and_dry_mass():
    # 1,000 t * 6,500 g/t = 6.5 t CH4 (open burning)
    assert inc.emission_from_mass(1000.0, 6500.0) == pytest.approx(6.5)
    # dry mass: 1000 * (0.4 * 0.40 + 0.6 * 1.0)
    assert inc.dry_mass(1000.0, np.array([0.4, 0.6]), np.array([0.40, 1.0])) == pytest.approx(1000 * (0.16 + 0.6))


def test_wastewater_ch4_eq_6_1_to_6_3():
    # TOW = 1e6 people * 40 g/d * 0.001 * 1.25 * 365 = 18,250,000 kg BOD
    tow = ww.tow_domestic(1e6, 40.0, 1.25)
    assert tow == pytest.approx(1e6 * 40 * 0.001 * 1.25 * 365)
    # (TOW - S) * Bo * MCF - R with S 250,000 kg, Bo 0.6, MCF 0.8, R 100,000 kg
    assert ww.ch4_wastewater(tow, 250_000.0, 0.6, 0.8, 100_000.0) == pytest.approx((18_250_000 - 250_000) * 0.48 - 100_000)


def test_industrial_wastewater_eq_6_4_to_6_6():
    # 50,000 t beer * 6.3 m3/t * 2.9 kg COD/m3; Bo 0.25, MCF 0.8
    tow = ww.tow_industrial(50_000.0, 6.3, 2.9)
    assert tow == pytest.approx(50_000 * 6.3 * 2.9)
    assert ww.ch4_wastewater(tow, 0.0, 0.25, 0.8, 0.0) == pytest.approx(50_000 * 6.3 * 2.9 * 0.25 * 0.8)


def test_wastewater_n2o_eq_6_7_to_6_9():
    # N = 1e6 * 25 kg protein * 0.16 * 1.1 * 1.25 - 10,000 kg
    n = ww.nitrogen_effluent(1e6, 25.0, 0.16, 1.1, 1.25, 10_000.0)
    assert n == pytest.approx(1e6 * 25 * 0.16 * 1.1 * 1.25 - 10_000)
    assert ww.n2o_effluent(n, 0.005) == pytest.approx(n * 0.005 * 44 / 28)
    # Box 6.1: 1e6 people * 1 * 1.25 * 3.2 g = 4,000,000 g = 4,000 kg N2O
    assert ww.n2o_plants(1e6, 1.0, 1.25, 3.2) == pytest.approx(4000.0)
