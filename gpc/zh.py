"""Chinese text a user reads from the China modules: labels and GPC terms.

Read from CSV files in ``gpc/data/``:

* ``labels_zh.csv`` (``key, en, zh``) — names of the Chinese views, warnings of the grid-factor and
  guideline rules, energy-balance notes; ``{placeholders}`` are filled by :func:`label`. Keys it lacks
  (the inventory workbook's sheet names and headers) are looked up in ``labels.csv`` by
  :func:`gpc.i18n.label`;
* ``gpc_terms_zh.csv`` — every GPC sector, sub-sector and row, and the concepts, in Chinese, with how each
  term was checked. It is the one source of the Chinese GPC names (:mod:`gpc.taxonomy` reads it); a user's
  own terms (e.g. those of the Chinese edition 《城市温室气体核算国际标准》) replace them inside
  :func:`using_terms` (``gpc build --terms FILE``).

What a user *types* in Chinese is resolved elsewhere: fuel names by :mod:`gpc.activities`
(``aliases_fuels_zh.csv``), headers by :mod:`gpc.sheets` (``headers_zh.csv``).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from gpc import i18n

__all__ = ["TERM_KINDS", "gpc_terms", "label", "labels", "localise", "problem_text", "read_terms", "shipped_terms",
           "term", "terms_source", "terms_token", "using_terms"]

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
    return str(problem.text(localise(problem.message, lang), row="第{}行", column="列“{}”", value="（值 {}）",
                            sep="，", colon="："))


# --- GPC terms ---------------------------------------------------------------------------------------

TERM_KINDS = ("sector", "subsector", "row", "concept", "notation_key")
_TERM_COLUMNS = ["key", "kind", "name_en", "name_zh", "source", "verified", "notes", "checked"]


@dataclass(frozen=True, eq=False)
class _Override:
    """A user's terms in use (hashed by identity: each :func:`using_terms` block is its own)."""

    token: int
    terms: pd.DataFrame  # key, kind, name_zh
    source: str


_TOKENS = itertools.count(1)
_ACTIVE: ContextVar[_Override | None] = ContextVar("gpc_terms_override", default=None)


@lru_cache(maxsize=1)
def shipped_terms() -> pd.DataFrame:
    """The Chinese GPC terms shipped with gpc (``gpc_terms_zh.csv``): one row per ``(kind, key)``.

    Columns ``key`` (``I``, ``I.1``, ``I.1.1``, ``CONCEPT.scope1``, ``KEY.NO`` …), ``kind`` (one of
    ``sector, subsector, row, concept, notation_key``; sub-sectors with a single row, such as ``IV.1``,
    have a ``subsector`` and a ``row`` entry), ``name_en``, ``name_zh``, ``source``, ``verified``
    (V2/V/M), ``notes`` and ``checked`` (what the term was checked against).
    """
    t = _read("gpc_terms_zh.csv")
    return t[_TERM_COLUMNS]


def gpc_terms() -> pd.DataFrame:
    """The Chinese GPC terms in use: the shipped ones with the active :func:`using_terms` file applied.

    A term taken from the user's file has ``source`` naming that file and ``verified = user``.
    """
    active = _ACTIVE.get()
    return shipped_terms() if active is None else _with_override(active)


@lru_cache(maxsize=8)
def _with_override(active: _Override) -> pd.DataFrame:
    t = shipped_terms().copy()
    for r in active.terms.itertuples(index=False):
        hit = (t["key"] == r.key) & ((t["kind"] == r.kind) if r.kind else True)
        t.loc[hit, "name_zh"] = r.name_zh
        t.loc[hit, "source"] = f"user terms file {active.source}"
        t.loc[hit, "verified"] = "user"
    return t


