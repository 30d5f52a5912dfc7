"""What kind of file a workbook path holds, judged from its name and first bytes before anything else reads
it: a missing file, a folder, a FIFO or device, an unsupported or mislabelled format, an encrypted workbook,
a text file given as a workbook — each refused with what to do.

Part of the safety scan (:mod:`gpc.io.safety`).
"""

from __future__ import annotations

from pathlib import Path

from gpc.errors import InputError, Problem
from gpc.io.workbook_scan import WorkbookScan

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUPPORTED = (".xlsx", ".xlsm", ".xls", ".ods")


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(path.name, None, None, None, message)])


def check_format(path: Path) -> tuple[str, WorkbookScan | None]:
    """The lower-cased suffix of a workbook that is a zip archive to check further, or its finished scan (an
    old-style ``.xls``, which holds no zip or XML); raise :class:`InputError` for anything else."""
    if not path.exists():
        raise _refuse(path, f"file not found: {path}")
    if path.is_dir():
        raise _refuse(path, "this is a folder, not a workbook")
    from gpc.io.paths import file_kind

    kind = file_kind(path)
    if kind is not None:  # a FIFO would block the open below for ever; a device never ends
        raise _refuse(path, f"this is {kind}, not a file: gpc reads only regular files")
    suffix = path.suffix.lower()
    if suffix == ".xlsb":
        raise _refuse(path, "binary workbooks (.xlsb) are not read: open the file in Excel and save it as .xlsx")
    if suffix not in SUPPORTED:
        raise _refuse(path, f"'{suffix or path.name}' files are not read: save the workbook as .xlsx "
                            "(or give a .csv / .parquet table of activity rows)")
    with path.open("rb") as fh:
        head = fh.read(512)
    if not head:
        raise _refuse(path, "the file is empty (0 bytes): it is not a workbook")
    if head.startswith(_OLE_MAGIC):
        kind = _ole_kind(path)
        if kind == "encrypted":
            raise _refuse(path, "the workbook is password-protected (encrypted): open it in Excel, remove the "
                                "password (File › Info › Protect Workbook › Encrypt with Password) and save it again")
        if suffix == ".xls":
            # legacy binary workbook: no zip, no XML; at most 65,536 × 256 cells
            return suffix, WorkbookScan(path, "xls")
        raise _refuse(path, f"this is an old-style Excel (.xls) workbook saved with the extension {suffix}: "
                            "rename it to .xls, or open it in Excel and save it as .xlsx")
    if suffix == ".xls":
        if head.startswith(b"PK\x03\x04"):
            raise _refuse(path, "this .xls file is really an .xlsx workbook: rename it to .xlsx")
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if text.startswith((b"<", b"\xff\xfe", b"\xfe\xff")):
            raise _refuse(path, "this .xls file is really a web page or an XML spreadsheet, not an Excel workbook: "
                                "open it in Excel and save it as .xlsx")
        raise _refuse(path, "not an Excel workbook (the file does not start like one): open it in Excel and save "
                            "it as .xlsx")
    if not head.startswith(b"PK"):
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        hint = " — it looks like a text (CSV) file: give it the extension .csv" if _looks_like_text(text) else ""
        raise _refuse(path, f"not a valid workbook (not a zip archive){hint}: re-save it from Excel as .xlsx")
    return suffix, None


def _looks_like_text(b: bytes) -> bool:
    try:
        b[:256].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"," in b or b"\t" in b or b";" in b


def _ole_kind(path: Path) -> str:
    """'encrypted' for an encrypted Office file (an OLE container holding EncryptedPackage), else 'ole'."""
    needle = "EncryptedPackage".encode("utf-16-le")
    tail = b""
    with path.open("rb") as fh:
        while True:
            block = fh.read(1024**2)
            if not block:
                return "ole"
            if needle in tail + block:
                return "encrypted"
            tail = block[-len(needle):]
