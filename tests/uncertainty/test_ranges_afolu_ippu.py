"""Printed ranges of the AFOLU and IPPU defaults on the records (issue #16 item 1), through gpc.calculate and
Approach 1, against hand computations from the printed tables:

* IPCC 2006 Vol. 4 Ch. 10: Sec. 10.3.4 (enteric Tier 1 ±30–50 %, gpc takes ±50 %), Sec. 10.4.4 (manure CH4
  Tier 1 ±30 %), Table 10.21 (EF3, factor of 2), Table 10.22 (FracGasMS), Table 10.23 (FracLossMS);
* Ch. 11 Table 11.1 (EF1 0.01 (0.003–0.03), EF3PRP,CPP 0.02 (0.007–0.06)), Table 11.3 (EF4 0.01 (0.002–0.05),
  EF5 0.0075 (0.0005–0.025), FracGASM 0.20 (0.05–0.5), FracLEACH 0.30 (0.1–0.8));
* Ch. 5 Tables 5.11–5.14 (rice EFc, SFw, SFp, CFOA);
* Vol. 3 Ch. 7 Table 7.9 (refrigeration leak rate x and initial loss k, printed as ranges);
* combined by Vol. 1 Eq. 3.1 (products) and Eq. 3.2 (sums), lower and upper halves apart.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import gpc
from gpc.activity_data import ActivityData
from gpc.context import Settings
from tests.conftest import typed_sheet
from tests.uncertainty.helpers import assert_factor_range

REL = 1e-6


def _records(**tables: pd.DataFrame) -> pd.DataFrame:
    inv = gpc.calculate(ActivityData(settings=Settings(year=2023, country="CN"), tables=tables))
    return inv.uncertainty(approach=1).records


def _rec(rec: pd.DataFrame, sheet: str, row: int, method: str) -> pd.Series:
    hit = rec[(rec["sheet"] == sheet) & (rec["row"] == row) & (rec["method"] == method)]
    assert len(hit) == 1, (sheet, row, method)
    return hit.iloc[0]


_assert = assert_factor_range


@pytest.fixture(scope="module")
def livestock() -> pd.DataFrame:
    # row 2: 1000 dairy cattle (China -> Asia), nex 60 kg N/head/yr given, MS: solid storage 0.5, dry lot 0.3,
    # pasture 0.2; row 3: the same with its own enteric and manure CH4 factors (their ranges do not apply)
    lv = typed_sheet("livestock", gpc_ref=["V.1", "V.1"], animal=["dairy_cattle", "dairy_cattle"], amount=[1000, 1000],
                     unit=["head", "head"], temperature=[16.4, 16.4], nex=[60.0, 60.0], ms_solid_storage=[0.5, 0.5],
                     ms_dry_lot=[0.3, 0.3], ms_pasture=[0.2, 0.2], ef_enteric=[None, 70.0], ef_manure_ch4=[None, 15.0])
    return _records(livestock=lv)


def test_enteric_tier1_plus_minus_50(livestock: pd.DataFrame) -> None:
    # Table 10.11 Asia dairy 68 kg CH4/head/yr; Sec. 10.3.4: Tier 1 ±30–50 %, gpc the wider: 68 (34–102) → ±50 %
    _assert(_rec(livestock, "livestock", 2, "enteric_t1"), 50.0, 50.0, "Sec. 10.3.4", "Eq. 3.1")
    # the row's own factor: no printed range, the data-quality default applies
    assert "Eq. 3.1" not in _rec(livestock, "livestock", 3, "enteric_t1")["ef_u_source"]


def test_manure_ch4_tier1_plus_minus_30(livestock: pd.DataFrame) -> None:
    # Table 10.14 Asia dairy at 16 degC: 14 kg; Sec. 10.4.4: ±30 % → 14 (9.8–18.2)
    _assert(_rec(livestock, "livestock", 2, "manure_ch4_t1"), 30.0, 30.0, "Sec. 10.4.4")
    assert "Eq. 3.1" not in _rec(livestock, "livestock", 3, "manure_ch4_t1")["ef_u_source"]


def test_manure_n2o_direct_ef3_by_system(livestock: pd.DataFrame) -> None:
    # N managed: 1000 x 60 kg = 60 t N; solid storage 30 t x EF3 0.005 = 0.15, dry lot 18 t x 0.02 = 0.36 (t N2O-N)
    # EF3 factor of 2 (Table 10.21): −50 % / +100 %; Eq. 3.2 over the systems:
    # lower sqrt((0.15·50)² + (0.36·50)²)/0.51 = 50·0.39/0.51 = 38.2353 %, upper 100·0.39/0.51 = 76.4706 %
    _assert(_rec(livestock, "livestock", 2, "manure_n2o_direct"), 50 * 0.39 / 0.51, 100 * 0.39 / 0.51,
            "Table 10.21", "Eq. 3.2")


def test_manure_n2o_volatilisation_fracgasms_and_ef4(livestock: pd.DataFrame) -> None:
    # FracGasMS dairy (Table 10.22): solid storage 30 % (10–40) → −66.667/+33.333 %; dry lot 20 % (10–35) → −50/+75 %
    # N x Frac: 30 x 0.30 = 9, 18 x 0.20 = 3.6, sum 12.6; Eq. 3.2:
    fg_lo = math.sqrt((9 * 200 / 3) ** 2 + (3.6 * 50) ** 2) / 12.6   # sqrt(600² + 180²)/12.6 = 49.7157 %
    fg_up = math.sqrt((9 * 100 / 3) ** 2 + (3.6 * 75) ** 2) / 12.6   # sqrt(300² + 270²)/12.6 = 32.0325 %
    # EF4 0.01 (0.002–0.05), Table 11.3: −80 % / +400 %; Eq. 3.1:
    lo, up = math.sqrt(fg_lo ** 2 + 80 ** 2), math.sqrt(fg_up ** 2 + 400 ** 2)
    assert lo == pytest.approx(94.1895, abs=1e-4) and up == pytest.approx(401.2805, abs=1e-4)
    _assert(_rec(livestock, "livestock", 2, "manure_n2o_indirect_volatilisation"), lo, up, "Table 10.22", "Table 11.3")


def test_manure_applied_to_soils_fraclossms_and_ef1(livestock: pd.DataFrame) -> None:
    # F_AM = Σ N (1 − FracLossMS) (Eq. 10.34); FracLossMS dairy (Table 10.23): solid storage 0.40 (0.10–0.65),
    # dry lot 0.30 (0.10–0.35). Range of 1 − f: solid 0.60 (0.35–0.90) → −41.667/+50 %; dry lot 0.70 (0.65–0.90)
    # → −7.143/+28.571 %. Terms 30 x 0.6 = 18 and 18 x 0.7 = 12.6, sum 30.6; Eq. 3.2:
    av_lo = math.sqrt((18 * 0.25 / 0.6 * 100) ** 2 + (12.6 * 0.05 / 0.7 * 100) ** 2) / 30.6   # sqrt(750² + 90²)/30.6
    av_up = math.sqrt((18 * 0.30 / 0.6 * 100) ** 2 + (12.6 * 0.20 / 0.7 * 100) ** 2) / 30.6   # sqrt(900² + 360²)/30.6
    assert av_lo == pytest.approx(24.6856, abs=1e-4) and av_up == pytest.approx(31.6774, abs=1e-4)
    # direct: × EF1 0.01 (0.003–0.03), Table 11.1: −70/+200 %
    _assert(_rec(livestock, "livestock", 2, "manure_applied_n2o_direct"),
            math.sqrt(av_lo ** 2 + 70 ** 2), math.sqrt(av_up ** 2 + 200 ** 2), "Table 10.23", "Table 11.1")
    # volatilisation: × FracGASM 0.20 (0.05–0.5) −75/+150 % × EF4 −80/+400 %
    _assert(_rec(livestock, "livestock", 2, "manure_applied_n2o_indirect_volatilisation"),
            math.sqrt(av_lo ** 2 + 75 ** 2 + 80 ** 2), math.sqrt(av_up ** 2 + 150 ** 2 + 400 ** 2))
    # leaching: × FracLEACH 0.30 (0.1–0.8) −66.667/+166.667 % × EF5 0.0075 (0.0005–0.025) −93.333/+233.333 %
    _assert(_rec(livestock, "livestock", 2, "manure_applied_n2o_indirect_leaching"),
            math.sqrt(av_lo ** 2 + (200 / 3) ** 2 + (280 / 3) ** 2),
            math.sqrt(av_up ** 2 + (500 / 3) ** 2 + (700 / 3) ** 2))


def test_pasture_ef3prp_and_indirect(livestock: pd.DataFrame) -> None:
    # EF3PRP,CPP 0.02 (0.007–0.06), Table 11.1: (0.02 − 0.007)/0.02 = 65 %, (0.06 − 0.02)/0.02 = 200 %
    _assert(_rec(livestock, "livestock", 2, "soil_n2o_direct"), 65.0, 200.0, "Table 11.1")
    # volatilisation FracGASM × EF4: sqrt(75² + 80²) = 109.659 %, sqrt(150² + 400²) = 427.200 %
    _assert(_rec(livestock, "livestock", 2, "soil_n2o_indirect_volatilisation"),
            math.sqrt(75 ** 2 + 80 ** 2), math.sqrt(150 ** 2 + 400 ** 2))
    # leaching FracLEACH × EF5: sqrt(66.667² + 93.333²) = 114.698 %, sqrt(166.667² + 233.333²) = 286.744 %
    _assert(_rec(livestock, "livestock", 2, "soil_n2o_indirect_leaching"),
            math.sqrt((200 / 3) ** 2 + (280 / 3) ** 2), math.sqrt((500 / 3) ** 2 + (700 / 3) ** 2))


def test_rice_efc_sfw_sfp_sfo() -> None:
    rice = typed_sheet("rice", gpc_ref=["V.3", "V.3"], area=[100.0, 100.0], unit=["ha", "ha"], days=[120, 120],
                       water_regime=["intermittent_single_aeration"] * 2, preseason=["non_flooded_short"] * 2,
                       straw_short=[2.0, 2.0], efc=[None, 1.5])
    rec = _records(rice=rice)
    # EFc 1.30 (0.80–2.20), Table 5.11: −38.4615/+69.2308 %; SFw single aeration 0.60 (0.46–0.80), Table 5.12:
    # −23.3333/+33.3333 %; SFp non-flooded < 180 d 1 (0.88–1.14), Table 5.13: −12/+14 %;
    # SFo = (1 + 2 x CFOA)^0.59 with CFOA straw < 30 d 1 (0.97–1.04), Table 5.14: SFo at the limits relative to
    # SFo: 1 − (2.94/3)^0.59 = 1.1849 %, (3.08/3)^0.59 − 1 = 1.5649 %
    sfo_lo = (1 - (2.94 / 3) ** 0.59) * 100
    sfo_up = ((3.08 / 3) ** 0.59 - 1) * 100
    lo = math.sqrt((0.5 / 1.3 * 100) ** 2 + (0.14 / 0.6 * 100) ** 2 + 12 ** 2 + sfo_lo ** 2)
    up = math.sqrt((0.9 / 1.3 * 100) ** 2 + (0.2 / 0.6 * 100) ** 2 + 14 ** 2 + sfo_up ** 2)
    assert lo == pytest.approx(46.574, abs=1e-3) and up == pytest.approx(78.118, abs=1e-3)
    _assert(_rec(rec, "rice", 2, "rice_t1"), lo, up, "Table 5.11", "Table 5.12", "Table 5.13", "Table 5.14")
    # row 3 gives its own EFc: only SFw, SFp, SFo
    _assert(_rec(rec, "rice", 3, "rice_t1"), math.sqrt((0.14 / 0.6 * 100) ** 2 + 12 ** 2 + sfo_lo ** 2),
            math.sqrt((0.2 / 0.6 * 100) ** 2 + 14 ** 2 + sfo_up ** 2))
    assert "Table 5.11" not in _rec(rec, "rice", 3, "rice_t1")["ef_u_source"]


def test_refrigerants_bank_table_7_9() -> None:
    rf = typed_sheet("refrigerants", gpc_ref=["IV.2"] * 3, method=["bank", "bank", "sales"], gas=["HFC-134a"] * 3,
                     application=["domestic_refrigeration", "mobile_ac", None], bank=[1000.0, 500.0, None],
                     new_charge=[100.0, None, 10.0], retired_charge=[50.0, None, 5.0], sales=[None, None, 20.0],
                     unit=["kg"] * 3, leak_rate=[None, 0.1, None])
    rec = _records(refrigerants=rf)
    # domestic refrigeration, Table 7.9: x 0.1–0.5 %/yr (gpc: mid-point 0.3 %) and k 0.2–1 % (mid-point 0.6 %):
    # both ±66.667 %. E = 1 t x 0.003 + 0.1 t x 0.006 + 0.05 t x (1 − 0) = 0.0536 t; Eq. 3.2 over the terms:
    # sqrt((0.003 x 66.667)² + (0.0006 x 66.667)²)/0.0536 = 3.8052 % (the disposal term has no factor range)
    u = math.sqrt((0.003 * 200 / 3) ** 2 + (0.0006 * 200 / 3) ** 2) / 0.0536
    assert u == pytest.approx(3.8052, abs=1e-4)
    _assert(_rec(rec, "refrigerants", 2, "refrigerant_bank_t1"), u, u, "Table 7.9", "Eq. 3.2")
    # the row's own leak rate and no new charge: no printed range; the sales method: none either
    assert "Table 7.9" not in _rec(rec, "refrigerants", 3, "refrigerant_bank_t1")["ef_u_source"]
    assert "Table 7.9" not in _rec(rec, "refrigerants", 4, "refrigerant_sales_t1")["ef_u_source"]


EFDB = Path(__file__).resolve().parents[3] / "shared" / "reference" / "ipcc_efdb_2006_export.xlsx"


@pytest.mark.skipif(not EFDB.exists(), reason="the EFDB export is not beside the clone")
def test_stored_ranges_match_the_efdb_export() -> None:
    """Every range stored beside a value in afolu_rice / afolu_manure_n2o (without a range_source) is the
    interval the EFDB export prints for the row's EF ID ("0.20 (0.05 - 0.5)"; % rows as fractions)."""
    import re
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x = pd.read_excel(EFDB, engine="openpyxl").set_index("EF ID")
    pat = re.compile(r"^\s*([0-9.]+)\s*\(\s*([0-9.]+)\s*-?\s*([0-9.]+)\s*\)\s*$")
    root = Path(__file__).resolve().parents[2] / "emission_factors" / "ipcc2006"
    checked = 0
    for table in ("afolu_rice", "afolu_manure_n2o"):
        t = pd.read_csv(root / f"{table}.csv", dtype={"efdb_id": str, "efdb_basis": str})
        for _, r in t[t["lower"].notna() & t["range_source"].isna()].iterrows():
            ids = [int(i) for c in ("efdb_id", "efdb_basis") if isinstance(r[c], str) for i in r[c].split("|")]
            found = []
            for i in ids:
                m = pat.match(str(x.loc[i, "Value"])) if i in x.index else None
                if m:
                    k = 0.01 if str(x.loc[i, "Unit"]).strip() == "%" else 1.0
                    found.append(tuple(float(v) * k for v in m.groups()))
            assert any(v == pytest.approx(r["value"]) and lo == pytest.approx(r["lower"]) and up == pytest.approx(r["upper"])
                       for v, lo, up in found), (table, dict(r))
            checked += 1
    assert checked >= 60


