"""Factors of the waste sheets (IPCC 2006 Vol. 5 and its 2019 Refinement): the set's ``waste_*`` tables
indexed by their keys, single parameters, and the country defaults (Table 2.3 MSW composition, Table 6.4
BOD). The sectors map their rows' keys onto these (:func:`lookup`) — one index look-up per column, no
loop per row — and let the row's own value win (``gpc/data/factor_precedence.csv``, parameter ``waste``).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from gpc.errors import FactorNotFound
from gpc.factors.ranges import relative_range
from gpc.factors.sets import FactorSet

__all__ = ["WasteFactors", "factor_source", "lookup", "lookup_range"]

_YEAR_NOTE = re.compile(r"\s*\((?:19|20)\d\d[^)]*\)\s*$")


def factor_source(t: pd.DataFrame) -> pd.Series:
    """``source [factor set]`` of each row of a factor table."""
    fs = t["factor_set"] if "factor_set" in t.columns else pd.Series("", index=t.index)
    return t["source"].fillna("").astype(str) + " [" + fs.fillna("").astype(str) + "]"


def lookup(t: pd.DataFrame, keys: pd.Series | pd.MultiIndex, col: str = "value") -> tuple[np.ndarray, np.ndarray]:
    """Values of ``col`` for each key (NaN / '' where absent) and the ``src`` of each."""
    idx = keys if isinstance(keys, pd.MultiIndex) else pd.Index(keys.fillna("").astype(str))
    pos = t.index.get_indexer(idx)
    found = pos >= 0
    vals = np.where(found, t[col].to_numpy()[np.where(found, pos, 0)], np.nan if col == "value" else "")
    src = np.where(found, t["src"].to_numpy()[np.where(found, pos, 0)], "")
    return vals, src


def lookup_range(t: pd.DataFrame, keys: pd.Series | pd.MultiIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The 95 % range the IPCC prints for each key's default, relative to the table's value (IPCC 2006 Vol. 1
    §3.2.3: ± % of the value, lower and upper half apart, :func:`gpc.factors.ranges.relative_range`), and the
    table that prints it (``range_source`` without its year note). NaN / '' where the key is absent, the
    table has no ``lower`` / ``upper`` or prints no range for it, or the value is 0.

    Example: MCF 0.6 (uncategorised site) with 0.3–0.96 from IPCC 2006 Vol. 5 Table 3.5 → (50 %, 60 %)."""
    idx = keys if isinstance(keys, pd.MultiIndex) else pd.Index(keys.fillna("").astype(str))
    n = len(idx)
    if n == 0 or "lower" not in t.columns or "upper" not in t.columns:
        return np.full(n, np.nan), np.full(n, np.nan), np.full(n, "", dtype=object)
    pos = t.index.get_indexer(idx)
    found = pos >= 0
    p = np.where(found, pos, 0)
    lo, up = relative_range(t["value"].to_numpy(dtype=float)[p], t["lower"].to_numpy(dtype=float)[p],
                            t["upper"].to_numpy(dtype=float)[p])
    have = found & ~np.isnan(lo) & ~np.isnan(up)
    src_col = t["range_source"] if "range_source" in t.columns else t["source"]
    src = src_col.fillna("").astype(str).map(lambda x: _YEAR_NOTE.sub("", x)).to_numpy(dtype=object)[p]
    return np.where(have, lo, np.nan), np.where(have, up, np.nan), np.where(have, src, "").astype(object)


class WasteFactors:
    """The waste tables of one factor set (each indexed once, then kept)."""

    def __init__(self, fs: FactorSet):
        self.fs = fs
        self.id = fs.id
        self._keyed: dict[tuple[str, tuple[str, ...]], pd.DataFrame] = {}

    def keyed(self, table: str, key: str | list[str]) -> pd.DataFrame:
        """A factor table indexed by its key column(s), with a ``src`` column (treat it as read-only)."""
        keys = [key] if isinstance(key, str) else list(key)
        memo = (table, tuple(keys))
        if memo not in self._keyed:
            t = self.fs.table(table).copy()
            t["src"] = factor_source(t)
            for k in keys:
                t[k] = t[k].fillna("").astype(str)
            self._keyed[memo] = t.set_index(keys)
        return self._keyed[memo]

    def param(self, table: str, name: str) -> tuple[float, str]:
        """One parameter of a ``parameter, value`` table and its source."""
        t = self.keyed(table, "parameter")
        if name not in t.index:
            raise FactorNotFound(f"factor set {self.id!r}: table {table!r} has no parameter {name!r}")
        return float(t.at[name, "value"]), str(t.at[name, "src"])

    def param_range(self, table: str, name: str) -> tuple[float, float, str]:
        """The printed 95 % range of one parameter of a ``parameter, value`` table: (lower %, upper %, table
        that prints it), NaN / '' where none (:func:`lookup_range`)."""
        lo, up, src = lookup_range(self.keyed(table, "parameter"), pd.Series([name]))
        return float(lo[0]), float(up[0]), str(src[0])

    def component_properties(self) -> pd.DataFrame:
        """Dry matter, carbon and fossil carbon of the MSW components (IPCC 2006 Vol. 5 Table 2.4)."""
        return self.fs.table("waste_component_properties")

    def _region(self, country: str) -> str | None:
        regions = self.keyed("waste_country_region", "country")
        return str(regions.at[country, "region"]) if country in regions.index else None

    def default_composition(self, country: str | None, components: tuple[str, ...]
                            ) -> tuple[np.ndarray | None, str, float]:
        """Table 2.3 composition of the country's region: remainder to other_inert, scaled to 1 if over."""
        region = self._region((country or "").strip().upper())
        if region is None:
            return None, "", 0.0
        t = self.fs.table("waste_msw_composition")
        t = t[t["region"] == region]
        fr = np.array([t.loc[t["component"] == c, "value"].sum() for c in components], dtype=float)
        listed = float(fr.sum())
        if listed < 1.0:
            fr[components.index("other_inert")] += 1.0 - listed
        else:
            fr = fr / listed
        return fr, f"IPCC 2006 Table 2.3 {region}", listed

    def default_bod(self, country: str | None, n: int) -> tuple[np.ndarray, np.ndarray]:
        """IPCC 2006 Table 6.4 BOD for the country, else its region (NaN where none)."""
        t = self.keyed("waste_wastewater_bod", "area")
        area: Any = (country or "").strip().upper()
        if area not in t.index:
            area = self._region(area) or ""
        if area in t.index:
            return np.full(n, float(t.at[area, "value"])), np.full(n, str(t.at[area, "src"]))
        return np.full(n, np.nan), np.full(n, "")
