"""The checks of a scenario against its base workbook, before anything is projected: the settings, every
action (its share, years, the base rows it acts on) and every target — all problems at once, each located
on the scenario sheet it comes from."""

from __future__ import annotations

from typing import Any

import pandas as pd

from gpc.errors import Problem
from gpc.pathways.actions import (
    ACTION_SHEETS,
    DIVERT_TO,
    QUANTITY_COLUMN,
    canonical_activity,
    match_rows,
    problem,
    removing,
)
from gpc.pathways.prepare import _Base, _disposal
from gpc.pathways.scenario import Scenario

BAU = "BAU"
TOTALS = ("BASIC", "BASIC+", "territorial")


def _settings(sc: Scenario, base_year: int, history_years: list[int], problems: list[Problem]) -> dict[str, Any]:
    s = dict(sc.settings)
    rows = sc.setting_rows

    def p(key: str, msg: str) -> None:
        problems.append(Problem("scenario", rows.get(key), "value" if key in rows else key, s.get(key), msg))

    out: dict[str, Any] = {"name": s.get("name") or "scenario"}
    try:
        h = int(float(str(s.get("horizon")).replace("年", "")))
        if not base_year < h <= 2200:
            p("horizon", f"horizon must be a year after the base year {base_year}, e.g. 2060")
        out["horizon"] = h
    except (TypeError, ValueError):
        p("horizon", "horizon (the last projected year, e.g. 2060) is required: add a row horizon to the "
                     "scenario sheet")
        out["horizon"] = base_year + 1
    total = str(s.get("total") or "BASIC").strip()
    if total not in TOTALS:
        p("total", f"total must be one of {', '.join(TOTALS)}")
        total = "BASIC"
    out["total"] = total
    try:
        out["peak_years"] = int(float(s.get("peak_years") or 5))
        if out["peak_years"] < 1:
            raise ValueError
    except (TypeError, ValueError):
        p("peak_years", "peak_years must be a whole number of years ≥ 1 (default 5)")
        out["peak_years"] = 5
    return out


def _check_actions(b: _Base, actions: pd.DataFrame, problems: list[Problem]) -> None:
    """Every problem of the actions, located on the actions sheet."""
    base_year, horizon = int(b.years[0]), int(b.years[-1])
    removed: dict[tuple[str, str, int], list[tuple[pd.Series, float]]] = {}
    for _, a in actions.iterrows():
        if str(a.get("scenario")) == BAU:
            problems.append(problem(a, "scenario", f"{BAU} is the name of the scenario without actions: name the "
                                                   "action scenario differently"))
        if a["type"] is None:
            continue
        _check_share_years(a, base_year, horizon, problems)
        _check_matches(b, a, removed, problems)
        _check_targets_of(a, problems)
    _check_removed(removed, problems)


def _check_share_years(a: pd.Series, base_year: int, horizon: int, problems: list[Problem]) -> None:
    """An action's share is a share; it starts after the base year, by the horizon, and is full after it starts."""
    share = a["share"]
    if share is not None and not (0 <= share <= 1):
        problems.append(problem(a, "share", "a share is between 0 and 100 %: give e.g. 30% or 0.3"))
    s0, s1 = a["start_year"], a["full_year"]
    if s0 is not None and not (base_year < s0 <= horizon):
        problems.append(problem(a, "start_year", f"start_year must be after the base year {base_year} and no "
                                                 f"later than the horizon {horizon}"))
    if s0 is not None and s1 is not None and s1 < s0:
        problems.append(problem(a, "full_year", "full_year is before start_year"))


