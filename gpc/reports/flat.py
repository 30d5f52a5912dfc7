"""The inventory as plain data: CSV and JSON.

CSV (UTF-8 with a byte-order mark, so that Excel shows Chinese text correctly) holds one table:
``emissions`` (default: one row per input record and gas, every column of ``inv.emissions``),
``summary`` (one row per GPC reference number, as ``inv.summary(all_rows=True)``), ``audit``
(emission records and notation-key rows) or ``transport_reconciliation`` (fuel sold against fuel implied by
kilometres per transport sub-sector and fuel, ``inv.transport_reconciliation``; only the header when empty).

JSON holds everything in one document::

    {"format": "gpc-inventory", "version": 1,
     "meta": {"city", "country", "region", "year", "gwp", "factors", "population", "gdp", "totals_t_co2e"},
     "summary": [{"gpc_ref": "I.1.1", "CO2": …, "co2e_t": …, "co2_biogenic_t": …, "notation_key": ""}, …],
     "notation_keys": [{"gpc_ref", "notation_key", "explanation", "sheet", "row"}, …],
     "transport_reconciliation": [{"subsector", "fuel", "fuel_sold_gj", …, "difference_gj", "in_totals"}, …],
     "emissions": [{…one emission record…}, …]}

Missing numbers are ``null``; nothing is rounded. Text that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading single quote, in
CSV and JSON alike (OWASP's advice against CSV injection); numbers stay numbers. :func:`read_json` removes
that quote again.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc.reports.common import atomic_output, neutralise, neutralise_frame, restore, settings_meta

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["write_csv", "write_json", "read_json", "TABLES", "FORMAT", "VERSION"]

TABLES = ("emissions", "summary", "audit", "transport_reconciliation")
FORMAT = "gpc-inventory"
VERSION = 1


def _table(inv: Inventory, table: str) -> pd.DataFrame:
    if table == "emissions":
        return inv.emissions
    if table == "summary":
        return inv.summary(all_rows=True).reset_index()
    if table == "audit":
        return inv.audit()
    if table == "transport_reconciliation":
        return _reconciliation(inv)
    raise ValueError(f"unknown table {table!r}: use one of {', '.join(TABLES)}")


def _reconciliation(inv: Inventory) -> pd.DataFrame:
    """The transport reconciliation table (its columns even when empty)."""
    t = getattr(inv, "transport_reconciliation", None)
    if t is None:
        from gpc.sectors.transport.reconcile import RECONCILE_COLUMNS

        return pd.DataFrame(columns=list(RECONCILE_COLUMNS))
    return t


def write_csv(inv: Inventory, path: str | Path, table: str = "emissions") -> Path:
    """Write one table of ``inv`` as CSV (UTF-8 with BOM); atomically."""
    df = neutralise_frame(_table(inv, table))  # text a spreadsheet would run as a formula gets a quote
    path = Path(path)
    with atomic_output(path) as tmp:
        df.to_csv(tmp, index=False, encoding="utf-8-sig")
    return path


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain JSON values, column by column (NaN and inf → None, numpy → Python)."""
    cols = list(df.columns)
    lists = [_column(df[c]) for c in cols]
    return [dict(zip(cols, vals)) for vals in zip(*lists)] if cols else [{} for _ in range(len(df))]


def _column(s: pd.Series) -> list[Any]:
    if pd.api.types.is_bool_dtype(s.dtype) and not s.isna().any():
        return s.astype(bool).tolist()
    if pd.api.types.is_float_dtype(s.dtype):
        a = s.to_numpy(dtype=float)
        out = a.astype(object)
        out[~np.isfinite(a)] = None
        return out.tolist()
    if pd.api.types.is_integer_dtype(s.dtype) and not s.isna().any():
        return s.astype("int64").tolist()
    return [_plain(v) for v in s.to_numpy(dtype=object)]


def _plain(v: Any) -> Any:
    if v is None or v is pd.NA:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        x = float(v)
        return None if math.isnan(x) or math.isinf(x) else x
    if isinstance(v, (pd.Timestamp,)):
        return v.isoformat()
    return v if isinstance(v, (int, str)) else str(v)


def inventory_document(inv: Inventory) -> dict[str, Any]:
    """The JSON document as a Python dict."""
    nk = inv.notation_keys
    nk_cols = [c for c in ("gpc_ref", "notation_key", "explanation", "sheet", "row")
               if nk is not None and c in nk]
    return {
        "format": FORMAT, "version": VERSION,
        "meta": {k: _plain(v) if not isinstance(v, dict) else v for k, v in settings_meta(inv).items()},
        "summary": _records(inv.summary(all_rows=True).reset_index()),
        "notation_keys": _records(nk[nk_cols]) if nk is not None and len(nk) else [],
        "transport_reconciliation": _records(_reconciliation(inv)),
        "emissions": _records(inv.emissions),
    }


def write_json(inv: Inventory, path: str | Path) -> Path:
    """Write the JSON document (UTF-8, Chinese text as is), one record per line; atomically."""
    path = Path(path)
    doc = _deep(inventory_document(inv), neutralise)  # text a spreadsheet would run as a formula: quoted
    enc = json.JSONEncoder(ensure_ascii=False, allow_nan=False)
    with atomic_output(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write("{")
            for i, (key, value) in enumerate(doc.items()):
                fh.write(("" if i == 0 else ",\n ") + enc.encode(key) + ": ")
                if isinstance(value, list):
                    fh.write("[" + ("\n  " if value else ""))
                    fh.write(",\n  ".join(map(enc.encode, value)))
                    fh.write(("\n " if value else "") + "]")
                else:
                    fh.write(enc.encode(value))
            fh.write("}\n")
    return path


def _deep(value: Any, fn: Any) -> Any:
    """``value`` with ``fn`` applied to every string inside it (dict keys are gpc's own and stay)."""
    if isinstance(value, dict):
        return {k: _deep(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep(v, fn) for v in value]
    return fn(value)


def read_json(path: str | Path) -> dict[str, Any]:
    """Read a document written by :func:`write_json`: ``meta`` as a dict, the tables as DataFrames
    (``summary`` indexed by ``gpc_ref``)."""
    with open(path, encoding="utf-8") as fh:
        doc = _deep(json.load(fh), restore)
    if doc.get("format") != FORMAT:
        raise ValueError(f"{path}: not a gpc inventory document (format {doc.get('format')!r})")
    out: dict[str, Any] = {"meta": doc["meta"], "version": doc.get("version")}
    out["summary"] = pd.DataFrame(doc["summary"]).set_index("gpc_ref") if doc["summary"] else pd.DataFrame()
    out["notation_keys"] = pd.DataFrame(doc["notation_keys"])
    out["transport_reconciliation"] = pd.DataFrame(doc.get("transport_reconciliation", []))  # older documents: none
    out["emissions"] = pd.DataFrame(doc["emissions"])
    return out
