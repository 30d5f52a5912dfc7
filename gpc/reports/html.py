"""HTML of an inventory for notebooks (``Inventory._repr_html_``): the totals, per-capita figures, and
a sector × scope table; every piece of text from the input is escaped."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from gpc.reports import common

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["inventory_html"]

_STYLE = ("border-collapse:collapse;font-size:90%;margin:4px 0 8px 0")
_CELL = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:{align}"


def _num(x: float) -> str:
    return f"{x:,.0f}"


def _td(text: str, align: str = "right", bold: bool = False) -> str:
    weight = ";font-weight:bold" if bold else ""
    return f'<td style="{_CELL.format(align=align)}{weight}">{text}</td>'


def _th(text: str, align: str = "right") -> str:
    return f'<th style="{_CELL.format(align=align)};background:#DCE6F1">{html.escape(text)}</th>'


def inventory_html(inv: Inventory) -> str:
    s = inv.settings
    title = html.escape(f"{s.name or ''} {s.year}".strip())
    head = (f"<div><b>GPC inventory {title}</b> "
            f"<span style='color:#666'>(GWP {html.escape(inv.gwp)}, factors "
            f"{html.escape(' → '.join(inv.factor_set.chain) if inv.factor_set else str(s.factors))}; t CO2e)</span>")
    rows = "".join(f"<tr>{_td(html.escape(k), 'left')}{_td(_num(float(v)), bold=True)}"
                   f"{_td(f'{float(v) / 1e6:,.2f} Mt')}</tr>" for k, v in inv.totals().items())
    totals = f'<table style="{_STYLE}"><tr>{_th("total", "left")}{_th("t CO2e")}{_th("")}</tr>{rows}</table>'
    extra = "".join(f"<li>{html.escape(text)}: <b>{value:,.2f}</b></li>" for text, value, _ in common.intensities(inv))
    missing = inv.completeness()
    if missing:
        extra += (f"<li style='color:#C00000'>{len(missing)} BASIC row(s) with neither emissions nor a notation "
                  f"key: {html.escape(', '.join(missing))}</li>")
    extra = f"<ul style='margin:0'>{extra}</ul>" if extra else ""
    p = inv.by_sector_scope()
    cols = list(p.columns)
    body = "".join(
        "<tr>" + _td(html.escape(str(idx)), "left")
        + "".join(_td(_num(float(p.loc[idx, c])) if float(p.loc[idx, c]) else "", bold=c == "total") for c in cols)
        + "</tr>"
        for idx in p.index if float(p.loc[idx].abs().sum()) > 0)
    sector = (f'<table style="{_STYLE}"><tr>{_th("sector", "left")}'
              + "".join(_th(str(c)) for c in cols) + f"</tr>{body}</table>")
    note = ("<div style='color:#666;font-size:85%'>By sector: every GPC row (I.4.4 and III.x.3 included, VI.1 "
            "shown); biogenic CO2 excluded.</div>")
    return head + totals + extra + sector + note + "</div>"
