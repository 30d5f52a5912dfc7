"""Import a city energy balance table (National Bureau of Statistics layout) as v1 activity rows.

The table is the 能源平衡表（实物量）of Chinese statistical yearbooks: one row per flow (supply,
加工转换 transformation, 损失量, 终端消费量 by sector, 居民生活 …), one column per energy carrier in
physical units (万吨, 亿立方米, 亿千瓦时, 万百万千焦 …, given in the header, ``原煤（万吨）``, or in a units
row under it). Which balance row goes to which GPC row is data, not code:

* ``gpc/data/energy_balance_rows.csv`` — the rows the reader recognises (labels and aliases, block, kind);
* ``gpc/data/energy_balance_map.csv`` — row × fuel → GPC target and share (the user may pass their own).

Nothing is lost: every non-empty numeric cell is either imported (one or more activity rows whose
``balance_value`` add up to it) or reported with the reason (supply, transformation output, total …);
:func:`reconcile` checks the imported amounts against the table's totals per fuel. See
``docs/china.md`` for the mapping and the assumptions it carries.

The jobs are split over modules, each importing only those before it: :mod:`gpc.io.energy_balance_read`
(reading the table) → :mod:`gpc.io.energy_balance_map` (mapping its cells to GPC rows) →
:mod:`gpc.io.energy_balance_reconcile` (the result and its reconciliation) → this module (the import and
the activity workbook it writes), which re-exports the public names.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from gpc.errors import InputError, Problem
from gpc.io.energy_balance_map import (
    ACTIVITY_COLUMNS,
    TRACE_COLUMNS,
    TRANSPORT_ROW,
    VEHICLE_TARGET,
    _activity_rows,
    _amounts,
    _apply_overrides,
    _consistency_warnings,
    _destination,
    _load_mapping,
    default_mapping,
)
from gpc.io.energy_balance_read import GRID_ACTIVITIES, balance_rows, read_cells, row_key
from gpc.io.energy_balance_reconcile import BalanceImport, _total_warnings, reconcile
from gpc.io.plain_sheet import write_plain_sheet

__all__ = [
    "ACTIVITY_COLUMNS",
    "BalanceImport",
    "balance_import",
    "balance_rows",
    "default_mapping",
    "import_balance",
    "read_energy_balance",
    "reconcile",
]
# also importable from here as before
__all__ += ["GRID_ACTIVITIES", "TRACE_COLUMNS", "TRANSPORT_ROW", "VEHICLE_TARGET", "read_cells", "row_key"]


def balance_import(
    path: str | Path,
    *,
    year: int | None = None,
    private_vehicle_shares: Mapping[str, Mapping[str, float]] | None = None,
    transport_shares: Mapping[str, Mapping[str, float]] | None = None,
    mapping: str | Path | pd.DataFrame | None = None,
) -> BalanceImport:
    """Read an energy balance workbook and map it to v1 activity rows.

    Parameters
    ----------
    path : str or Path
        The workbook (``.xlsx``); the sheet with the balance is found by its header row.
    year : int, optional
        Which year's sheet to read when the workbook has several (default: the only one, or the first).
    private_vehicle_shares : mapping, optional
        ``{row: {fuel: share}}``: the share of a row's gasoline or diesel that is vehicle fuel and goes to
        on-road transport (II.1.1); the rest stays with the row's own target. Rows are the ids of
        ``energy_balance_rows.csv`` (``residential``, ``commerce``, ``other``, ``industry``,
        ``construction``, ``agriculture``). Defaults in ``energy_balance_map.csv`` (``docs/china.md``).
    transport_shares : mapping, optional
        ``{fuel: {target: share}}``: the split of the transport sector's use of a fuel over GPC targets,
        e.g. ``{"gas_diesel_oil": {"II.1": 0.85, "II.2": 0.05, "II.3": 0.1}}`` (sub-sectors get scope 1,
        or 2 for electricity and heat; full refs such as ``"II.4.3"`` are kept).
    mapping : path or DataFrame, optional
        A mapping with the columns of ``energy_balance_map.csv`` to use instead of the shipped one.

    Returns
    -------
    BalanceImport

    Raises
    ------
    gpc.InputError
        For problems in the table (no unit, text where a number should be, sub-items exceeding their row).
    ValueError
        For a mapping or shares that do not add up to 1 or name unknown GPC rows.
    """
    m = _apply_overrides(_load_mapping(mapping), private_vehicle_shares, transport_shares)
    cells, found_year, sheet, warnings = read_cells(path, year=year)
    cells["destination"] = _destination(cells)
    problems: list[Problem] = []
    cells["amount"] = _amounts(cells, sheet, problems)
    if problems:
        raise InputError(problems)
    activity = _activity_rows(cells, m, Path(path).name, sheet, found_year)
    warnings += _consistency_warnings(cells)
    result = BalanceImport(activity=activity, cells=cells.drop(columns=["amount"]), year=found_year, sheet=sheet,
                           warnings=warnings)
    warnings += _total_warnings(reconcile(result))
    return result


def read_energy_balance(
    path: str | Path,
    *,
    year: int | None = None,
    private_vehicle_shares: Mapping[str, Mapping[str, float]] | None = None,
    mapping: str | Path | pd.DataFrame | None = None,
    transport_shares: Mapping[str, Mapping[str, float]] | None = None,
) -> pd.DataFrame:
    """The v1 activity rows of an energy balance workbook (see :func:`balance_import`)."""
    return balance_import(path, year=year, private_vehicle_shares=private_vehicle_shares,
                          transport_shares=transport_shares, mapping=mapping).activity


# ------------------------------------------------------------------------------------------ write


def import_balance(
    path: str | Path,
    out_path: str | Path,
    *,
    city: Mapping[str, Any] | None = None,
    lang: str = "en",
    **kw: Any,
) -> BalanceImport:
    """Import an energy balance and write a v1 activity workbook for the user to review.

    The workbook has the sheets ``city`` (year from the balance, ``country`` CN, ``factors`` china, and
    whatever ``city`` gives, e.g. ``{"name": "示例市", "region": "CN-HB"}``), ``activity`` (the imported
    rows with their cell of origin) and ``balance_cells`` (every numeric cell with where it went; gpc
    ignores this sheet when it reads the workbook).

    Parameters
    ----------
    path, out_path : str or Path
        The energy balance workbook and the activity workbook to write.
    city : mapping, optional
        City-sheet fields to write.
    lang : str
        ``"zh"`` writes the workbook in Chinese: sheet names (城市, 活动数据, 能源平衡表单元格), headers,
        city fields and the source and explanation texts; gpc reads it back to the same inventory.
    **kw
        Passed to :func:`balance_import` (``year``, ``private_vehicle_shares``, ``transport_shares``,
        ``mapping``).
    """
    import xlsxwriter

    result = balance_import(path, **kw)
    fields: dict[str, Any] = {"name": Path(path).stem, "country": "CN", "year": result.year, "factors": "china"}
    fields.update({k: v for k, v in (city or {}).items() if v is not None})
    city_df = pd.DataFrame({"field": list(fields), "value": list(fields.values())})
    cells = result.cells[["balance_cell", "balance_row", "row", "kind", "balance_column", "fuel", "value",
                          "balance_unit", "destination"]]
    sheets = [("city", city_df), ("activity", result.activity), ("balance_cells", cells)]
    if lang == "zh":
        sheets = _in_chinese(sheets)
    from gpc.io.atomic import atomic_path

    with atomic_path(Path(out_path), suffix=".xlsx") as tmp:
        with xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": False, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False}) as wb:
            for name, df in sheets:
                write_plain_sheet(wb, name, df)
    return result


#: Chinese headers of the columns that trace a row back to the balance (gpc does not read them)
_TRACE_ZH = {"balance_row": "平衡表行", "balance_column": "平衡表列", "balance_cell": "平衡表单元格",
             "balance_value": "平衡表数值", "balance_unit": "平衡表单位", "share": "分配比例", "row": "行代码",
             "kind": "类型", "fuel": "能源品种", "value": "数值", "destination": "去向"}


def _in_chinese(sheets: list[tuple[str, pd.DataFrame]]) -> list[tuple[str, pd.DataFrame]]:
    """The workbook's sheets with Chinese sheet names, headers, city fields and texts."""
    from gpc.activity_catalogue import activity_names_zh
    from gpc.i18n.zh import localise
    from gpc.io.sheets import column_names_zh, sheet_names_zh

    sheet_zh = {**sheet_names_zh(), "balance_cells": "能源平衡表单元格"}
    out = []
    for name, df in sheets:
        df = df.copy()
        if name == "city":
            fields = column_names_zh("city")
            df["field"] = [fields.get(f, f) for f in df["field"]]
            df = df.rename(columns={"field": "字段", "value": "值"})
        else:
            if name == "activity":
                fuel_zh = activity_names_zh()
                df["activity"] = [fuel_zh.get(a, a) if isinstance(a, str) else a for a in df["activity"]]
            for col in ("source", "explanation"):
                if col in df.columns:
                    df[col] = [None if v is None or (isinstance(v, float) and math.isnan(v))
                               else "；".join(localise(p) for p in str(v).split("; ")) for v in df[col]]
            df = df.rename(columns={**column_names_zh("activity"), **_TRACE_ZH})
        out.append((sheet_zh.get(name, name), df))
    return out
