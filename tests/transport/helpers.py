"""What the transport tests share: a city, one inventory from transport rows, a sum of emissions."""

from __future__ import annotations

import pandas as pd

import gpc

CITY = {"name": "Testville", "country": "CN", "year": 2023, "gwp": "AR5", "factors": "ipcc2006"}


def inventory(workbook, rows, city=None):
    """The inventory of a workbook with only ``rows`` in its transport sheet (``workbook``: the conftest fixture)."""
    return gpc.calculate(workbook({**CITY, **(city or {})}, [], transport=pd.DataFrame(rows)))


def total_t(e: pd.DataFrame, **where) -> float:
    """Tonnes of gas of the records matching every ``column=value``."""
    m = pd.Series(True, index=e.index)
    for k, v in where.items():
        m &= e[k] == v
    return float(e.loc[m, "emissions_t"].sum())
