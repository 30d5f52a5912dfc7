"""Write the inventory workbook with xlsxwriter.

Sheets: Overview (key figures, charts), GPC reporting table (one row per reference number),
Summary (sector × scope and the three totals), Audit trail (every input row → factors → tonnes),
Checks (completeness, warnings) and Settings; Transport reconciliation (fuel sold against kilometres) when the
inventory has one, Uncertainty when it was run. Numbers are stored as numbers; text from the input is
always written as text (never as a formula); the file is written to a temporary name and renamed.
"""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.errors import InputError, OutputError, Problem
from gpc.i18n import check_lang, label
from gpc.reports.cells import _Writer, safe_text, write_frame, write_missing_basic

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["write_inventory", "write_frame", "safe_text"]

_SHEET_ORDER = ("overview", "report", "summary", "quality", "audit", "checks", "settings")


def write_inventory(inv: Inventory, path: Path, *, lang: str = "en", timestamp: Any = None) -> Path:
    """Write ``inv`` to ``path`` (xlsx) atomically; ``timestamp`` fixes the document date (reproducible files)."""
    import xlsxwriter

    from gpc.version import __version__

    check_lang(lang)
    path = Path(path)
    created = _as_datetime(timestamp)
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder; give a file name such as {path / 'inventory.xlsx'}")
    from gpc.io.atomic import check_target, honour_umask

    check_target(path)  # a device, FIFO or socket in its place is refused, never replaced
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gpc-", suffix=".xlsx", dir=str(path.parent))
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp, {"strings_to_formulas": False, "strings_to_urls": False,
                                       "strings_to_numbers": False, "nan_inf_to_errors": False})
        wb.set_properties({"title": f"GPC inventory {inv.settings.name or ''} {inv.settings.year}",
                           "subject": "City greenhouse-gas inventory (GHG Protocol GPC)",
                           "author": "gpc", "created": created,
                           "comments": f"written by gpc {__version__}"})
        w = _Writer(wb)
        sheets = {k: wb.add_worksheet(label(f"sheet.{k}", lang)[:31]) for k in _SHEET_ORDER}
        report = _report_table(inv, lang)
        _write_report(w, sheets["report"], report, inv, lang)
        _write_summary(w, sheets["summary"], inv, lang)
        _write_quality(w, sheets["quality"], inv, lang)
        _write_audit(w, sheets["audit"], inv, lang)
        _write_checks(w, sheets["checks"], inv, lang)
        _write_settings(w, sheets["settings"], inv, lang, created)
        from gpc.reports import transport

        if transport.reconciliation(inv) is not None:   # fuel sold and kilometres of the same sub-sector and fuel
            transport.write_sheet(w, wb.add_worksheet(label("sheet.transport_reconciliation", lang)[:31]), inv, lang)
        if getattr(inv, "uncertainty_result", None) is not None:      # inv.uncertainty() was run
            from gpc.reports.uncertainty import write_sheet

            write_sheet(w, wb.add_worksheet(label("sheet.uncertainty", lang)[:31]), inv, lang)
        from gpc.reports.excel_views import wants_views, write_views

        if wants_views(inv, lang):
            write_views(w, inv, lang)
        _write_overview(w, sheets["overview"], inv, lang, sheets)
        _page_setup(sheets, inv, lang)
        sheets["overview"].activate()
        wb.close()
        honour_umask(tmp)  # mkstemp makes 0600: the workbook gets the permissions of any new file
        check_target(path)
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    return path


def _as_datetime(ts: Any) -> _dt.datetime:
    if ts is None:
        env = os.environ.get("SOURCE_DATE_EPOCH")
        if env:
            return _dt.datetime.fromtimestamp(int(env), tz=_dt.UTC).replace(tzinfo=None)
        return _dt.datetime.now().replace(microsecond=0)
    if isinstance(ts, _dt.datetime):
        return ts.replace(tzinfo=None)
    if isinstance(ts, _dt.date):
        return _dt.datetime(ts.year, ts.month, ts.day)
    try:
        return _dt.datetime.fromisoformat(str(ts).strip()).replace(tzinfo=None)
    except ValueError:
        raise InputError([Problem("timestamp", None, None, str(ts),
                                  "not a date: give an ISO date such as 2024-01-01 or 2024-01-01T12:00:00")]) from None


