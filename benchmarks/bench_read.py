"""``gpc.read_activity`` on an N-row activity workbook vs python-calamine reading the same sheet bare.

The workbook (a ``city`` sheet and an ``activity`` sheet of mixed fuels, units and GPC rows) is
written once with xlsxwriter before timing. The baseline opens the file with python-calamine and
turns the activity sheet into Python lists; gpc does that and then finds the header, types and
validates every cell, and builds the typed table.

    python benchmarks/bench_read.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CITY, activity_frame, median_time, report

COLUMNS = ["gpc_ref", "activity", "amount", "unit", "data_quality", "source"]


def write_workbook(path: Path, rows: int) -> Path:
    """An activity workbook of ``rows`` rows (written once; reused while its size matches)."""
    import xlsxwriter

    df = activity_frame(rows, seed=1)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    city = wb.add_worksheet("city")
    city.write_row(0, 0, ["field", "value"])
    for i, (k, v) in enumerate(CITY.items(), start=1):
        city.write_row(i, 0, [k, v])
    ws = wb.add_worksheet("activity")
    ws.write_row(0, 0, COLUMNS)
    cols = [df[c].tolist() for c in COLUMNS]
    for i, row in enumerate(zip(*cols), start=1):
        ws.write_row(i, 0, row)
    wb.close()
    return path


def bare(path: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("activity").to_python()


def with_gpc(path: Path):  # type: ignore[no-untyped-def]
    import gpc

    return gpc.read_activity(path)


def run(rows: int, repeat: int, folder: Path) -> tuple[list[list[object]], dict[str, float]]:
    path = folder / f"activity_{rows}.xlsx"
    if not path.exists():
        write_workbook(path, rows)
    with_gpc(path)  # first-use costs (sheet specs, unit registry) outside the timing
    tb, raw = median_time(lambda: bare(path), repeat)
    tg, data = median_time(lambda: with_gpc(path), repeat)
    assert len(data.activity) == len(raw) - 1 == rows, (len(data.activity), len(raw))
    return [[rows, path.stat().st_size / 2**20, tb, tg, tg / tb]], {"ratio": tg / tb}


HEADERS = ["rows", "file MB", "python-calamine bare s", "gpc.read_activity s", "ratio"]


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "gpc-bench")
    a = ap.parse_args(argv)
    a.folder.mkdir(parents=True, exist_ok=True)
    rows, _ = run(a.rows, a.repeat, a.folder)
    return report("Reading: gpc.read_activity vs python-calamine bare (target ≤ 2×)", HEADERS, rows,
                  f"median of {a.repeat} runs")


if __name__ == "__main__":
    main()
