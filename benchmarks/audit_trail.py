"""Refactoring check: the audit trail of the examples, before and after a change, must be identical.

``save DIR`` computes the inventories below with the code on the path and stores each one's emissions
(every column, rows sorted) and warnings in DIR; ``compare DIR`` computes them again and compares every
column exactly (exit 1 on any difference). The cases: ``examples/example_city.xlsx`` under the shipped
factor sets and options, and the Chinese example (``examples/sections/china_city.py`` → ``gpc
import-balance``, as ``make demo`` does) under every guideline, grid variant and loss basis::

    .venv/bin/python benchmarks/audit_trail.py save /tmp/audit      # on the old code
    .venv/bin/python benchmarks/audit_trail.py compare /tmp/audit   # on the new code

Not a test (its baseline is the program's own output, which the tests never use as expected values):
a guard that a restructuring changed nothing a user sees.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import gpc  # noqa: E402


def _china_activity(out: Path) -> Path:
    """The Chinese example's activity workbook (energy balance → ``gpc import-balance``)."""
    act = out / "china_activity.xlsx"
    if not act.exists():
        bal = out / "china_balance.xlsx"
        subprocess.run([sys.executable, str(REPO / "examples" / "sections" / "china_city.py"), str(bal)], check=True)
        exe = shutil.which("gpc", path=str(Path(sys.executable).parent)) or "gpc"
        subprocess.run([exe, "import-balance", str(bal), "-o", str(act), "--name", "示例市", "--region", "CN-HB",
                        "--lang", "zh"], check=True)
    return act


def cases(out: Path) -> Iterator[tuple[str, Callable[[], Any]]]:
    ex = REPO / "examples" / "example_city.xlsx"
    yield "example", lambda: gpc.calculate(ex)
    yield "example_china", lambda: gpc.calculate(ex, factors="china")
    yield "example_ar6", lambda: gpc.calculate(ex, gwp="AR6", ch4_split=True, td_loss_rate=0.05)
    yield "example_2019", lambda: gpc.calculate(ex, factors="ipcc2019_waste")
    ca = _china_activity(out)
    yield "china", lambda: gpc.calculate(ca, factors="china")
    for g in ("ndrc_enterprise_2013", "provincial_2011", "yearbook_ncv"):
        yield f"china_{g}", (lambda g=g: gpc.calculate(ca, factors="china", guideline=g))
    yield "china_ipccset", lambda: gpc.calculate(ca)
    yield "china_ets", lambda: gpc.calculate(ca, factors="china", grid_variant="ets", td_loss_rate=0.05,
                                             heat_loss_rate=0.03)
    yield "china_xz", lambda: gpc.calculate(ca, factors="china", region="CN-XZ", td_loss_rate=0.05,
                                            grid_variant="excluding_market_nonfossil", td_loss_basis="consumption")
    yield "china_year", lambda: gpc.calculate(ca, factors="china", year=2030)


def _frame(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].map(repr)
    return df.sort_values(list(df.columns)).reset_index(drop=True)


def _run(fn: Callable[[], Any]) -> tuple[pd.DataFrame, list[str]]:
    try:
        inv = fn()
    except Exception as exc:  # an input error is part of what must stay the same
        return pd.DataFrame({"error": [repr(exc)]}), []
    return _frame(inv.emissions), sorted(map(str, getattr(inv, "warnings", []) or []))


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "compare"):
        print(__doc__)
        return 2
    mode, out = argv[0], Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    bad = 0
    for name, fn in cases(out):
        df, warnings = _run(fn)
        path = out / f"{name}.pkl"
        if mode == "save":
            pd.to_pickle((df, warnings), path)
            print(f"saved {name}: {df.shape[0]} records")
            continue
        old, old_warnings = pd.read_pickle(path)
        try:
            pd.testing.assert_frame_equal(old, df, check_exact=True)
            assert old_warnings == warnings, "the warnings differ"
            print(f"same  {name}: {df.shape[0]} records")
        except AssertionError as exc:
            bad += 1
            print(f"DIFF  {name}: {str(exc)[:2000]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
