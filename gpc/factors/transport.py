"""Factors of distance-based transport: CH4/N2O per vehicle-kilometre and per cold start (``mobile_distance``,
IPCC 2006 Vol. 2 Tables 3.2.3 and 3.2.4, US; Table 3.2.5, European, COPERT IV) and fuel/CO2/CH4/N2O per LTO cycle
(``aviation_lto``, Table 3.6.9).

The fuel-based factors (CO2 from NCV and the fuel's factor, CH4/N2O of Table 3.2.2 …) are those of
:mod:`gpc.factors.combustion`, asked through the resolver like the activity sheet's mobile rows.
"""

from __future__ import annotations

import math

import pandas as pd

from gpc.factors.base import Factor, NoFactor
from gpc.factors.sets import FactorSet
from gpc.units import factor_to

__all__ = ["DISTANCE_REGIONS", "TransportFactors", "VEHICLE_CATEGORY"]

#: vehicle class of the transport sheet → the IPCC 2006 road categories of ``mobile_distance`` to look in, first
#: the one with factors for the fuel and gas: Table 3.2.4 groups cars and light-duty trucks as light-duty vehicles;
#: a bus is a heavy-duty vehicle (1.A.3.b.iii) where the table has no bus row for its fuel. Chinese register classes
#: (GA 802) are mapped where the class is unambiguous: 小型/微型载客 → car; 轻型/微型载货 → light-duty truck;
#: 中型/重型载货 (over 3.5 t) → heavy-duty vehicle; 大型载客 → bus. 中型载客, 三轮汽车, 低速货车 are not mapped.
VEHICLE_CATEGORY: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("passenger_car", "taxi", "small_passenger", "mini_passenger"), ("passenger_car", "light_duty_vehicle")),
    **dict.fromkeys(("light_truck", "mini_truck", "light_duty_truck", "light_goods", "mini_goods"),
                    ("light_duty_truck", "light_duty_vehicle")),
    **dict.fromkeys(("heavy_truck", "heavy_goods", "medium_goods", "heavy_duty_vehicle"), ("heavy_duty_vehicle",)),
    **dict.fromkeys(("bus", "coach", "large_passenger"), ("bus", "heavy_duty_vehicle")),
    **dict.fromkeys(("motorcycle", "moped"), ("motorcycle",)),
}
#: region of the distance-based factors → the IPCC 2006 tables that hold it
DISTANCE_REGIONS = {"europe": "Table 3.2.5", "us": "Tables 3.2.3/3.2.4"}


def _key(text: object) -> str:
    return str(text).strip().lower().replace(" ", "").replace("-", "").replace("_", "")


def _tech_matches(given: str, row: str) -> bool:
    """The row's technology covers the one typed: equal, ``all``, or one of ``advanced_and_moderate``."""
    return row == "all" or given == row or (bool(given) and given in row.split("_and_"))


