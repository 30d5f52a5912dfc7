"""Numbers as Chinese statistics write them: 万 / 亿 / 万亿 after the digits, 年 after a year, full-width
digits; a number typed together with its unit is refused with what to write where."""

from __future__ import annotations

import pytest

import gpc
from gpc.io.sheets import CellError, coerce, sheet_spec

AMOUNT = sheet_spec("activity").column("amount")
YEAR = sheet_spec("city").column("year")


@pytest.mark.parametrize("cell, value", [
    ("12万", 12 * 10_000),
    ("1.5亿", 1.5 * 100_000_000),
    ("2万亿", 2 * 10_000 * 100_000_000),
    ("１２．５万", 12.5 * 10_000),
    ("1,200,000", 1_200_000),
    ("1 200", 1200),
    ("12.5%", 0.125),
])
def test_chinese_number_words(cell: str, value: float) -> None:
    assert coerce(cell, AMOUNT) == pytest.approx(value)


@pytest.mark.parametrize("cell", ["万", "12万吨", "1200 t", "十二"])
def test_text_is_not_a_number(cell: str) -> None:
    with pytest.raises(CellError, match="not a number"):
        coerce(cell, AMOUNT)


def test_number_with_its_unit_says_where_each_goes() -> None:
    with pytest.raises(CellError, match="write 12 here and 万吨 in the unit column"):
        coerce("12万吨", AMOUNT)


@pytest.mark.parametrize("cell", ["2022年", "２０２２年", "2022", 2022])
def test_year_with_nian(cell: object) -> None:
    assert coerce(cell, YEAR) == 2022


def test_workbook_with_chinese_numbers(workbook) -> None:
    city = {"名称": "测试市", "年份": "2022年", "country": "CN", "region": "CN-HB", "factors": "china"}
    gas = {"gpc_ref": "I.1.1", "activity": "天然气", "unit": "立方米"}
    a = gpc.calculate(workbook(city, [gas | {"amount": "1.2万"}]))
    b = gpc.calculate(workbook(city | {"年份": 2022}, [gas | {"amount": 12_000}]))
    assert a.settings.year == 2022
    assert float(a.total("BASIC")) == pytest.approx(float(b.total("BASIC")))


def test_every_chinese_choice_names_a_choice_of_its_column() -> None:
    import csv
    from collections import Counter
    from importlib import resources

    from gpc.io.sheets import header_key, sheet_specs

    choices: dict[str, set[str]] = {}
    for spec in sheet_specs().values():
        for col in spec.columns:
            if col.dtype == "choice":
                choices.setdefault(col.name, set()).update(col.choices)
    with resources.files("gpc.data").joinpath("choices_zh.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        assert r["value"] in choices.get(r["column"], set()), r
    # one meaning per (column, alias) — except a column name shared by sheets with different choices
    seen = Counter((r["column"], header_key(r["alias"])) for r in rows)
    assert not [k for k, n in seen.items() if n > 1]


@pytest.mark.parametrize("sheet, column, cell, value", [
    ("activity", "notation_key", "未发生", "NO"),
    ("activity", "notation_key", "IE（已计入其他部分）", "IE"),
    ("activity", "data_quality", "中", "M"),
    ("incineration", "practice", "露天焚烧", "open_burning"),
    ("incineration", "technology", "连续式流化床", "continuous_fluidised_bed"),
    ("biological_treatment", "treatment", "堆肥", "composting"),
    ("wastewater", "treatment", "化粪池", "septic"),
    ("livestock", "animal", "奶牛", "dairy_cattle"),
    ("city", "tce_basis", "等价值", "coal_equivalent"),
])
def test_choices_typed_in_chinese(sheet: str, column: str, cell: str, value: str) -> None:
    assert coerce(cell, sheet_spec(sheet).column(column)) == value


def test_a_chinese_choice_counts_only_where_it_is_a_choice() -> None:
    # 堆肥 (composting) is a biological treatment, not a wastewater pathway
    with pytest.raises(CellError, match="must be one of"):
        coerce("堆肥", sheet_spec("wastewater").column("treatment"))
