"""Real files end to end: template → fill → build, the CLI, and the inventory workbook's contents."""

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import gpc
from gpc.cli import cli


def _type_year(ws, year):
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "year":
            row[1].value = year
            return
    raise AssertionError("the template has no year row")


@pytest.mark.parametrize("lang, city", [("en", "city"), ("zh", "城市")])
def test_template_city_fields_are_empty_and_year_is_asked_for_at_its_row(tmp_path, lang, city):
    tpl = tmp_path / "template.xlsx"
    gpc.write_template(tpl, lang=lang)
    ws = openpyxl.load_workbook(tpl)[city]
    fields = [(r[0].value, r[1].value) for r in ws.iter_rows(min_row=2)]
    assert fields and all(v is None for _, v in fields), "no example values a user could forget to change"
    year_row = 2 + [f for f, _ in fields].index("year")
    with pytest.raises(gpc.InputError) as err:
        gpc.read_activity(tpl)
    (p,) = err.value.problems
    assert (p.sheet, p.row, p.column) == (city, year_row, "value") and "year" in p.message


def test_template_fill_build_round_trip(tmp_path):
    tpl = tmp_path / "template.xlsx"
    gpc.write_template(tpl)
    wb = openpyxl.load_workbook(tpl)
    assert {"city", "activity"} <= set(wb.sheetnames)
    ws = wb["activity"]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["gpc_ref", "activity", "amount", "unit"]
    assert ws.data_validations.dataValidation, "dropdown lists expected"
    col = {h: i + 1 for i, h in enumerate(headers)}
    for r, (ref, act, amount, unit) in enumerate([("I.1.1", "natural_gas", 100, "TJ"),
                                                   ("I.1.2", "grid_electricity", 1000, "MWh")], start=2):
        ws.cell(r, col["gpc_ref"], ref)
        ws.cell(r, col["activity"], act)
        ws.cell(r, col["amount"], amount)
        ws.cell(r, col["unit"], unit)
    ws.cell(3, col["ef_co2"], 0.6)
    ws.cell(3, col["ef_unit"], "t/MWh")
    _type_year(wb["city"], 2023)  # the template leaves the city fields empty
    wb.save(tpl)
    inv = gpc.calculate(tpl)
    # 100 TJ × 56 100 kg/TJ = 5 610 t; 1 000 MWh × 0.6 t/MWh = 600 t
    assert inv.summary().loc["I.1.1", "CO2"] == pytest.approx(5610)
    assert inv.summary().loc["I.1.2", "CO2"] == pytest.approx(600)
    assert inv.settings.year == 2023


def test_chinese_template_round_trip(tmp_path):
    tpl = tmp_path / "模板.xlsx"
    gpc.write_template(tpl, lang="zh")
    wb = openpyxl.load_workbook(tpl)
    ws = wb["活动数据"]
    headers = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    ws.cell(2, col["参考编号"], "I.3.1")
    ws.cell(2, col["活动"], "other_bituminous_coal")
    ws.cell(2, col["数量"], 1)
    ws.cell(2, col["单位"], "万吨")
    _type_year(wb["城市"], "2023年")
    wb.save(tpl)
    inv = gpc.calculate(tpl)
    assert inv.summary().loc["I.3.1", "CO2"] == pytest.approx(10_000 * 25.8 * 94_600 / 1e6)


