"""Read an activity workbook (v1) into :class:`gpc.activity.ActivityData`.

Cells are read as Excel shows them (cached values of formulas) with python-calamine. Every problem
found in every sheet is collected and raised at once as :class:`gpc.errors.InputError`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from gpc.activity import ActivityData
from gpc.context import CITY_FIELDS, Settings
from gpc.errors import InputError, Problem
from gpc.io.safety import WorkbookScan, cell_ref, check_workbook_file
from gpc.sheets import _extra_header_aliases
from gpc.sheets import (
    CellError, FormulaCell, SheetSpec, coerce, header_key, is_blank, sheet_aliases, sheet_spec, sheet_specs,
)
from gpc.units import normalise_text

__all__ = ["read_activity", "read_workbook_sheets", "type_table", "settings_from_mapping", "duplicate_warnings"]

DATA_SHEETS_EXCLUDED = ("city",)


def read_workbook_sheets(path: str | Path, scan: WorkbookScan | None = None) -> dict[str, list[list[Any]]]:
    """All worksheets of a workbook as lists of rows (row 0 is Excel row 1), keyed by the sheet's own name.

    Call :func:`gpc.io.safety.check_workbook_file` first (``scan`` is its result): cells showing an Excel
    error then hold the error text (``"#DIV/0!"``) and formulas saved without a result hold a
    :class:`~gpc.sheets.FormulaCell`, instead of reading as empty. A file the cell reader cannot read
    raises :class:`InputError`.
    """
    problems: list[Problem] = []
    sheets = _load_sheets(Path(path), scan, problems, [])
    if problems:
        raise InputError(problems)
    return {name: raw.rows for name, raw in sheets.items()}


@dataclass
class _RawSheet:
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def _cell_reader_failed(path: Path, where: str, exc: BaseException) -> Problem:
    name = type(exc).__name__
    if "Password" in name or "password" in str(exc).lower() or "encrypt" in str(exc).lower():
        msg = ("the workbook is password-protected: open it in Excel, remove the password and save it again")
    elif isinstance(exc, MemoryError):
        msg = "the sheet is too large to read in memory: give data that large as a CSV or parquet table"
    else:
        detail = " ".join(str(exc).split())[:200]
        msg = (f"the {where} could not be read ({name}: {detail}): the file is damaged or not really a "
               f"{path.suffix or 'spreadsheet'} file — open it in Excel and save it again as .xlsx")
    return Problem(path.name if where == "workbook" else where, None, None, None, msg)


def _load_sheets(path: Path, scan: WorkbookScan | None, problems: list[Problem],
                 warnings: list[Problem]) -> dict[str, _RawSheet]:
    """Read every worksheet with python-calamine; a failure becomes a problem, never a crash."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        kinds = {m.name: str(m.typ) for m in wb.sheets_metadata}
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # the cell reader's own errors, and a Rust panic (a BaseException)
        problems.append(_cell_reader_failed(path, "workbook", exc))
        return {}
    out: dict[str, _RawSheet] = {}
    for name in names:
        if "WorkSheet" not in kinds.get(name, "WorkSheet"):
            warnings.append(Problem(name, None, None, None, "not a worksheet (a chart or dialog sheet), ignored",
                                    "warning"))
            continue
        try:
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            try:
                merged = list(sheet.merged_cell_ranges or [])
            except Exception:  # merged ranges are not known for every format
                merged = []
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            problems.append(_cell_reader_failed(path, name, exc))
            continue
        raw = _RawSheet(rows, merged)
        if scan is not None:
            _overlay(raw, scan, name)
        out[name] = raw
    return out


def _overlay(raw: _RawSheet, scan: WorkbookScan, name: str) -> None:
    """Put back what the cell reader shows as empty: Excel error values and formulas without results."""
    s = scan.sheet(name)
    if s is None:
        return
    marks: dict[tuple[int, int], Any] = {pos: FormulaCell(f) for pos, f in scan.formula_placeholders(name).items()}
    marks.update(s.errors)
    rows = raw.rows
    for (r, c), value in marks.items():
        if r < 0 or c < 0:
            continue
        while len(rows) <= r:
            rows.append([""] * (len(rows[0]) if rows else 0))
        row = rows[r]
        if len(row) <= c:
            row.extend([""] * (c + 1 - len(row)))
        cur = row[c]
        if isinstance(value, FormulaCell) and not is_blank(cur) and cur != 0:
            continue  # a result is there after all
        row[c] = value


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
    # the activity sheet may hold millions of rows: its text columns stay categorical (codes)
    as_category = spec.name == "activity"
    out: dict[str, Any] = {"sheet": [sheet] * n if not as_category else
                           pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), [sheet]),
                           "row": np.asarray(rows, dtype=np.int64) if as_category else list(rows)}
    known = set(spec.names)
    for col in spec.columns:
        if col.name not in raw.columns:
            out[col.name] = np.full(n, np.nan) if col.dtype in ("number", "fraction") else [None] * n
            continue
        # one conversion per distinct value (or one numpy call for numbers), not one per cell
        values, errors = type_column(raw[col.name], col, as_category=as_category)
        for i, v, message in errors:
            problems.append(Problem(sheet, rows[i], col.name, _show(v), message))
        if isinstance(values, pd.Categorical):
            out[col.name] = values
            missing = values.codes < 0
        else:
            out[col.name] = values if values.dtype != object else values.tolist()
            missing = np.isnan(values) if values.dtype != object else np.equal(values, None)
        if col.required == "yes":
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
    if first and (first[0] in ("field", "名称项") or _extra_header_aliases().get("city_header", {})
                  .get(rows[h][0] if isinstance(rows[h][0], str) else "") == "field"
                  or first[0] in {header_key(a) for a, c in _extra_header_aliases().get("city_header", {}).items()
                                  if c == "field"}):
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
