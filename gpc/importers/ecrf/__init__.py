"""Import an existing inventory: the GCoM Common Reporting Framework workbook (eCRF) — and, through the same
row reader, the sector sheets of a CIRIS workbook (:mod:`gpc.io.ciris_in`).

What is read from where (``docs/import.md``):

* the cover sheet (``eCRF_1``, or any sheet with a "Name of city" label): city, country, region, inventory
  year, population, GDP, GWP set and reporting level, each the first non-empty cell right of its label;
* the summary matrix (``eCRF_2``, GCoM template layout only): the explanations of notation keys and the
  sub-sector totals, checked against the sum of the detailed rows;
* the detailed sheet (``eCRF_3``, or the sheet whose header names a GPC reference column and emission
  columns): its header row is found by content (one row, or two rows with merged group titles such as
  "Activity data" over "Amount" and "Unit"), its columns by header text (:func:`classify_header`), not by
  letter. One data row per GPC reference and activity.

Each detailed row becomes rows of a v1 activity workbook:

* a notation key (also one typed in an emission column) → a notation-key row with its explanation;
* an activity gpc can compute (a fuel or grid energy in a row that takes it) whose reported tonnes are
  reproduced by amount × factor × GWP → an activity row with the file's own factors (``ef_co2``,
  ``ef_ch4``, ``ef_n2o``, ``ef_unit``; a gas the file gives no factor for gets 0, said in ``import_note``);
* anything else → direct entries of the reported tonnes, one per gas (``activity`` direct, the gas, the
  mass of the gas = reported CO2e / GWP of the cover sheet's set, unit t), biogenic CO2 as a direct entry
  with ``biogenic`` yes.

Every row keeps the file's columns (``ecrf_*``) and a reconciliation (:func:`gpc.reconcile.explain`) lists
each row whose reported tonnes differ from amount × factor × GWP, with the likely cause. Nothing is
corrected: a row that does not reproduce is imported as the tonnes the file reports.

The package, by job (each module imports only those listed before it): :mod:`~gpc.importers.ecrf.cells`
(numbers, notation keys, header text), :mod:`~gpc.importers.ecrf.header` (the header row),
:mod:`~gpc.importers.ecrf.cover` (cover and summary sheets), :mod:`~gpc.importers.ecrf.place` (the GPC row of a detailed
row), :mod:`~gpc.importers.ecrf.read` (the workbook and its data rows), :mod:`~gpc.importers.ecrf.rows` (one row → activity
rows and reconciliation), :mod:`~gpc.importers.ecrf.write` (the result and its workbook), :mod:`~gpc.importers.ecrf.importer`
(the import and its self-check).

Unlike the calculation's hot path this reader loops over rows: an eCRF has hundreds of rows, not millions.
"""

from gpc.importers.ecrf.cells import CellError, classify_header, notation_key, parse_number
from gpc.importers.ecrf.cover import gwp_set_of, read_cover
from gpc.importers.ecrf.header import Header, find_header
from gpc.importers.ecrf.importer import import_ecrf, import_ecrf_workbook, import_rows
from gpc.importers.ecrf.place import place
from gpc.importers.ecrf.read import read_detail_rows
from gpc.importers.ecrf.write import (
    ACTIVITY_COLUMNS,
    RECONCILIATION_COLUMNS,
    TRACE_COLUMNS,
    EcrfImport,
    write_import,
)

__all__ = [
    "ACTIVITY_COLUMNS",
    "RECONCILIATION_COLUMNS",
    "TRACE_COLUMNS",
    "CellError",
    "EcrfImport",
    "Header",
    "classify_header",
    "find_header",
    "gwp_set_of",
    "import_ecrf",
    "import_ecrf_workbook",
    "import_rows",
    "notation_key",
    "parse_number",
    "place",
    "read_cover",
    "read_detail_rows",
    "write_import",
]
