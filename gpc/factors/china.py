"""Factor-selection rules of sets with regional grid factors and guidelines (the ``china`` set and any set
shaped like it): which electricity factor, which fuel-parameter guideline.

Pure functions over a factor set's tables (``grid_electricity``, ``region_grid``, ``fuel_properties``
with a ``guideline`` column and ``_set.yaml`` ``guidelines``); they return values, provenance and
warnings and never read user input or write anything. :mod:`gpc.factors.grid` and
:mod:`gpc.factors.combustion` apply them to whichever set has those tables (``gpc.china`` re-exports them).

* :func:`grid_factor` — the electricity CO2 factor of a region and inventory year
  (``grid_electricity.csv``, ``region_grid.csv``);
* :func:`select_fuel_parameters` — NCV, carbon content and oxidation factor of each fuel under a chosen
  guideline, filling gaps from the other guidelines (``fuel_properties.csv``, ``_set.yaml``).

The rules are documented in ``docs/china.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import pandas as pd

from gpc.i18n.zh import label
from gpc.units import factor_to

__all__ = ["ETS_VARIANT", "NATIONAL", "default_region_grid", "grid_factor", "select_fuel_parameters"]

NATIONAL = "CN"
ETS_VARIANT = "ets"
_GRID_PREFIX = "CN-grid-"


@lru_cache(maxsize=1)
def default_region_grid() -> pd.DataFrame:
    """The province → regional grid table shipped with the china set (``region_grid.csv``)."""
    path = resources.files("emission_factors").joinpath("china", "region_grid.csv")
    with path.open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def _pick_year(rows: pd.DataFrame, year: int) -> tuple[pd.Series, str | None]:
    """The row for ``year``: exact, else the latest earlier year, else the earliest; with a warning key."""
    years = pd.to_numeric(rows["data_year"], errors="coerce").astype("int64")
    exact = rows[years == year]
    if len(exact):
        return exact.iloc[0], None
    earlier = years[years < year]
    if len(earlier):
        return rows.loc[earlier.idxmax()], "warn.grid_earlier_year"
    return rows.loc[years.idxmin()], "warn.grid_later_year"


def _levels(region: str | None, variant: str, region_grid: pd.DataFrame) -> list[tuple[str, str]]:
    """The (region_level, region) pairs to try, most specific first."""
    if variant == ETS_VARIANT:
        return [("ets", NATIONAL)]
    if region is None or region == NATIONAL:
        return [("national", NATIONAL)]
    if region.startswith(_GRID_PREFIX):
        return [("grid", region), ("national", NATIONAL)]
    grids = region_grid.loc[region_grid["province"] == region, "grid"]
    if grids.empty:
        raise ValueError(
            f"region {region!r} is not a Chinese province code the china factor set knows "
            f"(ISO 3166-2 such as CN-HB, or a grid id such as CN-grid-central); Hong Kong, Macao and "
            f"Taiwan have no published factor: give ef_co2 per row"
        )
    return [("province", region), ("grid", grids.iloc[0]), ("national", NATIONAL)]


def grid_factor(
    factors_table: pd.DataFrame,
    region: str | None,
    year: int,
    variant: str = "average",
    *,
    region_grid: pd.DataFrame | None = None,
) -> tuple[float, str, list[str]]:
    """Pick the electricity CO2 factor for a city.

    Rules (``docs/china.md``):

    1. ``variant="ets"`` gives the national ETS reporting factor, whatever the region.
    2. Otherwise the most specific level with a factor of that variant: the province (``CN-HB``), then
       its regional grid (``region_grid.csv``; Tibet ``CN-XZ`` has no provincial factor and gets the
       Southwest grid's, with a warning), then the national factor (warned). No region, or ``"CN"``:
       the national factor.
    3. Within the level: the factor of the inventory year; else the latest earlier data year (warned);
       a later data year only when nothing earlier exists (then the earliest, warned).

    Parameters
    ----------
    factors_table : pandas.DataFrame
        ``grid_electricity.csv``: ``region_level, region, data_year, variant, value, unit, source,
        verified`` (and ``region_name_zh``).
    region : str or None
        ISO 3166-2 province code (``CN-HB``), a grid id (``CN-grid-central``), ``"CN"`` or ``None``.
    year : int
        Inventory year.
    variant : str
        ``average`` (default), ``excluding_market_nonfossil``, ``fossil_only`` or ``ets``.
    region_grid : pandas.DataFrame, optional
        Province → grid table (``province, grid``); default: the one shipped with the china set.

    Returns
    -------
    tuple of (float, str, list of str)
        The factor in t CO2/MWh, its provenance (region, data year, variant, source, verified flag) and
        the warnings (English; the same keys in ``labels_zh.csv`` give the Chinese text).

    Raises
    ------
    ValueError
        For a region code the set does not know, or when no factor of ``variant`` exists at all.
    """
    region = region.strip() if isinstance(region, str) and region.strip() else None
    rg = default_region_grid() if region_grid is None else region_grid
    table = factors_table[factors_table["variant"] == variant]
    if table.empty:
        known = ", ".join(sorted(factors_table["variant"].unique()))
        raise ValueError(f"no electricity factor of variant {variant!r}: use one of {known}")
    warnings: list[str] = []
    levels = _levels(region, variant, rg)
    for i, (level, code) in enumerate(levels):
        rows = table[(table["region_level"] == level) & (table["region"] == code)]
        if rows.empty:
            continue
        if i > 0 and region is not None and variant != ETS_VARIANT:
            key = "warn.grid_regional_fallback" if level == "grid" else "warn.grid_national_fallback"
            warnings.append(label(key, "en", region=region, variant=variant, grid=code))
        row, year_warning = _pick_year(rows, int(year))
        if year_warning:
            warnings.append(
                label(year_warning, "en", variant=variant, region=code, year=year, data_year=row["data_year"])
            )
        value = float(row["value"]) * factor_to(str(row["unit"]), "t/MWh")
        name = f" {row['region_name_zh']}" if row.get("region_name_zh") else ""
        source = (
            f"{code}{name}, data year {row['data_year']}, {variant}: {row['source']} (verified {row['verified']})"
        )
        return value, source, warnings
    raise ValueError(f"no {variant!r} electricity factor for {region or NATIONAL} in the factor table")


def select_fuel_parameters(
    fuel_table: pd.DataFrame,
    guideline: str,
    guidelines: Sequence[str],
    fuels: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Choose each fuel's NCV, carbon content and oxidation factor under ``guideline``.

    A parameter the chosen guideline lacks is taken from the first guideline in ``guidelines`` that has
    it (``_set.yaml`` order), and a warning says so.

    Parameters
    ----------
    fuel_table : pandas.DataFrame
        ``fuel_properties`` of the china set (``fuel, guideline, parameter, value, unit, source,
        verified``), as :meth:`gpc.factors.FactorSet.table` returns it: rows the fallback set adds (no
        guideline) rank after every guideline and are labelled with their ``factor_set``.
    guideline : str
        The city's guideline (city-sheet field ``guideline``), e.g. ``"gbt32151_2024"``.
    guidelines : sequence of str
        Every guideline id of the set, in fallback order.
    fuels : sequence of str, optional
        Only these fuels (and only their warnings); default every fuel of the table.

    Returns
    -------
    tuple of (pandas.DataFrame, list of str)
        One row per (fuel, parameter) with ``value, unit, source, verified``, ``guideline`` (the one that
        supplied the value) and ``fallback`` (True when it is not the chosen guideline); and the warnings.

    Raises
    ------
    ValueError
        When ``guideline`` is not one of ``guidelines``.
    """
    order = list(guidelines)
    if guideline not in order:
        raise ValueError(f"unknown guideline {guideline!r}: use one of {', '.join(order)}")
    table = fuel_table if fuels is None else fuel_table[fuel_table["fuel"].isin(list(fuels))]
    # Rows without a guideline come from the fallback set (FactorSet.table adds them for fuels this set
    # lacks): they rank last and are labelled with the set they came from.
    origin = table["factor_set"] if "factor_set" in table.columns else pd.Series("fallback", index=table.index)
    named = table["guideline"].where(table["guideline"].notna() & (table["guideline"] != ""), origin)
    rank = table["guideline"].map({g: (0 if g == guideline else 1 + order.index(g)) for g in order})
    chosen = (
        table.assign(guideline=named, _rank=rank.fillna(len(order) + 1))
        .sort_values(["fuel", "parameter", "_rank"], kind="stable")
        .drop_duplicates(["fuel", "parameter"])
    )
    chosen = chosen.assign(fallback=chosen["guideline"] != guideline).drop(columns="_rank").reset_index(drop=True)
    fell_back = chosen[chosen["fallback"]].groupby(["fuel", "guideline"], sort=True)["parameter"].agg(", ".join)
    warnings = [
        label("warn.guideline_fallback", "en", fuel=f, parameter=p, guideline=guideline, used=g)
        for (f, g), p in fell_back.items()
    ]
    return chosen, warnings
