"""ActivityData: what was read from an activity workbook, ready to compute."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gpc.context import Settings
from gpc.errors import Problem

__all__ = ["ActivityData"]


@dataclass
class ActivityData:
    """Settings and typed tables read from an activity workbook (or built from DataFrames).

    Attributes
    ----------
    settings : Settings
        From the ``city`` sheet.
    tables : dict[str, pandas.DataFrame]
        One DataFrame per data sheet (``activity``, ``solid_waste`` …) with canonical column names,
        typed values, and ``sheet`` / ``row`` (the row number as Excel shows it) on every row.
    warnings : list[Problem]
        Things worth knowing that did not stop the reading (unknown sheets, duplicate rows …).
    source : str | None
        The file it was read from.
    problems : list[Problem]
        Errors found in cells when read with ``strict=False`` (the engine reports them together with
        the problems the sectors find, so that every problem comes out at once).
    city_rows : dict[str, tuple[str, int]]
        Where each city field was given: (sheet name, Excel row), so a bad value is reported at its row.
    broken : set[str]
        Data sheets whose header has a problem (a required column missing …): their rows are not checked
        further, so that one missing column does not become a problem on every row.
    """

    settings: Settings
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    source: str | None = None
    problems: list[Problem] = field(default_factory=list)
    city_rows: dict[str, tuple[str, int]] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    #: per sheet as named in the workbook: column name → header as typed (for messages, see InputError)
    headers: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    @property
    def activity(self) -> pd.DataFrame:
        """The ``activity`` sheet (empty if the workbook has none)."""
        return self.tables.get("activity", pd.DataFrame())

    def n_rows(self) -> int:
        """Number of input records over all sheets."""
        return int(sum(len(t) for t in self.tables.values()))

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}: {len(v)} rows" for k, v in self.tables.items())
        return f"ActivityData(year={self.settings.year}, {parts})"

    @property
    def path(self) -> Path | None:
        return Path(self.source) if self.source else None
