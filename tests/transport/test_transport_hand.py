"""The transport sheet against hand arithmetic (GPC v1.1 Ch. 7; IPCC 2006 Vol. 2 Ch. 3).

Factors used (ipcc2006 set): motor gasoline density 0.753 kg/L (densities.csv, BP), NCV 44.3 TJ/Gg (Table 1.2),
CO2 69 300 kg/TJ (Table 3.2.1), CH4 33 kg/TJ and N2O 3.2 kg/TJ (Table 3.2.2, uncontrolled: the default
technology). So one litre of gasoline is 0.753 kg × 44.3 MJ/kg = 33.3579 MJ.
"""

from __future__ import annotations

import pandas as pd
import pytest

import gpc
from gpc.errors import InputError

from .helpers import CITY
from .helpers import inventory as _inv
from .helpers import total_t as _sum

REL = 1e-9
GJ_PER_L = 0.753e-3 * 44.3          # t/L × GJ/t = 0.0333579 GJ per litre of gasoline
CO2_T_PER_GJ = 69300 / 1e6          # Table 3.2.1
CH4_T_PER_GJ, N2O_T_PER_GJ = 33 / 1e6, 3.2 / 1e6   # Table 3.2.2, uncontrolled


def test_vehicle_register_co2_ch4_n2o(workbook):
    # 行驶里程法: 1000 cars × 12 000 km × 8 L/100km = 960 000 L
    # 960 000 L × 0.753 kg/L = 722 880 kg = 722.88 t; × 44.3 GJ/t = 32 023.584 GJ
    # CO2 = 32 023.584 GJ × 69.3 kg/GJ = 2 219 234.3712 kg = 2 219.2343712 t
    # CH4 = 32.023584 TJ × 33 kg/TJ = 1 056.778272 kg; N2O = 32.023584 × 3.2 = 102.4754688 kg
    inv = _inv(workbook, [{"gpc_ref": "II.1.1", "method": "resident_activity", "vehicle_class": "小型载客汽车",
                           "fuel": "汽油", "vehicles": 1000, "annual_km": 12000, "fuel_intensity": 8,
                           "intensity_unit": "L/100km"}])
    e = inv.emissions
    assert _sum(e, gas="CO2", gpc_ref="II.1.1") == pytest.approx(2219.2343712, rel=REL)
    assert _sum(e, gas="CH4", gpc_ref="II.1.1") == pytest.approx(1.056778272, rel=REL)
    assert _sum(e, gas="N2O", gpc_ref="II.1.1") == pytest.approx(0.1024754688, rel=REL)
    assert set(e["method"]) == {"resident_activity"}
    assert set(e["vehicle_class"]) == {"small_passenger"}
    assert _sum(e, gpc_ref="II.1.3") == 0


def test_od_induced_option_1_half_of_transboundary_trips(workbook):
    # 1000 trips × 20 km from the city to outside, 30 % of the length inside: 20 000 km, 50 % counted = 10 000 km
    # II.1.1: 10 000 × 0.3 = 3 000 km × 0.08 L/km = 240 L; II.1.3: 7 000 km → 560 L
    # a trip inside the city: 500 × 10 km = 5 000 km, all counted, all II.1.1 → 400 L
    inv = _inv(workbook, [
        {"gpc_ref": "II.1", "method": "induced_activity", "induced_option": 1, "fuel": "motor_gasoline",
         "trips": 1000, "trip_length": 20, "origin": "in", "destination": "out", "in_boundary_share": 0.3,
         "fuel_intensity": 8, "intensity_unit": "L/100km"},
        {"gpc_ref": "II.1", "method": "induced_activity", "fuel": "motor_gasoline", "trips": 500, "trip_length": 10,
         "origin": "市内", "destination": "市内", "fuel_intensity": 8, "intensity_unit": "升/百公里"},
    ])
    e = inv.emissions
    assert _sum(e, gas="CO2", gpc_ref="II.1.1") == pytest.approx((240 + 400) * GJ_PER_L * CO2_T_PER_GJ, rel=REL)
    assert _sum(e, gas="CO2", gpc_ref="II.1.3") == pytest.approx(560 * GJ_PER_L * CO2_T_PER_GJ, rel=REL)
    assert e.loc[(e["gas"] == "CO2") & (e["row"] == 2), "km"].sum() == pytest.approx(10000)
    assert set(e["scope"]) == {1, 3}


