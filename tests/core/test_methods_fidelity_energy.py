"""Energy methods as the standards print them (issue #13, part A) — every number worked by hand.

* T&D losses (GPC v1.1 §6.6): a published loss rate (线损率, World Bank "% of output") is a share of the
  energy *supplied*, so the losses that deliver consumption E are E·r/(1−r) (``td_loss_basis = supply``, the
  default); a rate per unit consumed (E·r) is the option ``td_loss_basis = consumption``.
* Heat networks: I.x.3 covers the losses of all grid-supplied energy, district heat too (``heat_loss_rate``).
* ``china``: the CO2 of every combustion, mobile too, is NCV × carbon content × oxidation × 44/12 from the
  chosen guideline (GB/T 32151.22-2024 Table C.1 by default); CH4 and N2O stay the IPCC 2006 tables.
* AR6 with ``ch4_split``: combustion CH4 takes the non-fossil 27.0 (its carbon is already in the CO2 of
  Tier 1 factors; the fossil 29.8 of Table 7.15 adds the CO2 of its oxidation); fugitive and IPPU CH4 29.8.
"""

import pandas as pd
import pytest

import gpc
from gpc.methods.electricity import loss_multiplier, td_loss_emissions

approx = lambda x: pytest.approx(x, rel=1e-9)  # noqa: E731

GRID = {"gpc_ref": "I.2.2", "activity": "grid_electricity", "amount": 100_000, "unit": "MWh"}
HEAT = {"gpc_ref": "I.1.2", "activity": "district_heat", "amount": 1000, "unit": "GJ"}


def calc(rows, **city):
    return gpc.calculate(pd.DataFrame(rows), city={"year": 2023, **city})


def losses(inv):
    e = inv.emissions
    return e[e["method"] == "td_losses"].set_index("gpc_ref")


# ------------------------------------------------------------------------------------------------ T&D
def test_loss_multiplier_by_hand():
    assert float(loss_multiplier(0.05)) == approx(0.05 / 0.95)                 # 0.0526315789…
    assert float(loss_multiplier(0.05, "consumption")) == approx(0.05)
    assert float(td_loss_emissions(100_000, 0.05, 0.5)) == approx(2631.578947368421)
    assert float(td_loss_emissions(100_000, 0.05, 0.5, "consumption")) == approx(2500)
    with pytest.raises(ValueError):
        loss_multiplier(0.05, "output")


def test_td_losses_supply_basis_is_the_default():
    # 100 000 MWh × 0.5 t/MWh = 50 000 t (I.2.2)
    # losses: 100 000 × 0.05 / 0.95 = 5 263.157894… MWh × 0.5 t/MWh = 2 631.578947… t (I.2.3)
    inv = calc([{**GRID, "ef_co2": 0.5, "ef_unit": "t/MWh"}], td_loss_rate=0.05)
    s = inv.summary()
    assert s.loc["I.2.2", "CO2"] == approx(50_000)
    assert s.loc["I.2.3", "CO2"] == approx(2631.578947368421)
    rec = losses(inv).loc["I.2.3"]
    assert rec["energy_gj"] == approx(5263.157894736842 * 3.6)               # the energy lost, in GJ
    assert "r/(1−r)" in rec["detail"] and "td_loss_basis: supply" in rec["detail"]
    assert inv.total("BASIC+") == approx(50_000 + 2631.578947368421)


def test_td_losses_consumption_basis_is_an_option():
    # 100 000 MWh × 0.05 = 5 000 MWh × 0.5 t/MWh = 2 500 t
    inv = calc([GRID], td_loss_rate=0.05, td_loss_basis="consumption", grid_factor="0.5 t/MWh")
    assert inv.summary().loc["I.2.3", "CO2"] == approx(2500)
    rec = losses(inv).loc["I.2.3"]
    assert rec["energy_gj"] == approx(5000 * 3.6)
    assert "consumption × r" in rec["detail"] and "td_loss_basis: consumption" in rec["detail"]


def test_td_losses_in_transport_rows_and_with_a_city_grid_factor():
    # 2 000 MWh of rail electricity (II.2.2) × 0.6 t/MWh = 1 200 t; losses 2 000 × 0.06/0.94 × 0.6 = 76.595744… t
    inv = calc([{"gpc_ref": "II.2.2", "activity": "grid_electricity", "amount": 2000, "unit": "MWh"}],
               td_loss_rate=0.06, grid_factor="0.6 t/MWh")
    assert inv.summary().loc["II.2.3", "CO2"] == approx(2000 * 0.06 / 0.94 * 0.6)
    assert inv.summary().loc["II.2.3", "CO2"] == approx(76.59574468085106)


