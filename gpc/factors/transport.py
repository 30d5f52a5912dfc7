"""Factors of distance-based transport: CH4/N2O per vehicle-kilometre (``mobile_distance``, IPCC 2006 Vol. 2
Table 3.2.5, COPERT IV) and fuel/CO2/CH4/N2O per LTO cycle (``aviation_lto``, Table 3.6.9).

The fuel-based factors (CO2 from NCV and the fuel's factor, CH4/N2O of Table 3.2.2 …) are those of
:mod:`gpc.factors.combustion`, asked through the resolver like the activity sheet's mobile rows.
"""

from __future__ import annotations

from gpc.factors.base import Factor, NoFactor
from gpc.factors.sets import FactorSet
from gpc.units import factor_to

__all__ = ["TransportFactors", "VEHICLE_CATEGORY"]

#: vehicle class of the transport sheet → IPCC 2006 road category of Table 3.2.5 (``mobile_distance``)
VEHICLE_CATEGORY = {
    "passenger_car": "passenger_car", "taxi": "passenger_car", "small_passenger": "passenger_car",
    "mini_passenger": "passenger_car", "light_truck": "light_duty_truck", "mini_truck": "light_duty_truck",
    "light_duty_truck": "light_duty_truck", "light_goods": "light_duty_truck", "mini_goods": "light_duty_truck",
}


def _key(text: object) -> str:
    return str(text).strip().lower().replace(" ", "").replace("-", "").replace("_", "")


class TransportFactors:
    """The set's distance-based and LTO tables (each read once per set)."""

    def __init__(self, fs: FactorSet):
        self.fs = fs
        self.distance = fs.table("mobile_distance") if fs.has_table("mobile_distance") else None
        self.lto = fs.table("aviation_lto") if fs.has_table("aviation_lto") else None
        self._aircraft: dict[str, str] = {} if self.lto is None else {_key(a): a for a in self.lto["aircraft"]}

    def distance_factor(self, gas: str, vehicle_class: str, fuel: str, technology: str, road_type: str) -> Factor | NoFactor:
        """CH4 or N2O in g/km of a European vehicle (Table 3.2.5) by class, fuel, emission standard, road type."""
        col = f"ef_{gas.lower()}_km"
        cat = VEHICLE_CATEGORY.get(vehicle_class)
        t = self.distance
        if t is None or cat is None:
            return NoFactor(col, f"no distance-based {gas} factor for vehicle class {vehicle_class or '(blank)'}: the "
                                 "shipped Table 3.2.5 subset covers passenger cars and light-duty trucks; give "
                                 f"{col} (mg/km) in this row or use ch4_n2o_basis fuel")
        m = t[(t["vehicle_category"] == cat) & (t["fuel"] == fuel) & (t["gas"] == gas)]
        if not len(m):
            return NoFactor(col, f"Table 3.2.5 has no {gas} factor for {cat.replace('_', ' ')}s on {fuel}: give {col}")
        techs = sorted(set(m["technology"]))
        hit = m[(m["technology"] == technology) & (m["road_type"] == road_type)]
        if not technology or technology not in techs:
            return NoFactor("technology", f"distance-based {gas} needs the emission standard of the vehicles: one of "
                                          f"{', '.join(techs)} (IPCC 2006 Table 3.2.5)")
        if not len(hit):
            return NoFactor("road_type", "distance-based factors need road_type: urban_cold, urban_hot, rural or "
                                         "highway (IPCC 2006 Table 3.2.5)")
        r = hit.iloc[0]
        g_km = float(r["value"]) * factor_to(str(r["unit"]), "g/km")
        return Factor(g_km, float(r["value"]), str(r["unit"]), f"{r['source']}, EFDB {r['efdb_id']}",
                      f"{cat} {fuel} {technology} {road_type}", "mobile_distance")

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
