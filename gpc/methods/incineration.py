"""Incineration and open burning of waste (GPC III.3): pure equations.

IPCC 2006 Guidelines, Vol. 5, Ch. 5, Eq. 5.1-5.2 (CO2 from the carbon in the waste), Eq. 5.4
(CH4) and Eq. 5.5 (N2O); GPC v1.1 Ch. 8 §8.5. Masses in tonnes.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["CO2_PER_C", "co2_by_component", "co2_from_waste_type", "dry_mass", "emission_from_mass"]

#: Molecular weight ratio CO2/C (44/12), IPCC 2006 Vol. 5 Eq. 5.1-5.2.
CO2_PER_C = 44.0 / 12.0


def _a(x: ArrayLike) -> np.ndarray:
    """``x`` as a float array (so the equations below are typed as array arithmetic)."""
    return np.asarray(x, dtype=float)


def co2_by_component(
    mass_t: ArrayLike,
    fractions: ArrayLike,
    dm: ArrayLike,
    cf: ArrayLike,
    fcf: ArrayLike,
    of: ArrayLike,
) -> tuple[np.ndarray, np.ndarray]:
    """Fossil and biogenic CO2 from burning waste, per component.

    IPCC 2006 Vol. 5 Ch. 5 Eq. 5.2 (MSW from its composition)::

        CO2_fossil = MSW * sum_j (WF_j * dm_j * CF_j * FCF_j * OF) * 44/12

    and the same with ``(1 - FCF_j)`` for the biogenic CO2 that is reported separately (Vol. 5
    §5.2.1.1; GPC v1.1 §8.5, CO2(b) outside the totals).

    Parameters
    ----------
    mass_t : array (n,)
        Wet mass of waste burnt, t.
    fractions : array (n, c)
        Wet-weight fraction WF_j of each component.
    dm : array (c,) or (n, c)
        Dry matter content, fraction of wet weight (Table 2.4).
    cf : array (c,) or (n, c)
        Total carbon content, fraction of dry weight (Table 2.4).
    fcf : array (c,) or (n, c)
        Fossil carbon fraction, fraction of total carbon (Table 2.4).
    of : array (n,)
        Oxidation factor (Table 5.2: 1 incineration, 0.58 open burning).

    Returns
    -------
    (ndarray (n, c), ndarray (n, c))
        Fossil CO2 and biogenic CO2, t, per row and component.
    """
    mass = np.asarray(mass_t, dtype=float)[:, None]
    of = np.asarray(of, dtype=float)
    of = of[:, None] if of.ndim == 1 else of
    carbon = mass * np.asarray(fractions, dtype=float) * dm * cf * of * CO2_PER_C
    fcf = np.asarray(fcf, dtype=float)
    return carbon * fcf, carbon * (1.0 - fcf)


def dry_mass(mass_t: ArrayLike, fractions: ArrayLike, dm: ArrayLike) -> np.ndarray:
    """Dry mass of a waste stream: ``MSW * sum_j WF_j * dm_j`` (t).

    Needed where a factor is given per dry tonne (open burning N2O, Vol. 5 Table 5.6).
    """
    return np.asarray(mass_t, dtype=float) * np.sum(np.asarray(fractions, dtype=float) * dm, axis=-1)


def emission_from_mass(mass_t: ArrayLike, ef_g_per_t: ArrayLike) -> np.ndarray:
    """CH4 or N2O from waste burnt: ``sum_i (IW_i * EF_i) * 10^-6``.

    IPCC 2006 Vol. 5 Ch. 5 Eq. 5.4 (CH4) and Eq. 5.5 (N2O). With IW in t and EF in g per t
    (= kg/Gg, the unit of Table 5.3), ``IW * EF * 10^-6`` is t.

    Parameters
    ----------
    mass_t : array
        Waste burnt, t (wet or dry, the basis of the factor).
    ef_g_per_t : array
        Emission factor, g gas / t waste.

    Returns
    -------
    ndarray
        Gas emitted, t.
    """
    return np.asarray(mass_t, dtype=float) * ef_g_per_t * 1e-6


def co2_from_waste_type(
    mass_t: ArrayLike,
    dm: ArrayLike,
    cf: ArrayLike,
    fcf: ArrayLike,
    of: ArrayLike,
) -> tuple[np.ndarray, np.ndarray]:
    """Fossil and biogenic CO2 from burning one waste type (industrial, clinical, sewage sludge ...).

    IPCC 2006 Vol. 5 Ch. 5 Eq. 5.1 for one waste type ``i``::

        CO2_fossil = SW_i * dm_i * CF_i * FCF_i * OF_i * 44/12

    and the same with ``(1 - FCF_i)`` for the biogenic CO2 reported separately. Defaults of CF, FCF
    and OF in Table 5.2 (industrial waste CF 0.5, FCF 0.9; clinical CF 0.6, FCF 0.4; sewage sludge CF
    0.4-0.5, FCF 0; fossil liquid waste CF 0.8 of wet weight, FCF 1; OF 1 for incineration).

    Parameters
    ----------
    mass_t : array (n,)
        Wet mass of waste burnt, SW_i, t.
    dm : array (n,)
        Dry matter content, fraction of wet weight (1 where CF is given per wet weight).
    cf : array (n,)
        Total carbon content, fraction of dry weight.
    fcf : array (n,)
        Fossil carbon fraction of the total carbon.
    of : array (n,)
        Oxidation factor.

    Returns
    -------
    (ndarray (n,), ndarray (n,))
        Fossil CO2 and biogenic CO2, t.
    """
    carbon = _a(mass_t) * _a(dm) * _a(cf) * _a(of) * CO2_PER_C
    fcf = np.asarray(fcf, dtype=float)
    return carbon * fcf, carbon * (1.0 - fcf)
