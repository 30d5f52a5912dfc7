"""Solid waste disposal equations (gpc.methods.solid_waste) against hand calculations.

Every expected number is worked out here from IPCC 2006 Vol. 5 Ch. 3 (Eq. 3.1-3.6, Annex 3A.1) and the
GPC methane commitment equation, year by year, never copied from program output.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gpc.methods import solid_waste as sw


def test_ddocm_and_l0():
    # Eq. 3.2: DDOCm = W * DOC * DOCf * MCF = 1000 t * 0.15 * 0.5 * 1.0
    assert sw.ddocm_deposited(1000.0, 0.15, 0.5, 1.0) == pytest.approx(75.0)
    # L0 = MCF * DOC * DOCf * F * 16/12 = 0.8 * 0.40 * 0.5 * 0.5 * 16/12
    assert sw.methane_generation_potential(0.8, 0.40, 0.5, 0.5) == pytest.approx(0.8 * 0.40 * 0.5 * 0.5 * 16 / 12)


def test_doc_from_composition():
    # Eq. 3.7: 0.5 food * 0.15 + 0.2 paper * 0.40 + 0.3 plastics * 0
    assert sw.doc_from_composition([[0.5, 0.2, 0.3]], [0.15, 0.40, 0.0])[0] == pytest.approx(0.5 * 0.15 + 0.2 * 0.40)


def test_fod_history_year_by_year():
    """Three deposits of food waste, inventory year 2022, the IPCC default 6-month delay.

    Eq. 3.4: DDOCma_T = DDOCmd_T + DDOCma_{T-1} e^-k; Eq. 3.5: decomposed_T = DDOCma_{T-1} (1 - e^-k).
    """
    k = 0.185  # food, boreal/temperate wet (Table 3.3)
    deposits = {2019: 1000.0, 2020: 1200.0, 2021: 1100.0}
    ddocmd = {y: w * 0.15 * 0.5 * 1.0 for y, w in deposits.items()}  # DOC 0.15, DOCf 0.5, MCF 1
    # accumulated DDOCm at the end of each year, written out
    a2018 = 0.0
    a2019 = ddocmd[2019] + a2018 * math.exp(-k)
    a2020 = ddocmd[2020] + a2019 * math.exp(-k)
    a2021 = ddocmd[2021] + a2020 * math.exp(-k)
    decomposed_2022 = a2021 * (1 - math.exp(-k))
    expected_ch4 = decomposed_2022 * 0.5 * 16 / 12  # Eq. 3.6, F = 0.5

    years = np.array(list(deposits))
    dd = np.array([ddocmd[y] for y in years])
    got = sw.ch4_generated(sw.fod_decomposed(dd, k, years, 2022), 0.5).sum()
    assert got == pytest.approx(expected_ch4, rel=1e-12)

    # the same history seen from 2020: only the 2019 deposit decays, for its first year
    got_2020 = sw.fod_decomposed(dd, k, years, 2020)
    assert got_2020 == pytest.approx([ddocmd[2019] * (1 - math.exp(-k)), 0.0, 0.0])


def test_fod_nothing_decays_in_the_year_of_deposit_with_default_delay():
    assert sw.fod_decomposed(100.0, 0.4, 2023, 2023) == 0.0
    assert sw.fod_decomposed(100.0, 0.4, 2024, 2023) == 0.0  # future deposit


def test_fod_shorter_delay_first_year_term():
    """Annex 3A.1 with delay 0: M = 7, a = (13 - 7) / 12 = 0.5 year of decay in the deposit year."""
    k, dd = 0.1, 200.0
    first = dd * (1 - math.exp(-k * 0.5))
    remaining = dd * math.exp(-k * 0.5)
    second = remaining * (1 - math.exp(-k))
    third = remaining * math.exp(-k) * (1 - math.exp(-k))
    got = sw.fod_decomposed(dd, k, 2020, np.array([2020, 2021, 2022]), delay_months=0.0)
    assert got == pytest.approx([first, second, third], rel=1e-12)


def test_fod_rejects_delay_beyond_six_months():
    with pytest.raises(ValueError):
        sw.fod_decomposed(1.0, 0.1, 2020, 2021, delay_months=9)


def test_ch4_emitted_and_methane_commitment():
    # Eq. 3.1: (generated - R) * (1 - OX) = (50 - 20) * (1 - 0.1)
    assert sw.ch4_emitted(50.0, 20.0, 0.1) == pytest.approx(27.0)
    # GPC methane commitment: MSW * L0 * (1 - f_rec) * (1 - OX)
    l0 = 1.0 * 0.1885 * 0.5 * 0.5 * 16 / 12
    assert sw.methane_commitment(5000.0, l0, 0.25, 0.1) == pytest.approx(5000 * l0 * 0.75 * 0.9)


@settings(max_examples=200, deadline=None)
@given(
    mass=st.floats(1.0, 1e7),
    doc=st.floats(0.01, 0.5),
    docf=st.floats(0.1, 1.0),
    mcf=st.floats(0.1, 1.0),
    f=st.floats(0.3, 0.7),
    k=st.floats(0.02, 0.5),
    delay=st.sampled_from([0.0, 3.0, 6.0]),
)
def test_fod_of_one_deposit_converges_to_methane_commitment(mass, doc, docf, mcf, f, k, delay):
    """Summed over the years after deposit, first order decay generates exactly L0 * W (no R, no OX)."""
    horizon = int(60 / k)  # e^-60: nothing left to decay
    years = np.arange(2000, 2000 + horizon + 1)
    dd = sw.ddocm_deposited(mass, doc, docf, mcf)
    total = sw.ch4_generated(sw.fod_decomposed(dd, k, 2000, years, delay_months=delay), f).sum()
    commitment = sw.methane_commitment(mass, sw.methane_generation_potential(mcf, doc, docf, f), 0.0, 0.0)
    assert total == pytest.approx(float(commitment), rel=1e-9)
    # and it approaches from below, year by year
    partial = np.cumsum(sw.ch4_generated(sw.fod_decomposed(dd, k, 2000, years, delay_months=delay), f))
    assert np.all(np.diff(partial) >= 0)
