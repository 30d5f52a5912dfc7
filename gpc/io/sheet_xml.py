"""Measuring one worksheet part while it is inflated, before any parser sees it: the used area, the cells
showing an Excel error and the formulas saved without a result (``.xlsx`` worksheet XML, :class:`_SheetScanner`),
and the used area of each table of an OpenDocument ``content.xml`` (:class:`_OdsScanner`).

Part of the safety scan (:mod:`gpc.io.safety`).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, XMLPullParser

from gpc.io.workbook_scan import (
    _ROW_CUT,
    EXCEL_MAX_COLS,
    EXCEL_MAX_ROWS,
    SheetScan,
    _col_index,
    _Refused,
    cell_ref,
)

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
