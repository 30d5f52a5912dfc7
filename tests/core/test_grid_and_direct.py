"""Grid energy (scope 2), T&D losses (scope 3), direct entries — hand calculations."""

import pandas as pd
import pytest

import gpc

approx = lambda x: pytest.approx(x, rel=1e-9)  # noqa: E731


def calc(rows, **city):
    return gpc.calculate(pd.DataFrame(rows), city={"year": 2023, **city})


def test_grid_electricity_with_row_factor_and_td_losses():
    # 10 000 MWh × 0.5 t/MWh = 5 000 t (I.2.2); T&D, the rate a share of supply (线损率, the default
    # td_loss_basis): 10 000 × 0.05/0.95 × 0.5 = 263.157894… t (I.2.3)
    inv = calc([{"gpc_ref": "I.2.2", "activity": "grid_electricity", "amount": 10_000, "unit": "MWh",
                 "ef_co2": 0.5, "ef_unit": "t/MWh"}], td_loss_rate=0.05)
    s = inv.summary()
    assert s.loc["I.2.2", "CO2"] == approx(5000)
    assert s.loc["I.2.3", "CO2"] == approx(10_000 * 0.05 / 0.95 * 0.5)
    assert inv.total("BASIC") == approx(5000)
    assert inv.total("BASIC+") == approx(5000 + 10_000 * 0.05 / 0.95 * 0.5)
    assert inv.total("territorial") == 0


def test_grid_factor_from_city_sheet_in_kg_per_kwh_and_chinese_units():
    # 100 万千瓦时 = 1 000 000 kWh × 0.5703 kg/kWh = 570 300 kg = 570.3 t
    inv = calc([{"gpc_ref": "II.1.2", "activity": "电力" if False else "grid_electricity", "amount": 100,
                 "unit": "万千瓦时"}], grid_factor="0.5703 kg/kWh")
    assert inv.summary().loc["II.1.2", "CO2"] == approx(570.3)


