"""README.md opens with the two commands of the contract, shows only commands that exist, and its
Python tour runs."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpc.cli import cli

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"

#: CONTRACT.md §1, verbatim: the first thing a reader of README.md sees.
TWO_COMMANDS = (
    ("make demo    # fresh machine, Python >= 3.11: makes .venv, installs gpc, builds the example city's "
     "inventory workbook"),
    "make test    # makes .venv, installs gpc with its test extras, runs the whole test suite",
)

#: Pages whose `gpc ...` commands are checked against the real command line.
PAGES = ["README.md", "docs/cli.md", "docs/index.md", "docs/workbook.md", "docs/output.md", "docs/factors.md",
         "docs/gwp.md", "docs/units.md", "docs/activities.md", "docs/methods/energy.md"]

#: Words that stand for a subcommand in a synopsis.
PLACEHOLDERS = {"COMMAND"}

_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"(?<!`)`(gpc(?: [^`\n]+)?)`(?!`)")


def _fenced(text: str) -> list[tuple[str, str]]:
    return [(m.group(1).strip().lower(), m.group(2)) for m in _FENCE.finditer(text)]


def commands(text: str) -> list[str]:
    """Every `gpc …` command line shown in a Markdown text: in non-Python code blocks and inline code."""
    found: list[str] = []
    for lang, body in _fenced(text):
        if lang in ("python", "py", "pycon", "yaml", "csv"):
            continue
        lines = body.replace("\\\n", " ").splitlines()
        for line in lines:
            line = line.strip()
            line = line.removeprefix("$ ")
            if re.match(r"gpc(\s|$)", line):
                found.append(line.split("  #")[0].strip())
    prose = _FENCE.sub("", text)
    found += [m.group(1) for m in _INLINE.finditer(prose)]
    return found


def _parse(command: str) -> tuple[str | None, list[str]]:
    """(subcommand or None, options used) of a command line, synopsis brackets and ellipses ignored."""
    cleaned = re.sub(r"[\[\]]", " ", command).replace("...", " ").replace("…", " ")
    try:
        tokens = shlex.split(cleaned)
    except ValueError:
        tokens = cleaned.split()
    tokens = tokens[1:]  # drop "gpc"
    sub = next((t for t in tokens if not t.startswith("-")), None) if tokens and not tokens[0].startswith("-") \
        else None
    options = []
    for t in tokens:
        if t.startswith("-") and t not in ("-", "--"):
            options.extend(o.split("=", 1)[0] for o in t.split("|") if o.startswith("-"))
    return sub, options


def test_readme_starts_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert text.startswith("```"), "README.md must open with a code block holding `make demo` and `make test`"
    first = _fenced(text)[0][1].splitlines()
    assert tuple(line.rstrip() for line in first if line.strip()) == TWO_COMMANDS


@pytest.mark.parametrize("page", PAGES)
def test_every_gpc_command_shown_exists(page: str):
    path = REPO / page
    if not path.exists():
        pytest.skip(f"{page} not written")
    shown = commands(path.read_text(encoding="utf-8"))
    if page in ("README.md", "docs/cli.md"):
        assert shown, f"{page} shows no gpc command"
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"])
    assert top.exit_code == 0
    for command in shown:
        sub, options = _parse(command)
        if sub is None or sub in PLACEHOLDERS:
            help_text = top.output
        else:
            assert sub in cli.commands, f"{page}: `{command}` — gpc has no subcommand {sub!r}"
            result = runner.invoke(cli, [sub, "--help"])
            assert result.exit_code == 0, f"{page}: `gpc {sub} --help` failed: {result.output}"
            help_text = result.output
        for opt in options:
            if opt in ("-h", "--help"):
                continue
            if sub is None and opt == "--version":
                assert "--version" in top.output
                continue
            assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", help_text), \
                f"{page}: `{command}` — `gpc {sub or ''}` has no option {opt}"


def test_the_command_parser_sees_what_it_should():
    text = "```\ngpc build a.xlsx -o b.xlsx [--gwp AR6]\n$ gpc template -o t.xlsx\n```\nand `gpc validate x.xlsx`."
    assert commands(text) == ["gpc build a.xlsx -o b.xlsx [--gwp AR6]", "gpc template -o t.xlsx",
                              "gpc validate x.xlsx"]
    assert _parse("gpc build ACTIVITY -o OUT [--lang en|zh] [-q]") == ("build", ["-o", "--lang", "-q"])
    assert _parse("gpc --version") == (None, ["--version"])


def _python_blocks(text: str) -> list[str]:
    return [body for lang, body in _fenced(text) if lang in ("python", "py")]


def test_readme_python_tour_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The README's Python snippet, run against a freshly built example workbook."""
    spec = importlib.util.spec_from_file_location("build_example", REPO / "examples" / "build_example.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    (tmp_path / "examples").mkdir()
    module.build(tmp_path / "examples" / "example_city.xlsx")
    monkeypatch.chdir(tmp_path)
    blocks = _python_blocks(README.read_text(encoding="utf-8"))
    assert blocks, "README.md shows no Python"
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    inv = namespace["inv"]
    assert float(inv.total("BASIC")) > 0
    assert (tmp_path / "inventory.xlsx").exists()
