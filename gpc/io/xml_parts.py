"""Scanning one inflated part of a workbook: DTDs refused, the root element found within a bounded head, and
worksheet parts handed to the scanners of :mod:`gpc.io.sheet_xml`.

Part of the safety scan (:mod:`gpc.io.safety`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gpc.io.sheet_xml import _OdsScanner, _SheetScanner
from gpc.io.workbook_scan import MAX_XML_HEAD, SheetScan, _Refused

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
    """Scan one part as it is inflated: refuse DTDs, find its root element, measure it if it holds cells;
    keep ``xl/workbook.xml`` and its relationships in ``small``; a worksheet's scan goes to ``sheets``."""
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
        _refuse_dtd(name, enc, chunk, tail)
        tail = chunk[-40:]
        if root is None:
            head += chunk
            root = _root_element(name, enc, head)
            if root is None:
                continue
            handler, sheet_scan = _scanner_for(name, enc, root, kind, sheets)
            chunk = head
            head = b""
        if not sheet_data:
            sheet_data = _holds_sheet_data(name, enc, chunk, tail_sd)
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


def _refuse_dtd(name: str, enc: str, chunk: bytes, tail: bytes) -> None:
    """Refuse a part declaring a DTD (``<!DOCTYPE`` / ``<!ENTITY``), also one cut between two pieces."""
    needles = _DTD_NEEDLES[enc]
    edge = tail + chunk[:64]
    # "<!" holds a "!" in every encoding: a one-byte search (memchr) rules the costlier tests out
    if (b"!" in chunk or b"!" in edge) and (needles[2] in chunk or needles[2] in edge) and any(
            n in chunk or n in edge for n in needles[:2]):
        raise _Refused(f"refused: part {name} declares XML entities (<!DOCTYPE / <!ENTITY>: an entity-expansion "
                       "or external-entity attack); Excel never writes these — re-save the file from Excel")


def _root_element(name: str, enc: str, head: bytes) -> str | None:
    """The root element's name in the first bytes of a part, ``None`` while more are needed; refused when
    none is found within :data:`MAX_XML_HEAD` bytes."""
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
        return None
    return m.group(1).decode("ascii", "replace")


def _scanner_for(name: str, enc: str, root: str, kind: str, sheets: dict[str, SheetScan]
                 ) -> tuple[_SheetScanner | _OdsScanner | None, SheetScan | None]:
    """The scanner that measures a part with root element ``root`` (and the scan it fills), if any."""
    if enc != "utf-8" and (root == "worksheet" or (kind == "ods" and name == "content.xml")):
        raise _Refused(f"refused: part {name} is not UTF-8 encoded; re-save the file from Excel")
    if kind == "ods" and name == "content.xml":
        return _OdsScanner(sheets), None
    if enc == "utf-8":
        # every XML part is measured: the cell reader reads cells from whatever part a sheet points to,
        # whatever its root element is called; the result counts if the part holds <sheetData>
        sheet_scan = SheetScan(name)
        return _SheetScanner(sheet_scan), sheet_scan
    return None, None


def _holds_sheet_data(name: str, enc: str, chunk: bytes, tail_sd: bytes) -> bool:
    """Whether this piece (or its edge with the last one, ``tail_sd``) opens ``<sheetData>``."""
    needle = _SD_NEEDLE[enc]
    edge = tail_sd + chunk[:64]
    if needle in chunk or needle in edge:
        if enc != "utf-8":
            raise _Refused(f"refused: part {name} holds cells but is not UTF-8 encoded; re-save the file "
                           "from Excel")
        return bool(_SHEET_DATA.search(chunk) or _SHEET_DATA.search(edge))
    return False
