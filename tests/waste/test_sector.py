"""The waste sector module (gpc.sectors.waste) on small sheets, against hand calculations.

Expected values are worked out in the tests from the IPCC 2006 Vol. 5 defaults (written as numbers with
their table) and equations; FOD histories are stepped year by year with Eq. 3.4-3.5.
"""

from __future__ import annotations

import pytest

from .helpers import ipcc_fod_recursion, sheet

F = 0.5  # fraction of CH4 in landfill gas, IPCC 2006 p. 3.15
DOCF = 0.5  # IPCC 2006 p. 3.13
CH4_C = 16 / 12
# IPCC 2006 Vol. 5 Table 2.4, DOC of wet waste
DOC = {"food": 0.15, "garden": 0.20, "paper": 0.40, "wood": 0.43, "textiles": 0.24, "nappies": 0.24}
# Table 3.3, boreal/temperate wet
K_WET = {"food": 0.185, "garden": 0.10, "paper": 0.06, "textiles": 0.06, "wood": 0.03, "bulk": 0.09}


def _run(waste, tables, ctx):
    records, problems = waste.run(tables, ctx)
    errors = [p for p in problems if p.severity == "error"]
    assert not errors, "\n".join(map(str, errors))
    return records


def _total(records, **where):
    sel = records
    for k, v in where.items():
        sel = sel[sel[k] == v]
    return float(sel["emissions_t"].sum())


# ------------------------------------------------------------------------------------------ III.1
def test_fod_two_sites(waste, make_ctx):
    ctx = make_ctx(year=2023, climate_zone="temperate_wet")
    north = {2019: 100_000.0, 2020: 110_000.0, 2021: 120_000.0, 2022: 130_000.0, 2023: 140_000.0}
    comp = {"food": 0.5, "paper": 0.3, "wood": 0.1, "plastics": 0.1}
    rows = [dict(gpc_ref="III.1.1", site="north", year=y, amount=w / 1000, unit="kt", method="fod",
                 site_type="managed_anaerobic", oxidation=0.1, **comp) for y, w in north.items()]
    rows[-1]["methane_recovered"] = 30.0
    south = {2015: 50_000.0, 2016: 50_000.0}
    rows += [dict(gpc_ref="III.1.3", site="south", year=y, amount=w, unit="t", method="fod",
                  site_type="unmanaged_shallow", doc=0.18) for y, w in south.items()]
    rec = _run(waste, {"solid_waste": sheet("solid_waste", rows)}, ctx)

    # north: MCF 1 (managed anaerobic), components decay separately (Eq. 3.4-3.6), then (G - R)(1 - OX)
    gen_north = sum(
        ipcc_fod_recursion({y: w * frac * DOC[c] * DOCF * 1.0 for y, w in north.items()}, K_WET[c], 2023) * F * CH4_C
        for c, frac in comp.items() if c != "plastics"
    )
    expected_north = (gen_north - 30.0) * (1 - 0.1)
    # south: bulk DOC 0.18, MCF 0.4 (unmanaged shallow), bulk k 0.09, no recovery, OX 0 (default)
    gen_south = ipcc_fod_recursion({y: w * 0.18 * DOCF * 0.4 for y, w in south.items()}, K_WET["bulk"], 2023) * F * CH4_C
    assert _total(rec, site="north") == pytest.approx(expected_north, rel=1e-9)
    assert _total(rec, site="south") == pytest.approx(gen_south, rel=1e-9)
    assert set(rec.loc[rec["site"] == "south", "gpc_ref"]) == {"III.1.3"}
    assert (rec["gas"] == "CH4").all() and not rec["biogenic"].any()

    # audit trail: one record per deposit year and degradable component, generation per record
    n = rec[rec["site"] == "north"]
    assert set(n["component"]) == {"food", "paper", "wood"}
    assert n["ch4_generated_t"].sum() == pytest.approx(gen_north, rel=1e-9)
    food_2019 = n[(n["deposit_year"] == 2019) & (n["component"] == "food")]
    dd = 100_000 * 0.5 * 0.15 * 0.5 * 1.0
    # the 2019 food deposit in 2023: e^-k(2023-2019-1) (1 - e^-k) of it decays
    import math
    expected_2019 = dd * math.exp(-0.185 * 3) * (1 - math.exp(-0.185)) * F * CH4_C
    assert float(food_2019["ch4_generated_t"].iloc[0]) == pytest.approx(expected_2019, rel=1e-12)
    # the 2023 deposit has not started to decay (6-month delay): a zero record
    assert _total(rec, site="north", deposit_year=2023) == 0.0
    assert "(default)" in food_2019["detail"].iloc[0] and "k 0.185/yr" in food_2019["detail"].iloc[0]
    assert (n["amount"].groupby(n["row"]).sum() <= 140.0 + 1e-9).all()  # component shares of kt amounts


