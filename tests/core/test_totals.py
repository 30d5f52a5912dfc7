"""One test per GPC totals rule (CONTRACT §5)."""

import pandas as pd
import pytest

import gpc
from gpc import taxonomy


def direct(ref, t=1.0, gas="CO2", **kw):
    return {"gpc_ref": ref, "activity": "direct", "amount": t, "unit": "t", "gas": gas, **kw}


def totals(rows):
    inv = gpc.calculate(pd.DataFrame(rows), city={"year": 2023})
    return {k: float(v) for k, v in inv.totals().items()}


def test_i44_is_territorial_only():
    assert totals([direct("I.4.4", 100)]) == {"BASIC": 0, "BASIC+": 0, "territorial": 100}


@pytest.mark.parametrize("ref", ["III.1.3", "III.2.3", "III.3.3", "III.4.3"])
def test_waste_generated_outside_treated_inside_is_territorial_only(ref):
    assert totals([direct(ref, 10)]) == {"BASIC": 0, "BASIC+": 0, "territorial": 10}


@pytest.mark.parametrize("ref", ["III.1.2", "III.2.2", "III.3.2", "III.4.2"])
def test_waste_treated_outside_is_scope3_in_basic(ref):
    assert totals([direct(ref, 10)]) == {"BASIC": 10, "BASIC+": 10, "territorial": 0}


def test_vi1_is_in_no_total():
    assert totals([direct("VI.1", 1000)]) == {"BASIC": 0, "BASIC+": 0, "territorial": 0}


def test_biogenic_co2_is_in_no_total():
    assert totals([direct("I.1.1", 50, biogenic="yes")]) == {"BASIC": 0, "BASIC+": 0, "territorial": 0}


def test_td_losses_are_basic_plus_only():
    inv = gpc.calculate(pd.DataFrame([{"gpc_ref": "I.1.2", "activity": "grid_electricity", "amount": 100,
                                       "unit": "MWh", "ef_co2": 1, "ef_unit": "t/MWh"}]),
                        city={"year": 2023, "td_loss_rate": 0.1})
    # 100 MWh × 1 t/MWh = 100 t (BASIC); losses 100 × 0.1/0.9 × 1 = 11.111… t (BASIC+ only; the rate is a
    # share of supply, the default td_loss_basis)
    assert {k: float(v) for k, v in inv.totals().items()} == pytest.approx(
        {"BASIC": 100, "BASIC+": 100 + 100 * 0.1 / 0.9, "territorial": 0}, rel=1e-12)


def test_scope1_scope2_and_ippu_afolu():
    rows = [direct("I.1.1", 1), direct("I.1.3", 2), direct("II.1.1", 4), direct("II.1.3", 8), direct("IV.1", 16),
            direct("V.1", 32), direct("III.1.1", 64), direct("I.3.2", 128)]
    t = totals(rows)
    assert t["BASIC"] == 1 + 4 + 64 + 128
    assert t["BASIC+"] == 1 + 2 + 4 + 8 + 16 + 32 + 64 + 128
    assert t["territorial"] == 1 + 4 + 16 + 32 + 64


def test_basic_plus_minus_basic_is_iv_v_and_scope3():
    rows = [direct(r, 1) for r in taxonomy.table().index]
    inv = gpc.calculate(pd.DataFrame(rows), city={"year": 2023})
    extra = [r for r in taxonomy.table().index if (r.startswith(("IV", "V.")) or
             (r.startswith(("I.", "II.")) and r.endswith(".3")))]
    assert float(inv.total("BASIC+")) - float(inv.total("BASIC")) == pytest.approx(len(extra))


def test_row_lists_of_totals():
    assert "I.4.4" not in taxonomy.total_rows("BASIC")
    assert "I.4.4" in taxonomy.total_rows("territorial")
    assert "VI.1" not in taxonomy.total_rows("BASIC+")
    assert taxonomy.scope("III.1.2") == 3 and taxonomy.scope("III.1.3") == 1
    assert [r.gpc_ref for r in taxonomy.rows(subsector="I.4")] == ["I.4.1", "I.4.2", "I.4.3", "I.4.4"]
    assert len(taxonomy.rows(sector="II")) == 14


def test_co2e_sets_cannot_be_mixed():
    a = gpc.calculate(pd.DataFrame([direct("I.1.1", 1, "CH4")]), city={"year": 2023, "gwp": "AR4"})
    b = gpc.calculate(pd.DataFrame([direct("I.1.1", 1, "CH4")]), city={"year": 2023, "gwp": "AR5"})
    with pytest.raises(gpc.GwpMismatch):
        a.total("BASIC") + b.total("BASIC")
    assert a.total("BASIC") + a.total("BASIC") == 50


def test_summary_and_completeness():
    rows = [direct("I.1.1", 5), {"gpc_ref": "I.7.1", "notation_key": "NO", "explanation": "no coal mines"}]
    inv = gpc.calculate(pd.DataFrame(rows), city={"year": 2023})
    s = inv.summary()
    assert list(s.index) == ["I.1.1", "I.7.1"]
    assert s.loc["I.7.1", "notation_key"] == "NO"
    assert pd.isna(s.loc["I.7.1", "co2e_t"])
    missing = inv.completeness()
    assert "I.1.1" not in missing and "I.7.1" not in missing and "I.1.2" in missing
