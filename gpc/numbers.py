"""Numbers typed as text, read exactly as typed or refused (``docs/workbook.md``, *Numbers typed as text*).

One rule for every text cell that holds a number (workbook text cells, CSV and Parquet cells, the number
in front of a quantity such as ``38.931 MJ/m3``):

* digits ``0-9`` (full-width ``０-９`` too), an optional sign (``-``, ``+``, or the minus sign ``−``), a
  point ``.`` for decimals and an optional exponent (``1e3``, ``2.5E-4``);
* thousands may be grouped in threes, with a space (any space: plain, no-break U+00A0, thin U+2009,
  narrow no-break U+202F, ideographic U+3000) — ``12 345``, ``1 234 567.5`` — or with commas when that
  cannot be a decimal comma: two or more groups (``1,234,567``) or a decimal point after them
  (``1,234.5``);
* after the number, ``%`` (÷ 100) or a Chinese number word ``万`` (10⁴), ``亿`` (10⁸), ``万亿`` (10¹²).

Everything else is refused with how to write it, never dropped or guessed: a decimal comma (``12,5``,
``1.000,5``, ``1 000,5``), a single comma group (``1,234`` — one thousand two hundred and thirty-four in
China and the US, 1.234 in much of Europe), groups not of three digits, a second decimal point, invisible
characters (zero-width space, soft hyphen, byte-order mark, direction marks), superscript or circled
digits (``10²``), digits of other scripts, dashes used as a minus sign.

The value is the exact decimal number typed (:class:`decimal.Decimal`); its nearest float64 is what gpc
computes with (``float(read_number("0.1"))`` is the float written ``0.1``).
"""

from __future__ import annotations

import decimal
import re
import unicodedata

__all__ = ["NumberTextError", "invisible_character", "number_value", "read_number"]


class NumberTextError(ValueError):
    """Text that is not a number as gpc reads numbers; the message says how to write it. ``generic`` is
    True when the text is simply not a number (words, a unit), False when it is a number written in a way
    gpc refuses (a decimal comma, an invisible character …)."""

    def __init__(self, message: str, generic: bool = False) -> None:
        super().__init__(message)
        self.generic = generic


#: Chinese number words after the digits, longest first, as powers of ten
ZH_MULTIPLIERS = (("万亿", 12), ("亿", 8), ("万", 4))
_MINUS = {"\u2212": "-"}  # MINUS SIGN: the true minus of typesetting, unambiguous
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\ufe58\ufe63"
_EXACT = decimal.Context(prec=100_000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)

_PLAIN = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_COMMAS = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
_SPACES = r"[0-9]{1,3}(?: [0-9]{3})+(?:\.[0-9]+)?"
_NUMBER = re.compile(
    rf"(?P<sign>[+-])?(?P<body>{_PLAIN}|{_COMMAS}|{_SPACES})(?: ?(?P<suffix>%|万亿|亿|万))?"
)
_EXAMPLE = "a number such as 1234.5 (a point for decimals; thousands grouped as 1 234 567 or 1,234,567, or not at all)"


def invisible_character(text: str) -> str | None:
    """A description (``U+200B ZERO WIDTH SPACE``) of the first invisible or control character inside
    ``text`` (format characters, controls other than spaces at either end, private-use and unassigned
    code points), or ``None``."""
    inner = text.strip()
    for ch in inner:
        cat = unicodedata.category(ch)
        if cat in ("Cf", "Cc", "Co", "Cn", "Cs"):
            return _describe(ch)
    return None


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def _allowed_fold(ch: str) -> bool:
    """Characters NFKC may fold without changing what the number says: full-width forms of ASCII
    (Chinese input methods) and spaces."""
    return "\uff01" <= ch <= "\uff5e" or unicodedata.category(ch) == "Zs"


def read_number(text: str) -> decimal.Decimal:
    """The exact number a text cell holds, by the rule of this module.

    Raises
    ------
    NumberTextError
        With a message saying how to write the number.

    Examples
    --------
    >>> read_number("1 234 567.5"), read_number("12万"), read_number("4.5%")
    (Decimal('1234567.5'), Decimal('1.2E+5'), Decimal('0.045'))
    """
    raw = str(text)
    bad = invisible_character(raw)
    if bad:
        raise NumberTextError(f"the cell contains an invisible character ({bad}) that could change the number: "
                              "clear the cell and type the number again")
    raw = raw.strip()
    for ch in raw:
        if ch in _MINUS or _allowed_fold(ch) or ch.isascii():
            continue
        if ch in _DASHES:
            raise NumberTextError(f"'{ch}' ({_describe(ch)}) is not a minus sign gpc reads: type - (the hyphen-minus "
                                  "key) for a negative number")
        if unicodedata.normalize("NFKC", ch) != ch or (unicodedata.category(ch) == "Nd"):
            raise NumberTextError(
                f"'{ch}' ({_describe(ch)}) is not part of a number: type {_EXAMPLE}"
                + (" — 10² is written 100 or 1e2" if ch in "⁰¹²³⁴⁵⁶⁷⁸⁹" else ""))
    s = unicodedata.normalize("NFKC", raw)
    for k, v in _MINUS.items():
        s = s.replace(k, v)
    m = _NUMBER.fullmatch(s)
    if m is None or (m.group("body").count(",") == 1 and "." not in m.group("body")):
        why = _why_not(s)
        raise NumberTextError(why or f"not a number: type {_EXAMPLE}", generic=why is None)
    body = m.group("body").replace(",", "").replace(" ", "")
    with decimal.localcontext(_EXACT):
        value = decimal.Decimal(body)
        if m.group("sign") == "-":
            value = -value
        suffix = m.group("suffix")
        if suffix == "%":
            value = value.scaleb(-2)
        elif suffix:
            value = value.scaleb(dict(ZH_MULTIPLIERS)[suffix])
    return value


def number_value(text: str) -> float:
    """:func:`read_number` as the nearest float64 (``inf`` when it is beyond float range)."""
    return float(read_number(text))


def _why_not(s: str) -> str | None:
    """The message for text that is not a number by the rule."""
    core = re.sub(r"\s*(%|万亿|亿|万)$", "", s).lstrip("+-")
    if re.fullmatch(r"[0-9]{1,3},[0-9]{3}", core):
        alt = core.replace(",", "")
        return (f"'{s}' is ambiguous: {alt} with a thousands comma, or {core.replace(',', '.')} with a decimal comma; "
                f"write {alt} (or {core.replace(',', ' ')}) or {core.replace(',', '.')}")
    if re.fullmatch(r"[0-9., ]+", core) and "," in core:
        if re.fullmatch(r"[0-9]{1,3}(?:[. ][0-9]{3})*,[0-9]+", core):
            point = core.replace(".", "").replace(" ", "").replace(",", ".")
            return (f"'{s}' has a decimal comma: gpc reads a point as the decimal mark; write {point} "
                    "(thousands may be grouped as 1 234 567 or 1,234,567)")
        return f"'{s}' is not a number gpc reads: commas may only separate groups of three digits; type {_EXAMPLE}"
    if re.fullmatch(r"[0-9.]+", core) and core.count(".") > 1:
        return (f"'{s}' has more than one decimal point: type {_EXAMPLE} (a point separates decimals only; "
                "1.000.000 is written 1000000)")
    if re.fullmatch(r"[0-9. ]+", core) and " " in core:
        return (f"'{s}' is not a number gpc reads: spaces may only separate groups of three digits (12 345), "
                f"once each; type {_EXAMPLE}")
    return None
