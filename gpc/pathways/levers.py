"""The scenario levers: what a scenario's actions do to the base rows of every projected year — the share of
each row's activity they remove, the rows they add (the new carrier of a switch, renewable electricity,
diverted waste), the clinker-fraction path of cement rows and the landfill gas capture rate of sites."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gpc.io.sheets import sheet_spec
from gpc.pathways import drivers as dm
from gpc.pathways.actions import ACTION_SHEETS, DIVERT_TO, QUANTITY_COLUMN, canonical_activity, match_rows
from gpc.pathways.prepare import _Base, _disposal, _site_key

#: An added row: the row's values, its quantity per year (in the row's unit) and its origin ("action: …").
_NewRow = tuple[dict[str, Any], np.ndarray, str]


@dataclass
class _Levers:
    remaining: dict[str, np.ndarray]                    # sheet -> rows × years: share of the BAU activity left
    clinker: dict[str, np.ndarray | None]               # sheet -> rows × years clinker fraction (None: as given)
    new_rows: dict[str, list[_NewRow]] = field(default_factory=dict)          # sheet -> rows the actions add
    capture: dict[str, tuple[str, float, np.ndarray]] = field(default_factory=dict)  # site -> (site, share, ramp)


def _levers(b: _Base, actions: pd.DataFrame) -> _Levers:
    """The levers of a set of actions, applied in the order of the actions sheet."""
    ny = len(b.years)
    lv = _Levers(remaining={k: np.ones((len(t), ny)) for k, t in b.tables.items()},
                 clinker={k: None for k in b.tables})
    for _, a in actions.iterrows():
        kind, share = a["type"], float(a["share"])
        level = share * _ramp(a, b.years)
        for sheet in ACTION_SHEETS[kind]:
            t = b.tables.get(sheet)
            if t is None or t.empty:
                continue
            _apply(b, a, share, level, sheet, t, lv)
    return lv


def _apply(b: _Base, a: pd.Series, share: float, level: np.ndarray, sheet: str, t: pd.DataFrame,
           lv: _Levers) -> None:
    """One action on the rows of one sheet it matches."""
    kind, years = a["type"], b.years
    m = match_rows(sheet, t, a["gpc_ref"], a["activity"])
    if kind == "renewable_electricity":
        m &= (t["_act"] == "grid_electricity").to_numpy()
    if kind == "divert":
        m &= _disposal(t)
    if kind == "clinker":
        m &= (t["process"] == "cement").to_numpy()
        c0 = t["clinker_fraction"].to_numpy(dtype=float)
        cf0 = lv.clinker[sheet]
        cf = cf0 if cf0 is not None else np.repeat(c0[:, None], len(years), axis=1)
        cf[m] = c0[m, None] + (share - c0[m, None]) * _ramp(a, years)[None, :]
        lv.clinker[sheet] = cf
        return
    if kind == "capture":
        for k in set(_site_key(t)[m]):
            lv.capture[k] = (k, share, _ramp(a, years))
        return
    if not m.any():
        return
    lv.remaining[sheet][m] -= level
    label = f"action: {a['action']}"
    if kind in ("switch", "renewable_electricity", "divert"):
        g = b.growth[sheet]
        for i in np.flatnonzero(m):
            src = t.iloc[i]
            moved = float(src[QUANTITY_COLUMN[sheet]]) * g[i] * level   # in the row's unit
            if kind == "renewable_electricity":
                target, row, amt = sheet, _renewable_row(a, src), moved
            elif kind == "switch":
                target, (row, amt) = "activity", _switch_row(b, a, share, t, src, moved)
            else:  # divert
                (target, row), amt = _divert_row(b, a, share, src), moved
            lv.new_rows.setdefault(target, []).append((row, amt, label + f" (from row {int(src['row'])})"))


def _renewable_row(a: pd.Series, src: pd.Series) -> dict[str, Any]:
    """The grid-electricity row bought as renewable electricity: market-based, 0 t CO2/MWh."""
    row = src.to_dict()
    row.update(ef_co2=0.0, ef_ch4=None, ef_n2o=None, ef_unit="t/MWh",
               source=f"renewable electricity purchased ({a['action']}); market-based, 0 t CO2/MWh")
    return row


def _switch_row(b: _Base, a: pd.Series, share: float, t: pd.DataFrame, src: pd.Series,
                moved: np.ndarray) -> tuple[dict[str, Any], np.ndarray]:
    """The new carrier's activity row of a fuel switch and its amount per year (GJ, or MWh of electricity): the
    energy moved × efficiency_from / efficiency_to."""
    eff_f = 1.0 if a["efficiency_from"] is None or pd.isna(a["efficiency_from"]) else float(a["efficiency_from"])
    eff_t = 1.0 if a["efficiency_to"] is None or pd.isna(a["efficiency_to"]) else float(a["efficiency_to"])
    gj = b.energy_gj[int(src["row"])] / float(src["amount"]) * moved * eff_f / eff_t
    to = canonical_activity(a["to_activity"])
    row = _blank("activity", t)
    ref = a["to_gpc_ref"] or _to_ref(src["gpc_ref"], to)
    row.update(sheet=src["sheet"], gpc_ref=ref, activity=to, _act=to,
               unit="MWh" if to == "grid_electricity" else "GJ",
               data_quality=src.get("data_quality"),
               source=f"{a['action']}: {share:.0%} of row {int(src['row'])} ({src['activity']}) "
                      f"switched to {to}, × {eff_f:g}/{eff_t:g}")
    amt = gj / 3.6 if to == "grid_electricity" else gj
    return row, amt


def _divert_row(b: _Base, a: pd.Series, share: float, src: pd.Series) -> tuple[str, dict[str, Any]]:
    """The sheet and the row (composting, anaerobic digestion or incineration) that diverted waste goes to."""
    target_sheet, head = DIVERT_TO[str(a["to_activity"])]
    to_t = b.tables.get(target_sheet)
    ref = a["to_gpc_ref"] or head + "." + str(src["gpc_ref"]).split(".")[-1]
    row = _blank(target_sheet, to_t)
    if to_t is not None and len(to_t):
        row["sheet"] = to_t["sheet"].iloc[0]
    else:
        row["sheet"] = target_sheet
    row.update(gpc_ref=ref, amount=None, unit=src["unit"],
               source=f"{a['action']}: {share:.0%} of landfill row {int(src['row'])} diverted")
    if target_sheet == "biological_treatment":
        row.update(treatment=str(a["to_activity"]), basis="wet")
    else:
        row.update(practice="incineration")
    return target_sheet, row


def _blank(sheet: str, like: pd.DataFrame | None) -> dict[str, Any]:
    cols = list(like.columns) if like is not None and len(like.columns) else ["sheet", "row"] + sheet_spec(sheet).names
    return {c: None for c in cols}


def _ramp(a: pd.Series, years: np.ndarray) -> np.ndarray:
    return dm.ramp(years, int(a["start_year"]), int(a["full_year"]))


def _to_ref(ref: str, to_activity: str) -> str:
    parts = str(ref).split(".")
    head = ".".join(parts[:2]) if len(parts) >= 2 else str(ref)
    return head + (".2" if to_activity in ("grid_electricity", "district_heat") else ".1")
