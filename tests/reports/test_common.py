"""Aggregations behind the charts, figures and exports, against the hand-computed inventory (conftest)."""

from __future__ import annotations

import pytest

from gpc.reports import common

from .conftest import BASIC, BASIC_PLUS, I11, TERRITORIAL


def test_totals_match_hand_numbers(small_inv):
    assert float(small_inv.total("BASIC")) == pytest.approx(BASIC)
    assert float(small_inv.total("BASIC+")) == pytest.approx(BASIC_PLUS)
    assert float(small_inv.total("territorial")) == pytest.approx(TERRITORIAL)


def test_by_sector_basic_plus(small_inv):
    s = common.by_sector(small_inv, "BASIC+").set_index("sector_ref")["co2e_t"]
    # I: I.1.1 + I.1.2 (I.4.4 is not in BASIC+); II: 200 + 30; III: III.1.2 only; IV: 300; V: none
    assert s["I"] == pytest.approx(I11 + 500)
    assert s["II"] == pytest.approx(230)
    assert s["III"] == pytest.approx(140)
    assert s["IV"] == pytest.approx(300)
    assert s["V"] == 0
    assert "VI" not in s.index               # VI.1 is in no total
    assert s.sum() == pytest.approx(BASIC_PLUS)


def test_by_scope_and_gas(small_inv):
    sc = common.by_scope(small_inv, "BASIC+")
    assert sc[1] == pytest.approx(I11 + 200 + 300)
    assert sc[2] == pytest.approx(500)
    assert sc[3] == pytest.approx(140 + 30)
    terr = common.by_scope(small_inv, "territorial")
    assert list(terr.index) == [1] and terr[1] == pytest.approx(TERRITORIAL)
    g = common.by_gas(small_inv, "BASIC").set_index("gas")
    assert g.loc["CO2", "co2e_t"] == pytest.approx(5610 + 500 + 200)
    assert g.loc["CH4", "co2e_t"] == pytest.approx(14 + 140)      # 0.5 t + 5 t CH4, × 28
    assert g.loc["CH4", "emissions_t"] == pytest.approx(5.5)
    assert g.loc["N2O", "co2e_t"] == pytest.approx(2.65)
    assert list(g.index[:3]) == ["CO2", "CH4", "N2O"]


def test_top_subsectors_sorted_and_limited(small_inv):
    top = common.top_subsectors(small_inv, n=3, basis="BASIC+")
    assert list(top["subsector_ref"]) == ["I.1", "IV.1", "II.1"]
    assert list(top["co2e_t"]) == pytest.approx([I11 + 500, 300, 230])


@pytest.mark.parametrize("text, expected", [
    ("1.8e12 CNY", (1.8e12, "CNY")),
    ("1.8万亿元", (1.8e12, "CNY")),
    ("18000亿元", (1.8e12, "CNY")),
    ("250 bn USD", (2.5e11, "USD")),
    ("3 million EUR", (3e6, "EUR")),
    ("1,234,000 MXN", (1234000.0, "MXN")),
    ("1,234 MXN", None),  # a lone comma group is ambiguous (1234 or 1.234): refused
    (5e9, (5e9, None)),
    ("", None),
    (None, None),
    ("unknown", None),
])
def test_parse_gdp(text, expected):
    got = common.parse_gdp(text)
    if expected is None:
        assert got is None
    else:
        assert got[0] == pytest.approx(expected[0]) and got[1] == expected[1]


def test_intensities(small_inv):
    got = {text: value for text, value, _ in common.intensities(small_inv)}
    assert got["t CO2e per resident (BASIC)"] == pytest.approx(BASIC / 1000)
    assert got["t CO2e per resident (BASIC+)"] == pytest.approx(BASIC_PLUS / 1000)
    # 2e6 CNY = 2 million CNY
    assert got["t CO2e per million CNY of GDP (BASIC)"] == pytest.approx(BASIC / 2)
    zh = {text: value for text, value, _ in common.intensities(small_inv, "zh")}
    # 2e6 CNY = 200 × 10,000 CNY (万元)
    assert zh["万元GDP排放（BASIC，吨二氧化碳当量/万元）"] == pytest.approx(BASIC / 200)


def test_waterfall_adds_up(small_inv):
    steps = common.waterfall_steps(small_inv)
    values = [v for _, v, total in steps if not total]
    totals = [v for _, v, total in steps if total]
    assert values[:3] == pytest.approx([I11 + 500, 200, 140])        # BASIC of I, II, III
    assert totals == pytest.approx([BASIC, BASIC_PLUS])
    assert values[3:] == pytest.approx([30, 300, 0])                  # I.x.3/II.x.3, IPPU, AFOLU
    assert sum(values[:3]) == pytest.approx(BASIC)
    assert sum(values) == pytest.approx(BASIC_PLUS)
