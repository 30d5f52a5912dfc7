"""What the printed-range tests share: one record, and its factor range asserted."""

from __future__ import annotations

import pandas as pd
import pytest

REL = 1e-9


def assert_factor_range(r: pd.Series, lower: float, upper: float, *in_source: str) -> None:
    """The record's factor interval (± % below, above) and words its source must name."""
    assert r["ef_u_lower_pct"] == pytest.approx(lower, rel=REL)
    assert r["ef_u_upper_pct"] == pytest.approx(upper, rel=REL)
    for s in in_source:
        assert s in r["ef_u_source"], (s, r["ef_u_source"])
