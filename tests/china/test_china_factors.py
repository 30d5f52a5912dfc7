"""The china factor set: descriptors, ids, flags, the transcription of the reference pack, and CO2 arithmetic."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from gpc.china import select_fuel_parameters
from gpc.factors import load_factor_set
from gpc.units import factor_to, parse_unit

REPO = Path(__file__).resolve().parents[2]
SET = REPO / "emission_factors" / "china"
REFERENCE = REPO.parent / "shared" / "reference"  # maintainers' reference pack; users do not have it
TABLES = sorted(p.stem for p in SET.glob("*.csv"))
GUIDELINES = ["gbt32151_2024", "ndrc_enterprise_2013", "provincial_2011", "yearbook_ncv"]


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(SET / f"{name}.csv", dtype=str, keep_default_na=False)


def known_fuels() -> set[str]:
    data = REPO / "gpc" / "data"
    ids = set(pd.read_csv(data / "fuels.csv", dtype=str)["fuel"]) | set(pd.read_csv(data / "fuels_china.csv", dtype=str)["fuel"])
    return ids | {"grid_electricity", "district_heat"}


def test_set_yaml() -> None:
    meta = yaml.safe_load((SET / "_set.yaml").read_text(encoding="utf-8"))
    assert meta["id"] == "china" and meta["fallback"] == "ipcc2006"
    assert [g["id"] for g in meta["guidelines"]] == GUIDELINES
    assert meta["default_guideline"] in GUIDELINES


@pytest.mark.parametrize("name", TABLES)
def test_every_table_is_described(name: str) -> None:
    descriptor = yaml.safe_load((SET / f"{name}.yaml").read_text(encoding="utf-8"))
    table = read(name)
    assert list(descriptor["columns"]) == list(table.columns)
    for spec in descriptor["columns"].values():
        if spec and "unit_column" in spec:
            for unit in table[spec["unit_column"]].unique():
                parse_unit(unit)


@pytest.mark.parametrize("name", TABLES)
def test_rows_keep_source_and_flag(name: str) -> None:
    table = read(name)
    assert (table["source"].str.len() > 10).all()
    if "verified" in table.columns:
        assert set(table["verified"]) <= {"V2", "V", "M"}


def test_fuel_ids_are_project_fuels() -> None:
    fuels = read("fuel_properties")
    assert set(fuels["fuel"]) <= known_fuels(), set(fuels["fuel"]) - known_fuels()
    assert set(fuels["guideline"]) <= set(GUIDELINES)
    assert set(fuels["parameter"]) == {"ncv", "carbon_content", "oxidation_factor"}
    assert not fuels.duplicated(["fuel", "guideline", "parameter"]).any()
    mapping = pd.read_csv(REPO / "emission_factors" / "ipcc2006" / "fuels_ipcc_map.csv", dtype=str,
                          keep_default_na=False)  # the stand-ins live with the IPCC set
    ipcc = set(pd.read_csv(REPO / "gpc" / "data" / "fuels.csv", dtype=str)["fuel"])
    assert set(mapping["ipcc_fuel"]) <= ipcc
    china_only = set(pd.read_csv(REPO / "gpc" / "data" / "fuels_china.csv", dtype=str)["fuel"])
    assert china_only <= set(mapping["fuel"]), "every China-only fuel needs an IPCC stand-in for CH4/N2O"


def test_grid_table_shape() -> None:
    grid = read("grid_electricity")
    provinces = grid[grid["region_level"] == "province"]
    assert provinces["region"].nunique() == 30 and "CN-XZ" not in set(provinces["region"])
    for year in ("2021", "2022", "2023"):
        assert len(provinces[(provinces["data_year"] == year) & (provinces["variant"] == "average")]) == 30
        assert len(grid[(grid["region_level"] == "grid") & (grid["data_year"] == year)]) == 7
    ets = grid[(grid["variant"] == "ets")]
    assert "0.5703" in set(ets["value"])
    region_grid = read("region_grid")
    assert set(provinces["region"]) | {"CN-XZ"} == set(region_grid["province"])
    assert set(region_grid["grid"]) <= set(grid.loc[grid["region_level"] == "grid", "region"])
    assert region_grid.set_index("province").at["CN-XZ", "grid"] == "CN-grid-southwest"


def test_provinces_fall_in_the_seven_grids() -> None:
    # the seven-grid coverage of the MEE/NBS regional factors (蒙西 → North; 蒙东 is in the Northeast grid,
    # the province as a whole maps to North), written out here from region_grid.yaml's sources
    seven = {
        "CN-grid-north": "北京 天津 河北 山西 山东 内蒙古",
        "CN-grid-northeast": "辽宁 吉林 黑龙江",
        "CN-grid-east": "上海 江苏 浙江 安徽 福建",
        "CN-grid-central": "河南 湖北 湖南 江西",
        "CN-grid-northwest": "陕西 甘肃 青海 宁夏 新疆",
        "CN-grid-south": "广东 广西 云南 贵州 海南",
        "CN-grid-southwest": "四川 重庆 西藏",
    }
    region_grid = read("region_grid")
    got = region_grid.groupby("grid")["name_zh"].agg(set).to_dict()
    assert got == {g: set(names.split()) for g, names in seven.items()}
    assert set(region_grid["verified"]) <= {"V2", "V"}


def test_units_are_plausible() -> None:
    fuels = read("fuel_properties")
    ncv = fuels[fuels["parameter"] == "ncv"]
    for r in ncv.itertuples():
        per = "GJ/t" if r.unit == "GJ/t" else "MJ/m3"
        x = float(r.value) * factor_to(r.unit, per)
        assert (3 < x < 60) if per == "GJ/t" else (3 < x < 45), (r.fuel, x)
    cc = fuels[fuels["parameter"] == "carbon_content"]
    assert cc["value"].astype(float).between(10, 75).all()
    of = fuels[fuels["parameter"] == "oxidation_factor"]
    assert of["value"].astype(float).between(0.85, 1).all()


def test_purchased_heat_default() -> None:
    heat = read("district_heat")
    assert heat.loc[0, "value"] == "0.11" and heat.loc[0, "unit"] == "t/GJ"


def test_raw_coal_co2_from_parameters() -> None:
    """原煤 under the provincial guideline: NCV 20.908 GJ/t, carbon 26.37 t C/TJ, oxidation 0.94."""
    fs = load_factor_set("china")
    chosen, warnings = select_fuel_parameters(fs.table("fuel_properties"), "provincial_2011", GUIDELINES,
                                              fuels=["raw_coal"])
    p = chosen.set_index("parameter")
    assert warnings == []
    ncv_gj_per_t = p.at["ncv", "value"] * factor_to(p.at["ncv", "unit"], "GJ/t")
    c_t_per_gj = p.at["carbon_content", "value"] * factor_to(p.at["carbon_content", "unit"], "t/GJ")
    co2_t_per_t = ncv_gj_per_t * c_t_per_gj * p.at["oxidation_factor", "value"] * 44 / 12
    # 20.908 GJ/t × 0.02637 t C/GJ × 0.94 × 44/12 = 1.9003... t CO2 per t of raw coal
    assert co2_t_per_t == pytest.approx(20.908 * 0.02637 * 0.94 * 44 / 12, rel=1e-12)
    assert co2_t_per_t == pytest.approx(1.9003, abs=5e-5)


def test_natural_gas_ncv_per_cubic_metre() -> None:
    """天然气 389.31 GJ/10^4 Nm3 (GB/T 32151.22 表C.1) is 38.931 MJ/m3; CO2 = 38.931 × 15.3e-3 × 0.99 × 44/12 kg/m3."""
    fs = load_factor_set("china")
    chosen, _ = select_fuel_parameters(fs.table("fuel_properties"), "gbt32151_2024", GUIDELINES, fuels=["natural_gas"])
    p = chosen.set_index("parameter")
    mj_per_m3 = p.at["ncv", "value"] * factor_to(p.at["ncv", "unit"], "MJ/m3")
    assert mj_per_m3 == pytest.approx(389.31 * 1000 / 10_000)
    kg_co2_per_m3 = mj_per_m3 * p.at["carbon_content", "value"] / 1000 * p.at["oxidation_factor", "value"] * 44 / 12
    assert kg_co2_per_m3 == pytest.approx(38.931 * 0.0153 * 0.99 * 44 / 12)


def test_guideline_fallback_order_and_warnings() -> None:
    fs = load_factor_set("china")
    table = fs.table("fuel_properties")
    chosen, warnings = select_fuel_parameters(table, "gbt32151_2024", GUIDELINES,
                                              fuels=["raw_coal", "anthracite", "jet_kerosene"])
    src = chosen.set_index(["fuel", "parameter"])["guideline"]
    assert src[("anthracite", "ncv")] == "gbt32151_2024"
    assert src[("raw_coal", "ncv")] == "provincial_2011"  # GB/T 32151 has no 原煤
    assert src[("jet_kerosene", "ncv")] == "ipcc2006"  # not in the china set: the fallback set's row
    assert len(warnings) == 2 and any("raw_coal" in w for w in warnings)
    with pytest.raises(ValueError, match="unknown guideline"):
        select_fuel_parameters(table, "nope", GUIDELINES)


def test_guidelines_differ_for_anthracite() -> None:
    """The reference warns that guidelines differ: 26.7 GJ/t (GB/T 32151.22) vs 20.304 GJ/t (NDRC)."""
    fuels = read("fuel_properties")
    a = fuels[(fuels["fuel"] == "anthracite") & (fuels["parameter"] == "ncv")].set_index("guideline")["value"]
    assert a["gbt32151_2024"] == "26.7" and a["ndrc_enterprise_2013"] == "20.304"


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference pack (../shared/reference) is not here")
def test_transcription_matches_reference() -> None:
    ref = pd.read_csv(REFERENCE / "china_fuel_parameters.csv", dtype=str, keep_default_na=False)
    ours = read("fuel_properties")
    n_ref = len(ref) + (ref["carbon_content_tC_per_TJ"] != "").sum() + (ref["oxidation_rate"] != "").sum()
    assert len(ours) == n_ref
    cc = sorted(ours.loc[ours["parameter"] == "carbon_content", "value"].astype(float))
    assert cc == sorted(ref.loc[ref["carbon_content_tC_per_TJ"] != "", "carbon_content_tC_per_TJ"].astype(float))
    grid = pd.read_csv(REFERENCE / "china_grid_factors.csv", dtype=str, keep_default_na=False)
    ours_grid = read("grid_electricity")
    assert len(grid) == len(ours_grid)
    assert sorted(grid["value"].astype(float)) == sorted(ours_grid["value"].astype(float))
    assert sorted(grid["verified"]) == sorted(ours_grid["verified"])
    tce = pd.read_csv(REFERENCE / "china_tce_coefficients.csv", dtype=str, keep_default_na=False)
    assert sorted(tce["coefficient"]) == sorted(read("tce_coefficients")["value"])
    other = pd.read_csv(REFERENCE / "china_other_factors.csv", dtype=str, keep_default_na=False).set_index("factor_id")
    assert other.at["purchased_heat_default", "value"] == read("district_heat").loc[0, "value"]


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference pack (../shared/reference) is not here")
def test_sar_gwps_match_reference() -> None:
    """SAR GWPs of the reference (CH4 21, N2O 310, SF6 23900 …) are those of gpc.gwp."""
    from gpc.gwp import gwp

    other = pd.read_csv(REFERENCE / "china_other_factors.csv", dtype=str, keep_default_na=False)
    names = {"gwp_sar_co2": "CO2", "gwp_sar_ch4": "CH4", "gwp_sar_n2o": "N2O", "gwp_sar_sf6": "SF6",
             "gwp_sar_hfc134a": "HFC-134a", "gwp_sar_cf4": "CF4", "gwp_sar_hfc23": "HFC-23",
             "gwp_sar_hfc32": "HFC-32", "gwp_sar_hfc125": "HFC-125"}
    for fid, gas in names.items():
        value = float(other.set_index("factor_id").at[fid, "value"])
        assert math.isclose(float(gwp(gas, "SAR")), value), (gas, value)
