"""Uncertainty of a GPC inventory: IPCC 2006 Vol. 1 Ch. 3 Approach 1 (propagation of error) and
Approach 2 (Monte Carlo), per record, GPC row, sector, scope and total, the trend between two years,
and which inputs to improve first. See docs/uncertainty.md.

>>> res = inv.uncertainty(approach=1)                          # doctest: +SKIP
>>> res.total("BASIC")                                         # doctest: +SKIP
>>> inv.uncertainty(approach=2, iterations=10_000, seed=1).table   # doctest: +SKIP

The pure equations: :mod:`gpc.uncertainty.approach1` (Eq. 3.1 ``product``, Eq. 3.2 ``sum_``, ``total``
with shared inputs, ``trend`` of Table 3.3) and :mod:`gpc.uncertainty.montecarlo`.
"""

from gpc.uncertainty import approach1, montecarlo
from gpc.uncertainty.results import Result, run
from gpc.uncertainty.trend import trend_uncertainty

__all__ = ["Result", "run", "approach1", "montecarlo", "trend_uncertainty"]
