"""Fuel combustion against hand calculations from IPCC 2006 Vol. 2 (Tables 1.2, 1.4, 2.2-2.5, 3.2.1-3.2.2).

Every expected number is worked out here from the published tables; none is copied from gpc's output.
"""

import pandas as pd
import pytest

import gpc

CITY = {"year": 2023}


def one(rows, **city):
    inv = gpc.calculate(pd.DataFrame(rows), city={**CITY, **city})
    return inv, inv.emissions.set_index(["gpc_ref", "gas"])


def approx(x):
    return pytest.approx(x, rel=1e-9)


def test_natural_gas_in_energy_units_residential():
    # 1000 TJ natural gas, I.1.1 (residential, Table 2.5)
    inv, e = one([{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 1000, "unit": "TJ"}])
    assert e.loc[("I.1.1", "CO2"), "emissions_t"] == approx(1000 * 56_100 / 1000)  # Table 1.4: 56 100 kg/TJ
    assert e.loc[("I.1.1", "CH4"), "emissions_t"] == approx(1000 * 5 / 1000)  # Table 2.5: 5 kg/TJ
    assert e.loc[("I.1.1", "N2O"), "emissions_t"] == approx(1000 * 0.1 / 1000)  # Table 2.5: 0.1 kg/TJ
    # AR5: CH4 28, N2O 265 → 56 100 + 5 × 28 + 0.1 × 265 = 56 266.5
    assert inv.total("BASIC") == approx(56_100 + 5 * 28 + 0.1 * 265)


def test_same_fuel_different_category_factors():
    # 100 TJ natural gas in each stationary category: CH4 1 (2.2), 1 (2.3), 5 (2.4), 5 (2.5) kg/TJ
    rows = [{"gpc_ref": r, "activity": "natural_gas", "amount": 100, "unit": "TJ"}
            for r in ("I.4.1", "I.3.1", "I.2.1", "I.1.1", "I.5.1", "I.6.1")]
    _, e = one(rows)
    ch4 = {r: e.loc[(r, "CH4"), "emissions_t"] for r in ("I.4.1", "I.3.1", "I.2.1", "I.1.1", "I.5.1", "I.6.1")}
    assert ch4 == {"I.4.1": approx(0.1), "I.3.1": approx(0.1), "I.2.1": approx(0.5), "I.1.1": approx(0.5),
                   "I.5.1": approx(0.5), "I.6.1": approx(0.5)}


def test_mass_times_ncv_road_gasoline_default_technology():
    # 100 t motor gasoline on road: 100 t × 44.3 GJ/t (Table 1.2) = 4 430 GJ = 4.43 TJ
    _, e = one([{"gpc_ref": "II.1.1", "activity": "motor_gasoline", "amount": 100, "unit": "t"}])
    assert e.loc[("II.1.1", "CO2"), "emissions_t"] == approx(4.43 * 69_300 / 1000)  # Table 3.2.1
    assert e.loc[("II.1.1", "CH4"), "emissions_t"] == approx(4.43 * 33 / 1000)  # Table 3.2.2 uncontrolled
    assert e.loc[("II.1.1", "N2O"), "emissions_t"] == approx(4.43 * 3.2 / 1000)
    assert e.loc[("II.1.1", "CO2"), "energy_gj"] == approx(4430)


def test_road_technology_oxidation_catalyst():
    # 10 TJ gasoline with an oxidation catalyst: CH4 25 kg/TJ, N2O 8.0 kg/TJ (Table 3.2.2)
    _, e = one([{"gpc_ref": "II.1.1", "activity": "motor_gasoline", "amount": 10, "unit": "TJ",
                 "technology": "oxidation_catalyst"}])
    assert e.loc[("II.1.1", "CH4"), "emissions_t"] == approx(10 * 25 / 1000)
    assert e.loc[("II.1.1", "N2O"), "emissions_t"] == approx(10 * 8.0 / 1000)


def test_volume_with_row_volumetric_ncv():
    # 1 000 000 m3 natural gas × 38.931 MJ/m3 = 38 931 GJ = 38.931 TJ; CO2 = 38.931 × 56 100 kg
    _, e = one([{"gpc_ref": "I.2.1", "activity": "natural_gas", "amount": 1e6, "unit": "m3",
                 "ncv": "38.931 MJ/m3"}])
    assert e.loc[("I.2.1", "CO2"), "emissions_t"] == approx(38.931 * 56_100 / 1000)
    assert e.loc[("I.2.1", "CH4"), "emissions_t"] == approx(38.931 * 5 / 1000)  # Table 2.4


def test_volume_with_row_density_and_default_ncv():
    # 1 000 000 L diesel × 0.84 kg/L = 840 t; × 43.0 GJ/t = 36 120 GJ = 36.12 TJ (manufacturing, Table 2.3)
    _, e = one([{"gpc_ref": "I.3.1", "activity": "gas_diesel_oil", "amount": 1e6, "unit": "L", "density": "0.84 kg/L"}])
    assert e.loc[("I.3.1", "CO2"), "emissions_t"] == approx(36.12 * 74_100 / 1000)
    assert e.loc[("I.3.1", "CH4"), "emissions_t"] == approx(36.12 * 3 / 1000)
    assert e.loc[("I.3.1", "N2O"), "emissions_t"] == approx(36.12 * 0.6 / 1000)


def test_volume_with_default_density():
    # 1 000 L diesel with the shipped density 0.843 kg/L (BP Statistical Review): 0.843 t × 43.0 GJ/t
    _, e = one([{"gpc_ref": "I.3.1", "activity": "gas_diesel_oil", "amount": 1000, "unit": "L"}])
    assert e.loc[("I.3.1", "CO2"), "emissions_t"] == approx(0.843 * 43.0 * 74_100 / 1e6)