class TransportFactors:
    """The set's distance-based and LTO tables (each read once per set)."""

    def __init__(self, fs: FactorSet):
        self.fs = fs
        self.distance = fs.table("mobile_distance") if fs.has_table("mobile_distance") else None
        self.lto = fs.table("aviation_lto") if fs.has_table("aviation_lto") else None
        self._aircraft: dict[str, str] = {} if self.lto is None else {_key(a): a for a in self.lto["aircraft"]}

    def _rows(self, gas: str, vehicle_class: str, fuel: str, technology: str,
              region: str) -> pd.DataFrame | NoFactor:
        """The rows of one vehicle category, fuel, gas and technology in a region (all driving conditions)."""
        col = f"ef_{gas.lower()}_km"
        cats = VEHICLE_CATEGORY.get(vehicle_class)
        t = self.distance
        if t is None or cats is None:
            known = ", ".join(sorted(VEHICLE_CATEGORY))
            return NoFactor(col, f"no distance-based {gas} factor for vehicle class {vehicle_class or '(blank)'}: IPCC "
                                 f"2006 Tables 3.2.3–3.2.5 have factors for the classes {known}; give {col} (mg/km) in "
                                 "this row or use ch4_n2o_basis fuel")
        where = f"{DISTANCE_REGIONS.get(region, region)} ({region})"
        reg = t[(t["region"] == region) & (t["gas"] == gas)]
        m = reg.iloc[0:0]
        for cat in cats:
            m = reg[(reg["vehicle_category"] == cat) & (reg["fuel"] == fuel)]
            if len(m):
                break
        if not len(m):
            fuels = sorted(set(reg.loc[reg["vehicle_category"].isin(cats), "fuel"]))
            other = [r for r in DISTANCE_REGIONS if r != region and len(t[(t["region"] == r) & (t["gas"] == gas) & (
                t["vehicle_category"].isin(cats)) & (t["fuel"] == fuel)])]
            hint = (f"; the {other[0]} factors ({DISTANCE_REGIONS[other[0]]}) have one: set distance_ef_region "
                    f"{other[0]}") if other else ""   # labels err.transport_region_no_factor(_hint)
            return NoFactor(col, f"{where} has no {gas} factor for {cats[0].replace('_', ' ')}s on {fuel or '(no fuel)'} "
                                 f"(it has {', '.join(fuels) or 'none'}){hint}; or give {col} (mg/km) in this row")
        techs = sorted(set(m["technology"]))
        hit = m[[_tech_matches(technology, str(x)) for x in m["technology"]]]
        if not technology and len(techs) == 1:
            hit = m
        if not len(hit):
            return NoFactor("technology", f"distance-based {gas} of {m['vehicle_category'].iloc[0].replace('_', ' ')}s "
                                          f"on {fuel} needs the technology (emission control or standard) of the "
                                          f"vehicles: one of {', '.join(techs)} ({where})")
        return hit

    def distance_factor(self, gas: str, vehicle_class: str, fuel: str, technology: str, road_type: str,
                        region: str = "europe") -> Factor | NoFactor:
        """CH4 or N2O per vehicle-km (in g/km) by class, fuel, technology and road type: European vehicles of
        Table 3.2.5 by driving condition; US vehicles of Table 3.2.3 (running, hot) and 3.2.4 (no road split)."""
        col = f"ef_{gas.lower()}_km"
        rows = self._rows(gas, vehicle_class, fuel, technology, region)
        if isinstance(rows, NoFactor):
            return rows
        per_km = rows[rows["unit"].map(lambda u: "start" not in str(u))]
        roads = sorted(set(per_km["road_type"]))
        if roads in (["all"], ["running"]):
            hit = per_km
        else:
            hit = per_km[per_km["road_type"] == road_type]
            if not len(hit):
                cat = str(per_km["vehicle_category"].iloc[0]).replace("_", " ")
                return NoFactor("road_type", f"distance-based {gas} of {cat}s on {fuel} needs road_type: one of "
                                             f"{', '.join(roads)} (IPCC 2006 Table 3.2.5)")
        r = hit.iloc[0]
        detail = f"{r['vehicle_category']} {fuel} {r['technology']} {r['road_type']}, {region}"
        if road_type and road_type != r["road_type"]:
            detail += f"; one factor for every road type, road_type {road_type} not needed"
        if pd.isna(r["value"]) or (isinstance(r["value"], float) and math.isnan(r["value"])):
            return NoFactor(col, f"Table {r['table']} gives no single {gas} factor for {detail} (EFDB {r['efdb_id']}: "
                                 f"{str(r['notes']).split('; ')[-1]}): give {col} (mg/km) in this row")
        g_km = float(r["value"]) * factor_to(str(r["unit"]), "g/km")
        return Factor(g_km, float(r["value"]), str(r["unit"]), f"{r['source']}, EFDB {r['efdb_id']}", detail,
                      "mobile_distance")

    def start_factor(self, gas: str, vehicle_class: str, fuel: str, technology: str,
                     region: str = "europe") -> Factor | NoFactor | None:
        """CH4 or N2O per cold start (in g/start) of US vehicles (Table 3.2.3), or None where the table has no
        cold-start factor (Table 3.2.4, and Table 3.2.5, whose cold starts are in the urban_cold factor)."""
        rows = self._rows(gas, vehicle_class, fuel, technology, region)
        if isinstance(rows, NoFactor):
            return None
        hit = rows[rows["road_type"] == "cold_start"]
        if not len(hit):
            return None
        r = hit.iloc[0]
        g = float(r["value"]) * factor_to(str(r["unit"]), "g/start")
        return Factor(g, float(r["value"]), str(r["unit"]), f"{r['source']}, EFDB {r['efdb_id']}",
                      f"{r['vehicle_category']} {fuel} {r['technology']} cold start, {region}", "mobile_distance")

    def aircraft(self, text: str) -> str | None:
        """The table's spelling of an aircraft type (A320, 737-400 …), or None."""
        return self._aircraft.get(_key(text))

    def aircraft_types(self) -> list[str]:
        return [] if self.lto is None else sorted(set(self.lto["aircraft"]))

    def lto_factor(self, aircraft: str, item: str) -> Factor | NoFactor:
        """kg of ``item`` (fuel, CO2, CH4, N2O) per LTO cycle of an aircraft type (Table 3.6.9)."""
        t = self.lto
        name = self.aircraft(aircraft) if t is not None else None
        if t is None or name is None:
            return NoFactor("aircraft", f"no LTO factors for aircraft '{aircraft}': use a type of IPCC 2006 Table 3.6.9 "
                                        "(e.g. A320, 737-400, ATR72-500) or give the fuel loaded instead")
        m = t[(t["aircraft"] == name) & (t["item"] == item)]
        if not len(m):
            return NoFactor("aircraft", f"Table 3.6.9 gives no {item} per LTO for {name}")
        r = m.iloc[0]
        kg = float(r["value"]) * factor_to(str(r["unit"]), "kg/LTO")
        return Factor(kg, float(r["value"]), str(r["unit"]), f"{r['source']}, EFDB {r['efdb_id']}",
                      f"{name} ({r['aircraft_class']})", "aviation_lto")
