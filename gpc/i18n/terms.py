"""The Chinese GPC terms: every GPC sector, sub-sector, row and concept in Chinese (``gpc/data/gpc_terms_zh.csv``).

It is the one source of the Chinese GPC names (:mod:`gpc.taxonomy` reads it), with how each term was checked; a
user's own terms (e.g. those of the Chinese edition 《城市温室气体核算国际标准》) replace them inside
:func:`using_terms` (``gpc build --terms FILE``; the file is read by :func:`gpc.io.terms.read_terms`).
The bottom of :mod:`gpc.i18n`: it imports nothing of gpc.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

__all__ = ["TERM_KINDS", "gpc_terms", "shipped_terms", "term", "terms_source", "terms_token", "using_terms"]


def _read(name: str) -> pd.DataFrame:
    with resources.files("gpc.data").joinpath(name).open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)

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


@contextmanager
def using_terms(terms: pd.DataFrame | None, *, source: str | None = None) -> Iterator[pd.DataFrame]:
    """Use a user's Chinese GPC terms inside the ``with`` block (``None``: the shipped terms).

    ``terms`` is a frame with ``key, name_zh`` (and optionally ``kind``)
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
    if not isinstance(terms, pd.DataFrame):  # a file: gpc.io.terms.using_terms reads it first
        raise TypeError("using_terms takes a frame of terms; for a file use gpc.io.terms.using_terms")
    frame = terms.copy()
    if "kind" not in frame.columns:
        frame["kind"] = ""
    frame = frame[["key", "kind", "name_zh"]].fillna("").astype(str)
    unknown = sorted(set(frame["key"]) - set(shipped_terms()["key"]))
    if unknown:
        raise KeyError(f"unknown GPC term keys: {', '.join(unknown)}")
    name = source or "(Python frame)"
    reset = _ACTIVE.set(_Override(next(_TOKENS), frame, name))
    try:
        yield gpc_terms()
    finally:
        _ACTIVE.reset(reset)
