"""V.3 Rice cultivation: CH4 = EF × days × area, EF = EFc × SFw × SFp × SFo (IPCC 2006 Vol. 4 Ch. 5
Eq. 5.1–5.3, Tables 5.11–5.14); a blank pre-season water regime is "unknown", SFp 1.22 (Table 5.13)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.afolu import NO_RANGE, RiceFactors
from gpc.factors.resolve import resolver
from gpc.i18n import label
from gpc.methods import afolu as eq
from gpc.records import make_records
from gpc.sectors.afolu.common import (
    AMENDMENTS,
    _amount,
    _col,
    _num,
    _prefix_problems,
    _range_columns,
    _text,
    _unit_problems,
)

#: pre-season water regime used when the row leaves it blank: the aggregated case of Table 5.13
RICE_PRESEASON_DEFAULT = "unknown"


def _rice_problems(df: pd.DataFrame, ctx: Context) -> list[Problem]:
    out = _prefix_problems(df, "rice", ("V.3",)) + _unit_problems(df, "rice", "ha", "ha")
    for r, d in zip(_col(df, "row"), _num(df, "days")):
        if not np.isnan(d) and not 0 < d <= 366:
            out.append(Problem("rice", int(r), "days", d, "the cultivation period must be between 1 and 366 days"))
    blank = [int(r) for r, p in zip(_col(df, "row"), _text(df, "preseason")) if not p]
    if blank:
        # SFp decides the whole row: 1.22 (unknown) against 0.68-1.90 for a known regime
        sfp = resolver(ctx).rice().param("sfp", RICE_PRESEASON_DEFAULT)
        out.append(Problem("rice", blank[0], "preseason", None,
                           label("warn.rice_preseason_default", "en", n=str(len(blank)), sfp=f"{sfp:g}"),
                           severity="warning"))
    return out


def _rice_records(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    rice = resolver(ctx).rice()
    area = _amount(df, "area", "ha", "ha")
    days = _num(df, "days")
    water = _text(df, "water_regime", "continuously_flooded")
    given_pre = _text(df, "preseason")
    pre = [p or RICE_PRESEASON_DEFAULT for p in given_pre]
    efc = _num(df, "efc", rice.param("efc", ""))
    sfw = np.array([rice.param("sfw", w) for w in water])
    sfp = np.array([rice.param("sfp", p) for p in pre])
    roa = np.column_stack([_num(df, a, 0.0) for a in AMENDMENTS])
    cfoa = np.array([rice.param("cfoa", a) for a in AMENDMENTS])
    sfo = eq.rice_organic_scaling(roa, cfoa)
    ef = eq.rice_daily_ef(efc, sfw, sfp, sfo)
    ch4 = eq.rice_ch4_t(ef, days, area)
    ranges = _rice_ranges(rice, df, water, pre, roa, sfo)
    detail = [f"EFc {c:g} x SFw {w:g} ({wn}) x SFp {p:g} "
              f"({pn if g else 'preseason blank: unknown, aggregated case of Table 5.13'}) x SFo {o:.6g}; {d:g} days"
              for c, w, wn, p, pn, g, o, d in zip(efc, sfw, water, sfp, pre, given_pre, sfo, days)]
    return make_records(sheet="rice", row=_col(df, "row").astype(int).to_numpy(), gpc_ref=_col(df, "gpc_ref"), gas="CH4",
                        emissions_t=ch4, method="rice_t1", activity="rice_cultivation", amount=_num(df, "area"),
                        unit=_text(df, "unit", "ha"), factor_name="ef_rice", factor_value=ef, factor_unit="kg/ha/day",
                        factor_source="IPCC 2006 Vol. 4 Ch. 5 Eq. 5.1-5.3, Tables 5.11-5.14", detail=detail,
                        **{k: [r[k] for r in ranges] for k in ("ef_lower_pct", "ef_upper_pct", "ef_range_source")})


def _rice_ranges(rice: RiceFactors, df: pd.DataFrame, water: list[str], pre: list[str], roa: np.ndarray,
                 sfo: np.ndarray) -> list[dict[str, object]]:
    """Per row, the range of EF = EFc × SFw × SFp × SFo (IPCC 2006 Vol. 1 Eq. 3.1 over the error ranges of
    Tables 5.11–5.13; a row's own efc is not a part). SFo = (1 + Σ ROA_i × CFOA_i)^0.59 (Eq. 5.3) is not linear
    in CFOA: its range is SFo at the lower and at the upper CFOA limits of Table 5.14 (all amendments of the
    row at their limits together) relative to SFo."""
    efc_given = ~np.isnan(_num(df, "efc"))
    cfoa_lo = np.array([rice.bounds("cfoa", a)[0] for a in AMENDMENTS])
    cfoa_up = np.array([rice.bounds("cfoa", a)[1] for a in AMENDMENTS])
    sfo_lo = eq.rice_organic_scaling(roa, cfoa_lo)
    sfo_up = eq.rice_organic_scaling(roa, cfoa_up)
    out = []
    for i, (w, p) in enumerate(zip(water, pre)):
        parts = [] if efc_given[i] else [("EFc", rice.param_range("efc", ""))]
        parts += [(f"SFw {w}", rice.param_range("sfw", w)), (f"SFp {p}", rice.param_range("sfp", p))]
        if roa[i].sum() > 0:
            parts.append(("SFo (Eq. 5.3 at the CFOA limits)",
                          ((1 - sfo_lo[i] / sfo[i]) * 100, (sfo_up[i] / sfo[i] - 1) * 100,
                           "IPCC 2006 Vol. 4 Ch. 5 Table 5.14") if sfo[i] > 0 else NO_RANGE))
        out.append(_range_columns(parts))
    return out
