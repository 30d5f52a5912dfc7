"""III.4 Domestic wastewater: CH4 (IPCC 2006 Vol. 5 Ch. 6 Eq. 6.1–6.3) and N2O of effluent and plants
(Eq. 6.7–6.9, Box 6.1), :mod:`gpc.methods.wastewater`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.factors.waste import lookup, lookup_range
from gpc.i18n import label as i18n_label
from gpc.methods import wastewater as ww
from gpc.records import make_records
from gpc.sectors.waste.common import (
    _bool,
    _check_choice,
    _flag,
    _fmt,
    _join,
    _Out,
    _override,
    _range_columns,
    _where,
    waste_factors,
)


@dataclass
class _CH4:
    """CH4 of each pathway (IPCC 2006 Vol. 5 Eq. 6.1–6.3) and what it was computed from."""

    pop: np.ndarray
    treat: pd.Series
    collected: np.ndarray
    mcf: np.ndarray
    mcf_src: np.ndarray
    bod: np.ndarray
    bod_def: np.ndarray
    i_factor: np.ndarray
    tow: np.ndarray
    sludge: np.ndarray
    rec: np.ndarray
    bo: float
    ch4_kg: np.ndarray
    P: dict[str, tuple[float, str]]
    #: printed ranges (lower %, upper %, table) of the parameters in P and of each row's MCF (Tables 6.3, 6.7, 6.11)
    R: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    mcf_rng: tuple[np.ndarray, np.ndarray, np.ndarray] = field(default_factory=lambda: (np.array([]),) * 3)


@dataclass
class _N2O:
    """N2O of effluent (Eq. 6.7–6.8) and of advanced plants (Box 6.1), and what it was computed from."""

    protein: np.ndarray
    plant: np.ndarray
    ind_rule: np.ndarray
    ind_rule_def: np.ndarray
    f_ind_com: np.ndarray
    f_ic_def: np.ndarray
    f_non_con: np.ndarray
    f_nc_def: np.ndarray
    n2o_plant: np.ndarray
    n_eff: np.ndarray
    n2o_eff: np.ndarray


def _wastewater(df: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    """III.4 domestic wastewater: CH4 by pathway, N2O of effluent and plants; the row's values, else the set's."""
    c = _ch4(df, ctx, out)
    _check_choice(df, "f_ind_com_on", {"all", "collected"}, out, "f_ind_com_on")
    out.problem(df, df["f_ind_com"].notna() & (df["f_ind_com"] < 1), "f_ind_com",
                "f_ind_com is below 1: it is a factor that adds co-discharged protein (IPCC 2006 Table 6.11: 1.25)")
    protein = df["protein"].to_numpy(dtype=float)
    plant = _bool(df["plant_n2o"], np.zeros(len(df), dtype=bool))
    out.problem(df, np.isnan(protein), "protein",
                i18n_label("warn.protein_empty", "en"), severity="warning")
    ok = out.ok(df)
    if not ok.any():
        return None
    n = _n2o(df, c, plant, protein)
    neg_n = ok & ~np.isnan(protein) & (n.n_eff < 0)
    out.problem(df, neg_n, "n_sludge", "n_sludge is more than the nitrogen in the wastewater: check it is t N per year")
    ok &= ~neg_n
    return _records(df, ok, c, n)


def _ch4(df: pd.DataFrame, ctx: Context, out: _Out) -> _CH4:
    """TOW (Eq. 6.3), MCF of the pathway (Table 6.3), Bo and CH4 (Eq. 6.1): the row's values, else the set's."""
    pop = df["population"].to_numpy(dtype=float)
    out.problem(df, np.isnan(pop), "population", "population is missing: give the people served by this pathway")
    out.problem(df, pop < 0, "population", "population is negative")
    mcf_t = waste_factors(ctx).keyed("waste_wastewater_mcf", ["system", "treatment"])
    known = {str(k[1]) for k in mcf_t.index if k[0] == "domestic"}
    out.problem(df, df["treatment"].isna(), "treatment", "the treatment or discharge pathway is missing")
    _check_choice(df, "treatment", known, out, "domestic wastewater pathway")
    treat = df["treatment"].fillna("").astype(str)
    keys = pd.MultiIndex.from_arrays([np.full(len(df), "domestic"), treat])
    mcf, mcf_src = lookup(mcf_t, keys)
    collected_default, _ = lookup(mcf_t, keys, col="collected")
    collected = _bool(df["collected"], collected_default == "yes")

    bod0, bod_src = waste_factors(ctx).default_bod(ctx.settings.country, len(df))
    bod, bod_src, bod_def = _override(df["bod"], bod0, bod_src)
    out.problem(df, np.isnan(bod), "bod",
                f"bod is empty and factor set {ctx.factors.id!r} has no IPCC 2006 Table 6.4 value for the city's "
                f"country ({ctx.settings.country!r}): give bod in g/person/day (e.g. 40 for Asia)")
    for col in ("bod", "protein", "sludge_removed", "n_sludge", "methane_recovered", "f_non_con"):
        out.problem(df, df[col].notna() & (df[col] < 0), col, f"{col} is negative")

    P = {name: waste_factors(ctx).param("waste_wastewater_parameters", name)
         for name in ("bo_bod", "i_collected", "i_uncollected", "ef_effluent", "ef_plants", "f_npr", "f_non_con",
                      "f_ind_com")}
    i_factor = np.where(collected, P["i_collected"][0], P["i_uncollected"][0])
    tow = ww.tow_domestic(np.nan_to_num(pop), np.nan_to_num(bod), i_factor)
    sludge = df["sludge_removed"].fillna(0.0).to_numpy(dtype=float) * 1000.0
    rec = df["methane_recovered"].fillna(0.0).to_numpy(dtype=float) * 1000.0
    bo = P["bo_bod"][0]
    ch4_kg = ww.ch4_wastewater(tow, sludge, bo, np.nan_to_num(mcf), rec)
    out.problem(df, sludge > tow * (1 + 1e-9), "sludge_removed",
                "sludge_removed is more than the BOD in the wastewater (population × bod × I × 365): check it is "
                "t BOD per year")
    out.problem(df, (sludge <= tow) & (ch4_kg < -1e-9 * np.maximum(rec, 1.0)), "methane_recovered",
                "more CH4 recovered than the pathway generates ((TOW − S) × Bo × MCF): check the unit (t CH4)")

    R = {name: waste_factors(ctx).param_range("waste_wastewater_parameters", name) for name in P}
    return _CH4(pop, treat, collected, mcf, mcf_src, bod, bod_def, i_factor, tow, sludge, rec, bo, ch4_kg, P, R,
                lookup_range(mcf_t, keys))


def _param_part(c: _CH4, name: str, label: str, mask: np.ndarray, used: np.ndarray | bool = True
                ) -> tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A parameter of ``waste_wastewater_parameters`` as a part of :func:`_range_columns` for the rows in mask."""
    n = int(mask.sum())
    lo, up, src = c.R[name]
    return (label, np.full(n, lo), np.full(n, up), np.full(n, src, dtype=object),
            np.broadcast_to(np.asarray(used, dtype=bool), mask.shape)[mask])


