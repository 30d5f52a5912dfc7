"""Landfill gas capture and the clinker ratio, with hand numbers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import gpc
from gpc.pathways.scenario import Scenario
from tests.conftest import write_workbook

CITY = {"name": "Test city", "country": "CN", "year": 2023, "gwp": "AR5", "grid_factor": "0.6 t/MWh"}
EL = [{"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1, "unit": "MWh"}]


def _gas(p, scenario, ref, gas):
    r = p.records[(p.records["scenario"] == scenario) & (p.records["gas"] == gas)
                  & p.records["gpc_ref"].str.startswith(ref)]
    return r.groupby("year")["emissions_t"].sum()


def test_capture_rises_from_the_base_year_rate(tmp_path):
    sw = pd.DataFrame([{"gpc_ref": "III.1.1", "site": "A", "year": y, "amount": 1000, "unit": "t", "method": "fod",
                        "mcf": 1.0, "doc": 0.15, "docf": 0.5, "methane_fraction": 0.5, "k": 0.1, "oxidation": 0,
                        "methane_recovered": 2.0 if y == 2023 else None} for y in (2022, 2023)])
    base = write_workbook(tmp_path / "w.xlsx", CITY, EL, solid_waste=sw)
    sc = Scenario.from_frames({"horizon": 2026}, actions=[
        {"scenario": "LFG", "action": "capture", "type": "capture", "gpc_ref": "III.1.1", "share": 0.8,
         "start_year": 2024, "full_year": 2026}])
    p = gpc.project(base, sc)
    # CH4 generated from a deposit of 1000 t, age ≥ 1: 75 t DDOCm × e^(−0.1 (age−1)) × (1 − e^(−0.1)) × 0.5 × 16/12
    q = 75 * (1 - math.exp(-0.1)) * 0.5 * 16 / 12

    def gen(ages):
        return q * sum(math.exp(-0.1 * (a - 1)) for a in ages if a >= 1)

    # base year 2023: generated gen([1]) (the 2022 deposit), 2 t recovered → rate r0 = 2 / gen([1])
    r0 = 2.0 / gen([1])
    bau = _gas(p, "BAU", "III.1", "CH4")
    lfg = _gas(p, "LFG", "III.1", "CH4")
    assert bau[2023] == pytest.approx(gen([1]) - 2.0, rel=1e-9)
    # BAU 2025 keeps the base-year rate: generated gen([3, 2, 1]) × (1 − r0)
    assert bau[2025] == pytest.approx(gen([3, 2, 1]) * (1 - r0), rel=1e-9)
    # capture: the rate moves from r0 to 0.8, half-way in 2025
    r25 = r0 + (0.8 - r0) * 0.5
    assert lfg[2025] == pytest.approx(gen([3, 2, 1]) * (1 - r25), rel=1e-9)
    assert lfg[2026] == pytest.approx(gen([4, 3, 2, 1]) * (1 - 0.8), rel=1e-9)


def test_clinker_ratio(tmp_path):
    ippu = pd.DataFrame([{"gpc_ref": "IV.1", "process": "cement", "amount": 1000, "unit": "t",
                          "clinker_fraction": 0.75}])
    base = write_workbook(tmp_path / "c.xlsx", CITY, EL, ippu=ippu)
    sc = Scenario.from_frames({"horizon": 2026}, actions=[
        {"scenario": "low clinker", "action": "clinker", "type": "clinker", "gpc_ref": "IV.1", "share": 0.6,
         "start_year": 2024, "full_year": 2026}])
    p = gpc.project(base, sc)
    co2 = _gas(p, "low clinker", "IV", "CO2")
    bau = _gas(p, "BAU", "IV", "CO2")
    # IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1 (Tier 1): CO2 = cement × clinker fraction × EF_clc, EF_clc = 0.52 t CO2/t
    # clinker (the default, CKD included): proportional to the clinker fraction, which is
    # 0.75 + (0.6 − 0.75) × 0.5 = 0.675 in 2025 and 0.6 from 2026
    assert bau[2023] == pytest.approx(1000 * 0.75 * 0.52, rel=1e-9)
    assert bau[2026] == pytest.approx(1000 * 0.75 * 0.52, rel=1e-9)
    assert co2[2025] == pytest.approx(1000 * 0.675 * 0.52, rel=1e-9)
    assert co2[2026] == pytest.approx(1000 * 0.6 * 0.52, rel=1e-9)
