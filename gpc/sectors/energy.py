"""The ``activity`` sheet: fuel combustion, grid energy, direct entries, single-factor processes and
notation keys (GPC ch. 6 Stationary energy, ch. 7 Transportation; direct entries in any row).

Everything is computed column-wise, with no Python loop per row: text columns are held as codes into
their distinct values (:class:`gpc.vector.Coded`), so unit strings are parsed, activities resolved and
factors looked up once per distinct value or combination (:func:`gpc.vector.groups`), and the
equations of :mod:`gpc.methods` run on whole arrays. Loops over rows happen only to report problems.
"""

from __future__ import annotations

import re
import weakref
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.activities import DIRECT, DISTRICT_HEAT, GRID_ELECTRICITY, fuel_catalogue, resolve_activity
from gpc.context import Context
from gpc.errors import Problem
from gpc.i18n import label as i18n_label
from gpc.methods.combustion import CO2_PER_C, combustion_emissions
from gpc.methods.electricity import LOSS_BASES, grid_energy_emissions, loss_multiplier, td_loss_emissions
from gpc.records import RecordSet, make_records
from gpc.sheets import closest
from gpc.units import (
    UnitParseError,
    annual_factor,
    factor_to,
    is_dimension,
    is_standard_coal,
    magnitude_in,
    parse_unit,
    strip_gas,
)
from gpc.vector import Coded, groups

__all__ = ["SHEETS", "run", "validate", "compute"]

SHEETS = ("activity",)
GASES = ("CO2", "CH4", "N2O")
_MOBILE_MODE = {"road": "road", "rail": "rail", "navigation": "navigation", "aviation": "aviation",
                "off_road": "off_road"}
_NOTATION_COLUMNS = ["sheet", "row", "gpc_ref", "notation_key", "explanation"]
_DIMS = (("energy", "GJ"), ("mass", "t"), ("volume", "m3"))  # codes 0, 1, 2; 3 = other


class _Sheet:
    """The activity table as arrays (text columns factorised once) and the problems found in it."""

    def __init__(self, df: pd.DataFrame):
        self.df = df
        self.n = len(df)
        self.problems: list[Problem] = []
        self._coded: dict[str, Coded] = {}
        self._num: dict[str, np.ndarray] = {}
        self._obj: dict[str, np.ndarray] = {}
        self.rows = df["row"].to_numpy()

    def coded(self, name: str) -> Coded:
        if name not in self._coded:
            self._coded[name] = Coded.of(self.df[name]) if name in self.df.columns else Coded.full(self.n, None)
        return self._coded[name]

    def num(self, name: str) -> np.ndarray:
        if name not in self._num:
            if name in self.df.columns and self.df[name].dtype == "float64":
                self._num[name] = self.df[name].to_numpy()
            elif name in self.df.columns:
                self._num[name] = pd.to_numeric(self.df[name], errors="coerce").to_numpy(dtype="float64",
                                                                                       na_value=np.nan)
            else:
                self._num[name] = np.full(self.n, np.nan)
        return self._num[name]

    def raw(self, name: str) -> np.ndarray:
        """Cell values as objects (only read for the rows that have a problem)."""
        if name not in self._obj:
            self._obj[name] = self.df[name].to_numpy(dtype=object) if name in self.df.columns else \
                np.full(self.n, None, dtype=object)
        return self._obj[name]

    def problem(self, where: np.ndarray, column: str, message: str, value_col: str | None = None,
                severity: str = "error", value: Any = "__cell__") -> None:
        """One problem per row in ``where`` (positions or a mask over the whole table)."""
        pos = np.flatnonzero(where) if where.dtype == bool else where
        if not len(pos):
            return
        sheets = self.coded("sheet").values()[pos] if len(pos) < self.n else self.coded("sheet").values()
        vals = self.raw(value_col or column)[pos] if value == "__cell__" else [value] * len(pos)
        for s, r, v in zip(sheets, self.rows[pos], vals):
            self.problems.append(Problem(s, int(r), column, v, message, severity))


class _Labels:
    """A text column assembled from a few strings by masks: codes into a growing list of labels."""

    def __init__(self, n: int, default: str = ""):
        self.codes = np.zeros(n, dtype=np.intp)
        self.labels: list[Any] = [default]

    def set(self, mask: np.ndarray, text: Any) -> None:
        self.labels.append(text)
        self.codes[mask] = len(self.labels) - 1

    def set_coded(self, mask: np.ndarray, codes: np.ndarray, texts: Any) -> None:
        """Rows in ``mask`` take ``texts[codes]`` (``codes`` over the masked rows; -1 keeps the label)."""
        off = len(self.labels)
        self.labels.extend(list(texts))
        codes = np.asarray(codes, dtype=np.intp)
        if mask.all():
            self.codes = np.where(codes >= 0, codes + off, self.codes)
            return
        pos = np.flatnonzero(mask)
        self.codes[pos] = np.where(codes >= 0, codes + off, self.codes[pos])

    def append(self, mask: np.ndarray, text: str) -> None:
        """Rows in ``mask`` keep their label and get ``text`` after it ("label; text")."""
        pos = np.flatnonzero(mask)
        if not len(pos):
            return
        uniq, inverse = np.unique(self.codes[pos], return_inverse=True)
        off = len(self.labels)
        self.labels.extend(f"{self.labels[u]}; {text}" if self.labels[u] else text for u in uniq)
        self.codes[pos] = off + inverse

    def coded(self, keep: np.ndarray | None = None) -> Coded:
        return Coded(self.codes if keep is None else self.codes[keep], self.labels)


def _dim(unit: str) -> str:
    for name, ref in _DIMS:
        if is_dimension(unit, ref):
            return name
    return "other"


def _dim_code(unit: Any) -> int:
    for k, (_, ref) in enumerate(_DIMS):
        if is_dimension(str(unit), ref):
            return k
    return 3


