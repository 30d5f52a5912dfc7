"""Read an activity workbook (v1) into :class:`gpc.activity_data.ActivityData`.

Cells are read as Excel shows them (cached values of formulas) with python-calamine. Every problem
found in every sheet is collected and raised at once as :class:`gpc.errors.InputError`.

The jobs are split over modules, each importing only those before it: :mod:`gpc.io.workbook_cells` (the cells
of every worksheet) → :mod:`gpc.io.sheet_table` (a data sheet as a typed table) → :mod:`gpc.io.city_sheet` (the
city sheet) → this module (the workbook: which sheet is which, the settings, every problem at once).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from gpc.activity_data import ActivityData
from gpc.errors import InputError, Problem
from gpc.i18n import label
from gpc.io.city_sheet import _read_city
from gpc.io.safety import check_workbook_file
from gpc.io.sheet_table import _table_from_rows
from gpc.io.sheets import header_key, sheet_aliases, sheet_spec, sheet_specs
from gpc.io.typed import _structural, duplicate_warnings, settings_from_mapping, type_table
from gpc.io.workbook_cells import (  # _load_sheets: also gpc.importers.ecrf
    _load_sheets,
    _RawSheet,
    read_workbook_sheets,
)

__all__ = ["read_activity", "read_workbook_sheets", "type_table", "settings_from_mapping", "duplicate_warnings"]

DATA_SHEETS_EXCLUDED = ("city",)


def read_activity(path: str | Path, city: Mapping[str, Any] | None = None, *, strict: bool = True) -> ActivityData:
    """Read and type an activity workbook (v1): the reader alone, without the checks of the sectors.

    :func:`gpc.read_activity` (:func:`gpc.engine.read_activity`) adds every check :func:`gpc.calculate` runs;
    use it unless you want only the typed tables. With ``strict=False`` problems in cells are returned in
    ``ActivityData.problems`` instead of raised (problems with the file itself are always raised).
    """
    return _read_activity(path, city, strict=strict)


def _read_activity(path: str | Path, city: Mapping[str, Any] | None, *, strict: bool) -> ActivityData:
    from gpc.io.tables_in import read_table_file

    file = Path(path)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if file.suffix.lower() in (".csv", ".parquet", ".txt", ".tsv"):
        return read_table_file(file, city=city, strict=strict)
    scan = check_workbook_file(file)
    warnings.extend(scan.warnings())
    sheets = _load_sheets(file, scan, problems, warnings)
    if problems and not sheets:
        raise InputError(problems)
    aliases = sheet_aliases()
    tables: dict[str, pd.DataFrame] = {}
    broken: set[str] = set()
    city_values: dict[str, Any] = {}
    city_rows: dict[str, tuple[str, int]] = {}
    found_city = False
    headers: dict[str, dict[str, str]] = {}  # columns as the user named them, for messages
    for name, raw_sheet in sheets.items():
        rows = raw_sheet.rows
        canon = aliases.get(header_key(name))
        if canon is None:
            _not_a_gpc_sheet(name, rows, problems, warnings)
            continue
        if canon == "_ignore":  # sheets gpc writes for the reader's information (lists, balance_cells)
            continue
        if canon == "city":
            if found_city:
                problems.append(Problem(name, None, None, None, "a second 'city' sheet: merge them into one"))
                continue
            found_city = True
            city_values.update(_read_city(name, rows, problems, warnings, city_rows, headers.setdefault(name, {})))
            headers.setdefault("city", {})["_sheet"] = name
            continue
        if canon in tables:
            problems.append(Problem(name, None, None, None, f"a second '{canon}' sheet: merge them into one"))
            continue
        _read_data_sheet(name, raw_sheet, canon, tables, broken, headers, problems, warnings)
    if city:
        given = {k: v for k, v in city.items() if v is not None}
        city_values.update(given)
        for k in given:
            city_rows.pop(k, None)
    if not found_city and not (city and "year" in city):
        problems.append(Problem("city", None, None, None,
                                "the workbook has no 'city' sheet: add one with rows 'field | value' (at least year)"))
    city_sheet = next((n for n in sheets if aliases.get(header_key(n)) == "city"), "city")
    settings = settings_from_mapping(city_values, [] if not found_city and not city else problems, city_sheet,
                                     city_rows)
    if not tables:
        problems.append(Problem(file.name, None, None, None,
                                "no data sheet found: add an 'activity' sheet (see `gpc template`)"
                                if sheets else "the workbook has no sheets with data: add an 'activity' sheet "
                                "(see `gpc template`)"))
    if problems and strict:
        raise InputError(problems, headers=headers)
    return ActivityData(settings=settings, tables=tables, warnings=warnings, source=str(file), problems=problems,
                        city_rows=city_rows, broken=broken, headers=headers)


def _not_a_gpc_sheet(name: str, rows: list[list[Any]], problems: list[Problem], warnings: list[Problem]) -> None:
    """A sheet whose name is no gpc sheet's: a problem if it holds gpc columns, else a warning."""
    misnamed = _misnamed_sheet(name, rows)
    if misnamed is not None:
        problems.append(misnamed)
        return
    warnings.append(Problem(name, None, None, None,
                            label("warn.not_a_gpc_sheet", "en", known=", ".join(sorted(sheet_specs()))),
                            "warning"))


def _read_data_sheet(name: str, raw_sheet: _RawSheet, canon: str, tables: dict[str, pd.DataFrame],
                     broken: set[str], headers: dict[str, dict[str, str]], problems: list[Problem],
                     warnings: list[Problem]) -> None:
    """Read data sheet ``name`` (gpc sheet ``canon``) into ``tables``; ``broken`` gets it when its structure
    is wrong (a missing required column …)."""
    before = len(problems)
    t = _table_from_rows(name, raw_sheet.rows, sheet_spec(canon), problems, warnings, raw_sheet.merged,
                         headers.setdefault(name, {}))
    if any(_structural(p) for p in problems[before:]):
        broken.add(canon)
    if t is not None:
        t["sheet"] = name
        tables[canon] = t
        warnings.extend(duplicate_warnings(t, name))
        if canon == "activity":
            from gpc.activity_catalogue import unknown_activity_problems

            problems.extend(unknown_activity_problems(t, name))


def _misnamed_sheet(name: str, rows: list[list[Any]]) -> Problem | None:
    """A problem for a sheet whose name is no gpc sheet's but which holds the columns of one (``Activities``,
    ``activity 2023``): its rows would be ignored silently. None for a sheet without gpc columns."""
    import difflib

    best: tuple[int, float, str, int, list[str]] | None = None
    for spec_name, spec in sheet_specs().items():
        if spec_name == "city":
            continue
        hmap = spec.header_map()
        for i, r in enumerate(rows[:30]):
            cols = list(dict.fromkeys(c for v in r if isinstance(v, str) and (c := hmap.get(header_key(v)))))
            if len(cols) >= 2 and any(spec.column(c).required == "yes" for c in cols):
                score = difflib.SequenceMatcher(None, header_key(name), header_key(spec_name)).ratio()
                cand = (len(cols), score, spec_name, i, cols)
                if best is None or cand[:2] > best[:2]:
                    best = cand
                break
    if best is None:
        return None
    _, _, spec_name, i, cols = best
    return Problem(name, i + 1, None, None,
                   f"this sheet holds gpc columns ({', '.join(cols)}) but '{name}' is not the name of a gpc sheet, "
                   f"so its rows would be ignored: did you mean `{spec_name}`? Rename the sheet to '{spec_name}' "
                   f"(or move its rows into the '{spec_name}' sheet)")
