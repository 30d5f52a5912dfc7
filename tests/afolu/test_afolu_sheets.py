"""The livestock, rice and land_use sheets (gpc.sectors.afolu) against hand calculations."""

from __future__ import annotations

import pandas as pd
import pytest

from gpc.context import Context, Settings
from gpc.sectors import afolu
from tests.conftest import typed_sheet

REL = 1e-9


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context.from_settings(Settings(year=2023, country="CN"))


_sheet = typed_sheet


def _by(records: pd.DataFrame, row: int, method: str) -> float:
    hit = records[(records["row"] == row) & (records["method"] == method)]
    assert len(hit) == 1, (row, method, records[["row", "method"]])
    return float(hit["emissions_t"].iloc[0])


def test_livestock_china_defaults_to_asia(ctx: Context) -> None:
    df = _sheet("livestock", gpc_ref=["V.1", "V.1", "V.1"], animal=["dairy_cattle", "swine", "sheep"],
                amount=[1000, 2, 500], unit=["head", "万头", None], temperature=[16.4, 21.0, 12.0],
                ms_solid_storage=[0.5, None, None], ms_pasture=[0.2, None, 0.5], ms_liquid_slurry=[None, 0.6, None],
                typical_mass=[None, 28, None], nex=[None, None, 12])
    assert afolu.validate({"livestock": df}, ctx) == []
    r = afolu.compute({"livestock": df}, ctx)
    # dairy cattle, Asia (Table 10.11): 1000 x 68 kg = 68 t CH4
    assert _by(r, 2, "enteric_t1") == pytest.approx(68.0, rel=REL)
    # manure CH4, Table 10.14 Asia dairy at 16 degC (16.4 rounded): 14 kg -> 14 t
    assert _by(r, 2, "manure_ch4_t1") == pytest.approx(14.0, rel=REL)
    # Nex = 0.47 x 350 / 1000 x 365 = 60.0425 kg N; solid storage N = 1000 x 60.0425 x 0.5 / 1000 = 30.02125 t
    # direct N2O = 30.02125 x 0.005 x 44/28 = 0.2358812500 t
    assert _by(r, 2, "manure_n2o_direct") == pytest.approx(30.02125 * 0.005 * 44 / 28, rel=REL)
    # volatilisation (dairy, solid storage 30%): 30.02125 x 0.30 x 0.01 x 44/28 t, reported in V.3
    vol = r[(r["row"] == 2) & (r["method"] == "manure_n2o_indirect_volatilisation")]
    assert vol["gpc_ref"].iloc[0] == "V.3"
    assert float(vol["emissions_t"].iloc[0]) == pytest.approx(30.02125 * 0.30 * 0.01 * 44 / 28, rel=REL)
    # pasture N = 1000 x 60.0425 x 0.2 / 1000 = 12.0085 t: direct EF3PRP 0.02 x 44/28, volatilised 0.2 x 0.01,
    # leached 0.3 x 0.0075
    assert _by(r, 2, "soil_n2o_direct") == pytest.approx(12.0085 * 0.02 * 44 / 28, rel=REL)
    assert _by(r, 2, "soil_n2o_indirect_volatilisation") == pytest.approx(12.0085 * 0.002 * 44 / 28, rel=REL)
    assert _by(r, 2, "soil_n2o_indirect_leaching") == pytest.approx(12.0085 * 0.00225 * 44 / 28, rel=REL)
    # swine 2 万头 = 20 000 head: enteric 1.0 kg (developing) = 20 t; manure Asia 21 degC = 4 kg -> 80 t
    assert _by(r, 3, "enteric_t1") == pytest.approx(20.0, rel=REL)
    assert _by(r, 3, "manure_ch4_t1") == pytest.approx(80.0, rel=REL)
    # liquid slurry: EF3 0 -> direct 0; Nex = 0.40 x 28 / 1000 x 365 = 4.088 kg; N = 20 000 x 4.088 x 0.6 / 1000
    # = 49.056 t; volatilised (swine, liquid/slurry 48%) 49.056 x 0.48 x 0.01 x 44/28
    assert _by(r, 3, "manure_n2o_direct") == 0.0
    assert _by(r, 3, "manure_n2o_indirect_volatilisation") == pytest.approx(49.056 * 0.48 * 0.01 * 44 / 28, rel=REL)
    # sheep (developing, Table 10.10): 500 x 5 kg = 2.5 t; manure cool (12 degC), developing 0.10 kg -> 0.05 t
    assert _by(r, 4, "enteric_t1") == pytest.approx(2.5, rel=REL)
    assert _by(r, 4, "manure_ch4_t1") == pytest.approx(0.05, rel=REL)
    # sheep on pasture: 500 x 12 x 0.5 / 1000 = 3 t N, EF3PRP,SO 0.01: 3 x 0.01 x 44/28
    assert _by(r, 4, "soil_n2o_direct") == pytest.approx(0.03 * 44 / 28, rel=REL)


