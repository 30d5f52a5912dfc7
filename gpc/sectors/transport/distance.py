"""The ``transport`` sheet: distance-based transport (VKT, vehicle register, O–D trips) and fuel sales,
allocated by the GPC method of each row (GPC v1.1 Ch. 7; IPCC 2006 Vol. 2 Ch. 3).

:func:`prepare` reads the sheet once into arrays and collects every problem at its row; :func:`records`
builds the emission records from it. Equations: :mod:`gpc.methods.transport`; factors: the resolver
(fuel properties, mobile combustion factors, grid factor, Table 3.2.5 distance factors). Fuels, fuel intensity
and energy per unit: :mod:`.intensity`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gpc.activity_catalogue import fuel_catalogue
from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.base import Factor
from gpc.factors.combustion import CombustionKey
from gpc.factors.resolve import resolver
from gpc.i18n import label
from gpc.methods import transport as eq
from gpc.methods.electricity import LOSS_BASES, td_loss_emissions
from gpc.records import empty_records, make_records
from gpc.sectors.transport.intensity import (
    ELECTRICITY,
    Bad,
    energy_per_unit,
    fuel_ids,
    fuel_per_km,
    fuel_sold,
)
from gpc.units import UnitParseError, factor_to

SHEET = "transport"
#: GPC sub-sector → the mode of the IPCC 2006 mobile combustion tables
MODES = {"II.1": "road", "II.2": "rail", "II.3": "navigation", "II.5": "off_road"}


def shown(df: pd.DataFrame, default: str = SHEET) -> str:
    """The sheet's name as the workbook shows it (交通, 道路交通 …): problems and records point there."""
    return str(df["sheet"].iloc[0]) if "sheet" in df.columns and len(df) else default


def _col(df: pd.DataFrame, name: str) -> list[Any]:
    return list(df[name]) if name in df.columns else [None] * len(df)


def _blank(x: Any) -> bool:
    return x is None or (isinstance(x, float) and np.isnan(x)) or (isinstance(x, str) and not x.strip())


def _num(df: pd.DataFrame, name: str) -> np.ndarray:
    return np.array([np.nan if _blank(x) else float(x) for x in _col(df, name)], dtype=float)


def _text(df: pd.DataFrame, name: str, default: str = "") -> list[str]:
    return [default if _blank(x) else str(x).strip() for x in _col(df, name)]


def _ref(text: str) -> str:
    """A GPC row (II.1.1) or sub-sector (II.1, 道路交通) typed in gpc_ref, as its number."""
    from gpc import taxonomy

    if not text:
        return ""
    ref = taxonomy.normalise_ref(text)
    if re.fullmatch(r"II\.[1-5]", ref):
        return ref
    try:
        return taxonomy.resolve_ref(text)
    except ValueError:
        return ref


@dataclass
class Prepared:
    """The sheet as arrays (one entry per row) and its problems."""

    df: pd.DataFrame
    rows: np.ndarray
    sub: list[str]                    # II.x
    ref: list[str]                    # the row's own gpc_ref
    method: np.ndarray
    option: np.ndarray
    cross: np.ndarray
    vclass: list[str]
    fuel: list[str]
    tech: list[str]
    km: np.ndarray                    # kilometres of the row's trips (before allocation)
    kind: np.ndarray                  # 0 VKT, 1 register, 2 trips, -1 fuel sales
    km_in: np.ndarray
    km_out: np.ndarray
    counted: np.ndarray
    per_km: np.ndarray                # fuel per km in base (m3, t, GJ) or MWh for electricity
    per_km_dim: list[str]             # "m3" | "t" | "GJ" | "MWh" | ""
    fuel_base: np.ndarray             # fuel sold in base units (fuel_sales rows)
    gj_per_base: np.ndarray           # GJ per m3 / t / GJ of the fuel
    gj_detail: list[str]
    problems: list[Problem] = field(default_factory=list)
    region: list[str] = field(default_factory=list)   # us | europe: the table of distance-based CH4/N2O factors

    @property
    def electric(self) -> np.ndarray:
        return np.array([f == ELECTRICITY for f in self.fuel], dtype=bool)



