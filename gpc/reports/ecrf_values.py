"""The values of the eCRF workbook: everything a layout cell (:class:`gpc.reports.ecrf_layout.Cell`) can ask
for, computed from the inventory (GPC rows summed, notation keys, the records' activity and factor fields,
the city and inventory settings of eCRF_1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from gpc import taxonomy
from gpc.quality import activity_quality, factor_quality
from gpc.reports.ecrf_layout import Cell

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["inventory_type"]


class _Values:
    """Everything a layout cell can ask for, computed once per inventory."""

    def __init__(self, inv: Inventory):
        self.inv = inv
        e = inv.emissions
        self.e = e
        self.fossil = e[~e["biogenic"].astype(bool)]
        self.has = set(e["gpc_ref"])
        self.co2e = self.fossil.groupby("gpc_ref")["co2e_t"].sum()
        self.gas = self.fossil.groupby(["gpc_ref", "gas"])["co2e_t"].sum()
        self.bio = e[e["biogenic"].astype(bool)].groupby("gpc_ref")["emissions_t"].sum()
        nk = inv.notation_keys
        self.nk: dict[str, list[str]] = {}
        self.expl: dict[str, list[str]] = {}
        if nk is not None and len(nk):
            expl = nk["explanation"] if "explanation" in nk else [None] * len(nk)
            for ref, key, ex in zip(nk["gpc_ref"], nk["notation_key"], expl):
                self.nk.setdefault(ref, []).append(str(key))
                if isinstance(ex, str) and ex.strip():
                    self.expl.setdefault(ref, []).append(ex.strip())
        self.by_ref = {k: g for k, g in e.groupby("gpc_ref", sort=False)} if len(e) else {}
        self._subsets: dict[tuple[str, ...], tuple[pd.DataFrame, pd.DataFrame]] = {}
        self.ad_q = activity_quality(e) if len(e) else pd.Series(dtype=object)
        self.ef_q = factor_quality(e) if len(e) else pd.Series(dtype=object)

    def value(self, c: Cell) -> Any:
        q, refs = c.quantity, c.gpc_refs
        if not refs:
            return None
        if q == "co2e":
            got = [r for r in refs if r in self.co2e.index]
            return float(sum(self.co2e[r] for r in got)) if got else None
        if q.startswith("co2e:"):
            gas = q.split(":", 1)[1]
            got_gas = [(r, gas) for r in refs if (r, gas) in self.gas.index]
            return float(sum(self.gas[k] for k in got_gas)) if got_gas else None
        if q == "co2_biogenic":
            got = [r for r in refs if r in self.bio.index]
            return float(sum(self.bio[r] for r in got)) if got else None
        if q == "notation_key":
            if any(r in self.has for r in refs):
                return None
            keys = list(dict.fromkeys(k for r in refs for k in self.nk.get(r, [])))
            return "/".join(keys) or None
        if q == "explanation":
            parts = [f"{r}: {x}" for r in refs for x in dict.fromkeys(self.expl.get(r, []))]
            return "; ".join(parts) or None
        if q == "note":
            parts = [f"{r} {self.co2e[r]:,.0f} t" for r in refs if r in self.co2e.index]
            parts += [f"{r} {'/'.join(dict.fromkeys(self.nk[r]))}"
                      + (f" ({'; '.join(dict.fromkeys(self.expl[r]))})" if r in self.expl else "")
                      for r in refs if r not in self.co2e.index and r in self.nk]
            if not parts:
                return None
            return "GPC rows without a line of their own, included in the totals: " + ", ".join(parts)
        return self._record_field(q, refs)

    def _subset(self, refs: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
        if refs not in self._subsets:
            if len(refs) == 1:
                e = self.by_ref.get(refs[0], self.e.iloc[:0])
            else:
                e = self.e[self.e["gpc_ref"].isin(refs)]
            self._subsets[refs] = (e, e.drop_duplicates(["sheet", "row"]))
        return self._subsets[refs]

    def _record_field(self, q: str, refs: tuple[str, ...]) -> Any:
        e, rows = self._subset(refs)
        if not len(e):
            return None
        if q == "activity":
            return _join(rows.get("activity"))
        if q in ("amount", "unit"):
            # one figure only when it means something: one activity, one unit, one disposal year
            units = rows["unit"].dropna().astype(str).unique() if "unit" in rows else []
            acts = rows["activity"].dropna().astype(str).unique() if "activity" in rows else []
            years = rows["deposit_year"].dropna().unique() if "deposit_year" in rows else []
            if len(units) != 1 or len(acts) > 1 or len(years) > 1 or rows["amount"].isna().any():
                return None
            return float(rows["amount"].sum()) if q == "amount" else str(units[0])
        if q == "methodology":
            return _join(e["method"])
        if q == "source":
            return _join(rows.get("input_source"), "; ")
        if q == "data_quality":
            return _letters(self.ad_q.reindex(rows.index))
        if q == "ef_quality":
            return _letters(self.ef_q.reindex(e.index).dropna(), unknown=False)
        if q == "ef_description":
            return _join(e.get("factor_name"))
        if q == "ef_source":
            return _join(e.get("factor_source"), "; ")
        if q == "ef_unit":
            u = e["factor_unit"].dropna().astype(str).unique() if "factor_unit" in e else []
            return str(u[0]) if len(u) == 1 else None
        if q.startswith("ef:"):
            gas = q.split(":", 1)[1]
            g = e[(e["gas"] == gas) & e["factor_value"].notna()]
            if not len(g):
                return None
            vals = g["factor_value"].astype(float).unique()
            units = g["factor_unit"].dropna().astype(str).unique()
            if len(vals) == 1 and len(units) <= 1:
                return float(vals[0])
            return None
        raise ValueError(f"unknown eCRF quantity {q!r}")


def _join(s: pd.Series | None, sep: str = ", ") -> str | None:
    if s is None:
        return None
    vals = [str(x) for x in s.dropna() if str(x).strip() and str(x) != "nan"]
    return sep.join(dict.fromkeys(vals)) or None


def _letters(s: pd.Series, unknown: bool = True) -> str | None:
    present = [x for x in ("H", "M", "L") if (s == x).any()]
    if unknown and s.isna().any():
        present.append("?")
    return "/".join(present) or None


def inventory_type(inv: Inventory) -> str:
    """``BASIC+`` when every BASIC+ row has emissions or a notation key, else ``BASIC``."""
    covered = set(inv.emissions["gpc_ref"]) | set(inv.notation_keys.get("gpc_ref", pd.Series(dtype=object)))
    return "BASIC+" if all(r in covered for r in taxonomy.total_rows("BASIC+")) else "BASIC"


def _setting(inv: Inventory, field: str, created: Any) -> Any:
    from gpc.version import __version__

    s = inv.settings
    extra = {str(k).lower(): v for k, v in (s.extra or {}).items()}
    if field == "inventory_type":
        return inventory_type(inv)
    if field == "title":
        return f"{inventory_type(inv)} — {s.name or ''} {s.year} (t CO2e, {inv.gwp})".replace("  ", " ")
    if field == "year":
        return int(s.year)
    if field == "gases":
        present = [g for g in inv.gases() if g in set(inv.emissions["gas"])]
        return ", ".join(present) or None
    if field == "gwp":
        return f"IPCC {inv.gwp} (100-year)"
    if field == "tool":
        return f"gpc {__version__} (GHG Protocol GPC v1.1)"
    if field == "methodology":
        fs = " → ".join(inv.factor_set.chain) if inv.factor_set else s.factors
        return ("GHG Protocol GPC v1.1 with IPCC 2006 Guidelines equations; emission factors: "
                f"{fs}; computed with gpc {__version__}")
    if field == "date":
        return created.strftime("%Y-%m-%d")
    if field == "version":
        return extra.get("version") or __version__
    if field == "gdp_usd":
        from gpc.reports.common import parse_gdp

        g = parse_gdp(s.gdp)
        return g[0] if g and g[1] == "USD" else extra.get("gdp_usd")
    if field == "population":
        return float(s.population) if s.population else None
    if hasattr(s, field) and field != "extra":
        return getattr(s, field)
    return extra.get(field)