def test_livestock_other_region_and_temperature_columns(ctx: Context) -> None:
    df = _sheet("livestock", gpc_ref=["V.1", "V.1"], animal=["other_cattle", "market_swine"], amount=[100, 100],
                region=["western_europe", "north_america"], temperature=[9.0, 30.0])
    r = afolu.compute({"livestock": df}, ctx)
    # other cattle Western Europe: 57 kg enteric; manure Table 10.14 at <=10 degC: 6 kg
    assert _by(r, 2, "enteric_t1") == pytest.approx(5.7, rel=REL)
    assert _by(r, 2, "manure_ch4_t1") == pytest.approx(0.6, rel=REL)
    # market swine North America (developed): enteric 1.5 kg; manure at >=28 degC: 23 kg
    assert _by(r, 3, "enteric_t1") == pytest.approx(0.15, rel=REL)
    assert _by(r, 3, "manure_ch4_t1") == pytest.approx(2.3, rel=REL)


def test_livestock_problems(ctx: Context) -> None:
    df = _sheet("livestock", gpc_ref=["V.2", "V.1"], animal=["dairy_cattle", "swine"], amount=[1, 1],
                ms_lagoon=[0.7, 0.5], ms_pasture=[0.5, None])
    cols = {(p.row, p.column) for p in afolu.validate({"livestock": df}, ctx)}
    assert {(2, "gpc_ref"), (2, "temperature"), (2, "ms_pasture"), (3, "temperature"), (3, "nex")} <= cols


def test_rice_sheet(ctx: Context) -> None:
    df = _sheet("rice", gpc_ref=["V.3", "V.3"], area=[1000, 15], unit=["ha", "万亩"], days=[120, 100],
                water_regime=["intermittent_single_aeration", None], preseason=[None, "non_flooded_long"],
                straw_short=[2.0, None])
    problems = afolu.validate({"rice": df}, ctx)
    # row 2 leaves preseason blank: a warning says the aggregated SFp 1.22 is used
    assert [(p.row, p.column, p.severity) for p in problems] == [(2, "preseason", "warning")]
    e = afolu.compute({"rice": df}, ctx)["emissions_t"].tolist()
    # preseason blank = unknown, SFp 1.22 (Table 5.13 aggregated case; was 1.0 before issue #13):
    # 1.30 x 0.60 x 1.22 x (1 + 2 x 1)^0.59 = 0.9516 x 3^0.59 kg/ha/day; x 120 days x 1000 ha / 1000
    assert e[0] == pytest.approx(1.30 * 0.60 * 1.22 * 3 ** 0.59 * 120, rel=REL)
    # 15 万亩 = 10 000 ha; 1.30 x 1 x 0.68 = 0.884 kg/ha/day x 100 days x 10 000 ha = 884 000 kg = 884 t
    assert e[1] == pytest.approx(884.0, rel=REL)


def test_land_use_sheet(ctx: Context) -> None:
    df = _sheet("land_use", gpc_ref=["V.2"] * 4,
                land_from=["forest_land", "forest_land", "cropland", "grassland"],
                land_to=["forest_land", "settlements", "forest_land", "cropland"],
                area=[10_000, 100, 50, 20], zone=["subtropical_humid_forest"] * 3 + ["warm_temperate_wet"],
                continent=["asia_continental"] * 3 + [None], wood_removals=[1000, None, None, None],
                bcef_r=[0.8, None, None, None], soc_before=[None, None, None, 60], soc_after=[None, None, None, 40])
    assert afolu.validate({"land_use": df}, ctx) == []
    r = afolu.compute({"land_use": df}, ctx)
    e = r["emissions_t"].tolist()
    # forest remaining forest: Table 4.9 Asia continental >20 y: 2.0 t dm/ha/yr; R 0.24 (AGB 180 > 125);
    # gain = 10 000 x 2 x 1.24 x 0.47 = 11 656 t C; removals 1000 m3 x 0.8 x 1.24 x 0.47 = 466.24 t C
    # CO2 = -(11 656 - 466.24) x 44/12 = -41 029.12 t
    assert e[0] == pytest.approx(-(11_656 - 466.24) * 44 / 12, rel=REL)
    # forest to settlements: before 180 x 1.24 x 0.47 = 104.904 t C/ha, after 0: 100 x -104.904 = -10 490.4 t C
    # CO2 = +38 464.8 t
    assert e[1] == pytest.approx(10_490.4 * 44 / 12, rel=REL)
    # cropland to forest: growth <=20 y 9.0 t dm: 50 x 9 x 1.24 x 0.47 = 262.26 t C; conversion 50 x (0 - 5) = -250
    # CO2 = -(262.26 - 250) x 44/12 = -44.9533 t
    assert e[2] == pytest.approx(-(262.26 - 250) * 44 / 12, rel=REL)
    # grassland (warm temperate wet 13.5 t dm x 0.47 = 6.345 t C/ha) to cropland (5 t C/ha) on 20 ha:
    # biomass 20 x (5 - 6.345) = -26.9 t C; soil 20 x (40 - 60) / 20 = -20 t C; CO2 = 46.9 x 44/12
    assert e[3] == pytest.approx(46.9 * 44 / 12, rel=REL)
    assert (r["gas"] == "CO2").all() and (r["gpc_ref"] == "V.2").all()


def test_land_use_needs_parameters_without_defaults(ctx: Context) -> None:
    df = _sheet("land_use", gpc_ref=["V.2"], land_from=["cropland"], land_to=["forest_land"], area=[10],
                zone=["nowhere"])
    cols = {p.column for p in afolu.validate({"land_use": df}, ctx)}
    assert {"growth", "root_shoot"} <= cols