# -------------------------------------------------------------------------------- reporting table
def _gpc_methods(e: pd.DataFrame) -> pd.Series:
    """The method of each record as the reporting table names it: the activity sheet's fuel rows in sector II
    are the GPC's fuel sales method (GPC v1.1 §7.2; docs/methods/transport.md §1), so ``mobile_combustion``
    there reads ``fuel_sales``, as the transport sheet's own methods do; the audit trail keeps the record's."""
    m = e["method"].astype(object)
    if not len(e):
        return m
    from gpc.io.sheets import header_key, sheet_aliases

    aliases = sheet_aliases()
    sheets = e["sheet"].astype(str)
    is_act = sheets.map({x: aliases.get(header_key(x), x) == "activity" for x in sheets.unique()}).astype(bool)
    sales = is_act & e["gpc_ref"].astype(str).str.startswith("II.") & (m == "mobile_combustion")
    return m.where(~sales, "fuel_sales")


def _report_table(inv: Inventory, lang: str) -> pd.DataFrame:
    t = taxonomy.table()
    s = inv.summary(all_rows=True)
    e = inv.emissions
    methods = _gpc_methods(e).groupby(e["gpc_ref"]).agg(lambda x: ", ".join(sorted(set(map(str, x)))))
    dq = _data_quality(inv)
    nk = inv.notation_keys
    expl = nk.groupby("gpc_ref")["explanation"].agg(lambda x: "; ".join(dict.fromkeys(map(str, x)))) \
        if len(nk) else pd.Series(dtype=object)
    gases = inv.gases()
    zh = lang == "zh"
    df = pd.DataFrame({
        "gpc_ref": t.index,
        "sector": (t["sector_zh"] if zh else t["sector"]).to_numpy(),
        "subsector": (t["subsector_zh"] if zh else t["subsector"]).to_numpy(),
        "name": (t["name_zh"] if zh else t["name"]).to_numpy(),
        "scope": t["scope"].to_numpy(),
        "notation_key": s["notation_key"].reindex(t.index).to_numpy(),
    })
    for g in gases:
        df[g] = s[g].reindex(t.index).to_numpy() if g in s.columns else np.nan
    df["co2e_t"] = s["co2e_t"].reindex(t.index).to_numpy()
    df["co2_biogenic_t"] = s["co2_biogenic_t"].reindex(t.index).to_numpy()
    df["data_quality"] = dq.reindex(t.index).to_numpy()
    df["method"] = methods.reindex(t.index).to_numpy()
    df["explanation"] = expl.reindex(t.index).to_numpy()
    df["levels"] = [", ".join(label(f"total.{k}", lang) for k in taxonomy.TOTALS if t.loc[r, k]) for r in t.index]
    return df


def _data_quality(inv: Inventory) -> pd.Series:
    e = inv.emissions
    if "data_quality" not in e.columns:
        return pd.Series(dtype=object)
    d = e.dropna(subset=["data_quality"])
    d = d[d["data_quality"].astype(str) != ""]
    return d.groupby("gpc_ref")["data_quality"].agg(lambda x: "/".join(sorted(set(map(str, x)), key="HML".find)))


def _write_report(w: _Writer, ws: Any, df: pd.DataFrame, inv: Inventory, lang: str) -> None:
    heads = []
    for c in df.columns:
        if c in inv.gases():
            heads.append(label("col.gas_t", lang, gas=c))
        else:
            heads.append(label(f"col.{c}", lang))
    numfmt = {g: w.f_num for g in inv.gases()}
    numfmt.update({"co2e_t": w.f_num, "co2_biogenic_t": w.f_num, "scope": w.f_gen})
    end = write_frame(w, ws, df, 0, heads, numfmt)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, end - 1, len(df.columns) - 1)
    widths = {"gpc_ref": 9, "sector": 16, "subsector": 26, "name": 48, "scope": 6, "notation_key": 9,
              "method": 24, "explanation": 40, "levels": 28}
    for j, c in enumerate(df.columns):
        ws.set_column(j, j, widths.get(c, 14))
    r = _write_totals(w, ws, end + 1, inv, lang, label_col=1)
    ws.write_string(r + 2, 0, label("text.biogenic_note", lang))


