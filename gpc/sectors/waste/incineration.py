"""III.3 Incineration and open burning (IPCC 2006 Vol. 5 Ch. 5 Eq. 5.1–5.5; GPC v1.1 Ch. 8 §8.5),
:mod:`gpc.methods.incineration`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Any

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.waste import lookup
from gpc.i18n import label as i18n_label
from gpc.methods import incineration as inc
from gpc.records import make_records
from gpc.sectors.waste.common import (
    _COMP_COLUMN,
    COMPONENTS,
    WASTE_TYPES,
    _bool,
    _check_choice,
    _composition,
    _flag,
    _fmt,
    _join,
    _mass_t,
    _Out,
    _override,
    _user_ef,
    _where,
    waste_factors,
)


@dataclass
class _Burnt:
    """What each row burns and how: mass (t), practice, technology, waste type and the Table 5.2 parameters
    of non-MSW types (the row's dry matter, else the set's), the MSW composition, the row's own factors."""

    mass: np.ndarray
    practice: np.ndarray
    burning: np.ndarray
    tech: np.ndarray
    tech_default: np.ndarray
    user: dict[str, np.ndarray]
    wtype: np.ndarray
    msw: np.ndarray
    other: np.ndarray
    dm_o: np.ndarray
    dm_o_src: np.ndarray
    dm_o_def: np.ndarray
    cf_o: np.ndarray
    cf_o_src: np.ndarray
    fcf_o: np.ndarray
    fcf_o_src: np.ndarray
    n2o_o: np.ndarray
    n2o_o_src: np.ndarray
    comp: Any


@dataclass
class _Route:
    """Energy recovery (GPC v1.1 Ch. 8 §8.5): which rows are reported in Stationary Energy, and where."""

    er: np.ndarray
    er_empty: np.ndarray
    eref: np.ndarray
    outside: np.ndarray
    routed: np.ndarray


@dataclass
class _CO2:
    fossil_c: np.ndarray
    bio_c: np.ndarray
    fossil: np.ndarray
    biogenic: np.ndarray
    of: np.ndarray
    of_src: np.ndarray
    of_def: np.ndarray
    msw_src: str
    dm: np.ndarray    # dry matter of each MSW component (Table 2.4)


