"""``gpc trend --lang zh``: the trend workbook and the printed lines in Chinese, the numbers the English run's.

Three years of grid electricity (rows I.1.2 and I.2.2, activity ±5 / ±10 %, factor ±10 / ±20 %):

year  MWh (I.1.2, I.2.2)  grid factor  BASIC t CO2e
2019  200, 100            0.5 t/MWh    100 + 50 = 150
2021  240,  80            0.6 t/MWh    144 + 48 = 192   ← peak
2023  220,  60            0.5 t/MWh    110 + 30 = 140   (192 − 140) / 192 = 27.1 % below the peak

The grid factor changes 2019→2021 and 2021→2023: two ``factor_values`` flags (Recalculation).
Trend 2019→2023 by IPCC 2006 Vol. 1 Table 3.3 (Approach 1), worked in ``_hand``.
"""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from gpc.cli.export import trend_command
from tests.conftest import write_workbook

YEARS = {2019: ((200, 100), 0.5), 2021: ((240, 80), 0.6), 2023: ((220, 60), 0.5)}
SHEETS_ZH = ["趋势", "分部门", "分GPC行", "重新计算", "趋势不确定性"]
SHEETS_EN = ["Trend", "By sector", "By GPC row", "Recalculation", "Trend uncertainty"]


def _hand() -> float:
    """± percentage points of the 2019→2023 trend, IPCC 2006 Vol. 1 Eq. in Table 3.3 (Approach 1)."""
    # base C = 100, 50 t (ΣC = 150); current D = 110, 30 t (ΣD = 140)
    a_1 = (0.01 * 110 + 140) / (0.01 * 100 + 150) * 100 - 140 / 150 * 100      # type A sensitivity
    a_2 = (0.01 * 30 + 140) / (0.01 * 50 + 150) * 100 - 140 / 150 * 100
    b_1, b_2 = 110 / 150, 30 / 150                                             # type B sensitivity
    k = (a_1 * 10) ** 2 + (a_2 * 20) ** 2                                      # factors correlated
    l_ = (b_1 * 5 * math.sqrt(2)) ** 2 + (b_2 * 10 * math.sqrt(2)) ** 2         # activity data independent
    return math.sqrt(k + l_)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("trend_zh")
    paths = []
    for year, (mwh, ef) in YEARS.items():
        rows = [{"gpc_ref": r, "activity": "grid_electricity", "amount": a, "unit": "MWh", "ad_uncertainty": u_ad,
                 "ef_uncertainty": u_ef} for r, a, u_ad, u_ef in zip(("I.1.2", "I.2.2"), mwh, (5, 10), (10, 20))]
        paths.append(str(write_workbook(tmp / f"c{year}.xlsx", {"name": "T", "year": year,
                                                                 "grid_factor": f"{ef} t/MWh"}, rows)))
    out = {}
    for lang in ("en", "zh"):
        res = CliRunner().invoke(trend_command, [*paths, "-o", str(tmp / f"{lang}.xlsx"), "--lang", lang,
                                                 "--uncertainty", "1"])
        assert res.exit_code == 0, res.output
        out[lang] = (res.output, openpyxl.load_workbook(tmp / f"{lang}.xlsx"))
    return out


def test_sheet_names_and_headers_are_chinese(runs) -> None:
    _, zh = runs["zh"]
    _, en = runs["en"]
    assert zh.sheetnames == SHEETS_ZH
    assert en.sheetnames == SHEETS_EN
    t = zh["趋势"]
    assert t["A1"].value == "T — GPC排放趋势 2019–2023年"
    assert t["A2"].value.startswith("单位：吨二氧化碳当量")
    heads = [c.value for c in t[4]]
    assert heads[0] == "年份" and heads[4] == "BASIC变化（吨）" and heads[10] == "排放因子集"
    assert heads[1] == "BASIC（基本级）"                     # the GPC term, as gpc build writes it
    # the verdict under the table: peak 2021 at 192 t, 2023 (192 − 140) / 192 = 27.1 % below it
    assert t["A9"].value == "迄今峰值（BASIC）：2021年，192 吨二氧化碳当量。2023年比峰值低27.1%。"
    assert t["A10"].value.startswith("各年份之间有2处排放因子或方法的变化")
    assert t["L6"].value == "因子值" and t["L7"].value == "因子值"
    assert [c.value for c in zh["分部门"][1]][:2] == ["年份", "I 固定能源"]
    assert zh["分GPC行"]["A1"].value == "GPC编号"
    assert [c.value for c in zh["重新计算"][1]] == ["起始年份", "对比年份", "变化内容", "详情"]
    assert zh["重新计算"]["C2"].value == "因子值"
    u = zh["趋势不确定性"]
    assert [c.value for c in u[1]] == ["总量", "基准年", "对比年份", "基准年排放（吨二氧化碳当量）",
                                       "对比年排放（吨二氧化碳当量）", "变化（吨）", "变化（%）", "±百分点（95%）",
                                       "趋势区间下限（%）", "趋势区间上限（%）", "变化大于其不确定性", "方法"]
    assert u["A2"].value == "BASIC（基本级）"