def test_a_loss_rate_of_one_or_more_is_refused_on_the_supply_basis():
    with pytest.raises(gpc.InputError) as err:
        calc([{**GRID, "ef_co2": 0.5, "ef_unit": "t/MWh"}], td_loss_rate=1.0)
    p = err.value.problems[0]
    assert (p.sheet, p.column) == ("city", "td_loss_rate")


def test_an_unknown_td_loss_basis_is_refused():
    with pytest.raises(gpc.InputError) as err:
        calc([{**GRID, "ef_co2": 0.5, "ef_unit": "t/MWh"}], td_loss_rate=0.05, td_loss_basis="output")
    p = err.value.problems[0]
    assert (p.sheet, p.column) == ("city", "td_loss_basis")
    assert "supply" in p.message and "consumption" in p.message


# ------------------------------------------------------------------------------------------ heat T&D
def test_heat_network_losses_supply_basis():
    # 1 000 GJ × 0.11 t/GJ = 110 t (I.1.2); losses 1 000 × 0.1/0.9 = 111.111… GJ × 0.11 = 12.222… t (I.1.3)
    inv = calc([{**HEAT, "ef_co2": 0.11, "ef_unit": "t/GJ"}], heat_loss_rate=0.1)
    s = inv.summary()
    assert s.loc["I.1.2", "CO2"] == approx(110)
    assert s.loc["I.1.3", "CO2"] == approx(1000 * 0.1 / 0.9 * 0.11)
    assert s.loc["I.1.3", "CO2"] == approx(12.222222222222221)
    rec = losses(inv).loc["I.1.3"]
    assert rec["activity"] == "district_heat" and rec["energy_gj"] == approx(1000 * 0.1 / 0.9)
    assert "heat_loss_rate 0.1" in rec["detail"] and "heat factor" in rec["detail"]
    assert not [w for w in inv.warnings if w.column == "heat_loss_rate"]


def test_heat_network_losses_consumption_basis_with_the_city_heat_factor():
    # 1 000 GJ × 0.1 = 100 GJ × 0.11 t/GJ = 11 t
    inv = calc([HEAT], heat_loss_rate=0.1, td_loss_basis="consumption", heat_factor="0.11 t/GJ")
    assert inv.summary().loc["I.1.3", "CO2"] == approx(11)


def test_electricity_and_heat_losses_each_on_their_own_rate():
    # electricity 100 000 MWh × 0.05/0.95 × 0.5 = 2 631.578947… t; heat 1 000 GJ × 0.1/0.9 × 0.11 = 12.222… t
    inv = calc([{**GRID, "gpc_ref": "I.1.2", "ef_co2": 0.5, "ef_unit": "t/MWh"},
                {**HEAT, "ef_co2": 0.11, "ef_unit": "t/GJ"}], td_loss_rate=0.05, heat_loss_rate=0.1)
    assert inv.summary().loc["I.1.3", "CO2"] == approx(2631.578947368421 + 12.222222222222221)


def test_district_heat_without_a_heat_loss_rate_warns_in_both_languages():
    from gpc.i18n.zh import localise

    inv = calc([{**HEAT, "ef_co2": 0.11, "ef_unit": "t/GJ"}], td_loss_rate=0.05)
    assert "I.1.3" not in inv.summary().index
    w = [w for w in inv.warnings if w.column == "heat_loss_rate"]
    assert len(w) == 1 and "I.1.2" in w[0].message and "not reported" in w[0].message
    assert "供热管网损失率" in localise(w[0].message, "zh")


def test_the_new_city_fields_read_from_a_workbook_in_chinese(tmp_path):
    from gpc.engine import read_activity

    path = tmp_path / "a.xlsx"
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame([["year", 2023], ["线损率", 0.05], ["损失率口径", "用电量"], ["供热管网损失率", 0.1],
                      ["燃烧甲烷GWP", "化石"]], columns=["field", "value"]).to_excel(xw, sheet_name="city", index=False)
        pd.DataFrame([{**GRID, "ef_co2": 0.5, "ef_unit": "t/MWh"}]).to_excel(xw, sheet_name="activity", index=False)
    s = read_activity(path).settings
    assert (s.td_loss_rate, s.td_loss_basis, s.heat_loss_rate, s.ch4_combustion_gwp) == \
        (0.05, "consumption", 0.1, "fossil")


