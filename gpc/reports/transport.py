"""The "Transport reconciliation" sheet of the inventory workbook (zh 交通燃料核对): per transport sub-sector
and fuel, the fuel sold against the fuel implied by the kilometres (IPCC 2006 Vol. 2 §3.2.1.3 good practice),
the difference and which side is in the totals. The table is computed once by ``gpc.calculate``
(``Inventory.transport_reconciliation``, :func:`gpc.sectors.transport.reconcile`); this module only writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from gpc.i18n import label

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["SHEET_COLUMNS", "cli_line", "reconciliation", "write_sheet"]

#: the columns of the sheet, in order (``inv.transport_reconciliation`` has them and the in/out flags)
SHEET_COLUMNS = ("subsector", "fuel", "fuel_sold_gj", "fuel_sold_amount", "fuel_sold_unit", "sold_rows",
                 "distance_gj", "distance_fuel_amount", "distance_fuel_unit", "distance_km", "distance_rows",
                 "distance_methods", "difference_gj", "difference_pct", "in_totals")


def reconciliation(inv: Inventory) -> pd.DataFrame | None:
    """The inventory's reconciliation table, or None when it has no row (then no sheet is written)."""
    t = getattr(inv, "transport_reconciliation", None)
    return t if t is not None and len(t) else None


def cli_line(inv: Inventory, lang: str = "en") -> str | None:
    """The one line ``gpc build`` prints when the sheet is written: how many sub-sector/fuel pairs are compared
    and the largest difference (by its size) with its sub-sector and fuel, e.g. ``transport reconciliation:
    2 sub-sector/fuel pairs, largest difference −20.0 % (II.1 motor_gasoline)``; None when there is no sheet."""
    t = reconciliation(inv)
    if t is None:
        return None
    n = len(t)
    pct = pd.to_numeric(t["difference_pct"], errors="coerce")
    what = label("cli.transport_recon_pairs" + ("_one" if n == 1 else ""), lang, n=str(n))
    if pct.isna().all():             # nothing sold to compare with (0 GJ sold): no percentage to show
        return label("cli.transport_recon", lang, pairs=what)
    i = pct.abs().idxmax()
    fuel = str(t.at[i, "fuel"])
    if lang == "zh":
        from gpc.activity_catalogue import activity_names_zh

        fuel = activity_names_zh().get(fuel, fuel)
    v = float(pct[i])
    return label("cli.transport_recon_largest", lang, pairs=what,
                 pct=f"{'−' if v < 0 else '+' if v > 0 else ''}{abs(v):.1f}", sub=str(t.at[i, "subsector"]), fuel=fuel)


def _names(t: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sub-sector with its GPC name, fuel, methods and the side in the totals as a reader says them."""
    from gpc import taxonomy

    tax = taxonomy.table()
    out = t.copy()
    sub_col = "subsector_zh" if lang == "zh" else "subsector"
    subs = {}
    for s in t["subsector"].unique():
        m = tax[tax.index.astype(str).str.startswith(f"{s}.")]
        subs[s] = f"{s} {m[sub_col].iloc[0]}" if len(m) else s
    out["subsector"] = t["subsector"].map(subs)
    out["in_totals"] = [label(f"recon.in_totals.{v}", lang) for v in t["in_totals"]]
    if lang == "zh":
        from gpc.activity_catalogue import activity_names_zh
        from gpc.io.sheets import choice_aliases

        fuel_zh = activity_names_zh()
        out["fuel"] = [f"{fuel_zh[f]}（{f}）" if f in fuel_zh else f for f in t["fuel"]]
        method_zh: dict[str, str] = {}
        for (col, alias), value in choice_aliases().items():
            if col == "method" and any("\u4e00" <= ch <= "\u9fff" for ch in alias):
                method_zh.setdefault(value, alias)
        out["distance_methods"] = ["、".join(method_zh.get(m, m) for m in str(ms).split(", "))
                                   for ms in t["distance_methods"]]
    return out


def write_sheet(w: Any, ws: Any, inv: Inventory, lang: str = "en") -> None:
    """Title, the note (IPCC 2006 Vol. 2 §3.2.1.3; only the chosen method is in the totals) and the table."""
    from gpc.reports.cells import write_frame

    t = reconciliation(inv)
    if t is None:
        return
    ws.write_string(0, 0, label("recon.title", lang), w.f_title)
    ws.write_string(1, 0, label("recon.note", lang))
    ws.write_string(2, 0, label("recon.note_difference", lang))
    tab = _names(t, lang)[list(SHEET_COLUMNS)].reset_index(drop=True)
    heads = [label(f"recon.col.{c}", lang) for c in SHEET_COLUMNS]
    pct = w.wb.add_format({"num_format": "0.0"})
    num = {c: w.f_num for c in ("fuel_sold_gj", "fuel_sold_amount", "distance_gj", "distance_fuel_amount",
                                "difference_gj")}
    num.update({"distance_km": w.f_int, "difference_pct": pct})
    end = write_frame(w, ws, tab, 4, heads, num)
    ws.freeze_panes(5, 2)
    ws.autofilter(4, 0, max(end - 1, 5), len(SHEET_COLUMNS) - 1)
    widths = {"subsector": 22, "fuel": 18, "sold_rows": 28, "distance_rows": 28, "distance_methods": 22,
              "in_totals": 18, "fuel_sold_unit": 8, "distance_fuel_unit": 8}
    for j, c in enumerate(SHEET_COLUMNS):
        ws.set_column(j, j, widths.get(c, 14))
    ws.set_paper(9)              # A4 landscape, one page wide, the header row on every page
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(4)
