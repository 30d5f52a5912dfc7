"""All problems at once, from one validation path (issue #12 "Trust", part C).

``gpc.read_activity``, ``gpc.calculate``, ``gpc validate`` and ``gpc build`` all go through
``gpc.engine.analyse``: for the same workbook they report the same complete list, and a bad city field hides
no row problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import gpc
from gpc.cli import cli
from tests.reliability.rel_helpers import CITY, activity_book, row

# (sheet, row, column) of every problem the workbook below holds
EXPECTED = {
    ("city", 7, "value"),          # population -5
    ("city", 8, "value"),          # td_loss_rate 1.5
    ("city", 9, "value"),          # region Atlantis (factors china)
    ("city", 11, "value"),         # name given twice with different values
    ("activity", 3, "activity"),   # unknown fuel 'lpgg'
    ("activity", 4, "amount"),     # negative amount
    ("activity", 6, "notation_key"),  # NO for I.2.1 beside the direct entry of row 5
    ("incineration", 2, "practice"),  # not a practice
    ("incineration", 3, "gpc_ref"),   # incineration reported in a solid-waste row
}


def _workbook(tmp: Path) -> Path:
    city = [*CITY, ("population", -5), ("td_loss_rate", 1.5), ("region", "Atlantis"), ("factors", "china"),
            ("name", "Otherville")]
    rows = [row("I.1.1", "lpgg", 5, "GJ"), row("I.1.1", "natural_gas", -1, "GJ"),
            row("I.2.1", "direct", 56, "t", gas="CO2e"), row("I.2.1", notation_key="NO", explanation="none")]
    inc = [["gpc_ref", "practice", "amount", "unit"], ["III.3.1", "burning_in_the_garden", 100, "t"],
           ["III.1.1", "incineration", 100, "t"]]
    return activity_book(tmp / "seven.xlsx", rows, city=city, incineration=inc)


def _where(problems) -> set[tuple]:  # type: ignore[no-untyped-def, type-arg]
    return {(p.sheet, p.row, p.column) for p in problems}


def _cli_lines(args: list[str]) -> list[str]:
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 2, res.output
    lines = [ln.strip() for ln in (res.stderr if hasattr(res, "stderr") else res.output).splitlines()]
    return [ln for ln in lines if ln and not ln.startswith(("error:", "warning:"))]


def test_every_entry_point_reports_the_same_complete_list(tmp_path: Path) -> None:
    p = _workbook(tmp_path)
    with pytest.raises(gpc.InputError) as calc:
        gpc.calculate(p)
    with pytest.raises(gpc.InputError) as read:
        gpc.read_activity(p)
    assert _where(calc.value.problems) == EXPECTED
    assert [str(q) for q in read.value.problems] == [str(q) for q in calc.value.problems]
    text = [str(q) for q in calc.value.problems]
    assert _cli_lines(["validate", str(p)]) == text
    assert _cli_lines(["build", str(p), "-o", str(tmp_path / "out.xlsx")]) == text
    assert not (tmp_path / "out.xlsx").exists()


def test_a_good_workbook_reads_and_computes_alike(tmp_path: Path) -> None:
    p = activity_book(tmp_path / "good.xlsx", [row("I.2.1", "direct", 56, "t", gas="CO2")],
                      city=[*CITY, ("region", "湖北")])
    data = gpc.read_activity(p)
    assert data.settings.region == "CN-HB" and not data.problems
    inv = gpc.calculate(p)
    # 1 000 GJ natural gas = 1 TJ × 56 100 kg/TJ (IPCC 2006 Vol. 2 Table 2.2) = 56.1 t, plus the direct 56 t
    assert inv.summary().loc["I.1.1", "CO2"] == pytest.approx(56.1)
    assert inv.summary().loc["I.2.1", "CO2"] == pytest.approx(56.0)
    assert gpc.calculate(data).total("BASIC") == pytest.approx(inv.total("BASIC"))


def test_csv_input_goes_through_the_same_checks(tmp_path: Path) -> None:
    p = tmp_path / "rows.csv"
    p.write_text("gpc_ref,activity,amount,unit,gas,notation_key,explanation\n"
                 "I.2.1,direct,56,t,CO2e,,\nI.2.1,,,,,NO,none\nI.1.1,lpgg,5,GJ,,,\n", encoding="utf-8")
    city = {"year": 2023, "population": 0}
    with pytest.raises(gpc.InputError) as calc:
        gpc.calculate(p, city=city)
    with pytest.raises(gpc.InputError) as read:
        gpc.read_activity(p, city=city)
    assert [str(q) for q in read.value.problems] == [str(q) for q in calc.value.problems]
    assert _where(calc.value.problems) == {("city", None, "population"), ("rows.csv", 3, "notation_key"),
                                           ("rows.csv", 4, "activity")}
