"""Read activity rows from CSV or Parquet tables (for data beyond Excel's 1,048,576 rows).

The table has the columns of the ``activity`` sheet; city settings come from ``city=`` (at least the
year). Row numbers in problems count the header as row 1, as a spreadsheet would show the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from gpc.activity_data import ActivityData
from gpc.errors import InputError, Problem
from gpc.i18n import label

__all__ = ["read_table_file", "activity_from_frame"]


def _cell_ok(v: Any) -> bool:
    """Whether ``v`` is a value a cell can hold: text, a number, yes/no, a date, or empty."""
    import datetime as _dt
    import numbers

    import numpy as np

    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, (str, bool, np.bool_, _dt.date, _dt.time, np.datetime64)):
        return True
    return isinstance(v, numbers.Real)  # int, float, numpy numbers, Decimal, Fraction (not complex)


def _kind(v: Any) -> str:
    return {list: "a list", tuple: "a tuple", dict: "a dict", set: "a set", frozenset: "a set", bytes: "bytes",
            bytearray: "bytes", complex: "a complex number"}.get(type(v), f"a {type(v).__name__} object")


def _plain_cells(raw: pd.DataFrame, sheet: str, rows: list[int], sheet_names: list[str] | None,
                 problems: list[Problem]) -> pd.DataFrame:
    """Every cell must be text, a number, yes/no, a date or empty: anything else (a list, dict, set, bytes,
    complex number, any other object) is a located problem and is read as empty."""
    import numpy as np

    fixed: dict[str, pd.Series] = {}
    for j, c in enumerate(raw.columns):
        col = raw.iloc[:, j]
        dt = col.dtype
        if isinstance(dt, np.dtype) and dt.kind in "biufmM":
            continue
        if isinstance(dt, (pd.StringDtype, pd.BooleanDtype)) or (
                not isinstance(dt, np.dtype) and pd.api.types.is_numeric_dtype(dt)):
            continue  # pandas' masked numbers, text and yes/no
        vals = col.to_numpy(dtype=object)
        bad = [i for i, v in enumerate(vals) if not _cell_ok(v)]
        if not bad:
            continue
        for i in bad:
            where = sheet_names[i] if sheet_names else sheet
            problems.append(Problem(where, rows[i], str(c), None,
                                    f"the cell holds {_kind(vals[i])}, not a value: give one number or text per "
                                    "cell"))
        vals = vals.copy()
        vals[bad] = None
        fixed[str(c)] = pd.Series(vals, index=col.index, dtype=object)
    if not fixed:
        return raw
    out = raw.copy(deep=False)
    for j, c in enumerate(out.columns):
        if str(c) in fixed:
            out.isetitem(j, fixed[str(c)])
    return out


def check_city_values(city: Any, settings: Mapping[str, Any]) -> None:
    """Refuse ``city=`` that is not a mapping (TypeError) and city fields that are not one value each
    (a list, dict, set, bytes, object: InputError on the city sheet, column = the field)."""
    from collections.abc import Mapping as _Mapping

    if city is not None and not isinstance(city, _Mapping):
        raise TypeError(f"city must be a mapping of city fields (e.g. {{'year': 2023}}), not {type(city).__name__}")
    fields = {**(dict(city) if city else {}), **settings}
    bad = [Problem("city", None, str(k), None, f"the field holds {_kind(v)}, not a value: give one number or "
                                               "text") for k, v in fields.items() if not (_cell_ok(v) or isinstance(v, PathLike))]
    if bad:
        raise InputError(bad)


def activity_from_frame(df: pd.DataFrame, city: Mapping[str, Any] | None, sheet: str = "activity",
                        first_row: int = 2, *, strict: bool = True) -> ActivityData:
    """Type a DataFrame of ``activity`` rows; ``city`` gives the settings (at least ``year``).

    Row numbers count the header as row 1 (as a spreadsheet shows a CSV file) unless the frame has
    ``sheet`` and ``row`` columns, which are then kept (data that came from a workbook).
    """
    from gpc.io.sheets import header_key, sheet_spec
    from gpc.io.typed import duplicate_warnings, settings_from_mapping, type_table

    problems: list[Problem] = []
    spec = sheet_spec("activity")
    hmap = spec.header_map()
    raw = df.copy(deep=False)  # copy-on-write: the caller's frame is never changed
    names = [hmap.get(header_key(c), str(c).strip()) for c in raw.columns]
    seen: dict[str, int] = {}
    keep: list[int] = []
    for j, (orig, name) in enumerate(zip(raw.columns, names)):
        if name in seen:
            problems.append(Problem(sheet, 1, str(orig), None,
                                    f"column '{name}' appears twice (columns {seen[name] + 1} and {j + 1}): keep one"))
            continue
        seen[name] = j
        keep.append(j)
    raw = raw.iloc[:, keep]
    raw.columns = [names[j] for j in keep]
    for col in spec.columns:
        if col.required == "yes" and col.name not in raw.columns:
            problems.append(Problem(sheet, 1, col.name, None,
                                    f"the required column '{col.name}' is missing: add a column '{col.name}'"))
    rows = list(range(first_row, first_row + len(raw)))
    sheet_names = None
    if "row" in raw.columns and "sheet" in raw.columns:
        given = pd.to_numeric(raw["row"], errors="coerce")
        if given.notna().all() and (given == given.round()).all():
            rows = [int(r) for r in given]
            sheet_names = raw["sheet"].astype(str).tolist()
            raw = raw.drop(columns=["row", "sheet"])
    raw = _plain_cells(raw, sheet, rows, sheet_names, problems)
    for c in ("row", "sheet"):
        if c in raw.columns:
            problems.append(Problem(sheet, 1, c, None, f"'{c}' is a name gpc gives its own columns: rename this column"))
            raw = raw.drop(columns=[c])
    table = type_table(raw, spec, sheet, rows, problems)
    if sheet_names is not None:
        table["sheet"] = sheet_names
    from gpc.activity_catalogue import unknown_activity_problems

    problems.extend(unknown_activity_problems(table, sheet))
    settings = settings_from_mapping(dict(city or {}), problems)
    if problems and strict:
        raise InputError(problems)
    from gpc.io.typed import _structural

    broken = {"activity"} if any(_structural(q) for q in problems) else set()
    return ActivityData(settings=settings, tables={"activity": table}, problems=problems, broken=broken,
                        warnings=duplicate_warnings(table, sheet))


def read_table_file(path: Path, city: Mapping[str, Any] | None = None, *, strict: bool = True) -> ActivityData:
    """Read a ``.csv`` / ``.tsv`` / ``.txt`` or ``.parquet`` table of activity rows.

    Text files are read as UTF-8 (with or without a byte-order mark), else as GB18030 (which covers GBK/GB2312,
    what Chinese Excel saves as "CSV"), with a warning; the separator is a comma, or a tab / semicolon when the
    header line uses those. Every cell is read as text and typed like a workbook cell.
    """
    path = Path(path)
    if not path.exists():
        raise InputError([Problem(path.name, None, None, None, f"file not found: {path}")])
    if path.is_dir():
        raise InputError([Problem(path.name, None, None, None, "this is a folder, not a table file")])
    from gpc.io.paths import file_kind

    kind = file_kind(path)
    if kind is not None:  # a FIFO would block for ever, a device never ends: never opened
        raise InputError([Problem(path.name, None, None, None, f"this is {kind}, not a file: gpc reads only "
                                                               "regular files")])
    from gpc.io.stream import STREAM_BYTES, read_table_stream

    if path.stat().st_size > STREAM_BYTES:  # large tables: read and typed in chunks, memory stays bounded
        return read_table_stream(path, city, strict=strict)
    warnings: list[Problem] = []
    if path.suffix.lower() == ".parquet":
        df = _read_parquet(path)
    else:
        df = _read_text_table(path, warnings)
    data = activity_from_frame(df, city, sheet=path.name, strict=strict)
    data.source = str(path)
    data.warnings = warnings + list(data.warnings)
    return data


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(path.name, None, None, None, message)])


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except ImportError:
        raise _refuse(path, "reading parquet needs the pyarrow package (pip install pyarrow); or give the table "
                            "as CSV") from None
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as exc:  # a damaged or not-parquet file
        raise _refuse(path, f"not a readable parquet file ({type(exc).__name__}): write it again, or give CSV") \
            from None


def _read_text_table(path: Path, warnings: list[Problem],
                     hint: str = "gpc_ref, activity, amount, unit, ...") -> pd.DataFrame:
    """A CSV/TSV file as a frame of text (every column object), header from its first line.

    ``hint`` names the columns the file should have, for the messages about an empty file.
    """
    data = path.read_bytes()
    if not data.strip():
        raise _refuse(path, f"the file is empty: give a header line ({hint}) and rows")
    if data[:4] in (b"PK\x03\x04",) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _refuse(path, f"this is an Excel workbook saved with the extension {path.suffix}: rename it to .xlsx "
                            "(or .xls)")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(path, "not a text table (the file holds binary data): save it as CSV UTF-8")
    text = None
    for enc in ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise _refuse(path, "the file is not UTF-8 text: in Excel save it as 'CSV UTF-8 (comma delimited)'") \
                from None
        warnings.append(Problem(path.name, None, None, None, label("warn.not_utf8", "en"), "warning"))
    from gpc.io.stream import sniff_separator

    sep = sniff_separator(text.split("\n", 1)[0], path.suffix)
    import csv
    import io

    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:
        raise _refuse(path, f"the table cannot be read ({exc}): check the quotes") from None
    records = [r for r in records if any(c.strip() for c in r)] if records else records
    if not records:
        raise _refuse(path, f"the file has no header line: give {hint}")
    header = records[0]
    width = len(header)
    problems = []
    for i, r in enumerate(records[1:], start=2):
        if len(r) > width and any(c.strip() for c in r[width:]):
            problems.append(Problem(path.name, i, f"column {width + 1}", r[width],
                                    f"the line has {len(r)} cells but the header {width}: a '{sep}' inside a value "
                                    f"(such as 1{sep}000)? put the value in quotes, or remove the extra cells"))
    if problems:
        raise InputError(problems)
    body = [(r + [""] * (width - len(r)))[:width] for r in records[1:]]
    return pd.DataFrame(body, columns=header, dtype=object)
