"""Transport reference cases worked by hand (gpc issue #15), run through the public API.

Each case writes an activity workbook with openpyxl in tmp_path, runs ``gpc.calculate`` and compares the
II.x.1 (scope 1) and II.x.3 (scope 3) totals per gas and in CO2e with numbers worked here from the printed
equations (GPC v1.1 Ch. 7; IPCC 2006 Vol. 2 Ch. 3) and the factor files of the project:

* gas/diesel oil (ipcc2006): density 0.843 kg/L (emission_factors/ipcc2006/densities.csv, BP 2021),
  NCV 43.0 GJ/t (Table 1.2, EFDB 117452), CO2 74 100 kg/TJ (Table 3.2.1), CH4 3.9 and N2O 3.9 kg/TJ
  (Table 3.2.2, EFDB 118596 / 118605) — so 1 L of diesel = 0.843 × 43.0 / 1000 = 0.036249 GJ;
* motor gasoline (ipcc2006): 0.753 kg/L (densities.csv, BP), NCV 44.3 GJ/t (Table 1.2, EFDB 117446),
  CO2 69 300 kg/TJ (Table 3.2.1), CH4 33 and N2O 3.2 kg/TJ (Table 3.2.2 uncontrolled, EFDB 118592 / 118601);
* GWP AR5 (emission_factors/gwp/gwp100.csv, AR5 WG1 Table 8.A.1): CH4 28, N2O 265.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook

import gpc
from gpc.errors import InputError

REL = 1e-9
CITY = {"name": "Testville", "country": "CN", "year": 2023, "gwp": "AR5", "factors": "ipcc2006"}
GWP = {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0}

DIESEL_GJ_PER_L = 0.843 * 43.0 / 1000             # 0.036249 GJ/L
DIESEL_T_PER_GJ = {"CO2": 74.1e-3, "CH4": 3.9e-6, "N2O": 3.9e-6}
GASOLINE_GJ_PER_L = 0.753 * 44.3 / 1000           # 0.0333579 GJ/L
GASOLINE_T_PER_GJ = {"CO2": 69.3e-3, "CH4": 33e-6, "N2O": 3.2e-6}


def write_xlsx(path: Path, city: dict[str, Any], **sheets: list[dict[str, Any]]) -> Path:
    """An activity workbook as a user types it: a city sheet (field, value) and one sheet per table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "city"
    ws.append(["field", "value"])
    for k, v in city.items():
        ws.append([k, v])
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        cols = list(dict.fromkeys(c for r in rows for c in r))
        ws.append(cols)
        for r in rows:
            ws.append([r.get(c) for c in cols])
    wb.save(path)
    return path


def _run(tmp_path: Path, city: dict[str, Any] | None = None, **sheets: list[dict[str, Any]]) -> pd.DataFrame:
    path = write_xlsx(tmp_path / f"city{len(list(tmp_path.iterdir()))}.xlsx", {**CITY, **(city or {})}, **sheets)
    return gpc.calculate(path).emissions


def _t(e: pd.DataFrame, ref: str, gas: str | None = None, col: str = "emissions_t") -> float:
    m = e["gpc_ref"] == ref
    if gas:
        m &= e["gas"] == gas
    return float(e.loc[m, col].sum())


def _check(e: pd.DataFrame, ref: str, want: dict[str, float]) -> None:
    """Per gas and in CO2e (Σ gas × GWP AR5)."""
    for gas, v in want.items():
        assert _t(e, ref, gas) == pytest.approx(v, rel=REL, abs=1e-12), (ref, gas)
    assert _t(e, ref, col="co2e_t") == pytest.approx(sum(v * GWP[g] for g, v in want.items()), rel=REL, abs=1e-9)


def _diesel(km: float) -> dict[str, float]:
    """Emissions of ``km`` at 10 L/100km of diesel: L = km × 0.1, GJ = L × 0.036249, t = GJ × factor."""
    gj = km * 0.1 * DIESEL_GJ_PER_L
    return {g: gj * f for g, f in DIESEL_T_PER_GJ.items()}