def test_methane_commitment_with_recovery_and_oxidation(waste, make_ctx):
    ctx = make_ctx(year=2023)
    comp = {"food": 0.5, "garden": 0.1, "paper": 0.15, "wood": 0.05, "textiles": 0.05, "plastics": 0.1,
            "other_inert": 0.05}
    rows = [dict(gpc_ref="III.1.2", amount=5000.0, unit="t", method="methane_commitment", site_type="managed_anaerobic",
                 recovery_fraction=0.25, oxidation=0.1, **comp)]
    rec = _run(waste, {"solid_waste": sheet("solid_waste", rows)}, ctx)
    doc = 0.5 * 0.15 + 0.1 * 0.20 + 0.15 * 0.40 + 0.05 * 0.43 + 0.05 * 0.24  # = 0.1885
    # GPC v1.1 Eq. 8.4 with its DOCf 0.6 (the default of methane_commitment; was IPCC 0.5 before issue #13)
    l0 = 1.0 * doc * 0.6 * 0.5 * 16 / 12  # MCF * DOC * DOCf * F * 16/12
    assert _total(rec) == pytest.approx(5000 * l0 * (1 - 0.25) * (1 - 0.1), rel=1e-12)
    assert set(rec["method"]) == {"methane_commitment"} and set(rec["gpc_ref"]) == {"III.1.2"}
    # the earlier reading, IPCC 2006 DOCf 0.5, as the named option defaults = ipcc2006
    rows[0]["defaults"] = "ipcc2006"
    rec = _run(waste, {"solid_waste": sheet("solid_waste", rows)}, ctx)
    assert _total(rec) == pytest.approx(5000 * (1.0 * doc * 0.5 * 0.5 * 16 / 12) * (1 - 0.25) * (1 - 0.1), rel=1e-12)


def test_methane_commitment_default_composition_for_china(waste, make_ctx):
    """No composition, no doc: IPCC 2006 Table 2.3 Eastern Asia, rest as inert; rubber is not degraded."""
    ctx = make_ctx(year=2023, country="CN", climate_zone=None)
    rows = [dict(gpc_ref="III.1.1", amount=1000.0, unit="t", method="methane_commitment", site_type="uncategorised")]
    records, problems = waste.run({"solid_waste": sheet("solid_waste", rows)}, ctx)
    assert [p.severity for p in problems] == ["warning"] and "Table 2.3" in problems[0].message
    doc = 0.262 * 0.15 + 0.188 * 0.40 + 0.035 * 0.43 + 0.035 * 0.24  # food, paper, wood, textiles
    # MCF 0.6, GPC DOCf 0.6 (Eq. 8.4), OX 0 (uncategorised is not a well-managed site, Eq. 8.3)
    assert _total(records) == pytest.approx(1000 * 0.6 * doc * 0.6 * 0.5 * 16 / 12, rel=1e-12)


def test_ipcc2019_refinement_set(waste, make_ctx):
    ctx = make_ctx(year=2023, climate_zone="tropical_wet", factors_id="ipcc2019_waste")
    rows = [dict(gpc_ref="III.1.1", year=2022, amount=1000.0, unit="t", method="fod",
                 site_type="managed_semi_aerobic_poor", food=1.0)]
    rec = _run(waste, {"solid_waste": sheet("solid_waste", rows)}, ctx)
    import math
    # 2019 Refinement: DOCf food 0.7 (Table 3.0), MCF poorly managed semi-aerobic 0.7 (Table 3.1);
    # k food tropical wet 0.40 (IPCC 2006 Table 3.3, unchanged); first year after deposit
    expected = 1000 * 0.15 * 0.7 * 0.7 * (1 - math.exp(-0.40)) * F * CH4_C
    assert _total(rec) == pytest.approx(expected, rel=1e-12)
    src = rec["factor_source"].iloc[0]
    assert "[ipcc2019_waste]" in src and "[ipcc2006]" in src  # DOCf and MCF 2019, DOC 2006: said per factor


def test_2019_site_type_refused_by_ipcc2006(waste, make_ctx):
    rows = [dict(gpc_ref="III.1.1", year=2022, amount=1.0, unit="t", site_type="managed_active_aeration", food=1.0)]
    _, problems = waste.run({"solid_waste": sheet("solid_waste", rows)}, make_ctx())
    assert any(p.column == "site_type" and "ipcc2019_waste" in p.message for p in problems)


