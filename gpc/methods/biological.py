"""Biological treatment of solid waste (GPC III.2): pure equations.

IPCC 2006 Guidelines, Vol. 5, Ch. 4, Eq. 4.1-4.2 (Tier 1 with the default factors of Table 4.1);
GPC v1.1 Ch. 8 §8.4. Masses in tonnes, emission factors in g of gas per kg of waste treated (= kg/t).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["ch4_biological", "n2o_biological"]


def ch4_biological(mass_t: ArrayLike, ef_g_per_kg: ArrayLike, recovered_t: ArrayLike = 0.0) -> np.ndarray:
    """CH4 from composting or anaerobic digestion: ``sum_i(M_i * EF_i) * 10^-3 - R``.

    IPCC 2006 Vol. 5 Ch. 4 Eq. 4.1. With M in t and EF in g/kg (= kg/t), ``M * EF`` is kg and
    ``* 10^-3`` gives t, the unit of R.

    Parameters
    ----------
    mass_t : array
        Waste treated, t (wet or dry, the basis of ``ef_g_per_kg``).
    ef_g_per_kg : array
        CH4 emission factor, g CH4 / kg waste treated (Table 4.1).
    recovered_t : array
        CH4 recovered (flared or used) in the inventory year, t.

    Returns
    -------
    ndarray
        CH4 emitted, t.
    """
    return np.asarray(mass_t, dtype=float) * ef_g_per_kg * 1e-3 - np.asarray(recovered_t, dtype=float)


def n2o_biological(mass_t: ArrayLike, ef_g_per_kg: ArrayLike) -> np.ndarray:
    """N2O from composting or anaerobic digestion: ``sum_i(M_i * EF_i) * 10^-3``.

    IPCC 2006 Vol. 5 Ch. 4 Eq. 4.2.

    Parameters
    ----------
    mass_t : array
        Waste treated, t.
    ef_g_per_kg : array
        N2O emission factor, g N2O / kg waste treated (Table 4.1).

    Returns
    -------
    ndarray
        N2O emitted, t.
    """
    return np.asarray(mass_t, dtype=float) * ef_g_per_kg * 1e-3
