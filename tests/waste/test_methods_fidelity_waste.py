"""Issue #13 part B: the waste methods as the GPC and IPCC 2006 Vol. 5 print them.

Every expected number is worked out here by hand from the printed equation and default:
- domestic wastewater N2O, IPCC 2006 Vol. 5 Eq. 6.7-6.8 (F_IND-COM on the whole population);
- methane commitment, GPC v1.1 Ch. 8 Eq. 8.3-8.4 (DOCf 0.6, OX 0.1 for well-managed sites);
- the industrial-waste term of the GPC DOC equation (Eq. 8.1, DOC 0.15);
- incineration of industrial, clinical, sewage-sludge and fossil liquid waste, IPCC 2006 Eq. 5.1 with
  the Table 5.2 carbon factors and the Table 5.6 N2O factors;
- waste incinerated with energy recovery, reported in Stationary Energy (I.4.4), outside BASIC.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from .helpers import sheet

CH4_C = 16 / 12
CO2_C = 44 / 12
N2O_N = 44 / 28


def _run(waste, tables, ctx):
    records, problems = waste.run(tables, ctx)
    errors = [p for p in problems if p.severity == "error"]
    assert not errors, "\n".join(map(str, errors))
    return records, problems


def _sum(records, **where) -> float:
    sel = records
    for k, v in where.items():
        sel = sel[sel[k] == v]
    return float(sel["emissions_t"].sum())


# ---------------------------------------------------------------------- wastewater N2O, Eq. 6.7-6.8
def _n2o(records) -> float:
    return _sum(records[records["item"] == "effluent"], gas="N2O")


def test_n2o_effluent_hand_example(waste, make_ctx):
    """P 1 000 000, protein 25 kg/person/yr, F_NPR 0.16, F_NON-CON 1.1, F_IND-COM 1.25 (Table 6.11),
    EF 0.005 kg N2O-N/kg N: N = 1e6 × 25 × 0.16 × 1.1 × 1.25 = 5.5e6 kg N;
    N2O = 5.5e6 × 0.005 × 44/28 = 43 214.2857 kg = 43.2142857 t."""
    rows = [dict(gpc_ref="III.4.1", population=1_000_000, treatment="aerobic_well_managed", protein=25.0)]
    rec, _ = _run(waste, {"wastewater": sheet("wastewater", rows)}, make_ctx())
    assert _n2o(rec) == pytest.approx(43.2142857142857, rel=1e-12)
    detail = rec.loc[rec["item"] == "effluent", "detail"].iloc[0]
    assert "F_IND-COM 1.25 (default) on the whole population (IPCC Eq. 6.8)" in detail


def test_n2o_split_sewered_and_unsewered_gives_the_same_total(waste, make_ctx):
    """60 % sewered, 40 % septic: F_IND-COM 1.25 on both rows, so the sum is the one-row 43.2142857 t."""
    rows = [dict(gpc_ref="III.4.1", population=600_000, treatment="aerobic_well_managed", protein=25.0),
            dict(gpc_ref="III.4.1", population=400_000, treatment="septic", protein=25.0)]
    rec, _ = _run(waste, {"wastewater": sheet("wastewater", rows)}, make_ctx())
    by_row = rec[rec["item"] == "effluent"].set_index("row")["emissions_t"]
    assert by_row[2] == pytest.approx(600_000 * 25 * 0.16 * 1.1 * 1.25 * 0.005 * N2O_N / 1000, rel=1e-12)  # 25.9286 t
    assert by_row[3] == pytest.approx(400_000 * 25 * 0.16 * 1.1 * 1.25 * 0.005 * N2O_N / 1000, rel=1e-12)  # 17.2857 t
    assert _n2o(rec) == pytest.approx(43.2142857142857, rel=1e-12)


def test_n2o_earlier_reading_is_a_named_option(waste, make_ctx):
    """f_ind_com_on collected: 1.25 only on the sewered row, 1.0 on the septic one —
    N = 600 000×25×0.16×1.1×1.25 + 400 000×25×0.16×1.1×1.0 = 3.3e6 + 1.76e6 = 5.06e6 kg N;
    N2O = 5.06e6 × 0.005 × 44/28 = 39 757.142857 kg (−8 % against 43 214.2857)."""
    rows = [dict(gpc_ref="III.4.1", population=600_000, treatment="aerobic_well_managed", protein=25.0,
                 f_ind_com_on="collected"),
            dict(gpc_ref="III.4.1", population=400_000, treatment="septic", protein=25.0, f_ind_com_on="collected")]
    rec, _ = _run(waste, {"wastewater": sheet("wastewater", rows)}, make_ctx())
    assert _n2o(rec) == pytest.approx(39.7571428571429, rel=1e-12)
    assert _n2o(rec) / 43.2142857142857 == pytest.approx(1 - 0.08, abs=1e-9)  # exactly −8 %


def test_n2o_f_ind_com_override(waste, make_ctx):
    """f_ind_com 1.0 on the row: N = 1e6 × 25 × 0.16 × 1.1 × 1.0 = 4.4e6 kg; N2O = 34.5714286 t."""
    rows = [dict(gpc_ref="III.4.1", population=1_000_000, treatment="septic", protein=25.0, f_ind_com=1.0)]
    rec, _ = _run(waste, {"wastewater": sheet("wastewater", rows)}, make_ctx())
    assert _n2o(rec) == pytest.approx(4.4e6 * 0.005 * N2O_N / 1000, rel=1e-12)
    bad = [dict(gpc_ref="III.4.1", population=1, treatment="septic", protein=25.0, f_ind_com=0.5,
                f_ind_com_on="sometimes")]
    _, problems = waste.run({"wastewater": sheet("wastewater", bad)}, make_ctx())
    cols = {p.column for p in problems if p.severity == "error"}
    assert {"f_ind_com", "f_ind_com_on"} <= cols


# -------------------------------------------------------------- methane commitment, GPC Eq. 8.3-8.4
def _mc(waste, ctx, **row):
    base = dict(gpc_ref="III.1.1", amount=1000.0, unit="t", method="methane_commitment")
    rec, problems = _run(waste, {"solid_waste": sheet("solid_waste", [base | row])}, ctx)
    return rec, problems


def test_methane_commitment_gpc_defaults(waste, make_ctx):
    """1000 t, DOC 0.15, MCF 1.0 (managed anaerobic), F 0.5: L0 = 1.0 × 0.15 × 0.6 × 0.5 × 16/12 = 0.06;
    CH4 = 1000 × 0.06 × (1 − 0) × (1 − 0.1) = 54 t."""
    rec, _ = _mc(waste, make_ctx(), doc=0.15, site_type="managed_anaerobic")
    assert float(rec["factor_value"].iloc[0]) == pytest.approx(0.06, rel=1e-12)
    assert _sum(rec) == pytest.approx(54.0, rel=1e-12)
    d = rec["detail"].iloc[0]
    assert "DOCf 0.6 (default)" in d and "OX 0.1 (default)" in d and "GPC v1.1 Eq. 8.3-8.4" in d
    assert "GPC v1.1" in rec["factor_source"].iloc[0]


def test_methane_commitment_mcf_given_without_site_type(waste, make_ctx):
    """mcf 1.0 on the row and no site_type: the MCF of a managed anaerobic site (Table 3.1), so OX 0.1:
    1000 × (1.0 × 0.15 × 0.6 × 0.5 × 16/12) × 0.9 = 54 t; mcf 0.8 (unmanaged deep's): OX 0 → 48 t."""
    rec, _ = _mc(waste, make_ctx(), doc=0.15, mcf=1.0)
    assert _sum(rec) == pytest.approx(54.0, rel=1e-12)
    assert "the row's MCF is that of a managed site" in rec["factor_source"].iloc[0]
    assert _sum(_mc(waste, make_ctx(), doc=0.15, mcf=0.8)[0]) == pytest.approx(48.0, rel=1e-12)


def test_methane_commitment_ox_only_on_well_managed_sites(waste, make_ctx):
    """Unmanaged deep (MCF 0.8): L0 = 0.8 × 0.15 × 0.6 × 0.5 × 16/12 = 0.048; OX 0 → 48 t.
    Uncategorised (MCF 0.6): L0 = 0.036 → 36 t. Managed semi-aerobic (MCF 0.5): L0 = 0.03; × 0.9 → 27 t."""
    assert _sum(_mc(waste, make_ctx(), doc=0.15, site_type="unmanaged_deep")[0]) == pytest.approx(48.0, rel=1e-12)
    assert _sum(_mc(waste, make_ctx(), doc=0.15)[0]) == pytest.approx(36.0, rel=1e-12)
    assert _sum(_mc(waste, make_ctx(), doc=0.15, site_type="managed_semi_aerobic")[0]) == pytest.approx(27.0, rel=1e-12)


def test_methane_commitment_row_values_and_the_earlier_reading(waste, make_ctx):
    """Row OX 0 on a managed site: 1000 × 0.06 = 60 t. defaults ipcc2006 (gpc's earlier reading, the IPCC 2006
    DOCf 0.5 and OX 0): L0 = 1.0 × 0.15 × 0.5 × 0.5 × 16/12 = 0.05 → 50 t (54 / 50: the GPC reading is +8 %)."""
    assert _sum(_mc(waste, make_ctx(), doc=0.15, site_type="managed_anaerobic", oxidation=0.0)[0]) == \
        pytest.approx(60.0, rel=1e-12)
    rec, _ = _mc(waste, make_ctx(), doc=0.15, site_type="managed_anaerobic", defaults="ipcc2006")
    assert _sum(rec) == pytest.approx(50.0, rel=1e-12)
    assert "DOCf 0.5 (default)" in rec["detail"].iloc[0]


def test_fod_keeps_the_ipcc_defaults(waste, make_ctx):
    """fod: DOCf 0.5 and OX 0 (IPCC 2006 p. 3.13, Table 3.2). 1000 t bulk DOC 0.15 deposited in 2022, managed
    anaerobic, temperate wet bulk k 0.09: DDOCm = 1000 × 0.15 × 0.5 × 1.0 = 75 t C;
    CH4 2023 = 75 × (1 − e^−0.09) × 0.5 × 16/12. With defaults gpc: DOCf 0.6, OX 0.1."""
    row = dict(gpc_ref="III.1.1", year=2022, amount=1000.0, unit="t", doc=0.15, site_type="managed_anaerobic")
    rec, _ = _run(waste, {"solid_waste": sheet("solid_waste", [row])}, make_ctx())
    assert _sum(rec) == pytest.approx(75 * (1 - math.exp(-0.09)) * 0.5 * CH4_C, rel=1e-12)
    rec, _ = _run(waste, {"solid_waste": sheet("solid_waste", [row | {"defaults": "gpc"}])}, make_ctx())
    assert _sum(rec) == pytest.approx(90 * (1 - math.exp(-0.09)) * 0.5 * CH4_C * 0.9, rel=1e-12)


# ------------------------------------------------------------------- GPC DOC equation, Eq. 8.1 term F
def test_industrial_waste_term_of_the_gpc_doc_equation(waste, make_ctx):
    """food 0.4, industrial 0.2, other_inert 0.4: DOC = 0.15 × 0.4 + 0.15 × 0.2 = 0.09 (Eq. 8.1);
    managed anaerobic: L0 = 1.0 × 0.09 × 0.6 × 0.5 × 16/12 = 0.036; CH4 = 1000 × 0.036 × 0.9 = 32.4 t,
    of which industrial 1000 × 0.2 × 0.15 × 0.6 × 0.5 × 16/12 × 0.9 = 10.8 t."""
    rec, _ = _mc(waste, make_ctx(), site_type="managed_anaerobic", food=0.4, industrial=0.2, other_inert=0.4)
    assert _sum(rec) == pytest.approx(32.4, rel=1e-12)
    assert _sum(rec, component="industrial") == pytest.approx(10.8, rel=1e-12)
    assert "DOC 0.15 (default)" in rec.loc[rec["component"] == "industrial", "detail"].iloc[0]
    assert "GPC v1.1" in rec.loc[rec["component"] == "industrial", "factor_source"].iloc[0]


def test_industrial_waste_decays_at_the_bulk_rate(waste, make_ctx):
    """fod, 1000 t industrial waste in 2022, uncategorised (MCF 0.6), temperate wet: DDOCm = 1000 × 0.15 ×
    0.5 × 0.6 = 45 t C; bulk k 0.09 (Table 3.3): CH4 2023 = 45 × (1 − e^−0.09) × 0.5 × 16/12."""
    row = dict(gpc_ref="III.1.1", year=2022, amount=1000.0, unit="t", industrial=1.0)
    rec, _ = _run(waste, {"solid_waste": sheet("solid_waste", [row])}, make_ctx())
    assert _sum(rec) == pytest.approx(45 * (1 - math.exp(-0.09)) * 0.5 * CH4_C, rel=1e-12)


# --------------------------------------------------------- incineration of Table 5.2 waste types, Eq. 5.1
def _incin(waste, rows, ctx=None):
    return _run(waste, {"incineration": sheet("incineration", rows)}, ctx or _ctx(waste))


def _ctx(waste):
    from gpc.context import Context, Settings
    from gpc.factors import load_factor_set

    return Context(Settings(year=2023, country="CN"), load_factor_set("ipcc2006"))


def test_industrial_waste_incineration(waste):
    """100 t, dry matter 0.8, CF 0.5, FCF 0.9, OF 1 (Table 5.2): fossil CO2 = 100 × 0.8 × 0.5 × 0.9 × 44/12 = 132 t,
    biogenic 100 × 0.8 × 0.5 × 0.1 × 44/12 = 14.6667 t; N2O 100 g/t wet (Table 5.6) = 0.01 t; no CH4 default."""
    rec, problems = _incin(waste, [dict(gpc_ref="III.3.1", practice="incineration", amount=100.0, unit="t",
                                        waste_type="industrial", dry_matter=0.8, energy_recovery=False)])
    assert _sum(rec, gas="CO2", biogenic=False) == pytest.approx(132.0, rel=1e-12)
    assert _sum(rec, gas="CO2", biogenic=True) == pytest.approx(100 * 0.8 * 0.5 * 0.1 * CO2_C, rel=1e-12)
    assert _sum(rec, gas="N2O") == pytest.approx(0.01, rel=1e-12)
    assert "CH4" not in set(rec["gas"])
    assert any(p.column == "ef_ch4" and p.severity == "warning" for p in problems)
    assert "Table 5.2" in rec.loc[rec["gas"] == "CO2", "detail"].iloc[0]


def test_clinical_sludge_and_fossil_liquid_incineration(waste):
    """clinical 10 t, dm 0.9, CF 0.6, FCF 0.4: fossil 10 × 0.9 × 0.6 × 0.4 × 44/12 = 7.92 t, biogenic 11.88 t;
    sewage sludge 50 t, dm 0.25, CF 0.45 (midpoint of 40-50 %), FCF 0: fossil 0, biogenic 50 × 0.25 × 0.45 × 44/12
    = 20.625 t, N2O 50 × 900 g/t = 0.045 t; fossil liquid 20 t, CF 0.8 of wet weight, FCF 1: 20 × 0.8 × 44/12
    = 58.6667 t."""
    rows = [dict(gpc_ref="III.3.1", practice="incineration", amount=10.0, unit="t", waste_type="clinical",
                 dry_matter=0.9),
            dict(gpc_ref="III.3.1", practice="incineration", amount=50.0, unit="t", waste_type="sewage_sludge",
                 dry_matter=0.25),
            dict(gpc_ref="III.3.1", practice="incineration", amount=20.0, unit="t", waste_type="fossil_liquid")]
    rec, _ = _incin(waste, rows)
    co2 = rec[rec["gas"] == "CO2"].set_index(["row", "biogenic"])["emissions_t"]
    assert co2[(2, False)] == pytest.approx(7.92, rel=1e-12) and co2[(2, True)] == pytest.approx(11.88, rel=1e-12)
    assert co2[(3, False)] == 0.0 and co2[(3, True)] == pytest.approx(20.625, rel=1e-12)
    assert co2[(4, False)] == pytest.approx(20 * 0.8 * CO2_C, rel=1e-12) and co2[(4, True)] == 0.0
    n2o = rec[rec["gas"] == "N2O"].set_index("row")["emissions_t"]
    assert n2o[3] == pytest.approx(0.045, rel=1e-12) and 2 not in n2o.index


def test_waste_type_problems(waste):
    rows = [dict(gpc_ref="III.3.1", practice="incineration", amount=1.0, unit="t", waste_type="industrial"),  # no dm
            dict(gpc_ref="III.3.1", practice="incineration", amount=1.0, unit="t", waste_type="clinical",
                 dry_matter=0.9, food=1.0),                                                                 # composition
            dict(gpc_ref="III.3.1", practice="open_burning", amount=1.0, unit="t", waste_type="industrial",
                 dry_matter=0.9),                                                                           # no OF
            dict(gpc_ref="III.3.1", practice="incineration", amount=1.0, unit="t", waste_type="hazardous")]
    _, problems = waste.run({"incineration": sheet("incineration", rows)}, _ctx(waste))
    errors = {(p.row, p.column) for p in problems if p.severity == "error"}
    assert (2, "dry_matter") in errors and (4, "oxidation_factor") in errors and (5, "waste_type") in errors
    assert any(r == 3 and "food" in c for r, c in errors)


# ------------------------------------------------------------------- energy recovery, GPC Ch. 8 §8.5
def test_energy_recovery_goes_to_stationary_energy(waste):
    """1000 t of plastics burnt with energy recovery: fossil CO2 1000 × 1.0 × 0.75 × 1.0 × 44/12 = 2750 t in I.4.4,
    the records keeping method incineration and the waste row III.3.1 they came from."""
    rows = [dict(gpc_ref="III.3.1", practice="incineration", amount=1000.0, unit="t", plastics=1.0,
                 energy_recovery=True),
            dict(gpc_ref="III.3.3", practice="incineration", amount=1000.0, unit="t", plastics=1.0,
                 energy_recovery=True, energy_gpc_ref="I.3.1"),
            dict(gpc_ref="III.3.2", practice="incineration", amount=1000.0, unit="t", plastics=1.0,
                 energy_recovery=True)]
    rec, problems = _incin(waste, rows)
    by = rec[(rec["gas"] == "CO2") & ~rec["biogenic"]].set_index("row")
    assert by.loc[2, "emissions_t"] == pytest.approx(2750.0, rel=1e-12)
    assert list(by["gpc_ref"]) == ["I.4.4", "I.3.1", "III.3.2"]
    assert list(by["waste_gpc_ref"]) == ["III.3.1", "III.3.3", "III.3.2"]
    assert set(rec["method"]) == {"incineration"}
    assert "Stationary Energy I.4.4" in by.loc[2, "detail"] and "GPC v1.1 Ch. 8" in by.loc[2, "detail"]
    assert set(rec.loc[rec["row"] == 2, "gpc_ref"]) == {"I.4.4"}  # CH4, N2O and biogenic CO2 too
    assert any(p.row == 4 and p.column == "energy_recovery" and p.severity == "warning" for p in problems)


def test_energy_recovery_problems_and_default_warning(waste):
    rows = [dict(gpc_ref="III.3.1", practice="open_burning", amount=1.0, unit="t", plastics=1.0,
                 energy_recovery=True),
            dict(gpc_ref="III.3.1", practice="incineration", amount=1.0, unit="t", plastics=1.0,
                 energy_recovery=True, energy_gpc_ref="II.1.1")]
    _, problems = waste.run({"incineration": sheet("incineration", rows)}, _ctx(waste))
    errors = {(p.row, p.column) for p in problems if p.severity == "error"}
    assert errors == {(2, "energy_recovery"), (3, "energy_gpc_ref")}
    # energy_recovery left empty: taken as no, and a warning says how much that decides
    rows = [dict(gpc_ref="III.3.1", practice="incineration", amount=1000.0, unit="t", plastics=1.0)]
    rec, problems = _incin(waste, rows)
    assert set(rec["gpc_ref"]) == {"III.3.1"}
    warn = [p for p in problems if p.column == "energy_recovery"]
    assert len(warn) == 1 and "2750 t fossil CO2" in warn[0].message and "I.4.4" in warn[0].message


def test_energy_recovery_is_outside_basic(workbook):
    """Through gpc.calculate: the plant's fossil CO2 (2750 t) and its CH4 and N2O are in I.4.4: in the territorial
    total, not in BASIC (CONTRACT §5)."""
    gpc = pytest.importorskip("gpc")
    city = {"name": "Test City (synthetic)", "country": "CN", "year": 2023, "gwp": "AR5"}
    activity = [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 1, "unit": "TJ"}]
    incin = pd.DataFrame([{"gpc_ref": "III.3.1", "practice": "incineration", "amount": 1000, "unit": "t",
                           "plastics": 1.0, "energy_recovery": "yes"}])
    inv = gpc.calculate(workbook(city, activity, incineration=incin))
    e = inv.emissions
    plant = e[e["sheet"] == "incineration"]
    assert set(plant["gpc_ref"]) == {"I.4.4"}
    # CH4 0.2 g/t and N2O 50 g/t (continuous stoker, Tables 5.3 and 5.6), AR5 28 and 265
    co2e = 2750.0 + 1000 * 0.2e-6 * 28 + 1000 * 50e-6 * 265
    assert float(plant["co2e_t"].sum()) == pytest.approx(co2e, rel=1e-12)
    diff = float(inv.total("territorial")) - float(inv.total("BASIC"))
    assert diff == pytest.approx(co2e, rel=1e-9)


