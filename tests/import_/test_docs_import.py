"""docs/import.md stays true: its commands exist, its worked example prints what gpc prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpc.cli import cli
from tests.docs.test_readme import _parse, commands
from tests.import_ import make_ecrf_fixture as fx

PAGE = Path(__file__).resolve().parents[2] / "docs" / "import.md"


def test_commands_exist():
    runner = CliRunner()
    shown = commands(PAGE.read_text(encoding="utf-8"))
    assert any(c.startswith("gpc import-ecrf") for c in shown)
    for command in shown:
        sub, options = _parse(command)
        assert sub in cli.commands, command
        help_text = runner.invoke(cli, [sub, "--help"]).output
        for opt in options:
            assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", help_text), command


def _block_after(text: str, start: str) -> list[str]:
    lines = text[text.index(start):].splitlines()
    out = []
    for line in lines[1:]:
        if line.startswith("$ "):
            break
        out.append(line)
    return out


def test_worked_example_output(tmp_path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    fx.write_small(tmp_path / "small_ecrf.xlsx")
    res = CliRunner().invoke(cli, ["import-ecrf", "small_ecrf.xlsx", "-o", "activity.xlsx"])
    assert res.exit_code == 0, res.output
    doc = _block_after(PAGE.read_text(encoding="utf-8"), "$ gpc import-ecrf small_ecrf.xlsx -o activity.xlsx")
    assert res.output.splitlines() == doc
    res = CliRunner().invoke(cli, ["build", "activity.xlsx", "-o", "inventory.xlsx"])
    assert res.exit_code == 0
    shown = PAGE.read_text(encoding="utf-8").split("$ gpc build activity.xlsx -o inventory.xlsx\n")[1].splitlines()[0]
    assert shown in res.output


def test_bad_file_output_is_the_documented_one(tmp_path):
    fx.write_bad(tmp_path / "bad.xlsx")
    res = CliRunner().invoke(cli, ["import-ecrf", str(tmp_path / "bad.xlsx"), "-o", str(tmp_path / "x.xlsx")])
    assert res.exit_code == 2
    text = PAGE.read_text(encoding="utf-8")
    block = text[text.index("error: 5 problem(s)"):].split("```")[0].strip().splitlines()
    assert [line.strip() for line in res.output.strip().splitlines()] == [line.strip() for line in block]
