"""What a factor look-up returns: a :class:`Factor` (value, unit, source and the rule that chose it) or a
:class:`NoFactor` (the column to point at and what to do), which the sector turns into a Problem at the row."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Factor", "NoFactor"]


@dataclass(frozen=True)
class Factor:
    """A factor as used: ``per_unit`` in the method's unit (t/GJ for combustion, t/MWh for grid energy),
    ``value`` and ``unit`` as shown in the audit trail, its ``source``, the audit ``detail``, the ``rule``
    of ``gpc/data/factor_precedence.csv`` that chose it, and warnings to report once."""

    per_unit: float
    value: float
    unit: str
    source: str
    detail: str = ""
    rule: str = ""
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class NoFactor:
    """No factor: the ``column`` to point at (of the row, or of the ``city`` sheet when ``city``) and the
    message saying what to give instead."""

    column: str
    message: str
    city: bool = False
