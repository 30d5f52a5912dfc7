"""First order decay (solid waste, GPC III.1) over 100 deposit years × 100 sites.

Two timings, each against a bare numpy evaluation of IPCC 2006 Vol. 5 Eq. 3.4–3.6 in the same run:

* the pure equation, :func:`gpc.methods.solid_waste.fod_decomposed`, on every (site, deposit year)
  pair for one inventory year, and for all 100 inventory years at once;
* ``gpc.calculate`` on a ``solid_waste`` sheet of 100 sites × 100 years of disposal (10,000 rows,
  composition, site types and defaults looked up), absolute target ≤ 0.5 s.

    python benchmarks/bench_fod.py [--sites 100] [--years 100] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_time, report

T = 2023


def arrays(sites: int, years: int, seed: int = 0):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    ddocm = rng.uniform(100, 10_000, (sites, years))
    k = np.repeat(rng.choice([0.05, 0.09, 0.17, 0.4], sites)[:, None], years, axis=1)
    deposit = np.broadcast_to(np.arange(T - years + 1, T + 1), (sites, years))
    return ddocm, k, deposit


def bare_one_year(ddocm, k, deposit, year=T):  # type: ignore[no-untyped-def]
    age = year - deposit
    return np.where(age >= 1, ddocm * np.exp(-k * (age - 1)) * (1 - np.exp(-k)), 0.0).sum(axis=1) * 0.5 * 16 / 12


def gpc_one_year(ddocm, k, deposit, year=T):  # type: ignore[no-untyped-def]
    from gpc.methods import solid_waste as sw

    return sw.ch4_generated(sw.fod_decomposed(ddocm, k, deposit, year), 0.5).sum(axis=1)


def series(fn, ddocm, k, deposit, years):  # type: ignore[no-untyped-def]
    inv_years = np.arange(T - years + 1, T + 1)[:, None, None]          # every inventory year at once
    return fn(ddocm[None], k[None], deposit[None], inv_years)


def sheet(sites: int, years: int):  # type: ignore[no-untyped-def]
    import pandas as pd

    rng = np.random.default_rng(1)
    n = sites * years
    site = np.repeat([f"site {i}" for i in range(sites)], years)
    return pd.DataFrame({
        "gpc_ref": "III.1.1", "site": site, "year": np.tile(np.arange(T - years, T), sites),
        "amount": rng.uniform(1_000, 50_000, n).round(1), "unit": "t", "method": "fod",
        "site_type": np.repeat(rng.choice(["managed_anaerobic", "unmanaged_deep", "managed_semi_aerobic"], sites),
                               years),
        "food": 0.4, "garden": 0.1, "paper": 0.15, "wood": 0.05, "textiles": 0.05, "plastics": 0.15,
        "other_inert": 0.1,
    })


def gpc_sheet(df):  # type: ignore[no-untyped-def]
    import gpc
    from gpc.activity_data import ActivityData
    from gpc.context import Settings
    from gpc.io.sheets import sheet_spec
    from gpc.io.typed import type_table

    problems: list = []
    t = type_table(df, sheet_spec("solid_waste"), "solid_waste", list(range(2, len(df) + 2)), problems)
    assert not problems, problems[:3]
    data = ActivityData(Settings(year=T, country="CN", climate_zone="temperate_wet"), {"solid_waste": t})
    return gpc.calculate(data)


def run(sites: int, years: int, repeat: int) -> tuple[list[list[object]], dict[str, float]]:
    ddocm, k, deposit = arrays(sites, years)
    out = []
    tb, b = median_time(lambda: bare_one_year(ddocm, k, deposit), repeat)
    tg, g = median_time(lambda: gpc_one_year(ddocm, k, deposit), repeat)
    np.testing.assert_allclose(g, b, rtol=1e-9)
    out.append([f"fod_decomposed, 1 inventory year ({sites} sites × {years} deposits)", tb, tg, tg / tb])
    tb, b = median_time(lambda: series(bare_one_year, ddocm, k, deposit, years), repeat)
    tg, g = median_time(lambda: series(gpc_one_year, ddocm, k, deposit, years), repeat)
    np.testing.assert_allclose(g, b, rtol=1e-9)
    out.append([f"fod_decomposed, {years} inventory years at once", tb, tg, tg / tb])
    df = sheet(sites, years)
    gpc_sheet(df.head(50))
    tg, inv = median_time(lambda: gpc_sheet(df), repeat)
    out.append([f"gpc.calculate, solid_waste sheet of {len(df):,} rows (target ≤ 0.5 s)", float("nan"), tg,
                float("nan")])
    return out, {"sheet_s": tg}


HEADERS = ["what", "bare numpy s", "gpc s", "ratio"]


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", type=int, default=100)
    ap.add_argument("--years", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    rows, _ = run(a.sites, a.years, a.repeat)
    return report("Solid waste first order decay: 100 years × 100 sites (target ≤ 0.5 s)", HEADERS, rows,
                  f"median of {a.repeat} runs")


if __name__ == "__main__":
    main()
