"""Every fuel of every guideline of the ``china`` set, through a real workbook: 1 万吨 (or 1 万立方米) of it in
I.3.1 gives CO2 = amount × NCV × carbon content × oxidation factor × 44/12 (GB/T 32151.22-2024 附录C formula;
IPCC 2006 Vol. 2 Eq. 2.1 with EF = CC × OF × 44/12), computed here from the table's own numbers.

The expected value is worked out from ``fuel_properties.csv`` in this test — NCV in GJ/t or kJ/m3, carbon
content in t C/TJ — not read from the program's output.
"""

from __future__ import annotations

import pandas as pd
import pytest

import gpc
from tests.conftest import REPO

TABLE = pd.read_csv(REPO / "emission_factors" / "china" / "fuel_properties.csv")
FULL = TABLE[TABLE["parameter"].isin(["ncv", "carbon_content", "oxidation_factor"])]
COMPLETE = (FULL.groupby(["guideline", "fuel"])["parameter"].nunique() == 3)
CASES = sorted(COMPLETE[COMPLETE].index)
CITY = {"name": "测试市", "year": 2022, "country": "CN", "region": "CN-HB", "gwp": "AR5", "factors": "china"}


def _value(guideline: str, fuel: str, parameter: str) -> tuple[float, str]:
    row = FULL[(FULL["guideline"] == guideline) & (FULL["fuel"] == fuel) & (FULL["parameter"] == parameter)]
    assert len(row) == 1
    return float(row["value"].iloc[0]), str(row["unit"].iloc[0])


def test_there_are_cases() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize("guideline, fuel", CASES)
def test_fuel_co2_is_ncv_times_carbon_times_oxidation(guideline: str, fuel: str, workbook) -> None:
    ncv, ncv_unit = _value(guideline, fuel, "ncv")
    cc, cc_unit = _value(guideline, fuel, "carbon_content")
    of, _ = _value(guideline, fuel, "oxidation_factor")
    assert cc_unit == "t/TJ"
    if ncv_unit == "GJ/t":
        amount, unit = 1, "万吨"
        energy_tj = 10_000 * ncv / 1000                  # 10 000 t × GJ/t → TJ
    else:
        assert ncv_unit == "kJ/m3"
        amount, unit = 1, "万立方米"
        energy_tj = 10_000 * ncv / 1e9                   # 10 000 m3 × kJ/m3 → TJ
    expected = energy_tj * cc * of * 44 / 12             # t CO2
    row = {"gpc_ref": "I.3.1", "activity": fuel, "amount": amount, "unit": unit}
    inv = gpc.calculate(workbook(CITY | {"guideline": guideline}, [row]))
    co2 = inv.emissions[(inv.emissions["gas"] == "CO2") & ~inv.emissions["biogenic"]]["emissions_t"].sum()
    assert co2 == pytest.approx(expected, rel=1e-9)


GRID = pd.read_csv(REPO / "emission_factors" / "china" / "grid_electricity.csv")
PROVINCES = GRID[(GRID["region_level"] == "province") & (GRID["variant"] == "average")]


@pytest.mark.parametrize("region, year, factor", [
    (r.region, int(r.data_year), float(r.value)) for r in PROVINCES.itertuples()])
def test_provincial_grid_factor_of_the_inventory_year(region: str, year: int, factor: float, workbook) -> None:
    # 1 亿千瓦时 = 100 000 MWh of grid electricity in I.1.2 × the province's average factor of that year (t/MWh)
    assert PROVINCES.loc[(PROVINCES["region"] == region) & (PROVINCES["data_year"] == year), "unit"].item() == "t/MWh"
    row = {"gpc_ref": "I.1.2", "activity": "电力", "amount": 1, "unit": "亿千瓦时"}
    inv = gpc.calculate(workbook(CITY | {"region": region, "year": year}, [row]))
    assert inv.emissions["emissions_t"].sum() == pytest.approx(100_000 * factor, rel=1e-12)
    assert not [w for w in inv.warnings if w.column == "region"]  # the inventory year's own factor: no fallback
