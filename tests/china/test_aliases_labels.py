"""Chinese names where a user types (fuel and header aliases) and reads (labels, GPC terms)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pandas as pd
import pytest

from gpc import taxonomy
from gpc.activity_catalogue import resolve_activity
from gpc.i18n.terms import gpc_terms
from gpc.i18n.zh import label, labels
from gpc.io.sheets import header_key, sheet_spec

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "gpc" / "data"

EXPECTED_FUELS = {
    "原煤": "raw_coal", "洗精煤": "washed_coal", "其他洗煤": "other_washed_coal", "型煤": "briquettes",
    "焦炭": "coke_oven_coke", "焦炉煤气": "coke_oven_gas", "高炉煤气": "blast_furnace_gas",
    "转炉煤气": "oxygen_steel_furnace_gas", "其他煤气": "other_gas", "其他焦化产品": "other_coking_products",
    "原油": "crude_oil", "汽油": "motor_gasoline", "煤油": "other_kerosene", "航空煤油": "jet_kerosene",
    "柴油": "gas_diesel_oil", "燃料油": "residual_fuel_oil", "石脑油": "naphtha", "润滑油": "lubricants",
    "石油焦": "petroleum_coke", "液化石油气": "lpg", "炼厂干气": "refinery_gas", "其他石油制品": "other_petroleum_products",
    "天然气": "natural_gas", "液化天然气": "lng", "电力": "grid_electricity", "热力": "district_heat",
    "煤矸石": "coal_gangue", "生物质": "other_primary_solid_biomass", "无烟煤": "anthracite",
    "烟煤": "other_bituminous_coal", "褐煤": "lignite", "石蜡": "paraffin_waxes", "溶剂油": "white_spirit_sbp",
    "石油沥青": "bitumen", "ＬＰＧ": "lpg",
    # English common names (some are the lead's activity_aliases.csv, read together with ours)
    "diesel": "gas_diesel_oil", "Gasoline": "motor_gasoline", "petrol": "motor_gasoline", "LPG": "lpg",
    "CNG": "natural_gas", "coke": "coke_oven_coke", "fuel oil": "residual_fuel_oil",
    "heavy fuel oil": "residual_fuel_oil", "raw coal": "raw_coal", "aviation kerosene": "jet_kerosene",
}


def all_fuels() -> frozenset[str]:
    ids = set(pd.read_csv(DATA / "fuels.csv", dtype=str)["fuel"]) | set(pd.read_csv(DATA / "fuels_china.csv", dtype=str)["fuel"])
    return frozenset(ids | {"grid_electricity", "district_heat"})


@pytest.mark.parametrize("alias, fuel", sorted(EXPECTED_FUELS.items()))
def test_fuel_alias(alias: str, fuel: str) -> None:
    assert resolve_activity(alias, all_fuels()) == fuel


def test_lng_english_and_chinese() -> None:
    # English "LNG" is natural gas in the lead's alias list; 液化天然气 is the China id with its own NCV per tonne
    assert resolve_activity("LNG", all_fuels()) in {"lng", "natural_gas"}


def test_every_alias_targets_a_known_fuel() -> None:
    table = pd.read_csv(DATA / "aliases_fuels_zh.csv", dtype=str, keep_default_na=False)
    assert set(table.columns) == {"alias", "fuel", "source"}
    assert set(table["fuel"]) <= all_fuels(), set(table["fuel"]) - all_fuels()
    assert (table["source"] != "").all()
    assert not table["alias"].str.casefold().duplicated().any()


@pytest.mark.parametrize("sheet, header, column", [
    ("activity", "参考编号", "gpc_ref"), ("activity", "GPC编号", "gpc_ref"), ("activity", "活动", "activity"),
    ("activity", "燃料", "activity"), ("activity", "数量", "amount"), ("activity", "活动水平", "amount"),
    ("activity", "单位", "unit"), ("activity", "气体", "gas"), ("activity", "标注符号", "notation_key"),
    ("activity", "说明", "explanation"), ("activity", "二氧化碳排放因子", "ef_co2"),
    ("activity", "数据质量", "data_quality"), ("activity", "数据来源", "source"), ("activity", "低位发热量", "ncv"),
    ("city", "名称", "name"), ("city", "城市", "name"), ("city", "年份", "year"), ("city", "省份", "region"),
    ("city", "核算指南", "guideline"), ("city", "线损率", "td_loss_rate"), ("city", "常住人口", "population"),
])
def test_header_alias(sheet: str, header: str, column: str) -> None:
    assert sheet_spec(sheet).header_map()[header_key(header)] == column


def test_header_aliases_name_real_columns() -> None:
    table = pd.read_csv(DATA / "headers_zh.csv", dtype=str, keep_default_na=False)
    for sheet in ("activity", "city"):
        names = set(sheet_spec(sheet).names)
        assert set(table.loc[table["sheet"] == sheet, "column"]) <= names
    assert set(table.loc[table["sheet"] == "city_header", "column"]) == {"field", "value"}


def _placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_labels_complete_and_consistent() -> None:
    t = labels()
    assert t.index.is_unique
    assert (t["en"] != "").all() and (t["zh"] != "").all()
    for key, row in t.iterrows():
        assert _placeholders(row["en"]) == _placeholders(row["zh"]), key
    for name in ("provincial", "key_areas", "three_industries"):
        assert f"sheet.{name}_view" in t.index
    assert label("view.provincial.electricity_memo") == "电力调入调出间接排放"
    assert label("sheet.summary") == "汇总"  # not ours: from labels.csv through gpc.i18n


def test_labels_used_in_china_modules_exist() -> None:
    used: set[str] = set()
    for name in ("factors/china.py", "reports/views_zh.py", "io/energy_balance.py", "io/energy_balance_read.py",
                 "io/energy_balance_map.py", "io/energy_balance_reconcile.py"):
        text = (REPO / "gpc" / name).read_text(encoding="utf-8")
        used |= set(re.findall(r"""label\(\s*["']([a-z_]+\.[A-Za-z_.+]+)["']""", text))
    assert used, "no label keys found in the code"
    assert used <= set(labels().index), used - set(labels().index)
    views = pd.read_csv(DATA / "views_zh.csv", dtype=str)
    for v, c in zip(views["view"], views["category"]):
        assert f"view.{v}.{c}" in labels().index


def test_gpc_terms() -> None:
    t = gpc_terms()
    refs = t.loc[t["kind"].isin(["sector", "subsector", "row"]), "key"]
    assert len(refs) and all(taxonomy.is_ref(r) or r in {"I", "II", "III", "IV", "V", "VI"}
                             or taxonomy.is_ref(r + ".1") for r in refs)
    assert set(t["verified"]) <= {"V2", "V", "M"}
    assert (t["checked"] != "").all() and (t["source"] != "").all()
    by = t.set_index(["kind", "key"])["name_zh"]
    assert by["sector", "IV"] == "工业生产过程和产品使用"
    assert by["sector", "V"] == "农业、林业和其他土地利用"
    assert by["concept", "CONCEPT.scope1"] == "范围一"