# ------------------------------------------------------------------------------------------ III.2
def test_biological_treatment(waste, make_ctx):
    rows = [
        dict(gpc_ref="III.2.1", treatment="composting", amount=20_000.0, unit="t"),
        dict(gpc_ref="III.2.1", treatment="composting", basis="dry", amount=5.0, unit="kt"),
        dict(gpc_ref="III.2.3", treatment="anaerobic_digestion", amount=30_000.0, unit="t", methane_recovered=10.0),
    ]
    rec = _run(waste, {"biological_treatment": sheet("biological_treatment", rows)}, make_ctx())
    by = rec.set_index(["row", "gas"])["emissions_t"]
    # Table 4.1 (EFDB): composting wet 4 g CH4/kg, 0.24 g N2O/kg; dry 10 and 0.6; AD wet 0.8 g CH4/kg
    assert by[(2, "CH4")] == pytest.approx(20_000 * 4 / 1000)
    assert by[(2, "N2O")] == pytest.approx(20_000 * 0.24 / 1000)
    assert by[(3, "CH4")] == pytest.approx(5_000 * 10 / 1000)
    assert by[(3, "N2O")] == pytest.approx(5_000 * 0.6 / 1000)
    assert by[(4, "CH4")] == pytest.approx(30_000 * 0.8 / 1000 - 10.0)  # Eq. 4.1: minus R
    assert by[(4, "N2O")] == 0.0


def test_biological_user_factor_and_recovery_check(waste, make_ctx):
    rows = [dict(gpc_ref="III.2.1", treatment="composting", amount=1000.0, unit="t", ef_ch4=2.0, ef_n2o=100.0,
                 ef_unit="g/t"),
            dict(gpc_ref="III.2.1", treatment="composting", amount=1000.0, unit="t", methane_recovered=5.0)]
    rec, problems = waste.run({"biological_treatment": sheet("biological_treatment", rows)}, make_ctx())
    by = rec.set_index(["row", "gas"])["emissions_t"]
    assert by[(2, "CH4")] == pytest.approx(1000 * 2.0 / 1000 / 1000)  # 2 g/t = 0.002 g/kg
    assert by[(2, "N2O")] == pytest.approx(1000 * 100 / 1e6)
    assert [(p.row, p.column) for p in problems] == [(3, "methane_recovered")]  # 5 t > 1000 t * 4 kg/t


# ------------------------------------------------------------------------------------------ III.3
COMP = {"food": 0.45, "garden": 0.05, "paper": 0.15, "wood": 0.03, "textiles": 0.04, "nappies": 0.03,
        "rubber_leather": 0.02, "plastics": 0.15, "metal": 0.03, "glass": 0.03, "other_inert": 0.02}


def test_incineration_fossil_biogenic_split(waste, make_ctx):
    rows = [dict(gpc_ref="III.3.1", practice="incineration", technology="continuous_stoker", amount=200_000.0,
                 unit="t", **COMP),
            dict(gpc_ref="III.3.1", practice="open_burning", amount=1000.0, unit="t", **COMP)]
    rec = _run(waste, {"incineration": sheet("incineration", rows)}, make_ctx())
    # Table 2.4 dm, CF, FCF per component: fossil carbon per t of wet waste, Eq. 5.2
    fossil_c = (0.15 * 0.90 * 0.46 * 0.01 + 0.04 * 0.80 * 0.50 * 0.20 + 0.03 * 0.40 * 0.70 * 0.10
                + 0.02 * 0.84 * 0.67 * 0.20 + 0.15 * 1.00 * 0.75 * 1.00 + 0.02 * 0.90 * 0.03 * 1.00)
    bio_c = (0.45 * 0.40 * 0.38 + 0.05 * 0.40 * 0.49 + 0.15 * 0.90 * 0.46 * 0.99 + 0.03 * 0.85 * 0.50
             + 0.04 * 0.80 * 0.50 * 0.80 + 0.03 * 0.40 * 0.70 * 0.90 + 0.02 * 0.84 * 0.67 * 0.80)
    co2 = rec[rec["gas"] == "CO2"].set_index(["row", "biogenic"])["emissions_t"]
    assert co2[(2, False)] == pytest.approx(200_000 * fossil_c * 1.0 * 44 / 12, rel=1e-12)  # OF 1
    assert co2[(2, True)] == pytest.approx(200_000 * bio_c * 1.0 * 44 / 12, rel=1e-12)
    assert co2[(3, False)] == pytest.approx(1000 * fossil_c * 0.58 * 44 / 12, rel=1e-12)  # OF 0.58 open burning
    assert co2[(3, True)] == pytest.approx(1000 * bio_c * 0.58 * 44 / 12, rel=1e-12)
    other = rec[rec["gas"] != "CO2"].set_index(["row", "gas"])["emissions_t"]
    assert other[(2, "CH4")] == pytest.approx(200_000 * 0.2 / 1e6)  # Table 5.3: 0.2 kg/Gg = 0.2 g/t
    assert other[(2, "N2O")] == pytest.approx(200_000 * 50 / 1e6)  # Table 5.6: 50 g/t wet
    assert other[(3, "CH4")] == pytest.approx(1000 * 6500 / 1e6)  # p. 5.20: 6,500 g/t wet
    dry = (0.45 * 0.40 + 0.05 * 0.40 + 0.15 * 0.90 + 0.03 * 0.85 + 0.04 * 0.80 + 0.03 * 0.40 + 0.02 * 0.84
           + 0.15 * 1.0 + 0.03 * 1.0 + 0.03 * 1.0 + 0.02 * 0.90)
    assert other[(3, "N2O")] == pytest.approx(1000 * dry * 150 / 1e6, rel=1e-12)  # Table 5.6: 150 g/t dry


