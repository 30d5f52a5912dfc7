"""The pathway workbook: BAU vs scenarios by year and sector, wedges, peak and gap, drivers and actions
as given, with native Excel charts (xlsxwriter): a stacked wedge chart per scenario and a line chart of
BAU, the scenarios and the targets with each scenario's peak marked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc.i18n import check_lang, label

if TYPE_CHECKING:  # pragma: no cover
    from gpc.pathways.project import Pathway

__all__ = ["write_pathway"]


def _l(key: str, lang: str) -> str:
    return label(key, lang)


def _col(name: str, lang: str) -> str:
    key = f"pathway.col.{name}"
    text = label(key, lang)
    return name if text == key else text


def _clean(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, (float, np.floating)) and not np.isfinite(v):
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if pd.isna(v) if not isinstance(v, (list, dict, tuple)) else False:
        return None
    return v


def _table(wb: Any, ws: Any, df: pd.DataFrame, lang: str, fmt: dict[str, Any], row0: int = 0,
           translate: bool = True) -> None:
    for j, c in enumerate(df.columns):
        ws.write(row0, j, _col(str(c), lang) if translate else str(c), fmt["head"])
        ws.set_column(j, j, max(12, min(40, len(str(c)) + 4)))
    values = df.to_numpy(dtype=object)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = _clean(values[i, j])
            if v is None:
                continue
            if isinstance(v, float):
                ws.write_number(row0 + 1 + i, j, v, fmt["num"])
            elif isinstance(v, (bool, int)):
                ws.write(row0 + 1 + i, j, v)
            else:
                ws.write_string(row0 + 1 + i, j, str(v))
    ws.freeze_panes(row0 + 1, 0)


def write_pathway(p: Pathway, path: str | Path, lang: str = "en") -> Path:
    """Write the pathway workbook to ``path`` (``lang``: ``en`` or ``zh`` sheet and column names)."""
    import xlsxwriter

    from gpc.io.atomic import atomic_path

    check_lang(lang)
    sheet = {k: _l(f"pathway.sheet.{k}", lang) for k in ("summary", "totals", "by_sector", "wedges", "peaks", "targets",
                                                         "gap", "grid", "drivers", "actions", "records", "notes")}
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": True})
        fmt = {"head": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
               "num": wb.add_format({"num_format": "#,##0.000"}), "bold": wb.add_format({"bold": True})}
        _summary_sheet(wb, p, sheet, lang, fmt)
        _totals_sheet(wb, p, sheet, lang, fmt)
        _wedges_sheet(wb, p, sheet, lang, fmt)
        _table(wb, wb.add_worksheet(sheet["by_sector"]),
               p.by_sector.pivot_table(index=["scenario", "year"], columns="sector", values="co2e_t",
                                       aggfunc="sum", fill_value=0.0).reset_index(), lang, fmt)
        _table(wb, wb.add_worksheet(sheet["gap"]), p.gap, lang, fmt)
        _table(wb, wb.add_worksheet(sheet["grid"]), p.grid, lang, fmt)
        _table(wb, wb.add_worksheet(sheet["drivers"]), p.drivers.drop(columns=["sheet"]), lang, fmt, translate=False)
        _table(wb, wb.add_worksheet(sheet["actions"]), p.actions.drop(columns=["sheet"]), lang, fmt, translate=False)
        if len(p.scenario_targets):
            ws_tt = wb.get_worksheet_by_name(sheet["targets"]) or wb.add_worksheet(sheet["targets"])
            _table(wb, ws_tt, p.scenario_targets.drop(columns=["sheet"]), lang, fmt, translate=False)
        _table(wb, wb.add_worksheet(f"{sheet['wedges']} ({_l('pathway.col.year', lang)})"), p.wedges.copy(), lang,
               fmt)
        _table(wb, wb.add_worksheet(sheet["records"]), records_by_row(p), lang, fmt, translate=False)
        ws_n = wb.add_worksheet(sheet["notes"])
        ws_n.set_column(0, 0, 140)
        for i, t in enumerate(p.notes):
            ws_n.write_string(i, 0, t)
        wb.close()
    return Path(path)


def _summary_sheet(wb: Any, p: Pathway, sheet: dict[str, str], lang: str, fmt: dict[str, Any]) -> None:
    """The summary: city, base year, horizon, total and base workbook; the peaks; the targets met or not."""
    ws = wb.add_worksheet(sheet["summary"])
    st = p.settings
    info = [("city", st.get("city")), ("base_year", st.get("base_year")), ("horizon", st.get("horizon")),
            ("total", st.get("total")), ("base", st.get("base"))]
    for i, (k, v) in enumerate(info):
        ws.write(i, 0, _l(f"pathway.summary.{k}", lang), fmt["bold"])
        if v is not None:
            ws.write(i, 1, v)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 8, 18)
    _table(wb, ws, p.peaks, lang, fmt, row0=len(info) + 1)
    r = len(info) + 3 + len(p.peaks)
    if len(p.targets):
        _table(wb, ws, p.targets, lang, fmt, row0=r)


def _totals_sheet(wb: Any, p: Pathway, sheet: dict[str, str], lang: str, fmt: dict[str, Any]) -> None:
    """The totals (one series: history + projection) with a target path column per target and a peak marker
    column per scenario, and the line chart of them."""
    ws_t = wb.add_worksheet(sheet["totals"])
    tot = p.totals.copy()
    tot["kind"] = tot["kind"].map(lambda k: _l(f"pathway.kind.{k}", lang))
    scen = p.scenarios
    # target path columns (one per target, drawn on the line chart)
    targets = list(dict.fromkeys(p.gap["target"])) if len(p.gap) else []
    first_scen = scen[0] if scen else None
    for t in targets:
        g = p.gap[(p.gap["target"] == t) & (p.gap["scenario"] == first_scen)].set_index("year")["target_path_t"]
        tot[f"{_l('pathway.chart.target', lang)}: {t}"] = tot["year"].map(g)
    # peak markers
    for s in scen:
        pk = p.peaks.set_index("scenario").loc[s]
        tot[f"{_l('pathway.chart.peak', lang)} {s}"] = np.where(tot["year"] == pk["peak_year"], tot[s], np.nan)
    _table(wb, ws_t, tot, lang, fmt)
    ws_t.insert_chart(1, len(tot.columns) + 1, _line_chart(wb, tot, scen, sheet["totals"], lang))


def _line_chart(wb: Any, tot: pd.DataFrame, scen: list[str], name_t: str, lang: str) -> Any:
    """BAU and the scenarios as lines, the targets dashed, each scenario's peak a labelled marker."""
    n = len(tot)
    line = wb.add_chart({"type": "line"})
    colours = ["#404040", "#2E75B6", "#70AD47", "#ED7D31", "#7030A0", "#C00000"]
    for j, c in enumerate(tot.columns):
        if c in ("year", "kind"):
            continue
        spec: dict[str, Any] = {"name": [name_t, 0, j], "categories": [name_t, 1, 0, n, 0],
                                "values": [name_t, 1, j, n, j]}
        if c in scen:
            spec["line"] = {"color": colours[scen.index(c) % len(colours)], "width": 2.25}
        elif str(c).startswith(_l("pathway.chart.peak", lang)):
            spec["line"] = {"none": True}
            spec["marker"] = {"type": "diamond", "size": 10}
            spec["data_labels"] = {"value": False, "series_name": True, "position": "above"}
        else:
            spec["line"] = {"dash_type": "dash", "color": "#C00000", "width": 1.5}
        line.add_series(spec)
    line.set_title({"name": _l("pathway.chart.lines", lang)})
    line.set_y_axis({"name": _l("pathway.chart.y", lang), "num_format": "#,##0"})
    line.set_x_axis({"interval_unit": 5})
    line.set_legend({"position": "bottom"})
    line.set_size({"width": 900, "height": 480})
    line.show_blanks_as("gap")
    return line


