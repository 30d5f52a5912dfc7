"""Both `make demo` inventories are complete: every BASIC row has emissions or a notation key (with its
explanation), and the Chinese example has its waste sector."""

from __future__ import annotations

from pathlib import Path

import pytest

import gpc
from tests.conftest import load_script
from gpc import taxonomy

REPO = Path(__file__).resolve().parents[2]


def _missing_basic(inv: gpc.Inventory) -> list[str]:
    have = set(inv.emissions["gpc_ref"]) | set(inv.notation_keys["gpc_ref"])
    return [r for r in taxonomy.total_rows("BASIC") if r not in have]


def test_example_city_is_complete(tmp_path: Path) -> None:
    build = load_script("build_example", REPO / "examples" / "build_example.py")
    path = build.build(tmp_path / "example_city.xlsx")
    inv = gpc.calculate(path)
    assert _missing_basic(inv) == []
    assert inv.notation_keys["explanation"].str.strip().str.len().gt(0).all()


def test_shipped_example_workbook_is_the_generated_one(tmp_path: Path) -> None:
    """examples/example_city.xlsx is what build_example.py writes (rerun it after changing the script)."""
    build = load_script("build_example", REPO / "examples" / "build_example.py")
    fresh = gpc.read_activity(build.build(tmp_path / "example_city.xlsx"))
    shipped = gpc.read_activity(REPO / "examples" / "example_city.xlsx")
    assert {k: len(v) for k, v in fresh.tables.items()} == {k: len(v) for k, v in shipped.tables.items()}


@pytest.fixture(scope="module")
def china_inventory(tmp_path_factory: pytest.TempPathFactory) -> gpc.Inventory:
    from gpc.io.energy_balance import import_balance

    tmp = tmp_path_factory.mktemp("china")
    china = load_script("china_city", REPO / "examples" / "sections" / "china_city.py")
    balance = china.write_energy_balance(tmp / "balance.xlsx")
    activity = tmp / "activity.xlsx"
    import_balance(balance, activity, city={"name": "示例市", "region": "CN-HB"}, lang="zh")
    china.complete_activity(activity)
    return gpc.calculate(activity, factors="china")


@pytest.fixture(scope="module")
def china_activity(china_inventory: gpc.Inventory) -> Path:
    return Path(str(china_inventory.activity.source))


def test_china_example_is_complete(china_inventory: gpc.Inventory) -> None:
    assert _missing_basic(china_inventory) == []
    assert china_inventory.notation_keys["explanation"].str.strip().str.len().gt(0).all()


def test_china_example_has_its_waste_sector(china_inventory: gpc.Inventory) -> None:
    e = china_inventory.emissions
    for ref in ("III.1.1", "III.2.1", "III.3.1", "III.4.1"):
        assert e.loc[e["gpc_ref"] == ref, "co2e_t"].sum() > 0, ref
    waste = e.loc[e["gpc_ref"].str.startswith("III.") & ~e["biogenic"].astype(bool), "co2e_t"].sum()
    # plausible for 10 million people: about 0.1-0.5 t CO2e per resident from waste (biogenic CO2 excluded)
    assert 1e6 < waste < 5e6
    assert china_inventory.settings.gdp == "1.8万亿元" and china_inventory.settings.population == 10_000_000


def test_china_example_pathway_runs(china_activity: Path) -> None:
    """The demo's 示例市 scenario on the completed workbook: its actions skip notation-key rows (IE on I.3.1
    feedstock) and an EV switch into II.1.2, which the base year marks IE, replaces that key."""
    p = gpc.project(china_activity, REPO / "examples" / "china_city_scenario_zh.xlsx")
    assert len(p.totals) > 0 and (p.totals.drop(columns=[c for c in p.totals.columns if c == "year"],
                                                 errors="ignore").select_dtypes("number") >= 0).all().all()