def prepare(df: pd.DataFrame, ctx: Context) -> Prepared:
    """The sheet as arrays, every problem at its row (in the order of the steps below)."""
    res = resolver(ctx)
    rows = np.array([int(r) for r in df["row"]], dtype=int)
    probs: list[Problem] = []
    name = shown(df)

    def bad(i: int, column: str, value: Any, message: str, severity: str = "error") -> None:
        probs.append(Problem(name, int(rows[i]), column, value, message, severity=severity))

    ref, sub, method, option = _refs_and_methods(df, bad)
    cross = np.array([bool(x) and not _blank(x) for x in _col(df, "cross_check")], dtype=bool)
    vclass = _text(df, "vehicle_class")
    tech = _text(df, "technology")
    fuel = fuel_ids(_text(df, "fuel"), res.fuels(), bad)
    km, kind, sales = _distances(df, method, vclass, bad)
    share, km_in, km_out, counted = _allocation(df, km, ref, method, option, sales, bad)
    electric = [f == ELECTRICITY for f in fuel]
    per_km, per_km_dim = fuel_per_km(_num(df, "fuel_intensity"), _text(df, "intensity_unit"), electric, ~sales, bad)
    fuel_base = fuel_sold(_num(df, "fuel_amount"), _text(df, "fuel_unit"), electric, sales, per_km_dim, bad)
    gj, gj_detail = energy_per_unit(fuel, per_km_dim, res.fuel_properties(), res.densities(), ctx.factors.id, bad)
    # share over 100 % (also refused by the reader) and double counting
    for i in map(int, np.flatnonzero(share > 1)):
        bad(int(i), "in_boundary_share", share[i], label("err.transport_share", "en"))
    out2 = np.array([x == "scope3" for x in _text(df, "induced_option2_outside", "none")], dtype=bool)
    for i in map(int, np.flatnonzero(out2 & ~((method == "induced_activity") & (option == 2)))):
        bad(i, "induced_option2_outside", "scope3", label("err.transport_option2_outside", "en"), "warning")
    probs += _double_counting(name, rows, sub, method, cross, vclass)
    return Prepared(df, rows, sub, ref, method, option, cross, vclass, fuel, tech, km, kind, km_in, km_out,
                    counted, per_km, per_km_dim, fuel_base, gj, gj_detail, probs,
                    _text(df, "distance_ef_region", default_distance_region(ctx)))


def default_distance_region(ctx: Context) -> str:
    """The table of distance-based CH4/N2O factors when a row leaves distance_ef_region blank: the US Tables
    3.2.3/3.2.4 for a city in the United States, else the European Table 3.2.5 (COPERT IV)."""
    country = str(ctx.settings.country or "").strip().upper()
    return "us" if country in ("US", "USA") else "europe"


def _refs_and_methods(df: pd.DataFrame, bad: Bad) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """Each row's gpc_ref (checked against the sub-sectors of the sheet), its sub-sector, method and option."""
    ref = [_ref(r) for r in _text(df, "gpc_ref")]
    sub = [".".join(r.split(".")[:2]) for r in ref]
    for i, (r, s) in enumerate(zip(ref, sub)):
        if s not in MODES:
            msg = label("err.transport_aviation_ref" if s == "II.4" else "err.transport_ref", "en")
            bad(i, "gpc_ref", r, msg)
        elif r.count(".") == 2 and r.endswith(".2"):
            bad(i, "gpc_ref", r, label("err.transport_ev_ref", "en", sub=s))
    method = np.array(_text(df, "method", "induced_activity"), dtype=object)
    option = _num(df, "induced_option")
    for i in map(int, np.flatnonzero(~np.isnan(option) & ~np.isin(option, (1, 2)))):
        bad(int(i), "induced_option", option[i], label("err.transport_induced_option", "en"))
    return ref, sub, method, np.where(np.isnan(option), 1.0, option)


def _distance_factors(df: pd.DataFrame, bad: Bad) -> np.ndarray:
    """km per distance_unit of each row (NaN, and a problem, where the unit is no length)."""
    dunit = _text(df, "distance_unit", "km")
    dfac = np.ones(len(df))
    for u in sorted(set(dunit)):
        try:
            fk = factor_to(u, "km")
        except (UnitParseError, ValueError, Exception):
            fk = np.nan
        idx = [i for i, x in enumerate(dunit) if x == u]
        dfac[idx] = fk
        if np.isnan(fk):
            for i in idx:
                bad(i, "distance_unit", u, label("err.transport_distance_unit", "en"))
    return dfac


