"""Reports built on an :class:`gpc.Inventory`: chart data, data quality, exports, figures, trends.

Modules (each imported on first use, so ``import gpc`` stays fast):

``common``   aggregations shared by the workbook, the figures and the exports (by sector, scope, gas,
             the three totals, the largest sub-sectors, per-capita and per-GDP intensity)
``quality``  data quality and completeness per GPC row (activity data, emission factor, overall score)
``ecrf``     the GCoM Common Reporting Framework workbook (sheets eCRF_1–3), from ``gpc/data/ecrf_layout.csv``
``cdp``      the CDP-ICLEI GPC summary (emissions by sector and scope, TOTAL BASIC / BASIC+ / territorial)
``ciris``    a CIRIS-style sheet: one row per input record with its gases side by side
``flat``     the emissions table as CSV and JSON
``figures``  matplotlib figures (sector, scope, gas, waterfall)
``trend``    :class:`Trend`: several inventory years side by side (``trend_excel``: its workbook)
``workbook`` the Overview and Data quality sheets of the inventory workbook, and its page setup
``html``     the notebook view of an inventory (``Inventory._repr_html_``)
``cli``      ``gpc export``, ``gpc trend``, ``gpc build --figures`` (registered by ``gpc.cli.imports``)

Documented for users in docs/reports.md.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Trend"]


def __getattr__(name: str) -> Any:
    if name == "Trend":
        from gpc.reports.trend import Trend

        return Trend
    raise AttributeError(f"module 'gpc.reports' has no attribute {name!r}")
