"""Fuel sold against fuel implied by kilometres (IPCC 2006 Vol. 2 §3.2.1.3: compare the top-down fuel
statistics with the bottom-up vehicle-kilometre estimate; GPC v1.1 §7.2 — only the chosen method enters the
totals).

:func:`reconcile` gives one row per (sub-sector, fuel): the energy of the fuel sold (``fuel_sales`` rows of
the transport sheet, and — when the inventory's records are passed — the activity sheet's fuel rows in
II.x.1) and the energy of the fuel implied by the in-boundary kilometres (distance rows), the difference and
which of the two is in the totals. ``gpc.calculate`` computes it once (``Inventory.transport_reconciliation``)
and the inventory workbook shows it (sheet "Transport reconciliation").
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gpc.context import Context

__all__ = ["RECONCILE_COLUMNS", "reconcile"]

RECONCILE_COLUMNS = ("subsector", "fuel", "fuel_sold_gj", "fuel_sold_amount", "fuel_sold_unit", "sold_rows",
                     "sold_in_totals", "distance_gj", "distance_fuel_amount", "distance_fuel_unit", "distance_km",
                     "distance_rows", "distance_methods", "distance_in_totals", "difference_gj", "difference_pct",
                     "in_totals")


def reconcile(tables: Any, ctx: Context, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """The reconciliation table of the transport sheet.

    ``tables``: an ``ActivityData`` or a dict of sheets holding ``transport``; ``records``: optionally the
    inventory's emission records (``Inventory.emissions``), whose CO2 records of activity-sheet fuel rows in
    II.x.1 count as fuel sold. ``difference_gj`` = distance − sold; ``difference_pct`` = difference / sold × 100.
    Energies are on the set's NCV (net calorific) basis. ``fuel_sold_amount``/``_unit``: the fuel sold as typed
    (when its rows share one unit); ``distance_fuel_amount``/``_unit``: the fuel implied by the kilometres, in
    the unit of the fuel sold (converted through the energy of the same fuel; else m3, t or GJ). ``in_totals``: ``fuel_sold``,
    ``distance``, ``both`` (e.g. different vehicle classes: the two sides add up, they are no alternative),
    ``neither`` or ``partly``. A (sub-sector, fuel) with only one side is not in the table.
    """
    from gpc.sectors.transport.distance import SHEET

    tabs = getattr(tables, "tables", tables)
    df = tabs.get(SHEET)
    if df is None or not len(df):  # no kilometres: nothing to reconcile
        return pd.DataFrame(columns=list(RECONCILE_COLUMNS))
    parts = [_transport_rows(df, ctx)]
    if records is not None and len(records) and (parts[0]["kind"] == "distance").any():
        parts.append(_activity_rows(records))
    t = pd.concat([x for x in parts if len(x)], ignore_index=True) if any(len(x) for x in parts) else None
    if t is None:
        return pd.DataFrame(columns=list(RECONCILE_COLUMNS))
    out = []
    for (sub, fuel), g in t.groupby(["subsector", "fuel"], sort=True):  # once per sub-sector and fuel
        s, d = g[g["kind"] == "sold"], g[g["kind"] == "distance"]
        if not len(s) or not len(d):
            continue
        sold, dist = float(s["gj"].sum()), float(d["gj"].sum())
        sold_amount, sold_unit = _sold_amount(s)
        dist_amount, dist_unit = _implied_amount(d, sold_unit, sold_amount, sold, dist)
        s_in, d_in = bool(s["in_totals"].all()), bool(d["in_totals"].all())
        s_out, d_out = not s["in_totals"].any(), not d["in_totals"].any()
        side = ("both" if s_in and d_in else "fuel_sold" if s_in and d_out else "distance" if d_in and s_out
                else "neither" if s_out and d_out else "partly")
        out.append({"subsector": sub, "fuel": fuel, "fuel_sold_gj": sold, "fuel_sold_amount": sold_amount,
                    "fuel_sold_unit": sold_unit, "sold_rows": ", ".join(s["row"]), "sold_in_totals": s_in,
                    "distance_gj": dist, "distance_fuel_amount": dist_amount, "distance_fuel_unit": dist_unit,
                    "distance_km": float(d["km"].sum()), "distance_rows": ", ".join(d["row"]),
                    "distance_methods": ", ".join(sorted(set(d["method"]))), "distance_in_totals": d_in,
                    "difference_gj": dist - sold, "difference_pct": (dist - sold) / sold * 100 if sold else np.nan,
                    "in_totals": side})
    return pd.DataFrame(out, columns=list(RECONCILE_COLUMNS))


def _transport_rows(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """One entry per fuel row of the transport sheet: fuel sold (fuel_sales) or implied by in-boundary km."""
    from gpc.sectors.transport.distance import ELECTRICITY, prepare, shown

    p = prepare(df, ctx)
    sales = p.method == "fuel_sales"
    base = np.where(sales, p.fuel_base, p.km_in * p.per_km)       # m3, t or GJ (p.per_km_dim)
    fuel_gj = base * p.gj_per_base
    fuel = np.array(p.fuel, dtype=object)
    keep = ~np.isnan(fuel_gj) & (fuel != "") & (fuel != ELECTRICITY)
    typed_amount = df["fuel_amount"].to_numpy(dtype=object) if "fuel_amount" in df.columns else np.full(len(df), None)
    typed_unit = (df["fuel_unit"].astype(str).str.strip().to_numpy(dtype=object) if "fuel_unit" in df.columns
                  else np.full(len(df), ""))
    t = pd.DataFrame({
        "subsector": np.array(p.sub, dtype=object), "fuel": fuel,
        "kind": np.where(sales, "sold", "distance"), "gj": fuel_gj, "km": np.where(sales, 0.0, p.km_in),
        "row": (shown(df) + "!" + pd.Series(p.rows).astype(str)).to_numpy(dtype=object), "method": p.method.astype(str), "in_totals": ~p.cross,
        "amount": np.where(sales, typed_amount, base), "unit": np.where(sales, typed_unit,
                                                                           np.array(p.per_km_dim, dtype=object)),
    })
    return t[keep].reset_index(drop=True)


def _activity_rows(records: pd.DataFrame) -> pd.DataFrame:
    """The activity sheet's fuel rows in II.x.1 (one CO2 record per input row), as fuel sold."""
    from gpc.io.sheets import header_key, sheet_aliases

    aliases = sheet_aliases()
    sheets = records["sheet"].astype(str)
    is_act = sheets.map({x: aliases.get(header_key(x)) == "activity" for x in sheets.unique()}).astype(bool)
    r = records[is_act & (records["gas"] == "CO2") & records["gpc_ref"].astype(str).str.match(r"^II\.\d\.1$")]
    r = r.drop_duplicates(["sheet", "row"])                         # a row's fossil and biogenic CO2: once
    r = r[r["energy_gj"].notna()]
    return pd.DataFrame({
        "subsector": r["gpc_ref"].astype(str).str.rsplit(".", n=1).str[0], "fuel": r["activity"], "kind": "sold",
        "gj": r["energy_gj"].astype(float), "km": 0.0, "row": r["sheet"].astype(str) + "!" + r["row"].astype(str),
        "method": "fuel_sales", "in_totals": True, "amount": r["amount"],
        "unit": r["unit"].astype(str).str.strip()}).reset_index(drop=True)


def _sold_amount(s: pd.DataFrame) -> tuple[float, str]:
    """The fuel sold as typed, when its rows share one unit (NaN and "" otherwise)."""
    units = set(s["unit"])
    amounts = pd.to_numeric(s["amount"], errors="coerce")
    if len(units) != 1 or amounts.isna().any():
        return np.nan, ""
    return float(amounts.sum()), units.pop()


def _implied_amount(d: pd.DataFrame, sold_unit: str, sold_amount: float, sold_gj: float,
                    dist_gj: float) -> tuple[float, str]:
    """The fuel implied by the kilometres in the unit of the fuel sold, through the energy of the same fuel
    (sold amount × implied GJ / sold GJ: 1 000 000 L sold = 33 357.9 GJ, 26 686.32 GJ implied → 800 000 L);
    without a single sold unit, in the rows' common base unit (m3, t, GJ); NaN and "" when they differ."""
    if sold_unit and sold_gj > 0:
        return sold_amount * dist_gj / sold_gj, sold_unit
    dims = set(d["unit"])
    if len(dims) != 1:
        return np.nan, ""
    return float(d["amount"].sum()), dims.pop()
