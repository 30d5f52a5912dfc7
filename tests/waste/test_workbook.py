"""Waste sheets through the whole path: a real .xlsx workbook → gpc.calculate → inventory."""

from __future__ import annotations

import math

import pandas as pd
import pytest

gpc = pytest.importorskip("gpc")
if not hasattr(gpc, "calculate"):
    pytest.skip("gpc.calculate not written yet", allow_module_level=True)

CITY = {"name": "Test City (synthetic)", "country": "CN", "year": 2023, "climate_zone": "tropical_dry", "gwp": "AR5"}
ACTIVITY = [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 1, "unit": "TJ"}]


def test_fod_and_incineration_from_a_workbook(workbook):
    solid = pd.DataFrame([
        {"gpc_ref": "III.1.1", "site": "A", "year": 2021, "amount": 10, "unit": "万吨", "method": "fod",
         "site_type": "managed_semi_aerobic", "food": 0.6, "garden": 0.1, "other_inert": 0.3},
        {"gpc_ref": "III.1.1", "site": "A", "year": 2022, "amount": 12, "unit": "万吨", "method": "fod",
         "site_type": "managed_semi_aerobic", "food": 0.6, "garden": 0.1, "other_inert": 0.3},
        {"gpc_ref": "III.1.3", "site": "B", "year": 2023, "amount": 5000, "unit": "t", "method": "methane_commitment",
         "site_type": "unmanaged_deep", "doc": 0.2},
    ])
    incin = pd.DataFrame([{"gpc_ref": "III.3.1", "practice": "incineration", "amount": 1000, "unit": "t",
                           "paper": 0.5, "plastics": 0.5}])
    inv = gpc.calculate(workbook(CITY, ACTIVITY, solid_waste=solid, incineration=incin))
    e = inv.emissions
    w = e[e["gpc_ref"].str.startswith("III.")]
    assert set(w.loc[w["gpc_ref"] == "III.1.3", "scope"]) == {1}

    # site A, tropical dry: k food 0.085, garden 0.065 (Table 3.3); MCF 0.5 semi-aerobic (Table 3.1)
    def decomposed(k: float, frac: float, doc: float) -> float:
        d2021 = 100_000 * frac * doc * 0.5 * 0.5
        d2022 = 120_000 * frac * doc * 0.5 * 0.5
        return d2021 * math.exp(-k) * (1 - math.exp(-k)) + d2022 * (1 - math.exp(-k))

    site_a = (decomposed(0.085, 0.6, 0.15) + decomposed(0.065, 0.1, 0.20)) * 0.5 * 16 / 12
    assert w.loc[w["gpc_ref"] == "III.1.1", "emissions_t"].sum() == pytest.approx(site_a, rel=1e-9)
    # methane commitment of bulk waste from outside: 5000 t * MCF 0.8 * DOC 0.2 * DOCf 0.6 * F 0.5 * 16/12
    # (GPC v1.1 Eq. 8.4 DOCf 0.6; OX 0: an unmanaged site is not well managed, Eq. 8.3) = 320 t
    mc = 5000 * 0.8 * 0.2 * 0.6 * 0.5 * 16 / 12
    assert w.loc[w["gpc_ref"] == "III.1.3", "emissions_t"].sum() == pytest.approx(mc, rel=1e-9)

    fossil = 1000 * (0.5 * 0.90 * 0.46 * 0.01 + 0.5 * 1.0 * 0.75 * 1.0) * 44 / 12
    biogenic = 1000 * 0.5 * 0.90 * 0.46 * 0.99 * 44 / 12
    co2 = w[w["gas"] == "CO2"].set_index("biogenic")["emissions_t"]
    assert co2[False] == pytest.approx(fossil, rel=1e-12) and co2[True] == pytest.approx(biogenic, rel=1e-12)
    summary = inv.summary()
    assert summary.loc["III.3.1", "co2_biogenic_t"] == pytest.approx(biogenic, rel=1e-12)

    # III.1.3 counts in the territorial total only (CONTRACT §5)
    ch4 = 28.0  # AR5
    diff = float(inv.total("territorial")) - float(inv.total("BASIC"))
    assert diff == pytest.approx(mc * ch4, rel=1e-9)


def test_workbook_problems_name_sheet_row_and_column(workbook):
    solid = pd.DataFrame([{"gpc_ref": "III.1.1", "year": 2020, "amount": 10, "unit": "GJ", "food": 1.0}])
    ww = pd.DataFrame([{"gpc_ref": "III.3.1", "population": 1000, "treatment": "septic", "protein": 30}])
    with pytest.raises(gpc.InputError) as err:
        gpc.calculate(workbook(CITY, ACTIVITY, solid_waste=solid, wastewater=ww))
    where = {(p.sheet, p.row, p.column) for p in err.value.problems}
    assert ("solid_waste", 2, "unit") in where
    assert ("wastewater", 2, "gpc_ref") in where
