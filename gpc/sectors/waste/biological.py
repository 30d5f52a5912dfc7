"""III.2 Biological treatment (composting, anaerobic digestion): IPCC 2006 Vol. 5 Ch. 4 Eq. 4.1–4.2,
:mod:`gpc.methods.biological`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.factors.waste import lookup, lookup_range
from gpc.methods import biological as bio
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
    _user_ef,
    waste_factors,
)


def _biological(df: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    mass = _mass_t(df, out)
    t = waste_factors(ctx).keyed("waste_biological_ef", ["treatment", "basis", "gas"])
    out.problem(df, df["treatment"].isna(), "treatment", "the treatment is missing: composting or anaerobic_digestion")
    _check_choice(df, "treatment", set(t.index.get_level_values(0)), out, "treatment")
    basis = df["basis"].fillna("wet").astype(str)
    _check_choice(df, "basis", set(t.index.get_level_values(1)), out, "basis")
    user = _user_ef(df, ("ef_ch4", "ef_n2o"), "g/kg", out)
    rec = df["methane_recovered"].fillna(0.0).to_numpy(dtype=float)
    out.problem(df, rec < 0, "methane_recovered", "methane_recovered is negative: give the t CH4 recovered (≥ 0)")

    treat = df["treatment"].fillna("").astype(str)
    efs = {}
    rng = {}
    for gas, col in (("CH4", "ef_ch4"), ("N2O", "ef_n2o")):
        keys = pd.MultiIndex.from_arrays([treat, basis, np.full(len(df), gas)])
        v, s = lookup(t, keys)
        efs[gas] = _override(user[col], v, s)
        rng[gas] = lookup_range(t, keys)  # Table 4.1 prints a range beside each default
    generated = bio.ch4_biological(mass, efs["CH4"][0], 0.0)
    out.problem(df, rec > generated * (1 + 1e-9), "methane_recovered",
                "more CH4 recovered than the treatment generates (amount × CH4 factor): check the unit (t CH4) "
                "and the amount")
    ok = out.ok(df)
    if not ok.any():
        return None
    d = df[ok]
    m = mass[ok]
    ch4 = bio.ch4_biological(m, efs["CH4"][0][ok], rec[ok])
    n2o = bio.n2o_biological(m, efs["N2O"][0][ok])
    base = _join("treatment " + d["treatment"].astype(str),
                 "basis " + basis[ok] + _flag(d["basis"].isna().to_numpy()))
    parts = []
    for gas, em, extra in (
        ("CH4", ch4, "generated " + _fmt(generated[ok]) + " t, recovered R " + _fmt(rec[ok]) + " t (IPCC Eq. 4.1)"),
        ("N2O", n2o, "IPCC Eq. 4.2"),
    ):
        v, s, default_used = efs[gas]
        lo, up, rsrc = rng[gas]
        ranges = _range_columns([(f"EF_{gas}", lo[ok], up[ok], rsrc[ok], default_used[ok])])
        parts.append(make_records(
            sheet=d["sheet"].to_numpy(), row=d["row"].to_numpy(), gpc_ref=d["gpc_ref"].to_numpy(), gas=gas,
            emissions_t=em, method="biological_treatment", activity=d["treatment"].to_numpy(),
            amount=d["amount"].to_numpy(), unit=d["unit"].to_numpy(), factor_name=f"ef_{gas.lower()}",
            factor_value=v[ok], factor_unit="g/kg", factor_source=s[ok],
            detail=_join(base, f"EF_{gas} " + _fmt(v[ok]) + " g/kg" + _flag(default_used[ok]), extra).to_numpy(),
            **ranges,
        ))
    return pd.concat(parts, ignore_index=True)
