"""Fuel combustion of the ``activity`` sheet (GPC ch. 6 stationary energy, ch. 7 transportation):
E = energy (GJ), mass (t) or volume (m3) × the factor of each gas (IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1,
Ch. 3 Eq. 3.2.1) — :func:`gpc.methods.combustion.combustion_emissions`.

The steps: check the GPC row and unit of each row; NCV and density (the row's, else the set's); energy,
mass and volume of each amount; per gas the factor (the row's, else the resolver's, looked up once per
distinct (fuel, category or transport mode, technology, oxidation factor)); records with provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.activity_catalogue import fuel_catalogue
from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.base import NoFactor
from gpc.factors.combustion import CombustionKey
from gpc.factors.resolve import Resolver, resolver
from gpc.methods.combustion import combustion_emissions
from gpc.records import RecordSet
from gpc.sectors.energy.sheet import (
    Labels,
    Sheet,
    blank,
    common_columns,
    dim_code,
    factor_or_nan,
    same_dim,
    scope_map,
    sheet_at,
)
from gpc.units import UnitParseError, factor_to, is_dimension, magnitude_in, parse_unit, strip_gas
from gpc.vector import Coded, groups

__all__ = ["GASES", "MOBILE_MODES", "fuel_combustion"]

GASES = ("CO2", "CH4", "N2O")
#: combustion categories of GPC rows that are transport modes (mobile combustion)
MOBILE_MODES = ("road", "rail", "navigation", "aviation", "off_road")


@dataclass
class _Properties:
    """NCV (GJ/t or GJ/m3) and density (t/m3) of each row, with the source of each as labels."""

    ncv_m: np.ndarray
    ncv_v: np.ndarray
    dens: np.ndarray
    ncv_src: Labels
    dens_src: Labels


@dataclass
class _Amounts:
    """What each amount is as energy (GJ), mass (t) and volume (m3) — NaN where it cannot be turned."""

    energy: np.ndarray
    mass: np.ndarray
    volume: np.ndarray


def fuel_combustion(idx: np.ndarray, t: Sheet, aid: Coded, ctx: Context, recs: RecordSet) -> None:
    """Records of the fuel rows ``idx``: one per (row, gas) with a factor."""
    checked = _checked(idx, t)
    if checked is None:
        return
    i, unit, dim, category = checked
    res = resolver(ctx)
    fuel = aid.take(i)
    amount = t.num("amount")[i]
    _guideline_warnings(fuel, res, t)
    p = _properties(t, i, fuel, res)
    q = _amounts(amount, unit, p)
    mobile = category.isin(list(MOBILE_MODES))
    keys = _factor_keys(i, t, fuel, category)
    notes, pg = _notes(fuel, dim, p)
    catalogue_bio = fuel_catalogue()["biogenic"]
    biogenic_fuel = fuel.map(lambda f: bool(catalogue_bio.get(f, False)), dtype=bool, na=False)
    row_bio = t.coded("biogenic").take(i)
    rows = dict(common_columns(t, i), method=Coded(mobile.astype(np.intp), ["stationary_combustion",
                                                                          "mobile_combustion"]),
                activity=fuel, amount=amount, unit=unit, energy_gj=q.energy, technology=t.coded("technology").take(i),
                data_quality=t.coded("data_quality").take(i), input_source=t.coded("source").take(i),
                mass_t=q.mass, density_t_per_m3=p.dens)
    is_bio = np.where(row_bio.isna(), biogenic_fuel, row_bio.eq(True))
    bad_rows: set[int] = set()
    for gas in GASES:
        t_per, basis, shown_v, shown_u, src, det = _factors_for_gas(i, t, fuel, category, mobile, gas, res, keys)
        base = np.select([basis == 0, basis == 1, basis == 2], [q.energy, q.mass, q.volume], np.nan)
        em = combustion_emissions(base, t_per)
        _report_unconvertible(np.isnan(em) & ~np.isnan(t_per), basis, bad_rows, i, t, amount, fuel)
        k = ~np.isnan(em)
        if not k.any():
            continue
        note_code = pg * 2 + ((dim != 0) & (basis == 0))   # whether the NCV was used
        _add(recs, rows, k, gas, em, is_bio, shown_v, shown_u, src, det, note_code, notes)


def _checked(idx: np.ndarray, t: Sheet) -> tuple[np.ndarray, Coded, np.ndarray, Coded] | None:
    """Rows in a scope-1 combustion row (or a II.x.3 transboundary row) with an energy, mass or volume unit
    (a problem for the others): (rows, unit, dimension code 0/1/2, combustion category)."""
    if not len(idx):
        return None
    tax = taxonomy.table()
    cat_of = dict(zip(tax.index, tax["combustion_category"].fillna("")))
    scopes = scope_map()
    gref = t.coded("gpc_ref").take(idx)
    category = gref.recode(lambda r: cat_of.get(str(r), "") or "")
    no_cat = category.isna() | category.eq("")
    t.problem(idx[no_cat], "gpc_ref",
              "fuel combustion is reported in a I.x.1 / I.4.4 or II.x.1 row; fugitive (I.7, I.8), waste, IPPU "
              "and AFOLU rows take direct entries or their own sheets", value_col="gpc_ref")
    scope = gref.map(lambda r: scopes.get(str(r), -1), dtype=np.int64, na=-1)
    transboundary = gref.map(lambda r: str(r).startswith("II."), dtype=bool, na=False) & (scope == 3)
    not_scope1 = ~no_cat & (scope != 1) & ~transboundary
    t.problem(idx[not_scope1], "gpc_ref",
              "fuel burnt in the city is scope 1: use the I.x.1 / II.x.1 row (grid energy goes in x.2; "
              "transport fuel of transboundary journeys outside the city in II.x.3)", value_col="gpc_ref")
    keep = ~no_cat & ~not_scope1
    idx, category = idx[keep], category.take(keep)
    if not len(idx):
        return None
    # units → energy / mass / volume (one pint call per distinct unit string)
    unit = t.coded("unit").take(idx)
    dim = unit.map(dim_code, dtype=np.intp, na=3)
    t.problem(idx[dim == 3], "unit",
              "a fuel amount is an energy (GJ, MWh, tce), a mass (t, kg, 万吨) or a volume (m3, L, 亿立方米)",
              value_col="unit")
    keep = dim != 3
    if not keep.any():
        return None
    return idx[keep], unit.take(keep), dim[keep], category.take(keep)


def _guideline_warnings(fuel: Coded, res: Resolver, t: Sheet) -> None:
    """A parameter the chosen guideline lacks, taken from another guideline: said once per fuel used."""
    props = res.fuel_properties()
    for f in sorted(set(fuel.uniques) & set(props.guideline_fallback)):
        t.problems.append(Problem("city", None, "guideline", res.guideline_in_use, props.guideline_fallback[f],
                                  "warning"))


def _properties(t: Sheet, i: np.ndarray, fuel: Coded, res: Resolver) -> _Properties:
    """NCV and density of each row: the row's (rule ``row``), else the set's (once per fuel)."""
    n = len(i)
    props = res.fuel_properties()
    dens_t = res.densities()
    dens_map, dens_src_map = dict(zip(dens_t.index, dens_t["value"])), dict(zip(dens_t.index, dens_t["source"]))
    p = _Properties(
        ncv_m=fuel.map(lambda f: props.ncv_mass.get(f, np.nan), dtype="float64", na=np.nan),     # GJ/t
        ncv_v=fuel.map(lambda f: props.ncv_volume.get(f, np.nan), dtype="float64", na=np.nan),   # GJ/m3
        dens=fuel.map(lambda f: dens_map.get(f, np.nan), dtype="float64", na=np.nan),            # t/m3
        ncv_src=Labels(n), dens_src=Labels(n))
    p.ncv_src.set_coded(np.ones(n, dtype=bool), fuel.codes, [props.ncv_source.get(f, "") or "" for f in fuel.uniques])
    p.dens_src.set_coded(np.ones(n, dtype=bool), fuel.codes, [dens_src_map.get(f, "") or "" for f in fuel.uniques])
    _row_ncv(t, i, p)
    _row_density(t, i, p)
    return p


def _parse_ncv(txt: Any) -> tuple[float, float] | str:
    """An NCV cell as (GJ/t, GJ/m3) — one of them NaN — or the problem; "" when blank."""
    try:
        if blank(txt):
            return ""
        q = parse_unit(txt)
        if same_dim(q, "GJ/t"):
            return (magnitude_in(q, "GJ/t"), np.nan)
        if same_dim(q, "GJ/m3"):
            return (np.nan, magnitude_in(q, "GJ/m3"))
        raise UnitParseError("ncv must be an energy per mass or per volume, e.g. 43 TJ/Gg or 38.931 MJ/m3")
    except Exception as exc:
        return str(exc) or "bad ncv"


def _row_ncv(t: Sheet, i: np.ndarray, p: _Properties) -> None:
    row_ncv = t.coded("ncv").take(i)
    if row_ncv.isna().all():
        return
    parsed = [_parse_ncv(txt) for txt in row_ncv.uniques]
    ok_u = np.array([isinstance(x, tuple) for x in parsed] + [False], dtype=bool)
    bad_u = np.array([isinstance(x, str) and x != "" for x in parsed] + [False], dtype=bool)
    has = ok_u[row_ncv.codes]
    m_u = np.array([x[0] if isinstance(x, tuple) else np.nan for x in parsed] + [np.nan])
    v_u = np.array([x[1] if isinstance(x, tuple) else np.nan for x in parsed] + [np.nan])
    p.ncv_m[has], p.ncv_v[has] = m_u[row_ncv.codes[has]], v_u[row_ncv.codes[has]]
    p.ncv_src.set_coded(has, row_ncv.codes[has], [f"row: {u}" for u in row_ncv.uniques])
    for j in np.flatnonzero(bad_u[row_ncv.codes]):
        r = i[j]
        t.problems.append(Problem(sheet_at(t, r), int(t.rows[r]), "ncv", t.raw("ncv")[r], parsed[row_ncv.codes[j]]))


def _row_density(t: Sheet, i: np.ndarray, p: _Properties) -> None:
    row_dens = t.coded("density").take(i)
    if row_dens.isna().all():
        return
    d_u = np.full(len(row_dens.uniques) + 1, np.nan)
    bad_u = np.zeros(len(row_dens.uniques) + 1, dtype=bool)
    for k, txt in enumerate(row_dens.uniques):
        if blank(txt):
            continue
        try:
            d_u[k] = magnitude_in(parse_unit(txt), "t/m3")
        except Exception:
            bad_u[k] = True
    has = ~np.isnan(d_u[row_dens.codes])
    p.dens[has] = d_u[row_dens.codes[has]]
    p.dens_src.set_coded(has, row_dens.codes[has], [f"row: {u}" for u in row_dens.uniques])
    for j in np.flatnonzero(bad_u[row_dens.codes]):
        r = i[j]
        t.problems.append(Problem(sheet_at(t, r), int(t.rows[r]), "density", t.raw("density")[r],
                                  "density must be a mass per volume, e.g. 0.84 kg/L"))


def _amounts(amount: np.ndarray, unit: Coded, p: _Properties) -> _Amounts:
    """Each amount as energy, mass and volume, through the NCV and density where needed."""
    E = amount * unit.map(lambda u: factor_or_nan(u, "GJ"), dtype="float64", na=np.nan)
    M = amount * unit.map(lambda u: factor_or_nan(u, "t"), dtype="float64", na=np.nan)
    V = amount * unit.map(lambda u: factor_or_nan(u, "m3"), dtype="float64", na=np.nan)
    ncv_m, ncv_v, dens = p.ncv_m, p.ncv_v, p.dens
    with np.errstate(invalid="ignore", divide="ignore"):
        mass_from_v = V * dens
        energy = np.where(~np.isnan(E), E,
                 np.where(~np.isnan(M), np.where(~np.isnan(ncv_m), M * ncv_m, (M / dens) * ncv_v),
                 np.where(~np.isnan(ncv_v), V * ncv_v, mass_from_v * ncv_m)))
        mass = np.where(~np.isnan(M), M, np.where(~np.isnan(V), mass_from_v, E / ncv_m))
        volume = np.where(~np.isnan(V), V, np.where(~np.isnan(M), M / dens, E / ncv_v))
    return _Amounts(energy, mass, volume)


def _fmt_ncv(m: float, v: float) -> str:
    return f"{m:g} GJ/t" if not np.isnan(m) else f"{v:g} GJ/m3"


def _notes(fuel: Coded, dim: np.ndarray, p: _Properties) -> tuple[list[str], np.ndarray]:
    """The NCV/density audit note of each (fuel, ncv, density, dimension) group: code 2·group when the NCV
    is not used, 2·group + 1 when it is; and each row's group."""
    ncv_code, dens_code = p.ncv_src.codes, p.dens_src.codes
    pg, pfirst = groups(fuel.codes, ncv_code, dens_code, dim)
    notes: list[str] = []
    for f in pfirst:
        a, b_, rho = p.ncv_m[f], p.ncv_v[f], p.dens[f]
        note = ""
        if not np.isnan(a) or not np.isnan(b_):
            note = f"NCV {_fmt_ncv(a, b_)} ({p.ncv_src.labels[ncv_code[f]]})"
            if dim[f] == 2 and not np.isnan(rho) and np.isnan(b_):
                note += f"; density {rho:g} t/m3 ({p.dens_src.labels[dens_code[f]]})"
        notes += ["", note]
    return notes, pg


