"""Read an activity workbook (v1) into :class:`gpc.activity_data.ActivityData`.

Cells are read as Excel shows them (cached values of formulas) with python-calamine. Every problem
found in every sheet is collected and raised at once as :class:`gpc.errors.InputError`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gpc.activity_data import ActivityData
from gpc.errors import InputError, Problem
from gpc.i18n import label
from gpc.io.safety import WorkbookScan, cell_ref, check_workbook_file
from gpc.io.sheets import (
    CellError,
    FormulaCell,
    SheetSpec,
    _extra_header_aliases,
    coerce,
    header_key,
    is_blank,
    sheet_aliases,
    sheet_spec,
    sheet_specs,
)
from gpc.io.typed import _show, _structural, duplicate_warnings, settings_from_mapping, type_table
from gpc.units import normalise_text

__all__ = ["read_activity", "read_workbook_sheets", "type_table", "settings_from_mapping", "duplicate_warnings"]

DATA_SHEETS_EXCLUDED = ("city",)


def read_workbook_sheets(path: str | Path, scan: WorkbookScan | None = None) -> dict[str, list[list[Any]]]:
    """All worksheets of a workbook as lists of rows (row 0 is Excel row 1), keyed by the sheet's own name.

    Call :func:`gpc.io.safety.check_workbook_file` first (``scan`` is its result): cells showing an Excel
    error then hold the error text (``"#DIV/0!"``) and formulas saved without a result hold a
    :class:`~gpc.io.sheets.FormulaCell`, instead of reading as empty. A file the cell reader cannot read
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


def _cell_reader_failed(path: Path, sheet: str | None, exc: BaseException,
                        scan: WorkbookScan | None = None) -> Problem:
    """A problem for a file or sheet the cell reader could not read (never a traceback)."""
    name = type(exc).__name__
    text = " ".join(str(exc).split())[:200]
    what = f"sheet '{sheet}'" if sheet else "the workbook"
    row = column = value = None
    if "Password" in name or "password" in text.lower() or "encrypt" in text.lower():
        msg = "the workbook is password-protected: open it in Excel, remove the password and save it again"
    elif isinstance(exc, MemoryError):
        msg = f"{what} is too large to read in memory: give data that large as a CSV or parquet table"
    else:
        bad = _locate_bad_number(path, scan, sheet) if sheet and scan is not None else None
        if bad is not None:
            row, column, value = bad
            msg = (f"the cell {column}{row} is stored as a number but holds text the file cannot hold there (the "
                   "file was written by a faulty program): open it in Excel and save it again, or retype the cell")
            column = f"column {column}"
        else:
            msg = (f"{what} could not be read ({name}: {text}): the file is damaged or not really a "
                   f"{path.suffix or 'spreadsheet'} file — open it in Excel and save it again as .xlsx")
    return Problem(sheet or path.name, row, column, value, msg)


def _locate_bad_number(path: Path, scan: WorkbookScan, sheet: str) -> tuple[int, str, str] | None:
    """(row, column letters, text) of a cell typed as a number whose value is not one, if any."""
    import re
    import zipfile

    s = scan.sheet(sheet)
    if s is None or scan.kind != "xlsx":
        return None
    try:
        with zipfile.ZipFile(path) as zf:  # sizes were verified by the safety scan
            data = zf.read(s.part)
    except Exception:
        return None
    for m in re.finditer(rb'<(?:\w+:)?c\s([^>]*?)>\s*(?:<(?:\w+:)?f[^>]*(?:/>|>.*?</(?:\w+:)?f>)\s*)?'
                         rb'<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>', data, re.S):
        attrs, v = m.group(1), m.group(2).decode("utf-8", "replace")
        t = re.search(rb'\bt="(\w+)"', attrs)
        if t is not None and t.group(1) != b"n":
            continue
        try:
            float(v)
        except ValueError:
            r = re.search(rb'\br="([A-Z]+)(\d+)"', attrs)
            if r:
                return int(r.group(2)), r.group(1).decode(), v
    return None


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
        problems.append(_cell_reader_failed(path, None, exc))
        return {}
    out: dict[str, _RawSheet] = {}
    for name in names:
        if "WorkSheet" not in kinds.get(name, "WorkSheet"):
            warnings.append(Problem(name, None, None, None, label("warn.not_a_worksheet", "en"), "warning"))
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
            problems.append(_cell_reader_failed(path, name, exc, scan))
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


