"""Writing cells of a workbook: what every workbook gpc writes shares (the inventory workbook
:mod:`gpc.reports.excel_out`, its views, Overview and Uncertainty sheets). Numbers are stored as numbers; text
from the input is always written as text, never as a formula.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.i18n import label

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["safe_text", "write_frame", "write_missing_basic"]


def safe_text(value: Any) -> str:
    """Text as it should appear in a cell: never a formula, whatever it starts with."""
    return "" if value is None else str(value)


class _Writer:
    def __init__(self, wb: Any):
        self.wb = wb
        self.f_head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                                     "valign": "top"})
        self.f_num = wb.add_format({"num_format": "#,##0.000"})
        self.f_int = wb.add_format({"num_format": "#,##0"})
        self.f_big = wb.add_format({"num_format": "#,##0", "bold": True})
        self.f_title = wb.add_format({"bold": True, "font_size": 14})
        self.f_bold = wb.add_format({"bold": True})
        self.f_sector = wb.add_format({"bold": True, "bg_color": "#F2F2F2"})
        self.f_wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.f_gen = wb.add_format({"num_format": "General"})
        # text that would read as a formula if retyped: shown with Excel's quote prefix (stays text when edited)
        self.f_text = wb.add_format({"quote_prefix": True})

    def cell(self, ws: Any, r: int, c: int, v: Any, fmt: Any = None) -> None:
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            ws.write_blank(r, c, None, fmt)
        elif isinstance(v, (bool, np.bool_)):
            ws.write_boolean(r, c, bool(v), fmt)
        elif isinstance(v, (int, float, np.integer, np.floating)):
            x = float(v)
            if math.isinf(x):
                ws.write_string(r, c, str(x), fmt)
            else:
                ws.write_number(r, c, x, fmt)
        else:
            text = safe_text(v)
            if fmt is None and text[:1] in _FORMULA_START:
                fmt = self.f_text
            ws.write_string(r, c, text, fmt)


#: First characters that make a spreadsheet read typed text as a formula (or a DDE command).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_frame(w: _Writer, ws: Any, df: pd.DataFrame, start_row: int = 0, headers: list[str] | None = None,
                number_formats: dict[str, Any] | None = None) -> int:
    """Write a DataFrame with a header row; returns the next free row."""
    heads = headers or [str(c) for c in df.columns]
    for j, h in enumerate(heads):
        ws.write_string(start_row, j, h, w.f_head)
    fmts = [(number_formats or {}).get(c) for c in df.columns]
    # one plan per column from its dtype, so each cell goes straight to the right xlsxwriter call
    # (the same cells as _Writer.cell writes, without testing every value's type)
    plans: list[tuple[str, list[Any], Any]] = []
    for j, _c in enumerate(df.columns):
        col = df.iloc[:, j]
        dt = col.dtype
        if isinstance(dt, np.dtype) and dt.kind == "f":
            plans.append(("f", col.to_numpy().tolist(), fmts[j]))
        elif isinstance(dt, np.dtype) and dt.kind == "b":
            plans.append(("b", col.to_numpy().tolist(), fmts[j]))
        elif isinstance(dt, pd.StringDtype):
            plans.append(("s", col.to_numpy(dtype=object, na_value=None).tolist(), fmts[j]))
        else:
            plans.append(("o", col.to_numpy(dtype=object).tolist(), fmts[j]))
    number, string, blank, boolean = ws.write_number, ws.write_string, ws.write_blank, ws.write_boolean
    inf = math.inf
    for i in range(len(df)):
        r = start_row + 1 + i
        for j, (kind, vals, fmt) in enumerate(plans):
            v = vals[i]
            if kind == "f":
                if v != v:
                    blank(r, j, None, fmt)
                elif v == inf or v == -inf:
                    string(r, j, str(v), fmt)
                else:
                    number(r, j, v, fmt)
            elif kind == "s":
                if v is None:
                    blank(r, j, None, fmt)
                else:
                    string(r, j, v, w.f_text if fmt is None and v[:1] in _FORMULA_START else fmt)
            elif kind == "b":
                boolean(r, j, v, fmt)
            else:
                w.cell(ws, r, j, v, fmt)
    return start_row + 1 + len(df)


def write_missing_basic(ws: Any, r: int, inv: Inventory, lang: str, ref_format: Any = None) -> int:
    """List the BASIC rows with neither emissions nor a notation key from row ``r``; returns the next row."""
    missing = inv.completeness()
    t = taxonomy.table()
    for ref in missing:
        ws.write_string(r, 0, ref, ref_format)
        ws.write_string(r, 1, str(t.loc[ref, "subsector_zh" if lang == "zh" else "subsector"]))
        ws.write_string(r, 2, str(t.loc[ref, "name_zh" if lang == "zh" else "name"]))
        r += 1
    if not missing:
        ws.write_string(r, 0, label("text.none", lang))
        r += 1
    return r
