"""The scenario workbook: drivers, grid path, actions and targets (``gpc template --scenario``).

Its sheets and columns are described in ``gpc/data/scenario_sheets/<sheet>.csv`` (the format of
``gpc/data/sheets``: English names, Chinese aliases and descriptions); headers are matched with
:func:`gpc.io.sheets.header_key` and cells typed with :func:`gpc.io.sheets.coerce`, as in the activity workbook.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from gpc.errors import InputError, Problem
from gpc.io.sheets import CellError, ColumnSpec, SheetSpec, coerce, header_key, is_blank

__all__ = ["SHEETS", "Scenario", "read_scenario", "scenario_specs", "write_scenario_template"]

SHEETS = ("scenario", "drivers", "grid", "actions", "targets")


@lru_cache(maxsize=1)
def scenario_specs() -> dict[str, SheetSpec]:
    folder = resources.files("gpc.data").joinpath("scenario_sheets")
    specs = {}
    for name in SHEETS:
        with folder.joinpath(f"{name}.csv").open(encoding="utf-8") as fh:
            cols = tuple(ColumnSpec(
                name=r["column"].strip(), required=(r.get("required") or "no").strip(),
                dtype=(r.get("dtype") or "text").strip(),
                choices=tuple(x.strip() for x in (r.get("choices") or "").split("|") if x.strip()),
                unit=(r.get("unit") or "").strip(), description_en=(r.get("description_en") or "").strip(),
                description_zh=(r.get("description_zh") or "").strip(),
                aliases=tuple(x.strip() for x in (r.get("aliases") or "").split("|") if x.strip()))
                for r in csv.DictReader(fh))
        specs[name] = SheetSpec(name, cols)
    return specs


@lru_cache(maxsize=1)
def _sheet_aliases() -> dict[str, str]:
    out = {header_key(n): n for n in SHEETS}
    with resources.files("gpc.data").joinpath("scenario_sheets", "_sheets.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(header_key(r["alias"]), r["sheet"])
    return out


#: names of the scenario settings (header_key form: lower case, no spaces or underscores) → setting
_KEYS = {"base": "base", "baseworkbook": "base", "baseinventory": "base", "inventory": "base", "基准": "base",
         "基准工作簿": "base", "基准年工作簿": "base", "horizon": "horizon", "horizonyear": "horizon",
         "endyear": "horizon", "预测终止年": "horizon", "展望年": "horizon", "终止年": "horizon", "total": "total",
         "口径": "total", "peakyears": "peak_years", "达峰判定年数": "peak_years", "history": "history",
         "历史": "history", "历史工作簿": "history", "name": "name", "名称": "name"}


@dataclass
class Scenario:
    """What a scenario workbook says. Every table has ``sheet`` and ``row`` (as Excel shows it)."""

    settings: dict[str, Any] = field(default_factory=dict)
    drivers: pd.DataFrame = field(default_factory=pd.DataFrame)
    grid: pd.DataFrame = field(default_factory=pd.DataFrame)
    actions: pd.DataFrame = field(default_factory=pd.DataFrame)
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    source: str | None = None
    setting_rows: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_frames(cls, settings: dict[str, Any] | None = None, **tables: Any) -> Scenario:
        """A scenario from Python: ``settings`` (horizon, total, peak_years …) and DataFrames (or lists of
        dicts) with the columns of the sheets; cells are typed as in the workbook."""
        problems: list[Problem] = []
        out = cls(settings=dict(settings or {}))
        for name in ("drivers", "grid", "actions", "targets"):
            raw = tables.get(name)
            df = pd.DataFrame(raw) if raw is not None else pd.DataFrame()
            header = [str(c) for c in df.columns]
            rows = df.astype(object).where(df.notna(), None).values.tolist()
            setattr(out, name, _typed(name, header, rows, problems, first_row=2))
        if problems:
            raise InputError(problems)
        return out


def _typed(name: str, header: list[Any], rows: list[list[Any]], problems: list[Problem],
           first_row: int = 2, label: str | None = None) -> pd.DataFrame:
    spec = scenario_specs()[name]
    where = label or name
    hmap = spec.header_map()
    cols: dict[int, str] = {}
    for j, h in enumerate(header):
        if is_blank(h):
            continue
        c = hmap.get(header_key(h))
        if c is None:
            problems.append(Problem(where, 1, str(h), h, f"unknown column: the columns of {name} are "
                                    f"{', '.join(spec.names)}"))
        else:
            cols[j] = c
    out: list[dict[str, Any]] = []
    for k, r in enumerate(rows):
        if all(is_blank(v) for v in r):
            continue
        rec: dict[str, Any] = {c: None for c in spec.names}
        rec["sheet"], rec["row"] = where, first_row + k
        for j, c in cols.items():
            v = r[j] if j < len(r) else None
            try:
                rec[c] = coerce(v, spec.column(c))
            except CellError as exc:
                problems.append(Problem(where, first_row + k, c, v, str(exc)))
        for cs in spec.columns:
            if cs.required == "yes" and rec[cs.name] is None and cs.name not in {p.column for p in problems
                                                                                 if p.row == first_row + k}:
                problems.append(Problem(where, first_row + k, cs.name, None, f"{cs.name} is required: "
                                        f"{cs.description_en}"))
        out.append(rec)
    df = pd.DataFrame(out, columns=["sheet", "row"] + spec.names).astype(object)
    return df.where(df.notna(), None)


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario workbook; raises :class:`~gpc.errors.InputError` listing every problem."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    if not path.is_file():
        raise InputError([Problem("scenario", None, None, str(path), "scenario workbook not found")])
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - a bad file is a user problem
        raise InputError([Problem("scenario", None, None, str(path), f"cannot read the workbook: {exc}")]) from None
    problems: list[Problem] = []
    sc = Scenario(source=str(path))
    aliases = _sheet_aliases()
    for sheet_name in wb.sheet_names:
        name = aliases.get(header_key(sheet_name))
        if name is None:
            problems.append(Problem(sheet_name, None, None, None, "unknown sheet: the sheets of a scenario workbook "
                                    f"are {', '.join(SHEETS)} (or their Chinese names); rename or remove it"))
            continue
        data = wb.get_sheet_by_name(sheet_name).to_python()
        if not data:
            continue
        t = _typed(name, list(data[0]), [list(r) for r in data[1:]], problems, label=sheet_name)
        if name == "scenario":
            for _, r in t.iterrows():
                if r["key"]:
                    k = header_key(r["key"])
                    key = _KEYS.get(k)
                    if key is None:
                        problems.append(Problem(sheet_name, int(r["row"]), "key", r["key"],
                                                "unknown setting: use base, horizon, total, peak_years, history or "
                                                "name"))
                        continue
                    sc.settings[key] = r["value"]
                    sc.setting_rows[key] = int(r["row"])
        else:
            setattr(sc, name, t)
    if problems:
        raise InputError(problems)
    for name in ("drivers", "grid", "actions", "targets"):
        if getattr(sc, name).empty:
            setattr(sc, name, _typed(name, [], [], problems))
    return sc


def write_scenario_template(path: str | Path, lang: str = "en") -> Path:
    """A scenario workbook to fill in: every sheet with its headers (Chinese with ``lang="zh"``) and a note
    on each column, plus an example row."""
    import xlsxwriter

    from gpc.io.atomic import atomic_path

    zh = lang == "zh"
    sheet_zh = {"scenario": "情景设置", "drivers": "驱动因素", "grid": "电网排放因子", "actions": "减排行动",
                "targets": "目标"}
    examples: dict[str, list[list[Any]]] = {
        "scenario": [["base", "city_2023.xlsx"], ["horizon", 2060], ["total", "BASIC"], ["peak_years", 5]],
        "drivers": [["population", "all", None, None, 2024, 2030, 0.01, "city plan"],
                    ["energy_intensity", "I.3", None, None, 2024, 2060, -0.03, "industry plan"]],
        "grid": [[2030, 0.45, "t/MWh", "provincial plan"], [2060, 0.05, "t/MWh", "provincial plan"]],
        "actions": [["policy", "building retrofit", "reduce", "I.1", None, 0.2, 2025, 2035, None, None, None, None, ""],
                    ["policy", "EV", "switch", "II.1.1", "motor_gasoline", 0.6, 2025, 2040, "grid_electricity",
                     None, 0.25, 0.8, "tank-to-wheel efficiencies"]],
        "targets": [["peak", 2030, None, None, "national peak target"], ["net_zero", 2060, None, None, ""]],
    }
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp))
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        for name in SHEETS:
            spec = scenario_specs()[name]
            ws = wb.add_worksheet(sheet_zh[name] if zh else name)
            for j, c in enumerate(spec.columns):
                title = c.aliases[0] if zh and c.aliases and not c.aliases[0].isascii() else c.name
                ws.write(0, j, title, head)
                ws.write_comment(0, j, c.description_zh if zh else c.description_en, {"x_scale": 3, "y_scale": 2})
                ws.set_column(j, j, 16)
                if c.choices:
                    ws.data_validation(1, j, 500, j, {"validate": "list", "source": list(c.choices)})
            for i, r in enumerate(examples[name]):
                for j, v in enumerate(r):
                    if v is not None:
                        ws.write(i + 1, j, v)
        wb.close()
    return Path(path)
