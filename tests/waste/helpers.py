"""Helpers of the waste tests."""

from __future__ import annotations

import math

import pandas as pd


def sheet(name: str, rows: list[dict]) -> pd.DataFrame:
    """A typed sheet as the reader gives it: the rows, with ``sheet`` and Excel ``row`` (data from row 2)."""
    df = pd.DataFrame(rows)
    df.insert(0, "sheet", name)
    df.insert(1, "row", range(2, len(df) + 2))
    return df


def ipcc_fod_recursion(ddocmd_by_year: dict[int, float], k: float, inventory_year: int) -> float:
    """DDOCm decomposed in ``inventory_year``, by IPCC 2006 Vol. 5 Eq. 3.4 and 3.5 stepped year by year
    (default delay: a deposit joins the decaying stock at the end of its year)."""
    accumulated = 0.0
    decomposed = 0.0
    for year in range(min(ddocmd_by_year), inventory_year + 1):
        decomposed = accumulated * (1 - math.exp(-k))  # Eq. 3.5, from the stock at the end of year-1
        accumulated = ddocmd_by_year.get(year, 0.0) + accumulated * math.exp(-k)  # Eq. 3.4
    return decomposed
