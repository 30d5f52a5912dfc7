"""Waste (GPC III): solid waste disposal, biological treatment, incineration and open burning,
wastewater (GPC v1.1 Ch. 8; IPCC 2006 Guidelines Vol. 5).

Sheets: ``solid_waste`` (III.1, :mod:`.solid_waste`), ``biological_treatment`` (III.2, :mod:`.biological`),
``incineration`` (III.3, :mod:`.incineration`; with ``energy_recovery`` yes Stationary Energy I.4.4, GPC
v1.1 Ch. 8 §8.5), ``wastewater`` (:mod:`.wastewater`) and ``industrial_wastewater`` (:mod:`.industrial`,
III.4). The printed defaults are the defaults: the GPC's DOCf 0.6 and OX 0.1 (well-managed sites) for the
methane commitment (GPC Eq. 8.3-8.4), the IPCC 2006 ones for first order decay, F_IND-COM on the whole
population (IPCC 2006 Eq. 6.8); earlier readings are the named options ``defaults`` = ``ipcc2006`` and
``f_ind_com_on`` = ``collected``. Each sheet is validated, its parameters resolved (the row's own value,
else the factor set's ``waste_*`` tables through :class:`gpc.factors.waste.WasteFactors`, keys mapped
column-wise), the equations of :mod:`gpc.methods.solid_waste`, ``.biological``, ``.incineration`` and
``.wastewater`` run on whole arrays, and records are built with their provenance. Rows with a problem
are left out of the records; every problem names its sheet, row, column and what to do. See
docs/methods/waste.md.
"""

from __future__ import annotations

import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.records import empty_records
from gpc.sectors.waste.biological import _biological
from gpc.sectors.waste.common import COMPONENTS, SW_COMPONENTS, WASTE_TYPES, _check_gpc_ref, _Out, _prepare
from gpc.sectors.waste.incineration import _incineration
from gpc.sectors.waste.industrial import _industrial_wastewater
from gpc.sectors.waste.solid_waste import _solid_waste
from gpc.sectors.waste.wastewater import _wastewater

__all__ = ["COMPONENTS", "SHEETS", "SW_COMPONENTS", "WASTE_TYPES", "compute", "run", "validate"]


SHEETS = ("solid_waste", "biological_treatment", "incineration", "wastewater", "industrial_wastewater")


def run(tables: dict[str, pd.DataFrame], ctx: Context) -> tuple[pd.DataFrame, list[Problem]]:
    """Check and compute the waste sheets: (records, problems). Rows with an error give no records."""
    out = _Out()
    parts = []
    for sheet, fn in (("solid_waste", _solid_waste), ("biological_treatment", _biological),
                      ("incineration", _incineration), ("wastewater", _wastewater),
                      ("industrial_wastewater", _industrial_wastewater)):
        df = tables.get(sheet)
        if df is None or df.empty:
            continue
        d = _prepare(df, sheet)
        out.bad = set()
        _check_gpc_ref(d, sheet, out)
        rec = fn(d, ctx, out)
        if rec is not None and len(rec):
            parts.append(rec)
    records = pd.concat(parts, ignore_index=True) if parts else empty_records()
    return records, out.problems


def validate(tables: dict[str, pd.DataFrame], ctx: Context) -> list[Problem]:
    """Every problem in the waste sheets (errors and warnings)."""
    return run(tables, ctx)[1]


def compute(tables: dict[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    """Emission records of the waste sheets (columns of :data:`gpc.records.RECORD_COLUMNS` and extras)."""
    return run(tables, ctx)[0]
