"""Grid-supplied energy: scope 2 and transmission & distribution losses (GPC ch. 6.5, 6.6; 7.3)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def grid_energy_emissions(consumption: ArrayLike, ef: ArrayLike) -> np.ndarray:
    """Scope-2 emissions of grid-supplied electricity, heat or cooling: E = consumption × EF.

    GPC v1.1 §6.5 (Equation 6.2 form: activity data × emission factor), location-based.
    Units must match: MWh × t/MWh → t.
    """
    return np.asarray(consumption, dtype=float) * np.asarray(ef, dtype=float)


def td_loss_emissions(consumption: ArrayLike, loss_rate: ArrayLike, ef: ArrayLike) -> np.ndarray:
    """Scope-3 emissions of T&D losses attributable to the city's consumption: E = consumption × rate × EF.

    GPC v1.1 §6.6 (transmission and distribution losses, reported in I.x.3 / II.x.3), with the
    loss rate applied to the consumption as the project contract (§3, ``td_loss_rate``) fixes it.
    """
    return np.asarray(consumption, dtype=float) * np.asarray(loss_rate, dtype=float) * np.asarray(ef, dtype=float)
