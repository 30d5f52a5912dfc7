"""Printed ranges of the waste defaults on the records (issue #16 item 1): a workbook through gpc.calculate →
inv.uncertainty(approach=1); the factor's uncertainty is the IPCC 2006 Vol. 1 Eq. 3.1 combination of the
ranges the IPCC prints for the defaults the record used (lower and upper halves apart,
gpc.factors.ranges.combine_product). Every expected number is worked out below from the printed tables:

* IPCC 2006 Vol. 5 Ch. 3 Table 3.5: DOC ±20 %, DOCf (0.5) ±20 %, F (0.5) ±5 %, MCF 1.0 −10 %/+0 %, 0.8 ±20 %,
  0.5 ±20 %, 0.4 ±30 %, 0.6 −50 %/+60 %;
* Ch. 4 Table 4.1: composting 4 (0.03–8) g CH4/kg wet, 0.3 (0.06–0.6) g N2O/kg wet (gpc uses the EFDB 0.24);
* Ch. 6 Table 6.3 / 6.8 (MCF with its range), Table 6.7 (Bo ±30 %, I collected ±20 %, uncollected 0 %),
  Table 6.10 (Bo of COD ±30 %), Table 6.11 (EF_EFFLUENT 0.005 (0.0005–0.25), EF_PLANT 3.2 (2–8),
  F_NPR 0.16 (0.15–0.17), F_NON-CON 1.1 (1.0–1.5), F_IND-COM 1.25 (1.0–1.5)).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

gpc = pytest.importorskip("gpc")

CITY = {"name": "Test City (synthetic)", "country": "CN", "year": 2023, "climate_zone": "temperate_wet", "gwp": "AR5"}
ACTIVITY = [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 1, "unit": "TJ"}]
EQ31 = "IPCC 2006 Vol. 1 Eq. 3.1 of the printed ranges of: "
T35 = "IPCC 2006 Guidelines, Vol. 5 (Waste), Ch. 3, Table 3.5"


def _records(workbook, **sheets: pd.DataFrame) -> pd.DataFrame:
    inv = gpc.calculate(workbook(CITY, ACTIVITY, **sheets))
    r = inv.uncertainty(approach=1).records
    return r[r["gpc_ref"].str.startswith("III.")].reset_index(drop=True)


def _u(rec: pd.Series) -> tuple[float, float]:
    return float(rec["ef_u_lower_pct"]), float(rec["ef_u_upper_pct"])


def test_fod_and_methane_commitment_combine_doc_docf_mcf_f(workbook) -> None:
    solid = pd.DataFrame([
        # row 2: all defaults, managed anaerobic site
        {"gpc_ref": "III.1.1", "site": "A", "year": 2022, "amount": 1000, "unit": "t", "method": "fod",
         "site_type": "managed_anaerobic", "food": 1.0},
        # row 3: the row gives its MCF: no MCF range
        {"gpc_ref": "III.1.1", "site": "B", "year": 2022, "amount": 1000, "unit": "t", "method": "fod",
         "mcf": 0.7, "paper": 1.0},
        # row 4: methane commitment of bulk waste: DOC from the row, DOCf 0.6 of GPC Eq. 8.4 (no IPCC range)
        {"gpc_ref": "III.1.3", "site": "C", "year": 2023, "amount": 5000, "unit": "t", "method": "methane_commitment",
         "site_type": "uncategorised", "doc": 0.2},
        # row 5: methane commitment with the IPCC defaults, unmanaged deep site
        {"gpc_ref": "III.1.3", "site": "D", "year": 2023, "amount": 5000, "unit": "t", "method": "methane_commitment",
         "site_type": "unmanaged_deep", "defaults": "ipcc2006", "garden": 1.0},
        # row 6: every part given by the row: no printed range, the data-quality default applies
        {"gpc_ref": "III.1.3", "site": "E", "year": 2023, "amount": 5000, "unit": "t", "method": "methane_commitment",
         "doc": 0.2, "docf": 0.5, "mcf": 0.8, "methane_fraction": 0.5},
    ])
    r = _records(workbook, solid_waste=solid).set_index("row")
    # row 2: DOC ±20, DOCf ±20, MCF 1.0 −10/+0, F ±5:
    # lower sqrt(20² + 20² + 10² + 5²) = sqrt(925) = 30.414 %, upper sqrt(20² + 20² + 0² + 5²) = sqrt(825) = 28.723 %
    assert _u(r.loc[2]) == pytest.approx((math.sqrt(925), math.sqrt(825)))
    assert r.loc[2, "ef_u_source"] == EQ31 + f"DOC, DOCf, MCF, F ({T35})"
    # row 3: DOC, DOCf, F: sqrt(400 + 400 + 25) = sqrt(825) = 28.723 % both halves
    assert _u(r.loc[3]) == pytest.approx((math.sqrt(825), math.sqrt(825)))
    assert r.loc[3, "ef_u_source"] == EQ31 + f"DOC, DOCf, F ({T35})"
    # row 4: MCF 0.6 (−50/+60) and F ±5 only: sqrt(2500 + 25) = 50.249 %, sqrt(3600 + 25) = 60.208 %
    assert _u(r.loc[4]) == pytest.approx((math.sqrt(2525), math.sqrt(3625)))
    assert r.loc[4, "ef_u_source"] == EQ31 + f"MCF, F ({T35})"
    # row 5: DOC, DOCf, MCF 0.8 ±20, F: sqrt(400 + 400 + 400 + 25) = sqrt(1225) = 35 %
    assert _u(r.loc[5]) == pytest.approx((35.0, 35.0))
    # row 6: nothing printed applies: not an Eq. 3.1 composition
    assert math.isnan(r.loc[6, "ef_lower_pct"])
    assert not str(r.loc[6, "ef_u_source"]).startswith(EQ31)


def test_biological_treatment_table_4_1(workbook) -> None:
    bio = pd.DataFrame([
        {"gpc_ref": "III.2.1", "treatment": "composting", "basis": "wet", "amount": 1000, "unit": "t"},
        {"gpc_ref": "III.2.1", "treatment": "composting", "basis": "wet", "amount": 1000, "unit": "t",
         "ef_ch4": 3, "ef_unit": "g/kg"},
    ])
    r = _records(workbook, biological_treatment=bio)
    ch4 = r[(r["gas"] == "CH4")].set_index("row")
    n2o = r[(r["gas"] == "N2O")].set_index("row")
    # CH4 4 (0.03–8) g/kg: (4 − 0.03)/4 = 99.25 %, (8 − 4)/4 = 100 %
    assert _u(ch4.loc[2]) == pytest.approx((99.25, 100.0))
    assert ch4.loc[2, "ef_u_source"] == EQ31 + "EF_CH4 (IPCC 2006 Guidelines, Vol. 5 (Waste), Ch. 4, Table 4.1)"
    # N2O: the EFDB value 0.24 with the printed limits 0.06–0.6: (0.24 − 0.06)/0.24 = 75 %, (0.6 − 0.24)/0.24 = 150 %
    assert _u(n2o.loc[2]) == pytest.approx((75.0, 150.0))
    # the row's own CH4 factor: the printed range does not apply to it
    assert not str(ch4.loc[3, "ef_u_source"]).startswith(EQ31)


def test_domestic_wastewater_ch4_and_n2o(workbook) -> None:
    ww = pd.DataFrame([
        {"gpc_ref": "III.4.1", "population": 100000, "treatment": "aerobic_overloaded", "protein": 30,
         "plant_n2o": "yes"},
        {"gpc_ref": "III.4.1", "population": 50000, "treatment": "septic", "protein": 30, "f_non_con": 1.4},
    ])
    r = _records(workbook, wastewater=ww)
    by = {(m, row): rec for m, row, rec in zip(r["method"], r["row"], (r.iloc[k] for k in range(len(r))))}
    # row 2 CH4, collected: I ±20 % (Table 6.7), Bo ±30 % (Table 6.7), MCF 0.3 (0.2–0.4) = ±33.33 % (Table 6.3):
    # sqrt(20² + 30² + 33.333²) = sqrt(400 + 900 + 1111.11) = 49.103 %
    u = math.sqrt(400 + 900 + (0.1 / 0.3 * 100) ** 2)
    assert _u(by[("wastewater_ch4", 2)]) == pytest.approx((u, u))
    assert by[("wastewater_ch4", 2)]["ef_u_source"] == EQ31 + (
        "I, Bo (IPCC 2006 Guidelines, Vol. 5 (Waste), Ch. 6, Table 6.7); "
        "MCF (IPCC 2006 Guidelines, Vol. 5 (Waste), Ch. 6, Table 6.3)")
    # row 3 CH4, septic (not collected): I 0 %, Bo ±30 %, septic MCF 0.5 printed without a range: 30 %
    assert _u(by[("wastewater_ch4", 3)]) == pytest.approx((30.0, 30.0))
    # row 2 effluent N2O: F_NPR ±6.25 % ((0.16 − 0.15)/0.16), F_NON-CON 1.1 (1.0–1.5) −9.09/+36.36 %,
    # F_IND-COM 1.25 (1.0–1.5) ±20 %, EF_EFFLUENT 0.005 (0.0005–0.25) −90/+4900 %
    lo = math.sqrt(6.25**2 + (0.1 / 1.1 * 100) ** 2 + 20**2 + 90**2)
    up = math.sqrt(6.25**2 + (0.4 / 1.1 * 100) ** 2 + 20**2 + 4900**2)
    assert _u(by[("wastewater_n2o_effluent", 2)]) == pytest.approx((lo, up))
    # row 3 gives F_NON-CON: its range drops out
    lo3 = math.sqrt(6.25**2 + 20**2 + 90**2)
    up3 = math.sqrt(6.25**2 + 20**2 + 4900**2)
    assert _u(by[("wastewater_n2o_effluent", 3)]) == pytest.approx((lo3, up3))
    # plant N2O: F_IND-COM ±20 %, EF_PLANT 3.2 (2–8) −37.5/+150 %: sqrt(400 + 1406.25) = 42.5 %,
    # sqrt(400 + 22500) = 151.327 %
    assert _u(by[("wastewater_n2o_plant", 2)]) == pytest.approx((42.5, math.sqrt(22900)))


def test_industrial_wastewater_bo_and_mcf(workbook) -> None:
    # W and COD given by the row (their Table 6.9 ranges do not apply: tests/uncertainty/test_ranges_efdb.py)
    iw = pd.DataFrame([{"gpc_ref": "III.4.1", "industry": "beer_malt", "production": 1000, "unit": "t",
                        "treatment": "lagoon_deep", "wastewater": 6.3, "cod": 2.9}])
    r = _records(workbook, industrial_wastewater=iw)
    # Bo ±30 % (Table 6.10); deep lagoon MCF 0.8 (0.8–1.0) (Table 6.8): −0/+25 %
    # lower sqrt(30² + 0²) = 30 %, upper sqrt(30² + 25²) = sqrt(1525) = 39.051 %
    assert _u(r.iloc[0]) == pytest.approx((30.0, math.sqrt(1525)))
    assert r.iloc[0]["ef_u_source"] == EQ31 + (
        "Bo (IPCC 2006 Guidelines, Vol. 5 (Waste), Ch. 6, Table 6.10); "
        "MCF (IPCC 2006 Guidelines, Vol. 5 (Waste), Ch. 6, Table 6.8)")


def test_ranges_read_through_the_resolver_and_follow_the_value_used() -> None:
    """WasteFactors.lookup_range / param_range: relative to the table's value; a 2019 Refinement value that
    replaces a 2006 one carries no 2006 range (ipcc2019_waste falls back to ipcc2006 for the rest)."""
    from gpc.factors import load_factor_set
    from gpc.factors.waste import WasteFactors, lookup_range

    wf = WasteFactors(load_factor_set("ipcc2019_waste"))
    lo, up, src = lookup_range(wf.keyed("waste_mcf_swds", "site_type"),
                               pd.Series(["uncategorised", "managed_semi_aerobic", "unknown"]))
    # uncategorised 0.6 (0.3–0.96) of the 2006 table: (0.6 − 0.3)/0.6 = 50 %, (0.96 − 0.6)/0.6 = 60 %
    assert lo[0] == pytest.approx(50.0) and up[0] == pytest.approx(60.0) and src[0] == T35
    assert math.isnan(lo[1]) and math.isnan(lo[2]) and src[1] == "" and src[2] == ""
    # F 0.5 (0.475–0.525): ±5 %; OX: none printed
    assert WasteFactors(load_factor_set("ipcc2006")).param_range("waste_swds_parameters", "methane_fraction")[:2] \
        == pytest.approx((5.0, 5.0))
    assert math.isnan(wf.param_range("waste_swds_parameters", "oxidation")[0])
