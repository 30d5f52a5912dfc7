"""The parts of the inventory workbook that readers look at first: the Overview sheet (key figures and
native Excel charts), the Data quality sheet, and the page setup used when the workbook is printed.

Called by :func:`gpc.reports.excel_out.write_inventory`; ``w`` is its ``_Writer`` (the xlsxwriter workbook
and shared cell formats).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc import quality, taxonomy
from gpc.i18n import label
from gpc.reports import common

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["write_overview", "write_quality", "page_setup"]

_PALETTE = ("#1F4E79", "#2E75B6", "#9DC3E6", "#C55A11", "#F4B183", "#548235", "#A9D18E", "#7F6000",
            "#FFD966", "#7030A0", "#BF9000", "#595959")
_SCOPE_COLOURS = {1: "#1F4E79", 2: "#2E75B6", 3: "#9DC3E6"}
_TOTAL_COLOURS = {"BASIC": "#1F4E79", "BASIC+": "#2E75B6", "territorial": "#C55A11"}
# chart grid on the overview: column of the left and right charts, rows of the three bands
_CHART_COL = (4, 12)
_CHART_ROW = (3, 20, 37)


class _Formats:
    def __init__(self, wb: Any):
        self.title = wb.add_format({"bold": True, "font_size": 16, "font_color": "#1F4E79"})
        self.subtitle = wb.add_format({"italic": True, "font_color": "#595959"})
        self.section = wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E79", "bottom": 2,
                                      "bottom_color": "#1F4E79"})
        self.head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                                   "valign": "top"})
        self.big = wb.add_format({"bold": True, "font_size": 12, "num_format": "#,##0"})
        self.mt = wb.add_format({"bold": True, "font_size": 12, "num_format": '0.00 "Mt"',
                                 "font_color": "#1F4E79"})
        self.int = wb.add_format({"num_format": "#,##0"})
        self.pct = wb.add_format({"num_format": "0.0%"})
        self.note = wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
        self.text = wb.add_format({"text_wrap": True, "valign": "top"})
        self.warn = wb.add_format({"font_color": "#C00000", "text_wrap": True, "valign": "top"})
        self.num2 = wb.add_format({"num_format": "0.00"})
        self.cache: dict[str, Any] = {}
        self.wb = wb

    def cached(self, key: str, props: dict[str, Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = self.wb.add_format(props)
        return self.cache[key]

    def number(self, num_format: str, bold: bool = False) -> Any:
        key = f"{num_format}|{bold}"
        if key not in self.cache:
            self.cache[key] = self.wb.add_format({"num_format": num_format, "bold": bold})
        return self.cache[key]


def _quality(w: Any, inv: Inventory) -> Any:
    """Per-record ratings of ``inv``, computed once per workbook written."""
    got = getattr(w, "_report_quality", None)
    if got is None or got[0] is not inv:
        got = (inv, quality.records(inv.emissions))
        w._report_quality = got
    return got[1]


def _formats(w: Any) -> _Formats:
    f = getattr(w, "_report_formats", None)
    if f is None:
        f = _Formats(w.wb)
        w._report_formats = f
    return f


# ------------------------------------------------------------------------------------- overview
def write_overview(w: Any, ws: Any, inv: Inventory, lang: str, sheets: dict[str, Any] | None = None) -> None:
    """The first sheet: title, key figures (totals, per capita, per GDP), data of the charts and 5 charts.

    Charts (native Excel): the three totals; BASIC+ by sector; BASIC+ by scope; by gas; the ten
    largest sub-sectors. Their data sit on this sheet under the key figures, so the numbers a chart
    shows can always be read.
    """
    f = _formats(w)
    _overview_title(ws, f, inv, lang)
    r = _key_figures(w, ws, f, inv, lang, 3)
    data, tables = _chart_data(ws, f, inv, lang, r)
    ws.set_column(0, 0, 46)
    ws.set_column(1, 1, 17)
    ws.set_column(2, 2, 11)
    ws.set_column(3, 3, 2)
    _charts(w, ws, inv, lang, data, tables)
    ws.hide_gridlines(2)


def _overview_title(ws: Any, f: _Formats, inv: Inventory, lang: str) -> None:
    """Rows 1–2: the city and year; GPC, GWP set, factor sets, population and GDP."""
    s = inv.settings
    city = s.name or ""
    ws.write_string(0, 0, label("text.inventory_title", lang, city=city, year=str(s.year)).strip(" —"), f.title)
    parts = [label("text.subtitle_gpc", lang), f"GWP {inv.gwp}",
             label("text.subtitle_factors", lang, factors=" → ".join(inv.factor_set.chain) if inv.factor_set
                   else str(s.factors))]
    if s.population:
        parts.append(label("text.subtitle_population", lang, population=f"{float(s.population):,.0f}"))
    if s.gdp:
        parts.append(f"GDP {s.gdp}")
    ws.write_string(1, 0, " · ".join(parts), f.subtitle)


def _key_figures(w: Any, ws: Any, f: _Formats, inv: Inventory, lang: str, r: int) -> int:
    """The key figures from row ``r``: the totals (t and Mt), the intensities, the biogenic CO2 memo,
    the overall data quality, the missing BASIC rows and the biogenic note; returns the next free row."""
    ws.write_string(r, 0, label("text.key_figures", lang), f.section)
    ws.write_string(r, 1, label("unit.t_co2e", lang), f.section)
    ws.write_string(r, 2, "", f.section)
    r += 1
    for k, tot in inv.totals().items():
        ws.write_string(r, 0, label(f"total.{k}", lang))
        ws.write_number(r, 1, float(tot), f.big)
        ws.write_number(r, 2, float(tot) / 1e6, f.mt)
        r += 1
    for text, value, fmt in common.intensities(inv, lang):
        ws.write_string(r, 0, text)
        ws.write_number(r, 1, value, f.number(fmt, bold=True))
        r += 1
    bio = float(inv.emissions.loc[inv.emissions["biogenic"].astype(bool), "emissions_t"].sum())
    ws.write_string(r, 0, label("text.biogenic_memo", lang))
    ws.write_number(r, 1, bio, f.int)
    r += 1
    score, rating = quality.overall(inv, _quality(w, inv))
    ws.write_string(r, 0, label("text.quality_overall", lang))
    if rating:
        ws.write_string(r, 1, f"{rating} ({score:.2f})")
    r += 1
    missing = inv.completeness()
    ws.write_string(r, 0, label("text.missing_basic", lang), f.text)
    if missing:
        ws.merge_range(r, 1, r, 2, f"{len(missing)}: {', '.join(missing)}", f.warn)
        ws.set_row(r, 15 * max(2, -(-len(missing) // 3)))
    else:
        ws.write_string(r, 1, label("text.none", lang))
    r += 1
    ws.merge_range(r, 0, r, 2, label("text.biogenic_note", lang), f.note)
    ws.set_row(r, 45)
    return r + 2


def _chart_data(ws: Any, f: _Formats, inv: Inventory, lang: str,
                r: int) -> tuple[dict[str, pd.DataFrame], dict[str, tuple[int, int]]]:
    """The data of the five charts as small tables from row ``r`` (the totals with their 95 % intervals
    when computed); returns each chart's data (``label``, ``co2e_t``) and its first and last rows."""
    from gpc.reports.uncertainty import write_overview_intervals

    ws.write_string(r, 0, label("text.chart_data", lang), f.section)
    ws.write_string(r, 1, "", f.section)
    ws.write_string(r, 2, "", f.section)
    r += 1
    tables: dict[str, tuple[int, int]] = {}
    t_co2e = label("unit.t_co2e", lang)
    tot = pd.DataFrame({"label": [label(f"total.{k}", lang) for k in taxonomy.TOTALS],
                        "co2e_t": [float(v) for v in inv.totals().values()]})
    r, tables["totals"] = _table(ws, f, r, label("chart.totals", lang), tot, share=False, unit=t_co2e)
    write_overview_intervals(ws, tables["totals"][0], inv, lang)       # 95 % intervals when computed
    sec = common.by_sector(inv, "BASIC+", lang)
    sec = pd.DataFrame({"label": [f"{a} {b}" for a, b in zip(sec["sector_ref"], sec["sector"])],
                        "co2e_t": sec["co2e_t"]})
    r, tables["sector"] = _table(ws, f, r, label("chart.by_sector", lang), sec, unit=t_co2e)
    sc = common.by_scope(inv, "BASIC+")
    sc = pd.DataFrame({"label": [label(f"scope.{k}", lang) for k in sc.index], "co2e_t": sc.to_numpy()})
    r, tables["scope"] = _table(ws, f, r, label("chart.by_scope", lang), sc, unit=t_co2e)
    g = common.by_gas(inv, "BASIC+")
    g = pd.DataFrame({"label": g["gas"], "co2e_t": g["co2e_t"]})
    g = g[g["co2e_t"].abs() > 0].reset_index(drop=True)
    r, tables["gas"] = _table(ws, f, r, label("chart.by_gas", lang), g, unit=t_co2e)
    top = common.top_subsectors(inv, 10, "BASIC+", lang)
    top = pd.DataFrame({"label": top["label"], "co2e_t": top["co2e_t"]})
    r, tables["top"] = _table(ws, f, r, label("chart.top10", lang), top,
                              total=float(inv.total("BASIC+")), unit=t_co2e)
    return {"totals": tot, "sector": sec, "scope": sc, "gas": g, "top": top}, tables


