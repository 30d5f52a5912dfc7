"""Hostile files: refused before any parser sees them, quickly and without a memory blow-up.

And the other direction: text from the input that a spreadsheet would read as a formula comes out of
``inv.to_excel`` as text (checked in the output's XML).
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
import xlsxwriter

import gpc
import gpc.io.safety as safety

from .rel_helpers import CITY, GOOD, HEADER, activity_book, find, patch_zip, problems_of, row, sheet_part

HOSTILE: dict[str, tuple[str, Callable[[Path], None]]] = {}


def hostile(cid: str, title: str):  # type: ignore[no-untyped-def]
    def register(fn: Callable[[Path], None]) -> Callable[[Path], None]:
        HOSTILE[cid] = (title, fn)
        return fn

    return register


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>")


def _laughs_part(root: str) -> bytes:
    return (LAUGHS + f"<{root}>&lol9;</{root}>").encode()


def _set_sizes(path: Path, member: str, *, usize: int | None = None, flags: int | None = None) -> None:
    """Rewrite the declared uncompressed size / flags of a member in its local header and the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    lh = info.header_offset
    if usize is not None:
        struct.pack_into("<I", data, lh + 22, usize)
    if flags is not None:
        struct.pack_into("<H", data, lh + 6, flags)
    name = member.encode()
    cd = data.find(b"PK\x01\x02" + data[lh + 4:lh + 6])  # first central entry; search by name below
    cd = 0
    while True:
        cd = data.find(b"PK\x01\x02", cd)
        assert cd >= 0, member
        nlen = struct.unpack_from("<H", data, cd + 28)[0]
        if bytes(data[cd + 46:cd + 46 + nlen]) == name:
            break
        cd += 4
    if usize is not None:
        struct.pack_into("<I", data, cd + 24, usize)
    if flags is not None:
        struct.pack_into("<H", data, cd + 8, flags)
    path.write_bytes(bytes(data))


def _base(tmp: Path) -> Path:
    return activity_book(tmp / "base.xlsx", [])


# ------------------------------------------------------------------------------------- XML entities
@hostile("H01", "billion laughs (XML entity expansion) in the shared strings")
def _(tmp: Path) -> None:
    p = patch_zip(_base(tmp), tmp / "laughs.xlsx", {"xl/sharedStrings.xml": _laughs_part("sst")})
    find(problems_of(p), sheet="laughs.xlsx", text="declares XML entities")


@hostile("H02", "billion laughs in a worksheet")
def _(tmp: Path) -> None:
    src = _base(tmp)
    p = patch_zip(src, tmp / "laughs.xlsx", {sheet_part(src): lambda b: LAUGHS.encode() + b.split(b"?>", 1)[-1]})
    find(problems_of(p), text="entity-expansion")


@hostile("H03", "external entity (XXE) reading a local file, in the workbook part")
def _(tmp: Path) -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    p = patch_zip(_base(tmp), tmp / "xxe.xlsx", {"xl/workbook.xml": lambda b: xxe + b.split(b"?>", 1)[-1]})
    find(problems_of(p), text="external-entity")


@hostile("H04", "a DTD in a UTF-16 encoded part")
def _(tmp: Path) -> None:
    doc = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><Types>&a;</Types>'
    p = patch_zip(_base(tmp), tmp / "u16.xlsx", {"[Content_Types].xml": doc.encode("utf-16")})
    find(problems_of(p), text="declares XML entities")


@hostile("H05", "a DTD hidden behind a long comment")
def _(tmp: Path) -> None:
    pad = "<!--" + "x" * 200_000 + "-->"
    p = patch_zip(_base(tmp), tmp / "pad.xlsx",
                  {"xl/workbook.xml": lambda b: (pad + LAUGHS).encode() + b.split(b"?>", 1)[-1]})
    find(problems_of(p), text="XML")


