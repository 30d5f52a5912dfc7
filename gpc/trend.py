"""Several inventory years side by side: totals, year-over-year change, intensity, the peak so far, and
where factors or methods changed between years (a recalculation may be needed).

>>> trend = gpc.Trend.from_workbooks(["city_2019.xlsx", "city_2020.xlsx", "city_2021.xlsx"])  # doctest: +SKIP
>>> trend.totals()                         # doctest: +SKIP
>>> trend.peak()                           # doctest: +SKIP
>>> trend.to_excel("trend.xlsx")           # doctest: +SKIP

A year's figures are only compared with the previous year's when both use the same GWP set (a CO2e
never travels without its GWP set); recompute every year with one set (``gwp="AR5"``) to compare them.

Recalculation flags (GPC ch. 11, GHG Protocol on base-year recalculation) compare each year with the
previous one:

``factor_set``     the factor set (and its fallback chain) differs
``gwp``            the GWP set differs
``methods``        the set of (GPC row, method) pairs differs: a row is computed another way, or
                   a row appears or disappears
``factor_values``  an activity uses another factor value for the same gas, factor and unit (e.g. a new
                   grid factor)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.errors import InputError, Problem
from gpc.reports import common

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from gpc.inventory import Inventory

__all__ = ["Trend"]

_TOTALS = taxonomy.TOTALS


class Trend:
    """Inventories of several years of one city.

    Parameters
    ----------
    inventories : iterable of Inventory
        One per year (``settings.year``); they are sorted by year. Two inventories of one year are refused.
    """

    def __init__(self, inventories: Iterable[Inventory]):
        invs = list(inventories)
        if not invs:
            raise ValueError("a trend needs at least one inventory")
        by_year: dict[int, Inventory] = {}
        for inv in invs:
            y = int(inv.settings.year)
            if y in by_year:
                raise ValueError(f"two inventories for {y}: give one per year")
            by_year[y] = inv
        self.inventories: dict[int, Inventory] = dict(sorted(by_year.items()))

    # ------------------------------------------------------------------------------ constructors
    @classmethod
    def from_workbooks(cls, paths: Iterable[str | Path], *, gwp: str | None = None,
                       factors: str | None = None) -> Trend:
        """One activity workbook per year (the year from each workbook's city sheet).

        ``gwp`` / ``factors`` override every workbook's, so that all years are computed alike. Every
        problem of every workbook is reported at once (one :class:`gpc.InputError`).
        """
        from gpc.engine import calculate

        invs = []
        problems: list[Problem] = []
        for p in paths:
            try:
                invs.append(calculate(p, gwp=gwp, factors=factors))
            except InputError as err:
                problems.extend(replace(x, sheet=f"{Path(p).name}: {x.sheet}") if x.sheet else x
                                for x in err.problems)
        if problems:
            raise InputError(problems)
        return cls(invs)

    @classmethod
    def from_frame(cls, df: pd.DataFrame, city: Mapping[str, Any] | None = None, *,
                   city_by_year: Mapping[int, Mapping[str, Any]] | None = None, gwp: str | None = None,
                   factors: str | None = None) -> Trend:
        """Activity rows of several years in one DataFrame with a ``year`` column.

        ``city`` holds the city fields of every year; ``city_by_year`` what differs by year
        (``{2020: {"population": 9.8e6}, …}``).
        """
        from gpc.engine import calculate

        if "year" not in df.columns:
            raise ValueError("the DataFrame needs a 'year' column (the inventory year of each row)")
        years = pd.to_numeric(df["year"], errors="coerce")
        if years.isna().any():
            bad = [int(i) + 2 for i in np.flatnonzero(years.isna().to_numpy())]
            raise InputError([Problem("activity", r, "year", None, "no inventory year") for r in bad])
        invs = []
        for y in sorted(set(years.astype(int))):
            c = {**dict(city or {}), **dict((city_by_year or {}).get(y, {})), "year": int(y)}
            invs.append(calculate(df[years == y].drop(columns="year").reset_index(drop=True), city=c, gwp=gwp,
                                  factors=factors))
        return cls(invs)

    @classmethod
    def from_workbook(cls, path: str | Path, *, gwp: str | None = None, factors: str | None = None) -> Trend:
        """One activity workbook whose ``activity`` sheet has a ``year`` column (the inventory year of each row).

        Other data sheets (waste, IPPU, AFOLU) must then carry an ``inventory_year`` column too; the city
        sheet's fields (population, GDP …) apply to every year.
        """
        from gpc.engine import calculate
        from gpc.io.excel_in import read_activity

        data = read_activity(path, strict=False)
        act = data.tables.get("activity")
        if act is None or "year" not in act.columns:
            return cls([calculate(data, gwp=gwp, factors=factors)])
        years = pd.to_numeric(act["year"], errors="coerce")
        problems = [Problem("activity", int(r), "year", v, "no inventory year: give the year of every row")
                    for r, v in zip(act["row"], act["year"]) if pd.isna(pd.to_numeric(v, errors="coerce"))]
        for name, t in data.tables.items():
            if name != "activity" and len(t) and "inventory_year" not in t.columns:
                problems.append(Problem(name, None, "inventory_year", None,
                                        "the activity sheet has a year column: give this sheet an inventory_year "
                                        "column too (the inventory year of each row)"))
        if problems:
            raise InputError(problems)
        all_years = set(years.astype(int))
        for name, t in data.tables.items():
            if name != "activity" and len(t):
                all_years |= set(pd.to_numeric(t["inventory_year"], errors="coerce").dropna().astype(int))
        invs = []
        for y in sorted(all_years):
            tables = {}
            for name, t in data.tables.items():
                col = "year" if name == "activity" else "inventory_year"
                if col in t.columns:
                    keep = pd.to_numeric(t[col], errors="coerce") == y
                    tables[name] = t[keep.to_numpy()].drop(columns=col).reset_index(drop=True)
                else:
                    tables[name] = t
            d = replace(data, tables=tables, settings=data.settings.with_overrides(year=int(y)))
            invs.append(calculate(d, gwp=gwp, factors=factors))
        return cls(invs)

    # ----------------------------------------------------------------------------------- figures
    @property
    def years(self) -> list[int]:
        return list(self.inventories)

    def totals(self) -> pd.DataFrame:
        """t CO2e per year: ``BASIC``, ``BASIC+``, ``territorial`` and the ``gwp`` set, indexed by year."""
        rows = {y: {**{k: float(v) for k, v in inv.totals().items()}, "gwp": inv.gwp}
                for y, inv in self.inventories.items()}
        df = pd.DataFrame.from_dict(rows, orient="index")
        df.index.name = "year"
        return df

    def change(self) -> pd.DataFrame:
        """Change against the previous inventory year, per total: ``<total>_change_t`` and ``<total>_change_pct``.

        NaN for the first year and wherever the two years use different GWP sets (not comparable).
        """
        tot = self.totals()
        out = pd.DataFrame(index=tot.index)
        same = tot["gwp"].eq(tot["gwp"].shift(1))
        for k in _TOTALS:
            prev = tot[k].shift(1)
            d = (tot[k] - prev).where(same)
            out[f"{k}_change_t"] = d
            out[f"{k}_change_pct"] = (d / prev.abs()).where(prev.abs() > 0) * 100.0
        out["previous_year"] = pd.Series(tot.index, index=tot.index).shift(1)
        return out

    def intensity(self) -> pd.DataFrame:
        """Per year: ``population``, ``gdp`` and ``currency``, t CO2e per resident (BASIC, BASIC+) and BASIC
        t CO2e per million units of GDP (NaN where the city sheet gives no population or GDP)."""
        rows = {}
        for y, inv in self.inventories.items():
            s = inv.settings
            pop = common._positive(s.population)
            gdp = common.parse_gdp(s.gdp)
            tot = {k: float(v) for k, v in inv.totals().items()}
            rows[y] = {
                "population": pop if pop else np.nan,
                "gdp": gdp[0] if gdp else np.nan,
                "currency": (gdp[1] or "") if gdp else "",
                "per_capita_BASIC": tot["BASIC"] / pop if pop else np.nan,
                "per_capita_BASIC+": tot["BASIC+"] / pop if pop else np.nan,
                "per_million_gdp_BASIC": tot["BASIC"] / (gdp[0] / 1e6) if gdp else np.nan,
            }
        df = pd.DataFrame.from_dict(rows, orient="index")
        df.index.name = "year"
        return df

    def by_sector(self, basis: str = "BASIC+") -> pd.DataFrame:
        """t CO2e by sector (columns ``I Stationary Energy`` …) and year (rows), for the rows of ``basis``."""
        cols = {}
        for y, inv in self.inventories.items():
            s = common.by_sector(inv, basis)
            cols[y] = pd.Series(s["co2e_t"].to_numpy(), index=[f"{a} {b}" for a, b in zip(s["sector_ref"],
                                                                                           s["sector"])])
        df = pd.DataFrame(cols).T.fillna(0.0)
        df.index.name = "year"
        return df

    def by_row(self) -> pd.DataFrame:
        """t CO2e by GPC reference number (rows) and year (columns); notation-key rows left empty."""
        cols = {y: inv.summary()["co2e_t"] for y, inv in self.inventories.items()}
        order = [r for r in taxonomy.table().index if any(r in c.index for c in cols.values())]
        df = pd.DataFrame(cols).reindex(order)
        df.index.name = "gpc_ref"
        return df

    def peak(self, total: str = "BASIC") -> dict[str, Any]:
        """The year with the highest ``total`` so far.

        Returns ``year``, ``value`` (t CO2e), ``latest_year``, ``latest`` (t CO2e), ``peaked`` (True when
        the peak is before the latest year), ``below_peak_pct`` (how far the latest year is below the
        peak, %) and ``comparable`` (False when the years use different GWP sets).
        """
        if total not in _TOTALS:
            raise ValueError(f"unknown total {total!r}: use one of {', '.join(_TOTALS)}")
        tot = self.totals()
        s = tot[total]
        peak_year = int(s.idxmax())
        last = int(s.index[-1])
        value, latest = float(s[peak_year]), float(s[last])
        return {"total": total, "year": peak_year, "value": value, "latest_year": last, "latest": latest,
                "peaked": peak_year < last,
                "below_peak_pct": (value - latest) / value * 100.0 if value else 0.0,
                "comparable": tot["gwp"].nunique() == 1}

    # ------------------------------------------------------------------------------ recalculation
    def recalculation(self, lang: str = "en") -> pd.DataFrame:
        """What changed between consecutive years: ``from_year``, ``to_year``, ``kind``, ``detail``.

        ``kind`` is ``factor_set``, ``gwp``, ``methods`` or ``factor_values`` (see the module's docs).
        An empty frame: the years were computed alike. ``lang="zh"``: ``detail`` in Chinese (``kind`` stays
        the key).
        """
        from gpc.i18n import check_lang, label

        check_lang(lang)
        none = label("trend.detail.none", lang)
        rows: list[dict[str, Any]] = []
        ys = self.years
        for a, b in zip(ys, ys[1:]):
            ia, ib = self.inventories[a], self.inventories[b]
            fa, fb = _chain(ia), _chain(ib)
            if fa != fb:
                rows.append(_flag(a, b, "factor_set", label("trend.detail.factor_set", lang, a=fa, b=fb)))
            if ia.gwp != ib.gwp:
                rows.append(_flag(a, b, "gwp", label("trend.detail.gwp", lang, a=str(ia.gwp), b=str(ib.gwp))))
            ma, mb = _methods(ia), _methods(ib)
            for ref in sorted(set(ma) | set(mb), key=_ref_order):
                if ma.get(ref, set()) != mb.get(ref, set()):
                    before = ", ".join(sorted(ma.get(ref, set()))) or none
                    after = ", ".join(sorted(mb.get(ref, set()))) or none
                    rows.append(_flag(a, b, "methods", f"{ref}: {before} → {after}"))
            va, vb = _factor_values(ia), _factor_values(ib)
            for key in sorted(set(va) & set(vb), key=str):
                if va[key] != vb[key]:
                    act, gas, name, unit = key
                    rows.append(_flag(a, b, "factor_values",
                                      f"{act} {gas} {name}: {_fmt(va[key])} → {_fmt(vb[key])} {unit}".rstrip()))
        return pd.DataFrame(rows, columns=["from_year", "to_year", "kind", "detail"])

    def needs_recalculation(self) -> bool:
        """True when factors, GWP set or methods changed between any two consecutive years."""
        return bool(len(self.recalculation()))

    def uncertainty(self, approach: int = 1, *, base: int | None = None, year: int | None = None,
                    iterations: int = 10_000, seed: int | None = None) -> pd.DataFrame:
        """Is the change between two years larger than its uncertainty? Per total: the change and its
        95 % interval by IPCC 2006 Vol. 1 Approach 1 (Table 3.3) or 2 (Monte Carlo, factors shared between
        the years drawn once). ``base``/``year`` default to the first and the last year. See
        :func:`gpc.uncertainty.trend.trend_uncertainty`."""
        from gpc.uncertainty.trend import trend_uncertainty

        b = self.years[0] if base is None else int(base)
        y = self.years[-1] if year is None else int(year)
        for v in (b, y):
            if v not in self.inventories:
                raise ValueError(f"no inventory for {v}: the years are {', '.join(map(str, self.years))}")
        out = trend_uncertainty(self.inventories[b], self.inventories[y], approach, iterations=iterations, seed=seed)
        self.uncertainty_result = out          # written by to_excel (sheet "Trend uncertainty")
        return out

    def table(self) -> pd.DataFrame:
        """One row per year: the totals, the change of BASIC, intensity, GWP, factor set, and whether the
        year differs in method or factors from the previous one."""
        tot = self.totals()
        ch = self.change()
        it = self.intensity()
        rec = self.recalculation()
        flagged = rec.groupby("to_year")["kind"].agg(lambda s: ", ".join(dict.fromkeys(s))) if len(rec) else {}
        out = pd.DataFrame(index=tot.index)
        for k in _TOTALS:
            out[k] = tot[k]
        out["BASIC_change_t"] = ch["BASIC_change_t"]
        out["BASIC_change_pct"] = ch["BASIC_change_pct"]
        out["per_capita_BASIC"] = it["per_capita_BASIC"]
        out["per_capita_BASIC+"] = it["per_capita_BASIC+"]
        out["per_million_gdp_BASIC"] = it["per_million_gdp_BASIC"]
        out["gwp"] = tot["gwp"]
        out["factors"] = [_chain(self.inventories[y]) for y in out.index]
        out["changed"] = [flagged.get(y, "") if len(rec) else "" for y in out.index]
        return out

    # ---------------------------------------------------------------------------------- output
    def to_excel(self, path: str | Path, *, lang: str = "en") -> Path:
        """Write the trend workbook (table, line charts, by sector, by GPC row, recalculation flags, and the
        trend uncertainty after :meth:`uncertainty`); ``lang="zh"``: sheet names, headers and texts in Chinese."""
        from gpc.reports.trend_excel import write_trend

        return write_trend(self, Path(path), lang=lang)

    def plot(self, kind: str = "totals", path: str | Path | None = None) -> Figure:
        """A line chart: ``totals`` (the three totals), ``sectors`` (BASIC+ by sector) or ``per_capita``."""
        from gpc.reports.figures import _figure, _save

        fig = _figure(8.0, 4.5)
        ax = fig.add_subplot()
        if kind == "totals":
            df = self.totals()[list(_TOTALS)] / 1e6
            unit = "Mt CO2e"
        elif kind == "sectors":
            df = self.by_sector() / 1e6
            unit = "Mt CO2e"
        elif kind == "per_capita":
            df = self.intensity()[["per_capita_BASIC", "per_capita_BASIC+"]]
            unit = "t CO2e per resident"
        else:
            raise ValueError(f"unknown trend figure {kind!r}: use totals, sectors or per_capita")
        for col in df.columns:
            ax.plot(df.index, df[col], marker="o", label=str(col))
        if kind == "totals":
            p = self.peak()
            ax.annotate(f"peak {p['year']}", (p["year"], p["value"] / 1e6), textcoords="offset points",
                        xytext=(0, 8), ha="center", fontsize=9)
        ax.set_xticks(self.years, [str(y) for y in self.years])
        ax.set_ylabel(unit)
        ax.grid(color="#E0E0E0")
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(frameon=False, fontsize=9)
        first = self.inventories[self.years[0]].settings.name or ""
        ax.set_title(f"{first} {self.years[0]}–{self.years[-1]}".strip(), loc="left", fontsize=11)
        if path is not None:
            _save(fig, Path(path), 150)
        return fig

    def __repr__(self) -> str:
        tot = self.totals()
        parts = ", ".join(f"{y}: {v / 1e6:,.2f} Mt" for y, v in tot["BASIC"].items())
        return f"<Trend BASIC {parts}>"

    def _repr_html_(self) -> str:
        t = self.table()[["BASIC", "BASIC+", "territorial", "BASIC_change_pct", "gwp", "changed"]]
        p = self.peak()
        head = (f"<b>GPC trend {self.years[0]}–{self.years[-1]}</b>: BASIC peak so far {p['year']} "
                f"({p['value'] / 1e6:,.2f} Mt)")
        return head + t.to_html(float_format=lambda x: f"{x:,.1f}", na_rep="")


def _flag(a: int, b: int, kind: str, detail: str) -> dict[str, Any]:
    return {"from_year": a, "to_year": b, "kind": kind, "detail": detail}


def _chain(inv: Inventory) -> str:
    return " → ".join(inv.factor_set.chain) if inv.factor_set else str(inv.settings.factors)


def _ref_order(ref: str) -> int:
    idx = taxonomy.table().index
    return int(idx.get_loc(ref)) if ref in idx else len(idx)


def _methods(inv: Inventory) -> dict[str, set[str]]:
    e = inv.emissions
    out: dict[str, set[str]] = {}
    for ref, m in zip(e["gpc_ref"], e["method"].astype(str)):
        out.setdefault(ref, set()).add(m)
    return out


def _factor_values(inv: Inventory) -> dict[tuple[str, str, str, str], frozenset[float]]:
    """(activity, gas, factor name, factor unit) → the factor values used (6 significant digits)."""
    e = inv.emissions
    if "factor_value" not in e.columns:
        return {}
    e = e[e["factor_value"].notna()]
    cols = [e[c].astype(str) if c in e.columns else pd.Series("", index=e.index)
            for c in ("activity", "gas", "factor_name", "factor_unit")]
    out: dict[tuple[str, str, str, str], set[float]] = {}
    for a, g, n, u, v in zip(*cols, e["factor_value"].astype(float)):
        out.setdefault((a, g, n, "" if u in ("None", "nan") else u), set()).add(float(f"{v:.6g}"))
    return {k: frozenset(v) for k, v in out.items()}


def _fmt(values: frozenset[float]) -> str:
    vals = sorted(values)
    if len(vals) > 3:
        return f"{len(vals)} values {vals[0]:g}…{vals[-1]:g}"
    return "/".join(f"{v:g}" for v in vals)


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not math.isnan(float(x))
