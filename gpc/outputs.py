"""The :class:`Inventory` users get: the computed inventory (:class:`gpc.inventory.Inventory`) with its outputs.

``gpc.calculate`` returns it and ``gpc.Inventory`` names it. Each method hands the inventory to a writer of
:mod:`gpc.reports` (or to :mod:`gpc.uncertainty`); the writers only read the inventory, so they import
:mod:`gpc.inventory` and never this module (the layers of docs/dev/architecture.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from gpc import inventory

__all__ = ["Inventory"]


class Inventory(inventory.Inventory):
    """A computed GPC inventory (see :class:`gpc.inventory.Inventory` for its data) that writes itself."""

    def uncertainty(self, approach: int = 1, *, iterations: int = 10_000, seed: int | None = None) -> Any:
        """Uncertainty by IPCC 2006 Vol. 1 Ch. 3 Approach 1 (propagation of error) or 2 (Monte Carlo):
        a :class:`gpc.uncertainty.Result` with DataFrames ``table`` (per GPC row, sector, scope, total),
        ``records``, ``contributions`` (what to improve first) and ``inputs``. The record columns
        (``ad_u_*``, ``ef_u_*``, ``u_record_pct``) are added to :attr:`emissions` (so to the audit trail)
        and the result is kept for :meth:`to_excel` (sheet "Uncertainty"). See docs/uncertainty.md."""
        from gpc.uncertainty.results import attach, run

        return attach(self, run(self, approach, iterations=iterations, seed=seed))

    # ------------------------------------------------------------------ output
    def to_excel(self, path: str | Path, *, lang: str = "en", timestamp: Any = None,
                 terms: str | Path | pd.DataFrame | None = None) -> Path:
        """Write the inventory workbook (reporting table, summary, audit trail, settings …).

        ``terms``: a file (CSV/xlsx with ``key, name_zh`` columns) or frame of Chinese GPC terms to use
        instead of gpc's own for ``lang="zh"`` (see :func:`gpc.io.terms.read_terms`). The file is written to a
        temporary name and renamed, so no partial file is left behind.
        """
        from gpc.io.terms import using_terms
        from gpc.reports.excel_out import write_inventory

        with using_terms(terms):
            return write_inventory(self, Path(path), lang=lang, timestamp=timestamp)

    # ------------------------------------------------------------------ reports (gpc.reports)
    def to_ecrf(self, path: str | Path, *, timestamp: Any = None) -> Path:
        """Write the GCoM Common Reporting Framework workbook (sheets eCRF_1–3)."""
        from gpc.reports.ecrf import write_ecrf

        return write_ecrf(self, path, timestamp=timestamp)

    def to_cdp(self, path: str | Path) -> Path:
        """Write the CDP-ICLEI GPC summary (by sector and scope, TOTAL BASIC / BASIC+ / territorial);
        xlsx, or CSV when ``path`` ends in ``.csv``."""
        from gpc.reports.cdp import write_cdp

        return write_cdp(self, path)

    def to_ciris(self, path: str | Path) -> Path:
        """Write a CIRIS-style table, one line per input record (xlsx, or CSV for ``.csv``)."""
        from gpc.reports.ciris import write_ciris

        return write_ciris(self, path)

    def to_csv(self, path: str | Path, table: str = "emissions") -> Path:
        """Write ``emissions`` (default), ``summary``, ``audit`` or ``transport_reconciliation`` as CSV (UTF-8 with
        BOM)."""
        from gpc.reports.flat import write_csv

        return write_csv(self, path, table=table)

    def to_json(self, path: str | Path) -> Path:
        """Write the inventory (meta, summary, notation keys, transport reconciliation, emission records) as one
        JSON document."""
        from gpc.reports.flat import write_json

        return write_json(self, path)

    def plot(self, kind: str = "sector", path: str | Path | None = None, *, lang: str = "en",
             terms: str | Path | pd.DataFrame | None = None) -> Any:
        """A matplotlib Figure: ``"sector"``, ``"scope"``, ``"gas"`` or ``"waterfall"``; saved to ``path``
        (.png or .svg) when given. ``terms`` as for :meth:`to_excel`."""
        from gpc.io.terms import using_terms
        from gpc.reports.figures import plot

        with using_terms(terms):
            return plot(self, kind, path, lang=lang)

    def save_figures(self, folder: str | Path, *, lang: str = "en",
                     terms: str | Path | pd.DataFrame | None = None) -> list[Path]:
        """Save every figure as PNG and SVG to ``folder``; returns the paths. ``terms`` as for :meth:`to_excel`."""
        from gpc.io.terms import using_terms
        from gpc.reports.figures import save_figures

        with using_terms(terms):
            return save_figures(self, folder, lang=lang)

    def _repr_html_(self) -> str:
        from gpc.reports.html import inventory_html

        return inventory_html(self)
