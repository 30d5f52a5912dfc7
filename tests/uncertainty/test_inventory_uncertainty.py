"""``Inventory.uncertainty``: inputs from the sheets, the defaults chain, shared factors, both approaches."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import gpc
from gpc.errors import InputError

CITY = {"year": 2023, "grid_factor": "0.5 t/MWh"}


def _grid(**extra) -> pd.DataFrame:
    # two grid rows of 200 MWh × 0.5 t/MWh = 100 t CO2 each
    df = pd.DataFrame({"gpc_ref": ["I.1.2", "I.2.2"], "activity": ["grid_electricity"] * 2, "amount": [200, 200],
                       "unit": ["MWh"] * 2})
    for k, v in extra.items():
        df[k] = v
    return df


def test_shared_city_grid_factor_is_one_input() -> None:
    inv = gpc.calculate(_grid(ad_uncertainty=[5, 5], ef_uncertainty=[10, 10]), city=CITY)
    r = inv.uncertainty(approach=1)
    # each record: sqrt(5² + 10²) = 11.180 %
    assert r.records["u_record_pct"].tolist() == pytest.approx([math.sqrt(125)] * 2)
    # BASIC 200 t: sqrt((5·100)² + (5·100)² + (10·200)²)/200 = 10.607 %
    tot = r.total("BASIC")
    assert tot["co2e_t"] == pytest.approx(200.0)
    assert tot["u_plus_pct"] == pytest.approx(math.sqrt(500 ** 2 * 2 + 2000 ** 2) / 200, rel=1e-9)
    assert tot["u_plus_pct"] == pytest.approx(10.607, abs=1e-3)
    assert tot["lower_t"] == pytest.approx(200 * (1 - 0.10607), abs=1e-2)
    # each GPC row alone: 11.180 %
    assert r.row("I.1.2")["u_plus_pct"] == pytest.approx(math.sqrt(125))
    # one factor input, two activity inputs
    assert sorted(r.inputs["kind"]) == ["activity", "activity", "factor"]
    # in the audit trail
    assert "u_record_pct" in inv.audit().columns and "ef_u_source" in inv.emissions.columns


def test_factors_typed_in_each_row_are_independent() -> None:
    inv = gpc.calculate(_grid(ef_co2=[0.5, 0.5], ef_unit=["t/MWh"] * 2, ad_uncertainty=[5, 5],
                              ef_uncertainty=[10, 10]), city={"year": 2023})
    r = inv.uncertainty(approach=1)
    # sqrt(2·(5·100)² + 2·(10·100)²)/200 = sqrt(2 500 000)/200 = 7.906 %
    assert r.total("BASIC")["u_plus_pct"] == pytest.approx(math.sqrt(2_500_000) / 200, rel=1e-9)
    assert r.total("BASIC")["u_plus_pct"] == pytest.approx(7.906, abs=1e-3)


def test_defaults_chain_table_range_then_data_quality() -> None:
    df = pd.DataFrame({"gpc_ref": ["I.1.1", "I.1.1"], "activity": ["natural_gas", "natural_gas"],
                       "amount": [1000, 1000], "unit": ["GJ", "GJ"], "data_quality": ["H", None]})
    inv = gpc.calculate(df, city={"year": 2023})
    rec = inv.uncertainty(approach=1).records
    co2 = rec[rec["gas"] == "CO2"].iloc[0]
    # IPCC 2006 Vol. 2 Table 1.4 natural gas 56 100 (54 300–58 300) kg/TJ:
    # −(56 100 − 54 300)/56 100 = −3.2086 %, +(58 300 − 56 100)/56 100 = +3.9216 %
    assert co2["ef_u_lower_pct"] == pytest.approx(1800 / 56100 * 100)
    assert co2["ef_u_upper_pct"] == pytest.approx(2200 / 56100 * 100)
    assert "Table 1.4" in co2["ef_u_source"]
    # activity data quality H → ±5 % (gpc/data/uncertainty_defaults.csv); record sqrt(5² + 3.9216²) = 6.354 %
    assert co2["ad_u_lower_pct"] == 5 and "quality H" in co2["ad_u_source"]
    assert co2["u_record_pct"] == pytest.approx(math.sqrt(25 + (2200 / 56100 * 100) ** 2))
    assert co2["u_record_pct"] == pytest.approx(6.354, abs=1e-3)
    # CH4, residential (Table 2.5) natural gas 5 (1.5–15) kg/TJ: −70 %, +200 %, skewed → lognormal
    ch4 = rec[rec["gas"] == "CH4"].iloc[0]
    assert (ch4["ef_u_lower_pct"], ch4["ef_u_upper_pct"]) == pytest.approx((70.0, 200.0))
    assert ch4["ef_distribution"] == "lognormal"
    # the row without a data-quality letter: ±20 %
    assert rec[rec["row"] == 3]["ad_u_lower_pct"].eq(20).all()


def test_approach_1_flagged_when_not_valid() -> None:
    inv = gpc.calculate(_grid(ef_uncertainty=[80, 80]), city=CITY)
    r = inv.uncertainty(approach=1)
    tot = r.total("BASIC")
    assert not tot["approach1_valid"]
    assert "Approach 2" in tot["note"]


def test_monte_carlo_agrees_with_approach_1_and_is_reproducible() -> None:
    rows = pd.DataFrame({"gpc_ref": ["I.1.2", "I.2.2", "I.3.2", "II.1.2"], "activity": ["grid_electricity"] * 4,
                         "amount": [200, 400, 600, 800], "unit": ["MWh"] * 4, "ad_uncertainty": [5, 8, 3, 10],
                         "ef_uncertainty": [10] * 4})
    inv = gpc.calculate(rows, city=CITY)
    a1 = inv.uncertainty(approach=1).total("BASIC")
    # by hand: emissions 100, 200, 300, 400 t; sqrt(5² + 16² + 9² + 40²) = sqrt(1962) activity part,
    # factor 10 % of 1000 t = 100 → sqrt(1962 + 10 000)/1000 = 10.937 %
    assert a1["u_plus_pct"] == pytest.approx(math.sqrt(1962 + 100 ** 2) / 1000 * 100, rel=1e-9)
    r2 = inv.uncertainty(approach=2, iterations=50_000, seed=11)
    t2 = r2.total("BASIC")
    half = (t2["p97_5_t"] - t2["p2_5_t"]) / 2 / 1000 * 100
    assert half == pytest.approx(a1["u_plus_pct"], rel=0.03)
    assert t2["mean_t"] == pytest.approx(1000, rel=0.005)
    again = inv.uncertainty(approach=2, iterations=50_000, seed=11)
    pd.testing.assert_frame_equal(r2.table, again.table)
    # the shared factor is what to improve first: share 10 000/11 962 = 83.6 %
    c = r2.contributions
    assert c.iloc[0]["kind"] == "factor"
    assert c.iloc[0]["share_of_variance"] == pytest.approx(10_000 / 11_962, rel=1e-9)
    assert c.iloc[0]["mc_share"] == pytest.approx(10_000 / 11_962, abs=0.02)


def test_bad_uncertainty_cells_are_located() -> None:
    # refused on the one validation path (gpc.calculate, gpc validate), not only when uncertainty is asked for
    with pytest.raises(InputError) as exc:
        gpc.calculate(_grid(ad_uncertainty=[-5, 0.05]), city=CITY)
    p = {(x.row, x.column) for x in exc.value.problems}
    assert p == {(2, "ad_uncertainty"), (3, "ad_uncertainty")}
    assert "ambiguous" in str(exc.value)


def test_validate_reports_uncertainty_cells(tmp_path) -> None:
    """`gpc validate` finds a cell `gpc build --uncertainty` would refuse (0.05: ±5 % typed as a percent?)."""
    import openpyxl
    from click.testing import CliRunner

    from gpc.cli import cli

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "city"
    ws.append(["field", "value"])
    ws.append(["year", 2023])
    ws.append(["grid_factor", "0.5 t/MWh"])
    act = wb.create_sheet("activity")
    act.append(["gpc_ref", "activity", "amount", "unit", "ef_uncertainty", "ef_distribution"])
    act.append(["I.1.2", "grid_electricity", 200, "MWh", 0.05, None])
    act.append(["I.2.2", "grid_electricity", 200, "MWh", 10, "gaussian"])
    path = tmp_path / "city.xlsx"
    wb.save(path)
    res = CliRunner().invoke(cli, ["validate", str(path)])
    assert res.exit_code == 2, res.output
    assert "row 2" in res.output and "ef_uncertainty" in res.output and "ambiguous" in res.output
    assert "row 3" in res.output and "ef_distribution" in res.output


def test_example_city_runs_fast_and_every_record_has_a_source() -> None:
    from pathlib import Path

    inv = gpc.calculate(Path(__file__).resolve().parents[2] / "examples" / "example_city.xlsx")
    r = inv.uncertainty(approach=2, iterations=10_000, seed=1)   # speed: benchmarks/bench_uncertainty.py
    assert r.records["ad_u_source"].ne("").all() and r.records["ef_u_source"].ne("").all()
    t = r.table
    assert set(t["level"]) == {"row", "sector", "scope", "total"}
    assert np.isfinite(t.loc[t["level"] == "total", ["p2_5_t", "p97_5_t"]].to_numpy()).all()


def test_inventory_without_emissions() -> None:
    df = pd.DataFrame({"gpc_ref": ["I.1.1"], "notation_key": ["NO"], "explanation": ["none"]})
    inv = gpc.calculate(df, city={"year": 2023})
    for approach in (1, 2):
        r = inv.uncertainty(approach=approach, iterations=100, seed=1)
        assert r.total("BASIC")["co2e_t"] == 0
        assert np.isnan(r.total("BASIC")["u_plus_pct"])      # no relative uncertainty of zero


def test_default_ncv_is_a_shared_input() -> None:
    # two gas/diesel oil rows given in tonnes: the IPCC default NCV 43.0 (41.4–43.3) TJ/Gg of Table 1.2 is one
    # input for both; −(43.0 − 41.4)/43.0 = −3.721 %, +(43.3 − 43.0)/43.0 = +0.698 %
    df = pd.DataFrame({"gpc_ref": ["I.3.1", "I.3.1"], "activity": ["gas_diesel_oil"] * 2, "amount": [100, 50],
                       "unit": ["t", "t"], "data_quality": ["H", "H"]})
    inv = gpc.calculate(df, city={"year": 2023})
    r = inv.uncertainty(approach=1)
    rec = r.records
    co2 = rec[rec["gas"] == "CO2"].iloc[0]
    assert co2["ncv_u_lower_pct"] == pytest.approx(1.6 / 43.0 * 100)
    assert co2["ncv_u_upper_pct"] == pytest.approx(0.3 / 43.0 * 100)
    assert "Table 1.2" in co2["ncv_u_source"]
    assert (r.inputs["kind"] == "ncv").sum() == 1
    # record: activity ±5 % (H), NCV larger half 3.721 %, CO2 factor Table 1.4 74 100 (72 600–74 800) larger
    # half (74 100 − 72 600)/74 100 = 2.024 %: sqrt(25 + 13.845 + 4.098) = 6.553 %
    expected = math.sqrt(5 ** 2 + (1.6 / 43 * 100) ** 2 + (1500 / 74100 * 100) ** 2)
    assert co2["u_record_pct"] == pytest.approx(expected)
    assert expected == pytest.approx(6.553, abs=1e-3)


def test_chinese_headers_carry_the_row_uncertainty(tmp_path) -> None:
    # a Chinese workbook names its sheets 活动数据 …: the row's ± % must still be the row's, not a default
    import openpyxl

    path = tmp_path / "示例市.xlsx"
    gpc.write_template(path, lang="zh")
    wb = openpyxl.load_workbook(path)
    for r in wb["城市"].iter_rows(min_row=2):
        if r[0].value == "year":
            r[1].value = 2023
        elif r[0].value == "grid_factor":
            r[1].value = "0.5 t/MWh"
    ws = wb["活动数据"]
    col = {c.value: c.column for c in ws[1]}
    for k, v in {"参考编号": "I.1.2", "活动": "grid_electricity", "数量": 200, "单位": "MWh",
                 "活动水平不确定性": 5, "排放因子不确定性": 10}.items():
        ws.cell(2, col[k], v)
    wb.save(path)
    inv = gpc.calculate(path)
    r = inv.uncertainty(approach=1)
    rec = r.records.iloc[0]
    assert rec["sheet"] == "活动数据"
    assert (rec["ad_u_lower_pct"], rec["ef_u_lower_pct"]) == (5, 10)
    assert str(rec["ad_u_source"]).startswith("row") and str(rec["ef_u_source"]).startswith("row")
    # sqrt(5² + 10²) = 11.180 %
    assert r.total("BASIC")["u_plus_pct"] == pytest.approx(math.sqrt(125), rel=1e-9)


def test_transport_and_flights_sheets_take_row_uncertainty(workbook) -> None:
    # issue #16 item 1: the optional columns on every activity sheet, the transport sheets included.
    # Electric buses: 100 × 60 000 km × 100 kWh/100km = 6 000 MWh × 0.5 t/MWh = 3 000 t (II.1.2), activity ±10 %,
    # factor ±20 %: sqrt(10² + 20²) = 22.361 %. A320: 1 000 departing LTOs × 2 440 kg = 2 440 t CO2 (II.4.3,
    # Table 3.6.9), activity ±5 %, factor ±30 %: sqrt(5² + 30²) = 30.414 %.
    transport = pd.DataFrame([{"gpc_ref": "II.1", "method": "resident_activity", "vehicle_class": "bus",
                               "fuel": "electricity", "vehicles": 100, "annual_km": 60000, "fuel_intensity": 100,
                               "intensity_unit": "kWh/100km", "ad_uncertainty": 10, "ef_uncertainty": 20}])
    flights = pd.DataFrame([{"gpc_ref": "II.4", "trip": "departing", "basis": "lto", "aircraft": "A320",
                             "lto_cycles": 1000, "ad_uncertainty": 5, "ef_uncertainty": 30}])
    path = workbook({"name": "T", "year": 2023, "grid_factor": "0.5 t/MWh"}, [], transport=transport,
                    flights_voyages=flights)
    r = gpc.calculate(path).uncertainty(approach=1)
    rec = r.records.set_index(["gpc_ref", "gas"])
    assert rec.loc[("II.1.2", "CO2"), "u_record_pct"] == pytest.approx(math.sqrt(500), rel=1e-9)
    assert rec.loc[("II.4.3", "CO2"), "u_record_pct"] == pytest.approx(math.sqrt(925), rel=1e-9)
    assert str(rec.loc[("II.4.3", "CO2"), "ad_u_source"]).startswith("row")
    assert r.row("II.1.2")["u_plus_pct"] == pytest.approx(22.361, abs=1e-3)


def test_a_bad_cell_is_reported_once_not_once_per_gas(workbook) -> None:
    # a transport row gives three records (CO2, CH4, N2O): its one ambiguous cell is one problem
    transport = pd.DataFrame([{"gpc_ref": "II.1", "method": "geographic", "fuel": "motor_gasoline", "vkt": 100,
                               "fuel_intensity": 8, "intensity_unit": "L/100km", "ef_uncertainty": 0.5}])
    with pytest.raises(InputError) as exc:
        gpc.calculate(workbook({"name": "T", "year": 2023}, [], transport=transport))
    assert [(p.sheet, p.row, p.column) for p in exc.value.problems] == [("transport", 2, "ef_uncertainty")]
    # and once when the model reads the records of the row (an inventory built before the cell went bad)
    transport.loc[0, "ef_uncertainty"] = 5
    inv = gpc.calculate(workbook({"name": "T", "year": 2023}, [], transport=transport))
    assert len(inv.emissions) == 3
    inv.activity.tables["transport"].loc[:, "ef_uncertainty"] = 0.5
    with pytest.raises(InputError) as exc:
        inv.uncertainty()
    assert [(p.sheet, p.row, p.column) for p in exc.value.problems] == [("transport", 2, "ef_uncertainty")]
