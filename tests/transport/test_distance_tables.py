"""Distance-based CH4 and N2O of the transport sheet from IPCC 2006 Vol. 2 Ch. 3 Tables 3.2.3 (US, with cold
starts), 3.2.4 (US alternative fuels) and 3.2.5 (European, COPERT IV), against hand arithmetic.

Equation (IPCC 2006 Vol. 2 Eq. 3.2.5): E = Σ distance × EF + C, C = starts × EF per start (Table 3.2.3 only).
Every factor below is the EFDB value of the EF ID in the comment (emission_factors/ipcc2006/mobile_distance.csv);
1 mg = 1e-9 t.
"""

from __future__ import annotations

import pandas as pd
import pytest

import gpc
from gpc.errors import InputError
from gpc.factors import load_factor_set
from gpc.factors.base import Factor, NoFactor
from gpc.factors.transport import TransportFactors

REL = 1e-9
MG = 1e-9                            # t per mg
CITY = {"name": "Testville", "country": "CN", "year": 2023, "gwp": "AR5", "factors": "ipcc2006"}
DIST = {"ch4_n2o_basis": "distance", "fuel_intensity": 8, "intensity_unit": "L/100km"}


def _inv(workbook, rows, city=None):
    return gpc.calculate(workbook({**CITY, **(city or {})}, [], transport=pd.DataFrame(rows)))


def _sum(e, **where):
    m = pd.Series(True, index=e.index)
    for k, v in where.items():
        m &= e[k] == v
    return float(e.loc[m, "emissions_t"].sum())


def _problems(workbook, rows, city=None):
    with pytest.raises(InputError) as ei:
        _inv(workbook, rows, city)
    return ei.value.problems


def test_us_table_3_2_3_running_and_cold_starts(workbook):
    # US gasoline car, advanced three-way catalyst (the default region of a US city):
    #   CH4 running 7 mg/km (EFDB 118662), cold start 55 mg/start (118668)
    #   N2O running 9 mg/km (118610), cold start 113 mg/start (118616)
    # CH4 = 1 000 000 km × 7 mg/km + 200 000 starts × 55 mg/start = 7 000 000 + 11 000 000 mg = 18 kg
    # N2O = 1 000 000 × 9 + 200 000 × 113 = 9 000 000 + 22 600 000 mg = 31.6 kg
    inv = _inv(workbook, [{"gpc_ref": "II.1.1", "method": "geographic", "vehicle_class": "passenger_car",
                           "fuel": "motor_gasoline", "technology": "advanced_three_way_catalyst", "vkt": 1_000_000,
                           "starts": 200_000, **DIST}], city={"country": "US"})
    e = inv.emissions
    assert _sum(e, gas="CH4") == pytest.approx(18_000_000 * MG, rel=REL)
    assert _sum(e, gas="N2O") == pytest.approx(31_600_000 * MG, rel=REL)
    src = e.loc[e["gas"] == "CH4", "factor_source"].iloc[0]
    assert "118662" in src and "118668" in src and "Table 3.2.3" in src
    assert "200000 starts × 55 mg/start" in e.loc[e["gas"] == "CH4", "detail"].iloc[0]


def test_us_region_chosen_in_the_row_and_starts_split_like_the_km(workbook):
    # a Chinese city asking for the US table; 1000 trips × 20 km from the city to outside, 30 % inside,
    # induced option 1: 20 000 km × 0.5 counted = 10 000 km → 3 000 km inside (II.1.1), 7 000 km outside (II.1.3)
    # starts 1000 split like the km: inside 1000 × 3 000 / 20 000 = 150, outside 1000 × 7 000 / 20 000 = 350
    # CH4 inside  = 3 000 × 7 mg/km (118662) + 150 × 55 mg/start (118668) = 21 000 + 8 250 = 29 250 mg
    # CH4 outside = 7 000 × 7 + 350 × 55 = 49 000 + 19 250 = 68 250 mg
    inv = _inv(workbook, [{"gpc_ref": "II.1", "method": "induced_activity", "vehicle_class": "小型载客汽车",
                           "fuel": "汽油", "technology": "advanced_three_way_catalyst", "trips": 1000,
                           "trip_length": 20, "origin": "in", "destination": "out", "in_boundary_share": 0.3,
                           "starts": 1000, "distance_ef_region": "美国", **DIST}])
    e = inv.emissions
    assert _sum(e, gas="CH4", gpc_ref="II.1.1") == pytest.approx(29_250 * MG, rel=REL)
    assert _sum(e, gas="CH4", gpc_ref="II.1.3") == pytest.approx(68_250 * MG, rel=REL)


