"""Orchestration: from activity data to an :class:`~gpc.outputs.Inventory` (``gpc.Inventory``).

1. read (or take) the activity data and settle the settings (city sheet, then call options);
2. let every sector module validate its sheets — all problems of all sheets are collected and raised
   together as one :class:`~gpc.errors.InputError`;
3. collect the sectors' records and add sector, sub-sector and scope (from :mod:`gpc.taxonomy`),
   the GWP set and value (from :mod:`gpc.gwp`) and CO2e.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.activity_data import ActivityData
from gpc.context import Context, Settings
from gpc.errors import FactorNotFound, InputError, Problem
from gpc.gwp import gwp as gwp_value
from gpc.outputs import Inventory
from gpc.records import EMISSION_COLUMNS, empty_records
from gpc.vector import Coded, text_array

__all__ = ["calculate", "read_activity", "analyse", "Analysis", "SECTOR_MODULES", "add_engine_columns"]

#: Sector modules in reporting order; each handles the sheets in its ``SHEETS``.
SECTOR_MODULES = ("gpc.sectors.energy", "gpc.sectors.transport", "gpc.sectors.waste", "gpc.sectors.ippu", "gpc.sectors.afolu")


def _modules() -> list[ModuleType]:
    mods = []
    for name in SECTOR_MODULES:
        try:
            mods.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:  # a sector not built into this installation
            if exc.name != name:
                raise
    return mods


def _as_activity(source: Any, city: Mapping[str, Any] | None) -> ActivityData:
    if isinstance(source, ActivityData):
        return source
    if isinstance(source, (str, Path)):
        from gpc.io.excel_in import read_activity

        return read_activity(source, city=city, strict=False)
    if isinstance(source, pd.DataFrame):
        from gpc.io.tables_in import activity_from_frame

        return activity_from_frame(source, city, strict=False)
    raise TypeError(f"calculate() takes a path, ActivityData or a DataFrame, not {type(source).__name__}")


def calculate(source: Any, *, gwp: str | None = None, factors: str | None = None,
              city: Mapping[str, Any] | None = None, **settings: Any) -> Inventory:
    """Compute a GPC inventory.

    Parameters
    ----------
    source : str | Path | ActivityData | pandas.DataFrame
        An activity workbook, data already read, or a DataFrame of ``activity`` rows.
    gwp : str, optional
        GWP set (SAR, AR4, AR5, AR6); overrides the city sheet.
    factors : str, optional
        Factor set id (``ipcc2006``, ``china`` …); overrides the city sheet.
    city : mapping, optional
        City-sheet fields (``{"year": 2023, "td_loss_rate": 0.05}``); override the workbook's.
    **settings
        Further city fields as keywords (``td_loss_rate=0.05``).

    Raises
    ------
    gpc.InputError
        Listing every problem found in every sheet.
    """
    from gpc.io.tables_in import check_city_values

    check_city_values(city, {**settings, "gwp": gwp, "factors": factors})  # one value per field, never a list
    overrides = dict(city or {})
    overrides.update({k: v for k, v in settings.items() if v is not None})
    if gwp is not None:
        overrides["gwp"] = gwp
    if factors is not None:
        overrides["factors"] = factors
    data = _as_activity(source, overrides if not isinstance(source, ActivityData) else None)
    result = analyse(data, overrides if isinstance(source, ActivityData) else None)
    if result.problems or result.ctx is None:  # no problems: the context was built
        raise InputError(result.problems, headers=data.headers)
    from gpc.sectors.transport import reconcile

    recon = reconcile(data, result.ctx, records=result.emissions)  # fuel sold against km, IPCC 2006 V2 §3.2.1.3
    return Inventory(emissions=result.emissions, notation_keys=result.notation, settings=result.settings,
                     warnings=result.warnings, activity=data, factor_set=result.ctx.factors,
                     transport_reconciliation=recon)


@dataclass
class Analysis:
    """What :func:`analyse` found: every problem (sorted by sheet and row), the warnings, the checked settings
    and context, and — when there are no problems — the emission records and notation-key rows."""

    problems: list[Problem]
    warnings: list[Problem]
    settings: Settings
    ctx: Context | None
    emissions: pd.DataFrame | None = None
    notation: pd.DataFrame | None = None


def analyse(data: ActivityData, overrides: Mapping[str, Any] | None = None) -> Analysis:
    """The one validation path: every problem of the data at once (cells, city settings, contradictions
    between rows, every sector's checks), and the records when there are none.

    ``gpc.read_activity``, ``gpc.calculate``, ``gpc validate`` and ``gpc build`` all call this, so they report
    the same list for the same workbook. A bad city value never hides the problems of the rows: it is reported
    at its city-sheet row and the rows are checked with the default in its place.
    """
    from gpc.validation import check_settings, contradiction_problems, record_contradictions

    s = data.settings
    if overrides:
        s = s.with_overrides(**{k: v for k, v in overrides.items() if k in s.__dataclass_fields__})
    city_rows = dict(getattr(data, "city_rows", {}) or {})
    if overrides:  # a value given by the caller is no longer the city sheet's
        for k in overrides:
            city_rows.pop(k, None)
    s, problems, warnings = check_settings(s, city_rows)
    problems = list(data.problems) + problems
    warnings = list(data.warnings) + warnings
    ctx = None
    try:
        ctx = Context.from_settings(s)
    except FactorNotFound as exc:  # check_settings fell back already; a last resort
        problems.append(Problem("city", None, "factors", s.factors, str(exc)))
        return Analysis(_sorted(problems), warnings, s, None)
    broken = set(getattr(data, "broken", ()) or ())
    usable = {k: v for k, v in data.tables.items() if k not in broken}
    c_probs, c_warns = contradiction_problems(usable)
    from gpc.sectors.transport.overlap import activity_overlap
    from gpc.uncertainty.sources import check_tables

    c_probs = activity_overlap(usable) + c_probs   # transport rows counting the activity sheet's fuel again
    c_probs += check_tables(usable)                # uncertainty cells, as --uncertainty would read them
    problems.extend(c_probs)
    warnings.extend(c_warns)
    bad_rows = {(p.sheet, p.row) for p in data.problems if p.row is not None}
    parts: list[pd.DataFrame] = []
    notation: list[pd.DataFrame] = []
    handled: set[str] = set()
    for mod in _modules():
        sheets = getattr(mod, "SHEETS", ())
        tables = {k: _without(v, bad_rows) for k, v in usable.items() if k in sheets}
        handled |= set(sheets)
        if not tables:
            continue
        if hasattr(mod, "run"):
            result = mod.run(tables, ctx)
            recs, probs = result[0], result[1]
            if len(result) > 2 and result[2] is not None and len(result[2]):
                notation.append(result[2])
        else:
            probs = list(mod.validate(tables, ctx))
            recs = mod.compute(tables, ctx) if not any(p.severity == "error" for p in probs) else None
        problems.extend(p for p in probs if p.severity == "error")
        warnings.extend(p for p in probs if p.severity != "error")
        if recs is not None and len(recs):
            parts.append(recs)
    for name, t in data.tables.items():
        if name not in handled and len(t):
            problems.append(Problem(str(t["sheet"].iloc[0]), None, None, None,
                                    f"gpc cannot compute the '{name}' sheet in this installation"))
    records = _stack(parts)
    flagged = {(p.sheet, p.row) for p in c_probs}
    problems.extend(record_contradictions(records, usable, flagged))
    combustion_fossil = _combustion_ch4_fossil(s, problems)
    if problems:
        return Analysis(_sorted(_unique(problems)), warnings, s, ctx)
    emissions = add_engine_columns(records, s.gwp, ch4_split=s.ch4_split, problems=problems,
                                   combustion_ch4_fossil=combustion_fossil)
    finite = (np.isfinite(emissions["emissions_t"].to_numpy(dtype=float))
              & np.isfinite(emissions["co2e_t"].to_numpy(dtype=float)))
    if not finite.all():
        bad = emissions.loc[~finite, ["sheet", "row"]].drop_duplicates()
        problems.extend(Problem(str(sh), int(r), "amount", None,
                                "the result is not a finite number: the amount or a factor of this row is far too "
                                "large — check them") for sh, r in zip(bad["sheet"], bad["row"]))
    if problems:
        return Analysis(_sorted(_unique(problems)), warnings, s, ctx)
    nk = pd.concat(notation, ignore_index=True) if notation else pd.DataFrame(
        columns=["sheet", "row", "gpc_ref", "notation_key", "explanation"])
    return Analysis([], warnings, s, ctx, emissions, nk)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once (the same cell and message can come from two checks)."""
    seen: set[tuple[Any, ...]] = set()
    out: list[Problem] = []
    for p in problems:
        key = (p.sheet, p.row, p.column, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _without(t: pd.DataFrame, bad_rows: set[tuple[str, int]]) -> pd.DataFrame:
    """The table less the rows whose cells already have problems (reported once, not cascaded)."""
    if not bad_rows or t.empty:
        return t
    sheets = Coded.of(t["sheet"])
    rows = t["row"].to_numpy()
    drop = np.zeros(len(t), dtype=bool)
    for k, name in enumerate(sheets.uniques):
        bad = [r for s, r in bad_rows if s == name]
        if bad:
            drop |= (sheets.codes == k) & np.isin(rows, np.asarray(bad, dtype=np.int64))
    return t[~drop] if drop.any() else t


def _stack(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack the sectors' records (without copying when one sector has them all)."""
    if not parts:
        return empty_records()
    if len(parts) == 1:
        only = parts[0]
        plain = isinstance(only.index, pd.RangeIndex) and only.index.start == 0 and only.index.step == 1
        return only if plain else only.reset_index(drop=True)
    return pd.concat(parts, ignore_index=True)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.sheet, p.row if p.row is not None else -1, p.column or ""))


def _combustion_ch4_fossil(s: Any, problems: list[Problem]) -> bool:
    """The city field ``ch4_combustion_gwp``: ``non_fossil`` (default) → False, ``fossil`` → True."""
    value = getattr(s, "ch4_combustion_gwp", None)
    if value is None or str(value) == "non_fossil":
        return False
    if str(value) == "fossil":
        return True
    problems.append(Problem("city", None, "ch4_combustion_gwp", value,
                            "ch4_combustion_gwp must be non_fossil (27.0 for CH4 from fuel combustion, whose "
                            "carbon the CO2 factors already count) or fossil (29.8, AR6 Table 7.15 by "
                            "origin)"))
    return False


def add_engine_columns(records: pd.DataFrame, gwp_set: str, *, ch4_split: bool = False,
                       problems: list[Problem] | None = None,
                       combustion_ch4_fossil: bool = False) -> pd.DataFrame:
    """Add sector, subsector, scope (taxonomy), gwp, gwp_value and co2e_t to sector records.

    With ``ch4_split`` (AR6), CH4 takes the fossil or non-fossil GWP of AR6 WG1 Table 7.15 as
    :func:`_ch4_fossil` decides; ``combustion_ch4_fossil`` gives combustion CH4 the fossil value too.

    Looked up once per distinct GPC row and gas and spread over the records; ``records`` is not
    modified (the result shares its columns).
    """
    t = taxonomy.table()
    ref = Coded.of(records["gpc_ref"])   # free for records built by gpc.records.RecordSet
    gas = Coded.of(records["gas"])
    df = records.copy(deep=False)
    n = len(df)
    known = t.reindex(pd.Index(ref.uniques, dtype=object))
    found = np.append(known["sector"].notna().to_numpy(), False)   # unknown rows: missing, not an error here
    codes = np.where(found[ref.codes], ref.codes, -1)
    df["sector"] = text_array(known["sector"].fillna("").to_numpy(dtype=object), codes)
    df["subsector"] = text_array(known["subsector"].fillna("").to_numpy(dtype=object), codes)
    scope_u = np.append(known["scope"].fillna(0).to_numpy(dtype=np.int64), 0)
    df["scope"] = pd.arrays.IntegerArray(scope_u[ref.codes], ~found[ref.codes])
    df["gwp"] = text_array([gwp_set], np.zeros(n, dtype=np.intp))
    fossil = _ch4_fossil(records, ref, combustion_fossil=combustion_ch4_fossil) if ch4_split else None
    values = np.full(n, np.nan)
    for k, g in enumerate(gas.uniques):
        idx = np.flatnonzero(gas.codes == k)
        try:
            if g == "CH4" and fossil is not None:
                values[idx] = np.where(fossil[idx], gwp_value("CH4", gwp_set, fossil=True, ch4_split=True),
                                       gwp_value("CH4", gwp_set, fossil=False, ch4_split=True))
            else:
                values[idx] = gwp_value(str(g), gwp_set)
        except KeyError as exc:
            if problems is not None:
                for s, r in zip(df["sheet"].to_numpy(dtype=object)[idx], df["row"].to_numpy()[idx]):
                    problems.append(Problem(str(s), int(r), "gas", g,
                                            f"{exc.args[0]}: choose another gwp in the city sheet"))
    df["gwp_value"] = values
    df["co2e_t"] = df["emissions_t"].to_numpy() * values
    lead = [c for c in EMISSION_COLUMNS if c in df.columns]
    out = df[lead + [c for c in df.columns if c not in lead]]
    return out if isinstance(out.index, pd.RangeIndex) and out.index.start == 0 and out.index.step == 1 \
        else out.reset_index(drop=True)


def _ch4_fossil(df: pd.DataFrame, ref: Coded | None = None, *, combustion_fossil: bool = False) -> np.ndarray:
    """Whether each CH4 record takes the fossil GWP of AR6 WG1 Table 7.15 (29.8) rather than the
    non-fossil one (27.0).

    Fossil: fugitive emissions (I.7, I.8) and IPPU (IV). The 29.8 of fossil CH4 includes the CO2 that
    its carbon becomes once oxidised (the note to Table 7.15); the CH4 of fuel combustion, grid
    energy and its losses (the other rows of I and II) has carbon that the IPCC 2006 Tier 1 CO2 factors
    already count as CO2 (at Tier 1 the CO2 estimate rests on all the carbon of the fuel, IPCC 2006
    Vol. 2 Ch. 1 §1.3.1), so it takes the non-fossil 27.0 unless ``combustion_fossil`` (city field
    ``ch4_combustion_gwp = fossil``: the table by origin as printed). Waste, AFOLU and biogenic fuels
    are non-fossil in every row.
    """
    from gpc.activity_catalogue import fuel_catalogue

    ref = ref if ref is not None else Coded.of(df["gpc_ref"])
    head = ref.map(lambda r: str(r).split(".")[0], dtype=object, na="")
    fossil_sector = np.isin(head, ("I", "II", "IV"))
    if not combustion_fossil:
        fugitive = ref.map(lambda r: str(r).startswith(("I.7.", "I.8.")) or str(r) in ("I.7", "I.8"),
                           dtype=bool, na=False)
        fossil_sector &= ~(np.isin(head, ("I", "II")) & ~fugitive)
    bio = fuel_catalogue()["biogenic"]
    bio_fuel = Coded.of(df["activity"]).map(lambda a: bool(bio.get(a, False)), dtype=bool, na=False)
    return fossil_sector & ~bio_fuel


def read_activity(path: str | Path, city: Mapping[str, Any] | None = None, *, strict: bool = True,
                  validate: bool | None = None) -> ActivityData:
    """Read an activity workbook (v1) and run every check :func:`calculate` runs (:func:`gpc.read_activity`).

    Parameters
    ----------
    path : str or Path
        An ``.xlsx`` workbook (``.csv`` / ``.parquet`` files are read as the ``activity`` sheet).
    city : mapping, optional
        City-sheet fields that override the workbook's (e.g. ``{"gwp": "AR6"}``).
    strict : bool
        With ``False``, problems in cells are returned in ``ActivityData.problems`` instead of raised
        (problems with the file itself are always raised).
    validate : bool, optional
        Also run every check :func:`gpc.calculate` runs (city settings, contradictions between rows, every
        sector's checks), so the problems raised are the ones ``gpc.calculate`` reports. Default: ``strict``.

    Raises
    ------
    gpc.InputError
        Listing every problem found (sheet, row as Excel shows it, column, value, what to do).
    """
    from gpc.io.excel_in import read_activity as read_tables

    data = read_tables(path, city, strict=strict and validate is False)
    if validate is None:
        validate = strict
    if not validate:
        return data
    result = analyse(data)
    if result.problems and strict:
        raise InputError(result.problems, headers=data.headers)
    data.settings = result.settings
    data.problems = result.problems
    return data
