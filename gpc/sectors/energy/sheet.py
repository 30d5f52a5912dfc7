"""The ``activity`` sheet as arrays: :class:`Sheet` (text columns factorised once, numbers as float64,
problems collected with their Excel row) and :class:`Labels` (a text column of the records assembled from
a few strings by masks), with the small helpers every method module of the energy package shares."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.errors import Problem
from gpc.units import UnitParseError, factor_to, is_dimension, parse_unit
from gpc.vector import Coded

__all__ = ["Labels", "Sheet", "blank", "common_columns", "dim_code", "factor_or_nan", "parse_conversion",
           "same_dim", "scope_map", "sheet_at"]

_DIMS = (("energy", "GJ"), ("mass", "t"), ("volume", "m3"))  # codes 0, 1, 2; 3 = other


class Sheet:
    """The activity table as arrays (text columns factorised once) and the problems found in it."""

    def __init__(self, df: pd.DataFrame):
        self.df = df
        self.n = len(df)
        self.problems: list[Problem] = []
        self._coded: dict[str, Coded] = {}
        self._num: dict[str, np.ndarray] = {}
        self._obj: dict[str, np.ndarray] = {}
        self.rows = df["row"].to_numpy()

    def coded(self, name: str) -> Coded:
        if name not in self._coded:
            self._coded[name] = Coded.of(self.df[name]) if name in self.df.columns else Coded.full(self.n, None)
        return self._coded[name]

    def num(self, name: str) -> np.ndarray:
        if name not in self._num:
            if name in self.df.columns and self.df[name].dtype == "float64":
                self._num[name] = self.df[name].to_numpy()
            elif name in self.df.columns:
                self._num[name] = pd.to_numeric(self.df[name], errors="coerce").to_numpy(dtype="float64",
                                                                                       na_value=np.nan)
            else:
                self._num[name] = np.full(self.n, np.nan)
        return self._num[name]

    def raw(self, name: str) -> np.ndarray:
        """Cell values as objects (only read for the rows that have a problem)."""
        if name not in self._obj:
            self._obj[name] = self.df[name].to_numpy(dtype=object) if name in self.df.columns else \
                np.full(self.n, None, dtype=object)
        return self._obj[name]

    def problem(self, where: np.ndarray, column: str, message: str, value_col: str | None = None,
                severity: str = "error", value: Any = "__cell__") -> None:
        """One problem per row in ``where`` (positions or a mask over the whole table)."""
        pos = np.flatnonzero(where) if where.dtype == bool else where
        if not len(pos):
            return
        sheets = self.coded("sheet").values()[pos] if len(pos) < self.n else self.coded("sheet").values()
        vals = self.raw(value_col or column)[pos] if value == "__cell__" else [value] * len(pos)
        for s, r, v in zip(sheets, self.rows[pos], vals):
            self.problems.append(Problem(s, int(r), column, v, message, severity))


class Labels:
    """A text column assembled from a few strings by masks: codes into a growing list of labels."""

    def __init__(self, n: int, default: str = ""):
        self.codes = np.zeros(n, dtype=np.intp)
        self.labels: list[Any] = [default]

    def set(self, mask: np.ndarray, text: Any) -> None:
        self.labels.append(text)
        self.codes[mask] = len(self.labels) - 1

    def set_coded(self, mask: np.ndarray, codes: np.ndarray, texts: Any) -> None:
        """Rows in ``mask`` take ``texts[codes]`` (``codes`` over the masked rows; -1 keeps the label)."""
        off = len(self.labels)
        self.labels.extend(list(texts))
        codes = np.asarray(codes, dtype=np.intp)
        if mask.all():
            self.codes = np.where(codes >= 0, codes + off, self.codes)
            return
        pos = np.flatnonzero(mask)
        self.codes[pos] = np.where(codes >= 0, codes + off, self.codes[pos])

    def append(self, mask: np.ndarray, text: str) -> None:
        """Rows in ``mask`` keep their label and get ``text`` after it ("label; text")."""
        pos = np.flatnonzero(mask)
        if not len(pos):
            return
        uniq, inverse = np.unique(self.codes[pos], return_inverse=True)
        off = len(self.labels)
        self.labels.extend(f"{self.labels[u]}; {text}" if self.labels[u] else text for u in uniq)
        self.codes[pos] = off + inverse

    def coded(self, keep: np.ndarray | None = None) -> Coded:
        return Coded(self.codes if keep is None else self.codes[keep], self.labels)


def dim_code(unit: Any) -> int:
    for k, (_, ref) in enumerate(_DIMS):
        if is_dimension(str(unit), ref):
            return k
    return 3


def blank(v: object) -> bool:
    """Missing cell: None, NaN or NA (pandas may turn None into NaN in text columns)."""
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def same_dim(q: Any, target: str) -> bool:
    return bool(q.dimensionality == parse_unit(target).dimensionality)


def factor_or_nan(unit: Any, target: str) -> float:
    try:
        return factor_to(str(unit), target)
    except UnitParseError:
        return np.nan


def parse_conversion(text: object) -> float:
    if text is None or (isinstance(text, float) and np.isnan(text)) or str(text).strip() == "":
        return 1.0
    return float(Fraction(str(text).strip()))


def scope_map() -> dict[str, int]:
    t = taxonomy.table()
    return dict(zip(t.index, t["scope"].astype(int)))


def common_columns(t: Sheet, i: np.ndarray) -> dict[str, Any]:
    """Record columns taken straight from the input rows ``i``."""
    return {"sheet": t.coded("sheet").take(i), "row": t.rows[i], "gpc_ref": t.coded("gpc_ref").take(i)}


def sheet_at(t: Sheet, r: int) -> Any:
    c = t.coded("sheet")
    return c.uniques[c.codes[r]] if c.codes[r] >= 0 else None