def test_us_diesel_truck_negative_cold_start_and_advanced_and_moderate(workbook):
    # US light-duty diesel truck, technology "moderate" is the table's "Advanced and moderate" row:
    #   CH4 running 1 mg/km (118691), cold start -4 mg/start (118693, negative as printed)
    # CH4 = 100 000 km × 1 + 10 000 starts × (-4) = 100 000 - 40 000 = 60 000 mg
    inv = _inv(workbook, [{"gpc_ref": "II.1", "method": "geographic", "vehicle_class": "轻型载货汽车",
                           "fuel": "柴油", "technology": "moderate", "vkt": 100_000, "starts": 10_000,
                           "distance_ef_region": "us", **DIST}])
    assert _sum(inv.emissions, gas="CH4") == pytest.approx(60_000 * MG, rel=REL)


def test_us_table_3_2_4_cng_bus(workbook):
    # US CNG bus (Table 3.2.4, no technology, no cold start): CH4 7 715 mg/km (118723), N2O 101 mg/km (118735)
    # CH4 = 100 000 km × 7 715 mg/km = 771.5 kg; N2O = 100 000 × 101 = 10.1 kg
    inv = _inv(workbook, [{"gpc_ref": "II.1", "method": "geographic", "vehicle_class": "公交车", "fuel": "压缩天然气",
                           "vkt": 100_000, "ch4_n2o_basis": "distance", "fuel_intensity": 30,
                           "intensity_unit": "kg/100km", "distance_ef_region": "us"}])
    e = inv.emissions
    assert _sum(e, gas="CH4") == pytest.approx(771.5e-3, rel=REL)
    assert _sum(e, gas="N2O") == pytest.approx(10.1e-3, rel=REL)


def test_copert_heavy_duty_diesel_truck_and_bus(workbook):
    # 重型载货汽车 → heavy-duty vehicle, diesel GVW > 16 t, highway: CH4 70 mg/km (118946), N2O 30 mg/km (118943)
    #   2 000 000 km → CH4 140 kg, N2O 60 kg
    # 公交车 → urban buses and coaches, diesel, urban: CH4 175 mg/km (118950), N2O 30 mg/km (118947)
    #   1 000 000 km → CH4 175 kg, N2O 30 kg
    inv = _inv(workbook, [
        {"gpc_ref": "II.1", "method": "geographic", "vehicle_class": "重型载货汽车", "fuel": "gas_diesel_oil",
         "technology": "gvw_over_16t", "road_type": "highway", "vkt": 2_000_000, **DIST},
        {"gpc_ref": "II.1", "method": "geographic", "vehicle_class": "bus", "fuel": "gas_diesel_oil",
         "road_type": "城市", "vkt": 1_000_000, **DIST}])
    e = inv.emissions
    assert _sum(e, gas="CH4", row=2) == pytest.approx(0.140, rel=REL)
    assert _sum(e, gas="N2O", row=2) == pytest.approx(0.060, rel=REL)
    assert _sum(e, gas="CH4", row=3) == pytest.approx(0.175, rel=REL)
    assert _sum(e, gas="N2O", row=3) == pytest.approx(0.030, rel=REL)
    assert "118946" in e.loc[(e["gas"] == "CH4") & (e["row"] == 2), "factor_source"].iloc[0]


def test_copert_gasoline_bus_is_a_heavy_duty_vehicle(workbook):
    # Table 3.2.5 has no gasoline bus row: a bus is a heavy-duty vehicle (1.A.3.b.iii), gasoline all
    # technologies, rural: CH4 110 mg/km (118933); 10 000 km → 1 100 000 mg
    inv = _inv(workbook, [{"gpc_ref": "II.1", "method": "geographic", "vehicle_class": "bus", "fuel": "motor_gasoline",
                           "road_type": "rural", "vkt": 10_000, **DIST}])
    assert _sum(inv.emissions, gas="CH4") == pytest.approx(1_100_000 * MG, rel=REL)


def test_copert_motorcycle(workbook):
    # 摩托车, gasoline, over 50 cm3 4-stroke, urban: CH4 200 mg/km (118970), N2O 2 mg/km (118967)
    # 500 000 km → CH4 100 000 000 mg = 100 kg; N2O 1 000 000 mg = 1 kg
    inv = _inv(workbook, [{"gpc_ref": "II.1", "method": "geographic", "vehicle_class": "摩托车",
                           "fuel": "motor_gasoline", "technology": "over_50cc_4_stroke", "road_type": "urban",
                           "vkt": 500_000, **DIST}])
    e = inv.emissions
    assert _sum(e, gas="CH4") == pytest.approx(0.1, rel=REL)
    assert _sum(e, gas="N2O") == pytest.approx(0.001, rel=REL)


