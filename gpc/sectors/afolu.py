"""AFOLU sheets (GPC ch. 10; IPCC 2006 Vol. 4): ``livestock`` (V.1), ``rice`` (V.3) and ``land_use`` (V.2).

The livestock sheet also reports N2O from managed manure N applied to soils, F_AM (Eq. 10.34 → 11.4 → 11.1,
11.9, 11.10; V.3); a blank rice pre-season water regime is "unknown", SFp 1.22 (Table 5.13).

Single-factor AFOLU activities (fertiliser N, urea, liming, rice by water regime, animals' enteric CH4,
biomass burning) are rows of the ``activity`` sheet, computed by the engine with ``process_factors.csv``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.gwp import gwp
from gpc.i18n import label
from gpc.methods import afolu as eq
from gpc.records import empty_records, make_records
from gpc.sectors import compute_sheets, validate_sheets
from gpc.units import convert, unit_problem

__all__ = ["MS_SYSTEMS", "SHEETS", "compute", "validate"]

SHEETS: tuple[str, ...] = ("livestock", "rice", "land_use")

MS_SYSTEMS: tuple[str, ...] = (
    "pasture", "daily_spread", "solid_storage", "dry_lot", "liquid_slurry", "liquid_slurry_crust", "lagoon",
    "pit_storage", "digester", "burned_for_fuel", "deep_bedding", "deep_bedding_mixed", "composting_vessel",
    "composting_static", "composting_intensive", "composting_passive", "poultry_litter", "poultry_no_litter",
    "aerobic_natural", "aerobic_forced",
)
#: Animals of IPCC 2006 Table 10.14 (manure CH4 by region and temperature); the others use Table 10.15.
TABLE_10_14 = ("dairy_cattle", "other_cattle", "buffalo", "swine", "market_swine", "breeding_swine")
POULTRY = ("poultry", "layers_dry", "layers_wet", "broilers", "turkeys", "ducks")
#: share of a row's CO2e decided by a default above which gpc warns (issue #13: "a warning when the default
#: decides a large share")
LARGE_SHARE = 0.20
#: systems whose N never reaches managed soils as F_AM: deposited on pasture (F_PRP) or burned for fuel
_NOT_APPLIED = ("pasture", "burned_for_fuel")
DEVELOPED_REGIONS = ("north_america", "western_europe", "eastern_europe", "oceania")
AMENDMENTS = ("straw_short", "straw_long", "compost", "farmyard_manure", "green_manure")


# ------------------------------------------------------------------ helpers
def _col(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series([None] * len(df), index=df.index, dtype=object)


def _num(df: pd.DataFrame, name: str, default: float = np.nan) -> np.ndarray:
    v = pd.to_numeric(_col(df, name), errors="coerce").to_numpy(dtype="float64")
    return np.where(np.isnan(v), default, v)


def _text(df: pd.DataFrame, name: str, default: str = "") -> list[str]:
    return [default if (x is None or (isinstance(x, float) and np.isnan(x)) or str(x).strip() == "") else str(x).strip()
            for x in _col(df, name)]


def _conversion(text: object) -> float:
    return float(Fraction(str(text or "1").strip()))


def _blank(x: Any) -> bool:
    return x is None or (isinstance(x, float) and np.isnan(x)) or (isinstance(x, str) and not x.strip())


def _prefix_problems(df: pd.DataFrame, sheet: str, allowed: tuple[str, ...]) -> list[Problem]:
    out = []
    for r, ref in zip(_col(df, "row"), _col(df, "gpc_ref")):
        if not _blank(ref) and not any(str(ref) == a or str(ref).startswith(a + ".") for a in allowed):
            out.append(Problem(sheet, int(r), "gpc_ref", ref, f"the {sheet} sheet reports in {' or '.join(allowed)}"))
    return out


def _unit_problems(df: pd.DataFrame, sheet: str, default: str, target: str) -> list[Problem]:
    out = []
    for r, u in zip(_col(df, "row"), _col(df, "unit")):
        p = unit_problem(default if _blank(u) else u, target)
        if p:
            out.append(Problem(sheet, int(r), "unit", u, p))
    return out


def _amount(df: pd.DataFrame, amount_col: str, default_unit: str, target: str) -> np.ndarray:
    units = [default_unit if _blank(u) else str(u) for u in _col(df, "unit")]
    return convert(_num(df, amount_col), units, target)


# ------------------------------------------------------------------ livestock
class _Livestock:
    """Factor lookups for the livestock sheet."""

    def __init__(self, ctx: Context):
        f = ctx.factors
        self.pf = f.table("process_factors")
        self.mch4 = f.table("afolu_manure_ch4")
        self.nex = f.table("afolu_nex")
        self.tam = f.table("afolu_typical_mass")
        self.mn2o = f.table("afolu_manure_n2o")
        #: Default manure management system shares (Annex 10A); optional: the ipcc2006 set ships none yet.
        self.msdef = f.table("afolu_manure_systems") if f.has_table("afolu_manure_systems") else None
        regions = f.table("afolu_regions")
        country = (ctx.settings.country or "").upper()
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

    def enteric(self, animal: str, region: str | None, dev: str | None) -> tuple[float, str] | None:
        key = "swine" if animal in ("market_swine", "breeding_swine") else "poultry" if animal in POULTRY else animal
        tech = region if key in ("dairy_cattle", "other_cattle") else dev
        t = self.pf[(self.pf["activity"] == key) & (self.pf["method"] == "enteric_t1")]
        hit = t[t["technology"].fillna("") == (tech or "")] if key != "poultry" else t
        if not len(hit):
            return None
        r = hit.iloc[0]
        return float(r["value"]), str(r["source"])

    def manure_ch4(self, animal: str, region: str | None, dev: str | None, temp: float) -> tuple[float, str] | None:
        t = self.mch4
        if np.isnan(temp):
            return None
        if animal in TABLE_10_14:
            col = int(min(max(np.floor(temp + 0.5), 10), 28))
            cands = [animal] + (["swine"] if animal in ("market_swine", "breeding_swine") else [])
            for a in cands:
                hit = t[(t["animal"] == a) & (t["region"].fillna("") == (region or "")) & (t["temperature_c"] == col)]
                if len(hit):
                    return float(hit["value"].iloc[0]), str(hit["source"].iloc[0])
            return None
        t_round = np.floor(temp + 0.5)
        climate = "cool" if t_round < 15 else "temperate" if t_round <= 25 else "warm"
        a = animal
        if animal in POULTRY and dev == "developing":
            a = "poultry"
        hit = t[(t["animal"] == a) & (t["climate"] == climate)]
        if len(hit) > 1:
            hit = hit[hit["development"].fillna("") == (dev or "")]
        if not len(hit):
            return None
        return float(hit["value"].iloc[0]), str(hit["source"].iloc[0])

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

    def frac_gas(self, animal: str, system: str, parameter: str = "frac_gas_ms") -> float | None:
        group = ("dairy_cattle" if animal == "dairy_cattle" else "other_cattle" if animal in ("other_cattle", "buffalo")
                 else "swine" if "swine" in animal else "poultry" if animal in POULTRY else "other")
        t = self.mn2o[(self.mn2o["parameter"] == parameter) & (self.mn2o["animal_group"] == group)
                      & (self.mn2o["system"] == system)]
        return float(t["value"].iloc[0]) if len(t) else None

    def frac_loss(self, animal: str, system: str) -> float | None:
        """FracLossMS, total N lost in a manure management system (IPCC 2006 Vol. 4 Table 10.23)."""
        return self.frac_gas(animal, system, "frac_loss_ms")

    def param(self, name: str) -> float:
        t = self.mn2o[self.mn2o["parameter"] == name]
        return float(t["value"].iloc[0])

    def grazing_rows(self, animal: str) -> pd.DataFrame:
        cpp = animal in ("dairy_cattle", "other_cattle", "buffalo") or "swine" in animal or animal in POULTRY
        act = "grazing_n_cattle_poultry_pigs" if cpp else "grazing_n_sheep_other"
        return self.pf[(self.pf["activity"] == act) & (self.pf["technology"].fillna("") == "")]


def _livestock_problems(df: pd.DataFrame, ctx: Context) -> list[Problem]:
    sheet = "livestock"
    out = _prefix_problems(df, sheet, ("V.1",)) + _unit_problems(df, sheet, "head", "head")
    lk = _Livestock(ctx)
    temps = _num(df, "temperature")
    masses = _num(df, "typical_mass")
    ms = np.column_stack([_num(df, f"ms_{s}", 0.0) for s in MS_SYSTEMS]) if len(df) else np.zeros((0, len(MS_SYSTEMS)))
    ms_given = _ms_given(df)
    to_soils = _num(df, "manure_to_soils", 1.0)
    to_soils_blank = np.isnan(_num(df, "manure_to_soils"))
    applied_default: list[int] = []
    for i, (row, animal, reg, dev) in enumerate(zip(_col(df, "row"), _text(df, "animal"), _text(df, "region"),
                                                      _text(df, "development"))):
        row = int(row)
        region = lk.region(reg)
        devel = lk.development(dev, region)
        if region is None:
            out.append(Problem(sheet, row, "region", None,
                               f"no IPCC region: give region (e.g. asia) or set the city's country to one gpc maps "
                               f"(country {ctx.settings.country!r} is not in afolu_regions)"))
            continue
        if _blank(_col(df, "ef_enteric").iloc[i]) and lk.enteric(animal, region, devel) is None:
            out.append(Problem(sheet, row, "ef_enteric", None,
                               f"IPCC 2006 Table 10.10/10.11 has no enteric factor for {animal} ({region}, {devel}): give ef_enteric"))
        if _blank(_col(df, "ef_manure_ch4").iloc[i]):
            if np.isnan(temps[i]):
                out.append(Problem(sheet, row, "temperature", None,
                                   "the annual average temperature (degC) is needed for manure CH4: give temperature or ef_manure_ch4"))
            elif lk.manure_ch4(animal, region, devel, temps[i]) is None:
                out.append(Problem(sheet, row, "ef_manure_ch4", None,
                                   f"IPCC 2006 Table 10.14/10.15 has no manure CH4 factor for {animal} in {region}: give ef_manure_ch4"))
        total = ms[i].sum()
        if total > 1 + 1e-6:
            out.append(Problem(sheet, row, "ms_pasture", round(total, 6),
                               "the ms_ fractions add up to more than 1: they are shares of the manure N of this row"))
        shares_i = ms[i]
        if not ms_given[i]:
            d = lk.default_ms(animal, region)
            if d is not None:
                shares_i = np.array([d[0].get(s, 0.0) for s in MS_SYSTEMS])
                total = shares_i.sum()
        if total > 0:
            if _blank(_col(df, "nex").iloc[i]) and lk.nex_per_head(animal, region, masses[i]) is None:
                out.append(Problem(sheet, row, "nex", None,
                                   f"no default N excretion for {animal} in {region} (Table 10.19 with a typical mass): "
                                   "give nex (kg N/head/year) or typical_mass (kg)"))
            if _blank(_col(df, "frac_gas_ms").iloc[i]):
                for s, share in zip(MS_SYSTEMS, shares_i):
                    if share > 0 and s not in ("pasture", "burned_for_fuel") and lk.frac_gas(animal, s) is None:
                        out.append(Problem(sheet, row, f"ms_{s}", share,
                                           label("warn.no_frac_gas", "en", animal=str(animal), system=s),
                                           severity="warning"))
            if to_soils[i] > 0 and _blank(_col(df, "frac_loss_ms").iloc[i]):
                for s, share in zip(MS_SYSTEMS, shares_i):
                    if share > 0 and s not in _NOT_APPLIED and lk.frac_loss(animal, s) is None:
                        out.append(Problem(sheet, row, f"ms_{s}", share,
                                           label("warn.no_frac_loss", "en", animal=str(animal), system=s),
                                           severity="warning"))
            if to_soils_blank[i] and any(sh > 0 and s not in _NOT_APPLIED for s, sh in zip(MS_SYSTEMS, shares_i)):
                applied_default.append(i)
    errors = {p.row for p in out if p.severity == "error"}
    large = _manure_applied_large(df, [i for i in applied_default if int(_col(df, "row").iloc[i]) not in errors], ctx)
    if large:
        rows, share = large
        out.append(Problem(sheet, rows[0], "manure_to_soils", None,
                           label("warn.manure_to_soils_default", "en", n=str(len(rows)), share=f"{share:.0%}"),
                           severity="warning"))
    return out


def _manure_applied_large(df: pd.DataFrame, idx: list[int], ctx: Context) -> tuple[list[int], float] | None:
    """Rows (as Excel shows them) where the default ``manure_to_soils`` (all available manure N applied) decides
    at least :data:`LARGE_SHARE` of the row's CO2e, and the largest such share; None if there is none."""
    if not idx:
        return None
    recs = _livestock_records(df.iloc[idx], ctx)
    if not len(recs):
        return None
    g = np.array([gwp(str(x), ctx.settings.gwp) for x in recs["gas"]])
    co2e = recs["emissions_t"].to_numpy(dtype="float64") * g
    fam = recs["method"].astype(str).str.startswith("manure_applied_").to_numpy()
    rows = recs["row"].to_numpy()
    hits: list[int] = []
    top = 0.0
    for r in dict.fromkeys(rows):
        m = rows == r
        total = co2e[m].sum()
        share = co2e[m & fam].sum() / total if total > 0 else 0.0
        if share >= LARGE_SHARE:
            hits.append(int(r))
            top = max(top, share)
    return (hits, top) if hits else None


