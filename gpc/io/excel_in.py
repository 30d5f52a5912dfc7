"""Read an activity workbook (v1) into :class:`gpc.activity.ActivityData`.

Cells are read as Excel shows them (cached values of formulas) with python-calamine. Every problem
found in every sheet is collected and raised at once as :class:`gpc.errors.InputError`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from gpc.activity import ActivityData
from gpc.context import CITY_FIELDS, Settings
from gpc.errors import InputError, Problem
from gpc.io.safety import check_workbook_file
from gpc.sheets import CellError, SheetSpec, coerce, header_key, is_blank, sheet_aliases, sheet_spec, sheet_specs
from gpc.units import normalise_text

__all__ = ["read_activity", "read_workbook_sheets", "type_table", "settings_from_mapping"]

DATA_SHEETS_EXCLUDED = ("city",)


def read_workbook_sheets(path: str | Path) -> dict[str, list[list[Any]]]:
    """All sheets of a workbook as lists of rows (row 0 is Excel row 1), keyed by the sheet's own name."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    out: dict[str, list[list[Any]]] = {}
    for name in wb.sheet_names:
        out[name] = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return out


def _first_nonblank_row(rows: list[list[Any]]) -> int | None:
    for i, r in enumerate(rows):
        if any(not is_blank(v) for v in r):
            return i
    return None


def type_table(raw: pd.DataFrame, spec: SheetSpec, sheet: str, rows: list[int],
               problems: list[Problem]) -> pd.DataFrame:
    """Type the columns of one sheet per its spec.

    ``raw`` has canonical column names (unknown extra columns kept as they are); ``rows`` are the Excel
    row numbers. Problems are appended to ``problems``; the returned frame has ``sheet`` and ``row``.
    """
    from gpc.io.columns import type_column

    n = len(raw)
    out: dict[str, Any] = {"sheet": [sheet] * n, "row": list(rows)}
    known = set(spec.names)
    for col in spec.columns:
        if col.name not in raw.columns:
            out[col.name] = [None] * n
            continue
        # one conversion per distinct value (or one numpy call for numbers), not one per cell
        values, errors = type_column(raw[col.name], col)
        for i, v, message in errors:
            problems.append(Problem(sheet, rows[i], col.name, _show(v), message))
        out[col.name] = values if values.dtype != object else values.tolist()
        if col.required == "yes":
            missing = pd.isna(values) if values.dtype != object else np.equal(values, None)
            if errors:
                missing[[i for i, _, _ in errors]] = False
            for i in np.flatnonzero(missing):
                problems.append(Problem(sheet, rows[i], col.name, None, f"{col.name} is required: fill it in"))
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


def _table_from_rows(sheet: str, rows: list[list[Any]], spec: SheetSpec,
                     problems: list[Problem], warnings: list[Problem]) -> pd.DataFrame | None:
    h = _first_nonblank_row(rows)
    if h is None:
        warnings.append(Problem(sheet, None, None, None, "the sheet is empty", "warning"))
        return None
    headers = rows[h]
    hmap = spec.header_map()
    names: list[str | None] = []
    seen: dict[str, int] = {}
    for j, text in enumerate(headers):
        if is_blank(text):
            names.append(None)
            continue
        canon = hmap.get(header_key(text))
        name = canon or normalise_text(text)
        if name in seen:
            problems.append(Problem(sheet, h + 1, str(text), None,
                                    f"column '{name}' appears twice (columns {seen[name] + 1} and {j + 1}): keep one"))
            names.append(None)
            continue
        seen[name] = j
        names.append(name)
    for col in spec.columns:
        if col.required == "yes" and col.name not in seen:
            problems.append(Problem(sheet, h + 1, col.name, None,
                                    f"the required column '{col.name}' is missing: add a header '{col.name}'"))
    data_rows: list[list[Any]] = []
    excel_rows: list[int] = []
    width = len(names)
    for i in range(h + 1, len(rows)):
        r = rows[i]
        # values under a blank header are not lost silently
        for j in range(len(r)):
            if (j >= width or names[j] is None) and not is_blank(r[j]):
                problems.append(Problem(sheet, i + 1, f"column {j + 1}", r[j],
                                        "a value stands under no header: give the column a header or clear it"))
        cells = [r[j] if j < len(r) else None for j in range(width)]
        if all(is_blank(cells[j]) for j in range(width) if names[j] is not None):
            continue
        data_rows.append(cells)
        excel_rows.append(i + 1)
    cols = [n if n is not None else f"__blank_{j}" for j, n in enumerate(names)]
    raw = pd.DataFrame(data_rows, columns=cols, dtype=object) if data_rows else pd.DataFrame(columns=cols)
    raw = raw[[c for c in raw.columns if not c.startswith("__blank_")]]
    return type_table(raw, spec, sheet, excel_rows, problems)


