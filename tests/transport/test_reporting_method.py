"""The method column of the GPC reporting table shows the GPC transport method of each sector II row (issue #15
item 1): the transport sheet's method, and ``fuel_sales`` for the activity sheet's fuel rows (GPC v1.1 §7.2)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

import gpc

CITY = {"name": "Testville", "country": "CN", "year": 2023, "gwp": "AR5", "factors": "ipcc2006"}


def _methods(path: Path, lang: str = "en") -> dict[str, str]:
    ws = openpyxl.load_workbook(path).worksheets[1]          # the GPC reporting table
    head = [c.value for c in ws[1]]
    col = head.index("Method" if lang == "en" else next(h for h in head if h and "方法" in str(h)))
    return {str(r[0]): r[col] for r in ws.iter_rows(min_row=2, values_only=True) if r[0] and r[col]}


def test_reporting_table_names_the_transport_methods(workbook, tmp_path: Path) -> None:
    act = [{"gpc_ref": "II.1.1", "activity": "motor_gasoline", "amount": 100, "unit": "t"},
           {"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 100, "unit": "GJ"}]
    transport = pd.DataFrame([
        {"gpc_ref": "II.2", "method": "induced_activity", "fuel": "gas_diesel_oil", "trips": 100, "trip_length": 50,
         "origin": "in", "destination": "out", "in_boundary_share": 0.4, "fuel_intensity": 300,
         "intensity_unit": "L/100km"},
        {"gpc_ref": "II.5", "method": "geographic", "fuel": "gas_diesel_oil", "vkt": 1000, "fuel_intensity": 30,
         "intensity_unit": "L/100km"}])
    flights = pd.DataFrame([{"gpc_ref": "II.4", "trip": "departing", "basis": "lto", "aircraft": "A320",
                             "lto_cycles": 10}])
    inv = gpc.calculate(workbook(CITY, act, transport=transport, flights_voyages=flights))
    m = _methods(inv.to_excel(tmp_path / "o.xlsx"))
    assert m["II.1.1"] == "fuel_sales"                        # activity sheet fuel in II: the fuel sales method
    assert m["II.2.1"] == m["II.2.3"] == "induced_activity"   # 50 % of 100 × 50 km: 1 000 km in, 1 500 km out
    assert m["II.5.1"] == "geographic"
    assert m["II.4.3"] == "departing_lto"
    assert m["I.1.1"] == "stationary_combustion"
    # the records themselves keep what they computed
    e = inv.emissions
    assert set(e.loc[e["gpc_ref"] == "II.1.1", "method"]) == {"mobile_combustion"}
    assert _methods(inv.to_excel(tmp_path / "zh.xlsx", lang="zh"), "zh")["II.1.1"] == "fuel_sales"
