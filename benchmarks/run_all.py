"""Run every benchmark and print their tables (``make bench``).

Each benchmark measures gpc and a bare baseline side by side in the same run and reports the ratio,
so the tables are comparable across machines. ``--quick`` uses small sizes (a smoke run, minutes
less); ``--markdown FILE`` also writes the tables to FILE (docs/performance.md quotes such a run).

    python benchmarks/run_all.py [--quick] [--markdown out.md] [--only engine,read]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_csv
import bench_engine
import bench_fod
import bench_growth
import bench_import
import bench_pathways
import bench_read
import bench_uncertainty
import bench_write
from _common import machine

FULL = {
    "import": (bench_import, []),
    "engine": (bench_engine, ["--rows", "1000000", "--repeat", "5"]),
    "read": (bench_read, ["--rows", "100000", "--repeat", "5"]),
    "write": (bench_write, ["--records", "100000", "--repeat", "3"]),
    "fod": (bench_fod, []),
    "growth": (bench_growth, []),
    "csv": (bench_csv, ["--rows", "2000000"]),
    "uncertainty": (bench_uncertainty, ["--records", "100000", "--iterations", "10000", "--repeat", "3"]),
    "pathways": (bench_pathways, ["--years", "40"]),
}
QUICK = {
    "import": (bench_import, ["--repeat", "3"]),
    "engine": (bench_engine, ["--rows", "100000", "--repeat", "3"]),
    "read": (bench_read, ["--rows", "20000", "--repeat", "3"]),
    "write": (bench_write, ["--records", "20000", "--repeat", "1"]),
    "fod": (bench_fod, ["--repeat", "3"]),
    "growth": (bench_growth, ["--sizes", "10000,30000,100000", "--repeat", "3"]),
    "csv": (bench_csv, ["--rows", "200000"]),
    "uncertainty": (bench_uncertainty, ["--records", "20000", "--iterations", "2000", "--repeat", "1"]),
    "pathways": (bench_pathways, ["--years", "10"]),
}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--markdown", type=Path)
    ap.add_argument("--only", help="comma-separated: " + ", ".join(FULL))
    a = ap.parse_args(argv)
    plan = QUICK if a.quick else FULL
    names = a.only.split(",") if a.only else list(plan)
    texts = [f"# gpc benchmarks\n\n{machine()}\n"]
    t0 = time.perf_counter()
    for name in names:
        mod, args = plan[name]
        texts.append(mod.main(args))
    texts.append(f"\n(all benchmarks: {time.perf_counter() - t0:.0f} s)\n")
    if a.markdown:
        a.markdown.write_text("\n".join(texts), encoding="utf-8")


if __name__ == "__main__":
    main()
