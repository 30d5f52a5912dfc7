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


#: What a published loss rate is a share of (city field ``td_loss_basis``); the first is the default.
LOSS_BASES = ("supply", "consumption")


def loss_multiplier(loss_rate: ArrayLike, basis: str = "supply") -> np.ndarray:
    """Energy lost in T&D per unit of energy consumed, from a loss rate on its basis.

    ``supply`` (the default): the rate is a share of the energy supplied to the grid, L / S, as loss
    rates are published — China's 线损率 = 线损电量 / 供电量 = (供电量 − 售电量) / 供电量 (the definition
    of the NBS/NEA electricity statistics), the World Bank indicator EG.ELC.LOSS.ZS "% of output".
    Consumption is what is left, E = S·(1 − r), so the losses that deliver E are L = S·r = E·r/(1 − r), and the multiplier is r/(1 − r).
    ``consumption``: the rate is already losses per unit consumed (a loss factor meant to be applied
    to consumption), so the multiplier is r.

    >>> round(float(loss_multiplier(0.05)), 12)            # 0.05 / 0.95
    0.052631578947
    >>> float(loss_multiplier(0.05, "consumption"))
    0.05
    """
    r = np.asarray(loss_rate, dtype=float)
    if basis == "supply":
        return r / (1.0 - r)
    if basis == "consumption":
        return r
    raise ValueError(f"unknown loss-rate basis {basis!r}: use one of {', '.join(LOSS_BASES)}")


def td_loss_emissions(consumption: ArrayLike, loss_rate: ArrayLike, ef: ArrayLike,
                      basis: str = "supply") -> np.ndarray:
    """Scope-3 emissions of the T&D losses that deliver the city's grid-supplied energy.

    GPC v1.1 §6.6 (and §7.3 for transport): the losses of grid-supplied energy consumed in the city
    are reported in I.x.3 / II.x.3, at the same emission factor as the energy consumed:

        E_T&D = consumption × r/(1 − r) × EF     (basis ``supply``, the default: r = losses / supply)
        E_T&D = consumption × r × EF             (basis ``consumption``: r = losses / consumption)

    See :func:`loss_multiplier`. Example: 100 000 MWh, r = 0.05, EF 0.5 t/MWh → supply basis
    100 000 × 0.05/0.95 × 0.5 = 2 631.578947… t; consumption basis 100 000 × 0.05 × 0.5 = 2 500 t.
    """
    k = loss_multiplier(loss_rate, basis)
    return np.asarray(consumption, dtype=float) * k * np.asarray(ef, dtype=float)
