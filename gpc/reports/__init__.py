"""Reports built on an :class:`gpc.Inventory`: the inventory workbook, exports, figures, the trend workbook.

Modules (each imported on first use, so ``import gpc`` stays fast):

``common``   aggregations shared by the workbook, the figures and the exports (by sector, scope, gas,
             the three totals, the largest sub-sectors, per-capita and per-GDP intensity)
``ecrf``     the GCoM Common Reporting Framework workbook (sheets eCRF_1–3), from ``gpc/data/ecrf_layout.csv``
``cdp``      the CDP-ICLEI GPC summary (emissions by sector and scope, TOTAL BASIC / BASIC+ / territorial)
``ciris``    a CIRIS-style sheet: one row per input record with its gases side by side
``flat``     the emissions table as CSV and JSON
``figures``  matplotlib figures (sector, scope, gas, waterfall)
``trend_excel`` the workbook of a :class:`gpc.trend.Trend` (several inventory years side by side)
``excel_out`` the inventory workbook (``excel_views``: its Chinese views, from ``views_zh``)
``uncertainty`` the Uncertainty sheet and the totals' error bars
``workbook`` the Overview and Data quality sheets of the inventory workbook, and its page setup
``html``     the notebook view of an inventory (``Inventory._repr_html_``)

Documented for users in docs/reports.md.
"""
