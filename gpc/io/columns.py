"""Typing whole columns of cells at once (the vectorised form of :func:`gpc.io.sheets.coerce`).

A column of a million cells holds few distinct values (fuels, units, GPC rows) or is already
numeric (amounts). So each column is either converted with numpy in one go (numbers), or
factorised and :func:`~gpc.io.sheets.coerce` is called once per *distinct* value, the results being
spread back over the rows. The outcome — typed values and the cells that do not fit, with the
message :func:`~gpc.io.sheets.coerce` gives — is the same as calling it cell by cell.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gpc.io.sheets import CellError, ColumnSpec, coerce, is_blank

__all__ = ["blank_info", "blank_mask", "factorize_cells", "type_column"]

_NUMERIC = ("number", "fraction", "year")
_SAFE_KINDS = ("string", "floating", "integer", "mixed-integer-float", "empty", "decimal", "date", "datetime")


def _factorize_objects(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`pandas.factorize` of an object array (codes, distinct values in order of appearance, -1 for
    None/NaN/NA) straight through pandas' object hash table: pandas would first scan the column once more
    to choose a table, and the object table is the faster one for cells (fresh str objects) anyway."""
    if _OBJECT_TABLE is not None and arr.dtype == object and arr.ndim == 1:
        try:
            table = _OBJECT_TABLE(max(len(arr) // 8, 1))
            uniques, codes = table.factorize(arr, na_sentinel=-1)
            return np.asarray(codes, dtype=np.intp), np.asarray(uniques, dtype=object)
        except (TypeError, ValueError, AttributeError):  # pragma: no cover - another pandas: its public way
            return _public_factorize(arr)
    return _public_factorize(arr)


def _public_factorize(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    return np.asarray(codes), uniques


try:  # pandas' own hash table for object arrays (what pandas.factorize uses for them)
    from pandas._libs.hashtable import PyObjectHashTable as _OBJECT_TABLE
except ImportError:  # pragma: no cover
    _OBJECT_TABLE = None


def factorize_cells(arr: np.ndarray, kind: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values of a column of cells; ``-1`` for None/NaN/NA.

    Unlike :func:`pandas.factorize` alone, ``True`` and ``1`` (or ``1.0``) stay distinct, since a
    TRUE in a number column is a problem where a 1 is not. ``kind`` is ``infer_dtype(arr, skipna=True)``
    if the caller knows it already.
    """
    if arr.dtype != object:
        return pd.factorize(arr, use_na_sentinel=True)
    if kind is None:
        kind = pd.api.types.infer_dtype(arr, skipna=True)
    if kind in _SAFE_KINDS or kind == "boolean":
        return _factorize_objects(arr)
    is_bool = np.fromiter((type(v) is bool or type(v) is np.bool_ for v in arr), dtype=bool, count=len(arr))
    if not is_bool.any():
        return _factorize_objects(arr)
    codes = np.full(len(arr), -1, dtype=np.intp)
    c1, u1 = _factorize_objects(arr[~is_bool])
    c2, u2 = _factorize_objects(arr[is_bool])
    codes[~is_bool] = c1
    codes[is_bool] = np.where(c2 >= 0, c2 + len(u1), -1)
    uniques = np.empty(len(u1) + len(u2), dtype=object)
    uniques[: len(u1)] = list(u1)
    uniques[len(u1):] = [bool(v) for v in u2]
    return codes, uniques


def blank_mask(values: Any) -> np.ndarray:
    """Whether each cell is blank (None, NaN, NA or only spaces), testing each distinct value once."""
    return blank_info(values)[0]


def blank_info(values: Any) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
    """:func:`blank_mask` and, for a column of text, its factorisation (codes, distinct values) so that
    typing it later (:func:`type_column` with ``factorized=``) need not factorise it again."""
    arr = _as_array(values)
    if arr.dtype.kind in "fc":
        return np.isnan(arr), None
    if arr.dtype.kind in "iub":
        return np.zeros(len(arr), dtype=bool), None
    kind = pd.api.types.infer_dtype(arr, skipna=True)
    if kind in ("floating", "integer", "mixed-integer-float", "empty"):  # numbers: only None/NaN are blank
        return np.equal(arr, np.array(None, dtype=object)) | (arr != arr), None
    codes, uniques = factorize_cells(arr, kind)
    ub = np.fromiter((is_blank(u) for u in uniques), dtype=bool, count=len(uniques))
    mask = np.where(codes < 0, True, ub[np.maximum(codes, 0)] if len(uniques) else True)
    return mask, (codes, uniques)


def _as_array(values: Any) -> np.ndarray:
    if isinstance(values, pd.Series):
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype) or values.dtype.kind == "O":
            return values.to_numpy(dtype=object, na_value=None)
        if isinstance(values.dtype, pd.CategoricalDtype):
            return values.astype(object).to_numpy(dtype=object, na_value=None)
        if values.dtype.kind in "fiub" and not isinstance(values.dtype, pd.api.extensions.ExtensionDtype):
            return values.to_numpy()
        return values.to_numpy(dtype=object, na_value=None)
    if isinstance(values, np.ndarray):
        return values
    return np.asarray(list(values), dtype=object)


Errors = list[tuple[int, Any, str]]


#: column types whose typed values are text (a categorical can hold them)
TEXT_TYPES = ("text", "choice", "unit", "gas", "gpc_ref", "quantity")
#: column types kept as categoricals with ``as_category`` (text, and yes/no)
CATEGORY_TYPES = (*TEXT_TYPES, "bool")


def type_column(values: Any, col: ColumnSpec, *, as_category: bool = False,
                factorized: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[Any, Errors]:
    """Type the cells of one column.

    Returns
    -------
    typed : ndarray
        float64 (NaN for blank or bad cells) for ``number``/``fraction`` columns, otherwise an object
        array of typed values with ``None`` for blank or bad cells.
    errors : list of (position, value, message)
        The cells that do not fit, in row order, with :func:`~gpc.io.sheets.coerce`'s message.

    With ``as_category``, text columns come back as a :class:`pandas.Categorical` (codes into the
    distinct typed values): no per-row strings are made, and later steps group by the codes.
    """
    as_category = as_category and col.dtype in CATEGORY_TYPES
    if factorized is not None and col.dtype not in _NUMERIC:
        return _by_distinct(values, col, as_category, factorized)
    if (col.dtype in TEXT_TYPES and isinstance(values, pd.Series)
            and isinstance(values.dtype, (pd.StringDtype, pd.CategoricalDtype))):
        # text already held as strings (or categories): factorise it as it is, without object conversion
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return _by_distinct(values, col, as_category, (np.asarray(codes), np.asarray(uniques, dtype=object)))
    arr = _as_array(values)
    n = len(arr)
    if col.dtype in _NUMERIC and arr.dtype.kind in "fiu":
        return _numbers(arr.astype("float64"), col)
    if col.dtype in _NUMERIC and arr.dtype == object and n > 64:
        fast = _numbers_from_objects(arr, col)
        if fast is not None:
            return fast
    return _by_distinct(arr, col, as_category)


def _by_distinct(arr: Any, col: ColumnSpec, as_category: bool = False,
                 factorized: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[Any, Errors]:
    n = len(arr)
    codes, uniques = factorized if factorized is not None else factorize_cells(arr)
    typed_u = np.empty(len(uniques), dtype=object)
    bad_u = np.zeros(len(uniques), dtype=bool)
    msg_u: dict[int, str] = {}
    plain = _plain_text(uniques) if col.dtype == "text" and len(uniques) > 256 else None
    for k, v in enumerate(uniques):
        if plain is not None and plain[k]:  # coerce would return it unchanged
            typed_u[k] = v
            continue
        try:
            typed_u[k] = coerce(v, col)
        except CellError as exc:
            typed_u[k] = None
            bad_u[k] = True
            msg_u[k] = str(exc)
    safe = np.maximum(codes, 0)
    blank = codes < 0
    if len(uniques):
        typed = typed_u[safe]
        typed[blank] = None
        bad = bad_u[safe] & ~blank
    else:
        typed = np.full(n, None, dtype=object)
        bad = np.zeros(n, dtype=bool)
    errors = [(int(i), uniques[codes[i]], msg_u[int(codes[i])]) for i in np.flatnonzero(bad)]
    if as_category:
        # distinct cells may type to the same value ("GJ " and "GJ"): categories must be distinct
        inner, cats = pd.factorize(np.append(typed_u, np.array([None], dtype=object)).astype(object), use_na_sentinel=True)
        inner = np.asarray(inner)
        return pd.Categorical.from_codes(inner[codes], categories=pd.Index(cats, dtype=object)), errors
    if col.dtype in ("number", "fraction"):
        out = np.full(n, np.nan)
        ok = np.array([v is not None for v in typed_u], dtype=bool) if len(uniques) else np.zeros(0, dtype=bool)
        vals = np.array([float(v) if v is not None else np.nan for v in typed_u], dtype="float64")
        if len(uniques):
            m = ~blank & ok[safe]
            out[m] = vals[safe[m]]
        return out, errors
    return typed, errors


def _plain_text(uniques: np.ndarray) -> np.ndarray:
    """Text that :func:`~gpc.io.sheets.coerce` returns as it is: ASCII (NFKC leaves it alone), no spaces at
    either end, not empty and not an Excel error — most of a column of many distinct labels."""
    from gpc.io.sheets import _EXCEL_ERRORS

    return np.fromiter((type(v) is str and v.isascii() and v != "" and v == v.strip() and v not in _EXCEL_ERRORS
                        for v in uniques), dtype=bool, count=len(uniques))


def _numbers(x: np.ndarray, col: ColumnSpec) -> tuple[np.ndarray, Errors]:
    """A float column: NaN is blank; infinities and out-of-range values are problems."""
    errors: Errors = []
    blank = np.isnan(x)
    bad_msgs: list[tuple[np.ndarray, str]] = []
    inf = np.isinf(x)
    if inf.any():
        bad_msgs.append((inf, "not a finite number: type a number"))
    fin = ~blank & ~inf
    if col.dtype == "fraction":
        out_of = fin & ((x < 0) | (x > 1))
        if out_of.any():
            bad_msgs.append((out_of, "must be a fraction between 0 and 1 (e.g. 0.05 for 5%)"))
    elif col.dtype == "year":
        with np.errstate(invalid="ignore"):
            out_of = fin & ((x != np.floor(x)) | (x < 1800) | (x > 2200))
        if out_of.any():
            bad_msgs.append((out_of, "not a year: type a four-digit year such as 2023"))
    bad = np.zeros(len(x), dtype=bool)
    msg = np.full(len(x), "", dtype=object)
    for m, text in bad_msgs:
        msg[m & ~bad] = text
        bad |= m
    for i in np.flatnonzero(bad):
        v = float(x[i])
        errors.append((int(i), v, str(msg[i])))
    if col.dtype == "year":
        typed = np.full(len(x), None, dtype=object)
        good = ~blank & ~bad
        typed[good] = [int(v) for v in x[good]] if good.sum() < 10_000 else _ints(x[good])
        return typed, errors
    if bad.any():
        x = x.copy()
        x[bad] = np.nan
    return x, errors


def _ints(x: np.ndarray) -> list[int]:
    return x.astype(np.int64).tolist()


def _numbers_from_objects(arr: np.ndarray, col: ColumnSpec) -> tuple[np.ndarray, Errors] | None:
    """Numbers in an object column (from Excel or CSV text): convert the plain numbers with numpy,
    the rest (blanks, ``1,200``, ``5%``, errors) value by value. ``None`` when there is no gain."""
    kind = pd.api.types.infer_dtype(arr, skipna=True)
    if kind in ("floating", "integer", "mixed-integer-float", "empty"):
        x = pd.to_numeric(pd.Series(arr, dtype=object), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        return _numbers(x, col)
    if kind not in ("string", "mixed", "mixed-integer"):
        return None
    s = pd.Series(arr, dtype=object)
    with np.errstate(all="ignore"):
        approx = pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    cand = np.isfinite(approx)
    if kind != "string":  # bools would pass as 1/0: leave them to coerce
        cand &= np.fromiter((type(v) is not bool and type(v) is not np.bool_ for v in arr), dtype=bool,
                            count=len(arr))
    if cand.sum() < len(arr) // 2:
        return None
    x = np.full(len(arr), np.nan)
    try:
        x[cand] = arr[cand].astype("float64")  # Python's float() on each: what coerce does to plain numbers
    except (ValueError, TypeError):
        return None
    ok = cand & np.isfinite(x)
    rest = np.flatnonzero(~ok)
    errors: Errors = []
    if len(rest):
        typed_rest, err_rest = _by_distinct(arr[rest], _as_number_spec(col))
        x[rest] = typed_rest
        errors = [(int(rest[i]), v, m) for i, v, m in err_rest]
    typed, errs2 = _numbers(x, col)
    errors = sorted(errors + [(i, arr[i], m) for i, _, m in errs2], key=lambda e: e[0])
    return typed, errors


def _as_number_spec(col: ColumnSpec) -> ColumnSpec:
    from dataclasses import replace

    return replace(col, dtype="number")