def _distances(df: pd.DataFrame, method: np.ndarray, vclass: list[str],
               bad: Bad) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kilometres of each row, how they were given (``kind``; -1 fuel sales) and the fuel-sales mask."""
    dfac = _distance_factors(df, bad)
    vkt, veh, akm = _num(df, "vkt") * dfac, _num(df, "vehicles"), _num(df, "annual_km") * dfac
    trips, tlen = _num(df, "trips"), _num(df, "trip_length") * dfac
    km, kind = eq.row_distance(vkt, veh, akm, trips, tlen)
    sales = method == "fuel_sales"
    kind = np.where(sales, -1, kind)
    for i in map(int, np.flatnonzero(~sales)):
        if not np.isnan(vkt[i]):
            continue
        if not np.isnan(veh[i]) and np.isnan(akm[i]):
            bad(i, "annual_km", None, label("err.transport_annual_km", "en"))
        elif np.isnan(veh[i]) and not np.isnan(akm[i]):
            bad(i, "vehicles", None, label("err.transport_vehicles", "en"))
        elif not np.isnan(trips[i]) and np.isnan(tlen[i]):
            bad(i, "trip_length", None, label("err.transport_trip_length", "en"))
        elif np.isnan(trips[i]) and np.isnan(veh[i]):
            bad(i, "vkt", None, label("err.transport_no_distance", "en"))
    given = np.column_stack([~np.isnan(vkt), ~np.isnan(veh) | ~np.isnan(akm), ~np.isnan(trips) | ~np.isnan(tlen)])
    for i in map(int, np.flatnonzero(~sales & (given.sum(axis=1) > 1))):  # which one is meant: refuse, not guess
        ways = [w for w, g in zip(("vkt", "vehicles × annual_km", "trips × trip_length"), given[i]) if g]
        bad(i, "vkt" if given[i, 0] else "trips", None, label("err.transport_two_distances", "en",
                                                              given=", ".join(ways)))
    for c, arr in (("vkt", vkt), ("vehicles", veh), ("annual_km", akm), ("trips", trips), ("trip_length", tlen)):
        for i in map(int, np.flatnonzero(arr < 0)):
            bad(int(i), c, arr[i], label("err.transport_negative", "en", column=c))
    return km, kind, sales


def _allocation(df: pd.DataFrame, km: np.ndarray, ref: list[str], method: np.ndarray, option: np.ndarray,
                sales: np.ndarray, bad: Bad) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Origin / destination and in_boundary_share checked; km inside and outside the boundary, share counted."""
    o = np.array([np.nan if not x else float(x == "in") for x in _text(df, "origin")])
    d = np.array([np.nan if not x else float(x == "in") for x in _text(df, "destination")])
    share = _num(df, "in_boundary_share")
    for i in range(len(df)):
        if sales[i]:
            continue
        if np.isnan(o[i]) != np.isnan(d[i]):
            col = "destination" if np.isnan(d[i]) else "origin"
            bad(i, col, None, label("err.transport_od", "en"))
            continue
        if method[i] == "induced_activity" and o[i] == 0 and d[i] == 0:
            bad(i, "origin", "out", label("err.transport_passthrough", "en"))
        transboundary = not np.isnan(o[i]) and not (o[i] == 1 and d[i] == 1)
        if transboundary and np.isnan(share[i]) and not (method[i] == "induced_activity" and option[i] == 2
                                                         and o[i] == 0):
            bad(i, "in_boundary_share", None, label("err.transport_share_missing", "en"))
    out2 = np.array([x == "scope3" for x in _text(df, "induced_option2_outside", "none")], dtype=bool)
    km_in, km_out, counted = eq.allocate(km, method, option, o, d, share, out2)
    # a row without O–D reports in its own gpc_ref when no share splits it
    own3 = np.array([r.endswith(".3") for r in ref], dtype=bool) & np.isnan(share) & np.isnan(o)
    km_out = np.where(own3, km_in + km_out, km_out)
    km_in = np.where(own3, 0.0, km_in)
    return share, km_in, km_out, counted