# --- (a) O–D trips under induced option 1, option 2 and geographic -----------------------------------------
# Rows (diesel, 10 L/100km): in-boundary 500 trips × 10 km (in → in); departing 1 000 × 20 km (in → out,
# s = 0.3); arriving 700 × 20 km (out → in, s = 0.3); under geographic also pass-through 2 000 × 50 km
# (out → out, s = 0.25). GPC v1.1 Ch. 7: in-boundary part → II.1.1, outside part → II.1.3.

OD_BASE = {"gpc_ref": "II.1", "fuel": "gas_diesel_oil", "fuel_intensity": 10, "intensity_unit": "L/100km"}
OD_ROWS = [
    {**OD_BASE, "trips": 500, "trip_length": 10, "origin": "in", "destination": "in"},
    {**OD_BASE, "trips": 1000, "trip_length": 20, "origin": "in", "destination": "out", "in_boundary_share": 0.3},
    {**OD_BASE, "trips": 700, "trip_length": 20, "origin": "out", "destination": "in", "in_boundary_share": 0.3},
]
PASS_THROUGH = {**OD_BASE, "trips": 2000, "trip_length": 50, "origin": "out", "destination": "out",
                "in_boundary_share": 0.25}


def test_od_induced_option_1(tmp_path):
    # option 1: in-boundary 5 000 km in full; transboundary trips 50 %:
    # II.1.1 = 5 000 + 0.5 × 20 000 × 0.3 + 0.5 × 14 000 × 0.3 = 5 000 + 3 000 + 2 100 = 10 100 km
    # II.1.3 = 0.5 × 20 000 × 0.7 + 0.5 × 14 000 × 0.7 = 7 000 + 4 900 = 11 900 km
    # e.g. CO2 II.1.1 = 10 100 km × 0.1 L/km = 1 010 L × 0.036249 GJ/L = 36.61149 GJ × 0.0741 t/GJ = 2.712911409 t
    rows = [{**r, "method": "induced_activity", "induced_option": 1} for r in OD_ROWS]
    e = _run(tmp_path, transport=rows)
    assert _diesel(10_100)["CO2"] == pytest.approx(2.712911409, rel=REL)
    _check(e, "II.1.1", _diesel(10_100))
    _check(e, "II.1.3", _diesel(11_900))
    assert set(e["method"]) == {"induced_activity"}


def test_od_induced_option_2(tmp_path):
    # option 2: in-boundary 5 000 km + the in-boundary part of departing trips 20 000 × 0.3 = 6 000 km
    # → II.1.1 = 11 000 km; nothing in II.1.3; arriving trips 0 (the city they left counts them)
    # CO2 II.1.1 = 11 000 × 0.1 = 1 100 L × 0.036249 = 39.8739 GJ × 0.0741 = 2.95465599 t
    rows = [{**r, "method": "induced_activity", "induced_option": 2} for r in OD_ROWS]
    e = _run(tmp_path, transport=rows)
    assert _diesel(11_000)["CO2"] == pytest.approx(2.95465599, rel=REL)
    _check(e, "II.1.1", _diesel(11_000))
    assert _t(e, "II.1.3") == 0
    assert _t(e[e["row"] == 4], "II.1.1") == 0          # the arriving row (Excel row 4) counts 0
    # named option induced_option2_outside scope3: the departing trips' outside part 20 000 × 0.7 = 14 000 km
    rows = [{**r, "induced_option2_outside": "scope3"} for r in rows]
    e = _run(tmp_path, transport=rows)
    _check(e, "II.1.1", _diesel(11_000))
    _check(e, "II.1.3", _diesel(14_000))


def test_od_geographic_scope_1_only(tmp_path):
    # geographic: every trip's in-boundary part, pass-through included, nothing outside:
    # II.1.1 = 5 000 + 20 000 × 0.3 + 14 000 × 0.3 + 100 000 × 0.25 = 5 000 + 6 000 + 4 200 + 25 000 = 40 200 km
    rows = [{**r, "method": "geographic"} for r in [*OD_ROWS, PASS_THROUGH]]
    e = _run(tmp_path, transport=rows)
    _check(e, "II.1.1", _diesel(40_200))
    assert _t(e, "II.1.3") == 0
    assert set(e["scope"]) == {1}