def test_od_induced_option_2_departing_trips(workbook):
    # option 2 (default reading): the in-boundary part of departing trips: 1000 × 20 km × 0.3 = 6 000 km → II.1.1
    # (480 L), nothing in II.1.3; arriving trips are counted by the city they left: 0
    # named option induced_option2_outside scope3: the outside part too, 1000 × 20 × 0.7 = 14 000 km → II.1.3 (1 120 L)
    dep = {"gpc_ref": "II.1", "method": "induced_activity", "induced_option": 2, "fuel": "motor_gasoline",
           "trips": 1000, "trip_length": 20, "origin": "in", "destination": "out", "in_boundary_share": 0.3,
           "fuel_intensity": 8, "intensity_unit": "L/100km"}
    arr = {**dep, "trips": 700, "origin": "out", "destination": "in"}
    e = _inv(workbook, [dep, arr]).emissions
    assert _sum(e, gas="CO2", gpc_ref="II.1.1") == pytest.approx(480 * GJ_PER_L * CO2_T_PER_GJ, rel=REL)
    assert _sum(e, gpc_ref="II.1.3") == 0
    assert _sum(e, row=3) == 0 and (e["row"] == 3).any()   # the arriving row is shown, with nothing counted
    e = _inv(workbook, [{**dep, "induced_option2_outside": "scope3"}, arr]).emissions
    assert _sum(e, gas="CO2", gpc_ref="II.1.1") == pytest.approx(480 * GJ_PER_L * CO2_T_PER_GJ, rel=REL)
    assert _sum(e, gas="CO2", gpc_ref="II.1.3") == pytest.approx(1120 * GJ_PER_L * CO2_T_PER_GJ, rel=REL)
    # on an option 1 row the named option is ignored, with a located warning: 0.5 × 20 000 × 0.7 = 7 000 km (560 L)
    inv = _inv(workbook, [{**dep, "induced_option": 1, "induced_option2_outside": "scope3"}])
    assert _sum(inv.emissions, gas="CO2", gpc_ref="II.1.3") == pytest.approx(560 * GJ_PER_L * CO2_T_PER_GJ, rel=REL)
    assert [(w.row, w.column) for w in inv.warnings if w.column == "induced_option2_outside"] == [(2, "induced_option2_outside")]


def test_geographic_counts_pass_through_inside_only(workbook):
    # pass-through: 2000 trips × 50 km, 25 % inside: 25 000 km → II.1.1, nothing in II.1.3
    # 25 000 km × 0.08 = 2 000 L
    inv = _inv(workbook, [{"gpc_ref": "II.1.1", "method": "geographic", "fuel": "motor_gasoline", "trips": 2000,
                           "trip_length": 50, "origin": "out", "destination": "out", "in_boundary_share": "25%",
                           "fuel_intensity": 8, "intensity_unit": "L/100km"}])
    e = inv.emissions
    assert _sum(e, gas="CO2", gpc_ref="II.1.1") == pytest.approx(2000 * GJ_PER_L * CO2_T_PER_GJ, rel=REL)
    assert _sum(e, gpc_ref="II.1.3") == 0


def test_distance_based_ch4_n2o_table_3_2_5(workbook):
    # European passenger car, gasoline, Euro 1, urban hot: CH4 26 mg/km (EFDB 118750), N2O 22 mg/km (118746)
    # 1 000 000 km × 26 mg/km = 26 kg CH4; × 22 mg/km = 22 kg N2O; CO2 still from the fuel:
    # 1 000 000 km × 0.07 L/km = 70 000 L
    inv = _inv(workbook, [{"gpc_ref": "II.1.1", "method": "geographic", "vehicle_class": "passenger_car",
                           "fuel": "motor_gasoline", "technology": "euro_1", "vkt": 1_000_000,
                           "fuel_intensity": 7, "intensity_unit": "L/100km", "ch4_n2o_basis": "distance",
                           "road_type": "urban_hot"}])
    e = inv.emissions
    assert _sum(e, gas="CH4") == pytest.approx(0.026, rel=REL)
    assert _sum(e, gas="N2O") == pytest.approx(0.022, rel=REL)
    assert _sum(e, gas="CO2") == pytest.approx(70000 * GJ_PER_L * CO2_T_PER_GJ, rel=REL)
    assert "118750" in e.loc[e["gas"] == "CH4", "factor_source"].iloc[0]


