"""Import a city energy balance table (National Bureau of Statistics layout) as v1 activity rows.

The table is the 能源平衡表（实物量）of Chinese statistical yearbooks: one row per flow (supply,
加工转换 transformation, 损失量, 终端消费量 by sector, 居民生活 …), one column per energy carrier in
physical units (万吨, 亿立方米, 亿千瓦时, 万百万千焦 …, given in the header, ``原煤（万吨）``, or in a units
row under it). Which balance row goes to which GPC row is data, not code:

* ``gpc/data/energy_balance_rows.csv`` — the rows the reader recognises (labels and aliases, block, kind);
* ``gpc/data/energy_balance_map.csv`` — row × fuel → GPC target and share (the user may pass their own).

Nothing is lost: every non-empty numeric cell is either imported (one or more activity rows whose
``balance_value`` add up to it) or reported with the reason (supply, transformation output, total …);
:func:`reconcile` checks the imported amounts against the table's totals per fuel. See
``docs/china.md`` for the mapping and the assumptions it carries.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from gpc import taxonomy
from gpc.activity_catalogue import DISTRICT_HEAT, GRID_ELECTRICITY, fuel_catalogue, resolve_activity
from gpc.errors import InputError, Problem
from gpc.i18n.zh import label
from gpc.io.excel_in import read_workbook_sheets
from gpc.io.plain_sheet import write_plain_sheet
from gpc.io.safety import check_workbook_file
from gpc.units import UnitParseError, normalise_text, parse_unit

__all__ = [
    "ACTIVITY_COLUMNS",
    "BalanceImport",
    "balance_import",
    "balance_rows",
    "default_mapping",
    "import_balance",
    "read_energy_balance",
    "reconcile",
]

#: v1 activity columns written by the import, then the columns that trace each row to its cell.
ACTIVITY_COLUMNS = ["gpc_ref", "activity", "amount", "unit", "source", "explanation", "notation_key", "data_quality"]
TRACE_COLUMNS = ["balance_row", "balance_column", "balance_cell", "balance_value", "balance_unit", "share"]
GRID_ACTIVITIES = (GRID_ELECTRICITY, DISTRICT_HEAT)
VEHICLE_TARGET = "II.1"
TRANSPORT_ROW = "transport"
_TOTAL_COLUMNS = ("合计", "总计", "能源合计", "能源消费总量", "综合能源消费量", "total")
_BLANKS = ("", "-", "--", "—", "–", "─", "…", "...", "/", "x", "X")
_HEADER_SCAN = 40


@dataclass
class BalanceImport:
    """What :func:`balance_import` read and made.

    Attributes
    ----------
    activity : pandas.DataFrame
        v1 activity rows (:data:`ACTIVITY_COLUMNS`) and the cell each comes from (``balance_row``,
        ``balance_column``, ``balance_cell``, ``balance_value`` in the table's unit, ``balance_unit``,
        ``share``).
    cells : pandas.DataFrame
        Every non-empty numeric cell of the table with ``destination`` (``imported`` or
        ``reported: <reason>``).
    year : int or None
        The balance year (argument, sheet name or title).
    sheet : str
        The sheet read.
    warnings : list of str
        Things to review (unmapped rows, parts that do not add up, assumptions applied …).
    """

    activity: pd.DataFrame
    cells: pd.DataFrame
    year: int | None
    sheet: str
    warnings: list[str] = field(default_factory=list)

    @property
    def reported(self) -> pd.DataFrame:
        """The cells that were not imported, with the reason."""
        return self.cells[self.cells["destination"] != "imported"]


# --------------------------------------------------------------------------------------------- data


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


def default_mapping() -> pd.DataFrame:
    """The shipped mapping (``energy_balance_map.csv``): row × fuel → target, share."""
    return _read_data_csv("energy_balance_map.csv")


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
    problems: list[Problem] = []
    cols, label_col, start = _columns(rows, h, sheet, problems)
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
    for c in cols[cols["kind"] == "unknown"].itertuples():
        warnings.append(label("warn.balance_unknown_column", "en", column=normalise_text(c.header)))
    if problems:
        raise InputError(problems)
    cells = pd.DataFrame.from_records(records, columns=[
        "balance_row", "row", "kind", "parent", "balance_column", "column_kind", "fuel", "balance_unit", "value",
        "balance_cell", "excel_row"])
    cells["parent"] = cells["parent"].replace("", None)
    return cells, year if year is not None else found_year, sheet, warnings


# ---------------------------------------------------------------------------------------- mapping


def _load_mapping(mapping: str | Path | pd.DataFrame | None) -> pd.DataFrame:
    if mapping is None:
        m = default_mapping()
    elif isinstance(mapping, pd.DataFrame):
        m = mapping.astype(str).replace("nan", "")
    else:
        from gpc.io.paths import check_input

        if bad := check_input(mapping):  # a FIFO or device is never opened
            raise InputError(bad)
        try:
            m = pd.read_csv(mapping, dtype=str, keep_default_na=False)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError([Problem(Path(mapping).name, None, None, None,
                                      f"not a CSV table in UTF-8 ({type(exc).__name__}): give the mapping as a "
                                      "CSV file with the columns of gpc/data/energy_balance_map.csv")]) from None
    missing = {"row", "fuel", "target", "share"} - set(m.columns)
    if missing:
        raise ValueError(f"the energy balance mapping lacks the columns {', '.join(sorted(missing))}")
    for col in ("activity", "notation_key", "source", "note"):
        if col not in m.columns:
            m[col] = ""
    m = m.copy()
    m["share"] = pd.to_numeric(m["share"].replace("", "1"), errors="raise").astype("float64")
    _check_targets(m)
    return m


def _check_targets(m: pd.DataFrame) -> None:
    bad = [t for t in m["target"].unique() if t != "reported" and not _is_target(t)]
    if bad:
        raise ValueError(f"unknown GPC targets in the energy balance mapping: {', '.join(bad)}")
    sums = m.groupby(["row", "fuel"])["share"].sum()
    off = sums[(sums - 1).abs() > 1e-9]
    if len(off):
        raise ValueError("shares of the energy balance mapping must add up to 1 per row and fuel: "
                         + "; ".join(f"{r} × {f}: {s:g}" for (r, f), s in off.items()))


def _is_target(target: str) -> bool:
    return taxonomy.is_ref(target) or taxonomy.is_ref(f"{target}.1")


def _gpc_ref(target: str, activity: str) -> str:
    """A full reference number: ``I.1`` → ``I.1.1`` for fuels, ``I.1.2`` for grid electricity and heat."""
    if taxonomy.is_ref(target):
        return taxonomy.normalise_ref(target)
    return f"{target}.{2 if activity in GRID_ACTIVITIES else 1}"


def _apply_overrides(m: pd.DataFrame, private_vehicle_shares: Mapping[str, Mapping[str, float]] | None,
                     transport_shares: Mapping[str, Mapping[str, float]] | None) -> pd.DataFrame:
    """Replace the splits of (row, fuel) the user gave; every override is checked to add up to 1."""
    replacements: list[pd.DataFrame] = []
    for row, fuels in (private_vehicle_shares or {}).items():
        for fuel, share in fuels.items():
            if not 0 <= float(share) <= 1:
                raise ValueError(f"private_vehicle_shares[{row!r}][{fuel!r}] = {share}: give a fraction between 0 and 1")
            default = m[(m["row"] == row) & (m["fuel"] == "*")]
            if default.empty:
                raise ValueError(f"private_vehicle_shares: {row!r} is not a row of the mapping")
            vehicle = default.iloc[[0]].assign(fuel=fuel, target=VEHICLE_TARGET, share=float(share), activity="",
                                               notation_key="", source="user: private_vehicle_shares")
            rest = default.assign(fuel=fuel, share=default["share"] * (1 - float(share)),
                                  source="user: private_vehicle_shares (remainder)")
            replacements.append(pd.concat([vehicle, rest]))
    for fuel, targets in (transport_shares or {}).items():
        total = sum(float(s) for s in targets.values())
        if abs(total - 1) > 1e-9 or any(float(s) < 0 for s in targets.values()):
            raise ValueError(f"transport_shares[{fuel!r}] must be fractions adding up to 1 (they add up to {total:g})")
        base = m[(m["row"] == TRANSPORT_ROW) & (m["fuel"].isin([fuel, "*"]))]
        base = base[base["fuel"] == fuel] if (base["fuel"] == fuel).any() else base
        activity = base["activity"].iloc[0] if len(base) else ""
        replacements.append(pd.DataFrame([{"row": TRANSPORT_ROW, "fuel": fuel, "target": t, "share": float(s), "activity": activity,
                                               "notation_key": "", "source": "user: transport_shares", "note": ""}
                                          for t, s in targets.items() if float(s) > 0]))
    if not replacements:
        return m
    new = pd.concat(replacements, ignore_index=True)
    new = new[new["share"] > 0]
    keys = set(zip(new["row"], new["fuel"]))
    kept = m[[k not in keys for k in zip(m["row"], m["fuel"])]]
    out = pd.concat([kept, new], ignore_index=True)
    _check_targets(out)
    return out


def _targets(m: pd.DataFrame, row: str, fuel: str) -> pd.DataFrame:
    own = m[(m["row"] == row) & (m["fuel"] == fuel)]
    return own if len(own) else m[(m["row"] == row) & (m["fuel"] == "*")]


# ------------------------------------------------------------------------------------------ import


_REPORTED_KIND = {
    "block": "reported: block total",
    "supply": "reported: supply",
    "transformation": "reported: transformation (not combustion)",
    "loss": "reported: losses",
    "balance": "reported: balance / total",
    "detail": "reported: part of its parent row",
}


def _destination(cells: pd.DataFrame) -> pd.Series:
    """Whether each cell is imported or why it is reported."""
    dest = pd.Series("imported", index=cells.index, dtype=object)
    dest[cells["kind"].isin(list(_REPORTED_KIND))] = cells["kind"].map(_REPORTED_KIND)
    tc = cells["kind"] == "transformation_combustion"
    dest[tc & (cells["value"] > 0)] = "reported: transformation output"
    dest[cells["kind"].isin(["final", "carve_out"]) & (cells["value"] < 0)] = "reported: negative consumption"
    dest[cells["value"] == 0] = "reported: zero"
    dest[cells["row"].isna()] = "reported: row not in the mapping"
    dest[cells["column_kind"] == "total"] = "reported: total column"
    dest[cells["column_kind"] == "unknown"] = "reported: not a known energy carrier"
    return dest


def _amounts(cells: pd.DataFrame, sheet: str, problems: list[Problem]) -> pd.Series:
    """The amount each imported cell brings: inputs of transformation as positive numbers, and parents
    less the carve-out rows (``#用作原料、材料`` …) listed under them."""
    amount = cells["value"].abs().where(cells["destination"] == "imported", 0.0)
    carve = cells[(cells["kind"] == "carve_out") & (cells["destination"] == "imported")]
    for (parent, fuel_col), part in carve.groupby(["parent", "balance_column"]):
        owner = cells[(cells["row"] == parent) & (cells["balance_column"] == fuel_col)]
        carved = float(part["value"].sum())
        if owner.empty or float(owner["value"].iloc[0]) < carved - 1e-9 * max(1.0, carved):
            have = 0.0 if owner.empty else float(owner["value"].iloc[0])
            problems.append(Problem(sheet, int(part["excel_row"].iloc[0]), fuel_col, carved,
                                    f"the sub-items of '{parent}' ({carved:g}) exceed the row itself ({have:g}): "
                                    "check the table"))
            continue
        amount.loc[owner.index[0]] = float(owner["value"].iloc[0]) - carved
    return amount


def _activity_rows(cells: pd.DataFrame, m: pd.DataFrame, file: str, sheet: str, year: int | None) -> pd.DataFrame:
    out: list[dict[str, Any]] = []
    carved_by = cells[cells["kind"] == "carve_out"].groupby(["parent", "balance_column"])["balance_row"].agg("、".join)
    for c in cells[(cells["destination"] == "imported") & (cells["amount"] > 0)].itertuples():
        source = label("balance.source", "en", file=file, sheet=sheet, cell=c.balance_cell, row_label=c.balance_row,
                       column=c.balance_column, year=year if year is not None else "")
        targets = _targets(m, c.row, c.fuel)
        if targets.empty:
            raise ValueError(f"the energy balance mapping has no row for {c.row!r} (add '{c.row},*,<target>,1')")
        for t in targets.itertuples():
            if t.target == "reported":
                continue
            activity = t.activity or c.fuel
            part = c.amount * t.share
            notes: list[str] = []
            if (c.row, c.balance_column) in carved_by.index:
                notes.append(label("balance.carved", "en", row_label=c.balance_row,
                                   carved=carved_by[(c.row, c.balance_column)], target=t.target))
            if t.notation_key:
                notes.append(label("balance.feedstock", "en", value=f"{part:g}", unit=c.balance_unit,
                                   column=c.balance_column))
            elif t.share < 1 or t.source.startswith(("assumption", "user")):
                notes.append(label("balance.split", "en", share=f"{t.share:.0%}", row_label=c.balance_row,
                                   column=c.balance_column, value=f"{c.amount:g}", unit=c.balance_unit,
                                   target=t.target, reason=t.source))
            out.append({
                "gpc_ref": _gpc_ref(t.target, activity),
                "activity": activity,   # on an IE row: the part of the GPC row it covers (gpc.validation)
                "amount": None if t.notation_key else part,
                "unit": None if t.notation_key else c.balance_unit,
                "source": source,
                "explanation": "; ".join(notes) or None,
                "notation_key": t.notation_key or None,
                "data_quality": "M" if t.source.startswith(("assumption", "user")) else "H",
                "balance_row": c.balance_row, "balance_column": c.balance_column, "balance_cell": c.balance_cell,
                "balance_value": part, "balance_unit": c.balance_unit, "share": t.share,
            })
    return pd.DataFrame.from_records(out, columns=ACTIVITY_COLUMNS + TRACE_COLUMNS)


def _consistency_warnings(cells: pd.DataFrame) -> list[str]:
    warnings: list[str] = []
    for (parent, col), part in cells[cells["kind"] == "detail"].groupby(["parent", "balance_column"]):
        whole = cells[(cells["row"] == parent) & (cells["balance_column"] == col)]["value"].sum()
        parts = part["value"].sum()
        if abs(parts - whole) > max(0.01, 1e-3 * abs(whole)):
            warnings.append(label("warn.balance_parts_mismatch", "en", row_label=parent, parts=f"{parts:g}",
                                  total=f"{whole:g}", column=col))
    return warnings


def balance_import(
    path: str | Path,
    *,
    year: int | None = None,
    private_vehicle_shares: Mapping[str, Mapping[str, float]] | None = None,
    transport_shares: Mapping[str, Mapping[str, float]] | None = None,
    mapping: str | Path | pd.DataFrame | None = None,
) -> BalanceImport:
    """Read an energy balance workbook and map it to v1 activity rows.

    Parameters
    ----------
    path : str or Path
        The workbook (``.xlsx``); the sheet with the balance is found by its header row.
    year : int, optional
        Which year's sheet to read when the workbook has several (default: the only one, or the first).
    private_vehicle_shares : mapping, optional
        ``{row: {fuel: share}}``: the share of a row's gasoline or diesel that is vehicle fuel and goes to
        on-road transport (II.1.1); the rest stays with the row's own target. Rows are the ids of
        ``energy_balance_rows.csv`` (``residential``, ``commerce``, ``other``, ``industry``,
        ``construction``, ``agriculture``). Defaults in ``energy_balance_map.csv`` (``docs/china.md``).
    transport_shares : mapping, optional
        ``{fuel: {target: share}}``: the split of the transport sector's use of a fuel over GPC targets,
        e.g. ``{"gas_diesel_oil": {"II.1": 0.85, "II.2": 0.05, "II.3": 0.1}}`` (sub-sectors get scope 1,
        or 2 for electricity and heat; full refs such as ``"II.4.3"`` are kept).
    mapping : path or DataFrame, optional
        A mapping with the columns of ``energy_balance_map.csv`` to use instead of the shipped one.

    Returns
    -------
    BalanceImport

    Raises
    ------
    gpc.InputError
        For problems in the table (no unit, text where a number should be, sub-items exceeding their row).
    ValueError
        For a mapping or shares that do not add up to 1 or name unknown GPC rows.
    """
    m = _apply_overrides(_load_mapping(mapping), private_vehicle_shares, transport_shares)
    cells, found_year, sheet, warnings = read_cells(path, year=year)
    cells["destination"] = _destination(cells)
    problems: list[Problem] = []
    cells["amount"] = _amounts(cells, sheet, problems)
    if problems:
        raise InputError(problems)
    activity = _activity_rows(cells, m, Path(path).name, sheet, found_year)
    warnings += _consistency_warnings(cells)
    result = BalanceImport(activity=activity, cells=cells.drop(columns=["amount"]), year=found_year, sheet=sheet,
                           warnings=warnings)
    warnings += _total_warnings(reconcile(result))
    return result


def read_energy_balance(
    path: str | Path,
    *,
    year: int | None = None,
    private_vehicle_shares: Mapping[str, Mapping[str, float]] | None = None,
    mapping: str | Path | pd.DataFrame | None = None,
    transport_shares: Mapping[str, Mapping[str, float]] | None = None,
) -> pd.DataFrame:
    """The v1 activity rows of an energy balance workbook (see :func:`balance_import`)."""
    return balance_import(path, year=year, private_vehicle_shares=private_vehicle_shares,
                          transport_shares=transport_shares, mapping=mapping).activity


# -------------------------------------------------------------------------------------- reconcile


def reconcile(result: BalanceImport) -> pd.DataFrame:
    """Per energy carrier: what the table says should be imported, and what was.

    ``expected`` = the top-level final-consumption rows (终端消费量 by sector, sub-items excluded) plus
    the fuel inputs of 火力发电 and 供热; ``imported`` = the sum of ``balance_value`` over the activity
    rows of that column (notation-key rows for non-energy use included). ``table_final_total`` is the
    table's own 终端消费量 row where it has one.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``balance_column``: ``balance_unit, table_final_total, final_rows, transformation_inputs,
        expected, imported, difference``.
    """
    c = result.cells[result.cells["column_kind"] == "fuel"]
    by = "balance_column"
    final_rows = c[c["kind"] == "final"].groupby(by)["value"].sum()
    inputs = -c[(c["kind"] == "transformation_combustion") & (c["value"] < 0)].groupby(by)["value"].sum()
    total = c[c["row"] == "final"].groupby(by)["value"].sum()
    imported = result.activity.groupby(by)["balance_value"].sum()
    units = c.groupby(by)["balance_unit"].first()
    out = pd.DataFrame({"balance_unit": units}).join([
        total.rename("table_final_total"), final_rows.rename("final_rows"),
        inputs.rename("transformation_inputs"), imported.rename("imported")])
    out[["final_rows", "transformation_inputs", "imported"]] = (
        out[["final_rows", "transformation_inputs", "imported"]].fillna(0.0))
    out["expected"] = out["final_rows"] + out["transformation_inputs"]
    out["difference"] = out["imported"] - out["expected"]
    return out


def _total_warnings(rec: pd.DataFrame) -> list[str]:
    has = rec.dropna(subset=["table_final_total"])
    off = has[(has["table_final_total"] - has["final_rows"]).abs() > (0.01 + 1e-3 * has["table_final_total"].abs())]
    return [label("warn.balance_total_mismatch", "en", parts=f"{r.final_rows:g}", total=f"{r.table_final_total:g}",
                  column=col) for col, r in off.iterrows()]


# ------------------------------------------------------------------------------------------ write


def import_balance(
    path: str | Path,
    out_path: str | Path,
    *,
    city: Mapping[str, Any] | None = None,
    lang: str = "en",
    **kw: Any,
) -> BalanceImport:
    """Import an energy balance and write a v1 activity workbook for the user to review.

    The workbook has the sheets ``city`` (year from the balance, ``country`` CN, ``factors`` china, and
    whatever ``city`` gives, e.g. ``{"name": "示例市", "region": "CN-HB"}``), ``activity`` (the imported
    rows with their cell of origin) and ``balance_cells`` (every numeric cell with where it went; gpc
    ignores this sheet when it reads the workbook).

    Parameters
    ----------
    path, out_path : str or Path
        The energy balance workbook and the activity workbook to write.
    city : mapping, optional
        City-sheet fields to write.
    lang : str
        ``"zh"`` writes the workbook in Chinese: sheet names (城市, 活动数据, 能源平衡表单元格), headers,
        city fields and the source and explanation texts; gpc reads it back to the same inventory.
    **kw
        Passed to :func:`balance_import` (``year``, ``private_vehicle_shares``, ``transport_shares``,
        ``mapping``).
    """
    import xlsxwriter

    result = balance_import(path, **kw)
    fields: dict[str, Any] = {"name": Path(path).stem, "country": "CN", "year": result.year, "factors": "china"}
    fields.update({k: v for k, v in (city or {}).items() if v is not None})
    city_df = pd.DataFrame({"field": list(fields), "value": list(fields.values())})
    cells = result.cells[["balance_cell", "balance_row", "row", "kind", "balance_column", "fuel", "value",
                          "balance_unit", "destination"]]
    sheets = [("city", city_df), ("activity", result.activity), ("balance_cells", cells)]
    if lang == "zh":
        sheets = _in_chinese(sheets)
    from gpc.io.atomic import atomic_path

    with atomic_path(Path(out_path), suffix=".xlsx") as tmp:
        with xlsxwriter.Workbook(str(tmp), {"nan_inf_to_errors": False, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False}) as wb:
            for name, df in sheets:
                write_plain_sheet(wb, name, df)
    return result


#: Chinese headers of the columns that trace a row back to the balance (gpc does not read them)
_TRACE_ZH = {"balance_row": "平衡表行", "balance_column": "平衡表列", "balance_cell": "平衡表单元格",
             "balance_value": "平衡表数值", "balance_unit": "平衡表单位", "share": "分配比例", "row": "行代码",
             "kind": "类型", "fuel": "能源品种", "value": "数值", "destination": "去向"}


def _in_chinese(sheets: list[tuple[str, pd.DataFrame]]) -> list[tuple[str, pd.DataFrame]]:
    """The workbook's sheets with Chinese sheet names, headers, city fields and texts."""
    from gpc.activity_catalogue import activity_names_zh
    from gpc.i18n.zh import localise
    from gpc.io.sheets import column_names_zh, sheet_names_zh

    sheet_zh = {**sheet_names_zh(), "balance_cells": "能源平衡表单元格"}
    out = []
    for name, df in sheets:
        df = df.copy()
        if name == "city":
            fields = column_names_zh("city")
            df["field"] = [fields.get(f, f) for f in df["field"]]
            df = df.rename(columns={"field": "字段", "value": "值"})
        else:
            if name == "activity":
                fuel_zh = activity_names_zh()
                df["activity"] = [fuel_zh.get(a, a) if isinstance(a, str) else a for a in df["activity"]]
            for col in ("source", "explanation"):
                if col in df.columns:
                    df[col] = [None if v is None or (isinstance(v, float) and math.isnan(v))
                               else "；".join(localise(p) for p in str(v).split("; ")) for v in df[col]]
            df = df.rename(columns={**column_names_zh("activity"), **_TRACE_ZH})
        out.append((sheet_zh.get(name, name), df))
    return out
