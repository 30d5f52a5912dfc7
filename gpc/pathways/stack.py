"""Every projected year of one scenario stacked into one table per sheet: the base rows × their growth index ×
what the actions leave, the rows the actions add, grid-electricity rows with the grid path of their year, a
copy of each landfill site per projected year with its deposit years shifted (docs/pathways.md); and the key
that maps each stacked row back to its year, base row and origin."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gpc.pathways.actions import QUANTITY_COLUMN
from gpc.pathways.levers import _Levers, _levers, _NewRow
from gpc.pathways.prepare import _Base, _disposal, _site_key
from gpc.units import factor_to

#: Sheets whose emissions are proportional to their quantity column at IPCC Tier 1 (animals, area; the
#: refrigerant bank is held): computed once by the engine in the base year and scaled per year by the rows'
#: activity index, which avoids running the AFOLU row-by-row checks once per projected year.
LINEAR_SHEETS = ("livestock", "rice", "land_use", "refrigerants")


def _build(b: _Base, actions: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, dict[str, np.ndarray]]:
    """All years' tables of one scenario stacked; and the key (sheet, row) → year, base row, origin."""
    lv = _levers(b, actions)
    tables: dict[str, pd.DataFrame] = {}
    keys: list[pd.DataFrame] = []
    scaled: dict[str, np.ndarray] = {}
    for sheet, t in b.tables.items():
        if t.empty:
            continue
        if sheet in LINEAR_SHEETS:
            scaled[sheet] = b.growth[sheet] * lv.remaining[sheet]
            continue
        if sheet == "solid_waste":
            tables[sheet], key = _solid_waste_years(b, t, lv.remaining[sheet], lv.capture)
        else:
            tables[sheet], key = _stack_sheet(b, sheet, t, lv)
        keys.append(key)
    # sheets the base workbook does not have but diversion fills
    for sheet, items in lv.new_rows.items():
        if sheet in b.tables and not b.tables[sheet].empty:
            continue
        tables[sheet], key = _new_sheet(b, sheet, items)
        keys.append(key)
    return tables, pd.concat(keys, ignore_index=True), scaled


def _stack_sheet(b: _Base, sheet: str, t: pd.DataFrame, lv: _Levers) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One sheet's base rows of every year (growth × what the actions leave, the clinker path) and the rows the
    actions add to it; numbered from Excel row 2 with the key of each row."""
    years = b.years
    ny, n = len(years), len(t)
    yrs_all = np.asarray(years, dtype=np.int64)
    q = QUANTITY_COLUMN.get(sheet)
    big = t.iloc[np.tile(np.arange(n), ny)].reset_index(drop=True)
    if q is not None:
        f = (b.growth[sheet] * lv.remaining[sheet]).T.ravel()
        big[q] = big[q].to_numpy(dtype=float) * f
    clinker_path = lv.clinker.get(sheet)
    if clinker_path is not None:
        big["clinker_fraction"] = clinker_path.T.ravel()
    yr = np.repeat(yrs_all, n)
    origin = np.full(len(big), "", dtype=object)
    base_row = big["row"].to_numpy()
    parts = [big]
    for row, amt, label in lv.new_rows.get(sheet, []):
        nb = pd.DataFrame([row] * ny)
        for c in big.columns:
            if c not in nb.columns:
                nb[c] = None
        nb = nb[big.columns]
        nb[QUANTITY_COLUMN[sheet]] = np.asarray(amt, dtype=float)
        parts.append(nb)
        yr = np.concatenate([yr, yrs_all])
        origin = np.concatenate([origin, np.full(ny, label, dtype=object)])
        base_row = np.concatenate([base_row, np.full(ny, -1)])
    big = pd.concat(parts, ignore_index=True) if len(parts) > 1 else big
    if sheet == "activity":
        _grid(b, big, yr)
    if len(parts) > 1:
        keep = _keep_added(big, q, base_row)
        big, yr, origin, base_row = big[keep].reset_index(drop=True), yr[keep], origin[keep], base_row[keep]
    big["row"] = np.arange(2, len(big) + 2)
    key = pd.DataFrame({"sheet": big["sheet"].to_numpy(), "row": big["row"].to_numpy(), "year": yr,
                        "base_row": base_row, "origin": origin, "shift": 0})
    return big, key


def _keep_added(big: pd.DataFrame, q: str | None, base_row: np.ndarray) -> np.ndarray:
    """The stacked rows kept once actions added rows: not the added rows with nothing in them (before the
    action starts), and not the rows a notation key marks where an action adds data."""
    keep = np.ones(len(big), dtype=bool)
    if q is not None:  # drop added rows with nothing in them (before the action starts)
        keep = ~((base_row == -1) & (big[q].to_numpy(dtype=float) == 0))
    if "notation_key" in big.columns:
        # an action that moves activity into a row the base year marks with a notation key (e.g. EV
        # electricity into II.1.2, IE in the base year): the row has data, so the key goes
        refs = big["gpc_ref"].astype(str).to_numpy()[keep]
        # (all years are computed in one stacked table, so the key goes in every year: it changes no total)
        added = {r for r, br in zip(refs, base_row[keep]) if br == -1}
        superseded = np.array([nk is not None and not pd.isna(nk) and r in added
                               for nk, r in zip(big["notation_key"].to_numpy()[keep], refs)], dtype=bool)
        keep[np.flatnonzero(keep)[superseded]] = False
    return keep


def _new_sheet(b: _Base, sheet: str, items: list[_NewRow]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A sheet the base workbook does not have but diversion fills: the added rows of every year with something
    in them."""
    rows: list[dict[str, Any]] = []
    row_years: list[int] = []
    origins: list[str] = []
    for row, amt, label in items:
        for j, y in enumerate(b.years):
            r = dict(row)
            r[QUANTITY_COLUMN[sheet]] = float(np.asarray(amt)[j])
            rows.append(r)
            row_years.append(int(y))
            origins.append(label)
    big = pd.DataFrame(rows)
    keep = big[QUANTITY_COLUMN[sheet]].to_numpy(dtype=float) > 0
    big = big[keep].reset_index(drop=True)
    yr, origin = np.asarray(row_years)[keep], np.asarray(origins, dtype=object)[keep]
    big["row"] = np.arange(2, len(big) + 2)
    key = pd.DataFrame({"sheet": big["sheet"].to_numpy(), "row": big["row"].to_numpy(), "year": yr,
                        "base_row": -1, "origin": origin, "shift": 0})
    return big, key


