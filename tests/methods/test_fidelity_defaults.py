"""Each method's default run equals a hand computation from the fidelity table (docs/methods/fidelity.md).

Every expected number below is worked out by hand from the printed equation and the default values
the fidelity table lists (table and row named beside each value) — not taken from gpc's output.
The workbooks leave every parameter blank, so each case exercises the defaults only.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import gpc

CITY = {"name": "Fidelity", "country": "CN", "year": 2022, "gwp": "AR5", "climate_zone": "temperate_wet"}


def _emissions(workbook, rows, **sheets) -> pd.DataFrame:
    inv = gpc.calculate(workbook(CITY, rows, **sheets))
    return inv.emissions


def _gas(em: pd.DataFrame, gas: str, **where) -> float:
    m = em["gas"] == gas
    for col, val in where.items():
        m &= em[col] == val
    return float(em.loc[m, "emissions_t"].sum())


def test_stationary_natural_gas_residential(workbook):
    # IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1: Emissions = fuel (TJ) × EF (kg/TJ)
    # fuel_properties natural_gas co2_ef 56 100 kg/TJ (Table 1.4);
    # stationary_combustion natural_gas residential_agriculture CH4 5.0, N2O 0.1 kg/TJ (Table 2.5)
    em = _emissions(workbook, [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 1000, "unit": "TJ"}])
    assert _gas(em, "CO2") == pytest.approx(1000 * 56_100 / 1000)   # 56 100 t
    assert _gas(em, "CH4") == pytest.approx(1000 * 5.0 / 1000)      # 5 t
    assert _gas(em, "N2O") == pytest.approx(1000 * 0.1 / 1000)      # 0.1 t


def test_stationary_coal_by_mass_manufacturing(workbook):
    # Eq. 2.1 with the fuel in TJ from its mass: 1000 t × NCV 25.8 TJ/Gg (Table 1.2, other_bituminous_coal)
    # = 1 Gg × 25.8 = 25.8 TJ; CO2 25.8 TJ × 94 600 kg/TJ (Table 1.4) = 2 440 680 kg;
    # manufacturing (Table 2.3): CH4 10 kg/TJ, N2O 1.5 kg/TJ
    em = _emissions(workbook, [{"gpc_ref": "I.3.1", "activity": "other_bituminous_coal", "amount": 1000,
                                "unit": "t"}])
    tj = 1000 / 1000 * 25.8
    assert _gas(em, "CO2") == pytest.approx(tj * 94_600 / 1000)     # 2 440.68 t
    assert _gas(em, "CH4") == pytest.approx(tj * 10 / 1000)         # 0.258 t
    assert _gas(em, "N2O") == pytest.approx(tj * 1.5 / 1000)        # 0.0387 t


def test_mobile_road_diesel(workbook):
    # IPCC 2006 Vol. 2 Ch. 3 Eq. 3.2.1 (CO2) and 3.2.3 (CH4, N2O), Tables 3.2.1 and 3.2.2:
    # mobile_combustion road gas_diesel_oil: CO2 74 100, CH4 3.9, N2O 3.9 kg/TJ
    em = _emissions(workbook, [{"gpc_ref": "II.1.1", "activity": "gas_diesel_oil", "amount": 1000, "unit": "TJ"}])
    assert _gas(em, "CO2") == pytest.approx(74_100.0)               # 1000 TJ × 74 100 kg/TJ = 74 100 t
    assert _gas(em, "CH4") == pytest.approx(3.9)
    assert _gas(em, "N2O") == pytest.approx(3.9)


def test_fod_food_waste_first_years(workbook):
    # IPCC 2006 Vol. 5 Ch. 3 Eq. 3.4-3.6 (Waste Model: deposits decay from 1 January of the next year)
    # DDOCm = W × DOC × DOCf × MCF = 1000 × 0.15 (waste_doc food) × 0.5 (waste_docf food) × 1.0
    #         (waste_mcf_swds managed_anaerobic) = 75 t
    # CH4 generated in 2021 = DDOCm × (1 − e^−k) × F × 16/12, k = 0.185 (waste_decay_rate temperate_wet
    #         food_sewage_sludge), F = 0.5 (waste_swds_parameters methane_fraction); OX = 0
    # 2022 (the inventory year): DDOCm left after 2021 = 75 × e^−0.185, × (1 − e^−0.185) × 0.5 × 16/12
    sw = pd.DataFrame({"gpc_ref": ["III.1.1"], "year": [2020], "amount": [1000], "unit": ["t"],
                       "method": ["fod"], "site_type": ["managed_anaerobic"], "food": [1.0]})
    em = _emissions(workbook, [], solid_waste=sw)
    k = 0.185
    expected_2022 = 75 * math.exp(-k) * (1 - math.exp(-k)) * 0.5 * 16 / 12   # 7.0185 t
    assert _gas(em, "CH4") == pytest.approx(expected_2022, rel=1e-9)


def test_domestic_wastewater_ch4(workbook):
    # IPCC 2006 Vol. 5 Ch. 6 Eq. 6.1-6.3: CH4 = TOW × Bo × MCF; TOW = P × BOD × 0.001 × I × 365
    # BOD 40 g/person/day (waste_wastewater_bod eastern_asia, Table 6.4, China), I = 1.25 for collected
    # (waste_wastewater_parameters i_collected), Bo 0.6 kg CH4/kg BOD (bo_bod), MCF anaerobic reactor 0.8
    # (waste_wastewater_mcf domestic anaerobic_reactor, Table 6.3)
    ww = pd.DataFrame({"gpc_ref": ["III.4.1"], "population": [1_000_000], "treatment": ["anaerobic_reactor"],
                       "collected": ["yes"]})
    em = _emissions(workbook, [], wastewater=ww)
    tow = 1_000_000 * 40 * 0.001 * 1.25 * 365        # 18 250 000 kg BOD
    assert _gas(em, "CH4") == pytest.approx(tow * 0.6 * 0.8 / 1000)   # 8 760 t


def test_cement_clinker_tier1(workbook):
    # IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1: CO2 = clinker × EF_clc; process_factors clinker_production
    # 0.52 t CO2/t clinker (0.65 CaO × 0.785 × CKD 1.02, printed in Sec. 2.2.1.2)
    em = _emissions(workbook, [{"gpc_ref": "IV.1", "activity": "clinker_production", "amount": 1000, "unit": "t"}])
    assert _gas(em, "CO2") == pytest.approx(1000 * 0.52)               # 520 t


def test_enteric_fermentation_dairy_asia(workbook):
    # IPCC 2006 Vol. 4 Ch. 10 Eq. 10.19: CH4 = N × EF; Table 10.11 dairy cattle, Asia: 68 kg/head/yr
    # (process_factors dairy_cattle asia enteric_t1); country CN → IPCC region asia (afolu_regions)
    ls = pd.DataFrame({"gpc_ref": ["V.1"], "animal": ["dairy_cattle"], "amount": [1000], "temperature": [15]})
    em = _emissions(workbook, [], livestock=ls)
    enteric = em[(em["gas"] == "CH4") & em["method"].astype(str).str.contains("enteric")]
    assert float(enteric["emissions_t"].sum()) == pytest.approx(1000 * 68 / 1000)   # 68 t