# ---------------------------------------------------------------------------------------- zip bombs
@hostile("H06", "zip bomb: a part that expands a thousand-fold")
def _(tmp: Path) -> None:
    p = patch_zip(_base(tmp), tmp / "bomb.xlsx", {"xl/media/image1.png": b"\0" * (40 * 1024**2)})
    find(problems_of(p), text="expands")


@hostile("H07", "zip bomb lying about its size (declares 1 KB, inflates to 40 MB)")
def _(tmp: Path) -> None:
    p = patch_zip(_base(tmp), tmp / "liar.xlsx", {"xl/media/image1.png": b"\0" * (40 * 1024**2)})
    _set_sizes(p, "xl/media/image1.png", usize=1024)
    find(problems_of(p), text="more than the 1,024 bytes")


@hostile("H08", "a workbook larger than gpc reads (total uncompressed size)")
def _(tmp: Path, cap: int = 1024**2) -> None:
    p = tmp / "big.xlsx"
    wb = xlsxwriter.Workbook(str(p), {"constant_memory": True})
    ws = wb.add_worksheet("activity")
    ws.write_row(0, 0, HEADER)
    for i in range(1, 20001):
        ws.write_row(i, 0, ["I.1.1", "natural_gas", i, "GJ"] + [None] * 8 + [os.urandom(8).hex()])
    wb.close()
    old = safety.MAX_UNCOMPRESSED_BYTES
    safety.MAX_UNCOMPRESSED_BYTES = cap
    try:
        find(problems_of(p), text="expands to")
    finally:
        safety.MAX_UNCOMPRESSED_BYTES = old


@hostile("H09", "too many parts in the archive")
def _(tmp: Path) -> None:
    p = patch_zip(_base(tmp), tmp / "many.xlsx", {f"xl/junk/{i}.xml": b"<a/>" for i in range(60)})
    old = safety.MAX_PARTS
    safety.MAX_PARTS = 50
    try:
        find(problems_of(p), text="parts")
    finally:
        safety.MAX_PARTS = old


@hostile("H10", "encrypted zip entries")
def _(tmp: Path) -> None:
    p = patch_zip(_base(tmp), tmp / "enc.xlsx", {})
    _set_sizes(p, "xl/workbook.xml", flags=0x1)
    find(problems_of(p), text="password-protected")


@hostile("H11", "an unusual compression method (bzip2)")
def _(tmp: Path) -> None:
    p = patch_zip(_base(tmp), tmp / "bz.xlsx", {}, compression=zipfile.ZIP_BZIP2)
    find(problems_of(p), text="compression method")


@hostile("H12", "two parts with the same name")
def _(tmp: Path) -> None:
    src = _base(tmp)
    p = tmp / "dup.xlsx"
    import warnings

    with zipfile.ZipFile(src) as z, zipfile.ZipFile(p, "w") as out, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for n in z.namelist():
            out.writestr(n, z.read(n))
        out.writestr("xl/workbook.xml", z.read("xl/workbook.xml"))
    find(problems_of(p), text="same name")


@hostile("H13", "a zip that is not an Excel workbook (a Word document renamed)")
def _(tmp: Path) -> None:
    p = tmp / "doc.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    find(problems_of(p), text="no xl/workbook.xml")