def test_electric_buses_grid_and_td_losses(workbook):
    # 100 buses × 60 000 km × 100 kWh/100km = 6 000 000 kWh = 6 000 MWh × 0.5 t/MWh = 3 000 t CO2 (II.1.2)
    # T&D (supply basis): 6 000 × 0.05/0.95 × 0.5 = 157.894736842… t (II.1.3)
    inv = _inv(workbook, [{"gpc_ref": "II.1", "method": "resident_activity", "vehicle_class": "公交车",
                           "fuel": "electricity", "vehicles": 100, "annual_km": 60000, "fuel_intensity": 100,
                           "intensity_unit": "kWh/100km"}], city={"grid_factor": "0.5 t/MWh", "td_loss_rate": 0.05})
    e = inv.emissions
    assert _sum(e, gpc_ref="II.1.2") == pytest.approx(3000, rel=REL)
    assert _sum(e, gpc_ref="II.1.3") == pytest.approx(6000 * 0.05 / 0.95 * 0.5, rel=REL)


def test_reconciliation_fuel_sold_against_kilometres(workbook):
    # distance: 10 000 000 km × 8 L/100km = 800 000 L → 800 000 × 0.0333579 = 26 686.32 GJ (in the totals)
    # fuel sold: 1 000 000 L → 33 357.9 GJ (cross-check); difference 26 686.32 − 33 357.9 = −6 671.58 GJ = −20 %
    rows = [{"gpc_ref": "II.1", "method": "geographic", "fuel": "motor_gasoline", "vkt": 10_000_000,
             "fuel_intensity": 8, "intensity_unit": "L/100km"},
            {"gpc_ref": "II.1", "method": "fuel_sales", "cross_check": "yes", "fuel": "motor_gasoline",
             "fuel_amount": 1_000_000, "fuel_unit": "L"}]
    path = workbook(CITY, [], transport=pd.DataFrame(rows))
    inv = gpc.calculate(path)
    assert _sum(inv.emissions, gas="CO2") == pytest.approx(800_000 * GJ_PER_L * CO2_T_PER_GJ, rel=REL)
    assert set(inv.emissions["row"]) == {2}
    from gpc.context import Context
    from gpc.sectors.transport import reconcile

    data = gpc.read_activity(path)
    r = reconcile(data, Context.from_settings(data.settings))
    assert len(r) == 1
    row = r.iloc[0]
    assert row["distance_gj"] == pytest.approx(26686.32, rel=REL)
    assert row["fuel_sold_gj"] == pytest.approx(33357.9, rel=REL)
    assert row["difference_gj"] == pytest.approx(-6671.58, rel=REL)
    assert row["difference_pct"] == pytest.approx(-20.0, rel=REL)
    assert row["distance_in_totals"] and not row["sold_in_totals"]


def test_bad_rows_located_all_at_once(workbook):
    base = {"gpc_ref": "II.1", "fuel": "motor_gasoline", "fuel_intensity": 8, "intensity_unit": "L/100km"}
    rows = [
        {**base, "method": "induced_activity", "trips": 10, "trip_length": 20, "origin": "out",
         "destination": "out", "in_boundary_share": 0.5},                                        # row 2
        {**base, "method": "resident_activity", "vehicle_class": "taxi", "vehicles": 100},         # row 3
        {**base, "method": "resident_activity", "vehicle_class": "bus", "vehicles": 10, "annual_km": 5000,
         "intensity_unit": "kWh/100km"},                                                           # row 4
        {**base, "method": "resident_activity", "vehicle_class": "motorcycle", "trips": 10, "trip_length": 5,
         "origin": "in", "destination": "out", "in_boundary_share": 1.5},                          # row 5
    ]
    with pytest.raises(InputError) as ei:
        _inv(workbook, rows)
    got = {(p.sheet, p.row, p.column) for p in ei.value.problems}
    assert ("transport", 2, "origin") in got
    assert ("transport", 3, "annual_km") in got
    assert ("transport", 4, "intensity_unit") in got
    assert ("transport", 5, "in_boundary_share") in got


def test_two_methods_on_one_subsector_refused_unless_split_or_cross_check(workbook):
    base = {"gpc_ref": "II.1", "fuel": "motor_gasoline", "fuel_intensity": 8, "intensity_unit": "L/100km",
            "vkt": 1000}
    with pytest.raises(InputError) as ei:
        _inv(workbook, [{**base, "method": "geographic"}, {**base, "method": "resident_activity"}])
    assert ("transport", 3, "method") in {(p.sheet, p.row, p.column) for p in ei.value.problems}
    # split by vehicle class: accepted
    inv = _inv(workbook, [{**base, "method": "geographic", "vehicle_class": "taxi"},
                          {**base, "method": "resident_activity", "vehicle_class": "bus"}])
    assert set(inv.emissions["method"]) == {"geographic", "resident_activity"}


