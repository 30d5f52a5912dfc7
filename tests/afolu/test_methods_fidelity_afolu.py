"""AFOLU methods as IPCC 2006 Vol. 4 prints them (issue #13, part C), against hand arithmetic.

- managed manure N applied to soils, F_AM: Eq. 10.34 (N_MMS_Avb with FracLossMS, Table 10.23) → Eq. 11.4 →
  direct N2O Eq. 11.1 (EF1 0.01), volatilisation Eq. 11.9 (FracGASM 0.20 × EF4 0.01), leaching Eq. 11.10
  (FracLEACH 0.30 × EF5 0.0075), each × 44/28, reported in V.3;
- rice: a blank pre-season water regime is "unknown", the aggregated SFp 1.22 of Table 5.13.
"""

from __future__ import annotations

import pandas as pd
import pytest

from gpc.context import Context, Settings
from gpc.methods import afolu as eq
from gpc.sectors import afolu
from tests.conftest import typed_sheet

REL = 1e-9
N2O = 44 / 28


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context.from_settings(Settings(year=2023, country="CN"))


def _recs(r: pd.DataFrame, row: int, prefix: str) -> pd.DataFrame:
    return r[(r["row"] == row) & r["method"].str.startswith(prefix)].set_index("method")


def test_equations() -> None:
    # Eq. 10.34: 10 t N x (1 - 0.50) = 5 t N; Eq. 11.4 with all applied: 5 t N
    assert eq.manure_n_available_t(10.0, 0.50) == pytest.approx(5.0, rel=REL)
    assert eq.manure_applied_n_t(5.0) == pytest.approx(5.0, rel=REL)
    # Eq. 11.1: 5 x 0.01 x 44/28 = 0.0785714 t N2O; Eq. 11.9: 5 x 0.2 x 0.01 x 44/28 = 0.0157143;
    # Eq. 11.10: 5 x 0.3 x 0.0075 x 44/28 = 0.0176786
    assert eq.soil_n2o_direct_t(5.0) == pytest.approx(0.05 * 44 / 28, rel=REL)
    assert eq.soil_n2o_volatilisation_t(5.0) == pytest.approx(0.01 * 44 / 28, rel=REL)
    assert eq.soil_n2o_leaching_t(5.0) == pytest.approx(0.01125 * 44 / 28, rel=REL)


def test_manure_applied_to_soils_by_default(ctx: Context) -> None:
    # 1000 swine x nex 10 kg N = 10 t N, all in solid storage; FracLossMS swine solid storage 50 % (Table 10.23)
    df = typed_sheet("livestock", gpc_ref=["V.1"], animal=["swine"], amount=[1000], temperature=[20.0], nex=[10.0],
                     ms_solid_storage=[1.0])
    r = afolu.compute({"livestock": df}, ctx)
    fam = _recs(r, 2, "manure_applied_")
    assert set(fam.index) == {"manure_applied_n2o_direct", "manure_applied_n2o_indirect_volatilisation",
                              "manure_applied_n2o_indirect_leaching"}
    assert set(fam["gpc_ref"]) == {"V.3"} and set(fam["gas"]) == {"N2O"}
    # F_AM = 10 x (1 - 0.50) x 1 = 5 t N
    # direct: 5 x 0.01 x 44/28 = 0.05 x 11/7 = 0.0785714 t N2O
    assert fam.loc["manure_applied_n2o_direct", "emissions_t"] == pytest.approx(0.55 / 7, rel=REL)
    # volatilisation: 5 x 0.20 x 0.01 x 44/28 = 0.01 x 11/7 = 0.0157143 t
    assert fam.loc["manure_applied_n2o_indirect_volatilisation", "emissions_t"] == pytest.approx(0.11 / 7, rel=REL)
    # leaching: 5 x 0.30 x 0.0075 x 44/28 = 0.01125 x 11/7 = 0.0176786 t
    assert fam.loc["manure_applied_n2o_indirect_leaching", "emissions_t"] == pytest.approx(0.12375 / 7, rel=REL)
    assert "F_AM" in fam.loc["manure_applied_n2o_direct", "detail"]
    assert "manure_to_soils blank" in fam.loc["manure_applied_n2o_direct", "detail"]


def test_manure_to_soils_and_own_loss(ctx: Context) -> None:
    # row 2: 1000 dairy cattle x nex 100 kg N = 100 t N; 60 % liquid slurry, 40 % pasture (F_PRP, not F_AM);
    # own FracLossMS 0.30, half of it applied: F_AM = 60 x (1 - 0.30) x 0.5 = 21 t N
    # row 3: manure_to_soils 0 (the manure N is entered as organic_fertilizer_n elsewhere): no F_AM records
    df = typed_sheet("livestock", gpc_ref=["V.1", "V.1"], animal=["dairy_cattle", "dairy_cattle"], amount=[1000, 1000],
                     temperature=[20.0, 20.0], nex=[100.0, 100.0], ms_liquid_slurry=[0.6, 0.6], ms_pasture=[0.4, 0.4],
                     manure_to_soils=[0.5, 0.0], frac_loss_ms=[0.30, None])
    r = afolu.compute({"livestock": df}, ctx)
    fam = _recs(r, 2, "manure_applied_")
    # 21 x (0.01 + 0.2 x 0.01 + 0.3 x 0.0075) x 44/28 = 21 x 0.01425 x 11/7 = 0.47025 t N2O
    assert fam["emissions_t"].sum() == pytest.approx(21 * 0.01425 * N2O, rel=REL)
    assert fam["emissions_t"].sum() == pytest.approx(0.47025, rel=1e-6)
    assert _recs(r, 3, "manure_applied_").empty


