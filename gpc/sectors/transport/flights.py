"""The ``flights_voyages`` sheet: aviation (II.4) and waterborne navigation (II.3) by trip (GPC v1.1 §7.5–7.6).

Trips that depart and arrive in the city → II.x.1 (scope 1); trips departing the city for a destination
outside → II.x.3 (scope 3); arriving trips are the city of departure's (the row is shown, counted 0).
Emissions from the fuel loaded (IPCC 2006 Vol. 2 Eq. 3.6.1 / 3.5.1, Tier 1: fuel × EF) or, for aircraft,
from LTO cycles × the Table 3.6.9 factors of the aircraft type plus the cruise fuel × the jet fuel factors
(Tier 2, Eq. 3.6.2: LTO term Eq. 3.6.3, cruise term Eq. 3.6.5).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gpc.activity_catalogue import fuel_catalogue, resolve_activity
from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.base import Factor
from gpc.factors.combustion import CombustionKey
from gpc.factors.resolve import resolver
from gpc.i18n import label
from gpc.methods.transport import lto_emissions_t
from gpc.records import empty_records, make_records
from gpc.sectors.transport.distance import _num, _ref, _text, shown
from gpc.units import factor_to, is_dimension

SHEET = "flights_voyages"
_MODE = {"II.3": "navigation", "II.4": "aviation"}


def _gj_per_unit(res: Any, fuel: str, unit: str) -> tuple[float, str] | None:
    """GJ per one ``unit`` of ``fuel`` (energy, mass × NCV, volume × density × NCV) and how."""
    if is_dimension(unit, "GJ"):
        return factor_to(unit, "GJ"), ""
    props, dens = res.fuel_properties(), res.densities()
    ncv = props.ncv_mass.get(fuel)
    if ncv is None:
        return None
    if is_dimension(unit, "t"):
        return factor_to(unit, "t") * ncv, f"NCV {props.ncv_source.get(fuel, '')}"
    if is_dimension(unit, "m3") and fuel in dens.index:
        rho = float(dens.loc[fuel, "value"])
        return factor_to(unit, "m3") * rho * ncv, f"density {dens.loc[fuel, 'source']}; NCV {props.ncv_source.get(fuel, '')}"
    return None


def _read(df: pd.DataFrame, ctx: Context) -> tuple[dict[str, Any], list[Problem]]:
    res = resolver(ctx)
    rows = [int(r) for r in df["row"]]
    probs: list[Problem] = []
    name = shown(df, SHEET)
    ref = [_ref(r) for r in _text(df, "gpc_ref")]
    sub = [".".join(r.split(".")[:2]) for r in ref]
    trip, basis = _text(df, "trip"), _text(df, "basis")
    known = res.fuels() | set(fuel_catalogue()["fuel"])
    fuel: list[str] = []
    for i, f in enumerate(_text(df, "fuel")):
        default = "jet_kerosene" if sub[i] == "II.4" else ""
        fid = resolve_activity(f, known) if f else (default or None)
        if fid is None:
            probs.append(Problem(name, rows[i], "fuel", f or None, label("err.flights_fuel", "en")))
        fuel.append(fid or "")
    amount, cruise, lto = _num(df, "fuel_amount"), _num(df, "cruise_fuel"), _num(df, "lto_cycles")
    city_share = _num(df, "city_share")
    unit = _text(df, "fuel_unit")
    aircraft = _text(df, "aircraft")
    gj_unit = np.full(len(df), np.nan)
    how = [""] * len(df)
    for i in range(len(df)):
        if sub[i] not in _MODE:
            probs.append(Problem(name, rows[i], "gpc_ref", ref[i] or None, label("err.flights_ref", "en")))
        needs_fuel = basis[i] == "fuel_loaded" or not np.isnan(cruise[i])
        if basis[i] == "fuel_loaded" and np.isnan(amount[i]):
            probs.append(Problem(name, rows[i], "fuel_amount", None, label("err.flights_fuel_loaded", "en")))
        if basis[i] == "lto":
            if sub[i] != "II.4":
                probs.append(Problem(name, rows[i], "basis", "lto", label("err.flights_lto_mode", "en")))
            elif np.isnan(lto[i]):
                probs.append(Problem(name, rows[i], "lto_cycles", None, label("err.flights_lto", "en")))
            else:
                lto_hit = res.transport().lto_factor(aircraft[i], "CO2")
                if not isinstance(lto_hit, Factor):
                    probs.append(Problem(name, rows[i], "aircraft", aircraft[i] or None, lto_hit.message))
        if needs_fuel and fuel[i]:
            got = _gj_per_unit(res, fuel[i], unit[i]) if unit[i] else None
            if got is None:
                probs.append(Problem(name, rows[i], "fuel_unit", unit[i] or None, label("err.flights_fuel_unit", "en")))
            else:
                gj_unit[i], how[i] = got
        if not np.isnan(city_share[i]) and (trip[i] != "departing" or not 0 <= city_share[i] <= 1):
            probs.append(Problem(name, rows[i], "city_share", city_share[i], label("err.flights_city_share", "en")))
        for c, arr in (("fuel_amount", amount), ("cruise_fuel", cruise), ("lto_cycles", lto)):
            if not np.isnan(arr[i]) and arr[i] < 0:
                probs.append(Problem(name, rows[i], c, arr[i], label("err.transport_negative", "en", column=c)))
    return dict(rows=np.array(rows), ref=ref, sub=sub, trip=trip, basis=basis, fuel=fuel, amount=amount,
                cruise=cruise, lto=lto, unit=unit, aircraft=aircraft, gj_unit=gj_unit, how=how,
                city_share=np.where(np.isnan(city_share), 1.0, city_share)), probs


def problems(df: pd.DataFrame, ctx: Context) -> list[Problem]:
    return _read(df, ctx)[1]


def records(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """One record per row and gas (and per part: LTO, cruise)."""
    res = resolver(ctx)
    t, _ = _read(df, ctx)
    out: dict[str, list[Any]] = {k: [] for k in ("row", "gpc_ref", "gas", "emissions_t", "method", "activity", "amount",
                                                 "unit", "energy_gj", "factor_name", "factor_value", "factor_unit",
                                                 "factor_source", "detail")}

    def add(i: int, gas: str, e: float, amount: float, unit: str, gj: float, f: Factor, name: str, det: str) -> None:
        counted = t["trip"][i] != "arriving"
        cs = float(t["city_share"][i])
        if counted and cs != 1:
            e, det = e * cs, det + (f"; × city_share {cs:g} (the city's share of the departing passengers and cargo, "
                                   "GPC v1.1 §7.5–7.6)")
        for k, v in (("row", int(t["rows"][i])), ("gpc_ref", t["sub"][i] + (".1" if t["trip"][i] == "in_boundary" else ".3")),
                     ("gas", gas), ("emissions_t", e if counted else 0.0), ("method", f"{t['trip'][i]}_{t['basis'][i]}"),
                     ("activity", t["fuel"][i]), ("amount", amount), ("unit", unit), ("energy_gj", gj),
                     ("factor_name", name), ("factor_value", f.value), ("factor_unit", f.unit), ("factor_source", f.source),
                     ("detail", det if counted else det + "; arriving trip: counted by the city of departure (GPC v1.1 "
                                                           "§7.5–7.6), 0 here")):
            out[k].append(v)

    for i in range(len(t["rows"])):
        mode = _MODE.get(t["sub"][i], "aviation")
        fuel_amount = t["amount"][i] if t["basis"][i] == "fuel_loaded" else t["cruise"][i]
        for gas in ("CO2", "CH4", "N2O"):
            if t["basis"][i] == "lto":
                f = res.transport().lto_factor(t["aircraft"][i], gas)
                if isinstance(f, Factor):
                    add(i, gas, float(lto_emissions_t(t["lto"][i], f.per_unit)), t["lto"][i], "LTO", np.nan, f,
                        f"ef_{gas.lower()}_lto", f"{t['lto'][i]:g} LTO × {f.value:g} {f.unit} ({f.detail}; IPCC 2006 "
                                                  "Vol. 2 Eq. 3.6.3, Table 3.6.9)")
            if not np.isnan(fuel_amount) and not np.isnan(t["gj_unit"][i]):
                f = res.combustion(CombustionKey(gas, t["fuel"][i], mode, "", None, True))
                if isinstance(f, Factor):
                    gj = fuel_amount * t["gj_unit"][i]
                    part = "cruise fuel" if t["basis"][i] == "lto" else "fuel loaded"
                    add(i, gas, gj * f.per_unit, fuel_amount, t["unit"][i], gj, f, f"ef_{gas.lower()}",
                        f"{part} {fuel_amount:g} {t['unit'][i]} = {gj:.6g} GJ ({t['how'][i]}) × {f.value:g} {f.unit} "
                        "(IPCC 2006 Vol. 2 Eq. 3.6.1 / 3.5.1)")
    if not out["row"]:
        return empty_records()
    bio = fuel_catalogue()["biogenic"].to_dict()
    recs = make_records(sheet=shown(df, SHEET), **out)
    recs["biogenic"] = (recs["gas"] == "CO2") & recs["activity"].map(lambda f: bool(bio.get(f, False)))
    return recs


__all__ = ["SHEET", "problems", "records"]
