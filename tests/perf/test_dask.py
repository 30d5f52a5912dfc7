"""Optional: the engine mapped over Dask partitions on a local cluster gives the pandas result.

Runs where dask is installed (``pip install gpc[dask]``), skipped elsewhere.
"""

from __future__ import annotations

import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import gpc  # noqa: E402 (after the importorskip of dask)
from gpc.many import emissions_frame, emissions_meta  # noqa: E402

from .conftest import CITY, make_activity  # noqa: E402


def test_dask_partitions_give_the_pandas_records():
    df = make_activity(4000, seed=11)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        ddf = dd.from_pandas(df, npartitions=5)
        out = ddf.map_partitions(emissions_frame, city=CITY, meta=emissions_meta()).compute()
    want = gpc.calculate(df, city=CITY).emissions
    key = ["row", "gas"]
    a = want.sort_values(key).reset_index(drop=True)
    b = out.sort_values(key).reset_index(drop=True)
    assert len(a) == len(b)
    for c in ("gpc_ref", "gas", "row", "unit", "factor_unit", "factor_source", "detail"):
        assert a[c].astype(object).tolist() == b[c].astype(object).tolist(), c
    for c in ("emissions_t", "co2e_t", "energy_gj", "factor_value"):
        pd.testing.assert_series_equal(a[c], b[c], check_exact=True, check_names=False)
