"""Printed ranges of composed factors: IPCC 2006 Vol. 1 Eq. 3.1 over the defaults a record used
(gpc.factors.ranges), and their place in the defaults chain of gpc.uncertainty."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gpc.factors.ranges import combine_product, relative_range


def test_relative_range_of_a_printed_interval() -> None:
    # MCF 0.6 printed with an interval 0.3–0.96: (0.6 − 0.3)/0.6 = 50 %, (0.96 − 0.6)/0.6 = 60 %
    lo, up = relative_range([0.6], [0.3], [0.96])
    assert lo.tolist() == pytest.approx([50.0])
    assert up.tolist() == pytest.approx([60.0])


def test_eq_3_1_product_of_four_defaults_halves_apart() -> None:
    # DOC ±20 %, DOCf ±20 %, MCF −10/+0 %, F ±5 %:
    # lower sqrt(20² + 20² + 10² + 5²) = sqrt(925) = 30.414 %; upper sqrt(20² + 20² + 0 + 5²) = sqrt(825) = 28.723 %
    lo, up = combine_product([(20, 20), (20, 20), (10, 0), (5, 5)])
    assert float(lo) == pytest.approx(math.sqrt(925))
    assert float(up) == pytest.approx(math.sqrt(825))
    assert float(lo) == pytest.approx(30.414, abs=1e-3)


def test_missing_parts_count_zero_all_missing_is_nan() -> None:
    lo, up = combine_product([(np.array([30.0, np.nan]), np.array([40.0, np.nan])),
                              (np.array([np.nan, np.nan]), np.array([np.nan, np.nan]))])
    assert lo[0] == pytest.approx(30.0) and up[0] == pytest.approx(40.0)
    assert np.isnan(lo[1]) and np.isnan(up[1])


def test_record_range_comes_before_table_and_quality_defaults() -> None:
    """A record carrying ef_lower_pct / ef_upper_pct (composed by its sector) uses them, unless its row types
    its own ef_uncertainty."""
    import pandas as pd

    import gpc

    df = pd.DataFrame({"gpc_ref": ["I.1.2", "I.2.2"], "activity": ["grid_electricity"] * 2, "amount": [200, 200],
                       "unit": ["MWh"] * 2, "ef_uncertainty": [None, 7.0]})
    inv = gpc.calculate(df, city={"year": 2023, "grid_factor": "0.5 t/MWh"})
    inv.emissions["ef_lower_pct"] = 12.0
    inv.emissions["ef_upper_pct"] = 30.0
    inv.emissions["ef_range_source"] = "test range"
    rec = inv.uncertainty(approach=1).records
    first, second = rec.iloc[0], rec.iloc[1]
    assert (first["ef_u_lower_pct"], first["ef_u_upper_pct"], first["ef_u_source"]) == (12.0, 30.0, "test range")
    assert (second["ef_u_lower_pct"], second["ef_u_upper_pct"]) == (7.0, 7.0)


def test_mobile_ch4_n2o_take_the_printed_ranges_of_their_own_technology() -> None:
    """IPCC 2006 Vol. 2 Table 3.2.2: motor gasoline uncontrolled CH4 33 (9.6–110) kg/TJ, oxidation catalyst
    CH4 25 (7.5–86) kg/TJ; Table 3.6.5 aircraft N2O 2 kg/TJ −70 %/+150 %."""
    import pandas as pd

    import gpc

    df = pd.DataFrame({"gpc_ref": ["II.1.1", "II.1.1", "II.4.1"],
                       "activity": ["motor_gasoline", "motor_gasoline", "jet_kerosene"],
                       "technology": ["uncontrolled", "oxidation_catalyst", None],
                       "amount": [1000, 1000, 1000], "unit": ["GJ"] * 3})
    rec = gpc.calculate(df, city={"year": 2023}).uncertainty(approach=1).records
    ch4 = rec[rec["gas"] == "CH4"].set_index("factor_value")
    # uncontrolled: (33 − 9.6)/33 = 70.909 %, (110 − 33)/33 = 233.333 %
    assert ch4.loc[33.0, "ef_u_lower_pct"] == pytest.approx(23.4 / 33 * 100)
    assert ch4.loc[33.0, "ef_u_upper_pct"] == pytest.approx(77 / 33 * 100)
    # oxidation catalyst: (25 − 7.5)/25 = 70 %, (86 − 25)/25 = 244 %
    assert ch4.loc[25.0, "ef_u_lower_pct"] == pytest.approx(70.0)
    assert ch4.loc[25.0, "ef_u_upper_pct"] == pytest.approx(244.0)
    assert "Table 3.2.2" in ch4.loc[25.0, "ef_u_source"]
    n2o = rec[(rec["gas"] == "N2O") & (rec["gpc_ref"] == "II.4.1")].iloc[0]
    assert (n2o["ef_u_lower_pct"], n2o["ef_u_upper_pct"]) == (pytest.approx(70.0), pytest.approx(150.0))


def test_range_columns_per_record_used_parts_and_missing_named() -> None:
    from gpc.factors.ranges import range_columns

    # record 0: DOC ±20 and MCF −10/+0 used → sqrt(20² + 10²) = 22.36 % below, 20 % above;
    # record 1: MCF typed in the row (not used) → DOC alone ±20 %; F has no printed range (counted 0, named)
    cols = range_columns([("DOC", [20, 20], [20, 20], ["Table 3.5", "Table 3.5"], [True, True]),
                          ("MCF", [10, 10], [0, 0], ["Table 3.5", "Table 3.5"], [True, False]),
                          ("F", [np.nan, np.nan], [np.nan, np.nan], ["", ""], [True, True])], name_missing=True)
    assert cols["ef_lower_pct"].tolist() == pytest.approx([math.sqrt(500), 20.0])
    assert cols["ef_upper_pct"].tolist() == pytest.approx([20.0, 20.0])
    assert "DOC, MCF (Table 3.5)" in cols["ef_range_source"][0]
    assert "MCF" not in cols["ef_range_source"][1] and "counted 0): F" in cols["ef_range_source"][1]
