"""Checks that make opening a workbook from anyone safe, done before any parser sees the file.

Everything here looks at the raw bytes; nothing is handed to a spreadsheet or XML parser until it passed.

* the file must exist and be a spreadsheet gpc reads (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``), else a
  clear message (``.xlsb`` cannot be checked and is refused; an ``.xls`` that is really a web page or an
  ``.xlsx`` that is really an old ``.xls`` is named as such);
* an encrypted (password-protected) workbook is recognised and refused;
* zip bombs: the zip directory is checked first (number of parts, total uncompressed size, compression
  ratio of each part and of the whole file), then every part is inflated *in bounded pieces* by this
  module — never trusting the sizes the directory declares — and refused the moment it grows past them;
* XML parts declaring a DTD (``<!DOCTYPE`` / ``<!ENTITY``: billion laughs, external entities) are refused;
* every worksheet is measured before it is parsed: a cell past Excel's last row or column, or a used area
  so large (a stray value far from the table) that reading it would take gigabytes, is refused;
* the same pass notes what the cell reader cannot see: cells holding an Excel error (``#DIV/0!``, ``#N/A``),
  which it would read as empty, and formulas saved without their result;
* macros are never run (only cell values are read) and external links are never followed; both are
  reported as warnings.
The jobs are split over modules, each importing only those before it: :mod:`gpc.io.workbook_scan` (what the
scan learns, the sheet limits), :mod:`gpc.io.workbook_format` (the kind of file, from its name and first
bytes), :mod:`gpc.io.sheet_xml` (measuring a worksheet part), :mod:`gpc.io.xml_parts` (scanning one part),
:mod:`gpc.io.sheet_extent` (sheet names and their used area against the limits); this module holds the entry
point, the zip limits and the bounded inflation (the limits are read from here, where tests patch them).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from gpc.io.sheet_extent import _check_extent, _name_sheets, _refine, _too_big
from gpc.io.workbook_format import SUPPORTED, _refuse, check_format
from gpc.io.workbook_scan import (
    EXCEL_MAX_COLS,
    EXCEL_MAX_ROWS,
    MAX_CELLS,
    MAX_XML_HEAD,
    SheetScan,
    WorkbookScan,
    _Refused,
    cell_ref,
    col_letters,
)
from gpc.io.xml_parts import _scan_part

__all__ = [
    "check_workbook_file", "WorkbookScan", "SheetScan", "col_letters", "cell_ref",
    "MAX_UNCOMPRESSED_BYTES", "MAX_RATIO", "MAX_PARTS", "MAX_CELLS", "EXCEL_MAX_ROWS", "EXCEL_MAX_COLS",
]
__all__ += ["MAX_XML_HEAD", "SUPPORTED"]  # importable from here as before

MAX_UNCOMPRESSED_BYTES = 1024**3  #: 1 GiB uncompressed over all parts (a full 1,048,576-row sheet is ~0.5 GiB)
MAX_RATIO = 100  #: largest compression ratio of a part over RATIO_FLOOR bytes (real workbooks stay below 30)
RATIO_FLOOR = 4 * 1024**2  #: parts smaller than this are not ratio-checked (they cannot blow up memory)
MAX_PARTS = 10_000  #: parts in the zip archive
_IN_CHUNK = 1024**2  # compressed bytes read at a time
_OUT_CHUNK = 8 * 1024**2  # most bytes inflated at a time


# ------------------------------------------------------------------------------------ entry point
def check_workbook_file(path: Path) -> WorkbookScan:
    """Raise :class:`InputError` unless ``path`` is a workbook that is safe to parse.

    Returns what the scan learnt (sheet extents, Excel error cells, formulas without results, macros,
    external links) for the reader to use.
    """
    path = Path(path)
    suffix, scan = check_format(path)
    if scan is not None:
        return scan
    try:
        return _check_zip(path, suffix)
    except _Refused as exc:
        raise _refuse(path, str(exc)) from None
    except MemoryError:
        raise _refuse(path, "refused: the workbook needs more memory than is available to check it") from None
    except Exception as exc:  # zipfile / zlib / XML errors on a damaged or crafted file (BadZipFile,
        # NotImplementedError for an unknown zip version, struct.error, ParseError …): never a traceback
        raise _refuse(path, f"the workbook is damaged and cannot be read ({type(exc).__name__}: {exc}): open it "
                            "in Excel and save it again as .xlsx") from None


# ------------------------------------------------------------------------------------------- zip
def _check_zip(path: Path, suffix: str) -> WorkbookScan:
    """Check the zip directory, then inflate and scan every part, then hold each sheet against the limits."""
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _Refused("not a valid workbook (a damaged zip archive): re-save it from Excel as .xlsx") from None
    with zf:
        infos = zf.infolist()
        _check_directory(infos)
        names = [i.filename for i in infos]
        kind = "ods" if suffix == ".ods" or "content.xml" in names and "mimetype" in names else "xlsx"
        scan = WorkbookScan(path, kind)
        scan.macros = any(n.lower().endswith("vbaproject.bin") for n in names)
        scan.external_links = sum(1 for n in names if n.lower().startswith("xl/externallinks/")
                                  and n.lower().endswith(".xml"))
        budget = _Budget()
        sheets_by_part: dict[str, SheetScan] = {}
        small: dict[str, bytes] = {}
        with path.open("rb") as fp:
            for info in infos:
                if info.is_dir():
                    continue
                stream = _inflate(fp, info, budget)
                _scan_part(info.filename, stream, kind, sheets_by_part, small)
        if kind == "xlsx":
            if "xl/workbook.xml" not in small:
                raise _Refused("not an Excel workbook: the zip archive has no xl/workbook.xml (a Word or other "
                               "document?); open it in Excel and save it as .xlsx")
            _name_sheets(sheets_by_part, small, scan)
        else:
            scan.sheets = {s.name: s for s in sheets_by_part.values()}
        by_name = {i.filename: i for i in infos}
        for s in scan.sheets.values():
            if not s.exact and _too_big(s):
                with path.open("rb") as fp:
                    _refine(s, _inflate(fp, by_name[s.part], _Budget()))
            _check_extent(s)
        return scan


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """The zip directory against the limits (parts, sizes, ratios), before a byte is inflated."""
    if len(infos) > MAX_PARTS:
        raise _Refused(f"refused: the workbook has {len(infos):,} parts (more than {MAX_PARTS:,}); "
                       "a zip bomb or a damaged file")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise _Refused("refused: the workbook holds two parts with the same name (a damaged or crafted file)")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _Refused("the workbook is password-protected (its parts are encrypted): remove the "
                           "password in Excel and save it again")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refused(f"refused: part {info.filename} uses an unusual compression method "
                           f"({info.compress_type}); re-save the file from Excel as .xlsx")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise _Refused(f"refused: part {info.filename} expands {ratio:,.0f}-fold "
                           f"({info.compress_size:,} → {info.file_size:,} bytes): a zip bomb or a damaged file")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _Refused(f"refused: the workbook expands to {total / 1024**2:,.0f} MiB, more than gpc reads "
                       f"({MAX_UNCOMPRESSED_BYTES / 1024**2:,.0f} MiB); give data that large as CSV or parquet")


class _Budget:
    def __init__(self) -> None:
        self.used = 0

    def take(self, n: int) -> None:
        self.used += n
        if self.used > MAX_UNCOMPRESSED_BYTES:
            raise _Refused(f"refused: the workbook expands to more than {MAX_UNCOMPRESSED_BYTES / 1024**2:,.0f} MiB "
                           "(a zip bomb, or data that should be given as CSV or parquet)")


def _inflate(fp: BinaryIO, info: zipfile.ZipInfo, budget: _Budget) -> Iterator[bytes]:
    """The bytes of one part, inflated here in bounded pieces without trusting the declared sizes."""
    fp.seek(info.header_offset)
    head = fp.read(30)
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise _Refused(f"the workbook is damaged (part {info.filename} is not where the zip directory says): "
                       "open it in Excel and save it again")
    n, m = struct.unpack("<HH", head[26:30])
    fp.seek(info.header_offset + 30 + n + m)
    left = info.compress_size
    produced = 0
    crc = 0

    def account(out: bytes) -> None:
        nonlocal produced, crc
        produced += len(out)
        if produced > info.file_size:
            raise _Refused(f"refused: part {info.filename} inflates to more than the {info.file_size:,} bytes its zip "
                           "entry declares (a zip bomb or a damaged file)")
        budget.take(len(out))
        crc = zlib.crc32(out, crc)

    if info.compress_type == zipfile.ZIP_STORED:
        while left > 0:
            data = fp.read(min(_IN_CHUNK, left))
            if not data:
                raise _Refused(f"the workbook is damaged (part {info.filename} is cut short)")
            left -= len(data)
            account(data)
            yield data
    else:
        d = zlib.decompressobj(-15)
        while not d.eof:
            if d.unconsumed_tail:
                data = d.unconsumed_tail
            elif left > 0:
                data = fp.read(min(_IN_CHUNK, left))
                if not data:
                    raise _Refused(f"the workbook is damaged (part {info.filename} is cut short)")
                left -= len(data)
            else:
                break
            out = d.decompress(data, _OUT_CHUNK)
            if out:
                account(out)
                yield out
        rest = d.flush()
        if rest:
            account(rest)
            yield rest
    if produced != info.file_size or (crc & 0xFFFFFFFF) != info.CRC:
        raise _Refused(f"the workbook is damaged (part {info.filename} does not match its zip entry): open it in "
                       "Excel and save it again")
