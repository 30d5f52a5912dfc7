"""Transportation (GPC v1.1 Ch. 7, sector II) from distances and fuel sales: the ``transport`` sheet.

Each row names its GPC method (``fuel_sales``, ``induced_activity``, ``geographic``, ``resident_activity``),
which decides what share of its kilometres the city counts and how they split between II.x.1 (inside the
boundary) and II.x.3 (the outside part of transboundary trips); electric vehicles report grid electricity in
II.x.2 and its T&D losses in II.x.3. Rows marked ``cross_check`` enter no total: :func:`reconcile` compares
them (fuel implied by kilometres against fuel sold, IPCC 2006 Vol. 2 §3.2.1.3 good practice); ``gpc.calculate``
keeps its table as ``Inventory.transport_reconciliation`` and the inventory workbook shows it.

The ``flights_voyages`` sheet (:mod:`.flights`) allocates flights and voyages: in-boundary trips to II.x.1,
departing ones to II.x.3, by fuel loaded or (aircraft) LTO cycles of Table 3.6.9 plus cruise fuel.

Modules: :mod:`.distance` (the transport sheet; fuels and intensities in :mod:`.intensity`), :mod:`.flights`,
:mod:`.reconcile`. Equations: :mod:`gpc.methods.transport`; factors:
:mod:`gpc.factors.transport` and the resolver. docs/methods/transport.md.
"""

from __future__ import annotations

import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.i18n import label
from gpc.sectors.transport import flights
from gpc.sectors.transport.distance import SHEET, prepare, records, shown
from gpc.sectors.transport.factor_checks import factor_problems
from gpc.sectors.transport.reconcile import reconcile

__all__ = ["SHEETS", "compute", "reconcile", "validate"]

SHEETS: tuple[str, ...] = (SHEET, flights.SHEET)


def validate(tables: dict[str, pd.DataFrame], ctx: Context) -> list[Problem]:
    """Every problem of the transport sheet (errors and warnings), all at once."""
    out: list[Problem] = []
    fv = tables.get(flights.SHEET)
    if fv is not None and len(fv):
        out += flights.problems(fv, ctx)
    df = tables.get(SHEET)
    if df is None or not len(df):
        return out
    p = prepare(df, ctx)
    out += p.problems
    seen = {(x.row, x.column) for x in out}
    out += [x for x in factor_problems(p, ctx) if (x.row, x.column) not in seen]
    cross = [int(r) for r, c in zip(p.rows, p.cross) if c]
    if cross:
        out.append(Problem(shown(df), cross[0], "cross_check", True,
                           label("warn.transport_cross_check", "en", n=str(len(cross)), rows=", ".join(map(str, cross))),
                           severity="warning"))
    return out


def compute(tables: dict[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    """Emission records of the transport sheet (cross-check rows excluded)."""
    from gpc.records import empty_records

    parts = []
    df = tables.get(SHEET)
    if df is not None and len(df):
        parts.append(records(prepare(df, ctx), ctx))
    fv = tables.get(flights.SHEET)
    if fv is not None and len(fv):
        parts.append(flights.records(fv, ctx))
    parts = [x for x in parts if len(x)]
    return pd.concat(parts, ignore_index=True) if parts else empty_records()
