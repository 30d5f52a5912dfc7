"""Both `make demo` inventories are complete: every BASIC row has emissions or a notation key (with its
explanation), and the Chinese example has its waste sector."""

from __future__ import annotations

from pathlib import Path

import pytest

import gpc
from gpc import taxonomy
from tests.conftest import load_script

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


def test_china_example_reconciles_the_register_with_the_balance(china_inventory: gpc.Inventory) -> None:
    """Issue #15 item 5: the balance's vehicle gasoline (交通运输 60 + 批发零售住宿餐饮 9 + 其他 14 + 居民生活 98
    万吨, examples/sections/china_city_balance.csv) against the vehicle register marked 校核 (china_city.py).

    Register gasoline: 2 600 000 cars × 11 000 km × 7.8 L/100km = 2 230 800 000 L; 60 000 taxis × 110 000 km ×
    8.5 L/100km = 561 000 000 L; 400 000 motorcycles × 5 000 km × 2.5 L/100km = 50 000 000 L; together
    2 841 800 000 L × 0.753 kg/L (BP, ipcc2006 densities.csv) = 2 139 875.4 t × 43.07 GJ/t (GB/T 32151.22-2024
    表C.1) = 92 164 433.478 GJ over 37 200 000 000 km. Sold: 181 万吨 = 1 810 000 t × 43.07 = 77 956 700 GJ."""
    r = china_inventory.transport_reconciliation
    row = r[(r["subsector"] == "II.1") & (r["fuel"] == "motor_gasoline")].iloc[0]
    e = china_inventory.emissions
    residential = e[e["input_source"].astype(str).str.contains("7.居民生活 × 汽油", regex=False)]
    assert len(residential) and f"{residential['sheet'].iloc[0]}!{residential['row'].iloc[0]}" in row["sold_rows"]
    assert row["fuel_sold_gj"] == pytest.approx(1_810_000 * 43.07, rel=1e-9)
    assert (row["fuel_sold_amount"], row["fuel_sold_unit"]) == (181, "万吨")
    litres = 2_600_000 * 11_000 * 0.078 + 60_000 * 110_000 * 0.085 + 400_000 * 5_000 * 0.025
    assert row["distance_gj"] == pytest.approx(litres * 0.753e-3 * 43.07, rel=1e-9)
    assert row["distance_km"] == pytest.approx(37_200_000_000, rel=1e-12)
    assert row["in_totals"] == "fuel_sold"
    assert row["difference_pct"] == pytest.approx((litres * 0.753e-3 - 1_810_000) / 1_810_000 * 100, rel=1e-9)
