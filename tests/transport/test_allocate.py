"""gpc.methods.transport.allocate: which kilometres count and where (GPC v1.1 §7.2), by hand."""

from __future__ import annotations

import numpy as np
import pytest

from gpc.methods.transport import allocate, row_distance

NAN = np.nan


@pytest.mark.parametrize("method, option, o, d, s, km_in, km_out", [
    # 20 km trip, 30 % inside the boundary
    ("induced_activity", 1, 1, 0, 0.3, 0.5 * 20 * 0.3, 0.5 * 20 * 0.7),    # departing: 50 % counted → 3 / 7
    ("induced_activity", 1, 0, 1, 0.3, 3.0, 7.0),                            # arriving: the same 50 %
    ("induced_activity", 1, 1, 1, NAN, 20.0, 0.0),                           # inside the city: all, all II.x.1
    ("induced_activity", 2, 1, 0, 0.3, 20 * 0.3, 0.0),                       # option 2, departing: in-boundary part
    ("induced_activity", 2, 0, 1, 0.3, 0.0, 0.0),                            # option 2, arriving: the origin's
    ("geographic", 1, 0, 0, 0.3, 6.0, 0.0),                                  # pass-through: the inside part only
    ("resident_activity", 1, 1, 0, 0.3, 6.0, 14.0),                          # residents' trips in full
    ("geographic", 1, NAN, NAN, NAN, 20.0, 0.0),                             # VKT row: all in the row's ref
])
def test_allocation(method, option, o, d, s, km_in, km_out):
    a, b, _ = allocate([20.0], [method], [option], [o], [d], [s])
    assert a[0] == pytest.approx(km_in, rel=1e-12) and b[0] == pytest.approx(km_out, rel=1e-12)


def test_option_2_outside_named_option():
    # induced_option2_outside scope3: the departing trip in full, 20 × 0.3 = 6 km II.x.1, 20 × 0.7 = 14 km II.x.3;
    # arriving trips stay 0 and option 1 ignores the flag (0.5 × 20 × 0.3 = 3, 0.5 × 20 × 0.7 = 7)
    a, b, c = allocate([20.0] * 3, ["induced_activity"] * 3, [2, 2, 1], [1, 0, 1], [0, 1, 0], [0.3] * 3,
                       [True, True, True])
    assert list(a) == pytest.approx([6.0, 0.0, 3.0]) and list(b) == pytest.approx([14.0, 0.0, 7.0])
    assert list(c) == [1.0, 0.0, 0.5]


def test_row_distance_sources():
    km, kind = row_distance([100.0, NAN, NAN], [NAN, 1000, NAN], [NAN, 12000, NAN], [NAN, NAN, 50], [NAN, NAN, 20])
    assert list(km) == [100.0, 12_000_000.0, 1000.0] and list(kind) == [0, 1, 2]
