"""Warnings in Chinese: a ``--lang zh`` workbook (and ``gpc build --lang zh``) shows every warning gpc
writes from a ``warn.*`` label in Chinese, with the same values; the English text stays for ``en``."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import gpc
from gpc.cli import cli
from gpc.errors import Problem
from gpc.i18n.zh import labels, localise, problem_text

CITY = {"name": "测试市", "year": 2022, "country": "CN", "region": "CN-HB", "gwp": "AR5", "factors": "china"}
ROW = {"gpc_ref": "I.1.1", "activity": "天然气", "amount": 1, "unit": "TJ"}
MESSAGE_KEYS = [k for k in labels().index if k.startswith(("warn.", "balance."))]


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("key", MESSAGE_KEYS)
def test_every_message_has_both_languages_with_the_same_values(key: str) -> None:
    en, zh = labels().at[key, "en"], labels().at[key, "zh"]
    assert en and zh and any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert _placeholders(en) == _placeholders(zh)
    values = {name: f"V{i}x" for i, name in enumerate(sorted(_placeholders(en)))}
    assert localise(en.format(**values)) == zh.format(**values)
    assert localise(en.format(**values), "en") == en.format(**values)


def test_text_that_is_no_template_stays() -> None:
    assert localise("something gpc never says") == "something gpc never says"


def test_problem_text_in_chinese() -> None:
    p = Problem("activity", 7, "amount", 5, "the same record as row 3 (every column equal): it is counted twice — "
                                             "delete one if it is a copy", "warning")
    assert problem_text(p) == "activity，第7行，列“amount”（值 5）：与第3行记录完全相同（各列均相等）：将被重复计算——如为重复录入请删除一行"
    assert problem_text(p, "en") == str(p)


def test_chinese_workbook_and_cli_show_warnings_in_chinese(tmp_path: Path, workbook) -> None:
    src = workbook(CITY, [ROW, ROW], notes=pd.DataFrame({"x": [1]}))  # a repeated row and a sheet gpc ignores
    out = tmp_path / "inv.xlsx"
    res = CliRunner().invoke(cli, ["build", str(src), "-o", str(out), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "警告：activity，第3行：与第2行记录完全相同" in res.output
    assert "警告：notes：不是gpc工作表，已忽略" in res.output
    rows = list(openpyxl.load_workbook(out, read_only=True)["检查"].iter_rows(values_only=True))
    messages = [r[4] for r in rows if r and r[4]]
    assert any(m.startswith("与第2行记录完全相同") for m in messages)
    assert any(m.startswith("不是gpc工作表，已忽略（已知工作表：") for m in messages)
    res = CliRunner().invoke(cli, ["build", str(src), "-o", str(tmp_path / "en.xlsx")])
    assert "warning: activity, row 3: the same record as row 2" in res.output


def test_a_parameter_from_another_guideline_is_said(workbook) -> None:
    # GB/T 32151.22-2024 (the default guideline) gives no raw-coal (原煤) parameters in the shipped table:
    # the values of another guideline are used, and the inventory says so once.
    coal = {"gpc_ref": "I.3.1", "activity": "原煤", "amount": 1, "unit": "万吨"}
    inv = gpc.calculate(workbook(CITY, [coal, coal | {"amount": 2}]))
    said = [w for w in inv.warnings if w.column == "guideline"]
    assert len(said) == 1 and said[0].message.startswith("raw_coal: ")
    assert "not in guideline gbt32151_2024" in said[0].message
    assert localise(said[0].message).startswith("raw_coal：指南gbt32151_2024中无")
    # natural gas has every parameter in the default guideline: nothing to say
    assert not [w for w in gpc.calculate(workbook(CITY, [ROW])).warnings if w.column == "guideline"]


def test_settings_sheet_records_the_guideline_and_grid_variant_used(tmp_path: Path, workbook) -> None:
    def settings(city: dict) -> dict:
        out = tmp_path / f"inv{len(city)}.xlsx"
        gpc.calculate(workbook(city, [ROW])).to_excel(out, lang="zh")
        return {r[0]: r[1] for r in openpyxl.load_workbook(out, read_only=True)["设置"].iter_rows(values_only=True)}

    s = settings(CITY)
    assert s["燃料参数指南"] == "gbt32151_2024（排放因子集china的默认值）"
    assert s["电力排放因子口径"] == "average（排放因子集china的默认值）"
    assert s["地区"] == "CN-HB" and s["国家"] == "CN"
    s = settings(CITY | {"guideline": "provincial_2011", "grid_variant": "ets"})
    assert s["燃料参数指南"] == "provincial_2011" and s["电力排放因子口径"] == "ets"


def test_standard_coal_basis_for_grid_energy(workbook) -> None:
    elec = {"gpc_ref": "I.1.2", "activity": "电力", "amount": 1, "unit": "万吨标准煤"}
    heat = {"gpc_ref": "I.2.2", "activity": "热力", "amount": 1, "unit": "万吨标准煤"}
    city = CITY | {"grid_factor": "0.5 t/MWh", "heat_factor": "0.11 t/GJ"}
    # calorific basis (当量值, default): 1 万吨标准煤 = 1e7 kgce × 29.3076 MJ = 293 076 GJ = 81 410 MWh
    e = gpc.calculate(workbook(city, [elec, heat])).emissions.set_index("activity")
    assert e.at["grid_electricity", "energy_gj"] == pytest.approx(293_076)
    assert e.at["grid_electricity", "emissions_t"] == pytest.approx(293_076 / 3.6 * 0.5)      # 40 705 t
    assert e.at["district_heat", "emissions_t"] == pytest.approx(293_076 * 0.11)              # 32 238.36 t
    assert "calorific basis (当量值)" in e.at["grid_electricity", "detail"]
    # coal-equivalent basis (等价值) with 0.300 kgce/kWh: 1e7 kgce / 0.300 = 33 333 333 kWh = 33 333.33 MWh
    city_eq = city | {"tce_basis": "coal_equivalent", "power_coal_rate": "0.300 kgce/kWh"}
    e = gpc.calculate(workbook(city_eq, [elec])).emissions.set_index("activity")
    assert e.at["grid_electricity", "energy_gj"] == pytest.approx(1e7 / 0.300 / 1000 * 3.6)
    assert e.at["grid_electricity", "emissions_t"] == pytest.approx(1e7 / 0.300 / 1000 * 0.5)  # 16 666.67 t
    assert "MWh = kgce / 0.3 kgce/kWh" in e.at["grid_electricity", "detail"]
    # no rate, or heat on the coal-equivalent basis: located errors, all at once
    with pytest.raises(gpc.InputError) as err:
        gpc.calculate(workbook(city | {"tce_basis": "coal_equivalent"}, [elec, heat]))
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "unit"), (3, "unit")]
    assert "power_coal_rate" in str(err.value) and "give the heat in GJ" in str(err.value)


def test_settings_sheet_records_the_tce_basis(tmp_path: Path, workbook) -> None:
    out = tmp_path / "inv.xlsx"
    gpc.calculate(workbook(CITY, [ROW])).to_excel(out, lang="zh")
    s = {r[0]: r[1] for r in openpyxl.load_workbook(out, read_only=True)["设置"].iter_rows(values_only=True)}
    assert s["折标准煤口径"] == "calorific（默认）" and s["火电发电标准煤耗"] is None


def test_build_prints_its_summary_in_chinese(tmp_path: Path, workbook) -> None:
    out = tmp_path / "inv.xlsx"
    res = CliRunner().invoke(cli, ["build", str(workbook(CITY, [ROW])), "-o", str(out), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[-1] == f"已写入 {out}"
    assert any(line.startswith("测试市 2022年（AR5，china）：BASIC（基本级） ") and "吨二氧化碳当量" in line
               for line in lines)
    assert any(line.startswith("注：") and "个BASIC行既无排放量也无标注符号" in line for line in lines)
