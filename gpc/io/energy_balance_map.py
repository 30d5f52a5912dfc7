"""Mapping the cells of an energy balance to GPC rows: the mapping (row × fuel → target, share; the shipped
``gpc/data/energy_balance_map.csv`` or the user's, with their vehicle and transport shares), where each cell
goes (imported, or reported with the reason), the amount it brings, and the activity rows it becomes.

Part of the energy balance import (:mod:`gpc.io.energy_balance`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from gpc import taxonomy
from gpc.errors import InputError, Problem
from gpc.i18n.zh import label
from gpc.io.energy_balance_read import GRID_ACTIVITIES, _read_data_csv

__all__ = ["ACTIVITY_COLUMNS", "TRACE_COLUMNS", "TRANSPORT_ROW", "VEHICLE_TARGET", "default_mapping"]

#: v1 activity columns written by the import, then the columns that trace each row to its cell.
ACTIVITY_COLUMNS = ["gpc_ref", "activity", "amount", "unit", "source", "explanation", "notation_key", "data_quality"]
TRACE_COLUMNS = ["balance_row", "balance_column", "balance_cell", "balance_value", "balance_unit", "share"]
VEHICLE_TARGET = "II.1"
TRANSPORT_ROW = "transport"


def default_mapping() -> pd.DataFrame:
    """The shipped mapping (``energy_balance_map.csv``): row × fuel → target, share."""
    return _read_data_csv("energy_balance_map.csv")


def _load_mapping(mapping: str | Path | pd.DataFrame | None) -> pd.DataFrame:
    if mapping is None:
        m = default_mapping()
    elif isinstance(mapping, pd.DataFrame):
        m = mapping.astype(str).replace("nan", "")
    else:
        from gpc.io.paths import check_input

        if bad := check_input(mapping):  # a FIFO or device is never opened
            raise InputError(bad)
        try:
            m = pd.read_csv(mapping, dtype=str, keep_default_na=False)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError([Problem(Path(mapping).name, None, None, None,
                                      f"not a CSV table in UTF-8 ({type(exc).__name__}): give the mapping as a "
                                      "CSV file with the columns of gpc/data/energy_balance_map.csv")]) from None
    missing = {"row", "fuel", "target", "share"} - set(m.columns)
    if missing:
        raise ValueError(f"the energy balance mapping lacks the columns {', '.join(sorted(missing))}")
    for col in ("activity", "notation_key", "source", "note"):
        if col not in m.columns:
            m[col] = ""
    m = m.copy()
    m["share"] = pd.to_numeric(m["share"].replace("", "1"), errors="raise").astype("float64")
    _check_targets(m)
    return m


def _check_targets(m: pd.DataFrame) -> None:
    bad = [t for t in m["target"].unique() if t != "reported" and not _is_target(t)]
    if bad:
        raise ValueError(f"unknown GPC targets in the energy balance mapping: {', '.join(bad)}")
    sums = m.groupby(["row", "fuel"])["share"].sum()
    off = sums[(sums - 1).abs() > 1e-9]
    if len(off):
        raise ValueError("shares of the energy balance mapping must add up to 1 per row and fuel: "
                         + "; ".join(f"{r} × {f}: {s:g}" for (r, f), s in off.items()))


def _is_target(target: str) -> bool:
    return taxonomy.is_ref(target) or taxonomy.is_ref(f"{target}.1")


def _gpc_ref(target: str, activity: str) -> str:
    """A full reference number: ``I.1`` → ``I.1.1`` for fuels, ``I.1.2`` for grid electricity and heat."""
    if taxonomy.is_ref(target):
        return taxonomy.normalise_ref(target)
    return f"{target}.{2 if activity in GRID_ACTIVITIES else 1}"


def _apply_overrides(m: pd.DataFrame, private_vehicle_shares: Mapping[str, Mapping[str, float]] | None,
                     transport_shares: Mapping[str, Mapping[str, float]] | None) -> pd.DataFrame:
    """Replace the splits of (row, fuel) the user gave; every override is checked to add up to 1."""
    replacements: list[pd.DataFrame] = []
    for row, fuels in (private_vehicle_shares or {}).items():
        for fuel, share in fuels.items():
            if not 0 <= float(share) <= 1:
                raise ValueError(f"private_vehicle_shares[{row!r}][{fuel!r}] = {share}: give a fraction between 0 and 1")
            default = m[(m["row"] == row) & (m["fuel"] == "*")]
            if default.empty:
                raise ValueError(f"private_vehicle_shares: {row!r} is not a row of the mapping")
            vehicle = default.iloc[[0]].assign(fuel=fuel, target=VEHICLE_TARGET, share=float(share), activity="",
                                               notation_key="", source="user: private_vehicle_shares")
            rest = default.assign(fuel=fuel, share=default["share"] * (1 - float(share)),
                                  source="user: private_vehicle_shares (remainder)")
            replacements.append(pd.concat([vehicle, rest]))
    for fuel, targets in (transport_shares or {}).items():
        total = sum(float(s) for s in targets.values())
        if abs(total - 1) > 1e-9 or any(float(s) < 0 for s in targets.values()):
            raise ValueError(f"transport_shares[{fuel!r}] must be fractions adding up to 1 (they add up to {total:g})")
        base = m[(m["row"] == TRANSPORT_ROW) & (m["fuel"].isin([fuel, "*"]))]
        base = base[base["fuel"] == fuel] if (base["fuel"] == fuel).any() else base
        activity = base["activity"].iloc[0] if len(base) else ""
        replacements.append(pd.DataFrame([{"row": TRANSPORT_ROW, "fuel": fuel, "target": t, "share": float(s), "activity": activity,
                                               "notation_key": "", "source": "user: transport_shares", "note": ""}
                                          for t, s in targets.items() if float(s) > 0]))
    if not replacements:
        return m
    new = pd.concat(replacements, ignore_index=True)
    new = new[new["share"] > 0]
    keys = set(zip(new["row"], new["fuel"]))
    kept = m[[k not in keys for k in zip(m["row"], m["fuel"])]]
    out = pd.concat([kept, new], ignore_index=True)
    _check_targets(out)
    return out


def _targets(m: pd.DataFrame, row: str, fuel: str) -> pd.DataFrame:
    own = m[(m["row"] == row) & (m["fuel"] == fuel)]
    return own if len(own) else m[(m["row"] == row) & (m["fuel"] == "*")]


# ------------------------------------------------------------------------------------------ import


_REPORTED_KIND = {
    "block": "reported: block total",
    "supply": "reported: supply",
    "transformation": "reported: transformation (not combustion)",
    "loss": "reported: losses",
    "balance": "reported: balance / total",
    "detail": "reported: part of its parent row",
}


def _destination(cells: pd.DataFrame) -> pd.Series:
    """Whether each cell is imported or why it is reported."""
    dest = pd.Series("imported", index=cells.index, dtype=object)
    dest[cells["kind"].isin(list(_REPORTED_KIND))] = cells["kind"].map(_REPORTED_KIND)
    tc = cells["kind"] == "transformation_combustion"
    dest[tc & (cells["value"] > 0)] = "reported: transformation output"
    dest[cells["kind"].isin(["final", "carve_out"]) & (cells["value"] < 0)] = "reported: negative consumption"
    dest[cells["value"] == 0] = "reported: zero"
    dest[cells["row"].isna()] = "reported: row not in the mapping"
    dest[cells["column_kind"] == "total"] = "reported: total column"
    dest[cells["column_kind"] == "unknown"] = "reported: not a known energy carrier"
    return dest


def _amounts(cells: pd.DataFrame, sheet: str, problems: list[Problem]) -> pd.Series:
    """The amount each imported cell brings: inputs of transformation as positive numbers, and parents
    less the carve-out rows (``#用作原料、材料`` …) listed under them."""
    amount = cells["value"].abs().where(cells["destination"] == "imported", 0.0)
    carve = cells[(cells["kind"] == "carve_out") & (cells["destination"] == "imported")]
    for (parent, fuel_col), part in carve.groupby(["parent", "balance_column"]):
        owner = cells[(cells["row"] == parent) & (cells["balance_column"] == fuel_col)]
        carved = float(part["value"].sum())
        if owner.empty or float(owner["value"].iloc[0]) < carved - 1e-9 * max(1.0, carved):
            have = 0.0 if owner.empty else float(owner["value"].iloc[0])
            problems.append(Problem(sheet, int(part["excel_row"].iloc[0]), fuel_col, carved,
                                    f"the sub-items of '{parent}' ({carved:g}) exceed the row itself ({have:g}): "
                                    "check the table"))
            continue
        amount.loc[owner.index[0]] = float(owner["value"].iloc[0]) - carved
    return amount


def _activity_rows(cells: pd.DataFrame, m: pd.DataFrame, file: str, sheet: str, year: int | None) -> pd.DataFrame:
    out: list[dict[str, Any]] = []
    carved_by = cells[cells["kind"] == "carve_out"].groupby(["parent", "balance_column"])["balance_row"].agg("、".join)
    for c in cells[(cells["destination"] == "imported") & (cells["amount"] > 0)].itertuples():
        source = label("balance.source", "en", file=file, sheet=sheet, cell=c.balance_cell, row_label=c.balance_row,
                       column=c.balance_column, year=year if year is not None else "")
        targets = _targets(m, c.row, c.fuel)
        if targets.empty:
            raise ValueError(f"the energy balance mapping has no row for {c.row!r} (add '{c.row},*,<target>,1')")
        for t in targets.itertuples():
            if t.target == "reported":
                continue
            activity = t.activity or c.fuel
            part = c.amount * t.share
            notes: list[str] = []
            if (c.row, c.balance_column) in carved_by.index:
                notes.append(label("balance.carved", "en", row_label=c.balance_row,
                                   carved=carved_by[(c.row, c.balance_column)], target=t.target))
            if t.notation_key:
                notes.append(label("balance.feedstock", "en", value=f"{part:g}", unit=c.balance_unit,
                                   column=c.balance_column))
            elif t.share < 1 or t.source.startswith(("assumption", "user")):
                notes.append(label("balance.split", "en", share=f"{t.share:.0%}", row_label=c.balance_row,
                                   column=c.balance_column, value=f"{c.amount:g}", unit=c.balance_unit,
                                   target=t.target, reason=t.source))
            out.append({
                "gpc_ref": _gpc_ref(t.target, activity),
                "activity": activity,   # on an IE row: the part of the GPC row it covers (gpc.validation)
                "amount": None if t.notation_key else part,
                "unit": None if t.notation_key else c.balance_unit,
                "source": source,
                "explanation": "; ".join(notes) or None,
                "notation_key": t.notation_key or None,
                "data_quality": "M" if t.source.startswith(("assumption", "user")) else "H",
                "balance_row": c.balance_row, "balance_column": c.balance_column, "balance_cell": c.balance_cell,
                "balance_value": part, "balance_unit": c.balance_unit, "share": t.share,
            })
    return pd.DataFrame.from_records(out, columns=ACTIVITY_COLUMNS + TRACE_COLUMNS)


def _consistency_warnings(cells: pd.DataFrame) -> list[str]:
    warnings: list[str] = []
    for (parent, col), part in cells[cells["kind"] == "detail"].groupby(["parent", "balance_column"]):
        whole = cells[(cells["row"] == parent) & (cells["balance_column"] == col)]["value"].sum()
        parts = part["value"].sum()
        if abs(parts - whole) > max(0.01, 1e-3 * abs(whole)):
            warnings.append(label("warn.balance_parts_mismatch", "en", row_label=parent, parts=f"{parts:g}",
                                  total=f"{whole:g}", column=col))
    return warnings
