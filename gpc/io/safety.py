"""Checks that make opening a workbook from anyone safe, done before any parser sees the file.

* the file must exist and be a spreadsheet gpc reads (xlsx/xlsm/xls/ods), else a clear message;
* an encrypted (password-protected) workbook is recognised and refused;
* a zip bomb is refused by the sizes in the zip directory (total uncompressed size and ratio)
  before anything is decompressed;
* XML parts declaring a DTD (``<!DOCTYPE`` / ``<!ENTITY``: billion laughs, external entities) are refused;
* macros are never run (the reader only reads cell values); external links are never followed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from gpc.errors import InputError, Problem

__all__ = ["check_workbook_file", "MAX_UNCOMPRESSED_BYTES", "MAX_RATIO"]

MAX_UNCOMPRESSED_BYTES = 2 * 1024**3  #: 2 GiB uncompressed over all parts
MAX_RATIO = 200  #: largest compression ratio of one part (real workbooks stay well below 100)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUPPORTED = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(path.name, None, None, None, message)])


def check_workbook_file(path: Path) -> None:
    """Raise :class:`InputError` unless ``path`` is a workbook that is safe to parse."""
    if not path.exists():
        raise _refuse(path, f"file not found: {path}")
    if path.is_dir():
        raise _refuse(path, "this is a folder, not a workbook")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise _refuse(path, f"'{suffix or path.name}' files are not read: save the workbook as .xlsx "
                            "(or give a .csv / .parquet table of activity rows)")
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise _refuse(path, "the file is empty (0 bytes)")
    if head == _OLE_MAGIC:
        if suffix == ".xls":
            return  # legacy binary workbook: no zip, no XML
        raise _refuse(path, "the workbook is password-protected (encrypted): open it in Excel, remove the "
                            "password (File › Info › Protect Workbook) and save it again")
    if suffix in (".xlsx", ".xlsm", ".xlsb", ".ods"):
        if not zipfile.is_zipfile(path):
            raise _refuse(path, "not a valid workbook (not a zip archive): re-save it from Excel as .xlsx")
        _check_zip(path)


def _check_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        total = 0
        for info in zf.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 10 * 1024**2 and ratio > MAX_RATIO:
                raise _refuse(path, f"refused: part {info.filename} expands {ratio:.0f}-fold "
                                    "(a zip bomb or a corrupt file)")
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _refuse(path, "refused: the workbook expands to more than 2 GiB; split it or use CSV")
        for info in zf.infolist():
            if info.filename.endswith((".xml", ".rels", ".vml")):
                with zf.open(info) as part:
                    head = part.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise _refuse(path, f"refused: part {info.filename} declares XML entities "
                                        "(a possible entity-expansion attack); re-save the file from Excel")
