"""Fuel sold against fuel implied by kilometres (IPCC 2006 Vol. 2 §3.2.1.3: compare the top-down fuel
statistics with the bottom-up vehicle-kilometre estimate; GPC v1.1 §7.2 — only the chosen method enters the
totals).

:func:`reconcile` gives one row per (sub-sector, fuel): the energy of the fuel sold (``fuel_sales`` rows of
the transport sheet, and — when the inventory's records are passed — the activity sheet's fuel rows in
II.x.1) and the energy of the fuel implied by the in-boundary kilometres (distance rows), the difference and
which of the two is in the totals.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gpc.context import Context

__all__ = ["RECONCILE_COLUMNS", "reconcile"]

RECONCILE_COLUMNS = ("subsector", "fuel", "fuel_sold_gj", "sold_rows", "sold_in_totals", "distance_gj", "distance_km",
                     "distance_rows", "distance_methods", "distance_in_totals", "difference_gj", "difference_pct")


def reconcile(tables: Any, ctx: Context, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """The reconciliation table of the transport sheet.

    ``tables``: an ``ActivityData`` or a dict of sheets holding ``transport``; ``records``: optionally the
    inventory's emission records (``Inventory.emissions``), whose CO2 records of activity-sheet fuel rows in
    II.x.1 count as fuel sold. ``difference_gj`` = distance − sold; ``difference_pct`` = difference / sold × 100.
    Energies are on the set's NCV (net calorific) basis.
    """
    from gpc.io.sheets import header_key, sheet_aliases
    from gpc.sectors.transport.distance import ELECTRICITY, SHEET, prepare, shown

    tabs = getattr(tables, "tables", tables)
    df = tabs.get(SHEET)
    rows: list[dict[str, Any]] = []
    if df is not None and len(df):
        p = prepare(df, ctx)
        sales = p.method == "fuel_sales"
        fuel_gj = np.where(sales, p.fuel_base * p.gj_per_base, p.km_in * p.per_km * p.gj_per_base)
        for i in range(len(p.rows)):
            if not p.fuel[i] or p.fuel[i] == ELECTRICITY or np.isnan(fuel_gj[i]):
                continue
            rows.append({"subsector": p.sub[i], "fuel": p.fuel[i], "kind": "sold" if sales[i] else "distance",
                         "gj": fuel_gj[i], "km": 0.0 if sales[i] else p.km_in[i], "row": f"{shown(df)}!{p.rows[i]}",
                         "method": str(p.method[i]), "in_totals": not p.cross[i]})
    if records is not None and len(records):
        aliases = sheet_aliases()
        is_act = records["sheet"].map(lambda x: aliases.get(header_key(x)) == "activity")
        r = records[is_act & (records["gas"] == "CO2")
                    & records["gpc_ref"].astype(str).str.match(r"^II\.\d\.1$")]
        for ref, fuel, gj, row, sheet in zip(r["gpc_ref"], r["activity"], r["energy_gj"], r["row"], r["sheet"]):
            if gj == gj:
                rows.append({"subsector": ".".join(str(ref).split(".")[:2]), "fuel": fuel, "kind": "sold", "gj": gj,
                             "km": 0.0, "row": f"{sheet}!{row}", "method": "fuel_sales", "in_totals": True})
    if not rows:
        return pd.DataFrame(columns=list(RECONCILE_COLUMNS))
    t = pd.DataFrame(rows)
    out = []
    for (sub, fuel), g in t.groupby(["subsector", "fuel"], sort=True):
        s, d = g[g["kind"] == "sold"], g[g["kind"] == "distance"]
        if not len(s) or not len(d):
            continue
        sold, dist = float(s["gj"].sum()), float(d["gj"].sum())
        out.append({"subsector": sub, "fuel": fuel, "fuel_sold_gj": sold, "sold_rows": ", ".join(s["row"]),
                    "sold_in_totals": bool(s["in_totals"].all()), "distance_gj": dist,
                    "distance_km": float(d["km"].sum()), "distance_rows": ", ".join(d["row"]),
                    "distance_methods": ", ".join(sorted(set(d["method"]))),
                    "distance_in_totals": bool(d["in_totals"].all()), "difference_gj": dist - sold,
                    "difference_pct": (dist - sold) / sold * 100 if sold else np.nan})
    return pd.DataFrame(out, columns=list(RECONCILE_COLUMNS))
