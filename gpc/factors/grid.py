"""Factors of grid-supplied energy: the CO2 factor of grid electricity and of district heat.

The rules after the row's own factor (``gpc/data/factor_precedence.csv``, parameters ``grid_electricity``
and ``district_heat``): the city sheet's ``grid_factor`` / ``heat_factor``, then the set's table. A set's
``grid_electricity`` table is read by region, variant and year (:func:`gpc.factors.china.grid_factor`,
with the set's ``region_grid`` table where it has one); ``district_heat`` has one value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gpc.factors.base import Factor, NoFactor
from gpc.factors.china import grid_factor
from gpc.factors.precedence import rules
from gpc.factors.sets import FactorSet
from gpc.units import factor_to, magnitude_in, parse_unit

if TYPE_CHECKING:
    from gpc.context import Settings

__all__ = ["GRID_KINDS", "grid_energy_factor"]

#: kind → (table, city field, label used in messages)
GRID_KINDS = {"grid_electricity": ("grid_electricity", "grid_factor", "grid"),
              "district_heat": ("district_heat", "heat_factor", "heat")}


def grid_energy_factor(fs: FactorSet, s: Settings, kind: str) -> Factor | NoFactor:
    """The CO2 factor (t/MWh in ``per_unit``) of ``kind`` (``grid_electricity`` or ``district_heat``) for
    rows that give none; a :class:`NoFactor` with ``city=True`` is a problem of the city sheet."""
    for name in rules(kind):
        if name == "row":
            continue
        hit = _city_setting(s, kind) if name == "city_setting" else _set_table(fs, s, kind)
        if hit is not None:
            return hit
    return _none(fs, s, kind, "")


def _city_setting(s: Settings, kind: str) -> Factor | NoFactor | None:
    _, field, label = GRID_KINDS[kind]
    setting = getattr(s, field)
    if not setting:
        return None
    try:
        q = parse_unit(setting)
        return Factor(magnitude_in(q, "t/MWh"), float(q.magnitude), f"{q.units:~}", f"city sheet ({field})",
                      rule="city_setting")
    except Exception:
        return NoFactor(field, f"{label}_factor must be a mass per energy such as 0.58 t/MWh", city=True)


def _set_table(fs: FactorSet, s: Settings, kind: str) -> Factor | NoFactor | None:
    table_name = GRID_KINDS[kind][0]
    if not fs.has_table(table_name):
        return None
    t = fs.table(table_name)
    if table_name == "grid_electricity":
        rg = fs.table("region_grid") if fs.has_table("region_grid") else None
        try:
            value, source, warnings = grid_factor(t, s.region, s.year, s.grid_variant or "average", region_grid=rg)
        except (KeyError, ValueError, LookupError) as exc:
            return _none(fs, s, kind, str(exc))
        return Factor(float(value), float(value), "t/MWh", str(source), rule="grid_table", warnings=tuple(warnings))
    row = t.iloc[0]
    return Factor(float(row["value"]) * factor_to(str(row["unit"]), "t/MWh"), float(row["value"]), str(row["unit"]),
                  str(row["source"]), rule="heat_table")


def _none(fs: FactorSet, s: Settings, kind: str, why: str) -> NoFactor:
    what = "grid electricity" if kind == "grid_electricity" else "district heat"
    label = GRID_KINDS[kind][2]
    why = f" ({why})" if why else ""
    return NoFactor("ef_co2", f"no {what} CO2 factor is known for factor set '{fs.id}'"
                              f"{' and region ' + s.region if s.region else ''}{why}: give ef_co2 and ef_unit in this "
                              f"row (e.g. 0.58 t/MWh) or {label}_factor in the city sheet")
