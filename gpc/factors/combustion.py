"""Factors of fuel combustion: NCV, density, and the CO2, CH4 and N2O factor of a fuel in a use.

A fuel's properties (``fuel_properties``: NCV, CO2 factor, carbon content, oxidation factor) are read
once per factor set and guideline (:func:`fuel_properties`); a set with guidelines (``_set.yaml``
``guidelines`` and ``default_guideline``, e.g. ``china``) chooses each parameter by guideline
(:func:`gpc.factors.china.select_fuel_parameters`). Stand-in IPCC fuels (``fuels_ipcc_map``) fill what a
fuel lacks. :func:`combustion_factor` tries the rules of ``gpc/data/factor_precedence.csv`` in order for
one (gas, fuel, category or transport mode, technology, row oxidation factor) — the sector calls it once
per distinct key, never per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import pandas as pd

from gpc.factors.base import Factor, NoFactor
from gpc.factors.china import select_fuel_parameters
from gpc.factors.precedence import rules
from gpc.factors.sets import FactorSet
from gpc.i18n import label as i18n_label
from gpc.units import factor_to, is_dimension, strip_gas

__all__ = ["CO2_PER_C", "CombustionKey", "FuelProperties", "combustion_factor", "densities", "fuel_properties",
           "guidelines", "ipcc_fuel_map", "mobile_table"]

#: Molecular-weight ratio CO2/C (IPCC 2006 Vol. 2 Ch. 1 Eq. 1.1 with carbon content in t C/TJ)
CO2_PER_C = 44.0 / 12.0

_T = TypeVar("_T")
# (t per GJ, shown value, shown unit, source)
_Param = tuple[float, float, str, str]


@dataclass
class FuelProperties:
    """Each fuel's parameters under one factor set and guideline (values in GJ/t, GJ/m3, t/GJ)."""

    ncv_mass: dict[str, float] = field(default_factory=dict)
    ncv_volume: dict[str, float] = field(default_factory=dict)
    ncv_source: dict[str, str] = field(default_factory=dict)
    co2: dict[str, _Param] = field(default_factory=dict)
    cc: dict[str, _Param] = field(default_factory=dict)
    ox: dict[str, tuple[float, str]] = field(default_factory=dict)
    #: fuel → warning: a parameter the chosen guideline lacks, taken from another guideline of the set
    guideline_fallback: dict[str, str] = field(default_factory=dict)
    #: the guideline in use (a set with guidelines), else None
    guideline: str | None = None
    #: fuels whose CO2 parameters come from a guideline of the set (not from fallback IPCC rows)
    national_co2: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class CombustionKey:
    """What a combustion factor depends on (one look-up per distinct key)."""

    gas: str
    fuel: str
    category: str          # the GPC row's combustion category, or the transport mode
    technology: str        # "" when none is given
    ox_row: float | None   # the row's oxidation factor
    mobile: bool

    @property
    def use(self) -> str:
        return "mobile" if self.mobile else "stationary"


def guidelines(fs: FactorSet) -> list[str]:
    """The guideline ids of a set (``_set.yaml`` ``guidelines``), in fallback order."""
    return [g["id"] if isinstance(g, dict) else str(g) for g in fs.meta.get("guidelines", [])]


def fuel_properties(fs: FactorSet, guideline: str | None) -> FuelProperties:
    """The fuels' parameters of a set under ``guideline`` (the city's; ``None``: the set's default)."""
    t = fs.table("fuel_properties")
    out = FuelProperties()
    order: list[str] = []
    if "guideline" in t.columns:
        order = guidelines(fs) or sorted(set(t["guideline"].dropna()))
        chosen_g = guideline or fs.meta.get("default_guideline") or order[0]
        t, _ = select_fuel_parameters(t, chosen_g, order)
        other = t[t["fallback"] & t["guideline"].isin(order)]
        out.guideline_fallback = {
            f: i18n_label("warn.guideline_fallback", "en", fuel=f, parameter=", ".join(g["parameter"]),
                          guideline=chosen_g, used=", ".join(dict.fromkeys(g["guideline"])))
            for f, g in other.groupby("fuel", sort=True)
        }
        t = t.assign(source=[f"[{g}] {src}" if g in order else src for g, src in zip(t["guideline"], t["source"])])
        out.guideline = chosen_g
    _read_parameters(t, out)
    if "guideline" in t.columns:
        order_set = set(order)
        out.national_co2 = {f for f, par, g in zip(t["fuel"], t["parameter"], t["guideline"])
                            if par in ("carbon_content", "co2_ef") and g in order_set}
    _fill_from_stand_ins(fs, out)
    return out


