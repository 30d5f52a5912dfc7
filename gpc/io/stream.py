"""Large CSV and Parquet tables of activity rows, read and typed in chunks so memory stays bounded.

A 10-million-row CSV is several gigabytes as Python strings. Here it is read ``chunk_rows`` rows at a
time; each chunk is typed like workbook cells (:func:`gpc.io.typed.type_table`) and kept only as
typed numbers (float64) and categorical text (integer codes into a few distinct values: fuels,
units, GPC rows). The chunks are then joined into one table, so the text of the file is never held
whole. Problems of every chunk are collected with their row numbers as a spreadsheet shows the file
(the header is row 1) and reported together.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gpc.activity_data import ActivityData
from gpc.errors import InputError, Problem
from gpc.i18n import label

__all__ = ["CHUNK_ROWS", "STREAM_BYTES", "read_table_stream"]

#: Text tables larger than this are streamed (smaller ones are read whole, which is faster).
STREAM_BYTES = 64 * 2**20
#: Rows per chunk.
CHUNK_ROWS = 500_000


def read_table_stream(path: Path, city: Mapping[str, Any] | None = None, *, strict: bool = True,
                      chunk_rows: int = CHUNK_ROWS) -> ActivityData:
    """Read a ``.csv`` / ``.tsv`` / ``.txt`` or ``.parquet`` table chunk by chunk.

    Same result as :func:`gpc.io.tables_in.read_table_file` (typed ``activity`` table, settings from
    ``city``, every problem at once), but with text columns held as categoricals.
    """
    from gpc.io.sheets import header_key, sheet_spec
    from gpc.io.typed import settings_from_mapping, type_table

    path = Path(path)
    spec = sheet_spec("activity")
    hmap = spec.header_map()
    problems: list[Problem] = []
    warnings: list[Problem] = []
    sheet = path.name
    columns = _Columns()
    names: list[str] | None = None
    keep: list[int] = []
    first_row = 2
    for chunk in _chunks(path, chunk_rows, warnings):
        if names is None:  # the header: canonical names, duplicates and reserved names reported once
            names, keep = _header(list(chunk.columns), hmap, header_key, sheet, problems)
            for col in spec.columns:
                if col.required == "yes" and col.name not in [names[j] for j in keep]:
                    problems.append(Problem(sheet, 1, col.name, None,
                                            f"the required column '{col.name}' is missing: add a column '{col.name}'"))
        raw = chunk.iloc[:, keep]
        raw.columns = [names[j] for j in keep]
        rows = list(range(first_row, first_row + len(raw)))
        first_row += len(raw)
        typed = type_table(raw, spec, sheet, rows, problems)
        del raw, chunk
        columns.add(typed)
        del typed
    if names is None:
        raise InputError([Problem(sheet, None, None, None,
                                  "the file has no header line: give gpc_ref, activity, amount, unit, ...")])
    table = columns.frame()
    settings = settings_from_mapping(dict(city or {}), problems)
    if problems and strict:
        raise InputError(problems)
    from gpc.io.typed import _structural

    broken = {"activity"} if any(_structural(q) for q in problems) else set()
    return ActivityData(settings=settings, tables={"activity": table}, problems=problems, broken=broken, source=str(path),
                        warnings=warnings + columns.duplicate_warnings(sheet))


class _Columns:
    """Typed chunks kept as compact arrays: categorical codes (one byte for a few hundred distinct
    values) and float64; a column blank in a chunk costs nothing until the table is built. Each row's
    values are also hashed (8 bytes) to find repeated rows across chunks."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.parts: dict[str, list[tuple[int, Any]]] = {}
        self.kinds: dict[str, Any] = {}
        self.hashes: list[np.ndarray] = []
        self.rows: list[np.ndarray] = []
        self.n = 0

    def add(self, t: pd.DataFrame) -> None:
        n = len(t)
        body = [c for c in t.columns if c not in ("sheet", "row")]
        self.hashes.append(pd.util.hash_pandas_object(t[body], index=False).to_numpy() if body else
                           np.zeros(n, dtype=np.uint64))
        self.rows.append(t["row"].to_numpy(dtype=np.int64))
        for c in t.columns:
            if c not in self.parts:
                self.order.append(c)
                self.parts[c] = []
            s = t[c]
            if isinstance(s.dtype, pd.CategoricalDtype):
                self.kinds.setdefault(c, "category")
                if s.cat.codes.to_numpy().max(initial=-1) < 0:
                    self.parts[c].append((n, None))  # blank in this chunk
                else:
                    self.parts[c].append((n, (s.cat.codes.to_numpy(), s.cat.categories.to_numpy(dtype=object))))
            elif s.dtype == "float64":
                self.kinds.setdefault(c, "float64")
                v = s.to_numpy()
                self.parts[c].append((n, None if np.isnan(v).all() else v.copy()))
            elif isinstance(s.dtype, np.dtype) and s.dtype.kind in "iub":
                self.kinds.setdefault(c, "numpy")
                self.parts[c].append((n, s.to_numpy()))
            else:
                self.kinds[c] = "object"
                self.parts[c].append((n, s.to_numpy(dtype=object)))
        self.n += n

    def frame(self) -> pd.DataFrame:
        from gpc.vector import code_dtype

        out: dict[str, Any] = {}
        for c in self.order:
            parts, kind = self.parts.pop(c), self.kinds[c]
            if kind == "category":
                cats: dict[Any, int] = {}
                for _, p in parts:
                    if p is not None:
                        for u in p[1]:
                            cats.setdefault(u, len(cats))
                codes = np.full(self.n, -1, dtype=code_dtype(len(cats)))
                pos = 0
                for n, p in parts:
                    if p is not None:
                        remap = np.array([cats[u] for u in p[1]] + [-1], dtype=codes.dtype)
                        codes[pos:pos + n] = remap[p[0]]
                    pos += n
                out[c] = pd.Categorical.from_codes(codes, categories=pd.Index(list(cats), dtype=object))
            elif kind == "float64" and all(p is None for _, p in parts):
                # a number column blank in the whole file: a read-only view of one NaN, no memory per row
                out[c] = np.broadcast_to(np.float64(np.nan), (self.n,))
            elif kind == "float64":
                v = np.full(self.n, np.nan)
                pos = 0
                for n, p in parts:
                    if p is not None:
                        v[pos:pos + n] = p
                    pos += n
                out[c] = v
            elif kind == "numpy":
                out[c] = np.concatenate([p for _, p in parts])
            else:
                out[c] = np.concatenate([p if p is not None else np.full(n, None, dtype=object) for n, p in parts])
            del parts
        return pd.DataFrame(out, copy=False)

    def duplicate_warnings(self, sheet: str, limit: int = 20) -> list[Problem]:
        """A warning for each row equal to an earlier row in every column (found by the rows' hashes)."""
        h = np.concatenate(self.hashes) if self.hashes else np.zeros(0, dtype=np.uint64)
        rows = np.concatenate(self.rows) if self.rows else np.zeros(0, dtype=np.int64)
        self.hashes, self.rows = [], []
        if len(h) < 2:
            return []
        # repeated hash values from one sorted copy; then only the rows holding them (usually few)
        hs = np.sort(h)
        values = np.unique(hs[1:][hs[1:] == hs[:-1]])
        del hs
        if not len(values):
            return []
        cand = np.flatnonzero(np.isin(h, values))
        _, first, inverse = np.unique(h[cand], return_index=True, return_inverse=True)
        first, inverse = cand[first], inverse.reshape(-1)
        repeat = cand[first[inverse] != cand]
        out = [Problem(sheet, int(rows[i]), None, None,
                       label("warn.duplicate_record", "en",
                             row=str(int(rows[first[inverse[np.searchsorted(cand, i)]]]))), "warning")
               for i in repeat[:limit]]
        if len(repeat) > limit:
            out.append(Problem(sheet, None, None, None,
                               label("warn.more_duplicates", "en", n=str(len(repeat) - limit)), "warning"))
        return out


