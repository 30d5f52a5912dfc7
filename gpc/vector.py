"""Column helpers of the hot path: work once per *distinct* value, spread the result over the rows.

A million activity rows hold a few dozen fuels, units and GPC rows. :class:`Coded` keeps a text
column as integer codes into its distinct values, so unit parsing, factor look-ups, messages and
provenance strings are computed once per distinct value (or per distinct combination, see
:func:`groups`) and spread back with one array take. No Python loop runs per row.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["PY_STR", "Coded", "groups", "take_object", "text_array"]

#: pandas' ``str`` dtype with Python storage (the default ``str`` when pyarrow is absent)
PY_STR = pd.StringDtype("python", na_value=np.nan)


def take_object(values: Any, codes: np.ndarray, fill: Any = None) -> np.ndarray:
    """``values[codes]`` as an object array, with ``fill`` where a code is -1."""
    ext = np.empty(len(values) + 1, dtype=object)
    ext[:-1] = list(values) if not isinstance(values, np.ndarray) else values
    ext[-1] = fill
    return ext[codes]


def code_dtype(n_distinct: int) -> Any:
    """The smallest signed integer type for codes -1 .. n_distinct - 1."""
    if n_distinct < 127:
        return np.int8
    if n_distinct < 32_767:
        return np.int16
    return np.int32 if n_distinct < 2**31 - 1 else np.int64


class Coded:
    """A column as integer ``codes`` into its distinct values ``uniques``; code -1 means blank."""

    __slots__ = ("_present", "codes", "uniques")

    def __init__(self, codes: Any, uniques: Any, *, dense: bool = False):
        # the smallest integer type that holds the codes: a million rows of 20 fuels take 1 MB, not 8
        # (do arithmetic on codes after ``astype(np.intp)``)
        self.codes = np.asarray(codes).astype(code_dtype(len(uniques)), copy=False)
        u = np.empty(len(uniques), dtype=object)
        u[:] = list(uniques)
        self.uniques = u
        # dense: every distinct value occurs in the rows (true of a fresh factorisation)
        self._present = np.arange(len(u)) if dense else None

    # --------------------------------------------------------------------------- building
    @classmethod
    def of(cls, values: Any) -> Coded:
        """Factorise a Series, array or list (categoricals cost nothing)."""
        if isinstance(values, Coded):
            return values
        known = _known(values)
        if known is not None:
            return known
        if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
            return cls(values.cat.codes.to_numpy(), values.cat.categories.to_numpy(dtype=object))
        if isinstance(values, pd.Categorical):
            return cls(values.codes, values.categories.to_numpy(dtype=object))
        if not isinstance(values, (pd.Series, pd.Index, np.ndarray, pd.api.extensions.ExtensionArray)):
            values = np.asarray(list(values), dtype=object)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return cls(codes, np.asarray(uniques, dtype=object), dense=True)

    @classmethod
    def full(cls, n: int, value: Any) -> Coded:
        """``n`` rows of one value (blank when ``value`` is None)."""
        if value is None:
            return cls(np.full(n, -1, dtype=np.intp), [])
        return cls(np.zeros(n, dtype=np.intp), [value], dense=n > 0)

    # --------------------------------------------------------------------------- rows
    def __len__(self) -> int:
        return len(self.codes)

    def take(self, idx: np.ndarray) -> Coded:
        """The rows at positions ``idx`` (or a boolean mask)."""
        return Coded(self.codes[idx], self.uniques)

    def isna(self) -> np.ndarray:
        return self.codes < 0

    def values(self) -> np.ndarray:
        """An object array of the values, None for blanks."""
        return take_object(self.uniques, self.codes)

    # --------------------------------------------------------------------------- per distinct value
    def map(self, fn: Callable[[Any], Any], dtype: Any = object, na: Any = None) -> np.ndarray:
        """``fn`` applied once per distinct value, spread over the rows (``na`` for blanks)."""
        res = np.empty(len(self.uniques) + 1, dtype=dtype)
        res[:] = na
        for k in self.present():
            res[k] = fn(self.uniques[k])
        return res[self.codes]  # code -1 picks the last slot

    def recode(self, fn: Callable[[Any], Any]) -> Coded:
        """A new coded column of ``fn`` per distinct value (``None`` results are blanks)."""
        mapped: list[Any] = [None] * len(self.uniques)
        for k in self.present():
            mapped[k] = fn(self.uniques[k])
        inner, new_u = pd.factorize(np.asarray(mapped + [None], dtype=object), use_na_sentinel=True)
        inner = np.asarray(inner, dtype=np.intp)  # the last slot (None) is -1: blanks stay blank
        return Coded(inner[self.codes], np.asarray(new_u, dtype=object), dense=True)

    def present(self) -> np.ndarray:
        """Codes of the distinct values that occur in these rows (a taken subset may use only some)."""
        if self._present is None:
            c = self.codes[self.codes >= 0]
            self._present = np.flatnonzero(np.bincount(c, minlength=len(self.uniques)) > 0)
        return self._present

    def code_of(self, value: Any) -> int:
        for k, u in enumerate(self.uniques):
            if u == value:
                return k
        return -2  # matches no row (not even blanks)

    def eq(self, value: Any) -> np.ndarray:
        """Rows equal to ``value``."""
        hits = np.array([u == value for u in self.uniques] + [False], dtype=bool)
        return hits[self.codes]

    def isin(self, values: Iterable[Any]) -> np.ndarray:
        s = set(values)
        hits = np.array([u in s for u in self.uniques] + [False], dtype=bool)
        return hits[self.codes]

    def __repr__(self) -> str:
        return f"Coded({len(self)} rows, {len(self.uniques)} distinct)"


def groups(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group rows by several integer code arrays at once.

    Returns ``(group, first)``: the group number of each row (0..g-1, in order of first appearance)
    and the position of the first row of each group, so a function of the key can be evaluated on
    ``first`` and spread with ``result[group]``.
    """
    n = len(codes[0])
    if n == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    widths = [int(c.max()) + 2 if len(c) else 1 for c in codes]  # codes -1..max become 0..max+1
    if float(np.prod([float(w) for w in widths])) < 2.0 ** 62:
        key = np.asarray(codes[0], dtype=np.int64) + 1
        for c, w in zip(codes[1:], widths[1:]):
            if w == 1:
                continue
            key *= w
            key += c
            key += 1
        key, _ = pd.factorize(key)
    else:  # too many combinations for one integer: combine step by step
        key, _ = pd.factorize(np.asarray(codes[0], dtype=np.int64))
        for c, w in zip(codes[1:], widths[1:]):
            key, _ = pd.factorize(key.astype(np.int64) * w + (np.asarray(c, dtype=np.int64) + 1))
    key = np.asarray(key, dtype=np.intp)
    g = int(key.max()) + 1
    first = np.empty(g, dtype=np.intp)
    first[key[::-1]] = np.arange(n - 1, -1, -1, dtype=np.intp)
    return key, first


