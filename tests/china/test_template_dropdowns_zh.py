"""The Chinese template's dropdowns list values gpc reads (issue #15 item 5, issue #12 "Trust").

Excel enforces a strict list validation (openpyxl does not): a Chinese value typed into a cell whose list holds
only the English ids is refused by Excel, although gpc reads it. So every value a dropdown lists must be read by
gpc as a valid value of its column, and in the Chinese template the Chinese label of every choice must be in
the list (or the validation must be a warning).
"""

import csv
from importlib import resources

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

import gpc
from gpc.activity_catalogue import all_known_activities, resolve_activity
from gpc.io.excel_in import read_activity as read_typed
from gpc.io.sheets import coerce, header_key, sheet_aliases, sheet_spec


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    out = {}
    for lang in ("en", "zh"):
        path = tmp_path_factory.mktemp(lang) / f"template_{lang}.xlsx"
        gpc.write_template(path, lang=lang)
        out[lang] = path
    return out


def _listed(wb, dv) -> list[str]:
    """The values a list validation offers: inline ("a,b,c") or a range of the hidden lists sheet."""
    f = dv.formula1
    if f.startswith('"'):
        return f.strip('"').split(",")
    sheet, ref = f.lstrip("=").split("!")
    c1, r1, c2, r2 = range_boundaries(ref.replace("$", ""))
    assert c1 == c2, f
    return [wb[sheet].cell(r, c1).value for r in range(r1, r2 + 1)]


def _validations(path):
    """(sheet, canonical column spec, listed values, error style) for every data validation of the workbook."""
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        dvs = ws.data_validations.dataValidation
        canon = sheet_aliases().get(header_key(ws.title))
        if canon in (None, "_ignore"):  # gpc_rows / GPC编号说明: help, not read
            assert not dvs, f"a dropdown on the help sheet {ws.title!r}"
            continue
        spec = sheet_spec(canon)
        heads = spec.header_map()
        for dv in dvs:
            assert dv.type == "list"
            c1, r1, c2, _ = range_boundaries(str(dv.sqref))
            assert c1 == c2
            if canon == "city":  # one field per row: the field name in column A, the value in column B
                col = spec.column(ws.cell(r1, 1).value)
            else:
                col = spec.column(heads[header_key(ws.cell(1, c1).value)])
            out.append((canon, col, _listed(wb, dv), dv.errorStyle or "stop"))
    return out


def _reads_as_valid(sheet, col, value):
    if sheet == "activity" and col.name == "activity":
        return resolve_activity(value, all_known_activities()) is not None
    typed = coerce(value, col)  # raises CellError on a value gpc refuses
    if col.dtype == "choice":
        return typed in col.choices
    if col.dtype == "bool":
        return isinstance(typed, bool)
    return typed is not None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_listed_value_is_read_as_a_valid_value_of_its_column(templates, lang):
    found = _validations(templates[lang])
    assert len(found) > 50
    for sheet, col, values, _ in found:
        assert values and all(isinstance(v, str) and v for v in values), (sheet, col.name)
        bad = [v for v in values if not _reads_as_valid(sheet, col, v)]
        assert not bad, f"{sheet}.{col.name}: listed but not read: {bad}"


def _first_chinese_alias() -> dict[tuple[str, str], str]:
    """(column, choice) → its first Chinese alias in gpc/data/choices_zh.csv, read here from the file."""
    out: dict[tuple[str, str], str] = {}
    with resources.files("gpc.data").joinpath("choices_zh.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if any("\u4e00" <= ch <= "\u9fff" for ch in r["alias"]):
                out.setdefault((r["column"], r["value"]), r["alias"])
    return out


@pytest.mark.parametrize("sheet", ["transport", "flights_voyages"])
def test_chinese_template_lists_the_chinese_label_of_every_choice(templates, sheet):
    zh_alias = _first_chinese_alias()
    by_col = {col.name: (values, style) for s, col, values, style in _validations(templates["zh"]) if s == sheet}
    for col in sheet_spec(sheet).columns:
        if not (col.choices or col.dtype == "bool"):
            continue
        assert col.name in by_col, f"{sheet}.{col.name} has no dropdown"
        values, style = by_col[col.name]
        choices = ("yes", "no") if col.dtype == "bool" else col.choices
        labels = {"yes": "是", "no": "否"} if col.dtype == "bool" else {
            c: zh_alias[(col.name, c)] for c in choices if (col.name, c) in zh_alias}
        if style == "stop":  # strict: the list must hold every choice, in Chinese where it has a label
            assert set(choices) <= set(values), f"{sheet}.{col.name}: English ids missing"
            missing = [lab for lab in labels.values() if lab not in values]
            assert not missing, f"{sheet}.{col.name}: Chinese labels missing: {missing}"


def test_chinese_dropdowns_hold_the_labels_the_docs_type(templates):
    """The values of the docs' worked examples, written out here by hand."""
    lists = {(s, c.name): v for s, c, v, _ in _validations(templates["zh"])}
    assert "居民活动法" in lists["transport", "method"]
    assert "小型载客汽车" in lists["transport", "vehicle_class"]  # 23 choices: the list is on the lists sheet
    assert lists["transport", "cross_check"] == ["是", "否", "yes", "no"]
    assert "城市热态" in lists["transport", "road_type"]
    assert {"市内", "出发", "到达"} <= set(lists["flights_voyages", "trip"])
    assert {"加注燃料", "起降循环"} <= set(lists["flights_voyages", "basis"])
    assert "奶牛" in lists["livestock", "animal"]
    assert "当量值" in lists["city", "tce_basis"]
    # the English template keeps the English ids only
    en = {(s, c.name): v for s, c, v, _ in _validations(templates["en"])}
    assert en["transport", "method"] == ["fuel_sales", "induced_activity", "geographic", "resident_activity"]
    assert en["transport", "cross_check"] == ["yes", "no"]


def test_values_picked_from_the_chinese_dropdowns_are_read_as_those_choices(templates, tmp_path):
    """Fill the zh template with values from its lists and read it: each cell is read as the choice it names."""
    path = tmp_path / "filled.xlsx"
    wb = openpyxl.load_workbook(templates["zh"])
    for row in wb["城市"].iter_rows(min_row=2):
        if row[0].value == "year":
            row[1].value = 2023
    picked = {"transport": {"method": "居民活动法", "vehicle_class": "小型载客汽车", "cross_check": "是",
                            "road_type": "城市热态", "origin": "市内", "destination": "市外"},
              "flights_voyages": {"trip": "出发", "basis": "加注燃料"}}
    zh_names = {"transport": "交通", "flights_voyages": "航班航次"}
    for sheet, cells in picked.items():
        ws = wb[zh_names[sheet]]
        heads = sheet_spec(sheet).header_map()
        col = {heads[header_key(c.value)]: c.column for c in ws[1]}
        for name, value in cells.items():
            ws.cell(2, col[name], value)
    wb.save(path)
    data = read_typed(path, strict=False)
    t, f = data.tables["transport"].iloc[0], data.tables["flights_voyages"].iloc[0]
    assert (t["method"], t["vehicle_class"], t["road_type"], t["origin"], t["destination"]) == (
        "resident_activity", "small_passenger", "urban_hot", "in", "out")
    assert bool(t["cross_check"]) is True
    assert (f["trip"], f["basis"]) == ("departing", "fuel_loaded")
