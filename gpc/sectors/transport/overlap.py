"""The same traffic counted twice across sheets: transport-sheet and flights_voyages rows against the activity
sheet's fuel rows.

GPC v1.1 §7.2: a city counts its traffic by one method. A distance-based row of the ``transport`` sheet
(sub-sector II.x, a fuel) and a fuel row of the ``activity`` sheet in II.x.1 / II.x.3 with the same fuel
(grid electricity in II.x.2 for electric vehicles) count the same vehicles twice, unless the transport row is
marked ``cross_check``. Called by :func:`gpc.validation.contradiction_problems`, which sees every sheet.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from gpc.errors import Problem
from gpc.i18n import label

__all__ = ["activity_overlap"]


def activity_overlap(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Transport-sheet rows (not cross-checks) and ``flights_voyages`` rows that count the activity sheet's fuel
    rows of the same sub-sector (and, for flights and voyages, the same row: II.x.1 in-boundary, II.x.3 departing)
    and fuel again: one located problem each."""
    return _transport_overlap(tables) + _flights_overlap(tables)


def _flights_overlap(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """A flight or voyage row counting the fuel of an activity row in the same GPC row again (GPC v1.1 §7.5–7.6:
    each trip once). Arriving trips count 0 and are no overlap; an LTO row without a fuel is jet kerosene."""
    fl, act = tables.get("flights_voyages"), tables.get("activity")
    if fl is None or act is None or not len(fl) or not len(act) or "activity" not in act.columns:
        return []
    from gpc.activity_catalogue import all_known_activities, resolve_activity
    from gpc.sectors.transport.distance import _blank, _ref, shown

    known = all_known_activities()
    sold: dict[tuple[str, str], int] = {}
    amount = act["amount"] if "amount" in act.columns else pd.Series([1] * len(act), index=act.index)
    for ref, a, amt, row in zip(act.get("gpc_ref", pd.Series(dtype=object)), act["activity"], amount, act["row"]):
        r = str(ref or "").strip()
        if r[:5] not in ("II.3.", "II.4.") or _blank(a) or _blank(amt):
            continue
        sold.setdefault((r, resolve_activity(a, known) or str(a)), int(row))
    if not sold:
        return []
    blank = pd.Series([None] * len(fl), index=fl.index)
    ref_c, trip_c, fuel_c = (fl[c] if c in fl.columns else blank for c in ("gpc_ref", "trip", "fuel"))
    out: list[Problem] = []
    for ref, trip, fuel, row in zip(ref_c, trip_c, fuel_c, fl["row"]):
        if _blank(ref) or _blank(trip) or str(trip) not in ("in_boundary", "departing"):
            continue
        sub = ".".join(_ref(str(ref)).split(".")[:2])
        target = f"{sub}.{'1' if str(trip) == 'in_boundary' else '3'}"
        fid = "jet_kerosene" if _blank(fuel) and sub == "II.4" else resolve_activity(str(fuel), known) or str(fuel)
        hit = sold.get((target, fid))
        if hit is not None:
            out.append(Problem(shown(fl, "flights_voyages"), int(row), "gpc_ref", ref,
                               label("err.flights_overlap", "en", fuel=fid, ref=target, row=str(hit))))
    return out


def _transport_overlap(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    tr, act = tables.get("transport"), tables.get("activity")
    if tr is None or act is None or not len(tr) or not len(act) or "activity" not in act.columns:
        return []
    from gpc.activity_catalogue import all_known_activities, resolve_activity
    from gpc.sectors.transport.distance import _blank, _ref, shown
    from gpc.sectors.transport.intensity import _ELECTRIC_NAMES, ELECTRICITY

    known = all_known_activities()
    sold: dict[tuple[str, str], int] = {}
    amount = act["amount"] if "amount" in act.columns else pd.Series([1] * len(act), index=act.index)
    for ref, a, amt, row in zip(act.get("gpc_ref", pd.Series(dtype=object)), act["activity"], amount, act["row"]):
        r = str(ref or "")
        if not r.startswith("II.") or r.count(".") != 2 or _blank(a) or _blank(amt):
            continue
        fid = resolve_activity(a, known) or str(a)
        key = (".".join(r.split(".")[:2]), ELECTRICITY if fid == "grid_electricity" else fid)
        sold.setdefault(key, int(row))
    out: list[Problem] = []
    cross = tr["cross_check"] if "cross_check" in tr.columns else pd.Series([None] * len(tr), index=tr.index)
    method = tr["method"] if "method" in tr.columns else pd.Series([None] * len(tr), index=tr.index)
    for ref, fuel, _m, c, row in zip(tr["gpc_ref"], tr.get("fuel", pd.Series([None] * len(tr))), method, cross, tr["row"]):
        if c is True or _blank(fuel) or _blank(ref):
            continue
        sub = ".".join(_ref(str(ref)).split(".")[:2])
        f = str(fuel).strip()
        fid = ELECTRICITY if f.lower() in _ELECTRIC_NAMES else (resolve_activity(f, known) or f)
        hit = sold.get((sub, fid))
        if hit is not None:
            msg = label("err.transport_overlap_grid" if fid == ELECTRICITY else "err.transport_overlap_fuel", "en",
                        fuel=fid, sub=sub, row=str(hit))
            out.append(Problem(shown(tr), int(row), "cross_check", c, msg))
    return out