def test_dairy_default_loss_by_system(ctx: Context) -> None:
    # 100 dairy cattle x nex 50 kg = 5 t N: 0.5 solid storage (loss 0.40), 0.3 daily spread (0.22), 0.2 burned for fuel
    # N_MMS_Avb = 2.5 x 0.60 + 1.5 x 0.78 = 1.5 + 1.17 = 2.67 t N (burned for fuel never reaches soils)
    df = typed_sheet("livestock", gpc_ref=["V.1"], animal=["dairy_cattle"], amount=[100], temperature=[20.0],
                     nex=[50.0], ms_solid_storage=[0.5], ms_daily_spread=[0.3], ms_burned_for_fuel=[0.2])
    r = afolu.compute({"livestock": df}, ctx)
    direct = _recs(r, 2, "manure_applied_n2o_direct")
    assert direct["emissions_t"].iloc[0] == pytest.approx(2.67 * 0.01 * N2O, rel=REL)


def test_no_frac_loss_default_warns(ctx: Context) -> None:
    # Table 10.23 has no FracLossMS for a digester: a warning, and the share is not counted
    df = typed_sheet("livestock", gpc_ref=["V.1"], animal=["swine"], amount=[1000], temperature=[20.0], nex=[10.0],
                     ms_digester=[1.0])
    problems = afolu.validate({"livestock": df}, ctx)
    # two warnings on ms_digester: no FracGasMS (Table 10.22) and no FracLossMS (Table 10.23)
    assert {(p.row, p.column, p.severity) for p in problems} == {(2, "ms_digester", "warning")}
    assert any("Table 10.23" in p.message and "frac_loss_ms" in p.message for p in problems)
    assert _recs(afolu.compute({"livestock": df}, ctx), 2, "manure_applied_").empty
    # with an own frac_loss_ms it is counted: 10 x (1 - 0.1) = 9 t N x 0.01 x 44/28
    df2 = typed_sheet("livestock", gpc_ref=["V.1"], animal=["swine"], amount=[1000], temperature=[20.0], nex=[10.0],
                      ms_digester=[1.0], frac_loss_ms=[0.1])
    assert not any("Table 10.23" in p.message for p in afolu.validate({"livestock": df2}, ctx))
    d = _recs(afolu.compute({"livestock": df2}, ctx), 2, "manure_applied_n2o_direct")
    assert d["emissions_t"].iloc[0] == pytest.approx(9 * 0.01 * N2O, rel=REL)


def test_warning_when_the_default_decides_a_large_share(ctx: Context) -> None:
    # own CH4 factors 0: the row's CO2e is manure N2O only, and F_AM (default manure_to_soils) is a large share
    # managed: 10 t N x (EF3 0.005 + FracGasMS 0.45 x 0.01) = 0.095 t N2O-N; F_AM: 5 t N x 0.01425 = 0.07125 t N2O-N
    # share = 0.07125 / (0.095 + 0.07125) = 42.9 % >= 20 %
    df = typed_sheet("livestock", gpc_ref=["V.1"], animal=["swine"], amount=[1000], temperature=[20.0], nex=[10.0],
                     ms_solid_storage=[1.0], ef_enteric=[0.0], ef_manure_ch4=[0.0])
    problems = afolu.validate({"livestock": df}, ctx)
    assert [(p.row, p.column, p.severity) for p in problems] == [(2, "manure_to_soils", "warning")]
    assert "43%" in problems[0].message
    # typing the share (even 1) says it is known: no warning
    df["manure_to_soils"] = 1.0
    assert afolu.validate({"livestock": df}, ctx) == []


def test_rice_blank_preseason_is_unknown(ctx: Context) -> None:
    # row 2 blank: SFp 1.22 (aggregated case); row 3 typed non_flooded_short: SFp 1.00 (gpc's earlier reading)
    # 100 ha x 120 days x 1.30 kg x 1.22 / 1000 = 19.032 t CH4; typed: 100 x 120 x 1.30 / 1000 = 15.6 t
    df = typed_sheet("rice", gpc_ref=["V.3", "V.3"], area=[100, 100], days=[120, 120],
                     preseason=[None, "non_flooded_short"])
    problems = afolu.validate({"rice": df}, ctx)
    assert [(p.row, p.column, p.severity) for p in problems] == [(2, "preseason", "warning")]
    r = afolu.compute({"rice": df}, ctx)
    assert r["emissions_t"].tolist() == pytest.approx([19.032, 15.6], rel=REL)
    assert "unknown" in r["detail"].iloc[0] and "SFp 1.22" in r["detail"].iloc[0]
