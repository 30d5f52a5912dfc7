"""Where users see it: the Uncertainty sheet, the Overview's intervals and error bars, ``gpc build --uncertainty``."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

import gpc
from gpc.cli import cli

CITY = {"year": 2023, "grid_factor": "0.5 t/MWh"}


def _inv():
    df = pd.DataFrame({"gpc_ref": ["I.1.2", "I.2.2"], "activity": ["grid_electricity"] * 2, "amount": [200, 200],
                       "unit": ["MWh"] * 2, "ad_uncertainty": [5, 5], "ef_uncertainty": [10, 10]})
    return gpc.calculate(df, city=CITY)


def test_workbook_has_the_uncertainty_sheet_and_error_bars(tmp_path: Path) -> None:
    inv = _inv()
    inv.uncertainty(approach=1)
    p = inv.to_excel(tmp_path / "inv.xlsx")
    x = pd.read_excel(p, sheet_name=None, header=None, engine="calamine")
    assert "Uncertainty" in x
    u = x["Uncertainty"]
    head = u.index[u[0] == "Level"][0]
    t = u.iloc[head + 1:].dropna(how="all")
    basic = t[(t[0] == "Total") & (t[1] == "BASIC")].iloc[0]
    # BASIC 200 t ±10.607 %: 178.79 – 221.21 t
    assert float(basic[3]) == 200
    assert abs(float(basic[5]) - math.sqrt(500 ** 2 * 2 + 2000 ** 2) / 200) < 1e-9      # 10.607 %
    assert abs(float(basic[6]) - 178.787) < 1e-2 and abs(float(basic[7]) - 221.213) < 1e-2
    # the audit trail carries each record's uncertainty and its source
    audit = x["Audit trail"]
    assert "Record uncertainty ± (%)" in audit.iloc[0].tolist()
    # Overview: interval beside the totals, error bars on the totals chart
    ov = x["Overview"]
    assert ov[2].astype(str).str.contains("−10.6 % / \\+10.6 %").any()
    with zipfile.ZipFile(p) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert any("<c:errBars>" in c for c in charts)


def test_without_uncertainty_the_workbook_is_unchanged(tmp_path: Path) -> None:
    p = _inv().to_excel(tmp_path / "inv.xlsx")
    assert "Uncertainty" not in pd.read_excel(p, sheet_name=None, engine="calamine")


def test_cli_build_uncertainty_2_with_seed_and_chinese(tmp_path: Path) -> None:
    from tests.conftest import write_workbook

    wb = write_workbook(tmp_path / "a.xlsx", CITY, [
        {"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 200, "unit": "MWh", "ad_uncertainty": 5,
         "ef_uncertainty": 10},
        {"gpc_ref": "I.2.2", "activity": "grid_electricity", "amount": 200, "unit": "MWh", "ad_uncertainty": 5,
         "ef_uncertainty": 10}])
    r = CliRunner().invoke(cli, ["build", str(wb), "-o", str(tmp_path / "o.xlsx"), "--uncertainty", "2",
                                 "--iterations", "2000", "--seed", "5"])
    assert r.exit_code == 0, r.output
    assert "uncertainty (Approach 2): BASIC 200 t CO2e" in r.output
    r2 = CliRunner().invoke(cli, ["build", str(wb), "-o", str(tmp_path / "o2.xlsx"), "--uncertainty", "2",
                                  "--iterations", "2000", "--seed", "5"])
    a = pd.read_excel(tmp_path / "o.xlsx", sheet_name="Uncertainty", header=None, engine="calamine")
    b = pd.read_excel(tmp_path / "o2.xlsx", sheet_name="Uncertainty", header=None, engine="calamine")
    pd.testing.assert_frame_equal(a, b)
    r3 = CliRunner().invoke(cli, ["build", str(wb), "-o", str(tmp_path / "zh.xlsx"), "--uncertainty", "--lang", "zh"])
    assert r3.exit_code == 0, r3.output
    assert "不确定性（方法1）" in r3.output
    assert "不确定性" in pd.read_excel(tmp_path / "zh.xlsx", sheet_name=None, engine="calamine")
    bad = CliRunner().invoke(cli, ["build", str(wb), "-o", str(tmp_path / "x.xlsx"), "--uncertainty", "3"])
    assert bad.exit_code == 2