def _header_row(rows: list[list[Any]], spec: SheetSpec) -> int | None:
    """The header row: the first row (of the first 30 non-blank ones) naming at least two of the sheet's
    columns — a title above the table is skipped — else the first non-blank row."""
    first = _first_nonblank_row(rows)
    if first is None:
        return None
    hmap = spec.header_map()
    seen = 0
    for i in range(first, len(rows)):
        r = rows[i]
        if all(is_blank(v) for v in r):
            continue
        if sum(1 for v in r if isinstance(v, str) and hmap.get(header_key(v))) >= 2:
            return i
        seen += 1
        if seen >= 30:
            break
    return first


def _merged_problems(sheet: str, merged: list[tuple[tuple[int, int], tuple[int, int]]], h: int,
                     names: list[str | None], kept: set[int], problems: list[Problem]) -> set[tuple[int, str]]:
    """One problem per cell hidden by merging (in the header or a data row); returns (row, column) pairs."""
    out: set[tuple[int, str]] = set()
    for (r0, c0), (r1, c1) in merged:
        if r1 < h or (r0 == r1 and c0 == c1):
            continue
        where = f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}"
        for r in range(max(r0, h), r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) == (r0, c0):
                    continue
                if r == h:
                    problems.append(Problem(sheet, r + 1, f"column {c + 1}", None,
                                            f"header cells {where} are merged: unmerge them and give each column its "
                                            "own header"))
                    continue
                col = names[c] if c < len(names) else None
                if r not in kept or col is None:
                    continue
                out.add((r + 1, col))
                problems.append(Problem(sheet, r + 1, col, None,
                                        f"cells {where} are merged, so this cell has no value of its own (only "
                                        f"{cell_ref(r0, c0)} has one): unmerge the cells and fill in every row"))
    return out


