"""Build the example scenario workbooks for ``gpc project`` (docs/pathways.md).

* examples/example_city_scenario.xlsx — Example City (base year 2023) to 2060, English headers;
* examples/china_city_scenario_zh.xlsx — 示例市 (base year 2022) to 2060, Chinese sheet names and headers.

The drivers, the grid path and the actions are invented for demonstration: they are plausible in shape
(population and GDP growth slowing, a provincial grid decarbonising, the usual actions of a city peak plan)
but describe no real plan.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent

EXAMPLE = {
    "scenario": [("base", "example_city.xlsx"), ("horizon", 2060), ("total", "BASIC"), ("peak_years", 5),
                 ("name", "Example City peak plan (synthetic)")],
    "drivers": [
        # driver, gpc_ref, activity, in_sheet, from_year, to_year, growth, note
        ("population", "all", None, None, 2024, 2035, 0.008, "synthetic: slowing growth"),
        ("population", "all", None, None, 2036, 2060, -0.002, "synthetic: slight decline"),
        ("gdp", "I", None, None, 2024, 2030, 0.05, "synthetic: GDP growth of energy use in buildings and industry"),
        ("gdp", "I", None, None, 2031, 2060, 0.03, "synthetic"),
        ("energy_intensity", "I", None, None, 2024, 2060, -0.035, "synthetic: energy per unit GDP falls 3.5 %/yr"),
        ("vehicle_km", "II.1", None, None, 2024, 2040, 0.02, "synthetic: road transport"),
    ],
    "grid": [(2030, 0.48, "t/MWh", "synthetic provincial path"), (2045, 0.25, "t/MWh", "synthetic"),
             (2060, 0.05, "t/MWh", "synthetic")],
    "actions": [
        # scenario, action, type, gpc_ref, activity, share, start, full, to_activity, to_gpc_ref, eff_from, eff_to, note
        ("peak plan", "building retrofit", "reduce", "I.1", None, 0.20, 2025, 2035, None, None, None, None,
         "20 % less energy in residential buildings"),
        ("peak plan", "industrial coal to gas", "switch", "I.3.1", "other_bituminous_coal", 0.50, 2025, 2040,
         "natural_gas", None, 0.80, 0.90, "boiler efficiencies 80 % → 90 %"),
        ("peak plan", "electric vehicles", "switch", "II.1.1", "motor_gasoline", 0.60, 2025, 2045,
         "grid_electricity", None, 0.25, 0.80, "tank-to-wheel efficiencies"),
        ("peak plan", "green power purchase", "renewable_electricity", "I.3.2", None, 0.30, 2025, 2035, None, None,
         None, None, "market-based"),
        ("peak plan", "food waste composting", "divert", "III.1.1", None, 0.40, 2025, 2030, "composting", None,
         None, None, "landfill diversion"),
    ],
    "targets": [("peak", 2030, None, None, "national: peak before 2030"),
                ("reduction", 2035, 2023, 0.15, "synthetic city target"),
                ("net_zero", 2060, None, None, "national carbon neutrality")],
}

CHINA = {
    "情景设置": [("基准", "output/china_city_activity.xlsx"), ("预测终止年", 2060), ("口径", "BASIC"),
             ("达峰判定年数", 5), ("名称", "示例市达峰方案（虚构）")],
    "驱动因素": [
        ("人口", "all", None, None, 2023, 2035, 0.005, "虚构"),
        ("GDP", "I", None, None, 2023, 2030, 0.055, "虚构"),
        ("GDP", "I", None, None, 2031, 2060, 0.035, "虚构"),
        ("能源强度", "I", None, None, 2023, 2060, -0.04, "虚构：单位GDP能耗年降4%"),
        ("交通需求", "II", None, None, 2023, 2040, 0.025, "虚构"),
    ],
    "电网排放因子": [(2030, 0.40, "t/MWh", "虚构省级路径"), (2060, 0.06, "t/MWh", "虚构")],
    "减排行动": [
        ("达峰方案", "工业煤改气", "switch", "I.3.1", "原煤", 0.5, 2024, 2035, "天然气", None, 0.8, 0.9, ""),
        ("达峰方案", "新能源汽车", "switch", "II.1.1", "汽油", 0.6, 2024, 2040, "电力", None, 0.25, 0.8, ""),
        ("达峰方案", "建筑节能改造", "reduce", "I.1", None, 0.2, 2024, 2035, None, None, None, None, ""),
        ("达峰方案", "绿电交易", "renewable_electricity", "I.3.2", "电力", 0.3, 2024, 2035, None, None, None, None,
         "市场法"),
        ("达峰方案", "电厂煤电灵活性改造", "reduce", "I.4.4", "原煤", 0.3, 2026, 2040, None, None, None, None, ""),
    ],
    "目标": [("peak", 2030, None, None, "2030年前达峰"), ("reduction", 2035, 2022, 0.1, "虚构"),
           ("net_zero", 2060, None, None, "2060年前碳中和")],
}

EN_COLS = {
    "scenario": ["key", "value"],
    "drivers": ["driver", "gpc_ref", "activity", "in_sheet", "from_year", "to_year", "growth", "note"],
    "grid": ["year", "factor", "unit", "source"],
    "actions": ["scenario", "action", "type", "gpc_ref", "activity", "share", "start_year", "full_year",
                "to_activity", "to_gpc_ref", "efficiency_from", "efficiency_to", "note"],
    "targets": ["target", "year", "base_year", "reduction", "note"],
}
ZH_COLS = {
    "情景设置": ["设置项", "设置值"],
    "驱动因素": ["驱动因素", "适用范围", "活动类型", "工作表", "起始年份", "终止年份", "年增长率", "说明"],
    "电网排放因子": ["年份", "排放因子", "单位", "来源"],
    "减排行动": ["情景", "行动名称", "行动类型", "适用范围", "活动类型", "比例", "开始年份", "完全生效年份",
             "替代为", "新编号", "原效率", "新效率", "说明"],
    "目标": ["目标类型", "目标年份", "基准年", "减排比例", "说明"],
}


def write(path: Path, sheets: dict, cols: dict) -> Path:
    with pd.ExcelWriter(path, engine="xlsxwriter") as xw:
        xw.book.set_properties({"created": datetime.datetime(2024, 1, 1)})   # the same bytes on every build
        for name, rows in sheets.items():
            pd.DataFrame(rows, columns=cols[name]).to_excel(xw, sheet_name=name, index=False)
    return path


def main() -> None:
    print(write(HERE / "example_city_scenario.xlsx", EXAMPLE, EN_COLS))
    print(write(HERE / "china_city_scenario_zh.xlsx", CHINA, ZH_COLS))


if __name__ == "__main__":
    main()
