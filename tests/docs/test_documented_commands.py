"""Every `gpc …` command the docs show works.

The commands are taken from the code blocks (and inline code) of README.md and docs/*.md. A concrete
command is run — in a temporary folder, in the order of its document, so one that needs the file an
earlier one wrote finds it — and must exit 0 without a traceback. Its input files are made from the
shipped examples: a workbook the docs assume is the example city's (a file `gpc template` wrote counts
as filled in with it), a file named with a year is the example city in that year, an energy balance is
the synthetic 示例市 balance, a terms file has one term. A synopsis (``[--lang zh]``, ``ACTIVITY``,
``ecrf|cdp``) is not run: each subcommand and option it names must exist (``gpc CMD --help``).
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from gpc.cli import cli
from tests.conftest import load_script

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "example_city.xlsx"
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), *sorted((REPO / "docs").glob("*/*.md"))]
_PLACEHOLDER = re.compile(r"\b[A-Z]{3,}(?:\.xlsx)?\b|\[|\||…|\.\.\.")
_KNOWN_UPPER = {"AR4", "AR5", "AR6", "SAR", "CN", "CN-HB", "ISO"}


def _commands(path: Path) -> list[str]:
    """The `gpc …` commands of one document, in order: code-block lines (joined at a trailing backslash)
    and inline code."""
    text = path.read_text(encoding="utf-8")
    out: list[str] = []
    pos = 0
    for m in re.finditer(r"```[^\n]*\n(.*?)```", text, re.S):
        out += _inline(text[pos:m.start()])
        pos = m.end()
        lines = m.group(1).split("\n")
        i = 0
        while i < len(lines):
            line = lines[i].strip()
            while line.endswith("\\") and i + 1 < len(lines):
                i += 1
                line = line[:-1] + " " + lines[i].strip()
            line = re.sub(r"^\$\s*", "", line)
            if re.match(r"(\.venv/bin/)?gpc\s", line):
                out.append(re.sub(r"^\.venv/bin/", "", line))
            i += 1
    out += _inline(text[pos:])
    return out


def _inline(text: str) -> list[str]:
    return [c for c in re.findall(r"`(gpc [^`\n]+)`", text) if not c.startswith("gpc --")]


def _is_synopsis(command: str) -> bool:
    """A usage line or a mention (`gpc build --factors`), not a command to run: placeholders, or no file."""
    if not re.search(r"\S+\.(xlsx|csv|json|parquet)\b", command):
        return True
    words = [w for w in _PLACEHOLDER.findall(command) if w.removesuffix(".xlsx") not in _KNOWN_UPPER]
    return bool(words)


def _cases() -> list[tuple[str, list[str]]]:
    return [(str(p.relative_to(REPO)), cmds) for p in DOCS if (cmds := _commands(p))]


def _example_in_year(target: Path, year: int) -> None:
    """The example city in another year: its city and activity sheets, as docs/tutorial.md makes them
    (the waste sheets' disposal history belongs to 2023)."""
    wb = openpyxl.load_workbook(EXAMPLE)
    next(r for r in wb["city"].iter_rows(min_row=2) if r[0].value == "year")[1].value = year
    for name in wb.sheetnames:
        if name not in ("city", "activity"):
            del wb[name]
    wb.save(target)


def _make_factor_set(args: list[str], monkeypatch) -> None:
    """``--factors my_country``: the set docs/factors.md has the user add as ``emission_factors/my_country/``
    (its ``_set.yaml``, falling back to ipcc2006) — in a copy of the factor folder made of links."""
    import gpc.factors

    if "--factors" not in args:
        return
    name = args[args.index("--factors") + 1]
    real = gpc.factors.factor_root()
    if (real / name / "_set.yaml").exists() or "/" in name:
        return
    root = Path("emission_factors_with_own_set").resolve()
    root.mkdir(exist_ok=True)
    for entry in real.iterdir():
        if not (root / entry.name).exists():
            (root / entry.name).symlink_to(entry)
    (root / name).mkdir(exist_ok=True)
    (root / name / "_set.yaml").write_text(f"id: {name}\ntitle: My country's factors\nfallback: ipcc2006\n",
                                           encoding="utf-8")
    monkeypatch.setattr(gpc.factors, "factor_root", lambda: root)
    gpc.factors.load_factor_set.cache_clear()


def _make_input(path: Path, templates: set[Path]) -> None:
    """Give an input file the docs assume exists (or a template the user has filled in) its content."""
    if path.exists() and path.resolve() not in templates:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    name = path.name
    if path.suffix == ".csv" and ("术语" in name or "terms" in name):
        path.write_text("key,name_zh\nI.1,居住建筑\n", encoding="utf-8")
    elif "scenario" in name or "情景" in name:
        shutil.copy(REPO / "examples" / "example_city_scenario.xlsx", path)
    elif "平衡" in name or "balance" in name:
        load_script("china_city", REPO / "examples" / "sections" / "china_city.py").write_energy_balance(path)
    elif m := re.search(r"(20\d\d)", name):
        _example_in_year(path, int(m.group(1)))
    else:
        shutil.copy(EXAMPLE, path)
    templates.discard(path.resolve())


def _inputs(args: list[str]) -> list[Path]:
    """The files a command reads: its positional arguments and the values of --terms / --mapping."""
    out, skip = [], False
    for i, a in enumerate(args[1:], start=1):
        if skip:
            skip = False
            continue
        if a.startswith("-"):
            skip = "=" not in a and a not in ("-q", "--quiet")
            if a in ("--terms", "--mapping") and i + 1 < len(args):
                out.append(Path(args[i + 1]))
            continue
        out.append(Path(a))
    return out


def _output(args: list[str]) -> Path | None:
    for flag in ("-o", "--output"):
        if flag in args:
            return Path(args[args.index(flag) + 1])
    return None


def _check_synopsis(command: str, where: str) -> None:
    args = shlex.split(command.replace("…", " "), comments=True)
    sub = args[1]
    if sub.isupper():  # gpc COMMAND --help
        return
    res = CliRunner().invoke(cli, [sub, "--help"])
    assert res.exit_code == 0, f"{where}: `{command}`: there is no subcommand {sub!r}"
    for opt in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", command):
        assert re.search(rf"(?<![\w-]){re.escape(opt)}\b", res.output), \
            f"{where}: `{command}` shows {opt}, which `gpc {sub}` does not have"


@pytest.mark.parametrize("doc, commands", _cases(), ids=[c[0] for c in _cases()])
def test_documented_commands_run(doc: str, commands: list[str], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GPC_PROGRESS", "0")
    (tmp_path / "examples").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "examples" / "example_city.xlsx")
    templates: set[Path] = set()
    done: set[str] = set()
    for command in commands:
        if _is_synopsis(command):
            _check_synopsis(command, doc)
            continue
        if command in done:
            continue
        done.add(command)
        args = shlex.split(command, comments=True)[1:]
        for path in _inputs(["gpc", *args]):
            _make_input(path, templates)
        _make_factor_set(args, monkeypatch)
        res = CliRunner().invoke(cli, args)
        shown = f"{doc}: `{command}` exited {res.exit_code}:\n{res.output}"
        assert "Traceback" not in res.output, shown
        assert res.exit_code == 0 and (res.exception is None or isinstance(res.exception, SystemExit)), \
            shown + (f"\n{res.exception!r}" if res.exception else "")
        out = _output(args)
        if args[0] == "template" and out is not None:
            templates.add(out.resolve())


@pytest.fixture(autouse=True)
def _fresh_factor_sets():
    """A factor set loaded from a temporary folder is not kept for later tests."""
    yield
    from gpc.factors import load_factor_set

    load_factor_set.cache_clear()


def test_the_docs_show_commands() -> None:
    """The extraction finds the commands (a guard against a regex that silently finds nothing)."""
    cases = dict(_cases())
    assert any(c.startswith("gpc template") for c in cases["README.md"])
    assert sum(len(c) for c in cases.values()) > 30
