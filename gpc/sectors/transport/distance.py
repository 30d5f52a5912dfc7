"""The ``transport`` sheet: distance-based transport (VKT, vehicle register, O–D trips) and fuel sales,
allocated by the GPC method of each row (GPC v1.1 Ch. 7; IPCC 2006 Vol. 2 Ch. 3).

:func:`prepare` reads the sheet once into arrays and collects every problem at its row; :func:`records`
builds the emission records from it. Equations: :mod:`gpc.methods.transport`; factors: the resolver
(fuel properties, mobile combustion factors, grid factor, Table 3.2.5 distance factors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gpc.activity_catalogue import fuel_catalogue, resolve_activity
from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.base import Factor
from gpc.factors.combustion import CombustionKey
from gpc.factors.resolve import resolver
from gpc.methods import transport as eq
from gpc.methods.electricity import LOSS_BASES, td_loss_emissions
from gpc.records import make_records
from gpc.units import UnitParseError, factor_to, is_dimension, parse_unit

SHEET = "transport"
ELECTRICITY = "electricity"
#: GPC sub-sector → the mode of the IPCC 2006 mobile combustion tables
MODES = {"II.1": "road", "II.2": "rail", "II.3": "navigation", "II.5": "off_road"}
_ELECTRIC_NAMES = {"electricity", "grid_electricity", "电力", "电", "电能", "electric"}


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


def intensity_unit(text: str) -> str:
    """A fuel-intensity unit as pint must read it: ``L/100km`` is litres per 100 km, not L ÷ 100 × km."""
    return re.sub(r"/\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$", r"/(\1 \2)", text.strip())


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

    @property
    def electric(self) -> np.ndarray:
        return np.array([f == ELECTRICITY for f in self.fuel], dtype=bool)


def _dimension(unit: str) -> str:
    for target, name in (("m3", "m3"), ("t", "t"), ("GJ", "GJ")):
        if is_dimension(unit, target):
            return name
    return ""


def prepare(df: pd.DataFrame, ctx: Context) -> Prepared:
    res = resolver(ctx)
    rows = np.array([int(r) for r in df["row"]], dtype=int)
    probs: list[Problem] = []
    name = shown(df)

    def bad(i: int, column: str, value: Any, message: str, severity: str = "error") -> None:
        probs.append(Problem(name, int(rows[i]), column, value, message, severity=severity))

    n = len(df)
    ref = [_ref(r) for r in _text(df, "gpc_ref")]
    sub = [".".join(r.split(".")[:2]) for r in ref]
    for i, (r, s) in enumerate(zip(ref, sub)):
        if s not in MODES:
            msg = ("aviation goes in the aviation sheet (or the activity sheet as fuel)" if s == "II.4" else
                   "the transport sheet reports in II.1 on-road, II.2 rail, II.3 waterborne or II.5 off-road")
            bad(i, "gpc_ref", r, msg)
        elif r.count(".") == 2 and r.endswith(".2"):
            bad(i, "gpc_ref", r, f"give the sub-sector ({s}) or {s}.1: electricity of electric vehicles goes to "
                                 f"{s}.2 by itself (fuel electricity)")
    method = np.array(_text(df, "method", "induced_activity"), dtype=object)
    option = _num(df, "induced_option")
    for i in map(int, np.flatnonzero(~np.isnan(option) & ~np.isin(option, (1, 2)))):
        bad(int(i), "induced_option", option[i], "induced_option is 1 (50 % of transboundary trips) or 2 "
                                                 "(departing trips)")
    option = np.where(np.isnan(option), 1.0, option)
    cross = np.array([bool(x) and not _blank(x) for x in _col(df, "cross_check")], dtype=bool)
    vclass = _text(df, "vehicle_class")
    tech = _text(df, "technology")

    # fuel
    known = res.fuels() | set(fuel_catalogue()["fuel"])
    fuel: list[str] = []
    for i, f in enumerate(_text(df, "fuel")):
        if f.lower() in _ELECTRIC_NAMES:
            fuel.append(ELECTRICITY)
            continue
        fid = resolve_activity(f, known) if f else None
        if fid is None:
            bad(i, "fuel", f or None, "give the fuel: a fuel id or name (motor_gasoline, gas_diesel_oil, lpg, "
                                      "natural_gas, 汽油, 柴油 …) or electricity")
        fuel.append(fid or "")

    # distances
    dunit = _text(df, "distance_unit", "km")
    dfac = np.ones(n)
    for u in sorted(set(dunit)):
        try:
            fk = factor_to(u, "km")
        except (UnitParseError, ValueError, Exception):
            fk = np.nan
        idx = [i for i, x in enumerate(dunit) if x == u]
        dfac[idx] = fk
        if np.isnan(fk):
            for i in idx:
                bad(i, "distance_unit", u, "distance_unit must be a length (km, mi, 公里)")
    vkt, veh, akm = _num(df, "vkt") * dfac, _num(df, "vehicles"), _num(df, "annual_km") * dfac
    trips, tlen = _num(df, "trips"), _num(df, "trip_length") * dfac
    km, kind = eq.row_distance(vkt, veh, akm, trips, tlen)
    sales = method == "fuel_sales"
    kind = np.where(sales, -1, kind)
    for i in map(int, np.flatnonzero(~sales)):
        i = int(i)
        if not np.isnan(vkt[i]):
            continue
        if not np.isnan(veh[i]) and np.isnan(akm[i]):
            bad(i, "annual_km", None, f"vehicles are given for {vclass[i] or 'this class'} but no annual_km: give the "
                                      "average annual distance per vehicle (年均行驶里程) and its source; gpc ships no "
                                      "default")
        elif np.isnan(veh[i]) and not np.isnan(akm[i]):
            bad(i, "vehicles", None, "annual_km needs vehicles (the number of vehicles, 机动车保有量)")
        elif not np.isnan(trips[i]) and np.isnan(tlen[i]):
            bad(i, "trip_length", None, "trips need trip_length (the average length of one trip)")
        elif np.isnan(trips[i]) and np.isnan(veh[i]):
            bad(i, "vkt", None, "give the distance: vkt, or vehicles with annual_km, or trips with trip_length")
    for c, arr in (("vkt", vkt), ("vehicles", veh), ("annual_km", akm), ("trips", trips), ("trip_length", tlen)):
        for i in map(int, np.flatnonzero(arr < 0)):
            bad(int(i), c, arr[i], f"{c} cannot be negative")

    # origin / destination and shares
    o_txt, d_txt = _text(df, "origin"), _text(df, "destination")
    o = np.array([np.nan if not x else float(x == "in") for x in o_txt])
    d = np.array([np.nan if not x else float(x == "in") for x in d_txt])
    share = _num(df, "in_boundary_share")
    for i in range(n):
        if sales[i]:
            continue
        if np.isnan(o[i]) != np.isnan(d[i]):
            col = "destination" if np.isnan(d[i]) else "origin"
            bad(i, col, None, "give both origin and destination (in or out of the city) for O–D trips")
            continue
        if method[i] == "induced_activity" and o[i] == 0 and d[i] == 0:
            bad(i, "origin", "out", "under induced activity a trip with no end in the city is not counted (it belongs "
                                    "to the cities it connects): remove the row, or count pass-through traffic with "
                                    "method geographic")
        transboundary = not np.isnan(o[i]) and not (o[i] == 1 and d[i] == 1)
        if transboundary and np.isnan(share[i]) and not (method[i] == "induced_activity" and option[i] == 2
                                                         and o[i] == 0):
            bad(i, "in_boundary_share", None, "a trip with an end outside the city needs in_boundary_share (the part "
                                              "of its length inside the boundary) to split II.x.1 from II.x.3")
    km_in, km_out, counted = eq.allocate(km, method, option, o, d, share)
    # a row without O–D reports in its own gpc_ref when no share splits it
    own3 = np.array([r.endswith(".3") for r in ref], dtype=bool) & np.isnan(share) & np.isnan(o)
    km_out = np.where(own3, km_in + km_out, km_out)
    km_in = np.where(own3, 0.0, km_in)

    # fuel intensity
    per_km = np.full(n, np.nan)
    per_km_dim = [""] * n
    iu = _text(df, "intensity_unit")
    fi = _num(df, "fuel_intensity")
    for i in map(int, np.flatnonzero(~sales)):
        i = int(i)
        if np.isnan(fi[i]):
            bad(i, "fuel_intensity", None, "give fuel_intensity (e.g. 8 with intensity_unit L/100km, 百公里油耗) — gpc "
                                           "ships no default fuel economy")
            continue
        if not iu[i]:
            bad(i, "intensity_unit", None, "give intensity_unit: L/100km, kg/100km, kWh/100km or km/L")
            continue
        u = intensity_unit(iu[i])
        elec = fuel[i] == ELECTRICITY
        targets = (("MWh/km", "MWh"),) if elec else (("m3/km", "m3"), ("t/km", "t"))
        hit = False
        for target, dim in targets:
            if _is(u, target):
                per_km[i], per_km_dim[i], hit = fi[i] * factor_to(u, target), dim, True
                break
        if not hit and not elec and _is(u, "km/m3"):
            per_km[i], per_km_dim[i], hit = 1.0 / (fi[i] * factor_to(u, "km/m3")), "m3", True
        if not hit and elec and _is(u, "km/kWh"):
            per_km[i], per_km_dim[i], hit = 1.0 / (fi[i] * factor_to(u, "km/MWh")), "MWh", True
        if not hit:
            want = "an electricity per distance such as kWh/100km" if elec else (
                "a fuel per distance (L/100km, kg/100km, m3/100km) or a distance per fuel (km/L)")
            bad(i, "intensity_unit", iu[i], f"'{iu[i]}' is not {want}")
        elif fi[i] <= 0:
            bad(i, "fuel_intensity", fi[i], "fuel_intensity must be above 0")

    # fuel sold
    fuel_base = np.full(n, np.nan)
    amount, funit = _num(df, "fuel_amount"), _text(df, "fuel_unit")
    for i in map(int, np.flatnonzero(sales)):
        i = int(i)
        if np.isnan(amount[i]) or not funit[i]:
            bad(i, "fuel_amount", None if np.isnan(amount[i]) else amount[i],
                "method fuel_sales needs fuel_amount and fuel_unit (the fuel sold in the city)")
            continue
        dim = _dimension(funit[i]) if fuel[i] != ELECTRICITY else ("MWh" if _is(funit[i], "MWh") else "")
        if not dim:
            bad(i, "fuel_unit", funit[i], "fuel_unit must be a volume (L, m3), mass (t) or energy (GJ, kWh)")
            continue
        fuel_base[i] = amount[i] * factor_to(funit[i], dim)
        per_km_dim[i] = dim

    # fuel → energy (GJ per base unit)
    props = res.fuel_properties()
    dens = res.densities()
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
                bad(i, "fuel", f, f"factor set '{ctx.factors.id}' has no net calorific value per mass for {f}")
                continue
            gj[i] = ncv_m
            gj_detail[i] = f"NCV {props.ncv_source.get(f, '')}"
        else:  # m3
            if f in props.ncv_volume:
                gj[i] = props.ncv_volume[f]
                gj_detail[i] = f"NCV {props.ncv_source.get(f, '')}"
            elif ncv_m is not None and f in dens.index:
                gj[i] = float(dens.loc[f, "value"]) * ncv_m
                gj_detail[i] = f"density {dens.loc[f, 'source']}; NCV {props.ncv_source.get(f, '')}"
            else:
                bad(i, "fuel", f, f"factor set '{ctx.factors.id}' has no density or volumetric NCV for {f}: give the "
                                  "fuel intensity in kg/100km")
    # share over 100 % (also refused by the reader) and double counting
    for i in map(int, np.flatnonzero(share > 1)):
        bad(int(i), "in_boundary_share", share[i], "in_boundary_share is a share of the trip: 0 to 1 (0 % to 100 %)")
    probs += _double_counting(name, rows, sub, method, cross, vclass)
    return Prepared(df, rows, sub, ref, method, option, cross, vclass, fuel, tech, km, kind, km_in, km_out,
                    counted, per_km, per_km_dim, fuel_base, gj, gj_detail, probs)


def _is(unit: str, target: str) -> bool:
    try:
        parse_unit(unit)
    except Exception:
        return False
    return is_dimension(unit, target)


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
            what = f"vehicle class {v}" if v and v0 else "this sub-sector"
            out.append(Problem(name, int(rows[i]), "method", m,
                               f"{what} of {s} is already counted with method {m0}: the same traffic cannot be "
                               "counted twice — split the rows by vehicle_class, or mark one method cross_check yes"))
        seen.setdefault((s, v), m)
    return out


def _gas_factor(res: Any, gas: str, fuel: str, mode: str, tech: str) -> Any:
    return res.combustion(CombustionKey(gas, fuel, mode, tech, None, True))


def records(p: Prepared, ctx: Context) -> pd.DataFrame:
    """Emission records of the rows that enter the totals (cross-checks excluded: see reconcile)."""
    res = resolver(ctx)
    parts: list[pd.DataFrame] = []
    basis = _text(p.df, "ch4_n2o_basis", "fuel")
    road = _text(p.df, "road_type")
    own_km = {g: _num(p.df, f"ef_{g.lower()}_km") for g in ("CH4", "N2O")}
    bio = fuel_catalogue()["biogenic"].to_dict()
    sales = p.method == "fuel_sales"
    use = ~p.cross
    elec = p.electric
    for part, scope_suffix in (("in", ".1"), ("out", ".3")):
        km_part = p.km_in if part == "in" else p.km_out
        base = np.where(sales, p.fuel_base if part == "in" else 0.0, km_part * p.per_km)
        if part == "in":
            base = np.where(sales & np.array([r.endswith(".3") for r in p.ref]), 0.0, base)
        else:
            base = np.where(sales & np.array([r.endswith(".3") for r in p.ref]), p.fuel_base, base)
        gj = base * p.gj_per_base
        refs = np.array([s + scope_suffix for s in p.sub], dtype=object)
        # combustion fuels
        sales3 = sales & np.array([r.endswith(".3") for r in p.ref])
        keep = use & ~elec & ~np.isnan(gj) & ((~sales3) if part == "in" else ((km_part > 0) & ~sales) | sales3)
        for gas in ("CO2", "CH4", "N2O"):
            vals = np.full(len(p.rows), np.nan)
            fval: list[Any] = [None] * len(p.rows)
            funit: list[Any] = [None] * len(p.rows)
            fsrc: list[Any] = [None] * len(p.rows)
            fname: list[Any] = [None] * len(p.rows)
            det: list[Any] = [None] * len(p.rows)
            groups: dict[tuple[str, ...], list[int]] = {}
            for i in map(int, np.flatnonzero(keep)):
                groups.setdefault((p.fuel[i], MODES.get(p.sub[i], "road"), p.tech[i], basis[i], p.vclass[i],
                                   road[i]), []).append(int(i))
            for key, idx in groups.items():
                f, mode, tech, b, vc, rt = key
                if gas != "CO2" and b == "distance":
                    own = own_km[gas][idx]
                    hit = res.transport().distance_factor(gas, vc, f, tech, rt) if np.isnan(own).any() else None
                    for j, i in enumerate(map(int, idx)):
                        if not np.isnan(own[j]):
                            vals[i] = eq.distance_emissions_t(km_part[i], own[j] / 1e3)
                            fval[i], funit[i], fsrc[i], fname[i] = own[j], "mg/km", "row", f"ef_{gas.lower()}_km"
                            det[i] = f"{km_part[i]:.6g} km × {own[j]:g} mg/km (row; IPCC 2006 Vol. 2 Eq. 3.2.5)"
                        elif isinstance(hit, Factor):  # else reported by validate
                            vals[i] = eq.distance_emissions_t(km_part[i], hit.per_unit)
                            fval[i], funit[i], fsrc[i] = hit.value, hit.unit, hit.source
                            fname[i] = f"ef_{gas.lower()}_km"
                            det[i] = (f"{km_part[i]:.6g} km × {hit.value:g} {hit.unit} ({hit.detail}; IPCC 2006 "
                                      "Vol. 2 Eq. 3.2.5)")
                    continue
                hit = _gas_factor(res, gas, f, mode, tech)
                if not isinstance(hit, Factor):
                    continue
                for i in idx:
                    vals[i] = gj[i] * hit.per_unit
                    fval[i], funit[i], fsrc[i], fname[i] = hit.value, hit.unit, hit.source, f"ef_{gas.lower()}"
                    det[i] = (f"{_how(p, i, part, base[i])}; {base[i]:.6g} {p.per_km_dim[i]} × {p.gj_per_base[i]:.6g} "
                              f"GJ/{p.per_km_dim[i]} ({p.gj_detail[i]}) = {gj[i]:.6g} GJ; × {hit.value:g} {hit.unit}"
                              + (f" ({hit.detail})" if hit.detail else "") + " (IPCC 2006 Vol. 2 Eq. 3.2.1)")
            m = keep & ~np.isnan(vals)
            if m.any():
                parts.append(_recs(p, m, refs, gas, vals, gj, base, km_part, fname, fval, funit, fsrc, det,
                                   biogenic=(gas == "CO2") & np.array([bool(bio.get(f, False)) for f in p.fuel])))
        # electric vehicles: grid electricity II.x.2 (in-boundary km), outside km II.x.3
        em = use & elec & ~np.isnan(base)
        if em.any():
            g = res.grid("grid_electricity")
            if isinstance(g, Factor):
                mwh = base
                co2 = mwh * g.per_unit
                eref = np.array([s + (".2" if part == "in" else ".3") for s in p.sub], dtype=object)
                det = [f"{_how(p, i, part, base[i])}; {mwh[i]:.6g} MWh × {g.value:g} {g.unit} (grid electricity"
                       + ("" if part == "in" else ", outside part of transboundary trips") + ")"
                       for i in range(len(p.rows))]
                parts.append(_recs(p, em, eref, "CO2", co2, mwh * 3.6, mwh, km_part, ["grid_factor"] * len(p.rows),
                                   [g.value] * len(p.rows), [g.unit] * len(p.rows), [g.source] * len(p.rows), det,
                                   activity="grid_electricity", unit="MWh"))
                if part == "in":
                    parts += _td(p, em, mwh, g, ctx)
    if not parts:
        from gpc.records import empty_records
        return empty_records()
    return pd.concat(parts, ignore_index=True)


def _how(p: Prepared, i: int, part: str, base: float) -> str:
    m = str(p.method[i])
    if m == "fuel_sales":
        return "fuel sold in the city (GPC v1.1 §7.2 fuel sales)"
    src = {0: "VKT", 1: "vehicles × annual km (vehicle register)", 2: "trips × trip length"}[int(p.kind[i])]
    km = p.km_in[i] if part == "in" else p.km_out[i]
    opt = f" option {int(p.option[i])}" if m == "induced_activity" else ""
    whole = p.km[i] * p.counted[i]
    share = f" × {'in-boundary' if part == 'in' else 'outside'} share {km / whole:.4g}" if whole and km != whole else ""
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


def factor_problems(p: Prepared, ctx: Context) -> list[Problem]:
    """Rows whose factors the set lacks (asked once per distinct key)."""
    res = resolver(ctx)
    out: list[Problem] = []
    basis = _text(p.df, "ch4_n2o_basis", "fuel")
    road = _text(p.df, "road_type")
    own = {g: _num(p.df, f"ef_{g.lower()}_km") for g in ("CH4", "N2O")}
    cache: dict[Any, Any] = {}
    for i in range(len(p.rows)):
        f = p.fuel[i]
        if not f or p.sub[i] not in MODES:
            continue
        if f == ELECTRICITY:
            key: Any = ("grid",)
            if key not in cache:
                cache[key] = res.grid("grid_electricity")
            hit = cache[key]
            if not isinstance(hit, Factor):
                out.append(Problem("city" if hit.city else shown(p.df), None if hit.city else int(p.rows[i]), hit.column,
                                   None, hit.message))
            continue
        for gas in ("CO2", "CH4", "N2O"):
            if gas != "CO2" and basis[i] == "distance":
                if not np.isnan(own[gas][i]):
                    continue
                key = ("d", gas, p.vclass[i], f, p.tech[i], road[i])
                if key not in cache:
                    cache[key] = res.transport().distance_factor(gas, p.vclass[i], f, p.tech[i], road[i])
            else:
                key = ("c", gas, f, MODES[p.sub[i]], p.tech[i])
                if key not in cache:
                    cache[key] = _gas_factor(res, gas, f, MODES[p.sub[i]], p.tech[i])
            hit = cache[key]
            if not isinstance(hit, Factor):
                out.append(Problem(shown(p.df), int(p.rows[i]), hit.column, None, hit.message))
    return out
