"""The ``activity`` sheet: fuel combustion, grid energy, direct entries, single-factor processes and
notation keys (GPC ch. 6 Stationary energy, ch. 7 Transportation; direct entries in any row).

:func:`run` validates the sheet (notation keys, activities, amounts, units, row factors), then sends each
row to the module of its method: :mod:`.fuel` (fuel combustion), :mod:`.grid` (grid electricity, district
heat and their T&D losses), :mod:`.direct` (direct entries) and :mod:`.process` (single-factor
activities). Those resolve their factors through :mod:`gpc.factors.resolve`, call the pure equations of
:mod:`gpc.methods` and build the records with their provenance.

Everything is computed column-wise, with no Python loop per row: text columns are held as codes into
their distinct values (:class:`gpc.vector.Coded`, :class:`.sheet.Sheet`), so unit strings are parsed,
activities resolved and factors looked up once per distinct value or combination
(:func:`gpc.vector.groups`), and the equations run on whole arrays. Loops over rows happen only to
report problems.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from gpc.activity_catalogue import DIRECT, DISTRICT_HEAT, GRID_ELECTRICITY, fuel_catalogue, resolve_activity
from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.resolve import resolver
from gpc.records import RecordSet, make_records
from gpc.sectors.energy.direct import direct_entries
from gpc.sectors.energy.fuel import GASES, fuel_combustion
from gpc.sectors.energy.grid import grid_energy
from gpc.sectors.energy.process import process_entries
from gpc.sectors.energy.sheet import Sheet, blank
from gpc.text import closest
from gpc.vector import Coded

__all__ = ["GASES", "SHEETS", "compute", "run", "validate"]

SHEETS = ("activity",)
_NOTATION_COLUMNS = ["sheet", "row", "gpc_ref", "notation_key", "explanation"]
# kind of an activity: 0 direct, 1 grid electricity, 2 district heat, 3 process, 4 fuel
_DIRECT, _GRID, _HEAT, _PROCESS, _FUEL = range(5)


def run(tables: dict[str, pd.DataFrame], ctx: Context) -> tuple[pd.DataFrame, list[Problem], pd.DataFrame]:
    """Compute the ``activity`` sheet: (records, problems, notation-key rows)."""
    df = tables.get("activity")
    if df is None or df.empty:
        notation = pd.DataFrame(columns=_NOTATION_COLUMNS)
        return make_records(sheet=[], row=[], gpc_ref=[], gas=[], emissions_t=[]), [], notation
    df = df.reset_index(drop=True)
    t = Sheet(df)
    nk, notation = _notation_keys(t, df)
    live = ~nk
    aid, proc_ids = _activities(t, live, ctx)
    ok = _checked_rows(t, live, aid)
    kind_u = np.array([_DIRECT if a == DIRECT else _GRID if a == GRID_ELECTRICITY else _HEAT if a == DISTRICT_HEAT
                       else _PROCESS if a in proc_ids else _FUEL for a in aid.uniques] + [-1], dtype=np.intp)
    kind = np.where(ok, kind_u[aid.codes], -1)
    recs = RecordSet()
    direct_entries(np.flatnonzero(kind == _DIRECT), t, aid, ctx, recs)
    grid_energy(np.flatnonzero((kind == _GRID) | (kind == _HEAT)), kind, t, aid, ctx, recs)
    fuel_combustion(np.flatnonzero(kind == _FUEL), t, aid, ctx, recs)
    process_entries(np.flatnonzero(kind == _PROCESS), t, aid, ctx, recs)
    return recs.frame(), t.problems, notation


def validate(tables: dict[str, pd.DataFrame], ctx: Context) -> list[Problem]:
    return run(tables, ctx)[1]


def compute(tables: dict[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    return run(tables, ctx)[0]


def _notation_keys(t: Sheet, df: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Rows with a notation key (checked: no amount, an explanation, IE says where) and their table."""
    notation = pd.DataFrame(columns=_NOTATION_COLUMNS)
    nk = ~t.coded("notation_key").isna()
    has_amount = ~np.isnan(t.num("amount"))
    t.problem(nk & has_amount, "amount",
              "a row with a notation key has no amount: clear the amount or the notation key")
    expl = t.coded("explanation")
    t.problem(nk & expl.isna(), "explanation",
              "a notation key needs an explanation: say why (for IE, where the emissions are included)")
    where_re = re.compile(r"(?<![A-Za-z0-9.])(?:I|II|III|IV|V|VI)\.\d")  # also right after Chinese: 计入I.4.4
    names_where = expl.map(lambda v: bool(where_re.search(str(v))), dtype=bool, na=False)
    ie_no_where = nk & t.coded("notation_key").eq("IE") & ~expl.isna() & ~names_where
    t.problem(ie_no_where, "explanation",
              "IE (included elsewhere) must say where: name the GPC row, e.g. 'included in I.3.1'",
              value_col="explanation")
    if nk.any():
        cols = [c for c in _NOTATION_COLUMNS + ["activity", "data_quality", "source"] if c in df.columns]
        notation = df.loc[nk, cols].rename(columns={"source": "input_source"})
        for c in notation.columns:  # plain text, not the categoricals of the input table
            if isinstance(notation[c].dtype, pd.CategoricalDtype):
                notation[c] = notation[c].astype(object).astype("str")
        notation["gpc_ref"] = notation["gpc_ref"].astype(object)
    return nk, notation