def test_activity_sheet_single_printed_factors() -> None:
    """Single-factor rows of the activity sheet take the range stored beside their process_factors row."""
    rows = pd.DataFrame({"gpc_ref": ["V.3", "V.1", "IV.1"], "activity": ["synthetic_fertilizer_n", "sheep", "cement_production"],
                         "amount": [1000, 100, 10], "unit": ["t", "head", "t"], "technology": [None, None, "portland"]})
    rec = gpc.calculate(rows, city={"year": 2023, "country": "CN"}).uncertainty(approach=1).records
    # EF1 0.01 (0.003–0.03), Table 11.1: (0.01 − 0.003)/0.01 = 70 %, (0.03 − 0.01)/0.01 = 200 %
    _assert(_rec(rec, "activity", 2, "soil_n2o_direct"), 70.0, 200.0, "Table 11.1")
    # sheep, Tier 1 enteric 5 kg (Table 10.10, developing): ±50 % (Sec. 10.3.4, the wider end)
    _assert(_rec(rec, "activity", 3, "enteric_t1"), 50.0, 50.0, "Sec. 10.3.4")
    # a product of defaults stored as one value (FracGASF × EF4) and cement: no printed range stored
    assert "Eq. 3.1" not in _rec(rec, "activity", 2, "soil_n2o_indirect_volatilisation")["ef_u_source"]
    assert "Eq. 3.1" not in _rec(rec, "activity", 4, "cement_t1")["ef_u_source"]
