"""IPPU methods as IPCC 2006 Vol. 3 prints them (issue #13, part C), against hand arithmetic.

- cement/clinker with an own ``ef``: CO2 = clinker × EFcl × CFckd (Ch. 2 Eq. 2.2, CFckd default 1.02);
  ``ef_includes_ckd = yes`` or ``ckd_correction = 1`` for a factor that already includes CKD;
- lime: Tier 1 is the plain factor; the Tier 2 route applies both CFlkd (1.02) and Ch = 1 − x × y
  (x default 0.10, y 0.28); ``lkd_correction = 1`` gives gpc's earlier reading;
- SF6 in electrical equipment, Ch. 8 Tier 1: manufacturing + installation + use + disposal
  (Tables 8.2/8.3: use 0.026/0.002/0.007 per year, manufacturing 0.085/0.07/0.29, remaining at retirement
  0.95/0.93/0.95).
"""

from __future__ import annotations

import pandas as pd
import pytest

from gpc.context import Context, Settings
from gpc.factors import load_factor_set
from gpc.methods import ippu as eq
from gpc.sectors import ippu
from tests.conftest import typed_sheet

REL = 1e-9


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context.from_settings(Settings(year=2023, country="CN"))


def _ippu(**cols: list) -> pd.DataFrame:
    return typed_sheet("ippu", **cols)


def test_equations() -> None:
    # Eq. 2.2: 0.52 x 1.02 = 0.5304 t/t
    assert eq.clinker_ef_with_ckd(0.52) == pytest.approx(0.5304, rel=REL)
    # Tier 2 lime: 1000 t x 0.75 x 1.02 x (1 - 0.10 x 0.28) = 765 x 0.972 = 743.58 t
    assert eq.lime_co2_tier2(1000, 0.75) == pytest.approx(743.58, rel=REL)
    # SF6 Tier 1: 100 x 0.07 + 50 x 0.01 + 2000 x 0.002 + 300 x 0.93 x (1 - 0.5) = 7 + 0.5 + 4 + 139.5 = 151
    assert eq.sf6_electrical_t(100, 0.07, 50, 0.01, 2000, 0.002, 300, 0.93, 0.5) == pytest.approx(151.0, rel=REL)


def test_cement_own_ef_gets_ckd(ctx: Context) -> None:
    df = _ippu(gpc_ref=["IV.1"] * 5, process=["clinker", "cement", "cement", "cement", "clinker"],
               amount=[1000] * 5, unit=["t"] * 5, ef=[0.52, 0.50, 0.50, 0.50, None],
               ckd_correction=[None, None, 1.0, None, None], ef_includes_ckd=[None, None, None, "yes", None])
    assert ippu.validate({"ippu": df}, ctx) == []
    r = ippu.compute({"ippu": df}, ctx)
    e = r["emissions_t"].tolist()
    # clinker, own ef: 1000 t x 0.52 x 1.02 = 530.4 t (was 520 t without CFckd)
    assert e[0] == pytest.approx(530.4, rel=REL)
    # portland cement, own ef: 1000 x 0.95 x 0.50 x 1.02 = 484.5 t
    assert e[1] == pytest.approx(484.5, rel=REL)
    # ckd_correction 1 or ef_includes_ckd yes: gpc's earlier reading 1000 x 0.95 x 0.50 = 475 t
    assert e[2] == pytest.approx(475.0, rel=REL)
    assert e[3] == pytest.approx(475.0, rel=REL)
    # no ef: the Tier 1 default 0.52 already includes CKD (0.65 x 0.785 x 1.02): 1000 x 0.52 = 520 t
    assert e[4] == pytest.approx(520.0, rel=REL)
    assert "CFckd 1.02" in r["detail"].iloc[0] and "default 1.02" in r["detail"].iloc[0]
    assert "includes CKD" in r["detail"].iloc[3]


def test_lime_tier1_and_tier2(ctx: Context) -> None:
    df = _ippu(gpc_ref=["IV.1"] * 4, process=["lime"] * 4, amount=[1000] * 4, unit=["t"] * 4,
               hydrated_lime_fraction=[None, 0.2, 0.2, None], lkd_correction=[None, None, 1.0, 1.05])
    assert ippu.validate({"ippu": df}, ctx) == []
    r = ippu.compute({"ippu": df}, ctx)
    e = r["emissions_t"].tolist()
    # Tier 1, plain factor: 1000 t x 0.75 = 750 t
    assert e[0] == pytest.approx(750.0, rel=REL)
    # Tier 2: 1000 x 0.75 x CFlkd 1.02 x (1 - 0.2 x 0.28) = 765 x 0.944 = 722.16 t
    assert e[1] == pytest.approx(722.16, rel=REL)
    # lkd_correction 1 (gpc's earlier reading): 1000 x 0.75 x 0.944 = 708 t
    assert e[2] == pytest.approx(708.0, rel=REL)
    # only lkd_correction 1.05 given: Tier 2 with x 0.10: 1000 x 0.75 x 1.05 x 0.972 = 765.45 t
    assert e[3] == pytest.approx(765.45, rel=REL)
    assert r["method"].tolist() == ["lime_t1", "lime_t2", "lime_t2", "lime_t2"]