def _write_totals(w: _Writer, ws: Any, r: int, inv: Inventory, lang: str, label_col: int = 0) -> int:
    """The heading and the three GPC totals from row ``r`` (value right of the label); returns the last row."""
    ws.write_string(r, 0, label("text.totals", lang), w.f_bold)
    for k, tot in inv.totals().items():
        r += 1
        ws.write_string(r, label_col, label(f"total.{k}", lang))
        ws.write_number(r, label_col + 1, float(tot), w.f_big)
    return r


# -------------------------------------------------------------------------------------- summary
def _write_summary(w: _Writer, ws: Any, inv: Inventory, lang: str) -> None:
    ws.write_string(0, 0, label("text.by_sector_scope", lang), w.f_title)
    p = inv.by_sector_scope().reset_index()
    if lang == "zh":
        zh = taxonomy.table().drop_duplicates("sector_ref").set_index("sector_ref")["sector_zh"]
        p["sector"] = [f"{s.split(' ')[0]} {zh[s.split(' ')[0]]}" for s in p["sector"]]
    heads = [label("col.sector", lang)] + [label(f"scope.{str(c)[-1]}", lang) for c in p.columns[1:-1]] + [
        label("col.total", lang)]
    end = write_frame(w, ws, p, 2, heads, {c: w.f_num for c in p.columns[1:]})
    r = _write_totals(w, ws, end + 1, inv, lang)
    bio = float(inv.emissions.loc[inv.emissions["biogenic"], "emissions_t"].sum())
    r += 1
    ws.write_string(r, 0, label("col.co2_biogenic_t", lang))
    ws.write_number(r, 1, bio, w.f_num)
    if inv.settings.population:
        r += 2
        ws.write_string(r, 0, label("text.per_capita", lang))
        ws.write_number(r, 1, float(inv.total("BASIC")) / float(inv.settings.population), w.f_num)
    ws.write_string(r + 2, 0, label("text.biogenic_note", lang))
    ws.set_column(0, 0, 42)
    ws.set_column(1, 5, 16)
    ws.freeze_panes(3, 1)


# ---------------------------------------------------------------------------------------- audit
_AUDIT_COLUMNS = ("sheet", "row", "gpc_ref", "scope", "activity", "amount", "unit", "energy_gj", "gas",
                  "factor_name", "factor_value", "factor_unit", "factor_source", "detail", "emissions_t",
                  "gwp_value", "co2e_t", "biogenic", "method", "notation_key", "explanation", "data_quality",
                  "input_source")


def _write_audit(w: _Writer, ws: Any, inv: Inventory, lang: str) -> None:
    a = inv.audit()
    for c in _AUDIT_COLUMNS:
        if c not in a.columns:
            a[c] = None
    extra = [c for c in a.columns if c not in _AUDIT_COLUMNS and c not in ("sector", "subsector", "gwp")
             and not c.startswith("_")]
    cols = list(_AUDIT_COLUMNS) + extra
    a = a[cols]
    heads = [label(f"col.{c}", lang) if not label(f"col.{c}", lang).startswith("col.") else c for c in cols]
    nf = {c: w.f_num for c in ("amount", "energy_gj", "factor_value", "emissions_t", "co2e_t", "gwp_value")}
    nf["row"] = w.f_gen
    end = write_frame(w, ws, a, 0, heads, nf)
    ws.freeze_panes(1, 3)
    ws.autofilter(0, 0, max(end - 1, 1), len(cols) - 1)
    ws.set_column(0, 1, 10)
    ws.set_column(2, 11, 12)
    ws.set_column(12, 13, 40)


# --------------------------------------------------------------------------------------- checks


