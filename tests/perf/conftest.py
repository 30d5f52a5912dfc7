"""Generated activity tables for the scale tests (no timing here: see benchmarks/)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

REFS = ("I.1.1", "I.2.1", "I.3.1", "I.4.1")
FUELS = ("natural_gas", "gas_diesel_oil", "other_bituminous_coal", "lpg")
UNITS = {"natural_gas": ("GJ", "TJ", "m3", "万立方米", "t"), "gas_diesel_oil": ("GJ", "t", "L", "kL"),
         "other_bituminous_coal": ("GJ", "t", "万吨", "tce"), "lpg": ("GJ", "t", "L")}


def make_activity(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` rows of stationary fuels, road diesel and grid electricity in mixed units."""
    rng = np.random.default_rng(seed)
    combos = [(r, f, u) for r in REFS for f in FUELS for u in UNITS[f]]
    combos += [("II.1.1", "gas_diesel_oil", u) for u in ("GJ", "L", "t")]
    combos += [(r, "grid_electricity", u) for r in ("I.1.2", "I.3.2") for u in ("MWh", "kWh", "万千瓦时")]
    c = np.array(combos, dtype=object)[rng.integers(0, len(combos), n)]
    return pd.DataFrame({"gpc_ref": c[:, 0], "activity": c[:, 1], "amount": np.round(rng.uniform(1, 1000, n), 3),
                         "unit": c[:, 2], "data_quality": np.array(["H", "M", "L"])[rng.integers(0, 3, n)]})


CITY = {"year": 2023, "grid_factor": "0.5703 t/MWh"}


@pytest.fixture
def activity() -> pd.DataFrame:
    return make_activity(3000)
