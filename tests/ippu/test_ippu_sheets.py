"""The ippu and refrigerants sheets (gpc.sectors.ippu) against hand calculations."""

from __future__ import annotations

import pytest

from gpc.context import Context, Settings
from gpc.sectors import ippu
from tests.conftest import typed_sheet

REL = 1e-9


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context.from_settings(Settings(year=2023, country="CN"))


_sheet = typed_sheet


def test_ippu_sheet_processes(ctx: Context) -> None:
    df = _sheet(
        "ippu",
        gpc_ref=["IV.1", "IV.1", "IV.1", "IV.1", "IV.1", "IV.2", "IV.1", "IV.1"],
        process=["cement", "clinker", "glass", "ammonia", "lime", "lubricant_use", "carbonate_use", "cement"],
        amount=[100, 50, 10, 5, 3, 2, 1000, 1000],
        unit=["万吨", "万吨", "万吨", "万吨", "万吨", "万吨", "t", "t"],
        technology=[None, None, "float", "partial_oxidation", "dolomitic", None, "dolomite", "blended"],
        clinker_fraction=[0.65, None, None, None, None, None, None, None],
        clinker_imports=[5, None, None, None, None, None, None, None],
        cao_content=[None, 0.66, None, None, None, None, None, None],
        cullet_ratio=[None, None, 0.2, None, None, None, None, None],
        co2_recovered=[None, None, None, 10_000, None, None, None, None],
        calcination_fraction=[None, None, None, None, None, None, 0.5, None],
    )
    assert ippu.validate({"ippu": df}, ctx) == []
    e = ippu.compute({"ippu": df}, ctx)["emissions_t"].tolist()
    # cement: (1 000 000 t x 0.65 - 50 000 t imported) x 0.52 = 600 000 x 0.52 = 312 000 t
    assert e[0] == pytest.approx(312_000, rel=REL)
    # clinker with CaO 66%: 500 000 t x 0.66 x 0.785 x 1.02 = 500 000 x 0.528462 = 264 231 t
    assert e[1] == pytest.approx(500_000 * 0.66 * 0.785 * 1.02, rel=REL)
    assert e[1] == pytest.approx(264_231, rel=REL)
    # float glass: 100 000 t x 0.21 x (1 - 0.2) = 16 800 t
    assert e[2] == pytest.approx(16_800, rel=REL)
    # ammonia by partial oxidation: 50 000 t x 2.772 - 10 000 t recovered = 128 600 t
    assert e[3] == pytest.approx(128_600, rel=REL)
    # dolomitic lime: 30 000 t x 0.86 = 25 800 t
    assert e[4] == pytest.approx(25_800, rel=REL)
    # lubricants: 20 000 t x 40.2 GJ/t x 20 kg C/GJ / 1000 x 0.2 x 44/12 = 11 792 t
    assert e[5] == pytest.approx(11_792, rel=REL)
    # dolomite, half calcined: 1000 t x 0.47732 x 0.5 = 238.66 t
    assert e[6] == pytest.approx(238.66, rel=REL)
    # blended cement, default fraction 0.75: 1000 x 0.75 x 0.52 = 390 t
    assert e[7] == pytest.approx(390, rel=REL)


def test_ippu_sheet_problems(ctx: Context) -> None:
    df = _sheet("ippu", gpc_ref=["IV.2", "IV.1", "IV.1"], process=["cement", "glass", "lime"], amount=[1, 1, 1],
                unit=["t", "GJ", "t"], technology=[None, "crystal", "sugar"])
    problems = ippu.validate({"ippu": df}, ctx)
    columns = {(p.row, p.column) for p in problems}
    assert (2, "gpc_ref") in columns
    assert (3, "unit") in columns and (3, "technology") in columns
    assert (4, "technology") in columns


def test_refrigerants_sheet(ctx: Context) -> None:
    df = _sheet("refrigerants", gpc_ref=["IV.2", "IV.2", "IV.2"], gas=["HFC-134a", "HFC-32", "HFC-125"],
                application=["mobile_ac", None, "chillers"], method=[None, "sales", "bank"], unit=["t", "kg", "kg"],
                bank=[100, None, 2000], leak_rate=[None, None, 0.05], sales=[None, 5000, None],
                new_charge=[None, 3000, 400], retired_charge=[None, 1000, 100], recovery=[None, None, 0.5])
    assert ippu.validate({"refrigerants": df}, ctx) == []
    r = ippu.compute({"refrigerants": df}, ctx)
    assert r["gas"].tolist() == ["HFC-134a", "HFC-32", "HFC-125"]
    # mobile AC, default leak rate = mid-point of 10-20% = 15%: 100 t x 0.15 = 15 t
    assert r["emissions_t"].iloc[0] == pytest.approx(15.0, rel=REL)
    # sales: 5000 - 3000 + 1000 = 3000 kg = 3 t
    assert r["emissions_t"].iloc[1] == pytest.approx(3.0, rel=REL)
    # chillers: 2000 kg x 0.05 = 100 kg; new charge 400 kg x k mid-point (0.2-1% -> 0.6%) = 2.4 kg;
    # retired 100 kg x (1 - 0.5) = 50 kg; total 152.4 kg = 0.1524 t
    assert r["emissions_t"].iloc[2] == pytest.approx(0.1524, rel=REL)


def test_refrigerants_need_application_or_rates(ctx: Context) -> None:
    df = _sheet("refrigerants", gpc_ref=["IV.2"], gas=["HFC-134a"], application=[None], method=[None], unit=["kg"],
                bank=[10], sales=[None])
    assert [p.column for p in ippu.validate({"refrigerants": df}, ctx)] == ["application"]
