"""Import the sector sheets of a CIRIS workbook (C40's City Inventory Reporting and Information System).

What the layout is, from public material only (C40's CIRIS page and descriptions of its workflow): an Excel
tool with one sheet per sector; in each, rows by GPC sub-sector and scope (GPC reference numbers), an
activity chosen from a list, a notation key where there is no data, the activity amount and unit (with an
optional multiplier or override that converts it to the unit of the factor), the gases included, an
emission factor chosen from the workbook's "Emission factors" sheet *shown in tonnes of CO2e*, and
emissions in metric tonnes of CO2e (also when entered directly). The exact header texts, their rows and
columns have not been verified against a CIRIS file, so nothing here depends on a column letter: every
sheet is searched for a header that names a GPC reference (or sector and sub-sector) and emission, amount
or notation-key columns (:func:`gpc.importers.ecrf.find_header`), and the rows below it are imported exactly
as the eCRF's detailed rows are (:func:`gpc.importers.ecrf.import_rows`). Gas columns are read as tonnes of
CO2e unless their header says tonnes of the gas ("CH4 (t)", as gpc's own CIRIS-style export writes). The
city, year and GWP set come from any sheet with the labels of the eCRF cover sheet, else from the caller.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gpc.errors import InputError, Problem
from gpc.importers.ecrf import EcrfImport, find_header, import_rows, read_cover, write_import
from gpc.importers.ecrf.read import _load

__all__ = ["import_ciris", "import_ciris_workbook"]

#: sheets of a CIRIS workbook that hold no inventory rows
_SKIP = ("emission factor", "instructions", "lists", "dropdown", "summary", "chart", "readme", "ecrf_rows",
         "reconciliation")


def import_ciris(path: str | Path, *, year: int | None = None, gwp: str | None = None,
                 rtol: float = 1e-3) -> EcrfImport:
    """Read the sector sheets of a CIRIS workbook into v1 activity rows with a reconciliation.

    ``year`` and ``gwp`` are used when the workbook does not state them (and override it when given).
    Raises :class:`gpc.InputError` listing every problem.
    """
    path = Path(path)
    sheets = _load(path)
    cover: dict[str, Any] = {}
    tables = []
    for name, rows in sheets.items():
        low = name.lower()
        if any(k in low for k in _SKIP):
            continue
        h = find_header(rows, default_basis="co2e")
        if h is not None:
            tables.append((name, rows, h))
            continue
        for k, v in read_cover(rows).items():
            cover.setdefault(k, v)
    if year is not None:
        cover["year"] = (year, None)
    if gwp is not None:
        cover["gwp"] = (gwp, None)
    if not tables:
        raise InputError([Problem(path.name, None, None, None,
                                  "no sector sheet found: no sheet has a header naming the GPC reference (or sector "
                                  "and sub-sector) and the emission columns (sheets: " + ", ".join(sheets) + ")")])
    return import_rows(tables, cover, file=path.name, rtol=rtol, default_basis="co2e")


def import_ciris_workbook(path: str | Path, out_path: str | Path, **kw: Any) -> EcrfImport:
    """:func:`import_ciris` and :func:`gpc.importers.ecrf.write_import` in one step (``gpc import-ciris``)."""
    result = import_ciris(path, **kw)
    write_import(result, out_path)
    return result