def _livestock_records(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    lk = _Livestock(ctx)
    heads = _amount(df, "amount", "head", "head")
    temps = _num(df, "temperature")
    masses = _num(df, "typical_mass")
    ef_ent = _num(df, "ef_enteric")
    ef_man = _num(df, "ef_manure_ch4")
    nex_given = _num(df, "nex")
    fgas_given = _num(df, "frac_gas_ms")
    fleach = _num(df, "frac_leach_ms", 0.0)
    ms = {s: _num(df, f"ms_{s}", 0.0) for s in MS_SYSTEMS}
    ms_given = _ms_given(df)
    ef4, ef5 = lk.param("ef4"), lk.param("ef5")
    ef1, frac_gasm, frac_leach = lk.param("ef1"), lk.param("frac_gasm"), lk.param("frac_leach")
    to_soils = _num(df, "manure_to_soils", 1.0)
    to_soils_blank = np.isnan(_num(df, "manure_to_soils"))
    floss_given = _num(df, "frac_loss_ms")
    recs: list[dict[str, Any]] = []
    for i, (row, ref, animal, reg, dev, unit, amount) in enumerate(zip(
            _col(df, "row"), _col(df, "gpc_ref"), _text(df, "animal"), _text(df, "region"), _text(df, "development"),
            _text(df, "unit", "head"), _num(df, "amount"))):
        region = lk.region(reg)
        devel = lk.development(dev, region)
        base = {"sheet": "livestock", "row": int(row), "activity": animal, "amount": amount, "unit": unit}
        where = f"region {region}, {devel}"
        # enteric fermentation
        if not np.isnan(ef_ent[i]):
            ef, src = ef_ent[i], "row"
        else:
            ef, src = lk.enteric(animal, region, devel)  # type: ignore[misc]
        recs.append(dict(base, gpc_ref=ref, gas="CH4", emissions_t=float(eq.head_emissions_t(heads[i], ef)),
                         method="enteric_t1", factor_name="ef_enteric", factor_value=ef, factor_unit="kg/head/year",
                         factor_source=src, detail=where))
        # manure management CH4
        if not np.isnan(ef_man[i]):
            ef, src, det = ef_man[i], "row", where
        else:
            ef, src = lk.manure_ch4(animal, region, devel, temps[i])  # type: ignore[misc]
            det = f"{where}, annual average temperature {temps[i]:g} degC"
        recs.append(dict(base, gpc_ref=ref, gas="CH4", emissions_t=float(eq.head_emissions_t(heads[i], ef)),
                         method="manure_ch4_t1", factor_name="ef_manure_ch4", factor_value=ef, factor_unit="kg/head/year",
                         factor_source=src, detail=det))
        shares = {s: ms[s][i] for s in MS_SYSTEMS if ms[s][i] > 0}
        ms_note = ""
        if not ms_given[i]:
            d = lk.default_ms(animal, region)
            if d is not None:
                shares = {s: d[0][s] for s in MS_SYSTEMS if d[0].get(s, 0.0) > 0}
                ms_note = f"; {d[1]}"
        if not shares:
            continue
        if not np.isnan(nex_given[i]):
            nex, nsrc = nex_given[i], "row"
        else:
            nex, nsrc = lk.nex_per_head(animal, region, masses[i])  # type: ignore[misc]
        managed = {s: float(eq.manure_n_managed_t(heads[i], nex, f)) for s, f in shares.items()}
        mm = {s: n for s, n in managed.items() if s != "pasture"}
        ms_text = ", ".join(f"{s} {f:g}" for s, f in shares.items())
        if mm:
            direct = sum(float(eq.manure_n2o_direct_t(n, lk.ef3(s))) for s, n in mm.items())
            recs.append(dict(base, gpc_ref=ref, gas="N2O", emissions_t=direct, method="manure_n2o_direct",
                             factor_name="nex", factor_value=nex, factor_unit="kg/head/year", factor_source=nsrc,
                             detail=f"{where}; MS {ms_text}{ms_note}; EF3 by system (Table 10.21)"))
            vol, skipped = 0.0, []
            for s, n in mm.items():
                fg = fgas_given[i] if not np.isnan(fgas_given[i]) else (0.0 if s == "burned_for_fuel" else lk.frac_gas(animal, s))
                if fg is None:
                    skipped.append(s)
                    continue
                vol += float(eq.manure_n2o_volatilisation_t(n, fg, ef4))
            note = f"; no FracGasMS default for {', '.join(skipped)} (not counted)" if skipped else ""
            recs.append(dict(base, gpc_ref="V.3", gas="N2O", emissions_t=vol, method="manure_n2o_indirect_volatilisation",
                             factor_name="frac_gas_ms", factor_value=fgas_given[i], factor_unit="1",
                             factor_source="row" if not np.isnan(fgas_given[i]) else "IPCC 2006 Vol. 4 Ch. 10 Table 10.22; EF4 Table 11.3",
                             detail=f"{where}; N managed {sum(mm.values()):g} t{note}{ms_note}"))
            if fleach[i] > 0:
                leach = sum(float(eq.manure_n2o_leaching_t(n, fleach[i], ef5)) for n in mm.values())
                recs.append(dict(base, gpc_ref="V.3", gas="N2O", emissions_t=leach, method="manure_n2o_indirect_leaching",
                                 factor_name="frac_leach_ms", factor_value=fleach[i], factor_unit="1", factor_source="row",
                                 detail=f"{where}; EF5 {ef5:g}{ms_note}"))
            recs.extend(_manure_applied_records(
                base, lk, animal, mm, to_soils[i], bool(to_soils_blank[i]), floss_given[i], (ef1, frac_gasm, ef4, frac_leach, ef5),
                f"{where}{ms_note}"))
        if "pasture" in managed:
            n_prp = managed["pasture"]
            for _, fr in lk.grazing_rows(animal).iterrows():
                val = float(fr["value"]) * _conversion(fr["conversion"])
                recs.append(dict(base, gpc_ref="V.3", gas="N2O", emissions_t=n_prp * val, method=str(fr["method"]),
                                 factor_name=str(fr["activity"]), factor_value=float(fr["value"]), factor_unit=str(fr["unit"]),
                                 factor_source=str(fr["source"]),
                                 detail=f"N deposited on pasture, range and paddock {n_prp:g} t (x {fr['conversion']}){ms_note}"))
    return make_records(**{k: [r.get(k) for r in recs] for k in _keys(recs)}) if recs else empty_records()


def _manure_applied_records(base: dict[str, Any], lk: _Livestock, animal: str, managed: dict[str, float],
                            to_soils: float, to_soils_blank: bool, floss: float,
                            factors: tuple[float, float, float, float, float], where: str) -> list[dict[str, Any]]:
    """N2O from managed manure N applied to soils, F_AM (IPCC 2006 Vol. 4 Eq. 10.34 → Eq. 11.4 → Eq. 11.1,
    11.9, 11.10), reported in V.3: direct, volatilisation and leaching records of one livestock row."""
    ef1, frac_gasm, ef4, frac_leach, ef5 = factors
    if to_soils <= 0:
        return []
    avail, parts, skipped = 0.0, [], []
    for s, n in managed.items():
        if s in _NOT_APPLIED or n <= 0:
            continue
        loss = floss if not np.isnan(floss) else lk.frac_loss(animal, s)
        if loss is None:
            skipped.append(s)
            continue
        avail += float(eq.manure_n_available_t(n, loss))
        parts.append(f"{s} {n:g} t x (1 - {loss:g})")
    if not parts:
        return []
    fam = float(eq.manure_applied_n_t(avail, to_soils))
    share = (f"manure_to_soils {to_soils:g}" if not to_soils_blank
             else "manure_to_soils blank: all available managed manure N applied (Tier 1)")
    note = f"; no FracLossMS default for {', '.join(skipped)} (not counted)" if skipped else ""
    src_loss = "row" if not np.isnan(floss) else "Table 10.23"
    head = (f"F_AM = N_MMS_Avb {avail:.6g} t N ({'; '.join(parts)}, FracLossMS {src_loss}) x {share} = {fam:.6g} t N"
            f"{note}; {where}")
    b = dict(base, gpc_ref="V.3", gas="N2O", factor_unit="1", activity=f"{base['activity']}_manure_applied")
    return [
        dict(b, emissions_t=float(eq.soil_n2o_direct_t(fam, ef1)), method="manure_applied_n2o_direct", factor_name="ef1",
             factor_value=ef1, factor_source="IPCC 2006 Vol. 4 Ch. 10 Eq. 10.34, Table 10.23; Ch. 11 Eq. 11.1, Table 11.1",
             detail=f"{head}; direct: F_AM x EF1 {ef1:g} x 44/28"),
        dict(b, emissions_t=float(eq.soil_n2o_volatilisation_t(fam, frac_gasm, ef4)),
             method="manure_applied_n2o_indirect_volatilisation", factor_name="frac_gasm", factor_value=frac_gasm,
             factor_source="IPCC 2006 Vol. 4 Ch. 11 Eq. 11.9, Table 11.3",
             detail=f"{head}; volatilisation: F_AM x FracGASM {frac_gasm:g} x EF4 {ef4:g} x 44/28"),
        dict(b, emissions_t=float(eq.soil_n2o_leaching_t(fam, frac_leach, ef5)),
             method="manure_applied_n2o_indirect_leaching", factor_name="frac_leach", factor_value=frac_leach,
             factor_source="IPCC 2006 Vol. 4 Ch. 11 Eq. 11.10, Table 11.3",
             detail=f"{head}; leaching: F_AM x FracLEACH {frac_leach:g} x EF5 {ef5:g} x 44/28"),
    ]


def _ms_given(df: pd.DataFrame) -> np.ndarray:
    """Rows that give at least one ``ms_`` share (even 0): those use their own shares, never the defaults."""
    given = np.zeros(len(df), dtype=bool)
    for s in MS_SYSTEMS:
        given |= ~np.isnan(_num(df, f"ms_{s}"))
    return given


def _keys(recs: list[dict[str, Any]]) -> list[str]:
    keys: list[str] = []
    for r in recs:
        for k in r:
            if k not in keys:
                keys.append(k)
    return keys


# ------------------------------------------------------------------ rice
def _rice_table(ctx: Context) -> pd.DataFrame:
    return ctx.factors.table("afolu_rice")


def _rice_param(t: pd.DataFrame, parameter: str, option: str) -> float:
    hit = t[(t["parameter"] == parameter) & (t["option"].fillna("") == option)]
    return float(hit["value"].iloc[0])


#: pre-season water regime used when the row leaves it blank: the aggregated case of Table 5.13
RICE_PRESEASON_DEFAULT = "unknown"


def _rice_problems(df: pd.DataFrame, ctx: Context) -> list[Problem]:
    out = _prefix_problems(df, "rice", ("V.3",)) + _unit_problems(df, "rice", "ha", "ha")
    for r, d in zip(_col(df, "row"), _num(df, "days")):
        if not np.isnan(d) and not 0 < d <= 366:
            out.append(Problem("rice", int(r), "days", d, "the cultivation period must be between 1 and 366 days"))
    blank = [int(r) for r, p in zip(_col(df, "row"), _text(df, "preseason")) if not p]
    if blank:
        # SFp decides the whole row: 1.22 (unknown) against 0.68-1.90 for a known regime
        sfp = _rice_param(_rice_table(ctx), "sfp", RICE_PRESEASON_DEFAULT)
        out.append(Problem("rice", blank[0], "preseason", None,
                           label("warn.rice_preseason_default", "en", n=str(len(blank)), sfp=f"{sfp:g}"),
                           severity="warning"))
    return out


def _rice_records(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    t = _rice_table(ctx)
    area = _amount(df, "area", "ha", "ha")
    days = _num(df, "days")
    water = _text(df, "water_regime", "continuously_flooded")
    given_pre = _text(df, "preseason")
    pre = [p or RICE_PRESEASON_DEFAULT for p in given_pre]
    efc = _num(df, "efc", _rice_param(t, "efc", ""))
    sfw = np.array([_rice_param(t, "sfw", w) for w in water])
    sfp = np.array([_rice_param(t, "sfp", p) for p in pre])
    roa = np.column_stack([_num(df, a, 0.0) for a in AMENDMENTS])
    cfoa = np.array([_rice_param(t, "cfoa", a) for a in AMENDMENTS])
    sfo = eq.rice_organic_scaling(roa, cfoa)
    ef = eq.rice_daily_ef(efc, sfw, sfp, sfo)
    ch4 = eq.rice_ch4_t(ef, days, area)
    detail = [f"EFc {c:g} x SFw {w:g} ({wn}) x SFp {p:g} "
              f"({pn if g else 'preseason blank: unknown, aggregated case of Table 5.13'}) x SFo {o:.6g}; {d:g} days"
              for c, w, wn, p, pn, g, o, d in zip(efc, sfw, water, sfp, pre, given_pre, sfo, days)]
    return make_records(sheet="rice", row=_col(df, "row").astype(int).to_numpy(), gpc_ref=_col(df, "gpc_ref"), gas="CH4",
                        emissions_t=ch4, method="rice_t1", activity="rice_cultivation", amount=_num(df, "area"),
                        unit=_text(df, "unit", "ha"), factor_name="ef_rice", factor_value=ef, factor_unit="kg/ha/day",
                        factor_source="IPCC 2006 Vol. 4 Ch. 5 Eq. 5.1-5.3, Tables 5.11-5.14", detail=detail)


# ------------------------------------------------------------------ land
class _Land:
    def __init__(self, ctx: Context):
        self.t = ctx.factors.table("afolu_land")

    def _p(self, parameter: str, **keys: str) -> pd.DataFrame:
        t = self.t[self.t["parameter"] == parameter]
        for k, v in keys.items():
            t = t[t[k].fillna("") == v]
        return t

    def cf(self) -> float:
        return float(self._p("carbon_fraction")["value"].iloc[0])

    def forest(self, parameter: str, zone: str, continent: str, age: str) -> float | None:
        t = self._p(parameter, zone=zone)
        if continent:
            t = t[t["region"].fillna("") == continent]
        if len(t) > 1:
            t2 = t[t["age_class"].fillna("").isin([age, ""])]
            t = t2 if len(t2) else t
        return float(t["value"].iloc[0]) if len(t) == 1 or (len(t) and t["value"].nunique() == 1) else None

    def root_shoot(self, zone: str, forest_type: str, agb: float) -> float | None:
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
        return float(t["value"].iloc[0]) if len(t) == 1 else None

    def stock(self, category: str, zone: str) -> float | None:
        """Default biomass carbon (t C/ha) of a non-forest category."""
        if category == "cropland":
            return float(self._p("biomass_carbon", land_category="cropland")["value"].iloc[0])
        if category == "grassland":
            t = self._p("biomass_dm", land_category="grassland", zone=zone)
            return float(t["value"].iloc[0]) * self.cf() if len(t) else None
        t = self._p("biomass_carbon", land_category=category)
        return float(t["value"].iloc[0]) if len(t) else None


def _land_parameters(df: pd.DataFrame, ctx: Context) -> tuple[dict[str, np.ndarray], list[list[str]], list[Problem]]:
    """Resolve every land_use parameter row by row: values, notes on defaults, and problems."""
    land = _Land(ctx)
    n = len(df)
    keys = ("growth", "agb", "root_shoot", "carbon_fraction", "carbon_before", "carbon_after")
    p = {k: _num(df, k) for k in keys}
    notes: list[list[str]] = [[] for _ in range(n)]
    probs: list[Problem] = []
    rows = _col(df, "row").astype(int).to_numpy() if n else np.zeros(0, int)
    removals = _num(df, "wood_removals", 0.0) + _num(df, "fuelwood_removals", 0.0)
    dist = _num(df, "disturbance_area", 0.0)
    for i, (lf, lt, zone, cont, age, ftype) in enumerate(zip(
            _text(df, "land_from"), _text(df, "land_to"), _text(df, "zone"), _text(df, "continent"),
            _text(df, "age_class"), _text(df, "forest_type"))):
        r = int(rows[i])
        if np.isnan(p["carbon_fraction"][i]):
            p["carbon_fraction"][i] = land.cf()
        forest_involved = "forest_land" in (lf, lt)
        needs_growth = lt == "forest_land"
        needs_agb = ((lf == "forest_land" and lt != "forest_land" and np.isnan(p["carbon_before"][i]))
                     or (lf == lt == "forest_land" and dist[i] > 0))
        if needs_growth and np.isnan(p["growth"][i]):
            a = age or ("gt20" if lf == "forest_land" else "le20")
            g = land.forest("forest_growth", zone, cont, a) if zone else None
            if g is None:
                probs.append(Problem("land_use", r, "growth", None,
                                     "no default forest growth for this zone/continent/age (Table 4.9): give growth "
                                     "(t dry matter/ha/year) or zone, continent and age_class"))
            else:
                p["growth"][i] = g
                notes[i].append(f"growth {g:g} t dm/ha/yr (Table 4.9, {zone}, {cont or 'any'}, {a})")
        if needs_agb and np.isnan(p["agb"][i]):
            b = land.forest("forest_agb", zone, cont, age or "gt20") if zone else None
            if b is None:
                probs.append(Problem("land_use", r, "agb", None,
                                     "no default forest above-ground biomass for this zone/continent (Table 4.7): give agb "
                                     "(t dry matter/ha) or carbon_before"))
            else:
                p["agb"][i] = b
                notes[i].append(f"agb {b:g} t dm/ha (Table 4.7)")
        if forest_involved and np.isnan(p["root_shoot"][i]) and (needs_growth or needs_agb or removals[i] > 0):
            ref_agb = p["agb"][i] if not np.isnan(p["agb"][i]) else (
                land.forest("forest_agb", zone, cont, age or "gt20") if zone else None)
            rs = land.root_shoot(zone, ftype, np.nan if ref_agb is None else ref_agb) if zone else None
            if rs is None:
                probs.append(Problem("land_use", r, "root_shoot", None,
                                     "no default root-to-shoot ratio (Table 4.4) for this zone, forest_type and biomass: "
                                     "give root_shoot"))
            else:
                p["root_shoot"][i] = rs
                notes[i].append(f"R {rs:g} (Table 4.4)")
        if lf != lt:
            for col, cat in (("carbon_before", lf), ("carbon_after", lt)):
                if not np.isnan(p[col][i]):
                    continue
                if cat == "forest_land":
                    if col == "carbon_after":
                        p[col][i] = 0.0
                        notes[i].append("carbon_after 0 (Tier 1: new forest starts from no biomass; growth counted)")
                    elif not np.isnan(p["agb"][i]) and not np.isnan(p["root_shoot"][i]):
                        p[col][i] = p["agb"][i] * (1 + p["root_shoot"][i]) * p["carbon_fraction"][i]
                        notes[i].append(f"carbon_before {p[col][i]:.6g} t C/ha = agb x (1 + R) x CF")
                    continue
                s = land.stock(cat, zone)
                if s is None:
                    probs.append(Problem("land_use", r, col, None,
                                         f"no default biomass carbon for {cat} (grassland needs zone as an IPCC climate zone, "
                                         f"e.g. warm_temperate_wet): give {col} (t C/ha)"))
                else:
                    p[col][i] = s
                    notes[i].append(f"{col} {s:.6g} t C/ha ({cat} default)")
        if removals[i] > 0 and np.isnan(_num(df, "bcef_r")[i]):
            probs.append(Problem("land_use", r, "bcef_r", None, "wood or fuelwood removals need bcef_r (Table 4.5, t/m3)"))
    return p, notes, probs


def _land_problems(df: pd.DataFrame, ctx: Context) -> list[Problem]:
    out = _prefix_problems(df, "land_use", ("V.2",)) + _unit_problems(df, "land_use", "ha", "ha")
    soc_b, soc_a = _num(df, "soc_before"), _num(df, "soc_after")
    for r, b, a in zip(_col(df, "row"), soc_b, soc_a):
        if np.isnan(b) != np.isnan(a):
            out.append(Problem("land_use", int(r), "soc_after" if np.isnan(a) else "soc_before", None,
                               "give both soc_before and soc_after (t C/ha) for a soil carbon change"))
    return out + _land_parameters(df, ctx)[2]


def _land_records(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    p, notes, _ = _land_parameters(df, ctx)
    area = _amount(df, "area", "ha", "ha")
    lf, lt = np.array(_text(df, "land_from")), np.array(_text(df, "land_to"))
    cf, rs = p["carbon_fraction"], np.nan_to_num(p["root_shoot"])
    gain = eq.biomass_growth_c(area, np.nan_to_num(p["growth"]), rs, cf)
    bcef = _num(df, "bcef_r", 0.0)
    loss = (eq.wood_removal_loss_c(_num(df, "wood_removals", 0.0), bcef, rs, cf)
            + eq.wood_removal_loss_c(_num(df, "fuelwood_removals", 0.0), bcef, rs, cf)
            + eq.disturbance_loss_c(convert(_num(df, "disturbance_area", 0.0), "ha", "ha"), np.nan_to_num(p["agb"]), rs, cf,
                                    _num(df, "disturbance_fraction", 1.0)))
    conv = np.where(lf != lt, eq.conversion_change_c(area, np.nan_to_num(p["carbon_after"]), np.nan_to_num(p["carbon_before"])), 0.0)
    soc_b, soc_a = _num(df, "soc_before"), _num(df, "soc_after")
    has_soc = ~np.isnan(soc_b) & ~np.isnan(soc_a)
    soil = np.where(has_soc, eq.soil_carbon_change_c(area, np.nan_to_num(soc_a), np.nan_to_num(soc_b),
                                                     _num(df, "transition_years", 20.0)), 0.0)
    delta = gain - loss + conv + soil
    co2 = eq.carbon_change_to_co2(delta)
    detail = [f"{a} -> {b}; gain {g:.6g} t C, loss {l_:.6g} t C, conversion {c:.6g} t C, soil {s:.6g} t C"
              + (f"; defaults: {'; '.join(n)}" if n else "")
              for a, b, g, l_, c, s, n in zip(lf, lt, gain, loss, conv, soil, notes)]
    return make_records(sheet="land_use", row=_col(df, "row").astype(int).to_numpy(), gpc_ref=_col(df, "gpc_ref"), gas="CO2",
                        emissions_t=co2, method="land_stock_change_t1", activity=[f"{a}_to_{b}" for a, b in zip(lf, lt)],
                        amount=_num(df, "area"), unit=_text(df, "unit", "ha"), factor_name="delta_c",
                        factor_value=delta, factor_unit="t", factor_source="IPCC 2006 Vol. 4 Ch. 2 Eq. 2.7-2.16, 2.25; Ch. 4-6 Tier 1 defaults",
                        detail=detail)


# ------------------------------------------------------------------ entry points
_PROBLEMS = {"livestock": _livestock_problems, "rice": _rice_problems, "land_use": _land_problems}
_RECORDS = {"livestock": _livestock_records, "rice": _rice_records, "land_use": _land_records}


def validate(tables: dict[str, pd.DataFrame], ctx: Context) -> list[Problem]:
    """Every problem in the AFOLU sheets (errors and warnings), checked before anything is computed."""
    return validate_sheets(tables, ctx, _PROBLEMS)


def compute(tables: dict[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    """Emission records of the AFOLU sheets (one row per input row and gas, or per sub-source)."""
    return compute_sheets(tables, ctx, _RECORDS)