# --- (b) vehicle register (行驶里程法) ------------------------------------------------------------------------

REGISTER = [{"gpc_ref": "II.1.1", "method": "resident_activity", "vehicle_class": "小型载客汽车", "fuel": "汽油",
             "vehicles": 2000, "annual_km": 15000, "fuel_intensity": 9, "intensity_unit": "L/100km"}]


def test_vehicle_register_ipcc2006(tmp_path):
    # 2 000 vehicles × 15 000 km × 9 L/100km = 2 700 000 L of motor gasoline
    # × 0.753 kg/L = 2 033.1 t × 44.3 GJ/t = 90 066.33 GJ
    # CO2 = 90 066.33 × 0.0693 = 6 241.596669 t; CH4 = 90.06633 TJ × 33 kg/TJ = 2.97218889 t;
    # N2O = 90.06633 × 3.2 kg = 0.288212256 t
    # CO2e (AR5) = 6 241.596669 + 28 × 2.97218889 + 265 × 0.288212256 = 6 241.596669 + 83.22128892 + 76.37624784
    #            = 6 401.19420576 t
    e = _run(tmp_path, transport=REGISTER)
    want = {"CO2": 6241.596669, "CH4": 2.97218889, "N2O": 0.288212256}
    assert 2_700_000 * GASOLINE_GJ_PER_L == pytest.approx(90_066.33, rel=REL)
    _check(e, "II.1.1", want)
    assert _t(e, "II.1.1", col="co2e_t") == pytest.approx(6401.19420576, rel=REL)
    assert _t(e, "II.1.3") == 0


def test_vehicle_register_china(tmp_path):
    # china set: NCV 43.07 GJ/t, carbon content 18.9 t C/TJ, oxidation 0.98 (GB/T 32151.22-2024 Table C.1,
    # emission_factors/china/fuel_properties.csv rows motor_gasoline); density from the fallback set (0.753 kg/L);
    # CH4/N2O from the fallback ipcc2006 Table 3.2.2 (33, 3.2 kg/TJ).
    # 2 700 000 L × 0.753 kg/L = 2 033.1 t × 43.07 GJ/t = 87 565.617 GJ
    # CO2 = 87 565.617 GJ × 0.0189 t C/GJ = 1 654.9901613 t C × 0.98 = 1 621.890358074 × 44/12 = 5 946.931312938 t
    # CH4 = 87.565617 TJ × 33 kg = 2.889665361 t; N2O = 87.565617 × 3.2 kg = 0.2802099744 t
    gj = 2033.1 * 43.07
    assert gj == pytest.approx(87_565.617, rel=REL)
    co2 = gj * 18.9e-3 * 0.98 * 44 / 12
    assert co2 == pytest.approx(5946.931312938, rel=REL)
    e = _run(tmp_path, {"factors": "china"}, transport=REGISTER)
    _check(e, "II.1.1", {"CO2": co2, "CH4": 2.889665361, "N2O": 0.2802099744})


# --- (c) distance-based CH4 / N2O, IPCC 2006 Vol. 2 Table 3.2.5 ---------------------------------------------


