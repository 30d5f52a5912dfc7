"""The city sheet of a workbook (rows ``field | value``): each field typed, where it was given recorded, a field
given twice reported (a problem naming both rows when the values differ).

Part of the workbook reader (:mod:`gpc.io.excel_in`).
"""

from __future__ import annotations

import math
from typing import Any

from gpc.errors import Problem
from gpc.i18n import label
from gpc.io.sheet_table import _first_nonblank_row
from gpc.io.sheets import CellError, _extra_header_aliases, coerce, header_key, is_blank, sheet_spec
from gpc.io.typed import _show
from gpc.units import normalise_text


def _read_city(sheet: str, rows: list[list[Any]], problems: list[Problem],
               warnings: list[Problem], where: dict[str, tuple[str, int]] | None = None,
               as_typed: dict[str, str] | None = None) -> dict[str, Any]:
    """The fields of the city sheet, typed; ``where`` gets (sheet, Excel row) of each field given, ``as_typed``
    the header and field names as the user typed them (for messages).

    A field given twice with different values is a problem naming both rows (the first value is kept so that
    the data can still be checked); the same value twice is a warning."""
    spec = sheet_spec("city")
    hmap = spec.header_map()
    h = _first_nonblank_row(rows)
    values: dict[str, Any] = {}
    if where is None:
        where = {}
    given: dict[str, tuple[int, Any, Any]] = {}   # field → (Excel row, cell, typed value) of its first row
    if h is None:
        return values
    for i in range(_first_field_row(rows, h, as_typed), len(rows)):
        r = rows[i] + [None, None]
        key, val = r[0], r[1]
        if is_blank(key):
            if not is_blank(val):
                problems.append(Problem(sheet, i + 1, "field", None, "a value has no field name: fill in the field"))
            continue
        canon = hmap.get(header_key(key))
        if canon is not None and as_typed is not None:
            as_typed.setdefault(canon, normalise_text(key))  # a city field as typed (年份 …), for messages
        if canon is None:
            warnings.append(Problem(sheet, i + 1, "field", key,
                                    label("warn.unknown_city_field", "en", known=", ".join(spec.names)),
                                    "warning"))
            values.setdefault("_extra", {})[normalise_text(key)] = val
            where.setdefault("extra." + normalise_text(key), (sheet, i + 1))
            continue
        if is_blank(val) and canon not in given:
            if canon == "year" and "year" not in where:  # the template's empty year row: say where to type it
                where["year"] = (sheet, i + 1)
                problems.append(Problem(sheet, i + 1, "value", None,
                                        "year: the inventory year is required: type it here, e.g. 2023"))
            continue   # a field left empty is not given (and not a second value of a field given below)
        try:
            typed = coerce(val, spec.column(canon))
        except CellError as exc:
            problems.append(Problem(sheet, i + 1, "value", val, f"{canon}: {exc}"))
            typed = _BAD
        if canon in given:
            _given_twice(sheet, i, key, val, typed, canon, given[canon], problems, warnings)
            continue
        given[canon] = (i + 1, val, typed)
        where[canon] = (sheet, i + 1)
        if typed is not _BAD and typed is not None:
            values[canon] = typed
    return values


def _first_field_row(rows: list[list[Any]], h: int, as_typed: dict[str, str] | None) -> int:
    """The first row of fields: ``h``, or the row under it when ``h`` is a header row (``field | value``,
    ``名称项 | …``), whose texts then go to ``as_typed``."""
    first = [header_key(x) for x in rows[h][:2]]
    if first and (first[0] in ("field", "名称项") or _extra_header_aliases().get("city_header", {})
                  .get(rows[h][0] if isinstance(rows[h][0], str) else "") == "field"
                  or first[0] in {header_key(a) for a, c in _extra_header_aliases().get("city_header", {}).items()
                                  if c == "field"}):
        if as_typed is not None:
            for part, text in zip(("field", "value"), rows[h][:2]):
                if not is_blank(text):
                    as_typed[part] = normalise_text(text)
        return h + 1
    return h


def _given_twice(sheet: str, i: int, key: Any, val: Any, typed: Any, canon: str, first: tuple[int, Any, Any],
                 problems: list[Problem], warnings: list[Problem]) -> None:
    """A field given again in row ``i + 1`` (``first`` = its first row, cell and typed value): a warning when
    the values are the same, a problem naming both rows when they differ."""
    row0, cell0, typed0 = first
    if typed is _BAD or typed0 is _BAD or _same(typed, typed0):
        if typed is not _BAD and typed0 is not _BAD and not (is_blank(val) and is_blank(cell0)):
            warnings.append(Problem(sheet, i + 1, "field", key,
                                    label("warn.city_field_twice", "en", field=canon, first=str(row0),
                                          second=str(i + 1)), "warning"))
    else:
        problems.append(Problem(sheet, i + 1, "value", val,
                                f"{canon} is given twice with different values: row {row0} says "
                                f"{_show_cell(cell0)}, row {i + 1} says {_show_cell(val)} — keep the row "
                                "that is right and delete the other"))


_BAD = object()   # a city value that could not be typed (its problem is already reported)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    try:
        return bool(a == b)
    except Exception:
        return False


def _show_cell(v: Any) -> str:
    return "nothing" if is_blank(v) else repr(_show(v))
