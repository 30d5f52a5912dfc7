"""Settings of one inventory (the ``city`` sheet) and the context handed to sector modules."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from gpc.factors import FactorSet, load_factor_set
from gpc.gwp import DEFAULT_GWP

__all__ = ["Settings", "Context", "CITY_FIELDS"]

#: City-sheet fields and their defaults (see docs/workbook.md).
CITY_FIELDS = (
    "name", "country", "region", "year", "gwp", "factors", "climate_zone", "population", "gdp",
    "td_loss_rate", "grid_factor", "heat_factor", "guideline", "ch4_split", "grid_variant", "tce_basis",
    "power_coal_rate", "td_loss_basis", "heat_loss_rate", "ch4_combustion_gwp",
)


@dataclass(frozen=True)
class Settings:
    """Settings of an inventory.

    Attributes
    ----------
    year : int
        Inventory year (required).
    gwp : str
        GWP set: SAR, AR4, AR5 (default) or AR6.
    factors : str
        Factor set id (default ``ipcc2006``).
    td_loss_rate : float | None
        T&D loss rate of grid electricity (线损率); when set, every scope-2 grid-electricity row
        I.x.2 / II.x.2 gets a scope-3 row I.x.3 / II.x.3 (GPC v1.1 §6.6). Read on ``td_loss_basis``.
    grid_factor, heat_factor : str | None
        City-wide default CO2 factors for grid electricity and district heat as quantities
        (``"0.5703 t/MWh"``, ``"0.11 t/GJ"``), used when a row gives none; they override the factor set.
    guideline : str | None
        Which national guideline's fuel parameters to use where a set has several (``china``).
    ch4_split : bool
        With AR6: fossil (29.8) / non-fossil (27.0) CH4 GWPs instead of 27.9.
    tce_basis : str | None
        Basis of amounts given in standard coal (tce, 万吨标准煤): ``calorific`` (当量值, the default:
        1 kgce = 29.3076 MJ for every carrier, GB/T 2589-2020) or ``coal_equivalent`` (等价值: electricity
        counted with the power-generation coal rate ``power_coal_rate``).
    power_coal_rate : str | None
        The year's coal rate of thermal power (发电标准煤耗) as a quantity, e.g. ``"0.300 kgce/kWh"``:
        needed for electricity in tce with ``tce_basis = coal_equivalent``.
    td_loss_basis : str | None
        What ``td_loss_rate`` and ``heat_loss_rate`` are a share of: ``supply`` (the default; 线损率 =
        losses / electricity supplied to the grid, as China's statistics and the World Bank's "% of
        output" publish it, so the losses that deliver consumption E are E·r/(1−r)) or ``consumption``
        (a factor per unit consumed: losses = E·r).
    heat_loss_rate : float | None
        Loss rate of the heat network (供热管网损失率), on ``td_loss_basis``: district heat consumed in
        I.x.2 gets its I.x.3 losses × the same heat factor (GPC v1.1 §6.6 covers all grid-supplied energy).
    ch4_combustion_gwp : str | None
        With AR6 and ``ch4_split``: the GWP of CH4 from fuel combustion (and grid energy). ``non_fossil``
        (the default, 27.0): the fossil value 29.8 of AR6 WG1 Table 7.15 includes the CO2 its carbon
        becomes, which the IPCC 2006 CO2 factors already count (they assume all fuel carbon is emitted
        as CO2, Vol. 2 Ch. 1 §1.3.1); ``fossil`` (29.8): Table 7.15 by origin, as printed.
    """

    year: int
    name: str | None = None
    country: str | None = None
    region: str | None = None
    gwp: str = DEFAULT_GWP
    factors: str = "ipcc2006"
    climate_zone: str | None = None
    population: float | None = None
    gdp: str | None = None
    td_loss_rate: float | None = None
    grid_factor: str | None = None
    heat_factor: str | None = None
    guideline: str | None = None
    ch4_split: bool = False
    grid_variant: str | None = None
    tce_basis: str | None = None
    power_coal_rate: str | None = None
    td_loss_basis: str | None = None
    heat_loss_rate: float | None = None
    ch4_combustion_gwp: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def with_overrides(self, **kw: Any) -> Settings:
        """A copy with the given fields replaced (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in kw.items() if v is not None})


@dataclass
class Context:
    """What a sector module gets: the settings and the factor set."""

    settings: Settings
    factors: FactorSet

    @classmethod
    def from_settings(cls, settings: Settings) -> Context:
        return cls(settings=settings, factors=load_factor_set(settings.factors))