def _n2o(df: pd.DataFrame, c: _CH4, plant: np.ndarray, protein: np.ndarray) -> _N2O:
    """N in effluent and N2O of effluent (Eq. 6.7–6.8) and of advanced plants (Box 6.1)."""
    pop, collected, P = c.pop, c.collected, c.P
    # IPCC 2006 Vol. 5 Eq. 6.8: F_IND-COM multiplies the protein of the whole population P (the default,
    # f_ind_com_on "all"); "collected" keeps gpc's earlier reading (sewered rows only, like I for BOD).
    ind_rule = df["f_ind_com_on"].fillna("all").astype(str).to_numpy()
    ind_rule_def = df["f_ind_com_on"].isna().to_numpy()
    f_ind_com0 = np.where((ind_rule == "collected") & ~collected, 1.0, P["f_ind_com"][0])
    f_ind_com, _, f_ic_def = _override(df["f_ind_com"], f_ind_com0, np.full(len(df), P["f_ind_com"][1]))
    f_non_con, _, f_nc_def = _override(df["f_non_con"], np.full(len(df), P["f_non_con"][0]),
                                              np.full(len(df), P["f_non_con"][1]))
    n2o_plant = ww.n2o_plants(np.nan_to_num(pop), plant.astype(float), f_ind_com, P["ef_plants"][0])  # kg
    n_eff = ww.nitrogen_effluent(np.nan_to_num(pop), np.nan_to_num(protein), P["f_npr"][0], f_non_con, f_ind_com,
                                 df["n_sludge"].fillna(0.0).to_numpy(dtype=float) * 1000.0)
    n_eff = n_eff - n2o_plant / ww.N2O_PER_N  # Box 6.1: N emitted at plants leaves the effluent
    n2o_eff = ww.n2o_effluent(n_eff, P["ef_effluent"][0])
    return _N2O(protein, plant, ind_rule, ind_rule_def, f_ind_com, f_ic_def, f_non_con, f_nc_def, n2o_plant, n_eff,
                n2o_eff)