# ------------------------------------------------------------------------------------------ III.4
def test_domestic_wastewater_three_pathways(waste, make_ctx):
    rows = [
        dict(gpc_ref="III.4.1", population=6_000_000, treatment="aerobic_well_managed", protein=36.0, plant_n2o=True),
        dict(gpc_ref="III.4.1", population=2_500_000, treatment="septic", protein=36.0),
        dict(gpc_ref="III.4.1", population=1_000_000, treatment="lagoon_deep", protein=36.0, methane_recovered=1000.0),
    ]
    rec = _run(waste, {"wastewater": sheet("wastewater", rows)}, make_ctx(country="CN"))
    ch4 = rec[rec["gas"] == "CH4"].set_index("row")["emissions_t"]
    # BOD 40 g/person/day (Table 6.4, Asia), Bo 0.6; I 1.25 collected, 1.0 septic (uncollected)
    assert ch4[2] == 0.0  # MCF 0
    assert ch4[3] == pytest.approx(2_500_000 * 40 * 0.001 * 1.0 * 365 * 0.6 * 0.5 / 1000)
    assert ch4[4] == pytest.approx((1_000_000 * 40 * 0.001 * 1.25 * 365 * 0.6 * 0.8 - 1000 * 1000) / 1000)
    n2o = rec[rec["gas"] == "N2O"].set_index(["row", "item"])["emissions_t"]
    plant_kg = 6_000_000 * 1 * 1.25 * 3.2 / 1000  # Box 6.1: 3.2 g N2O/person/yr
    assert n2o[(2, "plant")] == pytest.approx(plant_kg / 1000)
    n_eff = 6_000_000 * 36 * 0.16 * 1.1 * 1.25 - plant_kg * 28 / 44  # Eq. 6.8, less the N emitted at the plant
    assert n2o[(2, "effluent")] == pytest.approx(n_eff * 0.005 * 44 / 28 / 1000, rel=1e-12)
    # IPCC 2006 Eq. 6.8: F_IND-COM 1.25 on the whole population, septic rows too (was 1.0 before issue #13)
    assert n2o[(3, "effluent")] == pytest.approx(2_500_000 * 36 * 0.16 * 1.1 * 1.25 * 0.005 * 44 / 28 / 1000)


def test_industrial_wastewater(waste, make_ctx):
    rows = [dict(gpc_ref="III.4.1", industry="beer_malt", production=5.0, unit="万吨", treatment="anaerobic_reactor",
                 methane_recovered=2.0),
            dict(gpc_ref="III.4.3", industry="other", production=100.0, unit="t", wastewater=10.0, cod=2.0,
                 treatment="lagoon_shallow")]
    rec = _run(waste, {"industrial_wastewater": sheet("industrial_wastewater", rows)}, make_ctx())
    by = rec.set_index("row")["emissions_t"]
    # Table 6.9 beer: W 6.3 m3/t, COD 2.9 kg/m3; Bo 0.25 kg CH4/kg COD; MCF 0.8
    assert by[2] == pytest.approx((50_000 * 6.3 * 2.9 * 0.25 * 0.8 - 2000) / 1000)
    assert by[3] == pytest.approx(100 * 10 * 2 * 0.25 * 0.2 / 1000)