def _read_parameters(t: pd.DataFrame, out: FuelProperties) -> None:
    for fuel, par, val, unit, src in zip(t["fuel"], t["parameter"], t["value"], t["unit"], t["source"]):
        if par == "ncv":
            if is_dimension(unit, "GJ/t"):
                out.ncv_mass[fuel] = val * factor_to(unit, "GJ/t")
            elif is_dimension(unit, "GJ/m3"):
                out.ncv_volume[fuel] = val * factor_to(unit, "GJ/m3")
            out.ncv_source[fuel] = f"{val:g} {unit}, {src}"
        elif par == "co2_ef":
            u = strip_gas(unit)[0]
            out.co2[fuel] = (val * factor_to(u, "t/GJ"), val, u, src)
        elif par == "carbon_content":
            out.cc[fuel] = (val * factor_to(unit, "t/GJ"), val, unit, src)
        elif par == "oxidation_factor":
            out.ox[fuel] = (val, src)


def _fill_from_stand_ins(fs: FactorSet, out: FuelProperties) -> None:
    """Fuels mapped to an IPCC fuel (``use = all``) take its properties where they have none of their own."""
    for fuel, ipcc in ipcc_fuel_map(fs, use="all").items():
        if fuel not in out.co2 and fuel not in out.cc and ipcc in out.national_co2:
            out.national_co2.add(fuel)
        _stand_in(out.ncv_mass, fuel, ipcc)
        _stand_in(out.ncv_volume, fuel, ipcc)
        _stand_in(out.co2, fuel, ipcc)
        _stand_in(out.cc, fuel, ipcc)
        _stand_in(out.ox, fuel, ipcc)
        if fuel not in out.ncv_source and ipcc in out.ncv_source:
            out.ncv_source[fuel] = f"as {ipcc}: {out.ncv_source[ipcc]}"


def _stand_in(d: dict[str, _T], fuel: str, ipcc: str) -> None:
    if fuel not in d and ipcc in d:
        d[fuel] = d[ipcc]


def densities(fs: FactorSet) -> pd.DataFrame:
    """Densities of the set by fuel: ``value`` in t/m3 and ``source`` (the value as published, its source)."""
    if not fs.has_table("densities"):
        return pd.DataFrame({"value": pd.Series(dtype=float), "source": pd.Series(dtype=object)})
    t = fs.table("densities").drop_duplicates("fuel")
    vals = [v * factor_to(u, "t/m3") for v, u in zip(t["value"], t["unit"])]
    return pd.DataFrame({"value": vals, "source": [f"{v:g} {u}, {s}" for v, u, s in
                                                   zip(t["value"], t["unit"], t["source"])]}, index=t["fuel"])


def mobile_table(fs: FactorSet) -> pd.DataFrame | None:
    return fs.table("mobile_combustion") if fs.has_table("mobile_combustion") else None


def ipcc_fuel_map(fs: FactorSet, use: str | None = None) -> dict[str, str]:
    """Stand-in IPCC fuels (``fuels_ipcc_map``); ``use="all"`` keeps those that may supply NCV and CO2 too."""
    if not fs.has_table("fuels_ipcc_map"):
        return {}
    t = fs.table("fuels_ipcc_map")
    if use is not None and "use" in t.columns:
        t = t[t["use"].fillna("all") == use]
    return dict(zip(t["fuel"], t["ipcc_fuel"]))


