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

Usage::

    python examples/sections/china_city.py out.xlsx        # writes the balance workbook
    gpc import-balance out.xlsx -o activity.xlsx           # (CLI, once wired) or gpc.io.energy_balance
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "china_city_balance.csv"
CITY_NAME = "示例市"
POPULATION = 10_000_000

__all__ = ["CITY_NAME", "POPULATION", "balance_table", "write_energy_balance"]


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
    out = write_energy_balance(sys.argv[1] if len(sys.argv) > 1 else "energy_balance.xlsx")
    print(f"wrote {out}")