def test_grid_electricity_without_a_factor_is_an_error_naming_the_row():
    with pytest.raises(gpc.InputError) as err:
        calc([{"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1, "unit": "MWh"}])
    p = err.value.problems[0]
    assert (p.sheet, p.row, p.column) == ("activity", 2, "ef_co2")
    assert "grid_factor" in p.message


def test_grid_electricity_in_a_scope1_row_is_refused():
    with pytest.raises(gpc.InputError) as err:
        calc([{"gpc_ref": "I.1.1", "activity": "grid_electricity", "amount": 1, "unit": "MWh",
               "ef_co2": 0.5, "ef_unit": "t/MWh"}])
    assert err.value.problems[0].column == "gpc_ref"


def test_electricity_in_tonnes_is_a_dimension_error():
    with pytest.raises(gpc.InputError) as err:
        calc([{"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1, "unit": "t",
               "ef_co2": 0.5, "ef_unit": "t/MWh"}])
    p = err.value.problems[0]
    assert p.column == "unit" and "energy" in p.message


def test_district_heat_with_user_factor_per_gj():
    # 1 000 GJ heat × 0.11 t/GJ = 110 t (I.1.2); heat has no T&D row of its own
    inv = calc([{"gpc_ref": "I.1.2", "activity": "district_heat", "amount": 1000, "unit": "GJ",
                 "ef_co2": 0.11, "ef_unit": "t/GJ"}], td_loss_rate=0.05)
    assert inv.summary().loc["I.1.2", "CO2"] == approx(110)
    assert "I.1.3" not in inv.summary().index


def test_grid_ch4_and_n2o_from_row():
    # 1 000 MWh × (0.5 t CO2, 0.01 kg CH4, 0.005 kg N2O per MWh)
    inv = calc([{"gpc_ref": "I.3.2", "activity": "grid_electricity", "amount": 1000, "unit": "MWh",
                 "ef_co2": 500, "ef_ch4": 0.01, "ef_n2o": 0.005, "ef_unit": "kg/MWh"}])
    s = inv.summary()
    assert s.loc["I.3.2", "CO2"] == approx(500)
    assert s.loc["I.3.2", "CH4"] == approx(0.01)
    assert s.loc["I.3.2", "N2O"] == approx(0.005)


@pytest.mark.parametrize("gwp,ch4,n2o,sf6", [("SAR", 21, 310, 23_900), ("AR4", 25, 298, 22_800),
                                             ("AR5", 28, 265, 23_500), ("AR6", 27.9, 273, 25_200)])
def test_direct_entries_and_the_gwp_switch(gwp, ch4, n2o, sf6):
    rows = [{"gpc_ref": "I.8.1", "activity": "direct", "amount": 2, "unit": "t", "gas": "CH4"},
            {"gpc_ref": "IV.2", "activity": "direct", "amount": 1000, "unit": "kg", "gas": "SF6"},
            {"gpc_ref": "V.3", "activity": "direct", "amount": 3, "unit": "t", "gas": "N2O"},
            {"gpc_ref": "I.3.1", "activity": "direct", "amount": 1, "unit": "kt", "gas": "CO2e"}]
    inv = gpc.calculate(pd.DataFrame(rows), city={"year": 2023}, gwp=gwp)
    assert inv.total("BASIC") == approx(2 * ch4 + 1000)
    assert inv.total("BASIC+") == approx(2 * ch4 + 1000 + 1 * sf6 + 3 * n2o)
    assert inv.total("BASIC").gwp == gwp


def test_ar6_fossil_methane_split():
    # 100 TJ gas in I.1.1 → 100 × 5 kg/TJ = 0.5 t CH4: combustion CH4, whose carbon the CO2 factor already
    # counts, takes the non-fossil 27.0 by default (ch4_combustion_gwp); 2 t fugitive CH4 in I.8.1 (fossil,
    # 29.8); 1 t CH4 direct in III.1.1 (non-fossil, 27.0)
    rows = [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 100, "unit": "TJ"},
            {"gpc_ref": "I.8.1", "activity": "direct", "amount": 2, "unit": "t", "gas": "CH4"},
            {"gpc_ref": "III.1.1", "activity": "direct", "amount": 1, "unit": "t", "gas": "CH4"}]
    inv = gpc.calculate(pd.DataFrame(rows), city={"year": 2023, "gwp": "AR6", "ch4_split": True})
    e = inv.emissions.set_index(["gpc_ref", "gas"])
    assert e.loc[("I.1.1", "CH4"), "co2e_t"] == approx(0.5 * 27.0)
    assert e.loc[("I.8.1", "CH4"), "co2e_t"] == approx(2 * 29.8)
    assert e.loc[("III.1.1", "CH4"), "co2e_t"] == approx(27.0)
    # the printed Table 7.15 by origin, as an option: combustion CH4 of a fossil fuel at 29.8
    inv = gpc.calculate(pd.DataFrame(rows), city={"year": 2023, "gwp": "AR6", "ch4_split": True,
                                                   "ch4_combustion_gwp": "fossil"})
    e = inv.emissions.set_index(["gpc_ref", "gas"])
    assert e.loc[("I.1.1", "CH4"), "co2e_t"] == approx(0.5 * 29.8)


def test_nf3_has_no_sar_gwp():
    with pytest.raises(gpc.InputError) as err:
        gpc.calculate(pd.DataFrame([{"gpc_ref": "IV.2", "activity": "direct", "amount": 1, "unit": "t",
                                     "gas": "NF3"}]), city={"year": 2023, "gwp": "SAR"})
    assert "NF3" in str(err.value)


def test_negative_direct_removals_only_in_afolu():
    inv = calc([{"gpc_ref": "V.2", "activity": "direct", "amount": -100, "unit": "t", "gas": "CO2"}])
    assert inv.total("BASIC+") == approx(-100)
    with pytest.raises(gpc.InputError):
        calc([{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": -1, "unit": "TJ"}])
