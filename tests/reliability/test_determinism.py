"""Determinism: the same input and options give the same numbers and, with a fixed timestamp, a
byte-identical inventory workbook (in the same process and across processes)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import gpc

from .rel_helpers import activity_book, row

ROWS = [row("I.1.1", "natural_gas", 1.5e6, "GJ", source="utility"), row("I.1.2", "grid_electricity", 2e5, "MWh"),
        row("I.3.1", "other_bituminous_coal", 12345.678, "tce"), row("II.1.1", "gas_diesel_oil", 40, "TJ"),
        row("I.1.1", "direct", 3, "t", gas="SF6"), row("I.2.1", notation_key="IE", explanation="in I.1.1"),
        row("I.4.4", "wood_wood_waste", 1000, "GJ")]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return activity_book(tmp_path_factory.mktemp("det") / "city.xlsx", ROWS)


def test_same_numbers(source: Path) -> None:
    a, b = gpc.calculate(source), gpc.calculate(source)
    pd.testing.assert_frame_equal(a.emissions, b.emissions)
    pd.testing.assert_frame_equal(a.summary(), b.summary())
    assert a.totals() == b.totals()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_byte_identical_workbook_with_a_fixed_timestamp(source: Path, tmp_path: Path, lang: str) -> None:
    one = gpc.calculate(source).to_excel(tmp_path / "one.xlsx", lang=lang, timestamp="2024-01-01")
    two = gpc.calculate(source).to_excel(tmp_path / "two.xlsx", lang=lang, timestamp="2024-01-01")
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as z:
        assert len({i.date_time for i in z.infolist()}) == 1  # a fixed date on every part, not the clock
        assert b"2024-01-01T00:00:00Z" in z.read("docProps/core.xml")
    other = gpc.calculate(source).to_excel(tmp_path / "three.xlsx", lang=lang, timestamp="2024-06-30")
    assert other.read_bytes() != one.read_bytes()  # the timestamp is the only thing that differs


def test_byte_identical_across_processes(source: Path, tmp_path: Path) -> None:
    """The CLI with --timestamp in two fresh processes with different hash seeds writes the same bytes."""
    outs = []
    for seed in ("1", "12345"):
        out = tmp_path / f"cli{seed}.xlsx"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        res = subprocess.run([sys.executable, "-m", "gpc.cli", "build", str(source), "-o", str(out),
                              "--timestamp", "2024-01-01", "-q"], capture_output=True, text=True, env=env,
                             timeout=120)
        assert res.returncode == 0, res.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    api = gpc.calculate(source).to_excel(tmp_path / "api.xlsx", timestamp="2024-01-01")
    assert api.read_bytes() == outs[0]


def test_source_date_epoch(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")  # 2024-01-01T00:00:00Z
    a = gpc.calculate(source).to_excel(tmp_path / "a.xlsx")
    b = gpc.calculate(source).to_excel(tmp_path / "b.xlsx", timestamp="2024-01-01")
    assert a.read_bytes() == b.read_bytes()
