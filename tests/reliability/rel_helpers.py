"""Builders of real test workbooks (openpyxl / xlsxwriter / raw zip) for the reliability tests."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import gpc
from gpc.errors import InputError, Problem

CITY = [("field", "value"), ("name", "Testville"), ("year", 2023), ("country", "CN"),
        ("climate_zone", "temperate_wet"), ("grid_factor", "0.5 t/MWh")]
HEADER = ["gpc_ref", "activity", "amount", "unit", "gas", "notation_key", "explanation", "ef_co2", "ef_unit",
          "ncv", "data_quality", "biogenic", "source"]
GOOD = ["I.1.1", "natural_gas", 1000, "GJ"]  # one valid row (always row 2 of the activity sheet)


def row(*cells: Any, **named: Any) -> list[Any]:
    """An activity row in HEADER order: positional cells, then named ones (``row("I.1.1", gas="CO2")``)."""
    out: list[Any] = list(cells) + [None] * (len(HEADER) - len(cells))
    for k, v in named.items():
        out[HEADER.index(k)] = v
    while out and out[-1] is None:
        out.pop()
    return out


def openpyxl_book(path: Path, sheets: dict[str, Sequence[Sequence[Any]]],
                  edit: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    """Write sheets (lists of rows, row 1 first) with openpyxl; ``edit`` may change the workbook before saving."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path


def activity_book(path: Path, rows: Iterable[Sequence[Any]], *, city: Sequence[Sequence[Any]] = CITY,
                  header: Sequence[str] = HEADER, good: bool = True,
                  edit: Callable[[openpyxl.Workbook], None] | None = None, **extra: Sequence[Sequence[Any]]) -> Path:
    """A city sheet, an activity sheet (header, the valid row GOOD as row 2 unless ``good=False``, then ``rows``)."""
    act = [list(header)] + ([list(GOOD)] if good else []) + [list(r) for r in rows]
    return openpyxl_book(path, {"city": city, "activity": act, **extra}, edit)


def patch_zip(src: Path, dst: Path, parts: dict[str, bytes | Callable[[bytes], bytes] | None],
              compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """Copy a zip, replacing (bytes), transforming (callable) or adding parts; None removes a part."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", compression) as out:
        names = z.namelist()
        for name in names:
            if name in parts:
                change = parts[name]
                if change is None:
                    continue
                data = change(z.read(name)) if callable(change) else change
            else:
                data = z.read(name)
            out.writestr(name, data)
        for name, change in parts.items():
            if name not in names and change is not None and not callable(change):
                out.writestr(name, change)
    return dst


def sheet_part(path: Path, sheet: str = "activity") -> str:
    """The zip part of a worksheet of an openpyxl/xlsxwriter workbook, by sheet name."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="(\w+)"', wb).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    t = target.group(1) or target.group(2)
    return t.lstrip("/") if t.startswith("/") else "xl/" + t


def set_cell_xml(path: Path, dst: Path, ref: str, cell_xml: str, sheet: str = "activity") -> Path:
    """Replace cell ``ref`` of a worksheet by the given raw ``<c …>…</c>`` XML (the cell must exist)."""
    part = sheet_part(path, sheet)

    def change(data: bytes) -> bytes:
        text = data.decode()
        new, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', cell_xml, text, count=1, flags=re.S)
        assert n == 1, f"cell {ref} not found"
        return new.encode()

    return patch_zip(path, dst, {part: change})


def problems_of(source: Any, **kwargs: Any) -> list[Problem]:
    """The problems ``gpc.calculate`` raises (fails the test if it raises none)."""
    with pytest.raises(InputError) as info:
        gpc.calculate(source, **kwargs)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.problems, "an InputError without problems"
    return err.problems


def find(problems: Iterable[Problem], *, sheet: str | None = None, row: int | None = None,
         column: str | None = None, text: str = "", severity: str | None = None) -> Problem:
    """The first problem matching every given field (``text`` is a case-insensitive substring of the message)."""
    problems = list(problems)
    for p in problems:
        if sheet is not None and p.sheet != sheet:
            continue
        if row is not None and p.row != row:
            continue
        if column is not None and p.column != column:
            continue
        if severity is not None and p.severity != severity:
            continue
        if text.lower() in p.message.lower():
            return p
    listing = "\n".join(f"  {p!s} [{p.severity}]" for p in problems)
    raise AssertionError(f"no problem sheet={sheet} row={row} column={column} text={text!r} among:\n{listing}")
