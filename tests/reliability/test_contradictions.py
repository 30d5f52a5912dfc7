"""Contradictions are refused with a located message (issue #12 "Trust", part C).

Every case builds a real .xlsx workbook. Refusals: one GPC row with two notation keys; NO / IE / C beside data
that give emissions in the same GPC row (activity rows, direct entries, waste / IPPU / AFOLU rows, T&D losses); a
city field given twice with different values; city numbers out of range; an unknown region (reported once, at
the city field); a sheet named unlike any gpc sheet that holds gpc columns. Accepted, with the exact number:
NE beside data (a partial estimate), IE naming its activity beside data, the same city value twice, Chinese
province names as regions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest import approx

import gpc
from tests.reliability.rel_helpers import CITY, HEADER, activity_book, find, openpyxl_book, problems_of, row

NK = dict(explanation="not occurring in the city")


def _book(tmp: Path, rows: list[list], **kw) -> Path:  # type: ignore[no-untyped-def, type-arg]
    return activity_book(tmp / "a.xlsx", rows, **kw)


# ------------------------------------------------------------------------------------- notation keys
def test_two_different_notation_keys_for_one_gpc_row(tmp_path: Path) -> None:
    # row 2 is GOOD (I.1.1); rows 3 and 4 give II.2.1 two keys
    p = _book(tmp_path, [row("II.2.1", notation_key="NO", **NK), row("II.2.1", notation_key="NE", **NK)])
    ps = problems_of(p)
    hit = find(ps, sheet="activity", row=4, column="notation_key", text="II.2.1")
    assert "row 3" in hit.message and "NO" in hit.message and "NE" in hit.message
    assert len(ps) == 1


def test_the_same_notation_key_twice_is_no_contradiction(tmp_path: Path) -> None:
    p = _book(tmp_path, [row("II.2.1", notation_key="NO", **NK), row("II.2.1", notation_key="NO", **NK)])
    inv = gpc.calculate(p)
    assert sorted(inv.notation_keys["row"]) == [3, 4]


def test_no_beside_a_direct_entry_of_56_t_co2e(tmp_path: Path) -> None:
    p = _book(tmp_path, [row("I.2.1", "direct", 56, "t", gas="CO2e"), row("I.2.1", notation_key="NO", **NK)])
    hit = find(problems_of(p), sheet="activity", row=4, column="notation_key", text="I.2.1")
    assert "row 3 of 'activity'" in hit.message and "NO" in hit.message


def test_no_beside_a_fuel_row_in_another_order(tmp_path: Path) -> None:
    # the NO row first, the data after it: still refused, at the NO row, naming the data row
    p = _book(tmp_path, [row("I.1.1", notation_key="NO", **NK)])
    hit = find(problems_of(p), sheet="activity", row=3, column="notation_key", text="I.1.1")
    assert "row 2 of 'activity'" in hit.message


def test_a_notation_key_and_an_amount_in_one_row(tmp_path: Path) -> None:
    p = _book(tmp_path, [row("I.2.1", "direct", 56, "t", gas="CO2e", notation_key="NO", **NK)])
    find(problems_of(p), sheet="activity", row=3, column="amount", text="notation key")


@pytest.mark.parametrize("cell", ["NO/NE", "NO, NE", "NO NE"])
def test_two_keys_in_one_cell(tmp_path: Path, cell: str) -> None:
    p = _book(tmp_path, [row("I.2.1", notation_key=cell, **NK)])
    find(problems_of(p), sheet="activity", row=3, column="notation_key")


def test_ie_for_the_whole_gpc_row_beside_data_is_refused(tmp_path: Path) -> None:
    p = _book(tmp_path, [row("I.1.1", notation_key="IE", explanation="included in I.3.1")])
    hit = find(problems_of(p), sheet="activity", row=3, column="notation_key", text="included in another")
    assert "row 2 of 'activity'" in hit.message


def test_ie_naming_its_activity_covers_that_part_only(tmp_path: Path) -> None:
    # the part of the natural gas used as feedstock is IE (in IPPU); the combusted 1 000 GJ are counted:
    # 1 000 GJ = 1 TJ × 56 100 kg CO2/TJ (IPCC 2006 Vol. 2 Table 2.2, natural gas) = 56.1 t CO2
    p = _book(tmp_path, [row("I.1.1", "natural_gas", notation_key="IE", explanation="feedstock, included in IV.1")])
    inv = gpc.calculate(p)
    co2 = inv.emissions[(inv.emissions["gas"] == "CO2") & (inv.emissions["row"] == 2)]["emissions_t"].sum()
    assert co2 == approx(56.1)
    assert list(inv.notation_keys["row"]) == [3]


def test_c_beside_data_would_publish_them(tmp_path: Path) -> None:
    p = _book(tmp_path, [row("I.1.1", notation_key="C", explanation="one plant, confidential")])
    find(problems_of(p), sheet="activity", row=3, column="notation_key", text="confidential")


def test_ne_beside_data_is_a_partial_estimate(tmp_path: Path) -> None:
    # direct entry: 56 t CO2 in I.2.1; NE says part of I.2.1 is not estimated — the 56 t are counted
    p = _book(tmp_path, [row("I.2.1", "direct", 56, "t", gas="CO2"),
                         row("I.2.1", notation_key="NE", explanation="small boilers not surveyed")])
    inv = gpc.calculate(p)
    assert inv.summary().loc["I.2.1", "CO2"] == approx(56.0)
    find(inv.warnings, sheet="activity", row=4, column="notation_key", text="partial", severity="warning")


def test_no_beside_a_waste_row(tmp_path: Path) -> None:
    inc = [["gpc_ref", "practice", "amount", "unit"], ["III.3.1", "incineration", 100, "t"]]
    p = _book(tmp_path, [row("III.3.1", notation_key="NO", **NK)], incineration=inc)
    hit = find(problems_of(p), sheet="activity", row=3, column="notation_key", text="III.3.1")
    assert "row 2 of 'incineration'" in hit.message


def test_no_beside_an_ippu_and_a_livestock_row(tmp_path: Path) -> None:
    ippu = [["gpc_ref", "process", "amount", "unit"], ["IV.1", "lime", 1000, "t"]]
    cattle = [["gpc_ref", "animal", "amount"], ["V.1", "dairy_cattle", 100]]
    p = _book(tmp_path, [row("IV.1", notation_key="NO", **NK), row("V.1", notation_key="NO", **NK)],
              ippu=ippu, livestock=cattle)
    ps = problems_of(p)
    assert "row 2 of 'ippu'" in find(ps, sheet="activity", row=3, column="notation_key").message
    assert "row 2 of 'livestock'" in find(ps, sheet="activity", row=4, column="notation_key").message


def test_no_on_the_td_row_while_td_losses_are_computed(tmp_path: Path) -> None:
    p = _book(tmp_path, [row("I.1.2", "grid_electricity", 100, "MWh"), row("I.1.3", notation_key="NO", **NK)],
              city=[*CITY, ("td_loss_rate", 0.05)])
    hit = find(problems_of(p), sheet="activity", row=4, column="notation_key", text="I.1.3")
    assert "row 3 of 'activity'" in hit.message


# ------------------------------------------------------------------------------------- city sheet
def test_a_city_field_given_twice_with_different_values(tmp_path: Path) -> None:
    city = [*CITY, ("year", 2022)]   # year is row 3; again in row len(CITY) + 1
    p = _book(tmp_path, [], city=city)
    hit = find(problems_of(p), sheet="city", row=len(city), column="value", text="given twice")
    assert "row 3" in hit.message and f"row {len(city)}" in hit.message
    assert "2023" in hit.message and "2022" in hit.message


def test_a_city_field_given_twice_with_the_same_value(tmp_path: Path) -> None:
    city = [*CITY, ("年份", 2023)]
    inv = gpc.calculate(_book(tmp_path, [], city=city))
    assert inv.settings.year == 2023
    find(inv.warnings, sheet="city", row=len(city), text="given twice", severity="warning")


@pytest.mark.parametrize("field,value,text", [
    ("population", -5, "greater than 0"),
    ("population", 0, "greater than 0"),
    ("gdp", "0 CNY", "greater than 0"),
    ("td_loss_rate", 1, "up to (not including) 1"),
    ("td_loss_rate", -0.1, "fraction"),
    ("grid_factor", "-0.5 t/MWh", "negative"),
    ("grid_factor", "0.5 t", "mass of CO2 per energy"),
    ("heat_factor", "0.11 MWh", "mass of CO2 per energy"),
    ("power_coal_rate", "0 kgce/kWh", "greater than 0"),
    ("gwp", "AR9", "SAR, AR4, AR5, AR6"),
    ("guideline", "no_such_guideline", "unknown guideline"),
])
def test_city_values_out_of_range_are_refused_at_their_row(tmp_path: Path, field: str, value: object,
                                                           text: str) -> None:
    base = [c for c in CITY if c[0] != field]
    city = [*base, ("factors", "china"), (field, value)] if field == "guideline" else [*base, (field, value)]
    p = _book(tmp_path, [row("I.1.1", "lpgg", 5, "GJ")], city=city)
    ps = problems_of(p)
    find(ps, sheet="city", row=len(city), column="value", text=text)
    # … and the bad city value hides nothing: the unknown fuel of activity row 3 is reported too
    find(ps, sheet="activity", row=3, column="activity", text="unknown activity")


@pytest.mark.parametrize("field", ["area", "Area", "面积"])
def test_a_city_area_of_zero_or_less(tmp_path: Path, field: str) -> None:
    city = [*CITY, (field, "-5 km2")]
    find(problems_of(_book(tmp_path, [], city=city)), sheet="city", row=len(city), column="value",
         text="greater than 0")


def test_a_population_that_is_not_a_whole_number_is_a_warning(tmp_path: Path) -> None:
    city = [*CITY, ("population", 1200000.5)]
    inv = gpc.calculate(_book(tmp_path, [], city=city))
    find(inv.warnings, sheet="city", row=len(city), column="value", text="whole number", severity="warning")


def test_an_empty_city_value_is_not_a_second_value(tmp_path: Path) -> None:
    city = [*CITY, ("population", None), ("population", 1200000)]
    assert gpc.calculate(_book(tmp_path, [], city=city)).settings.population == 1200000


def test_a_bad_td_loss_rate_hides_no_row_problem(tmp_path: Path) -> None:
    city = [*CITY, ("td_loss_rate", 1.5)]
    p = _book(tmp_path, [row("I.1.1", "lpg", -1, "GJ"), row("I.9.9", "lpg", 5, "GJ")], city=city)
    ps = problems_of(p)
    find(ps, sheet="city", row=len(city), column="value", text="td_loss_rate")
    find(ps, sheet="activity", row=3, column="amount", text="negative")
    find(ps, sheet="activity", row=4, column="gpc_ref")


def test_a_missing_year_hides_no_row_problem(tmp_path: Path) -> None:
    city = [c for c in CITY if c[0] != "year"]
    ps = problems_of(_book(tmp_path, [row("I.1.1", "lpg", -1, "GJ")], city=city))
    find(ps, sheet="city", column="year", text="year is missing")
    find(ps, sheet="activity", row=3, column="amount", text="negative")


# ------------------------------------------------------------------------------------- regions
def _grid_book(tmp: Path, region: object, n: int = 1, name: str = "a.xlsx") -> Path:
    city = [("field", "value"), ("year", 2023), ("factors", "china"), ("region", region)]
    rows = [["I.1.2", "grid_electricity", 1000, "MWh"] for _ in range(n)]
    return activity_book(tmp / name, rows, city=city, good=False)


@pytest.mark.parametrize("region", ["湖北", "湖北省", "CN-HB", "cn-hb", "HB", " 湖北 "])
def test_chinese_province_names_and_codes(tmp_path: Path, region: str) -> None:
    # MEE/NBS 2023 provincial factor of Hubei (emission_factors/china/grid_electricity.csv, CN-HB 2023):
    # 0.4044 t CO2/MWh × 1 000 MWh = 404.4 t CO2
    inv = gpc.calculate(_grid_book(tmp_path, region))
    assert inv.settings.region == "CN-HB"
    assert inv.emissions.loc[inv.emissions["gas"] == "CO2", "emissions_t"].sum() == approx(404.4)


def test_autonomous_region_and_municipality_names(tmp_path: Path) -> None:
    assert gpc.calculate(_grid_book(tmp_path, "广西壮族自治区", name="gx.xlsx")).settings.region == "CN-GX"
    assert gpc.calculate(_grid_book(tmp_path, "北京市", name="bj.xlsx")).settings.region == "CN-BJ"


def test_an_unknown_region_is_reported_once_at_the_city_field(tmp_path: Path) -> None:
    ps = problems_of(_grid_book(tmp_path, "Atlantis", n=5))
    assert [(p.sheet, p.row, p.column) for p in ps] == [("city", 4, "value")]   # the region row, once
    assert "Atlantis" in ps[0].message and "CN-HB" in ps[0].message


def test_a_region_outside_china_is_kept_with_ipcc_factors(tmp_path: Path) -> None:
    inv = gpc.calculate(_book(tmp_path, [], city=[*CITY[:3], ("region", "Bavaria")]))
    assert inv.settings.region == "Bavaria"


# ------------------------------------------------------------------------------------- sheet names
@pytest.mark.parametrize("name,canon", [("Activities", "activity"), ("activity 2023", "activity"),
                                        ("solid wastes", "solid_waste"), ("Sheet1", "activity")])
def test_a_misnamed_sheet_with_gpc_columns_is_refused(tmp_path: Path, name: str, canon: str) -> None:
    cols = HEADER[:4] if canon == "activity" else ["gpc_ref", "year", "amount", "unit"]
    data = [list(cols), ["I.1.1", "lpg", 5, "GJ"] if canon == "activity" else ["III.1.1", 2020, 100, "t"]]
    p = openpyxl_book(tmp_path / "a.xlsx", {"city": CITY, "activity": [HEADER, ["I.1.1", "natural_gas", 1, "GJ"]],
                                            name: data})
    hit = find(problems_of(p), sheet=name, row=1, text=f"did you mean `{canon}`")
    assert hit.severity == "error"


@pytest.mark.parametrize("name,canon", [("Activity ", "activity"), ("ACTIVITY", "activity"),
                                        ("solid waste", "solid_waste")])
def test_sheet_names_gpc_reads_as_its_own(tmp_path: Path, name: str, canon: str) -> None:
    from gpc.io.excel_in import read_activity

    p = openpyxl_book(tmp_path / "a.xlsx", {"city": CITY, name: [HEADER[:5], ["I.2.1", "direct", 56, "t", "CO2"]]
                                            if canon == "activity" else [["gpc_ref"], ["III.1.1"]]})
    data = read_activity(p, strict=False)
    assert canon in data.tables and list(data.tables[canon]["sheet"])[0] == name


def test_a_notes_sheet_stays_a_warning(tmp_path: Path) -> None:
    p = openpyxl_book(tmp_path / "a.xlsx", {"city": CITY, "activity": [HEADER, ["I.1.1", "natural_gas", 1, "GJ"]],
                                            "Activities notes": [["note"], ["gas from the 2023 yearbook"]]})
    inv = gpc.calculate(p)
    find(inv.warnings, sheet="Activities notes", text="not a gpc sheet", severity="warning")
