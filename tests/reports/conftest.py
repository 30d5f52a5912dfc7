"""A small inventory whose every number is worked out by hand (IPCC 2006 defaults, GWP AR5).

Residential natural gas, 100 TJ (IPCC 2006 Vol. 2 Table 1.4 / 2.5: CO2 56,100, CH4 5, N2O 0.1 kg/TJ):
    CO2 = 100 × 56,100 / 1000 = 5,610 t; CH4 = 0.5 t × 28 = 14 t CO2e; N2O = 0.01 t × 265 = 2.65 t CO2e
    → I.1.1 = 5,626.65 t CO2e
I.1.2 electricity 1,000 MWh × 0.5 t/MWh = 500 t; II.1.1 direct 200 t CO2; II.1.3 direct 30 t CO2;
III.1.2 direct 5 t CH4 = 140 t CO2e (scope 3); III.1.3 direct 10 t CH4 = 280 t CO2e (scope 1, territorial only);
I.4.4 direct 1,000 t CO2 (territorial only); IV.1 direct 300 t CO2; I.7.1 NO, I.8.1 NE.

BASIC       = 5,626.65 + 500 + 200 + 140                   = 6,466.65
BASIC+      = BASIC + 300 (IV.1) + 30 (II.1.3)              = 6,796.65
territorial = 5,626.65 + 200 + 280 + 1,000 + 300 (scope 1)  = 7,406.65
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO.parent / "shared" / "reference" / "gcom_ecrf_template.xlsx"

I11 = 5_610 + 14 + 2.65
BASIC = I11 + 500 + 200 + 140
BASIC_PLUS = BASIC + 300 + 30
TERRITORIAL = I11 + 200 + 280 + 1_000 + 300
BY_REF = {"I.1.1": I11, "I.1.2": 500.0, "II.1.1": 200.0, "II.1.3": 30.0, "III.1.2": 140.0, "III.1.3": 280.0,
          "I.4.4": 1_000.0, "IV.1": 300.0}

CITY = {"year": 2023, "name": "Testville <b>", "population": 1000, "gdp": "2e6 CNY", "gwp": "AR5"}
ROWS = [
    {"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 100, "unit": "TJ", "data_quality": "H",
     "source": "gas utility 燃气公司"},
    {"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 1000, "unit": "MWh", "ef_co2": 0.5,
     "ef_unit": "t/MWh", "data_quality": "M", "source": "grid company"},
    {"gpc_ref": "II.1.1", "activity": "direct", "amount": 200, "unit": "t", "gas": "CO2", "data_quality": "L"},
    {"gpc_ref": "II.1.3", "activity": "direct", "amount": 30, "unit": "t", "gas": "CO2", "data_quality": "M"},
    {"gpc_ref": "III.1.2", "activity": "direct", "amount": 5, "unit": "t", "gas": "CH4", "data_quality": "M"},
    {"gpc_ref": "III.1.3", "activity": "direct", "amount": 10, "unit": "t", "gas": "CH4", "data_quality": "M"},
    {"gpc_ref": "I.4.4", "activity": "direct", "amount": 1000, "unit": "t", "gas": "CO2", "data_quality": "H"},
    {"gpc_ref": "IV.1", "activity": "direct", "amount": 300, "unit": "t", "gas": "CO2", "data_quality": "H"},
    {"gpc_ref": "I.7.1", "notation_key": "NO", "explanation": "no coal mines"},
    {"gpc_ref": "I.8.1", "notation_key": "NE", "explanation": "not yet estimated"},
]


@pytest.fixture(scope="session")
def small_inv():
    import gpc

    return gpc.calculate(pd.DataFrame(ROWS), city=CITY)


@pytest.fixture
def small_workbook(workbook):
    """The same input as an activity workbook (for the command line)."""
    return workbook(CITY, ROWS)