def text_array(uniques: Any, codes: np.ndarray) -> Any:
    """The pandas ``str`` column of ``uniques[codes]`` (-1 → missing), built without scanning the rows
    when every distinct value is text; otherwise an object array.

    The codes are remembered for as long as the column lives, so that :meth:`Coded.of` on it later
    (the engine adding sectors and GWPs) costs nothing.
    """
    u = np.asarray(uniques, dtype=object) if not isinstance(uniques, np.ndarray) else uniques
    if len(u) and all(isinstance(x, str) for x in u):
        # python storage even where pyarrow is installed: a take then copies pointers to the few distinct
        # strings instead of every string's bytes (a 3-million-row provenance column stays 24 MB)
        arr = pd.array(u, dtype=PY_STR).take(codes, allow_fill=True)
        _remember(arr, codes, u)
        return arr
    if len(u) == 0:  # every row blank
        return pd.array(np.array([None], dtype=object), dtype=PY_STR).take(np.full(len(codes), -1), allow_fill=True)
    clean = np.array([None if (x is None or (isinstance(x, float) and np.isnan(x))) else x for x in u],
                     dtype=object)
    return take_object(clean, codes)


_KNOWN: dict[int, tuple[Any, np.ndarray, np.ndarray]] = {}


def _remember(arr: Any, codes: np.ndarray, uniques: np.ndarray) -> None:
    if len(uniques) > 32767:
        return
    key = id(arr)
    try:
        def forget(_r: object, key: int = key) -> None:
            _KNOWN.pop(key, None)

        ref = weakref.ref(arr, forget)
    except TypeError:  # pragma: no cover - not weak-referenceable
        return
    small = codes.astype(code_dtype(len(uniques)), copy=False)
    _KNOWN[key] = (ref, small, uniques)


def _known(values: Any) -> Coded | None:
    arr = values.array if isinstance(values, pd.Series) else values
    hit = _KNOWN.get(id(arr))
    if hit is None or hit[0]() is not arr:
        return None
    return Coded(hit[1], hit[2])
