"""The inventory: emission records with provenance, GPC summaries and totals.

This is what the reports read. The :class:`gpc.Inventory` users get (from :func:`gpc.calculate`) is the subclass
:class:`gpc.outputs.Inventory`, which adds the outputs (``to_excel``, ``to_ecrf`` …, ``plot``, ``uncertainty``):
the writers live above this module, so it imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from gpc import taxonomy
from gpc.context import Settings
from gpc.errors import Problem
from gpc.gwp import CO2e

if TYPE_CHECKING:
    from gpc.activity_data import ActivityData
    from gpc.factors import FactorSet

__all__ = ["Inventory", "MAIN_GASES"]

MAIN_GASES = ("CO2", "CH4", "N2O")


@dataclass
class Inventory:
    """A computed GPC inventory.

    Attributes
    ----------
    emissions : pandas.DataFrame
        One row per (input record, gas): gpc_ref, sector, subsector, scope, gas, emissions_t, co2e_t,
        biogenic, gwp, method, sheet, row, activity, amount, unit, the factor with its unit and source …
    notation_keys : pandas.DataFrame
        Input rows that carry a notation key (NO, IE, NE, C) instead of an amount.
    settings : Settings
        The settings used (GWP set, factor set, year …).
    warnings : list[Problem]
        Things worth a look that did not stop the calculation.
    transport_reconciliation : pandas.DataFrame or None
        Fuel sold against fuel implied by kilometres per transport sub-sector and fuel (IPCC 2006 Vol. 2
        §3.2.1.3; ``gpc.sectors.transport.reconcile``), computed once by ``gpc.calculate``; empty when no
        sub-sector and fuel has both sides. Only the chosen method of each is in the totals.
    """

    emissions: pd.DataFrame
    notation_keys: pd.DataFrame
    settings: Settings
    warnings: list[Problem] = field(default_factory=list)
    activity: ActivityData | None = None
    factor_set: FactorSet | None = None
    #: the last ``inv.uncertainty()`` result (a :class:`gpc.uncertainty.results.Result`), written to the workbook
    uncertainty_result: Any = field(default=None, repr=False, compare=False)
    transport_reconciliation: pd.DataFrame | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ summaries
    @property
    def gwp(self) -> str:
        return self.settings.gwp

    def gases(self) -> list[str]:
        """Gases present, the three main ones first."""
        present = [g for g in self.emissions["gas"].unique() if g not in MAIN_GASES]
        return [*MAIN_GASES, *sorted(present)]

    def summary(self, all_rows: bool = False) -> pd.DataFrame:
        """Emissions by GPC reference number.

        Returns a DataFrame indexed by ``gpc_ref`` with one column per gas (tonnes; CO2 is fossil CO2),
        ``co2e_t`` (excluding biogenic CO2), ``co2_biogenic_t`` and ``notation_key``. Rows with neither
        emissions nor a notation key are left out unless ``all_rows`` (then every GPC row appears, in
        reporting order).
        """
        e = self.emissions
        gases = self.gases()
        fossil = e[~e["biogenic"]]
        by_gas = fossil.pivot_table(index="gpc_ref", columns="gas", values="emissions_t", aggfunc="sum",
                                    fill_value=0.0)
        by_gas = by_gas.reindex(columns=gases, fill_value=0.0)
        co2e = fossil.groupby("gpc_ref")["co2e_t"].sum()
        bio = e[e["biogenic"]].groupby("gpc_ref")["emissions_t"].sum()
        refs = list(dict.fromkeys([*e["gpc_ref"].unique(), *self.notation_keys.get("gpc_ref", pd.Series()).unique()]))
        out = pd.DataFrame(index=pd.Index(refs, name="gpc_ref"))
        out = out.join(by_gas)
        has_data = out.index.isin(e["gpc_ref"].unique())
        out.loc[has_data] = out.loc[has_data].fillna(0.0)
        out["co2e_t"] = co2e.reindex(out.index)
        out.loc[has_data, "co2e_t"] = out.loc[has_data, "co2e_t"].fillna(0.0)
        out["co2_biogenic_t"] = bio.reindex(out.index)
        out.loc[has_data, "co2_biogenic_t"] = out.loc[has_data, "co2_biogenic_t"].fillna(0.0)
        out["notation_key"] = self._notation_by_row().reindex(out.index).fillna("")
        order = taxonomy.table().index
        out = out.reindex([r for r in order if r in out.index] if not all_rows else order)
        out.index.name = "gpc_ref"
        if all_rows:
            out["notation_key"] = out["notation_key"].fillna("")
        return out

    def _notation_by_row(self) -> pd.Series:
        nk = self.notation_keys
        if nk is None or nk.empty:
            return pd.Series(dtype=object)
        return nk.groupby("gpc_ref")["notation_key"].agg(lambda s: "/".join(sorted(set(s))))

    def total(self, name: str = "BASIC") -> CO2e:
        """A GPC total in t CO2e: ``"BASIC"``, ``"BASIC+"`` or ``"territorial"``.

        Biogenic CO2 and VI.1 are in no total. The value is a float that records its GWP set.
        """
        if name not in taxonomy.TOTALS:
            raise ValueError(f"unknown total {name!r}: use one of {', '.join(taxonomy.TOTALS)}")
        e = self.emissions
        rows = set(taxonomy.total_rows(name))
        m = e["gpc_ref"].isin(rows) & ~e["biogenic"]
        return CO2e(float(e.loc[m, "co2e_t"].sum()), self.gwp)

    def totals(self) -> dict[str, CO2e]:
        """All three totals."""
        return {t: self.total(t) for t in taxonomy.TOTALS}

    def by_sector_scope(self) -> pd.DataFrame:
        """t CO2e by sector (rows) and scope (columns), biogenic CO2 excluded; VI.1 shown, in no total."""
        e = self.emissions[~self.emissions["biogenic"]]
        t = taxonomy.table()
        sectors = t.drop_duplicates("sector_ref").set_index("sector_ref")["sector"]
        e = e.assign(sector_ref=e["gpc_ref"].map(t["sector_ref"]))
        p = e.pivot_table(index="sector_ref", columns="scope", values="co2e_t", aggfunc="sum", fill_value=0.0)
        p = p.reindex(index=sectors.index, columns=[1, 2, 3], fill_value=0.0)
        p.index = pd.Index([f"{k} {sectors[k]}" for k in p.index], name="sector")
        p.columns = [f"scope {c}" for c in p.columns]
        p["total"] = p.sum(axis=1)
        return p

    def completeness(self) -> list[str]:
        """BASIC rows that have neither emissions nor a notation key (GPC §3.2 requires one of them)."""
        covered = set(self.emissions["gpc_ref"]) | set(self.notation_keys.get("gpc_ref", pd.Series()).tolist())
        return [r for r in taxonomy.total_rows("BASIC") if r not in covered]

    def audit(self) -> pd.DataFrame:
        """Every input row with what became of it: the emission records and the notation-key rows."""
        nk = self.notation_keys.copy()
        if len(nk):
            nk["method"] = "notation_key"
        return pd.concat([self.emissions, nk], ignore_index=True).sort_values(["sheet", "row"], kind="stable")

    def __repr__(self) -> str:
        tot = ", ".join(f"{k} {v / 1e6:,.3f} Mt" for k, v in self.totals().items())
        return f"<Inventory {self.settings.name or ''} {self.settings.year} ({self.gwp}): {tot} CO2e>"
