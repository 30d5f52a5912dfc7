"""III.4 Industrial wastewater: CH4 = (TOW − S) × Bo × MCF − R (IPCC 2006 Vol. 5 Ch. 6 Eq. 6.4–6.6),
:mod:`gpc.methods.wastewater`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.factors.waste import lookup, lookup_range
from gpc.methods import wastewater as ww
from gpc.records import make_records
from gpc.sectors.waste.common import (
    _check_choice,
    _flag,
    _fmt,
    _join,
    _mass_t,
    _Out,
    _override,
    _range_columns,
    _where,
    waste_factors,
)


def _industrial_wastewater(df: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    prod = _mass_t(df, out, amount="production")
    mcf_t = waste_factors(ctx).keyed("waste_wastewater_mcf", ["system", "treatment"])
    known = {str(k[1]) for k in mcf_t.index if k[0] == "industrial"}
    out.problem(df, df["treatment"].isna(), "treatment", "the treatment or discharge pathway is missing")
    _check_choice(df, "treatment", known, out, "industrial wastewater pathway")
    treat = df["treatment"].fillna("").astype(str)
    mcf, mcf_src = lookup(mcf_t, pd.MultiIndex.from_arrays([np.full(len(df), "industrial"), treat]))
    ind_t = waste_factors(ctx).keyed("waste_industrial_wastewater", ["industry", "parameter"])
    industry = df["industry"].fillna("").astype(str).str.lower().str.replace(r"[\s\-&]+", "_", regex=True)
    vals, wc_rng = {}, {}
    for col in ("wastewater", "cod"):
        keys = pd.MultiIndex.from_arrays([industry, np.full(len(df), col)])
        v, s = lookup(ind_t, keys)
        vals[col] = _override(df[col], v, s)
        wc_rng[col] = lookup_range(ind_t, keys)
        unit = "m3 per t of product" if col == "wastewater" else "kg COD/m3"
        out.problem(df, np.isnan(vals[col][0]), col,
                    f"{col} is empty and IPCC 2006 Table 6.9 has no default for this industry: give it ({unit})",
                    value="industry")
        out.problem(df, df[col].notna() & (df[col] < 0), col, f"{col} is negative")
    for col in ("sludge_removed", "methane_recovered"):
        out.problem(df, df[col].notna() & (df[col] < 0), col, f"{col} is negative")
    bo, _ = waste_factors(ctx).param("waste_wastewater_parameters", "bo_cod")
    bo_lo, bo_up, bo_rsrc = waste_factors(ctx).param_range("waste_wastewater_parameters", "bo_cod")
    mcf_lo, mcf_up, mcf_rsrc = lookup_range(mcf_t, pd.MultiIndex.from_arrays([np.full(len(df), "industrial"), treat]))
    tow = ww.tow_industrial(prod, np.nan_to_num(vals["wastewater"][0]), np.nan_to_num(vals["cod"][0]))
    sludge = df["sludge_removed"].fillna(0.0).to_numpy(dtype=float) * 1000.0
    rec = df["methane_recovered"].fillna(0.0).to_numpy(dtype=float) * 1000.0
    ch4_kg = ww.ch4_wastewater(tow, sludge, bo, np.nan_to_num(mcf), rec)
    out.problem(df, sludge > tow * (1 + 1e-9), "sludge_removed",
                "sludge_removed is more than the COD in the wastewater (production × W × COD): check it is t COD per year")
    out.problem(df, (sludge <= tow) & (ch4_kg < -1e-9 * np.maximum(rec, 1.0)), "methane_recovered",
                "more CH4 recovered than the wastewater generates ((TOW − S) × Bo × MCF): check the unit (t CH4)")
    ok = out.ok(df)
    if not ok.any():
        return None
    d = df[ok]
    (w, w_src, w_def), (cod, cod_src, cod_def) = vals["wastewater"], vals["cod"]
    # CH4 per t of product = W × COD × Bo × MCF (Eq. 6.4–6.6): the printed ranges of W and COD (Table 6.9, where
    # the row took the default), Bo (Table 6.10) and the pathway's MCF (Table 6.8), by Eq. 3.1
    n_ok = int(ok.sum())
    ranges = _range_columns([("W", wc_rng["wastewater"][0][ok], wc_rng["wastewater"][1][ok], wc_rng["wastewater"][2][ok],
                              w_def[ok]),
                             ("COD", wc_rng["cod"][0][ok], wc_rng["cod"][1][ok], wc_rng["cod"][2][ok], cod_def[ok]),
                             ("Bo", np.full(n_ok, bo_lo), np.full(n_ok, bo_up), np.full(n_ok, bo_rsrc, dtype=object),
                              np.ones(n_ok, dtype=bool)),
                             ("MCF", mcf_lo[ok], mcf_up[ok], mcf_rsrc[ok], np.ones(n_ok, dtype=bool))])
    return make_records(
        sheet=d["sheet"].to_numpy(), row=d["row"].to_numpy(), gpc_ref=d["gpc_ref"].to_numpy(), gas="CH4",
        emissions_t=ch4_kg[ok] / 1000.0, method="industrial_wastewater_ch4",
        activity=_where(industry[ok] == "", "industrial_wastewater", industry[ok]),
        amount=d["production"].to_numpy(), unit=d["unit"].to_numpy(), factor_name="mcf", factor_value=mcf[ok],
        factor_unit="dimensionless", factor_source=mcf_src[ok],
        detail=_join("pathway " + treat[ok], "W " + _fmt(w[ok]) + " m3/t" + _flag(w_def[ok]),
                     "COD " + _fmt(cod[ok]) + " kg/m3" + _flag(cod_def[ok]), "TOW " + _fmt(tow[ok]) + " kg COD",
                     "S " + _fmt(sludge[ok]) + " kg COD", f"Bo {bo:g} kg CH4/kg COD (default)",
                     "MCF " + _fmt(mcf[ok]) + " (default)", "R " + _fmt(rec[ok]) + " kg CH4",
                     "CH4 = (TOW − S) × Bo × MCF − R (IPCC Eq. 6.4-6.6)",
                     "W from " + pd.Series(w_src[ok]), "COD from " + pd.Series(cod_src[ok])).to_numpy(),
        item="treatment", **ranges,
    )
