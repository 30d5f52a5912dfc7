"""The Chinese GPC terms: one file names every sector, sub-sector and row; a user's own terms replace them.

What is checked here is the terms' internal consistency (every GPC row has a name, the names follow the
English rows, wastewater rows say 废水) and the override path (``gpc build --terms``); the wording of the
Chinese edition 《城市温室气体核算国际标准》 itself could not be read (docs/china.md §5).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from gpc import taxonomy
from gpc.cli import cli
from gpc.errors import InputError
from gpc.i18n.terms import gpc_terms, shipped_terms, term, terms_source, using_terms
from gpc.io.terms import read_terms

CITY = {"name": "测试市", "year": 2022, "country": "CN", "region": "CN-HB", "gwp": "AR5", "factors": "china"}
ROWS = [{"gpc_ref": "I.1.1", "activity": "天然气", "amount": 1, "unit": "TJ"}]


def test_every_gpc_row_sector_and_subsector_has_one_term() -> None:
    t = shipped_terms()
    rows = taxonomy.table()
    for kind, refs in (("sector", rows["sector_ref"]), ("subsector", rows["subsector_ref"]),
                       ("row", rows["gpc_ref"])):
        have = t.loc[t["kind"] == kind, "key"]
        assert set(have) == set(refs), kind
        assert have.is_unique, kind
    assert not t.duplicated(["key", "kind"]).any()
    assert (t["name_zh"].str.strip() != "").all()
    assert set(t["verified"]) <= {"V2", "V", "M"}
    assert (t["source"] != "").all() and (t["checked"] != "").all()


def test_terms_follow_the_english_rows() -> None:
    t = shipped_terms()
    rows = taxonomy.table()
    en = t[t["kind"] == "row"].set_index("key")["name_en"]
    assert (en.reindex(rows.index) == rows["name"]).all()


def test_taxonomy_takes_its_chinese_names_from_the_terms() -> None:
    t = taxonomy.table()
    assert t.at["I.1.1", "sector_zh"] == term("I") == "固定能源"
    assert t.at["IV.1", "subsector_zh"] == term("IV.1", "subsector") == "工业生产过程"
    assert t.at["IV.1", "name_zh"] == term("IV.1") == "城市边界内工业生产过程排放"
    assert t.at["V.1", "sector_zh"] == "农业、林业和其他土地利用"


def test_row_names_say_what_the_row_holds() -> None:
    t = taxonomy.table()
    # wastewater rows are about 废水, solid-waste rows about 固体废弃物 (the old names said 废弃物 for both)
    for ref in ("III.4.1", "III.4.2", "III.4.3"):
        assert "废水" in t.at[ref, "name_zh"], ref
    for ref in ("III.1.1", "III.2.1", "III.3.1"):
        assert "固体废弃物" in t.at[ref, "name_zh"], ref
    # transport rows name their mode; scope-3 rows name the transboundary part
    assert "铁路" in t.at["II.2.1", "name_zh"] and "航空" in t.at["II.4.2", "name_zh"]
    assert "跨边界" in t.at["II.1.3", "name_zh"]
    # within a sub-sector every row has its own name
    assert not t.duplicated(["subsector_ref", "name_zh"]).any()


def test_using_terms_replaces_and_restores() -> None:
    frame = pd.DataFrame({"key": ["I", "IV.1"], "kind": ["", "subsector"], "name_zh": ["固定源能源", "工业过程"]})
    before = taxonomy.table().copy()
    with using_terms(frame, source="mine.csv") as in_use:
        t = taxonomy.table()
        assert set(t.loc[t["sector_ref"] == "I", "sector_zh"]) == {"固定源能源"}
        assert t.at["IV.1", "subsector_zh"] == "工业过程"
        assert t.at["IV.1", "name_zh"] == "城市边界内工业生产过程排放"  # only the sub-sector entry changed
        assert terms_source() == "mine.csv"
        changed = in_use[in_use["verified"] == "user"]
        assert sorted(changed["key"]) == ["I", "IV.1"] and set(changed["source"]) == {"user terms file mine.csv"}
    pd.testing.assert_frame_equal(taxonomy.table(), before)
    assert terms_source() is None and gpc_terms() is shipped_terms()


def test_a_key_without_kind_changes_every_entry_of_that_key() -> None:
    with using_terms(pd.DataFrame({"key": ["V.1"], "name_zh": ["牲畜"]})):
        t = taxonomy.table()
        assert t.at["V.1", "subsector_zh"] == t.at["V.1", "name_zh"] == "牲畜"


def test_read_terms_reports_every_problem_with_its_place(tmp_path: Path) -> None:
    f = tmp_path / "terms.csv"
    f.write_text("key,name_zh,kind\nI.9,x,\nI.1,,\nII,交通运输,\nII,交通2,\nIV.1,工业过程,sector\n"
                 "V.1,畜牧,animal\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_terms(f)
    where = [(p.sheet, p.row, p.column) for p in err.value.problems]
    assert where == [("terms.csv", 2, "key"), ("terms.csv", 3, "name_zh"), ("terms.csv", 5, "key"),
                     ("terms.csv", 6, "kind"), ("terms.csv", 7, "kind")]
    text = str(err.value)
    assert "did you mean 'I.8'" in text and "also given in row 4" in text
    assert "IV.1 is a row and a subsector, not a sector" in text


def test_read_terms_needs_its_columns(tmp_path: Path) -> None:
    f = tmp_path / "terms.csv"
    f.write_text("编号,英文\nI,Stationary\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'name_zh' column"):
        read_terms(f)
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(InputError, match="key, name_zh"):
        read_terms(tmp_path / "empty.csv")
    with pytest.raises(InputError, match="does not exist"):
        read_terms(tmp_path / "nothing.csv")


def test_read_terms_from_excel_and_gbk_csv(tmp_path: Path) -> None:
    x = tmp_path / "terms.xlsx"
    pd.DataFrame({"编号": ["I", "III.4"], "中文名称": ["固定源能源", "污水处理"]}).to_excel(x, index=False)
    got = read_terms(x)
    assert got.to_dict("records") == [{"key": "I", "kind": "", "name_zh": "固定源能源"},
                                      {"key": "III.4", "kind": "", "name_zh": "污水处理"}]
    g = tmp_path / "terms_gbk.csv"  # Excel's "CSV (逗号分隔)" on a Chinese Windows writes GBK
    g.write_bytes("key,name_zh\nII,交通运输\n".encode("gbk"))
    assert read_terms(g).to_dict("records") == [{"key": "II", "kind": "", "name_zh": "交通运输"}]
    said = read_terms(g).attrs["warnings"]
    assert [(w.sheet, w.severity) for w in said] == [("terms_gbk.csv", "warning")]
    assert "GB18030" in said[0].message
    res = CliRunner().invoke(cli, ["template", "-o", str(tmp_path / "t.xlsx"), "--lang", "zh", "--terms", str(g)])
    assert res.exit_code == 0 and "警告：terms_gbk.csv：文件不是UTF-8编码" in res.output


def test_build_with_terms_file(tmp_path: Path, workbook) -> None:
    src = workbook(CITY, ROWS)
    terms = tmp_path / "官方术语.csv"
    terms.write_text("key,name_zh\nI,固定源能源\nI.1.1,边界内燃料燃烧\n", encoding="utf-8-sig")
    out = tmp_path / "inv.xlsx"
    res = CliRunner().invoke(cli, ["build", str(src), "-o", str(out), "--lang", "zh", "--terms", str(terms), "-q"])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out, read_only=True)
    report = [r for r in wb["GPC报告表"].iter_rows(values_only=True)]
    head = list(report[0])
    i11 = next(r for r in report if r[0] == "I.1.1")
    assert i11[head.index("部门")] == "固定源能源" and i11[head.index("排放源")] == "边界内燃料燃烧"
    i12 = next(r for r in report if r[0] == "I.1.2")
    assert i12[head.index("排放源")] == term("I.1.2")  # rows the file does not name keep gpc's term
    settings = {r[0]: r[1] for r in wb["设置"].iter_rows(values_only=True)}
    assert settings["GPC中文术语"] == "官方术语.csv"
    assert terms_source() is None  # nothing leaks out of the command


def test_build_without_terms_records_the_shipped_terms(tmp_path: Path, workbook) -> None:
    out = tmp_path / "inv.xlsx"
    res = CliRunner().invoke(cli, ["build", str(workbook(CITY, ROWS)), "-o", str(out), "--lang", "zh", "-q"])
    assert res.exit_code == 0, res.output
    settings = {r[0]: r[1] for r in openpyxl.load_workbook(out, read_only=True)["设置"].iter_rows(values_only=True)}
    assert "gpc_terms_zh.csv" in settings["GPC中文术语"] and "尚未" in settings["GPC中文术语"]


def test_build_refuses_a_bad_terms_file_before_computing(tmp_path: Path, workbook) -> None:
    terms = tmp_path / "terms.csv"
    terms.write_text("key,name_zh\nI.9,x\n", encoding="utf-8")
    out = tmp_path / "inv.xlsx"
    res = CliRunner().invoke(cli, ["build", str(workbook(CITY, ROWS)), "-o", str(out), "--lang", "zh",
                                   "--terms", str(terms)])
    assert res.exit_code == 2 and "terms.csv，第2行，列“key”" in res.output and not out.exists()  # --lang zh: Chinese
    res = CliRunner().invoke(cli, ["build", str(workbook(CITY, ROWS)), "-o", str(out), "--terms", str(terms)])
    assert res.exit_code == 2 and "use it with --lang zh" in res.output


def _fill_incineration(path: Path, sheet: str, headers: dict[str, str]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = {c.value: c.column for c in ws[1]}
    for key, value in (("gpc_ref", "III.3.1"), ("practice", "incineration"), ("amount", 1000), ("unit", "t"),
                       ("plastics", 0.2), ("food", 0.8)):
        ws.cell(2, col[headers.get(key, key)], value)
    city = wb[wb.sheetnames[0]]  # the template leaves the city fields empty: type the year
    next(r for r in city.iter_rows(min_row=2) if r[0].value == "year")[1].value = 2023
    wb.save(path)


def test_chinese_template_names_every_sheet_in_chinese_and_reads_back(tmp_path: Path) -> None:
    zh, en = tmp_path / "模板.xlsx", tmp_path / "template.xlsx"
    gpc_write(zh, "zh")
    gpc_write(en, "en")
    names = openpyxl.load_workbook(zh, read_only=True).sheetnames
    assert [n for n in names if not any("\u4e00" <= ch <= "\u9fff" for ch in n)] == ["lists"]
    assert "焚烧" in names and "固体废弃物" in names and "GPC编号说明" in names
    # the same incineration row in the Chinese and the English template gives the same inventory
    _fill_incineration(zh, "焚烧", {"gpc_ref": "参考编号", "practice": "方式", "amount": "数量", "unit": "单位",
                                   "plastics": "塑料", "food": "厨余"})
    _fill_incineration(en, "incineration", {})
    import gpc

    a, b = gpc.calculate(zh), gpc.calculate(en)
    assert float(a.total("BASIC")) > 0
    pd.testing.assert_frame_equal(a.summary(), b.summary())
    assert not [w for w in gpc.read_activity(zh).warnings if "not a gpc sheet" in str(w)]


def test_template_lists_the_gpc_rows_in_the_terms_in_use(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    gpc_write(path, "zh", terms=pd.DataFrame({"key": ["III.4"], "name_zh": ["污水处理"]}))
    rows = list(openpyxl.load_workbook(path, read_only=True)["GPC编号说明"].iter_rows(values_only=True))
    head, body = rows[0], {r[0]: r for r in rows[1:]}
    assert head[:5] == ("GPC编号", "部门", "子部门", "排放源", "范围")
    assert list(body) == list(taxonomy.table().index)
    assert body["III.4.1"][2] == "污水处理" and body["III.4.1"][3] == "城市边界内产生并在城市边界内处理的废水排放"
    # I.4.4 counts in the territorial total only; VI.1 in none (taxonomy rules, GPC Table 4.1 / contract §5)
    assert body["I.4.4"][5:] == ("", "", "是") and body["VI.1"][5:] == ("", "", "")
    en = tmp_path / "e.xlsx"
    gpc_write(en, "en")
    rows = list(openpyxl.load_workbook(en, read_only=True)["gpc_rows"].iter_rows(values_only=True))
    assert rows[1][:5] == ("I.1.1", "Stationary Energy", "Residential buildings",
                           "Emissions from fuel combustion within the city boundary", 1)


def gpc_write(path: Path, lang: str, terms: object = None) -> None:
    import gpc

    gpc.write_template(path, lang=lang, terms=terms)


def test_template_cli_with_terms(tmp_path: Path) -> None:
    terms = tmp_path / "terms.csv"
    terms.write_text("key,name_zh\nI,固定源能源\n", encoding="utf-8")
    out = tmp_path / "模板.xlsx"
    res = CliRunner().invoke(cli, ["template", "-o", str(out), "--lang", "zh", "--terms", str(terms)])
    assert res.exit_code == 0, res.output
    rows = list(openpyxl.load_workbook(out, read_only=True)["GPC编号说明"].iter_rows(values_only=True))
    assert rows[1][1] == "固定源能源"
    res = CliRunner().invoke(cli, ["template", "-o", str(out), "--terms", str(terms)])
    assert res.exit_code == 2 and "use it with --lang zh" in res.output


@pytest.mark.parametrize("cell, ref", [
    ("I.1.1", "I.1.1"),
    ("ｉ.１.１ ", "I.1.1"),
    ("I.1.1 居住建筑 城市边界内燃料燃烧排放（范围一）", "I.1.1"),  # a line copied from GPC编号说明
    ("I.1.1居住建筑", "I.1.1"),
    ("I.1.2 居住建筑/城市边界内消费电网供应能源的排放（范围二）", "I.1.2"),
    ("V.1 Livestock", "V.1"),
    ("II.1.1 道路交通", "II.1.1"),
    ("城市边界内产生并在城市边界内处理的废水排放", "III.4.1"),  # a name only one row has
    ("居住建筑 城市边界内燃料燃烧排放", "I.1.1"),              # sub-sector + row name
])
def test_gpc_rows_by_number_or_name(cell: str, ref: str) -> None:
    assert taxonomy.resolve_ref(cell) == ref


@pytest.mark.parametrize("cell, says", [
    ("I.1.1 商业建筑", "the text after I.1.1 ('商业建筑') is not a name of that row"),
    ("城市边界内燃料燃烧排放", "the name of several rows (I.1.1, I.2.1, I.3.1, I.5.1, I.6.1)"),
    ("IV.1.1", "not a GPC reference number"),
])
def test_a_row_is_never_guessed(cell: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        taxonomy.resolve_ref(cell)


def test_activity_rows_by_chinese_row_name(workbook) -> None:
    import gpc

    rows = [ROWS[0] | {"gpc_ref": "居住建筑 城市边界内燃料燃烧排放"}]
    inv = gpc.calculate(workbook(CITY, rows))
    assert set(inv.emissions["gpc_ref"]) == {"I.1.1"}
    with pytest.raises(InputError) as err:
        gpc.calculate(workbook(CITY, [ROWS[0] | {"gpc_ref": "I.1.1 商业建筑"}, ROWS[0] | {"gpc_ref": "IV.1.1"}]))
    where = [(p.row, p.column) for p in err.value.problems]
    assert where == [(2, "gpc_ref"), (3, "gpc_ref")]
    assert "did you mean 'IV.1'" in str(err.value)


def test_workbook_labels_of_gpc_concepts_come_from_the_terms() -> None:
    from gpc.i18n import label

    assert label("total.BASIC", "zh") == term("CONCEPT.BASIC") == "BASIC（基本级）"
    assert label("total.territorial", "zh") == term("CONCEPT.territorial")
    assert label("col.scope", "zh") == term("CONCEPT.scope") == "范围"
    assert label("total.BASIC") == "BASIC"
    with using_terms(pd.DataFrame({"key": ["CONCEPT.BASIC", "CONCEPT.scope"], "name_zh": ["基本", "范围（GPC）"]})):
        assert label("total.BASIC", "zh") == "基本" and label("col.scope", "zh") == "范围（GPC）"


def test_chinese_summary_names_scopes_and_units_in_chinese(tmp_path: Path, workbook) -> None:
    import gpc

    out = tmp_path / "inv.xlsx"
    gpc.calculate(workbook(CITY, ROWS)).to_excel(out, lang="zh")
    wb = openpyxl.load_workbook(out, read_only=True)
    summary = list(wb["汇总"].iter_rows(values_only=True))
    assert summary[2][:5] == ("部门", "范围一", "范围二", "范围三", "合计")
    overview = [r[:2] for r in wb["概览"].iter_rows(values_only=True)]
    assert ("主要指标", "吨二氧化碳当量") in overview
