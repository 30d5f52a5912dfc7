"""III.1 Solid waste disposal: first order decay (IPCC 2006 Vol. 5 Ch. 3 Eq. 3.1–3.6) or the methane
commitment (GPC v1.1 Ch. 8 Eq. 8.1–8.4), from the equations of :mod:`gpc.methods.solid_waste`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.errors import FactorNotFound, Problem
from gpc.factors.waste import lookup, lookup_range
from gpc.i18n import label as i18n_label
from gpc.methods import solid_waste as sw
from gpc.records import make_records
from gpc.sectors.waste.common import (
    SW_COMPONENTS,
    _check_choice,
    _composition,
    _flag,
    _fmt,
    _join,
    _mass_t,
    _Out,
    _override,
    _range_columns,
    _where,
    waste_factors,
)


@dataclass
class _Site:
    """Parameters of each input row (site level): MCF, F, the defaults reading, OX, recovery fraction;
    each with its source and whether the default was used."""

    site_type: pd.Series
    mcf: np.ndarray
    mcf_src: np.ndarray
    mcf_def: np.ndarray
    f: np.ndarray
    f_src: np.ndarray
    f_def: np.ndarray
    defaults: np.ndarray
    defaults_def: np.ndarray
    gpc_def: np.ndarray
    ox: np.ndarray
    ox_src: np.ndarray
    ox_def: np.ndarray
    frec: np.ndarray
    docf_gpc: float
    docf_gpc_src: str
    delay: float
    #: printed ranges (lower %, upper %, table) of the default MCF of each row (Table 3.5) and of F
    mcf_rng: tuple[np.ndarray, np.ndarray, np.ndarray] = field(default_factory=lambda: (np.array([]),) * 3)
    f_rng: tuple[float, float, str] = (np.nan, np.nan, "")


@dataclass
class _Pairs:
    """The long table: one entry per (input row ``i``, component ``j`` with wet fraction > 0)."""

    i: np.ndarray
    j: np.ndarray
    comp_name: np.ndarray
    doc: np.ndarray
    doc_src: np.ndarray
    doc_def: np.ndarray
    docf: np.ndarray
    docf_src: np.ndarray
    docf_def: np.ndarray
    klass: np.ndarray
    k: np.ndarray
    k_src: np.ndarray
    k_def: np.ndarray
    #: printed ranges (lower %, upper %, table) of the default DOC and DOCf of each entry (Table 3.5)
    doc_rng: tuple[np.ndarray, np.ndarray, np.ndarray]
    docf_rng: tuple[np.ndarray, np.ndarray, np.ndarray]
    docf_rng_used: np.ndarray   # the factor set's DOCf was used (not the row's, not GPC's 0.6)


def _solid_waste(df: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    """III.1: check the rows, resolve the site and component parameters (the row's, else the set's),
    compute CH4 by first order decay or methane commitment, build the records."""
    T = int(ctx.settings.year)
    mass = _mass_t(df, out)
    method = df["method"].fillna("fod").astype(str).to_numpy()
    fod = method == "fod"
    year = df["year"].to_numpy(dtype=float)
    _check_rows(df, out, T, fod, year)
    sp = _site_parameters(df, ctx, out, fod)
    zone = _climate_zone(df, ctx, out, fod)
    comp = _composition(df, ctx, out, allow_bulk=True, components=SW_COMPONENTS)
    site = df["gpc_ref"].fillna("").astype(str) + " / " + df["site"].fillna("").astype(str)
    _check_site_recovery(df, site, fod, out)
    _check_fod_history(df, site, fod, year, out)
    # fod: OX is the site's cover in the inventory year (Eq. 3.1), the value of its latest row giving one
    site_ox = _site_latest(df, site, "oxidation", fod)
    sp.ox = np.where(fod & ~np.isnan(site_ox), site_ox, sp.ox)
    sp.ox_def = np.where(fod, np.isnan(site_ox) & sp.ox_def, sp.ox_def)
    sp.ox_src = _where(fod & ~np.isnan(site_ox), "row (the site's latest row giving one)", sp.ox_src)

    ok = out.ok(df)
    if not ok.any():
        return None
    W = np.column_stack([comp.fractions, comp.bulk.astype(float)])
    pr = _pairs(df, ctx, sp, W, ok, zone)
    i, j = pr.i, pr.j
    m_c = mass[i] * W[i, j]
    l0 = sw.methane_generation_potential(sp.mcf[i], pr.doc, pr.docf, sp.f[i])
    l0 = np.nan_to_num(l0)
    is_fod = fod[i]
    missing_k = is_fod & (l0 > 0) & np.isnan(pr.k)
    if missing_k.any():
        raise FactorNotFound(f"factor set {ctx.factors.id!r}: no decay rate for components "
                             f"{sorted(set(pr.comp_name[missing_k]))} in climate zone {zone!r}")
    ddocm = sw.ddocm_deposited(m_c, pr.doc, pr.docf, sp.mcf[i])
    gen_fod = sw.ch4_generated(sw.fod_decomposed(ddocm, np.nan_to_num(pr.k), year[i], T, sp.delay), sp.f[i])
    gen = np.where(is_fod, gen_fod, m_c * l0)  # methane commitment: all future CH4 (before recovery, OX)

    # ---- site level (IPCC Eq. 3.1): recovery shared pro rata to generation, OX of each row
    keys = site.to_numpy()[i]
    g_site = pd.Series(gen).groupby(keys).transform("sum").to_numpy()
    r_site = _site_recovery(df, site)[i]
    share = np.divide(gen, g_site, out=np.zeros_like(gen), where=g_site > 0)
    r_pair = np.where(is_fod, r_site * share, 0.0)
    emitted = np.where(is_fod, sw.ch4_emitted(gen, r_pair, sp.ox[i]),
                       sw.methane_commitment(m_c, l0, sp.frec[i], sp.ox[i]))
    over = is_fod & (r_site > g_site * (1 + 1e-9))
    if over.any():
        rows = site.isin(set(keys[over])).to_numpy() & df["methane_recovered"].notna().to_numpy()
        out.problem(df, rows, "methane_recovered",
                    f"more CH4 recovered than the site generates in {T} by first order decay: check the unit "
                    "(t CH4), the disposal history and the site's parameters")
    keep = l0 > 0
    recs = _records(df, T, method, sp, pr, W, comp.origin, zone, l0, gen, r_pair, emitted, keys, is_fod,
                    np.flatnonzero(keep))
    # rows with no degradable carbon at all still get one (zero) record
    has_any = np.zeros(len(df), dtype=bool)
    has_any[i[keep]] = True
    zero_rows = np.flatnonzero(ok & ~has_any)
    if len(zero_rows):
        recs = pd.concat([recs, _zero_records(df, T, method, zero_rows)], ignore_index=True)
    return recs


def _check_rows(df: pd.DataFrame, out: _Out, T: int, fod: np.ndarray, year: np.ndarray) -> None:
    """Year, recovery and k of each row, as its method (fod or methane_commitment) needs them."""
    out.problem(df, fod & np.isnan(year), "year",
                "first order decay needs the year of disposal: one row per year of disposal history")
    out.problem(df, fod & (year > T), "year", f"disposed of after the inventory year {T}: remove the row or fix the year")
    out.problem(df, ~fod & ~np.isnan(year) & (year != T), "year",
                f"methane_commitment counts the waste disposed of in the inventory year {T} only: use method fod "
                "for past years' disposal, or clear the year")
    out.problem(df, ~fod & df["methane_recovered"].notna(), "methane_recovered",
                "methane_recovered (t CH4 in the inventory year) belongs to method fod: for methane_commitment "
                "give recovery_fraction")
    out.problem(df, fod & df["recovery_fraction"].notna(), "recovery_fraction",
                "recovery_fraction belongs to method methane_commitment: for fod give methane_recovered "
                "(t CH4 recovered at the site in the inventory year)")
    out.problem(df, df["methane_recovered"].notna() & (df["methane_recovered"] < 0), "methane_recovered",
                "methane_recovered is negative: give the t CH4 recovered (≥ 0)")
    out.problem(df, df["k"].notna() & (df["k"] <= 0), "k", "k must be positive (1/yr), e.g. 0.09")


def _site_parameters(df: pd.DataFrame, ctx: Context, out: _Out, fod: np.ndarray) -> _Site:
    """MCF (Table 3.1), F, the defaults reading and OX of each row: the row's value, else the set's."""
    wf = waste_factors(ctx)
    mcf_t = wf.keyed("waste_mcf_swds", "site_type")
    site_type = df["site_type"].fillna("uncategorised").astype(str)
    mcf0, mcf0_src = lookup(mcf_t, site_type)
    out.problem(df, df["mcf"].isna().to_numpy() & np.isnan(mcf0), "site_type",
                f"factor set {ctx.factors.id!r} has no MCF for this site type ({', '.join(mcf_t.index)}); the "
                "2019 Refinement types need factors ipcc2019_waste, or give mcf on the row", value="site_type")
    mcf, mcf_src, mcf_def = _override(df["mcf"], mcf0, mcf0_src)
    f_val, f_src0 = wf.param("waste_swds_parameters", "methane_fraction")
    f, f_src, f_def = _override(df["methane_fraction"], np.full(len(df), f_val), np.full(len(df), f_src0))
    # Defaults of DOCf and OX: "gpc" (GPC v1.1 Ch. 8 Eq. 8.3-8.4: DOCf 0.6, OX 0.1 for well-managed sites)
    # is the default of methane_commitment, "ipcc2006" (the factor set's DOCf, OX 0 of Table 3.2) of fod.
    _check_choice(df, "defaults", {"gpc", "ipcc2006"}, out, "defaults")
    defaults = df["defaults"].fillna(pd.Series(np.where(fod, "ipcc2006", "gpc"), index=df.index)).astype(str).to_numpy()
    gpc_def = defaults == "gpc"
    ox_val, ox_set_src = wf.param("waste_swds_parameters", "oxidation")
    ox_gpc, ox_gpc_src = wf.param("waste_swds_parameters", "oxidation_gpc_managed")
    docf_gpc, docf_gpc_src = wf.param("waste_swds_parameters", "docf_gpc")
    st = site_type.to_numpy().astype(str)
    managed = np.char.startswith(st, "managed_") & ~np.char.endswith(st, "_poor")
    # no site_type but the row's MCF is that of a managed site (Table 3.1: 1.0 anaerobic, 0.5 semi-aerobic)
    managed_mcf = [float(mcf_t.at[s, "value"]) for s in ("managed_anaerobic", "managed_semi_aerobic")
                   if s in mcf_t.index]
    by_mcf = df["site_type"].isna().to_numpy() & np.isin(df["mcf"].to_numpy(dtype=float), managed_mcf)
    managed |= by_mcf
    ox0 = np.where(gpc_def & managed, ox_gpc, ox_val)
    ox0_src = _where(gpc_def, ox_gpc_src + " (" + _where(
        managed, _where(by_mcf, "managed site: the row's MCF is that of a managed site (Table 3.1)", "managed site"),
        "not a well-managed site: 0") + ")", ox_set_src)
    ox, ox_src, ox_def = _override(df["oxidation"], ox0, ox0_src)
    delay, _ = wf.param("waste_swds_parameters", "delay_months")
    return _Site(site_type, mcf, mcf_src, mcf_def, f, f_src, f_def, defaults, df["defaults"].isna().to_numpy(),
                 gpc_def, ox, ox_src, ox_def, df["recovery_fraction"].fillna(0.0).to_numpy(dtype=float),
                 docf_gpc, docf_gpc_src, delay, lookup_range(mcf_t, site_type),
                 wf.param_range("waste_swds_parameters", "methane_fraction"))


def _climate_zone(df: pd.DataFrame, ctx: Context, out: _Out, fod: np.ndarray) -> str:
    """The city's climate zone for the decay rates k (Table 3.3); a problem when fod rows need it."""
    rates = waste_factors(ctx).keyed("waste_decay_rate", ["climate_zone", "decay_class"])
    zone = (ctx.settings.climate_zone or "").strip().lower()
    zones = set(rates.index.get_level_values(0))
    needs_zone = fod & df["k"].isna().to_numpy()
    if needs_zone.any() and zone not in zones:
        out.problems.append(Problem(
            "city", None, "climate_zone", ctx.settings.climate_zone or None,
            f"first order decay (solid_waste, {int(needs_zone.sum())} rows) needs the city's climate_zone for the "
            f"decay rates k: add a row climate_zone to the city sheet with one of {', '.join(sorted(zones))} "
            "(IPCC 2006 Vol. 5 Table 3.3), or give k on each row"))
        out.bad.update(np.flatnonzero(needs_zone).tolist())
    return zone