def _incineration(df: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    """III.3 (or Stationary Energy with energy recovery): IPCC 2006 Vol. 5 Ch. 5; GPC v1.1 Ch. 8 §8.5.

    MSW by composition (Eq. 5.2, Table 2.4) or a waste of Table 5.2 (``waste_type`` industrial, clinical,
    sewage_sludge, fossil_liquid; Eq. 5.1). With ``energy_recovery`` yes the GPC reports the emissions in
    Stationary Energy (I.4.4 when the energy feeds the grid, or the row's ``energy_gpc_ref``); the
    records keep method ``incineration`` and name the waste row they came from.
    """
    b = _what_is_burnt(df, ctx, out)
    route = _energy_recovery(df, out, b.burning)
    efs_t = waste_factors(ctx).keyed("waste_incineration_ef", ["practice", "technology", "gas"])
    known_tech = {str(k[1]) for k in efs_t.index if k[1]}
    _check_choice(df.assign(technology=np.where(b.burning, None, df["technology"])), "technology", known_tech, out,
                  "incinerator technology")
    ok = out.ok(df)
    if not ok.any():
        return None
    co2 = _co2(df, ctx, b)
    gases = _ch4_n2o(df, out, b, co2.dm, efs_t, ok)
    # the default of energy_recovery (no) decides where these emissions are reported: say so
    undecided = ok & ~b.burning & route.er_empty & ~route.outside
    if undecided.any():
        first = df[undecided].iloc[0]
        out.problems.append(Problem(
            str(first["sheet"]), None, "energy_recovery", None,
            i18n_label("warn.energy_recovery_default", "en", n=str(int(undecided.sum())),
                       t=f"{float(co2.fossil[undecided].sum()):.6g}"), "warning"))
    return _records(df, ok, b, route, co2, gases)


def _what_is_burnt(df: pd.DataFrame, ctx: Context, out: _Out) -> _Burnt:
    mass = _mass_t(df, out)
    out.problem(df, df["practice"].isna(), "practice", "the practice is missing: incineration or open_burning")
    _check_choice(df, "practice", {"incineration", "open_burning"}, out, "practice")
    practice = df["practice"].fillna("").astype(str).to_numpy()
    burning = practice == "open_burning"
    out.problem(df, burning & df["technology"].notna().to_numpy(), "technology",
                i18n_label("warn.technology_open_burning", "en"), severity="warning")
    tech = _where(burning, "", df["technology"].fillna("continuous_stoker").astype(str).to_numpy())
    tech_default = ~burning & df["technology"].isna().to_numpy()
    user = _user_ef(df, ("ef_ch4", "ef_n2o"), "g/t", out)

    # ---- what is burnt: MSW from its composition, or a waste type of Table 5.2
    _check_choice(df, "waste_type", set(WASTE_TYPES), out, "waste_type")
    wtype = df["waste_type"].fillna("msw").astype(str).to_numpy()
    msw = wtype == "msw"
    other = ~msw & np.isin(wtype, WASTE_TYPES)
    comp_given = df[list(COMPONENTS)].notna().any(axis=1).to_numpy()
    out.problem(df, other & comp_given, _COMP_COLUMN,
                "a composition is given with a waste_type other than msw: the composition describes municipal "
                "solid waste; clear it (IPCC 2006 Table 5.2 carbon factors apply) or set waste_type msw",
                value="waste_type")
    out.problem(df, msw & df["dry_matter"].notna().to_numpy(), "dry_matter",
                "dry_matter is for waste types other than msw (the dry matter of MSW comes from its composition, "
                "IPCC 2006 Table 2.4): it is ignored", severity="warning")
    types_t = waste_factors(ctx).keyed("waste_incineration_types", ["waste_type", "parameter"])

    def by_type(param: str) -> tuple[np.ndarray, np.ndarray]:
        return lookup(types_t, pd.MultiIndex.from_arrays([wtype, np.full(len(df), param)]))

    dm_o, dm_o_src, dm_o_def = _override(df["dry_matter"], *by_type("dm"))
    cf_o, cf_o_src = by_type("cf")
    fcf_o, fcf_o_src = by_type("fcf")
    out.problem(df, other & np.isnan(dm_o), "dry_matter",
                "IPCC 2006 Table 5.2 gives no dry matter content for this waste type: give dry_matter (fraction of "
                "wet weight), or 1 if amount is the dry mass", value="waste_type")
    out.problem(df, other & burning & df["oxidation_factor"].isna().to_numpy(), "oxidation_factor",
                "IPCC 2006 Table 5.2 gives the open-burning oxidation factor (0.58) for MSW only: give "
                "oxidation_factor for open burning of this waste type", value="waste_type")
    comp = _composition(df, ctx, out, allow_bulk=False, need_mask=msw)
    n2o_o, n2o_o_src = by_type("ef_n2o")
    return _Burnt(mass, practice, burning, tech, tech_default, user, wtype, msw, other, dm_o, dm_o_src, dm_o_def,
                  cf_o, cf_o_src, fcf_o, fcf_o_src, n2o_o, n2o_o_src, comp)


def _energy_recovery(df: pd.DataFrame, out: _Out, burning: np.ndarray) -> _Route:
    """energy_recovery and energy_gpc_ref checked (GPC v1.1 Ch. 8 §8.5: reported in Stationary Energy)."""
    er = _bool(df["energy_recovery"], np.zeros(len(df), dtype=bool))
    er_empty = df["energy_recovery"].isna().to_numpy()
    out.problem(df, er & burning, "energy_recovery",
                "open burning recovers no energy: energy_recovery yes needs practice incineration")
    eref = df["energy_gpc_ref"].fillna("I.4.4").astype(str).to_numpy()
    out.problem(df, df["energy_gpc_ref"].notna().to_numpy() & ~er, "energy_gpc_ref",
                "energy_gpc_ref is only used with energy_recovery yes: it is ignored", severity="warning")
    uniq, inv_idx = np.unique(eref.astype(str), return_inverse=True)   # once per distinct row, not per input row
    stationary = np.array([_stationary_scope1(str(r)) for r in uniq], dtype=bool)[inv_idx.reshape(-1)] \
        if len(eref) else np.zeros(0, dtype=bool)
    out.problem(df, er & ~stationary, "energy_gpc_ref",
                "energy_gpc_ref must be a Stationary Energy row of scope 1: I.4.4 (energy supplied to the grid, the "
                "default) or the I.x.1 row where the recovered energy is used in the city")
    outside = (df["gpc_ref"].astype(object) == "III.3.2").to_numpy()
    out.problem(df, er & outside, "energy_recovery",
                "energy recovered outside the city (III.3.2) is not in the city's Stationary Energy: the emissions "
                "stay in III.3.2 (scope 3)", severity="warning")
    return _Route(er, er_empty, eref, outside, er & ~outside & ~burning)


def _co2(df: pd.DataFrame, ctx: Context, b: _Burnt) -> _CO2:
    """Fossil and biogenic CO2: by MSW component (Eq. 5.2, Table 2.4) or by waste type (Eq. 5.1, Table 5.2)."""
    props = waste_factors(ctx).component_properties()
    p = {name: props[props["parameter"] == name].set_index("component").reindex(list(COMPONENTS))
         for name in ("dm", "cf", "fcf")}
    dm, cf, fcf = (p[n]["value"].fillna(0.0).to_numpy(dtype=float) for n in ("dm", "cf", "fcf"))
    of_t = waste_factors(ctx).keyed("waste_incineration_oxidation", "practice")
    of0, of0_src = lookup(of_t, pd.Series(b.practice))
    of, of_src, of_def = _override(df["oxidation_factor"], of0, of0_src)
    fossil_c, bio_c = inc.co2_by_component(b.mass, b.comp.fractions, dm, cf, fcf, of)
    fossil_o, bio_o = inc.co2_from_waste_type(b.mass, np.nan_to_num(b.dm_o), np.nan_to_num(b.cf_o),
                                              np.nan_to_num(b.fcf_o), of)
    msw_src = "dm, CF, FCF: " + str(props["source"].iloc[0]) + " [" + str(props["factor_set"].iloc[0]) + "]"
    return _CO2(fossil_c, bio_c, np.where(b.msw, fossil_c.sum(axis=1), fossil_o),
                np.where(b.msw, bio_c.sum(axis=1), bio_o), of, of_src, of_def, msw_src, dm)


def _ch4_n2o(df: pd.DataFrame, out: _Out, b: _Burnt, dm: np.ndarray, efs_t: pd.DataFrame, ok: np.ndarray
             ) -> dict[str, tuple[np.ndarray, ...]]:
    """CH4 and N2O (Eq. 5.4, 5.5): the row's factor, else Table 5.3 / 5.6 by practice and technology (MSW) or
    Table 5.6 by waste type (N2O)."""
    gases: dict[str, tuple[np.ndarray, ...]] = {}
    for gas, col in (("CH4", "ef_ch4"), ("N2O", "ef_n2o")):
        keys = pd.MultiIndex.from_arrays([pd.Series(b.practice), pd.Series(b.tech), pd.Series(np.full(len(df), gas))])
        v, s = lookup(efs_t, keys)
        basis, _ = lookup(efs_t, keys, col="basis")
        # Tables 5.3 and 5.6 by technology are for MSW; other waste types: Table 5.6 by type (N2O) or none
        v = np.where(b.msw, v, b.n2o_o if gas == "N2O" else np.nan)
        s = _where(b.msw, s, b.n2o_o_src if gas == "N2O" else "")
        basis = _where(b.msw, basis, "wet")
        v, s, default_used = _override(b.user[col], v, s)
        basis = _where(default_used, basis, "wet")
        dry = np.where(b.msw, inc.dry_mass(b.mass, b.comp.fractions, dm), b.mass * np.nan_to_num(b.dm_o))
        em = inc.emission_from_mass(np.where(basis == "dry", dry, b.mass), v)
        gases[gas] = (em, v, s, default_used, basis, dry)
        none = ok & b.other & np.isnan(v)
        out.problem(df, none, col,
                    f"IPCC 2006 gives no default {gas} factor for incinerating this waste type (Tables 5.3 and 5.6 "
                    f"cover MSW{', industrial waste and sewage sludge' if gas == 'N2O' else ''}): its {gas} is not "
                    f"estimated; give {col} with ef_unit", severity="warning", value="waste_type")
    return gases


def _records(df: pd.DataFrame, ok: np.ndarray, b: _Burnt, route: _Route, co2: _CO2,
             gases: dict[str, tuple[np.ndarray, ...]]) -> pd.DataFrame:
    """Fossil and biogenic CO2, CH4 and N2O records of the rows ``ok``, in the waste row or (energy recovery)
    in Stationary Energy."""
    d = df[ok]
    mass, wtype = b.mass, b.wtype
    msw_ok = b.msw[ok]
    comp_txt = _where(msw_ok, _composition_text(b.comp.fractions[ok], b.comp.origin[ok]),
                      "waste_type " + pd.Series(wtype[ok]) + ": dm " + _fmt(b.dm_o[ok])
                      + _where(b.dm_o_def[ok], " (default)", " (row)")
                      + ", CF " + _fmt(b.cf_o[ok]) + ", FCF " + _fmt(b.fcf_o[ok]) + " (IPCC 2006 Table 5.2)")
    per_comp = _where(msw_ok, _co2_text(co2.fossil_c[ok], co2.bio_c[ok]), "")
    of_txt = "OF " + _fmt(co2.of[ok]) + _flag(co2.of_def[ok])
    carbon_src = _where(msw_ok, co2.msw_src, "CF: " + pd.Series(b.cf_o_src[ok]) + "; FCF: "
                        + pd.Series(b.fcf_o_src[ok]) + "; dm: " + pd.Series(b.dm_o_src[ok]))
    eq_f = _where(msw_ok, "fossil CO2 = MSW × Σ WF·dm·CF·FCF·OF × 44/12 (IPCC Eq. 5.2)",
                  "fossil CO2 = SW × dm × CF × FCF × OF × 44/12 (IPCC Eq. 5.1)")
    eq_b = _where(msw_ok, "biogenic CO2 = MSW × Σ WF·dm·CF·(1−FCF)·OF × 44/12, reported outside the totals",
                  "biogenic CO2 = SW × dm × CF × (1−FCF) × OF × 44/12, reported outside the totals")
    r_ok = route.routed[ok]
    route_txt = _where(r_ok, "energy recovery: reported in Stationary Energy " + pd.Series(route.eref[ok])
                       + " instead of waste row " + d["gpc_ref"].astype(str).reset_index(drop=True)
                       + " (GPC v1.1 Ch. 8 §8.5: waste incinerated with energy recovery is reported in Stationary "
                       "Energy, I.4.4 where the energy feeds the grid; outside BASIC)",
                       _where(route.er[ok], "energy recovery: stays in the waste row", "without energy recovery"
                              + _flag(route.er_empty[ok])))
    common = dict(sheet=d["sheet"].to_numpy(), row=d["row"].to_numpy(),
                  gpc_ref=np.where(r_ok, route.eref[ok], d["gpc_ref"].to_numpy()),
                  method=_where(b.burning[ok], "open_burning", "incineration"), activity=b.practice[ok],
                  amount=d["amount"].to_numpy(), unit=d["unit"].to_numpy(),
                  waste_gpc_ref=d["gpc_ref"].to_numpy(), waste_type=wtype[ok])
    per_t = np.where(mass[ok] > 0, mass[ok], np.nan)
    src = carbon_src + "; OF: " + pd.Series(co2.of_src[ok]).to_numpy(dtype=object)
    parts = [
        make_records(**common, gas="CO2", emissions_t=co2.fossil[ok], biogenic=False, factor_name="fossil_carbon",
                     factor_value=(co2.fossil[ok] / per_t), factor_unit="t/t", factor_source=src,
                     detail=_join(comp_txt, of_txt, eq_f, per_comp, route_txt).to_numpy()),
        make_records(**common, gas="CO2", emissions_t=co2.biogenic[ok], biogenic=True, factor_name="biogenic_carbon",
                     factor_value=(co2.biogenic[ok] / per_t), factor_unit="t/t", factor_source=src,
                     detail=_join(comp_txt, of_txt, eq_b, per_comp, route_txt).to_numpy()),
    ]
    for gas, (em, v, s, default_used, basis, dry) in gases.items():
        has = ~np.isnan(v[ok])
        tech_txt = _where(b.burning[ok], "open burning",
                          _where(msw_ok, "technology " + b.tech[ok] + _flag(b.tech_default[ok]),
                                 "waste_type " + wtype[ok]))
        basis_txt = _where(basis[ok] == "dry", "per dry tonne: dry mass " + _fmt(dry[ok]).to_numpy() + " t",
                           "per wet tonne")
        detail = _join(pd.Series(tech_txt), f"EF_{gas} " + _fmt(v[ok]) + " g/t" + _flag(default_used[ok]),
                       pd.Series(basis_txt), f"IPCC Eq. {'5.4' if gas == 'CH4' else '5.5'}", route_txt).to_numpy()
        rec = make_records(
            **common, gas=gas, emissions_t=em[ok], factor_name=f"ef_{gas.lower()}", factor_value=v[ok],
            factor_unit="g/t", factor_source=s[ok], detail=detail)
        parts.append(rec[has].reset_index(drop=True) if not has.all() else rec)
    return pd.concat(parts, ignore_index=True)


def _stationary_scope1(ref: str) -> bool:
    """Whether ``ref`` is a Stationary Energy row of scope 1 (I.x.1 or I.4.4)."""
    from gpc import taxonomy

    try:
        return ref.startswith("I.") and taxonomy.scope(ref) == 1
    except (KeyError, ValueError):
        return False


def _composition_text(fr: np.ndarray, origin: np.ndarray) -> pd.Series:
    cols = [pd.Series(_where(fr[:, c] > 0, f"{name} " + _fmt(fr[:, c]) + " ", "")) for c, name in enumerate(COMPONENTS)]
    return "composition (" + pd.Series(origin) + "): " + reduce(lambda a, b: a + b, cols).str.strip()


def _co2_text(fossil: np.ndarray, biogenic: np.ndarray) -> pd.Series:
    cols = [pd.Series(_where((fossil[:, c] + biogenic[:, c]) > 0,
                               f"{name} " + _fmt(fossil[:, c]) + "/" + _fmt(biogenic[:, c]) + " ", ""))
            for c, name in enumerate(COMPONENTS)]
    return "CO2 fossil/biogenic t by component: " + reduce(lambda a, b: a + b, cols).str.strip()
