"""Pathways: a 40-year projection of the example city with five actions (``gpc.project``), and the engine
call it rests on — all years of a scenario stacked into one table and computed with one ``gpc.calculate``
— against one ``gpc.calculate`` per projected year (the same rows, split by year).

    python benchmarks/bench_pathways.py [--years 40] [--repeat 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_time, report

ROOT = Path(__file__).resolve().parents[1]


def run(n_years: int, repeat: int) -> list[list[object]]:
    import importlib

    import gpc
    from gpc.pathways import project as P  # noqa: F401

    pm = importlib.import_module("gpc.pathways.project")
    prep = importlib.import_module("gpc.pathways.prepare")
    stack = importlib.import_module("gpc.pathways.stack")
    comp = importlib.import_module("gpc.pathways.compute")
    from gpc.pathways.scenario import read_scenario

    base = ROOT / "examples" / "example_city.xlsx"
    sc = read_scenario(ROOT / "examples" / "example_city_scenario.xlsx")
    data = gpc.read_activity(base)
    horizon = data.settings.year + n_years
    sc.settings["horizon"] = horizon
    n_actions = len(sc.actions)
    t_proj, _ = median_time(lambda: pm.project(data, sc), repeat)
    # the BAU engine work: stacked (one call) vs one call per year
    inv = gpc.calculate(data)
    years = np.arange(data.settings.year, horizon + 1)
    b = prep._prepare(inv.activity, inv, sc, years, [])
    tabs, key, scaled = stack._build(b, sc.actions.iloc[0:0])
    def stacked():
        b.run_cache.clear()
        b.gen_cache.clear()
        return comp._run(b, tabs, key, "BAU", scaled)

    t_stack, e = median_time(stacked, repeat)

    def per_year():
        b.run_cache.clear()
        b.gen_cache.clear()
        parts = []
        for y in years:
            sub, subkey = {}, key[key["year"] == y]
            for name, t in tabs.items():
                rows = set(subkey.loc[subkey["sheet"] == t["sheet"].iloc[0], "row"])
                s = t[t["row"].isin(rows)].copy()
                s.attrs = dict(t.attrs)
                sub[name] = s
            parts.append(comp._run(b, sub, subkey, "BAU", None))
        return parts

    t_years, parts = median_time(per_year, repeat)
    total_stacked = float(e[e["sheet"] != "x"]["co2e_t"].sum() - sum(
        float(comp._scaled(b, s, f, "BAU")["co2e_t"].sum()) for s, f in scaled.items()))
    total_years = float(sum(float(x["co2e_t"].sum()) for x in parts))
    assert abs(total_stacked - total_years) <= 1e-6 * abs(total_years), (total_stacked, total_years)
    return [[len(years), n_actions, len(sc.actions) + 1, t_proj, t_stack, t_years, len(years), t_years / t_stack]]


HEADERS = ["projected years", "actions", "scenario runs", "gpc.project s", "BAU stacked (1 calculate) s",
           "BAU one calculate per year s", "calculate calls per year", "ratio per-year / stacked"]


def main(argv: list[str] | None = None) -> str:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--years", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args(argv)
    rows = run(a.years, a.repeat)
    return report("Pathways: 40-year projection, five actions (target: a few seconds)", HEADERS, rows,
                  "gpc.project runs BAU and one engine call per cumulative action set (sequential wedges), plus a "
                  "small solid-waste pass for the landfill recovery rate; the per-year baseline computes the same "
                  f"rows with one gpc.calculate per year. Median of {a.repeat} run(s).")


if __name__ == "__main__":
    main()