def _table_from_rows(sheet: str, rows: list[list[Any]], spec: SheetSpec,
                     problems: list[Problem], warnings: list[Problem],
                     merged: list[tuple[tuple[int, int], tuple[int, int]]] | None = None,
                     typed: dict[str, str] | None = None) -> pd.DataFrame | None:
    h = _header_row(rows, spec)
    if h is None:
        warnings.append(Problem(sheet, None, None, None, label("warn.empty_sheet", "en"), "warning"))
        return None
    first = _first_nonblank_row(rows)
    if first is not None and first < h:
        warnings.append(Problem(sheet, first + 1, None, None,
                                label("warn.rows_above_header", "en", first=str(first + 1), last=str(h),
                                      header=str(h + 1)), "warning"))
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
        if canon and typed is not None:
            typed.setdefault(canon, normalise_text(text))
        if name in seen:
            problems.append(Problem(sheet, h + 1, str(text), None,
                                    f"column '{name}' appears twice (columns {seen[name] + 1} and {j + 1}): keep one"))
            names.append(None)
            continue
        if name in ("sheet", "row"):
            problems.append(Problem(sheet, h + 1, str(text), None,
                                    f"'{name}' is a name gpc gives its own columns: rename this column"))
            names.append(None)
            continue
        seen[name] = j
        names.append(name)
    for col in spec.columns:
        if col.required == "yes" and col.name not in seen:
            problems.append(Problem(sheet, h + 1, col.name, None,
                                    f"the required column '{col.name}' is missing: add a header '{col.name}'"))
    # column-wise: each column's blank cells found once per distinct value, no loop per row
    from gpc.io.columns import blank_info

    width = len(names)
    named = [j for j in range(width) if names[j] is not None]
    body = rows[h + 1:]
    lengths = set(map(len, body))
    full = max(lengths, default=0)
    if len(lengths) > 1:  # ragged rows: pad with blanks
        body = [list(r) + [None] * (full - len(r)) for r in body]
    columns: list[np.ndarray] = []
    if body and full:
        grid = np.empty((len(body), full), dtype=object)
        grid[:] = body  # one C-level copy of the cells, then a view per column
        columns = [grid[:, j] for j in range(full)]
    info = [blank_info(c) for c in columns]
    blank = {j: info[j][0] for j in range(len(columns))}
    stray: list[tuple[int, int]] = []   # values under a blank header are not lost silently
    for j in range(len(columns)):
        if j >= width or names[j] is None:
            stray += [(int(i), j) for i in np.flatnonzero(~blank[j])]
    for i, j in sorted(stray):
        problems.append(Problem(sheet, h + 2 + i, f"column {j + 1}", _show(columns[j][i]),
                                "a value stands under no header: give the column a header or clear it"))
    keep = np.zeros(len(body), dtype=bool)
    for j in named:
        if j < len(columns):
            keep |= ~blank[j]
    excel_rows = (np.flatnonzero(keep) + h + 2).tolist()
    data_rows: dict[str, Any] = {}
    factorized: dict[str, Any] = {}   # text columns already factorised for the blanks: typed from those codes
    maybe_nan: dict[str, np.ndarray] = {}  # the blank cells: the only ones that can hold NaN
    for j, n in enumerate(names):
        if n is not None:
            data_rows[n] = columns[j][keep] if j < len(columns) else np.full(int(keep.sum()), None, dtype=object)
            if j < len(columns):
                maybe_nan[n] = blank[j][keep]
            fz = info[j][1] if j < len(columns) else None
            if fz is not None:
                factorized[n] = (fz[0][keep], fz[1])
    hidden: set[tuple[int, str]] = set()
    if merged:
        hidden = _merged_problems(sheet, merged, h, names, {r - 1 for r in excel_rows}, problems)
    raw = pd.DataFrame({n: pd.Series(v, dtype=object) for n, v in data_rows.items()}) if excel_rows else \
        pd.DataFrame(columns=[n for n in names if n is not None])
    changed = _mark_not_a_number(raw, maybe_nan)
    before = len(problems)
    table = type_table(raw, spec, sheet, excel_rows, problems,
                       {k: v for k, v in factorized.items() if k not in changed})
    if hidden:  # a merged-away cell is reported once, not again as "required"
        problems[before:] = [p for p in problems[before:]
                             if not ((p.row, p.column) in hidden and p.message.endswith("is required: fill it in"))]
    return table


def _mark_not_a_number(raw: pd.DataFrame, candidates: Mapping[str, np.ndarray] | None = None) -> set[str]:
    """A cell holding NaN (written by a program, Excel cannot) is a value, not a blank: keep it visible.
    ``candidates`` (by column) are the cells that may hold NaN (the blank ones), if known; only those
    are tested. Returns the columns changed."""
    changed: set[str] = set()
    for c in raw.columns:
        arr = raw[c].to_numpy(dtype=object)
        cand = candidates.get(c) if candidates is not None else None
        if cand is not None and len(cand) == len(arr):
            if not cand.any():
                continue
            nan = np.zeros(len(arr), dtype=bool)
            sub = arr[cand]
            nan[cand] = sub != sub
        else:
            nan = arr != arr  # only NaN is unequal to itself (None, text, numbers and dates are not)
        if nan.any():
            arr = arr.copy()
            arr[nan] = "NaN"
            raw[c] = arr
            changed.add(c)
    return changed