def _double_counting(name: str, rows: np.ndarray, sub: list[str], method: np.ndarray, cross: np.ndarray,
                     vclass: list[str]) -> list[Problem]:
    """GPC v1.1 §7.2: one method per sub-sector (and vehicle class); a second one is a cross-check."""
    out: list[Problem] = []
    seen: dict[tuple[str, str], str] = {}
    first: dict[str, str] = {}
    for i in map(int, np.flatnonzero(~cross)):
        s, m, v = sub[i], str(method[i]), vclass[i]
        first.setdefault(s, m)
        key_other = [(k, mm) for k, mm in seen.items() if k[0] == s and mm != m and (not v or not k[1] or k[1] == v)]
        if key_other:
            (_, v0), m0 = key_other[0]
            msg = (label("err.transport_twice_class", "en", vehicle_class=v, sub=s, method=m0) if v and v0
                   else label("err.transport_twice", "en", sub=s, method=m0))
            out.append(Problem(name, int(rows[i]), "method", m, msg))
        seen.setdefault((s, v), m)
    return out


def _gas_factor(res: Any, gas: str, fuel: str, mode: str, tech: str) -> Any:
    return res.combustion(CombustionKey(gas, fuel, mode, tech, None, True))


class _Cols:
    """Emissions and factor columns of one gas, one entry per row (filled where a factor applies)."""

    def __init__(self, n: int) -> None:
        self.vals = np.full(n, np.nan)
        self.fname: list[Any] = [None] * n
        self.fval: list[Any] = [None] * n
        self.funit: list[Any] = [None] * n
        self.fsrc: list[Any] = [None] * n
        self.det: list[Any] = [None] * n


def records(p: Prepared, ctx: Context) -> pd.DataFrame:
    """Emission records of the rows that enter the totals (cross-checks excluded: see reconcile)."""
    res = resolver(ctx)
    parts: list[pd.DataFrame] = []
    sales = p.method == "fuel_sales"
    sales3 = sales & np.array([r.endswith(".3") for r in p.ref])
    use = ~p.cross
    elec = p.electric
    for part, scope_suffix in (("in", ".1"), ("out", ".3")):
        km_part = p.km_in if part == "in" else p.km_out
        base = np.where(sales, p.fuel_base if part == "in" else 0.0, km_part * p.per_km)
        base = np.where(sales3, 0.0 if part == "in" else p.fuel_base, base)
        gj = base * p.gj_per_base
        refs = np.array([s + scope_suffix for s in p.sub], dtype=object)
        # combustion fuels
        keep = use & ~elec & ~np.isnan(gj) & ((~sales3) if part == "in" else ((km_part > 0) & ~sales) | sales3)
        parts += _combustion_records(p, res, part, keep, refs, km_part, base, gj)
        # electric vehicles: grid electricity II.x.2 (in-boundary km), outside km II.x.3
        em = use & elec & ~np.isnan(base)
        if em.any():
            parts += _electric_records(p, res, ctx, part, em, km_part, base)
    return pd.concat(parts, ignore_index=True) if parts else empty_records()


def _combustion_records(p: Prepared, res: Any, part: str, keep: np.ndarray, refs: np.ndarray, km_part: np.ndarray,
                        base: np.ndarray, gj: np.ndarray) -> list[pd.DataFrame]:
    """CO2, CH4 and N2O of the combustion fuels of one part (inside / outside the boundary)."""
    basis = _text(p.df, "ch4_n2o_basis", "fuel")
    road = _text(p.df, "road_type")
    own_km = {g: _num(p.df, f"ef_{g.lower()}_km") for g in ("CH4", "N2O")}
    bio = fuel_catalogue()["biogenic"].to_dict()
    groups: dict[tuple[str, ...], list[int]] = {}
    for i in map(int, np.flatnonzero(keep)):
        groups.setdefault((p.fuel[i], MODES.get(p.sub[i], "road"), p.tech[i], basis[i], p.vclass[i], road[i],
                           p.region[i]), []).append(int(i))
    out: list[pd.DataFrame] = []
    for gas in ("CO2", "CH4", "N2O"):
        c = _Cols(len(p.rows))
        for key, idx in groups.items():
            f, mode, tech, b, vc, rt, _ = key
            if gas != "CO2" and b == "distance":
                _distance_basis(res, gas, key, idx, own_km[gas][idx], km_part, c, p)
                continue
            hit = _gas_factor(res, gas, f, mode, tech)
            if not isinstance(hit, Factor):
                continue
            for i in idx:
                c.vals[i] = gj[i] * hit.per_unit
                c.fval[i], c.funit[i], c.fsrc[i], c.fname[i] = hit.value, hit.unit, hit.source, f"ef_{gas.lower()}"
                c.det[i] = (f"{_how(p, i, part, base[i])}; {base[i]:.6g} {p.per_km_dim[i]} × {p.gj_per_base[i]:.6g} "
                            f"GJ/{p.per_km_dim[i]} ({p.gj_detail[i]}) = {gj[i]:.6g} GJ; × {hit.value:g} {hit.unit}"
                            + (f" ({hit.detail})" if hit.detail else "") + " (IPCC 2006 Vol. 2 Eq. 3.2.1)")
        m = keep & ~np.isnan(c.vals)
        if m.any():
            out.append(_recs(p, m, refs, gas, c.vals, gj, base, km_part, c.fname, c.fval, c.funit, c.fsrc, c.det,
                             biogenic=(gas == "CO2") & np.array([bool(bio.get(f, False)) for f in p.fuel])))
    return out


