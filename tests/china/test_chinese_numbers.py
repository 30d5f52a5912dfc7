"""Numbers as Chinese statistics write them: 万 / 亿 / 万亿 after the digits, 年 after a year, full-width
digits; a number typed together with its unit is refused with what to write where."""

from __future__ import annotations

import pytest

import gpc
from gpc.sheets import CellError, coerce, sheet_spec

AMOUNT = sheet_spec("activity").column("amount")
YEAR = sheet_spec("city").column("year")


@pytest.mark.parametrize("cell, value", [
    ("12万", 12 * 10_000),
    ("1.5亿", 1.5 * 100_000_000),
    ("2万亿", 2 * 10_000 * 100_000_000),
    ("１２．５万", 12.5 * 10_000),
    ("1,200", 1200),
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
