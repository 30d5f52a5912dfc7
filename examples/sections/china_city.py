"""示例市 — a clearly synthetic Chinese city of about 10 million people: its energy balance table.

The numbers are invented (plausible magnitudes only) and live in ``china_city_balance.csv`` beside
this file: the primary rows of a 能源平衡表（实物量）in the National Bureau of Statistics layout. The
rows marked in the ``计算`` column are derived here:

* ``=supply`` 可供本地区消费的能源量 = the sum of the supply items under it;
* ``=transformation`` 加工转换投入（-）产出（+）量 = the sum of the transformation rows;
* ``=final`` 终端消费量 = the sum of the sector rows (``#`` sub-items and 城镇/乡村 excluded);
* ``=residential`` 居民生活 = 城镇 + 乡村;
* ``=balance`` 平衡差额 = supply + transformation − losses − final consumption;
* ``=consumption`` 消费量合计 = final consumption + transformation inputs + losses.

An energy balance covers stationary energy and transport only. :func:`complete_activity` then does what
the user of ``gpc import-balance`` is asked to do — review and complete the imported workbook: it adds
the city fields the balance cannot give (population, GDP, climate zone), the notation key of every
BASIC row the balance leaves empty, with its explanation, and the waste sector (a landfill's disposal
history, composting, incineration, domestic wastewater) — all of it synthetic as well.

Usage::

    python examples/sections/china_city.py out.xlsx                # writes the balance workbook
    gpc import-balance out.xlsx -o activity.xlsx --lang zh
    python examples/sections/china_city.py --complete activity.xlsx  # completes the imported workbook
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "china_city_balance.csv"
CITY_NAME = "示例市"
POPULATION = 10_000_000

__all__ = ["CITY_NAME", "POPULATION", "balance_table", "complete_activity", "write_energy_balance"]

SYNTHETIC = "合成示例数据（非真实城市）"

#: City fields an energy balance cannot give (synthetic, plausible for a city of 10 million in Hubei).
CITY_FIELDS = {"population": POPULATION, "gdp": "1.8万亿元", "climate_zone": "temperate_wet"}

#: gpc_ref, notation key, explanation: every BASIC row the imported balance leaves without emissions.
NOTATION_KEYS = [
    ("I.4.1", "IE", "发电厂厂用燃料包含在能源平衡表“1.火力发电”“2.供热”的加工转换投入中，计入I.4.4"),
    ("I.4.2", "IE", "发电厂厂用电包含在能源平衡表“2.工业”（电力、热力生产和供应业）的电力消费中，计入I.3.2"),
    ("I.6.1", "IE", "能源平衡表的终端消费已全部按行业分配（I.1–I.5、II），无未细分来源"),
    ("I.6.2", "IE", "能源平衡表的终端电力、热力消费已全部按行业分配（I.1–I.5、II），无未细分来源"),
    ("I.7.1", "NO", "示例市境内无煤炭开采、洗选（合成示例）"),
    ("I.8.1", "NE", "油气输配逸散排放尚无活动数据，未估算（合成示例）"),
    ("II.1.2", "IE", "电动汽车充电用电包含在居民生活和商业用电中，计入I.1.2、I.2.2"),
    ("II.2.1", "IE", "能源平衡表交通运输行的柴油未分运输方式，铁路内燃机车用油计入II.1.1"),
    ("II.3.2", "NO", "示例市无电动船舶（合成示例）"),
    ("II.4.2", "IE", "机场用电包含在能源平衡表“4.交通运输、仓储和邮政业”的热力、电力消费中，计入I.2.2"),
    ("II.5.1", "IE", "非道路机械用油包含在能源平衡表工业、建筑业和农业的消费中，计入I.3.1、I.5.1"),
    ("II.5.2", "IE", "非道路机械用电包含在工业、建筑业和农业用电中，计入I.3.2、I.5.2"),
    ("III.1.2", "NO", "城市生活垃圾全部在市内填埋场或焚烧厂处理（合成示例）"),
    ("III.2.2", "NO", "城市生物处理全部在市内进行（合成示例）"),
    ("III.3.2", "NO", "城市垃圾焚烧全部在市内进行（合成示例）"),
    ("III.4.2", "NO", "城市污水全部在市内处理（合成示例）"),
]

#: Wet-weight composition of the synthetic city's mixed municipal solid waste (invented, in the style of
#: a large Chinese city: mostly food waste).
COMPOSITION = {"food": 0.56, "garden": 0.03, "paper": 0.10, "wood": 0.02, "textiles": 0.03, "nappies": 0.02,
               "rubber_leather": 0.01, "plastics": 0.12, "metal": 0.01, "glass": 0.02, "other_inert": 0.08}


def waste_sheets(year: int = 2022) -> dict[str, pd.DataFrame]:
    """The synthetic city's waste sector, with gpc's column names: landfill (first-order decay over the
    disposal history), composting, incineration and domestic wastewater."""
    import numpy as np

    years = np.arange(year - 19, year + 1)
    # one sanitary landfill: deposits grew 5 %/yr, then fall 10 %/yr since incineration took over in 2016
    tonnes = np.where(years <= 2015, 1_000_000 * 1.05 ** (years - years[0]),
                      1_000_000 * 1.05 ** (2015 - years[0]) * 0.90 ** (years - 2015))
    landfill = pd.DataFrame({
        "gpc_ref": "III.1.1", "site": "示例市生活垃圾填埋场（合成）", "year": years,
        "amount": np.round(tonnes, -3), "unit": "t", "method": "fod", "site_type": "managed_anaerobic",
        "oxidation": 0.1, **COMPOSITION, "source": SYNTHETIC + "：填埋场地磅记录",
    })
    landfill["methane_recovered"] = np.where(landfill["year"] == year, 8_000.0, np.nan)  # t CH4 flared
    biological = pd.DataFrame([
        {"gpc_ref": "III.2.1", "treatment": "composting", "amount": 12, "unit": "万吨", "basis": "wet",
         "source": SYNTHETIC + "：园林与农贸市场垃圾堆肥厂"},
        {"gpc_ref": "III.2.1", "treatment": "anaerobic_digestion", "amount": 30, "unit": "万吨", "basis": "wet",
         "methane_recovered": 60.0, "source": SYNTHETIC + "：餐厨垃圾厌氧消化厂（沼气发电）"},
    ])
    incineration = pd.DataFrame([
        {"gpc_ref": "III.3.1", "practice": "incineration", "technology": "continuous_stoker", "amount": 200,
         "unit": "万吨", **COMPOSITION, "source": SYNTHETIC + "：两座垃圾焚烧发电厂的入炉量"},
    ])
    wastewater = pd.DataFrame([
        {"gpc_ref": "III.4.1", "population": 8_600_000, "treatment": "aerobic_well_managed", "collected": True,
         "protein": 33.0,
         "source": SYNTHETIC + "：城镇污水处理厂服务人口"},
        {"gpc_ref": "III.4.1", "population": 1_000_000, "treatment": "septic", "protein": 33.0,
         "source": SYNTHETIC + "：城郊化粪池"},
        {"gpc_ref": "III.4.1", "population": 400_000, "treatment": "latrine_wet", "protein": 33.0,
         "source": SYNTHETIC + "：农村旱厕"},
    ])
    return {"solid_waste": landfill, "biological_treatment": biological, "incineration": incineration,
            "wastewater": wastewater}


def transport_sheets() -> dict[str, pd.DataFrame]:
    """The vehicle register (行驶里程法: 保有量 × 年均行驶里程 × 百公里油耗) of the synthetic city, by Chinese
    register class, marked 校核 (cross-check): the balance's transport fuel is what the totals count, and
    ``gpc.sectors.transport.reconcile`` compares the two. Mileages and fuel intensities are invented for the
    example — gpc ships no defaults for them (docs/methods/transport.md)."""
    src = "synthetic example data: vehicle register 2022, mileage and fuel use from an invented survey"
    rows = [
        ("小型载客汽车", "汽油", 2_600_000, 11_000, 7.8),
        ("出租车", "汽油", 60_000, 110_000, 8.5),
        ("公交车", "柴油", 9_000, 60_000, 32.0),
        ("重型载货汽车", "柴油", 50_000, 45_000, 30.0),
        ("轻型载货汽车", "柴油", 300_000, 25_000, 11.0),
        ("摩托车", "汽油", 400_000, 5_000, 2.5),
    ]
    return {"transport": pd.DataFrame([
        {"gpc_ref": "II.1", "method": "resident_activity", "cross_check": "是", "vehicle_class": vc, "fuel": fuel,
         "vehicles": n, "annual_km": km, "fuel_intensity": l100, "intensity_unit": "升/百公里", "source": src}
        for vc, fuel, n, km, l100 in rows])}


def complete_activity(path: str | Path) -> Path:
    """Complete an activity workbook imported from the synthetic balance (``gpc import-balance … --lang zh``
    or in English): city fields, the notation key of every BASIC row the balance leaves empty, and the
    waste sheets, with Chinese sheet names and headers when the workbook has them."""
    import openpyxl

    from gpc.io.sheets import column_names_zh, header_key, sheet_names_zh, sheet_spec

    path = Path(path)
    wb = openpyxl.load_workbook(path)
    zh_names = sheet_names_zh()
    zh = zh_names["activity"] in wb.sheetnames
    city = wb[zh_names["city"] if zh else "city"]
    fields = {sheet_spec("city").header_map().get(header_key(r[0].value)) for r in city.iter_rows() if r[0].value}
    zh_fields = {"population": "常住人口", "gdp": "地区生产总值", "climate_zone": "气候区"}
    for k, v in CITY_FIELDS.items():
        if k not in fields:
            city.append([zh_fields[k] if zh else k, v])
    act = wb[zh_names["activity"] if zh else "activity"]
    hmap = sheet_spec("activity").header_map()
    col = {hmap.get(header_key(c.value)): c.column for c in act[1] if c.value}
    for ref, key, why in NOTATION_KEYS:
        r = act.max_row + 1
        act.cell(r, col["gpc_ref"], ref)
        act.cell(r, col["notation_key"], key)
        act.cell(r, col["explanation"], why)
    for sheet, df in {**waste_sheets(), **transport_sheets()}.items():
        names = column_names_zh(sheet) if zh else {}
        ws = wb.create_sheet(zh_names[sheet] if zh else sheet)
        ws.append([names.get(c, c) for c in df.columns])
        for row in df.itertuples(index=False):
            ws.append([None if (isinstance(v, float) and v != v) else (v.item() if hasattr(v, "item") else v)
                       for v in row])
    wb.save(path)
    return path


def _blocks(labels: pd.Index, calc: pd.Series) -> dict[str, list[str]]:
    """Rows belonging to each derived row: those between it and the next derived or block row."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    for lab in labels:
        if calc[lab] in ("=supply", "=transformation", "=final"):
            current = lab
            out[lab] = []
        elif lab.startswith(("三、", "五、", "六、")):
            current = None
        elif current is not None and not lab.startswith("#") and lab not in ("城镇", "乡村"):
            out[current].append(lab)
    return out


