"""Loading the workbook (with its merged ranges) and reading the data rows below a header as typed fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gpc.errors import InputError, Problem
from gpc.importers.ecrf.cells import (
    _EXCEL_ERRORS,
    CellError,
    _blank,
    _rounding,
    _scale_of,
    classify_header,
    notation_key,
    parse_number,
)
from gpc.importers.ecrf.header import Header
from gpc.units import normalise_text

#: fields whose merged cells (one sector over several rows) hold for every row they cover
_MERGED_FIELDS = ("gpc_ref", "sector", "subsector", "scope")


def _load(path: str | Path) -> dict[str, list[list[Any]]]:
    """Every sheet's rows; a merged cell's value is also given to the rows it covers (in ``_merged``)."""
    from gpc.io import excel_in
    from gpc.io.safety import check_workbook_file

    scan = check_workbook_file(Path(path))
    try:
        problems: list[Problem] = []
        raw = excel_in._load_sheets(Path(path), scan, problems, [])
        if problems:
            raise InputError(problems)
        out: dict[str, list[list[Any]]] = {}
        for name, sheet in raw.items():
            rows = _Rows(sheet.rows)
            rows.merged = list(sheet.merged or [])
            out[name] = rows
        return out
    except (AttributeError, TypeError):      # the private reader changed: read without merged ranges
        return excel_in.read_workbook_sheets(path, scan)


class _Rows(list):
    """A sheet's rows with its merged ranges (``((r0, c0), (r1, c1))``, 0-based, inclusive)."""

    merged: list[Any]


def _fill_merged(rows: list[list[Any]], header: Header) -> list[list[Any]]:
    """Rows where a merged GPC reference, sector, sub-sector or scope cell below the header is repeated in
    every row it covers (numbers are never repeated)."""
    merged = getattr(rows, "merged", None) or []
    cols = {header.columns[f] for f in _MERGED_FIELDS if f in header.columns}
    if not merged or not cols:
        return rows
    out = [list(r) for r in rows]
    for (r0, c0), (r1, c1) in merged:
        if r0 < header.first_data:
            continue
        for c in range(c0, c1 + 1):
            if c not in cols or r0 >= len(out) or c0 >= len(out[r0]):
                continue
            v = out[r0][c0]
            for r in range(r0 + 1, min(r1, len(out) - 1) + 1):
                while len(out[r]) <= c:
                    out[r].append(None)
                if _blank(out[r][c]):
                    out[r][c] = v
    return out


def read_detail_rows(sheet: str, rows: list[list[Any]], header: Header, problems: list[Problem],
                     default_basis: str = "co2e", warnings: list[Problem] | None = None) -> list[dict[str, Any]]:
    """The data rows below ``header`` as dicts of typed fields (numbers parsed; problems located; a cell
    showing an Excel error such as #DIV/0! is read as empty with a warning)."""
    warnings = warnings if warnings is not None else []
    out: list[dict[str, Any]] = []
    cols = header.columns
    number_fields = ("amount", "ef_CO2", "ef_CH4", "ef_N2O", "ef_total", "t_CO2", "t_CH4", "t_N2O", "t_other",
                     "total", "co2_biogenic")
    for r in range(header.first_data, len(rows)):
        raw = rows[r]
        cell = {f: (raw[j] if j < len(raw) else None) for f, j in cols.items()}
        if all(_blank(v) for v in cell.values()):
            continue
        # the header repeated further down (sector blocks each with their own header): not data
        if sum(1 for f, v in cell.items() if isinstance(v, str) and not _blank(v) and classify_header(v) == f) >= 3:
            continue
        rec: dict[str, Any] = {"sheet": sheet, "row": r + 1}
        keys_in_numbers: list[str] = []
        bad = False
        for f, v in cell.items():
            if f in number_fields:
                k = notation_key(v)
                if k is not None:
                    if f != "amount":
                        keys_in_numbers.append(k)
                    rec[f] = None
                    continue
                if isinstance(v, str) and normalise_text(v).strip().upper() in _EXCEL_ERRORS:
                    warnings.append(Problem(sheet, r + 1, header.texts.get(cols[f], f), v,
                                            f"the cell shows the Excel error {v.strip()}: read as empty", "warning"))
                    rec[f] = None
                    continue
                try:
                    rec[f] = parse_number(v)
                    rec[f"_tol_{f}"] = _rounding(v) * header.scale.get(f, 1.0)
                    if rec[f] is not None and header.scale.get(f, 1.0) != 1.0:
                        rec[f] *= header.scale[f]
                except CellError as exc:
                    problems.append(Problem(sheet, r + 1, header.texts.get(cols[f], f), v, str(exc)))
                    bad = True
                    rec[f] = None
            else:
                rec[f] = None if _blank(v) else (v.strip() if isinstance(v, str) else v)
        if "emissions_unit" in cols and not _blank(cell.get("emissions_unit")):
            scale = _scale_of(cell["emissions_unit"])
            if scale != 1.0:
                for f in ("t_CO2", "t_CH4", "t_N2O", "t_other", "total", "co2_biogenic"):
                    if rec.get(f) is not None:
                        rec[f] *= scale
        rec["_keys_in_numbers"] = keys_in_numbers
        rec["_bad"] = bad
        out.append(rec)
    return out