def _distance_basis(res: Any, gas: str, key: tuple[str, ...], idx: list[int], own: np.ndarray, km_part: np.ndarray,
                    c: _Cols, p: Prepared) -> None:
    """CH4 / N2O per km (IPCC 2006 Vol. 2 Eq. 3.2.5): the row's own factor, else the set's Table 3.2.3/3.2.4 (US)
    or 3.2.5 (Europe); with the US table also the cold-start term C = starts × factor per start (Table 3.2.3),
    the row's starts split inside / outside the boundary like its kilometres."""
    f, _, tech, _, vc, rt, region = key
    tf = res.transport()
    hit = tf.distance_factor(gas, vc, f, tech, rt, region) if np.isnan(own).any() else None
    cold = tf.start_factor(gas, vc, f, tech, region) if isinstance(hit, Factor) else None
    starts = _num(p.df, "starts")
    for j, i in enumerate(map(int, idx)):
        if not np.isnan(own[j]):
            c.vals[i] = eq.distance_emissions_t(km_part[i], own[j] / 1e3)
            c.fval[i], c.funit[i], c.fsrc[i], c.fname[i] = own[j], "mg/km", "row", f"ef_{gas.lower()}_km"
            c.det[i] = f"{km_part[i]:.6g} km × {own[j]:g} mg/km (row; IPCC 2006 Vol. 2 Eq. 3.2.5)"
        elif isinstance(hit, Factor):  # else reported by validate
            c.vals[i] = eq.distance_emissions_t(km_part[i], hit.per_unit)
            c.fval[i], c.funit[i], c.fsrc[i] = hit.value, hit.unit, hit.source
            c.fname[i] = f"ef_{gas.lower()}_km"
            c.det[i] = f"{km_part[i]:.6g} km × {hit.value:g} {hit.unit} ({hit.detail})"
            if isinstance(cold, Factor) and not np.isnan(starts[i]):
                n = starts[i] * km_part[i] / p.km[i] if p.km[i] > 0 else 0.0
                c.vals[i] += eq.cold_start_emissions_t(n, cold.per_unit)
                c.fsrc[i] = f"{hit.source}; cold start {cold.source}"
                part = "" if n == starts[i] else f" (share {n / starts[i]:.4g} of {starts[i]:.6g} starts, as the km)"
                c.det[i] += f" + {n:.6g} starts{part} × {cold.value:g} {cold.unit} ({cold.detail})"
            c.det[i] += " (IPCC 2006 Vol. 2 Eq. 3.2.5)"


def _electric_records(p: Prepared, res: Any, ctx: Context, part: str, em: np.ndarray, km_part: np.ndarray,
                      base: np.ndarray) -> list[pd.DataFrame]:
    """Grid electricity of electric vehicles: II.x.2 inside the boundary (and its T&D losses), II.x.3 outside."""
    g = res.grid("grid_electricity")
    if not isinstance(g, Factor):
        return []
    mwh = base
    co2 = mwh * g.per_unit
    n = len(p.rows)
    eref = np.array([s + (".2" if part == "in" else ".3") for s in p.sub], dtype=object)
    det = [f"{_how(p, i, part, base[i])}; {mwh[i]:.6g} MWh × {g.value:g} {g.unit} (grid electricity"
           + ("" if part == "in" else ", outside part of transboundary trips") + ")"
           for i in range(n)]
    out = [_recs(p, em, eref, "CO2", co2, mwh * 3.6, mwh, km_part, ["grid_factor"] * n, [g.value] * n,
                 [g.unit] * n, [g.source] * n, det, activity="grid_electricity", unit="MWh")]
    if part == "in":
        out += _td(p, em, mwh, g, ctx)
    return out


