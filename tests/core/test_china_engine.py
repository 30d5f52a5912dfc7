"""The china factor set through gpc.calculate, against hand calculations from the published values.

Values: GB/T 32151.22-2024 Table C.1 (anthracite NCV 26.7 GJ/t, carbon content 27.4 t C/TJ, oxidation 0.94);
MEE/NBS provincial grid factors (Hubei 2022: 0.4364, 2023: 0.4044 t CO2/MWh; Southwest grid 2023: 0.2472);
national ETS reporting factor 0.5703 t CO2/MWh; purchased heat 0.11 t CO2/GJ; SAR GWPs CH4 21, N2O 310.
"""

import pandas as pd
import pytest

import gpc

approx = lambda x: pytest.approx(x, rel=1e-9)  # noqa: E731


def calc(rows, **city):
    return gpc.calculate(pd.DataFrame(rows), city={"year": 2023, "factors": "china", **city})


def test_anthracite_by_chinese_name_and_unit_with_sar():
    # 1 万吨 无烟煤 = 10 000 t × 26.7 GJ/t = 267 TJ
    # CO2 = 267 TJ × 27.4 t C/TJ × 0.94 × 44/12 = 25 215.124 t
    # CH4 = 267 × 10 kg/TJ (IPCC Table 2.3, manufacturing) = 2.67 t; N2O = 267 × 1.5 kg/TJ = 0.4005 t
    inv = calc([{"gpc_ref": "I.3.1", "activity": "无烟煤", "amount": 1, "unit": "万吨"}], gwp="SAR")
    s = inv.summary()
    assert s.loc["I.3.1", "CO2"] == approx(267 * 27.4 * 0.94 * 44 / 12)
    assert s.loc["I.3.1", "CH4"] == approx(2.67)
    assert s.loc["I.3.1", "N2O"] == approx(0.4005)
    assert inv.total("BASIC") == approx(267 * 27.4 * 0.94 * 44 / 12 + 2.67 * 21 + 0.4005 * 310)
    src = inv.emissions.set_index("gas").loc["CO2", "factor_source"]
    assert "gbt32151_2024" in src


def test_guideline_choice_is_used_and_recorded():
    # NDRC 2013 guideline: anthracite NCV 20.304 GJ/t, carbon content 27.49 t C/TJ, oxidation 0.94
    inv = calc([{"gpc_ref": "I.3.1", "activity": "anthracite", "amount": 1000, "unit": "t"}],
               guideline="ndrc_enterprise_2013")
    assert inv.summary().loc["I.3.1", "CO2"] == approx(1000 * 20.304 / 1000 * 27.49 * 0.94 * 44 / 12)
    with pytest.raises(gpc.InputError) as err:
        calc([{"gpc_ref": "I.3.1", "activity": "anthracite", "amount": 1, "unit": "t"}], guideline="nope")
    assert err.value.problems[0].column == "guideline"


@pytest.mark.parametrize("year,factor", [(2023, 0.4044), (2022, 0.4364), (2024, 0.4044)])
def test_provincial_grid_factor_by_year(year, factor):
    # 100 万千瓦时 = 1 000 000 kWh = 1 000 MWh in Hubei; 2024 has no data year yet → 2023's factor, with a warning
    inv = calc([{"gpc_ref": "I.1.2", "activity": "电力", "amount": 100, "unit": "万千瓦时"}], region="CN-HB",
               year=year)
    assert inv.summary().loc["I.1.2", "CO2"] == approx(1_000 * factor)
    assert bool(inv.warnings) == (year == 2024)


def test_tibet_falls_back_to_the_southwest_grid_and_says_so():
    inv = calc([{"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1000, "unit": "MWh"}],
               region="CN-XZ")
    assert inv.summary().loc["I.1.2", "CO2"] == approx(1000 * 0.2472)
    assert any("CN-grid-southwest" in w.message for w in inv.warnings)


def test_ets_variant_and_heat_default():
    inv = calc([{"gpc_ref": "I.3.2", "activity": "grid_electricity", "amount": 1000, "unit": "MWh"},
                {"gpc_ref": "I.3.2", "activity": "热力", "amount": 1000, "unit": "GJ"}],
               region="CN-HB", grid_variant="ets")
    # 1 000 MWh × 0.5703 t/MWh + 1 000 GJ × 0.11 t/GJ
    assert inv.summary().loc["I.3.2", "CO2"] == approx(570.3 + 110)


def test_unknown_region_is_a_located_problem():
    with pytest.raises(gpc.InputError) as err:
        calc([{"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1, "unit": "MWh"}], region="CN-ZZ")
    # reported once, at the city field (not on every electricity row)
    assert [(p.sheet, p.column) for p in err.value.problems] == [("city", "region")]
    assert "CN-ZZ" in err.value.problems[0].message


def test_raw_coal_under_ipcc2006_needs_its_own_ncv_and_co2_factor():
    with pytest.raises(gpc.InputError) as err:
        gpc.calculate(pd.DataFrame([{"gpc_ref": "I.3.1", "activity": "原煤", "amount": 1, "unit": "t"}]),
                      city={"year": 2023})
    assert any(p.column == "ef_co2" for p in err.value.problems)
    # with them: 100 t × 20.908 GJ/t = 2.0908 TJ; CO2 2.0908 × 95 000 kg/TJ; CH4 as other bituminous coal (10 kg/TJ)
    inv = gpc.calculate(pd.DataFrame([{"gpc_ref": "I.3.1", "activity": "原煤", "amount": 100, "unit": "t",
                                       "ncv": "20908 kJ/kg", "ef_co2": 95_000, "ef_unit": "kg/TJ"}]),
                        city={"year": 2023})
    s = inv.summary()
    assert s.loc["I.3.1", "CO2"] == approx(2.0908 * 95)
    assert s.loc["I.3.1", "CH4"] == approx(2.0908 * 10 / 1000)
