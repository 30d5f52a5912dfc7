"""Charts of a small city: the scale comes from the magnitude (kt or t, not ``0.0M``) and the value axis
starts at zero. The small inventory of conftest.py: BASIC+ = 6,796.65 t, territorial 7,406.65 t."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from gpc.reports import common
from tests.reports.conftest import BASIC_PLUS, I11


@pytest.mark.parametrize("values, unit, axis", [
    ([81_836_613.0], "Mt", '#,##0,," Mt"'),                           # 81.8 Mt: whole Mt on the axis
    ([2_500_000.0], "Mt", '#,##0.0,," Mt"'),                          # 2.5 Mt: one decimal
    ([7_406.65, 6_466.65], "kt", '#,##0.0," kt"'),                    # 7.4 kt
    ([52_300.0, -1_000.0], "kt", '#,##0," kt"'),
    ([120.0], "t", '#,##0" t"'),
    ([], "t", '#,##0.0" t"'),
])
def test_value_scale(values, unit, axis) -> None:
    got = common.value_scale(values)
    assert got[1] == unit and got[2] == axis
    assert got[0] == {"Mt": 1e6, "kt": 1e3, "t": 1.0}[unit]


def test_workbook_charts_of_a_small_city_are_in_kt_from_zero(small_inv, tmp_path: Path) -> None:
    out = tmp_path / "inv.xlsx"
    small_inv.to_excel(out)
    with zipfile.ZipFile(out) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert charts
    text = "".join(charts)
    assert '"M"' not in text and " Mt" not in text
    assert "kt" in text  # the totals (≈ 7 kt) and sectors are in kt
    for xml in charts:
        if "<c:pieChart>" in xml:
            continue
        assert re.search(r'<c:valAx>.*?<c:min val="0"/>', xml, re.S), "the value axis starts at zero"


pytest.importorskip("matplotlib")


@pytest.mark.parametrize("kind", ["sector", "gas", "waterfall"])
def test_figures_of_a_small_city_are_in_kt_from_zero(small_inv, kind: str) -> None:
    from gpc.reports.figures import plot

    fig = plot(small_inv, kind)
    ax = fig.axes[0]
    label = ax.get_ylabel() if kind == "waterfall" else ax.get_xlabel()
    assert label == "kt CO2e"
    low, high = ax.get_ylim() if kind == "waterfall" else ax.get_xlim()
    assert low == 0.0
    if kind == "sector":  # the longest bar, BASIC+ energy: I.1.1 + I.1.2 = 6,126.65 t = 6.1 kt
        assert high >= (I11 + 500) / 1e3
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "0.00 Mt" not in texts and "kt" in texts
    assert BASIC_PLUS > 1e3