def _how(p: Prepared, i: int, part: str, base: float) -> str:
    m = str(p.method[i])
    if m == "fuel_sales":
        return "fuel sold in the city (GPC v1.1 §7.2 fuel sales)"
    src = {0: "VKT", 1: "vehicles × annual km (vehicle register)", 2: "trips × trip length"}[int(p.kind[i])]
    km = p.km_in[i] if part == "in" else p.km_out[i]
    opt = f" option {int(p.option[i])}" if m == "induced_activity" else ""
    whole = p.km[i] * p.counted[i]
    share = f" × {'in-boundary' if part == 'in' else 'outside'} share {km / whole:.4g}" if whole and km != whole else ""
    if m == "induced_activity" and p.option[i] == 2 and part == "in" and whole and km != whole and not p.km_out[i]:
        share += " (the outside part is not counted under option 2: induced_option2_outside none)"
    return (f"{m.replace('_', ' ')}{opt}: {p.km[i]:.6g} km ({src}) × {p.counted[i]:g} counted{share} → "
            f"{km:.6g} km {'inside' if part == 'in' else 'outside'} the boundary × {p.per_km[i]:.6g} "
            f"{p.per_km_dim[i]}/km")


def _recs(p: Prepared, m: np.ndarray, refs: np.ndarray, gas: str, vals: np.ndarray, gj: np.ndarray, base: np.ndarray,
          km: np.ndarray, fname: list[Any], fval: list[Any], funit: list[Any], fsrc: list[Any], det: list[Any],
          biogenic: Any = False, activity: Any = None, unit: Any = None) -> pd.DataFrame:
    idx = np.flatnonzero(m)
    bio = np.asarray(biogenic)[idx] if isinstance(biogenic, np.ndarray) else biogenic
    return make_records(
        sheet=shown(p.df), row=p.rows[idx], gpc_ref=refs[idx], gas=gas, emissions_t=vals[idx], biogenic=bio,
        method=p.method[idx], activity=np.array(p.fuel, dtype=object)[idx] if activity is None else activity,
        amount=base[idx], unit=np.array(p.per_km_dim, dtype=object)[idx] if unit is None else unit,
        energy_gj=gj[idx], factor_name=np.array(fname, dtype=object)[idx], factor_value=np.array(fval, dtype=float)[idx],
        factor_unit=np.array(funit, dtype=object)[idx], factor_source=np.array(fsrc, dtype=object)[idx],
        detail=np.array(det, dtype=object)[idx], vehicle_class=np.array(p.vclass, dtype=object)[idx], km=km[idx])


def _td(p: Prepared, em: np.ndarray, mwh: np.ndarray, g: Factor, ctx: Context) -> list[pd.DataFrame]:
    """T&D losses of the electricity of electric vehicles, II.x.3 (GPC v1.1 §7.3; as the activity sheet)."""
    s = ctx.settings
    rate = s.td_loss_rate
    if rate is None or float(rate) == 0:
        return []
    basis = s.td_loss_basis if s.td_loss_basis in LOSS_BASES else LOSS_BASES[0]
    vals = td_loss_emissions(mwh, float(rate), g.per_unit, basis)
    n = len(p.rows)
    det = [f"{mwh[i]:.6g} MWh, td_loss_rate {float(rate):g} ({basis} basis) × {g.value:g} {g.unit}" for i in range(n)]
    refs = np.array([sub + ".3" for sub in p.sub], dtype=object)
    recs = _recs(p, em, refs, "CO2", vals, mwh * 3.6, mwh, p.km_in, ["grid_factor"] * n, [g.value] * n,
                 [g.unit] * n, [g.source] * n, det, activity="grid_electricity", unit="MWh")
    recs["method"] = "td_losses"
    return [recs]