_CHART_TITLES = {"totals": "chart.totals", "sector": "chart.by_sector", "scope": "chart.by_scope",
                 "gas": "chart.by_gas", "top": "chart.top10"}


def _charts(w: Any, ws: Any, inv: Inventory, lang: str, data: dict[str, pd.DataFrame],
            tables: dict[str, tuple[int, int]]) -> None:
    """The five charts (kind, place in the grid, colours) over their tables; a chart without data is
    left out."""
    charts: list[tuple[str, str, tuple[int, int], dict[str, Any]]] = [
        ("totals", "column", (0, 0), {"points": [{"fill": {"color": _TOTAL_COLOURS[k]}} for k in taxonomy.TOTALS]}),
        ("sector", "bar", (0, 1), {"points": [{"fill": {"color": _PALETTE[i % len(_PALETTE)]}}
                                              for i in range(len(data["sector"]))]}),
        ("scope", "pie", (1, 0), {"points": [{"fill": {"color": _SCOPE_COLOURS.get(k, "#BFBFBF")}}
                                             for k in common.by_scope(inv, "BASIC+").index]}),
        ("gas", "column", (1, 1), {"points": [{"fill": {"color": _PALETTE[i % len(_PALETTE)]}}
                                              for i in range(len(data["gas"]))]}),
        ("top", "bar", (2, 0), {"fill": {"color": "#2E75B6"}}),
    ]
    for key, kind, (band, side), style in charts:
        first, last = tables[key]
        if last < first:
            continue
        ch = _chart(w, ws.name, inv, lang, key, kind, (first, last), data[key]["co2e_t"], style)
        opts = {"x_scale": 1.0, "y_scale": 1.1, "object_position": 2}
        if key == "top":
            opts = {"x_scale": 2.05, "y_scale": 1.25, "object_position": 2}
        ws.insert_chart(_CHART_ROW[band], _CHART_COL[side], ch, opts)


