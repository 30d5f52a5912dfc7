"""The columns of emission records: what sector modules return and ``Inventory.emissions`` holds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["RECORD_COLUMNS", "ENGINE_COLUMNS", "EMISSION_COLUMNS", "empty_records", "make_records"]

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
