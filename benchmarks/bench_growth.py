"""Growth: ``gpc.calculate`` and the bare pandas baseline from 10 thousand to 1 million activity rows.

Linear growth shows as a constant time per row; the ratio to the baseline is measured at every size.

    python benchmarks/bench_growth.py [--sizes 10000,30000,100000,300000,1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PeakMemory, activity_frame, median_time, report
from bench_engine import baseline, baseline_tables, check_same, gpc_totals, with_gpc


def run(sizes: list[int], repeat: int) -> tuple[list[list[object]], dict[str, float]]:
    rows = []
    with_gpc(activity_frame(200))
    per_row0 = None
    for n in sizes:
        df = activity_frame(n)
        ut, ft, cats = baseline_tables(df)
        tb, base = median_time(lambda df=df, ut=ut, ft=ft, cats=cats: baseline(df, ut, ft, cats), repeat)
        with PeakMemory() as mem:
            tg, inv = median_time(lambda df=df: with_gpc(df), repeat)
        check_same(gpc_totals(inv), base)
        per_row = tg / n * 1e6
        per_row0 = per_row0 or per_row
        rows.append([n, len(inv.emissions), tb, tg, tg / tb, per_row, per_row / per_row0,
                     mem.peak_mb - mem.start_mb])
        del inv
    return rows, {"ratio_1m": rows[-1][4]}


HEADERS = ["activity rows", "records", "bare pandas s", "gpc s", "ratio", "gpc µs/row", "µs/row vs first",
           "peak MB"]


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,30000,100000,300000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    rows, _ = run([int(x) for x in a.sizes.split(",")], a.repeat)
    return report("Growth: 10 thousand to 1 million rows (target: linear)", HEADERS, rows,
                  f"median of {a.repeat} runs at each size")


if __name__ == "__main__":
    main()
