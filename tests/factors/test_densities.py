"""Shape and plausibility of emission_factors/ipcc2006/densities.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CSV = REPO / "emission_factors" / "ipcc2006" / "densities.csv"
COLUMNS = ["fuel", "state", "value", "unit", "source", "verified", "notes", "url"]


@pytest.fixture(scope="module")
def densities() -> pd.DataFrame:
    return pd.read_csv(CSV, dtype=str, keep_default_na=False)


def test_columns_and_descriptor(densities: pd.DataFrame) -> None:
    assert list(densities.columns) == COLUMNS
    descriptor = yaml.safe_load(CSV.with_suffix(".yaml").read_text(encoding="utf-8"))
    assert list(descriptor["columns"]) == COLUMNS


def test_one_row_per_fuel_with_a_cited_source(densities: pd.DataFrame) -> None:
    assert densities["fuel"].is_unique
    assert set(densities["state"]) <= {"liquid", "gas", "solid"}
    assert set(densities["verified"]) <= {"V2", "V", "M"}
    for source in densities["source"]:
        parts = [p.strip() for p in source.split(",")]
        assert len(parts) >= 4 and (parts[-2].isdigit() or parts[-2] == "n.d."), source


def test_plausible_values(densities: pd.DataFrame) -> None:
    from gpc.units import factor_to

    for row in densities.itertuples():
        kg_per_l = float(row.value) * factor_to(row.unit, "kg/L")
        if row.state in ("liquid", "solid"):
            assert 0.3 < kg_per_l < 1.2, (row.fuel, kg_per_l)
        else:
            assert 0.5e-3 < kg_per_l < 1.0e-3, (row.fuel, kg_per_l)  # 0.5-1.0 kg per m3 of gas


def test_main_transport_fuels_present(densities: pd.DataFrame) -> None:
    d = densities.set_index("fuel")
    for fuel in ("motor_gasoline", "gas_diesel_oil", "lpg", "jet_kerosene", "natural_gas", "lng"):
        assert fuel in d.index
    assert d.loc["gas_diesel_oil", "verified"] == "V2"
    assert d.loc["motor_gasoline", "verified"] == "V2"


def test_fuel_ids_are_project_fuels(densities: pd.DataFrame) -> None:
    files = [REPO / "gpc" / "data" / name for name in ("fuels.csv", "fuels_china.csv")]
    if not all(f.exists() for f in files):
        pytest.skip("fuel lists not present")
    known = set().union(*(set(pd.read_csv(f, dtype=str)["fuel"]) for f in files))
    assert set(densities["fuel"]) <= known, set(densities["fuel"]) - known