def test_chinese_units_wan_tonnes_of_coal_in_energy_industries():
    # 1 万吨 = 10 000 t other bituminous coal × 25.8 GJ/t = 258 000 GJ = 258 TJ (Table 2.2 energy industries)
    _, e = one([{"gpc_ref": "I.4.1", "activity": "other_bituminous_coal", "amount": 1, "unit": "万吨"}])
    assert e.loc[("I.4.1", "CO2"), "emissions_t"] == approx(258 * 94_600 / 1000)
    assert e.loc[("I.4.1", "CH4"), "emissions_t"] == approx(258 * 1 / 1000)
    assert e.loc[("I.4.1", "N2O"), "emissions_t"] == approx(258 * 1.5 / 1000)


def test_standard_coal_equivalent():
    # 1 万吨标准煤 = 10 000 tce × 29.3076 GJ = 293 076 GJ = 293.076 TJ of coking coal (CO2 94 600 kg/TJ)
    _, e = one([{"gpc_ref": "I.3.1", "activity": "coking_coal", "amount": 1, "unit": "万吨标准煤"}])
    assert e.loc[("I.3.1", "CO2"), "emissions_t"] == approx(293.076 * 94_600 / 1000)


def test_user_factor_per_mass_overrides_the_set():
    # 100 t coal with the user's own 2.0 t CO2/t: 200 t CO2; CH4/N2O still from the set (Table 2.3: 10 / 1.5 kg/TJ)
    _, e = one([{"gpc_ref": "I.3.1", "activity": "other_bituminous_coal", "amount": 100, "unit": "t",
                 "ef_co2": 2.0, "ef_unit": "t/t"}])
    assert e.loc[("I.3.1", "CO2"), "emissions_t"] == approx(200)
    assert e.loc[("I.3.1", "CO2"), "factor_source"] == "row (user factor)"
    assert e.loc[("I.3.1", "CH4"), "emissions_t"] == approx(100 * 25.8 / 1000 * 10 / 1000)


def test_user_ncv_per_mass():
    # 100 t coal with NCV 20 908 kJ/kg (= 20.908 GJ/t): 2 090.8 GJ × 94 600 kg/TJ
    _, e = one([{"gpc_ref": "I.3.1", "activity": "other_bituminous_coal", "amount": 100, "unit": "t",
                 "ncv": "20908 kJ/kg"}])
    assert e.loc[("I.3.1", "CO2"), "emissions_t"] == approx(2.0908 * 94_600 / 1000)


def test_oxidation_factor_scales_co2():
    # 10 TJ coal with oxidation 0.98: 10 × 94 600 × 0.98 kg
    _, e = one([{"gpc_ref": "I.3.1", "activity": "other_bituminous_coal", "amount": 10, "unit": "TJ",
                 "oxidation_factor": 0.98}])
    assert e.loc[("I.3.1", "CO2"), "emissions_t"] == approx(10 * 94_600 * 0.98 / 1000)


def test_biomass_co2_is_biogenic_and_in_no_total():
    # 10 TJ wood in I.1.1: CO2(b) = 10 × 112 000 kg; CH4 = 10 × 300 kg; N2O = 10 × 4 kg (Table 2.5)
    inv, e = one([{"gpc_ref": "I.1.1", "activity": "wood_wood_waste", "amount": 10, "unit": "TJ"}])
    co2 = e.loc[("I.1.1", "CO2")]
    assert bool(co2["biogenic"]) and co2["emissions_t"] == approx(1120)
    s = inv.summary()
    assert s.loc["I.1.1", "co2_biogenic_t"] == approx(1120)
    assert s.loc["I.1.1", "CO2"] == 0
    assert inv.total("BASIC") == approx(3 * 28 + 0.04 * 265)  # AR5, biogenic CO2 excluded
    assert inv.total("territorial") == approx(3 * 28 + 0.04 * 265)


def test_biogenic_flag_in_row_overrides_the_fuel():
    inv, e = one([{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 1, "unit": "TJ", "biogenic": "yes"}])
    assert bool(e.loc[("I.1.1", "CO2"), "biogenic"])


def test_lng_takes_natural_gas_factors_and_its_own_density():
    # 1 m3 LNG × 458 kg/m3 = 0.458 t × 48.0 GJ/t = 21.984 GJ; CO2 56 100 kg/TJ
    _, e = one([{"gpc_ref": "I.3.1", "activity": "LNG", "amount": 1, "unit": "m3"}])
    assert e.loc[("I.3.1", "CO2"), "emissions_t"] == approx(0.458 * 48.0 * 56_100 / 1e6)


def test_aliases_and_full_width_text():
    _, e = one([{"gpc_ref": "ＩＩ.１.１", "activity": "Diesel", "amount": "１０", "unit": "ＴＪ"}])
    assert e.loc[("II.1.1", "CO2"), "emissions_t"] == approx(10 * 74_100 / 1000)


def test_transboundary_aviation_fuel_is_scope_3():
    inv, e = one([{"gpc_ref": "II.4.3", "activity": "jet_kerosene", "amount": 1, "unit": "TJ"}])
    assert e.loc[("II.4.3", "CO2"), "emissions_t"] == approx(71_500 / 1000)  # Table 3.6.4
    assert e.loc[("II.4.3", "CH4"), "emissions_t"] == approx(0.5 / 1000)  # Table 3.6.5
    assert inv.total("BASIC") == 0
    assert inv.total("BASIC+") == approx(71.5 + 0.0005 * 28 + 0.002 * 265)