def _blank(v: object) -> bool:
    """Missing cell: None, NaN or NA (pandas may turn None into NaN in text columns)."""
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def _same_dim(q, target: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(q.dimensionality == parse_unit(target).dimensionality)


def _factor_or_nan(unit: Any, target: str) -> float:
    try:
        return factor_to(str(unit), target)
    except UnitParseError:
        return np.nan


def _parse_conversion(text: object) -> float:
    if text is None or (isinstance(text, float) and np.isnan(text)) or str(text).strip() == "":
        return 1.0
    return float(Fraction(str(text).strip()))


def _scope_map() -> dict[str, int]:
    t = taxonomy.table()
    return dict(zip(t.index, t["scope"].astype(int)))


# ----------------------------------------------------------------------------------------------
def run(tables: dict[str, pd.DataFrame], ctx: Context) -> tuple[pd.DataFrame, list[Problem], pd.DataFrame]:
    """Compute the ``activity`` sheet: (records, problems, notation-key rows)."""
    df = tables.get("activity")
    notation = pd.DataFrame(columns=_NOTATION_COLUMNS)
    if df is None or df.empty:
        return make_records(sheet=[], row=[], gpc_ref=[], gas=[], emissions_t=[]), [], notation
    df = df.reset_index(drop=True)
    t = _Sheet(df)
    fs = ctx.factors

    # ---- notation keys
    nk = ~t.coded("notation_key").isna()
    amount = t.num("amount")
    has_amount = ~np.isnan(amount)
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
    live = ~nk

    # ---- resolve activities (once per distinct text)
    process = fs.table("process_factors") if fs.has_table("process_factors") else None
    fuels = set(fuel_catalogue()["fuel"])
    fuel_props = fs.table("fuel_properties")
    fuels |= set(fuel_props["fuel"].dropna())
    known = fuels | {GRID_ELECTRICITY, DISTRICT_HEAT, DIRECT}
    proc_ids = set(process["activity"].dropna()) if process is not None else set()
    known |= proc_ids
    kset = frozenset(known)
    act = t.coded("activity")
    aid = act.recode(lambda a: resolve_activity(a, kset) if not _blank(a) else None)
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
    neg_ef = np.zeros(len(df), dtype=bool)
    for col in ("ef_co2", "ef_ch4", "ef_n2o"):
        with np.errstate(invalid="ignore"):
            bad = live & (t.num(col) < 0)
        t.problem(bad, col, f"{col} is negative: an emission factor is never below 0", value_col=col)
        neg_ef |= bad

    ok = live & ~aid.isna() & has_amount & ~unit.isna() & ~(neg & ~allow_neg) & ~no_ef_unit & ~neg_ef
    # kind of each distinct activity: 0 direct, 1 grid electricity, 2 district heat, 3 process, 4 fuel
    kind_u = np.array([0 if a == DIRECT else 1 if a == GRID_ELECTRICITY else 2 if a == DISTRICT_HEAT else
                       3 if a in proc_ids else 4 for a in aid.uniques] + [-1], dtype=np.intp)
    kind = np.where(ok, kind_u[aid.codes], -1)

    recs = RecordSet()
    _direct(np.flatnonzero(kind == 0), t, aid, ctx, recs)
    _grid(np.flatnonzero((kind == 1) | (kind == 2)), kind, t, aid, ctx, recs)
    _fuel(np.flatnonzero(kind == 4), t, aid, ctx, recs)
    _process(np.flatnonzero(kind == 3), process, t, aid, ctx, recs)
    return recs.frame(), t.problems, notation


def validate(tables: dict[str, pd.DataFrame], ctx: Context) -> list[Problem]:
    return run(tables, ctx)[1]


def compute(tables: dict[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    return run(tables, ctx)[0]


def _common(t: _Sheet, i: np.ndarray) -> dict[str, Any]:
    """Record columns taken straight from the input rows ``i``."""
    return {"sheet": t.coded("sheet").take(i), "row": t.rows[i], "gpc_ref": t.coded("gpc_ref").take(i)}


# ---------------------------------------------------------------------------------------- direct
def _direct(idx: np.ndarray, t: _Sheet, aid: Coded, ctx: Context, recs: RecordSet) -> None:
    if not len(idx):
        return
    gas = t.coded("gas").take(idx)
    t.problem(idx[gas.isna()], "gas", "a direct entry needs its gas: CO2, CH4, N2O, SF6, HFC-134a, ... or CO2e")
    unit = t.coded("unit").take(idx)
    dims_ok = unit.map(lambda u: is_dimension(str(u), "t"), dtype=bool, na=False)
    t.problem(idx[~dims_ok], "unit", "a direct entry is a mass of gas: give a mass unit such as t, kt or kg",
              value_col="unit")
    keep = ~gas.isna() & dims_ok
    i = idx[keep]
    if not len(i):
        return
    unit, gas = unit.take(keep), gas.take(keep)
    amount = t.num("amount")[i]
    tonnes = unit.map(lambda u: factor_to(str(u), "t"), dtype="float64", na=np.nan) * amount
    biogenic = t.coded("biogenic").take(i).eq(True) & gas.eq("CO2")
    recs.add(len(i), **_common(t, i), gas=gas, emissions_t=tonnes, biogenic=biogenic, method="direct_entry",
             activity=DIRECT, amount=amount, unit=unit, factor_name="", factor_value=np.nan, factor_unit="",
             factor_source="entered directly", detail="", data_quality=t.coded("data_quality").take(i),
             input_source=t.coded("source").take(i))


# ------------------------------------------------------------------------------------- grid energy
def _grid(idx: np.ndarray, kind: np.ndarray, t: _Sheet, aid: Coded, ctx: Context, recs: RecordSet) -> None:
    if not len(idx):
        return
    s = ctx.settings
    unit = t.coded("unit").take(idx)
    energy_ok = unit.map(lambda u: is_dimension(str(u), "MWh"), dtype=bool, na=False)
    t.problem(idx[~energy_ok], "unit", "grid electricity and district heat are energy: give a unit such as MWh, "
                                       "kWh, GJ or 万千瓦时", value_col="unit")
    scopes = _scope_map()
    scope2 = t.coded("gpc_ref").take(idx).map(lambda r: scopes.get(str(r)) == 2, dtype=bool, na=False)
    t.problem(idx[energy_ok & ~scope2], "gpc_ref",
              "grid-supplied energy is reported in a scope-2 row (I.x.2 or II.x.2): change the gpc_ref",
              value_col="gpc_ref")
    keep = energy_ok & scope2
    i = idx[keep]
    if not len(i):
        return
    n = len(i)
    unit = unit.take(keep)
    is_heat = kind[i] == 2
    amount = t.num("amount")[i]
    mwh = amount * unit.map(lambda u: factor_to(str(u), "MWh"), dtype="float64", na=np.nan)
    tce_note = _standard_coal_basis(t, i, unit, is_heat, amount, mwh, s)
    # CO2 factor: row, then the city sheet, then the factor set
    ef = np.full(n, np.nan)   # t CO2 / MWh
    fval = np.full(n, np.nan)
    funit, fsrc, detail = _Labels(n), _Labels(n), _Labels(n)
    ef_co2 = t.num("ef_co2")[i]
    row_ef = ~np.isnan(ef_co2)
    if row_ef.any():
        efu = t.coded("ef_unit").take(i[row_ef])
        stripped = [strip_gas(str(u))[0] for u in efu.uniques]
        k_u = np.full(len(efu.uniques) + 1, np.nan)
        msg_u: dict[int, str] = {}
        for k, u in enumerate(stripped):
            try:
                k_u[k] = factor_to(u, "t/MWh")
            except UnitParseError as exc:
                msg_u[k] = f"{exc}; a grid factor is a mass per energy such as t/MWh or kg/kWh"
        k_row = k_u[efu.codes]
        bad = np.isnan(k_row)
        rows_ef = i[row_ef]
        for j in np.flatnonzero(bad):
            r = rows_ef[j]
            t.problems.append(Problem(t.coded("sheet").uniques[t.coded("sheet").codes[r]], int(t.rows[r]), "ef_unit",
                                      t.raw("ef_unit")[r], msg_u.get(int(efu.codes[j]), "bad unit")))
        good_rows = np.flatnonzero(row_ef)[~bad]
        ef[good_rows] = ef_co2[good_rows] * k_row[~bad]
        fval[good_rows] = ef_co2[good_rows]
        m = np.zeros(n, dtype=bool)
        m[good_rows] = True
        funit.set_coded(m, efu.codes[~bad], stripped)
        fsrc.set(m, "row (user factor)")
    for heat, setting, table_name, label in ((False, s.grid_factor, "grid_electricity", "grid"),
                                             (True, s.heat_factor, "district_heat", "heat")):
        need = ~row_ef & (is_heat == heat)
        if not need.any():
            continue
        if setting:
            try:
                q = parse_unit(setting)
                ef[need] = magnitude_in(q, "t/MWh")
                fval[need] = float(q.magnitude)
                funit.set(need, f"{q.units:~}")
                fsrc.set(need, f"city sheet ({label}_factor)")
            except Exception:
                t.problems.append(Problem("city", None, f"{label}_factor", setting,
                                          f"{label}_factor must be a mass per energy such as 0.58 t/MWh"))
            continue
        value, unit_f, source, warnings = _set_grid_factor(ctx, table_name)
        if value is None:
            what = "grid electricity" if not heat else "district heat"
            why = f" ({source})" if source else ""
            t.problem(i[need], "ef_co2",
                      f"no {what} CO2 factor is known for factor set '{ctx.factors.id}'"
                      f"{' and region ' + s.region if s.region else ''}{why}: give ef_co2 and ef_unit in this "
                      f"row (e.g. 0.58 t/MWh) or {label}_factor in the city sheet")
            continue
        ef[need] = value * factor_to(unit_f, "t/MWh")
        fval[need] = value
        funit.set(need, unit_f)
        fsrc.set(need, source)
        for w in warnings:
            detail.set(need, w)
            t.problems.append(Problem("city", None, "region", s.region, w, "warning"))
    for mask, text in tce_note:
        detail.append(mask, text)
    good = ~np.isnan(ef) & ~np.isnan(mwh)
    if not good.any():
        return
    i, mwh, ef, fval, is_heat, amount = i[good], mwh[good], ef[good], fval[good], is_heat[good], amount[good]
    unit = unit.take(good)
    method = Coded(is_heat.astype(np.intp), ["grid_electricity", "district_heat"])
    activity = aid.take(i)
    dq, src_in = t.coded("data_quality").take(i), t.coded("source").take(i)
    grid = RecordSet()
    grid.add(len(i), **_common(t, i), gas="CO2", emissions_t=grid_energy_emissions(mwh, ef), method=method,
             activity=activity, amount=amount, unit=unit, energy_gj=mwh * 3.6, factor_name="ef_co2",
             factor_value=fval, factor_unit=funit.coded(good), factor_source=fsrc.coded(good),
             detail=detail.coded(good), data_quality=dq, input_source=src_in)
    for gas, col in (("CH4", "ef_ch4"), ("N2O", "ef_n2o")):
        vals = t.num(col)[i]
        m = ~np.isnan(vals)
        if not m.any():
            continue
        efu = t.coded("ef_unit").take(i[m])
        stripped = Coded(efu.codes, [strip_gas(str(u))[0] for u in efu.uniques])
        k = stripped.map(lambda u: _factor_or_nan(u, "t/MWh"), dtype="float64", na=np.nan)
        bad = np.isnan(k)
        rows_m = i[m]
        for j in np.flatnonzero(bad):
            r = rows_m[j]
            t.problems.append(Problem(t.coded("sheet").uniques[t.coded("sheet").codes[r]], int(t.rows[r]), "ef_unit",
                                      t.raw("ef_unit")[r], f"'{stripped.uniques[stripped.codes[j]]}' is not a mass "
                                      "per energy: a grid factor is a mass per energy such as t/MWh or kg/kWh"))
        m2 = np.flatnonzero(m)[~bad]
        if not len(m2):
            continue
        grid.add(len(m2), **_common(t, i[m2]), gas=gas, emissions_t=grid_energy_emissions(mwh[m2], vals[m2] * k[~bad]),
                 method=method.take(m2), activity=activity.take(m2), amount=amount[m2], unit=unit.take(m2),
                 energy_gj=mwh[m2] * 3.6, factor_name=col, factor_value=vals[m2], factor_unit=stripped.take(~bad),
                 factor_source="row (user factor)", data_quality=dq.take(m2), input_source=src_in.take(m2))
    recs.parts.extend(grid.parts)
    # T&D losses (scope 3) of grid electricity and district heat
    _losses(grid, s, t, recs)


def _standard_coal_basis(t: _Sheet, i: np.ndarray, unit: Coded, is_heat: np.ndarray, amount: np.ndarray,
                         mwh: np.ndarray, s: Any) -> list[tuple[np.ndarray, str]]:
    """Grid energy given in standard coal (tce, 万吨标准煤): convert on the city's ``tce_basis``.

    ``calorific`` (当量值, default): 1 kgce = 29.3076 MJ for every carrier (GB/T 2589-2020 §3.6 and
    附录A: electricity 0.1229 kgce/kWh), which is what ``mwh`` already holds. ``coal_equivalent`` (等价值):
    electricity counted with the year's power-generation coal rate, kWh = kgce / ``power_coal_rate``
    (GB/T 2589-2020 附录A, 电力等价值); heat has no such rate here, so it must be given in energy units.
    Changes ``mwh`` in place (NaN for rows with a problem) and returns (mask, audit note) pairs.
    """
    coal = unit.map(lambda u: is_standard_coal(str(u)), dtype=bool, na=False)
    if not coal.any():
        return []
    basis = s.tce_basis or "calorific"
    if basis != "coal_equivalent":
        return [(coal, "standard coal on the calorific basis (当量值): 1 kgce = 29.3076 MJ (GB/T 2589-2020; "
                       "city field tce_basis)")]
    heat = coal & is_heat
    t.problem(i[heat], "unit", "district heat in standard coal on the coal_equivalent basis (等价值) cannot be "
                              "converted: give the heat in GJ or MJ, or set tce_basis to calorific", value_col="unit")
    mwh[heat] = np.nan
    elec = coal & ~is_heat
    if not elec.any():
        return []
    rate = None
    if s.power_coal_rate:
        try:
            rate = magnitude_in(parse_unit(str(s.power_coal_rate)), "kgce/kWh")
        except Exception:  # not a quantity, or not an energy per energy: said below
            rate = None
        if rate is not None and not (0.1 <= rate <= 1.0):
            rate = None
    if rate is None:
        t.problem(i[elec], "unit", "electricity in standard coal on the coal_equivalent basis (等价值) needs the "
                                   "year's coal rate of thermal power: give power_coal_rate in the city sheet (e.g. "
                                   "0.300 kgce/kWh, between 0.1 and 1), or the electricity in kWh/MWh",
                  value_col="unit")
        mwh[elec] = np.nan
        return []
    kgce = amount[elec] * unit.take(elec).map(lambda u: factor_to(str(u), "kgce"), dtype="float64", na=np.nan)
    mwh[elec] = kgce / rate / 1000.0
    return [(elec, f"standard coal on the coal_equivalent basis (等价值): MWh = kgce / {rate:g} kgce/kWh "
                   f"(city field power_coal_rate) / 1000")]


def _losses(grid: RecordSet, s: Any, t: _Sheet, recs: RecordSet) -> None:
    """The I.x.3 / II.x.3 records of grid-supplied energy: electricity on ``td_loss_rate``, district heat on
    ``heat_loss_rate``, both read on ``td_loss_basis`` (GPC v1.1 §6.6: losses of all grid-supplied energy)."""
    basis = s.td_loss_basis if s.td_loss_basis is not None else LOSS_BASES[0]
    if basis not in LOSS_BASES:
        t.problems.append(Problem("city", None, "td_loss_basis", basis,
                                  f"td_loss_basis must be one of {', '.join(LOSS_BASES)}: supply when the loss rate "
                                  "is a share of the energy supplied (线损率), consumption when it is per unit "
                                  "consumed"))
        return
    method = grid.column("method")
    if not len(method):
        return
    for activity, field in ((GRID_ELECTRICITY, "td_loss_rate"), (DISTRICT_HEAT, "heat_loss_rate")):
        rate = getattr(s, field)
        used = method.eq(activity)
        if not used.any():
            continue
        if rate is None or rate == 0:
            if activity == DISTRICT_HEAT and rate is None:
                refs = grid.column("gpc_ref").take(used)
                t.problems.append(Problem("city", None, field, None, i18n_label(
                    "warn.heat_losses_not_reported", "en", refs=", ".join(sorted(set(map(str, refs.values()))))),
                    "warning"))
            continue
        try:
            rate = float(rate)
        except (TypeError, ValueError):
            rate = np.nan
        if not (0 <= rate < 1):
            t.problems.append(Problem("city", None, field, getattr(s, field),
                                      f"{field} must be a fraction from 0 to below 1 (e.g. 0.05 for 5 %)"))
            continue
        _td_losses(grid, used, activity, field, rate, basis, t, recs)


def _td_losses(grid: RecordSet, used: np.ndarray, activity: str, field: str, rate: float, basis: str, t: _Sheet,
               recs: RecordSet) -> None:
    """Scope-3 losses of the grid records ``used``: consumption × r/(1−r) (``supply``) or × r
    (``consumption``) × the same factor — :func:`gpc.methods.electricity.td_loss_emissions`."""
    refs = grid.column("gpc_ref").take(used)
    loss = refs.recode(lambda r: re.sub(r"\.2$", ".3", str(r)))
    known = set(taxonomy.table().index)
    exists = loss.isin(known)
    for ref in sorted(set(refs.take(~exists).values())):
        t.problems.append(Problem("city", None, field, rate,
                                  i18n_label("warn.td_no_scope3_row", "en", ref=ref), "warning"))
    if not exists.any():
        return
    sel = np.flatnonzero(used)[exists]

    def col(name: str) -> Any:
        c = grid.column(name)
        return c.take(sel) if isinstance(c, Coded) else c[sel]

    emissions, energy = col("emissions_t"), col("energy_gj")
    mwh = energy / 3.6
    with np.errstate(invalid="ignore", divide="ignore"):
        ef_used = np.where(mwh > 0, emissions / mwh, 0.0)
    k = float(loss_multiplier(rate, basis))
    if basis == "supply":
        how = (f"losses = consumption × r/(1−r) = consumption × {rate:g}/{1 - rate:g} = consumption × {k:.6g} "
               f"({field} {rate:g} as a share of the energy supplied, 线损率; city field td_loss_basis: supply)")
    else:
        how = (f"losses = consumption × r = consumption × {rate:g} ({field} {rate:g} per unit consumed; city field "
               "td_loss_basis: consumption)")
    what = "grid factor" if activity == GRID_ELECTRICITY else "heat factor"
    recs.add(len(sel), sheet=col("sheet"), row=col("row"), gpc_ref=loss.take(exists), gas=col("gas"),
             emissions_t=td_loss_emissions(mwh, rate, ef_used, basis), method="td_losses",
             activity=activity, amount=col("amount"), unit=col("unit"), energy_gj=energy * k,
             factor_name=col("factor_name"), factor_value=col("factor_value"), factor_unit=col("factor_unit"),
             factor_source=col("factor_source"),
             detail=f"T&D {how} × the same {what} (GPC v1.1 §6.6)",
             data_quality=col("data_quality"), input_source=col("input_source"))


def _set_grid_factor(ctx: Context, table_name: str) -> tuple[float | None, str, str, list[str]]:
    fs = ctx.factors
    if not fs.has_table(table_name):
        return None, "", "", []
    t = fs.table(table_name)
    s = ctx.settings
    if table_name == "grid_electricity":
        try:
            from gpc.china import grid_factor
        except ImportError:  # pragma: no cover
            return None, "", "", []
        variant = s.grid_variant or "average"
        try:
            value, source, warnings = grid_factor(t, s.region, s.year, variant)
        except (KeyError, ValueError, LookupError) as exc:
            return None, "", str(exc), []
        return float(value), "t/MWh", str(source), list(warnings)
    row = t.iloc[0]
    return float(row["value"]), str(row["unit"]), str(row["source"]), []


# ------------------------------------------------------------------------------------------ fuels
def _fuel(idx: np.ndarray, t: _Sheet, aid: Coded, ctx: Context, recs: RecordSet) -> None:
    if not len(idx):
        return
    fs = ctx.factors
    s = ctx.settings
    tax = taxonomy.table()
    cat_of = dict(zip(tax.index, tax["combustion_category"].fillna("")))
    scopes = _scope_map()
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
        return

    # ---- units → energy / mass / volume (one pint call per distinct unit string)
    unit = t.coded("unit").take(idx)
    dim = unit.map(_dim_code, dtype=np.intp, na=3)
    t.problem(idx[dim == 3], "unit",
              "a fuel amount is an energy (GJ, MWh, tce), a mass (t, kg, 万吨) or a volume (m3, L, 亿立方米)",
              value_col="unit")
    keep = dim != 3
    i, unit, dim, category = idx[keep], unit.take(keep), dim[keep], category.take(keep)
    if not len(i):
        return
    n = len(i)
    fuel = aid.take(i)
    amount = t.num("amount")[i]
    E = amount * unit.map(lambda u: _factor_or_nan(u, "GJ"), dtype="float64", na=np.nan)
    M = amount * unit.map(lambda u: _factor_or_nan(u, "t"), dtype="float64", na=np.nan)
    V = amount * unit.map(lambda u: _factor_or_nan(u, "m3"), dtype="float64", na=np.nan)

    # ---- properties: row first, then the set (once per fuel, per distinct ncv / density text)
    props = _fuel_properties(fs, s)
    for f in sorted(set(fuel.uniques) & set(props["guideline_fallback"])):
        t.problems.append(Problem("city", None, "guideline", s.guideline or fs.meta.get("default_guideline"),
                                  props["guideline_fallback"][f], "warning"))
    dens_t = _densities(fs)
    dens_map, dens_src_map = dict(zip(dens_t.index, dens_t["value"])), dict(zip(dens_t.index, dens_t["source"]))
    ncv_m = fuel.map(lambda f: props.get("ncv_mass", {}).get(f, np.nan), dtype="float64", na=np.nan)   # GJ/t
    ncv_v = fuel.map(lambda f: props.get("ncv_volume", {}).get(f, np.nan), dtype="float64", na=np.nan)  # GJ/m3
    dens = fuel.map(lambda f: dens_map.get(f, np.nan), dtype="float64", na=np.nan)                      # t/m3
    ncv_src, dens_src = _Labels(n), _Labels(n)
    ncv_src.set_coded(np.ones(n, dtype=bool), fuel.codes,
                      [props.get("ncv_source", {}).get(f, "") or "" for f in fuel.uniques])
    dens_src.set_coded(np.ones(n, dtype=bool), fuel.codes, [dens_src_map.get(f, "") or "" for f in fuel.uniques])
    row_ncv = t.coded("ncv").take(i)
    if not row_ncv.isna().all():
        parsed: list[tuple[float, float] | str] = []
        for txt in row_ncv.uniques:
            try:
                if _blank(txt):
                    parsed.append("")
                    continue
                q = parse_unit(txt)
                if _same_dim(q, "GJ/t"):
                    parsed.append((magnitude_in(q, "GJ/t"), np.nan))
                elif _same_dim(q, "GJ/m3"):
                    parsed.append((np.nan, magnitude_in(q, "GJ/m3")))
                else:
                    raise UnitParseError("ncv must be an energy per mass or per volume, e.g. 43 TJ/Gg or 38.931 MJ/m3")
            except (UnitParseError, Exception) as exc:
                parsed.append(str(exc) or "bad ncv")
        ok_u = np.array([isinstance(p, tuple) for p in parsed] + [False], dtype=bool)
        bad_u = np.array([isinstance(p, str) and p != "" for p in parsed] + [False], dtype=bool)
        has = ok_u[row_ncv.codes]
        m_u = np.array([p[0] if isinstance(p, tuple) else np.nan for p in parsed] + [np.nan])
        v_u = np.array([p[1] if isinstance(p, tuple) else np.nan for p in parsed] + [np.nan])
        ncv_m[has], ncv_v[has] = m_u[row_ncv.codes[has]], v_u[row_ncv.codes[has]]
        ncv_src.set_coded(has, row_ncv.codes[has], [f"row: {u}" for u in row_ncv.uniques])
        for j in np.flatnonzero(bad_u[row_ncv.codes]):
            r = i[j]
            t.problems.append(Problem(_sheet_at(t, r), int(t.rows[r]), "ncv", t.raw("ncv")[r],
                                      parsed[row_ncv.codes[j]]))
    row_dens = t.coded("density").take(i)
    if not row_dens.isna().all():
        d_u = np.full(len(row_dens.uniques) + 1, np.nan)
        bad_u = np.zeros(len(row_dens.uniques) + 1, dtype=bool)
        for k, txt in enumerate(row_dens.uniques):
            if _blank(txt):
                continue
            try:
                d_u[k] = magnitude_in(parse_unit(txt), "t/m3")
            except Exception:
                bad_u[k] = True
        has = ~np.isnan(d_u[row_dens.codes])
        dens[has] = d_u[row_dens.codes[has]]
        dens_src.set_coded(has, row_dens.codes[has], [f"row: {u}" for u in row_dens.uniques])
        for j in np.flatnonzero(bad_u[row_dens.codes]):
            r = i[j]
            t.problems.append(Problem(_sheet_at(t, r), int(t.rows[r]), "density", t.raw("density")[r],
                                      "density must be a mass per volume, e.g. 0.84 kg/L"))
    with np.errstate(invalid="ignore", divide="ignore"):
        mass_from_v = V * dens
        energy = np.where(~np.isnan(E), E,
                 np.where(~np.isnan(M), np.where(~np.isnan(ncv_m), M * ncv_m, (M / dens) * ncv_v),
                 np.where(~np.isnan(ncv_v), V * ncv_v, mass_from_v * ncv_m)))
        mass = np.where(~np.isnan(M), M, np.where(~np.isnan(V), mass_from_v, E / ncv_m))
    volume = _volume(V, M, E, dens, ncv_v)
    ncv_code, dens_code = ncv_src.codes, dens_src.codes

    # ---- factors per gas: (value in t per basis unit, basis, shown value, shown unit, source)
    catalogue_bio = fuel_catalogue()["biogenic"]
    biogenic_fuel = fuel.map(lambda f: bool(catalogue_bio.get(f, False)), dtype=bool, na=False)
    row_bio = t.coded("biogenic").take(i)
    is_bio = np.where(row_bio.isna(), biogenic_fuel, row_bio.eq(True))
    mobile = category.isin(list(_MOBILE_MODE))
    method = Coded(mobile.astype(np.intp), ["stationary_combustion", "mobile_combustion"])
    bad_rows: set[int] = set()
    keys = _factor_keys(i, t, fuel, category)
    # the NCV/density note depends only on (fuel, ncv, density, dimension) and whether the NCV is used
    pg, pfirst = groups(fuel.codes, ncv_code, dens_code, dim)
    notes: list[str] = []
    for f in pfirst:
        a, b_, rho = ncv_m[f], ncv_v[f], dens[f]
        note = ""
        if not np.isnan(a) or not np.isnan(b_):
            note = f"NCV {_fmt_ncv(a, b_)} ({ncv_src.labels[ncv_code[f]]})"
            if dim[f] == 2 and not np.isnan(rho) and np.isnan(b_):
                note += f"; density {rho:g} t/m3 ({dens_src.labels[dens_code[f]]})"
        notes += ["", note]   # code 2·group (NCV not used), 2·group + 1 (used)
    technology, dq, src_in = t.coded("technology").take(i), t.coded("data_quality").take(i), t.coded("source").take(i)
    common = _common(t, i)
    for gas in GASES:
        t_per, basis, shown_v, shown_u, src, det = _factors_for_gas(i, t, fuel, category, mobile, gas, fs, s, keys)
        base = np.select([basis == 0, basis == 1, basis == 2], [energy, mass, volume], np.nan)
        em = combustion_emissions(base, t_per)
        missing = np.isnan(em) & ~np.isnan(t_per)
        for j in np.flatnonzero(missing):
            if j in bad_rows:
                continue
            bad_rows.add(j)
            r = i[j]
            b = ("energy", "mass", "volume")[basis[j]]
            need = {"energy": "an NCV (ncv, e.g. 38.931 MJ/m3)", "mass": "a density (density, e.g. 0.84 kg/L) or NCV",
                    "volume": "a density (density, e.g. 0.84 kg/L)"}[b]
            u = t.raw("unit")[r]
            t.problems.append(Problem(_sheet_at(t, r), int(t.rows[r]), "unit", u,
                                      f"cannot turn {amount[j]:g} {u} of {fuel.uniques[fuel.codes[j]]} into "
                                      f"{b}: give {need} in this row, or the amount in energy units"))
        k = ~np.isnan(em)
        if not k.any():
            continue
        used_ncv = (dim != 0) & (basis == 0)
        note_code = pg * 2 + used_ncv
        if k.all():  # the usual case: every row has the factor; no row selection needed
            def sel(x: Any) -> Any:
                return x
        else:
            def sel(x: Any, k: np.ndarray = k) -> Any:
                return x.take(k) if isinstance(x, Coded) else x[k]
        nk_, dk = sel(note_code), sel(det.codes)
        g2, first2 = groups(nk_, dk)
        detail = Coded(g2, ["; ".join(x for x in (notes[nk_[f]], det.labels[dk[f]]) if x) for f in first2])
        recs.add(int(k.sum()), **{c: sel(v) for c, v in common.items()}, gas=gas, emissions_t=sel(em),
                 biogenic=sel(is_bio) & (gas == "CO2"), method=sel(method), activity=sel(fuel), amount=sel(amount),
                 unit=sel(unit), energy_gj=sel(energy), factor_name=f"ef_{gas.lower()}", factor_value=sel(shown_v),
                 factor_unit=shown_u.coded(None if k.all() else k), factor_source=src.coded(None if k.all() else k),
                 detail=detail, technology=sel(technology), data_quality=sel(dq), input_source=sel(src_in),
                 mass_t=sel(mass), density_t_per_m3=sel(dens))


def _volume(V: np.ndarray, M: np.ndarray, E: np.ndarray, dens: np.ndarray, ncv_v: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(~np.isnan(V), V, np.where(~np.isnan(M), M / dens, E / ncv_v))


def _sheet_at(t: _Sheet, r: int) -> Any:
    c = t.coded("sheet")
    return c.uniques[c.codes[r]] if c.codes[r] >= 0 else None


def _fmt_ncv(m: float, v: float) -> str:
    return f"{m:g} GJ/t" if not np.isnan(m) else f"{v:g} GJ/m3"


_PROPS_CACHE: dict[tuple[int, str | None], dict[str, dict]] = {}


def _fuel_properties(fs, s) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    key = (id(fs), s.guideline)
    if key not in _PROPS_CACHE:
        _PROPS_CACHE[key] = _build_fuel_properties(fs, s)
    return _PROPS_CACHE[key]


def _build_fuel_properties(fs, s) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    t = fs.table("fuel_properties")
    guideline_fallback: dict[str, str] = {}
    chosen_g = None
    if "guideline" in t.columns:
        from gpc.china import select_fuel_parameters

        order = [g["id"] if isinstance(g, dict) else str(g) for g in fs.meta.get("guidelines", [])]
        order = order or sorted(set(t["guideline"].dropna()))
        chosen_g = s.guideline or fs.meta.get("default_guideline") or order[0]
        t, _ = select_fuel_parameters(t, chosen_g, order)
        # a parameter the chosen guideline lacks, taken from another guideline of the set: said once per fuel used
        other = t[t["fallback"] & t["guideline"].isin(order)]
        guideline_fallback = {
            f: i18n_label("warn.guideline_fallback", "en", fuel=f, parameter=", ".join(g["parameter"]),
                          guideline=chosen_g, used=", ".join(dict.fromkeys(g["guideline"])))
            for f, g in other.groupby("fuel", sort=True)
        }
        t = t.assign(source=[f"[{g}] {src}" if g in order else src for g, src in zip(t["guideline"], t["source"])])
    out: dict[str, Any] = {"ncv_mass": {}, "ncv_volume": {}, "ncv_source": {}, "co2": {}, "co2_source": {},
                           "guideline_fallback": guideline_fallback,
                           "guideline": chosen_g if "guideline" in t.columns else None}
    for fuel, par, val, unit, src in zip(t["fuel"], t["parameter"], t["value"], t["unit"], t["source"]):
        if par == "ncv":
            if is_dimension(unit, "GJ/t"):
                out["ncv_mass"][fuel] = val * factor_to(unit, "GJ/t")
            elif is_dimension(unit, "GJ/m3"):
                out["ncv_volume"][fuel] = val * factor_to(unit, "GJ/m3")
            out["ncv_source"][fuel] = f"{val:g} {unit}, {src}"
    co2 = {}
    cc = {}
    ox = {}
    for fuel, par, val, unit, src in zip(t["fuel"], t["parameter"], t["value"], t["unit"], t["source"]):
        if par == "co2_ef":
            co2[fuel] = (val * factor_to(strip_gas(unit)[0], "t/GJ"), val, strip_gas(unit)[0], src)
        elif par == "carbon_content":
            cc[fuel] = (val * factor_to(unit, "t/GJ"), val, unit, src)
        elif par == "oxidation_factor":
            ox[fuel] = (val, src)
    out["co2"] = co2
    out["cc"] = cc
    out["ox"] = ox
    # fuels whose CO2 parameters come from a national guideline (not from the fallback IPCC rows)
    national: set[str] = set()
    if "guideline" in t.columns:
        order_set = set(order)
        national = {f for f, par, g in zip(t["fuel"], t["parameter"], t["guideline"])
                    if par in ("carbon_content", "co2_ef") and g in order_set}
    # fuels mapped to an IPCC fuel take its properties where they have none of their own
    for fuel, ipcc in _ipcc_fuel_map(fs, use="all").items():
        if fuel not in out["co2"] and fuel not in out["cc"] and ipcc in national:
            national.add(fuel)
        for key in ("ncv_mass", "ncv_volume", "co2", "cc", "ox"):
            if fuel not in out[key] and ipcc in out[key]:
                out[key][fuel] = out[key][ipcc]
        if fuel not in out["ncv_source"] and ipcc in out["ncv_source"]:
            out["ncv_source"][fuel] = f"as {ipcc}: {out['ncv_source'][ipcc]}"
    out["national_co2"] = national
    return out


def _densities(fs) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    if not fs.has_table("densities"):
        return pd.DataFrame({"value": pd.Series(dtype=float), "source": pd.Series(dtype=object)})
    t = fs.table("densities").drop_duplicates("fuel")
    vals = [v * factor_to(u, "t/m3") for v, u in zip(t["value"], t["unit"])]
    return pd.DataFrame({"value": vals, "source": [f"{v:g} {u}, {s}" for v, u, s in
                                                   zip(t["value"], t["unit"], t["source"])]}, index=t["fuel"])


def _row_factors(i: np.ndarray, t: _Sheet, col: str) -> tuple[np.ndarray, np.ndarray, _Labels]:
    """User factors of one gas column: t per basis unit, basis code (0 energy, 1 mass, 2 volume, -1
    none) and the unit shown; one unit conversion per distinct ef_unit."""
    n = len(i)
    vals = t.num(col)[i]
    t_per = np.full(n, np.nan)
    basis = np.full(n, -1, dtype=np.intp)
    shown_u = _Labels(n)
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
        t.problems.append(Problem(_sheet_at(t, r), int(t.rows[r]), "ef_unit", str(t.raw("ef_unit")[r]),
                                  "an emission factor is a mass of gas per energy (kg/TJ), per mass (t/t) "
                                  "or per volume (kg/L)"))
    return t_per, basis, shown_u


def _factor_keys(i: np.ndarray, t: _Sheet, fuel: Coded, category: Coded) -> tuple[Any, ...]:
    """Rows grouped by what the set's factors depend on: (fuel, category, technology, oxidation factor)."""
    tech = t.coded("technology").take(i).recode(
        lambda v: re.sub(r"[\s\-]+", "_", str(v).strip().lower()))
    ox = t.num("oxidation_factor")[i]
    ox_codes, ox_u = pd.factorize(np.where(np.isnan(ox), -1.0, ox))
    g, first = groups(fuel.codes, category.codes, tech.codes, np.asarray(ox_codes))
    return g, first, tech, np.asarray(ox_codes), np.asarray(ox_u, dtype="float64")


def _factors_for_gas(i: np.ndarray, t: _Sheet, fuel: Coded, category: Coded, mobile: np.ndarray, gas: str,
                     fs, s, keys: tuple[Any, ...]):  # type: ignore[no-untyped-def]
    """Factors of one gas for the rows ``i``: the row's own, else the set's, looked up once per
    (fuel, category, technology, oxidation factor) — the groups of :func:`_factor_keys`."""
    n = len(i)
    col = f"ef_{gas.lower()}"
    t_per, basis, shown_u = _row_factors(i, t, col)
    vals = t.num(col)
    shown_v = vals[i] if not np.isnan(vals).all() else np.full(n, np.nan)
    src, det = _Labels(n), _Labels(n)
    src.set(~np.isnan(t_per), "row (user factor)")
    need = np.isnan(t_per) & np.isnan(shown_v)
    if not need.any():
        return t_per, basis, shown_v, shown_u, src, det
    g, first, tech, ox_codes, ox_u = keys
    tech_codes = tech.codes  # -1: no technology ("")
    lookup = _co2_lookup if gas == "CO2" else _non_co2_lookup
    need_g = np.zeros(len(first), dtype=bool)
    need_g[g[need]] = True
    tpg_g = np.full(len(first) + 1, np.nan)
    v_g = np.full(len(first) + 1, np.nan)
    ok_g = np.zeros(len(first) + 1, dtype=bool)
    u_g: list[str] = []
    s_g: list[str] = []
    d_g: list[str] = []
    for k, f in enumerate(first):
        u_g.append("")
        s_g.append("")
        d_g.append("")
        if not need_g[k]:
            continue
        fuel_id = fuel.uniques[fuel.codes[f]]
        cat = category.uniques[category.codes[f]]
        tech_k = tech.uniques[tech_codes[f]] if tech_codes[f] >= 0 else ""
        ox_k = float(ox_u[ox_codes[f]])
        hit = _cached_lookup(lookup, fs, s, gas, fuel_id, cat, tech_k, None if ox_k < 0 else ox_k, bool(mobile[f]))
        if isinstance(hit, tuple) and len(hit) == 2:  # (column, message): a problem for every row of the group
            column, message = hit
            for j in np.flatnonzero(need & (g == k)):
                r = i[j]
                t.problems.append(Problem(_sheet_at(t, r), int(t.rows[r]), column,
                                          t.raw("technology")[r] if column == "technology" else None, message))
            continue
        tpg, v, u, sr, dt = hit
        tpg_g[k], v_g[k], ok_g[k] = tpg, v, True
        u_g[-1], s_g[-1], d_g[-1] = u, sr, dt
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


_LOOKUPS: "weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]]" = weakref.WeakKeyDictionary()


def _cached_lookup(lookup, fs, s, gas, fuel, cat, tech, ox_row, mobile):  # type: ignore[no-untyped-def]
    """A factor look-up, remembered per factor set (the set's tables do not change once loaded)."""
    try:
        memo = _LOOKUPS.setdefault(fs, {})
    except TypeError:  # pragma: no cover - a factor set that cannot be weakly referenced
        return lookup(fs, s, gas, fuel, cat, tech, ox_row, mobile)
    key = (lookup.__name__, s, gas, fuel, cat, tech, ox_row, mobile)
    if key not in memo:
        memo[key] = lookup(fs, s, gas, fuel, cat, tech, ox_row, mobile)
    return memo[key]


def _co2_lookup(fs, s, gas, fuel, cat, tech, ox_row, mobile):  # type: ignore[no-untyped-def]
    """The CO2 factor of a fuel (t/GJ, shown value, unit, source, detail) or (column, problem).

    Order: the mobile table of the transport mode (IPCC 2006 Vol. 2 Tables 3.2.1–3.6.4), then the set's
    fuel properties (a CO2 factor, or carbon content × oxidation × 44/12, IPCC 2006 Vol. 2 Ch. 1
    §1.4.2.1). A set of national guidelines (``china``, city field ``guideline``) takes the CO2 of every
    combustion, stationary and mobile, from its fuel parameters where the guideline has the fuel
    (GB/T 32151 / the NDRC guidelines compute mobile CO2 as NCV × CC × OF × 44/12 like stationary);
    CH4 and N2O still come from the IPCC mobile / stationary tables.
    """
    props = _fuel_properties(fs, s)
    mob = _mobile_table(fs)
    hit = None
    national = props.get("guideline")
    if national and fuel in props.get("national_co2", ()):
        mob = None   # the guideline's parameters win over the IPCC mobile CO2 defaults
    note = ""
    if national and mob is None:
        note = (f"; CO2 from the fuel parameters of guideline {national}"
                + (f" (not the IPCC {str(cat).replace('_', '-')} transport CO2 default)" if mobile else "")
                + f"; CH4 and N2O from the IPCC 2006 {'mobile' if mobile else 'stationary'} "
                  "combustion tables")
    if mobile and mob is not None:
        m = mob[(mob["mode"] == cat) & (mob["fuel"] == fuel) & (mob["gas"] == "CO2")]
        if len(m):
            r = m.iloc[0]
            hit = (r["value"] * factor_to(r["unit"], "t/GJ"), r["value"], r["unit"], r["source"], "", 1.0)
    if hit is None and fuel in props["co2"]:
        tpg, v, u, sr = props["co2"][fuel]
        hit = (tpg, v, u, sr, note.lstrip("; "), 1.0)
    if hit is None and fuel in props["cc"]:
        tpg, v, u, sr = props["cc"][fuel]
        of, of_src = props["ox"].get(fuel, (1.0, "full oxidation"))
        if ox_row is not None:
            of, of_src = ox_row, "row"
        ef = tpg * of * CO2_PER_C
        return (ef, ef * 1e6, "kg/TJ", sr,
                f"EF = carbon content {v:g} {u} × oxidation {of:g} ({of_src}) × 44/12{note}")
    if hit is None:
        return ("ef_co2", f"factor set '{fs.id}' has no CO2 factor for {fuel}: give ef_co2 and ef_unit in this row")
    tpg, v, u, sr, dt, _ = hit
    if ox_row is not None:
        tpg = tpg * ox_row
        return (tpg, tpg * 1e6, "kg/TJ", sr, f"{v:g} {u} × oxidation factor {ox_row:g} (row){note}")
    return (tpg, v, u, sr, dt)


def _non_co2_lookup(fs, s, gas, fuel, cat, tech, ox_row, mobile):  # type: ignore[no-untyped-def]
    """The CH4 or N2O factor of a fuel in a category / transport mode, or (column, problem)."""
    col = f"ef_{gas.lower()}"
    stat = fs.table("stationary_combustion")
    mob = _mobile_table(fs)
    ipcc_map = _ipcc_fuel_map(fs)
    for f in dict.fromkeys((fuel, ipcc_map.get(fuel))):
        if f is None:
            continue
        if mobile:
            if mob is None:
                continue
            m = mob[(mob["mode"] == cat) & (mob["fuel"] == f) & (mob["gas"] == gas)]
            if m.empty:
                continue
            note = ""
            if tech:
                known = set(mob.loc[(mob["mode"] == cat) & (mob["fuel"] == f), "technology"])
                if tech not in known and known != {"all"}:
                    return ("technology", f"unknown technology for {fuel} in {cat.replace('_', '-')} transport: use "
                                          f"one of {', '.join(sorted(known))}")
                mt = m[m["technology"] == tech]
                if mt.empty and known != {"all"}:
                    note = f"IPCC gives no {gas} factor for technology {tech}: the default is used; "
                m = mt if len(mt) else m
            if len(m) > 1 and "is_default" in m.columns:
                dm = m[m["is_default"].astype(str).str.lower().isin(("true", "1", "yes"))]
                m = dm if len(dm) else m
            r = m.iloc[0]
            note += f"technology {r['technology']}" + (f"; {fuel} taken as {f}" if f != fuel else "")
            return (r["value"] * factor_to(r["unit"], "t/GJ"), r["value"], r["unit"], r["source"], note)
        m = stat[(stat["fuel"] == f) & (stat["category"] == cat) & (stat["gas"] == gas)]
        if len(m):
            r = m.iloc[0]
            return (r["value"] * factor_to(r["unit"], "t/GJ"), r["value"], r["unit"], r["source"],
                    f"category {cat}" + (f"; {fuel} taken as {f}" if f != fuel else ""))
    where = f"{cat.replace('_', ' ')} {'transport' if mobile else 'combustion'}"
    return (col, f"factor set '{fs.id}' has no {gas} factor for {fuel} in {where}: give {col} and ef_unit "
                 "in this row")


def _mobile_table(fs) -> pd.DataFrame | None:  # type: ignore[no-untyped-def]
    return fs.table("mobile_combustion") if fs.has_table("mobile_combustion") else None


def _ipcc_fuel_map(fs, use: str | None = None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Stand-in IPCC fuels (``fuels_ipcc_map``); ``use="all"`` keeps those that may supply NCV and CO2 too."""
    if not fs.has_table("fuels_ipcc_map"):
        return {}
    t = fs.table("fuels_ipcc_map")
    if use is not None and "use" in t.columns:
        t = t[t["use"].fillna("all") == use]
    return dict(zip(t["fuel"], t["ipcc_fuel"]))


# ---------------------------------------------------------------------------------------- process
def _process(idx: np.ndarray, table: pd.DataFrame | None, t: _Sheet, aid: Coded, ctx: Context,
             recs: RecordSet) -> None:
    """Single-factor activities (IPPU/AFOLU Tier 1): E = amount × factor × conversion, one record per factor row.

    IPCC 2006 Vol. 1 Ch. 1 Eq. 1.1 in the form each table row cites (Vol. 3 and Vol. 4 equations); rows
    are grouped by (activity, technology, unit) so each factor is looked up once.
    """
    if not len(idx) or table is None:
        return
    act = aid.take(idx)
    tech_key = t.coded("technology").take(idx).recode(
        lambda v: "" if _blank(v) else str(v).strip().lower().replace(" ", "_").replace("-", "_"))
    unit = t.coded("unit").take(idx)
    gref = t.coded("gpc_ref").take(idx)
    techs_all = table["technology"].map(lambda v: "" if _blank(v) else str(v)) if "technology" in table.columns \
        else pd.Series([""] * len(table), index=table.index)
    g, first = groups(act.codes, tech_key.codes, unit.codes)
    order = np.argsort(g, kind="stable")
    bounds = np.searchsorted(g[order], np.arange(len(first) + 1))
    for k, f in enumerate(first):
        members = order[bounds[k]:bounds[k + 1]]        # positions in idx, in row order
        a = act.uniques[act.codes[f]]
        tech = tech_key.uniques[tech_key.codes[f]] if tech_key.codes[f] >= 0 else ""
        u = unit.uniques[unit.codes[f]]
        rows = table[table["activity"] == a]
        techs = techs_all[rows.index]
        problem = None
        if "gpc_ref_prefix" in rows.columns:
            prefixes = [p for p in rows["gpc_ref_prefix"].dropna().unique()]
            if prefixes:
                sub = gref.take(members)
                bad = ~sub.map(lambda r: any(str(r) == p or str(r).startswith(p + ".") or str(r).startswith(p)
                                             for p in prefixes), dtype=bool, na=False)
                if bad.any():
                    t.problem(idx[members[bad]], "gpc_ref",
                              f"{a} is reported in {' or '.join(prefixes)}: change the gpc_ref", value_col="gpc_ref")
                    members = members[~bad]
                    if not len(members):
                        continue
        chosen = rows[(techs == tech).to_numpy()]
        options = sorted(set(x for x in techs if x))
        if chosen.empty:
            if tech:
                problem = ("technology", f"unknown technology for {a}: use one of {', '.join(options) or '(none)'}")
            else:
                problem = ("technology", f"{a} has no default: give a technology ({', '.join(options)})")
        if problem is None:
            try:
                kf = [annual_factor(str(u), str(fu)) for fu in chosen["unit"]]
            except UnitParseError as exc:
                per = str(chosen.iloc[0]["unit"]).split("/", 1)[-1]
                problem = ("unit", f"{exc}; {a} is given per {per}")
        if problem is not None:
            column, msg = problem
            t.problem(idx[members], column, msg, value_col=column)
            continue
        conv_col = chosen["conversion"] if "conversion" in chosen.columns else [None] * len(chosen)
        conv = np.array([_parse_conversion(c) for c in conv_col])
        per_unit = chosen["value"].to_numpy(dtype=float) * np.array(kf) * conv      # t gas per unit of amount
        rows_i = idx[members]
        nr, m = len(rows_i), len(chosen)
        amount = np.repeat(t.num("amount")[rows_i], m)
        rep = np.repeat(rows_i, m)
        fac = np.tile(np.arange(m), nr)
        methods = chosen["method"].fillna("process").to_numpy() if "method" in chosen.columns \
            else np.array(["process"] * m, dtype=object)
        details = [(f"× {c}" if c and str(c) not in ("1", "None", "nan") else "") for c in
                   (chosen["conversion"] if "conversion" in chosen.columns else [""] * m)]
        recs.add(nr * m, **_common(t, rep), gas=Coded(fac, chosen["gas"].to_numpy()),
                 emissions_t=amount * np.tile(per_unit, nr), biogenic=False, method=Coded(fac, methods),
                 activity=a, amount=amount, unit=u, factor_name="process_factor",
                 factor_value=np.tile(chosen["value"].to_numpy(dtype=float), nr),
                 factor_unit=Coded(fac, chosen["unit"].to_numpy()), factor_source=Coded(fac, chosen["source"].to_numpy()),
                 detail=Coded(fac, details), technology=t.coded("technology").take(rep),
                 data_quality=t.coded("data_quality").take(rep), input_source=t.coded("source").take(rep))