def _report_unconvertible(missing: np.ndarray, basis: np.ndarray, bad_rows: set[int], i: np.ndarray, t: Sheet,
                          amount: np.ndarray, fuel: Coded) -> None:
    """Rows whose amount cannot be turned into the factor's basis: one problem per row."""
    for j in np.flatnonzero(missing):
        if j in bad_rows:
            continue
        bad_rows.add(int(j))
        r = i[j]
        b = ("energy", "mass", "volume")[basis[j]]
        need = {"energy": "an NCV (ncv, e.g. 38.931 MJ/m3)", "mass": "a density (density, e.g. 0.84 kg/L) or NCV",
                "volume": "a density (density, e.g. 0.84 kg/L)"}[b]
        u = t.raw("unit")[r]
        t.problems.append(Problem(sheet_at(t, r), int(t.rows[r]), "unit", u,
                                  f"cannot turn {amount[j]:g} {u} of {fuel.uniques[fuel.codes[j]]} into "
                                  f"{b}: give {need} in this row, or the amount in energy units"))


def _add(recs: RecordSet, rows: dict[str, Any], k: np.ndarray, gas: str, em: np.ndarray, is_bio: np.ndarray,
         shown_v: np.ndarray, shown_u: Labels, src: Labels, det: Labels, note_code: np.ndarray,
         notes: list[str]) -> None:
    """The records of one gas for the rows ``k`` that have it."""
    if k.all():  # the usual case: every row has the factor; no row selection needed
        def sel(x: Any) -> Any:
            return x
    else:
        def sel(x: Any) -> Any:
            return x.take(k) if isinstance(x, Coded) else x[k]
    nk_, dk = sel(note_code), sel(det.codes)
    g2, first2 = groups(nk_, dk)
    detail = Coded(g2, ["; ".join(x for x in (notes[nk_[f]], det.labels[dk[f]]) if x) for f in first2])
    keep = None if k.all() else k
    recs.add(int(k.sum()), **{c: sel(v) for c, v in rows.items()}, gas=gas, emissions_t=sel(em),
             biogenic=sel(is_bio) & (gas == "CO2"), factor_name=f"ef_{gas.lower()}", factor_value=sel(shown_v),
             factor_unit=shown_u.coded(keep), factor_source=src.coded(keep), detail=detail)


