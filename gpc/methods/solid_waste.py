"""Solid waste disposal (GPC III.1): pure equations.

IPCC 2006 Guidelines, Vol. 5, Ch. 3 (First Order Decay, Eq. 3.1-3.7 and Annex 3A.1) and the
methane commitment method of the GPC (v1.1, Ch. 8, §8.3). Numbers or numpy arrays in, numpy
arrays out; no files, no factor look-up, no units other than the ones stated.

Conventions used throughout
---------------------------
* masses in tonnes (t); DOC, DOCf, MCF, F, OX and recovery fractions as fractions (0-1);
* ``k`` in 1/year;
* a deposit made in year ``D`` and an inventory year ``T``: ``age = T - D``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "CH4_PER_C",
    "doc_from_composition",
    "ddocm_deposited",
    "methane_generation_potential",
    "fod_decomposed",
    "ch4_generated",
    "ch4_emitted",
    "methane_commitment",
]

#: Molecular weight ratio CH4/C (16/12), IPCC 2006 Vol. 5 Eq. 3.6.
CH4_PER_C = 16.0 / 12.0


def _a(x: ArrayLike) -> np.ndarray:
    """``x`` as a float array (so the equations below are typed as array arithmetic)."""
    return np.asarray(x, dtype=float)


def doc_from_composition(fractions: ArrayLike, doc: ArrayLike) -> np.ndarray:
    """Degradable organic carbon of a waste stream from its composition.

    IPCC 2006 Vol. 5 Ch. 3 Eq. 3.7 (``DOC = sum_i DOC_i * W_i``); GPC v1.1 Ch. 8 Eq. 8.1
    (``DOC = 0.15A + 0.2B + 0.4C + 0.43D + 0.24E + 0.15F``: food, garden, paper, wood, textiles and
    F industrial waste, DOC 0.15).

    Parameters
    ----------
    fractions : array (n, c)
        Wet-weight fraction of each of ``c`` components in each of ``n`` streams.
    doc : array (c,) or (n, c)
        DOC of each component, fraction of wet weight (Vol. 5 Ch. 2 Table 2.4).

    Returns
    -------
    ndarray (n,)
        DOC of each stream, fraction of wet weight.
    """
    return np.sum(np.asarray(fractions, dtype=float) * np.asarray(doc, dtype=float), axis=-1)


def ddocm_deposited(mass_t: ArrayLike, doc: ArrayLike, docf: ArrayLike, mcf: ArrayLike) -> np.ndarray:
    """Decomposable degradable organic carbon deposited, DDOCm = W * DOC * DOCf * MCF.

    IPCC 2006 Vol. 5 Ch. 3 Eq. 3.2.

    Parameters
    ----------
    mass_t : array
        Wet mass of waste (or of one component of it) deposited, t.
    doc, docf, mcf : array
        Degradable organic carbon (fraction of wet mass), fraction of DOC that decomposes, methane
        correction factor of the site in the year of deposition.

    Returns
    -------
    ndarray
        DDOCm, t C.
    """
    return _a(mass_t) * _a(doc) * _a(docf) * _a(mcf)


def methane_generation_potential(mcf: ArrayLike, doc: ArrayLike, docf: ArrayLike, f: ArrayLike) -> np.ndarray:
    """Methane generation potential L0 = MCF * DOC * DOCf * F * 16/12 (t CH4 per t waste).

    GPC v1.1 Ch. 8 Eq. 8.4 (methane generation potential), whose DOCf is "assumed 0.6" (the default
    of the methane commitment in gpc; the IPCC 2006 default for first order decay is 0.5, p. 3.13);
    IPCC 2006 Vol. 5 Eq. 3.2 and 3.6 applied to the whole of DDOCm.
    """
    return _a(mcf) * _a(doc) * _a(docf) * _a(f) * CH4_PER_C


def fod_decomposed(
    ddocm: ArrayLike,
    k: ArrayLike,
    deposit_year: ArrayLike,
    year: int | ArrayLike,
    delay_months: float = 6.0,
) -> np.ndarray:
    """DDOCm decomposing in ``year`` out of a deposit made in ``deposit_year`` (first order decay).

    IPCC 2006 Vol. 5 Ch. 3 Eq. 3.4-3.5, with the first-year term of Annex 3A.1 (the IPCC Waste Model).
    Waste is assumed deposited on average on 1 July and starts decaying ``delay_months`` later, in
    month ``M = 7 + delay_months`` counted from 1 January of the deposit year. With
    ``a = (13 - M) / 12 = (6 - delay_months) / 12`` (the part of the deposit year left once decay has
    begun) the amount decomposing is::

        age = year - deposit_year
        age <  0 : 0
        age == 0 : DDOCm * (1 - exp(-k * a))
        age >= 1 : DDOCm * exp(-k * a) * exp(-k * (age - 1)) * (1 - exp(-k))

    With the IPCC default delay of 6 months, ``M = 13``, ``a = 0``: nothing decomposes in the year of
    deposit and the whole deposit enters the accumulated stock on 1 January of the next year, which
    is exactly Eq. 3.4 (``DDOCma_T = DDOCmd_T + DDOCma_{T-1} * e^-k``) and Eq. 3.5
    (``DDOCm decomp_T = DDOCma_{T-1} * (1 - e^-k)``) as printed.

    Parameters
    ----------
    ddocm : array
        DDOCm deposited (Eq. 3.2), any mass unit (the result has the same unit).
    k : array
        Decay rate, 1/year (Vol. 5 Ch. 3 Table 3.3).
    deposit_year : array of int
        Year of deposit.
    year : int or array of int
        Inventory year.
    delay_months : float
        Delay between deposit and the start of decay, 0 to 6 months (IPCC default 6).

    Returns
    -------
    ndarray
        DDOCm decomposed in ``year``.
    """
    if not 0.0 <= delay_months <= 6.0:
        raise ValueError("delay_months must be between 0 and 6 (reaction starts in month 7 to 13)")
    ddocm = np.asarray(ddocm, dtype=float)
    k = np.asarray(k, dtype=float)
    age = np.asarray(year, dtype=float) - np.asarray(deposit_year, dtype=float)
    a = (6.0 - delay_months) / 12.0
    first_year = ddocm * -np.expm1(-k * a)
    later = ddocm * np.exp(-k * a) * np.exp(-k * np.clip(age - 1.0, 0.0, None)) * -np.expm1(-k)
    return np.where(age < 0, 0.0, np.where(age == 0, first_year, later))


def ch4_generated(ddocm_decomposed: ArrayLike, f: ArrayLike) -> np.ndarray:
    """CH4 generated from decomposed DDOCm: ``DDOCm_decomp * F * 16/12``.

    IPCC 2006 Vol. 5 Ch. 3 Eq. 3.6. Mass unit in = mass unit out (t C -> t CH4).
    """
    return np.asarray(ddocm_decomposed, dtype=float) * f * CH4_PER_C


def ch4_emitted(generated: ArrayLike, recovered: ArrayLike, ox: ArrayLike) -> np.ndarray:
    """CH4 emitted from a site: ``(sum of CH4 generated - R) * (1 - OX)``.

    IPCC 2006 Vol. 5 Ch. 3 Eq. 3.1 (for one site and year; ``generated`` already summed over the
    components and deposit years). GPC v1.1 Ch. 8 §8.3 (first order decay).

    Parameters
    ----------
    generated : array
        CH4 generated in the inventory year, t.
    recovered : array
        CH4 recovered (flared or used for energy) in the inventory year, t.
    ox : array
        Oxidation factor (Vol. 5 Ch. 3 Table 3.2).
    """
    return (np.asarray(generated, dtype=float) - recovered) * (1.0 - np.asarray(ox, dtype=float))


def methane_commitment(mass_t: ArrayLike, l0: ArrayLike, recovery_fraction: ArrayLike, ox: ArrayLike) -> np.ndarray:
    """All future CH4 of the waste disposed in the inventory year (GPC methane commitment).

    GPC v1.1 Ch. 8 Eq. 8.3 (methane commitment): ``CH4 = MSW * L0 * (1 - f_rec) * (1 - OX)``, OX
    0.1 for well-managed landfills and 0 for unmanaged ones (the GPC's defaults, used by gpc unless
    the row gives OX or asks for the IPCC 2006 defaults).

    Parameters
    ----------
    mass_t : array
        Wet mass of waste disposed in the inventory year, t.
    l0 : array
        Methane generation potential, t CH4 / t waste (:func:`methane_generation_potential`).
    recovery_fraction : array
        Fraction of the methane generated that is recovered (f_rec).
    ox : array
        Oxidation factor (GPC Eq. 8.3: 0.1 well-managed, 0 unmanaged).

    Returns
    -------
    ndarray
        CH4, t.
    """
    return np.asarray(mass_t, dtype=float) * l0 * (1.0 - np.asarray(recovery_fraction, dtype=float)) * (
        1.0 - np.asarray(ox, dtype=float)
    )
