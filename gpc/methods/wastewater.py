"""Wastewater treatment and discharge (GPC III.4): pure equations.

IPCC 2006 Guidelines, Vol. 5, Ch. 6: domestic CH4 (Eq. 6.1-6.3), industrial CH4 (Eq. 6.4-6.6),
N2O from effluent (Eq. 6.7-6.8) and from advanced centralised plants (Box 6.1, Eq. 6.9);
GPC v1.1 Ch. 8 §8.6. Units are those of the IPCC equations: kg per year.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "N2O_PER_N",
    "tow_domestic",
    "tow_industrial",
    "ch4_wastewater",
    "nitrogen_effluent",
    "n2o_effluent",
    "n2o_plants",
]

#: Molecular weight ratio N2O/N2 (44/28), IPCC 2006 Vol. 5 Eq. 6.7.
N2O_PER_N = 44.0 / 28.0


def _a(x: ArrayLike) -> np.ndarray:
    """``x`` as a float array (so the equations below are typed as array arithmetic)."""
    return np.asarray(x, dtype=float)


def tow_domestic(population: ArrayLike, bod_g_per_person_day: ArrayLike, i_factor: ArrayLike) -> np.ndarray:
    """Total organics in domestic wastewater, ``TOW = P * BOD * 0.001 * I * 365`` (kg BOD/yr).

    IPCC 2006 Vol. 5 Ch. 6 Eq. 6.3.

    Parameters
    ----------
    population : array
        People whose wastewater follows the pathway.
    bod_g_per_person_day : array
        Per-capita BOD, g/person/day (Table 6.4).
    i_factor : array
        Correction for industrial BOD co-discharged in sewers (1.25 collected, 1.00 uncollected).
    """
    return _a(population) * _a(bod_g_per_person_day) * 0.001 * _a(i_factor) * 365.0


def tow_industrial(production_t: ArrayLike, wastewater_m3_per_t: ArrayLike, cod_kg_per_m3: ArrayLike) -> np.ndarray:
    """Total organically degradable material in industrial wastewater, ``TOW = P * W * COD`` (kg COD/yr).

    IPCC 2006 Vol. 5 Ch. 6 Eq. 6.6.
    """
    return _a(production_t) * _a(wastewater_m3_per_t) * _a(cod_kg_per_m3)


def ch4_wastewater(
    tow_kg: ArrayLike,
    sludge_kg: ArrayLike,
    bo: ArrayLike,
    mcf: ArrayLike,
    recovered_kg: ArrayLike,
) -> np.ndarray:
    """CH4 from one treatment or discharge pathway: ``(TOW - S) * Bo * MCF - R`` (kg CH4/yr).

    IPCC 2006 Vol. 5 Ch. 6 Eq. 6.1 with Eq. 6.2 (``EF_j = Bo * MCF_j``) for domestic wastewater
    (one income group and pathway per row, so ``U_i * T_ij`` is the row's share of TOW), and
    Eq. 6.4-6.5 for industrial wastewater (Bo per kg COD).

    Parameters
    ----------
    tow_kg : array
        Organics in the wastewater, kg BOD (domestic) or kg COD (industrial) per year.
    sludge_kg : array
        Organics removed as sludge, S, same unit as ``tow_kg``.
    bo : array
        Maximum CH4 producing capacity, kg CH4 / kg BOD or COD.
    mcf : array
        Methane correction factor of the pathway (Tables 6.3 and 6.8).
    recovered_kg : array
        CH4 recovered, kg/yr.
    """
    return (_a(tow_kg) - _a(sludge_kg)) * _a(bo) * _a(mcf) - _a(recovered_kg)


def nitrogen_effluent(
    population: ArrayLike,
    protein_kg_per_person_year: ArrayLike,
    f_npr: ArrayLike,
    f_non_con: ArrayLike,
    f_ind_com: ArrayLike,
    n_sludge_kg: ArrayLike,
) -> np.ndarray:
    """Nitrogen in effluent, ``N = P * Protein * F_NPR * F_NON-CON * F_IND-COM - N_SLUDGE`` (kg N/yr).

    IPCC 2006 Vol. 5 Ch. 6 Eq. 6.8; GPC v1.1 Ch. 8 §8.6. ``P`` is the population whatever its
    pathway: the equation applies F_IND-COM (Table 6.11: 1.25) to the whole population, so a city
    split into sewered and unsewered rows sums to the one-row result with the same factor on each.

    Parameters
    ----------
    population : array
        People (P).
    protein_kg_per_person_year : array
        Annual per-capita protein consumption, kg/person/yr.
    f_npr : array
        Fraction of nitrogen in protein, kg N/kg protein (Table 6.11: 0.16).
    f_non_con : array
        Factor for non-consumed protein added to the wastewater (Table 6.11: 1.1; 1.4 with garbage
        disposals).
    f_ind_com : array
        Factor for industrial and commercial co-discharged protein (Table 6.11: 1.25).
    n_sludge_kg : array
        Nitrogen removed with sludge, kg N/yr.
    """
    return (
        _a(population) * _a(protein_kg_per_person_year) * _a(f_npr) * _a(f_non_con) * _a(f_ind_com)
        - _a(n_sludge_kg)
    )


def n2o_effluent(n_effluent_kg: ArrayLike, ef_kg_n2o_n_per_kg_n: ArrayLike) -> np.ndarray:
    """N2O from wastewater effluent, ``N_EFFLUENT * EF_EFFLUENT * 44/28`` (kg N2O/yr).

    IPCC 2006 Vol. 5 Ch. 6 Eq. 6.7.
    """
    return _a(n_effluent_kg) * _a(ef_kg_n2o_n_per_kg_n) * N2O_PER_N


def n2o_plants(
    population: ArrayLike,
    t_plant: ArrayLike,
    f_ind_com: ArrayLike,
    ef_g_per_person_year: ArrayLike,
) -> np.ndarray:
    """N2O from advanced centralised treatment plants, ``P * T_PLANT * F_IND-COM * EF_PLANT`` (kg N2O/yr).

    IPCC 2006 Vol. 5 Ch. 6 Box 6.1 (Eq. 6.9). EF_PLANT is in g N2O/person/year, so the product is
    multiplied by 10^-3 to give kg. The nitrogen in these emissions (``N2O * 28/44``) is to be
    subtracted from the effluent nitrogen of Eq. 6.8 (Box 6.1).
    """
    return _a(population) * _a(t_plant) * _a(f_ind_com) * _a(ef_g_per_person_year) * 1e-3