def _grid(b: _Base, big: pd.DataFrame, yr: np.ndarray) -> None:
    """Grid-electricity rows without their own CO2 factor take the grid path of their year."""
    if np.isnan(b.grid_path).all():
        return
    m = (big["_act"] == "grid_electricity").to_numpy() & big["ef_co2"].isna().to_numpy() & big["amount"].notna().to_numpy()
    if not m.any():
        return
    path = b.grid_path[np.searchsorted(b.years, yr[m])]
    unit = big.loc[m, "ef_unit"]
    k = np.array([1.0 if u is None or pd.isna(u) else factor_to("t/MWh", str(u)) for u in unit])
    big.loc[m, "ef_co2"] = path * k
    big.loc[m, "ef_unit"] = unit.where(unit.notna(), "t/MWh")


def _solid_waste_years(b: _Base, t: pd.DataFrame, remaining: np.ndarray, capture: dict[str, Any]
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Solid-waste rows of every projected year: a copy of each site per year with deposit years shifted."""
    years = b.years
    base_year = int(years[0])
    disposal = _disposal(t)
    g = b.growth["solid_waste"] * remaining
    hist = np.flatnonzero(~disposal)               # history (and methane_commitment rows, scaled below)
    disp = np.flatnonzero(disposal)
    take, Ys, dep_j = [], [], []
    for j in range(len(years)):
        take += [hist, np.tile(disp, j + 1)]
        Ys += [np.full(len(hist) + len(disp) * (j + 1), j)]
        dep_j += [np.full(len(hist), -1), np.repeat(np.arange(j + 1), len(disp))]
    take_a, yj, dj = np.concatenate(take), np.concatenate(Ys), np.concatenate(dep_j)
    big = t.iloc[take_a].reset_index(drop=True)
    amount = big["amount"].to_numpy(dtype=float).copy()
    is_dep = dj >= 0
    amount[is_dep] = amount[is_dep] * g[take_a[is_dep], dj[is_dep]]
    year = big["year"].to_numpy(dtype=float).copy()
    later = dj >= 1     # the latest disposal year itself (j = 0) stays as given; projected years follow the base year
    year[later] = years[dj[later]]
    mc = big["method"].fillna("fod").to_numpy() != "fod"
    amount[mc] = amount[mc] * g[take_a[mc], yj[mc]]
    year[mc] = np.nan
    Y = years[yj]
    shift = base_year - Y
    big["amount"] = amount
    big["year"] = np.where(np.isnan(year), year, year + shift)
    big["_site"] = _site_key(big)
    big["_Y"] = Y
    big["_base_row"] = big["row"].to_numpy()
    big["site"] = big["site"].fillna("").astype(str) + " [" + pd.Series(Y).astype(str) + "]"
    big["row"] = np.arange(2, len(big) + 2)
    # landfill gas recovery: the base-year rate (recovered / generated) held in BAU, or a capture action's
    big["methane_recovered"] = np.nan
    rates = {k: np.full(len(years), r) for k, r in b.site_rate.items()}
    for k, (_, share, rmp) in capture.items():
        r0 = b.site_rate.get(k, 0.0)
        rates[k] = r0 + (share - r0) * rmp
    big.attrs["recovery_rates"] = rates
    key = pd.DataFrame({"sheet": big["sheet"].to_numpy(), "row": big["row"].to_numpy(), "year": big["_Y"].to_numpy(),
                        "base_row": big["_base_row"].to_numpy(), "origin": "", "shift": base_year - big["_Y"].to_numpy(),
                        "site_key": big["_site"].to_numpy()})
    return big, key
