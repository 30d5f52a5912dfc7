"""China factor-selection rules — moved to :mod:`gpc.factors.china` (kept here for existing imports)."""

from __future__ import annotations

from gpc.factors.china import ETS_VARIANT, NATIONAL, default_region_grid, grid_factor, select_fuel_parameters

__all__ = ["ETS_VARIANT", "NATIONAL", "default_region_grid", "grid_factor", "select_fuel_parameters"]
