"""Trend uncertainty between two years (IPCC 2006 Vol. 1 §3.2.3, Table 3.3), worked by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import gpc
from gpc.trend import Trend


def _year(year: int, mwh: tuple[float, float]):
    # grid factor 0.5 t/MWh: I.1.2 and I.2.2; activity ±5 / ±10 %, factor ±10 / ±20 %
    df = pd.DataFrame({"gpc_ref": ["I.1.2", "I.2.2"], "activity": ["grid_electricity"] * 2, "amount": list(mwh),
                       "unit": ["MWh"] * 2, "ad_uncertainty": [5, 10], "ef_uncertainty": [10, 20]})
    return gpc.calculate(df, city={"year": year, "grid_factor": "0.5 t/MWh"})


def _hand() -> float:
    # base C = 100, 50 t; current D = 120, 40 t; ΣC = 150, ΣD = 160
    a_1 = (0.01 * 120 + 160) / (0.01 * 100 + 150) * 100 - 160 / 150 * 100     # type A = 0.0883
    a_2 = (0.01 * 40 + 160) / (0.01 * 50 + 150) * 100 - 160 / 150 * 100       # type A = −0.0886
    b_1, b_2 = 120 / 150, 40 / 150                                             # type B
    k = (a_1 * 10) ** 2 + (a_2 * 20) ** 2                                      # factors correlated
    l_ = (b_1 * 5 * math.sqrt(2)) ** 2 + (b_2 * 10 * math.sqrt(2)) ** 2         # activity data independent
    return math.sqrt(k + l_)                                                   # 7.081 percentage points


def test_trend_approach_1_table_3_3() -> None:
    tr = Trend([_year(2019, (200, 100)), _year(2023, (240, 80))])
    u = tr.uncertainty(approach=1).set_index("total")
    basic = u.loc["BASIC"]
    assert basic["change_pct"] == pytest.approx(10 / 150 * 100)           # +6.667 %
    assert basic["u_trend_pp"] == pytest.approx(_hand(), rel=1e-9)
    assert _hand() == pytest.approx(7.081, abs=1e-3)
    # 6.667 − 7.081 < 0: the change is within its uncertainty
    assert not basic["significant"]


def test_trend_approach_2_agrees_and_detects_a_large_change() -> None:
    tr = Trend([_year(2019, (200, 100)), _year(2023, (240, 80))])
    b = tr.uncertainty(approach=2, iterations=40_000, seed=3).set_index("total").loc["BASIC"]
    assert b["u_trend_pp"] == pytest.approx(_hand(), rel=0.06)
    big = Trend([_year(2019, (200, 100)), _year(2023, (400, 200))])       # doubled: +100 %
    for approach in (1, 2):
        r = big.uncertainty(approach=approach, iterations=5000, seed=1).set_index("total").loc["BASIC"]
        assert r["change_pct"] == pytest.approx(100.0)
        assert r["significant"]
    # the shared factors move both years alike: a doubled inventory with ±10/20 % factors and no change in
    # them has a trend interval far narrower than the factors' own uncertainty
    r2 = big.uncertainty(approach=2, iterations=20_000, seed=2).set_index("total").loc["BASIC"]
    assert r2["u_trend_pp"] < 2 * 15


def test_gpc_trend_prints_the_verdict(tmp_path: Path) -> None:
    from gpc.cli.export import trend_command
    from tests.conftest import write_workbook

    paths = []
    for year, mwh in ((2019, (200, 100)), (2023, (400, 200))):
        rows = [{"gpc_ref": r, "activity": "grid_electricity", "amount": a, "unit": "MWh", "ad_uncertainty": 5,
                 "ef_uncertainty": 10} for r, a in zip(("I.1.2", "I.2.2"), mwh)]
        paths.append(str(write_workbook(tmp_path / f"c{year}.xlsx", {"year": year, "grid_factor": "0.5 t/MWh"}, rows)))
    res = CliRunner().invoke(trend_command, [*paths, "-o", str(tmp_path / "t.xlsx"), "--uncertainty"])
    assert res.exit_code == 0, res.output
    assert "change 2019→2023 (BASIC): +100.0%" in res.output
    assert "larger than its uncertainty" in res.output
    sheet = pd.read_excel(tmp_path / "t.xlsx", sheet_name="Trend uncertainty", engine="calamine")
    assert sheet.loc[sheet["Total"] == "BASIC", "Larger than its uncertainty"].iloc[0]