def _wedges_sheet(wb: Any, p: Pathway, sheet: dict[str, str], lang: str, fmt: dict[str, Any]) -> None:
    """Per action scenario, side by side: its emissions, each action's wedge and BAU by year, and the chart of
    the wedges stacked up to BAU."""
    ws_w = wb.add_worksheet(sheet["wedges"])
    col0 = 0
    for s in p.scenarios[1:]:
        block = _wedge_block(p, s)
        if block is None:
            continue
        ws_w.write(0, col0, f"{_l('pathway.col.scenario', lang)}: {s}", fmt["bold"])
        for j, c in enumerate(block.columns):
            ws_w.write(1, col0 + j, _col(str(c), lang), fmt["head"])
        vals = block.to_numpy(dtype=float)
        for i in range(vals.shape[0]):
            for j in range(vals.shape[1]):
                ws_w.write_number(2 + i, col0 + j, float(vals[i, j]), fmt["num"])
        ch = _wedge_chart(wb, s, sheet["wedges"], col0, len(block), len(block.columns), lang)
        ws_w.insert_chart(1, col0 + len(block.columns) + 1, ch)
        col0 += len(block.columns) + 17


def _wedge_block(p: Pathway, s: str) -> pd.DataFrame | None:
    """Year, the scenario's emissions, each action's wedge (in the order of the actions) and BAU; None if the
    scenario has no wedges."""
    w = p.wedges[p.wedges["scenario"] == s]
    if w.empty:
        return None
    piv = w.pivot_table(index="year", columns="order", values="co2e_t", aggfunc="sum").sort_index()
    names = w.drop_duplicates("order").set_index("order")["action"]
    proj = p.totals[p.totals["kind"] != "historical"].set_index("year")
    block = pd.DataFrame({"year": piv.index, s: proj.loc[piv.index, s].to_numpy()})
    for o in piv.columns:
        block[str(names[o])] = piv[o].to_numpy()
    block["BAU"] = proj.loc[piv.index, "BAU"].to_numpy()
    return block


