"""Factors of the AFOLU sheets (IPCC 2006 Vol. 4): livestock (Ch. 10), rice (Ch. 5) and land (Ch. 4–6).

Each class wraps the set's ``afolu_*`` tables (and the livestock rows of ``process_factors``) and answers
one question per method: which enteric factor, which manure CH4 factor for a temperature, which N
excretion, which default manure systems, which rice scaling factor, which forest growth or root-to-shoot
ratio. The row's own value wins over these (``gpc/data/factor_precedence.csv``, parameter ``afolu``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gpc.factors.ranges import relative_range
from gpc.factors.sets import FactorSet
from gpc.methods import afolu as eq

__all__ = ["DEVELOPED_REGIONS", "NO_RANGE", "POULTRY", "TABLE_10_14", "LandFactors", "LivestockFactors", "Range",
           "RiceFactors"]

#: A printed range relative to its default: (lower %, upper %, where it is printed); NaN where none is printed.
Range = tuple[float, float, str]
#: No printed range (the record then takes the data-quality default).
NO_RANGE: Range = (float("nan"), float("nan"), "")


def _row_range(row: pd.Series | None, table: str) -> Range:
    """The 95 % range stored beside a factor row (``lower`` / ``upper``, same unit as ``value``) as ± % of the
    value (:func:`gpc.factors.ranges.relative_range`), and where it is printed: the row's ``range_source``,
    else ``table``. :data:`NO_RANGE` where the row has no range (or the set's table has no such columns)."""
    if row is None or "lower" not in row.index or "upper" not in row.index:
        return NO_RANGE
    lo, up = relative_range([row["value"]], [row["lower"]], [row["upper"]])
    if np.isnan(lo[0]) or np.isnan(up[0]):
        return NO_RANGE
    src = row.get("range_source")
    return float(lo[0]), float(up[0]), str(src) if isinstance(src, str) and src.strip() else table

#: Animals of IPCC 2006 Table 10.14 (manure CH4 by region and temperature); the others use Table 10.15.
TABLE_10_14 = ("dairy_cattle", "other_cattle", "buffalo", "swine", "market_swine", "breeding_swine")
POULTRY = ("poultry", "layers_dry", "layers_wet", "broilers", "turkeys", "ducks")
DEVELOPED_REGIONS = ("north_america", "western_europe", "eastern_europe", "oceania")


class LivestockFactors:
    """Factor look-ups of the livestock sheet: enteric and manure CH4, N excretion, manure systems and
    N2O parameters (IPCC 2006 Vol. 4 Ch. 10), for the city's country (its region and development)."""

    def __init__(self, f: FactorSet, country: str | None):
        self.pf = f.table("process_factors")
        self.mch4 = f.table("afolu_manure_ch4")
        self.nex = f.table("afolu_nex")
        self.tam = f.table("afolu_typical_mass")
        self.mn2o = f.table("afolu_manure_n2o")
        #: Default manure management system shares (Annex 10A); optional: the ipcc2006 set ships none yet.
        self.msdef = f.table("afolu_manure_systems") if f.has_table("afolu_manure_systems") else None
        regions = f.table("afolu_regions")
        country = (country or "").upper()
        hit = regions[regions["country"] == country]
        self.country_region = hit["region"].iloc[0] if len(hit) else None
        self.country_development = hit["development"].iloc[0] if len(hit) else None

    def region(self, given: str) -> str | None:
        return given or self.country_region

    def development(self, given: str, region: str | None) -> str | None:
        if given:
            return given
        if self.country_development and region == self.country_region:
            return self.country_development
        if region:
            return "developed" if region in DEVELOPED_REGIONS else "developing"
        return None

    def _enteric_row(self, animal: str, region: str | None, dev: str | None) -> pd.Series | None:
        key = "swine" if animal in ("market_swine", "breeding_swine") else "poultry" if animal in POULTRY else animal
        tech = region if key in ("dairy_cattle", "other_cattle") else dev
        t = self.pf[(self.pf["activity"] == key) & (self.pf["method"] == "enteric_t1")]
        hit = t[t["technology"].fillna("") == (tech or "")] if key != "poultry" else t
        return hit.iloc[0] if len(hit) else None

    def enteric(self, animal: str, region: str | None, dev: str | None) -> tuple[float, str] | None:
        r = self._enteric_row(animal, region, dev)
        return None if r is None else (float(r["value"]), str(r["source"]))

    def enteric_range(self, animal: str, region: str | None, dev: str | None) -> Range:
        """The range of the Tier 1 enteric factor :meth:`enteric` gives (IPCC 2006 Vol. 4 Sec. 10.3.4)."""
        return _row_range(self._enteric_row(animal, region, dev), "IPCC 2006 Vol. 4 Ch. 10 Sec. 10.3.4")

    def _manure_ch4_row(self, animal: str, region: str | None, dev: str | None, temp: float) -> pd.Series | None:
        t = self.mch4
        if np.isnan(temp):
            return None
        if animal in TABLE_10_14:
            col = int(min(max(np.floor(temp + 0.5), 10), 28))
            cands = [animal] + (["swine"] if animal in ("market_swine", "breeding_swine") else [])
            for a in cands:
                hit = t[(t["animal"] == a) & (t["region"].fillna("") == (region or "")) & (t["temperature_c"] == col)]
                if len(hit):
                    return hit.iloc[0]
            return None
        t_round = np.floor(temp + 0.5)
        climate = "cool" if t_round < 15 else "temperate" if t_round <= 25 else "warm"
        a = animal
        if animal in POULTRY and dev == "developing":
            a = "poultry"
        hit = t[(t["animal"] == a) & (t["climate"] == climate)]
        if len(hit) > 1:
            hit = hit[hit["development"].fillna("") == (dev or "")]
        return hit.iloc[0] if len(hit) else None

    def manure_ch4(self, animal: str, region: str | None, dev: str | None, temp: float) -> tuple[float, str] | None:
        r = self._manure_ch4_row(animal, region, dev, temp)
        return None if r is None else (float(r["value"]), str(r["source"]))

    def manure_ch4_range(self, animal: str, region: str | None, dev: str | None, temp: float) -> Range:
        """The range of the Tier 1 manure CH4 factor :meth:`manure_ch4` gives (IPCC 2006 Vol. 4 Sec. 10.4.4)."""
        return _row_range(self._manure_ch4_row(animal, region, dev, temp), "IPCC 2006 Vol. 4 Ch. 10 Sec. 10.4.4")

    def nex_per_head(self, animal: str, region: str | None, mass: float) -> tuple[float, str] | None:
        key = {"layers_dry": "hens", "layers_wet": "hens"}.get(animal, animal)
        hit = self.nex[(self.nex["animal"] == key) & (self.nex["region"] == (region or ""))]
        if not len(hit):
            return None
        r = hit.iloc[0]
        if str(r["unit"]) == "kg/head/year":
            return float(r["value"]), str(r["source"])
        if np.isnan(mass):
            tm = self.tam[(self.tam["animal"] == animal) & (self.tam["region"] == (region or ""))]
            if not len(tm):
                return None
            mass = float(tm["value"].iloc[0])
        return float(eq.n_excretion_per_head(float(r["value"]), mass)), f"{r['source']}; TAM {mass:g} kg"

    def default_ms(self, animal: str, region: str | None) -> tuple[dict[str, float], str] | None:
        """Default shares of manure N by system for an animal and region, and their source (Annex 10A).

        Rows of ``afolu_manure_systems`` for the animal itself are used first, then those of its parent
        category (``swine`` for market/breeding swine, ``poultry`` for layers, broilers …); a row with an
        empty region serves every region.
        """
        t = self.msdef
        if t is None or not len(t):
            return None
        parent = "swine" if animal in ("market_swine", "breeding_swine") else "poultry" if animal in POULTRY else None
        for a in [animal] + ([parent] if parent and parent != animal else []):
            hit = t[t["animal"] == a]
            for reg in (region or "", ""):
                rows = hit[hit["region"].fillna("") == reg]
                if len(rows):
                    shares = {str(s): float(v) for s, v in zip(rows["system"], rows["value"]) if float(v) > 0}
                    where = reg or "all regions"
                    src = "; ".join(sorted({str(x) for x in rows["source"] if x}))
                    return shares, f"default MS (Annex 10A, {where}) for {a}: {src}"
        return None

    def ef3(self, system: str) -> float:
        t = self.mn2o[(self.mn2o["parameter"] == "ef3") & (self.mn2o["system"] == system)]
        return float(t["value"].iloc[0])

    def ef3_range(self, system: str) -> Range:
        """Range of EF3 of a system (IPCC 2006 Vol. 4 Table 10.21: factor of 2)."""
        t = self.mn2o[(self.mn2o["parameter"] == "ef3") & (self.mn2o["system"] == system)]
        return _row_range(t.iloc[0] if len(t) else None, "IPCC 2006 Vol. 4 Ch. 10 Table 10.21")

    def _frac_row(self, animal: str, system: str, parameter: str) -> pd.Series | None:
        group = ("dairy_cattle" if animal == "dairy_cattle" else "other_cattle" if animal in ("other_cattle", "buffalo")
                 else "swine" if "swine" in animal else "poultry" if animal in POULTRY else "other")
        t = self.mn2o[(self.mn2o["parameter"] == parameter) & (self.mn2o["animal_group"] == group)
                      & (self.mn2o["system"] == system)]
        return t.iloc[0] if len(t) else None

    def frac_gas(self, animal: str, system: str, parameter: str = "frac_gas_ms") -> float | None:
        r = self._frac_row(animal, system, parameter)
        return None if r is None else float(r["value"])

    def frac_gas_range(self, animal: str, system: str) -> Range:
        """Range of FracGasMS (IPCC 2006 Vol. 4 Table 10.22) of :meth:`frac_gas`."""
        return _row_range(self._frac_row(animal, system, "frac_gas_ms"), "IPCC 2006 Vol. 4 Ch. 10 Table 10.22")

    def frac_loss(self, animal: str, system: str) -> float | None:
        """FracLossMS, total N lost in a manure management system (IPCC 2006 Vol. 4 Table 10.23)."""
        return self.frac_gas(animal, system, "frac_loss_ms")

    def frac_loss_range(self, animal: str, system: str) -> Range:
        """Range of FracLossMS (IPCC 2006 Vol. 4 Table 10.23) of :meth:`frac_loss`."""
        return _row_range(self._frac_row(animal, system, "frac_loss_ms"), "IPCC 2006 Vol. 4 Ch. 10 Table 10.23")

    def param(self, name: str) -> float:
        t = self.mn2o[self.mn2o["parameter"] == name]
        return float(t["value"].iloc[0])

    def param_range(self, name: str) -> Range:
        """Range of EF1 (Table 11.1), EF4, EF5, FracGASM, FracLEACH (Table 11.3) of :meth:`param`."""
        t = self.mn2o[self.mn2o["parameter"] == name]
        table = "IPCC 2006 Vol. 4 Ch. 11 Table 11.1" if name == "ef1" else "IPCC 2006 Vol. 4 Ch. 11 Table 11.3"
        return _row_range(t.iloc[0] if len(t) else None, table)

    def grazing_range(self, row: pd.Series) -> Range:
        """Range of a direct pasture factor row of :meth:`grazing_rows` (EF3PRP, IPCC 2006 Vol. 4 Table 11.1);
        the indirect rows are products (FracGASM × EF4, FracLEACH × EF5: see :meth:`param_range`)."""
        return _row_range(row, "IPCC 2006 Vol. 4 Ch. 11 Table 11.1")

    def grazing_rows(self, animal: str) -> pd.DataFrame:
        cpp = animal in ("dairy_cattle", "other_cattle", "buffalo") or "swine" in animal or animal in POULTRY
        act = "grazing_n_cattle_poultry_pigs" if cpp else "grazing_n_sheep_other"
        return self.pf[(self.pf["activity"] == act) & (self.pf["technology"].fillna("") == "")]


class RiceFactors:
    """Rice parameters (IPCC 2006 Vol. 4 Ch. 5 Tables 5.11–5.14: EFc, SFw, SFp, CFOA) in ``afolu_rice``."""

    def __init__(self, fs: FactorSet):
        self.t = fs.table("afolu_rice")

    def _row(self, parameter: str, option: str) -> pd.DataFrame:
        t = self.t
        return t[(t["parameter"] == parameter) & (t["option"].fillna("") == option)]

    def param(self, parameter: str, option: str) -> float:
        return float(self._row(parameter, option)["value"].iloc[0])

    def param_range(self, parameter: str, option: str) -> Range:
        """The error range printed beside EFc, SFw, SFp or CFOA (IPCC 2006 Vol. 4 Tables 5.11–5.14)."""
        hit = self._row(parameter, option)
        table = {"efc": "5.11", "sfw": "5.12", "sfp": "5.13", "cfoa": "5.14"}.get(parameter, "5.11-5.14")
        return _row_range(hit.iloc[0] if len(hit) else None, f"IPCC 2006 Vol. 4 Ch. 5 Table {table}")

    def bounds(self, parameter: str, option: str) -> tuple[float, float]:
        """``(lower, upper)`` limits printed for a parameter (same unit as the value; the value itself where none
        is printed): for factors that enter an equation non-linearly (CFOA in Eq. 5.3)."""
        hit = self._row(parameter, option)
        r = hit.iloc[0]
        v = float(r["value"])
        lo = float(r["lower"]) if "lower" in r.index and not pd.isna(r["lower"]) else v
        up = float(r["upper"]) if "upper" in r.index and not pd.isna(r["upper"]) else v
        return lo, up


class LandFactors:
    """Factor look-ups of the land_use sheet (IPCC 2006 Vol. 4 Ch. 4–6 tables in ``afolu_land``)."""

    def __init__(self, fs: FactorSet):
        self.t = fs.table("afolu_land")

    def _p(self, parameter: str, **keys: str) -> pd.DataFrame:
        t = self.t[self.t["parameter"] == parameter]
        for k, v in keys.items():
            t = t[t[k].fillna("") == v]
        return t

    def cf(self) -> float:
        return float(self._p("carbon_fraction")["value"].iloc[0])

    def _forest_rows(self, parameter: str, zone: str, continent: str, age: str) -> pd.DataFrame | None:
        t = self._p(parameter, zone=zone)
        if continent:
            t = t[t["region"].fillna("") == continent]
        if len(t) > 1:
            t2 = t[t["age_class"].fillna("").isin([age, ""])]
            t = t2 if len(t2) else t
        return t if len(t) == 1 or (len(t) and t["value"].nunique() == 1) else None

    def forest(self, parameter: str, zone: str, continent: str, age: str) -> float | None:
        t = self._forest_rows(parameter, zone, continent, age)
        return None if t is None else float(t["value"].iloc[0])

    def forest_range(self, parameter: str, zone: str, continent: str, age: str) -> Range:
        """The range printed beside the default :meth:`forest` returns (Table 4.7 above-ground biomass,
        Table 4.9 growth), as ± % of it (:func:`_row_range`); :data:`NO_RANGE` where none is stored or the
        default is shared by rows with different ranges."""
        t = self._forest_rows(parameter, zone, continent, age)
        if t is None or "lower" not in t.columns or t[["lower", "upper"]].drop_duplicates().shape[0] != 1:
            return NO_RANGE
        return _row_range(t.iloc[0], "IPCC 2006 Vol. 4 Ch. 4 Table " + ("4.7" if parameter == "forest_agb" else "4.9"))

    def _root_shoot_row(self, zone: str, forest_type: str, agb: float) -> pd.Series | None:
        t = self._p("root_shoot", zone=zone)
        if forest_type:
            t = t[t["forest_type"].fillna("") == forest_type]
        elif t["forest_type"].notna().any():
            return None
        if len(t) > 1:
            if np.isnan(agb):
                return None
            lo = t["agb_min"].fillna(-np.inf)
            hi = t["agb_max"].fillna(np.inf)
            t = t[(lo <= agb) & (agb < hi)]
        return t.iloc[0] if len(t) == 1 else None

    def root_shoot(self, zone: str, forest_type: str, agb: float) -> float | None:
        row = self._root_shoot_row(zone, forest_type, agb)
        return None if row is None else float(row["value"])

    def root_shoot_range(self, zone: str, forest_type: str, agb: float) -> Range:
        """The range Table 4.4 prints beside the R that :meth:`root_shoot` returns, as ± % of R."""
        return _row_range(self._root_shoot_row(zone, forest_type, agb), "IPCC 2006 Vol. 4 Ch. 4 Table 4.4")

    def stock(self, category: str, zone: str) -> float | None:
        """Default biomass carbon (t C/ha) of a non-forest category."""
        if category == "cropland":
            return float(self._p("biomass_carbon", land_category="cropland")["value"].iloc[0])
        if category == "grassland":
            t = self._p("biomass_dm", land_category="grassland", zone=zone)
            return float(t["value"].iloc[0]) * self.cf() if len(t) else None
        t = self._p("biomass_carbon", land_category=category)
        return float(t["value"].iloc[0]) if len(t) else None
