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

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.reports.common import atomic_output, write_table, xlsx_workbook
from gpc.reports.quality import activity_quality, factor_quality

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


def ciris_table(inv: "Inventory") -> pd.DataFrame:
    """One line per input record (sheet, row, GPC ref, activity and sub-item), gases side by side."""
    e = inv.emissions.copy()
    t = taxonomy.table()
    e["_ad_q"] = activity_quality(e)
    e["_ef_q"] = factor_quality(e)
    for c in ("activity", "unit", "input_source", "factor_unit", "factor_source", "item"):
        if c not in e.columns:
            e[c] = None
    # one record = one input row in one GPC row (a waste row can feed several GPC rows and items)
    keys = ["sheet", "row", "gpc_ref"]
    e["_key"] = pd.factorize(pd.MultiIndex.from_frame(e[keys].astype(str)))[0]
    fossil = ~e["biogenic"].astype(bool)
    grp = e.groupby("_key", sort=False)
    first = grp.first()
    out = pd.DataFrame({
        "gpc_ref": first["gpc_ref"], "sheet": first["sheet"], "row": first["row"],
        "activity": grp["activity"].agg(_join), "unit": first["unit"],
        "source": grp["input_source"].agg(lambda s: _join(s, "; ")),
        "method": grp["method"].agg(_join), "factor_source": grp["factor_source"].agg(lambda s: _join(s, "; ")),
    })
    # the amount is the input row's, once (records are per gas)
    amount = e.drop_duplicates(["_key", "activity", "unit", "amount"]).groupby("_key")["amount"].agg(
        lambda s: float(s.iloc[0]) if len(s) == 1 and pd.notna(s.iloc[0]) else np.nan)
    out["amount"] = amount.reindex(out.index)
    units = e.groupby("_key")["unit"].nunique()
    out.loc[units.reindex(out.index).fillna(0) > 1, ["amount", "unit"]] = [np.nan, None]
    for g in _MAIN:
        m = fossil & (e["gas"] == g)
        out[f"{g}_t"] = e[m].groupby("_key")["emissions_t"].sum().reindex(out.index).fillna(0.0)
        ef = e[m & e["factor_value"].notna()].groupby("_key")["factor_value"].agg(
            lambda s: float(s.iloc[0]) if s.nunique() == 1 else np.nan)
        out[f"ef_{g}"] = ef.reindex(out.index)
    fu = e[e["factor_value"].notna()].groupby("_key")["factor_unit"].agg(
        lambda s: s.iloc[0] if s.nunique() == 1 else None)
    out["ef_unit"] = fu.reindex(out.index)
    other = fossil & ~e["gas"].isin(_MAIN)
    out["other_gases_co2e_t"] = e[other].groupby("_key")["co2e_t"].sum().reindex(out.index).fillna(0.0)
    out["co2e_t"] = e[fossil].groupby("_key")["co2e_t"].sum().reindex(out.index).fillna(0.0)
    out["co2_biogenic_t"] = e[~fossil].groupby("_key")["emissions_t"].sum().reindex(out.index).fillna(0.0)
    out["activity_data_quality"] = grp["_ad_q"].agg(_letters)
    out["factor_quality"] = grp["_ef_q"].agg(lambda s: _letters(s.dropna()))
    out["notation_key"] = None
    out["explanation"] = None
    nk = inv.notation_keys
    if nk is not None and len(nk):
        n = pd.DataFrame({c: nk[c] if c in nk.columns else None
                          for c in ("gpc_ref", "sheet", "row", "activity", "notation_key", "explanation",
                                    "source")})
        n["method"] = "notation_key"
        out = pd.concat([out, n], ignore_index=True)
    out["sector"] = out["gpc_ref"].map(t["sector"])
    out["subsector"] = out["gpc_ref"].map(t["subsector"])
    out["scope"] = out["gpc_ref"].map(t["scope"]).astype("Int64")
    order = {r: i for i, r in enumerate(t.index)}
    out["_o"] = out["gpc_ref"].map(order)
    out = out.sort_values(["_o", "sheet", "row"], kind="stable").drop(columns="_o")
    return out.reindex(columns=list(COLUMNS)).reset_index(drop=True)


def _join(s: pd.Series, sep: str = ", ") -> str | None:
    vals = [str(x) for x in s.dropna() if str(x).strip() and str(x) != "nan"]
    return sep.join(dict.fromkeys(vals)) or None


def _letters(s: pd.Series) -> str | None:
    present = [x for x in ("H", "M", "L") if (s == x).any()]
    if s.isna().any():
        present.append("?")
    return "/".join(present) or None


def write_ciris(inv: "Inventory", path: str | Path) -> Path:
    """Write the CIRIS-style table: xlsx (sheet ``CIRIS``) or CSV when ``path`` ends in ``.csv``."""
    path = Path(path)
    table = ciris_table(inv)
    if path.suffix.lower() == ".csv":
        with atomic_output(path) as tmp:
            table.rename(columns=HEADERS).to_csv(tmp, index=False, encoding="utf-8-sig")
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
