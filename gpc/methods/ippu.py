"""Industrial processes and product use, Tier 1 (GPC ch. 9; IPCC 2006 Vol. 3).

Pure, vectorised equations: numbers or numpy arrays in, numpy arrays out. Masses are in tonnes unless a
name says otherwise; factors are in tonnes of gas (or of carbon) per tonne of activity. Single-factor
activities (``clinker_production``, ``lime_production`` …) need no function here: the engine multiplies
them with ``process_factors.csv``. These functions serve the ``ippu`` and ``refrigerants`` sheets, where
the user gives parameters of their own.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

#: t CO2 per t C (IPCC 2006 uses 44/12).
CO2_PER_C = 44.0 / 12.0
#: t CO2 per t CaO from CaCO3 (44.01 / 56.08), IPCC 2006 Vol. 3 Table 2.4.
CO2_PER_CAO = 0.785


def _a(x: ArrayLike) -> np.ndarray:
    return np.asarray(x, dtype="float64")


def cement_co2(cement_t: ArrayLike, clinker_fraction: ArrayLike, clinker_imports_t: ArrayLike = 0.0,
               clinker_exports_t: ArrayLike = 0.0, ef_clinker: ArrayLike = 0.52) -> np.ndarray:
    """CO2 from cement production, Tier 1 (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1).

    ``CO2 = (Mc × Ccl − Im + Ex) × EFclc``: the clinker in the cement produced, less clinker imported for
    cement, plus clinker exported, times the clinker emission factor (0.52 t CO2/t clinker by default,
    which includes the 2% cement-kiln-dust correction, Eq. 2.4).
    A clinker factor of the user's own is passed here already multiplied by CFckd (Eq. 2.2, see
    :func:`clinker_ef_with_ckd`).
    """
    clinker = _a(cement_t) * _a(clinker_fraction) - _a(clinker_imports_t) + _a(clinker_exports_t)
    return clinker * _a(ef_clinker)


def clinker_ef_from_cao(cao_fraction: ArrayLike, ckd_correction: ArrayLike = 1.02) -> np.ndarray:
    """Clinker emission factor from its CaO content (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.4 and Eq. 2.2).

    ``EFclc = CaO fraction × 0.785 × CFckd``; 0.65 × 0.785 × 1.02 = 0.52 is the Tier 1 default.
    """
    return _a(cao_fraction) * CO2_PER_CAO * _a(ckd_correction)


def clinker_ef_with_ckd(ef_clinker: ArrayLike, ckd_correction: ArrayLike = 1.02) -> np.ndarray:
    """Clinker emission factor corrected for cement kiln dust (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.2).

    ``CO2 = Mcl × EFcl × CFckd``: Eq. 2.2 multiplies the clinker factor by the CKD correction (default
    1.02, Sec. 2.2.1.2, EFDB 213927). gpc applies it to a factor the user gives (``ef``) as printed; a
    factor that already includes CKD is entered with ``ckd_correction = 1`` (or ``ef_includes_ckd = yes``).
    Example: 1000 t clinker × 0.52 × 1.02 = 530.4 t CO2.
    """
    return _a(ef_clinker) * _a(ckd_correction)


def clinker_co2(clinker_t: ArrayLike, ef_clinker: ArrayLike = 0.52) -> np.ndarray:
    """CO2 from clinker production (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1/2.2): ``CO2 = Mcl × EFclc``."""
    return _a(clinker_t) * _a(ef_clinker)


def lime_co2(lime_t: ArrayLike, ef_lime: ArrayLike, hydrated_fraction: ArrayLike = 0.0,
             water_content: ArrayLike = 0.28) -> np.ndarray:
    """CO2 from lime production with the hydrated-lime correction only (IPCC 2006 Vol. 3 Ch. 2).

    ``CO2 = Ml × EFlime × (1 − x × y)`` where x is the fraction of hydrated lime and y its water content
    (0.28 by default); x = 0 gives the Tier 1 equation ``CO2 = Ml × EFlime``. This is gpc's earlier reading
    of the Tier 2 route (no lime-kiln-dust correction); the ``ippu`` sheet reaches it with
    ``lkd_correction = 1``. The Tier 2 equation as printed is :func:`lime_co2_tier2`.
    """
    return _a(lime_t) * _a(ef_lime) * (1.0 - _a(hydrated_fraction) * _a(water_content))


def lime_co2_tier2(lime_t: ArrayLike, ef_lime: ArrayLike, lkd_correction: ArrayLike = 1.02,
                   hydrated_fraction: ArrayLike = 0.10, water_content: ArrayLike = 0.28) -> np.ndarray:
    """CO2 from lime production, Tier 2 (IPCC 2006 Vol. 3 Ch. 2 Sec. 2.3.1.1, Eq. 2.6 as numbered by the EFDB).

    ``CO2 = Σ EFlime,i × Ml,i × CFlkd,i × Ch,i``: both corrections apply together — the lime kiln dust
    correction CFlkd (default 1.02, EFDB 213929) and the hydrated-lime correction ``Ch = 1 − x × y``
    (defaults x = 0.10 hydrated share and y = 0.28 water content, i.e. Ch = 0.972; EFDB 27515/27516/23035).
    Example: 1000 t × 0.75 × 1.02 × (1 − 0.10 × 0.28) = 743.58 t CO2.
    """
    return (_a(lime_t) * _a(ef_lime) * _a(lkd_correction)
            * (1.0 - _a(hydrated_fraction) * _a(water_content)))


def glass_co2(glass_t: ArrayLike, ef_glass: ArrayLike = 0.20, cullet_ratio: ArrayLike = 0.50) -> np.ndarray:
    """CO2 from glass production (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.10 / 2.11): ``CO2 = Mg × EF × (1 − CR)``."""
    return _a(glass_t) * _a(ef_glass) * (1.0 - _a(cullet_ratio))


def carbonate_co2(carbonate_t: ArrayLike, ef_carbonate: ArrayLike, calcination_fraction: ArrayLike = 1.0) -> np.ndarray:
    """CO2 from other process uses of carbonates (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.14 / 2.15).

    ``CO2 = Mi × EFi × Fi`` with EFi from Table 2.1 (stoichiometric) and Fi the fraction calcined.
    """
    return _a(carbonate_t) * _a(ef_carbonate) * _a(calcination_fraction)


def ammonia_co2(ammonia_t: ArrayLike, ef_ammonia: ArrayLike, co2_recovered_t: ArrayLike = 0.0) -> np.ndarray:
    """CO2 from ammonia production (IPCC 2006 Vol. 3 Ch. 3 Eq. 3.1).

    ``CO2 = AP × EF − R``, EF = FR × CCF × COF × 44/12 (Table 3.1 prints the product), R = CO2 recovered
    for downstream use (urea).
    """
    return _a(ammonia_t) * _a(ef_ammonia) - _a(co2_recovered_t)


def non_energy_product_co2(energy_gj: ArrayLike, carbon_kg_per_gj: ArrayLike = 20.0, odu: ArrayLike = 0.2) -> np.ndarray:
    """CO2 in t from lubricant or paraffin-wax use (IPCC 2006 Vol. 3 Ch. 5 Eq. 5.2 / 5.4).

    ``CO2 = LC × CC × ODU × 44/12`` with LC in GJ and CC in kg C/GJ (result converted from kg to t).
    """
    return _a(energy_gj) * _a(carbon_kg_per_gj) / 1000.0 * _a(odu) * CO2_PER_C


def sf6_manufacturing_t(sf6_consumed_t: ArrayLike, ef_manufacturing: ArrayLike) -> np.ndarray:
    """SF6 emitted by equipment manufacturers: ``manufacturing EF × total SF6 consumed by manufacturers``
    (IPCC 2006 Vol. 3 Ch. 8 Sec. 8.2.2.1, Tier 1 default-emission-factor method; Tables 8.2/8.3)."""
    return _a(sf6_consumed_t) * _a(ef_manufacturing)


def sf6_installation_t(new_capacity_t: ArrayLike, ef_installation: ArrayLike) -> np.ndarray:
    """SF6 emitted at installation: ``installation EF × nameplate capacity of new equipment filled on site``
    (IPCC 2006 Vol. 3 Ch. 8, Tier 1)."""
    return _a(new_capacity_t) * _a(ef_installation)


def sf6_use_t(installed_capacity_t: ArrayLike, ef_use: ArrayLike) -> np.ndarray:
    """SF6 emitted in use (leaks, servicing): ``use EF × nameplate capacity of installed equipment``
    (IPCC 2006 Vol. 3 Ch. 8, Tier 1; use EF per year, Tables 8.2/8.3)."""
    return _a(installed_capacity_t) * _a(ef_use)


def sf6_disposal_t(retired_capacity_t: ArrayLike, fraction_remaining: ArrayLike, recovery: ArrayLike = 0.0) -> np.ndarray:
    """SF6 emitted at disposal: ``nameplate capacity of retiring equipment × fraction of SF6 remaining at
    retirement × (1 − fraction recovered)`` (IPCC 2006 Vol. 3 Ch. 8, Tier 1; fraction remaining 0.93–0.95,
    Tables 8.2/8.3). Example: 1000 kg retired × 0.95 × (1 − 0) = 950 kg SF6.
    """
    return _a(retired_capacity_t) * _a(fraction_remaining) * (1.0 - _a(recovery))


def sf6_electrical_t(sf6_consumed_t: ArrayLike, ef_manufacturing: ArrayLike, new_capacity_t: ArrayLike,
                     ef_installation: ArrayLike, installed_capacity_t: ArrayLike, ef_use: ArrayLike,
                     retired_capacity_t: ArrayLike, fraction_remaining: ArrayLike,
                     recovery: ArrayLike = 0.0) -> np.ndarray:
    """SF6 from electrical equipment, Tier 1 default-emission-factor method (IPCC 2006 Vol. 3 Ch. 8
    Sec. 8.2.2.1; Eq. 8.1 in the EFDB's numbering): ``total = manufacturing + installation + use + disposal``.
    """
    return (sf6_manufacturing_t(sf6_consumed_t, ef_manufacturing) + sf6_installation_t(new_capacity_t, ef_installation)
            + sf6_use_t(installed_capacity_t, ef_use) + sf6_disposal_t(retired_capacity_t, fraction_remaining, recovery))


def refrigerant_bank_emissions(bank_t: ArrayLike, leak_rate: ArrayLike, new_charge_t: ArrayLike = 0.0,
                               initial_loss: ArrayLike = 0.0, retired_charge_t: ArrayLike = 0.0,
                               recovery: ArrayLike = 0.0) -> np.ndarray:
    """HFC emissions from refrigeration and air conditioning by the emission-factor approach
    (IPCC 2006 Vol. 3 Ch. 7 Eq. 7.10, 7.12, 7.13, 7.14).

    ``E = bank × x + new charge × k + charge remaining in retired equipment × (1 − ηrec)``: operation
    (leakage and servicing), first fill, and disposal.
    """
    return (_a(bank_t) * _a(leak_rate) + _a(new_charge_t) * _a(initial_loss)
            + _a(retired_charge_t) * (1.0 - _a(recovery)))


def refrigerant_sales_emissions(sales_t: ArrayLike, new_charge_t: ArrayLike, retired_charge_t: ArrayLike) -> np.ndarray:
    """HFC emissions by mass balance (IPCC 2006 Vol. 3 Ch. 7 Eq. 7.9).

    ``E = annual sales of new refrigerant − total charge of new equipment + original charge of retiring
    equipment``.
    """
    return _a(sales_t) - _a(new_charge_t) + _a(retired_charge_t)