def _header(columns: list[Any], hmap: dict[str, str], header_key: Any, sheet: str,
            problems: list[Problem]) -> tuple[list[str], list[int]]:
    names = [hmap.get(header_key(c), str(c).strip()) for c in columns]
    seen: dict[str, int] = {}
    keep: list[int] = []
    for j, (orig, name) in enumerate(zip(columns, names)):
        if name in seen:
            problems.append(Problem(sheet, 1, str(orig), None,
                                    f"column '{name}' appears twice (columns {seen[name] + 1} and {j + 1}): keep one"))
            continue
        if name in ("row", "sheet"):
            problems.append(Problem(sheet, 1, name, None,
                                    f"'{name}' is a name gpc gives its own columns: rename this column"))
            continue
        seen[name] = j
        keep.append(j)
    return names, keep


# ---------------------------------------------------------------------------------- readers
def _chunks(path: Path, chunk_rows: int, warnings: list[Problem]) -> Iterator[pd.DataFrame]:
    if path.suffix.lower() == ".parquet":
        yield from _parquet_chunks(path, chunk_rows)
        return
    encoding, sep = _sniff(path, warnings)
    try:
        reader = pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep, encoding=encoding,
                             chunksize=chunk_rows)
        yield from reader
    except pd.errors.EmptyDataError:
        return
    except pd.errors.ParserError as exc:
        detail = " ".join(str(exc).split())
        raise InputError([Problem(path.name, None, None, None,
                                  f"the table cannot be read ({detail}): every line needs the same number of "
                                  f"'{sep}'-separated cells; quote cells that contain the separator")]) from None


