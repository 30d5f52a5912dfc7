"""A DataFrame as a plain worksheet of a workbook gpc writes for the user to review (an imported activity
workbook): bold headers, numbers as numbers, every other value as text (never a formula), empty cells left
empty, the header row frozen."""

from __future__ import annotations

import math
import numbers
from typing import Any

import pandas as pd

__all__ = ["write_plain_sheet"]


def write_plain_sheet(wb: Any, name: str, df: pd.DataFrame) -> None:
    """Add the sheet ``name`` holding ``df`` to the xlsxwriter workbook ``wb``."""
    ws = wb.add_worksheet(name)
    bold = wb.add_format({"bold": True})
    for j, col in enumerate(df.columns):
        ws.write_string(0, j, str(col), bold)
        ws.set_column(j, j, max(10, min(40, len(str(col)) + 2)))
    for i, row in enumerate(df.itertuples(index=False), start=1):
        for j, v in enumerate(row):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            if isinstance(v, numbers.Real) and not isinstance(v, bool):
                ws.write_number(i, j, float(v))
            else:
                ws.write_string(i, j, str(v))
    ws.freeze_panes(1, 0)
