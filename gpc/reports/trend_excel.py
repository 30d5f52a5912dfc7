"""The trend workbook: sheets Trend (one row per year, the peak, line charts), By sector, By GPC row,
Recalculation (what changed between years) and, after ``Trend.uncertainty``, Trend uncertainty; every sheet
name, header and text in English or Chinese (``lang``, labels ``trend.*`` of ``gpc/data/labels.csv``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.i18n import check_lang, label
from gpc.reports.common import atomic_output, write_table, xlsx_workbook

if TYPE_CHECKING:
    from gpc.trend import Trend

__all__ = ["write_trend"]

_COLOURS = ("#1F4E79", "#C55A11", "#548235", "#7030A0", "#BF9000", "#2E75B6", "#595959")


def write_trend(trend: Trend, path: Path, *, lang: str = "en") -> Path:
    """Write the trend workbook of ``trend`` to ``path`` (atomically), in ``lang`` (``en`` or ``zh``)."""
    check_lang(lang)
    table = trend.table()
    peak = trend.peak()
    rec = trend.recalculation(lang=lang)
    first = trend.inventories[trend.years[0]]
    name = first.settings.name or ""
    span = {"first": str(trend.years[0]), "last": str(trend.years[-1])}
    with atomic_output(path) as tmp:
        wb = xlsx_workbook(tmp)
        wb.set_properties({"title": label("trend.doc_title", lang, name=name, **span).replace("  ", " "),
                           "author": "gpc"})
        f = _formats(wb)
        ws = wb.add_worksheet(label("trend.sheet.trend", lang))
        title = label("trend.title", lang, name=name, **span) if name else label("trend.title_noname", lang, **span)
        ws.write_string(0, 0, title, f["title"])
        ws.write_string(1, 0, label("trend.sub", lang), f["sub"])
        r0, last = _trend_table(ws, f, table, lang)
        r = _verdict(ws, f, peak, len(rec), last + 2, lang)
        ws.set_column(0, 0, 8)
        ws.set_column(1, 4, 15)
        ws.set_column(5, 8, 13)
        ws.set_column(9, 9, 7)
        ws.set_column(10, 10, 16)
        ws.set_column(11, 11, 30)
        ws.freeze_panes(r0 + 1, 1)
        sec = _sector_names(trend.by_sector(), lang)
        ws2 = _sector_sheet(wb, sec, lang)
        _charts(wb, ws, table, sec, (r0, last), r, lang)
        ws3 = _row_sheet(wb, trend, lang)
        ws4 = _recalculation_sheet(wb, rec, lang)
        unc = getattr(trend, "uncertainty_result", None)         # Trend.uncertainty() was run
        if unc is not None:
            ws5 = wb.add_worksheet(label("trend.sheet.uncertainty", lang))
            if lang != "en":                                     # English keeps the keys BASIC, BASIC+, territorial
                unc = unc.assign(total=[label(f"total.{t}", lang) for t in unc["total"]])
            write_table(wb, ws5, unc, [label(f"trend.unc.col.{c}", lang) for c in unc.columns])
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
    heads = [label(f"total.{c}", lang) if c in taxonomy.TOTALS else label(f"trend.col.{c}", lang) for c in cols]
    fmts = [None, f["int"], f["int"], f["int"], f["int"], f["pct"], f["2"], f["2"], f["1"], None, None, f["warn"]]
    r0 = 3
    for j, h in enumerate(heads):
        ws.write_string(r0, j, h, f["head"])
    ws.set_row(r0, 45)
    t = table.reset_index()
    if lang != "en":                                    # the kinds of change, named in the language
        t["changed"] = ["、".join(label(f"trend.kind.{k}", lang) for k in str(v).split(", ")) if v else v
                        for v in t["changed"]]
    for i, rec_row in enumerate(t[cols].itertuples(index=False), start=r0 + 1):
        for j, (v, fmt) in enumerate(zip(rec_row, fmts)):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            if isinstance(v, (int, float, np.integer, np.floating)):
                ws.write_number(i, j, float(v), fmt)
            else:
                ws.write_string(i, j, str(v), fmt)
    return r0, r0 + len(t)


def _verdict(ws: Any, f: dict[str, Any], peak: dict[str, Any], n_changes: int, r: int, lang: str = "en") -> int:
    """Under the table (row ``r``): the peak so far, and whether a recalculation may be needed; returns
    the row of the last line."""
    sep = "" if lang == "zh" else " "
    latest = str(peak["latest_year"])
    verdict = (label("trend.peak", lang, year=str(peak["year"]), value=f"{peak['value']:,.0f}") + sep
               + (label("trend.below_peak", lang, latest=latest, pct=f"{peak['below_peak_pct']:.1f}")
                  if peak["peaked"] else label("trend.no_peak", lang, latest=latest)))
    if not peak["comparable"]:
        verdict += sep + label("trend.gwp_differ", lang)
    ws.write_string(r, 0, verdict, f["bold"])
    r += 1
    if n_changes:
        ws.write_string(r, 0, label("trend.changes", lang, n=str(n_changes)), f["warn"])
    else:
        ws.write_string(r, 0, label("trend.no_changes", lang))
    return r


def _sector_names(sec: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``sec`` with its columns (``I Stationary Energy`` …) named in ``lang`` (``I 固定能源``, the GPC terms)."""
    if lang != "zh":
        return sec
    zh = taxonomy.table().drop_duplicates("sector_ref").set_index("sector_ref")["sector_zh"]
    return sec.set_axis([f"{c.split(' ')[0]} {zh.get(c.split(' ')[0], c)}" for c in sec.columns], axis=1)