def _read_city(sheet: str, rows: list[list[Any]], problems: list[Problem],
               warnings: list[Problem], where: dict[str, tuple[str, int]] | None = None,
               as_typed: dict[str, str] | None = None) -> dict[str, Any]:
    """The fields of the city sheet, typed; ``where`` gets (sheet, Excel row) of each field given, ``as_typed``
    the header and field names as the user typed them (for messages).

    A field given twice with different values is a problem naming both rows (the first value is kept so that
    the data can still be checked); the same value twice is a warning."""
    spec = sheet_spec("city")
    hmap = spec.header_map()
    h = _first_nonblank_row(rows)
    values: dict[str, Any] = {}
    if where is None:
        where = {}
    given: dict[str, tuple[int, Any, Any]] = {}   # field → (Excel row, cell, typed value) of its first row
    if h is None:
        return values
    start = h
    first = [header_key(x) for x in rows[h][:2]]
    if first and (first[0] in ("field", "名称项") or _extra_header_aliases().get("city_header", {})
                  .get(rows[h][0] if isinstance(rows[h][0], str) else "") == "field"
                  or first[0] in {header_key(a) for a, c in _extra_header_aliases().get("city_header", {}).items()
                                  if c == "field"}):
        start = h + 1
        if as_typed is not None:
            for part, text in zip(("field", "value"), rows[h][:2]):
                if not is_blank(text):
                    as_typed[part] = normalise_text(text)
    for i in range(start, len(rows)):
        r = rows[i] + [None, None]
        key, val = r[0], r[1]
        if is_blank(key):
            if not is_blank(val):
                problems.append(Problem(sheet, i + 1, "field", None, "a value has no field name: fill in the field"))
            continue
        canon = hmap.get(header_key(key))
        if canon is not None and as_typed is not None:
            as_typed.setdefault(canon, normalise_text(key))  # a city field as typed (年份 …), for messages
        if canon is None:
            warnings.append(Problem(sheet, i + 1, "field", key,
                                    label("warn.unknown_city_field", "en", known=", ".join(spec.names)),
                                    "warning"))
            values.setdefault("_extra", {})[normalise_text(key)] = val
            where.setdefault("extra." + normalise_text(key), (sheet, i + 1))
            continue
        if is_blank(val) and canon not in given:
            if canon == "year" and "year" not in where:  # the template's empty year row: say where to type it
                where["year"] = (sheet, i + 1)
                problems.append(Problem(sheet, i + 1, "value", None,
                                        "year: the inventory year is required: type it here, e.g. 2023"))
            continue   # a field left empty is not given (and not a second value of a field given below)
        try:
            typed = coerce(val, spec.column(canon))
        except CellError as exc:
            problems.append(Problem(sheet, i + 1, "value", val, f"{canon}: {exc}"))
            typed = _BAD
        if canon in given:
            row0, cell0, typed0 = given[canon]
            if typed is _BAD or typed0 is _BAD or _same(typed, typed0):
                if typed is not _BAD and typed0 is not _BAD and not (is_blank(val) and is_blank(cell0)):
                    warnings.append(Problem(sheet, i + 1, "field", key,
                                            label("warn.city_field_twice", "en", field=canon, first=str(row0),
                                                  second=str(i + 1)), "warning"))
            else:
                problems.append(Problem(sheet, i + 1, "value", val,
                                        f"{canon} is given twice with different values: row {row0} says "
                                        f"{_show_cell(cell0)}, row {i + 1} says {_show_cell(val)} — keep the row "
                                        "that is right and delete the other"))
            continue
        given[canon] = (i + 1, val, typed)
        where[canon] = (sheet, i + 1)
        if typed is not _BAD and typed is not None:
            values[canon] = typed
    return values


_BAD = object()   # a city value that could not be typed (its problem is already reported)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    try:
        return bool(a == b)
    except Exception:
        return False


def _show_cell(v: Any) -> str:
    return "nothing" if is_blank(v) else repr(_show(v))


def read_activity(path: str | Path, city: Mapping[str, Any] | None = None, *, strict: bool = True) -> ActivityData:
    """Read and type an activity workbook (v1): the reader alone, without the checks of the sectors.

    :func:`gpc.read_activity` (:func:`gpc.engine.read_activity`) adds every check :func:`gpc.calculate` runs;
    use it unless you want only the typed tables. With ``strict=False`` problems in cells are returned in
    ``ActivityData.problems`` instead of raised (problems with the file itself are always raised).
    """
    return _read_activity(path, city, strict=strict)


