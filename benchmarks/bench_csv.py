"""A large CSV table of activity rows: ``gpc.read_activity`` (chunked) vs ``pandas.read_csv`` bare.

Each is run in a fresh process so that its peak resident memory (ru_maxrss) is its own. pandas reads
every cell as text (as gpc must, to report cells that are not numbers); gpc reads and types the file
500,000 rows at a time and keeps numbers as float64 and text as categorical codes.

    python benchmarks/bench_csv.py [--rows 2000000]   (the README's claim: --rows 10000000)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CITY, ROOT, activity_frame, report

CHILD = r"""
import json, resource, sys, time
kind, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if kind == "pandas":
    import pandas as pd
    n = len(pd.read_csv(path, dtype=str, keep_default_na=False))
else:
    import gpc
    n = len(gpc.read_activity(path, city=json.loads(sys.argv[3])).activity)
try:  # this process's own high-water mark (ru_maxrss may carry the parent's over fork/exec)
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": time.perf_counter() - t, "rows": n, "peak_mb": peak}))
"""


def write_csv(path: Path, rows: int) -> None:
    chunk = 1_000_000
    for i, start in enumerate(range(0, rows, chunk)):
        df = activity_frame(min(chunk, rows - start), seed=100 + i)
        df.to_csv(path, mode="a" if i else "w", header=not i, index=False)


def child(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, kind, str(path), json.dumps(CITY)], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def run(rows: int, folder: Path) -> tuple[list[list[object]], dict[str, float]]:
    path = folder / f"activity_{rows}.csv"
    if not path.exists():
        write_csv(path, rows)
    p = child("pandas", path)
    g = child("gpc", path)
    assert p["rows"] == g["rows"] == rows
    return [[rows, path.stat().st_size / 2**20, p["s"], g["s"], g["s"] / p["s"], p["peak_mb"], g["peak_mb"]]], \
        {"gpc_peak_mb": g["peak_mb"]}


HEADERS = ["rows", "file MB", "pandas.read_csv s", "gpc.read_activity s", "ratio", "pandas peak MB",
           "gpc peak MB"]


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "gpc-bench")
    a = ap.parse_args(argv)
    a.folder.mkdir(parents=True, exist_ok=True)
    rows, _ = run(a.rows, a.folder)
    return report("Large CSV: gpc.read_activity (chunked, typed) vs pandas.read_csv (text)", HEADERS, rows,
                  "one fresh process each; peak = maximum resident memory of that process")


if __name__ == "__main__":
    main()