# --------------------------------------------------------------------------------------- china CO2
CN = {"factors": "china"}
# GB/T 32151.22-2024 Table C.1, gas/diesel oil (emission_factors/china/fuel_properties.csv):
# NCV 42.652 GJ/t, carbon content 20.2 t C/TJ, oxidation 0.98.
DIESEL_TJ = 10_000 * 42.652 / 1000                       # 10 000 t × 42.652 GJ/t = 426.52 TJ
DIESEL_EF = 20.2 * 0.98 * 44 / 12                         # 72.585333… t CO2/TJ


def test_china_road_diesel_co2_from_the_guideline_ch4_n2o_from_ipcc():
    inv = calc([{"gpc_ref": "II.1.1", "activity": "gas_diesel_oil", "amount": 1, "unit": "万吨"}],
               **CN, guideline="gbt32151_2024")
    e = inv.emissions.set_index("gas")
    # CO2 = 426.52 TJ × 72.585333 t/TJ = 30 959.096373… t (IPCC mobile 74 100 kg/TJ would give 31 605.132 t)
    assert e.at["CO2", "emissions_t"] == approx(DIESEL_TJ * DIESEL_EF)
    assert e.at["CO2", "emissions_t"] == approx(30959.096373333334)
    assert e.at["CO2", "factor_value"] == approx(72585.33333333333)          # kg/TJ
    assert "GB/T 32151.22-2024" in e.at["CO2", "factor_source"]
    assert "guideline gbt32151_2024" in e.at["CO2", "detail"]
    assert "CH4 and N2O from the IPCC 2006 mobile" in e.at["CO2", "detail"]
    # CH4 and N2O: IPCC 2006 Vol. 2 Table 3.2.2, diesel 3.9 kg/TJ each → 426.52 × 3.9 = 1 663.428 kg
    for gas in ("CH4", "N2O"):
        assert e.at[gas, "emissions_t"] == approx(1.663428)
        assert "Table 3.2.2" in e.at[gas, "factor_source"]


def test_china_off_road_and_rail_take_the_guideline_co2_too():
    rows = [{"gpc_ref": "II.5.1", "activity": "gas_diesel_oil", "amount": 10_000, "unit": "t"},
            {"gpc_ref": "II.2.1", "activity": "gas_diesel_oil", "amount": 10_000, "unit": "t"}]
    e = calc(rows, **CN).emissions.set_index(["gpc_ref", "gas"])
    for ref in ("II.5.1", "II.2.1"):
        assert e.at[(ref, "CO2"), "emissions_t"] == approx(DIESEL_TJ * DIESEL_EF)
        # CH4 4.15, N2O 28.6 kg/TJ (IPCC 2006 Tables 3.3.1 / 3.4.1)
        assert e.at[(ref, "CH4"), "emissions_t"] == approx(DIESEL_TJ * 4.15 / 1000)
        assert e.at[(ref, "N2O"), "emissions_t"] == approx(DIESEL_TJ * 28.6 / 1000)


def test_china_gasoline_under_another_guideline():
    # NDRC 2013: gasoline NCV 43.07 GJ/t, CC 18.9 t C/TJ, OF 0.98
    # 1 000 t × 43.07 GJ/t = 43.07 TJ × (18.9 × 0.98 × 44/12 = 67.914 t/TJ) = 2 925.05598 t
    inv = calc([{"gpc_ref": "II.1.1", "activity": "motor_gasoline", "amount": 1000, "unit": "t"}],
               **CN, guideline="ndrc_enterprise_2013")
    e = inv.emissions.set_index("gas")
    assert e.at["CO2", "emissions_t"] == approx(43.07 * 18.9 * 0.98 * 44 / 12)
    assert e.at["CO2", "emissions_t"] == approx(2925.05598)
    assert "ndrc_enterprise_2013" in e.at["CO2", "factor_source"]


def test_china_stationary_audit_trail_names_both_sources():
    e = calc([{"gpc_ref": "I.3.1", "activity": "gas_diesel_oil", "amount": 10_000, "unit": "t"}],
             **CN).emissions.set_index("gas")
    assert e.at["CO2", "emissions_t"] == approx(DIESEL_TJ * DIESEL_EF)
    assert "guideline gbt32151_2024" in e.at["CO2", "detail"]
    assert "IPCC 2006 stationary" in e.at["CO2", "detail"]