def _chart(w: Any, sheet: str, inv: Inventory, lang: str, key: str, kind: str, rows: tuple[int, int],
           plotted: pd.Series, style: dict[str, Any]) -> Any:
    """One chart over the table in ``rows`` of ``sheet``: its series (error bars on the totals when the
    uncertainty was computed), title, legend and value axis."""
    from gpc.reports.uncertainty import totals_error_bars

    first, last = rows
    # the scale from the magnitude (Mt, kt or t: a small city is not "0.0M"); the value axis from zero
    _, _, axis_format, label_format = common.value_scale(plotted)
    ch = w.wb.add_chart({"type": kind})
    series: dict[str, Any] = {
        "name": label(_CHART_TITLES[key], lang),
        "categories": [sheet, first, 0, last, 0],
        "values": [sheet, first, 1, last, 1],
        "data_labels": ({"percentage": True, "category": False, "leader_lines": True}
                        if kind == "pie" else {"value": True, "num_format": label_format}),
        **style,
    }
    if key == "totals" and totals_error_bars(inv):
        series["y_error_bars"] = totals_error_bars(inv)
    ch.add_series(series)
    ch.set_title({"name": label(_CHART_TITLES[key], lang), "name_font": {"size": 11, "bold": True}})
    if kind == "pie":
        ch.set_legend({"position": "right"})
    else:
        ch.set_legend({"none": True})
        axis = ch.set_y_axis if kind == "column" else ch.set_x_axis
        axis({"num_format": axis_format, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
              **({"min": 0} if float(plotted.min()) >= 0 else {})})
        if kind == "bar":
            ch.set_y_axis({"reverse": True})
    ch.set_chartarea({"border": {"color": "#BFBFBF"}})
    return ch


def _table(ws: Any, f: _Formats, r: int, title: str, df: pd.DataFrame, share: bool = True,
           total: float | None = None, unit: str = "t CO2e") -> tuple[int, tuple[int, int]]:
    """A small two- or three-column table (label, t CO2e, share); returns next row and the data rows."""
    ws.write_string(r, 0, title, f.head)
    ws.write_string(r, 1, unit, f.head)
    ws.write_string(r, 2, "%", f.head)
    first = r + 1
    denom = total if total is not None else float(df["co2e_t"].sum()) if len(df) else 0.0
    for i, (lab, v) in enumerate(zip(df["label"], df["co2e_t"])):
        ws.write_string(first + i, 0, str(lab))
        ws.write_number(first + i, 1, float(v), f.int)
        if share and denom:
            ws.write_number(first + i, 2, float(v) / denom, f.pct)
    last = first + len(df) - 1
    return last + 2, (first, last)


