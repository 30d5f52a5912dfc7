"""Grid-supplied energy of the ``activity`` sheet: grid electricity and district heat in scope 2 (GPC v1.1
§6.5), and their T&D losses in scope 3 (§6.6): E = energy (MWh) × CO2 factor (t/MWh), the factor from the
row, the city sheet or the set — :meth:`gpc.factors.resolve.Resolver.grid` — and the equations of
:mod:`gpc.methods.electricity`."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from gpc import taxonomy
from gpc.activity_catalogue import DISTRICT_HEAT, GRID_ELECTRICITY
from gpc.context import Context, Settings
from gpc.errors import Problem
from gpc.factors.base import NoFactor
from gpc.factors.resolve import resolver
from gpc.i18n import label as i18n_label
from gpc.methods.electricity import LOSS_BASES, grid_energy_emissions, loss_multiplier, td_loss_emissions
from gpc.records import RecordSet
from gpc.sectors.energy.sheet import Labels, Sheet, common_columns, factor_or_nan, scope_map
from gpc.units import (
    UnitParseError,
    factor_to,
    is_dimension,
    is_standard_coal,
    magnitude_in,
    parse_unit,
    strip_gas,
)
from gpc.vector import Coded

__all__ = ["grid_energy"]


class _GridFactors:
    """The CO2 factor of each grid row as used (t/MWh), the value and unit shown, source and detail."""

    def __init__(self, n: int):
        self.ef = np.full(n, np.nan)   # t CO2 / MWh
        self.value = np.full(n, np.nan)
        self.unit, self.source, self.detail = Labels(n), Labels(n), Labels(n)


def grid_energy(idx: np.ndarray, kind: np.ndarray, t: Sheet, aid: Coded, ctx: Context, recs: RecordSet) -> None:
    """Records of grid electricity (``kind`` 1) and district heat (``kind`` 2) rows ``idx`` and their losses."""
    i, unit = _checked(idx, t)
    if not len(i):
        return
    s = ctx.settings
    is_heat = kind[i] == 2
    amount = t.num("amount")[i]
    mwh = amount * unit.map(lambda u: factor_to(str(u), "MWh"), dtype="float64", na=np.nan)
    tce_note = _standard_coal_basis(t, i, unit, is_heat, amount, mwh, s)
    f = _GridFactors(len(i))
    row_ef = _row_co2(t, i, f)
    _set_co2(t, i, ~row_ef, is_heat, f, ctx)
    for mask, text in tce_note:
        f.detail.append(mask, text)
    good = ~np.isnan(f.ef) & ~np.isnan(mwh)
    if not good.any():
        return
    grid = _records(t, aid, i[good], unit.take(good), mwh[good], is_heat[good], amount[good], f, good)
    recs.parts.extend(grid.parts)
    # T&D losses (scope 3) of grid electricity and district heat
    _losses(grid, s, t, recs)


def _checked(idx: np.ndarray, t: Sheet) -> tuple[np.ndarray, Coded]:
    """The rows with an energy unit in a scope-2 row (a problem for the others), and their units."""
    if not len(idx):
        return idx, Coded.full(0, None)
    unit = t.coded("unit").take(idx)
    energy_ok = unit.map(lambda u: is_dimension(str(u), "MWh"), dtype=bool, na=False)
    t.problem(idx[~energy_ok], "unit", "grid electricity and district heat are energy: give a unit such as MWh, "
                                       "kWh, GJ or 万千瓦时", value_col="unit")
    scopes = scope_map()
    scope2 = t.coded("gpc_ref").take(idx).map(lambda r: scopes.get(str(r)) == 2, dtype=bool, na=False)
    t.problem(idx[energy_ok & ~scope2], "gpc_ref",
              "grid-supplied energy is reported in a scope-2 row (I.x.2 or II.x.2): change the gpc_ref",
              value_col="gpc_ref")
    keep = energy_ok & scope2
    return idx[keep], unit.take(keep)


def _row_co2(t: Sheet, i: np.ndarray, f: _GridFactors) -> np.ndarray:
    """The rows' own CO2 factors (rule ``row``); returns which rows give one."""
    ef_co2 = t.num("ef_co2")[i]
    row_ef = ~np.isnan(ef_co2)
    if not row_ef.any():
        return row_ef
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
    f.ef[good_rows] = ef_co2[good_rows] * k_row[~bad]
    f.value[good_rows] = ef_co2[good_rows]
    m = np.zeros(len(i), dtype=bool)
    m[good_rows] = True
    f.unit.set_coded(m, efu.codes[~bad], stripped)
    f.source.set(m, "row (user factor)")
    return row_ef


