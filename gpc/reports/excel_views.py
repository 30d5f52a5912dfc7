"""The Chinese reporting views as sheets of the inventory workbook (provincial guideline's five sectors,
key areas, three industries), from the same emission records (:mod:`gpc.reports.views_zh`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from gpc.i18n import label

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["wants_views", "write_views"]


def wants_views(inv: Inventory, lang: str) -> bool:
    """Chinese views are written for Chinese workbooks and for Chinese cities."""
    s = inv.settings
    return lang == "zh" or (s.country or "").upper() == "CN" or s.factors == "china"


def _pivot(v: pd.DataFrame, lang: str) -> pd.DataFrame:
    name = "name_zh" if lang == "zh" else "name_en"
    v = v.assign(gas=v["gas"].astype(object).fillna("CO2"), emissions_t=v["emissions_t"].fillna(0.0), co2e_t=v["co2e_t"].fillna(0.0))
    gases = [g for g in ("CO2", "CH4", "N2O") if g in set(v["gas"])] + sorted(
        set(v["gas"]) - {"CO2", "CH4", "N2O"})
    keys = ["order", name, "memo"]
    v = v.assign(memo=v["memo"].fillna(False).astype(bool))
    p = v.pivot_table(index=keys, columns="gas", values="emissions_t", aggfunc="sum", fill_value=0.0)
    p = p.reindex(columns=gases, fill_value=0.0)
    p["co2e_t"] = v.groupby(keys)["co2e_t"].sum()
    p = p.reset_index().sort_values("order").drop(columns="order")
    return p.rename(columns={name: "category"})


def write_views(writer: Any, inv: Inventory, lang: str) -> None:
    """Add the three view sheets to the workbook of ``writer`` (a gpc.reports.cells._Writer)."""
    from gpc.reports import views_zh
    from gpc.reports.cells import write_frame

    for key, fn in (("provincial_view", views_zh.provincial_view), ("key_areas_view", views_zh.key_areas_view),
                    ("three_industries_view", views_zh.three_industries_view)):
        v = fn(inv.emissions)
        ws = writer.wb.add_worksheet(label(f"sheet.{key}", lang)[:31])
        if v.empty:
            ws.write_string(0, 0, label("text.none", lang))
            continue
        p = _pivot(v, lang)
        heads = [label("col.category", lang), label("col.memo", lang)] + [
            label("col.gas_t", lang, gas=g) for g in p.columns[2:-1]] + [label("col.co2e_t", lang)]
        p["memo"] = p["memo"].map({True: "memo" if lang == "en" else "备忘项", False: ""})
        end = write_frame(writer, ws, p, 0, heads, {c: writer.f_num for c in p.columns[2:]})
        total = float(p.loc[p["memo"] == "", "co2e_t"].sum())
        ws.write_string(end + 1, 0, label("col.total", lang), writer.f_bold)
        ws.write_number(end + 1, len(p.columns) - 1, total, writer.f_big)
        ws.set_column(0, 0, 36)
        ws.set_column(1, len(p.columns), 16)