# ------------------------------------------------------------------------------------------ rules
Rule = Callable[[FactorSet, FuelProperties, CombustionKey], "Factor | NoFactor | None"]


def combustion_factor(fs: FactorSet, props: FuelProperties, key: CombustionKey) -> Factor | NoFactor:
    """The set's factor of ``key.gas`` for one fuel and use, by the rules of ``factor_precedence.csv``
    in order (the ``row`` rule is the sector's, applied to the whole column before this is asked)."""
    for name in rules(f"ef_{key.gas.lower()}", key.use):
        if name == "row":
            continue
        hit = _RULES[name](fs, props, key)
        if hit is not None:
            return hit
    if key.gas == "CO2":
        return NoFactor("ef_co2", f"factor set '{fs.id}' has no CO2 factor for {key.fuel}: give ef_co2 and ef_unit "
                                  "in this row")
    col = f"ef_{key.gas.lower()}"
    where = f"{key.category.replace('_', ' ')} {'transport' if key.mobile else 'combustion'}"
    return NoFactor(col, f"factor set '{fs.id}' has no {key.gas} factor for {key.fuel} in {where}: give {col} and "
                         "ef_unit in this row")


def _guideline_note(fs: FactorSet, props: FuelProperties, key: CombustionKey) -> str:
    """Audit note where a set with guidelines supplies the CO2 (GB/T 32151 / the NDRC guidelines compute
    mobile CO2 as NCV × CC × OF × 44/12 like stationary; CH4 and N2O still come from the IPCC tables)."""
    national = props.guideline
    if not national or (key.fuel not in props.national_co2 and mobile_table(fs) is not None):
        return ""
    return (f"; CO2 from the fuel parameters of guideline {national}"
            + (f" (not the IPCC {str(key.category).replace('_', '-')} transport CO2 default)" if key.mobile else "")
            + f"; CH4 and N2O from the IPCC 2006 {'mobile' if key.mobile else 'stationary'} combustion tables")


def _with_row_oxidation(hit: _Param, detail: str, note: str, key: CombustionKey, rule: str) -> Factor:
    tpg, v, u, sr = hit
    if key.ox_row is not None:
        tpg = tpg * key.ox_row
        return Factor(tpg, tpg * 1e6, "kg/TJ", sr, f"{v:g} {u} × oxidation factor {key.ox_row:g} (row){note}", rule)
    return Factor(tpg, v, u, sr, detail, rule)


def _from_carbon(props: FuelProperties, key: CombustionKey, note: str, rule: str) -> Factor:
    """EF = carbon content × oxidation × 44/12 (IPCC 2006 Vol. 2 Ch. 1 §1.4.2.1)."""
    tpg, v, u, sr = props.cc[key.fuel]
    of, of_src = props.ox.get(key.fuel, (1.0, "full oxidation"))
    if key.ox_row is not None:
        of, of_src = key.ox_row, "row"
    ef = tpg * of * CO2_PER_C
    return Factor(ef, ef * 1e6, "kg/TJ", sr, f"EF = carbon content {v:g} {u} × oxidation {of:g} ({of_src}) × 44/12{note}",
                  rule)


def _guideline_co2_ef(fs: FactorSet, props: FuelProperties, key: CombustionKey) -> Factor | None:
    if not (props.guideline and key.fuel in props.national_co2 and key.fuel in props.co2):
        return None
    note = _guideline_note(fs, props, key)
    return _with_row_oxidation(props.co2[key.fuel], note.lstrip("; "), note, key, "guideline_co2_ef")


def _guideline_carbon_content(fs: FactorSet, props: FuelProperties, key: CombustionKey) -> Factor | None:
    if not (props.guideline and key.fuel in props.national_co2 and key.fuel in props.cc):
        return None
    return _from_carbon(props, key, _guideline_note(fs, props, key), "guideline_carbon_content")


def _fuel_properties_co2_ef(fs: FactorSet, props: FuelProperties, key: CombustionKey) -> Factor | None:
    if key.fuel not in props.co2:
        return None
    note = _guideline_note(fs, props, key)
    return _with_row_oxidation(props.co2[key.fuel], note.lstrip("; "), note, key, "fuel_properties_co2_ef")