def _set_co2(t: Sheet, i: np.ndarray, no_row: np.ndarray, is_heat: np.ndarray, f: _GridFactors, ctx: Context) -> None:
    """Rows without their own factor: the city sheet's, else the set's (the resolver's rules)."""
    s = ctx.settings
    for heat, kind in ((False, GRID_ELECTRICITY), (True, DISTRICT_HEAT)):
        need = no_row & (is_heat == heat)
        if not need.any():
            continue
        hit = resolver(ctx).grid(kind)
        if isinstance(hit, NoFactor):
            if hit.city:
                t.problems.append(Problem("city", None, hit.column, getattr(s, hit.column), hit.message))
            else:
                t.problem(i[need], hit.column, hit.message)
            continue
        f.ef[need] = hit.per_unit
        f.value[need] = hit.value
        f.unit.set(need, hit.unit)
        f.source.set(need, hit.source)
        for w in hit.warnings:
            f.detail.set(need, w)
            t.problems.append(Problem("city", None, "region", s.region, w, "warning"))


def _records(t: Sheet, aid: Coded, i: np.ndarray, unit: Coded, mwh: np.ndarray, is_heat: np.ndarray,
             amount: np.ndarray, f: _GridFactors, good: np.ndarray) -> RecordSet:
    """CO2 records of the rows ``i`` (and CH4 / N2O where the row gives its own factor)."""
    fval = f.value[good]
    method = Coded(is_heat.astype(np.intp), ["grid_electricity", "district_heat"])
    activity = aid.take(i)
    dq, src_in = t.coded("data_quality").take(i), t.coded("source").take(i)
    grid = RecordSet()
    grid.add(len(i), **common_columns(t, i), gas="CO2", emissions_t=grid_energy_emissions(mwh, f.ef[good]),
             method=method, activity=activity, amount=amount, unit=unit, energy_gj=mwh * 3.6, factor_name="ef_co2",
             factor_value=fval, factor_unit=f.unit.coded(good), factor_source=f.source.coded(good),
             detail=f.detail.coded(good), data_quality=dq, input_source=src_in)
    for gas, col in (("CH4", "ef_ch4"), ("N2O", "ef_n2o")):
        vals = t.num(col)[i]
        m = ~np.isnan(vals)
        if not m.any():
            continue
        efu = t.coded("ef_unit").take(i[m])
        stripped = Coded(efu.codes, [strip_gas(str(u))[0] for u in efu.uniques])
        k = stripped.map(lambda u: factor_or_nan(u, "t/MWh"), dtype="float64", na=np.nan)
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
        grid.add(len(m2), **common_columns(t, i[m2]), gas=gas,
                 emissions_t=grid_energy_emissions(mwh[m2], vals[m2] * k[~bad]),
                 method=method.take(m2), activity=activity.take(m2), amount=amount[m2], unit=unit.take(m2),
                 energy_gj=mwh[m2] * 3.6, factor_name=col, factor_value=vals[m2], factor_unit=stripped.take(~bad),
                 factor_source="row (user factor)", data_quality=dq.take(m2), input_source=src_in.take(m2))
    return grid


def _standard_coal_basis(t: Sheet, i: np.ndarray, unit: Coded, is_heat: np.ndarray, amount: np.ndarray,
                         mwh: np.ndarray, s: Settings) -> list[tuple[np.ndarray, str]]:
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


def _losses(grid: RecordSet, s: Settings, t: Sheet, recs: RecordSet) -> None:
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


def _td_losses(grid: RecordSet, used: np.ndarray, activity: str, field: str, rate: float, basis: str, t: Sheet,
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
