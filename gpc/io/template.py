"""``gpc template``: a blank activity workbook (v1) with a note on every column and dropdown lists."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from gpc import taxonomy
from gpc.activity_catalogue import DIRECT, DISTRICT_HEAT, GRID_ELECTRICITY, fuel_catalogue
from gpc.i18n import check_lang, label
from gpc.io.atomic import atomic_path
from gpc.io.sheets import (
    ColumnSpec,
    SheetSpec,
    choice_aliases,
    column_names_zh,
    header_key,
    sheet_names_zh,
    sheet_specs,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["write_template", "dropdown_values", "choice_labels_zh", "COMMON_UNITS"]

COMMON_UNITS = ("GJ", "TJ", "MWh", "kWh", "GWh", "万千瓦时", "亿千瓦时", "t", "kt", "万吨", "kg", "L", "kL", "m3",
                "Nm3", "万立方米", "亿立方米", "tce", "万吨标准煤", "toe", "MMBtu", "therm", "head", "ha")
#: The city fields are left empty: a value the user forgets to change would be kept silently. The
#: meaning column says what each field takes and its default; `year` is required (a located error).
_CITY_EXAMPLE: dict[str, Any] = {}


def _header(spec: SheetSpec, name: str, lang: str) -> str:
    return column_names_zh(spec.name).get(name, name) if lang == "zh" else name


#: Excel's limit on an inline dropdown list (the values joined by commas, in UTF-16 code units); a longer
#: list goes on the hidden ``lists`` sheet and the dropdown points at its range.
_INLINE_LIMIT = 255


def choice_labels_zh(col: ColumnSpec) -> dict[str, str]:
    """Choice → its Chinese label, for the choices of ``col`` that have one: the first Chinese alias of that
    choice in ``gpc/data/choices_zh.csv`` (as the Chinese views name it), kept only when the reader reads it
    back as that choice of that column (``gpc.io.sheets.choice_aliases``); ``yes``/``no`` → 是/否 for a
    ``bool`` column."""
    import csv
    from importlib import resources

    if col.dtype == "bool":
        return {"yes": "是", "no": "否"}
    aliases = choice_aliases()
    out: dict[str, str] = {}
    with resources.files("gpc.data").joinpath("choices_zh.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            value, alias = r["value"], r["alias"].strip()
            if (r["column"] == col.name and value in col.choices and any("\u4e00" <= ch <= "\u9fff" for ch in alias)
                    and aliases.get((col.name, header_key(alias))) == value):
                out.setdefault(value, alias)
    return out


def dropdown_values(col: ColumnSpec, lang: str) -> list[str]:
    """What the dropdown of a choice or ``bool`` column lists: the English ids; in Chinese, the Chinese label
    of every choice that has one (:func:`choice_labels_zh`) first, then every English id, so the list is
    complete and any value picked from it is read as that choice."""
    ids = ["yes", "no"] if col.dtype == "bool" else list(col.choices)
    if lang != "zh":
        return ids
    zh = choice_labels_zh(col)
    return [*(zh[c] for c in ids if c in zh), *ids]


class _Lists:
    """The hidden ``lists`` sheet: one column per list, and the range a dropdown points at."""

    def __init__(self) -> None:
        self.columns: dict[str, list[str]] = {}

    def range(self, key: str, values: list[str]) -> str:
        import xlsxwriter

        j = list(self.columns).index(key) if key in self.columns else len(self.columns)
        self.columns.setdefault(key, list(values))
        col_letter = xlsxwriter.utility.xl_col_to_name(j)
        return f"=lists!${col_letter}$2:${col_letter}${len(values) + 1}"

    def source(self, key: str, values: list[str]) -> list[str] | str:
        """``values`` inline when they fit Excel's limit, else the range of a column holding them."""
        if len(",".join(values).encode("utf-16-le")) // 2 <= _INLINE_LIMIT and not any("," in v for v in values):
            return values
        return self.range(key, values)


