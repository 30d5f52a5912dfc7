"""IPPU and AFOLU through gpc.calculate: the rows land in IV and V and BASIC+ - BASIC equals their sum."""

from __future__ import annotations

import pandas as pd
import pytest

import gpc
from examples.sections.ippu_afolu import sheets
from gpc.context import Settings


def test_basic_plus_minus_basic_is_iv_plus_v() -> None:
    rows = pd.DataFrame({
        "gpc_ref": ["IV.1", "IV.1", "V.3", "V.1", "IV.2", "I.3.1"],
        "activity": ["cement_production", "aluminium_production", "synthetic_fertilizer_n", "dairy_cattle",
                     "lubricant_use", "natural_gas"],
        "amount": [1000, 1000, 1000, 1000, 1000, 1000],
        "unit": ["t", "t", "t", "head", "t", "GJ"],
        "technology": ["portland", "cwpb", "no_leaching", "asia", "oil", None],
    })
    inv = gpc.calculate(rows, city={"year": 2023, "country": "CN", "gwp": "AR5"})
    e = inv.emissions
    got = dict(zip(zip(e["activity"], e["gas"], e["method"]), e["emissions_t"]))
    # cement 1000 t x 0.95 x 0.52 = 494 t CO2
    assert got[("cement_production", "CO2", "cement_t1")] == pytest.approx(494.0, rel=1e-9)
    # aluminium CWPB: 1600 t CO2, 0.4 t CF4, 0.04 t C2F6
    assert got[("aluminium_production", "CF4", "aluminium_t1")] == pytest.approx(0.4, rel=1e-9)
    # fertiliser N without leaching: 1000 x 0.01 x 44/28 direct + 1000 x 0.001 x 44/28 volatilised
    assert got[("synthetic_fertilizer_n", "N2O", "soil_n2o_direct")] == pytest.approx(10 * 44 / 28, rel=1e-9)
    # dairy cattle, Asia: 68 t CH4
    assert got[("dairy_cattle", "CH4", "enteric_t1")] == pytest.approx(68.0, rel=1e-9)
    iv_v = e.loc[e["gpc_ref"].str.match(r"^(IV|V)\."), "co2e_t"].sum()
    assert float(inv.total("BASIC+")) - float(inv.total("BASIC")) == pytest.approx(iv_v, rel=1e-9)


def test_example_sheets_validate_and_compute() -> None:
    """The example's IPPU/AFOLU sheets are accepted by the sector modules and give IV and V rows."""
    from gpc.context import Context
    from gpc.sectors import afolu, ippu

    ctx = Context(Settings(year=2023, country="CN"), gpc.factors.load_factor_set("ipcc2006"))
    tables = {k: v.assign(sheet=k, row=range(2, len(v) + 2)) for k, v in sheets().items() if k != "activity"}
    assert [p for p in afolu.validate(tables, ctx) + ippu.validate(tables, ctx) if p.severity == "error"] == []
    recs = pd.concat([afolu.compute(tables, ctx), ippu.compute(tables, ctx)])
    assert set(recs["gpc_ref"]) == {"IV.1", "IV.2", "V.1", "V.2", "V.3"}
    assert recs.loc[recs["gpc_ref"] == "V.2", "emissions_t"].sum() < 0  # the forest is a net sink