# ---------------------------------------------------------------------------------- factors per gas
def _row_factors(i: np.ndarray, t: Sheet, col: str) -> tuple[np.ndarray, np.ndarray, Labels]:
    """User factors of one gas column (rule ``row``): t per basis unit, basis code (0 energy, 1 mass,
    2 volume, -1 none) and the unit shown; one unit conversion per distinct ef_unit."""
    n = len(i)
    vals = t.num(col)[i]
    t_per = np.full(n, np.nan)
    basis = np.full(n, -1, dtype=np.intp)
    shown_u = Labels(n)
    m = ~np.isnan(vals)
    if not m.any():
        return t_per, basis, shown_u
    efu = t.coded("ef_unit").take(i[m])
    stripped = [strip_gas(str(u))[0] for u in efu.uniques]
    k_u = np.full(len(stripped) + 1, np.nan)
    b_u = np.full(len(stripped) + 1, -1, dtype=np.intp)
    for k, u in enumerate(stripped):
        for b, ref in enumerate(("t/GJ", "t/t", "t/m3")):
            if is_dimension(u, ref):
                k_u[k], b_u[k] = factor_to(u, ref), b
                break
    rows = np.flatnonzero(m)
    t_per[rows] = vals[rows] * k_u[efu.codes]
    basis[rows] = b_u[efu.codes]
    shown_u.set_coded(m, np.where(b_u[efu.codes] >= 0, efu.codes, -1), stripped)
    for j in rows[b_u[efu.codes] < 0]:
        r = i[j]
        t.problems.append(Problem(sheet_at(t, r), int(t.rows[r]), "ef_unit", str(t.raw("ef_unit")[r]),
                                  "an emission factor is a mass of gas per energy (kg/TJ), per mass (t/t) "
                                  "or per volume (kg/L)"))
    return t_per, basis, shown_u


