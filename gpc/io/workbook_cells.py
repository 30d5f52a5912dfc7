"""The cells of every worksheet of a workbook, read with python-calamine as Excel shows them (cached values of
formulas), with what the cell reader cannot see put back from the safety scan (Excel error values, formulas
saved without a result). A file or sheet the cell reader cannot read becomes a located problem.

Part of the workbook reader (:mod:`gpc.io.excel_in`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gpc.errors import InputError, Problem
from gpc.i18n import label
from gpc.io.safety import WorkbookScan
from gpc.io.sheets import FormulaCell, is_blank

__all__ = ["read_workbook_sheets"]


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