@lru_cache(maxsize=8)
def _term_index(token: int) -> dict[tuple[str, str | None], str]:
    """(key, kind) → name, and (key, None) → the name a key means alone (its row's, for a key with two)."""
    t = gpc_terms()
    out: dict[tuple[str, str | None], str] = {}
    for key, kind, name in zip(t["key"], t["kind"], t["name_zh"]):
        out[key, kind] = name
        if (key, None) not in out or kind == "row":
            out[key, None] = name
    return out


def term(key: str, kind: str | None = None) -> str:
    """The Chinese name of a GPC sector, sub-sector, row or concept in use, e.g. ``term("III.4")``.

    ``kind`` picks the entry when a key has two (``term("IV.1", "subsector")`` → 工业生产过程); without it the
    row's name is returned for such keys.
    """
    name = _term_index(terms_token()).get((key, kind or None))
    if name is None:
        raise KeyError(f"no Chinese term for {key!r}" + (f" ({kind})" if kind else ""))
    return name


def terms_token() -> int:
    """An id of the terms in use: 0 for the shipped terms, another number inside each :func:`using_terms`."""
    active = _ACTIVE.get()
    return 0 if active is None else active.token


def terms_source() -> str | None:
    """The name of the user's terms file in use, or ``None`` for the shipped terms."""
    active = _ACTIVE.get()
    return None if active is None else active.source


_KEY_HEADERS = {"key", "gpc_ref", "编号", "gpc编号", "参考编号"}
_NAME_HEADERS = {"name_zh", "zh", "中文", "中文名称", "名称"}
_KIND_HEADERS = {"kind", "类别", "类型"}


def read_terms(path: str | Path) -> pd.DataFrame:
    """Read a user's Chinese terms file (CSV or Excel) into ``key, kind, name_zh``.

    The file has a header row with ``key`` (or ``gpc_ref``/编号) and ``name_zh`` (or 中文名称) columns,
    and optionally ``kind`` (sector, subsector, row, concept, notation_key) for keys that name both a
    sub-sector and its only row (``IV.1``, ``V.1`` …); other columns are ignored. Only the keys given are
    changed. Every problem (unknown key, empty name, a key twice) is reported at once as an
    :class:`~gpc.errors.InputError` naming the file, row and column; warnings (a CSV that is not UTF-8,
    read as GBK) are in ``result.attrs["warnings"]``.
    """
    from gpc.errors import InputError, Problem
    from gpc.units import normalise_text

    path = Path(path)
    name = path.name
    if not path.is_file():
        raise InputError([Problem(name, None, None, str(path), "the terms file does not exist: check the path")])
    warnings: list[Problem] = []
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        from gpc.io.excel_in import read_workbook_sheets
        from gpc.io.safety import check_workbook_file

        sheets = read_workbook_sheets(path, check_workbook_file(path))
        rows = next(iter(sheets.values()), [])
        rows = [["" if c is None else str(c) for c in r] for r in rows]
        if not rows:
            raise InputError([Problem(name, None, None, None, "the first sheet is empty: give a header row "
                                                               "key, name_zh and one row per term")])
        width = max(len(r) for r in rows)
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows[1:]],
                             columns=[*rows[0], *[""] * (width - len(rows[0]))], dtype=object)
        sheet = f"{name} [{next(iter(sheets))}]"
    else:
        from gpc.io.tables_in import _read_text_table

        frame = _read_text_table(path, warnings, hint="key, name_zh (and kind where a key is both a "
                                                      "sub-sector and a row)")
        sheet = name
    headers = {normalise_text(str(c)).lower(): c for c in frame.columns}

    def pick(names: set[str]) -> Any:
        return next((headers[h] for h in headers if h in names), None)

    key_col, name_col, kind_col = pick(_KEY_HEADERS), pick(_NAME_HEADERS), pick(_KIND_HEADERS)
    problems = [Problem(sheet, 1, None, None, f"no '{want}' column: the header row needs {want} "
                                              f"(found {', '.join(map(str, frame.columns)) or 'nothing'})")
                for want, col in (("key", key_col), ("name_zh", name_col)) if col is None]
    if problems:
        raise InputError(problems)
    known = shipped_terms()
    pairs = set(zip(known["key"], known["kind"]))
    keys = set(known["key"])
    out, seen = [], {}
    for i, r in enumerate(frame.itertuples(index=False), start=2):
        rec = dict(zip(frame.columns, r))
        key = normalise_text(str(rec[key_col] or "")).strip()
        zh = normalise_text(str(rec[name_col] or "")).strip()
        kind = normalise_text(str(rec[kind_col] or "")).strip().lower() if kind_col is not None else ""
        if not key and not zh:
            continue
        if key not in keys:
            close = difflib.get_close_matches(key, sorted(keys), n=1)
            problems.append(Problem(sheet, i, str(key_col), key, "not a GPC sector, sub-sector, row or concept "
                                    "key gpc knows" + (f": did you mean {close[0]!r}?" if close else
                                    ": use keys such as I, I.1, I.1.1, CONCEPT.scope1 (see gpc/data/"
                                    "gpc_terms_zh.csv)")))
            continue
        if kind and kind not in TERM_KINDS:
            problems.append(Problem(sheet, i, str(kind_col), kind, f"unknown kind: use one of "
                                                                   f"{', '.join(TERM_KINDS)} or leave it empty"))
            continue
        if kind and (key, kind) not in pairs:
            have = sorted(k for k2, k in pairs if k2 == key)
            problems.append(Problem(sheet, i, str(kind_col), kind, f"{key} is a {' and a '.join(have)}, not a "
                                                                   f"{kind}: correct the kind or leave it empty"))
            continue
        if not zh:
            problems.append(Problem(sheet, i, str(name_col), None, f"no Chinese name for {key}: write the name, or "
                                                                   "delete the row to keep gpc's term"))
            continue
        if (key, kind) in seen:
            problems.append(Problem(sheet, i, str(key_col), key, f"{key} is also given in row {seen[key, kind]}: "
                                                                 "keep one row per term"))
            continue
        seen[key, kind] = i
        out.append({"key": key, "kind": kind, "name_zh": zh})
    if problems:
        raise InputError(problems)
    result = pd.DataFrame(out, columns=["key", "kind", "name_zh"])
    result.attrs["warnings"] = warnings  # e.g. a CSV read as GBK: the caller shows them
    return result