# ------------------------------------------------------------------------------------------ problems
def test_problems_are_located_and_say_what_to_do(waste, make_ctx):
    ctx = make_ctx(climate_zone=None, country="ZZ")
    sw = sheet("solid_waste", [
        dict(gpc_ref="III.2.1", year=2020, amount=1.0, unit="t", food=1.0),             # row 2: wrong sub-sector
        dict(gpc_ref="III.1.1", year=2020, amount=1.0, unit="t", food=0.5, paper=0.2),  # row 3: sums to 0.7
        dict(gpc_ref="III.1.1", year=2020, amount=1.0, unit="GJ", food=1.0),           # row 4: not a mass
        dict(gpc_ref="III.1.1", year=2020, amount=1.0, unit="t"),                       # row 5: no composition
        dict(gpc_ref="III.1.1", year=2025, amount=1.0, unit="t", food=1.0),             # row 6: future
        dict(gpc_ref="III.1.1", site="a", year=2020, amount=1.0, unit="t", food=1.0, methane_recovered=1.0),
        dict(gpc_ref="III.1.1", site="a", year=2021, amount=1.0, unit="t", food=1.0, methane_recovered=2.0),
        dict(gpc_ref="III.1.1", amount=1.0, unit="t", food=1.0, method="methane_commitment", year=2020),  # row 9
    ])
    _, problems = waste.run({"solid_waste": sw}, ctx)
    where = {(p.sheet, p.row, p.column) for p in problems if p.severity == "error"}
    assert ("solid_waste", 2, "gpc_ref") in where
    assert ("solid_waste", 3, "food … other_inert") in where
    assert ("solid_waste", 4, "unit") in where
    assert ("solid_waste", 5, "food … other_inert") in where
    assert ("solid_waste", 6, "year") in where
    assert ("solid_waste", 7, "methane_recovered") in where and ("solid_waste", 8, "methane_recovered") in where
    assert ("solid_waste", 9, "year") in where
    assert ("city", None, "climate_zone") in where
    assert all(p.message for p in problems)


def test_recovery_above_generation_is_an_error(waste, make_ctx):
    rows = [dict(gpc_ref="III.1.1", year=2022, amount=1000.0, unit="t", food=1.0, methane_recovered=100.0)]
    _, problems = waste.run({"solid_waste": sheet("solid_waste", rows)}, make_ctx())
    assert [(p.row, p.column) for p in problems] == [(2, "methane_recovered")]


def test_percent_composition_is_refused(waste, make_ctx):
    rows = [dict(gpc_ref="III.3.1", practice="incineration", amount=1.0, unit="t", food=60.0, plastics=40.0)]
    _, problems = waste.run({"incineration": sheet("incineration", rows)}, make_ctx())
    assert any("percent" in p.message for p in problems)


def test_missing_bod_without_country_default(waste, make_ctx):
    rows = [dict(gpc_ref="III.4.1", population=1000, treatment="septic")]
    _, problems = waste.run({"wastewater": sheet("wastewater", rows)}, make_ctx(country=None))
    assert any(p.column == "bod" and p.severity == "error" for p in problems)
    assert any(p.column == "protein" and p.severity == "warning" for p in problems)


def test_every_input_row_gives_a_record(waste, make_ctx):
    """A row with nothing degradable (or disposed of in the inventory year) still appears in the records."""
    rows = [dict(gpc_ref="III.1.1", year=2020, amount=10.0, unit="t", plastics=0.6, metal=0.4),
            dict(gpc_ref="III.1.1", year=2023, amount=10.0, unit="t", food=1.0)]
    rec = _run(waste, {"solid_waste": sheet("solid_waste", rows)}, make_ctx())
    assert set(rec["row"]) == {2, 3} and _total(rec) == 0.0


def test_fod_oxidation_is_the_sites_latest(waste, make_ctx):
    """OX applies to the site's emissions in the inventory year (Eq. 3.1): given once, it covers every row."""
    import math

    rows = [dict(gpc_ref="III.1.1", site="s", year=2021, amount=1000.0, unit="t", food=1.0, oxidation=0.0),
            dict(gpc_ref="III.1.1", site="s", year=2022, amount=1000.0, unit="t", food=1.0, oxidation=0.1),
            dict(gpc_ref="III.1.1", site="s", year=2023, amount=1000.0, unit="t", food=1.0)]
    rec = _run(waste, {"solid_waste": sheet("solid_waste", rows)}, make_ctx())
    dd = 1000 * 0.15 * 0.5 * 0.6  # MCF 0.6: uncategorised (default)
    k = 0.185
    decomposed = dd * math.exp(-k) * (1 - math.exp(-k)) + dd * (1 - math.exp(-k))  # 2021 and 2022 deposits
    assert _total(rec) == pytest.approx(decomposed * F * CH4_C * (1 - 0.1), rel=1e-12)
