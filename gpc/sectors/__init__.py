"""Sector modules: each reads its sheets, validates them and returns emission records.

See ``docs/dev/architecture.md`` for the interface (``SHEETS``, ``validate``, ``compute`` or ``run``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.records import empty_records

__all__ = ["validate_sheets", "compute_sheets"]

Check = Callable[[pd.DataFrame, Context], list[Problem]]
Build = Callable[[pd.DataFrame, Context], pd.DataFrame]


def _present(tables: Mapping[str, pd.DataFrame], name: str) -> bool:
    df = tables.get(name)
    return df is not None and len(df) > 0


def validate_sheets(tables: Mapping[str, pd.DataFrame], ctx: Context, checks: Mapping[str, Check]) -> list[Problem]:
    """Run each sheet's check on the sheets present; every problem of every sheet, in one list."""
    out: list[Problem] = []
    for name, check in checks.items():
        if _present(tables, name):
            out += check(tables[name], ctx)
    return out


def compute_sheets(tables: Mapping[str, pd.DataFrame], ctx: Context, builders: Mapping[str, Build]) -> pd.DataFrame:
    """Run each sheet's record builder on the sheets present and stack the records."""
    parts = [build(tables[name], ctx) for name, build in builders.items() if _present(tables, name)]
    return pd.concat(parts, ignore_index=True) if parts else empty_records()
