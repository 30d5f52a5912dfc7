"""gpc.china.grid_factor: province, year, fallbacks, ETS. Expected values are the published factors
(MEE/NBS announcements, as in emission_factors/china/grid_electricity.csv), written out here."""

from __future__ import annotations

import pandas as pd
import pytest

from gpc.china import grid_factor
from gpc.factors import load_factor_set


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return load_factor_set("china").table("grid_electricity")


def test_province_in_its_year(table: pd.DataFrame) -> None:
    value, source, warnings = grid_factor(table, "CN-HB", 2022)
    assert value == pytest.approx(0.4364)  # 湖北 2022, MEE & NBS 公告2024年第33号
    assert warnings == []
    assert "CN-HB" in source and "2022" in source and "verified V2" in source


@pytest.mark.parametrize("region, year, expected", [
    ("CN-BJ", 2021, 0.5688), ("CN-SC", 2023, 0.1564), ("CN-GD", 2022, 0.4403), ("CN-NM", 2023, 0.6479),
])
def test_other_provinces(table: pd.DataFrame, region: str, year: int, expected: float) -> None:
    assert grid_factor(table, region, year)[0] == pytest.approx(expected)


def test_later_inventory_year_takes_latest_earlier_data_year(table: pd.DataFrame) -> None:
    value, _, warnings = grid_factor(table, "CN-HB", 2025)
    assert value == pytest.approx(0.4044)  # 湖北 2023: the latest data year before 2025
    assert len(warnings) == 1 and "2023" in warnings[0] and "latest earlier" in warnings[0]


def test_earlier_inventory_year_takes_earliest_data_year(table: pd.DataFrame) -> None:
    value, _, warnings = grid_factor(table, "CN-HB", 2019)
    assert value == pytest.approx(0.3672)  # 湖北 2021: nothing before 2019 for provinces
    assert len(warnings) == 1 and "earliest" in warnings[0]


def test_later_year_never_used_when_an_earlier_one_exists(table: pd.DataFrame) -> None:
    """A synthetic table with 2020 and 2024 rows: inventory year 2022 takes 2020, not the closer-looking 2024."""
    t = pd.DataFrame([
        {"region_level": "province", "region": "CN-HB", "region_name_zh": "湖北", "data_year": 2020, "variant": "average",
             "value": 0.50, "unit": "t/MWh", "source": "test", "verified": "M"},
        {"region_level": "province", "region": "CN-HB", "region_name_zh": "湖北", "data_year": 2024, "variant": "average",
             "value": 400.0, "unit": "kg/MWh", "source": "test", "verified": "M"},
    ])
    assert grid_factor(t, "CN-HB", 2022)[0] == pytest.approx(0.50)
    assert grid_factor(t, "CN-HB", 2019)[0] == pytest.approx(0.50)  # only later years: the earliest (2020)
    assert grid_factor(t, "CN-HB", 2026)[0] == pytest.approx(400 / 1000)  # 400 kg/MWh = 0.4 t/MWh


def test_tibet_falls_back_to_southwest_grid(table: pd.DataFrame) -> None:
    value, source, warnings = grid_factor(table, "CN-XZ", 2023)
    assert value == pytest.approx(0.2472)  # 西南 grid 2023
    assert "CN-grid-southwest" in source
    assert len(warnings) == 1 and "CN-XZ" in warnings[0] and "regional grid" in warnings[0]


def test_tibet_later_year_warns_twice(table: pd.DataFrame) -> None:
    value, _, warnings = grid_factor(table, "CN-XZ", 2024)
    assert value == pytest.approx(0.2472)
    assert len(warnings) == 2


def test_no_region_is_national(table: pd.DataFrame) -> None:
    for region in (None, "", "CN"):
        value, _source, warnings = grid_factor(table, region, 2023)
        assert value == pytest.approx(0.5306)  # 全国 2023
        assert warnings == []


def test_grid_id_region(table: pd.DataFrame) -> None:
    assert grid_factor(table, "CN-grid-east", 2021)[0] == pytest.approx(0.5992)


def test_ets_variant_is_national_reporting_factor(table: pd.DataFrame) -> None:
    value, source, _ = grid_factor(table, "CN-HB", 2022, "ets")
    assert value == pytest.approx(0.5703)
    assert "环办气候函〔2023〕43号" in source
    value, _, _ = grid_factor(table, None, 2023, "ets")
    assert value == pytest.approx(0.5703)  # used for the 2023–2025 reporting years
    value, _, _ = grid_factor(table, None, 2021, "ets")
    assert value == pytest.approx(0.5810)  # draft 0.5839 and unverified 0.6101 are other variants


def test_national_only_variant_from_a_province_warns(table: pd.DataFrame) -> None:
    value, _, warnings = grid_factor(table, "CN-HB", 2023, "fossil_only")
    assert value == pytest.approx(0.8273)
    assert any("national factor" in w for w in warnings)


def test_unknown_region_and_variant(table: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="CN-HK"):
        grid_factor(table, "CN-HK", 2023)
    with pytest.raises(ValueError, match="variant"):
        grid_factor(table, "CN-HB", 2023, "marginal")
