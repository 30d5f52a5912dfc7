"""The column-wise engine gives, record by record, what the equations give row by row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import gpc
from gpc.io.columns import type_column
from gpc.io.sheets import CellError, coerce, sheet_spec
from gpc.units import factor_to
from gpc.vector import Coded, groups

from .conftest import CITY


def test_each_record_is_its_own_row_times_its_factor(activity):
    inv = gpc.calculate(activity, city=CITY)
    e = inv.emissions
    assert set(e["row"]) == set(range(2, len(activity) + 2))
    fuel = e[e["method"] == "stationary_combustion"]
    # energy_gj × factor (t/GJ from its shown value and unit) = emissions, record by record
    per_gj = np.array([v * factor_to(u, "t/GJ") for v, u in zip(fuel["factor_value"], fuel["factor_unit"])])
    np.testing.assert_allclose(fuel["emissions_t"], fuel["energy_gj"] * per_gj, rtol=1e-12)
    grid = e[e["method"] == "grid_electricity"]
    mwh = np.array([a * factor_to(u, "MWh") for a, u in zip(grid["amount"], grid["unit"])])
    np.testing.assert_allclose(grid["emissions_t"], mwh * 0.5703, rtol=1e-12)
    np.testing.assert_allclose(e["co2e_t"], e["emissions_t"] * e["gwp_value"], rtol=0)


def test_chunks_give_the_same_records_as_the_whole(activity):
    whole = gpc.calculate(activity, city=CITY).emissions
    parts = [gpc.calculate(activity.iloc[i:i + 700].assign(sheet="activity", row=np.arange(i, i + 700)[:len(
        activity.iloc[i:i + 700])] + 2), city=CITY).emissions for i in range(0, len(activity), 700)]
    stacked = pd.concat(parts, ignore_index=True)
    key = ["row", "gas", "gpc_ref"]
    a = whole.sort_values(key).reset_index(drop=True)
    b = stacked.sort_values(key).reset_index(drop=True)
    pd.testing.assert_series_equal(a["emissions_t"], b["emissions_t"])
    pd.testing.assert_series_equal(a["factor_source"], b["factor_source"])
    pd.testing.assert_series_equal(a["detail"], b["detail"])


def test_text_columns_are_plain_str(activity):
    e = gpc.calculate(activity, city=CITY).emissions
    for c in ("gpc_ref", "gas", "unit", "factor_source", "detail", "sector"):
        assert pd.api.types.is_string_dtype(e[c]) and not isinstance(e[c].dtype, pd.CategoricalDtype), c
    e.loc[e.index[:3], "detail"] = "edited"  # an ordinary column: any text can be written into it
    assert (e["detail"].iloc[:3] == "edited").all()


@pytest.mark.parametrize("column", ["gpc_ref", "activity", "amount", "unit", "gas", "notation_key", "ncv",
                                    "oxidation_factor", "biogenic", "data_quality"])
def test_typing_a_column_equals_typing_each_cell(column):
    col = sheet_spec("activity").column(column)
    cells = ["I.1.1", " i.3.1 ", "ＩＩ.1.1", "natural gas", "天然气", "12", "1,200", "5%", "-3", 7, 7.5, True, False,
             None, float("nan"), "", "  ", "#N/A", "GJ", "万千瓦时", "kg/L", "0.84 kg/L", "yes", "no", "H", "CO2",
             "NO", 1e308 * 10, "1e3", "abc"] * 5
    typed, errors = type_column(pd.Series(cells, dtype=object), col)
    bad = {i for i, _, _ in errors}
    for i, v in enumerate(cells):
        try:
            want = coerce(v, col)
        except CellError as exc:
            assert i in bad and [m for j, _, m in errors if j == i] == [str(exc)], (v, errors)
            continue
        got = typed[i]
        if want is None:
            assert got is None or (isinstance(got, float) and np.isnan(got)), (v, got)
        else:
            assert got == want and type(got) is type(want) or (isinstance(want, float) and got == want), (v, got, want)


def test_numbers_typed_from_text_match_python_float():
    col = sheet_spec("activity").column("amount")
    texts = [repr(float(x)) for x in np.random.default_rng(3).lognormal(3, 4, 2000)] + ["0.1", "1e-7", "123456789.123456789"]
    typed, errors = type_column(pd.Series(texts, dtype=object), col)
    assert not errors
    assert [float(t) for t in texts] == typed.tolist()


def test_groups_and_codes():
    a = Coded.of(pd.Series(["x", "y", None, "x"]))
    assert a.values().tolist() == ["x", "y", None, "x"]
    g, first = groups(np.array([0, 1, 0, 1, 2]), np.array([1, 1, 1, 0, -1]))
    assert g.tolist() == [0, 1, 0, 2, 3] and first.tolist() == [0, 1, 3, 4]
    big = Coded(np.arange(300) % 200, [str(i) for i in range(200)])
    assert big.codes.dtype == np.int16 and big.values()[250] == "50"
