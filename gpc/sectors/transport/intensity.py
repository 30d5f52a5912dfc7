"""Fuels, fuel intensity, fuel sold and their energy for the ``transport`` sheet (:mod:`.distance`).

:func:`fuel_ids` reads each row's fuel; :func:`fuel_per_km` reads fuel_intensity / intensity_unit as fuel
(m3, t) or electricity (MWh) per km; :func:`fuel_sold` reads fuel_amount / fuel_unit of fuel-sales rows;
:func:`energy_per_unit` gives the GJ per m3 / t / GJ / MWh of each row's fuel (net calorific values and
densities of the factor set). Problems go to the caller's ``bad(i, column, value, message)`` at the row's index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from gpc.activity_catalogue import fuel_catalogue, resolve_activity
from gpc.i18n import label
from gpc.units import factor_to, is_dimension, parse_unit

#: reports a problem at row index i: bad(i, column, value, message)
Bad = Callable[[int, str, Any, str], None]
ELECTRICITY = "electricity"
_ELECTRIC_NAMES = {"electricity", "grid_electricity", "电力", "电", "电能", "electric"}


def fuel_ids(texts: list[str], fuels: set[str], bad: Bad) -> list[str]:
    """Each row's fuel id (``electricity`` for electric vehicles), ``""`` where unknown."""
    known = fuels | set(fuel_catalogue()["fuel"])
    fuel: list[str] = []
    for i, f in enumerate(texts):
        if f.lower() in _ELECTRIC_NAMES:
            fuel.append(ELECTRICITY)
            continue
        fid = resolve_activity(f, known) if f else None
        if fid is None:
            bad(i, "fuel", f or None, label("err.transport_fuel", "en"))
        fuel.append(fid or "")
    return fuel


def intensity_unit(text: str) -> str:
    """A fuel-intensity unit as pint must read it: ``L/100km`` is litres per 100 km, not L ÷ 100 × km."""
    return re.sub(r"/\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$", r"/(\1 \2)", text.strip())


def _is(unit: str, target: str) -> bool:
    try:
        parse_unit(unit)
    except Exception:
        return False
    return is_dimension(unit, target)


def _dimension(unit: str) -> str:
    for target, name in (("m3", "m3"), ("t", "t"), ("GJ", "GJ")):
        if is_dimension(unit, target):
            return name
    return ""


def _one_per_km(fi: float, iu: str, elec: bool) -> tuple[float, str]:
    """Fuel (or electricity) per km of one row in its base unit and that unit; ``(nan, "")`` if unreadable."""
    u = intensity_unit(iu)
    targets = (("MWh/km", "MWh"),) if elec else (("m3/km", "m3"), ("t/km", "t"))
    for target, dim in targets:
        if _is(u, target):
            return fi * factor_to(u, target), dim
    if not elec and _is(u, "km/m3"):
        return 1.0 / (fi * factor_to(u, "km/m3")), "m3"
    if elec and _is(u, "km/kWh"):
        return 1.0 / (fi * factor_to(u, "km/MWh")), "MWh"
    return np.nan, ""


def fuel_per_km(fi: np.ndarray, iu: list[str], electric: Sequence[bool], mask: np.ndarray,
                bad: Bad) -> tuple[np.ndarray, list[str]]:
    """Fuel per km (base unit m3, t or MWh) and its unit of the rows in ``mask`` (the distance rows)."""
    n = len(fi)
    per_km = np.full(n, np.nan)
    per_km_dim = [""] * n
    for i in map(int, np.flatnonzero(mask)):
        if np.isnan(fi[i]):
            bad(i, "fuel_intensity", None, label("err.transport_intensity_missing", "en"))
            continue
        if not iu[i]:
            bad(i, "intensity_unit", None, label("err.transport_intensity_unit_missing", "en"))
            continue
        elec = electric[i]
        value, dim = _one_per_km(fi[i], iu[i], elec)
        if not dim:
            key = "err.transport_intensity_unit_elec" if elec else "err.transport_intensity_unit_fuel"
            bad(i, "intensity_unit", iu[i], label(key, "en", unit=iu[i]))
            continue
        per_km[i], per_km_dim[i] = value, dim
        if fi[i] <= 0:
            bad(i, "fuel_intensity", fi[i], label("err.transport_intensity_positive", "en"))
    return per_km, per_km_dim


def fuel_sold(amount: np.ndarray, funit: list[str], electric: Sequence[bool], sales: np.ndarray,
              per_km_dim: list[str], bad: Bad) -> np.ndarray:
    """Fuel sold (fuel-sales rows) in base units; sets those rows' unit in ``per_km_dim``."""
    fuel_base = np.full(len(amount), np.nan)
    for i in map(int, np.flatnonzero(sales)):
        if np.isnan(amount[i]) or not funit[i]:
            bad(i, "fuel_amount", None if np.isnan(amount[i]) else amount[i],
                label("err.transport_fuel_sales", "en"))
            continue
        dim = _dimension(funit[i]) if not electric[i] else ("MWh" if _is(funit[i], "MWh") else "")
        if not dim:
            bad(i, "fuel_unit", funit[i], label("err.transport_fuel_unit", "en"))
            continue
        fuel_base[i] = amount[i] * factor_to(funit[i], dim)
        per_km_dim[i] = dim
    return fuel_base


def energy_per_unit(fuel: list[str], per_km_dim: list[str], props: Any, dens: Any, set_id: str,
                    bad: Bad) -> tuple[np.ndarray, list[str]]:
    """GJ per base unit (m3, t, GJ, MWh) of each row's fuel, and where the value comes from."""
    n = len(fuel)
    gj = np.full(n, np.nan)
    gj_detail = [""] * n
    for i in range(n):
        f, dim = fuel[i], per_km_dim[i]
        if not f or not dim:
            continue
        if dim in ("GJ", "MWh"):
            gj[i] = 1.0 if dim == "GJ" else 3.6
            continue
        ncv_m = props.ncv_mass.get(f)
        if dim == "t":
            if ncv_m is None:
                bad(i, "fuel", f, label("err.transport_no_ncv", "en", set=set_id, fuel=f))
                continue
            gj[i] = ncv_m
            gj_detail[i] = f"NCV {props.ncv_source.get(f, '')}"
        elif f in props.ncv_volume:  # m3
            gj[i] = props.ncv_volume[f]
            gj_detail[i] = f"NCV {props.ncv_source.get(f, '')}"
        elif ncv_m is not None and f in dens.index:
            gj[i] = float(dens.loc[f, "value"]) * ncv_m
            gj_detail[i] = f"density {dens.loc[f, 'source']}; NCV {props.ncv_source.get(f, '')}"
        else:
            bad(i, "fuel", f, label("err.transport_no_density", "en", set=set_id, fuel=f))
    return gj, gj_detail