def test_inventory_workbook_contents(tmp_path, workbook):
    src = workbook({"name": "T", "year": 2023, "population": 1000},
                   [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 100, "unit": "TJ",
                     "source": "=HYPERLINK(\"http://x\")", "data_quality": "H"},
                    {"gpc_ref": "I.7.1", "notation_key": "NO", "explanation": "+no mines"}])
    out = tmp_path / "inv.xlsx"
    gpc.calculate(src).to_excel(out)
    wb = openpyxl.load_workbook(out)
    assert {"Overview", "GPC reporting table", "Summary", "Audit trail", "Checks", "Settings"} <= set(wb.sheetnames)
    assert wb.sheetnames[0] == "Overview"
    rep = wb["GPC reporting table"]
    heads = [c.value for c in rep[1]]
    rows = {r[0].value: r for r in rep.iter_rows(min_row=2) if r[0].value}
    assert rows["I.1.1"][heads.index("CO2 (t)")].value == pytest.approx(5610)
    assert rows["I.7.1"][heads.index("Notation key")].value == "NO"
    assert len([k for k in rows if k and "." in str(k)]) >= 53  # every GPC row
    audit = wb["Audit trail"]
    texts = [c.value for row in audit.iter_rows() for c in row if isinstance(c.value, str)]
    assert '=HYPERLINK("http://x")' in texts and "+no mines" in texts
    for row in audit.iter_rows():
        for c in row:
            assert c.data_type != "f", "no formulas from input text"


def test_cli_build_validate_and_errors(tmp_path, workbook):
    good = workbook({"year": 2023}, [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 1, "unit": "TJ"}])
    out = tmp_path / "out.xlsx"
    r = CliRunner().invoke(cli, ["build", str(good), "-o", str(out), "--gwp", "AR4"])
    assert r.exit_code == 0, r.output
    assert out.exists() and "BASIC" in r.output
    bad = workbook({"year": 2023}, [{"gpc_ref": "I.9.9", "activity": "natural_gas", "amount": 1, "unit": "TJ"},
                                    {"gpc_ref": "I.1.1", "activity": "unobtainium", "amount": "x", "unit": "TJ"}])
    out2 = tmp_path / "never.xlsx"
    r = CliRunner().invoke(cli, ["build", str(bad), "-o", str(out2)])
    assert r.exit_code == 2
    assert not out2.exists()
    assert "row 2, column 'gpc_ref'" in r.output and "row 3, column 'amount'" in r.output
    assert "Traceback" not in r.output
    r = CliRunner().invoke(cli, ["validate", str(good)])
    assert r.exit_code == 0 and "no problems" in r.output


def test_console_script_runs(tmp_path, workbook):
    good = workbook({"year": 2023}, [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 1, "unit": "TJ"}])
    exe = Path(sys.executable).with_name("gpc")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "gpc.cli"]
    r = subprocess.run([*cmd, "build", str(good), "-o", str(tmp_path / "o.xlsx")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_read_activity_collects_every_problem(workbook):
    bad = workbook({"year": 2023}, [
        {"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": -5, "unit": "TJ"},
        {"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 5, "unit": "blorbs"},
        {"gpc_ref": "I.1.1", "notation_key": "NO"},
    ])
    with pytest.raises(gpc.InputError) as err:
        gpc.calculate(bad)
    where = {(p.row, p.column) for p in err.value.problems}
    assert {(2, "amount"), (3, "unit"), (4, "explanation")} <= where
    assert isinstance(err.value, ValueError)


def test_read_activity_reports_unknown_activities(workbook):
    bad = workbook({"year": 2023}, [{"gpc_ref": "I.1.1", "activity": "unobtainium", "amount": 1, "unit": "TJ"},
                                    {"gpc_ref": "I.1.1", "activity": "天然气", "amount": 1, "unit": "TJ"},
                                    {"gpc_ref": "I.3.1", "activity": "natual_gas", "amount": 1, "unit": "TJ"}])
    with pytest.raises(gpc.InputError) as err:
        gpc.read_activity(bad)
    probs = [(p.row, p.column) for p in err.value.problems]
    assert probs == [(2, "activity"), (4, "activity")]
    assert "natural_gas" in err.value.problems[1].message  # the closest known id is suggested
    with pytest.raises(gpc.InputError) as err2:
        gpc.calculate(bad)
    assert [(p.row, p.column) for p in err2.value.problems] == probs  # reported once, not twice
