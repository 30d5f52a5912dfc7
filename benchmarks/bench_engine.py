"""``gpc.calculate`` on N activity rows of mixed fuels, units and sectors vs. a bare pandas
merge–multiply–groupby doing the same arithmetic.

The baseline gets its lookup tables ready-made (GJ per unit of each fuel, t per GJ of each
fuel/category/gas, GWP per gas — built from the factor CSVs before the clock starts) and times
only: merge rows with the unit table, merge with the factor table, multiply, group by GPC row and
gas. gpc starts from the same DataFrame of text and numbers and does everything: typing and
validating every cell, resolving activities, units and factors, provenance of every record,
GWPs. Both results are compared per (gpc_ref, gas) to 1e-9 relative.

    python benchmarks/bench_engine.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CITY, GRID_FACTOR, ROOT, PeakMemory, activity_frame, median_time, report


# ---------------------------------------------------------------------------- baseline lookup tables
def baseline_tables(df):  # type: ignore[no-untyped-def]
    """(unit table: fuel, unit → gj_per_unit; factor table: fuel, category, gas → t_per_gj, gwp)."""
    import pandas as pd

    from gpc.units import factor_to, parse_unit

    ef_dir = ROOT / "emission_factors" / "ipcc2006"
    props = pd.read_csv(ef_dir / "fuel_properties.csv")
    ncv = {f: v * factor_to(u, "GJ/t") for f, p, v, u in zip(props.fuel, props.parameter, props.value, props.unit)
           if p == "ncv"}
    co2 = {f: v * factor_to(u.replace(" CO2", ""), "t/GJ")
           for f, p, v, u in zip(props.fuel, props.parameter, props.value, props.unit) if p == "co2_ef"}
    dens_t = pd.read_csv(ef_dir / "densities.csv").drop_duplicates("fuel")
    dens = {f: v * factor_to(u, "t/m3") for f, v, u in zip(dens_t.fuel, dens_t.value, dens_t.unit)}
    grid = parse_unit(GRID_FACTOR)
    grid_t_per_gj = float((grid / parse_unit("t/GJ")).to("dimensionless").magnitude)

    units = []
    for fuel, unit in df[["activity", "unit"]].drop_duplicates().itertuples(index=False):
        for dim in ("GJ", "t", "m3"):
            try:
                k = factor_to(unit, dim)
            except ValueError:
                continue
            if dim == "t":
                k *= ncv[fuel]
            elif dim == "m3":
                k *= dens[fuel] * ncv[fuel]
            units.append((fuel, unit, k))
            break
    unit_table = pd.DataFrame(units, columns=["activity", "unit", "gj_per_unit"])

    gwp = pd.read_csv(ROOT / "emission_factors" / "gwp" / "gwp100.csv")
    gwp = gwp[gwp.gwp_set == CITY["gwp"]].set_index("gas")["value"]
    stat = pd.read_csv(ef_dir / "stationary_combustion.csv")
    mob = pd.read_csv(ef_dir / "mobile_combustion.csv")
    mob = mob[(mob["mode"] == "road") & (mob["technology"] == "all")]
    rows = []
    for fuel, cat, gas, v, u in zip(stat.fuel, stat.category, stat.gas, stat.value, stat.unit):
        rows.append((fuel, cat, gas, v * factor_to(u, "t/GJ")))
    for fuel, t in co2.items():
        for cat in ("energy_industries", "manufacturing", "commercial", "residential_agriculture"):
            rows.append((fuel, cat, "CO2", t))
    for fuel, gas, v, u in zip(mob.fuel, mob.gas, mob.value, mob.unit):
        rows.append((fuel, "road", gas, v * factor_to(u, "t/GJ")))
    for cat in ("energy_industries", "manufacturing", "commercial", "residential_agriculture", "rail"):
        rows.append(("grid_electricity", cat, "CO2", grid_t_per_gj))
    factors = pd.DataFrame(rows, columns=["activity", "category", "gas", "t_per_gj"])
    factors["gwp"] = factors["gas"].map(gwp)
    cat = pd.read_csv(ROOT / "gpc" / "data" / "gpc_rows.csv")[["gpc_ref", "combustion_category"]]
    cat.columns = ["gpc_ref", "category"]
    return unit_table, factors, cat


def baseline(df, unit_table, factors, cats):  # type: ignore[no-untyped-def]
    """Merge, multiply, group by: emissions_t and co2e_t per (gpc_ref, gas)."""
    x = df.merge(cats, on="gpc_ref").merge(unit_table, on=["activity", "unit"])
    x = x.merge(factors, on=["activity", "category"])
    x["emissions_t"] = x["amount"] * x["gj_per_unit"] * x["t_per_gj"]
    x["co2e_t"] = x["emissions_t"] * x["gwp"]
    return x.groupby(["gpc_ref", "gas"])[["emissions_t", "co2e_t"]].sum()


def with_gpc(df):  # type: ignore[no-untyped-def]
    import gpc

    return gpc.calculate(df, city=CITY)


def gpc_totals(inv):  # type: ignore[no-untyped-def]
    return inv.emissions.groupby(["gpc_ref", "gas"])[["emissions_t", "co2e_t"]].sum()


def check_same(a, b) -> float:  # type: ignore[no-untyped-def]
    """Largest relative difference between two (gpc_ref, gas) tables; raises if > 1e-9 or keys differ."""
    a, b = a.sort_index(), b.sort_index()
    if list(a.index) != list(b.index):
        raise AssertionError(f"different (gpc_ref, gas) keys:\n{a.index.difference(b.index)}\n"
                             f"{b.index.difference(a.index)}")
    rel = np.abs(a.to_numpy() - b.to_numpy()) / np.maximum(np.abs(b.to_numpy()), 1e-300)
    worst = float(rel.max())
    if worst > 1e-9:
        raise AssertionError(f"gpc differs from the baseline by {worst:.2e} relative")
    return worst


def run(rows: int, repeat: int) -> tuple[list[list[object]], dict[str, float]]:
    df = activity_frame(rows)
    ut, ft, cats = baseline_tables(df)
    with_gpc(df.head(200))  # load factor tables, GWPs and the unit registry once (first-use costs)
    tb, base = median_time(lambda: baseline(df, ut, ft, cats), repeat)
    with PeakMemory() as mem:
        tg, inv = median_time(lambda: with_gpc(df), repeat)
    worst = check_same(gpc_totals(inv), base)
    n_rec = len(inv.emissions)
    del inv
    return [[rows, n_rec, tb, tg, tg / tb, mem.peak_mb - mem.start_mb, f"{worst:.1e}"]], {"ratio": tg / tb}


HEADERS = ["activity rows", "records", "bare pandas s", "gpc.calculate s", "ratio", "peak MB (gpc)",
           "max rel diff"]


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    rows, _ = run(a.rows, a.repeat)
    return report("Engine: gpc.calculate vs bare pandas merge–multiply–groupby (target ≤ 3×, peak ≤ 2 GB)",
                  HEADERS, rows, f"median of {a.repeat} runs; peak MB = resident memory above the start of the gpc runs")


if __name__ == "__main__":
    main()
