"""Chinese text a user reads from the China modules: labels and GPC terms.

Read from CSV files in ``gpc/data/``:

* ``labels_zh.csv`` (``key, en, zh``) — names of the Chinese views, warnings of the grid-factor and
  guideline rules, energy-balance notes; ``{placeholders}`` are filled by :func:`label`. Keys it lacks
  (the inventory workbook's sheet names and headers) are looked up in ``labels.csv`` by
  :func:`gpc.i18n.label`;
The Chinese GPC terms (``gpc_terms_zh.csv``) are in :mod:`gpc.i18n.terms`.

What a user *types* in Chinese is resolved elsewhere: fuel names by :mod:`gpc.activity_catalogue`
(``aliases_fuels_zh.csv``), headers by :mod:`gpc.io.sheets` (``headers_zh.csv``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from gpc import i18n

__all__ = ["LANGS", "label", "labels", "localise", "problem_text"]

LANGS = ("en", "zh")


def _read(name: str) -> pd.DataFrame:
    with resources.files("gpc.data").joinpath(name).open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def labels() -> pd.DataFrame:
    """All labels, indexed by ``key``, with columns ``en`` and ``zh``."""
    return _read("labels_zh.csv").set_index("key")


def label(key: str, lang: str = "zh", **values: object) -> str:
    """Return the label ``key`` in ``lang`` (``"en"`` or ``"zh"``) with its ``{placeholders}`` filled.

    Examples
    --------
    >>> label("sheet.summary"), label("sheet.summary", "en")
    ('汇总', 'Summary')

    Keys not in ``labels_zh.csv`` are looked up with :func:`gpc.i18n.label` (``labels.csv``).
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use 'en' or 'zh'")
    if key not in labels().index:
        return i18n.label(key, lang, **{k: str(v) for k, v in values.items()})
    text = str(labels().at[key, lang])
    return text.format(**values) if values else text


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    seen: set[str] = set()
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(re.escape(part))
        elif part in seen:
            out.append(f"(?P={part})")
        else:
            seen.add(part)
            out.append(f"(?P<{part}>.*?)" if part == "hint" else f"(?P<{part}>.+?)")  # a hint may be empty
    return re.compile("^" + "".join(out) + "$", re.S)


@lru_cache(maxsize=1)
def _message_templates() -> list[tuple[re.Pattern[str], str]]:
    t = labels()
    pairs = [(_template_regex(str(en)), str(zh)) for key, en, zh in zip(t.index, t["en"], t["zh"])
             if key.startswith(("warn.", "balance.", "err.")) and zh]
    return sorted(pairs, key=lambda p: -len(p[0].pattern))  # the most specific template first


def localise(message: str, lang: str = "zh") -> str:
    """``message`` in ``lang``: a warning gpc wrote in English from a ``warn.*`` label of ``labels_zh.csv``
    comes back in Chinese with the same values; any other text is returned as it is.

    >>> localise("the sheet is empty")
    '工作表为空'
    """
    if lang != "zh":
        return message
    for rx, zh in _message_templates():
        m = rx.match(message)
        if m:
            return _DID_YOU_MEAN.sub(r"（是否应为 \1？）", zh.format(**m.groupdict()))
    field, sep, rest = message.partition(": ")  # "gdp: <message>" from the city sheet
    if sep and re.fullmatch(r"[a-z_0-9]+", field):
        inner = localise(rest, lang)
        if inner != rest:
            return f"{field}：{inner}"
    return message


_DID_YOU_MEAN = re.compile(r" \(did you mean (.+?)\?\)")


def problem_text(problem: Any, lang: str = "zh", headers: dict[str, dict[str, str]] | None = None) -> str:
    """A :class:`~gpc.errors.Problem` as one line in ``lang`` (sheet, row, column, value: message).

    In Chinese the place is written 工作表，第N行，列“…” and the message is translated where
    ``labels_zh.csv`` has its template (``warn.*``, ``err.*``; other text stays English). ``headers``
    (:attr:`gpc.InputError.headers`: per sheet, gpc's column name → the header as typed) makes the
    column the one the user's workbook shows (``数量`` rather than ``amount``); a problem gpc locates on
    the ``city`` sheet names the user's city sheet (``城市``).
    """
    if lang != "zh":
        return str(problem)
    if headers:
        from dataclasses import replace

        sheet = problem.sheet
        if sheet == "city" and "_sheet" in headers.get("city", {}):
            sheet = headers["city"]["_sheet"]
        typed = headers.get(sheet, {})
        column = typed.get(problem.column, problem.column) if problem.column else problem.column
        if (sheet, column) != (problem.sheet, problem.column):
            problem = replace(problem, sheet=sheet, column=column)
    if isinstance(problem.value, (bool, np.bool_)):       # a yes/no cell reads 是/否 in Chinese, not True/False
        from dataclasses import replace

        problem = replace(problem, value="是" if problem.value else "否")
    return str(problem.text(localise(problem.message, lang), row="第{}行", column="列“{}”", value="（值 {}）",
                            sep="，", colon="："))
