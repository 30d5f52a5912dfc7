"""The example city's scenario (make demo): runs, wedges add up, the base year is the inventory, a figure."""

from __future__ import annotations

import numpy as np
import pytest

import gpc
from tests.conftest import REPO


@pytest.fixture(scope="module")
def pathway():
    from gpc.pathways.scenario import read_scenario

    sc = read_scenario(REPO / "examples" / "example_city_scenario.xlsx")
    sc.targets = sc.targets[sc.targets["target"] != "net_zero"]   # 2060: beyond the shorter horizon of the test
    return gpc.project(REPO / "examples" / "example_city.xlsx", sc, horizon=2040)


def test_example_pathway(pathway):
    p = pathway
    t = p.totals.set_index("year")
    assert t.index.min() == 2023 and t.index.max() == 2040
    base = gpc.calculate(REPO / "examples" / "example_city.xlsx").total("BASIC")
    assert t.loc[2023, "BAU"] == pytest.approx(float(base), rel=1e-12)
    assert t.loc[2023, "peak plan"] == pytest.approx(float(base), rel=1e-12)
    w = p.wedges[p.wedges["scenario"] == "peak plan"].groupby("year")["co2e_t"].sum()
    np.testing.assert_allclose(w.to_numpy(), (t["BAU"] - t["peak plan"]).to_numpy(), rtol=0, atol=1e-4)
    assert list(dict.fromkeys(p.wedges["action"])) == ["building retrofit", "industrial coal to gas",
                                                      "electric vehicles", "green power purchase",
                                                      "food waste composting"]
    # every projected record knows its year and scenario
    assert p.records["year"].notna().all() and set(p.records["scenario"]) == {"BAU", "peak plan"}


def test_example_figure(pathway, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "pathway.png"
    pathway.plot(out)
    assert out.stat().st_size > 10_000
