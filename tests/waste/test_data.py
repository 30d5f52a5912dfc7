"""The waste sheet specs, factor tables and example data hold together."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHEETS = REPO / "gpc" / "data" / "sheets"
WASTE_SHEETS = ("solid_waste", "biological_treatment", "incineration", "wastewater", "industrial_wastewater")
COMPONENTS = ("food", "garden", "paper", "wood", "textiles", "nappies", "rubber_leather", "plastics", "metal",
              "glass", "other_inert")


def _spec(name: str) -> dict[str, dict[str, str]]:
    with (SHEETS / f"{name}.csv").open(encoding="utf-8") as fh:
        return {r["column"]: r for r in csv.DictReader(fh)}


def _table(set_id: str, name: str) -> list[dict[str, str]]:
    with (REPO / "emission_factors" / set_id / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _choices(sheet: str, column: str) -> set[str]:
    return set(_spec(sheet)[column]["choices"].split("|"))


def test_specs_have_the_contract_columns():
    assert {"gpc_ref", "year", "amount", "unit", "method", "site_type", "oxidation", "recovery_fraction",
            "methane_recovered", *COMPONENTS} <= set(_spec("solid_waste"))
    assert {"gpc_ref", "amount", "unit", "treatment", "basis", "methane_recovered"} <= set(_spec("biological_treatment"))
    assert {"gpc_ref", "amount", "unit", "practice", "technology", *COMPONENTS} <= set(_spec("incineration"))
    assert {"gpc_ref", "population", "bod", "treatment", "collected", "protein", "sludge_removed",
            "methane_recovered"} <= set(_spec("wastewater"))
    for name in WASTE_SHEETS:
        for col, r in _spec(name).items():
            assert r["description_en"] and r["description_zh"], (name, col)


def test_composition_columns_match_the_sector_module():
    waste = pytest.importorskip("gpc.sectors.waste", reason="core modules of gpc not written yet")
    assert waste.COMPONENTS == COMPONENTS
    assert waste.SHEETS == WASTE_SHEETS


def test_choices_match_factor_tables():
    mcf_2006 = {r["site_type"] for r in _table("ipcc2006", "waste_mcf_swds")}
    mcf_2019 = {r["site_type"] for r in _table("ipcc2019_waste", "waste_mcf_swds")}
    assert _choices("solid_waste", "site_type") == mcf_2006 | mcf_2019
    ww = _table("ipcc2006", "waste_wastewater_mcf")
    assert _choices("wastewater", "treatment") == {r["treatment"] for r in ww if r["system"] == "domestic"}
    assert _choices("industrial_wastewater", "treatment") == {r["treatment"] for r in ww if r["system"] == "industrial"}
    techs = {r["technology"] for r in _table("ipcc2006", "waste_incineration_ef") if r["technology"]}
    assert _choices("incineration", "technology") == techs
    bio = _table("ipcc2006", "waste_biological_ef")
    assert _choices("biological_treatment", "treatment") == {r["treatment"] for r in bio}


def test_every_component_has_its_parameters():
    doc = {r["component"] for r in _table("ipcc2006", "waste_doc")}
    props = {(r["component"], r["parameter"]) for r in _table("ipcc2006", "waste_component_properties")}
    assert doc == set(COMPONENTS) | {"industrial"}   # industrial: the GPC DOC equation's term F (solid_waste only)
    assert props == {(c, p) for c in COMPONENTS for p in ("dm", "cf", "fcf")}
    degradable = {r["component"] for r in _table("ipcc2006", "waste_doc") if float(r["value"]) > 0}
    for set_id in ("ipcc2006", "ipcc2019_waste"):
        assert degradable | {"bulk"} <= {r["component"] for r in _table(set_id, "waste_docf")}
    classes = {r["component"]: r["decay_class"] for r in _table("ipcc2006", "waste_decay_class")}
    rates = {(r["climate_zone"], r["decay_class"]) for r in _table("ipcc2006", "waste_decay_rate")}
    for zone in ("temperate_dry", "temperate_wet", "tropical_dry", "tropical_wet"):
        for c in degradable | {"bulk"}:
            assert (zone, classes[c]) in rates


def test_regional_composition_covers_every_mapped_region():
    regions = {r["region"] for r in _table("ipcc2006", "waste_country_region")}
    composition = {r["region"] for r in _table("ipcc2006", "waste_msw_composition")}
    bod = {r["area"] for r in _table("ipcc2006", "waste_wastewater_bod")}
    assert regions == composition
    assert regions <= bod


def test_example_sheets_compute_without_errors(make_ctx):
    waste = pytest.importorskip("gpc.sectors.waste", reason="core modules of gpc not written yet")
    import sys

    sys.path.insert(0, str(REPO))
    from examples.sections import waste as example

    from .helpers import sheet

    tables = {name: sheet(name, df.to_dict("records")) for name, df in example.sheets().items()}
    assert set(tables) == set(WASTE_SHEETS)
    for name, df in tables.items():
        assert set(df.columns) - {"sheet", "row"} <= set(_spec(name)), name
    assert sum(len(df) for df in tables.values()) > 30
    records, problems = waste.run(tables, make_ctx(year=2023, country="CN", climate_zone="temperate_wet"))
    assert not [p for p in problems if p.severity == "error"], problems
    assert set(records["gpc_ref"]) >= {"III.1.1", "III.1.2", "III.2.1", "III.3.1", "III.4.1"}
    assert (records["emissions_t"] >= 0).all()
    seen = set(zip(records["sheet"], records["row"]))
    assert seen == {(n, r) for n, df in tables.items() for r in df["row"]}
