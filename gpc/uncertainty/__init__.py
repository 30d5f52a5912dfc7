"""Uncertainty of a GPC inventory: IPCC 2006 Vol. 1 Ch. 3 Approach 1 (propagation of error) and
Approach 2 (Monte Carlo), per record, GPC row, sector, scope and total, the trend between two years,
and which inputs to improve first. See docs/uncertainty.md.

>>> res = inv.uncertainty(approach=1)                          # doctest: +SKIP
>>> res.total("BASIC")                                         # doctest: +SKIP
>>> inv.uncertainty(approach=2, iterations=10_000, seed=1).table   # doctest: +SKIP
"""

from gpc.uncertainty.model import Result, run

__all__ = ["Result", "run"]