def test_distance_based_ch4_n2o_table_3_2_5(tmp_path):
    # European passenger car, gasoline, Euro 3, highway (Table 3.2.5; emission_factors/ipcc2006/mobile_distance.csv):
    # CH4 4.0 mg/km (EFDB 118768), N2O 1.5 mg/km (EFDB 118764); Eq. 3.2.5: E = km × EF.
    # Residents' O–D trips: 10 000 × 100 km in → out, s = 0.4: II.1.1 400 000 km, II.1.3 600 000 km.
    # CH4: 400 000 × 4 mg = 1.6 kg = 0.0016 t (II.1.1); 600 000 × 4 mg = 0.0024 t (II.1.3)
    # N2O: 400 000 × 1.5 mg = 0.0006 t (II.1.1); 600 000 × 1.5 mg = 0.0009 t (II.1.3)
    # CO2 from the fuel, 6 L/100km: 24 000 L × 0.0333579 GJ/L = 800.5896 GJ × 0.0693 t/GJ = 55.48085928 t
    # (II.1.1); 36 000 L = 1 200.8844 GJ → 83.22128892 t (II.1.3)
    row = {"gpc_ref": "II.1", "method": "resident_activity", "vehicle_class": "passenger_car",
           "fuel": "motor_gasoline", "technology": "euro_3", "road_type": "highway", "ch4_n2o_basis": "distance",
           "trips": 10_000, "trip_length": 100, "origin": "in", "destination": "out", "in_boundary_share": 0.4,
           "fuel_intensity": 6, "intensity_unit": "L/100km"}
    e = _run(tmp_path, transport=[row])
    _check(e, "II.1.1", {"CO2": 55.48085928, "CH4": 0.0016, "N2O": 0.0006})
    _check(e, "II.1.3", {"CO2": 83.22128892, "CH4": 0.0024, "N2O": 0.0009})
    src = " ".join(e.loc[e["gas"] == "CH4", "factor_source"].astype(str))
    assert "118768" in src


# --- (d) aviation: LTO cycles (Table 3.6.9) plus cruise fuel; in-boundary flights; apportioned departures -----


def test_lto_with_cruise_fuel(tmp_path):
    # row 2: 2 000 departing 737-800/900 LTOs (Table 3.6.9, aviation_lto.csv: CO2 2 780 kg/LTO EFDB 119037,
    #        CH4 0.07 EFDB 119089, N2O 0.1 EFDB 119141) + 12 000 t cruise jet kerosene (NCV 44.1 GJ/t Table 1.2;
    #        CO2 71 500 kg/TJ Table 3.6.4; CH4 0.5, N2O 2 kg/TJ Table 3.6.5) → II.4.3 (GPC v1.1 §7.6)
    #        LTO: CO2 5 560 t, CH4 0.14 t, N2O 0.2 t; cruise 529 200 GJ: CO2 37 837.8 t, CH4 0.2646 t, N2O 1.0584 t
    # row 3: 1 000 departing A320 LTOs (CO2 2 440, CH4 0.06, N2O 0.1 kg/LTO; EFDB 119023/119075/119127) with
    #        city_share 0.6 (the city's share of the passengers): CO2 1 464 t, CH4 0.036 t, N2O 0.06 t → II.4.3
    # row 4: a flight inside the city, 50 t jet kerosene loaded: 2 205 GJ: CO2 157.6575 t, CH4 0.0011025 t,
    #        N2O 0.00441 t → II.4.1
    # row 5: 500 arriving A320 LTOs: the city of departure's, 0
    # II.4.3: CO2 5 560 + 37 837.8 + 1 464 = 44 861.8; CH4 0.14 + 0.2646 + 0.036 = 0.4406;
    #         N2O 0.2 + 1.0584 + 0.06 = 1.3184
    rows = [{"gpc_ref": "II.4", "trip": "departing", "basis": "lto", "aircraft": "737-800/900", "lto_cycles": 2000,
             "cruise_fuel": 12_000, "fuel_unit": "t"},
            {"gpc_ref": "II.4", "trip": "departing", "basis": "lto", "aircraft": "A320", "lto_cycles": 1000,
             "city_share": 0.6},
            {"gpc_ref": "II.4", "trip": "in_boundary", "basis": "fuel_loaded", "fuel": "jet_kerosene",
             "fuel_amount": 50, "fuel_unit": "t"},
            {"gpc_ref": "II.4", "trip": "arriving", "basis": "lto", "aircraft": "A320", "lto_cycles": 500}]
    e = _run(tmp_path, flights_voyages=rows)
    _check(e, "II.4.3", {"CO2": 44_861.8, "CH4": 0.4406, "N2O": 1.3184})
    _check(e, "II.4.1", {"CO2": 157.6575, "CH4": 0.0011025, "N2O": 0.00441})
    assert float(e.loc[e["row"] == 5, "emissions_t"].sum()) == 0 and (e["row"] == 5).any()


