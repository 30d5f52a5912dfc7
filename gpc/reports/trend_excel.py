"""The trend workbook: sheets Trend (one row per year, the peak, line charts), By sector, By GPC row and
Recalculation (what changed between years)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc.i18n import label
from gpc.reports.common import atomic_output, write_table, xlsx_workbook

if TYPE_CHECKING:
    from gpc.trend import Trend

__all__ = ["write_trend"]

_COLOURS = ("#1F4E79", "#C55A11", "#548235", "#7030A0", "#BF9000", "#2E75B6", "#595959")


def write_trend(trend: Trend, path: Path, *, lang: str = "en") -> Path:
    """Write the trend workbook of ``trend`` to ``path`` (atomically)."""
    table = trend.table()
    peak = trend.peak()
    rec = trend.recalculation()
    first = trend.inventories[trend.years[0]]
    with atomic_output(path) as tmp:
        wb = xlsx_workbook(tmp)
        wb.set_properties({"title": f"GPC trend {first.settings.name or ''} {trend.years[0]}–{trend.years[-1]}",
                           "author": "gpc"})
        f = _formats(wb)
        ws = wb.add_worksheet("Trend")
        ws.write_string(0, 0, f"{first.settings.name or ''} — GPC trend {trend.years[0]}–{trend.years[-1]}"
                        .strip(" —"), f["title"])
        ws.write_string(1, 0, "t CO2e; biogenic CO2 in no total; a change is shown only between years with "
                              "the same GWP set", f["sub"])
        r0, last = _trend_table(ws, f, table, lang)
        r = _verdict(ws, f, peak, len(rec), last + 2)
        ws.set_column(0, 0, 8)
        ws.set_column(1, 4, 15)
        ws.set_column(5, 8, 13)
        ws.set_column(9, 9, 7)
        ws.set_column(10, 10, 16)
        ws.set_column(11, 11, 30)
        ws.freeze_panes(r0 + 1, 1)
        sec = trend.by_sector()
        ws2 = _sector_sheet(wb, sec)
        _charts(wb, ws, table, sec, (r0, last), r)
        ws3 = _row_sheet(wb, trend)
        ws4 = _recalculation_sheet(wb, rec)
        unc = getattr(trend, "uncertainty_result", None)         # Trend.uncertainty() was run
        if unc is not None:
            ws5 = wb.add_worksheet("Trend uncertainty")
            write_table(wb, ws5, unc, ["Total", "Base year", "Year", "Base t CO2e", "Current t CO2e", "Change t",
                                       "Change %", "± percentage points (95 %)", "Trend from %", "Trend to %",
                                       "Larger than its uncertainty", "Approach"])
            ws5.set_column(0, 11, 16)
        for sheet in (ws, ws2, ws3, ws4):
            sheet.set_landscape()
            sheet.set_paper(9)
            sheet.fit_to_pages(1, 0)
        wb.close()
    return path


def _formats(wb: Any) -> dict[str, Any]:
    """The cell formats of the Trend sheet, by name."""
    return {
        "title": wb.add_format({"bold": True, "font_size": 16, "font_color": "#1F4E79"}),
        "sub": wb.add_format({"italic": True, "font_color": "#595959"}),
        "head": wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                               "valign": "top"}),
        "int": wb.add_format({"num_format": "#,##0"}),
        "pct": wb.add_format({"num_format": '+0.0"%";-0.0"%";0.0"%"'}),
        "2": wb.add_format({"num_format": "0.00"}),
        "1": wb.add_format({"num_format": "#,##0.0"}),
        "warn": wb.add_format({"font_color": "#C00000"}),
        "bold": wb.add_format({"bold": True}),
    }


def _trend_table(ws: Any, f: dict[str, Any], table: pd.DataFrame, lang: str) -> tuple[int, int]:
    """One row per year from row 4: totals, change, intensities, GWP and factor set, what changed;
    returns the header row and the last row (0-based)."""
    cols = ["year", "BASIC", "BASIC+", "territorial", "BASIC_change_t", "BASIC_change_pct",
            "per_capita_BASIC", "per_capita_BASIC+", "per_million_gdp_BASIC", "gwp", "factors", "changed"]
    heads = ["Year", label("total.BASIC", lang), label("total.BASIC+", lang), label("total.territorial", lang),
             "BASIC change (t)", "BASIC change (%)", "t CO2e per resident (BASIC)",
             "t CO2e per resident (BASIC+)", "BASIC t CO2e per million GDP", "GWP", "Factor set",
             "Changed since the previous year (see Recalculation)"]
    fmts = [None, f["int"], f["int"], f["int"], f["int"], f["pct"], f["2"], f["2"], f["1"], None, None, f["warn"]]
    r0 = 3
    for j, h in enumerate(heads):
        ws.write_string(r0, j, h, f["head"])
    ws.set_row(r0, 45)
    t = table.reset_index()
    for i, rec_row in enumerate(t[cols].itertuples(index=False), start=r0 + 1):
        for j, (v, fmt) in enumerate(zip(rec_row, fmts)):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            if isinstance(v, (int, float, np.integer, np.floating)):
                ws.write_number(i, j, float(v), fmt)
            else:
                ws.write_string(i, j, str(v), fmt)
    return r0, r0 + len(t)


def _verdict(ws: Any, f: dict[str, Any], peak: dict[str, Any], n_changes: int, r: int) -> int:
    """Under the table (row ``r``): the peak so far, and whether a recalculation may be needed; returns
    the row of the last line."""
    verdict = (f"Peak so far (BASIC): {peak['year']}, {peak['value']:,.0f} t CO2e. "
               + (f"{peak['latest_year']} is {peak['below_peak_pct']:.1f}% below the peak."
                  if peak["peaked"] else f"{peak['latest_year']} is the highest year so far: no peak yet."))
    if not peak["comparable"]:
        verdict += " The years use different GWP sets: recompute them with one set to compare."
    ws.write_string(r, 0, verdict, f["bold"])
    r += 1
    if n_changes:
        ws.write_string(r, 0, f"{n_changes} change(s) of factors or methods between years: a recalculation "
                              "may be needed (sheet Recalculation).", f["warn"])
    else:
        ws.write_string(r, 0, "All years were computed with the same factor set, GWP set, methods and "
                              "factor values.")
    return r


def _sector_sheet(wb: Any, sec: pd.DataFrame) -> Any:
    """The By sector sheet: BASIC+ per sector and year (the data of the sector chart)."""
    ws2 = wb.add_worksheet("By sector")
    write_table(wb, ws2, sec.reset_index(), ["Year", *sec.columns], numeric=tuple(sec.columns),
                number_format="#,##0")
    ws2.set_column(0, 0, 8)
    ws2.set_column(1, len(sec.columns), 22)
    ws2.freeze_panes(1, 1)
    return ws2


def _charts(wb: Any, ws: Any, table: pd.DataFrame, sec: pd.DataFrame, rows: tuple[int, int], r: int) -> None:
    """Line charts on the Trend sheet under the verdict (from row ``r``), two a band: the totals, BASIC+
    by sector, and the totals per resident when the population is known."""
    from gpc.reports.common import value_scale

    r0, last = rows
    cats = ["Trend", r0 + 1, 0, last, 0]
    charts = []
    ch = wb.add_chart({"type": "line"})
    for j, _k in enumerate(("BASIC", "BASIC+", "territorial"), start=1):
        ch.add_series({"name": ["Trend", r0, j], "categories": cats, "values": ["Trend", r0 + 1, j, last, j],
                       "marker": {"type": "circle", "size": 6},
                       "line": {"color": _COLOURS[j - 1], "width": 2.25},
                       "marker_fill": {"color": _COLOURS[j - 1]}})
    ch.set_title({"name": "GPC totals (t CO2e)", "name_font": {"size": 11}})
    charts.append(ch)
    ch2 = wb.add_chart({"type": "line"})
    for j, _col in enumerate(sec.columns, start=1):
        ch2.add_series({"name": ["By sector", 0, j], "categories": ["By sector", 1, 0, len(sec), 0],
                        "values": ["By sector", 1, j, len(sec), j], "marker": {"type": "circle", "size": 5},
                        "line": {"color": _COLOURS[(j - 1) % len(_COLOURS)], "width": 2}})
    ch2.set_title({"name": "BASIC+ by sector (t CO2e)", "name_font": {"size": 11}})
    charts.append(ch2)
    if table["per_capita_BASIC"].notna().any():
        ch3 = wb.add_chart({"type": "line"})
        for j, _col in ((6, "BASIC"), (7, "BASIC+")):
            ch3.add_series({"name": ["Trend", r0, j], "categories": cats,
                            "values": ["Trend", r0 + 1, j, last, j], "marker": {"type": "circle", "size": 6}})
        ch3.set_title({"name": "t CO2e per resident", "name_font": {"size": 11}})
        charts.append(ch3)
    plotted = [table[["BASIC", "BASIC+", "territorial"]], sec, table[["per_capita_BASIC", "per_capita_BASIC+"]]]
    for i, c in enumerate(charts):
        c.set_legend({"position": "bottom"})
        values = plotted[i].to_numpy(dtype=float)
        low = float(np.nanmin(values)) if np.isfinite(values).any() else 0.0
        # Mt, kt or t from the magnitude; the value axis from zero (a line chart would start near the data)
        c.set_y_axis({"num_format": value_scale(values)[2] if i < 2 else "0.0",
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                      **({"min": 0} if low >= 0 else {})})
        c.set_x_axis({"num_format": "0"})
        ws.insert_chart(r + 3 + 21 * (i // 2), 0 if i % 2 == 0 else 7, c, {"x_scale": 1.2, "y_scale": 1.35})


def _row_sheet(wb: Any, trend: Trend) -> Any:
    """The By GPC row sheet: t CO2e per GPC row and year."""
    rows = trend.by_row()
    ws3 = wb.add_worksheet("By GPC row")
    write_table(wb, ws3, rows.reset_index(), ["GPC ref", *[str(y) for y in rows.columns]],
                numeric=tuple(rows.columns), number_format="#,##0.00")
    ws3.set_column(0, 0, 9)
    ws3.set_column(1, len(rows.columns), 16)
    ws3.freeze_panes(1, 1)
    return ws3


def _recalculation_sheet(wb: Any, rec: pd.DataFrame) -> Any:
    """The Recalculation sheet: each change of factors, GWP set or methods between years (or that there
    is none)."""
    ws4 = wb.add_worksheet("Recalculation")
    if len(rec):
        write_table(wb, ws4, rec, ["From", "To", "What changed", "Detail"])
    else:
        ws4.write_string(0, 0, "No change of factor set, GWP set, methods or factor values between years.")
    ws4.set_column(0, 1, 8)
    ws4.set_column(2, 2, 14)
    ws4.set_column(3, 3, 100)
    return ws4
