"""The vehicle-register method (行驶里程法) in Chinese, under the china factor set (GB/T 32151 fuel parameters)."""

from __future__ import annotations

import pandas as pd
import pytest

import gpc

REL = 1e-9


def test_register_method_chinese_headers_china_set(workbook):
    # 1000 辆小型载客汽车 × 12 000 km × 8 升/百公里 = 960 000 L 汽油
    # × 0.753 kg/L (ipcc2006 densities.csv, the china set's fallback) = 722.88 t
    # × NCV 43.07 GJ/t (GB/T 32151.22-2024 表C.1) = 31 134.4416 GJ
    # CO2 = 31.1344416 TJ × 18.9 t C/TJ × 0.98 × 44/12 = 2 114.4645… t
    # CH4 = 31.1344416 TJ × 33 kg/TJ (IPCC 2006 Table 3.2.2) = 1.027436573 t
    city = {"name": "示例市", "country": "CN", "year": 2023, "gwp": "AR5", "factors": "china"}
    sheet = pd.DataFrame([{"参考编号": "II.1.1", "方法": "居民活动法", "车辆类型": "小型载客汽车", "燃料": "汽油",
                           "保有量": 1000, "年均行驶里程": 12000, "百公里油耗": 8, "油耗单位": "升/百公里",
                           "数据来源": "测试"}])
    inv = gpc.calculate(workbook(city, [], 道路交通=sheet))
    e = inv.emissions
    gj = 960 * 0.753 * 43.07
    assert e.loc[e["gas"] == "CO2", "emissions_t"].sum() == pytest.approx(gj / 1000 * 18.9 * 0.98 * 44 / 12, rel=REL)
    assert e.loc[e["gas"] == "CH4", "emissions_t"].sum() == pytest.approx(gj / 1000 * 33 / 1000, rel=REL)
    assert set(e["vehicle_class"]) == {"small_passenger"} and set(e["method"]) == {"resident_activity"}


def test_problems_point_at_the_sheet_as_named_in_the_workbook(workbook):
    from gpc.errors import InputError

    city = {"name": "示例市", "country": "CN", "year": 2023, "factors": "china"}
    sheet = pd.DataFrame([{"参考编号": "II.1", "方法": "居民活动法", "车辆类型": "出租车", "燃料": "汽油",
                           "保有量": 100, "百公里油耗": 8, "油耗单位": "升/百公里"}])
    with pytest.raises(InputError) as ei:
        gpc.calculate(workbook(city, [], 道路交通=sheet))
    assert ("道路交通", 2, "annual_km") in {(p.sheet, p.row, p.column) for p in ei.value.problems}
