"""The one factor resolver: every sector asks it, none reads a factor table itself.

:func:`resolver` gives the :class:`Resolver` of a factor set and the inventory's settings (one per pair,
kept while the set is loaded). Its answers are memoised per distinct key — the sectors call it once per
distinct (fuel, category, technology, gas …), never per row — and each is a :class:`~gpc.factors.base.Factor`
(value, unit, source, the rule of ``gpc/data/factor_precedence.csv`` that chose it) or a
:class:`~gpc.factors.base.NoFactor` the sector reports at the row.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import pandas as pd

from gpc.factors import combustion
from gpc.factors.base import Factor, NoFactor
from gpc.factors.combustion import CombustionKey, FuelProperties
from gpc.factors.grid import grid_energy_factor
from gpc.factors.process import ProcessFactors
from gpc.factors.sets import FactorSet

if TYPE_CHECKING:
    from gpc.context import Context, Settings
    from gpc.factors.afolu import LandFactors, LivestockFactors, RiceFactors
    from gpc.factors.ippu import IppuFactors
    from gpc.factors.transport import TransportFactors
    from gpc.factors.waste import WasteFactors

__all__ = ["Resolver", "resolver"]

_RESOLVERS: weakref.WeakKeyDictionary[FactorSet, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _memo(fs: FactorSet) -> dict[Any, Any]:
    return _RESOLVERS.setdefault(fs, {})


def resolver(ctx: Context) -> Resolver:
    """The resolver of a context's factor set and settings."""
    memo = _memo(ctx.factors)
    key = ("resolver", ctx.settings)
    if key not in memo:
        memo[key] = Resolver(ctx.factors, ctx.settings)
    res: Resolver = memo[key]
    return res


class Resolver:
    """Factors of one factor set (and its fallback chain) under one inventory's settings."""

    def __init__(self, fs: FactorSet, settings: Settings):
        self.fs = fs
        self.settings = settings
        self._combustion: dict[CombustionKey, Factor | NoFactor] = {}
        self._grid: dict[str, Factor | NoFactor] = {}

    def _shared(self, key: tuple[Any, ...], build: Any) -> Any:
        """Something that depends on the set only (and ``key``): built once per set."""
        memo = _memo(self.fs)
        if key not in memo:
            memo[key] = build()
        return memo[key]

    # ------------------------------------------------------------------------------ uncertainty
    def uncertainty_ranges(self) -> pd.DataFrame:
        """The 95 % ranges the IPCC prints beside the set's energy defaults (``uncertainty_*`` tables), with
        ``lower_pct`` / ``upper_pct`` relative to the value (:func:`gpc.factors.ranges.table_ranges`)."""
        from gpc.factors.ranges import table_ranges

        out: pd.DataFrame = self._shared(("uncertainty_ranges",), lambda: table_ranges(self.fs))
        return out

    # ------------------------------------------------------------------------------ energy
    @property
    def guideline(self) -> str | None:
        """The city's guideline (city field ``guideline``), None when it gives none."""
        return self.settings.guideline

    @property
    def guideline_in_use(self) -> str | None:
        """The city's guideline, else the set's ``default_guideline`` (``_set.yaml``)."""
        g = self.settings.guideline or self.fs.meta.get("default_guideline")
        return str(g) if g else None

    def fuel_properties(self) -> FuelProperties:
        """NCV, CO2 factor, carbon content and oxidation factor of each fuel (under the city's guideline)."""
        props: FuelProperties = self._shared(("fuel_properties", self.guideline),
                                             lambda: combustion.fuel_properties(self.fs, self.guideline))
        return props

    def fuels(self) -> set[str]:
        """Fuels with properties in the set."""
        fuels: set[str] = self._shared(("fuels",), lambda: set(self.fs.table("fuel_properties")["fuel"].dropna()))
        return fuels

    def densities(self) -> pd.DataFrame:
        """Densities by fuel (``value`` t/m3, ``source``)."""
        d: pd.DataFrame = self._shared(("densities",), lambda: combustion.densities(self.fs))
        return d

    def combustion(self, key: CombustionKey) -> Factor | NoFactor:
        """The set's factor of a gas for one fuel and use (memoised per key)."""
        hit = self._combustion.get(key)
        if hit is None:
            hit = self._combustion[key] = combustion.combustion_factor(self.fs, self.fuel_properties(), key)
        return hit

    def grid(self, kind: str) -> Factor | NoFactor:
        """CO2 factor of ``grid_electricity`` or ``district_heat`` for rows that give none."""
        if kind not in self._grid:
            self._grid[kind] = grid_energy_factor(self.fs, self.settings, kind)
        return self._grid[kind]

    def process(self) -> ProcessFactors:
        """The single-factor process activities of the set."""
        p: ProcessFactors = self._shared(("process",), lambda: ProcessFactors(self.fs))
        return p

    def transport(self) -> TransportFactors:
        """Distance-based CH4/N2O (Table 3.2.5) and LTO factors (Table 3.6.9) of the set."""
        from gpc.factors.transport import TransportFactors

        f: TransportFactors = self._shared(("transport",), lambda: TransportFactors(self.fs))
        return f

    # ------------------------------------------------------------------ waste, IPPU, AFOLU
    def waste(self) -> WasteFactors:
        from gpc.factors.waste import WasteFactors

        w: WasteFactors = self._shared(("waste",), lambda: WasteFactors(self.fs))
        return w

    def ippu(self) -> IppuFactors:
        from gpc.factors.ippu import IppuFactors

        f: IppuFactors = self._shared(("ippu",), lambda: IppuFactors(self.fs))
        return f

    def livestock(self) -> LivestockFactors:
        from gpc.factors.afolu import LivestockFactors

        country = self.settings.country
        f: LivestockFactors = self._shared(("livestock", country), lambda: LivestockFactors(self.fs, country))
        return f

    def rice(self) -> RiceFactors:
        from gpc.factors.afolu import RiceFactors

        f: RiceFactors = self._shared(("rice",), lambda: RiceFactors(self.fs))
        return f

    def land(self) -> LandFactors:
        from gpc.factors.afolu import LandFactors

        f: LandFactors = self._shared(("land",), lambda: LandFactors(self.fs))
        return f
