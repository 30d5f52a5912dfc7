"""Factors of the IPPU sheets (IPCC 2006 Vol. 3): process parameters and refrigerant defaults; the row's
own value wins over these (``gpc/data/factor_precedence.csv``, parameter ``ippu``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gpc.factors.afolu import NO_RANGE, Range
from gpc.factors.ranges import relative_range
from gpc.factors.sets import FactorSet

__all__ = ["IppuFactors"]


class IppuFactors:
    """IPPU parameters (``ippu_parameters``: ratios, defaults by option) and the IPPU rows of
    ``process_factors`` (IPCC 2006 Vol. 3 Ch. 2–4, 8)."""

    def __init__(self, fs: FactorSet):
        self.fs = fs
        self.t = fs.table("ippu_parameters")
        self.pf = fs.table("process_factors")

    def get(self, parameter: str, option: str = "") -> float | None:
        hit = self.t[(self.t["parameter"] == parameter) & (self.t["option"].fillna("") == option)]
        return float(hit["value"].iloc[0]) if len(hit) else None

    def ef(self, activity: str, technology: str, gas: str = "CO2") -> tuple[float, str] | None:
        hit = self.pf[(self.pf["activity"] == activity) & (self.pf["technology"].fillna("") == technology)
                      & (self.pf["gas"] == gas)]
        if not len(hit):
            return None
        return float(hit["value"].iloc[0]), str(hit["source"].iloc[0])

    def value(self, parameter: str, option: str = "") -> float:
        """:meth:`get` of a parameter the set must have (validation checks the ones a row can miss): a
        missing one is an incomplete factor set, raised as ``LookupError``."""
        v = self.get(parameter, option)
        if v is None:
            raise LookupError(f"ippu_parameters has no {parameter!r} (option {option!r}) in factor set {self.fs.id!r}")
        return v

    def factor(self, activity: str, technology: str, gas: str = "CO2") -> tuple[float, str]:
        """:meth:`ef` of a factor the set must have (validation checks it first): ``(value, source)``; a
        missing one is an incomplete factor set, raised as ``LookupError``."""
        hit = self.ef(activity, technology, gas)
        if hit is None:
            raise LookupError(f"process_factors has no {gas} factor of {activity!r} ({technology!r}) "
                              f"in factor set {self.fs.id!r}")
        return hit

    def refrigeration(self) -> pd.DataFrame:
        """Defaults of refrigeration and air-conditioning applications by ``application`` (IPCC 2006 Vol. 3
        Table 7.9: leak rate ``x_default``, initial loss ``k_default``)."""
        return self.fs.table("ippu_refrigeration").set_index("application")

    def refrigeration_range(self, application: str, parameter: str) -> Range:
        """Range of the default leak rate (``parameter`` "x") or initial loss ("k") of an application: IPCC 2006
        Vol. 3 Table 7.9 prints these factors as ranges and gpc uses their mid-points, so the printed range is
        the range, ``x_low``–``x_high`` around ``x_default`` (symmetric: e.g. domestic refrigeration x 0.3 %/yr in
        0.1–0.5 % → ±66.67 %). :data:`~gpc.factors.afolu.NO_RANGE` for an unknown application."""
        t = self.refrigeration()
        cols = (f"{parameter}_default", f"{parameter}_low", f"{parameter}_high")
        if application not in t.index or any(c not in t.columns for c in cols):
            return NO_RANGE
        r = t.loc[application]
        lo, up = relative_range([r[f"{parameter}_default"]], [r[f"{parameter}_low"]], [r[f"{parameter}_high"]])
        if np.isnan(lo[0]) or np.isnan(up[0]):
            return NO_RANGE
        return float(lo[0]), float(up[0]), "IPCC 2006 Vol. 3 Ch. 7 Table 7.9 (range; gpc uses its mid-point)"

