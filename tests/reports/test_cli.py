"""gpc export, gpc trend and gpc build --figures / progress."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gpc.cli import cli

from .conftest import BASIC, I11
from .test_trend import BASIC as TREND_BASIC
from .test_trend import POP, YEARS, _rows


@pytest.mark.parametrize("fmt, name", [("ecrf", "crf.xlsx"), ("cdp", "cdp.xlsx"), ("ciris", "ciris.csv"),
                                       ("csv", "e.csv"), ("json", "e.json")])
def test_export_formats(small_workbook, tmp_path, fmt, name):
    out = tmp_path / name
    res = CliRunner().invoke(cli, ["export", str(small_workbook), "--format", fmt, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.exists() and out.stat().st_size > 100
    assert f"wrote {out} ({fmt};" in res.output


def test_export_format_from_suffix_and_numbers(small_workbook, tmp_path):
    out = tmp_path / "inv.json"
    res = CliRunner().invoke(cli, ["export", str(small_workbook), "-o", str(out), "-q"])
    assert res.exit_code == 0 and res.output == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["meta"]["totals_t_co2e"]["BASIC"] == pytest.approx(BASIC)
    rows = {r["gpc_ref"]: r for r in doc["summary"]}
    assert rows["I.1.1"]["co2e_t"] == pytest.approx(I11)


def test_export_needs_a_format(small_workbook, tmp_path):
    res = CliRunner().invoke(cli, ["export", str(small_workbook), "-o", str(tmp_path / "x.dat")])
    assert res.exit_code == 2 and "--format" in res.output
    assert not (tmp_path / "x.dat").exists()


def test_export_bad_input_leaves_nothing(workbook, tmp_path):
    bad = workbook({"year": 2023}, [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 1, "unit": "parsec"}])
    out = tmp_path / "crf.xlsx"
    res = CliRunner().invoke(cli, ["export", str(bad), "-f", "ecrf", "-o", str(out)])
    assert res.exit_code == 2 and "row 2" in res.output and "Traceback" not in res.output
    assert not out.exists()


def test_trend_command(workbook, tmp_path):
    paths = [str(workbook({"year": y, "name": "T", "population": POP[y]}, _rows(y))) for y in YEARS]
    out = tmp_path / "trend.xlsx"
    res = CliRunner().invoke(cli, ["trend", *paths, "-o", str(out), "--figures", str(tmp_path / "figs")])
    assert res.exit_code == 0, res.output
    assert out.exists()
    assert f"2020 (AR5): BASIC {TREND_BASIC[2020]:,.0f} t CO2e" in res.output
    assert "peak so far (BASIC): 2020; 2021 is 15.2% below it" in res.output
    assert "1 change(s) of factors or methods" in res.output
    assert (tmp_path / "figs" / "trend_totals.png").exists()
    assert (tmp_path / "figs" / "trend_per_capita.svg").exists()


def test_trend_duplicate_years(workbook, tmp_path):
    a = str(workbook({"year": 2019}, _rows(2019)))
    b = str(workbook({"year": 2019}, _rows(2020)))
    res = CliRunner().invoke(cli, ["trend", a, b, "-o", str(tmp_path / "t.xlsx")])
    assert res.exit_code == 2 and "two inventories for 2019" in res.output
    assert not (tmp_path / "t.xlsx").exists()


def test_build_with_figures(small_workbook, tmp_path):
    out = tmp_path / "inv.xlsx"
    figs = tmp_path / "figs"
    res = CliRunner().invoke(cli, ["build", str(small_workbook), "-o", str(out), "--figures", str(figs)])
    assert res.exit_code == 0, res.output
    assert out.exists()
    assert sorted(p.name for p in figs.iterdir()) == sorted(
        f"{k}.{s}" for k in ("sector", "scope", "gas", "waterfall") for s in ("png", "svg"))
    assert f"BASIC {BASIC:,.0f} t CO2e" in res.output


def test_build_progress_forced_on_still_writes_the_same(small_workbook, tmp_path, monkeypatch):
    monkeypatch.setenv("GPC_PROGRESS", "1")
    out = tmp_path / "inv.xlsx"
    res = CliRunner().invoke(cli, ["build", str(small_workbook), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert out.exists()


def test_progress_rules(tmp_path, monkeypatch):
    from gpc import progress

    class Tty:
        def isatty(self):
            return True

    big = tmp_path / "big.xlsx"
    big.write_bytes(b"x" * progress.LARGE_INPUT_BYTES)
    small = tmp_path / "small.xlsx"
    small.write_bytes(b"x")
    monkeypatch.delenv("GPC_PROGRESS", raising=False)
    assert progress.should_show(source=big, stream=Tty())
    assert not progress.should_show(source=small, stream=Tty())           # small input: no bar
    assert not progress.should_show(source=big, stream=Tty(), quiet=True)  # --quiet
    assert not progress.should_show(source=big, stream=open(small, "rb"))  # not a terminal
    monkeypatch.setenv("GPC_PROGRESS", "0")
    assert not progress.should_show(source=big, stream=Tty())
    monkeypatch.setenv("GPC_PROGRESS", "1")
    assert progress.should_show(source=small)
    steps = progress.progress_steps(["a", "b"], source=small, quiet=True)
    with steps as bar:
        with bar.step("a"):
            pass
    assert steps.show is False