def _activities(t: Sheet, live: np.ndarray, ctx: Context) -> tuple[Coded, set[str]]:
    """Each row's activity id (resolved once per distinct text; a problem where unknown) and the set's
    process activities."""
    res = resolver(ctx)
    proc_ids = res.process().activities
    fuels = set(fuel_catalogue()["fuel"]) | res.fuels()
    known = fuels | {GRID_ELECTRICITY, DISTRICT_HEAT, DIRECT} | proc_ids
    kset = frozenset(known)
    act = t.coded("activity")
    aid = act.recode(lambda a: resolve_activity(a, kset) if not blank(a) else None)
    t.problem(live & act.isna(), "activity",
              "the activity is missing: give a fuel, grid_electricity, district_heat, a process activity or "
              "direct — or a notation key with an explanation")
    unknown = live & ~act.isna() & aid.isna()
    if unknown.any():
        options = sorted(known)
        msgs: dict[int, str] = {}
        for i in np.flatnonzero(unknown):
            code = int(act.codes[i])
            if code not in msgs:
                msgs[code] = ("unknown activity: use a fuel id such as natural_gas or gas_diesel_oil, "
                              "grid_electricity, district_heat, direct or a process activity (see docs/"
                              f"activities.md){closest(str(act.uniques[code]), options)}")
            t.problems.append(Problem(t.coded("sheet").uniques[t.coded("sheet").codes[i]], int(t.rows[i]),
                                      "activity", t.raw("activity")[i], msgs[code]))
    return aid, proc_ids


def _checked_rows(t: Sheet, live: np.ndarray, aid: Coded) -> np.ndarray:
    """Rows with an activity, a non-negative amount (negative only for V direct entries), a unit, and row
    factors that are not negative and have their unit."""
    amount = t.num("amount")
    has_amount = ~np.isnan(amount)
    t.problem(live & ~has_amount, "amount", "the amount is missing: type a number")
    with np.errstate(invalid="ignore"):
        neg = live & has_amount & (amount < 0)
    gref = t.coded("gpc_ref")
    allow_neg = aid.eq(DIRECT) & gref.map(lambda r: str(r).startswith("V."), dtype=bool, na=False)
    t.problem(neg & ~allow_neg, "amount",
              "a negative amount: activity amounts are never negative (removals go in V rows as direct entries)",
              value_col="amount")
    unit = t.coded("unit")
    t.problem(live & unit.isna() & has_amount, "unit",
              "the unit is missing: give the unit of the amount, e.g. GJ, MWh, t, m3")
    has_ef = ~np.isnan(t.num("ef_co2")) | ~np.isnan(t.num("ef_ch4")) | ~np.isnan(t.num("ef_n2o"))
    no_ef_unit = has_ef & t.coded("ef_unit").isna()
    t.problem(live & no_ef_unit, "ef_unit",
              "ef_co2/ef_ch4/ef_n2o are given without ef_unit: give their unit, e.g. kg/TJ or t/MWh")
    neg_ef = np.zeros(t.n, dtype=bool)
    for col in ("ef_co2", "ef_ch4", "ef_n2o"):
        with np.errstate(invalid="ignore"):
            bad = live & (t.num(col) < 0)
        t.problem(bad, col, f"{col} is negative: an emission factor is never below 0", value_col=col)
        neg_ef |= bad
    return live & ~aid.isna() & has_amount & ~unit.isna() & ~(neg & ~allow_neg) & ~no_ef_unit & ~neg_ef
