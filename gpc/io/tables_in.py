"""Read activity rows from CSV or Parquet tables (for data beyond Excel's 1,048,576 rows).

The table has the columns of the ``activity`` sheet; city settings come from ``city=`` (at least the
year). Row numbers in problems count the header as row 1, as a spreadsheet would show the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from gpc.activity import ActivityData
from gpc.errors import InputError, Problem

__all__ = ["read_table_file", "activity_from_frame"]


def activity_from_frame(df: pd.DataFrame, city: Mapping[str, Any] | None, sheet: str = "activity",
                        first_row: int = 2, *, strict: bool = True) -> ActivityData:
    """Type a DataFrame of ``activity`` rows; ``city`` gives the settings (at least ``year``)."""
    from gpc.io.excel_in import settings_from_mapping, type_table
    from gpc.sheets import header_key, sheet_spec

    problems: list[Problem] = []
    spec = sheet_spec("activity")
    hmap = spec.header_map()
    raw = df.copy()
    raw.columns = [hmap.get(header_key(c), str(c)) for c in raw.columns]
    for col in spec.columns:
        if col.required == "yes" and col.name not in raw.columns:
            problems.append(Problem(sheet, 1, col.name, None, f"the required column '{col.name}' is missing"))
    if "row" in raw.columns and "sheet" in raw.columns:
        rows = [int(r) for r in raw["row"]]
        sheet_names = raw["sheet"].astype(str).tolist()
        raw = raw.drop(columns=["row", "sheet"])
    else:
        rows = list(range(first_row, first_row + len(raw)))
        sheet_names = None
    raw = raw.astype(object).where(raw.notna(), None)
    table = type_table(raw, spec, sheet, rows, problems)
    if sheet_names is not None:
        table["sheet"] = sheet_names
    settings = settings_from_mapping(dict(city or {}), problems)
    if settings is None or (problems and (strict or any(q.row is None or q.row == 1 for q in problems))):
        raise InputError(problems)
    return ActivityData(settings=settings, tables={"activity": table}, problems=problems)


def read_table_file(path: Path, city: Mapping[str, Any] | None = None, *, strict: bool = True) -> ActivityData:
    """Read a ``.csv`` or ``.parquet`` table of activity rows."""
    if not path.exists():
        raise InputError([Problem(path.name, None, None, None, f"file not found: {path}")])
    if path.suffix.lower() == ".parquet":
        df = pd.read_parquet(path)
    else:
        sep = "\t" if path.suffix.lower() == ".tsv" else ","
        df = pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep, encoding="utf-8-sig")
    data = activity_from_frame(df, city, sheet=path.name, strict=strict)
    data.source = str(path)
    return data