# ---------------------------------------------------------------------------------- data quality
def write_quality(w: Any, ws: Any, inv: Inventory, lang: str) -> None:
    """The Data quality sheet: one row per GPC row, the missing BASIC rows, and the rating rule."""
    f = _formats(w)
    work = _quality(w, inv)
    q = quality.quality_table(inv, lang, work)
    score, rating = quality.overall(inv, work)
    ws.write_string(0, 0, label("text.quality_title", lang), f.title)
    ws.merge_range(1, 0, 1, 2, label("text.quality_overall", lang))
    if rating:
        ws.write_string(1, 4, f"{rating} ({score:.2f})", f.head)
    cols = ["gpc_ref", "subsector", "name", "scope", "levels", "notation_key", "co2e_t", "activity_quality",
            "factor_quality", "method", "score", "rating", "status"]
    heads = [label(f"col.{c}", lang) for c in cols]
    r0 = 3
    for j, h in enumerate(heads):
        ws.write_string(r0, j, h, f.head)
    ws.set_row(r0, 45)
    _quality_rows(ws, f, q, cols, r0, lang)
    end = r0 + len(q)
    ws.autofilter(r0, 0, end, len(cols) - 1)
    ws.freeze_panes(r0 + 1, 1)
    for j, width in enumerate((9, 28, 52, 6, 24, 9, 14, 10, 10, 32, 8, 7, 16)):
        ws.set_column(j, j, width)
    r = end + 2
    ws.write_string(r, 0, label("text.missing_basic", lang), f.section)
    r += 1
    from gpc.reports.cells import write_missing_basic

    r = write_missing_basic(ws, r, inv, lang, f.warn) + 1
    ws.write_string(r, 0, label("text.quality_rule_title", lang), f.section)
    for line in label("text.quality_rule", lang).split("|"):
        r += 1
        ws.merge_range(r, 1, r, len(cols) - 1, line.strip(), f.text)
        ws.set_row(r, 15 * (1 + len(line) // (70 if lang == "zh" else 140)))


def _quality_rows(ws: Any, f: _Formats, q: pd.DataFrame, cols: list[str], r0: int, lang: str) -> None:
    """The rows of the Data quality table under the header row ``r0``; a row as high as its longest
    wrapped text."""
    top = f.cached("top", {"valign": "top"})
    wrap = f.cached("wrap", {"valign": "top", "text_wrap": True})
    fmt = {"co2e_t": f.cached("top_int", {"valign": "top", "num_format": "#,##0"}),
           "score": f.cached("top_num2", {"valign": "top", "num_format": "0.00"}),
           "name": wrap, "subsector": wrap, "method": wrap}
    warn = f.cached("top_warn", {"valign": "top", "font_color": "#C00000"})
    chars = {"name": 50, "subsector": 27, "method": 31} if lang != "zh" else {"name": 24, "subsector": 13,
                                                                              "method": 31}
    for i, rec in enumerate(q[cols].itertuples(index=False), start=r0 + 1):
        lines = 1
        for j, (c, v) in enumerate(zip(cols, rec)):
            if c == "status":
                ws.write_string(i, j, label(f"status.{v}", lang), warn if v == "missing" else top)
            elif c in ("co2e_t", "score"):
                if isinstance(v, float) and not np.isnan(v):
                    ws.write_number(i, j, v, fmt[c])
            elif c == "scope":
                ws.write_number(i, j, int(v), top)
            else:
                text = "" if v is None else str(v)
                ws.write_string(i, j, text, fmt.get(c, top))
                if c in chars:
                    lines = max(lines, -(-len(text) // chars[c]))
        if lines > 1:
            ws.set_row(i, 15 * lines)


# ---------------------------------------------------------------------------------- page setup
def page_setup(sheets: dict[str, Any], inv: Inventory, lang: str) -> None:
    """Printing: landscape, one page wide (A4; A3 for the wide reporting table and audit trail), header
    row repeated, a footer with city, year, sheet and page; the overview on one page."""
    s = inv.settings
    footer = f"&L{_esc(s.name or '')} {s.year}&C&A&R&P / &N"
    for key, ws in sheets.items():
        ws.set_paper(8 if key in ("report", "audit") else 9)   # the wide tables on A3
        ws.set_landscape()
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.set_footer(footer)
        if key == "overview":
            ws.fit_to_pages(1, 1)
            ws.center_horizontally()
        else:
            ws.fit_to_pages(1, 0)
        if key in ("report", "audit"):
            ws.repeat_rows(0)
        elif key == "quality":
            ws.repeat_rows(3)


def _esc(text: str) -> str:
    return text.replace("&", "&&")
