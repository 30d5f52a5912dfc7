"""Monte Carlo uncertainty (IPCC Approach 2): ``inv.uncertainty(approach=2)`` vs. bare numpy doing the same
draws and sums.

The baseline gets the model ready-made (each record's emission and input indexes, each input's ± % and
distribution, the GPC row of each record, built before the clock starts) and times only: per chunk of
iterations, draw every input (normal / lognormal / uniform / triangular, the same counts and the same
generator, float32 draws and products as gpc, float64 sums), multiply each record by its inputs' draws, sum per GPC row, and take
the percentiles of the totals. gpc times everything from the inventory: resolving each record's uncertainty (row columns, IPCC
table ranges, data-quality defaults), building the shared inputs, Approach 1 for every aggregate, the
simulation with the sensitivities of the BASIC total, and the tables. Both BASIC intervals are compared.

Absolute targets: 10,000 iterations on the example city in a few seconds; on a 100,000-record
inventory well under a minute.

    python benchmarks/bench_uncertainty.py [--records 100000] [--iterations 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CITY, ROOT, PeakMemory, activity_frame, median_time, report


def _inventory(records: int):  # type: ignore[no-untyped-def]
    import gpc

    rows = max(1, records // 3)           # ~3 records (CO2, CH4, N2O) per fuel row
    inv = gpc.calculate(activity_frame(rows, seed=4), city=CITY)
    if len(inv.emissions) < records:      # top up to at least the asked number of records
        extra = int((records - len(inv.emissions)) / max(len(inv.emissions) / rows, 1)) + 10
        inv = gpc.calculate(activity_frame(rows + extra, seed=4), city=CITY)
    return inv


def bare(model, iterations: int, seed: int):  # type: ignore[no-untyped-def]
    """The same draws and sums in plain numpy, chunked like gpc (4 MB of records per chunk)."""
    from gpc.uncertainty.montecarlo import DISTRIBUTIONS, chunk_size

    rng = np.random.default_rng(seed)
    inp = model.inputs
    lo = inp["lower_pct"].to_numpy(float) / 100
    up = inp["upper_pct"].to_numpy(float) / 100
    dist = inp["distribution"].map({d: i for i, d in enumerate(DISTRIBUTIONS)}).fillna(0).astype(int).to_numpy()
    keep = model.groups >= 0
    order = np.argsort(model.groups[keep], kind="stable")
    idx = np.flatnonzero(keep)[order]
    e, g = model.emissions[idx], model.groups[idx]
    k = len(inp)
    c = np.where(model.codes[idx] >= 0, model.codes[idx], k)
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    e32 = e.astype(np.float32)
    step = chunk_size(len(e))
    out = []
    z = 1.959963984540054
    done = 0
    while done < iterations:
        n = min(step, iterations - done)
        m = np.ones((n, k + 1), dtype=np.float32)
        for d in range(4):
            j = np.flatnonzero(dist == d)
            if not len(j):
                continue
            if d == 0:
                m[:, j] = 1 + rng.standard_normal((n, len(j)), dtype=np.float32) * (np.maximum(lo[j], up[j]) / z)
            elif d == 1:
                s = z - np.sqrt(np.maximum(z * z - 2 * np.log1p(up[j]), 0))
                m[:, j] = np.exp(rng.standard_normal((n, len(j)), dtype=np.float32) * s - s * s / 2)
            elif d == 2:
                a, b = 1 - lo[j] / 0.95, 1 + up[j] / 0.95
                m[:, j] = a + (b - a) * rng.random((n, len(j)), dtype=np.float32)
            else:
                m[:, j] = rng.triangular(1 - 1.288 * lo[j], 1.0, 1 + 1.288 * up[j], (n, len(j)))
        w = e32 * m[:, c[:, 0]]
        for j in range(1, c.shape[1]):          # factor, NCV
            w *= m[:, c[:, j]]
        rows = np.add.reduceat(w, starts, axis=1, dtype=np.float64)
        out.append(rows @ model.weights[g[starts]])
        done += n
    tot = np.vstack(out)
    return np.percentile(tot, [2.5, 97.5], axis=0)


def run(records: int, iterations: int, repeat: int) -> list[list[object]]:
    import gpc
    from gpc.uncertainty.model import build_model

    rows: list[list[object]] = []
    example = gpc.calculate(ROOT / "examples" / "example_city.xlsx")
    cases = [("example city", example), (None, _inventory(records))]
    for name, inv in cases:
        n = len(inv.emissions)
        name = name or f"generated, {n:,} records"
        model = build_model(inv)
        basic = int(np.flatnonzero((model.aggregates["level"] == "total").to_numpy()
                                   & (model.aggregates["key"] == "BASIC").to_numpy())[0])
        tb, b = median_time(lambda model=model: bare(model, iterations, 1), repeat)
        with PeakMemory() as mem:
            tg, res = median_time(lambda inv=inv: inv.uncertainty(approach=2, iterations=iterations, seed=1), repeat)
        t = res.total("BASIC")
        width_g = (t["p97_5_t"] - t["p2_5_t"]) / t["co2e_t"]
        width_b = (b[1, basic] - b[0, basic]) / t["co2e_t"]
        assert abs(width_g - width_b) < 0.1 * width_b + 1e-9, (width_g, width_b)
        rows.append([f"{name}: {iterations:,} iterations, {len(model.inputs):,} inputs", tb, tg, tg / tb,
                     mem.peak_mb - mem.start_mb])
        t1, _ = median_time(lambda inv=inv: inv.uncertainty(approach=1), repeat)
        rows.append([f"{name}: Approach 1, every row/sector/scope/total", float("nan"), t1, float("nan"),
                     float("nan")])
    return rows


HEADERS = ["what", "bare numpy s", "gpc s", "ratio", "gpc peak MB"]


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--iterations", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    rows = run(a.records, a.iterations, a.repeat)
    return report("Uncertainty, Monte Carlo (Approach 2) and Approach 1 "
                  "(targets: example city ≤ a few s; 100,000 records well under 60 s)", HEADERS, rows,
                  f"median of {a.repeat} runs; peak MB: memory above the start of the gpc run")


if __name__ == "__main__":
    main()
