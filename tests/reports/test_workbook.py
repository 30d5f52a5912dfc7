"""The inventory workbook's Overview (key figures and native charts) and Data quality sheet."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest

from .conftest import BASIC, BASIC_PLUS, TERRITORIAL


@pytest.fixture(scope="module")
def book(small_inv, tmp_path_factory):
    out = tmp_path_factory.mktemp("wb") / "inv.xlsx"
    small_inv.to_excel(out, timestamp="2024-01-02T03:04:05")
    return out


def _values(ws):
    return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}


def test_overview_key_figures(book):
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[0] == "Overview" and "Data quality" in wb.sheetnames
    ws = wb["Overview"]
    v = _values(ws)
    labels = {text: (r, c) for (r, c), text in v.items() if isinstance(text, str)}

    def right_of(text):
        r, c = labels[text]
        return v[(r, c + 1)]

    assert right_of("BASIC") == pytest.approx(BASIC)
    assert right_of("BASIC+") == pytest.approx(BASIC_PLUS)
    assert right_of("Territorial (scope 1)") == pytest.approx(TERRITORIAL)
    assert right_of("t CO2e per resident (BASIC)") == pytest.approx(BASIC / 1000)
    assert right_of("t CO2e per resident (BASIC+)") == pytest.approx(BASIC_PLUS / 1000)
    assert right_of("t CO2e per million CNY of GDP (BASIC)") == pytest.approx(BASIC / 2)
    assert ws["A1"].value == "Testville <b> — greenhouse-gas inventory 2023"


def test_overview_has_five_native_charts(book):
    with zipfile.ZipFile(book) as z:
        charts = sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n))
        assert len(charts) == 5
        kinds = [re.search(r"<c:(barChart|pieChart|lineChart)>", z.read(n).decode()).group(1) for n in charts]
        xml = "".join(z.read(n).decode() for n in charts)
    assert sorted(kinds) == ["barChart", "barChart", "barChart", "barChart", "pieChart"]   # columns are bars too
    for title in ("GPC totals", "Emissions by sector", "Emissions by scope", "Emissions by gas",
                  "Ten largest sub-sectors"):
        assert title in xml
    assert "Overview" in xml                                  # the data sit on the overview sheet


def test_chart_data_tables(book):
    ws = openpyxl.load_workbook(book)["Overview"]
    rows = [[c.value for c in r[:3]] for r in ws.iter_rows()]
    start = next(i for i, r in enumerate(rows) if r[0] == "Emissions by scope (BASIC+)")
    scope = {rows[i][0]: rows[i][1] for i in range(start + 1, start + 4)}
    assert scope["Scope 1"] == pytest.approx(5_610 + 14 + 2.65 + 200 + 300)
    assert scope["Scope 2"] == pytest.approx(500)
    assert scope["Scope 3"] == pytest.approx(170)
    start = next(i for i, r in enumerate(rows) if r[0] == "Ten largest sub-sectors (BASIC+)")
    assert rows[start + 1][0] == "I.1 Residential buildings"
    assert rows[start + 1][2] == pytest.approx((5_626.65 + 500) / BASIC_PLUS)


def test_data_quality_sheet(book):
    ws = openpyxl.load_workbook(book)["Data quality"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = rows[3]
    assert head[:3] == ["GPC ref", "Sub-sector", "Emission source"]
    table = rows[4:4 + 53]                     # one row per GPC row, then the missing BASIC rows
    by_ref = {r[0]: dict(zip(head, r)) for r in table}
    assert list(by_ref)[:2] == ["I.1.1", "I.1.2"] and list(by_ref)[-1] == "VI.1"
    assert by_ref["I.1.1"]["Activity data quality"] == "H"
    assert by_ref["I.1.1"]["Emission factor quality"] == "L"
    assert by_ref["I.1.1"]["Score (1–3)"] == pytest.approx(2.0)
    assert by_ref["I.1.1"]["Rating"] == "M"
    assert by_ref["I.7.1"]["Notation key"] == "NO"
    assert by_ref["I.2.1"]["Status"] == "missing (BASIC)"
    texts = [c for r in rows for c in r if isinstance(c, str)]
    assert "How quality is rated" in texts
    assert any(t.startswith("Activity data: the data_quality column") for t in texts)


def test_printing_setup(book):
    wb = openpyxl.load_workbook(book)
    ov = wb["Overview"]
    assert ov.page_setup.orientation == "landscape"
    assert ov.sheet_properties.pageSetUpPr.fitToPage                    # one page (1 × 1 is the default)
    assert ov.page_setup.fitToWidth in (None, 1) and ov.page_setup.fitToHeight in (None, 1)
    rep = wb["GPC reporting table"]
    assert rep.print_title_rows == "$1:$1"
    assert rep.page_setup.fitToHeight == 0                              # one page wide, as long as needed


def test_chinese_workbook(small_inv, tmp_path):
    out = small_inv.to_excel(tmp_path / "zh.xlsx", lang="zh")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "概览" and "数据质量" in wb.sheetnames
    texts = {c.value for r in wb["概览"].iter_rows() for c in r if isinstance(c.value, str)}
    assert "主要指标" in texts and "万元GDP排放（BASIC，吨二氧化碳当量/万元）" in texts
