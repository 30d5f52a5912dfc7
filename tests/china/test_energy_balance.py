"""Energy balance import: the synthetic 示例市 balance lands in the right GPC rows and reconciles.

Expected amounts are the synthetic inputs of examples/sections/china_city_balance.csv, added up here by hand.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from gpc.errors import InputError
from gpc.io.energy_balance import (
    ACTIVITY_COLUMNS,
    balance_import,
    balance_rows,
    default_mapping,
    import_balance,
    read_energy_balance,
    reconcile,
    row_key,
)

REPO = Path(__file__).resolve().parents[2]


def _example():
    spec = importlib.util.spec_from_file_location("china_city", REPO / "examples" / "sections" / "china_city.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("eb") / "energy_balance.xlsx"
    return _example().write_energy_balance(path, year=2022)


@pytest.fixture(scope="module")
def result(workbook: Path):
    return balance_import(workbook)


def amount(result, gpc_ref: str, activity: str) -> float:
    a = result.activity
    return float(a.loc[(a["gpc_ref"] == gpc_ref) & (a["activity"] == activity), "amount"].sum())


def test_columns_and_year(result) -> None:
    assert list(result.activity.columns[: len(ACTIVITY_COLUMNS)]) == ACTIVITY_COLUMNS
    assert result.year == 2022


def test_power_and_heat_inputs_go_to_i44(result) -> None:
    assert amount(result, "I.4.4", "raw_coal") == pytest.approx(1650 + 210)  # 火力发电 + 供热 inputs
    assert amount(result, "I.4.4", "natural_gas") == pytest.approx(11 + 4.5)
    assert amount(result, "I.4.4", "blast_furnace_gas") == pytest.approx(40)
    # outputs of power and heat plants are not emissions: not imported
    assert amount(result, "I.4.4", "grid_electricity") == 0
    assert result.activity["gpc_ref"].str.startswith("I.4.4").sum() == 7


def test_industry_less_feedstock(result) -> None:
    a = result.activity
    assert amount(result, "I.3.1", "raw_coal") == pytest.approx((190 - 15) + 1)  # 工业 less 用作原料 + 建筑业
    ie = a[a["notation_key"] == "IE"]
    assert len(ie) == 5 and set(ie["gpc_ref"]) == {"I.3.1"}
    # the IE rows name their fuel: IE for that part of I.3.1 only, beside the combustion rows (gpc.validation)
    assert ie["amount"].isna().all() and ie["activity"].notna().all() and ie["explanation"].str.len().gt(20).all()
    coal = ie[ie["balance_column"].str.startswith("原煤")]
    assert float(coal["balance_value"].iloc[0]) == 15
    assert amount(result, "I.3.1", "other_petroleum_products") == pytest.approx(120 - 110)


def test_vehicle_fuel_moves_to_road(result) -> None:
    # transport 60 + wholesale/retail 9 + other 14 + households (城镇 70 + 乡村 28)
    assert amount(result, "II.1.1", "motor_gasoline") == pytest.approx(60 + 9 + 14 + 70 + 28)
    assert amount(result, "II.1.1", "gas_diesel_oil") == pytest.approx(125 + 4 + 6 + 2 + 6)
    assert amount(result, "I.3.1", "motor_gasoline") == pytest.approx(6 + 3)  # industry and construction keep theirs
    assert amount(result, "I.5.1", "gas_diesel_oil") == pytest.approx(14)
    assert amount(result, "I.1.1", "motor_gasoline") == 0


def test_transport_modes(result) -> None:
    assert amount(result, "II.4.1", "jet_kerosene") == pytest.approx(95)
    assert amount(result, "II.3.1", "residual_fuel_oil") == pytest.approx(62)
    assert amount(result, "II.1.1", "natural_gas") == pytest.approx(4.2)
    assert amount(result, "II.2.2", "grid_electricity") == pytest.approx(32)
    assert amount(result, "I.2.1", "raw_coal") == pytest.approx(0.8 + 4 + 5)  # transport, wholesale, other


def test_scope2_rows(result) -> None:
    assert amount(result, "I.1.2", "grid_electricity") == pytest.approx(120 + 48)
    assert amount(result, "I.3.2", "grid_electricity") == pytest.approx(420 + 12)
    assert amount(result, "I.2.2", "grid_electricity") == pytest.approx(95 + 78)
    assert amount(result, "I.5.2", "grid_electricity") == pytest.approx(9)
    assert amount(result, "I.3.2", "district_heat") == pytest.approx(8200 + 50)
    assert amount(result, "I.2.2", "district_heat") == pytest.approx(200 + 1100 + 1500)
    units = result.activity.dropna(subset=["activity"]).groupby("activity")["unit"].unique()
    assert list(units["grid_electricity"]) == ["亿千瓦时"] and list(units["district_heat"]) == ["万百万千焦"]


def test_reconciles_per_fuel(result) -> None:
    rec = reconcile(result)
    assert rec["difference"].abs().max() < 1e-9
    coal = rec.loc[rec.index.str.startswith("原煤")].iloc[0]
    assert coal["expected"] == pytest.approx((3 + 190 + 1 + 0.8 + 4 + 5 + (2 + 9)) + (1650 + 210))
    assert coal["table_final_total"] == pytest.approx(coal["final_rows"])
    assert len(rec) == 17  # every carrier column but 其他能源 (not a carrier gpc knows)


def test_every_cell_lands_exactly_once(workbook: Path, result) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(workbook, read_only=True).worksheets[0]
    numeric = {c.coordinate: float(c.value) for row in ws.iter_rows() for c in row
               if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)}
    cells = result.cells.set_index("balance_cell")
    assert set(numeric) == set(cells.index)
    assert cells.index.is_unique
    landed = result.activity.groupby("balance_cell")["balance_value"].sum()
    carved = (result.cells[result.cells["kind"] == "carve_out"]
              .groupby(["parent", "balance_column"])["value"].sum())
    for ref, c in cells.iterrows():
        if c["destination"] == "imported":
            expected = c["value"] - carved.get((c["row"], c["balance_column"]), 0.0)
            assert landed.get(ref, 0.0) == pytest.approx(abs(expected)), ref
        else:
            assert ref not in landed.index, ref
    reasons = set(result.reported["destination"])
    assert {"reported: supply", "reported: transformation output", "reported: transformation (not combustion)",
            "reported: losses", "reported: part of its parent row", "reported: not a known energy carrier"} <= reasons


def test_units_row_and_total_column(tmp_path: Path, result) -> None:
    path = _example().write_energy_balance(tmp_path / "b.xlsx", units_row=True, total_column=True)
    other = balance_import(path)
    key = ["gpc_ref", "activity", "amount", "unit", "notation_key"]
    a = result.activity[key].astype(str).sort_values(key).reset_index(drop=True)
    b = other.activity[key].astype(str).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    total = other.cells[other.cells["column_kind"] == "total"]
    assert len(total) and (total["destination"] == "reported: total column").all()


def test_private_vehicle_and_transport_shares(workbook: Path) -> None:
    r = balance_import(workbook, private_vehicle_shares={"residential": {"motor_gasoline": 0.9}},
                       transport_shares={"gas_diesel_oil": {"II.1": 0.8, "II.5": 0.2},
                                         "other_kerosene": {"II.4.1": 0.1, "II.4.3": 0.9}})
    a = r.activity
    res = a[a["balance_row"] == "7.居民生活"]
    assert res.loc[(res["gpc_ref"] == "II.1.1") & (res["activity"] == "motor_gasoline"), "amount"].sum() == pytest.approx(98 * 0.9)
    assert res.loc[(res["gpc_ref"] == "I.1.1") & (res["activity"] == "motor_gasoline"), "amount"].sum() == pytest.approx(98 * 0.1)
    assert amount(r, "II.5.1", "gas_diesel_oil") == pytest.approx(125 * 0.2)
    assert amount(r, "II.4.3", "jet_kerosene") == pytest.approx(95 * 0.9)
    assert reconcile(r)["difference"].abs().max() < 1e-9
    with pytest.raises(ValueError, match="adding up to 1"):
        balance_import(workbook, transport_shares={"gas_diesel_oil": {"II.1": 0.8}})
    with pytest.raises(ValueError, match="between 0 and 1"):
        balance_import(workbook, private_vehicle_shares={"residential": {"motor_gasoline": 1.5}})


def test_user_mapping(workbook: Path) -> None:
    m = default_mapping()
    m.loc[(m["row"] == "residential") & (m["fuel"] == "*"), "target"] = "I.6"
    a = read_energy_balance(workbook, mapping=m)
    assert float(a.loc[(a["gpc_ref"] == "I.6.1") & (a["activity"] == "lpg"), "amount"].sum()) == pytest.approx(26 + 14)
    bad = m.copy()
    bad.loc[bad.index[0], "target"] = "I.9"
    with pytest.raises(ValueError, match="I.9"):
        read_energy_balance(workbook, mapping=bad)


def test_mapping_covers_every_consuming_row() -> None:
    rows = balance_rows().drop_duplicates("row")
    consuming = set(rows.loc[rows["kind"].isin(["final", "carve_out", "transformation_combustion"]), "row"])
    m = default_mapping()
    assert consuming <= set(m.loc[m["fuel"] == "*", "row"])
    assert (m.groupby(["row", "fuel"])["share"].apply(lambda s: s.astype(float).sum()) == 1).all()


def test_row_labels_normalise() -> None:
    assert row_key("6.本省（区、市）调出量（-）") == row_key("本省(区、市)调出量")
    assert row_key("  #用作原料、材料") == row_key("其中：用作原料、材料")
    assert row_key("二、加工转换投入（-）产出（+）量") == row_key("加工转换投入产出量")
    keys = set(balance_rows()["key"])
    for text in ("农林牧渔业", "1.农、林、牧、渔业", "交通运输、仓储和邮政业", "7.居民生活", "9.库存增（-）、减（+）量"):
        assert row_key(text) in keys


def _small_workbook(path: Path, cells: dict[tuple[int, int], object]) -> Path:
    import xlsxwriter

    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet("2023")
        for (r, c), v in cells.items():
            ws.write(r, c, v)
    return path


def test_text_in_a_number_cell_is_located(tmp_path: Path) -> None:
    path = _small_workbook(tmp_path / "bad.xlsx", {
        (0, 0): "项目", (0, 1): "原煤（万吨）", (0, 2): "汽油（万吨）", (0, 3): "电力（亿千瓦时）",
        (1, 0): "工业", (1, 1): 10, (1, 2): "约5", (1, 3): 3,
        (2, 0): "居民生活", (2, 1): "-", (2, 2): 4, (2, 3): 1,
    })
    with pytest.raises(InputError) as err:
        balance_import(path)
    (problem,) = err.value.problems
    assert (problem.sheet, problem.row, problem.value) == ("2023", 2, "约5")
    assert "汽油" in problem.column


@pytest.mark.parametrize("cell, message", [("12,5", "decimal comma"), ("1,234", "ambiguous"), ("1\u200b2", "invisible"),
                                           ("10²", "SUPERSCRIPT")])
def test_number_in_a_balance_is_read_as_typed_or_refused(tmp_path: Path, cell: str, message: str) -> None:
    """The energy balance reads numbers typed as text by the one rule of gpc.numbers (docs/workbook.md)."""
    path = _small_workbook(tmp_path / "bad.xlsx", {
        (0, 0): "项目", (0, 1): "原煤（万吨）", (0, 2): "汽油（万吨）", (0, 3): "电力（亿千瓦时）",
        (1, 0): "工业", (1, 1): 10, (1, 2): cell, (1, 3): 3,
    })
    with pytest.raises(InputError) as err:
        balance_import(path)
    (problem,) = err.value.problems
    assert (problem.sheet, problem.row, problem.value) == ("2023", 2, cell) and "汽油" in problem.column
    assert message in problem.message


def test_missing_unit_is_located(tmp_path: Path) -> None:
    path = _small_workbook(tmp_path / "nounit.xlsx", {
        (0, 0): "项目", (0, 1): "原煤", (0, 2): "汽油（万吨）", (0, 3): "电力（亿千瓦时）",
        (1, 0): "工业", (1, 1): 10, (1, 2): 5, (1, 3): 3,
    })
    with pytest.raises(InputError) as err:
        balance_import(path)
    assert any(p.column == "原煤" and p.row == 1 for p in err.value.problems)


def test_small_table_without_transformation(tmp_path: Path) -> None:
    path = _small_workbook(tmp_path / "small.xlsx", {
        (0, 0): "项目", (0, 1): "原煤（万吨）", (0, 2): "汽油（万吨）", (0, 3): "电力（亿千瓦时）", (0, 4): "砖（万块）",
        (1, 0): "工业", (1, 1): 10, (1, 2): 5, (1, 3): 3, (1, 4): 7,
        (2, 0): "居民生活", (2, 1): 2, (2, 2): 4, (2, 3): 1,
        (3, 0): "未知行", (3, 1): 1,
    })
    r = balance_import(path)
    assert r.year == 2023  # from the sheet name
    assert amount(r, "I.3.1", "raw_coal") == 10 and amount(r, "II.1.1", "motor_gasoline") == 4
    assert any("未知行" in w for w in r.warnings) and any("砖" in w for w in r.warnings)
    assert set(r.reported["destination"]) == {"reported: row not in the mapping", "reported: not a known energy carrier"}


def test_import_balance_writes_a_readable_workbook(tmp_path: Path, workbook: Path) -> None:
    from gpc.engine import read_activity

    out = tmp_path / "activity.xlsx"
    res = import_balance(workbook, out, city={"name": "示例市", "region": "CN-HB"})
    data = read_activity(out)
    assert data.settings.year == 2022 and data.settings.region == "CN-HB" and data.settings.factors == "china"
    assert len(data.activity) == len(res.activity)
    assert not out.with_name(out.name + ".part").exists()


def test_cli_import_balance(tmp_path: Path, workbook: Path) -> None:
    from click.testing import CliRunner

    from gpc.cli import cli

    out = tmp_path / "act.xlsx"
    runner = CliRunner()
    ok = runner.invoke(cli, ["import-balance", str(workbook), "-o", str(out), "--region", "CN-HB",
                             "--vehicle-share", "residential:gas_diesel_oil=0.5"])
    assert ok.exit_code == 0, ok.output
    assert out.exists() and "largest difference against the table per fuel: 0" in ok.output
    bad = runner.invoke(cli, ["import-balance", str(workbook), "-o", str(tmp_path / "bad.xlsx"),
                              "--transport-share", "gas_diesel_oil:II.1=0.9"])
    assert bad.exit_code == 2 and not (tmp_path / "bad.xlsx").exists()


def test_import_balance_in_chinese_reads_back_to_the_same_inventory(tmp_path: Path, workbook: Path) -> None:
    import openpyxl

    import gpc

    en, zh = tmp_path / "activity.xlsx", tmp_path / "活动数据.xlsx"
    import_balance(workbook, en, city={"name": "示例市", "region": "CN-HB"})
    import_balance(workbook, zh, city={"name": "示例市", "region": "CN-HB"}, lang="zh")
    wb = openpyxl.load_workbook(zh, read_only=True)
    assert wb.sheetnames == ["城市", "活动数据", "能源平衡表单元格"]
    rows = list(wb["活动数据"].iter_rows(values_only=True))
    head = rows[0]
    assert head[:6] == ("参考编号", "活动", "数量", "单位", "数据来源", "说明")
    first = dict(zip(head, rows[1]))
    assert first["活动"] == "原煤" and "工作表" in first["数据来源"] and "单元格" in first["数据来源"]
    notes = [dict(zip(head, r))["说明"] for r in rows[1:] if dict(zip(head, r))["说明"]]
    assert notes and all(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in notes)
    city = {r[0]: r[1] for r in wb["城市"].iter_rows(values_only=True)}
    assert city["名称"] == "示例市" and city["省份"] == "CN-HB" and city["年份"] == 2022
    a, b = gpc.calculate(zh), gpc.calculate(en)
    pd.testing.assert_frame_equal(a.summary(), b.summary())
    keys = ["gpc_ref", "notation_key", "row"]
    pd.testing.assert_frame_equal(a.notation_keys[keys], b.notation_keys[keys])


def test_cli_import_balance_warns_in_chinese(tmp_path: Path, workbook: Path) -> None:
    from click.testing import CliRunner

    from gpc.cli import cli

    res = CliRunner().invoke(cli, ["import-balance", str(workbook), "-o", str(tmp_path / "a.xlsx"), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "警告：能源平衡表列“其他能源(万吨标准煤)”不是已知能源品种" in res.output
