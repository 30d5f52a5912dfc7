"""``python -c "import gpc"`` vs ``python -c "pass"`` (interpreter start-up), in fresh processes.

Target: import gpc ≤ 0.5 s. Heavy modules (pandas, pint, factor tables, GWP sets) load on first use;
the table also shows what the first ``gpc.calculate`` then costs once.

    python benchmarks/bench_import.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, report

FIRST_USE = ("import time, pandas as pd; t = time.perf_counter(); import gpc; "
             "gpc.calculate(pd.DataFrame([{'gpc_ref': 'I.1.1', 'activity': 'natural_gas', 'amount': 1, "
             "'unit': 'GJ'}]), city={'year': 2023}); print(time.perf_counter() - t)")


def wall(code: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run(repeat: int) -> tuple[list[list[object]], dict[str, float]]:
    bare = wall("pass", repeat)
    imp = wall("import gpc", repeat)
    heavy = subprocess.run([sys.executable, "-c", "import sys, gpc; print(sorted(m for m in ('pandas', 'numpy', "
                            "'pint', 'xlsxwriter', 'python_calamine') if m in sys.modules))"],
                           check=True, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    first = statistics.median(float(subprocess.run([sys.executable, "-c", FIRST_USE], check=True,
                                                   capture_output=True, text=True, cwd=ROOT).stdout)
                              for _ in range(3))
    rows = [["python -c 'pass' (start-up)", bare, "", ""],
            ["python -c 'import gpc'", imp, imp - bare, f"loaded: {heavy}"],
            ["first gpc.calculate (loads pandas parts, pint, factors, GWPs)", first, "", "once per process"]]
    return rows, {"import_s": imp}


HEADERS = ["what", "wall s", "import gpc alone s", "note"]


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args(argv)
    rows, _ = run(a.repeat)
    return report("Import: python -c 'import gpc' (target ≤ 0.5 s)", HEADERS, rows, f"median of {a.repeat} runs")


if __name__ == "__main__":
    main()