@hostile("H14", "a truncated (damaged) workbook")
def _(tmp: Path) -> None:
    data = _base(tmp).read_bytes()
    p = tmp / "cut.xlsx"
    p.write_bytes(data[: len(data) // 2])
    find(problems_of(p), sheet="cut.xlsx", text="")


@hostile("H15", "cells without references that stretch a row past Excel's last column")
def _(tmp: Path) -> None:
    src = _base(tmp)
    cells = b"<c><v>1</v></c>" * 17000
    p = patch_zip(src, tmp / "wide.xlsx", {sheet_part(src): lambda b: b.replace(
        b"</sheetData>", b'<row r="5">' + cells + b"</row></sheetData>")})
    find(problems_of(p), text="last column")


@hostile("H16", "references written unusually (r = 'XFD1048576') to slip past checks")
def _(tmp: Path) -> None:
    src = _base(tmp)
    p = patch_zip(src, tmp / "quote.xlsx", {sheet_part(src): lambda b: b.replace(
        b"</sheetData>", b"<row r='900000'><c\tr = 'ZZZ900000' ><v>1</v></c></row></sheetData>")})
    find(problems_of(p), text="ZZZ900000")


@hostile("H17", "an OpenDocument file whose repeated cells span billions of cells")
def _(tmp: Path) -> None:
    from .test_catalogue import _ods

    p = _ods(tmp / "rep.ods", {"city": [list(r) for r in CITY], "activity": [HEADER[:4], GOOD]})
    huge = (b'<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
            b'table:number-columns-repeated="16000" office:value-type="float" office:value="1"/></table:table-row>')
    p2 = patch_zip(p, tmp / "rep2.ods", {"content.xml": lambda b: b.replace(b"</table:table></office", huge +
                                                                            b"</table:table></office")},
                   compression=zipfile.ZIP_DEFLATED)
    find(problems_of(p2), text="cells")


FAR = b'<row r="200000"><c r="ZZ200000"><v>1</v></c></row></sheetData>'


@hostile("H21", "a worksheet whose root element is renamed, to slip past the measuring")
def _(tmp: Path) -> None:
    src = _base(tmp)
    p = patch_zip(src, tmp / "root.xlsx", {sheet_part(src): lambda b: b.replace(b"<worksheet", b"<foo").replace(
        b"</worksheet>", b"</foo>").replace(b"</sheetData>", FAR)})
    find(problems_of(p), text="ZZ200000")


@hostile("H22", "a worksheet stored in an unusual part (xl/media/x.xml), to slip past the measuring")
def _(tmp: Path) -> None:
    src = _base(tmp)
    part = sheet_part(src)
    p = tmp / "moved.xlsx"
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as out:
        for n in z.namelist():
            data = z.read(n)
            if n == "xl/_rels/workbook.xml.rels":
                data = data.replace(part[3:].encode(), b"media/x.xml")
            if n == part:
                n, data = "xl/media/x.xml", data.replace(b"</sheetData>", FAR)
            out.writestr(n, data)
    find(problems_of(p), text="ZZ200000")


# ---------------------------------------------------------------------------------- links, macros
@hostile("H18", "external links: never followed, reported (warning)")
def _(tmp: Path) -> None:
    link = (b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships"/></externalLink>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/externalLinkPath" Target="file:///nonexistent/secret.xlsx" TargetMode="External"/>'
            b"</Relationships>")
    p = patch_zip(_base(tmp), tmp / "linked.xlsx", {"xl/externalLinks/externalLink1.xml": link,
                                                    "xl/externalLinks/_rels/externalLink1.xml.rels": rels})
    inv = gpc.calculate(p)
    find(inv.warnings, text="not followed", severity="warning")


@hostile("H19", "macros (vbaProject.bin): never run")
def _(tmp: Path) -> None:
    marker = tmp / "ran"
    p = patch_zip(_base(tmp), tmp / "macro.xlsm", {"xl/vbaProject.bin": f"CreateObject {marker}".encode()})
    inv = gpc.calculate(p)
    assert not marker.exists()
    find(inv.warnings, text="never run")


@hostile("H20", "formula-like text in the input is written as text in the output")
def _(tmp: Path) -> None:
    _formula_text_round_trip(tmp)


FORMULA_TEXT = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A9)",
                "=cmd|' /C calc'!A0", "=1+1"]


