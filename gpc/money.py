"""Amounts of money as city sheets give them: the ``gdp`` field (``1.8e12 CNY``, ``18000亿元``, ``250 bn USD``).

One parser, :func:`parse_money`, used by the workbook reader (which refuses what it cannot read, with
the reason) and by the reports (per-GDP intensity). The amount is computed in decimal arithmetic, so
``1.8万亿元`` is exactly the float nearest 1 800 000 000 000 — the same number as ``1.8e12 CNY``.

Accepted: a number, an optional scale word and a currency, in that order (or the currency first:
``CNY 1.8e12``, ``US$ 250 bn``), spaces optional:

* scale words: Chinese ``万亿`` 10^12, ``千亿`` 10^11, ``百亿`` 10^10, ``十亿`` 10^9, ``亿`` 10^8,
  ``千万`` 10^7, ``百万`` 10^6, ``十万`` 10^5, ``万`` 10^4, ``千`` 10^3; English ``trillion``/``tn``,
  ``billion``/``bn``, ``million``/``mn``/``mio``, ``thousand``;
* currencies: ``CNY`` (``RMB``, ``元``, ``人民币``, ``人民币元``), ``USD`` (``US$``, ``美元``), ``EUR``
  (``€``, ``欧元``), or any other three-letter ISO 4217 code (``JPY``, ``GBP``, ``MXN`` …).

Refused, because they can be read two ways: a number without a currency (``18000`` — yuan or 亿元?),
``m``/``M``/``b``/``B``/``k`` (metre? million? billion?), ``mm``, a bare ``$`` (which dollar?) and ``¥``
(yuan or yen?). Currencies are never converted into one another.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["MoneyError", "parse_money", "SCALES", "CURRENCIES"]


class MoneyError(ValueError):
    """An amount of money gpc cannot read unambiguously (the message says what to write)."""


#: Scale words and their factor (powers of ten), longest matched first.
SCALES: dict[str, int] = {
    "万亿": 12, "千亿": 11, "百亿": 10, "十亿": 9, "亿": 8, "千万": 7, "百万": 6, "十万": 5, "万": 4, "千": 3,
    "trillion": 12, "tn": 12, "billion": 9, "bn": 9, "million": 6, "mn": 6, "mio": 6, "thousand": 3,
}
#: Currency spellings → ISO 4217 code (keys lower-case).
CURRENCIES: dict[str, str] = {
    "cny": "CNY", "rmb": "CNY", "元": "CNY", "人民币": "CNY", "人民币元": "CNY",
    "usd": "USD", "us$": "USD", "美元": "USD",
    "eur": "EUR", "€": "EUR", "欧元": "EUR",
}
#: Spellings that could mean two things, with what to write instead.
_AMBIGUOUS: dict[str, str] = {
    "m": "'m' is metre or million: write million (or mn)",
    "mm": "'mm' is millimetre or million: write million (or mn)",
    "b": "'b' could be billion or bytes: write billion (or bn)",
    "k": "'k' alone is not a scale gpc reads: write thousand",
    "$": "'$' does not say which dollar: write USD (or HKD, SGD …)",
    "¥": "'¥' is yuan or yen: write CNY (元) or JPY",
    "￥": "'￥' is yuan or yen: write CNY (元) or JPY",
}
_EXAMPLES = "such as 1.8e12 CNY, 18000亿元, 1.8万亿元 or 250 bn USD"
#: the number: digits with the separators gpc.numbers reads (or refuses, e.g. a decimal comma)
_NUMBER = re.compile(r"[-+\u2212]?(?:\d[\d.,]*|\.\d+)(?:[ \u00a0\u2009\u202f]\d{3}(?![\d]))*(?:[eE][-+]?\d+)?")
_ISO = re.compile(r"[A-Za-z]{3}")


def _currency(word: str, text: str) -> str:
    w = word.strip()
    if w.lower() in _AMBIGUOUS:
        raise MoneyError(f"{text!r}: {_AMBIGUOUS[w.lower()]}, {_EXAMPLES}")
    code = CURRENCIES.get(w.lower())
    if code:
        return code
    if _ISO.fullmatch(w):
        return w.upper()
    raise MoneyError(f"{text!r}: {w!r} is not a currency gpc knows: give the ISO code (CNY, USD, EUR …) "
                     f"after the number, {_EXAMPLES}")


def _split_scale_currency(rest: str, text: str) -> tuple[int, str]:
    """``"亿元"`` → ``(8, "元")``; ``"bn USD"`` → ``(9, "USD")``."""
    r = rest.strip()
    low = r.lower()
    for word in sorted(SCALES, key=len, reverse=True):
        if not low.startswith(word):
            continue
        after = r[len(word):]
        # an English word must end there ("bn USD", "billion"), not run on ("bnx")
        if word.isascii() and after[:1].isascii() and after[:1].isalpha():
            continue
        return SCALES[word], after.strip()
    first = re.match(r"[A-Za-z$¥￥]+", r)
    if first and first.group(0).lower() in _AMBIGUOUS:
        raise MoneyError(f"{text!r}: {_AMBIGUOUS[first.group(0).lower()]}, {_EXAMPLES}")
    return 0, r


def parse_money(value: Any) -> tuple[float, str]:
    """Read an amount of money with its currency.

    Parameters
    ----------
    value : str
        What the cell holds, e.g. ``"1.8e12 CNY"``, ``"18000亿元"``, ``"1.8万亿元"``, ``"250 bn USD"``,
        ``"250 billion USD"``, ``"CNY 1.8e12"``.

    Returns
    -------
    tuple of (float, str)
        The amount in units of the currency and the ISO 4217 code: ``"18000亿元"`` → ``(1.8e12, "CNY")``.

    Raises
    ------
    MoneyError
        For an empty value, a number without a currency, a negative or zero amount, or a spelling that
        could be read two ways; the message says what to write.
    """
    if value is None or isinstance(value, bool):
        raise MoneyError(f"no amount: write the number with its currency, {_EXAMPLES}")
    if isinstance(value, (int, float)):
        raise MoneyError(f"{value!r} has no currency (yuan? 亿元? USD?): write the number with its currency, "
                         f"{_EXAMPLES}")
    import unicodedata

    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = _NUMBER.search(text)
    if not m:
        raise MoneyError(f"{text!r} is not an amount of money: write the number with its currency, {_EXAMPLES}")
    prefix, rest = text[: m.start()].strip(), text[m.end():]
    from gpc.numbers import NumberTextError, read_number

    try:
        amount = Decimal(read_number(m.group(0).strip()))
    except (NumberTextError, InvalidOperation) as exc:
        raise MoneyError(f"{text!r}: {exc}") from None
    scale, cur_text = _split_scale_currency(rest, text)
    if prefix and cur_text:
        raise MoneyError(f"{text!r} gives a currency twice: write the number with one currency, {_EXAMPLES}")
    cur_text = cur_text or prefix
    if not cur_text:
        raise MoneyError(f"{text!r} has no currency (yuan? USD?): write the number with its currency, {_EXAMPLES}")
    currency = _currency(cur_text, text)
    if amount <= 0:
        raise MoneyError(f"{text!r}: the GDP must be greater than 0")
    return float(amount.scaleb(scale)), currency
