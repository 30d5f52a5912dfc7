"""gpc — city greenhouse-gas inventories under the GHG Protocol GPC (城市温室气体核算国际标准).

>>> import gpc
>>> inv = gpc.calculate("city.xlsx")            # doctest: +SKIP
>>> inv.total("BASIC")                           # doctest: +SKIP

Heavy modules (pandas, pint, factor tables) load on first use, so ``import gpc`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gpc.errors import FactorNotFound, GpcError, GwpMismatch, InputError, Problem

__version__ = "0.1.0"

__all__ = [
    "__version__", "read_activity", "calculate", "calculate_many", "InputError", "Problem", "GpcError", "FactorNotFound",
    "GwpMismatch", "Inventory", "ActivityData", "write_template", "Trend", "project",
]

if TYPE_CHECKING:  # pragma: no cover
    from gpc.activity import ActivityData
    from gpc.inventory import Inventory
    from gpc.reports.trend import Trend


def read_activity(path: Any, city: Any = None, *, strict: bool = True) -> "ActivityData":
    """Read an activity workbook (v1); raises :class:`InputError` listing every problem found.

    The problems are the ones :func:`calculate` reports for the same workbook (one validation path).
    With ``strict=False`` they are returned in ``ActivityData.problems`` instead of raised.
    """
    from gpc.io.excel_in import read_activity as _read

    return _read(path, city=city, strict=strict)


def calculate(source: Any, **kwargs: Any) -> "Inventory":
    """Compute a GPC inventory from a workbook path, :class:`ActivityData` or a DataFrame.

    See :func:`gpc.engine.calculate` for the options (``gwp``, ``factors``, ``city`` …).
    """
    from gpc.engine import calculate as _calculate

    return _calculate(source, **kwargs)


def calculate_many(sources: Any, **kwargs: Any) -> Any:
    """Compute many inventories (cities, years) and stack their emissions into one tidy table with
    ``source``, ``city`` and ``year`` columns. See :func:`gpc.many.calculate_many`."""
    from gpc.many import calculate_many as _many

    return _many(sources, **kwargs)


def import_ecrf(path: Any, **kwargs: Any) -> Any:
    """Read a GCoM eCRF workbook into activity rows with a reconciliation of its numbers
    (:func:`gpc.io.ecrf.import_ecrf`; write them with ``gpc.io.ecrf.write_import``)."""
    from gpc.io.ecrf import import_ecrf as _import

    return _import(path, **kwargs)


def import_ciris(path: Any, **kwargs: Any) -> Any:
    """Read the sector sheets of a CIRIS workbook likewise (:func:`gpc.io.ciris_in.import_ciris`)."""
    from gpc.io.ciris_in import import_ciris as _import

    return _import(path, **kwargs)


__all__ += ["import_ecrf", "import_ciris"]


def write_template(path: Any, lang: str = "en", terms: Any = None) -> Any:
    """Write a blank activity workbook with notes, dropdown lists and the list of GPC rows (``terms``: your
    own Chinese GPC terms for ``lang="zh"``, see :func:`gpc.zh.using_terms`)."""
    from gpc.io.template import write_template as _write

    return _write(path, lang=lang, terms=terms)


def project(base: Any, scenario: Any, **kwargs: Any) -> Any:
    """Project a base-year inventory under a scenario workbook: BAU and action scenarios by year and sector,
    wedges, peak and gap to the targets (a :class:`gpc.pathways.project.Pathway` of DataFrames). See
    docs/pathways.md and :func:`gpc.pathways.project.project`."""
    from gpc.pathways.project import project as _project

    return _project(base, scenario, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "Inventory":
        from gpc.inventory import Inventory

        return Inventory
    if name == "ActivityData":
        from gpc.activity import ActivityData

        return ActivityData
    if name == "Trend":
        from gpc.reports.trend import Trend

        return Trend
    raise AttributeError(f"module 'gpc' has no attribute {name!r}")