def test_new_columns_read_from_a_workbook_in_chinese(workbook):
    """The new choices typed in Chinese: 工业废物 (industrial, dm 0.8: fossil CO2 132 t) burnt with energy
    recovery (是) for an industry's heat (I.3.1); 仅管网收集 (f_ind_com_on collected) on a septic row:
    N2O = 1e6 × 25 × 0.16 × 1.1 × 1.0 × 0.005 × 44/28 = 34.5714 t; defaults IPCC2006: 1000 × 0.15 × 0.5 ×
    0.5 × 16/12 = 50 t."""
    gpc = pytest.importorskip("gpc")
    city = {"name": "Test City (synthetic)", "country": "CN", "year": 2023, "gwp": "AR5"}
    activity = [{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 1, "unit": "TJ"}]
    incin = pd.DataFrame([{"gpc_ref": "III.3.1", "practice": "焚烧", "amount": 100, "unit": "t",
                           "waste_type": "工业废物", "dry_matter": 0.8, "energy_recovery": "是",
                           "energy_gpc_ref": "I.3.1"}])
    ww = pd.DataFrame([{"gpc_ref": "III.4.1", "population": 1_000_000, "treatment": "septic", "protein": 25,
                        "f_ind_com_on": "仅管网收集"}])
    sw = pd.DataFrame([{"gpc_ref": "III.1.1", "amount": 1000, "unit": "t", "method": "methane_commitment",
                        "doc": 0.15, "site_type": "managed_anaerobic", "defaults": "IPCC2006"}])
    e = gpc.calculate(workbook(city, activity, incineration=incin, wastewater=ww, solid_waste=sw)).emissions
    plant = e[(e["sheet"] == "incineration") & (e["gas"] == "CO2") & ~e["biogenic"]]
    assert list(plant["gpc_ref"]) == ["I.3.1"] and float(plant["emissions_t"].sum()) == pytest.approx(132.0)
    n2o = e[(e["sheet"] == "wastewater") & (e["gas"] == "N2O")]
    assert float(n2o["emissions_t"].sum()) == pytest.approx(4.4e6 * 0.005 * N2O_N / 1000, rel=1e-12)
    assert float(e.loc[e["sheet"] == "solid_waste", "emissions_t"].sum()) == pytest.approx(50.0, rel=1e-12)
