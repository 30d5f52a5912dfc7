"""Pure projection maths: driver compounding, action ramps and the grid factor path.

Numbers and arrays in, arrays out; no workbook, no engine. The conventions, documented in
``docs/pathways.md`` and tested with hand numbers in ``tests/pathways/test_maths.py``:

* **Compounding** (drivers): the activity of year *y* is the base-year activity times the product of
  one plus every annual growth rate from the year after the base year to *y*:
  ``activity_y = base × Π_{t = base+1..y} (1 + g_t)``. A rate given for a period ``from_year..to_year``
  applies to the years *t* of that period (both ends included); several drivers on one row multiply.
* **Ramp** (actions): an action's effect rises linearly from 0 in its ``start_year`` to its full level in
  its ``full_year`` and stays there: ``ramp(y) = clip((y − start) / (full − start), 0, 1)``; when
  ``full_year == start_year`` the full effect applies from the start year on.
* **Grid path**: linear between the years given (the base year's own factor is the first point unless the
  path gives the base year), held flat after the last year given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["annual_rates", "growth_index", "interpolate_path", "ramp"]

#: The years of a projection: a list of ints or an integer array.
Years = Sequence[int] | np.ndarray


def annual_rates(years: Years, periods: Iterable[tuple[int | None, int | None, float]]) -> np.ndarray:
    """The annual growth rate g_t of every year in ``years`` from ``(from_year, to_year, rate)`` periods.

    A period with no ``from_year`` starts at the first year, with no ``to_year`` runs to the last. Periods
    that overlap add their rates for the years they share (the caller reports overlaps as it likes).
    """
    y = np.asarray(years, dtype=np.int64)
    g = np.zeros(len(y))
    for lo, hi, rate in periods:
        lo_ = y[0] if lo is None else lo
        hi_ = y[-1] if hi is None else hi
        g[(y >= lo_) & (y <= hi_)] += float(rate)
    return g


def growth_index(years: Years, rates: np.ndarray) -> np.ndarray:
    """Index of each year against the first (the base year): ``Π_{t = base+1..y} (1 + g_t)``.

    ``rates[0]`` (the base year's own rate) is not used: the base year's index is 1.

    >>> growth_index([2023, 2024, 2025, 2026], [0.0, 0.02, 0.02, 0.02]).round(6).tolist()
    [1.0, 1.02, 1.0404, 1.061208]
    """
    r = np.asarray(rates, dtype=float).copy()
    if len(r):
        r[0] = 0.0
    return np.cumprod(1.0 + r)


def ramp(years: Years, start: int, full: int) -> np.ndarray:
    """Share of an action's full effect in each year: 0 up to ``start``, linear to 1 at ``full``, then 1.

    >>> ramp([2024, 2025, 2026, 2027, 2028], 2025, 2027).tolist()
    [0.0, 0.0, 0.5, 1.0, 1.0]
    """
    y = np.asarray(years, dtype=float)
    if full <= start:
        return (y >= start).astype(float)
    return np.clip((y - start) / float(full - start), 0.0, 1.0)


def interpolate_path(years: Years, points: dict[int, float]) -> np.ndarray:
    """A factor path over ``years``: linear between the given ``points`` (year → value), flat before the
    first and after the last.

    >>> interpolate_path([2023, 2024, 2025, 2026, 2027], {2023: 0.6, 2025: 0.5}).round(6).tolist()
    [0.6, 0.55, 0.5, 0.5, 0.5]
    """
    if not points:
        raise ValueError("a path needs at least one point")
    xs = np.array(sorted(points), dtype=float)
    vs = np.array([points[int(x)] for x in xs], dtype=float)
    return np.interp(np.asarray(years, dtype=float), xs, vs)
