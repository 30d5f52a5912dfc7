"""After the safety scan has read every part: each worksheet named by its sheet name, and its used area held
against the limits (measured exactly in a second pass when the first pass's bound cannot decide).

Part of the safety scan (:mod:`gpc.io.safety`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gpc.io.sheet_xml import _REF_COLS, _REF_ROWS, _WS, _unescape
from gpc.io.workbook_scan import (
    EXCEL_MAX_COLS,
    EXCEL_MAX_ROWS,
    MAX_CELLS,
    SheetScan,
    WorkbookScan,
    _col_index,
    _Refused,
    cell_ref,
    col_letters,
)

_SHEET_EL = re.compile(rb'<(?:\w+:)?sheet\b([^>]*?)/?>')
_REL_EL = re.compile(rb'<(?:\w+:)?Relationship\b([^>]*?)/?>')
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode("utf-8", "replace").split(":")[-1] if k.startswith(b"r:") else k.decode("utf-8", "replace"):
            _unescape(v.decode("utf-8", "replace")) for k, v in _ATTR.findall(raw)}


def _name_sheets(by_part: dict[str, SheetScan], small: dict[str, bytes], scan: WorkbookScan) -> None:
    """Name each scanned worksheet part by its sheet name (xl/workbook.xml + its relationships)."""
    wb = small.get("xl/workbook.xml", b"")
    scan.full_calc_on_load = bool(re.search(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"', wb))
    rels: dict[str, str] = {}
    for raw in _REL_EL.findall(small.get("xl/_rels/workbook.xml.rels", b"")):
        a = _attrs(raw)
        if "Id" in a and "Target" in a:
            target = a["Target"].lstrip("/")
            if not a["Target"].startswith("/"):
                target = "xl/" + target
            parts: list[str] = []
            for p in target.split("/"):
                if p == "..":
                    parts = parts[:-1]
                elif p not in ("", "."):
                    parts.append(p)
            rels[a["Id"]] = "/".join(parts)
    named: dict[str, SheetScan] = {}
    for raw in _SHEET_EL.findall(wb):
        a = _attrs(raw)
        rid = a.get("id")
        part = rels.get(rid or "")
        if part and part in by_part and "name" in a:
            by_part[part].name = a["name"]
            named[a["name"]] = by_part[part]
    for part, s in by_part.items():  # worksheets not named (unusual): keep them checked under their part name
        if not s.name:
            s.name = part
            named[part] = s
    scan.sheets = named


def _too_big(s: SheetScan) -> bool:
    return s.max_row >= EXCEL_MAX_ROWS or s.max_col >= EXCEL_MAX_COLS or s.cells > MAX_CELLS


def _refine(s: SheetScan, stream: Iterator[bytes]) -> None:
    """Measure the used area exactly (a second pass over the part, only when the bound could not decide)."""
    max_row, cols, far = -1, set(), ""
    carry = b""
    for data in stream:
        buf = carry + data
        cut = buf.rfind(b">") + 1
        carry = buf[cut:]
        chunk = buf[:cut].translate(_WS)
        rows = _REF_ROWS.findall(chunk)
        if rows:
            top = max(map(int, set(rows))) - 1
            if top > max_row:
                max_row = top
                m = re.search(rb' r="([A-Za-z]+)0*%d"' % (top + 1), chunk)
                far = m.group(1).decode() + str(top + 1) if m else ""
        cols.update(_REF_COLS.findall(chunk))
    s.max_row = max_row
    s.max_col = max((_col_index(c) for c in cols), default=-1)
    s.far_cell = far or cell_ref(max(max_row, 0), max(s.max_col, 0))
    s.exact = True


def _check_extent(s: SheetScan) -> None:
    where = f"sheet '{s.name}'"
    if s.max_row >= EXCEL_MAX_ROWS:
        raise _Refused(f"{where} has rows past Excel's last row {EXCEL_MAX_ROWS:,} (cell {s.far_cell or '?'}): Excel "
                       "itself cannot open it; give data that large as a CSV or parquet table")
    if s.max_col >= EXCEL_MAX_COLS:
        raise _Refused(f"{where} has columns past Excel's last column XFD (cell {s.far_cell or '?'}): a crafted or "
                       "damaged file")
    if s.cells > MAX_CELLS:
        raise _Refused(f"{where} spans rows 1–{s.max_row + 1:,} and columns A–{col_letters(s.max_col)} "
                       f"({s.cells:,} cells, more than gpc reads from one sheet: {MAX_CELLS:,}). If a stray value "
                       f"far from the table stretches it (e.g. cell {s.far_cell or '?'}), delete it; if the data is "
                       "really that large, give it as a CSV or parquet table")