def _pairs(df: pd.DataFrame, ctx: Context, sp: _Site, W: np.ndarray, ok: np.ndarray, zone: str) -> _Pairs:
    """DOC (Table 2.4), DOCf and decay rate k (Table 3.3) of each (row, component): the row's, else the set's."""
    wf = waste_factors(ctx)
    names = list(SW_COMPONENTS) + ["bulk"]
    i, j = np.nonzero((W > 0) & ok[:, None])
    comp_name = np.asarray(names, dtype=object)[j]
    comp_s = pd.Series(comp_name)
    doc, doc_src = lookup(wf.keyed("waste_doc", "component"), comp_s)
    bulk = comp_name == "bulk"
    doc = np.where(bulk, df["doc"].to_numpy(dtype=float)[i], doc)
    doc_src = _where(bulk, "row", doc_src)
    docf0, docf0_src = lookup(wf.keyed("waste_docf", "component"), comp_s)
    g_i = sp.gpc_def[i]   # GPC Eq. 8.4: DOCf 0.6 (components the set does not let decay, rubber_leather, stay 0)
    gpc_docf = g_i & (docf0 > 0)
    docf0 = np.where(gpc_docf, sp.docf_gpc, docf0)
    docf0_src = _where(gpc_docf, sp.docf_gpc_src, docf0_src)
    docf, docf_src, docf_def = _override(df["docf"].to_numpy(dtype=float)[i], docf0, docf0_src)
    klass, _ = lookup(wf.keyed("waste_decay_class", "component"), comp_s, col="decay_class")
    k_keys = pd.MultiIndex.from_arrays([np.full(len(i), zone), klass.astype(str)])
    rates = wf.keyed("waste_decay_rate", ["climate_zone", "decay_class"])
    k, k_src, k_def = _override(df["k"].to_numpy(dtype=float)[i], *lookup(rates, k_keys))
    return _Pairs(i, j, comp_name, doc, doc_src, ~bulk, docf, docf_src, docf_def, klass, k, k_src, k_def,
                  lookup_range(wf.keyed("waste_doc", "component"), comp_s),
                  lookup_range(wf.keyed("waste_docf", "component"), comp_s), docf_def & ~gpc_docf)