def _write_checks(w: _Writer, ws: Any, inv: Inventory, lang: str) -> None:
    from gpc.i18n.zh import localise

    ws.write_string(0, 0, label("text.missing_basic", lang), w.f_title)
    r = write_missing_basic(ws, 2, inv, lang) + 1
    ws.write_string(r, 0, label("text.warnings", lang), w.f_title)
    r += 2
    for j, h in enumerate(("sheet", "row", "column", "value", "message")):
        ws.write_string(r, j, label(f"col.{h}", lang), w.f_head)
    for p in inv.warnings:
        r += 1
        w.cell(ws, r, 0, p.sheet)
        w.cell(ws, r, 1, p.row)
        w.cell(ws, r, 2, p.column)
        w.cell(ws, r, 3, None if p.value is None else str(p.value))
        w.cell(ws, r, 4, localise(p.message, lang))
    ws.set_column(0, 3, 14)
    ws.set_column(4, 4, 90)


# ------------------------------------------------------------------------------------- settings
def _setting_value(inv: Inventory, key: str, lang: str) -> Any:
    """A city setting as used: a guideline, grid variant or tce basis the city left empty is the default
    (the factor set's, or gpc's), said so."""
    value = getattr(inv.settings, key)
    if key == "tce_basis" and value is None:
        return label("setting.default", lang, value="calorific")
    if key == "td_loss_basis" and value is None:
        return label("setting.default", lang, value="supply")
    if key == "ch4_combustion_gwp" and value is None:
        return label("setting.default", lang, value="non_fossil")
    fs = inv.factor_set
    if value is not None or fs is None:
        return value
    default = None
    if key == "guideline":
        default = fs.meta.get("default_guideline")
    elif key == "grid_variant" and fs.has_table("grid_electricity") and "variant" in fs.table("grid_electricity"):
        default = "average"
    return label("setting.default_of", lang, value=default, set=fs.id) if default else None


def _write_settings(w: _Writer, ws: Any, inv: Inventory, lang: str, created: _dt.datetime) -> None:
    from gpc.version import __version__

    s = inv.settings
    fs = inv.factor_set
    rows: list[tuple[str, Any]] = [
        (label("setting.name", lang), s.name),
        (label("setting.year", lang), s.year),
        (label("setting.gwp", lang), s.gwp + (" (CH4 fossil/non-fossil)" if s.ch4_split else "")),
        (label("setting.factors", lang), " → ".join(fs.chain) if fs else s.factors),
        *((label(f"setting.{k}", lang) if lang == "zh" else k, _setting_value(inv, k, lang))
          for k in ("region", "country", "climate_zone", "population", "gdp", "td_loss_rate", "grid_factor",
                    "heat_factor", "guideline", "grid_variant", "tce_basis", "power_coal_rate", "td_loss_basis",
                    "heat_loss_rate", "ch4_combustion_gwp")),
        (label("setting.gpc_version", lang), __version__),
        (label("setting.source", lang), Path(inv.activity.source).name if inv.activity and inv.activity.source
         else None),
        (label("setting.created", lang), created.isoformat(sep=" ")),
    ]
    if lang == "zh":
        from gpc.i18n.terms import terms_source

        rows.append((label("setting.terms", lang), terms_source() or label("setting.terms_shipped", lang)))
    ws.write_string(0, 0, label("col.field", lang), w.f_head)
    ws.write_string(0, 1, label("col.value", lang), w.f_head)
    for i, (k, v) in enumerate(rows, start=1):
        ws.write_string(i, 0, k)
        w.cell(ws, i, 1, v)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 60)


# ------------------------------------------------------------------------------------- overview
def _write_overview(w: _Writer, ws: Any, inv: Inventory, lang: str, sheets: dict[str, Any]) -> None:
    """Key figures and native charts (gpc.reports.workbook)."""
    from gpc.reports.workbook import write_overview

    write_overview(w, ws, inv, lang, sheets)


def _write_quality(w: _Writer, ws: Any, inv: Inventory, lang: str) -> None:
    """Data quality and completeness per GPC row (gpc.reports.workbook)."""
    from gpc.reports.workbook import write_quality

    write_quality(w, ws, inv, lang)


def _page_setup(sheets: dict[str, Any], inv: Inventory, lang: str) -> None:
    """A4 landscape, one page wide, footer (gpc.reports.workbook)."""
    from gpc.reports.workbook import page_setup

    page_setup(sheets, inv, lang)
