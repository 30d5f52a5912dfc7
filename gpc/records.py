"""The columns of emission records: what sector modules return and ``Inventory.emissions`` holds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["EMISSION_COLUMNS", "ENGINE_COLUMNS", "RECORD_COLUMNS", "empty_records", "make_records"]

#: Columns every sector module returns, one row per (input row, gas[, sub-item]).
RECORD_COLUMNS: tuple[str, ...] = (
    "sheet",          # sheet of the input row
    "row",            # row number as Excel shows it
    "gpc_ref",        # GPC reference number the emissions are reported in
    "gas",            # CO2, CH4, N2O, SF6, HFC-134a, ..., or CO2e for direct CO2e entries
    "emissions_t",    # tonnes of the gas (negative for removals)
    "biogenic",       # True for biogenic CO2 (CO2(b)): reported, in no total
    "method",         # short method id, e.g. fuel_combustion, grid_electricity, fod
    "activity",       # activity id (fuel, grid_electricity, clinker_production, ...)
    "amount",         # activity amount as given
    "unit",           # unit of amount as given
    "energy_gj",      # energy in GJ where the method uses it (NaN otherwise)
    "factor_name",    # which factor: ef_co2, ef_ch4, grid_factor, L0, ...
    "factor_value",   # the factor's value
    "factor_unit",    # the factor's unit
    "factor_source",  # document, table, year, region (or "row" for the user's own)
    "detail",         # further parameters used and defaults applied, as text
)

#: Columns the engine adds from the taxonomy and the GWP set.
ENGINE_COLUMNS: tuple[str, ...] = ("sector", "subsector", "scope", "gwp", "gwp_value", "co2e_t")

#: Leading columns of ``Inventory.emissions`` in order; other columns follow.
EMISSION_COLUMNS: tuple[str, ...] = (
    "gpc_ref", "sector", "subsector", "scope", "gas", "emissions_t", "co2e_t", "biogenic", "gwp",
    "gwp_value", "method", "sheet", "row", "activity", "amount", "unit", "energy_gj",
    "factor_name", "factor_value", "factor_unit", "factor_source", "detail",
)


def empty_records() -> pd.DataFrame:
    """An empty record table with the right columns."""
    return make_records(sheet=[], row=[], gpc_ref=[], gas=[], emissions_t=[])


def make_records(**columns: Any) -> pd.DataFrame:
    """Build a record table; missing record columns are filled with defaults (NaN, "" or False).

    Scalars broadcast to the length of the array-valued columns.
    """
    n = max((len(v) for v in columns.values() if isinstance(v, (list, tuple, np.ndarray, pd.Series, pd.Index))),
            default=1)
    data: dict[str, Any] = {}
    for c in RECORD_COLUMNS:
        v = columns.pop(c, None)
        if v is None:
            if c in ("emissions_t", "amount", "energy_gj", "factor_value"):
                v = np.nan
            elif c == "biogenic":
                v = False
            elif c == "row":
                v = 0
            else:
                v = ""
        data[c] = _col(v, n)
    for c, v in columns.items():
        data[c] = _col(v, n)
    df = pd.DataFrame(data)
    df["emissions_t"] = df["emissions_t"].astype("float64")
    df["biogenic"] = df["biogenic"].astype(bool)
    df["row"] = df["row"].astype("int64")
    return df


def _col(v: Any, n: int) -> Any:
    if isinstance(v, (pd.Series, pd.Index)):
        return v.to_numpy()
    if isinstance(v, (list, tuple, np.ndarray)):
        return v
    return [v] * n


_FLOAT_COLUMNS = ("emissions_t", "amount", "energy_gj", "factor_value")


class RecordSet:
    """Record columns gathered part by part (fuel CO2, fuel CH4, grid …) and made into one DataFrame.

    Parts are not DataFrames: their columns are numpy arrays, scalars (broadcast) or
    :class:`gpc.vector.Coded` text columns, so stacking them is an array concatenation and the
    text columns are built with one take from their distinct values (no per-row strings).
    """

    def __init__(self) -> None:
        self.parts: list[tuple[int, dict[str, Any]]] = []

    def add(self, n: int, **columns: Any) -> None:
        if n:
            self.parts.append((n, columns))

    def __len__(self) -> int:
        return sum(n for n, _ in self.parts)

    def names(self) -> list[str]:
        names = list(RECORD_COLUMNS)
        for _, cols in self.parts:
            names += [c for c in cols if c not in names]
        return names

    def column(self, c: str) -> Any:
        """One column over all parts: a float/bool/int array, or a :class:`~gpc.vector.Coded` for text."""
        from gpc.vector import Coded, code_dtype

        pieces = [(n, cols.get(c, _MISSING)) for n, cols in self.parts]
        if c in _FLOAT_COLUMNS:
            return _floats(pieces)
        if c == "biogenic":
            return np.concatenate([np.zeros(n, dtype=bool) if v is _MISSING else
                                   np.broadcast_to(np.asarray(v, dtype=bool), (n,)) for n, v in pieces])
        if c == "row":
            return np.concatenate([np.zeros(n, dtype=np.int64) if v is _MISSING else
                                   np.broadcast_to(np.asarray(v, dtype=np.int64), (n,)) for n, v in pieces])
        if all(v is _MISSING or _is_numeric(v) for _, v in pieces) and any(v is not _MISSING for _, v in pieces):
            return _floats(pieces)
        default = "" if c in RECORD_COLUMNS else None
        if len(pieces) == 1 and isinstance(pieces[0][1], Coded):
            return pieces[0][1]
        # stack the parts' codes straight into one array of the final (small) integer type
        parts: list[tuple[int, Any]] = []
        n_uniques = 0
        for n, v in pieces:
            if v is _MISSING:
                v = default
            if v is None or isinstance(v, (str, bool, int, float)):
                parts.append((n, v))
                n_uniques += v is not None
            else:
                k = v if isinstance(v, Coded) else Coded.of(v)
                parts.append((n, k))
                n_uniques += len(k.uniques)
        dt = code_dtype(n_uniques)
        codes = np.empty(sum(n for n, _ in pieces), dtype=dt)
        uniques: list[Any] = []
        pos = 0
        for n, v in parts:
            seg = codes[pos:pos + n]
            pos += n
            if not isinstance(v, Coded):
                seg[:] = -1 if v is None else len(uniques)
                if v is not None:
                    uniques.append(v)
                continue
            np.add(v.codes, len(uniques), out=seg, dtype=dt)
            if len(uniques):
                seg[v.codes < 0] = -1
            uniques.extend(v.uniques)
        return Coded(codes, uniques)

    def frame(self) -> pd.DataFrame:
        from gpc.vector import Coded, text_array

        if not self.parts:
            return empty_records()
        data: dict[str, Any] = {}
        for c in self.names():
            v = self.column(c)
            for _, cols in self.parts:  # let each part's column go as soon as it is stacked
                cols.pop(c, None)
            data[c] = text_array(v.uniques, v.codes) if isinstance(v, Coded) else v
            del v
        self.parts = []
        return pd.DataFrame(data, copy=False)


_MISSING = object()


def _is_numeric(v: Any) -> bool:
    return isinstance(v, np.ndarray) and v.dtype.kind in "fiu"


def _floats(pieces: list[tuple[int, Any]]) -> np.ndarray:
    return np.concatenate([np.full(n, np.nan) if v is _MISSING else
                           np.broadcast_to(np.asarray(v, dtype="float64"), (n,)) for n, v in pieces])
