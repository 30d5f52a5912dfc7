"""Data quality per GPC row: the rating rules and the emission-weighted score, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gpc import quality


def _frame(sources, **cols):
    n = len(sources)
    base = {"factor_source": sources, "factor_name": ["ef"] * n, "factor_value": [1.0] * n,
            "method": ["m"] * n}
    base.update(cols)
    return pd.DataFrame(base)


def test_factor_quality_rules():
    ns = quality.national_sources()
    verified = next(k for k, v in ns.items() if v in ("V2", "V"))
    unverified = next(k for k, v in ns.items() if v == "M" and not any(o in k for o, f in ns.items()
                                                                     if f in ("V2", "V")))
    e = _frame(["IPCC 2006 Guidelines, Vol. 2, Ch. 3, Table 3.2.1", "row (user factor)",
                "city sheet (grid_factor)", verified, unverified, "some utility's report"])
    assert list(quality.factor_quality(e)) == ["L", "M", "M", "H", "M", "M"]


def test_user_factor_quality_as_given_and_direct_entries_use_no_factor():
    e = _frame(["row (user factor)", "row (user factor)", "IPCC 2006", "entered directly"],
               factor_quality=["H", None, "H", None], method=["m", "m", "m", "direct_entry"])
    e.loc[3, "factor_value"] = np.nan
    q = list(quality.factor_quality(e))
    # as given for a user factor; M when not given; never for an IPCC default; none for a direct entry
    assert q[:3] == ["H", "M", "L"]
    assert q[3] is None or pd.isna(q[3])


def test_quality_table_by_hand(small_inv):
    q = quality.quality_table(small_inv).set_index("gpc_ref")
    # I.1.1: activity data H (3), IPCC factors L (1) → 2.0 → M
    assert q.loc["I.1.1", ["activity_quality", "factor_quality", "score", "rating"]].tolist() == ["H", "L", 2.0, "M"]
    # I.1.2: activity M, the row's own factor M → 2.0
    assert q.loc["I.1.2", ["activity_quality", "factor_quality", "score"]].tolist() == ["M", "M", 2.0]
    # direct entries: no factor, the activity data alone
    assert q.loc["II.1.1", ["factor_quality", "score", "rating"]].tolist() == ["—", 1.0, "L"]
    assert q.loc["I.4.4", ["score", "rating"]].tolist() == [3.0, "H"]
    assert q.loc["I.7.1", "status"] == "notation key" and q.loc["I.7.1", "notation_key"] == "NO"
    assert q.loc["I.2.1", "status"] == "missing"              # BASIC, nothing given
    assert q.loc["I.1.3", "status"] == "not reported"         # BASIC+ only
    assert q.loc["I.1.1", "method"] == "stationary_combustion"
    assert len(q) == 53


def test_overall_score_weighted_by_emissions(small_inv):
    # weights = |t CO2e| per record; scores: 2 for I.1.1 (3 records), I.1.2, II.1.3, III.1.2, III.1.3;
    # 1 for II.1.1; 3 for I.4.4 and IV.1
    w2 = 5_610 + 14 + 2.65 + 500 + 30 + 140 + 280
    expected = (2 * w2 + 1 * 200 + 3 * 1_300) / (w2 + 200 + 1_300)
    score, rating = quality.overall(small_inv)
    assert score == pytest.approx(round(expected, 2))
    assert rating == "M"


def test_missing_activity_quality_counts_as_low(small_inv):
    e = small_inv.emissions.copy()
    e["data_quality"] = None
    inv = type(small_inv)(emissions=e, notation_keys=small_inv.notation_keys, settings=small_inv.settings)
    q = quality.quality_table(inv).set_index("gpc_ref")
    assert q.loc["I.1.1", "activity_quality"] == "?"
    assert q.loc["I.1.1", "score"] == 1.0          # (L + L) / 2


def test_rating_thresholds():
    assert [quality.rating(x) for x in (3.0, 2.5, 2.49, 1.5, 1.49, 1.0)] == ["H", "H", "M", "M", "L", "L"]
    assert quality.rating(float("nan")) == ""
