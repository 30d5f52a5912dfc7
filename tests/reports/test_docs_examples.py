"""The tutorial's Python runs, its trend says what the text says, and every `gpc` command shown in
docs/tutorial.md and docs/reports.md parses with the real command line."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

from gpc.cli import cli

from .conftest import REPO

DOCS = [REPO / "docs" / "tutorial.md", REPO / "docs" / "reports.md"]
_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(path, lang):
    return [m.group(2) for m in _FENCE.finditer(path.read_text(encoding="utf-8")) if m.group(1).strip() == lang]


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_commands_parse(page):
    cmds = [line.strip() for block in _blocks(page, "") for line in block.splitlines()
            if line.strip().startswith("gpc ")]
    assert cmds
    for line in cmds:
        line = re.sub(r"\s+#.*$", "", line)                            # a comment
        args = shlex.split(re.sub(r"\[[^\]]*\]", "", line))[1:]     # optional parts in [...] left out
        sub = cli.commands[args[0]]
        sub.make_context(args[0], args[1:])                          # raises on an unknown option


def test_tutorial_python_runs(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    (tmp_path / "examples").mkdir()
    example = REPO / "examples" / "example_city.xlsx"
    if not example.exists():
        pytest.skip("examples/example_city.xlsx not built (make demo)")
    shutil.copy(example, tmp_path / "examples" / "example_city.xlsx")
    monkeypatch.chdir(tmp_path)
    ns: dict = {}
    for block in _blocks(REPO / "docs" / "tutorial.md", "python"):
        exec(compile(block, "tutorial.md", "exec"), ns)
    assert (tmp_path / "waterfall.png").exists()
    trend = ns["trend"]
    assert trend.years == [2021, 2022, 2023]
    p = ns["peak"]
    assert p["year"] == 2022 and p["peaked"]
    assert p["below_peak_pct"] == pytest.approx((1 - 1 / 1.06) * 100, abs=0.05)     # "some 6 %"
    assert ns["changes"].empty
    assert (tmp_path / "examples" / "output" / "example_city_trend.xlsx").exists()