def _records(df: pd.DataFrame, T: int, method: np.ndarray, sp: _Site, pr: _Pairs, W: np.ndarray,
             origin: np.ndarray, zone: str, l0: np.ndarray, gen: np.ndarray, r_pair: np.ndarray,
             emitted: np.ndarray, keys: np.ndarray, is_fod: np.ndarray, sel: np.ndarray) -> pd.DataFrame:
    """One CH4 record per (row, component) in ``sel``, with every parameter and its source in the trail."""
    i, j = pr.i, pr.j
    ii = i[sel]
    d = df.iloc[ii]
    zone_txt = _where(pr.k_def[sel], zone + ", " + pd.Series(pr.klass[sel]).astype(str).to_numpy(), "row")
    common = [
        "deposit year " + d["year"].fillna(T).astype(int).astype(str).reset_index(drop=True),
        pd.Series(pr.comp_name[sel]) + " " + _fmt(W[ii, j[sel]]) + " of the row's waste ("
        + pd.Series(origin[ii]) + ")",
        "DOC " + _fmt(pr.doc[sel]) + _flag(pr.doc_def[sel]),
        "DOCf " + _fmt(pr.docf[sel]) + _flag(pr.docf_def[sel]),
        "MCF " + _fmt(sp.mcf[ii]) + " (" + sp.site_type.to_numpy()[ii] + ")" + _flag(sp.mcf_def[ii]),
        "F " + _fmt(sp.f[ii]) + _flag(sp.f_def[ii]),
        "defaults " + pd.Series(sp.defaults[ii]) + _where(sp.gpc_def[ii],
                                                          " (GPC v1.1 Eq. 8.3-8.4: DOCf 0.6, OX 0.1 managed)",
                                                          " (IPCC 2006 Vol. 5 Ch. 3)") + _flag(sp.defaults_def[ii]),
    ]
    fod_sel = is_fod[sel]
    detail_fod = _join(
        *common,
        "k " + _fmt(pr.k[sel]) + "/yr (" + zone_txt + ")" + _flag(pr.k_def[sel]),
        f"decay starts {sp.delay:g} months after deposit (default)",
        f"CH4 generated in {T}: " + _fmt(gen[sel]) + " t",
        "recovered share " + _fmt(r_pair[sel]) + " t of site " + pd.Series(keys[sel]).str.strip(" /"),
        "OX " + _fmt(sp.ox[ii]) + _flag(sp.ox_def[ii]),
    )
    detail_mc = _join(
        *common,
        "L0 " + _fmt(l0[sel]) + " t CH4/t",
        "f_rec " + _fmt(sp.frec[ii]),
        "OX " + _fmt(sp.ox[ii]) + _flag(sp.ox_def[ii]),
        "methane commitment: all future CH4 of this waste",
    )
    source = _join("DOC: " + pd.Series(pr.doc_src[sel]), "DOCf: " + pd.Series(pr.docf_src[sel]),
                   "MCF: " + pd.Series(sp.mcf_src[ii]), "F: " + pd.Series(sp.f_src[ii]),
                   "OX: " + pd.Series(sp.ox_src[ii])).to_numpy()
    source = _where(fod_sel, source + "; k: " + pr.k_src[sel], source)
    # L0 = MCF × DOC × DOCf × F × 16/12: the printed ranges of the defaults used (IPCC 2006 Vol. 5 Table 3.5),
    # combined by Vol. 1 Eq. 3.1; k shapes the FOD time profile, not this product, and is left out
    n_sel = len(sel)
    f_lo, f_up, f_rsrc = sp.f_rng
    ranges = _range_columns([
        ("DOC", pr.doc_rng[0][sel], pr.doc_rng[1][sel], pr.doc_rng[2][sel], pr.doc_def[sel]),
        ("DOCf", pr.docf_rng[0][sel], pr.docf_rng[1][sel], pr.docf_rng[2][sel], pr.docf_rng_used[sel]),
        ("MCF", sp.mcf_rng[0][ii], sp.mcf_rng[1][ii], sp.mcf_rng[2][ii], sp.mcf_def[ii]),
        ("F", np.full(n_sel, f_lo), np.full(n_sel, f_up), np.full(n_sel, f_rsrc, dtype=object), sp.f_def[ii]),
    ])
    return make_records(
        sheet=d["sheet"].to_numpy(), row=d["row"].to_numpy(), gpc_ref=d["gpc_ref"].to_numpy(), gas="CH4",
        emissions_t=emitted[sel], biogenic=False, method=method[ii], activity="solid_waste_disposal",
        amount=d["amount"].to_numpy() * W[ii, j[sel]], unit=d["unit"].to_numpy(),
        factor_name="L0", factor_value=l0[sel], factor_unit="t/t", factor_source=source,
        detail=np.where(fod_sel, detail_fod.to_numpy(), detail_mc.to_numpy()),
        deposit_year=d["year"].fillna(T).astype(int).to_numpy(), component=pr.comp_name[sel],
        site=d["site"].fillna("").to_numpy(), ch4_generated_t=gen[sel], **ranges,
    )


