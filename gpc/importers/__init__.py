"""Importers of other inventories: a GCoM eCRF workbook (:mod:`.ecrf`) or a CIRIS workbook (:mod:`.ciris`) in,
an activity workbook to review out, with a reconciliation of the reported numbers (``gpc import-ecrf``,
``gpc import-ciris``; docs/import.md). They sit above the engine: each import is checked by computing it.
"""
