"""What an import found (:class:`EcrfImport`) and writing it as an activity workbook (:func:`write_import`)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gpc.errors import Problem
from gpc.io.plain_sheet import write_plain_sheet

ACTIVITY_COLUMNS = ["gpc_ref", "activity", "amount", "unit", "gas", "notation_key", "explanation", "ef_co2",
                    "ef_ch4", "ef_n2o", "ef_unit", "biogenic", "data_quality", "source"]
TRACE_COLUMNS = ["ecrf_sheet", "ecrf_row", "ecrf_activity", "ecrf_amount", "ecrf_unit", "ecrf_ef_unit",
                 "ecrf_ef_co2", "ecrf_ef_ch4", "ecrf_ef_n2o", "ecrf_co2e_co2", "ecrf_co2e_ch4", "ecrf_co2e_n2o",
                 "ecrf_co2e_total", "ecrf_co2_biogenic", "ecrf_methodology", "ecrf_ef_description",
                 "ecrf_ef_source", "import_note"]
RECONCILIATION_COLUMNS = ["sheet", "row", "gpc_ref", "activity", "gas", "reported_t_co2e", "recomputed_t_co2e",
                          "difference_t_co2e", "ratio", "cause", "explanation", "imported_as"]


@dataclass
class EcrfImport:
    """What :func:`import_ecrf` found.

    Attributes
    ----------
    city : dict
        City-sheet fields (name, country, region, year, gwp, population, gdp).
    activity : DataFrame
        The v1 activity rows (:data:`ACTIVITY_COLUMNS`) and their trace (:data:`TRACE_COLUMNS`).
    reconciliation : DataFrame
        One line per row and gas whose reported tonnes differ from amount × factor × GWP, or that is filed
        in a row the GPC does not put it in (:data:`RECONCILIATION_COLUMNS`).
    rows : DataFrame
        Every data row of the detailed sheet(s): where it went (``gpc_ref``, ``imported_as``) or why not.
    warnings : list[Problem]
    source : str
    """

    city: dict[str, Any]
    activity: pd.DataFrame
    reconciliation: pd.DataFrame
    rows: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)
    source: str = ""

    def activity_data(self) -> Any:
        """The imported rows as :class:`gpc.ActivityData` (read back from a temporary workbook)."""
        from gpc import engine

        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "imported.xlsx"
            write_import(self, p)
            return engine.read_activity(p)


def write_import(result: EcrfImport, path: str | Path, *, reconciliation: bool = True) -> Path:
    """Write the activity workbook: sheets ``city``, ``activity`` (v1 columns, then the ``ecrf_*`` trace
    and ``import_note``), ``reconciliation`` and ``ecrf_rows`` (gpc does not read the last two)."""
    import xlsxwriter

    from gpc.io.atomic import atomic_path

    city = pd.DataFrame({"field": list(result.city), "value": list(result.city.values())})
    act = result.activity.dropna(axis=1, how="all")
    keep = [c for c in ACTIVITY_COLUMNS if c in act.columns] + [c for c in TRACE_COLUMNS if c in act.columns]
    if "gpc_ref" not in keep:
        keep = ["gpc_ref"] + keep
    act = result.activity[keep]
    sheets = [("city", city), ("activity", act)]
    if reconciliation:
        sheets += [("reconciliation", result.reconciliation), ("ecrf_rows", result.rows)]
    path = Path(path)
    with atomic_path(path) as tmp, xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": False}) as wb:
        for name, df in sheets:
            write_plain_sheet(wb, name, df)
    return path
