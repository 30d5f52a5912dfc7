"""The CDP-ICLEI summary of a GPC inventory: emissions by sector and scope with the three totals.

The rows are those of the GPC's summary table (GPC v1.1 Table 4.3), which the CDP-ICLEI Unified
Reporting System asks for:

=====================================================  =========================================
row                                                     GPC rows
=====================================================  =========================================
Stationary energy — energy use                          all I except I.4.4
Stationary energy — energy generation supplied to grid  I.4.4
Transportation                                          all II
Waste — generated in the city                           III.x.1 and III.x.2
Waste — generated outside the city                      III.x.3
IPPU                                                    all IV
AFOLU                                                   all V
Other scope 3                                           VI.1
TOTAL BASIC / TOTAL BASIC+ / TOTAL territorial          the rows of each total
=====================================================  =========================================

Each row has scope 1, scope 2, scope 3 and its total (t CO2e, biogenic CO2 excluded); the
``key`` column names the row for programs (``I``, ``I.4.4``, ``II``, ``III.in``, ``III.out``, ``IV``,
``V``, ``VI``, ``BASIC``, ``BASIC+``, ``territorial``). A second sheet repeats the table by GPC
sub-sector.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from gpc import taxonomy
from gpc.reports.common import (
    atomic_output,
    basis_rows,
    fossil,
    neutralise_frame,
    settings_meta,
    xlsx_workbook,
)

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["summary_rows", "subsector_rows", "write_cdp", "read_cdp", "ROWS"]

#: key → (label, predicate over a GPC reference number)
ROWS: tuple[tuple[str, str], ...] = (
    ("I", "Stationary energy: energy use (all I emissions except I.4.4)"),
    ("I.4.4", "Stationary energy: energy generation supplied to the grid (I.4.4)"),
    ("II", "Transportation (all II emissions)"),
    ("III.in", "Waste: waste generated in the city (all III.X.1 and III.X.2)"),
    ("III.out", "Waste: waste generated outside the city (all III.X.3)"),
    ("IV", "IPPU (all IV emissions)"),
    ("V", "AFOLU (all V emissions)"),
    ("VI", "Other scope 3 (VI.1)"),
)
TOTAL_LABELS = {"BASIC": "TOTAL BASIC", "BASIC+": "TOTAL BASIC+", "territorial": "TOTAL territorial"}
_SCOPES = (1, 2, 3)


def _rows_of(key: str) -> list[str]:
    t = taxonomy.table()
    if key in TOTAL_LABELS:
        return sorted(basis_rows(key), key=list(t.index).index)
    if key == "I":
        return [r for r in t.index if t.loc[r, "sector_ref"] == "I" and r != "I.4.4"]
    if key == "I.4.4":
        return ["I.4.4"]
    if key == "III.in":
        return [r for r in t.index if t.loc[r, "sector_ref"] == "III" and r.split(".")[-1] in ("1", "2")]
    if key == "III.out":
        return [r for r in t.index if t.loc[r, "sector_ref"] == "III" and r.endswith(".3")]
    return [r for r in t.index if t.loc[r, "sector_ref"] == key]


def summary_rows(inv: Inventory) -> pd.DataFrame:
    """The summary table: ``key``, ``label``, ``scope_1``, ``scope_2``, ``scope_3``, ``total`` (t CO2e).

    A scope with no GPC row in a line is NaN (not applicable); a scope with rows but no emissions is 0.
    """
    e = fossil(inv)
    t = taxonomy.table()
    by_ref = e.groupby("gpc_ref")["co2e_t"].sum()
    out = []
    for key, lab in (*ROWS, *TOTAL_LABELS.items()):
        refs = _rows_of(key)
        rec: dict[str, Any] = {"key": key, "label": lab}
        for sc in _SCOPES:
            rs = [r for r in refs if int(t.loc[r, "scope"]) == sc]
            rec[f"scope_{sc}"] = float(by_ref.reindex(rs).fillna(0.0).sum()) if rs else float("nan")
        rec["total"] = float(by_ref.reindex(refs).fillna(0.0).sum())
        rec["gpc_rows"] = ", ".join(refs) if key not in TOTAL_LABELS else key
        out.append(rec)
    return pd.DataFrame(out)


def subsector_rows(inv: Inventory) -> pd.DataFrame:
    """By GPC sub-sector: ``subsector_ref``, ``subsector``, ``scope_1..3`` (NaN where no such row), ``total``,
    and the notation keys of rows without emissions."""
    e = fossil(inv)
    t = taxonomy.table()
    by_ref = e.groupby("gpc_ref")["co2e_t"].sum()
    nk = inv.summary(all_rows=True)["notation_key"]
    has = set(inv.emissions["gpc_ref"])
    out = []
    for sub, g in t.groupby("subsector_ref", sort=False):
        rec: dict[str, Any] = {"subsector_ref": sub, "subsector": g["subsector"].iloc[0]}
        keys = []
        for sc in _SCOPES:
            rs = [r for r in g.index if int(t.loc[r, "scope"]) == sc]
            rec[f"scope_{sc}"] = float(by_ref.reindex(rs).fillna(0.0).sum()) if rs else float("nan")
            keys += [f"{r} {nk[r]}" for r in rs if r not in has and nk.get(r)]
        rec["total"] = float(by_ref.reindex(g.index).fillna(0.0).sum())
        rec["notation_keys"] = ", ".join(keys)
        out.append(rec)
    return pd.DataFrame(out)


def write_cdp(inv: Inventory, path: str | Path) -> Path:
    """Write the summary to ``path``: an xlsx workbook, or the summary table alone as CSV (``.csv``)."""
    path = Path(path)
    table = summary_rows(inv)
    if path.suffix.lower() == ".csv":
        with atomic_output(path) as tmp:
            neutralise_frame(table).to_csv(tmp, index=False, encoding="utf-8-sig")
        return path
    meta = settings_meta(inv)
    with atomic_output(path) as tmp:
        wb = xlsx_workbook(tmp)
        title = wb.add_format({"bold": True, "font_size": 14})
        head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                              "valign": "top"})
        num = wb.add_format({"num_format": "#,##0.00"})
        bold = wb.add_format({"bold": True, "num_format": "#,##0.00", "top": 1})
        boldtext = wb.add_format({"bold": True, "top": 1})
        na = wb.add_format({"bg_color": "#D9D9D9"})
        ws = wb.add_worksheet("CDP-ICLEI GPC summary")
        ws.write_string(0, 0, f"{meta['city'] or ''} {meta['year']} — GPC emissions by sector and scope "
                              f"(t CO2e, GWP {meta['gwp']})", title)
        ws.write_string(1, 0, f"Factor set: {meta['factors']}. Biogenic CO2 is excluded from every figure; "
                              "grey cells: no GPC row of that scope.")
        heads = ["GPC sector", "Scope 1", "Scope 2", "Scope 3", "Total", "GPC rows", "key"]
        for j, h in enumerate(heads):
            ws.write_string(3, j, h, head)
        for i, rec in enumerate(table.itertuples(index=False), start=4):
            is_total = rec.key in TOTAL_LABELS
            ws.write_string(i, 0, rec.label, boldtext if is_total else None)
            for j, sc in enumerate(_SCOPES, start=1):
                v = getattr(rec, f"scope_{sc}")
                if pd.isna(v):
                    ws.write_blank(i, j, None, na)
                else:
                    ws.write_number(i, j, v, bold if is_total else num)
            ws.write_number(i, 4, rec.total, bold)
            ws.write_string(i, 5, rec.gpc_rows)
            ws.write_string(i, 6, rec.key)
        r = 4 + len(table) + 1
        bio = float(inv.emissions.loc[inv.emissions["biogenic"].astype(bool), "emissions_t"].sum())
        ws.write_string(r, 0, "Biogenic CO2 (memo item, t; in no total)")
        ws.write_number(r, 4, bio, num)
        ws.set_column(0, 0, 62)
        ws.set_column(1, 4, 16)
        ws.set_column(5, 5, 60)
        ws.set_column(6, 6, 10)
        ws.freeze_panes(4, 1)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)

        ws2 = wb.add_worksheet("By sub-sector")
        sub = subsector_rows(inv)
        heads2 = ["GPC ref", "Sub-sector", "Scope 1", "Scope 2", "Scope 3", "Total", "Notation keys"]
        for j, h in enumerate(heads2):
            ws2.write_string(0, j, h, head)
        for i, rec in enumerate(sub.itertuples(index=False), start=1):
            ws2.write_string(i, 0, rec.subsector_ref)
            ws2.write_string(i, 1, rec.subsector)
            for j, sc in enumerate(_SCOPES, start=2):
                v = getattr(rec, f"scope_{sc}")
                if pd.isna(v):
                    ws2.write_blank(i, j, None, na)
                else:
                    ws2.write_number(i, j, v, num)
            ws2.write_number(i, 5, rec.total, num)
            ws2.write_string(i, 6, rec.notation_keys)
        ws2.set_column(0, 0, 9)
        ws2.set_column(1, 1, 60)
        ws2.set_column(2, 5, 16)
        ws2.set_column(6, 6, 40)
        ws2.freeze_panes(1, 2)
        ws2.set_landscape()
        ws2.fit_to_pages(1, 0)
        wb.close()
    return path


def read_cdp(path: str | Path) -> pd.DataFrame:
    """Read the summary back (xlsx or CSV): ``key``, ``scope_1``, ``scope_2``, ``scope_3``, ``total``."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path, encoding="utf-8-sig")
    df = pd.read_excel(path, sheet_name="CDP-ICLEI GPC summary", header=3, engine="calamine")
    df = df[df["key"].notna()].rename(columns={"Scope 1": "scope_1", "Scope 2": "scope_2",
                                                "Scope 3": "scope_3",
                                                "Total": "total", "GPC sector": "label"})
    return df[["key", "label", "scope_1", "scope_2", "scope_3", "total"]].reset_index(drop=True)