def balance_table() -> tuple[pd.DataFrame, pd.Series]:
    """The full synthetic balance: rows in NBS order × carriers, derived rows computed; and the units.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.Series)
        Values (NaN = empty cell) indexed by the row label as printed, and each carrier's unit.
    """
    raw = pd.read_csv(DATA, dtype=str, keep_default_na=False).set_index("项目")
    units = raw.loc["单位"].drop("计算")
    raw = raw.drop(index="单位")
    calc = raw.pop("计算")
    t = raw.replace("", None).astype("float64")
    blocks = _blocks(t.index, calc)
    for lab, members in blocks.items():
        if calc[lab] == "=final":
            members = [m for m in members if m != "7.居民生活"]
        t.loc[lab] = t.loc[members].sum(min_count=1)
    residential = t.loc[["城镇", "乡村"]].sum(min_count=1)
    t.loc["7.居民生活"] = residential
    final = calc[calc == "=final"].index[0]
    t.loc[final] = t.loc[blocks[final]].sum(min_count=1)
    supply = t.loc[calc[calc == "=supply"].index[0]].fillna(0)
    transformation = t.loc[calc[calc == "=transformation"].index[0]].fillna(0)
    losses = t.loc["三、损失量"].fillna(0)
    inputs = -t.loc[blocks[calc[calc == "=transformation"].index[0]]].clip(upper=0).sum()
    t.loc["五、平衡差额"] = (supply + transformation - losses - t.loc[final].fillna(0)).round(6)
    t.loc["六、消费量合计"] = (t.loc[final].fillna(0) + inputs + losses).round(6)
    return t.where(t != 0), units