def _zero_records(df: pd.DataFrame, T: int, method: np.ndarray, zero_rows: np.ndarray) -> pd.DataFrame:
    z = df.iloc[zero_rows]
    return make_records(
        sheet=z["sheet"].to_numpy(), row=z["row"].to_numpy(), gpc_ref=z["gpc_ref"].to_numpy(), gas="CH4",
        emissions_t=np.zeros(len(z)), method=method[zero_rows], activity="solid_waste_disposal",
        amount=z["amount"].to_numpy(), unit=z["unit"].to_numpy(), factor_name="L0", factor_value=0.0,
        factor_unit="t/t", detail="no degradable organic carbon (DOC × DOCf × MCF = 0)",
        deposit_year=z["year"].fillna(T).astype(int).to_numpy(), component="", site=z["site"].fillna("").to_numpy(),
        ch4_generated_t=0.0)


def _check_site_recovery(df: pd.DataFrame, site: pd.Series, fod: np.ndarray, out: _Out) -> None:
    """methane_recovered is a site value: at most one distinct value per site."""
    r = df["methane_recovered"]
    given = r.notna().to_numpy() & fod
    if not given.any():
        return
    n_distinct = r[given].groupby(site[given]).nunique()
    conflicting = site.isin(n_distinct[n_distinct > 1].index).to_numpy() & given
    out.problem(df, conflicting, "methane_recovered",
                "different methane_recovered values for one site: it is the site's CH4 recovered in the inventory "
                "year, give it once (or the same value on each row), or name the sites apart in the site column")


