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
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, XMLPullParser

from gpc.errors import InputError, Problem
from gpc.i18n import label

__all__ = [
    "check_workbook_file", "WorkbookScan", "SheetScan", "col_letters", "cell_ref",
    "MAX_UNCOMPRESSED_BYTES", "MAX_RATIO", "MAX_PARTS", "MAX_CELLS", "EXCEL_MAX_ROWS", "EXCEL_MAX_COLS",
]

MAX_UNCOMPRESSED_BYTES = 1024**3  #: 1 GiB uncompressed over all parts (a full 1,048,576-row sheet is ~0.5 GiB)
MAX_RATIO = 100  #: largest compression ratio of a part over RATIO_FLOOR bytes (real workbooks stay below 30)
RATIO_FLOOR = 4 * 1024**2  #: parts smaller than this are not ratio-checked (they cannot blow up memory)
MAX_PARTS = 10_000  #: parts in the zip archive
MAX_CELLS = 30_000_000  #: rows × columns of the used area of one sheet (what the cell reader allocates)
MAX_XML_HEAD = 64 * 1024  #: an XML part must reach its root element within this many bytes
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLS = 16_384

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUPPORTED = (".xlsx", ".xlsm", ".xls", ".ods")
_IN_CHUNK = 1024**2  # compressed bytes read at a time
_OUT_CHUNK = 8 * 1024**2  # most bytes inflated at a time
_ROW_CUT = 32 * 1024**2  # a "row" longer than this is cut at a tag boundary


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(path.name, None, None, None, message)])


class _Refused(Exception):
    """Raised inside the scan; turned into an InputError naming the file."""


# ------------------------------------------------------------------------------------------ helpers
def col_letters(col: int) -> str:
    """Excel column letters of a 0-based column index (0 → A, 26 → AA)."""
    s = ""
    col += 1
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_ref(row: int, col: int) -> str:
    """``A1`` reference of a 0-based (row, column)."""
    return f"{col_letters(col)}{row + 1}"


