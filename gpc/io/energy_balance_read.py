"""Reading an energy balance table (能源平衡表): the sheet and its header row, the carrier columns and their
units, and every non-empty numeric cell with the balance row it belongs to (:func:`read_cells`).

Which row is which is data: ``gpc/data/energy_balance_rows.csv`` (:func:`balance_rows`). The import itself is
:mod:`gpc.io.energy_balance`.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from gpc.activity_catalogue import DISTRICT_HEAT, GRID_ELECTRICITY, fuel_catalogue, resolve_activity
from gpc.errors import InputError, Problem
from gpc.i18n.zh import label
from gpc.io.excel_in import read_workbook_sheets
from gpc.io.safety import check_workbook_file
from gpc.units import UnitParseError, normalise_text, parse_unit

__all__ = ["GRID_ACTIVITIES", "balance_rows", "read_cells", "row_key"]

GRID_ACTIVITIES = (GRID_ELECTRICITY, DISTRICT_HEAT)
_TOTAL_COLUMNS = ("合计", "总计", "能源合计", "能源消费总量", "综合能源消费量", "total")
_BLANKS = ("", "-", "--", "—", "–", "─", "…", "...", "/", "x", "X")
_HEADER_SCAN = 40


def _read_data_csv(name: str) -> pd.DataFrame:
    with resources.files("gpc.data").joinpath(name).open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def row_key(text: object) -> str:
    """Normalise a balance row label: numbering, ``#``, ``其中``, ``(-)``/``(+)``, punctuation dropped.

    Examples
    --------
    >>> row_key("6.本省（区、市）调出量（-）"), row_key("  #用作原料、材料"), row_key("四、终端消费量")
    ('本省(区市)调出量', '用作原料材料', '终端消费量')
    """
    s = re.sub(r"\s+", "", normalise_text(text))
    s = re.sub(r"\([-+−]\)", "", s)
    prefix = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\d+[.、)]|\(\d+\)|[#*]|其中[:]?|内:?)")
    while True:
        stripped = prefix.sub("", s)
        if stripped == s:
            break
        s = stripped
    return re.sub(r"[、,，;；:：。.·]", "", s)


@lru_cache(maxsize=1)
def balance_rows() -> pd.DataFrame:
    """The balance rows the reader recognises (``energy_balance_rows.csv``), one row per label key."""
    rows = _read_data_csv("energy_balance_rows.csv")
    long = rows.assign(label=rows["labels"].str.split("|")).explode("label")
    long["key"] = long["label"].map(row_key)
    return long.drop(columns="labels").reset_index(drop=True)


@lru_cache(maxsize=1)
def _known_fuels() -> frozenset[str]:
    china = _read_data_csv("fuels_china.csv")["fuel"]
    return frozenset(fuel_catalogue()["fuel"]) | frozenset(china) | frozenset(GRID_ACTIVITIES)


# ---------------------------------------------------------------------------------------- reading


def _is_blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and normalise_text(v) in _BLANKS


def _number(v: Any) -> float | None:
    """The number in a cell, ``None`` when the cell holds text that is not a number."""
    return _number_or_why(v)[0]


def _number_or_why(v: Any) -> tuple[float | None, str]:
    """The number in a cell (text by the rule of :mod:`gpc.numbers`), or ``None`` and what to do."""
    from gpc.numbers import NumberTextError, number_value

    why = "not a number: type the number (a dash or an empty cell means none)"
    if isinstance(v, bool):
        return None, why
    if isinstance(v, (int, float)):
        x = float(v)
    else:
        try:
            x = number_value(v)
        except NumberTextError as exc:
            return None, why if exc.generic else str(exc)
    return (x, "") if math.isfinite(x) else (None, why)


def _column_letter(i: int) -> str:
    from gpc.io.safety import col_letters

    return col_letters(i)


def _split_header(text: object) -> tuple[str, str | None]:
    """``"原煤（万吨）"`` → ``("原煤", "万吨")``; the unit is ``None`` when the header has none."""
    s = re.sub(r"\s+", "", normalise_text(text))
    m = re.fullmatch(r"(.*?)[(\[]([^()\[\]]+)[)\]]", s)
    if m:
        return m.group(1), m.group(2)
    return s, None


def _valid_unit(text: object) -> bool:
    """Whether ``text`` is a physical unit (a bare number such as ``"12.5"`` is not)."""
    if not isinstance(text, str) or not text.strip():
        return False
    try:
        return not parse_unit(text).dimensionless
    except UnitParseError:
        return False


def _classify_column(header: object) -> tuple[str, str | None, str | None]:
    """(kind, fuel, unit) of a header: kind is ``fuel``, ``total``, ``unknown`` or ``blank``."""
    if _is_blank(header):
        return "blank", None, None
    name, unit = _split_header(header)
    if name.casefold() in _TOTAL_COLUMNS:
        return "total", None, unit
    fuel = resolve_activity(name, _known_fuels())
    return ("fuel", fuel, unit) if fuel else ("unknown", None, unit)


def _find_header(rows: list[list[Any]]) -> int | None:
    best, best_n = None, 2
    for i, r in enumerate(rows[:_HEADER_SCAN]):
        n = sum(_classify_column(v)[0] == "fuel" for v in r)
        if n > best_n:
            best, best_n = i, n
    return best


_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?")  # in a sheet name: "2022", "2022年能源平衡表"
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")  # in a title: "2022年示例市能源平衡表"


def _title_year(rows: list[list[Any]], header: int) -> int | None:
    """The year in the title rows above the header (``2022年…``), if any."""
    for r in rows[:header]:
        for v in r:
            m = _TITLE_YEAR.search(normalise_text(v)) if isinstance(v, str) else None
            if m:
                return int(m.group(1))
    return None


def _choose_sheet(sheets: dict[str, list[list[Any]]], year: int | None, file: str) -> tuple[str, int, list[str]]:
    candidates = {name: h for name, rows in sheets.items() if (h := _find_header(rows)) is not None}
    if not candidates:
        raise InputError([Problem(file, None, None, None,
                                  "no energy balance table found: no sheet has a header row naming at least three "
                                  "energy carriers (原煤, 汽油, 天然气, 电力 …)")])
    warnings: list[str] = []
    if year is not None:
        for name, h in candidates.items():
            m = _YEAR.search(normalise_text(name))
            if (m and int(m.group(1)) == year) or _title_year(sheets[name], h) == year:
                return name, h, warnings
        if len(candidates) > 1:
            raise InputError([Problem(file, None, None, None,
                                      f"no sheet of the energy balance is for {year} (sheets: "
                                      f"{', '.join(candidates)}): name the sheet or its title with the year")])
    name = next(iter(candidates))
    if len(candidates) > 1:
        warnings.append(label("warn.balance_several_sheets", "en", sheets=", ".join(candidates), name=name))
    return name, candidates[name], warnings


def _columns(rows: list[list[Any]], h: int, sheet: str, problems: list[Problem]) -> tuple[pd.DataFrame, int, int]:
    """Column table (index, header, kind, fuel, unit), the label column and the first data row."""
    header = rows[h]
    cols = pd.DataFrame([(j, v, *_classify_column(v)) for j, v in enumerate(header)],
                        columns=["col", "header", "kind", "fuel", "unit"])
    label_col = int(cols.loc[cols["kind"] != "blank", "col"].min())
    if cols.at[label_col, "kind"] == "fuel":  # no label header: labels are left of the first fuel column
        label_col = max(label_col - 1, 0)
    cols = cols[(cols["col"] != label_col) & (cols["kind"] != "blank")].copy()
    start = h + 1
    if start < len(rows):  # a units row: cells that are units under most carriers
        under = rows[start] + [None] * len(header)
        units = {j: normalise_text(under[j]) for j in cols["col"] if _valid_unit(under[j])}
        if units and len(units) * 2 >= len(cols):
            cols["unit"] = [u if u else units.get(j) for j, u in zip(cols["col"], cols["unit"])]
            start += 1
    for r in cols[(cols["kind"] == "fuel") & ~cols["unit"].map(_valid_unit)].itertuples():
        problems.append(Problem(sheet, h + 1, str(r.header), r.unit,
                                "no unit gpc knows for this energy carrier: write it in the header, e.g. 原煤（万吨）, "
                                "or in a units row under the header (万吨, 亿立方米, 亿千瓦时, 万百万千焦 …)"))
    return cols, label_col, start


def _match_row(key: str, block: str | None) -> pd.Series | None:
    known = balance_rows()
    hits = known[known["key"] == key]
    if hits.empty:
        return None
    same = hits[hits["block"] == block]
    return (same if len(same) else hits).iloc[0]


def read_cells(path: str | Path, *, year: int | None = None) -> tuple[pd.DataFrame, int | None, str, list[str]]:
    """Read the numeric cells of an energy balance workbook.

    Returns
    -------
    tuple
        ``(cells, year, sheet, warnings)``; ``cells`` has one row per non-empty numeric cell with
        ``balance_row`` (label as printed), ``row`` (row id of ``energy_balance_rows.csv`` or None),
        ``kind``, ``parent``, ``balance_column``, ``column_kind``, ``fuel``, ``balance_unit``, ``value``,
        ``balance_cell`` (``C12``), ``excel_row``.

    Raises
    ------
    gpc.InputError
        When no table is found, a carrier column has no unit, or a cell holds text that is not a number.
    """
    file = Path(path)
    check_workbook_file(file)
    sheets = read_workbook_sheets(file)
    sheet, h, warnings = _choose_sheet(sheets, year, file.name)
    rows = sheets[sheet]
    found_year = _sheet_year(rows, h, sheet, year)
    problems: list[Problem] = []
    cols, label_col, start = _columns(rows, h, sheet, problems)
    records = _cell_records(rows, cols, label_col, start, sheet, problems, warnings)
    for c in cols[cols["kind"] == "unknown"].itertuples():
        warnings.append(label("warn.balance_unknown_column", "en", column=normalise_text(c.header)))
    if problems:
        raise InputError(problems)
    cells = pd.DataFrame.from_records(records, columns=[
        "balance_row", "row", "kind", "parent", "balance_column", "column_kind", "fuel", "balance_unit", "value",
        "balance_cell", "excel_row"])
    cells["parent"] = cells["parent"].replace("", None)
    return cells, year if year is not None else found_year, sheet, warnings


def _sheet_year(rows: list[list[Any]], h: int, sheet: str, year: int | None) -> int | None:
    """The year the sheet is for (its title, else its name); refused when it is not the ``year`` asked."""
    found_year = _title_year(rows, h)
    m = _YEAR.search(normalise_text(sheet))
    found_year = found_year or (int(m.group(1)) if m else None)
    if year is not None and found_year is not None and found_year != year:
        at = next((i + 1 for i, r in enumerate(rows[:h]) for v in r
                   if isinstance(v, str) and _TITLE_YEAR.search(normalise_text(v))), None)
        where = f"its title in row {at}" if at is not None and _title_year(rows, h) == found_year else "its name"
        raise InputError([Problem(sheet, at if where != "its name" else None, None, found_year,
                                  f"the sheet is for {found_year} ({where} says so), but year {year} was asked "
                                  f"(--year): give --year {found_year}, or choose the sheet of {year}")])
    return found_year


def _cell_records(rows: list[list[Any]], cols: pd.DataFrame, label_col: int, start: int, sheet: str,
                  problems: list[Problem], warnings: list[str]) -> list[dict[str, Any]]:
    """One record per non-empty numeric cell under the header, with the balance row it belongs to; a cell
    that is not a number, or numbers without a row label, become problems."""
    records: list[dict[str, Any]] = []
    block: str | None = None
    for i in range(start, len(rows)):
        r = rows[i] + [None] * (max(cols["col"].max(), label_col) + 1)
        values = [(c, r[c.col]) for c in cols.itertuples() if not _is_blank(r[c.col])]
        text = r[label_col]
        if _is_blank(text):
            if values:
                problems.append(Problem(sheet, i + 1, _column_letter(label_col), None,
                                        "numbers without a row label: label the row (e.g. 工业) or clear it"))
            continue
        match = _match_row(row_key(text), block)
        if match is not None and (match["kind"] == "block" or match["block"] != block):
            block = match["block"]
        if match is None and values:
            warnings.append(label("warn.balance_unmapped_row", "en", row_label=normalise_text(text)))
        for c, v in values:
            x, why = _number_or_why(v)
            if x is None:
                problems.append(Problem(sheet, i + 1, str(c.header), v, why))
                continue
            records.append({
                "balance_row": normalise_text(text), "row": None if match is None else match["row"],
                "kind": None if match is None else match["kind"], "parent": None if match is None else match["parent"],
                "balance_column": normalise_text(c.header), "column_kind": c.kind, "fuel": c.fuel, "balance_unit": c.unit,
                "value": x, "balance_cell": f"{_column_letter(c.col)}{i + 1}", "excel_row": i + 1,
            })
    return records
