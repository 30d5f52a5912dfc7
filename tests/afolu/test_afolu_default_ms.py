"""Default manure management system shares (afolu_manure_systems, Annex 10A) in the livestock sheet.

The ipcc2006 set ships the table's descriptor but no rows yet (the Annex 10A shares are not verified), so these
tests give the table in a factor set of their own that falls back to ipcc2006. The shares below are test
fixtures, NOT IPCC values; every other number (Nrate, TAM, EF3, FracGasMS, EF3PRP) is the published one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gpc.context import Context, Settings
from gpc.sectors import afolu

REL = 1e-9
N2O = 44 / 28


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Context:
    d: Path = tmp_path_factory.mktemp("msset")
    (d / "_set.yaml").write_text("id: msset\ntitle: test set with default MS\nfallback: ipcc2006\n")
    rows = [
        # animal, region, system, value  (fixture shares, not IPCC values)
        ("dairy_cattle", "asia", "solid_storage", 0.4),
        ("dairy_cattle", "asia", "dry_lot", 0.3),
        ("dairy_cattle", "asia", "pasture", 0.2),
        ("dairy_cattle", "asia", "burned_for_fuel", 0.1),
        ("swine", "", "liquid_slurry", 0.6),
        ("swine", "", "solid_storage", 0.4),
        ("sheep", "asia", "pasture", 1.0),
    ]
    (d / "afolu_manure_systems.csv").write_text(
        "animal,region,system,value,unit,source,efdb_id,verified\n"
        + "".join(f"{a},{r},{s},{v},fraction,test fixture,,M\n" for a, r, s, v in rows))
    return Context.from_settings(Settings(year=2023, country="CN", factors=str(d)))


def _sheet(**cols: list) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    return pd.DataFrame({"sheet": "livestock", "row": list(range(2, n + 2)), **cols})


def _rec(records: pd.DataFrame, row: int, method: str) -> pd.Series:
    hit = records[(records["row"] == row) & (records["method"] == method)]
    assert len(hit) == 1, (row, method, records[["row", "method"]])
    return hit.iloc[0]


def test_default_ms_asian_dairy_cattle(ctx: Context) -> None:
    df = _sheet(gpc_ref=["V.1"], animal=["dairy_cattle"], amount=[1000], temperature=[16.0])
    assert afolu.validate({"livestock": df}, ctx) == []
    r = afolu.compute({"livestock": df}, ctx)
    # Nex = Nrate (Table 10.19, Asia dairy 0.47 kg N/t/day) x TAM (Annex 10A, Asia dairy 350 kg) / 1000 x 365
    #     = 0.47 x 0.35 x 365 = 60.0425 kg N/head/year; N = 1000 x 60.0425 / 1000 = 60.0425 t N
    n = 1000 * 0.47 * 350 / 1000 * 365 / 1000
    assert n == pytest.approx(60.0425, rel=REL)
    # direct (Eq. 10.25): N x sum(MS x EF3) x 44/28, EF3 Table 10.21: solid storage 0.005, dry lot 0.02,
    # pasture and burned for fuel not here -> 60.0425 x (0.4 x 0.005 + 0.3 x 0.02) x 44/28 = 60.0425 x 0.008 x 44/28
    direct = _rec(r, 2, "manure_n2o_direct")
    assert float(direct["emissions_t"]) == pytest.approx(60.0425 * 0.008 * N2O, rel=REL)
    # = 0.48034 x 11/7 = 5.28374 / 7 = 0.754820 t N2O
    assert float(direct["emissions_t"]) == pytest.approx(5.28374 / 7, rel=REL)
    assert "default MS (Annex 10A, asia)" in direct["detail"]
    # volatilisation (Eq. 10.26-10.27): FracGasMS dairy (Table 10.22) solid storage 0.30, dry lot 0.20,
    # burned for fuel 0 -> 60.0425 x (0.4 x 0.30 + 0.3 x 0.20) x 0.01 x 44/28 = 60.0425 x 0.0018 x 44/28
    vol = _rec(r, 2, "manure_n2o_indirect_volatilisation")
    assert float(vol["emissions_t"]) == pytest.approx(60.0425 * 0.0018 * N2O, rel=REL)
    assert vol["gpc_ref"] == "V.3"
    assert "default MS (Annex 10A, asia)" in vol["detail"]
    # pasture 0.2 -> 12.0085 t N to managed soils: EF3PRP 0.02 (cattle)
    assert float(_rec(r, 2, "soil_n2o_direct")["emissions_t"]) == pytest.approx(12.0085 * 0.02 * N2O, rel=REL)


def test_row_ms_override_defaults(ctx: Context) -> None:
    # any ms_ column given (even 0) -> the row's own shares, the defaults are not used
    df = _sheet(gpc_ref=["V.1", "V.1"], animal=["dairy_cattle", "dairy_cattle"], amount=[1000, 1000],
                temperature=[16.0, 16.0], ms_solid_storage=[1.0, None], ms_daily_spread=[None, 0.0])
    r = afolu.compute({"livestock": df}, ctx)
    d = _rec(r, 2, "manure_n2o_direct")
    # 60.0425 t N all in solid storage: 60.0425 x 0.005 x 44/28
    assert float(d["emissions_t"]) == pytest.approx(60.0425 * 0.005 * N2O, rel=REL)
    assert "default MS" not in d["detail"]
    # row 3 gives ms_daily_spread 0 only: no N managed in any system, no manure N2O records
    assert r[(r["row"] == 3) & r["method"].str.startswith("manure_n2o")].empty


def test_parent_category_and_any_region(ctx: Context) -> None:
    # market swine use the swine rows with an empty region; Nex from the row's typical_mass
    df = _sheet(gpc_ref=["V.1"], animal=["market_swine"], amount=[10000], temperature=[20.0], typical_mass=[50.0])
    assert afolu.validate({"livestock": df}, ctx) == []
    r = afolu.compute({"livestock": df}, ctx)
    # Nrate Asia market swine (Table 10.19, EFDB 417235) 0.42 kg N/t/day: Nex = 0.42 x 50 / 1000 x 365
    # = 7.665 kg N; N = 10 000 x 7.665 / 1000 = 76.65 t N. EF3 solid storage 0.005, liquid slurry 0
    n = 76.65
    d = _rec(r, 2, "manure_n2o_direct")
    assert float(d["emissions_t"]) == pytest.approx(n * 0.4 * 0.005 * N2O, rel=REL)
    assert "default MS (Annex 10A, all regions) for swine" in d["detail"]
    # volatilisation, swine (Table 10.22): liquid slurry 0.48, solid storage 0.45
    v = _rec(r, 2, "manure_n2o_indirect_volatilisation")
    assert float(v["emissions_t"]) == pytest.approx(n * (0.6 * 0.48 + 0.4 * 0.45) * 0.01 * N2O, rel=REL)


def test_default_ms_needs_nex(ctx: Context) -> None:
    # sheep: default MS (pasture) but no default TAM -> nex or typical_mass is asked for
    df = _sheet(gpc_ref=["V.1"], animal=["sheep"], amount=[500], temperature=[12.0])
    cols = {(p.row, p.column) for p in afolu.validate({"livestock": df}, ctx)}
    assert (2, "nex") in cols


def test_ipcc2006_without_table_unchanged() -> None:
    ctx = Context.from_settings(Settings(year=2023, country="CN"))
    df = _sheet(gpc_ref=["V.1"], animal=["dairy_cattle"], amount=[1000], temperature=[16.0])
    r = afolu.compute({"livestock": df}, ctx)
    assert set(r["method"]) == {"enteric_t1", "manure_ch4_t1"}
