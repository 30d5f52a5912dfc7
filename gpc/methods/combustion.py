"""Fuel combustion (GPC ch. 6 and 7; IPCC 2006 Vol. 2 Ch. 1–3).

All functions are vectorised: they take floats or numpy arrays and return the same.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

#: Molecular-weight ratio of CO2 to C (44.010 / 12.011 rounded as IPCC uses it: 44/12).
CO2_PER_C = 44.0 / 12.0


def energy_from_mass(mass_t: ArrayLike, ncv_gj_per_t: ArrayLike) -> np.ndarray:
    """Energy of a fuel from its mass: E [GJ] = m [t] × NCV [GJ/t].

    IPCC 2006 Vol. 2 Ch. 1 §1.4.1.2 (conversion to energy units with net calorific values, Table 1.2;
    TJ/Gg = GJ/t).
    """
    return np.asarray(mass_t, dtype=float) * np.asarray(ncv_gj_per_t, dtype=float)


def mass_from_volume(volume_m3: ArrayLike, density_t_per_m3: ArrayLike) -> np.ndarray:
    """Mass of a fuel from its volume: m [t] = V [m3] × ρ [t/m3] (= kg/L)."""
    return np.asarray(volume_m3, dtype=float) * np.asarray(density_t_per_m3, dtype=float)


def co2_factor_from_carbon(carbon_kg_per_gj: ArrayLike, oxidation: ArrayLike = 1.0) -> np.ndarray:
    """CO2 emission factor from carbon content: EF [kg CO2/GJ] = CC [kg C/GJ] × OF × 44/12.

    IPCC 2006 Vol. 2 Ch. 1 §1.4.2.1 and Table 1.4 (which assumes OF = 1); GB/T 32150/32151 and
    China's national guidelines use the same form with their own oxidation rates.
    """
    return np.asarray(carbon_kg_per_gj, dtype=float) * np.asarray(oxidation, dtype=float) * CO2_PER_C


def combustion_emissions(energy_gj: ArrayLike, ef_t_per_gj: ArrayLike) -> np.ndarray:
    """Emissions of one gas from fuel combustion, Tier 1.

    Emissions [t] = Fuel consumed [GJ] × EF [t gas/GJ] — IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1 (stationary),
    Ch. 3 Eq. 3.2.1 (road, fuel-based), Eq. 3.3.1 (off-road), Eq. 3.4.1 (rail), Eq. 3.5.1 (waterborne),
    Eq. 3.6.1 (aviation); GPC ch. 6.3 and 7.3.
    """
    return np.asarray(energy_gj, dtype=float) * np.asarray(ef_t_per_gj, dtype=float)


def activity_emissions(activity: ArrayLike, factor: ArrayLike) -> np.ndarray:
    """Emissions from an activity amount and a factor in matching units: E = A × EF.

    The generic Tier 1 form of IPCC 2006 (Vol. 1 Ch. 1 Eq. 1.1) used for user factors given per mass
    or volume, grid energy (GPC ch. 6.5) and single-factor processes.
    """
    return np.asarray(activity, dtype=float) * np.asarray(factor, dtype=float)
