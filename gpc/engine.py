"""Orchestration: from activity data to an :class:`~gpc.inventory.Inventory`.

1. read (or take) the activity data and settle the settings (city sheet, then call options);
2. let every sector module validate its sheets — all problems of all sheets are collected and raised
   together as one :class:`~gpc.errors.InputError`;
3. collect the sectors' records and add sector, sub-sector and scope (from :mod:`gpc.taxonomy`),
   the GWP set and value (from :mod:`gpc.gwp`) and CO2e.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any, Mapping

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.activity import ActivityData
from gpc.context import Context
from gpc.errors import FactorNotFound, InputError, Problem
from gpc.gwp import GWP_SETS, gwp as gwp_value
from gpc.inventory import Inventory
from gpc.records import EMISSION_COLUMNS, empty_records
from gpc.vector import Coded, text_array

__all__ = ["calculate", "SECTOR_MODULES", "add_engine_columns"]

#: Sector modules in reporting order; each handles the sheets in its ``SHEETS``.
SECTOR_MODULES = ("gpc.sectors.energy", "gpc.sectors.waste", "gpc.sectors.ippu", "gpc.sectors.afolu")


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
    s = data.settings
    if isinstance(source, ActivityData) and overrides:
        s = s.with_overrides(**{k: v for k, v in overrides.items() if k in s.__dataclass_fields__})
    problems: list[Problem] = []
    if str(s.gwp).upper() not in GWP_SETS:
        problems.append(Problem("city", None, "gwp", s.gwp, f"unknown GWP set: use one of {', '.join(GWP_SETS)}"))
        raise InputError(problems)
    s = s.with_overrides(gwp=str(s.gwp).upper())
    try:
        ctx = Context.from_settings(s)
    except FactorNotFound as exc:
        raise InputError([Problem("city", None, "factors", s.factors, str(exc))]) from None

    guidelines = [g["id"] if isinstance(g, dict) else str(g) for g in ctx.factors.meta.get("guidelines", [])]
    if s.guideline and s.guideline not in guidelines:
        problems.append(Problem("city", None, "guideline", s.guideline,
                                f"unknown guideline for factor set '{ctx.factors.id}': use one of "
                                f"{', '.join(guidelines) or '(this set has no guidelines)'}"))
        raise InputError(problems)
    warnings = list(data.warnings)
    problems.extend(data.problems)
    bad_rows = {(p.sheet, p.row) for p in data.problems if p.row is not None}
    parts: list[pd.DataFrame] = []
    notation: list[pd.DataFrame] = []
    handled: set[str] = set()
    for mod in _modules():
        sheets = getattr(mod, "SHEETS", ())
        tables = {k: _without(v, bad_rows) for k, v in data.tables.items() if k in sheets}
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
    if problems:
        raise InputError(_sorted(problems))
    records = _stack(parts)
    emissions = add_engine_columns(records, s.gwp, ch4_split=s.ch4_split, problems=problems)
    finite = (np.isfinite(emissions["emissions_t"].to_numpy(dtype=float))
              & np.isfinite(emissions["co2e_t"].to_numpy(dtype=float)))
    if not finite.all():
        bad = emissions.loc[~finite, ["sheet", "row"]].drop_duplicates()
        problems.extend(Problem(str(sh), int(r), "amount", None,
                                "the result is not a finite number: the amount or a factor of this row is far too "
                                "large — check them") for sh, r in zip(bad["sheet"], bad["row"]))
    if problems:
        raise InputError(problems)
    nk = pd.concat(notation, ignore_index=True) if notation else pd.DataFrame(
        columns=["sheet", "row", "gpc_ref", "notation_key", "explanation"])
    return Inventory(emissions=emissions, notation_keys=nk, settings=s, warnings=warnings, activity=data,
                     factor_set=ctx.factors)


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


def add_engine_columns(records: pd.DataFrame, gwp_set: str, *, ch4_split: bool = False,
                       problems: list[Problem] | None = None) -> pd.DataFrame:
    """Add sector, subsector, scope (taxonomy), gwp, gwp_value and co2e_t to sector records.

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
    fossil = _ch4_fossil(records, ref) if ch4_split else None
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


def _ch4_fossil(df: pd.DataFrame, ref: Coded | None = None) -> np.ndarray:
    """Whether each CH4 record is of fossil origin (AR6 Table 7.15 split): fuel combustion of fossil
    fuels, fugitive emissions and IPPU are fossil; waste, AFOLU and biomass fuels are not."""
    from gpc.activities import fuel_catalogue

    ref = ref if ref is not None else Coded.of(df["gpc_ref"])
    fossil_sector = ref.map(lambda r: str(r).split(".")[0] in ("I", "II", "IV"), dtype=bool, na=False)
    bio = fuel_catalogue()["biogenic"]
    bio_fuel = Coded.of(df["activity"]).map(lambda a: bool(bio.get(a, False)), dtype=bool, na=False)
    return fossil_sector & ~bio_fuel
