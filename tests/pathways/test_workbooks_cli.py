"""The scenario template (en/zh) reads back; gpc project writes the pathway workbook with its charts;
every scenario column is documented; located errors on the command line."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from click.testing import CliRunner

import gpc
from gpc.cli import cli
from gpc.errors import InputError
from gpc.pathways.scenario import SHEETS, read_scenario, scenario_specs, write_scenario_template
from tests.conftest import REPO, write_workbook

CITY = {"name": "Test city", "country": "CN", "year": 2023, "gwp": "AR5", "grid_factor": "0.6 t/MWh"}


def test_every_scenario_column_is_documented():
    text = (REPO / "docs" / "pathways.md").read_text(encoding="utf-8")
    for name in SHEETS:
        for c in scenario_specs()[name].columns:
            assert f"`{c.name}`" in text or c.name in ("key", "value"), (name, c.name)
    for kind in scenario_specs()["actions"].column("type").choices:
        assert f"`{kind}`" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_template_reads_back(tmp_path, lang):
    path = write_scenario_template(tmp_path / f"s_{lang}.xlsx", lang=lang)
    sc = read_scenario(path)
    assert sc.settings["horizon"] == "2060"
    assert list(sc.actions["type"]) == ["reduce", "switch"]
    assert sc.actions["share"].tolist() == [0.2, 0.6]
    assert sc.targets["target"].tolist() == ["peak", "net_zero"]
    assert sc.drivers["growth"].tolist() == [0.01, -0.03]


def test_project_cli_writes_the_pathway_with_charts(tmp_path):
    base = write_workbook(tmp_path / "b.xlsx", CITY, [
        {"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1000, "unit": "MWh"},
        {"gpc_ref": "II.1.1", "activity": "motor_gasoline", "amount": 50, "unit": "TJ"}])
    scen = tmp_path / "s.xlsx"
    with pd.ExcelWriter(scen) as xw:
        pd.DataFrame([["horizon", 2040], ["peak_years", 3]], columns=["设置项", "设置值"]).to_excel(
            xw, sheet_name="情景设置", index=False)
        pd.DataFrame([["人口", "all", 2024, 2030, "3%"]], columns=["驱动因素", "适用范围", "起始年份", "终止年份",
                                                              "年增长率"]).to_excel(xw, sheet_name="驱动因素", index=False)
        pd.DataFrame([["方案", "新能源汽车", "switch", "II.1.1", "汽油", "60%", 2025, 2035, "电力", 0.25, 0.8]],
                     columns=["情景", "行动名称", "行动类型", "适用范围", "活动类型", "比例", "开始年份", "完全生效年份",
                              "替代为", "原效率", "新效率"]).to_excel(xw, sheet_name="减排行动", index=False)
        pd.DataFrame([["peak", 2030]], columns=["目标类型", "目标年份"]).to_excel(xw, sheet_name="目标", index=False)
    out = tmp_path / "pathway.xlsx"
    r = CliRunner().invoke(cli, ["project", str(base), str(scen), "-o", str(out), "--lang", "zh"])
    assert r.exit_code == 0, r.output
    assert "wrote" in r.output
    names = pd.ExcelFile(out, engine="calamine").sheet_names
    assert {"概要", "排放路径", "减排楔形", "差距", "电网排放因子", "计算记录"} <= set(names)
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) >= 2
        xml = " ".join(z.read(n).decode() for n in charts)
    assert "areaChart" in xml and "lineChart" in xml and "<c:grouping val=\"stacked\"/>" in xml
    tot = pd.read_excel(out, sheet_name="排放路径", engine="calamine")
    assert tot["年份"].tolist() == list(range(2023, 2041))


def test_project_cli_reports_located_problems(tmp_path):
    base = write_workbook(tmp_path / "b.xlsx", CITY, [
        {"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1000, "unit": "MWh"}])
    scen = tmp_path / "s.xlsx"
    with pd.ExcelWriter(scen) as xw:
        pd.DataFrame([["horizon", 2035]], columns=["key", "value"]).to_excel(xw, sheet_name="scenario", index=False)
        pd.DataFrame([["x", "reduce", "I.3.1", "20%", 2025, 2030], ["y", "reduce", "I.1.2", "150%", 2025, 2030]],
                     columns=["action", "type", "gpc_ref", "share", "start_year", "full_year"]).to_excel(
            xw, sheet_name="actions", index=False)
    r = CliRunner().invoke(cli, ["project", str(base), str(scen), "-o", str(tmp_path / "p.xlsx")])
    assert r.exit_code == 2
    assert "actions, row 2, column 'gpc_ref'" in r.output and "actions, row 3, column 'share'" in r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "p.xlsx").exists()


def test_template_cli_scenario(tmp_path):
    r = CliRunner().invoke(cli, ["template", "--scenario", "-o", str(tmp_path / "s.xlsx"), "--lang", "zh"])
    assert r.exit_code == 0, r.output
    assert set(pd.ExcelFile(tmp_path / "s.xlsx", engine="calamine").sheet_names) == {"情景设置", "驱动因素", "电网排放因子", "减排行动", "目标"}


def test_history_joins_the_series(tmp_path):
    rows = [{"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1000, "unit": "MWh"}]
    h = write_workbook(tmp_path / "h2021.xlsx", {**CITY, "year": 2021}, [{**rows[0], "amount": 1200}])
    base = write_workbook(tmp_path / "b.xlsx", CITY, rows)
    sc = read_scenario(write_scenario_template(tmp_path / "s.xlsx"))
    sc = type(sc).from_frames({"horizon": 2030, "history": str(h)},
                              targets=[{"target": "reduction", "year": 2030, "base_year": 2021, "reduction": "50%"}])
    p = gpc.project(base, sc)
    t = p.totals.set_index("year")
    # 2021: 1200 MWh × 0.6 = 720 t (historical); 2023: 600 t (the base inventory)
    assert t.loc[2021, "kind"] == "historical" and t.loc[2021, "BAU"] == pytest.approx(720.0)
    assert t.loc[2023, "kind"] == "base" and t.loc[2024, "kind"] == "projected"
    # the maximum is 2021 and 9 later years stay below it: a peak
    assert p.peaks.iloc[0]["peak_year"] == 2021 and p.peaks.iloc[0]["peaked"]
    # 50 % below 2021 = 360 t; BAU 2030 = 600 t → gap 240 t
    assert p.targets.iloc[0]["level_t"] == pytest.approx(360.0) and p.targets.iloc[0]["gap_t"] == pytest.approx(240.0)


def test_target_base_year_must_be_known(tmp_path):
    base = write_workbook(tmp_path / "b.xlsx", CITY, [
        {"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1000, "unit": "MWh"}])
    from gpc.pathways.scenario import Scenario

    sc = Scenario.from_frames({"horizon": 2030}, targets=[
        {"target": "reduction", "year": 2030, "base_year": 2005, "reduction": 0.5}],
        grid=[{"year": 2010, "factor": 0.3, "unit": "t/MWh"}])
    with pytest.raises(InputError) as exc:
        gpc.project(base, sc)
    where = {(p.sheet, p.row, p.column) for p in exc.value.problems}
    assert ("targets", 2, "base_year") in where and ("grid", 2, "year") in where


def test_grid_point_after_the_horizon_shapes_the_path(tmp_path):
    base = write_workbook(tmp_path / "b.xlsx", CITY, [
        {"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1000, "unit": "MWh"}])
    from gpc.pathways.scenario import Scenario

    sc = Scenario.from_frames({"horizon": 2028}, grid=[{"year": 2033, "factor": 0.4, "unit": "t/MWh"}],
                              actions=[{"action": "late", "type": "reduce", "gpc_ref": "I.1.2", "share": 0.5,
                                        "start_year": 2026, "full_year": 2036}])
    p = gpc.project(base, sc)
    g = p.grid.set_index("year")["factor_t_per_mwh"]
    # 0.6 in 2023 → 0.4 in 2033: 2028 is half-way, 0.5
    assert g[2028] == pytest.approx(0.5, rel=1e-12)
    # the ramp 2026 → 2036 is 2/10 done in 2028: 1000 × (1 − 0.5 × 0.2) MWh × 0.5 t/MWh = 450 t
    assert p.totals.set_index("year").loc[2028, "actions"] == pytest.approx(450.0, rel=1e-12)


def test_unknown_sheet_and_setting_are_reported(tmp_path):
    scen = tmp_path / "s.xlsx"
    with pd.ExcelWriter(scen) as xw:
        pd.DataFrame([["horizn", 2035]], columns=["key", "value"]).to_excel(xw, sheet_name="scenario", index=False)
        pd.DataFrame([["x"]], columns=["action"]).to_excel(xw, sheet_name="action", index=False)
    with pytest.raises(InputError) as exc:
        read_scenario(scen)
    where = {(p.sheet, p.row, p.column) for p in exc.value.problems}
    assert ("scenario", 2, "key") in where and ("action", None, None) in where


def test_history_on_the_command_line(tmp_path):
    rows = [{"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1000, "unit": "MWh"}]
    h = write_workbook(tmp_path / "h.xlsx", {**CITY, "year": 2020}, [{**rows[0], "amount": 1500}])
    base = write_workbook(tmp_path / "b.xlsx", CITY, rows)
    scen = tmp_path / "s.xlsx"
    with pd.ExcelWriter(scen) as xw:
        pd.DataFrame([["horizon", 2030]], columns=["key", "value"]).to_excel(xw, sheet_name="scenario", index=False)
    out = tmp_path / "p.xlsx"
    r = CliRunner().invoke(cli, ["project", str(base), str(scen), "-o", str(out), "--history", str(h)])
    assert r.exit_code == 0, r.output
    # 2020: 1500 MWh × 0.6 = 900 t, the maximum, followed by 2023..2030 at 600 t: BAU peaked in 2020
    assert "BAU: peaks in 2020 at 0.001 Mt CO2e" in r.output
    t = pd.read_excel(out, sheet_name="Pathway", engine="calamine")
    assert t["Year"].tolist()[:2] == [2020, 2023] and t["BAU"].iloc[0] == pytest.approx(900.0)
