"""process_factors.csv: IPPU rows equal the IPCC 2006 Vol. 3 tables, and amount x value x conversion gives the
Tier 1 equation's result (hand calculations written out)."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

from gpc.factors import load_factor_set
from gpc.units import factor_to, parse_unit, ureg

REL = 1e-6


@pytest.fixture(scope="module")
def pf() -> pd.DataFrame:
    return load_factor_set("ipcc2006").table("process_factors")


def emissions_t(pf: pd.DataFrame, activity: str, amount: float, unit: str, technology: str = "", gas: str | None = None) -> float:
    """What the engine computes: sum over rows of amount (in the factor's denominator) x value x conversion, in t."""
    rows = pf[(pf["activity"] == activity) & (pf["technology"].fillna("") == technology)]
    if gas:
        rows = rows[rows["gas"] == gas]
    assert len(rows), (activity, technology)
    total = 0.0
    for _, r in rows.iterrows():
        q = amount * parse_unit(unit) * float(r["value"]) * parse_unit(str(r["unit"]))
        if q.check("[mass] / [time]"):  # per-year factors (kg/head/year): one inventory year
            q = q * ureg.Quantity(1, "year")
        total += float(q.to("t").magnitude) * float(Fraction(r["conversion"]))
    return total


@pytest.mark.parametrize("activity, technology, amount, unit, gas, expected", [
    # clinker: 1000 t x 0.52 = 520 t CO2 (Eq. 2.1)
    ("clinker_production", "", 1000, "t", "CO2", 520.0),
    # cement, portland default: 1000 t x 0.95 x 0.52 = 494 t; blended 1000 x 0.75 x 0.52 = 390 t
    ("cement_production", "", 1000, "t", "CO2", 494.0),
    ("cement_production", "blended", 1000, "t", "CO2", 390.0),
    # lime, Table 2.4: 1 万吨 = 10 000 t x 0.75 = 7500 t; hydraulic 0.59 -> 5900 t
    ("lime_production", "", 1, "万吨", "CO2", 7500.0),
    ("lime_production", "hydraulic", 1, "万吨", "CO2", 5900.0),
    # glass, Eq. 2.10: 1000 t x 0.20 x (1 - 0.5) = 100 t
    ("glass_production", "", 1000, "t", "CO2", 100.0),
    # carbonates, Eq. 2.14: 1000 t x (0.85 x 0.43971 + 0.15 x 0.47732) = 1000 x 0.4453515 = 445.3515 t
    ("carbonate_use", "", 1000, "t", "CO2", 445.3515),
    ("carbonate_use", "soda_ash", 1000, "t", "CO2", 414.92),
    # ammonia, Table 3.1: 1000 t x 1.694 = 1694 t
    ("ammonia_production", "", 1000, "t", "CO2", 1694.0),
    # nitric acid, Table 3.3: 1000 t x 2 kg N2O/t (NSCR) = 2 t; high pressure 9 kg/t = 9 t
    ("nitric_acid_production", "nscr", 1000, "t", "N2O", 2.0),
    ("nitric_acid_production", "high_pressure", 1000, "t", "N2O", 9.0),
    # adipic acid, Table 3.4: 1000 t x 300 kg/t = 300 t; catalytic destruction 300 x (1 - 0.925 x 0.89) = 53.025 t
    ("adipic_acid_production", "", 1000, "t", "N2O", 300.0),
    ("adipic_acid_production", "catalytic_destruction", 1000, "t", "N2O", 53.025),
    # iron and steel, Table 4.1: BOF 1000 t x 1.46 = 1460 t; EAF 0.08 -> 80 t
    ("steel_production", "bof", 1000, "t", "CO2", 1460.0),
    ("steel_production", "eaf", 1000, "t", "CO2", 80.0),
    # aluminium, Tables 4.10 and 4.15: prebake CWPB 1000 t x 1.6 = 1600 t CO2, 0.4 kg CF4/t = 0.4 t, 0.04 kg C2F6/t
    ("aluminium_production", "cwpb", 1000, "t", "CO2", 1600.0),
    ("aluminium_production", "cwpb", 1000, "t", "CF4", 0.4),
    ("aluminium_production", "vss", 1000, "t", "C2F6", 0.04),
    # magnesium casting: 1000 t x 1 kg SF6/t = 1 t
    ("magnesium_casting", "", 1000, "t", "SF6", 1.0),
    # lead 0.52, zinc 1.72 (defaults)
    ("lead_production", "", 1000, "t", "CO2", 520.0),
    ("zinc_production", "", 1000, "t", "CO2", 1720.0),
    # lubricants, Eq. 5.2: 1000 t x 40.2 GJ/t x 20 kg C/GJ x 0.2 x 44/12 = 589.6 t
    ("lubricant_use", "", 1000, "t", "CO2", 589.6),
    ("paraffin_wax_use", "", 1000, "t", "CO2", 589.6),
    # SF6 in HV switchgear (Europe): 1000 kg nameplate x 0.026 = 26 kg = 0.026 t
    ("sf6_equipment", "hv_switchgear_europe", 1000, "kg", "SF6", 0.026),
])
def test_ippu_rows(pf: pd.DataFrame, activity: str, technology: str, amount: float, unit: str, gas: str,
                   expected: float) -> None:
    assert emissions_t(pf, activity, amount, unit, technology, gas) == pytest.approx(expected, rel=REL)


def test_every_row_is_well_formed(pf: pd.DataFrame) -> None:
    for _, r in pf.iterrows():
        num = str(r["unit"]).split("/", 1)[0]
        assert factor_to(num, "t") > 0
        assert str(r["gpc_ref_prefix"]) in ("IV.1", "IV.2", "V.1", "V.3")
        assert Fraction(str(r["conversion"])) in (Fraction(1), Fraction(44, 12), Fraction(44, 28))
        assert r["source"] and r["method"] and r["verified"] in ("V2", "V", "M")


def test_defaults_exist_where_ipcc_has_one(pf: pd.DataFrame) -> None:
    with_default = set(pf.loc[pf["technology"].isna(), "activity"])
    for act in ("clinker_production", "cement_production", "lime_production", "glass_production", "ammonia_production",
                "nitric_acid_production", "adipic_acid_production", "lubricant_use", "paraffin_wax_use", "sf6_equipment",
                "synthetic_fertilizer_n", "urea_application", "limestone_application", "dolomite_application",
                "rice_cultivation", "dairy_cattle", "other_cattle", "buffalo", "sheep", "goats", "swine", "horses",
                "poultry", "camels", "mules_asses"):
        assert act in with_default, act
    for act in ("aluminium_production", "ferroalloy_production"):
        assert act not in with_default, act
