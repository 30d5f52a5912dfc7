"""The command line on bad and hostile input: one problem per line on stderr, exit 2, no traceback,
no output file (and no temporary file) left behind."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gpc.cli import cli

from .rel_helpers import activity_book, patch_zip, row
from .test_hostile import LAUGHS, _laughs_part

GPC = [sys.executable, "-m", "gpc.cli"]

BAD_ROWS = [
    row("I.9.9", "lpg", 5, "GJ"), row("I.1.1", "lpgg", 5, "GJ"), row("I.1.1", "lpg", 5, "GJJ"),
    row("I.1.2", "grid_electricity", 5, "t"), row("I.1.1", "lpg", -1, "GJ"), row("I.1.1", "lpg", "x", "GJ"),
    row("I.2.1", None, 5, notation_key="NO", explanation="x"), row("I.2.2", notation_key="NE"),
    row("I.2.3", notation_key="IE", explanation="elsewhere"), row("I.1.1", "direct", 5, "t", gas="XYZ"),
    row("I.1.1", "lpg", dt.datetime(2023, 1, 1), "GJ"), row("I.1.1", "lpg", "=C2*2", "GJ"),
]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.run(GPC + args, cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


def _no_leftovers(folder: Path, keep: set[str]) -> None:
    left = {p.name for p in folder.iterdir()} - keep
    assert not left, f"left behind: {left}"


def test_build_on_bad_rows(tmp_path: Path) -> None:
    src = activity_book(tmp_path / "bad.xlsx", BAD_ROWS)
    res = _run(["build", "bad.xlsx", "-o", "out.xlsx"], tmp_path)
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout
    lines = res.stderr.strip().splitlines()
    assert lines[0].startswith(f"error: {len(BAD_ROWS)} problem")
    problems = [ln.strip() for ln in lines[1:]]
    assert len(problems) == len(BAD_ROWS)
    for n, line in enumerate(problems, start=3):  # one line per bad row, in row order, with its column
        assert line.startswith(f"activity, row {n}, column '"), line
    _no_leftovers(tmp_path, {src.name})


def test_validate_on_bad_rows(tmp_path: Path) -> None:
    activity_book(tmp_path / "bad.xlsx", BAD_ROWS)
    res = _run(["validate", "bad.xlsx"], tmp_path)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "row 14, column 'amount'" in res.stderr and "no saved result" in res.stderr


def test_build_on_billion_laughs(tmp_path: Path) -> None:
    src = activity_book(tmp_path / "a.xlsx", [])
    patch_zip(src, tmp_path / "laughs.xlsx", {"xl/sharedStrings.xml": _laughs_part("sst")})
    src.unlink()
    res = _run(["build", "laughs.xlsx", "-o", "out.xlsx"], tmp_path)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "entit" in res.stderr
    _no_leftovers(tmp_path, {"laughs.xlsx"})


@pytest.mark.parametrize("make", ["missing", "empty", "folder", "text", "bomb", "truncated", "csv-no-year"])
def test_cli_file_problems(tmp_path: Path, make: str) -> None:
    """In-process (CliRunner): every kind of bad file exits 2 with a message, never an exception."""
    name = {"csv-no-year": "rows.csv"}.get(make, "in.xlsx")
    p = tmp_path / name
    if make == "empty":
        p.write_bytes(b"")
    elif make == "folder":
        p.mkdir()
    elif make == "text":
        p.write_text("hello")
    elif make == "bomb":
        src = activity_book(tmp_path / "src.xlsx", [])
        patch_zip(src, p, {"xl/media/image1.png": b"\0" * (20 * 1024**2)})
        src.unlink()
    elif make == "truncated":
        data = activity_book(tmp_path / "src.xlsx", []).read_bytes()
        (tmp_path / "src.xlsx").unlink()
        p.write_bytes(data[: len(data) // 3])
    elif make == "csv-no-year":
        p.write_text("gpc_ref,activity,amount,unit\nI.1.1,natural_gas,1,GJ\n")
    res = CliRunner().invoke(cli, ["build", str(p), "-o", str(tmp_path / "out.xlsx")])
    assert res.exit_code == 2, (res.output, res.exception)
    assert isinstance(res.exception, SystemExit)
    assert res.stderr.startswith("error:")
    assert not (tmp_path / "out.xlsx").exists()


def test_output_path_problems_exit_2(tmp_path: Path) -> None:
    src = activity_book(tmp_path / "a.xlsx", [])
    (tmp_path / "folder").mkdir()
    for out in ("folder", str(tmp_path / "a.xlsx" / "x.xlsx")):
        res = CliRunner().invoke(cli, ["build", str(src), "-o", str(tmp_path / out) if out == "folder" else out])
        assert res.exit_code == 2, (res.output, res.exception)
        assert "cannot write" in res.stderr
    res = CliRunner().invoke(cli, ["build", str(src), "-o", str(tmp_path / "o.xlsx"), "--timestamp", "yesterday"])
    assert res.exit_code == 2 and "not a date" in res.stderr
    assert not (tmp_path / "o.xlsx").exists()


def test_template_into_a_folder_exits_2(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    res = CliRunner().invoke(cli, ["template", "-o", str(tmp_path / "folder")])
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit)


def test_laughs_constant_is_a_dtd() -> None:
    assert LAUGHS.startswith("<?xml") and "<!ENTITY" in LAUGHS
