"""The GCoM Common Reporting Framework workbook (eCRF): sheets eCRF_1 (city and inventory), eCRF_2
(emissions by sub-sector and scope) and eCRF_3 (one row per GPC reference number).

The layout (which cell holds what) is :mod:`gpc.reports.ecrf_layout`, the values
:mod:`gpc.reports.ecrf_values`; this module writes the workbook and reads it back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc.reports.common import atomic_output, xlsx_workbook
from gpc.reports.ecrf_layout import FIXES as FIXES
from gpc.reports.ecrf_layout import LAYOUT_COLUMNS as LAYOUT_COLUMNS
from gpc.reports.ecrf_layout import SHEETS as SHEETS
from gpc.reports.ecrf_layout import WASTE_DIRECT_EXTRA as WASTE_DIRECT_EXTRA
from gpc.reports.ecrf_layout import Cell as Cell
from gpc.reports.ecrf_layout import _cell_index as _cell_index
from gpc.reports.ecrf_layout import _col_index
from gpc.reports.ecrf_layout import layout as layout
from gpc.reports.ecrf_layout import layout_from_template as layout_from_template
from gpc.reports.ecrf_layout import write_layout as write_layout
from gpc.reports.ecrf_values import _setting
from gpc.reports.ecrf_values import _Values as _Values
from gpc.reports.ecrf_values import inventory_type as inventory_type

if TYPE_CHECKING:
    from gpc.inventory import Inventory

# The layout and the values moved to their own modules; their names stay importable from here
# (``from x import y as y``: an explicit re-export).
__all__ = ["write_ecrf", "read_ecrf", "layout", "layout_from_template", "FIXES", "SHEETS"]


# ---------------------------------------------------------------------------------------- write
def write_ecrf(inv: Inventory, path: str | Path, *, timestamp: Any = None) -> Path:
    """Write the eCRF workbook for ``inv`` to ``path`` (atomically)."""
    from gpc.reports.excel_out import _as_datetime

    created = _as_datetime(timestamp)
    path = Path(path)
    vals = _Values(inv)
    cells = layout()
    with atomic_output(path) as tmp:
        wb = xlsx_workbook(tmp)
        wb.set_properties({"title": f"GCoM CRF {inv.settings.name or ''} {inv.settings.year}",
                           "author": "gpc", "created": created})
        fmts = _formats(wb)
        sheets = {name: wb.add_worksheet(name) for name in SHEETS}
        _write_cells(sheets, cells, fmts, inv, vals, created)
        _page_setup(sheets)
        wb.close()
    return path


def _formats(wb: Any) -> dict[str, Any]:
    """The cell formats of the three sheets, by name."""
    return {
        "head": wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DCE6F1",
                               "border": 1}),
        "label": wb.add_format({"text_wrap": True, "valign": "top"}),
        "text": wb.add_format({"valign": "top"}),
        "total": wb.add_format({"bold": True, "num_format": "#,##0.00"}),
        "num": wb.add_format({"num_format": "#,##0.00"}),
        "gen": wb.add_format({"num_format": "General", "align": "left", "valign": "top"}),
        "int": wb.add_format({"num_format": "0", "align": "left", "valign": "top"}),
        "pop": wb.add_format({"num_format": "#,##0", "align": "left", "valign": "top"}),
    }


def _write_cells(sheets: dict[str, Any], cells: tuple[Cell, ...], fmts: dict[str, Any], inv: Inventory,
                 vals: _Values, created: Any) -> None:
    """Every cell of the layout: column widths, then labels, settings and values (merged where the layout
    merges), then the row heights their text needs."""
    merged: dict[tuple[str, str], str] = {}
    for c in cells:
        if c.kind == "merge":
            merged[(c.sheet, c.cell.split(":")[0])] = c.cell
    total_rows = {(c.sheet, int(c.cell[1:])) for c in cells
                  if c.sheet == "eCRF_2" and c.kind == "label" and c.cell.startswith("A")
                  and c.text.startswith("Total")}
    heights: dict[tuple[str, int], int] = {("eCRF_2", 1): 45, ("eCRF_2", 2): 30, ("eCRF_3", 0): 45}
    for c in cells:
        ws = sheets[c.sheet]
        if c.kind == "width":
            col = _col_index(c.cell)
            ws.set_column(col, col, float(c.text))
            continue
        if c.kind == "merge":
            continue
        r, col = _cell_index(c.cell)
        if c.kind == "label":
            v, fmt = _label(c, r, fmts, heights)
        elif c.kind == "setting":
            v = _setting(inv, c.quantity, created)
            fmt = fmts[{"year": "int", "population": "pop"}.get(c.quantity, "gen")]
        else:
            v, fmt = _value(c, r, vals, fmts, total_rows, heights)
        key = (c.sheet, c.cell)
        if key in merged:
            ws.merge_range(merged[key], "", fmt)
        _write(ws, r, col, v, fmt)
    for (sheet, r), height in heights.items():
        sheets[sheet].set_row(r, height)


def _label(c: Cell, r: int, fmts: dict[str, Any], heights: dict[tuple[str, int], int]) -> tuple[Any, Any]:
    """A fixed text and its format (the header rows of eCRF_2 and eCRF_3 as headers); a text of several
    lines raises its row."""
    v = c.text
    if "\n" in v:
        heights[(c.sheet, r)] = max(heights.get((c.sheet, r), 15), 15 * (1 + v.count("\n")))
    head = (c.sheet == "eCRF_3" and r == 0) or (c.sheet == "eCRF_2" and r <= 2)
    return v, fmts["head"] if head else fmts["label"]


def _value(c: Cell, r: int, vals: _Values, fmts: dict[str, Any], total_rows: set[tuple[str, int]],
           heights: dict[tuple[str, int], int]) -> tuple[Any, Any]:
    """A computed value (or the layout's fallback text) and its format: numbers bold on eCRF_2's total
    rows; a long text on eCRF_2 raises its row."""
    v = vals.value(c)
    if v is None and c.text:
        v = c.text
    if isinstance(v, float):
        return v, fmts["total"] if (c.sheet, r + 1) in total_rows else fmts["num"]
    fmt = fmts["text"] if c.sheet == "eCRF_3" else fmts["label"]
    if c.sheet == "eCRF_2" and isinstance(v, str) and len(v) > 45:
        heights[(c.sheet, r)] = max(heights.get((c.sheet, r), 15), 15 * (1 + len(v) // 45))
    return v, fmt


def _page_setup(sheets: dict[str, Any]) -> None:
    """Frozen headers; landscape A4 one page wide, eCRF_3 (33 columns) A3 three pages wide with its GPC
    ref and header repeated."""
    sheets["eCRF_2"].freeze_panes(3, 1)
    sheets["eCRF_3"].freeze_panes(1, 2)
    for name, ws in sheets.items():
        ws.set_landscape()
        if name == "eCRF_3":        # 33 columns: A3, three pages wide, GPC ref and header repeated
            ws.set_paper(8)
            ws.fit_to_pages(3, 0)
            ws.repeat_rows(0)
            ws.repeat_columns(0, 1)
        else:
            ws.set_paper(9)
            ws.fit_to_pages(1, 0)


def _write(ws: Any, r: int, c: int, v: Any, fmt: Any) -> None:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        ws.write_blank(r, c, None, fmt)
    elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        ws.write_number(r, c, float(v), fmt)
    else:
        ws.write_string(r, c, str(v), fmt)



# ----------------------------------------------------------------------------------------- read
def read_ecrf(path: str | Path) -> dict[str, Any]:
    """Read an eCRF workbook back: ``{"cells": {(sheet, cell): value}, "rows": DataFrame}``.

    ``rows`` has one line per GPC reference number of eCRF_3 (its first line for I.4.4) with ``co2e``,
    ``co2e:CO2``, ``co2e:CH4``, ``co2e:N2O``, ``co2_biogenic`` and ``notation_key``; ``cells`` holds every
    non-empty cell of the three sheets.
    """
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells: dict[tuple[str, str], Any] = {}
    for name in SHEETS:
        for row in wb[name].iter_rows():
            for c in row:
                if c.value is not None and hasattr(c, "coordinate"):
                    cells[(name, c.coordinate)] = c.value
    wb.close()
    col: dict[str, str] = {}
    for cell in layout():
        if cell.sheet == "eCRF_3" and cell.kind == "value":
            col.setdefault(cell.quantity, cell.cell.rstrip("0123456789"))
    recs = []
    seen: set[str] = set()
    r = 2
    while ("eCRF_3", f"C{r}") in cells:
        ref = cells.get(("eCRF_3", f"B{r}"))
        if ref and ref not in seen:
            seen.add(ref)
            recs.append({"gpc_ref": ref, **{q: cells.get(("eCRF_3", f"{letter}{r}"))
                                            for q, letter in col.items()
                                            if q.startswith("co2") or q == "notation_key"}})
        r += 1
    return {"cells": cells, "rows": pd.DataFrame(recs)}
