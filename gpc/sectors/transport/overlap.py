"""The same traffic counted twice across sheets: transport-sheet rows against the activity sheet's fuel rows.

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
