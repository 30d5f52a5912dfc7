"""With --lang zh the problems the CLI prints are Chinese: the place (工作表，第N行，列“…”), the common
messages, and the sheets and columns as the user's workbook names them (数量, not amount)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import gpc
from gpc.cli import cli
from gpc.i18n.zh import labels, problem_text


def _zh_workbook(tmp_path: Path, rows: list[dict[str, object]], year: object = 2023) -> Path:
    path = tmp_path / "清单.xlsx"
    gpc.write_template(path, lang="zh")
    wb = openpyxl.load_workbook(path)
    city = wb["城市"]
    next(r for r in city.iter_rows(min_row=2) if r[0].value == "year")[1].value = year
    ws = wb["活动数据"]
    col = {c.value: c.column for c in ws[1]}
    for i, row in enumerate(rows, start=2):
        for k, v in row.items():
            ws.cell(i, col[k], v)
    wb.save(path)
    return path


def test_cli_prints_problems_in_chinese_with_the_users_headers(tmp_path: Path) -> None:
    src = _zh_workbook(tmp_path, [
        {"参考编号": "I.1.1", "活动": "natural_gas", "数量": "12x", "单位": "GJ"},
        {"参考编号": "I.1.1", "活动": "natural_gas", "数量": 5, "单位": "GJX"},
    ])
    for command in (["validate", str(src), "--lang", "zh"],
                    ["build", str(src), "-o", str(tmp_path / "out.xlsx"), "--lang", "zh"]):
        res = CliRunner().invoke(cli, command)
        assert res.exit_code == 2, res.output
        assert "Traceback" not in res.output
        assert "错误：输入中有 2 个问题：" in res.output
        assert "活动数据，第2行，列“数量”（值 '12x'）：不是数字" in res.output
        assert "活动数据，第3行，列“单位”（值 'GJX'）：gpc 不认识单位“GJX”" in res.output
        assert "（是否应为 'GJ'？）" in res.output
    assert not (tmp_path / "out.xlsx").exists()


def test_engine_problems_name_the_typed_columns(tmp_path: Path) -> None:
    src = _zh_workbook(tmp_path, [{"参考编号": "I.7.1", "标注符号": "NO"}])  # no explanation
    res = CliRunner().invoke(cli, ["validate", str(src), "--lang", "zh"])
    assert res.exit_code == 2, res.output
    assert "活动数据，第2行，列“说明”：标注符号需要说明" in res.output


def test_empty_year_of_the_template_is_located_in_chinese(tmp_path: Path) -> None:
    src = _zh_workbook(tmp_path, [{"参考编号": "I.1.1", "活动": "natural_gas", "数量": 1, "单位": "GJ"}], year=None)
    res = CliRunner().invoke(cli, ["validate", str(src), "--lang", "zh"])
    assert res.exit_code == 2
    assert re.search(r"城市，第\d+行，列“值”：year（清单年份）为必填项", res.output), res.output


def test_english_stays_the_default(tmp_path: Path) -> None:
    src = _zh_workbook(tmp_path, [{"参考编号": "I.1.1", "活动": "natural_gas", "数量": "12x", "单位": "GJ"}])
    res = CliRunner().invoke(cli, ["validate", str(src)])
    assert res.exit_code == 2
    assert "error: 1 problem(s) in the input:" in res.output
    assert "活动数据, row 2, column 'amount' (value '12x'): not a number" in res.output


def test_headers_travel_with_the_error(tmp_path: Path) -> None:
    src = _zh_workbook(tmp_path, [{"参考编号": "I.1.1", "活动": "natural_gas", "数量": "12x", "单位": "GJ"}])
    with pytest.raises(gpc.InputError) as err:
        gpc.read_activity(src)
    assert err.value.headers["活动数据"]["amount"] == "数量"
    (p,) = err.value.problems
    assert problem_text(p, "zh", err.value.headers).startswith("活动数据，第2行，列“数量”")
    assert problem_text(p, "zh").startswith("活动数据，第2行，列“amount”")  # without the mapping: gpc's name
    import pickle

    assert pickle.loads(pickle.dumps(err.value)).headers == err.value.headers


def test_every_error_label_keeps_its_placeholders() -> None:
    t = labels()
    for key in [k for k in t.index if k.startswith("err.")]:
        en, zh = str(t.at[key, "en"]), str(t.at[key, "zh"])
        assert zh and set(re.findall(r"\{(\w+)\}", en)) == set(re.findall(r"\{(\w+)\}", zh)), key


def test_a_yes_no_value_reads_in_chinese() -> None:
    from gpc.errors import Problem
    from gpc.i18n.zh import problem_text

    assert "（值 '是'）" in problem_text(Problem("交通", 2, "cross_check", True, "x"))
    assert "（值 '否'）" in problem_text(Problem("交通", 2, "cross_check", False, "x"))
    assert "(value True)" in str(Problem("transport", 2, "cross_check", True, "x"))
