"""Shared helpers of the benchmark scripts: generated data, timing, machine description, tables.

Every benchmark times gpc and a bare baseline doing the same work *in the same run* and reports
the ratio, so the numbers mean something on any machine.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# ----------------------------------------------------------------------------- generated data
#: (gpc_ref, fuel) combinations of the generated activity rows; categories follow the GPC row.
STATIONARY_REFS = ("I.1.1", "I.2.1", "I.3.1", "I.4.1", "I.5.1", "I.6.1")
STATIONARY_FUELS = ("natural_gas", "gas_diesel_oil", "other_bituminous_coal", "lpg", "residual_fuel_oil",
                    "anthracite", "motor_gasoline")
ROAD_FUELS = ("gas_diesel_oil", "lpg")
#: unit strings users type, by what each fuel may be given in
ENERGY_UNITS = ("GJ", "TJ", "MWh", "kWh", "tce", "万千瓦时", "MJ")
MASS_UNITS = ("t", "kt", "万吨", "kg")
VOLUME_UNITS = {"natural_gas": ("m3", "万立方米", "亿立方米"), "gas_diesel_oil": ("L", "m3"),
                "lpg": ("L",), "residual_fuel_oil": ("m3",), "motor_gasoline": ("L", "kL")}
GRID_REFS = ("I.1.2", "I.2.2", "I.3.2", "II.2.2")
GRID_UNITS = ("MWh", "kWh", "万千瓦时", "GWh")
GRID_FACTOR = "0.5703 t/MWh"
CITY = {"year": 2023, "gwp": "AR5", "grid_factor": GRID_FACTOR}


def activity_frame(n: int, seed: int = 0) -> Any:
    """``n`` activity rows of mixed fuels, units and GPC rows (stationary, road and grid electricity)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    combos: list[tuple[str, str, str]] = []
    for ref in STATIONARY_REFS:
        for fuel in STATIONARY_FUELS:
            for u in ENERGY_UNITS + MASS_UNITS + VOLUME_UNITS.get(fuel, ()):
                combos.append((ref, fuel, u))
    for fuel in ROAD_FUELS:
        for u in ENERGY_UNITS[:3] + MASS_UNITS[:2] + VOLUME_UNITS.get(fuel, ()):
            combos.append(("II.1.1", fuel, u))
    for ref in GRID_REFS:
        for u in GRID_UNITS:
            combos.append((ref, "grid_electricity", u))
    pick = rng.integers(0, len(combos), n)
    c = np.array(combos, dtype=object)[pick]
    amount = np.round(rng.lognormal(3.0, 1.5, n), 3) + 0.001
    return pd.DataFrame({"gpc_ref": c[:, 0], "activity": c[:, 1], "amount": amount, "unit": c[:, 2],
                         "data_quality": np.array(["H", "M", "L"], dtype=object)[rng.integers(0, 3, n)],
                         "source": "generated"})


# ----------------------------------------------------------------------------- timing
def median_time(fn: Callable[[], Any], repeat: int = 3, warmup: int = 0) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls (after ``warmup`` untimed ones) and the last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(repeat):
        result = None  # the previous run's result is not kept alive during the next one
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


class PeakMemory:
    """Peak resident memory (RSS) of this process while the block runs, sampled every 5 ms, in MB."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()

    @staticmethod
    def rss_mb() -> float:
        try:
            with open("/proc/self/statm") as fh:
                return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except OSError:  # pragma: no cover - not Linux
            import resource

            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self.rss_mb())
            time.sleep(0.005)

    def __enter__(self) -> PeakMemory:
        self.start_mb = self.rss_mb()
        self.peak_mb = self.start_mb
        self._t = threading.Thread(target=self._watch, daemon=True)
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
        self.peak_mb = max(self.peak_mb, self.rss_mb())


# ----------------------------------------------------------------------------- reporting
def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def machine() -> str:
    """One line describing the machine and the library versions."""
    libs = ("pandas", "numpy", "pint", "python-calamine", "xlsxwriter", "pyarrow", "dask")
    vers = ", ".join(f"{d} {_version(d)}" for d in libs if _version(d) != "-")
    return (f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()} "
            f"({platform.system()}); gpc {_version('gpc')}; {vers}")


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A Markdown table."""
    def fmt(v: Any) -> str:
        if isinstance(v, float):
            if v != v:
                return "–"
            if v != 0 and abs(v) < 0.01:
                return f"{v:.2e}"
            return f"{v:.3f}" if abs(v) < 100 else f"{v:,.0f}"
        if isinstance(v, int):
            return f"{v:,}"
        return str(v)

    cells = [[fmt(v) for v in r] for r in rows]
    widths = [max(len(h), *(len(r[j]) for r in cells)) if cells else len(h) for j, h in enumerate(headers)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += ["| " + " | ".join(c.rjust(w) for c, w in zip(r, widths)) + " |" for r in cells]
    return "\n".join(out)


def report(title: str, headers: list[str], rows: list[list[Any]], notes: str = "") -> str:
    text = f"## {title}\n\n{machine()}\n\n{table(headers, rows)}\n"
    if notes:
        text += f"\n{notes}\n"
    print(text, flush=True)
    return text
