"""The files the ``gpc`` commands read and write, through the real command line on real xlsx files.

Every case ends in success or in a refusal: exit status 2, a message naming the file, no traceback, and no
output or temporary (``.gpc-*``) file left behind. Inputs and outputs are checked before anything is
computed: a FIFO is never opened (it would block), a device never replaced, the input never overwritten.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from click.testing import CliRunner

import gpc
from gpc.cli import cli
from gpc.reports.common import neutralise, restore

from .rel_helpers import CITY, GOOD, HEADER, activity_book, row

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "example_city.xlsx"  # the tutorial's workbook
GPC = [sys.executable, "-m", "gpc.cli"]
SUFFIX = {"ecrf": "xlsx", "cdp": "xlsx", "ciris": "xlsx", "csv": "csv", "json": "json"}
posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices, signals and umask are POSIX")


# ------------------------------------------------------------------------------------------ helpers
def _run(args: list[str], cwd: Path, timeout: float = 120, **kw) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONWARNINGS="ignore", GPC_PROGRESS="0")
    return subprocess.run(GPC + args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env,
                          check=False, **kw)


def _invoke(args: list[str]):  # in-process, faster
    return CliRunner().invoke(cli, [str(a) for a in args])


def _refused(res, *needles: str) -> None:
    """Exit 2, every needle in the message, no traceback."""
    code = getattr(res, "exit_code", getattr(res, "returncode", None))
    err = res.stderr
    assert code == 2, (code, err, getattr(res, "exception", None))
    assert "Traceback" not in err and "Traceback" not in (res.stdout or "")
    assert err.startswith(("error:", "错误：")), err   # --lang zh prints the header in Chinese
    for n in needles:
        assert n in err, (n, err)


def _left(folder: Path, keep: set[str]) -> set[str]:
    return {p.name for p in folder.iterdir()} - keep


def text_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook whose text cells are text as typed (``=HYPERLINK(…)`` stays text, as Excel does when the
    cell is formatted as text or typed with a leading quote)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                if isinstance(v, str):
                    ws.write_string(i, j, v)
                elif v is not None:
                    ws.write_number(i, j, v)
    wb.close()
    return path


@pytest.fixture()
def city(tmp_path: Path) -> Path:
    return Path(shutil.copy(EXAMPLE, tmp_path / "city.xlsx"))


def _balance(path: Path, year: int) -> Path:
    spec = importlib.util.spec_from_file_location("china_city", REPO / "examples" / "sections" / "china_city.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_energy_balance(path, year=year)


# ------------------------------------------------- 1. the tutorial workbook through every export
@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_export_of_the_tutorial_workbook_with_warnings(tmp_path: Path, city: Path, fmt: str) -> None:
    """The example city has warnings (e.g. a volatilisation fraction IPCC does not give): printed, no
    NameError."""
    out = tmp_path / f"out.{SUFFIX[fmt]}"
    res = _invoke(["export", city, "--format", fmt, "-o", out])
    assert res.exit_code == 0, (res.output, res.exception)
    assert "warning: " in res.stderr and f"wrote {out}" in res.stdout
    assert out.is_file() and _left(tmp_path, {"city.xlsx", out.name}) == set()


# ----------------------------------------- 2. Chinese views on inventories without emission records
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_build_zh_of_the_blank_template(tmp_path: Path, lang: str) -> None:
    blank = tmp_path / "blank.xlsx"
    assert _invoke(["template", "-o", blank, "--lang", lang]).exit_code == 0
    wb = openpyxl.load_workbook(blank)   # the template leaves the city fields empty: type the year, as a user would
    city = wb.worksheets[0]
    year_row = next(r for r in range(1, city.max_row + 1)
                    if str(city.cell(r, 1).value).strip() in ("year", "年份", "清单年份", "核算年份"))
    city.cell(year_row, 2).value = 2023
    wb.save(blank)
    out = tmp_path / "inv.xlsx"
    res = _invoke(["build", blank, "-o", out, "--lang", "zh", "--factors", "china"])
    assert res.exit_code == 0, (res.output, res.exception)
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert "概览" in names


def test_build_zh_of_notation_keys_only(tmp_path: Path) -> None:
    src = activity_book(tmp_path / "nk.xlsx", [row("I.1.1", notation_key="NO", explanation="no fuel"),
                                               row("II.1.1", notation_key="IE", explanation="in I.1.1")], good=False)
    out = tmp_path / "inv.xlsx"
    res = _invoke(["build", src, "-o", out, "--lang", "zh"])
    assert res.exit_code == 0, (res.output, res.exception)
    wb = openpyxl.load_workbook(out, read_only=True)
    views = [n for n in wb.sheetnames if "视图" in n or "口径" in n or "领域" in n or "产业" in n]
    inv = gpc.calculate(src)
    assert len(inv.emissions) == 0 and len(inv.notation_keys) == 2
    from gpc.views_zh import provincial_view

    v = provincial_view(inv.emissions)  # every category, with zeros
    assert len(v) > 0 and float(v["co2e_t"].sum()) == 0.0
    assert views or len(wb.sheetnames) >= 7


# --------------------------------------------------------------- 3. -o is the input: refused at once
def _same_file_cases(tmp_path: Path, src: Path) -> list[Path]:
    sym = tmp_path / "sym.xlsx"
    sym.symlink_to(src.name)
    hard = tmp_path / "hard.xlsx"
    os.link(src, hard)
    return [src, sym, hard, tmp_path / "sub" / ".." / src.name]


@posix
@pytest.mark.parametrize("command", ["build", "export", "trend", "validate-free"])
def test_output_is_the_input(tmp_path: Path, city: Path, command: str) -> None:
    before = city.read_bytes()
    (tmp_path / "sub").mkdir()
    for out in _same_file_cases(tmp_path, city):
        if command == "build":
            args = ["build", city, "-o", out]
        elif command == "export":
            args = ["export", city, "--format", "ecrf", "-o", out]
        elif command == "trend":
            args = ["trend", city, "-o", out]
        else:  # the input given through the link, the output the file itself
            args = ["build", tmp_path / "sym.xlsx", "-o", city]
        res = _invoke(args)
        _refused(res, "the output is the input", "cannot write")
        assert city.read_bytes() == before
        assert _left(tmp_path, {"city.xlsx", "sym.xlsx", "hard.xlsx", "sub"}) == set()
        if command == "validate-free":
            break


@posix
def test_import_balance_output_is_the_input(tmp_path: Path) -> None:
    bal = _balance(tmp_path / "balance.xlsx", 2022)
    before = bal.read_bytes()
    res = _invoke(["import-balance", bal, "-o", bal])
    _refused(res, "the output is the input")
    assert bal.read_bytes() == before


def test_same_file_is_refused_before_computing(tmp_path: Path, city: Path, monkeypatch) -> None:
    import gpc.engine

    def boom(*a, **k):  # pragma: no cover - must not be reached
        raise AssertionError("computed")

    monkeypatch.setattr(gpc.engine, "calculate", boom)
    _refused(_invoke(["build", city, "-o", city]), "the output is the input")


# ------------------------------------------------- 4. inputs and outputs that are not regular files
def _fifo(p: Path) -> Path:
    os.mkfifo(p)
    return p


@posix
@pytest.mark.parametrize("kind", ["fifo", "dev-null", "dev-zero", "socket", "folder"])
def test_input_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    sock = None
    if kind == "fifo":
        src = _fifo(tmp_path / "in.xlsx")
    elif kind == "dev-null":
        src = Path("/dev/null")
    elif kind == "dev-zero":
        src = Path("/dev/zero")
    elif kind == "socket":
        src = tmp_path / "in.xlsx"
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(src))
    else:
        src = tmp_path / "in.xlsx"
        src.mkdir()
    keep = {p.name for p in tmp_path.iterdir()}
    try:
        for args in (["build", src, "-o", "out.xlsx"], ["validate", src], ["export", src, "-f", "json", "-o", "o.json"],
                     ["trend", src, "-o", "t.xlsx"], ["import-balance", src, "-o", "a.xlsx"],
                     ["build", EXAMPLE, "-o", "out.xlsx", "--lang", "zh", "--terms", src]):
            if kind == "fifo":  # in a process of its own: a FIFO that is opened never returns (the timeout fails)
                res = _run([str(a) for a in args], tmp_path, timeout=60)
            else:
                res = _invoke([tmp_path / a if a in ("out.xlsx", "o.json", "t.xlsx", "a.xlsx") else a
                               for a in args])
            _refused(res, "not a file" if kind != "folder" else "folder")
            assert _left(tmp_path, keep) == set(), args
    finally:
        if sock is not None:
            sock.close()


@posix
@pytest.mark.parametrize("kind", ["dev-null", "fifo", "folder"])
def test_output_not_a_regular_file(tmp_path: Path, city: Path, kind: str) -> None:
    if kind == "dev-null":
        out = Path("/dev/null")
    elif kind == "fifo":
        out = _fifo(tmp_path / "out.xlsx")
    else:
        out = tmp_path / "out.xlsx"
        out.mkdir()
    keep = {p.name for p in tmp_path.iterdir()}
    for args in (["build", city, "-o", out], ["export", city, "-f", "ecrf", "-o", out], ["trend", city, "-o", out],
                 ["template", "-o", out]):
        res = _run([str(a) for a in args], tmp_path, timeout=60) if kind == "fifo" else _invoke(args)
        _refused(res, "cannot write")
        assert _left(tmp_path, keep) == set()
    mode = os.stat(out).st_mode
    assert {"dev-null": stat.S_ISCHR, "fifo": stat.S_ISFIFO, "folder": stat.S_ISDIR}[kind](mode)  # untouched


@posix
def test_api_never_replaces_a_device(tmp_path: Path) -> None:
    inv = gpc.calculate(EXAMPLE)
    fifo = _fifo(tmp_path / "f.xlsx")
    for target in (Path("/dev/null"), fifo):
        for write in (inv.to_excel, inv.to_csv, inv.to_json, inv.to_ecrf, inv.to_cdp, inv.to_ciris):
            with pytest.raises(gpc.errors.OutputError, match="not a file"):
                write(target)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and stat.S_ISFIFO(os.stat(fifo).st_mode)
    with pytest.raises(gpc.InputError, match="FIFO"):
        gpc.calculate(fifo)
    os.unlink(fifo)
    _fifo(tmp_path / "f.csv")
    with pytest.raises(gpc.InputError, match="FIFO"):
        gpc.calculate(tmp_path / "f.csv")


# --------------------------------------------------------- 5. the suffix says what is written
@pytest.mark.parametrize("args, wants", [
    (["build", "{city}", "-o", "out.csv"], ".xlsx"),
    (["build", "{city}", "-o", "out"], ".xlsx"),
    (["build", "{city}", "-o", "out.xls"], ".xlsx"),
    (["export", "{city}", "--format", "json", "-o", "out.xlsx"], ".json"),
    (["export", "{city}", "--format", "csv", "-o", "out.json"], ".csv"),
    (["export", "{city}", "--format", "ecrf", "-o", "out.csv"], ".xlsx"),
    (["export", "{city}", "--format", "cdp", "-o", "out.json"], ".xlsx or .csv"),
    (["export", "{city}", "--format", "ciris", "-o", "out.txt"], ".xlsx or .csv"),
    (["template", "-o", "t.csv"], ".xlsx"),
    (["trend", "{city}", "-o", "t.json"], ".xlsx"),
    (["import-balance", "{balance}", "-o", "a.csv"], ".xlsx"),
])
def test_output_suffix_must_match(tmp_path: Path, city: Path, args: list[str], wants: str) -> None:
    bal = tmp_path / "balance.xlsx"
    if "{balance}" in args:
        _balance(bal, 2022)
    keep = {p.name for p in tmp_path.iterdir()}
    res = _invoke([a.format(city=city, balance=bal) if "{" in a else str(tmp_path / a) if "." in a or a == "out"
                   else a for a in args])
    _refused(res, f"name it with {wants}")
    assert _left(tmp_path, keep) == set()


@pytest.mark.parametrize("fmt, suffix", [("cdp", "csv"), ("ciris", "csv"), ("cdp", "XLSX")])
def test_export_suffixes_that_are_written(tmp_path: Path, fmt: str, suffix: str) -> None:
    city = activity_book(tmp_path / "small.xlsx", [])
    out = tmp_path / f"o.{suffix}"
    res = _invoke(["export", city, "-f", fmt, "-o", out])
    assert res.exit_code == 0, res.output
    head = out.read_bytes()[:2]
    assert (head == b"PK") == (suffix.lower() == "xlsx")


# ------------------------------------------------------------------------------ 6. the umask
@posix
def test_every_writer_honours_the_umask(tmp_path: Path) -> None:
    bal = _balance(tmp_path / "balance.xlsx", 2022)
    city = activity_book(tmp_path / "small.xlsx", [])
    runs = [["build", city, "-o", "inv.xlsx"], ["template", "-o", "t.xlsx"],
            ["export", city, "-f", "ecrf", "-o", "e.xlsx"], ["export", city, "-f", "cdp", "-o", "c.csv"],
            ["export", city, "-f", "ciris", "-o", "r.xlsx"], ["export", city, "-f", "csv", "-o", "e.csv"],
            ["export", city, "-f", "json", "-o", "e.json"], ["trend", city, "-o", "tr.xlsx"],
            ["import-balance", bal, "-o", "a.xlsx"]]
    for mask, mode in ((0o027, 0o640), (0o002, 0o664)):
        old = os.umask(mask)  # in this test process only (each xdist worker is a process of its own)
        try:
            for args in runs if mask == 0o027 else runs[:2]:
                out = tmp_path / args[args.index("-o") + 1]
                res = _invoke([tmp_path / a if a == args[args.index("-o") + 1] else a for a in args])
                assert res.exit_code == 0, res.output
                assert stat.S_IMODE(out.stat().st_mode) == mode, (args, oct(out.stat().st_mode))
                out.unlink()
        finally:
            os.umask(old)


# ------------------------------------------------------------ 7. SIGTERM removes the temporary file
SLOW = """
import sys, time, xlsxwriter
close = xlsxwriter.Workbook.close
def slow(self):
    close(self)
    print("closed", flush=True)
    time.sleep(60)
