"""V.1 Livestock: enteric fermentation (IPCC 2006 Vol. 4 Ch. 10 Eq. 10.19–10.20), manure CH4 (Eq. 10.22)
and N2O (Eq. 10.25–10.29), and N2O from managed manure applied to soils, F_AM (Eq. 10.34 → 11.4 → 11.1,
11.9, 11.10; V.3) — :mod:`gpc.methods.afolu`, factors from :class:`gpc.factors.afolu.LivestockFactors`."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.afolu import NO_RANGE, LivestockFactors, Range
from gpc.factors.resolve import resolver
from gpc.gwp import gwp
from gpc.i18n import label
from gpc.methods import afolu as eq
from gpc.records import empty_records, make_records
from gpc.sectors.afolu.common import (
    _NOT_APPLIED,
    LARGE_SHARE,
    MS_SYSTEMS,
    _amount,
    _blank,
    _col,
    _conversion,
    _num,
    _prefix_problems,
    _range_columns,
    _sum_range,
    _text,
    _unit_problems,
)


def _livestock_problems(df: pd.DataFrame, ctx: Context) -> list[Problem]:
    sheet = "livestock"
    out = _prefix_problems(df, sheet, ("V.1",)) + _unit_problems(df, sheet, "head", "head")
    lk = resolver(ctx).livestock()
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
    """Per row: enteric and manure CH4, manure N2O (direct, indirect, applied to soils) and N on pasture;
    each factor the row's, else the set's (:class:`gpc.factors.afolu.LivestockFactors`)."""
    lk = resolver(ctx).livestock()
    heads = _amount(df, "amount", "head", "head")
    c = {name: _num(df, name) for name in ("temperature", "typical_mass", "ef_enteric", "ef_manure_ch4", "nex",
                                           "frac_gas_ms", "frac_loss_ms")}
    c["frac_leach_ms"] = _num(df, "frac_leach_ms", 0.0)
    c["manure_to_soils"] = _num(df, "manure_to_soils", 1.0)
    to_soils_blank = np.isnan(_num(df, "manure_to_soils"))
    ms = {s: _num(df, f"ms_{s}", 0.0) for s in MS_SYSTEMS}
    ms_given = _ms_given(df)
    recs: list[dict[str, Any]] = []
    for i, (row, ref, animal, reg, dev, unit, amount) in enumerate(zip(
            _col(df, "row"), _col(df, "gpc_ref"), _text(df, "animal"), _text(df, "region"), _text(df, "development"),
            _text(df, "unit", "head"), _num(df, "amount"))):
        region = lk.region(reg)
        devel = lk.development(dev, region)
        base = {"sheet": "livestock", "row": int(row), "activity": animal, "amount": amount, "unit": unit}
        where = f"region {region}, {devel}"
        recs += _ch4_records(base, ref, lk, animal, region, devel, heads[i], c, i, where)
        shares = {s: ms[s][i] for s in MS_SYSTEMS if ms[s][i] > 0}
        ms_note = ""
        if not ms_given[i]:
            d = lk.default_ms(animal, region)
            if d is not None:
                shares = {s: d[0][s] for s in MS_SYSTEMS if d[0].get(s, 0.0) > 0}
                ms_note = f"; {d[1]}"
        if not shares:
            continue
        if not np.isnan(c["nex"][i]):
            nex, nsrc = c["nex"][i], "row"
        else:
            nex, nsrc = _found(lk.nex_per_head(animal, region, c["typical_mass"][i]), "N excretion", animal)
        managed = {s: float(eq.manure_n_managed_t(heads[i], nex, f)) for s, f in shares.items()}
        mm = {s: n for s, n in managed.items() if s != "pasture"}
        if mm:
            ms_text = ", ".join(f"{s} {f:g}" for s, f in shares.items())
            recs += _managed_n2o_records(base, ref, lk, animal, mm, c, i, bool(to_soils_blank[i]), where,
                                         f"; MS {ms_text}{ms_note}", ms_note, nex, nsrc)
        if "pasture" in managed:
            recs += _pasture_records(base, lk, animal, managed["pasture"], ms_note)
    return make_records(**{k: [r.get(k) for r in recs] for k in _keys(recs)}) if recs else empty_records()


def _ch4_records(base: dict[str, Any], ref: Any, lk: LivestockFactors, animal: str, region: str | None,
                 devel: str | None, heads: float, c: dict[str, np.ndarray], i: int, where: str) -> list[dict[str, Any]]:
    """Enteric fermentation (Eq. 10.19–10.20) and manure management CH4 (Eq. 10.22) of one row."""
    rng: Range = NO_RANGE
    if not np.isnan(c["ef_enteric"][i]):
        ef, src = c["ef_enteric"][i], "row"
    else:
        ef, src = _found(lk.enteric(animal, region, devel), "enteric CH4 factor", animal)
        rng = lk.enteric_range(animal, region, devel)
    out = [dict(base, gpc_ref=ref, gas="CH4", emissions_t=float(eq.head_emissions_t(heads, ef)),
                method="enteric_t1", factor_name="ef_enteric", factor_value=ef, factor_unit="kg/head/year",
                factor_source=src, detail=where, **_range_columns([("EF enteric", rng)]))]
    rng = NO_RANGE
    if not np.isnan(c["ef_manure_ch4"][i]):
        ef, src, det = c["ef_manure_ch4"][i], "row", where
    else:
        temp = c["temperature"][i]
        ef, src = _found(lk.manure_ch4(animal, region, devel, temp), "manure CH4 factor", animal)
        det = f"{where}, annual average temperature {temp:g} degC"
        rng = lk.manure_ch4_range(animal, region, devel, temp)
    out.append(dict(base, gpc_ref=ref, gas="CH4", emissions_t=float(eq.head_emissions_t(heads, ef)),
                    method="manure_ch4_t1", factor_name="ef_manure_ch4", factor_value=ef, factor_unit="kg/head/year",
                    factor_source=src, detail=det,
                    **_range_columns([("EF manure CH4", rng)])))
    return out


def _managed_n2o_records(base: dict[str, Any], ref: Any, lk: LivestockFactors, animal: str, mm: dict[str, float],
                         c: dict[str, np.ndarray], i: int, to_soils_blank: bool, where: str, ms_detail: str,
                         ms_note: str, nex: float, nsrc: str) -> list[dict[str, Any]]:
    """N2O of managed manure N: direct (Eq. 10.25), volatilisation and leaching (Eq. 10.26–10.29), and the
    managed manure applied to soils (F_AM)."""
    ef4, ef5 = lk.param("ef4"), lk.param("ef5")
    ef1, frac_gasm, frac_leach = lk.param("ef1"), lk.param("frac_gasm"), lk.param("frac_leach")
    fgas, fleach = c["frac_gas_ms"][i], c["frac_leach_ms"][i]
    direct = sum(float(eq.manure_n2o_direct_t(n, lk.ef3(s))) for s, n in mm.items())
    ef3_rng = _sum_range([(n * lk.ef3(s), lk.ef3_range(s)) for s, n in mm.items()])
    recs = [dict(base, gpc_ref=ref, gas="N2O", emissions_t=direct, method="manure_n2o_direct",
                 factor_name="nex", factor_value=nex, factor_unit="kg/head/year", factor_source=nsrc,
                 detail=f"{where}{ms_detail}; EF3 by system (Table 10.21)",
                 **_range_columns([("EF3 by system", ef3_rng)]))]
    vol, skipped, fg_terms = 0.0, [], []
    for s, n in mm.items():
        fg = fgas if not np.isnan(fgas) else (0.0 if s == "burned_for_fuel" else lk.frac_gas(animal, s))
        if fg is None:
            skipped.append(s)
            continue
        vol += float(eq.manure_n2o_volatilisation_t(n, fg, ef4))
        fg_terms.append((n * fg, lk.frac_gas_range(animal, s) if np.isnan(fgas) else NO_RANGE))
    vol_parts = ([] if not np.isnan(fgas) else [("FracGasMS by system", _sum_range(fg_terms))]) + [
        ("EF4", lk.param_range("ef4"))]
    note = f"; no FracGasMS default for {', '.join(skipped)} (not counted)" if skipped else ""
    recs.append(dict(base, gpc_ref="V.3", gas="N2O", emissions_t=vol, method="manure_n2o_indirect_volatilisation",
                     factor_name="frac_gas_ms", factor_value=fgas, factor_unit="1",
                     factor_source="row" if not np.isnan(fgas) else "IPCC 2006 Vol. 4 Ch. 10 Table 10.22; EF4 Table 11.3",
                     detail=f"{where}; N managed {sum(mm.values()):g} t{note}{ms_note}", **_range_columns(vol_parts)))
    if fleach > 0:
        leach = sum(float(eq.manure_n2o_leaching_t(n, fleach, ef5)) for n in mm.values())
        recs.append(dict(base, gpc_ref="V.3", gas="N2O", emissions_t=leach, method="manure_n2o_indirect_leaching",
                         factor_name="frac_leach_ms", factor_value=fleach, factor_unit="1", factor_source="row",
                         detail=f"{where}; EF5 {ef5:g}{ms_note}", **_range_columns([("EF5", lk.param_range("ef5"))])))
    recs.extend(_manure_applied_records(
        base, lk, animal, mm, c["manure_to_soils"][i], to_soils_blank, c["frac_loss_ms"][i],
        (ef1, frac_gasm, ef4, frac_leach, ef5), f"{where}{ms_note}"))
    return recs


def _pasture_records(base: dict[str, Any], lk: LivestockFactors, animal: str, n_prp: float,
                     ms_note: str) -> list[dict[str, Any]]:
    """N2O of N deposited on pasture, range and paddock (F_PRP, Eq. 11.1, 11.9, 11.10)."""
    recs = []
    for _, fr in lk.grazing_rows(animal).iterrows():
        val = float(fr["value"]) * _conversion(fr["conversion"])
        parts = _INDIRECT_PARTS.get(str(fr["method"]))
        rng = (_range_columns([(n, lk.param_range(p)) for n, p in parts]) if parts
               else _range_columns([("EF3PRP", lk.grazing_range(fr))]))
        recs.append(dict(base, gpc_ref="V.3", gas="N2O", emissions_t=n_prp * val, method=str(fr["method"]),
                         factor_name=str(fr["activity"]), factor_value=float(fr["value"]), factor_unit=str(fr["unit"]),
                         factor_source=str(fr["source"]),
                         detail=f"N deposited on pasture, range and paddock {n_prp:g} t (x {fr['conversion']}){ms_note}",
                         **rng))
    return recs


#: the defaults whose product is the factor of an indirect soil N2O record (IPCC 2006 Vol. 4 Eq. 11.9, 11.10)
_INDIRECT_PARTS = {"soil_n2o_indirect_volatilisation": (("FracGASM", "frac_gasm"), ("EF4", "ef4")),
                   "soil_n2o_indirect_leaching": (("FracLEACH", "frac_leach"), ("EF5", "ef5"))}


def _one_minus(frac: float, rng: Range) -> Range:
    """Range of ``1 − f`` from the printed range of ``f``: the upper limit of f gives the lower one of 1 − f,
    ``(f · upper %)/(1 − f)`` and ``(f · lower %)/(1 − f)``. E.g. FracLossMS 0.40 (0.10–0.65): 1 − f = 0.60
    (0.35–0.90), −41.67 % / +50 %."""
    if frac >= 1:
        return NO_RANGE
    return frac * rng[1] / (1 - frac), frac * rng[0] / (1 - frac), rng[2]


def _manure_applied_records(base: dict[str, Any], lk: LivestockFactors, animal: str, managed: dict[str, float],
                            to_soils: float, to_soils_blank: bool, floss: float,
                            factors: tuple[float, float, float, float, float], where: str) -> list[dict[str, Any]]:
    """N2O from managed manure N applied to soils, F_AM (IPCC 2006 Vol. 4 Eq. 10.34 → Eq. 11.4 → Eq. 11.1,
    11.9, 11.10), reported in V.3: direct, volatilisation and leaching records of one livestock row."""
    ef1, frac_gasm, ef4, frac_leach, ef5 = factors
    if to_soils <= 0:
        return []
    avail, parts, skipped, terms = 0.0, [], [], []
    for s, n in managed.items():
        if s in _NOT_APPLIED or n <= 0:
            continue
        loss = floss if not np.isnan(floss) else lk.frac_loss(animal, s)
        if loss is None:
            skipped.append(s)
            continue
        avail += float(eq.manure_n_available_t(n, loss))
        parts.append(f"{s} {n:g} t x (1 - {loss:g})")
        terms.append((n * (1 - loss), _one_minus(loss, lk.frac_loss_range(animal, s)) if np.isnan(floss) else NO_RANGE))
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
    avail_part = [] if not np.isnan(floss) else [("1 - FracLossMS by system", _sum_range(terms))]

    def rng(*names: tuple[str, str]) -> dict[str, Any]:
        return _range_columns(avail_part + [(n, lk.param_range(p)) for n, p in names])

    return [
        dict(b, emissions_t=float(eq.soil_n2o_direct_t(fam, ef1)), method="manure_applied_n2o_direct", factor_name="ef1",
             factor_value=ef1, factor_source="IPCC 2006 Vol. 4 Ch. 10 Eq. 10.34, Table 10.23; Ch. 11 Eq. 11.1, Table 11.1",
             detail=f"{head}; direct: F_AM x EF1 {ef1:g} x 44/28", **rng(("EF1", "ef1"))),
        dict(b, emissions_t=float(eq.soil_n2o_volatilisation_t(fam, frac_gasm, ef4)),
             method="manure_applied_n2o_indirect_volatilisation", factor_name="frac_gasm", factor_value=frac_gasm,
             factor_source="IPCC 2006 Vol. 4 Ch. 11 Eq. 11.9, Table 11.3",
             detail=f"{head}; volatilisation: F_AM x FracGASM {frac_gasm:g} x EF4 {ef4:g} x 44/28",
             **rng(("FracGASM", "frac_gasm"), ("EF4", "ef4"))),
        dict(b, emissions_t=float(eq.soil_n2o_leaching_t(fam, frac_leach, ef5)),
             method="manure_applied_n2o_indirect_leaching", factor_name="frac_leach", factor_value=frac_leach,
             factor_source="IPCC 2006 Vol. 4 Ch. 11 Eq. 11.10, Table 11.3",
             detail=f"{head}; leaching: F_AM x FracLEACH {frac_leach:g} x EF5 {ef5:g} x 44/28",
             **rng(("FracLEACH", "frac_leach"), ("EF5", "ef5"))),
    ]


def _found(hit: tuple[float, str] | None, what: str, animal: str) -> tuple[float, str]:
    """A factor ``(value, source)`` that validation (:func:`_livestock_problems`) made sure exists."""
    if hit is None:
        raise LookupError(f"no {what} for {animal!r} in the factor set, though the rows were validated")
    return hit


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