def _read_activity(path: str | Path, city: Mapping[str, Any] | None, *, strict: bool) -> ActivityData:
    from gpc.io.tables_in import read_table_file

    file = Path(path)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if file.suffix.lower() in (".csv", ".parquet", ".txt", ".tsv"):
        return read_table_file(file, city=city, strict=strict)
    scan = check_workbook_file(file)
    warnings.extend(scan.warnings())
    sheets = _load_sheets(file, scan, problems, warnings)
    if problems and not sheets:
        raise InputError(problems)
    aliases = sheet_aliases()
    tables: dict[str, pd.DataFrame] = {}
    broken: set[str] = set()
    city_values: dict[str, Any] = {}
    city_rows: dict[str, tuple[str, int]] = {}
    found_city = False
    headers: dict[str, dict[str, str]] = {}  # columns as the user named them, for messages
    for name, raw_sheet in sheets.items():
        rows = raw_sheet.rows
        canon = aliases.get(header_key(name))
        if canon is None:
            misnamed = _misnamed_sheet(name, rows)
            if misnamed is not None:
                problems.append(misnamed)
                continue
            warnings.append(Problem(name, None, None, None,
                                    label("warn.not_a_gpc_sheet", "en", known=", ".join(sorted(sheet_specs()))),
                                    "warning"))
            continue
        if canon == "_ignore":  # sheets gpc writes for the reader's information (lists, balance_cells)
            continue
        if canon == "city":
            if found_city:
                problems.append(Problem(name, None, None, None, "a second 'city' sheet: merge them into one"))
                continue
            found_city = True
            city_values.update(_read_city(name, rows, problems, warnings, city_rows, headers.setdefault(name, {})))
            headers.setdefault("city", {})["_sheet"] = name
            continue
        if canon in tables:
            problems.append(Problem(name, None, None, None, f"a second '{canon}' sheet: merge them into one"))
            continue
        before = len(problems)
        t = _table_from_rows(name, rows, sheet_spec(canon), problems, warnings, raw_sheet.merged,
                             headers.setdefault(name, {}))
        if any(_structural(p) for p in problems[before:]):
            broken.add(canon)
        if t is not None:
            t["sheet"] = name
            tables[canon] = t
            warnings.extend(duplicate_warnings(t, name))
            if canon == "activity":
                from gpc.activity_catalogue import unknown_activity_problems

                problems.extend(unknown_activity_problems(t, name))
    if city:
        given = {k: v for k, v in city.items() if v is not None}
        city_values.update(given)
        for k in given:
            city_rows.pop(k, None)
    if not found_city and not (city and "year" in city):
        problems.append(Problem("city", None, None, None,
                                "the workbook has no 'city' sheet: add one with rows 'field | value' (at least year)"))
    city_sheet = next((n for n in sheets if aliases.get(header_key(n)) == "city"), "city")
    settings = settings_from_mapping(city_values, [] if not found_city and not city else problems, city_sheet,
                                     city_rows)
    if not tables:
        problems.append(Problem(file.name, None, None, None,
                                "no data sheet found: add an 'activity' sheet (see `gpc template`)"
                                if sheets else "the workbook has no sheets with data: add an 'activity' sheet "
                                "(see `gpc template`)"))
    if problems and strict:
        raise InputError(problems, headers=headers)
    return ActivityData(settings=settings, tables=tables, warnings=warnings, source=str(file), problems=problems,
                        city_rows=city_rows, broken=broken, headers=headers)


def _misnamed_sheet(name: str, rows: list[list[Any]]) -> Problem | None:
    """A problem for a sheet whose name is no gpc sheet's but which holds the columns of one (``Activities``,
    ``activity 2023``): its rows would be ignored silently. None for a sheet without gpc columns."""
    import difflib

    best: tuple[int, float, str, int, list[str]] | None = None
    for spec_name, spec in sheet_specs().items():
        if spec_name == "city":
            continue
        hmap = spec.header_map()
        for i, r in enumerate(rows[:30]):
            cols = list(dict.fromkeys(c for v in r if isinstance(v, str) and (c := hmap.get(header_key(v)))))
            if len(cols) >= 2 and any(spec.column(c).required == "yes" for c in cols):
                score = difflib.SequenceMatcher(None, header_key(name), header_key(spec_name)).ratio()
                cand = (len(cols), score, spec_name, i, cols)
                if best is None or cand[:2] > best[:2]:
                    best = cand
                break
    if best is None:
        return None
    _, _, spec_name, i, cols = best
    return Problem(name, i + 1, None, None,
                   f"this sheet holds gpc columns ({', '.join(cols)}) but '{name}' is not the name of a gpc sheet, "
                   f"so its rows would be ignored: did you mean `{spec_name}`? Rename the sheet to '{spec_name}' "
                   f"(or move its rows into the '{spec_name}' sheet)")
