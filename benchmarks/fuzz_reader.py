"""Fuzz the activity-workbook reader: mutate valid workbooks and check that reading them either works or
raises :class:`gpc.InputError` — never any other exception, a hang or a memory blow-up.

    .venv/bin/python benchmarks/fuzz_reader.py --seconds 60 [--seed 1] [--crashes DIR] [--calculate]

Mutations work at four levels: bytes of the file (flip, cut, splice), parts of the zip (XML edits inside a
part: attributes, cell types, references, numbers, entities, truncation; parts dropped or duplicated),
cells (odd values written with openpyxl: NaN, infinities, dates, booleans, formulas, error values, huge or
full-width text), and whole sheets (renamed, emptied, headers shuffled). Files that crash are kept in
``--crashes`` with the traceback beside them. Exit status 1 if anything crashed. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import resource
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import xlsxwriter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import gpc  # noqa: E402
from gpc.errors import InputError  # noqa: E402

CITY = [("field", "value"), ("name", "Fuzz City"), ("year", 2023), ("country", "CN"),
        ("climate_zone", "temperate_wet"), ("grid_factor", "0.5 t/MWh"), ("td_loss_rate", 0.05)]
HEADER = ["gpc_ref", "activity", "amount", "unit", "gas", "notation_key", "explanation", "ef_co2", "ef_unit", "ncv",
          "source"]
ROWS = [
    ["I.1.1", "natural_gas", 12, "亿立方米", None, None, None, None, None, "38.931 MJ/m3", "utility"],
    ["I.1.2", "grid_electricity", 120000, "万千瓦时"],
    ["I.2.1", "gas_diesel_oil", 60000, "t"],
    ["I.3.1", "other_bituminous_coal", 4e6, "t"],
    ["II.1.1", "motor_gasoline", 220, "万吨"],
    ["I.1.1", "direct", 3, "t", "SF6"],
    ["I.6.1", None, None, None, None, "IE", "included in I.2.1"],
    ["I.1.1", "lpg", 5, "TJ", None, None, None, 63100, "kg/TJ"],
]
SOLID_WASTE = [["gpc_ref", "site", "year", "amount", "unit", "method", "food", "paper", "other_inert"],
               ["III.1.1", "A", 2021, 1000, "t", "fod", 0.5, 0.2, 0.3],
               ["III.1.1", "A", 2022, 1100, "t", "fod", 0.5, 0.2, 0.3],
               ["III.1.1", "A", 2023, 1200, "t", "fod", 0.5, 0.2, 0.3]]

ODD_VALUES = [float("nan"), float("inf"), -float("inf"), -1.0, 0.0, 1e308, 5e-324, -0.0, True, False, "",
              " ", "\u3000", "１２３", "ＧＪ", "#N/A", "#DIV/0!", "=1/0", "=A1", "+1", "-", "@x", "NaN", "inf",
              "1,2,3", "1e999", "万", "x" * 5000, "\x00", "\ud7ff", "I.1.1 ", "i.1.1", "II", "direct", "CO2e",
              "kg/TJ", "t/MWh", "38.931 MJ/m3", "0.84 kg/L", 2023, 1800, 3000, "2023-01-01", None, "NO", "IE", "C",
              "是", "否", "yes", "maybe", "H", "natural_gas", "grid_electricity", "tce", "万吨标准煤"]
XML_JUNK = [b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"&amp;", b"<c/>", b"<row/>", b"</row>", b"\x00",
            b'r="XFD1048576"', b'r="A0"', b'r="A9999999"', b't="e"', b't="b"', b't="d"', b't="s"', b't="str"',
            b"<v>1e999</v>", b"<v>-</v>", b"<v>99999999999</v>", b"<f>1/0</f>", b"<f/>", b"\xff\xfe",
            b"<mergeCell ref='A1:XFD1048576'/>", b"<![CDATA[x]]>", b"<?pi?>", b"<!-- -->"]


# --------------------------------------------------------------------------------------------- seeds
def make_seeds(folder: Path) -> list[Path]:
    seeds = []
    p = folder / "seed_openpyxl.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "city"
    for r in CITY:
        wb["city"].append(list(r))
    a = wb.create_sheet("activity")
    a.append(HEADER)
    for r in ROWS:
        a.append(r)
    sw = wb.create_sheet("solid_waste")
    for r in SOLID_WASTE:
        sw.append(r)
    wb.save(p)
    seeds.append(p)
    p = folder / "seed_xlsxwriter.xlsx"
    wb2 = xlsxwriter.Workbook(str(p), {"strings_to_formulas": False})
    c = wb2.add_worksheet("城市")
    for i, r in enumerate(CITY):
        c.write_row(i, 0, r)
    a2 = wb2.add_worksheet("活动数据")
    a2.write_row(0, 0, ["参考编号", "燃料", "数量", "单位", "气体", "标注符号", "说明"])
    for i, r in enumerate(ROWS, start=1):
        a2.write_row(i, 0, [v for v in r[:7]])
    a2.write_formula(len(ROWS) + 1, 2, "=C2*2", None, 24)
    a2.write_row(len(ROWS) + 1, 0, ["I.1.1", "natural_gas"])
    a2.write(len(ROWS) + 1, 3, "亿立方米")
    wb2.close()
    seeds.append(p)
    example = HERE.parent / "examples" / "example_city.xlsx"
    if example.exists():
        seeds.append(example)
    return seeds


# ---------------------------------------------------------------------------------------- mutations
def mutate_bytes(data: bytes, rnd: random.Random) -> bytes:
    b = bytearray(data)
    op = rnd.choice(["flip", "cut", "splice", "zero"])
    if op == "flip":
        for _ in range(rnd.randint(1, 20)):
            i = rnd.randrange(len(b))
            b[i] ^= 1 << rnd.randrange(8)
    elif op == "cut":
        b = b[: rnd.randrange(len(b))]
    elif op == "splice":
        i = rnd.randrange(len(b))
        b[i:i] = os.urandom(rnd.randint(1, 64))
    else:
        i = rnd.randrange(len(b))
        b[i:i + rnd.randint(1, 256)] = b"\0" * rnd.randint(1, 256)
    return bytes(b)


def mutate_xml(xml: bytes, rnd: random.Random) -> bytes:
    op = rnd.choice(["junk", "attr", "number", "type", "ref", "delete", "dup", "truncate", "unicode", "entity"])
    if op == "junk":
        i = rnd.randrange(len(xml) + 1)
        return xml[:i] + rnd.choice(XML_JUNK) + xml[i:]
    if op == "attr":
        return re.sub(rb'="[^"]*"', lambda m: b'="' + rnd.choice([b"", b"-1", b"9" * 12, b"A1", b"x"]) + b'"'
                      if rnd.random() < 0.05 else m.group(0), xml)
    if op == "number":
        return re.sub(rb"<v>([^<]*)</v>", lambda m: b"<v>" + rnd.choice(
            [b"nan", b"inf", b"-0", b"1e400", b"abc", b"", b"0x10", b"1_000", b"\xef\xbc\x91"]) + b"</v>"
            if rnd.random() < 0.2 else m.group(0), xml)
    if op == "type":
        return re.sub(rb't="\w+"', lambda m: rnd.choice([b't="e"', b't="b"', b't="d"', b't="n"', b't="s"',
                                                          b't="str"', b't="inlineStr"', b't="zz"'])
                      if rnd.random() < 0.2 else m.group(0), xml)
    if op == "ref":
        return re.sub(rb'r="([A-Z]+)(\d+)"', lambda m: b'r="' + rnd.choice(
            [b"A", b"ZZ", b"XFD", b"XFE", b"AAAA"]) + str(rnd.choice([1, 2, 1048576, 1048577, 99999999, 0])).encode()
            + b'"' if rnd.random() < 0.05 else m.group(0), xml)
    if op == "delete":
        tags = [m.span() for m in re.finditer(rb"<[^>]+>", xml)]
        if tags:
            a, z = rnd.choice(tags)
            return xml[:a] + xml[z:]
        return xml
    if op == "dup":
        rows = [m.span() for m in re.finditer(rb"<row\b.*?</row>", xml, re.S)]
        if rows:
            a, z = rnd.choice(rows)
            return xml[:z] + xml[a:z] * rnd.randint(1, 50) + xml[z:]
        return xml
    if op == "truncate":
        return xml[: rnd.randrange(len(xml) + 1)]
    if op == "unicode":
        return xml.replace(b"GJ", "\uff27\uff2a".encode()).replace(b"t<", "\u00a0t\u3000<".encode())
    return xml.replace(b"?>", b"?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", 1)


def mutate_zip(data: bytes, rnd: random.Random) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    out = io.BytesIO()
    target = rnd.choice(names)
    op = rnd.choice(["xml", "xml", "xml", "drop", "dup", "stored", "add"])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n in names:
            content = src.read(n)
            if n == target:
                if op == "drop":
                    continue
                if op == "xml":
                    content = mutate_xml(content, rnd)
                if op == "dup":
                    import warnings

                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        z.writestr(n, content)
            z.writestr(n, content, compress_type=zipfile.ZIP_STORED if op == "stored" else zipfile.ZIP_DEFLATED)
        if op == "add":
            z.writestr(rnd.choice(["xl/vbaProject.bin", "xl/externalLinks/externalLink1.xml", "xl/junk.xml",
                                   "xl/worksheets/sheet99.xml"]), rnd.choice(XML_JUNK) + b"<worksheet/>")
    return out.getvalue()


def mutate_cells(path: Path, dst: Path, rnd: random.Random) -> None:
    wb = openpyxl.load_workbook(path)
    for _ in range(rnd.randint(1, 8)):
        ws = rnd.choice(wb.worksheets)
        r = rnd.randint(1, max(ws.max_row, 1) + 2)
        c = rnd.randint(1, max(ws.max_column, 1) + 2)
        v = rnd.choice(ODD_VALUES)
        try:
            ws.cell(r, c).value = v
        except Exception:  # openpyxl refuses some values (illegal characters): that is not the reader's concern
            pass
    op = rnd.random()
    if op < 0.1:
        ws = rnd.choice(wb.worksheets)
        ws.title = rnd.choice(["Activity ", "活动", "x", "city", "solid waste", "城市"])[:31] + str(rnd.randint(0, 9))
    elif op < 0.2 and len(wb.worksheets) > 1:
        wb.remove(rnd.choice(wb.worksheets))
    elif op < 0.3:
        ws = rnd.choice(wb.worksheets)
        ws.merge_cells(start_row=rnd.randint(1, 5), start_column=1, end_row=rnd.randint(5, 9), end_column=rnd.randint(1, 3))
    elif op < 0.4:
        ws = rnd.choice(wb.worksheets)
        ws.insert_rows(1, rnd.randint(1, 3))
    wb.save(dst)


def make_case(seed: Path, folder: Path, rnd: random.Random, n: int) -> Path:
    kind = rnd.choice(["bytes", "zip", "zip", "zip", "cells", "cells", "csv"])
    data = seed.read_bytes()
    if kind == "bytes":
        dst = folder / f"case{n}.xlsx"
        dst.write_bytes(mutate_bytes(data, rnd))
    elif kind == "zip":
        dst = folder / f"case{n}{rnd.choice(['.xlsx', '.xlsx', '.xlsm', '.ods'])}"
        try:
            dst.write_bytes(mutate_zip(data, rnd))
        except zipfile.BadZipFile:
            dst.write_bytes(mutate_bytes(data, rnd))
    elif kind == "cells":
        dst = folder / f"case{n}.xlsx"
        try:
            mutate_cells(seed, dst, rnd)
        except Exception:
            dst.write_bytes(data)
    else:
        dst = folder / f"case{n}.csv"
        lines = [",".join(HEADER)] + [",".join("" if v is None else str(v) for v in r) for r in ROWS]
        text = "\n".join(lines).encode("utf-8")
        dst.write_bytes(mutate_bytes(text, rnd) if rnd.random() < 0.7 else text.decode().encode("gb18030"))
    return dst


# ---------------------------------------------------------------------------------------------- run
class Hang(Exception):
    pass


def _alarm(signum, frame):  # type: ignore[no-untyped-def]
    raise Hang("the reader took longer than the per-case limit")


def run_one(path: Path, calculate: bool, limit: int) -> str:
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit)
    try:
        if path.suffix == ".csv":
            data = gpc.read_activity(path, city={"year": 2023})
        else:
            data = gpc.read_activity(path)
        if calculate:
            gpc.calculate(data)
        return "ok"
    except InputError as err:
        assert err.problems, "InputError without problems"
        for p in err.problems:
            str(p)  # every problem prints
        return "input_error"
    finally:
        signal.alarm(0)


def run_isolated(path: Path, calculate: bool, limit: int) -> tuple[str, str]:
    """Run one case in a forked child, so that an abort of native code (an allocation failure in the cell
    reader), a hang or a memory blow-up is a finding rather than the end of the fuzzer."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        try:  # a loop inside native code does not see SIGALRM: the CPU limit ends it (SIGXCPU)
            resource.setrlimit(resource.RLIMIT_CPU, (limit + 5, limit + 10))
        except (ValueError, OSError):
            pass
        code, text = 0, ""
        try:
            code = {"ok": 0, "input_error": 3}[run_one(path, calculate, limit)]
        except BaseException as exc:  # noqa: BLE001
            code, text = 4, "".join(traceback.format_exception(exc))
        os.write(w, text.encode("utf-8", "replace")[:100_000])
        os._exit(code)
    os.close(w)
    chunks = []
    while True:
        data = os.read(r, 65536)
        if not data:
            break
        chunks.append(data)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    text = b"".join(chunks).decode("utf-8", "replace")
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            return "crash", f"a hang: more than {limit + 5} s of CPU on one case"
        return "crash", f"killed by signal {sig} (an abort in native code or a memory blow-up)"
    code = os.WEXITSTATUS(status)
    if code == 0:
        return "ok", ""
    if code == 3:
        return "input_error", ""
    return "crash", text or f"exit status {code}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz (default 60)")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    ap.add_argument("--crashes", type=Path, default=Path(tempfile.gettempdir()) / "gpc_fuzz_crashes",
                    help="where to keep crashing files (default: a folder in the temporary directory)")
    ap.add_argument("--calculate", action="store_true", help="also compute the inventory of files that read")
    ap.add_argument("--case-seconds", type=int, default=30, help="time limit of one case (a hang)")
    ap.add_argument("--memory-gb", type=float, default=4.0, help="address-space limit of a case (a memory blow-up)")
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    rnd = random.Random(seed)
    import warnings

    warnings.simplefilter("ignore")
    if args.memory_gb:
        lim = int(args.memory_gb * 1024**3)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
        except (ValueError, OSError):
            pass
    isolated = hasattr(os, "fork")
    outcomes: Counter[str] = Counter()
    crashes: list[tuple[Path, str]] = []
    start = time.time()
    with tempfile.TemporaryDirectory(prefix="gpc-fuzz-") as tmp:
        folder = Path(tmp)
        seeds = make_seeds(folder)
        for warm in seeds:  # load modules and factor tables once, before forking
            try:
                gpc.calculate(gpc.read_activity(warm))
            except InputError:
                pass
        n = 0
        while time.time() - start < args.seconds:
            n += 1
            case = make_case(rnd.choice(seeds), folder, rnd, n)
            if isolated:
                outcome, detail = run_isolated(case, args.calculate, args.case_seconds)
            else:
                try:
                    outcome, detail = run_one(case, args.calculate, args.case_seconds), ""
                except (KeyboardInterrupt, SystemExit):
                    raise
                except BaseException as exc:  # noqa: BLE001 - anything but InputError is a finding
                    outcome, detail = "crash", "".join(traceback.format_exception(exc))
            outcomes[outcome] += 1
            if outcome == "crash":
                args.crashes.mkdir(parents=True, exist_ok=True)
                kept = args.crashes / f"seed{seed}_{case.name}"
                kept.write_bytes(case.read_bytes())
                kept.with_suffix(kept.suffix + ".txt").write_text(detail)
                crashes.append((kept, detail.strip().splitlines()[-1] if detail.strip() else "crash"))
            case.unlink(missing_ok=True)
    elapsed = time.time() - start
    total = sum(outcomes.values())
    print(f"fuzz_reader: {total} cases in {elapsed:.0f} s (seed {seed}): {outcomes['ok']} read, "
          f"{outcomes['input_error']} refused with InputError, {outcomes['crash']} crashed")
    for path, what in crashes[:20]:
        print(f"  CRASH {path}: {what}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