def _records(df: pd.DataFrame, ok: np.ndarray, c: _CH4, n: _N2O) -> pd.DataFrame:
    """The CH4 record of each pathway, the effluent N2O (where protein is given) and the plant N2O records."""
    pop, treat, collected, mcf, mcf_src, bod, bod_def = c.pop, c.treat, c.collected, c.mcf, c.mcf_src, c.bod, c.bod_def
    i_factor, tow, sludge, rec, bo, ch4_kg, P = c.i_factor, c.tow, c.sludge, c.rec, c.bo, c.ch4_kg, c.P
    protein, plant, ind_rule, ind_rule_def = n.protein, n.plant, n.ind_rule, n.ind_rule_def
    f_ind_com, f_ic_def, f_non_con, f_nc_def = n.f_ind_com, n.f_ic_def, n.f_non_con, n.f_nc_def
    n2o_plant, n_eff, n2o_eff = n.n2o_plant, n.n_eff, n.n2o_eff
    d = df[ok]
    common = dict(sheet=d["sheet"].to_numpy(), row=d["row"].to_numpy(), gpc_ref=d["gpc_ref"].to_numpy(),
                  activity="domestic_wastewater", amount=pop[ok], unit="person")
    coll_txt = _where(collected[ok], "collected", "not collected") + _flag(df["collected"].isna().to_numpy()[ok])
    base = _join("pathway " + treat[ok], pd.Series(coll_txt))
    # CH4 per person = BOD × I × 365 × Bo × MCF (Eq. 6.1–6.3): the printed ranges of I and Bo (Table 6.7) and
    # of the pathway's MCF (Table 6.3); S and R are the row's own amounts
    i_lo = np.where(collected, c.R["i_collected"][0], c.R["i_uncollected"][0])[ok]
    i_up = np.where(collected, c.R["i_collected"][1], c.R["i_uncollected"][1])[ok]
    i_src = _where(collected, c.R["i_collected"][2], c.R["i_uncollected"][2])[ok]
    ch4_ranges = _range_columns([
        ("I", i_lo, i_up, i_src, np.ones(int(ok.sum()), dtype=bool)),
        _param_part(c, "bo_bod", "Bo", ok),
        ("MCF", c.mcf_rng[0][ok], c.mcf_rng[1][ok], c.mcf_rng[2][ok], np.ones(int(ok.sum()), dtype=bool)),
    ])
    parts = [make_records(
        **common, gas="CH4", emissions_t=ch4_kg[ok] / 1000.0, method="wastewater_ch4", factor_name="mcf",
        factor_value=mcf[ok], factor_unit="dimensionless", factor_source=mcf_src[ok],
        detail=_join(base, "BOD " + _fmt(bod[ok]) + " g/person/day" + _flag(bod_def[ok]),
                     "I " + _fmt(i_factor[ok]), "TOW " + _fmt(tow[ok]) + " kg BOD",
                     "S " + _fmt(sludge[ok]) + " kg BOD", f"Bo {bo:g} kg CH4/kg BOD (default)",
                     "MCF " + _fmt(mcf[ok]) + " (default)", "R " + _fmt(rec[ok]) + " kg CH4",
                     "CH4 = (TOW − S) × Bo × MCF − R (IPCC Eq. 6.1-6.3)").to_numpy(),
        item="treatment", **ch4_ranges)]
    # F_IND-COM is the set's default unless the row gave it or the "collected" rule set 1 on an uncollected row
    f_ic_table = f_ic_def & (f_ind_com == P["f_ind_com"][0])
    eff = ok & ~np.isnan(protein)
    if eff.any():
        e = df[eff]
        parts.append(make_records(
            sheet=e["sheet"].to_numpy(), row=e["row"].to_numpy(), gpc_ref=e["gpc_ref"].to_numpy(),
            activity="domestic_wastewater", amount=pop[eff], unit="person", gas="N2O",
            emissions_t=n2o_eff[eff] / 1000.0, method="wastewater_n2o_effluent", factor_name="ef_effluent",
            factor_value=P["ef_effluent"][0], factor_unit="kg/kg", factor_source=P["ef_effluent"][1],
            detail=_join("protein " + _fmt(protein[eff]) + " kg/person/yr", f"F_NPR {P['f_npr'][0]:g} (default)",
                         "F_NON-CON " + _fmt(f_non_con[eff]) + _flag(f_nc_def[eff]),
                         "F_IND-COM " + _fmt(f_ind_com[eff]) + _flag(f_ic_def[eff]) + " on "
                         + _where(ind_rule[eff] == "collected",
                                  _where(collected[eff], "collected rows only: collected", "collected rows only: not collected"),
                                  "the whole population (IPCC Eq. 6.8)") + _flag(ind_rule_def[eff]),
                         "N_SLUDGE " + _fmt(df["n_sludge"].fillna(0.0).to_numpy()[eff] * 1000.0) + " kg",
                         "N in plant N2O " + _fmt(n2o_plant[eff] / ww.N2O_PER_N) + " kg",
                         "N_EFFLUENT " + _fmt(n_eff[eff]) + " kg N",
                         f"EF_EFFLUENT {P['ef_effluent'][0]:g} kg N2O-N/kg N (default)",
                         "N2O = N_EFFLUENT × EF × 44/28 (IPCC Eq. 6.7-6.8)").to_numpy(),
            item="effluent",
            # N2O per person = protein × F_NPR × F_NON-CON × F_IND-COM × EF_EFFLUENT × 44/28: Table 6.11 ranges
            **_range_columns([_param_part(c, "f_npr", "F_NPR", eff),
                              _param_part(c, "f_non_con", "F_NON-CON", eff, f_nc_def),
                              _param_part(c, "f_ind_com", "F_IND-COM", eff, f_ic_table),
                              _param_part(c, "ef_effluent", "EF_EFFLUENT", eff)])))
    pl = ok & plant
    if pl.any():
        q = df[pl]
        parts.append(make_records(
            sheet=q["sheet"].to_numpy(), row=q["row"].to_numpy(), gpc_ref=q["gpc_ref"].to_numpy(),
            activity="domestic_wastewater", amount=pop[pl], unit="person", gas="N2O",
            emissions_t=n2o_plant[pl] / 1000.0, method="wastewater_n2o_plant", factor_name="ef_plants",
            factor_value=P["ef_plants"][0], factor_unit="g/person/yr", factor_source=P["ef_plants"][1],
            detail=_join("advanced centralised plant: T_PLANT 1", "F_IND-COM " + _fmt(f_ind_com[pl]),
                         f"EF_PLANT {P['ef_plants'][0]:g} g N2O/person/yr (default)",
                         "N2O = P × T_PLANT × F_IND-COM × EF_PLANT (IPCC Box 6.1)").to_numpy(),
            item="plant",
            **_range_columns([_param_part(c, "f_ind_com", "F_IND-COM", pl, f_ic_table),
                              _param_part(c, "ef_plants", "EF_PLANT", pl)])))
    return pd.concat(parts, ignore_index=True)
