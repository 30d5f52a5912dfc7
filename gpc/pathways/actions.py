"""Which rows a driver or an action touches, and the checks of a scenario against its base inventory.

Pure table logic (no engine): ``match_rows`` selects rows of a base-workbook sheet by GPC row prefix,
activity and sheet; ``check_scenario`` returns every problem of a scenario at once, each located in the
scenario workbook (sheet, row, column).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.errors import Problem

__all__ = [
    "ACTION_SHEETS",
    "ACTION_TYPES",
    "ACTIVITY_COLUMN",
    "DIVERT_TO",
    "QUANTITY_COLUMN",
    "match_rows",
    "ref_matches",
    "removing",
]

ACTION_TYPES = ("reduce", "switch", "renewable_electricity", "divert", "capture", "clinker")
#: the column each sheet's drivers and reduce actions scale (other sheets are held at the base year)
QUANTITY_COLUMN = {"activity": "amount", "solid_waste": "amount", "biological_treatment": "amount",
                   "incineration": "amount", "wastewater": "population", "industrial_wastewater": "production",
                   "ippu": "amount", "livestock": "amount", "rice": "area", "land_use": "area"}
#: the column an ``activity`` filter compares with, per sheet
ACTIVITY_COLUMN = {"activity": "activity", "ippu": "process", "livestock": "animal", "biological_treatment": "treatment",
                   "incineration": "practice", "wastewater": "treatment", "industrial_wastewater": "industry"}
#: the base-workbook sheets each action type may change
ACTION_SHEETS = {"reduce": tuple(QUANTITY_COLUMN), "switch": ("activity",), "renewable_electricity": ("activity",),
                 "divert": ("solid_waste",), "capture": ("solid_waste",), "clinker": ("ippu",)}
DIVERT_TO = {"composting": ("biological_treatment", "III.2"), "anaerobic_digestion": ("biological_treatment", "III.2"),
             "incineration": ("incineration", "III.3")}


def removing(kind: str) -> bool:
    """Whether an action of this type removes a share of the BAU activity of its rows (shares add up)."""
    return kind in ("reduce", "switch", "renewable_electricity", "divert")


def ref_matches(refs: np.ndarray, pattern: Any) -> np.ndarray:
    """Rows whose GPC reference is ``pattern`` or below it (``I.1`` matches I.1.1, I.1.2 …); an empty
    pattern or ``all`` matches every row."""
    refs = np.asarray(refs, dtype=object).astype(str)
    p = "" if pattern is None else str(pattern).strip()
    if p in ("", "all", "*", "全部"):
        return np.ones(len(refs), dtype=bool)
    p = taxonomy.normalise_ref(p) if hasattr(taxonomy, "normalise_ref") else p
    return (refs == p) | np.char.startswith(refs.astype(str), p + ".")


def match_rows(sheet: str, df: pd.DataFrame, gpc_ref: Any, activity: Any = None, only_sheet: Any = None) -> np.ndarray:
    """Boolean mask of the rows of ``df`` (the base workbook's ``sheet``) that a driver/action selects."""
    if only_sheet:
        from gpc.sheets import header_key, sheet_aliases

        if sheet_aliases().get(header_key(only_sheet), str(only_sheet).strip()) != sheet:
            return np.zeros(len(df), dtype=bool)
    m = ref_matches(df["gpc_ref"].to_numpy(), gpc_ref)
    if "notation_key" in df.columns:  # a notation-key row (IE, NO …) has no activity to change
        m &= df["notation_key"].isna().to_numpy()
    if activity is not None and str(activity).strip():
        col = "_act" if sheet == "activity" and "_act" in df.columns else ACTIVITY_COLUMN.get(sheet)
        if col is None or col not in df.columns:
            return np.zeros(len(df), dtype=bool)
        want = canonical_activity(activity) if col == "_act" else str(activity).strip()
        m &= df[col].astype(object).to_numpy() == want
    return m


def canonical_activity(text: Any) -> str:
    """The activity id of what a user typed (``电力`` → ``grid_electricity``), else the text itself."""
    from gpc.activities import all_known_activities, resolve_activity

    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return resolve_activity(text, all_known_activities()) or str(text).strip()


def problem(row: pd.Series, column: str | None, message: str) -> Problem:
    value = row.get(column) if column else None
    if isinstance(value, float) and np.isnan(value):
        value = None
    return Problem(str(row["sheet"]), int(row["row"]), column, value, message)
