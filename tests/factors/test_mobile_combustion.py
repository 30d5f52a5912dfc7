"""Shape and content of emission_factors/ipcc2006/mobile_combustion.csv (IPCC 2006 Vol. 2 Ch. 3)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SET_DIR = REPO / "emission_factors" / "ipcc2006"
CSV = SET_DIR / "mobile_combustion.csv"
REFERENCE = REPO.parent / "shared" / "reference" / "ipcc2006_v2_mobile.csv"

COLUMNS = [
    "mode",
    "fuel",
    "technology",
    "gas",
    "value",
    "unit",
    "table",
    "source",
    "efdb_id",
    "is_default",
    "notes",
]
KEY = ["mode", "fuel", "technology", "gas"]
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def mobile() -> pd.DataFrame:
    return pd.read_csv(CSV, dtype=str, keep_default_na=False)


def test_columns_and_descriptor(mobile: pd.DataFrame) -> None:
    assert list(mobile.columns) == COLUMNS
    descriptor = yaml.safe_load(CSV.with_suffix(".yaml").read_text(encoding="utf-8"))
    assert list(descriptor["columns"]) == COLUMNS
    assert descriptor["sources"]


def test_values_and_vocabularies(mobile: pd.DataFrame) -> None:
    from gpc.units import factor_to

    assert set(mobile["mode"]) == {"road", "off_road", "rail", "navigation", "aviation"}
    assert set(mobile["gas"]) <= {"CO2", "CH4", "N2O"}
    assert set(mobile["is_default"]) <= {"true", "false"}
    assert (mobile["value"].astype(float) > 0).all()
    for unit in mobile["unit"].unique():
        assert factor_to(unit, "kg/TJ") > 0
    for column in ("fuel", "technology"):
        bad = [v for v in mobile[column].unique() if not SNAKE.match(v)]
        assert not bad, f"{column} ids not snake_case: {bad}"
    assert not mobile.duplicated(KEY).any(), mobile[mobile.duplicated(KEY, keep=False)]


def test_every_row_cites_its_table(mobile: pd.DataFrame) -> None:
    for _, row in mobile.iterrows():
        assert row["source"].startswith("IPCC 2006 Guidelines, Vol. 2, Ch. ")
        assert f"Table {row['table']}," in row["source"], row["source"]
        if not row["efdb_id"]:
            assert "printed table" in row["notes"] or "Table 1.4" in row["notes"], dict(row)


def test_one_default_technology_per_mode_fuel_gas(mobile: pd.DataFrame) -> None:
    defaults = mobile[mobile["is_default"] == "true"]
    counts = mobile.groupby(["mode", "fuel", "gas"]).size().index
    per_group = defaults.groupby(["mode", "fuel", "gas"]).size()
    assert per_group.reindex(counts, fill_value=0).eq(1).all(), per_group
    # the same technology is the default for every gas of a (mode, fuel) ('all' aside)
    specific = defaults[defaults["technology"] != "all"]
    assert specific.groupby(["mode", "fuel"])["technology"].nunique().le(1).all()


def test_documented_defaults(mobile: pd.DataFrame) -> None:
    d = mobile[mobile["is_default"] == "true"].set_index(["mode", "fuel", "gas"])["technology"]
    assert d[("road", "motor_gasoline", "CH4")] == "uncontrolled"
    assert d[("road", "motor_gasoline", "N2O")] == "uncontrolled"
    assert d[("road", "natural_gas", "CO2")] == "cng"
    assert d[("road", "biogasoline", "N2O")] == "trucks_us"
    assert d[("off_road", "gas_diesel_oil", "N2O")] == "agriculture"
    assert d[("off_road", "motor_gasoline", "CH4")] == "4_stroke_agriculture"


def test_printed_values(mobile: pd.DataFrame) -> None:
    """Spot checks against the printed tables."""
    v = mobile.set_index(KEY)["value"].astype(float)
    assert v[("road", "motor_gasoline", "all", "CO2")] == 69300
    assert v[("road", "gas_diesel_oil", "all", "CO2")] == 74100
    assert v[("road", "motor_gasoline", "oxidation_catalyst", "N2O")] == 8.0
    assert v[("road", "natural_gas", "cng", "CH4")] == 92
    assert v[("off_road", "motor_gasoline", "2_stroke_household", "CH4")] == 180
    assert v[("rail", "sub_bituminous_coal", "all", "N2O")] == 1.5
    assert v[("navigation", "residual_fuel_oil", "all", "CO2")] == 77400
    assert v[("aviation", "jet_kerosene", "all", "CO2")] == 71500
    assert v[("aviation", "jet_kerosene", "all", "N2O")] == 2
    # Table 3.3.1 prints no 4-stroke forestry row, Table 3.2.2 no N2O for Brazilian ethanol cars
    assert ("off_road", "motor_gasoline", "4_stroke_forestry", "CH4") not in v.index
    assert ("road", "biogasoline", "cars_brazil", "N2O") not in v.index


def test_fuel_ids_are_project_fuels(mobile: pd.DataFrame) -> None:
    fuels = REPO / "gpc" / "data" / "fuels.csv"
    if not fuels.exists():
        pytest.skip("gpc/data/fuels.csv not present")
    known = set(pd.read_csv(fuels, dtype=str)["fuel"])
    assert set(mobile["fuel"]) <= known, set(mobile["fuel"]) - known


# The reference transcription (maintainers only) is incomplete; every value it has must be shipped.
_REF_FUELS = {
    "Motor gasoline": "motor_gasoline",
    "Gasoline": "motor_gasoline",
    "Gas/diesel oil": "gas_diesel_oil",
    "Gas-diesel oil": "gas_diesel_oil",
    "Diesel": "gas_diesel_oil",
    "LPG": "lpg",
    "Kerosene": "other_kerosene",
    "Other kerosene": "other_kerosene",
    "Lubricants (2-stroke)": "lubricants",
    "CNG / LNG": "natural_gas",
    "Natural gas (CNG)": "natural_gas",
    "Natural gas": "natural_gas",
    "Ethanol": "biogasoline",
    "Sub-bituminous coal": "sub_bituminous_coal",
    "Residual fuel oil": "residual_fuel_oil",
    "Ocean-going ships (diesel/fuel oil)": "gas_diesel_oil",
    "Ocean-going ships": "gas_diesel_oil",
    "Aviation gasoline": "aviation_gasoline",
    "Jet kerosene": "jet_kerosene",
    "All jet/aviation fuels": "jet_kerosene",
}


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference transcription not available")
def test_reference_values_are_shipped(mobile: pd.DataFrame) -> None:
    ref = pd.read_csv(REFERENCE, dtype=str)
    shipped = {(r.mode, r.fuel, r.gas, float(r.value)) for r in mobile.itertuples()}
    missing = []
    for r in ref.itertuples():
        fuels = [f.strip() for f in r.fuel.split(" / ")] if " / " in r.value else [r.fuel]
        values = [float(x) for x in r.value.split(" / ")]
        if len(fuels) != len(values):  # e.g. 'CNG / LNG' with one value
            fuels = [r.fuel]
        for fuel, value in zip(fuels, values):
            key = (r.mode.replace("-", "_"), _REF_FUELS[fuel], r.gas, value)
            if key not in shipped:
                missing.append(key)
    assert not missing, missing
