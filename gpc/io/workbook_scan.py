"""What the safety scan of a workbook learns (:class:`WorkbookScan`, :class:`SheetScan`), the limits it measures
sheets against, and the cell-reference helpers shared by the scan and the readers.

The scan itself is :func:`gpc.io.safety.check_workbook_file`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gpc.errors import Problem
from gpc.i18n import label

__all__ = ["WorkbookScan", "SheetScan", "col_letters", "cell_ref", "MAX_CELLS", "EXCEL_MAX_ROWS", "EXCEL_MAX_COLS"]

MAX_CELLS = 30_000_000  #: rows × columns of the used area of one sheet (what the cell reader allocates)
MAX_XML_HEAD = 64 * 1024  #: an XML part must reach its root element within this many bytes
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLS = 16_384
_ROW_CUT = 32 * 1024**2  # a "row" longer than this is cut at a tag boundary


class _Refused(Exception):
    """Raised inside the scan; turned into an InputError naming the file."""


# ------------------------------------------------------------------------------------------ helpers
def col_letters(col: int) -> str:
    """Excel column letters of a 0-based column index (0 → A, 26 → AA)."""
    s = ""
    col += 1
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_ref(row: int, col: int) -> str:
    """``A1`` reference of a 0-based (row, column)."""
    return f"{col_letters(col)}{row + 1}"


def _col_index(letters: bytes | str) -> int:
    """0-based column index of Excel column letters."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    letters = letters.upper()
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


# --------------------------------------------------------------------------------------- results
@dataclass
class SheetScan:
    """What the raw scan learnt about one worksheet (positions are 0-based (row, column))."""

    part: str
    name: str = ""
    max_row: int = -1  #: last row index holding a value (upper bound), -1 if none
    max_col: int = -1
    far_cell: str = ""  #: a cell at the far end of the used area, for messages
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  #: cells showing an Excel error
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)  #: formulas saved without a result
    zero_formulas: dict[tuple[int, int], str] = field(default_factory=dict)  #: formulas whose result reads 0
    n_formulas: int = 0
    exact: bool = True  #: whether max_row / max_col are exact (else upper bounds)

    @property
    def cells(self) -> int:
        return (self.max_row + 1) * (self.max_col + 1) if self.max_row >= 0 and self.max_col >= 0 else 0


@dataclass
class WorkbookScan:
    """The result of :func:`check_workbook_file`."""

    path: Path
    kind: str  #: xlsx, xls or ods
    sheets: dict[str, SheetScan] = field(default_factory=dict)  #: by sheet name
    macros: bool = False
    external_links: int = 0
    full_calc_on_load: bool = False

    def sheet(self, name: str) -> SheetScan | None:
        return self.sheets.get(name)

    def formula_placeholders(self, name: str) -> dict[tuple[int, int], str]:
        """Formulas of sheet ``name`` whose saved result cannot be trusted."""
        s = self.sheets.get(name)
        if s is None:
            return {}
        out = dict(s.uncached)
        if self.full_calc_on_load:  # written by a program that asks Excel to calculate on opening
            out.update(s.zero_formulas)
        return out

    def warnings(self) -> list[Problem]:
        w = []
        if self.macros:
            w.append(Problem(self.path.name, None, None, None, label("warn.macros", "en"), "warning"))
        if self.external_links:
            w.append(Problem(self.path.name, None, None, None,
                             label("warn.external_links", "en", n=str(self.external_links)), "warning"))
        return w