xlsxwriter.Workbook.close = slow
sys.argv = ["gpc"] + sys.argv[1:]
from gpc.cli import main
main()
"""


@posix
@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, None), (signal.SIGHUP, 129)])
def test_signal_leaves_no_temporary_file(tmp_path: Path, city: Path, sig: int, code: int | None) -> None:
    """gpc is stopped while the workbook is written (the temporary file exists): it is removed, the
    target is not written, no traceback."""
    proc = subprocess.Popen([sys.executable, "-c", SLOW, "build", str(city), "-o", "out.xlsx"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, GPC_PROGRESS="0"))
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "closed"
        assert [p.name for p in tmp_path.glob(".gpc-*")]  # the temporary file is there
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill() if proc.poll() is None else None
    assert "Traceback" not in err
    assert proc.returncode == (code if code is not None else 1), err  # Ctrl-C: click's "Aborted!", exit 1
    assert _left(tmp_path, {"city.xlsx"}) == set()


# --------------------------------------------------------- 8. import-balance --year contradicts
def test_import_balance_year_that_contradicts_the_sheet(tmp_path: Path) -> None:
    bal = _balance(tmp_path / "balance.xlsx", 2022)
    res = _invoke(["import-balance", bal, "--year", "2021", "-o", tmp_path / "a.xlsx"])
    _refused(res, "2022", "--year 2022")
    assert not (tmp_path / "a.xlsx").exists()
    assert _invoke(["import-balance", bal, "--year", "2022", "-o", tmp_path / "a.xlsx"]).exit_code == 0


# ---------------------------------------------------------------------- 9. exports are safe
EVIL_CITY = [list(r) for r in CITY]
EVIL_CITY[1] = ["name", '=HYPERLINK("http://evil","click")']
EVIL_ROWS = [
    HEADER, GOOD,
    row("I.1.1", "lpg", 5, "GJ", source="=1+2"),
    row("I.1.2", notation_key="NO", explanation='＝HYPERLINK("http://e")'),  # full width: stays full width
    row("I.2.1", "lpg", 7, "GJ", source="123"),
    row("I.3.1", "lpg", 8, "GJ", source="-5"),
    row("I.4.1", "lpg", 9, "GJ", source="@SUM(A1)"),
    row("I.5.1", "lpg", 9, "GJ", source="+1"),
]


@pytest.fixture()
def evil(tmp_path: Path) -> Path:
    return text_book(tmp_path / "evil.xlsx", {"city": EVIL_CITY, "activity": EVIL_ROWS})


def test_neutralise_rules() -> None:
    for text in ("=1", "+1", "-1", "@x", "\tx", "\rx", "'=1", "''-x"):
        out = neutralise(text)
        assert out == "'" + text and restore(out) == text
    for value in ("a=1", "'x", "", "1", -5.0, -5, None, 0.0):
        assert neutralise(value) == value and restore(value) == value


def test_csv_exports_quote_formula_text(tmp_path: Path, evil: Path) -> None:
    for args in (["-f", "csv", "--table", "audit"], ["-f", "csv", "--table", "emissions"], ["-f", "csv", "--table",
                 "summary"], ["-f", "cdp"], ["-f", "ciris"]):
        out = tmp_path / "o.csv"
        res = _invoke(["export", evil, *args, "-o", out])
        assert res.exit_code == 0, res.output
        with open(out, encoding="utf-8-sig", newline="") as fh:
            cells = [c for r in csv.reader(fh) for c in r]
        for c in cells:
            assert not c.startswith(("=", "+", "@", "\t", "\r")), (args, c)
            if c.startswith("-"):
                float(c)  # a negative number stays a number
        if "audit" in args:
            assert {"'=1+2", "'-5", "'@SUM(A1)", "'+1", '＝HYPERLINK("http://e")', "123"} <= set(cells)
        out.unlink()


def test_json_export_quotes_formula_text_and_reads_it_back(tmp_path: Path, evil: Path) -> None:
    out = tmp_path / "o.json"
    assert _invoke(["export", evil, "-f", "json", "-o", out]).exit_code == 0
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert raw["meta"]["city"] == '\'=HYPERLINK("http://evil","click")'
    sources = {r["input_source"] for r in raw["emissions"]}
    assert {"'=1+2", "'-5", "'@SUM(A1)", "'+1", "123"} <= sources
    assert all(isinstance(r["co2e_t"], float) for r in raw["emissions"])
    from gpc.reports import flat

    doc = flat.read_json(out)
    assert doc["meta"]["city"] == '=HYPERLINK("http://evil","click")'
    assert "=1+2" in set(doc["emissions"]["input_source"])


def test_workbooks_write_user_text_as_text(tmp_path: Path, evil: Path) -> None:
    outs = {}
    for name, args in {"inv": ["build"], "zh": ["build", "--lang", "zh"], "ecrf": ["export", "-f", "ecrf"],
                       "cdp": ["export", "-f", "cdp"], "ciris": ["export", "-f", "ciris"], "trend": ["trend"]}.items():
        out = tmp_path / f"{name}.xlsx"
        cmd = [args[0], evil, *args[1:], "-o", out]
        res = _invoke(cmd)
        assert res.exit_code == 0, (name, res.output)
        outs[name] = out
    seen: dict[str, set[str]] = {}
    for name, out in outs.items():
        wb = openpyxl.load_workbook(out)
        for ws in wb:
            for r in ws.iter_rows():
                for c in r:
                    v = c.value
                    if isinstance(v, str) and ("HYPERLINK" in v or v in ("=1+2", "123", "-5", "@SUM(A1)", "+1")):
                        assert c.data_type == "s", (name, ws.title, c.coordinate, v)
                        seen.setdefault(name, set()).add(v)
                    assert c.data_type != "f" or not ("HYPERLINK" in str(v) or "SUM(A1)" in str(v)), (name, v)
    assert {"=1+2", "123", "-5", "@SUM(A1)"} <= seen["inv"]  # the audit trail, as typed, as text
    assert any("evil" in v for v in seen["inv"]) and any("evil" in v for v in seen["trend"])


# ---------------------------------------------------------- 10. the API on cells that are not values
class _Thing:
    pass


@pytest.mark.parametrize("value, said", [([1, 2], "a list"), ({"a": 1}, "a dict"), ({1, 2}, "a set"),
                                         (b"abc", "bytes"), (_Thing(), "_Thing object"), ((1, 2), "a tuple"),
                                         (complex(1, 2), "a complex number")])
@pytest.mark.parametrize("column", ["gpc_ref", "amount", "unit", "explanation", "notation_key", "extra"])
def test_dataframe_cells_that_are_not_values(value, said: str, column: str) -> None:
    df = pd.DataFrame({"gpc_ref": ["I.1.1", "I.1.1"], "activity": ["natural_gas"] * 2, "amount": [1.0, 2.0],
                       "unit": ["GJ", "GJ"]})
    df[column] = pd.Series([df[column].iloc[0] if column in df else None, value], dtype=object)
    with pytest.raises(gpc.InputError) as err:
        gpc.calculate(df, city={"year": 2023})
    p = next(p for p in err.value.problems if p.column == column and said in p.message)
    assert (p.sheet, p.row) == ("activity", 3)  # the header is row 1


def test_city_fields_that_are_not_values() -> None:
    df = pd.DataFrame({"gpc_ref": ["I.1.1"], "activity": ["natural_gas"], "amount": [1.0], "unit": ["GJ"]})
    with pytest.raises(gpc.InputError, match="a list"):
        gpc.calculate(df, city={"year": 2023, "name": ["a"]})
    with pytest.raises(gpc.InputError, match="a list"):
        gpc.calculate(EXAMPLE, factors=["china"])
    with pytest.raises(TypeError, match="city must be a mapping"):
        gpc.calculate(df, city=5)


# --------------------------------------------------------- 11. an unexpected error is one line
def test_unexpected_error_is_one_line_without_traceback(tmp_path: Path, city: Path, monkeypatch) -> None:
    import gpc.engine

    def bug(*a, **k):
        raise KeyError("oops")

    monkeypatch.setattr(gpc.engine, "calculate", bug)
    res = _invoke(["validate", city])
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit)
    assert "bug in gpc" in res.stderr and "KeyError" in res.stderr and "Traceback" not in res.stderr


# ------------------------------------------------ 12. figures show a city name as written ($ is no TeX)
def test_figures_with_dollars_in_the_city_name(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    city = [list(r) for r in CITY]
    city[1] = ["name", r"$\notacommand{$ & 50% _x^"]
    src = text_book(tmp_path / "c.xlsx", {"city": city, "activity": [HEADER, GOOD]})
    res = _invoke(["build", src, "-o", tmp_path / "inv.xlsx", "--figures", tmp_path / "figs", "-q"])
    assert res.exit_code == 0, res.output
    res = _invoke(["trend", src, "-o", tmp_path / "t.xlsx", "--figures", tmp_path / "tfigs", "-q"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "figs" / "sector.svg").is_file() and (tmp_path / "tfigs" / "trend_totals.svg").is_file()


def test_figures_folder_that_is_a_file_or_the_output(tmp_path: Path, city: Path) -> None:
    out = tmp_path / "inv.xlsx"
    for figs in (city, out, Path("/dev/null")):
        res = _invoke(["build", city, "-o", out, "--figures", figs])
        _refused(res, "cannot write figures here")
        assert _left(tmp_path, {"city.xlsx"}) == set()


def test_text_clean_up_never_makes_a_formula() -> None:
    """NFKC folds full-width letters and digits (ＡＢＣ → ABC) but a full-width ＝ ＋ － ＠ (or ﹦ ⁼ …) that starts a
    text stays as typed: folding it would turn the text into a formula for a spreadsheet."""
    from gpc.sheets import coerce, sheet_spec

    col = next(c for c in sheet_spec("activity").columns if c.name == "explanation")
    assert coerce('＝HYPERLINK("x")', col) == '＝HYPERLINK("x")'
    assert coerce("\u3000＋１", col) == "＋1"  # the rest is still cleaned up
    assert coerce("﹦1", col) == "﹦1" and coerce("⁼1", col) == "⁼1" and coerce("－5", col) == "－5"
    assert coerce("ＡＢＣ", col) == "ABC" and coerce("x＝1", col) == "x=1" and coerce("=x", col) == "=x"
