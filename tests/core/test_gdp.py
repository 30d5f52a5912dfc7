"""GDP as the docs and the template show it (``1.8e12 CNY``, ``18000亿元``, ``1.8万亿元``, ``250 bn USD``):
read with its currency, exactly; ambiguous forms refused with a located message (gpc/money.py)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import gpc
from gpc.io.sheets import CellError, coerce, sheet_spec
from gpc.money import MoneyError, parse_money
from gpc.reports import common

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "example_city.xlsx"
GDP = sheet_spec("city").column("gdp")


@pytest.mark.parametrize("text, amount, currency", [
    ("1.8e12 CNY", 1.8e12, "CNY"),
    ("18000亿元", 18000 * 10**8, "CNY"),            # 亿 = 10^8: 18 000 × 10^8 = 1.8 × 10^12
    ("18000 亿元", 18000 * 10**8, "CNY"),
    ("1.8万亿元", 18 * 10**11, "CNY"),              # 万亿 = 10^12: 1.8 × 10^12
    ("1.1万亿元", 11 * 10**11, "CNY"),              # exact: not 1.1 × 1e12 = 1 100 000 000 000.000 2
    ("2500亿美元", 2500 * 10**8, "USD"),
    ("250 bn USD", 250 * 10**9, "USD"),
    ("250 billion USD", 250 * 10**9, "USD"),
    ("250bn USD", 250 * 10**9, "USD"),
    ("1.8 trillion CNY", 18 * 10**11, "CNY"),
    ("3 million EUR", 3 * 10**6, "EUR"),
    ("1,800,000,000,000 RMB", 1.8e12, "CNY"),
    ("CNY 1.8e12", 1.8e12, "CNY"),
    ("US$ 250 bn", 250 * 10**9, "USD"),
    ("1,234,000 MXN", 1_234_000, "MXN"),
])
def test_documented_forms_keep_their_currency(text: str, amount: float, currency: str) -> None:
    assert parse_money(text) == (float(amount), currency)  # exact equality, no approx
    assert coerce(text, GDP) == text
    assert common.parse_gdp(text) == (float(amount), currency)


@pytest.mark.parametrize("text, why", [
    ("18000", "no currency"),
    ("1.8e12", "no currency"),
    ("250 m USD", "metre or million"),
    ("250 M USD", "metre or million"),
    ("250 mm USD", "millimetre or million"),
    ("$250 bn", "which dollar"),
    ("¥1.8万亿", "yuan or yen"),
    ("1.8e12 CNY/a", "not a currency"),
    ("-5 CNY", "greater than 0"), ("1,234 MXN", "ambiguous"), ("1,8亿元", "decimal comma"),
    ("万亿元", "not an amount"),
])
def test_ambiguous_forms_are_refused(text: str, why: str) -> None:
    with pytest.raises(MoneyError, match=why):
        parse_money(text)
    with pytest.raises(CellError, match=why):
        coerce(text, GDP)


def _with_gdp(tmp_path: Path, gdp: str) -> Path:
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["city"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "gdp":
            row[1].value = gdp
            break
    else:
        ws.append(["gdp", gdp])
    out = tmp_path / "city.xlsx"
    wb.save(out)
    return out


def test_refusal_is_located(tmp_path: Path) -> None:
    with pytest.raises(gpc.InputError) as err:
        gpc.read_activity(_with_gdp(tmp_path, "250 M USD"))
    text = str(err.value)
    assert "city, row" in text and "'value'" in text and "million" in text


@pytest.mark.parametrize("gdp", ["18000亿元", "1.8万亿元", "1.8e12 CNY"])
def test_intensity_uses_the_exact_amount(tmp_path: Path, gdp: str) -> None:
    inv = gpc.calculate(_with_gdp(tmp_path, gdp))
    basic = inv.total("BASIC")
    got = {text: value for text, value, _ in common.intensities(inv)}
    # 1.8e12 CNY = 1 800 000 million CNY: BASIC t CO2e / 1.8e6
    assert got["t CO2e per million CNY of GDP (BASIC)"] == basic / 1.8e6
    zh = {text: value for text, value, _ in common.intensities(inv, "zh")}
    # per 万元: 1.8e12 / 1e4 = 1.8e8 万元
    assert zh["万元GDP排放（BASIC，吨二氧化碳当量/万元）"] == basic / 1.8e8
