"""Projection through the engine, checked against hand numbers.

Base year 2023, AR5 (GWP CH4 28, N2O 265), IPCC 2006 factors.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import gpc
from gpc.errors import InputError
from gpc.pathways.scenario import Scenario
from tests.conftest import write_workbook

CITY = {"name": "Test city", "country": "CN", "year": 2023, "gwp": "AR5", "grid_factor": "0.6 t/MWh"}


def _co2(p, scenario, ref=None, gas="CO2"):
    r = p.records[(p.records["scenario"] == scenario) & (p.records["gas"] == gas)]
    if ref is not None:
        r = r[r["gpc_ref"].str.startswith(ref)]
    return r.groupby("year")["emissions_t"].sum()


@pytest.fixture
def grid_city(tmp_path):
    return write_workbook(tmp_path / "base.xlsx", CITY, [
        {"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1000, "unit": "MWh"},
        {"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 100, "unit": "TJ"},
    ])


def test_drivers_compound_and_grid_path(grid_city):
    sc = Scenario.from_frames({"horizon": 2027},
                              drivers=[{"driver": "growth", "gpc_ref": "all", "growth": "2%"}],
                              grid=[{"year": 2026, "factor": 0.5, "unit": "t/MWh"}])
    p = gpc.project(grid_city, sc)
    el = _co2(p, "BAU", "I.1.2")
    # 2023: 1000 MWh × 0.6 = 600 t (the base inventory)
    assert el[2023] == pytest.approx(600.0, rel=1e-12)
    # 2024: 1000 × 1.02 = 1020 MWh × (0.6 − 0.1/3) = 578 t
    assert el[2024] == pytest.approx(1020 * (0.6 - 0.1 / 3), rel=1e-12)
    assert el[2024] == pytest.approx(578.0, rel=1e-12)
    # 2026: 1000 × 1.02³ = 1061.208 MWh × 0.5 = 530.604 t
    assert el[2026] == pytest.approx(530.604, rel=1e-12)
    # 2027: the path held flat at 0.5 after its last year: 1000 × 1.02⁴ × 0.5 = 541.21608 t
    assert el[2027] == pytest.approx(541.21608, rel=1e-12)
    # natural gas: 100 TJ × 56.1 t CO2/TJ (IPCC 2006 Vol. 2 Table 2.5) × 1.02^n
    gas = _co2(p, "BAU", "I.1.1")
    assert gas[2025] == pytest.approx(100 * 1.02 ** 2 * 56.1, rel=1e-12)
    # the base year of the projection is the base inventory
    base = gpc.calculate(grid_city).total("BASIC")
    assert p.totals.set_index("year").loc[2023, "BAU"] == pytest.approx(float(base), rel=1e-12)
    assert (p.grid["source"].iloc[1:] == "scenario grid sheet").all()


def test_action_ramp_and_wedges_add_up(grid_city):
    sc = Scenario.from_frames(
        {"horizon": 2027},
        drivers=[{"driver": "growth", "gpc_ref": "all", "growth": 0.02}],
        actions=[{"scenario": "plan", "action": "retrofit", "type": "reduce", "gpc_ref": "I.1", "share": "50%",
                  "start_year": 2024, "full_year": 2026},
                 {"scenario": "plan", "action": "gas to power", "type": "switch", "gpc_ref": "I.1.1",
                  "activity": "natural_gas", "share": 0.4, "start_year": 2024, "full_year": 2024,
                  "to_activity": "grid_electricity", "efficiency_from": 0.9, "efficiency_to": 1.0}])
    p = gpc.project(grid_city, sc)
    gas = _co2(p, "plan", "I.1.1")
    # 2025: ramp (2025 − 2024)/(2026 − 2024) = 0.5 → retrofit removes 50 % × 0.5 = 25 %, the switch 40 %
    # of the BAU activity 100 × 1.02² = 104.04 TJ: 104.04 × (1 − 0.25 − 0.4) = 36.414 TJ × 56.1 t/TJ
    assert gas[2025] == pytest.approx(104.04 * 0.35 * 56.1, rel=1e-12)
    el = _co2(p, "plan", "I.1.2")
    # electricity 2025: retrofit also cuts I.1.2 by 25 %: 1040.4 × 0.75 MWh; plus the switched gas:
    # 0.4 × 104.04 TJ × 0.9 / 1.0 = 37.4544 TJ = 37454.4 GJ / 3.6 = 10404 MWh; all × 0.6 t/MWh
    assert el[2025] == pytest.approx((1040.4 * 0.75 + 0.4 * 104040 * 0.9 / 3.6) * 0.6, rel=1e-12)
    # wedges: sequential, they add up exactly to BAU − plan in every year
    tot = p.totals.set_index("year")
    w = p.wedges.groupby("year")["co2e_t"].sum()
    np.testing.assert_allclose(w.to_numpy(), (tot["BAU"] - tot["plan"]).to_numpy(), rtol=0, atol=1e-6)
    # retrofit wedge in 2025: 25 % of the BAU gas (CO2e per TJ 56.1 + 0.005 × 28 + 0.0001 × 265 = 56.2665,
    # IPCC 2006 Table 2.5 residential CH4 5, N2O 0.1 kg/TJ) and of the BAU electricity
    retro = p.wedges[(p.wedges["action"] == "retrofit")].set_index("year")["co2e_t"]
    assert retro[2025] == pytest.approx(0.25 * 104.04 * 56.2665 + 0.25 * 1040.4 * 0.6, rel=1e-9)
    assert retro[2024] == 0.0


def test_landfill_diversion_acts_with_the_fod_delay(tmp_path):
    sw = pd.DataFrame([{"gpc_ref": "III.1.1", "site": "A", "year": y, "amount": 1000, "unit": "t", "method": "fod",
                        "mcf": 1.0, "doc": 0.15, "docf": 0.5, "methane_fraction": 0.5, "k": 0.1, "oxidation": 0}
                       for y in (2022, 2023)])
    base = write_workbook(tmp_path / "w.xlsx", CITY, [{"gpc_ref": "I.1.2", "activity": "grid_electricity",
                                                      "amount": 1, "unit": "MWh"}], solid_waste=sw)
    sc = Scenario.from_frames({"horizon": 2026}, actions=[
        {"scenario": "zero waste", "action": "compost", "type": "divert", "gpc_ref": "III.1.1", "share": 1.0,
         "start_year": 2024, "full_year": 2024, "to_activity": "composting"}])
    p = gpc.project(base, sc)
    ch4_bau = _co2(p, "BAU", "III.1", gas="CH4")
    ch4_div = _co2(p, "zero waste", "III.1", gas="CH4")
    # DDOCm of 1000 t = 1000 × 0.15 × 0.5 × 1 = 75 t (IPCC 2006 Vol. 5 Eq. 3.2); decomposed in T from a
    # deposit of year d (age ≥ 1, 6-month delay): 75 × e^(−0.1 (age−1)) × (1 − e^(−0.1)); CH4 = × 0.5 × 16/12
    q = 75 * (1 - math.exp(-0.1)) * 0.5 * 16 / 12

    def fod(ages):
        return q * sum(math.exp(-0.1 * (a - 1)) for a in ages if a >= 1)

    # BAU 2025: deposits 2022, 2023, 2024 (ages 3, 2, 1; 2025's own deposit does not decay yet)
    assert ch4_bau[2025] == pytest.approx(fod([3, 2, 1]), rel=1e-9)
    # all waste diverted from 2024: in 2024 nothing changes in the landfill yet (the FOD delay) ...
    assert ch4_div[2024] == pytest.approx(ch4_bau[2024], rel=1e-12) == pytest.approx(fod([2, 1]), rel=1e-9)
    # ... in 2025 the 2024 deposit is missing: 2022 and 2023 only
    assert ch4_div[2025] == pytest.approx(fod([3, 2]), rel=1e-9)
    assert ch4_div[2026] == pytest.approx(fod([4, 3]), rel=1e-9)
    # the diverted 1000 t are composted: 4 g CH4 and 0.24 g N2O per kg wet waste (IPCC 2006 Vol. 5 Table 4.1)
    comp = p.records[(p.records["scenario"] == "zero waste") & p.records["gpc_ref"].str.startswith("III.2")]
    c24 = comp[comp["year"] == 2024].groupby("gas")["emissions_t"].sum()
    assert c24["CH4"] == pytest.approx(4.0, rel=1e-9) and c24["N2O"] == pytest.approx(0.24, rel=1e-9)
    # so the wedge of 2024 is negative (−(4 × 28 + 0.24 × 265) = −175.6 t CO2e) and turns as the FOD catches up
    w = p.wedges.set_index("year")["co2e_t"]
    assert w[2024] == pytest.approx(-175.6, rel=1e-9)
    assert w[2025] == pytest.approx((fod([3, 2, 1]) - fod([3, 2])) * 28 - 175.6, rel=1e-9)
    # the audit trail shows the real deposit years, not the shifted ones
    det = p.records[(p.records["scenario"] == "BAU") & (p.records["year"] == 2025) & (p.records["gas"] == "CH4")
                    & p.records["gpc_ref"].str.startswith("III.1")]
    assert sorted(det["deposit_year"].astype(int).unique()) == [2022, 2023, 2024, 2025]
    assert det["detail"].str.contains("CH4 generated in 2025").all()


def test_bad_input_all_problems_at_once(grid_city):
    sc = Scenario.from_frames(
        {"horizon": 2030},
        actions=[{"action": "nothing", "type": "reduce", "gpc_ref": "I.7.1", "share": 0.1, "start_year": 2025,
                  "full_year": 2026},
                 {"action": "too much", "type": "reduce", "gpc_ref": "I.1.2", "share": 1.2, "start_year": 2025,
                  "full_year": 2026},
                 {"action": "a", "type": "reduce", "gpc_ref": "I.1.1", "share": 0.6, "start_year": 2025,
                  "full_year": 2026},
                 {"action": "b", "type": "switch", "gpc_ref": "I.1.1", "share": 0.5, "start_year": 2025,
                  "full_year": 2026, "to_activity": "grid_electricity"}],
        targets=[{"target": "net_zero", "year": 2060}])
    with pytest.raises(InputError) as exc:
        gpc.project(grid_city, sc)
    probs = exc.value.problems
    where = {(p.sheet, p.row, p.column) for p in probs}
    assert ("actions", 2, "gpc_ref") in where          # no such row in the base workbook
    assert ("actions", 3, "share") in where            # 120 %
    assert ("actions", 4, "share") in where and ("actions", 5, "share") in where   # 60 % + 50 % of row I.1.1
    assert ("targets", 2, "year") in where             # 2060 beyond the horizon 2030
    assert "110%" in " ".join(p.message for p in probs)


def test_worked_example_of_the_docs(tmp_path):
    """docs/pathways.md, 'Worked example': 1000 MWh, 0.6 t/MWh, +2 %/yr, grid 0.5 in 2026, retrofit 50 %."""
    base = write_workbook(tmp_path / "b.xlsx", CITY, [{"gpc_ref": "I.1.2", "activity": "grid_electricity",
                                                      "amount": 1000, "unit": "MWh"}])
    sc = Scenario.from_frames({"horizon": 2027}, drivers=[{"driver": "g", "growth": "2%"}],
                              grid=[{"year": 2026, "factor": 0.5, "unit": "t/MWh"}],
                              actions=[{"action": "retrofit", "type": "reduce", "gpc_ref": "I.1", "share": "50%",
                                        "start_year": 2024, "full_year": 2026}])
    p = gpc.project(base, sc)
    bau = p.totals.set_index("year")["BAU"]
    assert bau.to_dict() == pytest.approx({2023: 600.0, 2024: 578.0, 2025: 554.88, 2026: 530.604,
                                           2027: 541.21608}, rel=1e-12)
    w = p.wedges.set_index("year")["co2e_t"]
    # 2025: 0.25 × 1040.4 MWh = 260.1 MWh × (0.6 − 0.2/3) t/MWh = 138.72 t
    assert w[2025] == pytest.approx(138.72, rel=1e-12)
    # the BAU grows to 2027: its maximum is the last year, so no peak (fewer than 5 later years)
    pk = p.peaks.set_index("scenario")
    assert pk.loc["BAU", "peak_year"] == 2023 and not pk.loc["BAU", "peaked"]


def test_waste_growth_driver_on_the_landfill_sheet(tmp_path):
    sw = pd.DataFrame([{"gpc_ref": "III.1.1", "site": "A", "year": y, "amount": 1000, "unit": "t", "method": "fod",
                        "mcf": 1.0, "doc": 0.15, "docf": 0.5, "methane_fraction": 0.5, "k": 0.1, "oxidation": 0}
                       for y in (2022, 2023)])
    base = write_workbook(tmp_path / "w.xlsx", CITY, [{"gpc_ref": "I.1.2", "activity": "grid_electricity",
                                                      "amount": 1000, "unit": "MWh"}], solid_waste=sw)
    sc = Scenario.from_frames({"horizon": 2026}, drivers=[
        {"driver": "waste", "in_sheet": "solid_waste", "growth": "5%"}])
    p = gpc.project(base, sc)
    q = 75 * (1 - math.exp(-0.1)) * 0.5 * 16 / 12
    ch4 = _co2(p, "BAU", "III.1", gas="CH4")
    # 2026: deposits 2022 (age 4), 2023 (age 3), 2024 = 1000 × 1.05 (age 2), 2025 = 1000 × 1.05² (age 1)
    expect = q * (math.exp(-0.3) + math.exp(-0.2) + 1.05 * math.exp(-0.1) + 1.05 ** 2)
    assert ch4[2026] == pytest.approx(expect, rel=1e-9)
    # the driver is on the landfill sheet only: electricity stays at 1000 MWh × 0.6
    assert _co2(p, "BAU", "I.1.2")[2026] == pytest.approx(600.0, rel=1e-12)


def test_switch_to_an_unknown_carrier_is_located_on_the_actions_sheet(grid_city):
    sc = Scenario.from_frames({"horizon": 2026}, actions=[
        {"action": "h2", "type": "switch", "gpc_ref": "I.1.1", "share": 0.5, "start_year": 2024, "full_year": 2025,
         "to_activity": "hydrogen_x"}])
    with pytest.raises(InputError) as exc:
        gpc.project(grid_city, sc)
    assert [(p.sheet, p.row, p.column) for p in exc.value.problems] == [("actions", 2, "to_activity")]
