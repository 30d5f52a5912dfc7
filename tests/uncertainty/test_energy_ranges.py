"""The IPCC 2006 energy uncertainty ranges (``emission_factors/ipcc2006/uncertainty_energy.csv``).

Invariants of the table: lower <= value <= upper on every row; every row's value is the value of the same
factor in the table it mirrors (``fuel_properties.csv`` for Tables 1.2 / 1.4, ``stationary_combustion.csv``
for Tables 2.2-2.5, ``mobile_combustion.csv`` for the mobile tables); the mobile rows repeat the Table 1.4
range of their fuel (IPCC 2006 Vol. 2 Ch. 3 prints the Table 1.4 default and range for the CO2 of each
fuel); the rows marked V2 are exactly those the descriptor's ``verified_against`` names.

Spot values: only those a second source confirms (the module listed under ``verified_against`` in
``uncertainty_energy.yaml``), each with the IPCC 2006 Vol. 2 table that prints it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from gpc.factors import factor_root
from gpc.uncertainty.model import factor_ranges
from gpc.units import parse_unit, strip_gas

SET = Path(factor_root()) / "ipcc2006"
STATIONARY_TABLES = ("2.2", "2.3", "2.4", "2.5")
MOBILE_TABLES = ("3.2.1", "3.3.1", "3.4.1", "3.5.2", "3.6.4")
CATEGORY_OF = {"2.2": "energy_industries", "2.3": "manufacturing", "2.4": "commercial",
               "2.5": "residential_agriculture"}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(SET / f"{name}.csv", dtype={"table": str}, keep_default_na=False)


@pytest.fixture(scope="module")
def ranges() -> pd.DataFrame:
    t = _read("uncertainty_energy")
    for c in ("value", "lower", "upper"):
        t[c] = t[c].astype(float)
    return t


def _key(r: pd.Series) -> str:
    return f"{r['table']}/{r['activity']}/{r['category']}/{r['gas']}"


# ------------------------------------------------------------------------------------------ the table itself
def test_columns_key_and_flags(ranges: pd.DataFrame) -> None:
    assert list(ranges.columns) == ["table", "activity", "category", "gas", "value", "lower", "upper", "unit",
                                    "source", "verified"]
    assert not ranges.duplicated(["table", "activity", "category", "gas"]).any()
    assert set(ranges["verified"]) <= {"V2", "V", "M"}
    assert set(ranges["table"]) == {"1.2", "1.4", *STATIONARY_TABLES, *MOBILE_TABLES}


def test_lower_le_value_le_upper(ranges: pd.DataFrame) -> None:
    bad = [_key(r) for _, r in ranges.iterrows() if not (0 < r["lower"] <= r["value"] <= r["upper"])]
    assert not bad, f"rows outside 0 < lower <= value <= upper: {bad}"
    # a range is a range: only Orimulsion's NCV has its lower limit at the default (27.5, Table 1.2)
    flat_low = sorted(_key(r) for _, r in ranges.iterrows() if r["lower"] == r["value"])
    assert flat_low == ["1.2/orimulsion//"]
    assert not (ranges["upper"] == ranges["value"]).any()


def test_units_and_gases(ranges: pd.DataFrame) -> None:
    ncv = ranges[ranges["table"] == "1.2"]
    assert set(ncv["unit"]) == {"TJ/Gg"} and set(ncv["gas"]) == {""} and set(ncv["category"]) == {""}
    ef = ranges[ranges["table"] != "1.2"]
    assert set(ef["unit"]) == {"kg/TJ"}
    assert set(ef.loc[ef["table"].isin(STATIONARY_TABLES), "gas"]) == {"CH4", "N2O"}
    assert set(ef.loc[~ef["table"].isin(STATIONARY_TABLES), "gas"]) == {"CO2"}
    for u in ranges["unit"].unique():
        parse_unit(strip_gas(u)[0])  # every unit goes through the one registry


def test_each_row_cites_its_table(ranges: pd.DataFrame) -> None:
    bad = [_key(r) for _, r in ranges.iterrows()
           if not (r["source"].startswith("IPCC 2006") and f"Table {r['table']}" in r["source"])]
    assert not bad, bad


# ------------------------------------------------------------------------------ mirrors of the factor tables
def test_table_1_2_and_1_4_rows_mirror_fuel_properties(ranges: pd.DataFrame) -> None:
    fp = _read("fuel_properties")
    fp["value"] = fp["value"].astype(float)
    for table, parameter in (("1.2", "ncv"), ("1.4", "co2_ef")):
        mine = ranges[(ranges["table"] == table) & (ranges["category"] == "")]
        theirs = fp[(fp["parameter"] == parameter) & (fp["table"] == table)].set_index("fuel")
        missing = sorted(set(mine["activity"]) - set(theirs.index))
        assert not missing, f"Table {table} ranges for fuels without a {parameter}: {missing}"
        for _, r in mine.iterrows():
            f = theirs.loc[r["activity"]]
            assert r["value"] == pytest.approx(f["value"], rel=1e-12), _key(r)
            assert r["unit"] == f["unit"], _key(r)
        # every default of the table has its range
        uncovered = sorted(set(theirs.index) - set(mine["activity"]))
        assert not uncovered, f"{parameter} of Table {table} without a range: {uncovered}"


def test_table_2_rows_mirror_stationary_combustion(ranges: pd.DataFrame) -> None:
    sc = _read("stationary_combustion")
    sc["value"] = sc["value"].astype(float)
    sc = sc.set_index(["fuel", "category", "gas"])
    mine = ranges[ranges["table"].isin(STATIONARY_TABLES)]
    for _, r in mine.iterrows():
        assert r["category"] == CATEGORY_OF[r["table"]], _key(r)
        f = sc.loc[(r["activity"], r["category"], r["gas"])]
        assert f["table"] == r["table"], _key(r)
        assert r["value"] == pytest.approx(f["value"], rel=1e-12), _key(r)
        assert r["unit"] == f["unit"], _key(r)
    # The defaults whose range was not entered (their ranges do not follow the pattern of their fuel
    # group; not typed until read from the printed table): listed so that none drops out unnoticed.
    covered = set(zip(mine["activity"], mine["category"], mine["gas"]))
    uncovered = sorted(k for k in sc.index if k not in covered)
    assert uncovered == sorted([
        ("peat", "manufacturing", "CH4"), ("peat", "commercial", "N2O"),
        ("peat", "residential_agriculture", "N2O"),
        *((("sulphite_lyes", c, "N2O")) for c in CATEGORY_OF.values()),
        *((("charcoal", c, "CH4")) for c in CATEGORY_OF.values()),
    ])


def test_mobile_rows_mirror_mobile_combustion_and_table_1_4(ranges: pd.DataFrame) -> None:
    mc = _read("mobile_combustion")
    mc = mc[mc["gas"] == "CO2"].copy()
    mc["value"] = mc["value"].astype(float)
    t14 = ranges[(ranges["table"] == "1.4") & (ranges["category"] == "")].set_index("activity")
    mine = ranges[(ranges["table"].isin(MOBILE_TABLES)) | ((ranges["table"] == "1.4") & (ranges["category"] != ""))]
    assert len(mine) == 23
    for _, r in mine.iterrows():
        rows = mc[(mc["mode"] == r["category"]) & (mc["fuel"] == r["activity"]) & (mc["table"] == r["table"])]
        assert len(rows), f"{_key(r)}: no such CO2 factor in mobile_combustion.csv"
        assert (rows["value"] == r["value"]).all(), _key(r)
        assert (rows["unit"] == r["unit"]).all(), _key(r)
        # IPCC 2006 Vol. 2 Ch. 3 prints the Table 1.4 default and range of the fuel
        base = t14.loc[r["activity"]]
        assert (r["value"], r["lower"], r["upper"]) == (base["value"], base["lower"], base["upper"]), _key(r)


# ---------------------------------------------------------------------------------------- verification
def test_v2_rows_are_those_the_descriptor_names(ranges: pd.DataFrame) -> None:
    desc = yaml.safe_load((SET / "uncertainty_energy.yaml").read_text(encoding="utf-8"))
    named = set()
    for v in desc["verified_against"]:
        named |= {(t, a) for t in v["tables"] for a in v["activities"]}
        assert v["rows"] == len({(t, a) for t in v["tables"] for a in v["activities"]})
    v2 = ranges[ranges["verified"] == "V2"]
    assert set(zip(v2["table"], v2["activity"])) == named
    assert (v2["category"] == "").all()
    assert len(v2) == 20


#: Confirmed by the second source (value, lower, upper); IPCC 2006 Vol. 2 Ch. 1.
SPOT = [
    # Table 1.4, CO2, kg/TJ
    ("1.4", "natural_gas", 56_100, 54_300, 58_300),
    ("1.4", "gas_diesel_oil", 74_100, 72_600, 74_800),
    ("1.4", "residual_fuel_oil", 77_400, 75_500, 78_800),
    ("1.4", "sub_bituminous_coal", 96_100, 92_800, 100_000),
    ("1.4", "lignite", 101_000, 90_900, 115_000),
    # Table 1.2, NCV, TJ/Gg
    ("1.2", "natural_gas", 48.0, 46.5, 50.4),
    ("1.2", "crude_oil", 42.3, 40.1, 44.8),
    ("1.2", "lignite", 11.9, 5.5, 21.6),
]


@pytest.mark.parametrize(("table", "fuel", "value", "lower", "upper"), SPOT)
def test_spot_values(ranges: pd.DataFrame, table: str, fuel: str, value: float, lower: float,
                     upper: float) -> None:
    r = ranges[(ranges["table"] == table) & (ranges["activity"] == fuel) & (ranges["category"] == "")]
    assert len(r) == 1
    r = r.iloc[0]
    assert (r["value"], r["lower"], r["upper"]) == (value, lower, upper)
    assert r["verified"] == "V2"


def test_relative_range_used_by_the_uncertainty_model() -> None:
    # natural gas CO2, Table 1.4: 56 100 (54 300 - 58 300) kg/TJ
    #   lower: (56 100 - 54 300) / 56 100 = 1 800 / 56 100 = 3.2086 %
    #   upper: (58 300 - 56 100) / 56 100 = 2 200 / 56 100 = 3.9216 %
    # lignite NCV, Table 1.2: 11.9 (5.5 - 21.6) TJ/Gg
    #   lower: (11.9 - 5.5) / 11.9 = 6.4 / 11.9 = 53.782 %;  upper: (21.6 - 11.9) / 11.9 = 9.7 / 11.9 = 81.513 %
    t = factor_ranges("ipcc2006")
    ng = t[(t["table"] == "1.4") & (t["activity"] == "natural_gas") & (t["gas"] == "CO2")].iloc[0]
    assert ng["lower_pct"] == pytest.approx(3.2086, abs=1e-4)
    assert ng["upper_pct"] == pytest.approx(3.9216, abs=1e-4)
    lig = t[(t["table"] == "1.2") & (t["activity"] == "lignite")].iloc[0]
    assert lig["lower_pct"] == pytest.approx(53.782, abs=1e-3)
    assert lig["upper_pct"] == pytest.approx(81.513, abs=1e-3)