def _fuel_properties_carbon_content(fs: FactorSet, props: FuelProperties, key: CombustionKey) -> Factor | None:
    if key.fuel not in props.cc:
        return None
    return _from_carbon(props, key, _guideline_note(fs, props, key), "fuel_properties_carbon_content")


def _mobile_co2(fs: FactorSet, props: FuelProperties, key: CombustionKey) -> Factor | None:
    mob = mobile_table(fs)
    if mob is None:
        return None
    m = mob[(mob["mode"] == key.category) & (mob["fuel"] == key.fuel) & (mob["gas"] == "CO2")]
    if not len(m):
        return None
    r = m.iloc[0]
    hit = (r["value"] * factor_to(r["unit"], "t/GJ"), r["value"], r["unit"], r["source"])
    return _with_row_oxidation(hit, "", "", key, "mobile_table")


def _stand_ins(fs: FactorSet, fuel: str) -> list[str]:
    """The fuel, then its stand-in IPCC fuel (``fuels_ipcc_map``, any use)."""
    return [f for f in dict.fromkeys((fuel, ipcc_fuel_map(fs).get(fuel))) if f is not None]


def _mobile_non_co2(fs: FactorSet, props: FuelProperties, key: CombustionKey) -> Factor | NoFactor | None:
    mob = mobile_table(fs)
    if mob is None:
        return None
    cat, gas, tech = key.category, key.gas, key.technology
    for f in _stand_ins(fs, key.fuel):
        m = mob[(mob["mode"] == cat) & (mob["fuel"] == f) & (mob["gas"] == gas)]
        if m.empty:
            continue
        note = ""
        if tech:
            known = set(mob.loc[(mob["mode"] == cat) & (mob["fuel"] == f), "technology"])
            if tech not in known and known != {"all"}:
                return NoFactor("technology", f"unknown technology for {key.fuel} in {cat.replace('_', '-')} "
                                              f"transport: use one of {', '.join(sorted(known))}")
            mt = m[m["technology"] == tech]
            if mt.empty and known != {"all"}:
                note = f"IPCC gives no {gas} factor for technology {tech}: the default is used; "
            m = mt if len(mt) else m
        if len(m) > 1 and "is_default" in m.columns:
            dm = m[m["is_default"].astype(str).str.lower().isin(("true", "1", "yes"))]
            m = dm if len(dm) else m
        r = m.iloc[0]
        note += f"technology {r['technology']}" + (f"; {key.fuel} taken as {f}" if f != key.fuel else "")
        return Factor(r["value"] * factor_to(r["unit"], "t/GJ"), r["value"], r["unit"], r["source"], note,
                      "mobile_table")
    return None


def _stationary_non_co2(fs: FactorSet, props: FuelProperties, key: CombustionKey) -> Factor | None:
    stat = fs.table("stationary_combustion")
    for f in _stand_ins(fs, key.fuel):
        m = stat[(stat["fuel"] == f) & (stat["category"] == key.category) & (stat["gas"] == key.gas)]
        if len(m):
            r = m.iloc[0]
            return Factor(r["value"] * factor_to(r["unit"], "t/GJ"), r["value"], r["unit"], r["source"],
                          f"category {key.category}" + (f"; {key.fuel} taken as {f}" if f != key.fuel else ""),
                          "stationary_table")
    return None


def _mobile(fs: FactorSet, props: FuelProperties, key: CombustionKey) -> Factor | NoFactor | None:
    return _mobile_co2(fs, props, key) if key.gas == "CO2" else _mobile_non_co2(fs, props, key)


_RULES: dict[str, Rule] = {
    "guideline_co2_ef": _guideline_co2_ef,
    "guideline_carbon_content": _guideline_carbon_content,
    "mobile_table": _mobile,
    "fuel_properties_co2_ef": _fuel_properties_co2_ef,
    "fuel_properties_carbon_content": _fuel_properties_carbon_content,
    "stationary_table": _stationary_non_co2,
}