def _sector_sheet(wb: Any, sec: pd.DataFrame, lang: str = "en") -> Any:
    """The By sector sheet: BASIC+ per sector and year (the data of the sector chart)."""
    ws2 = wb.add_worksheet(label("trend.sheet.by_sector", lang))
    write_table(wb, ws2, sec.reset_index(), [label("trend.col.year", lang), *sec.columns], numeric=tuple(sec.columns),
                number_format="#,##0")
    ws2.set_column(0, 0, 8)
    ws2.set_column(1, len(sec.columns), 22)
    ws2.freeze_panes(1, 1)
    return ws2


def _charts(wb: Any, ws: Any, table: pd.DataFrame, sec: pd.DataFrame, rows: tuple[int, int], r: int,
            lang: str = "en") -> None:
    """Line charts on the Trend sheet under the verdict (from row ``r``), two a band: the totals, BASIC+
    by sector, and the totals per resident when the population is known."""
    from gpc.reports.common import value_scale

    r0, last = rows
    sheet, by_sector = label("trend.sheet.trend", lang), label("trend.sheet.by_sector", lang)
    cats = [sheet, r0 + 1, 0, last, 0]
    charts = []
    ch = wb.add_chart({"type": "line"})
    for j, _k in enumerate(("BASIC", "BASIC+", "territorial"), start=1):
        ch.add_series({"name": [sheet, r0, j], "categories": cats, "values": [sheet, r0 + 1, j, last, j],
                       "marker": {"type": "circle", "size": 6},
                       "line": {"color": _COLOURS[j - 1], "width": 2.25},
                       "marker_fill": {"color": _COLOURS[j - 1]}})
    ch.set_title({"name": label("trend.chart.totals", lang), "name_font": {"size": 11}})
    charts.append(ch)
    ch2 = wb.add_chart({"type": "line"})
    for j, _col in enumerate(sec.columns, start=1):
        ch2.add_series({"name": [by_sector, 0, j], "categories": [by_sector, 1, 0, len(sec), 0],
                        "values": [by_sector, 1, j, len(sec), j], "marker": {"type": "circle", "size": 5},
                        "line": {"color": _COLOURS[(j - 1) % len(_COLOURS)], "width": 2}})
    ch2.set_title({"name": label("trend.chart.sectors", lang), "name_font": {"size": 11}})
    charts.append(ch2)
    if table["per_capita_BASIC"].notna().any():
        ch3 = wb.add_chart({"type": "line"})
        for j, _col in ((6, "BASIC"), (7, "BASIC+")):
            ch3.add_series({"name": [sheet, r0, j], "categories": cats,
                            "values": [sheet, r0 + 1, j, last, j], "marker": {"type": "circle", "size": 6}})
        ch3.set_title({"name": label("trend.chart.per_capita", lang), "name_font": {"size": 11}})
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


def _row_sheet(wb: Any, trend: Trend, lang: str = "en") -> Any:
    """The By GPC row sheet: t CO2e per GPC row and year."""
    rows = trend.by_row()
    ws3 = wb.add_worksheet(label("trend.sheet.by_row", lang))
    write_table(wb, ws3, rows.reset_index(), [label("trend.col.gpc_ref", lang), *[str(y) for y in rows.columns]],
                numeric=tuple(rows.columns), number_format="#,##0.00")
    ws3.set_column(0, 0, 9)
    ws3.set_column(1, len(rows.columns), 16)
    ws3.freeze_panes(1, 1)
    return ws3


def _recalculation_sheet(wb: Any, rec: pd.DataFrame, lang: str = "en") -> Any:
    """The Recalculation sheet: each change of factors, GWP set or methods between years (or that there
    is none)."""
    ws4 = wb.add_worksheet(label("trend.sheet.recalculation", lang))
    if len(rec):
        rec = rec.assign(kind=[label(f"trend.kind.{k}", lang) for k in rec["kind"]])
        write_table(wb, ws4, rec, [label(f"trend.col.{c}", lang) for c in rec.columns])
    else:
        ws4.write_string(0, 0, label("trend.rec_none", lang))
    ws4.set_column(0, 1, 8)
    ws4.set_column(2, 2, 14)
    ws4.set_column(3, 3, 100)
    return ws4
