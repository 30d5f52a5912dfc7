"""A CIRIS-style sheet: one line per input record (activity row, waste stream …) with its gases side by
side, the way C40's City Inventory Reporting and Information System lists an inventory.

Columns: GPC ref, sector, sub-sector, scope, activity, amount and unit, the factors used for CO2, CH4
and N2O (with their unit), tonnes of CO2, CH4 and N2O, other gases as CO2e, total CO2e, biogenic CO2,
notation key and explanation, data quality (activity data and factor), method, source, and the input
sheet and row. Notation-key rows are listed too, so every GPC row the input mentions appears.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from gpc import taxonomy
from gpc.quality import activity_quality, factor_quality, group_letters
from gpc.reports.common import atomic_output, neutralise_frame, write_table, xlsx_workbook

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["ciris_table", "write_ciris", "read_ciris", "COLUMNS"]

_MAIN = ("CO2", "CH4", "N2O")
COLUMNS = ("gpc_ref", "sector", "subsector", "scope", "activity", "amount", "unit",
           "ef_CO2", "ef_CH4", "ef_N2O", "ef_unit", "CO2_t", "CH4_t", "N2O_t", "other_gases_co2e_t",
           "co2e_t", "co2_biogenic_t", "notation_key", "explanation", "activity_data_quality",
           "factor_quality", "method", "source", "factor_source", "sheet", "row")
HEADERS = {
    "gpc_ref": "GPC ref. no.", "sector": "Sector", "subsector": "Sub-sector", "scope": "Scope",
    "activity": "Fuel type or activity", "amount": "Activity data amount", "unit": "Activity data unit",
    "ef_CO2": "EF CO2", "ef_CH4": "EF CH4", "ef_N2O": "EF N2O", "ef_unit": "EF unit",
    "CO2_t": "CO2 (t)", "CH4_t": "CH4 (t)", "N2O_t": "N2O (t)", "other_gases_co2e_t": "Other gases (t CO2e)",
    "co2e_t": "Total (t CO2e)", "co2_biogenic_t": "Biogenic CO2 (t)", "notation_key": "Notation key",
    "explanation": "Explanation", "activity_data_quality": "Activity data quality",
    "factor_quality": "Emission factor quality", "method": "Method", "source": "Activity data source",
    "factor_source": "Emission factor source", "sheet": "Input sheet", "row": "Input row",
}


def ciris_table(inv: Inventory) -> pd.DataFrame:
    """One line per input record (sheet, row, GPC ref), gases side by side. Vectorised: no Python loop
    per record, so that 100,000-row inventories export in seconds."""
    e = inv.emissions.reset_index(drop=True)
    t = taxonomy.table()
    for c in ("activity", "unit", "input_source", "factor_unit", "factor_source", "factor_value", "amount"):
        if c not in e.columns:
            e[c] = None
    # one record = one input row in one GPC row (a waste row can feed several GPC rows and items)
    key = pd.MultiIndex.from_arrays([e["sheet"].astype(str), e["row"].astype(str), e["gpc_ref"].astype(str)])
    codes, _ = pd.factorize(key)
    n = int(codes.max()) + 1 if len(codes) else 0
    e["_key"] = codes
    first = e.drop_duplicates("_key").set_index("_key").sort_index()
    out = pd.DataFrame({"gpc_ref": first["gpc_ref"], "sheet": first["sheet"], "row": first["row"]},
                       index=pd.RangeIndex(n))
    out["activity"] = _joined(e, "activity", n)
    out["source"] = _joined(e, "input_source", n, "; ")
    out["method"] = _joined(e, "method", n)
    out["factor_source"] = _joined(e, "factor_source", n, "; ")
    # the amount is the input row's, given once (records are per gas): only where it is one value
    u = e.drop_duplicates(["_key", "activity", "unit", "amount"])
    single = u.groupby("_key").size().reindex(out.index, fill_value=0) == 1
    firstu = u.drop_duplicates("_key").set_index("_key").reindex(out.index)
    out["amount"] = firstu["amount"].where(single).astype(float)
    out["unit"] = firstu["unit"].where(single | (u.groupby("_key")["unit"].nunique().reindex(out.index) == 1))
    fossil = ~e["biogenic"].astype(bool)
    for g in _MAIN:
        m = fossil & (e["gas"] == g)
        out[f"{g}_t"] = e[m].groupby("_key")["emissions_t"].sum().reindex(out.index).fillna(0.0)
        out[f"ef_{g}"] = _single(e[m & e["factor_value"].notna()], "factor_value", out.index).astype(float)
    out["ef_unit"] = _single(e[e["factor_value"].notna()], "factor_unit", out.index)
    other = fossil & ~e["gas"].isin(_MAIN)
    out["other_gases_co2e_t"] = e[other].groupby("_key")["co2e_t"].sum().reindex(out.index).fillna(0.0)
    out["co2e_t"] = e[fossil].groupby("_key")["co2e_t"].sum().reindex(out.index).fillna(0.0)
    out["co2_biogenic_t"] = e[~fossil].groupby("_key")["emissions_t"].sum().reindex(out.index).fillna(0.0)
    out["activity_data_quality"] = [x or None for x in group_letters(codes, activity_quality(e), n)]
    out["factor_quality"] = [x or None for x in group_letters(codes, factor_quality(e), n, unknown=False)]
    out["notation_key"] = None
    out["explanation"] = None
    nk = inv.notation_keys
    if nk is not None and len(nk):
        extra = pd.DataFrame({c: nk[c] if c in nk.columns else None
                              for c in ("gpc_ref", "sheet", "row", "activity", "notation_key", "explanation",
                                        "source")})
        extra["method"] = "notation_key"
        out = pd.concat([out, extra], ignore_index=True)
    out["sector"] = out["gpc_ref"].map(t["sector"])
    out["subsector"] = out["gpc_ref"].map(t["subsector"])
    out["scope"] = out["gpc_ref"].map(t["scope"]).astype("Int64")
    order = {r: i for i, r in enumerate(t.index)}
    out["_o"] = out["gpc_ref"].map(order)
    out = out.sort_values(["_o", "sheet", "row"], kind="stable").drop(columns="_o")
    return out.reindex(columns=list(COLUMNS)).reset_index(drop=True)


def _joined(e: pd.DataFrame, col: str, n: int, sep: str = ", ") -> pd.Series:
    """Per record key: the distinct non-empty values of ``col`` joined; most keys have one, taken as is."""
    v = e[["_key", col]].dropna()
    v = v[v[col].astype(str).str.strip().ne("") & v[col].astype(str).ne("nan")]
    v = v.drop_duplicates()
    counts = v.groupby("_key").size()
    one = v[v["_key"].map(counts).eq(1)].set_index("_key")[col].astype(str)
    many = v[v["_key"].map(counts).gt(1)]
    joined = many.groupby("_key", sort=False)[col].agg(lambda s: sep.join(map(str, s)))
    return pd.concat([one, joined]).reindex(pd.RangeIndex(n))


def _single(e: pd.DataFrame, col: str, index: pd.Index) -> pd.Series:
    """Per record key: the value of ``col`` where the key has exactly one distinct value, else empty."""
    if not len(e):
        return pd.Series(None, index=index, dtype=object)
    g = e.groupby("_key")[col]
    return g.first().where(g.nunique() == 1).reindex(index)


def write_ciris(inv: Inventory, path: str | Path) -> Path:
    """Write the CIRIS-style table: xlsx (sheet ``CIRIS``) or CSV when ``path`` ends in ``.csv``."""
    path = Path(path)
    table = ciris_table(inv)
    if path.suffix.lower() == ".csv":
        with atomic_output(path) as tmp:
            neutralise_frame(table.rename(columns=HEADERS)).to_csv(tmp, index=False, encoding="utf-8-sig")
        return path
    with atomic_output(path) as tmp:
        wb = xlsx_workbook(tmp)
        ws = wb.add_worksheet("CIRIS")
        numeric = ("amount", "ef_CO2", "ef_CH4", "ef_N2O", "CO2_t", "CH4_t", "N2O_t", "other_gases_co2e_t",
                   "co2e_t", "co2_biogenic_t")
        end = write_table(wb, ws, table, [HEADERS[c] for c in table.columns], numeric=numeric)
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(end - 1, 1), len(table.columns) - 1)
        ws.set_column(0, 0, 9)
        ws.set_column(1, 2, 22)
        ws.set_column(3, 3, 6)
        ws.set_column(4, 4, 22)
        ws.set_column(5, 16, 13)
        ws.set_column(17, 24, 18)
        wb.close()
    return path


def read_ciris(path: str | Path) -> pd.DataFrame:
    """Read a CIRIS-style export back with the column names of :data:`COLUMNS`."""
    path = Path(path)
    back = {v: k for k, v in HEADERS.items()}
    if path.suffix.lower() == ".csv":
        df = pd.read_csv(path, encoding="utf-8-sig")
    else:
        df = pd.read_excel(path, sheet_name="CIRIS", engine="calamine")
    return df.rename(columns=back)