def _parquet_chunks(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError([Problem(path.name, None, None, None,
                                  "reading parquet needs the pyarrow package (pip install gpc[parquet]); or give "
                                  "the table as CSV")]) from None
    try:
        f = pq.ParquetFile(path)
    except Exception as exc:  # a damaged or not-parquet file
        raise InputError([Problem(path.name, None, None, None,
                                  f"not a readable parquet file ({type(exc).__name__}): write it again, or give "
                                  "CSV")]) from None
    for batch in f.iter_batches(batch_size=chunk_rows):
        yield batch.to_pandas()


def _sniff(path: Path, warnings: list[Problem]) -> tuple[str, str]:
    """Encoding (UTF-8 with or without BOM, UTF-16, else GB18030 with a warning) and separator, from the
    first megabyte — the rules of :func:`gpc.io.tables_in.read_table_file`."""
    with path.open("rb") as fh:
        head = fh.read(2**20)
    if head[:4] == b"PK\x03\x04" or head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError([Problem(path.name, None, None, None, "this is an Excel workbook saved with the extension "
                                                              f"{path.suffix}: rename it to .xlsx (or .xls)")])
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(path.name, None, None, None,
                                  "not a text table (the file holds binary data): save it as CSV UTF-8")])
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        try:
            codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
            encoding = "utf-8-sig"
        except UnicodeDecodeError:
            encoding = "gb18030"
            warnings.append(Problem(path.name, None, None, None,
                                    label("warn.not_utf8", "en"), "warning"))
    first = head.decode(encoding, "ignore").split("\n", 1)[0]
    return encoding, sniff_separator(first, path.suffix)


def sniff_separator(first_line: str, suffix: str) -> str:
    """The field separator of a text table from its header line: tab, semicolon or comma."""
    if suffix.lower() == ".tsv" or ("\t" in first_line and "," not in first_line):
        return "\t"
    if ";" in first_line and "," not in first_line:
        return ";"
    return ","