def test_china_fuel_without_guideline_parameters_keeps_the_ipcc_mobile_co2():
    # jet kerosene is not in the Chinese tables: IPCC 2006 Table 3.6.4, 71 500 kg/TJ × 10 TJ = 715 t
    e = calc([{"gpc_ref": "II.4.1", "activity": "jet_kerosene", "amount": 10, "unit": "TJ"}],
             **CN).emissions.set_index("gas")
    assert e.at["CO2", "emissions_t"] == approx(715)
    assert "Table 3.6.4" in e.at["CO2", "factor_source"]


def test_ipcc2006_road_diesel_is_unchanged():
    # ipcc2006 keeps the IPCC mobile CO2 default: 430 TJ × 74 100 kg/TJ (Vol. 2 Table 3.2.1) = 31 863 t
    e = calc([{"gpc_ref": "II.1.1", "activity": "gas_diesel_oil", "amount": 430, "unit": "TJ"}]
             ).emissions.set_index("gas")
    assert e.at["CO2", "emissions_t"] == approx(430 * 74.1)


# ------------------------------------------------------------------------------------- AR6 CH4
ROWS_CH4 = [
    {"gpc_ref": "I.2.1", "activity": "natural_gas", "amount": 100, "unit": "TJ"},      # 100 × 5 kg = 0.5 t CH4
    {"gpc_ref": "II.1.1", "activity": "gas_diesel_oil", "amount": 100, "unit": "TJ"},   # 100 × 3.9 kg = 0.39 t
    {"gpc_ref": "I.8.1", "activity": "direct", "amount": 2, "unit": "t", "gas": "CH4"},  # fugitive
    {"gpc_ref": "IV.1", "activity": "direct", "amount": 1, "unit": "t", "gas": "CH4"},   # IPPU
    {"gpc_ref": "III.1.1", "activity": "direct", "amount": 3, "unit": "t", "gas": "CH4"},  # waste
]


def _ch4(inv):
    e = inv.emissions
    return e[e["gas"] == "CH4"].set_index("gpc_ref")


def test_ar6_combustion_ch4_takes_the_non_fossil_gwp_by_default():
    c = _ch4(calc(ROWS_CH4, gwp="AR6", ch4_split=True))
    assert c.at["I.2.1", "gwp_value"] == 27.0 and c.at["I.2.1", "co2e_t"] == approx(0.5 * 27.0)   # 13.5
    assert c.at["II.1.1", "gwp_value"] == 27.0 and c.at["II.1.1", "co2e_t"] == approx(0.39 * 27.0)  # 10.53
    assert c.at["I.8.1", "co2e_t"] == approx(2 * 29.8)                                               # 59.6
    assert c.at["IV.1", "co2e_t"] == approx(29.8)
    assert c.at["III.1.1", "co2e_t"] == approx(3 * 27.0)


def test_ar6_combustion_ch4_fossil_is_the_named_option():
    c = _ch4(calc(ROWS_CH4, gwp="AR6", ch4_split=True, ch4_combustion_gwp="fossil"))
    assert c.at["I.2.1", "co2e_t"] == approx(0.5 * 29.8)     # 14.9
    assert c.at["II.1.1", "co2e_t"] == approx(0.39 * 29.8)   # 11.622
    assert c.at["III.1.1", "co2e_t"] == approx(3 * 27.0)


def test_biogenic_fuel_ch4_is_non_fossil_either_way():
    # wood in I.2.1 (manufacturing, Table 2.3): 300 kg CH4/TJ … whatever the factor, its GWP is 27.0
    for opt in ("non_fossil", "fossil"):
        c = _ch4(calc([{"gpc_ref": "I.2.1", "activity": "wood_wood_waste", "amount": 10, "unit": "TJ"}],
                      gwp="AR6", ch4_split=True, ch4_combustion_gwp=opt))
        assert c.at["I.2.1", "gwp_value"] == 27.0


def test_without_ch4_split_ar6_uses_27_9_everywhere():
    c = _ch4(calc(ROWS_CH4, gwp="AR6"))
    assert set(c["gwp_value"]) == {27.9}


def test_unknown_ch4_combustion_gwp_is_refused():
    with pytest.raises(gpc.InputError) as err:
        calc(ROWS_CH4, gwp="AR6", ch4_split=True, ch4_combustion_gwp="both")
    assert any(p.column == "ch4_combustion_gwp" for p in err.value.problems)


def test_a_heat_loss_rate_that_is_not_a_number_is_refused():
    with pytest.raises(gpc.InputError) as err:
        calc([{**HEAT, "ef_co2": 0.11, "ef_unit": "t/GJ"}], heat_loss_rate="abc")
    assert [(p.sheet, p.column) for p in err.value.problems] == [("city", "heat_loss_rate")]