def _factor_keys(i: np.ndarray, t: Sheet, fuel: Coded, category: Coded) -> tuple[Any, ...]:
    """Rows grouped by what the set's factors depend on: (fuel, category, technology, oxidation factor)."""
    tech = t.coded("technology").take(i).recode(
        lambda v: re.sub(r"[\s\-]+", "_", str(v).strip().lower()))
    ox = t.num("oxidation_factor")[i]
    ox_codes, ox_u = pd.factorize(np.where(np.isnan(ox), -1.0, ox))
    ox_codes, ox_u = np.asarray(ox_codes), np.asarray(ox_u, dtype="float64")
    g, first = groups(fuel.codes, category.codes, tech.codes, ox_codes)
    return g, first, tech, ox_codes, ox_u


def _factors_for_gas(i: np.ndarray, t: Sheet, fuel: Coded, category: Coded, mobile: np.ndarray, gas: str,
                     res: Resolver, keys: tuple[Any, ...]
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, Labels, Labels, Labels]:
    """Factors of one gas for the rows ``i``: the row's own, else the resolver's, asked once per
    (fuel, category, technology, oxidation factor) — the groups of :func:`_factor_keys`."""
    n = len(i)
    col = f"ef_{gas.lower()}"
    t_per, basis, shown_u = _row_factors(i, t, col)
    vals = t.num(col)
    shown_v = vals[i] if not np.isnan(vals).all() else np.full(n, np.nan)
    src, det = Labels(n), Labels(n)
    src.set(~np.isnan(t_per), "row (user factor)")
    need = np.isnan(t_per) & np.isnan(shown_v)
    if not need.any():
        return t_per, basis, shown_v, shown_u, src, det
    g, first, tech, ox_codes, ox_u = keys
    need_g = np.zeros(len(first), dtype=bool)
    need_g[g[need]] = True
    tpg_g = np.full(len(first) + 1, np.nan)
    v_g = np.full(len(first) + 1, np.nan)
    ok_g = np.zeros(len(first) + 1, dtype=bool)
    u_g, s_g, d_g = [""] * len(first), [""] * len(first), [""] * len(first)
    for k, f in enumerate(first):
        if not need_g[k]:
            continue
        ox_k = float(ox_u[ox_codes[f]])
        key = CombustionKey(gas, str(fuel.uniques[fuel.codes[f]]), str(category.uniques[category.codes[f]]),
                            str(tech.uniques[tech.codes[f]]) if tech.codes[f] >= 0 else "",
                            None if ox_k < 0 else ox_k, bool(mobile[f]))
        hit = res.combustion(key)
        if isinstance(hit, NoFactor):  # a problem for every row of the group
            for j in np.flatnonzero(need & (g == k)):
                r = i[j]
                t.problems.append(Problem(sheet_at(t, r), int(t.rows[r]), hit.column,
                                          t.raw("technology")[r] if hit.column == "technology" else None,
                                          hit.message))
            continue
        tpg_g[k], v_g[k], ok_g[k] = hit.per_unit, hit.value, True
        u_g[k], s_g[k], d_g[k] = hit.unit, hit.source, hit.detail
    rows = need & ok_g[g]
    if rows.all():
        t_per, basis, shown_v = tpg_g[g], np.zeros(n, dtype=np.intp), v_g[g]
        shown_u.set_coded(rows, g, u_g)
        src.set_coded(rows, g, s_g)
        det.set_coded(rows, g, d_g)
        return t_per, basis, shown_v, shown_u, src, det
    t_per[rows] = tpg_g[g[rows]]
    basis[rows] = 0
    shown_v[rows] = v_g[g[rows]]
    shown_u.set_coded(rows, g[rows], u_g)
    src.set_coded(rows, g[rows], s_g)
    det.set_coded(rows, g[rows], d_g)
    return t_per, basis, shown_v, shown_u, src, det
