"""Many cities and years at once, and the engine as a function of one chunk of rows.

* :func:`calculate_many` computes an inventory per source (workbook, table, ActivityData or
  DataFrame; a mapping of names to sources; or a folder) and stacks their emissions into one tidy
  table with ``city`` and ``year`` in front.
* :func:`emissions_frame` is the engine applied to one DataFrame of ``activity`` rows: the
  emission records with a fixed set of columns. Every record depends only on its own input row and
  the settings, so the function can be mapped over the partitions of a larger-than-memory table —
  ``dask_df.map_partitions(gpc.many.emissions_frame, city={...}, meta=gpc.many.emissions_meta())``
  gives the same records as ``gpc.calculate`` on the whole table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["EMISSIONS_SCHEMA", "TABLE_SUFFIXES", "calculate_many", "emissions_frame", "emissions_meta"]

#: Files that :func:`calculate_many` reads from a folder.
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".parquet")

#: Columns of :func:`emissions_frame` (and their dtypes): the emission columns, then the extras the
#: ``activity`` sheet produces.
EMISSIONS_SCHEMA: dict[str, str] = {
    "gpc_ref": "str", "sector": "str", "subsector": "str", "scope": "Int64", "gas": "str", "emissions_t": "float64",
    "co2e_t": "float64", "biogenic": "bool", "gwp": "str", "gwp_value": "float64", "method": "str", "sheet": "str",
    "row": "int64", "activity": "str", "amount": "float64", "unit": "str", "energy_gj": "float64",
    "factor_name": "str", "factor_value": "float64", "factor_unit": "str", "factor_source": "str", "detail": "str",
    "data_quality": "str", "input_source": "str", "technology": "str", "mass_t": "float64",
    "density_t_per_m3": "float64",
}


def calculate_many(sources: Any, *, errors: str = "raise", inventories: bool = False,
                   **options: Any) -> pd.DataFrame | tuple[pd.DataFrame, dict[str, Inventory]]:
    """Compute several inventories and stack their emissions into one tidy table.

    Parameters
    ----------
    sources : mapping, iterable or folder
        ``{"Wuhan 2022": "wuhan_2022.xlsx", ...}``; or a list of workbook / table paths,
        :class:`~gpc.activity_data.ActivityData` or DataFrames (named by file stem, the city sheet's name
        or their position); or a folder, whose workbooks and tables are all read.
    errors : "raise" or "skip"
        With ``"skip"``, a source that fails is left out and its error kept in
        ``result.attrs["errors"]`` (``{name: InputError}``).
    inventories : bool
        Also return ``{name: Inventory}``.
    **options
        Passed to :func:`gpc.calculate` for every source (``gwp=``, ``factors=``, ``city=`` …).

    Returns
    -------
    pandas.DataFrame
        One row per emission record of every inventory, led by ``source``, ``city`` and ``year``
        (the city sheet's name, else the source's name; the inventory year).
    """
    from gpc.engine import calculate
    from gpc.errors import InputError

    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    frames: list[pd.DataFrame] = []
    invs: dict[str, Inventory] = {}
    failed: dict[str, InputError] = {}
    for name, source in _named(sources):
        try:
            inv = calculate(source, **options)
        except InputError as exc:
            if errors == "raise":  # the same problems, each saying which source it is in
                raise InputError([replace(p, sheet=f"{name}: {p.sheet}") for p in exc.problems]) from None
            failed[name] = exc
            continue
        e = inv.emissions
        lead = pd.DataFrame({"source": pd.Categorical.from_codes(np.zeros(len(e), dtype=np.int8), [name]),
                             "city": pd.Categorical.from_codes(np.zeros(len(e), dtype=np.int8),
                                                               [inv.settings.name or name]),
                             "year": np.full(len(e), int(inv.settings.year), dtype=np.int64)})
        frames.append(pd.concat([lead, e.reset_index(drop=True)], axis=1))
        if inventories:
            invs[name] = inv
    if frames:
        out = pd.concat(frames, ignore_index=True)
        for c in ("source", "city"):
            out[c] = out[c].astype(object).astype("str")
    else:
        out = pd.DataFrame(columns=["source", "city", "year", *EMISSIONS_SCHEMA])
    out.attrs["errors"] = failed
    return (out, invs) if inventories else out


def _named(sources: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(sources, Mapping):
        return [(str(k), v) for k, v in sources.items()]
    if isinstance(sources, (str, Path)) and Path(sources).is_dir():
        files = sorted(p for p in Path(sources).iterdir()
                       if p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith(("~$", ".")))
        return [(p.stem, p) for p in files]
    if isinstance(sources, (str, Path, pd.DataFrame)):
        sources = [sources]
    out: list[tuple[str, Any]] = []
    seen: set[str] = set()
    for i, s in enumerate(sources):
        if isinstance(s, (str, Path)):
            name = Path(s).stem
        elif getattr(s, "settings", None) is not None and getattr(s.settings, "name", None):
            name = str(s.settings.name)
        else:
            name = f"source {i + 1}"
        while name in seen:
            name += f" ({i + 1})"
        seen.add(name)
        out.append((name, s))
    return out


# ------------------------------------------------------------------------------- one chunk at a time
def emissions_frame(df: pd.DataFrame, city: Mapping[str, Any] | None = None, *, first_row: int | None = None,
                    **options: Any) -> pd.DataFrame:
    """The emission records of a DataFrame of ``activity`` rows, with the columns of
    :data:`EMISSIONS_SCHEMA` (so that chunks of one table stack; extra record columns are dropped).

    Row numbers are those of the whole table: ``first_row`` for the chunk's first row, or, by default,
    the chunk's integer index + 2 (the header is row 1), so a partition of a larger table keeps the
    row numbers it has in the table. Raises :class:`gpc.InputError` on a problem in the chunk.
    """
    from gpc.engine import calculate

    if len(df) == 0:
        return emissions_meta()
    chunk = df.copy(deep=False)
    if "row" not in chunk.columns:
        if first_row is not None:
            rows = np.arange(first_row, first_row + len(chunk))
        elif pd.api.types.is_integer_dtype(chunk.index):
            rows = chunk.index.to_numpy() + 2
        else:
            rows = np.arange(2, 2 + len(chunk))
        chunk["row"] = rows
        chunk["sheet"] = "activity"
    inv = calculate(chunk, city=city, **options)
    return _conform(inv.emissions)


def emissions_meta() -> pd.DataFrame:
    """An empty frame with the columns and dtypes of :func:`emissions_frame` (Dask's ``meta``)."""
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in EMISSIONS_SCHEMA.items()})


def _conform(e: pd.DataFrame) -> pd.DataFrame:
    out: dict[str, Any] = {}
    for c, d in EMISSIONS_SCHEMA.items():
        if c in e.columns:
            s = e[c]
            out[c] = s if str(s.dtype) == d else s.astype(d)
        else:
            out[c] = pd.Series(np.full(len(e), np.nan if d == "float64" else None), dtype=d, index=e.index)
    return pd.DataFrame(out, index=e.index)
