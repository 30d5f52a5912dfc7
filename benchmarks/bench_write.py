"""``inv.to_excel`` with an N-record audit trail vs xlsxwriter writing the same cells bare.

The inventory is computed once (not timed). The baseline writes the audit-trail cells — the same
values, one ``write_row`` per record — with xlsxwriter in ``constant_memory`` mode; gpc writes its
whole workbook: reporting table, summaries, charts, checks and the audit trail with number formats,
text kept as text and the file written atomically.

    python benchmarks/bench_write.py [--records 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CITY, activity_frame, median_time, report


def inventory(records: int):  # type: ignore[no-untyped-def]
    import gpc

    n = max(1, int(records / 2.94))  # about three records (CO2, CH4, N2O) per activity row
    inv = gpc.calculate(activity_frame(n, seed=2), city=CITY)
    return inv


def bare(inv, path: Path) -> None:  # type: ignore[no-untyped-def]
    import xlsxwriter

    a = inv.audit()
    cols = [a[c].to_numpy(dtype=object).tolist() for c in a.columns]
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "nan_inf_to_errors": True})
    ws = wb.add_worksheet("Audit trail")
    ws.write_row(0, 0, [str(c) for c in a.columns])
    for i, row in enumerate(zip(*cols), start=1):
        ws.write_row(i, 0, [None if isinstance(v, float) and math.isnan(v) else v for v in row])
    wb.close()


def with_gpc(inv, path: Path) -> None:  # type: ignore[no-untyped-def]
    inv.to_excel(path, timestamp="2024-01-01")


def run(records: int, repeat: int, folder: Path) -> tuple[list[list[object]], dict[str, float]]:
    inv = inventory(records)
    n = len(inv.audit())
    tb, _ = median_time(lambda: bare(inv, folder / "bare.xlsx"), repeat)
    tg, _ = median_time(lambda: with_gpc(inv, folder / "gpc.xlsx"), repeat)
    return [[n, len(inv.audit().columns), tb, tg, tg / tb]], {"ratio": tg / tb}


HEADERS = ["audit rows", "columns", "xlsxwriter bare s", "inv.to_excel s", "ratio"]


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "gpc-bench")
    a = ap.parse_args(argv)
    a.folder.mkdir(parents=True, exist_ok=True)
    rows, _ = run(a.records, a.repeat, a.folder)
    return report("Writing: inv.to_excel vs xlsxwriter bare, constant_memory (target ≤ 1.5×)", HEADERS, rows,
                  f"median of {a.repeat} runs")


if __name__ == "__main__":
    main()
