"""One data sheet of a workbook as a typed table: its header row found (a title above it skipped), the
columns named by the sheet's specification, the cells taken column-wise, values under no header and cells
hidden by merging reported, then typed by :func:`gpc.io.typed.type_table`.

Part of the workbook reader (:mod:`gpc.io.excel_in`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from gpc.errors import Problem
from gpc.i18n import label
from gpc.io.safety import cell_ref
from gpc.io.sheets import SheetSpec, header_key, is_blank
from gpc.io.typed import _show, type_table
from gpc.units import normalise_text


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
    """The typed table of one data sheet (``None`` for an empty sheet); problems and warnings are appended.
    ``typed`` gets each column's header as the user typed it (for messages)."""
    h = _header_row(rows, spec)
    if h is None:
        warnings.append(Problem(sheet, None, None, None, label("warn.empty_sheet", "en"), "warning"))
        return None
    first = _first_nonblank_row(rows)
    if first is not None and first < h:
        warnings.append(Problem(sheet, first + 1, None, None,
                                label("warn.rows_above_header", "en", first=str(first + 1), last=str(h),
                                      header=str(h + 1)), "warning"))
    names = _column_names(sheet, rows[h], h, spec, typed, problems)
    # column-wise: each column's blank cells found once per distinct value, no loop per row
    from gpc.io.columns import blank_info

    body = rows[h + 1:]
    columns = _column_arrays(body)
    info = [blank_info(c) for c in columns]
    blank = {j: info[j][0] for j in range(len(columns))}
    _stray_problems(sheet, h, names, columns, blank, problems)
    keep = np.zeros(len(body), dtype=bool)
    for j in range(len(names)):
        if names[j] is not None and j < len(columns):
            keep |= ~blank[j]
    excel_rows = (np.flatnonzero(keep) + h + 2).tolist()
    data_rows, factorized, maybe_nan = _data_columns(names, columns, info, blank, keep)
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


def _column_names(sheet: str, headers: list[Any], h: int, spec: SheetSpec, typed: dict[str, str] | None,
                  problems: list[Problem]) -> list[str | None]:
    """The name of each column (``None`` for a blank, repeated or reserved header); a required column
    missing is a problem."""
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
    return names


def _column_arrays(body: list[list[Any]]) -> list[np.ndarray]:
    """The cells under the header as one object array per column (ragged rows padded with blanks)."""
    lengths = set(map(len, body))
    full = max(lengths, default=0)
    if len(lengths) > 1:  # ragged rows: pad with blanks
        body = [list(r) + [None] * (full - len(r)) for r in body]
    columns: list[np.ndarray] = []
    if body and full:
        grid = np.empty((len(body), full), dtype=object)
        grid[:] = body  # one C-level copy of the cells, then a view per column
        columns = [grid[:, j] for j in range(full)]
    return columns


def _stray_problems(sheet: str, h: int, names: list[str | None], columns: list[np.ndarray],
                    blank: dict[int, np.ndarray], problems: list[Problem]) -> None:
    """A problem for each value under no header (values are not lost silently), in row order."""
    stray: list[tuple[int, int]] = []
    for j in range(len(columns)):
        if j >= len(names) or names[j] is None:
            stray += [(int(i), j) for i in np.flatnonzero(~blank[j])]
    for i, j in sorted(stray):
        problems.append(Problem(sheet, h + 2 + i, f"column {j + 1}", _show(columns[j][i]),
                                "a value stands under no header: give the column a header or clear it"))


def _data_columns(names: list[str | None], columns: list[np.ndarray], info: list[Any],
                  blank: dict[int, np.ndarray], keep: np.ndarray
                  ) -> tuple[dict[str, Any], dict[str, Any], dict[str, np.ndarray]]:
    """The kept rows of each named column; the factorisation of text columns (typed from those codes); the
    blank cells (the only ones that can hold NaN)."""
    data_rows: dict[str, Any] = {}
    factorized: dict[str, Any] = {}
    maybe_nan: dict[str, np.ndarray] = {}
    for j, n in enumerate(names):
        if n is not None:
            data_rows[n] = columns[j][keep] if j < len(columns) else np.full(int(keep.sum()), None, dtype=object)
            if j < len(columns):
                maybe_nan[n] = blank[j][keep]
            fz = info[j][1] if j < len(columns) else None
            if fz is not None:
                factorized[n] = (fz[0][keep], fz[1])
    return data_rows, factorized, maybe_nan


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
