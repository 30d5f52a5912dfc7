"""Multi-year trends: a three-year case with a peak, worked out by hand.

Residential natural gas (IPCC 2006 defaults, AR5): 56.2665 t CO2e per TJ (CO2 56.1 + CH4 0.005×28 +
N2O 0.0001×265). Electricity at the row's own factor.

year  gas TJ  elec MWh  ef t/MWh  BASIC t CO2e
2019  100     50        0.5       5,626.65 + 25 = 5,651.65
2020  130     60        0.5       7,314.645 + 30 = 7,344.645   ← peak
2021  110     70        0.6       6,189.315 + 42 = 6,231.315
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from gpc.trend import Trend

PER_TJ = 56.1 + 0.005 * 28 + 0.0001 * 265
YEARS = {2019: (100, 50, 0.5), 2020: (130, 60, 0.5), 2021: (110, 70, 0.6)}
BASIC = {y: g * PER_TJ + e * f for y, (g, e, f) in YEARS.items()}
POP = {2019: 1000, 2020: 1010, 2021: 1020}


def _rows(year, with_year=False):
    g, e, f = YEARS[year]
    rows = [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": g, "unit": "TJ"},
            {"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": e, "unit": "MWh", "ef_co2": f,
             "ef_unit": "t/MWh"}]
    if with_year:
        for r in rows:
            r["year"] = year
    return rows


@pytest.fixture(scope="module")
def trend():
    df = pd.DataFrame([r for y in YEARS for r in _rows(y, True)])
    return Trend.from_frame(df, city={"name": "T", "gdp": "1e8 CNY"},
                            city_by_year={y: {"population": p} for y, p in POP.items()})


def test_totals_per_year(trend):
    assert trend.years == [2019, 2020, 2021]
    assert trend.totals()["BASIC"].tolist() == pytest.approx([BASIC[y] for y in YEARS])
    assert (trend.totals()["gwp"] == "AR5").all()


def test_year_over_year_change(trend):
    ch = trend.change()
    assert pd.isna(ch.loc[2019, "BASIC_change_t"])
    assert ch.loc[2020, "BASIC_change_t"] == pytest.approx(BASIC[2020] - BASIC[2019])
    assert ch.loc[2020, "BASIC_change_pct"] == pytest.approx((BASIC[2020] / BASIC[2019] - 1) * 100)
    assert ch.loc[2021, "BASIC_change_pct"] == pytest.approx((BASIC[2021] / BASIC[2020] - 1) * 100)


def test_peak_so_far(trend):
    p = trend.peak()
    assert p["year"] == 2020 and p["value"] == pytest.approx(BASIC[2020])
    assert p["peaked"] is True and p["latest_year"] == 2021
    assert p["below_peak_pct"] == pytest.approx((BASIC[2020] - BASIC[2021]) / BASIC[2020] * 100)   # 15.16 %
    assert p["comparable"] is True


def test_intensity(trend):
    it = trend.intensity()
    for y in YEARS:
        assert it.loc[y, "per_capita_BASIC"] == pytest.approx(BASIC[y] / POP[y])
        assert it.loc[y, "per_million_gdp_BASIC"] == pytest.approx(BASIC[y] / 100)   # 1e8 CNY = 100 million
    assert (it["currency"] == "CNY").all()


def test_recalculation_flags_a_changed_factor(trend):
    rec = trend.recalculation()
    assert rec[["from_year", "to_year", "kind"]].values.tolist() == [[2020, 2021, "factor_values"]]
    assert rec.loc[0, "detail"] == "grid_electricity CO2 ef_co2: 0.5 → 0.6 t/MWh"
    assert trend.needs_recalculation()
    assert trend.table().loc[2021, "changed"] == "factor_values"
    assert trend.table().loc[2020, "changed"] == ""


def test_recalculation_flags_methods_gwp_and_factor_set():
    import gpc

    a = gpc.calculate(pd.DataFrame(_rows(2019)), city={"year": 2019})
    extra = _rows(2020) + [{"gpc_ref": "II.1.1", "activity": "motor_gasoline", "amount": 10, "unit": "TJ"}]
    b = gpc.calculate(pd.DataFrame(extra), city={"year": 2020, "gwp": "AR6"})
    c = gpc.calculate(pd.DataFrame(_rows(2021)), city={"year": 2021, "gwp": "AR6", "factors": "china"})
    t = Trend([c, a, b])                            # any order; sorted by year
    rec = t.recalculation()
    kinds = {(r.from_year, r.kind) for r in rec.itertuples()}
    assert (2019, "gwp") in kinds and (2019, "methods") in kinds
    assert (2020, "factor_set") in kinds
    assert "II.1.1: (none) → mobile_combustion" in rec["detail"].tolist()
    # years with different GWP sets are not compared
    ch = t.change()
    assert pd.isna(ch.loc[2020, "BASIC_change_t"])
    assert not pd.isna(ch.loc[2021, "BASIC_change_t"])
    assert t.peak()["comparable"] is False


def test_one_inventory_per_year():
    import gpc

    a = gpc.calculate(pd.DataFrame(_rows(2019)), city={"year": 2019})
    with pytest.raises(ValueError, match="two inventories for 2019"):
        Trend([a, a])


def test_from_workbooks_and_excel(workbook, tmp_path):
    paths = [workbook({"year": y, "name": "T", "population": POP[y]}, _rows(y)) for y in (2021, 2019, 2020)]
    t = Trend.from_workbooks(paths)
    assert t.totals()["BASIC"].tolist() == pytest.approx([BASIC[y] for y in YEARS])
    out = t.to_excel(tmp_path / "trend.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Trend", "By sector", "By GPC row", "Recalculation"]
    ws = wb["Trend"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    years = {r[0]: r for r in rows if isinstance(r[0], int)}
    assert years[2020][1] == pytest.approx(BASIC[2020])
    assert years[2021][5] == pytest.approx((BASIC[2021] / BASIC[2020] - 1) * 100)
    assert any(isinstance(r[0], str) and r[0].startswith("Peak so far (BASIC): 2020") for r in rows)
    rec = [[c.value for c in r] for r in wb["Recalculation"].iter_rows()]
    assert rec[1][:3] == [2020, 2021, "factor_values"]
    by_row = {r[0].value: [c.value for c in r[1:]] for r in wb["By GPC row"].iter_rows(min_row=2)}
    assert by_row["I.1.2"] == pytest.approx([25, 30, 42])


def test_trend_workbook_has_line_charts(workbook, tmp_path):
    import re
    import zipfile

    paths = [workbook({"year": y, "name": "T", "population": POP[y]}, _rows(y)) for y in YEARS]
    out = Trend.from_workbooks(paths).to_excel(tmp_path / "trend.xlsx")
    with zipfile.ZipFile(out) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)]
    assert len(charts) == 3 and all("<c:lineChart>" in c for c in charts)


def test_from_workbook_with_a_year_column(workbook):
    path = workbook({"year": 2021, "name": "T"}, [r for y in YEARS for r in _rows(y, True)])
    t = Trend.from_workbook(path)
    assert t.years == [2019, 2020, 2021]
    assert t.totals()["BASIC"].tolist() == pytest.approx([BASIC[y] for y in YEARS])


def test_errors_of_every_workbook_at_once(workbook):
    import gpc

    bad1 = workbook({"year": 2019}, [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 1, "unit": "parsec"}])
    bad2 = workbook({"year": 2020}, [{"gpc_ref": "X.9", "activity": "natural_gas", "amount": 1, "unit": "TJ"}])
    with pytest.raises(gpc.InputError) as err:
        Trend.from_workbooks([bad1, bad2])
    text = str(err.value)
    assert bad1.name in text and bad2.name in text


def test_trend_plot(trend, tmp_path):
    pytest.importorskip("matplotlib")
    fig = trend.plot("totals", tmp_path / "t.png")
    assert (tmp_path / "t.png").exists()
    line = fig.axes[0].lines[0]
    assert list(line.get_ydata()) == pytest.approx([BASIC[y] / 1e6 for y in YEARS])
