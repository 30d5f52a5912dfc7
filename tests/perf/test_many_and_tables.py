"""calculate_many, chunked CSV/Parquet reading and partition-wise computation (results, not timings)."""

from __future__ import annotations

import pandas as pd
import pytest

import gpc
from gpc.io.stream import read_table_stream
from gpc.many import emissions_frame, emissions_meta

from .conftest import CITY, make_activity


def _totals(e: pd.DataFrame) -> pd.Series:
    return e.groupby(["gpc_ref", "gas"])["co2e_t"].sum().sort_index()


def test_calculate_many_stacks_cities_and_years():
    sources, single = {}, {}
    for i, (city, year) in enumerate([("A", 2021), ("A", 2022), ("B", 2022)]):
        data = _data(make_activity(400, seed=i), {**CITY, "year": year, "name": city})
        sources[f"{city} {year}"] = data
        single[f"{city} {year}"] = gpc.calculate(data).emissions
    many = gpc.calculate_many(sources)
    assert list(many.columns[:3]) == ["source", "city", "year"]
    assert set(zip(many["city"], many["year"])) == {("A", 2021), ("A", 2022), ("B", 2022)}
    for k, e in single.items():
        pd.testing.assert_series_equal(_totals(many[many["source"] == k]), _totals(e))
    assert len(many) == sum(len(e) for e in single.values())
    both, invs = gpc.calculate_many(list(sources.values()), inventories=True)
    assert sorted(invs) == ["A", "A (2)", "B"] and len(both) == len(many)


def _data(df, city):
    from gpc.io.tables_in import activity_from_frame

    return activity_from_frame(df, city, strict=False)


def test_calculate_many_reads_a_folder_and_reports_which_source_failed(tmp_path):
    for i in range(2):
        make_activity(300, seed=i).to_csv(tmp_path / f"city{i}.csv", index=False)
    many = gpc.calculate_many(tmp_path, city=CITY)
    assert sorted(set(many["source"])) == ["city0", "city1"]
    bad = make_activity(5)
    bad.loc[2, "unit"] = "furlongs"
    bad.to_csv(tmp_path / "zbad.csv", index=False)
    with pytest.raises(gpc.InputError) as err:
        gpc.calculate_many(tmp_path, city=CITY)
    assert all(p.sheet.startswith("zbad: ") for p in err.value.problems)
    skipped = gpc.calculate_many(tmp_path, city=CITY, errors="skip")
    assert sorted(set(skipped["source"])) == ["city0", "city1"] and list(skipped.attrs["errors"]) == ["zbad"]


@pytest.mark.parametrize("chunk", [97, 1000, 10_000])
def test_streamed_csv_equals_whole_file(tmp_path, chunk):
    df = make_activity(2500, seed=4)
    df["amount"] = df["amount"].astype(object)
    df.loc[10, "amount"] = "1,250.5"     # typed like a workbook cell, in any chunk
    df.loc[1500, "unit"] = " 万千瓦时 "
    path = tmp_path / "big.csv"
    df.to_csv(path, index=False)
    whole = gpc.read_activity(path, city=CITY)
    streamed = read_table_stream(path, CITY, chunk_rows=chunk)
    a, b = whole.activity, streamed.activity
    assert a["row"].tolist() == b["row"].tolist() == list(range(2, 2502))
    for c in a.columns:
        assert a[c].astype(object).where(a[c].notna(), None).tolist() == \
            b[c].astype(object).where(b[c].notna(), None).tolist(), c
    assert isinstance(b["activity"].dtype, pd.CategoricalDtype)  # text kept as codes
    pd.testing.assert_series_equal(_totals(gpc.calculate(whole).emissions), _totals(gpc.calculate(streamed).emissions))


def test_streamed_problems_keep_their_row_numbers(tmp_path):
    df = make_activity(1000, seed=5)
    df.loc[[3, 777], "unit"] = "bananas"
    path = tmp_path / "bad.csv"
    df.to_csv(path, index=False)
    with pytest.raises(gpc.InputError) as err:
        read_table_stream(path, CITY, chunk_rows=100)
    assert sorted(p.row for p in err.value.problems) == [5, 779]


def test_parquet_streamed(tmp_path):
    pytest.importorskip("pyarrow")
    df = make_activity(1200, seed=6)
    path = tmp_path / "t.parquet"
    df.to_parquet(path)
    a = gpc.read_activity(path, city=CITY)
    b = read_table_stream(path, CITY, chunk_rows=250)
    pd.testing.assert_series_equal(_totals(gpc.calculate(a).emissions), _totals(gpc.calculate(b).emissions))


def test_emissions_frame_per_partition_equals_whole():
    df = make_activity(2000, seed=7)
    whole = gpc.calculate(df, city=CITY).emissions
    parts = pd.concat([emissions_frame(df.iloc[i:i + 333], city=CITY) for i in range(0, len(df), 333)],
                      ignore_index=True)
    assert list(parts.columns) == list(emissions_meta().columns)
    key = ["row", "gas"]
    a = whole.sort_values(key).reset_index(drop=True)
    b = parts.sort_values(key).reset_index(drop=True)
    for c in ("gpc_ref", "gas", "row", "emissions_t", "co2e_t", "factor_source", "detail"):
        assert a[c].tolist() == b[c].tolist(), c
