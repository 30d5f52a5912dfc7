"""Peak and gap: pure functions of a series of totals.

**Peak** (the definition implemented): the peak year is the year of the maximum of the series (history and
projection together; the earliest year if the maximum is reached twice). The series has *peaked* when at
least ``n`` years follow the peak year and every one of them is below the peak value — a sustained decline,
as in Shan et al. (2022, Science Bulletin 67:1910) who count a city as peaked when its emissions have
declined for at least five years after their maximum. With fewer than ``n`` later years the maximum is
reported with ``peaked = False`` ("not yet shown to have peaked within the horizon").

**Targets** and their per-year gap (emissions − target path, t CO2e; positive = above the target):

* ``peak`` by year P: met when the scenario has peaked and its peak year ≤ P. Target path: from P on, the
  emissions of year P (they must not rise above them); before P no constraint (gap shown as 0).
* ``reduction`` of r below base_year B by year Y: target level L = E(B) × (1 − r). Target path: linear from
  the base inventory year's emissions to L in Y, L after Y. Met when E(Y) ≤ L.
* ``net_zero`` by year Y: L = 0, path linear from the base inventory year to 0 in Y. Met when E(Y) ≤ 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["find_peak", "gaps", "peak_table"]


def find_peak(years: np.ndarray, values: np.ndarray, n: int = 5) -> dict[str, object]:
    """Peak year, peak value and whether the series has peaked (``n`` later years, all below the peak).

    >>> find_peak(np.array([2020, 2021, 2022, 2023]), np.array([1.0, 3.0, 2.0, 1.0]), n=2)["peaked"]
    True
    """
    years = np.asarray(years)
    v = np.asarray(values, dtype=float)
    i = int(np.argmax(v))
    after = v[i + 1:]
    peaked = len(after) >= n and bool(np.all(after < v[i]))
    return {"peak_year": int(years[i]), "peak_t": float(v[i]), "years_after": len(after), "peaked": peaked,
            "last_year": int(years[-1]), "last_t": float(v[-1]),
            "below_peak_pct": float((v[i] - v[-1]) / v[i] * 100.0) if v[i] else 0.0}


def peak_table(tab: pd.DataFrame, scenarios: list[str], n: int) -> pd.DataFrame:
    rows = []
    for s in scenarios:
        rows.append({"scenario": s, **find_peak(tab["year"].to_numpy(), tab[s].to_numpy(), n)})
    return pd.DataFrame(rows)


def gaps(tab: pd.DataFrame, scenarios: list[str], targets: pd.DataFrame, peaks: pd.DataFrame,
         base_year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per target and scenario: met, level, emissions, gap in the target year;
    one row per target, scenario and projected year: target path, emissions, gap)."""
    years = tab["year"].to_numpy()
    proj = years >= base_year
    summary, per_year = [], []
    pk = peaks.set_index("scenario")
    for _, t in targets.iterrows():
        kind, Y = t["target"], int(t["year"])
        label = {"peak": f"peak by {Y}", "net_zero": f"net zero by {Y}"}.get(
            kind, f"{t['reduction']:.0%} below {int(t['base_year'])} by {Y}" if kind == "reduction" else kind)
        for s in scenarios:
            e = tab[s].to_numpy(dtype=float)
            e_base = float(e[years == base_year][0])
            e_y = float(e[years == Y][0])
            if kind == "peak":
                level = e_y
                path = np.where(years >= Y, e_y, np.nan)
                met = bool(pk.at[s, "peaked"]) and int(pk.at[s, "peak_year"]) <= Y
            else:
                level = 0.0 if kind == "net_zero" else float(e[years == int(t["base_year"])][0]) * (1 - float(t["reduction"]))
                span = max(Y - base_year, 1)
                path = np.where(years <= base_year, np.nan,
                                np.where(years >= Y, level, e_base + (level - e_base) * (years - base_year) / span))
                met = e_y <= level * (1 + 1e-12) + 1e-9
            gap = np.where(np.isnan(path), 0.0, e - np.nan_to_num(path))
            summary.append({"target": label, "type": kind, "year": Y, "scenario": s, "level_t": level,
                            "emissions_t": e_y, "gap_t": e_y - level, "met": met})
            per_year.append(pd.DataFrame({"target": label, "scenario": s, "year": years[proj],
                                          "target_path_t": path[proj], "emissions_t": e[proj], "gap_t": gap[proj]}))
    cols = ["target", "scenario", "year", "target_path_t", "emissions_t", "gap_t"]
    return (pd.DataFrame(summary, columns=["target", "type", "year", "scenario", "level_t", "emissions_t", "gap_t", "met"]),
            pd.concat(per_year, ignore_index=True) if per_year else pd.DataFrame(columns=cols))
