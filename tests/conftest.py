"""Shared test helpers: build real activity workbooks in a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def write_workbook(path: Path, city: dict[str, Any], activity: Iterable[dict[str, Any]] | pd.DataFrame,
                   **sheets: pd.DataFrame) -> Path:
    """Write a v1 activity workbook with xlsxwriter (a real .xlsx file)."""
    act = activity if isinstance(activity, pd.DataFrame) else pd.DataFrame(list(activity))
    opts = {"options": {"strings_to_formulas": False, "strings_to_urls": False}}
    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs=opts) as xw:
        pd.DataFrame(list(city.items()), columns=["field", "value"]).to_excel(xw, sheet_name="city", index=False)
        act.to_excel(xw, sheet_name="activity", index=False)
        for name, df in sheets.items():
            df.to_excel(xw, sheet_name=name, index=False)
    return path


@pytest.fixture
def workbook(tmp_path: Path):
    """``workbook(city, rows, **sheets)`` → path of a fresh workbook in tmp_path."""
    counter = {"n": 0}

    def make(city: dict[str, Any], rows: Iterable[dict[str, Any]], **sheets: pd.DataFrame) -> Path:
        counter["n"] += 1
        return write_workbook(tmp_path / f"city{counter['n']}.xlsx", city, rows, **sheets)

    return make


def load_script(name: str, path: Path):
    """Import a script of the repository (``examples/…``) as a module, the way a user runs it from the root."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.path.insert(0, str(REPO))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(REPO))
    return module


def typed_sheet(name: str, **cols: list) -> pd.DataFrame:
    """A typed sheet as the reader hands it to a sector module: the columns plus ``sheet`` and ``row``."""
    n = len(next(iter(cols.values())))
    return pd.DataFrame({"sheet": name, "row": list(range(2, n + 2)), **cols})
