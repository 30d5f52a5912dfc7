"""Single-factor activities of the ``activity`` sheet (IPPU/AFOLU Tier 1): E = amount × factor × conversion,
one record per factor row of the activity (the set's ``process_factors``, via the resolver)."""

from __future__ import annotations

import numpy as np

from gpc.context import Context
from gpc.factors.process import ProcessChoice
from gpc.factors.resolve import resolver
from gpc.records import RecordSet
from gpc.sectors.energy.sheet import Sheet, blank, common_columns, parse_conversion
from gpc.units import UnitParseError, annual_factor
from gpc.vector import Coded, groups

__all__ = ["process_entries"]


def process_entries(idx: np.ndarray, t: Sheet, aid: Coded, ctx: Context, recs: RecordSet) -> None:
    """Single-factor activities (IPPU/AFOLU Tier 1): E = amount × factor × conversion, one record per factor row.

    IPCC 2006 Vol. 1 Ch. 1 Eq. 1.1 in the form each table row cites (Vol. 3 and Vol. 4 equations); rows
    are grouped by (activity, technology, unit) so each factor is looked up once.
    """
    pf = resolver(ctx).process()
    if not len(idx) or pf.table is None:
        return
    act = aid.take(idx)
    tech_key = t.coded("technology").take(idx).recode(
        lambda v: "" if blank(v) else str(v).strip().lower().replace(" ", "_").replace("-", "_"))
    unit = t.coded("unit").take(idx)
    gref = t.coded("gpc_ref").take(idx)
    g, first = groups(act.codes, tech_key.codes, unit.codes)
    order = np.argsort(g, kind="stable")
    bounds = np.searchsorted(g[order], np.arange(len(first) + 1))
    for k, f in enumerate(first):
        members = order[bounds[k]:bounds[k + 1]]        # positions in idx, in row order
        a = str(act.uniques[act.codes[f]])
        tech = str(tech_key.uniques[tech_key.codes[f]]) if tech_key.codes[f] >= 0 else ""
        u = str(unit.uniques[unit.codes[f]])
        choice = pf.choose(a, tech)
        members = _in_rows(members, choice, a, idx, gref, t)
        if len(members):
            _records(idx[members], choice, a, u, t, recs)


def _in_rows(members: np.ndarray, choice: ProcessChoice, a: str, idx: np.ndarray, gref: Coded,
             t: Sheet) -> np.ndarray:
    """The members reported in a GPC row the activity belongs in; a problem for the others."""
    prefixes = choice.prefixes
    if not prefixes:
        return members
    sub = gref.take(members)
    bad = ~sub.map(lambda r: any(str(r) == p or str(r).startswith(p + ".") or str(r).startswith(p)
                                 for p in prefixes), dtype=bool, na=False)
    if bad.any():
        t.problem(idx[members[bad]], "gpc_ref", f"{a} is reported in {' or '.join(prefixes)}: change the gpc_ref",
                  value_col="gpc_ref")
        members = members[~bad]
    return members


def _records(rows_i: np.ndarray, choice: ProcessChoice, a: str, u: str, t: Sheet, recs: RecordSet) -> None:
    """One record per (row, factor row of the activity)."""
    chosen, problem = choice.rows, choice.problem
    kf: list[float] = []
    if problem is None:
        try:
            kf = [annual_factor(u, str(fu)) for fu in chosen["unit"]]
        except UnitParseError as exc:
            per = str(chosen.iloc[0]["unit"]).split("/", 1)[-1]
            problem = ("unit", f"{exc}; {a} is given per {per}")
    if problem is not None:
        column, msg = problem
        t.problem(rows_i, column, msg, value_col=column)
        return
    conv_col = chosen["conversion"] if "conversion" in chosen.columns else [None] * len(chosen)
    conv = np.array([parse_conversion(c) for c in conv_col])
    per_unit = chosen["value"].to_numpy(dtype=float) * np.array(kf) * conv      # t gas per unit of amount
    nr, m = len(rows_i), len(chosen)
    amount = np.repeat(t.num("amount")[rows_i], m)
    rep = np.repeat(rows_i, m)
    fac = np.tile(np.arange(m), nr)
    methods = chosen["method"].fillna("process").to_numpy() if "method" in chosen.columns \
        else np.array(["process"] * m, dtype=object)
    details = [(f"× {c}" if c and str(c) not in ("1", "None", "nan") else "") for c in
               (chosen["conversion"] if "conversion" in chosen.columns else [""] * m)]
    r_lo, r_up, r_src = choice.ranges()    # the printed range beside each factor row (NaN where none)
    recs.add(nr * m, **common_columns(t, rep), gas=Coded(fac, chosen["gas"].to_numpy()),
             emissions_t=amount * np.tile(per_unit, nr), biogenic=False, method=Coded(fac, methods),
             activity=a, amount=amount, unit=u, factor_name="process_factor",
             factor_value=np.tile(chosen["value"].to_numpy(dtype=float), nr),
             factor_unit=Coded(fac, chosen["unit"].to_numpy()), factor_source=Coded(fac, chosen["source"].to_numpy()),
             detail=Coded(fac, details), technology=t.coded("technology").take(rep),
             data_quality=t.coded("data_quality").take(rep), input_source=t.coded("source").take(rep),
             ef_lower_pct=np.tile(r_lo, nr), ef_upper_pct=np.tile(r_up, nr), ef_range_source=Coded(fac, r_src))
