"""Chinese reporting views of an inventory: pure functions over the emissions DataFrame.

* :func:`provincial_view` — the five sectors of 《省级温室气体清单编制指南（试行）》(能源活动, 工业生产过程,
  农业, 土地利用变化和林业, 废弃物处理) over territorial (scope-1) emissions, with scope-2 electricity
  (电力调入调出间接排放), scope-2 heat, biogenic CO2 and scope-3 rows as memo lines;
* :func:`key_areas_view` — 重点领域: industry, buildings, transport, waste (plus agriculture and other);
* :func:`three_industries_view` — 第一产业, 第二产业, 第三产业, 居民生活.

Which GPC rows fall in which category is data (``gpc/data/views_zh.csv``): each rule names GPC
reference prefixes, a scope, an activity and whether the row is biogenic; every emission row goes to the
first rule it matches, so categories never overlap. The key-area and three-industry views cover the
rows of one GPC total (``BASIC`` or ``BASIC+``, consumption-based: I.4.4 is not in them), so the
categories add up to that total.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.i18n.zh import label

__all__ = ["VIEW_COLUMNS", "key_areas_view", "provincial_view", "three_industries_view", "view", "view_rules"]

VIEW_COLUMNS = ["view", "category", "name_zh", "name_en", "order", "memo", "gas", "emissions_t", "co2e_t"]
_NEEDED = ("gpc_ref", "scope", "gas", "emissions_t", "co2e_t", "biogenic")


@lru_cache(maxsize=1)
def view_rules() -> pd.DataFrame:
    """The rules of every view (``views_zh.csv``), in matching order."""
    with resources.files("gpc.data").joinpath("views_zh.csv").open(encoding="utf-8") as fh:
        rules = pd.read_csv(fh, dtype=str, keep_default_na=False)
    rules["order"] = rules["order"].astype("int64")
    rules["memo"] = rules["memo"] == "yes"
    return rules.sort_values(["view", "order"], kind="stable").reset_index(drop=True)


def _prefix_match(refs: pd.Series, prefixes: str) -> np.ndarray:
    if not prefixes:
        return np.ones(len(refs), dtype=bool)
    out = np.zeros(len(refs), dtype=bool)
    refs = refs.astype(object).astype(str)  # an empty table has a float column: .str would fail
    for p in prefixes.split("|"):
        out |= ((refs == p) | refs.str.startswith(p + ".")).to_numpy()
    return out


def _rule_mask(e: pd.DataFrame, rule: pd.Series) -> np.ndarray:
    mask = _prefix_match(e["gpc_ref"], rule["refs"])
    if rule["scope"]:
        mask &= e["scope"].astype("int64").isin([int(s) for s in rule["scope"].split("|")]).to_numpy()
    if rule["activity"]:
        act = e["activity"] if "activity" in e.columns else pd.Series("", index=e.index)
        mask &= act.isin(rule["activity"].split("|")).to_numpy()
    if rule["biogenic"]:
        mask &= (e["biogenic"].astype(bool) == (rule["biogenic"] == "yes")).to_numpy()
    return mask


def _check(emissions: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in _NEEDED if c not in emissions.columns]
    if missing:
        raise ValueError(f"the emissions table lacks the columns {', '.join(missing)}")
    if "gwp" in emissions.columns and emissions["gwp"].dropna().nunique() > 1:
        sets = ", ".join(sorted(emissions["gwp"].dropna().unique()))
        raise ValueError(f"emissions computed with several GWP sets ({sets}) cannot be added up")
    e = emissions.copy()
    e["gpc_ref"] = e["gpc_ref"].map(taxonomy.normalise_ref)
    e["biogenic"] = e["biogenic"].fillna(False).astype(bool)
    return e


def view(emissions: pd.DataFrame, name: str, *, basis: str | None = None) -> pd.DataFrame:
    """Group emissions into the categories of view ``name``.

    Parameters
    ----------
    emissions : pandas.DataFrame
        ``Inventory.emissions``: at least ``gpc_ref, scope, gas, emissions_t, co2e_t, biogenic`` (and
        ``activity`` for rules that name one; ``gwp`` is carried over when present).
    name : str
        ``provincial``, ``key_areas`` or ``three_industries``.
    basis : str, optional
        Keep only rows of this GPC total (``BASIC``, ``BASIC+``, ``territorial``) and no biogenic CO2.

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per (category, gas) with :data:`VIEW_COLUMNS` (and ``gwp``), in the view's order;
        a category without emissions has one row with no gas and zeros. ``memo`` rows are not part of
        the view's total.
    """
    rules = view_rules()
    rules = rules[rules["view"] == name]
    if rules.empty:
        raise ValueError(f"unknown view {name!r}: use one of {', '.join(sorted(view_rules()['view'].unique()))}")
    e = _check(emissions)
    if basis is not None:
        keep = e["gpc_ref"].map(lambda r: taxonomy.in_total(r, basis)).astype(bool) & ~e["biogenic"]
        e = e[keep]
    category = pd.Series(None, index=e.index, dtype=object)
    for _, rule in rules.iterrows():
        free = category.isna().to_numpy()
        category[free & _rule_mask(e, rule)] = rule["category"]
    e = e.assign(category=category).dropna(subset=["category"])
    keys = ["category", "gas"] + (["gwp"] if "gwp" in e.columns else [])
    sums = e.groupby(keys, sort=False, dropna=False)[["emissions_t", "co2e_t"]].sum().reset_index()
    empty = rules.loc[~rules["category"].isin(sums["category"]), ["category"]].assign(emissions_t=0.0, co2e_t=0.0)
    out = pd.concat([sums, empty], ignore_index=True).merge(
        rules[["category", "order", "memo"]], on="category", how="left")
    out["view"] = name
    out["name_zh"] = [label(f"view.{name}.{c}", "zh") for c in out["category"]]
    out["name_en"] = [label(f"view.{name}.{c}", "en") for c in out["category"]]
    extra = ["gwp"] if "gwp" in out.columns else []
    return out.sort_values(["order", "gas"], kind="stable", na_position="last")[VIEW_COLUMNS + extra].reset_index(
        drop=True)


def provincial_view(emissions: pd.DataFrame) -> pd.DataFrame:
    """The five sectors of the provincial guideline (territorial emissions) with memo lines.

    ``energy`` 能源活动 = scope-1 rows of GPC I and II (I.4.4 power and heat generation and fugitive
    emissions included); ``ippu`` 工业生产过程 = IV; ``agriculture`` 农业 = V.1 and V.3; ``lucf``
    土地利用变化和林业 = V.2; ``waste`` 废弃物处理 = scope-1 rows of III. Memo lines (not in the total):
    ``electricity_memo`` 电力调入调出间接排放 (scope-2 grid electricity), ``heat_memo`` (other scope 2),
    ``biogenic_memo`` (biogenic CO2) and ``other_memo`` (scope-3 rows).
    """
    return view(emissions, "provincial")


def key_areas_view(emissions: pd.DataFrame, basis: str = "BASIC+") -> pd.DataFrame:
    """重点领域: industry, buildings, transport, waste, agriculture and other, over the rows of ``basis``."""
    return view(emissions, "key_areas", basis=basis)


def three_industries_view(emissions: pd.DataFrame, basis: str = "BASIC+") -> pd.DataFrame:
    """第一产业, 第二产业, 第三产业 and 居民生活 over the rows of ``basis``.

    Transport is tertiary here, private cars included: GPC rows do not tell private from commercial
    vehicles (the NBS balance counts private cars' fuel under 居民生活).
    """
    return view(emissions, "three_industries", basis=basis)
