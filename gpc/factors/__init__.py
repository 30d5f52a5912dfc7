"""Factors: the factor sets (folders of tidy CSV under ``emission_factors/``) and the one resolver that
answers every "which factor?" question of every sector.

* :mod:`gpc.factors.sets` — :class:`FactorSet` (one folder and its fallback chain), :func:`load_factor_set`;
* :mod:`gpc.factors.precedence` — the order in which a factor is looked for, as data
  (``gpc/data/factor_precedence.csv``, shown in ``docs/factors.md`` "How a factor is chosen");
* :mod:`gpc.factors.resolve` — :class:`Resolver` (one per factor set and settings, memoised): the sectors'
  only way to a factor table;
* :mod:`gpc.factors.combustion`, :mod:`~gpc.factors.grid`, :mod:`~gpc.factors.china`,
  :mod:`~gpc.factors.process`, :mod:`~gpc.factors.waste`, :mod:`~gpc.factors.ippu`, :mod:`~gpc.factors.afolu`
  — the look-ups of each method.
"""

from __future__ import annotations

from gpc.factors.sets import FactorSet, available_factor_sets, factor_root, load_factor_set, numeric_columns

__all__ = ["FactorSet", "available_factor_sets", "factor_root", "load_factor_set", "numeric_columns"]