def test_distance_rows_and_activity_fuel_sales_of_the_same_traffic_refused(workbook):
    rows = [{"gpc_ref": "II.1", "method": "geographic", "fuel": "motor_gasoline", "vkt": 1000, "fuel_intensity": 8,
             "intensity_unit": "L/100km"}]
    act = [{"gpc_ref": "II.1.1", "activity": "motor_gasoline", "amount": 100, "unit": "t"}]
    with pytest.raises(InputError) as ei:
        gpc.calculate(workbook(CITY, act, transport=pd.DataFrame(rows)))
    assert ("transport", 2, "cross_check") in {(p.sheet, p.row, p.column) for p in ei.value.problems}
    # marked as a cross-check: accepted, only the activity row in the totals
    inv = gpc.calculate(workbook(CITY, act, transport=pd.DataFrame([{**rows[0], "cross_check": "yes"}])))
    assert set(inv.emissions["sheet"]) == {"activity"}


def test_missing_distance_factor_reported_with_the_other_problems(workbook):
    rows = [{"gpc_ref": "II.1", "method": "geographic", "vehicle_class": "tricycle", "fuel": "gas_diesel_oil",
             "vkt": 1000, "fuel_intensity": 30, "intensity_unit": "L/100km", "ch4_n2o_basis": "distance",
             "road_type": "urban_hot"},                                          # row 2: no IPCC category of 三轮汽车
            {"gpc_ref": "II.2", "method": "geographic", "vehicle_class": "train", "fuel": "gas_diesel_oil",
             "vkt": 1000, "fuel_intensity": 30, "intensity_unit": "km/kWh"}]                  # row 3: wrong dimension
    with pytest.raises(InputError) as ei:
        _inv(workbook, rows)
    got = {(p.row, p.column) for p in ei.value.problems}
    assert (2, "ef_ch4_km") in got and (3, "intensity_unit") in got


def test_own_distance_factors_in_the_row(workbook):
    # 500 000 km × 10 mg/km CH4 = 5 kg; × 4 mg/km N2O = 2 kg (the row's own factors, Eq. 3.2.5)
    inv = _inv(workbook, [{"gpc_ref": "II.1", "method": "geographic", "vehicle_class": "bus", "fuel": "gas_diesel_oil",
                           "vkt": 500_000, "fuel_intensity": 30, "intensity_unit": "L/100km",
                           "ch4_n2o_basis": "distance", "ef_ch4_km": 10, "ef_n2o_km": 4}])
    e = inv.emissions
    assert _sum(e, gas="CH4") == pytest.approx(0.005, rel=REL)
    assert _sum(e, gas="N2O") == pytest.approx(0.002, rel=REL)


def test_a_row_with_two_distances_is_refused(workbook):
    # vkt 100 km and a register 3 × 1 000 km = 3 000 km: which one is meant cannot be guessed (taking either would
    # change the row's emissions 30-fold), so the row is refused at its vkt cell
    base = {"gpc_ref": "II.1", "method": "geographic", "fuel": "motor_gasoline", "fuel_intensity": 8,
            "intensity_unit": "L/100km"}
    with pytest.raises(InputError) as ei:
        _inv(workbook, [{**base, "vkt": 100, "vehicles": 3, "annual_km": 1000, "vehicle_class": "taxi"},
                        {**base, "trips": 10, "trip_length": 5, "vehicles": 3, "vehicle_class": "bus"}])
    got = {(p.sheet, p.row, p.column): p.message for p in ei.value.problems}
    assert "vkt, vehicles × annual_km" in got[("transport", 2, "vkt")]
    assert "vehicles × annual_km, trips × trip_length" in got[("transport", 3, "trips")]


def test_register_headers_in_other_words(workbook) -> None:
    """vehicle_stock × annual_mileage × fuel_economy (L/100km) read as vehicles × annual_km × fuel_intensity:
    100 cars × 10 000 km × 8 L/100km = 80 000 L gasoline = 80 000 × 0.0333579 GJ × 69.3 kg/GJ = 184.936 t CO2."""
    rows = [{"gpc_ref": "II.1", "method": "resident_activity", "vehicle_type": "passenger_car",
             "fuel": "motor_gasoline", "vehicle_stock": 100, "annual_mileage": 10_000, "fuel_economy": 8,
             "intensity_unit": "L/100km"}]
    e = _inv(workbook, rows).emissions
    assert _sum(e, gas="CO2", gpc_ref="II.1.1") == pytest.approx(80_000 * GJ_PER_L * CO2_T_PER_GJ, rel=REL)
    assert _sum(e, gas="CO2", gpc_ref="II.1.1") == pytest.approx(184.936, abs=1e-3)