def _col_index(letters: bytes | str) -> int:
    """0-based column index of Excel column letters."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    letters = letters.upper()
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


# --------------------------------------------------------------------------------------- results
@dataclass
class SheetScan:
    """What the raw scan learnt about one worksheet (positions are 0-based (row, column))."""

    part: str
    name: str = ""
    max_row: int = -1  #: last row index holding a value (upper bound), -1 if none
    max_col: int = -1
    far_cell: str = ""  #: a cell at the far end of the used area, for messages
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  #: cells showing an Excel error
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)  #: formulas saved without a result
    zero_formulas: dict[tuple[int, int], str] = field(default_factory=dict)  #: formulas whose result reads 0
    n_formulas: int = 0
    exact: bool = True  #: whether max_row / max_col are exact (else upper bounds)

    @property
    def cells(self) -> int:
        return (self.max_row + 1) * (self.max_col + 1) if self.max_row >= 0 and self.max_col >= 0 else 0


@dataclass
class WorkbookScan:
    """The result of :func:`check_workbook_file`."""

    path: Path
    kind: str  #: xlsx, xls or ods
    sheets: dict[str, SheetScan] = field(default_factory=dict)  #: by sheet name
    macros: bool = False
    external_links: int = 0
    full_calc_on_load: bool = False

    def sheet(self, name: str) -> SheetScan | None:
        return self.sheets.get(name)

    def formula_placeholders(self, name: str) -> dict[tuple[int, int], str]:
        """Formulas of sheet ``name`` whose saved result cannot be trusted."""
        s = self.sheets.get(name)
        if s is None:
            return {}
        out = dict(s.uncached)
        if self.full_calc_on_load:  # written by a program that asks Excel to calculate on opening
            out.update(s.zero_formulas)
        return out

    def warnings(self) -> list[Problem]:
        w = []
        if self.macros:
            w.append(Problem(self.path.name, None, None, None, label("warn.macros", "en"), "warning"))
        if self.external_links:
            w.append(Problem(self.path.name, None, None, None,
                             label("warn.external_links", "en", n=str(self.external_links)), "warning"))
        return w


# ------------------------------------------------------------------------------------ entry point
def check_workbook_file(path: Path) -> WorkbookScan:
    """Raise :class:`InputError` unless ``path`` is a workbook that is safe to parse.

    Returns what the scan learnt (sheet extents, Excel error cells, formulas without results, macros,
    external links) for the reader to use.
    """
    path = Path(path)
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
            return WorkbookScan(path, "xls")  # legacy binary workbook: no zip, no XML; at most 65,536 × 256 cells
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


# ------------------------------------------------------------------------------------------- zip
def _check_zip(path: Path, suffix: str) -> WorkbookScan:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _Refused("not a valid workbook (a damaged zip archive): re-save it from Excel as .xlsx") from None
    with zf:
        infos = zf.infolist()
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


# ------------------------------------------------------------------------------- part scanning
_DTD_NEEDLES = {enc: ("<!DOCTYPE".encode(enc), "<!ENTITY".encode(enc), "<!".encode(enc))
                for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")}
_COMMENT = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.S)
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData[\s/>]")
_SD_NEEDLE = {enc: "sheetData".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")}
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s/>]")


def _encoding(first: bytes) -> str | None:
    """The encoding of an XML part from its first bytes, or None if it is not XML."""
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    if first.startswith((b"\xff\xfe\x00\x00", b"<\x00\x00\x00")):
        return "utf-32-le"
    if first.startswith((b"\x00\x00\xfe\xff", b"\x00\x00\x00<")):
        return "utf-32-be"
    if first.startswith((b"\xff\xfe", b"<\x00")):
        return "utf-16-le"
    if first.startswith((b"\xfe\xff", b"\x00<")):
        return "utf-16-be"
    if first.lstrip(b" \t\r\n").startswith(b"<"):
        return "utf-8"
    return None


def _scan_part(name: str, stream: Iterator[bytes], kind: str, sheets: dict[str, SheetScan],
               small: dict[str, bytes]) -> None:
    enc: str | None = None
    root: str | None = None
    head = b""
    tail = b""
    handler: _SheetScanner | _OdsScanner | None = None
    sheet_scan: SheetScan | None = None
    sheet_data = False
    tail_sd = b""
    keep = name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
    kept: list[bytes] = []
    for i, chunk in enumerate(stream):
        if i == 0:
            enc = _encoding(chunk[:8])
        if enc is None:
            continue  # not XML (images, vbaProject.bin …): never parsed as XML
        needles = _DTD_NEEDLES[enc]
        edge = tail + chunk[:64]
        # "<!" holds a "!" in every encoding: a one-byte search (memchr) rules the costlier tests out
        if (b"!" in chunk or b"!" in edge) and (needles[2] in chunk or needles[2] in edge) and any(
                n in chunk or n in edge for n in needles[:2]):
            raise _Refused(f"refused: part {name} declares XML entities (<!DOCTYPE / <!ENTITY>: an entity-expansion "
                           "or external-entity attack); Excel never writes these — re-save the file from Excel")
        tail = chunk[-40:]
        if root is None:
            head += chunk
            m = None
            if enc == "utf-8" and len(head) > 2 * MAX_XML_HEAD:
                # the root of a large first piece is looked for in its start: the same answer whenever no
                # comment or processing instruction is cut open there (else the whole piece, as below)
                text = _COMMENT.sub(b"", head[:MAX_XML_HEAD])
                if b"<!--" not in text and b"<?" not in text:
                    m = _ROOT.search(text.lstrip(b"\xef\xbb\xbf"))
            if m is None:
                text = head if enc == "utf-8" else head.decode(enc, "ignore").encode("utf-8")
                text = _COMMENT.sub(b"", text)
                m = _ROOT.search(text.lstrip(b"\xef\xbb\xbf"))
            if m is None:
                if len(head) > MAX_XML_HEAD:
                    raise _Refused(f"refused: part {name} does not start like an XML document "
                                   f"(no element in its first {MAX_XML_HEAD // 1024} KiB)")
                continue
            root = m.group(1).decode("ascii", "replace")
            if enc != "utf-8" and (root == "worksheet" or (kind == "ods" and name == "content.xml")):
                raise _Refused(f"refused: part {name} is not UTF-8 encoded; re-save the file from Excel")
            if kind == "ods" and name == "content.xml":
                handler = _OdsScanner(sheets)
            elif enc == "utf-8":
                # every XML part is measured: the cell reader reads cells from whatever part a sheet points to,
                # whatever its root element is called; the result counts if the part holds <sheetData>
                sheet_scan = SheetScan(name)
                handler = _SheetScanner(sheet_scan)
            chunk = head
            head = b""
        if not sheet_data:
            needle = _SD_NEEDLE[enc]
            edge = tail_sd + chunk[:64]
            if needle in chunk or needle in edge:
                if enc != "utf-8":
                    raise _Refused(f"refused: part {name} holds cells but is not UTF-8 encoded; re-save the file "
                                   "from Excel")
                sheet_data = bool(_SHEET_DATA.search(chunk) or _SHEET_DATA.search(edge))
            tail_sd = chunk[-64:]
        if handler is not None:
            handler.feed(chunk)
        if keep:
            kept.append(chunk)
            if sum(map(len, kept)) > 64 * 1024**2:
                raise _Refused(f"refused: part {name} is implausibly large")
    if enc is not None and root is None and head.strip():
        text = _COMMENT.sub(b"", head).strip()
        if text:
            raise _Refused(f"the workbook is damaged (part {name} is not a complete XML document)")
    if handler is not None:
        handler.close()
    if sheet_scan is not None and (root == "worksheet" or sheet_data):
        sheets[name] = sheet_scan
    if keep and kept:
        small[name] = b"".join(kept)


# --- worksheet XML (xlsx)
# A cell with a value: <c r="B7" ...> not self-closing (calamine ignores empty styled cells <c r=".." s="1"/>).
# (any number of letters and digits, either case: the cell reader takes "b5", "AAAA1" or "B05" too)
_REF_RARE = re.compile(rb' r="(?:([A-Za-z]{2,})(\d+)|([A-Za-z])(\d{7,}))"[^>/]*>')
_REF_DIGITS = {d: re.compile(rb' r="[A-Za-z]\d{%d}"[^>/]*>' % d) for d in range(1, 7)}
#: a "<c" that is not a cell with a one-letter column and at most d row digits (the tiers below could learn
#: from it, or it lacks its reference): none in a chunk → nothing to measure there
_USUAL_CELLS = {d: re.compile(rb'<c(?! r="[A-Za-z]\d{1,%d}")' % d) for d in range(1, 7)}
_REF_COL1 = re.compile(rb' r="[A-Za-z]\d+"[^>/]*>')
_REF_ROWS = re.compile(rb' r="[A-Za-z]+(\d+)"[^>/]*>')
_REF_COLS = re.compile(rb' r="([A-Za-z]+)\d+"[^>/]*>')
_WS = bytes.maketrans(b"\t\r\n", b"   ")
_CELL = re.compile(rb'<((?:[\w.-]+:)?)c\s([^>]*?)(?:/>|>(.*?)</\1c\s*>)', re.S)
_ATTR_R = re.compile(rb'(?<![\w:.-])r\s*=\s*["\']([A-Za-z]+)(\d+)["\']')
_ATTR_T = re.compile(rb'(?<![\w:.-])t\s*=\s*["\'](\w+)["\']')
_F = re.compile(rb'<(?:[\w.-]+:)?f(?![\w.:-])([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?f\s*>)', re.S)
_V = re.compile(rb'<(?:[\w.-]+:)?v(?![\w.:-])[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?v\s*>)', re.S)
_TAG = re.compile(rb'<(/?)(?:[\w.-]+:)?(row|c)(?![\w.:-])([^>]*?)(/?)>')
_ATTR_ROW_R = re.compile(rb'(?<![\w:.-])r\s*=\s*["\'](\d+)["\']')


class _SheetScanner:
    """Measures a worksheet's used area and finds error cells and formulas without results, in one pass.

    Files written the usual way (every cell ``<c r="B7" …>``) are measured with a few fast searches: exactly
    for rows past 999,999 and columns past Z (rare), bounded by the number of digits of the row numbers
    otherwise (:func:`_refine` measures exactly when the bound is too coarse to decide). Anything unusual
    (cells without a reference, attributes written ``r = 'B7'``) is followed tag by tag, exactly.
    """

    def __init__(self, sheet: SheetScan):
        self.s = sheet
        self.carry = b""
        self.digits = 0  # most digits (1–6) of a row number seen in a cell reference
        self.one_letter = False  # some values in columns A–Z
        self.exact_mode = False  # follow every tag (set for good once anything is unusual)
        self.row_i = -1
        self.col_i = -1

    def feed(self, data: bytes) -> None:
        buf = self.carry + data
        window = max(0, len(buf) - 4 * 1024**2)
        cut = max(buf.rfind(b"</row>", window) + 6, buf.rfind(b":row>", window) + 5)
        if cut < 6:
            if len(buf) < _ROW_CUT:
                self.carry = buf
                return
            cut = buf.rfind(b">") + 1
        self.carry = buf[cut:]
        self._process(buf[:cut])

    def close(self) -> None:
        if self.carry:
            self._process(self.carry)
            self.carry = b""
        s = self.s
        s.exact = self.digits == 0 and not self.one_letter
        if self.digits:
            s.max_row = max(s.max_row, 10**self.digits - 2)
        if self.one_letter:
            s.max_col = max(s.max_col, 25)

    def _process(self, buf: bytes) -> None:
        # one-byte searches (memchr) are ~30× faster than searches for two bytes or more: they rule out what
        # is absent, and the searches below run backwards (rfind), about twice as fast as forwards here
        if b"\n" in buf or b"\r" in buf or b"\t" in buf:
            buf = buf.translate(_WS)  # any whitespace inside a tag is now a space
        colon = b":" in buf  # no ":" → no namespaced tags (":c", ":f", ":row")
        if not self.exact_mode and colon and b":c" in buf and (
                buf.count(b":c ") + buf.count(b":c>") != buf.count(b':c r="')):
            self.exact_mode = True
        # the usual case in one search: every cell is <c r="X123"> with one column letter and no more row
        # digits than seen before, so no cell lacks its reference and no reference can widen what is known
        quick = (not self.exact_mode and self.one_letter and self.digits
                 and _USUAL_CELLS[self.digits].search(buf) is None)
        # every cell <c r="X123456"> with one letter and up to six digits: only the row digits to learn
        usual = quick or not self.exact_mode and _USUAL_CELLS[6].search(buf) is None
        if not self.exact_mode and not usual:
            plain = buf.count(b"<c ")
            if plain != buf.count(b'<c r="') or b"<c>" in buf:
                self.exact_mode = True
        if self.exact_mode:
            self._follow_tags(buf)
            gate = True
        else:
            last = buf.rfind(b'row r="')
            if last >= 0:
                m = _ATTR_ROW_R.match(buf, last + 4)
                if m:
                    self.row_i = int(m.group(1)) - 1
            if not quick:
                self._tiers(buf, rare=not usual)
            gate = (buf.rfind(b"<f") >= 0 or (colon and buf.rfind(b":f") >= 0) or buf.rfind(b'"e"') >= 0
                    or buf.rfind(b"'e'") >= 0)
        if gate:
            self._cells(buf)

    def _tiers(self, buf: bytes, rare: bool = True) -> None:
        s = self.s
        for m in _REF_RARE.finditer(buf) if rare else ():
            if m.group(1):
                _seen(s, int(m.group(2)) - 1, _col_index(m.group(1)))
            else:
                _seen(s, int(m.group(4)) - 1, _col_index(m.group(3)))
        for d in range(6, self.digits, -1):
            if _REF_DIGITS[d].search(buf):
                self.digits = d
                break
        if not self.one_letter and _REF_COL1.search(buf):
            self.one_letter = True

    def _cells(self, buf: bytes) -> None:
        """Error cells and formulas."""
        s = self.s
        for m in _CELL.finditer(buf):
            inner = m.group(3)
            if not inner:
                continue
            attrs = m.group(2)
            r = _ATTR_R.search(attrs)
            if r is None:
                continue
            pos = (int(r.group(2)) - 1, _col_index(r.group(1).upper()))
            t = _ATTR_T.search(attrs)
            typ = t.group(1) if t else b"n"
            v = _V.search(inner)
            value = v.group(1) if v and v.group(1) is not None else b""
            f = _F.search(inner)
            if typ == b"e":
                s.errors[pos] = value.decode("utf-8", "replace").strip() or "#VALUE!"
            if f is not None:
                s.n_formulas += 1
                text = (f.group(2) or b"").decode("utf-8", "replace")
                text = _unescape(text) if text else "(a shared formula)"
                # no result saved: no <v> at all, or an empty one where a number belongs (a formula whose
                # result is the empty string, t="str" with <v></v>, is a real result)
                if v is None and typ != b"inlineStr" or typ == b"n" and not value.strip():
                    s.uncached[pos] = text
                elif typ == b"n" and value.strip() == b"0":
                    s.zero_formulas[pos] = text

    def _follow_tags(self, buf: bytes) -> None:
        """Positions as the cell reader assigns them when cells or rows lack references."""
        for m in _TAG.finditer(buf):
            closing, tag, attrs, selfclose = m.groups()
            if tag == b"row":
                if closing:
                    continue
                r = _ATTR_ROW_R.search(attrs)
                self.row_i = int(r.group(1)) - 1 if r else self.row_i + 1
                self.col_i = -1
                continue
            if closing:
                continue
            r = _ATTR_R.search(attrs)
            if r:
                row, self.col_i = int(r.group(2)) - 1, _col_index(r.group(1).upper())
            else:
                row, self.col_i = max(self.row_i, 0), self.col_i + 1
            if not selfclose:
                _seen(self.s, row, self.col_i)


def _seen(s: SheetScan, row: int, col: int) -> None:
    if row > s.max_row or col > s.max_col or not s.far_cell:
        s.far_cell = cell_ref(max(row, 0), max(col, 0))
    s.max_row = max(s.max_row, row)
    s.max_col = max(s.max_col, col)


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


# --- OpenDocument content.xml
_ODS_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


class _OdsScanner:
    """Used area of each table of an .ods workbook, counting repeated rows and cells."""

    def __init__(self, sheets: dict[str, SheetScan]):
        self.sheets = sheets
        self.p: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
        self.table: SheetScan | None = None
        self.row = 0
        self.col = 0
        self.row_repeat = 1
        self.row_width = -1

    def feed(self, data: bytes) -> None:
        self.p.feed(data)
        self._drain()

    def close(self) -> None:
        self.p.close()
        self._drain()

    def _drain(self) -> None:
        for event in self.p.read_events():  # typed as possibly (event,) alone: ours are (event, element)
            ev, el = event[0], event[-1]
            if not isinstance(el, Element):  # start and end events only: always an element
                continue
            tag = el.tag
            if ev == "start":
                if tag == _ODS_T + "table":
                    name = el.get(_ODS_T + "name", f"table{len(self.sheets) + 1}")
                    self.table = self.sheets.setdefault(name, SheetScan("content.xml", name))
                    self.row = 0
                elif tag == _ODS_T + "table-row":
                    self.row_repeat = _int(el.get(_ODS_T + "number-rows-repeated"))
                    self.col = 0
                    self.row_width = -1
                continue
            if tag in (_ODS_T + "table-cell", _ODS_T + "covered-table-cell"):
                rep = _int(el.get(_ODS_T + "number-columns-repeated"))
                has_value = el.get(_ODS_O + "value-type") is not None or any(
                    (c.text or "").strip() or len(c) for c in el)
                self.col += rep
                if has_value:
                    self.row_width = self.col - 1
                el.clear()
            elif tag == _ODS_T + "table-row":
                if self.row_width >= 0 and self.table is not None:
                    last = self.row + self.row_repeat - 1
                    t = self.table
                    if last > t.max_row or self.row_width > t.max_col:
                        t.far_cell = cell_ref(last, self.row_width)
                    t.max_row = max(t.max_row, last)
                    t.max_col = max(t.max_col, self.row_width)
                self.row += self.row_repeat
                el.clear()
            elif tag == _ODS_T + "table":
                self.table = None
                el.clear()


def _int(v: str | None) -> int:
    try:
        n = int(v) if v is not None else 1
    except ValueError:
        return 1
    if n < 1:
        return 1
    if n > 10 * EXCEL_MAX_COLS * EXCEL_MAX_ROWS:
        raise _Refused("refused: an implausible repeat count in content.xml (a crafted file)")
    return n


# ------------------------------------------------------------------------------- names and limits
_SHEET_EL = re.compile(rb'<(?:\w+:)?sheet\b([^>]*?)/?>')
_REL_EL = re.compile(rb'<(?:\w+:)?Relationship\b([^>]*?)/?>')
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode("utf-8", "replace").split(":")[-1] if k.startswith(b"r:") else k.decode("utf-8", "replace"):
            _unescape(v.decode("utf-8", "replace")) for k, v in _ATTR.findall(raw)}


def _name_sheets(by_part: dict[str, SheetScan], small: dict[str, bytes], scan: WorkbookScan) -> None:
    """Name each scanned worksheet part by its sheet name (xl/workbook.xml + its relationships)."""
    wb = small.get("xl/workbook.xml", b"")
    scan.full_calc_on_load = bool(re.search(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"', wb))
    rels: dict[str, str] = {}
    for raw in _REL_EL.findall(small.get("xl/_rels/workbook.xml.rels", b"")):
        a = _attrs(raw)
        if "Id" in a and "Target" in a:
            target = a["Target"].lstrip("/")
            if not a["Target"].startswith("/"):
                target = "xl/" + target
            parts: list[str] = []
            for p in target.split("/"):
                if p == "..":
                    parts = parts[:-1]
                elif p not in ("", "."):
                    parts.append(p)
            rels[a["Id"]] = "/".join(parts)
    named: dict[str, SheetScan] = {}
    for raw in _SHEET_EL.findall(wb):
        a = _attrs(raw)
        rid = a.get("id")
        part = rels.get(rid or "")
        if part and part in by_part and "name" in a:
            by_part[part].name = a["name"]
            named[a["name"]] = by_part[part]
    for part, s in by_part.items():  # worksheets not named (unusual): keep them checked under their part name
        if not s.name:
            s.name = part
            named[part] = s
    scan.sheets = named


def _too_big(s: SheetScan) -> bool:
    return s.max_row >= EXCEL_MAX_ROWS or s.max_col >= EXCEL_MAX_COLS or s.cells > MAX_CELLS


def _refine(s: SheetScan, stream: Iterator[bytes]) -> None:
    """Measure the used area exactly (a second pass over the part, only when the bound could not decide)."""
    max_row, cols, far = -1, set(), ""
    carry = b""
    for data in stream:
        buf = carry + data
        cut = buf.rfind(b">") + 1
        carry = buf[cut:]
        chunk = buf[:cut].translate(_WS)
        rows = _REF_ROWS.findall(chunk)
        if rows:
            top = max(map(int, set(rows))) - 1
            if top > max_row:
                max_row = top
                m = re.search(rb' r="([A-Za-z]+)0*%d"' % (top + 1), chunk)
                far = m.group(1).decode() + str(top + 1) if m else ""
        cols.update(_REF_COLS.findall(chunk))
    s.max_row = max_row
    s.max_col = max((_col_index(c) for c in cols), default=-1)
    s.far_cell = far or cell_ref(max(max_row, 0), max(s.max_col, 0))
    s.exact = True


def _check_extent(s: SheetScan) -> None:
    where = f"sheet '{s.name}'"
    if s.max_row >= EXCEL_MAX_ROWS:
        raise _Refused(f"{where} has rows past Excel's last row {EXCEL_MAX_ROWS:,} (cell {s.far_cell or '?'}): Excel "
                       "itself cannot open it; give data that large as a CSV or parquet table")
    if s.max_col >= EXCEL_MAX_COLS:
        raise _Refused(f"{where} has columns past Excel's last column XFD (cell {s.far_cell or '?'}): a crafted or "
                       "damaged file")
    if s.cells > MAX_CELLS:
        raise _Refused(f"{where} spans rows 1–{s.max_row + 1:,} and columns A–{col_letters(s.max_col)} "
                       f"({s.cells:,} cells, more than gpc reads from one sheet: {MAX_CELLS:,}). If a stray value "
                       f"far from the table stretches it (e.g. cell {s.far_cell or '?'}), delete it; if the data is "
                       "really that large, give it as a CSV or parquet table")