def _wedge_chart(wb: Any, s: str, name_w: str, col0: int, m: int, ncols: int, lang: str) -> Any:
    """The scenario and its wedges as stacked areas (the block's columns 1 .. ncols − 2 from ``col0``), BAU the
    dashed line on top."""
    ch = wb.add_chart({"type": "area", "subtype": "stacked"})
    for j in range(1, ncols - 1):
        ch.add_series({"name": [name_w, 1, col0 + j],
                       "categories": [name_w, 2, col0, m + 1, col0],
                       "values": [name_w, 2, col0 + j, m + 1, col0 + j]})
    bau_line = wb.add_chart({"type": "line"})
    bau_line.add_series({"name": "BAU", "categories": [name_w, 2, col0, m + 1, col0],
                         "values": [name_w, 2, col0 + ncols - 1, m + 1, col0 + ncols - 1],
                         "line": {"color": "#000000", "width": 2, "dash_type": "dash"}})
    ch.combine(bau_line)
    ch.set_title({"name": f"{_l('pathway.chart.wedges', lang)} — {s}"})
    ch.set_y_axis({"name": _l("pathway.chart.y", lang), "num_format": "#,##0"})
    ch.set_x_axis({"interval_unit": 5})
    ch.set_legend({"position": "bottom"})
    ch.set_size({"width": 900, "height": 480})
    return ch


def records_by_row(p: Pathway) -> pd.DataFrame:
    """The engine's records summed per scenario, year, GPC row, activity, gas, method and origin (the full
    records, one per input row, component and deposit year, are in ``Pathway.records``)."""
    r = p.records
    keys = [c for c in ("scenario", "year", "gpc_ref", "activity", "gas", "method", "origin", "factor_unit")
            if c in r.columns]
    g = r.assign(**{k: r[k].astype(object).where(r[k].notna(), "") for k in keys}).groupby(keys, sort=False)
    out = g.agg(emissions_t=("emissions_t", "sum"), co2e_t=("co2e_t", "sum"),
                factor_value=("factor_value", "first")).reset_index()
    return out.sort_values(["scenario", "year", "gpc_ref"], kind="stable").reset_index(drop=True)