def _choice_validation(lists: _Lists, key: str, col: ColumnSpec, lang: str) -> dict[str, Any]:
    """The strict dropdown of a choice or ``bool`` column (its list is complete: see :func:`dropdown_values`)."""
    dv: dict[str, Any] = {"validate": "list", "source": lists.source(key, dropdown_values(col, lang))}
    if lang == "zh":
        dv |= {"error_title": "不在可选值中", "error_message": "请从下拉列表中选择（中文名称或英文代码均可）。"}
    return dv


def _validate(ws: Any, first_row: int, last_row: int, j: int, dv: dict[str, Any]) -> None:
    """Add a data validation; xlsxwriter only warns and drops one it refuses, so refuse loudly here."""
    if ws.data_validation(first_row, j, last_row, j, dv) == -2:
        raise RuntimeError(f"the template's dropdown for column {j} of sheet {ws.name!r} was refused: {dv}")


def _allowed(col: ColumnSpec, lang: str) -> str:
    """The note's list of allowed values: in Chinese, each choice as ``中文 (id)``."""
    if not col.choices:
        return ""
    if lang != "zh":
        return f"\nAllowed: {', '.join(col.choices)}"
    zh = choice_labels_zh(col)
    return f"\n可选值: {', '.join(f'{zh[c]} ({c})' if c in zh else c for c in col.choices)}"


def write_template(path: str | Path, lang: str = "en", terms: str | Path | pd.DataFrame | None = None) -> Path:
    """Write a blank v1 activity workbook to ``path``.

    Every sheet gpc reads is there with its headers; each header carries a note (meaning, unit,
    allowed values) and columns with a fixed list of values get a dropdown. A last sheet, ``gpc_rows``
    (GPC编号说明), lists every GPC reference number with its sector, sub-sector, name, scope and the
    totals it counts in (read-only help: gpc ignores it when reading); ``terms`` as for
    :meth:`gpc.Inventory.to_excel`.
    """
    from gpc.io.terms import using_terms

    check_lang(lang)
    with using_terms(terms):
        return _write_template(Path(path), lang)