def test_sf6_all_four_stages(ctx: Context) -> None:
    df = _ippu(gpc_ref=["IV.2"], process=["sf6_electrical"], amount=[2000], unit=["kg"],
               technology=["mv_switchgear_europe"], sf6_manufacturing=[100], new_capacity=[50], installation_ef=[0.01],
               retired_capacity=[300], recovery=[0.5])
    assert ippu.validate({"ippu": df}, ctx) == []
    r = ippu.compute({"ippu": df}, ctx).set_index("method")
    assert set(r["gas"]) == {"SF6"} and set(r["gpc_ref"]) == {"IV.2"}
    # use: 2000 kg x 0.002 = 4 kg; manufacturing: 100 kg x 0.07 = 7 kg; installation: 50 kg x 0.01 = 0.5 kg;
    # disposal: 300 kg x 0.93 x (1 - 0.5) = 139.5 kg; total 151 kg = 0.151 t
    assert r.loc["sf6_electrical_use_t1", "emissions_t"] == pytest.approx(0.004, rel=REL)
    assert r.loc["sf6_electrical_manufacturing_t1", "emissions_t"] == pytest.approx(0.007, rel=REL)
    assert r.loc["sf6_electrical_installation_t1", "emissions_t"] == pytest.approx(0.0005, rel=REL)
    assert r.loc["sf6_electrical_disposal_t1", "emissions_t"] == pytest.approx(0.1395, rel=REL)
    assert r["emissions_t"].sum() == pytest.approx(0.151, rel=REL)


def test_sf6_defaults_and_warning(ctx: Context) -> None:
    # default technology hv_switchgear_europe: use 1000 kg x 0.026 = 26 kg; retired 500 kg x 0.95 x (1 - 0) = 475 kg
    # disposal share 475 / 501 = 95 % decided by the recovery default: a warning
    df = _ippu(gpc_ref=["IV.2"], process=["sf6_electrical"], amount=[1000], unit=["kg"], retired_capacity=[500])
    problems = ippu.validate({"ippu": df}, ctx)
    assert [(p.row, p.column, p.severity) for p in problems] == [(2, "recovery", "warning")]
    assert "95%" in problems[0].message
    r = ippu.compute({"ippu": df}, ctx)
    assert r["emissions_t"].sum() == pytest.approx(0.026 + 0.475, rel=REL)
    assert "none recovered" in r["detail"].iloc[1]


def test_sf6_problems(ctx: Context) -> None:
    df = _ippu(gpc_ref=["IV.2", "IV.2"], process=["sf6_electrical"] * 2, amount=[10, 10], unit=["t", "t"],
               technology=["gis_china", None], new_capacity=[None, 1.0])
    cols = {(p.row, p.column, p.severity) for p in ippu.validate({"ippu": df}, ctx)}
    assert (2, "technology", "error") in cols
    assert (3, "installation_ef", "error") in cols


def test_activity_sheet_sf6_stages() -> None:
    pf = load_factor_set("ipcc2006").table("process_factors")

    def value(activity: str, technology: str) -> float:
        hit = pf[(pf["activity"] == activity) & (pf["technology"].fillna("") == technology)]
        return float(hit["value"].iloc[0])

    # Table 8.2 (Europe) / 8.3 (Japan), EFDB 214446-214461
    assert value("sf6_equipment_disposal", "") == 0.95
    assert value("sf6_equipment_disposal", "mv_switchgear_europe") == 0.93
    assert value("sf6_equipment_disposal", "gas_insulated_transformer_japan") == 0.95
    assert value("sf6_equipment_manufacturing", "hv_switchgear_europe") == 0.085
    assert value("sf6_equipment_manufacturing", "mv_switchgear_europe") == 0.07
    assert value("sf6_equipment_manufacturing", "hv_switchgear_japan") == 0.29


def test_activity_sheet_sf6_disposal_end_to_end() -> None:
    import gpc

    df = pd.DataFrame({"gpc_ref": ["IV.2"] * 3, "activity": ["sf6_equipment", "sf6_equipment_disposal",
                                                             "sf6_equipment_manufacturing"],
                       "amount": [1000, 200, 100], "unit": ["kg"] * 3, "technology": [None, "mv_switchgear_europe", None]})
    e = gpc.calculate(df, city={"country": "CN", "year": 2023}).emissions
    # use 1000 kg x 0.026 = 26 kg; disposal 200 kg x 0.93 = 186 kg (none recovered); manufacturing 100 kg x 0.085 = 8.5 kg
    assert e["emissions_t"].tolist() == pytest.approx([0.026, 0.186, 0.0085], rel=REL)
    assert set(e["gas"]) == {"SF6"}