def _check_matches(b: _Base, a: pd.Series, removed: dict[tuple[str, str, int], list[tuple[pd.Series, float]]],
                   problems: list[Problem]) -> None:
    """The base rows an action acts on: at least one, each with what the action needs; the shares the action
    removes from each row are collected in ``removed``."""
    kind, share = a["type"], a["share"]
    hit = False
    for sheet in ACTION_SHEETS[kind]:
        t = b.tables.get(sheet)
        if t is None or t.empty:
            continue
        m = match_rows(sheet, t, a["gpc_ref"], a["activity"])
        q = QUANTITY_COLUMN.get(sheet)
        if q in t.columns:
            m &= t[q].notna().to_numpy()
        if kind == "renewable_electricity":
            m &= (t["_act"] == "grid_electricity").to_numpy()
        if kind in ("divert", "capture"):
            m &= _disposal(t) if kind == "divert" else True
        if kind == "clinker":
            m &= t["process"].isin(["cement"]).to_numpy()
            miss = m & t["clinker_fraction"].isna().to_numpy()
            for r in t.loc[miss, "row"]:
                problems.append(problem(a, "gpc_ref", f"the cement row {t['sheet'].iloc[0]} row {int(r)} of the "
                                                      "base workbook gives no clinker_fraction to start from: "
                                                      "give it there"))
        if kind == "switch":
            for r in t.loc[m, "row"]:
                if int(r) not in b.energy_gj:
                    problems.append(problem(a, "activity", f"row {int(r)} of the base workbook has no energy "
                                                           "content to switch (give its amount in an energy "
                                                           "unit or its ncv)"))
        if m.any():
            hit = True
            if removing(kind) and share is not None:
                for r in t.loc[m, "row"]:
                    removed.setdefault((str(a["scenario"]), sheet, int(r)), []).append((a, float(share)))
    if not hit and a["gpc_ref"]:
        what = {"renewable_electricity": "grid_electricity row", "divert": "landfill (fod) row disposed of in the "
                f"base year {int(b.years[0])}", "capture": "landfill row", "clinker": "cement row"}.get(kind, "row")
        problems.append(problem(a, "gpc_ref", f"no {what} of the base workbook matches this gpc_ref"
                                + (f" and activity {a['activity']}" if a["activity"] else "")))


def _check_targets_of(a: pd.Series, problems: list[Problem]) -> None:
    """What a switch or a diversion moves activity to, and the efficiencies of a switch."""
    kind = a["type"]
    if kind == "switch" and not a["to_activity"]:
        problems.append(problem(a, "to_activity", "a switch needs to_activity: the new energy carrier, e.g. "
                                                  "natural_gas or grid_electricity"))
    elif kind == "switch" and canonical_activity(a["to_activity"]) not in _known():
        problems.append(problem(a, "to_activity", "unknown activity: use a fuel id such as natural_gas, "
                                                  "grid_electricity or district_heat (see docs/activities.md)"))
    if kind == "divert" and a["to_activity"] not in DIVERT_TO:
        problems.append(problem(a, "to_activity", f"divert needs to_activity: one of {', '.join(DIVERT_TO)}"))
    for col in ("efficiency_from", "efficiency_to"):
        v = a[col]
        if v is not None and not pd.isna(v) and v <= 0:
            problems.append(problem(a, col, "an efficiency is a positive number (useful energy / energy)"))


def _check_removed(removed: dict[tuple[str, str, int], list[tuple[pd.Series, float]]],
                   problems: list[Problem]) -> None:
    """The actions of a scenario remove at most 100 % of a row's activity together."""
    for (scen, sheet, r), items in removed.items():
        tot = sum(s for _, s in items)
        if tot > 1 + 1e-9 and len(items) > 1:
            names = ", ".join(f"{x['action']} (row {int(x['row'])}, {s:.0%})" for x, s in items)
            for x, _ in items:
                problems.append(problem(x, "share", f"in scenario {scen}, the actions {names} together remove "
                                                    f"{tot:.0%} of row {r} of sheet {sheet}: at most 100 % of a "
                                                    "row's activity can be removed"))


def _known() -> frozenset[str]:
    from gpc.activity_catalogue import all_known_activities

    return all_known_activities()


def _check_targets(targets: pd.DataFrame, first: int, base_year: int, horizon: int, known: set[int],
                   problems: list[Problem]) -> None:
    for _, t in targets.iterrows():
        y = t["year"]
        if y is not None and not (first <= y <= horizon):
            problems.append(problem(t, "year", f"the target year is outside the years covered ({first}–{horizon}): "
                                               "extend horizon or change the year"))
        if t["target"] == "reduction":
            if t["reduction"] is None or pd.isna(t["reduction"]):
                problems.append(problem(t, "reduction", "a reduction target needs reduction (e.g. 40%)"))
            elif not 0 < t["reduction"] <= 1:
                problems.append(problem(t, "reduction", "reduction is a share between 0 and 100 %"))
            if t["base_year"] is None or pd.isna(t["base_year"]):
                problems.append(problem(t, "base_year", "a reduction target needs base_year"))
            elif int(t["base_year"]) not in known:
                problems.append(problem(t, "base_year", f"no emissions are known for {int(t['base_year'])}: use the "
                                                        f"base year {base_year} or a year of the history workbooks"))