def _write_template(path: Path, lang: str) -> Path:
    import xlsxwriter

    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
        wrap = wb.add_format({"text_wrap": True, "valign": "top", "font_color": "#595959"})
        specs = sheet_specs()
        lists = _Lists()
        # city
        city = specs["city"]
        names_zh = sheet_names_zh()
        ws = wb.add_worksheet(names_zh["city"] if lang == "zh" else "city")
        ws.write_string(0, 0, "字段" if lang == "zh" else "field", head)
        ws.write_string(0, 1, "值" if lang == "zh" else "value", head)
        ws.write_string(0, 2, "说明" if lang == "zh" else "meaning", head)
        for i, col in enumerate(city.columns, start=1):
            ws.write_string(i, 0, col.name)
            v = _CITY_EXAMPLE.get(col.name)
            if isinstance(v, int):
                ws.write_number(i, 1, v)
            elif v is not None:
                ws.write_string(i, 1, v)
            ws.write_string(i, 2, (col.description_zh if lang == "zh" else col.description_en) or "", wrap)
            if col.choices or col.dtype == "bool":
                _validate(ws, i, i, 1, _choice_validation(lists, f"city.{col.name}", col, lang))
        ws.set_column(0, 0, 16)
        ws.set_column(1, 1, 22)
        ws.set_column(2, 2, 90)
        ws.freeze_panes(1, 0)
        # data sheets: activity first, then the sector sheets; the dropdown lists on a hidden last sheet
        ranges = {key: lists.range(key, values) for key, values in _lists().items()}
        order = ["activity", *sorted(n for n in specs if n not in ("city", "activity"))]
        for name in order:
            spec = specs[name]
            ws = wb.add_worksheet(names_zh.get(name, name) if lang == "zh" else name)
            for j, col in enumerate(spec.columns):
                ws.write_string(0, j, _header(spec, col.name, lang), head)
                note = col.description_zh if lang == "zh" and col.description_zh else col.description_en
                req = {"yes": "required", "cond": "required in some cases", "no": "optional"}.get(col.required, "")
                if lang == "zh":
                    req = {"yes": "必填", "cond": "视情况必填", "no": "选填"}.get(col.required, "")
                extra = _allowed(col, lang)
                ws.write_comment(0, j, f"{col.name} ({req})\n{note}{extra}", {"x_scale": 2.5, "y_scale": 2})
                ws.set_column(j, j, max(12, min(28, len(col.name) + 4)))
                dv = None
                if col.choices or col.dtype == "bool":
                    dv = _choice_validation(lists, f"{name}.{col.name}", col, lang)
                elif col.dtype == "gpc_ref":
                    dv = {"validate": "list", "source": ranges["gpc_ref"]}
                elif name == "activity" and col.name == "activity":
                    dv = {"validate": "list", "source": ranges["activity"], "error_type": "warning",
                          "error_message": "Not in the list: gpc also accepts aliases (see docs/activities.md)."}
                elif col.dtype == "unit":
                    dv = {"validate": "list", "source": ranges["unit"], "error_type": "information",
                          "error_message": "Any unit gpc knows is accepted (see docs/units.md)."}
                elif col.dtype == "gas":
                    dv = {"validate": "list", "source": ranges["gas"], "error_type": "warning"}
                if dv:
                    _validate(ws, 1, 5000, j, dv)
            ws.freeze_panes(1, 0)
        _write_gpc_rows(wb, head, lang)
        lists_ws = wb.add_worksheet("lists")
        for j, (key, values) in enumerate(lists.columns.items()):
            lists_ws.write_string(0, j, key, head)
            for i, v in enumerate(values, start=1):
                lists_ws.write_string(i, j, v)
        lists_ws.hide()
        wb.close()
    return path


def _write_gpc_rows(wb: Any, head: Any, lang: str) -> None:
    """The GPC rows a user picks ``gpc_ref`` from, with their names (in the terms in use) and totals."""
    t = taxonomy.table()
    zh = lang == "zh"
    ws = wb.add_worksheet("GPC编号说明" if zh else "gpc_rows")
    cols = [("gpc_ref", label("col.gpc_ref", lang)), ("sector_zh" if zh else "sector", label("col.sector", lang)),
            ("subsector_zh" if zh else "subsector", label("col.subsector", lang)),
            ("name_zh" if zh else "name", label("col.name", lang)), ("scope", label("col.scope", lang)),
            *((k, label(f"total.{k}", lang)) for k in taxonomy.TOTALS)]
    for j, (_, title) in enumerate(cols):
        ws.write_string(0, j, title, head)
    yes = "是" if zh else "yes"
    for j, (key, _) in enumerate(cols):
        for i, v in enumerate(t[key].tolist(), start=1):
            if key in taxonomy.TOTALS:
                ws.write_string(i, j, yes if v else "")
            elif key == "scope":
                ws.write_number(i, j, int(v))
            else:
                ws.write_string(i, j, str(v))
    for j, width in enumerate((9, 22, 28, 60, 7, 12, 12, 14)):
        ws.set_column(j, j, width)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, len(t), len(cols) - 1)


def _lists() -> dict[str, list[str]]:
    from gpc.factors import load_factor_set
    from gpc.gwp import known_gases

    activities = [GRID_ELECTRICITY, DISTRICT_HEAT, DIRECT, *fuel_catalogue()["fuel"].tolist()]
    fs = load_factor_set("ipcc2006")
    if fs.has_table("process_factors"):
        activities += sorted(set(fs.table("process_factors")["activity"].dropna()))
    return {
        "gpc_ref": list(taxonomy.table().index),
        "activity": list(dict.fromkeys(activities)),
        "unit": list(COMMON_UNITS),
        "gas": known_gases(),
    }
