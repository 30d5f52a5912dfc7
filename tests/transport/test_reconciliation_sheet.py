"""The "Transport reconciliation" sheet (zh 交通燃料核对) of the inventory workbook: fuel sold against the fuel
implied by kilometres (IPCC 2006 Vol. 2 §3.2.1.3), computed once by ``gpc.calculate``.

Chinese practice (issue #15 item 5): the private-car gasoline an energy balance files under 居民生活, which
``gpc import-balance`` moves to an activity row in II.1.1, reconciled against the vehicle register
(行驶里程法: 保有量 × 年均行驶里程 × 百公里油耗) marked 校核 (cross-check).

Factors (china set): motor gasoline NCV 43.07 GJ/t (GB/T 32151.22-2024 附录C 表C.1,
emission_factors/china/fuel_properties.csv); density 0.753 kg/L (BP Statistical Review, conversion factors,
emission_factors/ipcc2006/densities.csv — the china set's fallback).
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import gpc

REL = 1e-9
NCV_GJ_PER_T = 43.07        # GB/T 32151.22-2024 表C.1, motor gasoline
DENSITY_T_PER_L = 0.753e-3  # BP, 0.753 t per kL

# the register row: 1 000 small passenger cars × 12 000 km × 8 L/100km
KM = 1000 * 12_000                      # = 12 000 000 km
LITRES = KM * 8 / 100                   # = 960 000 L
TONNES = LITRES * DENSITY_T_PER_L       # = 722.88 t
IMPLIED_GJ = TONNES * NCV_GJ_PER_T      # = 31 134.4416 GJ
# the balance's 居民生活 gasoline, imported to activity II.1.1: 700 t
SOLD_GJ = 700 * NCV_GJ_PER_T            # = 30 149 GJ
DIFF_GJ = IMPLIED_GJ - SOLD_GJ          # = 985.4416 GJ
DIFF_PCT = DIFF_GJ / SOLD_GJ * 100      # = 3.268571… %


def _zh_workbook(tmp_path: Path, register: dict[str, object] | None = None) -> Path:
    """A Chinese workbook (the zh template filled with openpyxl): a balance-imported 居民生活 gasoline row in
    活动数据 and a vehicle-register row in 交通."""
    path = tmp_path / "示例市.xlsx"
    gpc.write_template(path, lang="zh")
    wb = openpyxl.load_workbook(path)
    city = wb["城市"]
    for r in city.iter_rows(min_row=2):
        if r[0].value == "year":
            r[1].value = 2023
        elif r[0].value == "factors":
            r[1].value = "china"
        elif r[0].value == "name":
            r[1].value = "示例市"
    rows = {"活动数据": {"参考编号": "II.1.1", "活动": "汽油", "数量": 700, "单位": "t",
                     "数据来源": "能源平衡表 7.居民生活 汽油（私人汽车用油，private_vehicle_shares）"},
            "交通": register or {"参考编号": "II.1", "方法": "居民活动法", "校核": "是", "车辆类型": "小型载客汽车",
                               "燃料": "汽油", "保有量": 1000, "年均行驶里程": 12000, "百公里油耗": 8,
                               "油耗单位": "升/百公里", "数据来源": "机动车保有量（测试）"}}
    for sheet, row in rows.items():
        ws = wb[sheet]
        col = {c.value: c.column for c in ws[1]}
        for k, v in row.items():
            ws.cell(2, col[k], v)
    wb.save(path)
    return path


@pytest.fixture
def inv(tmp_path: Path) -> gpc.Inventory:
    return gpc.calculate(_zh_workbook(tmp_path))


def test_inventory_carries_the_reconciliation(inv: gpc.Inventory) -> None:
    r = inv.transport_reconciliation
    assert r is not None and len(r) == 1
    row = r.iloc[0]
    assert (row["subsector"], row["fuel"]) == ("II.1", "motor_gasoline")
    assert row["distance_gj"] == pytest.approx(31_134.4416, rel=REL) == pytest.approx(IMPLIED_GJ, rel=REL)
    assert row["fuel_sold_gj"] == pytest.approx(30_149, rel=REL) == pytest.approx(SOLD_GJ, rel=REL)
    assert row["difference_gj"] == pytest.approx(985.4416, rel=REL)
    assert row["difference_pct"] == pytest.approx(DIFF_PCT, rel=REL)
    assert row["distance_km"] == KM
    # the implied fuel in the unit of the fuel sold: 700 t × 31 134.4416 / 30 149 = 722.88 t
    assert (row["fuel_sold_amount"], row["fuel_sold_unit"]) == (700, "t")
    assert row["distance_fuel_amount"] == pytest.approx(722.88, rel=REL) and row["distance_fuel_unit"] == "t"
    assert row["sold_rows"] == "活动数据!2" and row["distance_rows"] == "交通!2"
    assert row["in_totals"] == "fuel_sold" and row["sold_in_totals"] and not row["distance_in_totals"]
    # only the chosen method is in the totals: the activity row's 700 t, not the register's 722.88 t
    e = inv.emissions
    assert set(e["sheet"]) == {"活动数据"}
    assert e.loc[e["gas"] == "CO2", "energy_gj"].sum() == pytest.approx(SOLD_GJ, rel=REL)


def _sheet(path: Path, name: str) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path)
    assert name in wb.sheetnames, wb.sheetnames
    return list(wb[name].iter_rows(values_only=True))


def test_sheet_in_chinese(inv: gpc.Inventory, tmp_path: Path) -> None:
    rows = _sheet(inv.to_excel(tmp_path / "清单.xlsx", lang="zh"), "交通燃料核对")
    assert "IPCC 2006 第2卷 §3.2.1.3" in str(rows[1][0]) and "只有所选方法计入总量" in str(rows[1][0])
    head = rows[4]
    assert head[:3] == ("子部门", "燃料", "售出燃料（吉焦）")
    data = dict(zip(head, rows[5]))
    assert data["子部门"] == "II.1 道路交通"
    assert data["燃料"] == "汽油（motor_gasoline）"
    assert data["售出燃料（吉焦）"] == pytest.approx(SOLD_GJ, rel=REL)
    assert data["里程推算燃料（吉焦）"] == pytest.approx(IMPLIED_GJ, rel=REL)
    assert data["里程推算燃料量"] == pytest.approx(TONNES, rel=REL)
    assert data["边界内行驶里程（公里）"] == KM
    assert data["售出燃料：来源（工作表!行）"] == "活动数据!2"
    assert data["行驶里程：来源（工作表!行）"] == "交通!2"
    assert data["里程方法"] == "居民活动法"
    assert data["差值（吉焦）"] == pytest.approx(DIFF_GJ, rel=REL)
    assert data["差值（占售出燃料%）"] == pytest.approx(DIFF_PCT, rel=REL)
    assert data["计入总量的一方"] == "售出燃料"


def test_sheet_in_english_and_cli_build(inv: gpc.Inventory, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gpc.cli import cli

    src = Path(str(inv.activity.source))
    out = tmp_path / "out.xlsx"
    res = CliRunner().invoke(cli, ["build", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = _sheet(out, "Transport reconciliation")
    assert "IPCC 2006 Vol. 2 §3.2.1.3" in str(rows[1][0]) and "Only the chosen method" in str(rows[1][0])
    data = dict(zip(rows[4], rows[5]))
    assert data["Sub-sector"] == "II.1 On-road transportation" and data["Fuel"] == "motor_gasoline"
    assert data["Difference (GJ)"] == pytest.approx(DIFF_GJ, rel=REL)
    assert data["In the totals"] == "fuel sold"


def test_no_sheet_without_both_sides(workbook, tmp_path: Path) -> None:
    city = {"name": "Testville", "country": "CN", "year": 2023, "factors": "ipcc2006"}
    inv = gpc.calculate(workbook(city, [{"gpc_ref": "II.1.1", "activity": "motor_gasoline", "amount": 10,
                                         "unit": "t"}]))
    assert inv.transport_reconciliation is not None and inv.transport_reconciliation.empty
    names = openpyxl.load_workbook(inv.to_excel(tmp_path / "o.xlsx")).sheetnames
    assert "Transport reconciliation" not in names


def test_exports_carry_the_table(inv: gpc.Inventory, tmp_path: Path) -> None:
    doc = json.loads((inv.to_json(tmp_path / "inv.json")).read_text(encoding="utf-8"))
    (row,) = doc["transport_reconciliation"]
    assert row["difference_gj"] == pytest.approx(DIFF_GJ, rel=REL) and row["sold_rows"] == "活动数据!2"
    csv = pd.read_csv(inv.to_csv(tmp_path / "r.csv", table="transport_reconciliation"), encoding="utf-8-sig")
    assert csv.loc[0, "distance_gj"] == pytest.approx(IMPLIED_GJ, rel=REL)
    from gpc.reports.flat import read_json

    assert read_json(tmp_path / "inv.json")["transport_reconciliation"].shape[0] == 1


def test_two_vehicle_classes_both_in_the_totals_are_said_so(workbook) -> None:
    # taxis by fuel sold (1 000 L) and buses by km (10 000 km × 30 L/100km = 3 000 L): both in the totals, so the
    # row says they add up (ipcc2006: 0.753 kg/L × 44.3 GJ/t = 0.0333579 GJ/L; 1 000 L = 33.3579 GJ, 3 000 L
    # = 100.0737 GJ)
    city = {"name": "Testville", "country": "CN", "year": 2023, "factors": "ipcc2006"}
    rows = [{"gpc_ref": "II.1", "method": "fuel_sales", "vehicle_class": "taxi", "fuel": "motor_gasoline",
             "fuel_amount": 1000, "fuel_unit": "L"},
            {"gpc_ref": "II.1", "method": "geographic", "vehicle_class": "bus", "fuel": "motor_gasoline",
             "vkt": 10_000, "fuel_intensity": 30, "intensity_unit": "L/100km"}]
    inv = gpc.calculate(workbook(city, [], transport=pd.DataFrame(rows)))
    row = inv.transport_reconciliation.iloc[0]
    assert row["in_totals"] == "both"
    assert row["fuel_sold_gj"] == pytest.approx(1000 * 0.753e-3 * 44.3, rel=REL)
    assert row["distance_gj"] == pytest.approx(3000 * 0.753e-3 * 44.3, rel=REL)
    assert (row["distance_fuel_amount"], row["distance_fuel_unit"]) == (pytest.approx(3000, rel=REL), "L")


def _build(args: list[str]) -> str:
    from click.testing import CliRunner

    from gpc.cli import cli

    res = CliRunner().invoke(cli, ["build", *args])
    assert res.exit_code == 0, res.output
    return res.output


def test_cli_build_prints_the_reconciliation_line(workbook, tmp_path: Path) -> None:
    # gasoline: 10 000 000 km × 8 L/100km = 800 000 L against 1 000 000 L sold: (800 000 − 1 000 000)/1 000 000
    # = −20.0 % (the same litre on both sides, so the ratio of litres is the ratio of energies); diesel:
    # 1 000 000 km × 30 L/100km = 300 000 L against 270 000 L sold: (300 000 − 270 000)/270 000 = +11.1 %.
    # The largest by its size is the gasoline's −20.0 %.
    city = {"name": "Testville", "country": "CN", "year": 2023, "factors": "ipcc2006"}
    rows = [{"gpc_ref": "II.1", "method": "geographic", "fuel": "motor_gasoline", "vkt": 10_000_000,
             "fuel_intensity": 8, "intensity_unit": "L/100km"},
            {"gpc_ref": "II.1", "method": "fuel_sales", "cross_check": "yes", "fuel": "motor_gasoline",
             "fuel_amount": 1_000_000, "fuel_unit": "L"},
            {"gpc_ref": "II.1", "method": "geographic", "fuel": "gas_diesel_oil", "vkt": 1_000_000,
             "fuel_intensity": 30, "intensity_unit": "L/100km"},
            {"gpc_ref": "II.1", "method": "fuel_sales", "cross_check": "yes", "fuel": "gas_diesel_oil",
             "fuel_amount": 270_000, "fuel_unit": "L"}]
    src = workbook(city, [], transport=pd.DataFrame(rows))
    out = _build([str(src), "-o", str(tmp_path / "o.xlsx")])
    assert ("transport reconciliation: 2 sub-sector/fuel pairs, largest difference −20.0 % (II.1 motor_gasoline)"
            in out.splitlines())
    out = _build([str(src), "-o", str(tmp_path / "o_zh.xlsx"), "--lang", "zh"])
    assert "交通燃料核对：2个子部门与燃料组合，最大差值 −20.0%（II.1 汽油）" in out.splitlines()
    assert "Transport reconciliation" in openpyxl.load_workbook(tmp_path / "o.xlsx").sheetnames
    assert "transport reconciliation" not in _build([str(src), "-o", str(tmp_path / "q.xlsx"), "-q"])


def test_cli_build_line_one_pair_in_chinese_workbook(inv: gpc.Inventory, tmp_path: Path) -> None:
    # the register against the 居民生活 gasoline: DIFF_PCT = 985.4416 / 30 149 × 100 = +3.27 % → "+3.3"
    src = Path(str(inv.activity.source))
    out = _build([str(src), "-o", str(tmp_path / "o.xlsx")])
    assert "transport reconciliation: 1 sub-sector/fuel pair, largest difference +3.3 % (II.1 motor_gasoline)" in out
    assert f"{DIFF_PCT:.1f}" == "3.3"


def test_cli_build_prints_no_line_without_the_sheet(workbook, tmp_path: Path) -> None:
    city = {"name": "Testville", "country": "CN", "year": 2023, "factors": "ipcc2006"}
    src = workbook(city, [{"gpc_ref": "II.1.1", "activity": "motor_gasoline", "amount": 10, "unit": "t"}])
    assert "reconciliation" not in _build([str(src), "-o", str(tmp_path / "o.xlsx")])


def test_cross_check_column_names_the_sheet() -> None:
    # the column's description (template notes, docs/sheets_reference.md) names the sheet as the workbook calls it
    from gpc.i18n import label

    spec = pd.read_csv(Path(gpc.__file__).parent / "data" / "sheets" / "transport.csv").set_index("column")
    assert f'"{label("sheet.transport_reconciliation", "en")}"' in spec.at["cross_check", "description_en"]
    assert f"“{label('sheet.transport_reconciliation', 'zh')}”" in spec.at["cross_check", "description_zh"]
    ref = (Path(gpc.__file__).parents[1] / "docs" / "sheets_reference.md")
    if ref.exists():
        assert 'compared in the sheet "Transport reconciliation"' in ref.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, sheet, no_default", [("en", "transport", "gpc ships no default"),
                                                     ("zh", "交通", "无默认值")])
def test_template_says_gpc_ships_no_mileage_or_intensity(tmp_path: Path, lang: str, sheet: str,
                                                         no_default: str) -> None:
    # issue #15 item 5: without a citable source gpc ships no annual mileage or fuel intensity; the template says so
    path = tmp_path / f"t_{lang}.xlsx"
    gpc.write_template(path, lang=lang)
    ws = openpyxl.load_workbook(path)[sheet]
    notes = {c.comment.text.split(" ", 1)[0]: c.comment.text for c in ws[1] if c.comment}
    for col in ("annual_km", "fuel_intensity"):
        assert no_default in notes[col], notes[col]
