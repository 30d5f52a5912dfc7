"""Direct entries of the ``activity`` sheet: a mass of gas typed by the user (any GPC row)."""

from __future__ import annotations

import numpy as np

from gpc.activity_catalogue import DIRECT
from gpc.context import Context
from gpc.records import RecordSet
from gpc.sectors.energy.sheet import Sheet, common_columns
from gpc.units import factor_to, is_dimension
from gpc.vector import Coded

__all__ = ["direct_entries"]


def direct_entries(idx: np.ndarray, t: Sheet, aid: Coded, ctx: Context, recs: RecordSet) -> None:
    """Records of the direct entries ``idx``: t of the gas as typed, converted to t (GPC: any row)."""
    if not len(idx):
        return
    gas = t.coded("gas").take(idx)
    t.problem(idx[gas.isna()], "gas", "a direct entry needs its gas: CO2, CH4, N2O, SF6, HFC-134a, ... or CO2e")
    unit = t.coded("unit").take(idx)
    dims_ok = unit.map(lambda u: is_dimension(str(u), "t"), dtype=bool, na=False)
    t.problem(idx[~dims_ok], "unit", "a direct entry is a mass of gas: give a mass unit such as t, kt or kg",
              value_col="unit")
    keep = ~gas.isna() & dims_ok
    i = idx[keep]
    if not len(i):
        return
    unit, gas = unit.take(keep), gas.take(keep)
    amount = t.num("amount")[i]
    tonnes = unit.map(lambda u: factor_to(str(u), "t"), dtype="float64", na=np.nan) * amount
    biogenic = t.coded("biogenic").take(i).eq(True) & gas.eq("CO2")
    recs.add(len(i), **common_columns(t, i), gas=gas, emissions_t=tonnes, biogenic=biogenic, method="direct_entry",
             activity=DIRECT, amount=amount, unit=unit, factor_name="", factor_value=np.nan, factor_unit="",
             factor_source="entered directly", detail="", data_quality=t.coded("data_quality").take(i),
             input_source=t.coded("source").take(i))