def write_energy_balance(
    path: str | Path,
    *,
    year: int = 2022,
    units_row: bool = False,
    total_column: bool = False,
) -> Path:
    """Write the synthetic balance as an Excel workbook in the NBS layout (Chinese labels).

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` to write.
    year : int
        Printed in the title and the sheet name (the numbers do not change with it).
    units_row : bool
        Units in a row under the header (``万吨``) instead of in the header (``原煤（万吨）``).
    total_column : bool
        Add a 合计（万吨标准煤）column with a made-up total, which the import must report, not import.
    """
    import xlsxwriter

    table, units = balance_table()
    path = Path(path)
    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet(f"{year}年能源平衡表")
        bold = wb.add_format({"bold": True})
        ws.write_string(0, 0, f"{year}年{CITY_NAME}能源平衡表（实物量）（合成数据，仅供演示）", bold)
        headers = list(table.columns) if units_row else [f"{c}（{units[c]}）" for c in table.columns]
        ws.write_string(2, 0, "项目", bold)
        for j, h in enumerate(headers, start=1):
            ws.write_string(2, j, h, bold)
        if total_column:
            ws.write_string(2, len(headers) + 1, "合计（万吨标准煤）" if not units_row else "合计", bold)
        r = 3
        if units_row:
            for j, c in enumerate(table.columns, start=1):
                ws.write_string(r, j, units[c])
            if total_column:
                ws.write_string(r, len(headers) + 1, "万吨标准煤")
            r += 1
        for i, (lab, values) in enumerate(table.iterrows()):
            indent = "" if lab[:2] in ("一、", "二、", "三、", "四、", "五、", "六、") else "  "
            ws.write_string(r + i, 0, indent + lab)
            for j, v in enumerate(values, start=1):
                if pd.notna(v):
                    ws.write_number(r + i, j, float(v))
            if total_column and values.notna().any():
                ws.write_number(r + i, len(headers) + 1, float(values.abs().sum()))
        ws.set_column(0, 0, 34)
        ws.set_column(1, len(headers) + 1, 14)
    return path


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--complete":
        print(f"completed {complete_activity(sys.argv[2])}: city fields, notation keys, waste sheets (synthetic)")
    else:
        out = write_energy_balance(sys.argv[1] if len(sys.argv) > 1 else "energy_balance.xlsx")
        print(f"wrote {out}")