# --- (e) fuel sold against kilometres (IPCC 2006 Vol. 2 §3.2.1.3) --------------------------------------------


def test_fuel_vs_distance_reconciliation(tmp_path):
    # distance (in the totals): 5 000 000 km × 10 L/100km = 500 000 L diesel × 0.036249 GJ/L = 18 124.5 GJ
    # fuel sold (cross-check): 600 000 L × 0.036249 = 21 749.4 GJ
    # difference = 18 124.5 − 21 749.4 = −3 624.9 GJ = −3 624.9 / 21 749.4 = −16.666… % of the fuel sold
    # totals: CO2 II.1.1 = 18 124.5 × 0.0741 = 1 343.02545 t (the sold fuel is in no total)
    rows = [{"gpc_ref": "II.1", "method": "geographic", "fuel": "gas_diesel_oil", "vkt": 5_000_000,
             "fuel_intensity": 10, "intensity_unit": "L/100km"},
            {"gpc_ref": "II.1", "method": "fuel_sales", "cross_check": "yes", "fuel": "gas_diesel_oil",
             "fuel_amount": 600_000, "fuel_unit": "L"}]
    path = write_xlsx(tmp_path / "rec.xlsx", CITY, transport=rows)
    e = gpc.calculate(path).emissions
    _check(e, "II.1.1", {"CO2": 1343.02545, "CH4": 18.1245 * 3.9e-3, "N2O": 18.1245 * 3.9e-3})
    from gpc.context import Context
    from gpc.sectors.transport import reconcile

    data = gpc.read_activity(path)
    r = reconcile(data, Context.from_settings(data.settings))
    assert len(r) == 1
    row = r.iloc[0]
    assert row["distance_gj"] == pytest.approx(18_124.5, rel=REL)
    assert row["fuel_sold_gj"] == pytest.approx(21_749.4, rel=REL)
    assert row["difference_gj"] == pytest.approx(-3_624.9, rel=REL)
    assert row["difference_pct"] == pytest.approx(-100 / 6, rel=REL)


# --- issue #15 item 7: every located error of the transport sheet at once -----------------------------------


def test_all_transport_errors_at_once(tmp_path):
    base = {"gpc_ref": "II.1", "fuel": "gas_diesel_oil", "fuel_intensity": 10, "intensity_unit": "L/100km"}
    rows = [
        # row 2: a trip with no end in the city under induced option 1
        {**base, "method": "induced_activity", "induced_option": 1, "vehicle_class": "taxi", "trips": 10,
         "trip_length": 20, "origin": "out", "destination": "out", "in_boundary_share": 0.5},
        # row 3: a vehicle class without mileage
        {**base, "method": "induced_activity", "vehicle_class": "bus", "vehicles": 100},
        # row 4: a fuel intensity of the wrong dimension (energy per km for diesel)
        {**base, "method": "induced_activity", "vehicle_class": "heavy_goods", "vkt": 1000,
         "intensity_unit": "kWh/100km"},
        # row 5: a share over 100 %
        {**base, "method": "induced_activity", "vehicle_class": "light_goods", "trips": 10, "trip_length": 5,
         "origin": "in", "destination": "out", "in_boundary_share": "150%"},
    ]
    with pytest.raises(InputError) as ei:
        _run(tmp_path, transport=rows)
    got = {(p.sheet, p.row, p.column) for p in ei.value.problems}
    assert {("transport", 2, "origin"), ("transport", 3, "annual_km"), ("transport", 4, "intensity_unit"),
            ("transport", 5, "in_boundary_share")} <= got
    msgs = {(p.row, p.column): p.message for p in ei.value.problems}
    assert "no end in the city" in msgs[(2, "origin")]
    assert "annual_km" in msgs[(3, "annual_km")]
