"""Agriculture, forestry and other land use, Tier 1 (GPC ch. 10; IPCC 2006 Vol. 4).

Pure, vectorised equations: numbers or numpy arrays in, numpy arrays out. Single-factor activities
(``urea_application``, ``synthetic_fertilizer_n`` …) need no function here: the engine multiplies them with
``process_factors.csv``. These functions serve the ``livestock``, ``rice`` and ``land_use`` sheets.
Removals come out as negative CO2.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

#: t CO2 per t C.
CO2_PER_C = 44.0 / 12.0
#: t N2O per t N2O-N.
N2O_PER_N = 44.0 / 28.0


def _a(x: ArrayLike) -> np.ndarray:
    return np.asarray(x, dtype="float64")


# ---------------------------------------------------------------- livestock (Vol. 4 Ch. 10)
def head_emissions_t(heads: ArrayLike, ef_kg_per_head_year: ArrayLike) -> np.ndarray:
    """CH4 in t from enteric fermentation or manure management, Tier 1.

    ``E = N × EF / 1000`` (IPCC 2006 Vol. 4 Ch. 10 Eq. 10.19 enteric, Eq. 10.22 manure; kg → t).
    """
    return _a(heads) * _a(ef_kg_per_head_year) / 1000.0


def n_excretion_per_head(n_rate_kg_per_t_day: ArrayLike, typical_mass_kg: ArrayLike) -> np.ndarray:
    """Annual N excretion per head in kg N (IPCC 2006 Vol. 4 Ch. 10 Eq. 10.30).

    ``Nex = Nrate × TAM / 1000 × 365`` with Nrate in kg N per 1000 kg animal mass per day.
    """
    return _a(n_rate_kg_per_t_day) * _a(typical_mass_kg) / 1000.0 * 365.0


def manure_n_managed_t(heads: ArrayLike, nex_kg_per_head: ArrayLike, ms_fraction: ArrayLike) -> np.ndarray:
    """N in t handled by one manure management system: ``N × Nex × MS / 1000`` (the inner term of Eq. 10.25)."""
    return _a(heads) * _a(nex_kg_per_head) * _a(ms_fraction) / 1000.0


def manure_n2o_direct_t(n_managed_t: ArrayLike, ef3: ArrayLike) -> np.ndarray:
    """Direct N2O in t from manure management (IPCC 2006 Vol. 4 Ch. 10 Eq. 10.25): ``N × EF3 × 44/28``."""
    return _a(n_managed_t) * _a(ef3) * N2O_PER_N


def manure_n2o_volatilisation_t(n_managed_t: ArrayLike, frac_gas_ms: ArrayLike, ef4: ArrayLike = 0.01) -> np.ndarray:
    """Indirect N2O in t from volatilisation of managed manure N (IPCC 2006 Vol. 4 Ch. 10 Eq. 10.26-10.27).

    ``N2O = N × FracGasMS × EF4 × 44/28``.
    """
    return _a(n_managed_t) * _a(frac_gas_ms) * _a(ef4) * N2O_PER_N


def manure_n2o_leaching_t(n_managed_t: ArrayLike, frac_leach_ms: ArrayLike, ef5: ArrayLike = 0.0075) -> np.ndarray:
    """Indirect N2O in t from leaching and runoff of managed manure N (IPCC 2006 Vol. 4 Ch. 10 Eq. 10.28-10.29).

    ``N2O = N × FracLeachMS × EF5 × 44/28``.
    """
    return _a(n_managed_t) * _a(frac_leach_ms) * _a(ef5) * N2O_PER_N


def manure_n_available_t(n_managed_t: ArrayLike, frac_loss_ms: ArrayLike) -> np.ndarray:
    """Managed manure N in t available for application to soils, from one system (IPCC 2006 Vol. 4 Ch. 10
    Eq. 10.34, without bedding N): ``N × Nex × MS × (1 − FracLossMS)``, FracLossMS from Table 10.23."""
    return _a(n_managed_t) * (1.0 - _a(frac_loss_ms))


def manure_applied_n_t(n_available_t: ArrayLike, share_applied: ArrayLike = 1.0) -> np.ndarray:
    """F_AM in t N, managed manure N applied to soils (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.4):
    ``N_MMS_Avb × [1 − (FracFEED + FracFUEL + FracCNST)]``; ``share_applied`` is the bracket (1 in Tier 1,
    all available manure N applied)."""
    return _a(n_available_t) * _a(share_applied)


def soil_n2o_direct_t(n_applied_t: ArrayLike, ef1: ArrayLike = 0.01) -> np.ndarray:
    """Direct N2O in t from N applied to managed soils (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.1): ``F × EF1 × 44/28``."""
    return _a(n_applied_t) * _a(ef1) * N2O_PER_N


def soil_n2o_volatilisation_t(n_applied_t: ArrayLike, frac_gas: ArrayLike = 0.20, ef4: ArrayLike = 0.01) -> np.ndarray:
    """Indirect N2O in t from volatilisation of N applied to soils (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.9):
    ``F_AM × FracGASM (0.20) × EF4 (0.01) × 44/28`` for organic N."""
    return _a(n_applied_t) * _a(frac_gas) * _a(ef4) * N2O_PER_N


def soil_n2o_leaching_t(n_applied_t: ArrayLike, frac_leach: ArrayLike = 0.30, ef5: ArrayLike = 0.0075) -> np.ndarray:
    """Indirect N2O in t from leaching and runoff of N applied to soils (IPCC 2006 Vol. 4 Ch. 11 Eq. 11.10):
    ``F × FracLEACH (0.30) × EF5 (0.0075) × 44/28``."""
    return _a(n_applied_t) * _a(frac_leach) * _a(ef5) * N2O_PER_N


# ---------------------------------------------------------------- rice (Vol. 4 Ch. 5)
def rice_organic_scaling(amendment_t_per_ha: ArrayLike, cfoa: ArrayLike) -> np.ndarray:
    """Scaling factor for organic amendments (IPCC 2006 Vol. 4 Ch. 5 Eq. 5.3).

    ``SFo = (1 + Σi ROAi × CFOAi)^0.59``; ``amendment_t_per_ha`` and ``cfoa`` are (rows × amendment types);
    ROA is dry weight for straw and fresh weight for the others (t/ha).
    """
    roa = np.atleast_2d(_a(amendment_t_per_ha))
    return (1.0 + (roa * np.atleast_2d(_a(cfoa))).sum(axis=1)) ** 0.59


def rice_daily_ef(efc: ArrayLike, sfw: ArrayLike, sfp: ArrayLike, sfo: ArrayLike, sfs_r: ArrayLike = 1.0) -> np.ndarray:
    """Adjusted daily CH4 emission factor in kg/ha/day (IPCC 2006 Vol. 4 Ch. 5 Eq. 5.2).

    ``EFi = EFc × SFw × SFp × SFo × SFs,r``.
    """
    return _a(efc) * _a(sfw) * _a(sfp) * _a(sfo) * _a(sfs_r)


def rice_ch4_t(ef_kg_per_ha_day: ArrayLike, days: ArrayLike, area_ha: ArrayLike) -> np.ndarray:
    """CH4 in t from rice cultivation (IPCC 2006 Vol. 4 Ch. 5 Eq. 5.1): ``Σ EFi × ti × Ai × 10^-3``."""
    return _a(ef_kg_per_ha_day) * _a(days) * _a(area_ha) / 1000.0


# ---------------------------------------------------------------- land (Vol. 4 Ch. 2)
def biomass_growth_c(area_ha: ArrayLike, growth_t_dm: ArrayLike, root_shoot: ArrayLike, carbon_fraction: ArrayLike) -> np.ndarray:
    """Annual increase in biomass carbon in t C (IPCC 2006 Vol. 4 Ch. 2 Eq. 2.9 and 2.10).

    ``ΔCG = A × GW × (1 + R) × CF`` with GW the above-ground growth in t dry matter/ha/yr.
    """
    return _a(area_ha) * _a(growth_t_dm) * (1.0 + _a(root_shoot)) * _a(carbon_fraction)


def wood_removal_loss_c(volume_m3: ArrayLike, bcef_r: ArrayLike, root_shoot: ArrayLike, carbon_fraction: ArrayLike) -> np.ndarray:
    """Carbon loss in t C from wood or fuelwood removals (IPCC 2006 Vol. 4 Ch. 2 Eq. 2.12 / 2.13).

    ``L = H × BCEFR × (1 + R) × CF`` with H in m3 and BCEFR in t dry matter per m3 removed.
    """
    return _a(volume_m3) * _a(bcef_r) * (1.0 + _a(root_shoot)) * _a(carbon_fraction)


def disturbance_loss_c(area_ha: ArrayLike, biomass_t_dm: ArrayLike, root_shoot: ArrayLike, carbon_fraction: ArrayLike,
                       fraction_lost: ArrayLike = 1.0) -> np.ndarray:
    """Carbon loss in t C from disturbances (IPCC 2006 Vol. 4 Ch. 2 Eq. 2.14).

    ``L = Adisturbance × BW × (1 + R) × CF × fd`` with BW the above-ground biomass in t dry matter/ha.
    """
    return _a(area_ha) * _a(biomass_t_dm) * (1.0 + _a(root_shoot)) * _a(carbon_fraction) * _a(fraction_lost)


def conversion_change_c(area_ha: ArrayLike, carbon_after_t_per_ha: ArrayLike, carbon_before_t_per_ha: ArrayLike) -> np.ndarray:
    """Biomass carbon change in t C in the year of a land-use conversion (IPCC 2006 Vol. 4 Ch. 2 Eq. 2.16).

    ``ΔCconversion = Σ (Bafter − Bbefore) × ΔA`` with B in t C/ha (the equation's B × CF).
    """
    return _a(area_ha) * (_a(carbon_after_t_per_ha) - _a(carbon_before_t_per_ha))


def soil_carbon_change_c(area_ha: ArrayLike, soc_after_t_per_ha: ArrayLike, soc_before_t_per_ha: ArrayLike,
                         transition_years: ArrayLike = 20.0) -> np.ndarray:
    """Annual change in mineral-soil organic carbon in t C (IPCC 2006 Vol. 4 Ch. 2 Eq. 2.25, Tier 1).

    ``ΔCMineral = (SOC0 − SOC(0−T)) / D × A`` with D = 20 years by default.
    """
    return _a(area_ha) * (_a(soc_after_t_per_ha) - _a(soc_before_t_per_ha)) / _a(transition_years)


def carbon_change_to_co2(delta_c_t: ArrayLike) -> np.ndarray:
    """CO2 in t from a carbon stock change in t C: ``CO2 = −ΔC × 44/12`` (gains are removals, negative)."""
    return -_a(delta_c_t) * CO2_PER_C