def _site_latest(df: pd.DataFrame, site: pd.Series, col: str, mask: np.ndarray) -> np.ndarray:
    """For each row, ``col`` of the latest-year row of its site that gives one (NaN where none)."""
    given = mask & df[col].notna().to_numpy()
    if not given.any():
        return np.full(len(df), np.nan)
    g = pd.DataFrame({"site": site[given], "year": df["year"][given], "v": df[col][given]})
    latest = g.sort_values("year", kind="stable").groupby("site")["v"].last()
    return site.map(latest).to_numpy(dtype=float)


def _site_recovery(df: pd.DataFrame, site: pd.Series) -> np.ndarray:
    """Each row's site recovery R (t CH4), 0 where the site gives none."""
    r = df["methane_recovered"]
    per_site = r.groupby(site).max()
    return site.map(per_site).fillna(0.0).to_numpy(dtype=float)


def _check_fod_history(df: pd.DataFrame, site: pd.Series, fod: np.ndarray, year: np.ndarray, out: _Out) -> None:
    """A site's FOD history has a row for every year between its first and last disposal (a warning)."""
    m = fod & ~np.isnan(year)
    if not m.any():
        return
    pos = np.flatnonzero(m)
    h = pd.DataFrame({"site": site.to_numpy()[pos].astype(str), "year": year[pos].astype(int), "pos": pos})
    for name, g in h.groupby("site", sort=False):
        years = set(g["year"].tolist())
        missing = sorted(set(range(min(years), max(years) + 1)) - years)
        if missing:
            first = int(g["pos"].iloc[0])
            shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
            out.problems.append(Problem(
                str(df["sheet"].iloc[first]), int(df["row"].iloc[first]), "year", None,
                i18n_label("warn.fod_history_gap", "en", site=str(name).strip(" /"), years=shown), "warning"))