def _formula_text_round_trip(tmp: Path) -> None:
    src = tmp / "inj.xlsx"
    wb = xlsxwriter.Workbook(str(src), {"strings_to_formulas": False})
    c = wb.add_worksheet("city")
    for i, r in enumerate([("name", "=2+2") if r[0] == "name" else r for r in CITY]):
        c.write_row(i, 0, r)
    a = wb.add_worksheet("activity")
    a.write_row(0, 0, HEADER)
    for i, text in enumerate(FORMULA_TEXT, start=1):
        a.write_row(i, 0, row("I.1.1", "natural_gas", 100 + i, "GJ", source=text))
    a.write_row(len(FORMULA_TEXT) + 1, 0, row("I.2.1", notation_key="NE", explanation="=NOW()"))
    wb.close()
    inv = gpc.calculate(src)
    out = inv.to_excel(tmp / "out.xlsx", timestamp="2024-01-01")
    with zipfile.ZipFile(out) as z:
        sheets = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")}
        strings = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in z.namelist() else ""
    for name, xml in sheets.items():
        assert "<f>" not in xml and "<f " not in xml, f"a formula in {name}"
    from xml.sax.saxutils import escape

    for text in [*FORMULA_TEXT, "=NOW()", "=2+2"]:
        assert escape(text) in strings or escape(text, {'"': "&quot;"}) in strings, text
    back = openpyxl.load_workbook(out)  # and as a spreadsheet program sees them: text cells
    seen = {}
    for ws in back.worksheets:
        for r in ws.iter_rows():
            for cell in r:
                if isinstance(cell.value, str) and cell.value in FORMULA_TEXT + ["=NOW()"]:
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    seen[cell.value] = cell.quotePrefix
    assert set(seen) == set(FORMULA_TEXT) | {"=NOW()"}
    assert all(seen.values()), seen  # shown with Excel's quote prefix: stays text when edited


# --------------------------------------------------------------------------------------- the tests
@pytest.mark.parametrize("cid", sorted(HOSTILE))
def test_hostile(cid: str, tmp_path: Path) -> None:
    HOSTILE[cid][1](tmp_path)


def test_billion_laughs_is_refused_without_a_memory_blow_up(tmp_path: Path) -> None:
    """In a fresh process: refused, and the peak memory grows by little more than reading a small workbook
    does (an expanded entity would take gigabytes). The subprocess timeout guards against a hang; no
    timing is asserted (speed lives in benchmarks/)."""
    p = patch_zip(_base(tmp_path), tmp_path / "laughs.xlsx",
                  {"xl/sharedStrings.xml": _laughs_part("sst"), "xl/workbook.xml": lambda b: LAUGHS.encode() +
                   b.split(b"?>", 1)[-1]})
    code = ("import resource, sys, gpc, gpc.engine, gpc.io.excel_in\n"
            "def peak():\n    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
            "gpc.calculate(sys.argv[2])\n"   # a small good workbook: every module the bad one needs is loaded
            "before = peak()\n"
            "try:\n    gpc.calculate(sys.argv[1])\nexcept gpc.InputError as e:\n    print('refused', e)\n"
            "print('growth_mb', peak() - before)\n")
    (tmp_path / "good").mkdir()
    good = _base(tmp_path / "good")
    res = subprocess.run([sys.executable, "-c", code, str(p), str(good)], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    assert "refused" in res.stdout and "entit" in res.stdout
    growth = float(re.search(r"growth_mb ([\d.-]+)", res.stdout).group(1))
    assert growth < 100, res.stdout


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    """A 4 GiB declared part is refused from the zip directory alone (no inflating)."""
    p = patch_zip(_base(tmp_path), tmp_path / "bomb.xlsx", {"xl/media/image1.png": b"\0" * (4 * 1024**2)})
    _set_sizes(p, "xl/media/image1.png", usize=4 * 1024**3 - 1)
    find(problems_of(p), text="expands")


def test_scan_tells_the_reader_what_calamine_cannot_see(tmp_path: Path) -> None:
    """Excel error values and formulas without results are located by the scan (0-based row, column)."""
    p = tmp_path / "e.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    ws = wb.add_worksheet("activity")
    ws.write_formula(1, 2, "=1/0", None, "#DIV/0!")
    ws.write_formula(2, 2, "=A1")
    wb.close()
    scan = safety.check_workbook_file(p)
    s = scan.sheet("activity")
    assert s.errors == {(1, 2): "#DIV/0!"}
    assert scan.formula_placeholders("activity") == {(2, 2): "A1"}
    assert (s.max_row, s.max_col) >= (2, 2)