def test_located_errors_name_what_exists(workbook):
    base = {"gpc_ref": "II.1", "method": "geographic", "fuel": "gas_diesel_oil", "vkt": 1000, **DIST}
    rows = [
        {**base, "vehicle_class": "heavy_goods", "technology": "gvw_over_16t", "road_type": "urban_hot"},  # row 2
        {**base, "vehicle_class": "heavy_goods", "road_type": "urban"},                                  # row 3
        {**base, "vehicle_class": "passenger_car", "fuel": "natural_gas", "road_type": "urban_hot",
         "intensity_unit": "kg/100km"},                                                                  # row 4
        {**base, "vehicle_class": "passenger_car", "technology": "euro_2", "road_type": "rural",
         "starts": 10},                                                                                   # row 5
        {**base, "vehicle_class": "taxi", "fuel": "motor_gasoline", "technology": "uncontrolled",
         "distance_ef_region": "us"},                                                                     # row 6
        {**base, "vehicle_class": "passenger_car", "fuel": "natural_gas", "distance_ef_region": "us",
         "intensity_unit": "kg/100km"},                                                                   # row 7
    ]
    got = {(p.row, p.column): p.message for p in _problems(workbook, rows)}
    assert "urban, rural, highway" in got[(2, "road_type")] or "highway, rural, urban" in got[(2, "road_type")]
    assert "gvw_over_16t" in got[(3, "technology")] and "gvw_under_16t" in got[(3, "technology")]
    assert "distance_ef_region us" in got[(4, "ef_ch4_km")]            # Table 3.2.4 has CNG light-duty vehicles
    assert "urban_cold" in got[(5, "starts")]                          # Table 3.2.5: cold starts are urban_cold
    assert "give starts" in got[(6, "starts")]                         # Table 3.2.3 has a per-start factor
    assert "215 - 725" in got[(7, "ef_ch4_km")]                        # Table 3.2.4 gives only a range (118714)


def test_resolver_lookups():
    tf = TransportFactors(load_factor_set("ipcc2006"))
    # US motorcycle, uncontrolled: N2O 4 mg/km (118658), 15 mg/start (118660)
    f = tf.distance_factor("N2O", "motorcycle", "motor_gasoline", "uncontrolled", "", "us")
    s = tf.start_factor("N2O", "motorcycle", "motor_gasoline", "uncontrolled", "us")
    assert isinstance(f, Factor) and f.per_unit == pytest.approx(4e-3) and "118658" in f.source
    assert isinstance(s, Factor) and s.per_unit == pytest.approx(15e-3) and "118660" in s.source
    # European CNG heavy-duty vehicle, Euro 4 and later: CH4 900 mg/km (118954), no road split; no N2O printed
    f = tf.distance_factor("CH4", "heavy_truck", "natural_gas", "euro_4_and_later", "highway", "europe")
    assert isinstance(f, Factor) and f.per_unit == pytest.approx(0.9)
    assert isinstance(tf.distance_factor("N2O", "heavy_truck", "natural_gas", "euro_4_and_later", "highway"), NoFactor)
    assert tf.start_factor("CH4", "passenger_car", "motor_gasoline", "euro_1", "europe") is None


def test_chinese_headers_and_values(workbook):
    # 道路交通 sheet in Chinese: 美国表 3.2.3, 摩托车 (uncontrolled), 100 000 km, 启动次数 20 000
    # CH4 = 100 000 × 53 mg/km (118710) + 20 000 × 33 mg/start (118712) = 5 300 000 + 660 000 = 5 960 000 mg
    # N2O = 100 000 × 4 mg/km (118658) + 20 000 × 15 mg/start (118660) = 400 000 + 300 000 = 700 000 mg
    sheet = pd.DataFrame([{"参考编号": "II.1", "方法": "地域法", "车辆类型": "摩托车", "燃料": "汽油",
                           "技术类型": "uncontrolled", "车公里": 100_000, "百公里油耗": 3, "油耗单位": "升/百公里",
                           "甲烷氧化亚氮口径": "按里程", "里程因子地区": "美国", "启动次数": 20_000}])
    e = gpc.calculate(workbook(CITY, [], 道路交通=sheet)).emissions
    assert _sum(e, gas="CH4") == pytest.approx(5_960_000 * MG, rel=REL)
    assert _sum(e, gas="N2O") == pytest.approx(700_000 * MG, rel=REL)