def test_numbers_equal_the_english_run(runs) -> None:
    _, zh = runs["zh"]
    _, en = runs["en"]
    for s_en, s_zh in zip(SHEETS_EN, SHEETS_ZH):
        a, b = en[s_en], zh[s_zh]
        assert (a.max_row, a.max_column) == (b.max_row, b.max_column)
        for ra, rb in zip(a.iter_rows(), b.iter_rows()):
            for ca, cb in zip(ra, rb):
                if isinstance(ca.value, (int, float)):          # bool too: the verdict of each total
                    assert cb.value == ca.value, (s_en, ca.coordinate)
                else:
                    assert not isinstance(cb.value, (int, float)), (s_zh, cb.coordinate)
    t = zh["趋势"]
    assert [t.cell(r, 2).value for r in (5, 6, 7)] == pytest.approx([150, 192, 140])   # BASIC per year
    u = zh["趋势不确定性"]
    assert u["D2"].value == pytest.approx(150) and u["E2"].value == pytest.approx(140)
    assert u["G2"].value == pytest.approx(-10 / 150 * 100)                          # −6.667 %
    assert u["H2"].value == pytest.approx(_hand(), rel=1e-9)
    assert u["K2"].value is (abs(-10 / 150 * 100) > _hand())


def test_the_printed_lines_are_chinese(runs) -> None:
    out_zh, _ = runs["zh"]
    out_en, _ = runs["en"]
    assert "2021年（AR5）：BASIC 192 吨二氧化碳当量（+28.0%）" in out_zh             # 192 / 150 − 1 = +28.0 %
    assert "迄今峰值（BASIC）：2021年；2023年比峰值低27.1%" in out_zh
    pct, u = -10 / 150 * 100, _hand()
    verdict = "变化大于其不确定性" if abs(pct) > u else "变化在其不确定性范围内"
    assert (f"2019→2023年变化（BASIC（基本级））：{pct:+.1f}%（95%区间 {pct - u:+.1f}% 至 {pct + u:+.1f}%，方法1）："
            f"{verdict}") in out_zh
    assert "注：各年份之间有2处排放因子或方法的变化" in out_zh
    assert "已写入" in out_zh
    assert f"change 2019→2023 (BASIC): {pct:+.1f}% (95% interval {pct - u:+.1f}% to {pct + u:+.1f}%" in out_en
    assert "peak so far (BASIC): 2021; 2023 is 27.1% below it" in out_en


def test_recalculation_detail_in_chinese() -> None:
    import pandas as pd

    import gpc
    from gpc.trend import Trend

    def year(y: int, gwp: str):
        df = pd.DataFrame({"gpc_ref": ["I.1.2"], "activity": ["grid_electricity"], "amount": [10], "unit": ["MWh"]})
        return gpc.calculate(df, city={"year": y, "grid_factor": "0.5 t/MWh"}, gwp=gwp)

    rec = Trend([year(2019, "AR4"), year(2020, "AR5")]).recalculation(lang="zh")
    assert rec["detail"].tolist() == ["GWP AR4 → AR5：请用同一套GWP（gwp=...）重新计算各年份后再比较"]
    with pytest.raises(ValueError, match="unknown language"):
        Trend([year(2019, "AR5")]).to_excel(Path("never.xlsx"), lang="fr")
