"""Units (Western and Chinese) and GWP sets."""

import numpy as np
import pytest

from gpc import gwp, units


@pytest.mark.parametrize("text,target,factor", [
    ("GJ", "GJ", 1), ("TJ", "GJ", 1000), ("MWh", "GJ", 3.6), ("kWh", "MJ", 3.6), ("TWh", "GWh", 1000),
    ("tce", "GJ", 29.3076), ("kgce", "MJ", 29.3076), ("toe", "GJ", 41.868), ("MMBtu", "GJ", 1.055056),
    ("therm", "MJ", 105.5056), ("Btu", "J", 1055.056), ("kcal", "kJ", 4.184),
    ("万千瓦时", "MWh", 10), ("亿千瓦时", "GWh", 100), ("亿立方米", "m3", 1e8), ("万立方米", "m3", 1e4),
    ("万吨标准煤", "tce", 1e4), ("万吨标准煤", "GJ", 293_076), ("百万千焦", "GJ", 1), ("万吨", "t", 1e4),
    ("千瓦时", "kWh", 1), ("吨标准煤", "GJ", 29.3076), ("立方米", "L", 1000), ("ＧＪ", "MJ", 1000),
    ("kt", "t", 1000), ("Gg", "t", 1000), ("Mt", "t", 1e6), ("L", "m3", 0.001), ("Nm3", "m3", 1),
    ("scf", "m3", 0.028316846592), ("10^4 t", "t", 1e4), ("t/MWh", "kg/kWh", 1), ("TJ/Gg", "GJ/t", 1),
])
def test_conversion_factors(text, target, factor):
    assert units.factor_to(text, target) == pytest.approx(factor, rel=1e-6)


def test_wrong_dimension_and_unknown_units():
    assert "energy" in units.unit_problem("t", "MWh")
    assert units.unit_problem("blorbs", "t") is not None
    assert "ambiguous" in units.unit_problem("ton", "t")
    assert units.unit_problem("kg", "t") is None


def test_convert_is_one_call_per_distinct_unit():
    vals = np.arange(6, dtype=float)
    out = units.convert(vals, ["GJ", "MWh", "GJ", "tce", "bad", "MWh"], "GJ")
    assert out[:4] == pytest.approx([0, 3.6, 2, 3 * 29.3076])
    assert np.isnan(out[4]) and out[5] == pytest.approx(18)
    units.factor_to.cache_clear()
    units.convert(np.ones(10_000), ["GJ", "MWh"] * 5_000, "GJ")
    assert units.factor_to.cache_info().misses == 2


def test_gas_tags_in_factor_units():
    assert units.strip_gas("kg CO2/TJ") == ("kg/TJ", "CO2")
    assert units.strip_gas("tCO2e/MWh") == ("t/MWh", "CO2e")


@pytest.mark.parametrize("gas,values", [
    ("CH4", {"SAR": 21, "AR4": 25, "AR5": 28, "AR6": 27.9}),
    ("N2O", {"SAR": 310, "AR4": 298, "AR5": 265, "AR6": 273}),
    ("SF6", {"SAR": 23_900, "AR4": 22_800, "AR5": 23_500, "AR6": 25_200}),
    ("HFC-134a", {"SAR": 1300, "AR4": 1430, "AR5": 1300, "AR6": 1530}),
    ("CF4", {"SAR": 6500, "AR4": 7390, "AR5": 6630, "AR6": 7380}),
])
def test_gwp_values(gas, values):
    assert {s: gwp.gwp(gas, s) for s in values} == values


def test_ar6_methane_split_and_aliases():
    assert gwp.gwp("CH4", "AR6", fossil=True, ch4_split=True) == 29.8
    assert gwp.gwp("CH4", "AR6", fossil=False, ch4_split=True) == 27.0
    assert gwp.normalise_gas("R-134a") == "HFC-134a"
    assert gwp.normalise_gas("甲烷") == "CH4"
    with pytest.raises(KeyError):
        gwp.gwp("NF3", "SAR")
