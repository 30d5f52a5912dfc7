"""Aviation and waterborne trips (GPC v1.1 §7.5–7.6; IPCC 2006 Vol. 2 §3.5–3.6) against hand arithmetic."""

from __future__ import annotations

import pandas as pd
import pytest

import gpc

REL = 1e-9
CITY = {"name": "Testville", "country": "CN", "year": 2023, "gwp": "AR5", "factors": "ipcc2006"}


def _e(workbook, rows):
    return gpc.calculate(workbook(CITY, [], flights_voyages=pd.DataFrame(rows))).emissions


def test_lto_cycles_table_3_6_9_plus_cruise(workbook):
    # A320 LTO (Table 3.6.9, EFDB 119023/119075/119127): CO2 2440, CH4 0.06, N2O 0.1 kg per LTO
    # 1000 departing LTOs: CO2 2 440 t, CH4 0.06 t, N2O 0.1 t → II.4.3 (departing flights)
    # cruise fuel 5 000 t jet kerosene × 44.1 GJ/t = 220 500 GJ; CO2 × 71.5 kg/GJ = 15 765.75 t,
    # CH4 × 0.5 kg/TJ = 0.11025 t, N2O × 2 kg/TJ = 0.441 t (Tables 1.2, 3.6.4, 3.6.5)
    e = _e(workbook, [{"gpc_ref": "II.4", "trip": "departing", "basis": "lto", "aircraft": "A320",
                       "lto_cycles": 1000, "cruise_fuel": 5000, "fuel_unit": "t"}])
    assert set(e["gpc_ref"]) == {"II.4.3"}
    assert e.loc[e["gas"] == "CO2", "emissions_t"].sum() == pytest.approx(2440 + 15765.75, rel=REL)
    assert e.loc[e["gas"] == "CH4", "emissions_t"].sum() == pytest.approx(0.06 + 0.11025, rel=REL)
    assert e.loc[e["gas"] == "N2O", "emissions_t"].sum() == pytest.approx(0.1 + 0.441, rel=REL)


def test_in_boundary_ferry_by_fuel_and_arriving_not_counted(workbook):
    # ferry inside the city: 100 t gas/diesel oil × 43.0 GJ/t = 4 300 GJ × 74.1 kg/GJ (Table 3.5.2) = 318.63 t CO2
    # → II.3.1; an arriving voyage is shown with 0
    e = _e(workbook, [{"gpc_ref": "II.3", "trip": "in_boundary", "basis": "fuel_loaded", "fuel": "柴油",
                       "fuel_amount": 100, "fuel_unit": "t"},
                      {"gpc_ref": "II.3", "trip": "arriving", "basis": "fuel_loaded", "fuel": "gas_diesel_oil",
                       "fuel_amount": 50, "fuel_unit": "t"}])
    co2 = e[e["gas"] == "CO2"]
    assert co2.loc[co2["row"] == 2, "emissions_t"].sum() == pytest.approx(318.63, rel=REL)
    assert set(co2.loc[co2["row"] == 2, "gpc_ref"]) == {"II.3.1"}
    assert co2.loc[co2["row"] == 3, "emissions_t"].sum() == 0


def test_flights_counting_the_activity_sheet_fuel_again_are_refused(workbook):
    # GPC v1.1 §7.5–7.6: each trip once. 1 000 t of jet kerosene for departing flights in the activity sheet
    # (II.4.3) and the same flights in flights_voyages would count 2 × 3 177 t CO2e: refused, located.
    from gpc.errors import InputError

    act = [{"gpc_ref": "II.4.3", "activity": "jet_kerosene", "amount": 1000, "unit": "t"},
           {"gpc_ref": "II.3.1", "activity": "gas_diesel_oil", "amount": 50, "unit": "t"}]
    rows = [{"gpc_ref": "II.4", "trip": "departing", "basis": "fuel_loaded", "fuel": "jet_kerosene",
             "fuel_amount": 1000, "fuel_unit": "t"},                                              # row 2: twice
            {"gpc_ref": "II.4", "trip": "departing", "basis": "lto", "aircraft": "A320", "lto_cycles": 10},  # 3
            {"gpc_ref": "II.4", "trip": "in_boundary", "basis": "fuel_loaded", "fuel": "jet_kerosene",
             "fuel_amount": 5, "fuel_unit": "t"},                                                 # row 4: II.4.1, ok
            {"gpc_ref": "II.4", "trip": "arriving", "basis": "fuel_loaded", "fuel": "jet_kerosene",
             "fuel_amount": 5, "fuel_unit": "t"},                                                 # row 5: counts 0
            {"gpc_ref": "II.3", "trip": "in_boundary", "basis": "fuel_loaded", "fuel": "gas_diesel_oil",
             "fuel_amount": 50, "fuel_unit": "t"}]                                                # row 6: twice
    with pytest.raises(InputError) as ei:
        gpc.calculate(workbook(CITY, act, flights_voyages=pd.DataFrame(rows)))
    got = {(p.sheet, p.row, p.column): p.message for p in ei.value.problems}
    assert set(got) == {("flights_voyages", 2, "gpc_ref"), ("flights_voyages", 3, "gpc_ref"),
                        ("flights_voyages", 6, "gpc_ref")}
    assert "activity sheet (row 2)" in got[("flights_voyages", 2, "gpc_ref")]
    assert "gas_diesel_oil in II.3.1" in got[("flights_voyages", 6, "gpc_ref")]
    # in one sheet only: accepted
    inv = gpc.calculate(workbook(CITY, act[1:], flights_voyages=pd.DataFrame(rows[:4])))
    assert set(inv.emissions["sheet"]) == {"activity", "flights_voyages"}