@contextmanager
def using_terms(terms: str | Path | pd.DataFrame | None, *, source: str | None = None) -> Iterator[pd.DataFrame]:
    """Use a user's Chinese GPC terms inside the ``with`` block (``None``: the shipped terms).

    ``terms`` is a file for :func:`read_terms` or a frame with ``key, name_zh`` (and optionally ``kind``)
    columns. Inside the block the Chinese workbook, figures and views name the GPC sectors, sub-sectors
    and rows with these terms, and the workbook's settings sheet names the file (or ``source``, the name
    to record for a frame). Yields the terms in use.

    Examples
    --------
    >>> import pandas as pd
    >>> with using_terms(pd.DataFrame({"key": ["I"], "name_zh": ["固定源能源"]})):
    ...     term("I")
    '固定源能源'
    >>> term("I")
    '固定能源'
    """
    if terms is None:
        yield gpc_terms()
        return
    if isinstance(terms, pd.DataFrame):
        frame = terms.copy()
        if "kind" not in frame.columns:
            frame["kind"] = ""
        frame = frame[["key", "kind", "name_zh"]].fillna("").astype(str)
        unknown = sorted(set(frame["key"]) - set(shipped_terms()["key"]))
        if unknown:
            raise KeyError(f"unknown GPC term keys: {', '.join(unknown)}")
        name = source or "(Python frame)"
    else:
        frame = read_terms(terms)
        name = source or Path(terms).name
    reset = _ACTIVE.set(_Override(next(_TOKENS), frame, name))
    try:
        yield gpc_terms()
    finally:
        _ACTIVE.reset(reset)
