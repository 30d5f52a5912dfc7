"""Invariants as property tests over random valid input (hypothesis).

* nothing lost: every row of a random workbook lands in the audit trail (its emission records or its
  notation key), exactly once as a row, and per-row sums add up to the totals;
* the same activity in GJ, MWh or tce gives the same result;
* row order does not matter; splitting a row in two does not change the totals;
* CO2e is linear in the GWPs;
* notation-key rows never produce numbers.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gpc
from gpc import taxonomy
from gpc.gwp import gwp as gwp_value

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None,
                    derandomize=True)
CITY = {"year": 2023, "name": "Propertyville", "grid_factor": "0.5 t/MWh"}
FUELS = ["natural_gas", "lpg", "gas_diesel_oil", "motor_gasoline", "other_bituminous_coal", "residual_fuel_oil",
         "wood_wood_waste", "anthracite", "coke_oven_coke"]
STATIONARY = ["I.1.1", "I.2.1", "I.3.1", "I.4.1", "I.4.4", "I.5.1", "I.6.1"]
ROAD = ["motor_gasoline", "gas_diesel_oil", "natural_gas", "lpg"]
GRID_REFS = ["I.1.2", "I.2.2", "I.3.2", "I.4.2", "I.5.2", "I.6.2", "II.1.2", "II.2.2"]
GJ_PER = {"GJ": 1.0, "MWh": 3.6, "tce": 29.3076, "TJ": 1000.0, "kWh": 0.0036}
GASES = ["CO2", "CH4", "N2O", "SF6", "HFC-134a", "CO2e"]
ALL_REFS = list(taxonomy.table().index)

amounts = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False)

fuel_rows = st.builds(lambda ref, fuel, a, u: {"gpc_ref": ref, "activity": fuel, "amount": a, "unit": u},
                      st.sampled_from(STATIONARY), st.sampled_from(FUELS), amounts, st.sampled_from(["GJ", "MWh", "tce", "TJ"]))
road_rows = st.builds(lambda fuel, a, u: {"gpc_ref": "II.1.1", "activity": fuel, "amount": a, "unit": u},
                      st.sampled_from(ROAD), amounts, st.sampled_from(["GJ", "TJ"]))
grid_rows = st.builds(lambda ref, a, u: {"gpc_ref": ref, "activity": "grid_electricity", "amount": a, "unit": u},
                      st.sampled_from(GRID_REFS), amounts, st.sampled_from(["MWh", "kWh", "GJ"]))
direct_rows = st.builds(lambda ref, a, u, g: {"gpc_ref": ref, "activity": "direct", "amount": a, "unit": u, "gas": g},
                        st.sampled_from(["I.1.1", "I.3.1", "IV.1", "IV.2", "I.8.1", "III.1.1"]), amounts,
                        st.sampled_from(["t", "kg", "kt"]), st.sampled_from(GASES))
# notation keys go to GPC rows no number row uses, one key per GPC row: a key beside data in the same GPC row,
# or two keys for one GPC row, is a contradiction gpc refuses (tests/reliability/test_contradictions.py)
_DATA_REFS = set(STATIONARY) | set(GRID_REFS) | {"II.1.1", "I.1.1", "I.3.1", "IV.1", "IV.2", "I.8.1"}
NK_REFS = [r for r in ALL_REFS if r not in _DATA_REFS and not r.startswith("III.1")]
_NK_KEYS = ["NO", "IE", "NE", "C"]
nk_rows = st.sampled_from(NK_REFS).map(
    lambda ref: {"gpc_ref": ref, "notation_key": (key := _NK_KEYS[NK_REFS.index(ref) % 4]),
                 "explanation": "included in I.1.1" if key == "IE" else "not occurring here"})
number_rows = st.one_of(fuel_rows, road_rows, grid_rows, direct_rows)
any_rows = st.one_of(number_rows, nk_rows)


def _frame(rows: list[dict]) -> pd.DataFrame:  # type: ignore[type-arg]
    cols = ["gpc_ref", "activity", "amount", "unit", "gas", "notation_key", "explanation"]
    return pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols)


SW_COLS = ["gpc_ref", "site", "year", "amount", "unit", "method", "food", "paper", "other_inert"]
waste_rows = st.builds(
    lambda ref, site, a, u, w: [ref, site, 2023, a, u, "methane_commitment", w[0] / sum(w), w[1] / sum(w),
                                1 - w[0] / sum(w) - w[1] / sum(w)],
    st.sampled_from(["III.1.1", "III.1.2", "III.1.3"]), st.sampled_from(["A", "B"]), amounts, st.sampled_from(["t", "kt"]),
    st.tuples(*[st.floats(min_value=0.01, max_value=1.0)] * 3))


def _write(path: Path, rows: list[dict], waste: list[list] | None = None) -> Path:  # type: ignore[type-arg]
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    c = wb.add_worksheet("city")
    c.write_row(0, 0, ["field", "value"])
    for i, (k, v) in enumerate(CITY.items(), start=1):
        c.write_row(i, 0, [k, v])
    a = wb.add_worksheet("activity")
    cols = ["gpc_ref", "activity", "amount", "unit", "gas", "notation_key", "explanation"]
    a.write_row(0, 0, cols)
    for i, r in enumerate(rows, start=1):
        for j, col in enumerate(cols):
            v = r.get(col)
            if v is None:
                continue
            if isinstance(v, float):
                a.write_number(i, j, v)
            else:
                a.write_string(i, j, str(v))
    if waste:
        w = wb.add_worksheet("solid_waste")
        w.write_row(0, 0, SW_COLS)
        for i, r in enumerate(waste, start=1):
            w.write_row(i, 0, r)
    wb.close()
    return path


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _by_ref_gas(inv: gpc.Inventory) -> pd.Series:
    e = inv.emissions
    return e.groupby(["gpc_ref", "gas", "biogenic"])["emissions_t"].sum().sort_index()


def _same_series(a: pd.Series, b: pd.Series) -> None:
    a, b = a[a.abs() > 0], b[b.abs() > 0]
    assert list(a.index) == list(b.index)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9, atol=1e-9)


# ------------------------------------------------------------------------------------------ nothing lost
@SETTINGS
@given(st.lists(any_rows, min_size=1, max_size=25), st.lists(waste_rows, max_size=6))
def test_every_row_lands_in_the_audit_trail(rows: list[dict], waste: list[list]) -> None:  # type: ignore[type-arg]
    if waste:
        pytest.importorskip("gpc.sectors.waste")
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "random.xlsx", rows, waste)
        inv = gpc.calculate(path)
    ref_of = {("activity", i + 2): x["gpc_ref"] for i, x in enumerate(rows)}
    ref_of.update({("solid_waste", i + 2): w[0] for i, w in enumerate(waste)})
    audit = inv.audit()
    assert set(zip(audit["sheet"], audit["row"])) == set(ref_of)  # every input row, nothing else
    nk_input = {("activity", i + 2) for i, x in enumerate(rows) if x.get("notation_key")}
    nk = inv.notation_keys
    assert sorted(zip(nk["sheet"], nk["row"])) == sorted(nk_input)  # each notation row exactly once …
    e = inv.emissions
    in_e = set(zip(e["sheet"], e["row"]))
    assert in_e.isdisjoint(nk_input)  # … and never as numbers
    assert in_e == set(ref_of) - nk_input  # every other row has its records
    for (sheet, r), ref in ref_of.items():  # with its own GPC row
        assert (e.loc[(e["sheet"] == sheet) & (e["row"] == r), "gpc_ref"] == ref).all()
    act = e[e["sheet"] == "activity"]
    for i, x in enumerate(rows):  # the amount and unit of each row come through unchanged
        if x.get("notation_key"):
            continue
        recs = act[act["row"] == i + 2]
        # (xlsxwriter writes 16 significant digits: the reader must not lose more than that)
        np.testing.assert_allclose(recs["amount"].astype(float), x["amount"], rtol=2e-16 * 8, atol=0)
        assert (recs["unit"] == x["unit"]).all()
    # per-row and total sums agree
    fossil = e[~e["biogenic"]]
    per_row = fossil.groupby(["sheet", "row"])["co2e_t"].sum()
    assert _close(float(per_row.sum()), float(fossil["co2e_t"].sum()))
    assert _close(float(inv.summary()["co2e_t"].sum()), float(fossil["co2e_t"].sum()))
    for name in taxonomy.TOTALS:  # each total is the sum of the rows reported in its GPC rows
        refs = set(taxonomy.total_rows(name))
        expected = sum(float(v) for key, v in per_row.items() if ref_of[key] in refs)
        assert _close(float(inv.total(name)), expected)


# ------------------------------------------------------------------------------------- unit invariance
@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(STATIONARY), st.sampled_from(FUELS),
                          st.floats(min_value=0.001, max_value=1e6)), min_size=1, max_size=12))
def test_same_energy_in_gj_mwh_or_tce_gives_the_same_result(rows: list[tuple[str, str, float]]) -> None:
    results = []
    for unit in ("GJ", "MWh", "tce", "kWh"):
        df = _frame([{"gpc_ref": r, "activity": f, "amount": gj / GJ_PER[unit], "unit": unit} for r, f, gj in rows])
        inv = gpc.calculate(df, city=CITY)
        e = inv.emissions.sort_values(["row", "gas", "biogenic"]).reset_index(drop=True)
        results.append(e)
        gj_of_row = {i + 2: gj for i, (_, _, gj) in enumerate(rows)}
        np.testing.assert_allclose(e["energy_gj"].to_numpy(dtype=float), e["row"].map(gj_of_row).to_numpy(dtype=float),
                                   rtol=1e-9)
    for other in results[1:]:
        np.testing.assert_allclose(other["emissions_t"].to_numpy(), results[0]["emissions_t"].to_numpy(), rtol=1e-9)
        np.testing.assert_allclose(other["energy_gj"].to_numpy(dtype=float),
                                   results[0]["energy_gj"].to_numpy(dtype=float), rtol=1e-9)


# ------------------------------------------------------------------------------------------ row order
@SETTINGS
@given(st.lists(any_rows, min_size=2, max_size=20), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(rows: list[dict], rnd) -> None:  # type: ignore[no-untyped-def, type-arg]
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a = gpc.calculate(_frame(rows), city=CITY)
    b = gpc.calculate(_frame(shuffled), city=CITY)
    _same_series(_by_ref_gas(a), _by_ref_gas(b))
    for name in taxonomy.TOTALS:
        assert _close(float(a.total(name)), float(b.total(name)))
    assert sorted(a.notation_keys["gpc_ref"]) == sorted(b.notation_keys["gpc_ref"])


# ---------------------------------------------------------------------------------------- splitting
@SETTINGS
@given(st.lists(number_rows, min_size=1, max_size=15), st.data())
def test_splitting_a_row_in_two_does_not_change_the_totals(rows: list[dict], data) -> None:  # type: ignore[no-untyped-def, type-arg]
    i = data.draw(st.integers(0, len(rows) - 1))
    share = data.draw(st.floats(min_value=0.0, max_value=1.0))
    first, second = dict(rows[i]), dict(rows[i])
    first["amount"] = rows[i]["amount"] * share
    second["amount"] = rows[i]["amount"] - first["amount"]
    split = rows[:i] + [first, second] + rows[i + 1:]
    a = gpc.calculate(_frame(rows), city=CITY)
    b = gpc.calculate(_frame(split), city=CITY)
    _same_series(_by_ref_gas(a), _by_ref_gas(b))
    for name in taxonomy.TOTALS:
        assert _close(float(a.total(name)), float(b.total(name)))


# ------------------------------------------------------------------------------------- GWP linearity
@SETTINGS
@given(st.lists(number_rows, min_size=1, max_size=15))
def test_co2e_is_linear_in_the_gwps(rows: list[dict]) -> None:  # type: ignore[type-arg]
    masses = None
    for gwp_set in ("SAR", "AR4", "AR5", "AR6"):
        inv = gpc.calculate(_frame(rows), city=CITY, gwp=gwp_set)
        e = inv.emissions
        np.testing.assert_allclose(e["co2e_t"].to_numpy(), e["emissions_t"].to_numpy() * e["gwp_value"].to_numpy(),
                                   rtol=1e-12)
        fossil = e[~e["biogenic"]]
        by_gas = fossil.groupby("gas")["emissions_t"].sum()
        if masses is None:
            masses = by_gas
        else:  # the tonnes of each gas do not depend on the GWP set
            _same_series(by_gas.sort_index(), masses.sort_index())
        expected = sum(float(m) * gwp_value(str(g), gwp_set) for g, m in by_gas.items())
        in_no_total = fossil["gpc_ref"].isin(["VI.1"]).any()
        assert not in_no_total
        assert math.isclose(float(fossil["co2e_t"].sum()), expected, rel_tol=1e-9, abs_tol=1e-6)
        # doubling every amount doubles every total (linear in the activity too)
        doubled = [dict(r, amount=r["amount"] * 2) for r in rows]
        inv2 = gpc.calculate(_frame(doubled), city=CITY, gwp=gwp_set)
        for name in taxonomy.TOTALS:
            assert math.isclose(float(inv2.total(name)), 2 * float(inv.total(name)), rel_tol=1e-9, abs_tol=1e-6)


# ------------------------------------------------------------------------------------- notation keys
@SETTINGS
@given(st.lists(number_rows, min_size=0, max_size=10), st.lists(nk_rows, min_size=1, max_size=10),
       st.randoms(use_true_random=False))
def test_notation_key_rows_never_produce_numbers(numbers: list[dict], keys: list[dict], rnd) -> None:  # type: ignore[no-untyped-def, type-arg]
    mixed = numbers + keys
    rnd.shuffle(mixed)
    with_keys = gpc.calculate(_frame(mixed), city=CITY)
    nk_rows_excel = {i + 2 for i, r in enumerate(mixed) if r.get("notation_key")}
    assert set(with_keys.emissions["row"]).isdisjoint(nk_rows_excel)
    assert sorted(with_keys.notation_keys["row"]) == sorted(nk_rows_excel)
    if numbers:
        without = gpc.calculate(_frame(numbers), city=CITY)
        _same_series(_by_ref_gas(with_keys), _by_ref_gas(without))
        for name in taxonomy.TOTALS:
            assert _close(float(with_keys.total(name)), float(without.total(name)))
    else:
        assert len(with_keys.emissions) == 0
        for name in taxonomy.TOTALS:
            assert float(with_keys.total(name)) == 0.0
    s = with_keys.summary()
    only_keys = set(r["gpc_ref"] for r in keys) - set(r["gpc_ref"] for r in numbers)
    for ref in only_keys:  # a row with only a notation key shows the key and no number
        assert s.loc[ref, "notation_key"]
        assert pd.isna(s.loc[ref, "co2e_t"]) or s.loc[ref, "co2e_t"] == 0


@pytest.mark.parametrize("unit,per_gj", sorted(GJ_PER.items()))
def test_unit_conversion_factors(unit: str, per_gj: float) -> None:
    """The conversion factors the unit property relies on (tce = 29.3076 GJ, GB/T 2589)."""
    from gpc.units import factor_to

    assert math.isclose(factor_to(unit, "GJ"), per_gj, rel_tol=1e-12)
