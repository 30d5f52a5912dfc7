"""Typing a table of cells per its sheet specification, and the city settings from a mapping: what every reader
of activity data shares (the workbook :mod:`gpc.io.excel_in`, CSV/Parquet :mod:`gpc.io.tables_in` and
:mod:`gpc.io.stream`), so that a cell is typed the same whichever file it came from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from gpc.context import CITY_FIELDS, Settings
from gpc.errors import Problem
from gpc.i18n import label
from gpc.io.sheets import SheetSpec

__all__ = ["type_table", "settings_from_mapping", "duplicate_warnings"]


def type_table(raw: pd.DataFrame, spec: SheetSpec, sheet: str, rows: list[int],
               problems: list[Problem], factorized: dict[str, Any] | None = None) -> pd.DataFrame:
    """Type the columns of one sheet per its spec.

    ``raw`` has canonical column names (unknown extra columns kept as they are); ``rows`` are the Excel
    row numbers. Problems are appended to ``problems``; the returned frame has ``sheet`` and ``row``.
    """
    from gpc.io.columns import type_column

    n = len(raw)
    # the activity sheet may hold millions of rows: its text columns stay categorical (codes)
    as_category = spec.name == "activity"
    out: dict[str, Any] = {"sheet": [sheet] * n if not as_category else
                           pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), [sheet]),
                           "row": np.asarray(rows, dtype=np.int64) if as_category else list(rows)}
    known = set(spec.names)
    for col in spec.columns:
        if col.name not in raw.columns:
            if col.dtype in ("number", "fraction"):
                out[col.name] = np.full(n, np.nan)
            elif as_category and col.dtype in ("text", "choice", "unit", "gas", "gpc_ref", "quantity", "bool"):
                out[col.name] = pd.Categorical.from_codes(np.full(n, -1, dtype=np.int8), categories=[])
            else:
                out[col.name] = np.full(n, None, dtype=object) if as_category else [None] * n
            continue
        # one conversion per distinct value (or one numpy call for numbers), not one per cell
        values, errors = type_column(raw[col.name], col, as_category=as_category,
                                     factorized=(factorized or {}).get(col.name))
        for i, v, message in errors:
            problems.append(Problem(sheet, rows[i], col.name, _show(v), message))
        if isinstance(values, pd.Categorical):
            out[col.name] = values
            missing = values.codes < 0
        else:
            out[col.name] = values if values.dtype != object else values.tolist()
            missing = np.isnan(values) if values.dtype != object else np.equal(values, np.array(None, dtype=object))
        if col.required == "yes":
            if errors:
                missing[[i for i, _, _ in errors]] = False
            for k in np.flatnonzero(missing):
                problems.append(Problem(sheet, rows[k], col.name, None, f"{col.name} is required: fill it in"))
    for c in raw.columns:
        if c not in known:
            out[c] = raw[c].tolist()
    df = pd.DataFrame(out)
    for col in spec.columns:
        if col.dtype in ("number", "fraction") and df[col.name].dtype != "float64":
            df[col.name] = pd.to_numeric(df[col.name], errors="coerce").astype("float64")
    return df


def _show(v: Any) -> Any:
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return str(v)
    return v


def duplicate_warnings(df: pd.DataFrame, sheet: str | None = None, limit: int = 20) -> list[Problem]:
    """A warning for each row that repeats an earlier row of the same sheet in every column."""
    from gpc.vector import Coded, groups

    cols = [c for c in df.columns if c not in ("sheet", "row")]
    if len(df) < 2 or not cols:
        return []
    try:  # rows grouped by the codes of their values: one factorisation per column, no per-row loop
        g, first = groups(*[Coded.of(df[c]).codes for c in cols])
    except (TypeError, ValueError):  # unhashable cells
        try:
            g, first = groups(*[Coded.of(df[c].astype(str)).codes for c in cols])
        except (TypeError, ValueError):
            return []
    repeat = np.flatnonzero(first[g] != np.arange(len(df)))
    if not len(repeat):
        return []
    rows = df["row"].to_numpy()
    sheets = df["sheet"].to_numpy(dtype=object) if "sheet" in df.columns else np.full(len(df), sheet, dtype=object)
    out: list[Problem] = []
    for i in repeat[:limit]:
        sh = sheets[i]
        out.append(Problem(str(sh if sh is not None else sheet), int(rows[i]), None, None,
                           label("warn.duplicate_record", "en", row=str(int(rows[first[g[i]]]))), "warning"))
    n = len(repeat)
    if n > limit:
        out.append(Problem(str(sheet or sheets[0]), None, None, None,
                           label("warn.more_duplicates", "en", n=str(n - limit)), "warning"))
    return out


def settings_from_mapping(values: Mapping[str, Any], problems: list[Problem], sheet: str = "city",
                          where: Mapping[str, tuple[str, int]] | None = None) -> Settings:
    """Build :class:`Settings` from city-sheet values (and overrides).

    A missing or bad year is a problem; the settings returned then carry the current year in its place, so that
    the data sheets can still be checked (best effort: every problem is reported at once)."""
    import datetime

    vals = {k: v for k, v in values.items() if k in CITY_FIELDS and v is not None}
    extra = dict(values.get("_extra", {}))
    fallback_year = datetime.date.today().year
    if "year" not in vals and "year" in (where or {}):
        vals["year"] = fallback_year   # its cell could not be read: reported at its row already
    elif "year" not in vals:
        problems.append(Problem(sheet, None, "year", None,
                                "the inventory year is missing: add a row 'year' with e.g. 2023 to the city sheet"))
        vals["year"] = fallback_year
    try:
        vals["year"] = int(vals["year"])
    except (TypeError, ValueError):
        at = (where or {}).get("year")
        problems.append(Problem(at[0] if at else sheet, at[1] if at else None, "value" if at else "year",
                                vals["year"], "not a year: type e.g. 2023"))
        vals["year"] = fallback_year
    if "gwp" in vals:
        vals["gwp"] = str(vals["gwp"]).upper()
    for name in ("population", "td_loss_rate", "heat_loss_rate"):
        if name in vals:
            try:
                vals[name] = float(vals[name])
            except (TypeError, ValueError):
                pass  # left as given: gpc.validation.check_settings reports it at its row
    if "ch4_split" in vals:
        vals["ch4_split"] = bool(vals["ch4_split"])
    return Settings(extra=extra, **vals)


def _structural(p: Problem) -> bool:
    """A problem of a sheet's header (a missing or doubled column): its rows are not checked further."""
    return p.message.startswith("the required column") or "appears twice (columns" in p.message
