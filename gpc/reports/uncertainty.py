"""Where users see the uncertainty: the "Uncertainty" sheet of the inventory workbook, the intervals and
error bars of the Overview's totals chart, and the line ``gpc build --uncertainty`` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc.i18n import label

if TYPE_CHECKING:
    from gpc.inventory import Inventory
    from gpc.uncertainty.results import Result

__all__ = ["write_sheet", "cli_line", "totals_error_bars", "write_overview_intervals"]

_LEVEL_ORDER = {"total": 0, "scope": 1, "sector": 2, "row": 3}
_COLS_1 = ["level", "key", "name", "co2e_t", "u_minus_pct", "u_plus_pct", "lower_t", "upper_t", "approach",
           "approach1_valid", "note", "main_contributors"]
_COLS_2 = ["level", "key", "name", "co2e_t", "u_minus_pct", "u_plus_pct", "lower_t", "upper_t", "mean_t", "median_t",
           "p2_5_t", "p97_5_t", "approach1_u_pct", "approach", "approach1_valid", "note", "main_contributors"]
_CONTRIB = ["rank", "kind", "label", "lower_pct", "upper_pct", "distribution", "source", "share_of_variance"]


def _result(inv: Inventory) -> Result | None:
    return getattr(inv, "uncertainty_result", None)


def _pct(x: float) -> str:
    return "" if x != x else f"{x:.1f}"


def cli_line(res: Result, lang: str = "en") -> str:
    """One line: the BASIC total with its 95 % interval."""
    t = res.total("BASIC")
    note = "" if res.approach == 2 or bool(t["approach1_valid"]) else label("cli.uncertainty_invalid", lang)
    return label("cli.uncertainty", lang, approach=str(res.approach), value=f"{t['co2e_t']:,.0f}",
                 lo=f"{t['lower_t']:,.0f}", hi=f"{t['upper_t']:,.0f}", minus=_pct(t["u_minus_pct"]),
                 plus=_pct(t["u_plus_pct"]), note=note)


def _ordered(table: pd.DataFrame) -> pd.DataFrame:
    order = table["level"].map(_LEVEL_ORDER)
    return table.assign(_o=order, _i=np.arange(len(table))).sort_values(["_o", "_i"]).drop(columns=["_o", "_i"])


def _localise(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = df.copy()
    out["level"] = [label(f"unc.level.{v}", lang) for v in out["level"]]
    if lang == "zh":
        from gpc import taxonomy

        t = taxonomy.table()
        names = []
        for lv, key, name in zip(df["level"], df["key"], df["name"]):
            if lv == "row" and key in t.index and "name_zh" in t.columns:
                names.append(str(t.loc[key, "name_zh"]))
            elif lv == "total":
                names.append(label(f"total.{key}", lang))
            elif lv == "scope":
                names.append(label(f"scope.{key}", lang))
            elif lv == "sector" and "sector_zh" in t.columns:
                m = t[t["sector_ref"] == key]
                names.append(str(m["sector_zh"].iloc[0]) if len(m) else name)
            else:
                names.append(name)
        out["name"] = names
        out["note"] = [label("unc.note_invalid", lang) if n else "" for n in df["note"]]
    return out


def write_sheet(w: Any, ws: Any, inv: Inventory, lang: str = "en") -> None:
    """The Uncertainty sheet: every total, scope, sector and GPC row with value, −/+ %, 95 % interval,
    approach and main contributors; then what to improve first (share of the BASIC variance)."""
    from gpc.reports.cells import write_frame

    res = _result(inv)
    if res is None:
        return
    ws.write_string(0, 0, label("unc.title", lang), w.f_title)
    if res.approach == 1:
        text = label("unc.approach1", lang)
    else:
        text = label("unc.approach2", lang, iterations=f"{res.iterations:,}",
                     seed="—" if res.seed is None else str(res.seed))
    ws.write_string(1, 0, text)
    ws.write_string(2, 0, label("unc.defaults", lang))
    cols = _COLS_1 if res.approach == 1 else _COLS_2
    tab = _localise(_ordered(res.table)[cols], lang)
    heads = [label(f"unc.col.{c}", lang) for c in cols]
    num = {c: w.f_int for c in cols if c.endswith("_t")}
    pct = w.wb.add_format({"num_format": "0.0"})
    num.update({c: pct for c in cols if c.endswith("_pct")})
    end = write_frame(w, ws, tab, 4, heads, num)
    r = end + 1
    ws.write_string(r, 0, label("unc.improve", lang), w.f_bold)
    r += 1
    ccols = _CONTRIB + (["mc_share"] if "mc_share" in res.contributions.columns else [])
    c = res.contributions.head(10)[ccols].copy()
    c["kind"] = [label(f"unc.kind.{k}", lang) for k in c["kind"]]
    share = w.wb.add_format({"num_format": "0.0%"})
    cnum = {"share_of_variance": share, "mc_share": share, "lower_pct": pct, "upper_pct": pct}
    write_frame(w, ws, c.reset_index(drop=True), r, [label(f"unc.col.{x}", lang) for x in ccols], cnum)
    ws.freeze_panes(5, 3)
    ws.set_column(0, 1, 10)
    ws.set_column(2, 2, 40)
    ws.set_column(3, len(cols) - 3, 14)
    ws.set_column(len(cols) - 1, len(cols) - 1, 80)


def _totals(res: Result) -> pd.DataFrame:
    from gpc import taxonomy

    t = res.table[res.table["level"] == "total"].set_index("key")
    return t.reindex(list(taxonomy.TOTALS))


def totals_error_bars(inv: Inventory) -> dict[str, Any] | None:
    """``y_error_bars`` for the Overview's totals chart (xlsxwriter custom error bars), or None."""
    res = _result(inv)
    if res is None:
        return None
    t = _totals(res)
    plus = (t["upper_t"] - t["co2e_t"]).fillna(0.0).clip(lower=0).tolist()
    minus = (t["co2e_t"] - t["lower_t"]).fillna(0.0).clip(lower=0).tolist()
    return {"type": "custom", "plus_values": plus, "minus_values": minus, "end_style": 1,
            "line": {"color": "#404040", "width": 1.25}}


def write_overview_intervals(ws: Any, first_row: int, inv: Inventory, lang: str, fmt: Any = None) -> None:
    """Beside each total of the Overview's chart data: its 95 % interval as −/+ %."""
    res = _result(inv)
    if res is None:
        return
    t = _totals(res)
    for i, (_, x) in enumerate(t.iterrows()):
        ws.write_string(first_row + i, 2, label("unc.interval", lang, minus=_pct(x["u_minus_pct"]),
                                                plus=_pct(x["u_plus_pct"])), fmt)