def _read_city(sheet: str, rows: list[list[Any]], problems: list[Problem],
               warnings: list[Problem]) -> dict[str, Any]:
    spec = sheet_spec("city")
    hmap = spec.header_map()
    h = _first_nonblank_row(rows)
    values: dict[str, Any] = {}
    if h is None:
        return values
    start = h
    first = [header_key(x) for x in rows[h][:2]]
    if first and first[0] in ("field", "字段", "项目", "参数", "名称项") :
        start = h + 1
    for i in range(start, len(rows)):
        r = rows[i] + [None, None]
        key, val = r[0], r[1]
        if is_blank(key):
            if not is_blank(val):
                problems.append(Problem(sheet, i + 1, "field", None, "a value has no field name: fill in the field"))
            continue
        canon = hmap.get(header_key(key))
        if canon is None:
            warnings.append(Problem(sheet, i + 1, "field", key,
                                    f"unknown city field, kept but not used (known: {', '.join(spec.names)})",
                                    "warning"))
            values.setdefault("_extra", {})[normalise_text(key)] = val
            continue
        try:
            values[canon] = coerce(val, spec.column(canon))
        except CellError as exc:
            problems.append(Problem(sheet, i + 1, "value", val, f"{canon}: {exc}"))
        if canon in values and values[canon] is None:
            del values[canon]
    return values


def settings_from_mapping(values: Mapping[str, Any], problems: list[Problem], sheet: str = "city") -> Settings | None:
    """Build :class:`Settings` from city-sheet values (and overrides); missing year is a problem."""
    vals = {k: v for k, v in values.items() if k in CITY_FIELDS and v is not None}
    extra = dict(values.get("_extra", {}))
    if "year" not in vals:
        problems.append(Problem(sheet, None, "year", None,
                                "the inventory year is missing: add a row 'year' with e.g. 2023 to the city sheet"))
        return None
    try:
        vals["year"] = int(vals["year"])
    except (TypeError, ValueError):
        problems.append(Problem(sheet, None, "year", vals["year"], "not a year: type e.g. 2023"))
        return None
    if "gwp" in vals:
        vals["gwp"] = str(vals["gwp"]).upper()
    if "population" in vals:
        vals["population"] = float(vals["population"])
    if "td_loss_rate" in vals:
        vals["td_loss_rate"] = float(vals["td_loss_rate"])
    if "ch4_split" in vals:
        vals["ch4_split"] = bool(vals["ch4_split"])
    return Settings(extra=extra, **vals)


def read_activity(path: str | Path, city: Mapping[str, Any] | None = None, *, strict: bool = True) -> ActivityData:
    """Read an activity workbook (v1).

    Parameters
    ----------
    path : str or Path
        An ``.xlsx`` workbook (``.csv`` / ``.parquet`` files are read as the ``activity`` sheet).
    city : mapping, optional
        City-sheet fields that override the workbook's (e.g. ``{"gwp": "AR6"}``).
    strict : bool
        With ``False``, problems in cells are returned in ``ActivityData.problems`` instead of raised
        (problems with the file or the city sheet are always raised).

    Raises
    ------
    gpc.InputError
        Listing every problem found (sheet, row as Excel shows it, column, value, what to do).
    """
    from gpc.io.tables_in import read_table_file

    file = Path(path)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if file.suffix.lower() in (".csv", ".parquet", ".txt", ".tsv"):
        return read_table_file(file, city=city, strict=strict)
    check_workbook_file(file)
    sheets = read_workbook_sheets(file)
    aliases = sheet_aliases()
    tables: dict[str, pd.DataFrame] = {}
    city_values: dict[str, Any] = {}
    found_city = False
    for name, rows in sheets.items():
        canon = aliases.get(header_key(name))
        if canon is None:
            warnings.append(Problem(name, None, None, None,
                                    "not a gpc sheet, ignored (known sheets: " + ", ".join(sorted(sheet_specs())) + ")",
                                    "warning"))
            continue
        if canon == "_ignore":  # sheets gpc writes for the reader's information (lists, balance_cells)
            continue
        if canon == "city":
            found_city = True
            city_values.update(_read_city(name, rows, problems, warnings))
            continue
        if canon in tables:
            problems.append(Problem(name, None, None, None, f"a second '{canon}' sheet: merge them into one"))
            continue
        t = _table_from_rows(name, rows, sheet_spec(canon), problems, warnings)
        if t is not None:
            t["sheet"] = name
            tables[canon] = t
    if city:
        city_values.update({k: v for k, v in city.items() if v is not None})
    if not found_city and not (city and "year" in city):
        problems.append(Problem("city", None, None, None,
                                "the workbook has no 'city' sheet: add one with rows 'field | value' (at least year)"))
    settings = settings_from_mapping(city_values, problems) if (found_city or city) else None
    if not tables and not any(q.sheet == "city" for q in problems):
        problems.append(Problem(file.name, None, None, None,
                                "no data sheet found: add an 'activity' sheet (see `gpc template`)"))
    if settings is None or (problems and (strict or any(q.sheet == "city" or q.row is None for q in problems))):
        raise InputError(problems)
    return ActivityData(settings=settings, tables=tables, warnings=warnings, source=str(file), problems=problems)
