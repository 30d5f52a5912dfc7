"""gpc.factors: one resolver, its precedence as data, and no sector reading a factor table itself.

Expected values are the published factors, with the arithmetic shown:
* IPCC 2006 Vol. 2 Table 3.2.1 road gas/diesel oil CO2 74 100 kg/TJ = 0.0741 t/GJ;
* IPCC 2006 Vol. 2 Table 1.4 natural gas CO2 56 100 kg/TJ = 0.0561 t/GJ;
* IPCC 2006 Vol. 2 Table 3.2.2 road diesel CH4 3.9 kg/TJ; Table 2.2 natural gas CH4 (energy industries) 1 kg/TJ;
* GB/T 32151.22-2024 Table C.1 diesel: carbon content 20.2 t C/TJ, oxidation 0.98 →
  20.2 × 0.98 × 44/12 = 72.585 33 t CO2/TJ = 0.072 585 33 t/GJ.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from gpc.context import Context, Settings
from gpc.factors import factor_root, load_factor_set
from gpc.factors.base import Factor, NoFactor
from gpc.factors.combustion import CombustionKey
from gpc.factors.precedence import precedence_table, rules
from gpc.factors.resolve import resolver

REPO = Path(__file__).resolve().parents[2]


def _res(factors: str = "ipcc2006", **kw: object):  # type: ignore[no-untyped-def]
    s = Settings(year=2022, factors=factors, **kw)  # type: ignore[arg-type]
    return resolver(Context(s, load_factor_set(factors)))


def _key(gas: str, fuel: str, category: str, mobile: bool, tech: str = "", ox: float | None = None) -> CombustionKey:
    return CombustionKey(gas, fuel, category, tech, ox, mobile)


def test_precedence_is_data_in_order():
    assert rules("ef_co2", "mobile") == ("row", "guideline_co2_ef", "guideline_carbon_content", "mobile_table",
                                         "fuel_properties_co2_ef", "fuel_properties_carbon_content")
    assert "mobile_table" not in rules("ef_co2", "stationary")
    assert rules("ef_ch4", "stationary") == ("row", "stationary_table")
    assert rules("grid_electricity") == ("row", "city_setting", "grid_table")
    t = precedence_table()
    assert {"parameter", "use", "rank", "rule", "table", "description"} <= set(t.columns)


def test_ipcc_mobile_co2_from_the_mobile_table():
    hit = _res().combustion(_key("CO2", "gas_diesel_oil", "road", True))
    assert isinstance(hit, Factor) and hit.rule == "mobile_table"
    assert hit.value == 74100 and hit.unit == "kg/TJ"
    assert hit.per_unit == pytest.approx(0.0741, rel=1e-12)   # 74 100 kg/TJ = 0.0741 t/GJ


def test_ipcc_stationary_co2_from_fuel_properties():
    hit = _res().combustion(_key("CO2", "natural_gas", "manufacturing", False))
    assert isinstance(hit, Factor) and hit.rule == "fuel_properties_co2_ef"
    assert hit.per_unit == pytest.approx(0.0561, rel=1e-12)   # 56 100 kg/TJ


def test_row_oxidation_multiplies_the_set_factor():
    hit = _res().combustion(_key("CO2", "natural_gas", "manufacturing", False, ox=0.99))
    assert isinstance(hit, Factor)
    assert hit.per_unit == pytest.approx(0.0561 * 0.99, rel=1e-12)   # 0.055 539 t/GJ
    assert "oxidation factor 0.99 (row)" in hit.detail


def test_non_co2_tables():
    road = _res().combustion(_key("CH4", "gas_diesel_oil", "road", True))
    assert isinstance(road, Factor) and road.rule == "mobile_table" and road.value == 3.9
    stat = _res().combustion(_key("CH4", "natural_gas", "energy_industries", False))
    assert isinstance(stat, Factor) and stat.rule == "stationary_table"
    assert stat.per_unit == pytest.approx(1.0e-6)   # 1 kg/TJ = 1e-6 t/GJ


def test_guideline_set_takes_transport_co2_from_its_guideline():
    """The china set (guidelines in _set.yaml): diesel in road transport is NCV × CC × OF × 44/12."""
    res = _res("china")
    hit = res.combustion(_key("CO2", "gas_diesel_oil", "road", True))
    assert isinstance(hit, Factor) and hit.rule == "guideline_carbon_content"
    assert hit.per_unit == pytest.approx(20.2 * 0.98 * 44 / 12 / 1000, rel=1e-12)   # 0.072 585 33 t/GJ
    assert "not the IPCC road transport CO2 default" in hit.detail
    ch4 = res.combustion(_key("CH4", "gas_diesel_oil", "road", True))
    assert isinstance(ch4, Factor) and ch4.rule == "mobile_table" and ch4.value == 3.9


def test_no_factor_is_located_not_raised():
    hit = _res().combustion(_key("CO2", "no_such_fuel", "manufacturing", False))
    assert isinstance(hit, NoFactor) and hit.column == "ef_co2" and "give ef_co2" in hit.message


def test_lookups_are_memoised_per_key():
    res = _res()
    k = _key("N2O", "natural_gas", "manufacturing", False)
    assert res.combustion(k) is res.combustion(k)
    assert res is _res()    # one resolver per (set, settings)


def test_a_country_set_is_data_not_code(tmp_path: Path):
    """A copy of the china folder under another id gets the same rules: nothing depends on the set's name."""
    own = tmp_path / "my_country"
    shutil.copytree(factor_root() / "china", own)
    meta = (own / "_set.yaml").read_text(encoding="utf-8")
    (own / "_set.yaml").write_text(re.sub(r"(?m)^id: china$", "id: my_country", meta), encoding="utf-8")
    fs = load_factor_set(str(own))
    assert fs.id == "my_country"
    res = resolver(Context(Settings(year=2022, factors=str(own), region="CN-XZ"), fs))
    hit = res.combustion(_key("CO2", "gas_diesel_oil", "road", True))
    assert isinstance(hit, Factor) and hit.rule == "guideline_carbon_content"
    grid = res.grid("grid_electricity")       # Tibet: no provincial factor → the set's region_grid → its grid
    assert isinstance(grid, Factor) and grid.rule == "grid_table" and grid.warnings


def test_no_sector_reads_a_factor_table():
    found = []
    for path in sorted((REPO / "gpc" / "sectors").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.table\(", line) and "taxonomy.table(" not in line:
                found.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
            if re.search(r"ctx\.factors\.(table|has_table)|\bfs\.(table|has_table)\(", line):
                found.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert not found, "sectors ask gpc.factors.resolve, they do not read factor tables:\n" + "\n".join(found)
