"""process_factors.csv: AFOLU rows reproduce the IPCC 2006 Vol. 4 Tier 1 equations (hand calculations)."""

from __future__ import annotations

import pandas as pd
import pytest

from gpc.factors import load_factor_set
from tests.ippu.test_process_factors import emissions_t

REL = 1e-6


@pytest.fixture(scope="module")
def pf() -> pd.DataFrame:
    return load_factor_set("ipcc2006").table("process_factors")


@pytest.mark.parametrize("activity, technology, amount, unit, gas, expected", [
    # urea, Eq. 11.13: 1000 t x 0.20 t C/t x 44/12 = 733.333... t CO2
    ("urea_application", "", 1000, "t", "CO2", 1000 * 0.20 * 44 / 12),
    # liming, Eq. 11.12: limestone 1000 x 0.12 x 44/12 = 440 t; dolomite 1000 x 0.13 x 44/12 = 476.666... t
    ("limestone_application", "", 1000, "t", "CO2", 440.0),
    ("dolomite_application", "", 1000, "t", "CO2", 1000 * 0.13 * 44 / 12),
    # fertiliser N, Eq. 11.1, 11.9, 11.10: 1000 t N x (0.01 + 0.1 x 0.01 + 0.3 x 0.0075) x 44/28
    # = 1000 x 0.01325 x 44/28 = 20.8214... t N2O
    ("synthetic_fertilizer_n", "", 1000, "t", "N2O", 1000 * (0.01 + 0.001 + 0.00225) * 44 / 28),
    # organic N: FracGASM 0.2: 1000 x (0.01 + 0.002 + 0.00225) x 44/28
    ("organic_fertilizer_n", "", 1000, "t", "N2O", 1000 * 0.01425 * 44 / 28),
    # crop residue N: no volatilisation: 1000 x (0.01 + 0.00225) x 44/28
    ("crop_residue_n", "", 1000, "t", "N2O", 1000 * 0.01225 * 44 / 28),
    # rice, Eq. 5.1-5.2, pre-season regime unknown (Table 5.13 aggregated SFp 1.22): 100 ha x 120 days
    # = 12 000 ha.day x 1.30 x 1.22 = 1.586 kg = 19.032 t CH4 (was 15.6 t with SFp 1.0);
    # single aeration x 0.60: 12 000 x 1.30 x 0.60 x 1.22 = 11.4192 t (was 9.36 t)
    ("rice_cultivation", "", 12_000, "ha*day", "CH4", 12_000 * 1.30 * 1.22 / 1000),
    ("rice_cultivation", "intermittent_single_aeration", 12_000, "ha*day", "CH4", 12_000 * 1.30 * 0.60 * 1.22 / 1000),
    # enteric, Tables 10.10/10.11: 1000 dairy cattle (Asia default) x 68 kg = 68 t; North America 128 kg = 128 t
    ("dairy_cattle", "", 1000, "head", "CH4", 68.0),
    ("dairy_cattle", "north_america", 1000, "head", "CH4", 128.0),
    ("other_cattle", "", 1000, "head", "CH4", 47.0),
    ("buffalo", "", 1000, "head", "CH4", 55.0),
    ("sheep", "", 1000, "head", "CH4", 5.0),
    ("sheep", "developed", 1000, "head", "CH4", 8.0),
    ("goats", "", 1000, "head", "CH4", 5.0),
    ("swine", "", 1000, "head", "CH4", 1.0),
    ("horses", "", 1000, "head", "CH4", 18.0),
    ("camels", "", 1000, "head", "CH4", 46.0),
    ("mules_asses", "", 1000, "head", "CH4", 10.0),
    # biomass burning, Eq. 2.27: 1000 t dm of crop residues x 2.7 g CH4/kg = 2.7 t; x 0.07 g N2O/kg = 0.07 t
    ("biomass_burned", "", 1000, "t", "CH4", 2.7),
    ("biomass_burned", "", 1000, "t", "N2O", 0.07),
    # rice straw burnt on 100 ha: 5.5 t dm/ha x 2.7 g/kg = 14.85 kg CH4/ha -> 1.485 t
    ("crop_residue_burning", "rice", 100, "ha", "CH4", 1.485),
])
def test_afolu_rows(pf: pd.DataFrame, activity: str, technology: str, amount: float, unit: str, gas: str,
                    expected: float) -> None:
    assert emissions_t(pf, activity, amount, unit, technology, gas) == pytest.approx(expected, rel=REL)
