"""Activity ids: fuels (IPCC 2006 Vol. 2 Table 1.2 names in snake_case), grid energy, direct
entries and process activities, and the aliases users may type for them (English and Chinese)."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import pandas as pd

from gpc.units import normalise_text

if TYPE_CHECKING:
    from gpc.errors import Problem

__all__ = ["GRID_ELECTRICITY", "DISTRICT_HEAT", "DIRECT", "fuel_catalogue", "resolve_activity", "activity_key"]

GRID_ELECTRICITY = "grid_electricity"
DISTRICT_HEAT = "district_heat"
DIRECT = "direct"
SPECIAL = (GRID_ELECTRICITY, DISTRICT_HEAT, DIRECT)


def activity_key(text: object) -> str:
    """Normalise what a user typed: full-width folded, lower-case, spaces/hyphens as underscores."""
    s = normalise_text(text).lower()
    return re.sub(r"[\s\-]+", "_", s)


@lru_cache(maxsize=1)
def fuel_catalogue() -> pd.DataFrame:
    """Fuels gpc knows (``fuels.csv``: IPCC 2006 Table 1.2; ``fuels_china.csv``: China's statistical fuels):
    id, names, group, physical state and whether they are biogenic."""
    frames = []
    for name in ("fuels.csv", "fuels_china.csv"):
        f = resources.files("gpc.data").joinpath(name)
        if f.is_file():
            with f.open(encoding="utf-8") as fh:
                frames.append(pd.read_csv(fh, keep_default_na=False, dtype=str))
    t = pd.concat(frames, ignore_index=True).drop_duplicates("fuel")
    t["biogenic"] = t["biogenic"].astype(str).str.lower().isin(("true", "1", "yes"))
    return t.set_index("fuel", drop=False)


def _read_aliases(name: str, value_col: str) -> dict[str, str]:
    f = resources.files("gpc.data").joinpath(name)
    if not f.is_file():
        return {}
    with f.open(encoding="utf-8") as fh:
        return {activity_key(r["alias"]): r[value_col].strip() for r in csv.DictReader(fh) if r.get("alias")}


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Alias (normalised) → activity id, from ``activity_aliases.csv`` and ``aliases_fuels_zh.csv``."""
    out: dict[str, str] = {}
    out.update(_read_aliases("aliases_fuels_zh.csv", "fuel"))
    out.update(_read_aliases("activity_aliases.csv", "activity"))
    for fuel, name in zip(fuel_catalogue()["fuel"], fuel_catalogue()["name_en"]):
        out.setdefault(activity_key(name), fuel)
    return out


@lru_cache(maxsize=1)
def activity_names_zh() -> dict[str, str]:
    """Activity id → a Chinese name that reads back to it (the first Chinese alias of ``aliases_fuels_zh.csv``,
    e.g. ``raw_coal`` → 原煤); ids without one are not listed."""
    out: dict[str, str] = {}
    f = resources.files("gpc.data").joinpath("aliases_fuels_zh.csv")
    with f.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            alias, fuel = r["alias"].strip(), r["fuel"].strip()
            if (fuel not in out and any("\u4e00" <= ch <= "\u9fff" for ch in alias)
                    and aliases().get(activity_key(alias)) == fuel):
                out[fuel] = alias
    return out


def resolve_activity(text: object, known: set[str] | frozenset[str]) -> str | None:
    """The activity id for what a user typed, if it is in ``known`` (directly or by an alias)."""
    k = activity_key(text)
    if k in known:
        return k
    a = aliases().get(k) or aliases().get(k.replace("_", " ")) or aliases().get(normalise_text(text))
    if a is not None and a in known:
        return a
    return None


@lru_cache(maxsize=1)
def all_known_activities() -> frozenset[str]:
    """Every activity id any shipped factor set knows: fuels, grid energy, direct, process activities.

    The reader uses it to report an activity no set knows while reading; which ids the *chosen* set
    can compute is checked by the engine.
    """
    from gpc.factors import available_factor_sets, load_factor_set

    known = set(fuel_catalogue()["fuel"]) | set(SPECIAL)
    for set_id in available_factor_sets():
        fs = load_factor_set(set_id)
        for name, col in (("process_factors", "activity"), ("fuel_properties", "fuel")):
            if fs.has_table(name):
                known |= set(fs.table(name)[col].dropna().astype(str))
    return frozenset(known)


def unknown_activity_problems(table: pd.DataFrame, sheet: str) -> list[Problem]:
    """Problems for activity cells no shipped set knows (checked once per distinct text)."""
    from gpc.errors import Problem
    from gpc.text import closest

    if "activity" not in table.columns or table.empty:
        return []
    col = table["activity"]
    known = all_known_activities()
    out: list[Problem] = []
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    bad = {i for i, u in enumerate(uniques) if str(u).strip() and resolve_activity(u, known) is None}
    if not bad:
        return out
    import numpy as np

    for pos in np.flatnonzero(np.isin(codes, sorted(bad))):
        value = col.iloc[pos]
        out.append(Problem(str(table["sheet"].iloc[pos]) if "sheet" in table.columns else sheet,
                           int(table["row"].iloc[pos]), "activity", value,
                           "unknown activity: use a fuel id such as natural_gas or gas_diesel_oil, grid_electricity, "
                           "district_heat, direct or a process activity (see docs/activities.md)"
                           f"{closest(str(value), sorted(known))}"))
    return out
