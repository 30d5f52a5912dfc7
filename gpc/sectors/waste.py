"""Waste (GPC III): solid waste disposal, biological treatment, incineration and open burning,
wastewater (GPC v1.1 Ch. 8; IPCC 2006 Guidelines Vol. 5).

Sheets: ``solid_waste`` (III.1), ``biological_treatment`` (III.2), ``incineration`` (III.3; with
``energy_recovery`` yes Stationary Energy I.4.4, GPC v1.1 Ch. 8 §8.5), ``wastewater`` and
``industrial_wastewater`` (III.4). The printed defaults are the defaults: the GPC's DOCf 0.6 and OX 0.1
(well-managed sites) for the methane commitment (GPC Eq. 8.3-8.4), the IPCC 2006 ones for first order
decay, F_IND-COM on the whole population (IPCC 2006 Eq. 6.8); earlier readings are the named options
``defaults`` = ``ipcc2006`` and ``f_ind_com_on`` = ``collected``. Each is checked and computed column-wise: units
are converted once per distinct string, factors are found by mapping keys onto the factor set's
``waste_*`` tables, and the equations of :mod:`gpc.methods.solid_waste`, ``.biological``,
``.incineration`` and ``.wastewater`` run on whole arrays. Rows with a problem are left out of the
records; every problem names its sheet, row, column and what to do. See docs/methods/waste.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.errors import FactorNotFound, Problem
from gpc.i18n import label as i18n_label
from gpc.methods import biological as bio
from gpc.methods import incineration as inc
from gpc.methods import solid_waste as sw
from gpc.methods import wastewater as ww
from gpc.records import empty_records, make_records
from gpc.sheets import closest, sheet_spec
from gpc.units import convert, unit_problem

__all__ = ["COMPONENTS", "SHEETS", "SW_COMPONENTS", "WASTE_TYPES", "compute", "run", "validate"]

SHEETS = ("solid_waste", "biological_treatment", "incineration", "wastewater", "industrial_wastewater")

#: MSW components of IPCC 2006 Vol. 5 Table 2.4, the composition columns of the waste sheets.
COMPONENTS = ("food", "garden", "paper", "wood", "textiles", "nappies", "rubber_leather", "plastics", "metal",
              "glass", "other_inert")
#: Composition columns of the solid_waste sheet: Table 2.4 and the industrial-waste term F of the GPC
#: DOC equation (GPC v1.1 Ch. 8 Eq. 8.1: DOC = 0.15A + 0.2B + 0.4C + 0.43D + 0.24E + 0.15F).
SW_COMPONENTS = COMPONENTS + ("industrial",)
#: What the incineration sheet burns: MSW by composition, or a waste of IPCC 2006 Vol. 5 Table 5.2.
WASTE_TYPES = ("msw", "industrial", "clinical", "sewage_sludge", "fossil_liquid")
_COMP_COLUMN = "food … other_inert"  # how problems name the composition columns together
_COMPOSITION_TOLERANCE = 0.01
_SUBSECTOR = {"solid_waste": "III.1", "biological_treatment": "III.2", "incineration": "III.3",
              "wastewater": "III.4", "industrial_wastewater": "III.4"}


# ------------------------------------------------------------------------------------------ plumbing
@dataclass
class _Out:
    """Problems found so far, and which rows (positions) of the sheet being read have an error."""

    problems: list[Problem] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)

    def problem(self, df: pd.DataFrame, mask: np.ndarray | pd.Series, column: str | None, message: str,
                severity: str = "error", value: str | None = None) -> None:
        """Record ``message`` for every row of ``df`` where ``mask``; errors mark the rows bad."""
        m = np.asarray(mask, dtype=bool)
        if not m.any():
            return
        sub = df[m]
        col = value if value is not None else column
        values = sub[col] if col in sub.columns else pd.Series([None] * len(sub), index=sub.index)
        for s, r, v in zip(sub["sheet"], sub["row"], values):
            self.problems.append(Problem(str(s), int(r), column, _plain(v), message, severity))
        if severity == "error":
            self.bad.update(sub.index.tolist())

    def ok(self, df: pd.DataFrame) -> np.ndarray:
        """Rows of ``df`` without an error so far."""
        return ~df.index.isin(list(self.bad))


def _plain(v: object) -> object:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return v.item() if isinstance(v, np.generic) else v


def _prepare(df: pd.DataFrame, sheet: str) -> pd.DataFrame:
    """A copy with every spec column present, a 0..n-1 index and choice values in canonical form."""
    d = df.reset_index(drop=True).copy()
    spec = sheet_spec(sheet)
    if "sheet" not in d.columns:
        d["sheet"] = sheet
    if "row" not in d.columns:
        d["row"] = np.arange(2, len(d) + 2)
    for c in spec.columns:
        if c.name not in d.columns:
            d[c.name] = None
        if c.dtype in ("number", "fraction", "year"):
            d[c.name] = pd.to_numeric(d[c.name], errors="coerce").astype("float64")
        elif c.dtype == "choice":
            s = d[c.name].astype(object)
            text = s.where(s.isna(), s.astype(str).str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True))
            d[c.name] = text.where(text != "", None)
        elif c.dtype in ("text", "gpc_ref", "unit"):
            s = d[c.name].astype(object)
            s = s.where(s.isna(), s.astype(str).str.strip())
            d[c.name] = s.where(s != "", None)
    return d


def _bool(s: pd.Series, default: np.ndarray) -> np.ndarray:
    """yes/no column as bool, ``default`` where empty (the reader gives True/False/None)."""
    txt = s.astype(object).map(lambda v: v if isinstance(v, bool) or v is None else str(v).strip().lower())
    out = np.asarray(default, dtype=bool).copy()
    out[txt.isin([True, "yes", "y", "true", "1", "是"]).to_numpy()] = True
    out[txt.isin([False, "no", "n", "false", "0", "否"]).to_numpy()] = False
    return out


def _src(t: pd.DataFrame) -> pd.Series:
    """``source [factor set]`` of each row of a factor table."""
    fs = t["factor_set"] if "factor_set" in t.columns else pd.Series("", index=t.index)
    return t["source"].fillna("").astype(str) + " [" + fs.fillna("").astype(str) + "]"


def _keyed(ctx: Context, table: str, key: str | list[str]) -> pd.DataFrame:
    """A factor table indexed by its key column(s), with a ``src`` column."""
    t = ctx.factors.table(table).copy()
    t["src"] = _src(t)
    keys = [key] if isinstance(key, str) else key
    for k in keys:
        t[k] = t[k].fillna("").astype(str)
    return t.set_index(keys)


def _param(ctx: Context, table: str, name: str) -> tuple[float, str]:
    t = _keyed(ctx, table, "parameter")
    if name not in t.index:
        raise FactorNotFound(f"factor set {ctx.factors.id!r}: table {table!r} has no parameter {name!r}")
    return float(t.at[name, "value"]), str(t.at[name, "src"])


def _lookup(t: pd.DataFrame, keys: pd.Series | pd.MultiIndex, col: str = "value") -> tuple[np.ndarray, np.ndarray]:
    """Values of ``col`` for each key (NaN / '' where absent) and the ``src`` of each."""
    idx = keys if isinstance(keys, pd.MultiIndex) else pd.Index(keys.fillna("").astype(str))
    pos = t.index.get_indexer(idx)
    found = pos >= 0
    vals = np.where(found, t[col].to_numpy()[np.where(found, pos, 0)], np.nan if col == "value" else "")
    src = np.where(found, t["src"].to_numpy()[np.where(found, pos, 0)], "")
    return vals, src


def _override(user: pd.Series | np.ndarray, default: np.ndarray, src: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The row's own value where given, else the default: (value, source, default_used)."""
    user = np.asarray(user, dtype=float)
    given = ~np.isnan(user)
    return np.where(given, user, default), np.where(given, "row", src), ~given


def _fmt(values: np.ndarray | pd.Series) -> pd.Series:
    """Numbers as text (6 significant digits, "" for NaN), each distinct value formatted once."""
    x = np.ascontiguousarray(np.asarray(values, dtype=float))
    codes, first = np.unique(x.view(np.int64), return_inverse=True, return_index=True)[1:]
    texts = np.array(["" if np.isnan(v) else f"{v:.6g}" for v in x[codes]], dtype=object)
    return pd.Series(texts[first.reshape(-1)] if len(x) else np.array([], dtype=object), dtype=object)


def _where(cond: np.ndarray | pd.Series, a: object, b: object) -> np.ndarray:
    """``np.where`` for text: an object array, so that ``+`` concatenates on any numpy version."""
    a = a.to_numpy() if isinstance(a, pd.Series) else a
    b = b.to_numpy() if isinstance(b, pd.Series) else b
    return np.where(np.asarray(cond, dtype=bool), np.asarray(a, dtype=object), np.asarray(b, dtype=object))


def _flag(default_used: np.ndarray) -> np.ndarray:
    return _where(default_used, " (default)", "")


def _join(*parts: pd.Series | np.ndarray | str) -> pd.Series:
    """Join string columns (and constant strings) with '; ', element-wise."""
    n = max(len(p) for p in parts if not isinstance(p, str))
    cols: list[list[str]] = []
    missing = np.zeros(n, dtype=bool)
    for p in parts:
        if isinstance(p, str):
            cols.append([p] * n)
            continue
        text = pd.Series(np.asarray(p, dtype=object)).astype(str)
        missing |= text.isna().to_numpy()
        cols.append(text.fillna("").tolist())
    joined = np.array(["; ".join(t) for t in zip(*cols)], dtype=object)
    joined[missing] = None  # a missing part makes the whole text missing, as "a" + "; " + NaN does
    return pd.Series(joined, dtype="str")


# ------------------------------------------------------------------------------------- common checks
def _check_gpc_ref(df: pd.DataFrame, sheet: str, out: _Out) -> None:
    sub = _SUBSECTOR[sheet]
    refs = df["gpc_ref"].astype(object)
    out.problem(df, refs.isna(), "gpc_ref", f"the GPC reference number is missing: give {sub}.1, {sub}.2 or {sub}.3")
    wrong = refs.notna() & ~refs.astype(str).isin([f"{sub}.1", f"{sub}.2", f"{sub}.3"])
    out.problem(df, wrong, "gpc_ref",
                f"the {sheet} sheet reports in {sub}: use {sub}.1 (treated in the city), {sub}.2 (generated in the "
                f"city, treated outside) or {sub}.3 (generated outside, treated in the city)")


def _mass_t(df: pd.DataFrame, out: _Out, amount: str = "amount", unit: str = "unit") -> np.ndarray:
    """Amounts converted to tonnes; problems for missing/negative amounts and non-mass units."""
    out.problem(df, df[amount].isna(), amount, f"{amount} is missing: type a number")
    out.problem(df, df[amount].notna() & (df[amount] < 0), amount, f"{amount} is negative: amounts of waste are never negative")
    units = df[unit].astype(object)
    out.problem(df, units.isna() & df[amount].notna(), unit, "the unit is missing: give a mass unit such as t, 万吨 or kg")
    for u in units.dropna().unique():
        msg = unit_problem(u, "t")
        if msg:
            out.problem(df, (units == u).to_numpy(), unit, f"{msg}: waste is given as a mass (t, 万吨, kg)")
    return convert(df[amount].fillna(0.0).to_numpy(), units.fillna("t").astype(str), "t")


def _check_choice(df: pd.DataFrame, col: str, known: set[str], out: _Out, what: str) -> None:
    vals = df[col].astype(object)
    for v in vals.dropna().unique():
        if str(v) not in known:
            out.problem(df, (vals == v).to_numpy(), col,
                        f"unknown {what}: use one of {', '.join(sorted(known))}{closest(str(v), sorted(known))}")


def _user_ef(df: pd.DataFrame, cols: tuple[str, ...], target: str, out: _Out) -> dict[str, np.ndarray]:
    """The row's own emission factors in ``target`` units (NaN where not given)."""
    has = df[list(cols)].notna().any(axis=1)
    units = df["ef_unit"].astype(object)
    out.problem(df, has & units.isna(), "ef_unit", f"{' / '.join(cols)} given without ef_unit: give their unit, e.g. {target}")
    for u in units[has].dropna().unique():
        msg = unit_problem(u, target)
        if msg:
            out.problem(df, (has & (units == u)).to_numpy(), "ef_unit",
                        f"{msg}: a waste emission factor is a mass of gas per mass of waste, e.g. {target}")
    res = {}
    for c in cols:
        out.problem(df, df[c].notna() & (df[c] < 0), c, f"{c} is negative: give the emission factor (≥ 0)")
        res[c] = convert(df[c].to_numpy(dtype=float), units.fillna(target).astype(str), target)
    return res


# --------------------------------------------------------------------------------------- composition
@dataclass
class _Composition:
    fractions: np.ndarray   # (n, len(COMPONENTS)), wet-weight fractions
    origin: np.ndarray      # 'row', 'bulk' or 'IPCC 2006 Table 2.3 <region>'
    bulk: np.ndarray        # bool: bulk waste (solid waste only)


def _composition(df: pd.DataFrame, ctx: Context, out: _Out, allow_bulk: bool,
                 components: tuple[str, ...] = COMPONENTS, need_mask: np.ndarray | None = None) -> _Composition:
    comp = df[list(components)]
    given = comp.notna().any(axis=1).to_numpy()
    fr = comp.fillna(0.0).to_numpy(dtype=float)
    total = fr.sum(axis=1)
    pct = given & (np.abs(total - 100.0) <= 100 * _COMPOSITION_TOLERANCE)
    out.problem(df, pct, _COMP_COLUMN,
                "the composition sums to 100: give wet-weight fractions (0.262), not percent (26.2)")
    out.problem(df, given & ~pct & (np.abs(total - 1.0) > _COMPOSITION_TOLERANCE), _COMP_COLUMN,
                "the composition fractions of the row do not sum to 1 (±0.01): give every component's "
                "wet-weight fraction, the rest as other_inert")
    bulk = np.zeros(len(df), dtype=bool)
    if allow_bulk:
        has_doc = df["doc"].notna().to_numpy()
        bulk = ~given & has_doc
        out.problem(df, given & has_doc, "doc", i18n_label("warn.doc_ignored", "en"), severity="warning")
    origin = _where(given, "row", _where(bulk, "bulk", ""))
    need = ~given & ~bulk
    if need_mask is not None:
        need &= need_mask
    if need.any():
        default, label, listed = _default_composition(ctx, components)
        if default is None:
            alt = " or a bulk doc" if allow_bulk else ""
            out.problem(df, need, _COMP_COLUMN,
                        f"no composition: give the wet-weight fractions food … other_inert{alt}; the IPCC 2006 "
                        f"Table 2.3 regional default needs a known country in the city sheet (country "
                        f"{ctx.settings.country!r} has no Table 2.3 region)")
        else:
            fr[need] = default
            origin = _where(need, label, origin)
            first = df[need].iloc[0]
            out.problems.append(Problem(
                str(first["sheet"]), None, _COMP_COLUMN, None,
                i18n_label("warn.default_composition", "en", n=str(int(need.sum())), label=label,
                           listed=f"{listed:.3g}"), "warning"))
    return _Composition(fr, origin, bulk)


def _default_composition(ctx: Context, components: tuple[str, ...] = COMPONENTS
                         ) -> tuple[np.ndarray | None, str, float]:
    """Table 2.3 composition of the city's country region: remainder to other_inert, scaled to 1 if over."""
    country = (ctx.settings.country or "").strip().upper()
    regions = _keyed(ctx, "waste_country_region", "country")
    if country not in regions.index:
        return None, "", 0.0
    region = str(regions.at[country, "region"])
    t = ctx.factors.table("waste_msw_composition")
    t = t[t["region"] == region]
    fr = np.array([t.loc[t["component"] == c, "value"].sum() for c in components], dtype=float)
    listed = float(fr.sum())
    if listed < 1.0:
        fr[components.index("other_inert")] += 1.0 - listed
    else:
        fr = fr / listed
    return fr, f"IPCC 2006 Table 2.3 {region}", listed


# ----------------------------------------------------------------------------------------- entry points
def run(tables: dict[str, pd.DataFrame], ctx: Context) -> tuple[pd.DataFrame, list[Problem]]:
    """Check and compute the waste sheets: (records, problems). Rows with an error give no records."""
    out = _Out()
    parts = []
    for sheet, fn in (("solid_waste", _solid_waste), ("biological_treatment", _biological),
                      ("incineration", _incineration), ("wastewater", _wastewater),
                      ("industrial_wastewater", _industrial_wastewater)):
        df = tables.get(sheet)
        if df is None or df.empty:
            continue
        d = _prepare(df, sheet)
        out.bad = set()
        _check_gpc_ref(d, sheet, out)
        rec = fn(d, ctx, out)
        if rec is not None and len(rec):
            parts.append(rec)
    records = pd.concat(parts, ignore_index=True) if parts else empty_records()
    return records, out.problems


def validate(tables: dict[str, pd.DataFrame], ctx: Context) -> list[Problem]:
    """Every problem in the waste sheets (errors and warnings)."""
    return run(tables, ctx)[1]


def compute(tables: dict[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    """Emission records of the waste sheets (columns of :data:`gpc.records.RECORD_COLUMNS` and extras)."""
    return run(tables, ctx)[0]


# ------------------------------------------------------------------------------- III.1 solid waste
def _solid_waste(df: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    T = int(ctx.settings.year)
    mass = _mass_t(df, out)
    method = df["method"].fillna("fod").astype(str).to_numpy()
    fod = method == "fod"
    year = df["year"].to_numpy(dtype=float)
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

    mcf_t = _keyed(ctx, "waste_mcf_swds", "site_type")
    site_type = df["site_type"].fillna("uncategorised").astype(str)
    mcf0, mcf_src = _lookup(mcf_t, site_type)
    out.problem(df, df["mcf"].isna().to_numpy() & np.isnan(mcf0), "site_type",
                f"factor set {ctx.factors.id!r} has no MCF for this site type ({', '.join(mcf_t.index)}); the "
                "2019 Refinement types need factors ipcc2019_waste, or give mcf on the row", value="site_type")
    mcf, mcf_src, mcf_def = _override(df["mcf"], mcf0, mcf_src)

    f_val, f_src = _param(ctx, "waste_swds_parameters", "methane_fraction")
    f, f_src, f_def = _override(df["methane_fraction"], np.full(len(df), f_val), np.full(len(df), f_src))
    # Defaults of DOCf and OX: "gpc" (GPC v1.1 Ch. 8 Eq. 8.3-8.4: DOCf 0.6, OX 0.1 for well-managed sites)
    # is the default of methane_commitment, "ipcc2006" (the factor set's DOCf, OX 0 of Table 3.2) of fod.
    _check_choice(df, "defaults", {"gpc", "ipcc2006"}, out, "defaults")
    defaults = df["defaults"].fillna(pd.Series(np.where(fod, "ipcc2006", "gpc"), index=df.index)).astype(str).to_numpy()
    defaults_def = df["defaults"].isna().to_numpy()
    gpc_def = defaults == "gpc"
    ox_val, ox_src = _param(ctx, "waste_swds_parameters", "oxidation")
    ox_gpc, ox_gpc_src = _param(ctx, "waste_swds_parameters", "oxidation_gpc_managed")
    docf_gpc, docf_gpc_src = _param(ctx, "waste_swds_parameters", "docf_gpc")
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
        "not a well-managed site: 0") + ")", ox_src)
    ox, ox_src, ox_def = _override(df["oxidation"], ox0, ox0_src)
    delay, _ = _param(ctx, "waste_swds_parameters", "delay_months")
    frec = df["recovery_fraction"].fillna(0.0).to_numpy(dtype=float)

    rates = _keyed(ctx, "waste_decay_rate", ["climate_zone", "decay_class"])
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

    comp = _composition(df, ctx, out, allow_bulk=True, components=SW_COMPONENTS)
    site = df["gpc_ref"].fillna("").astype(str) + " / " + df["site"].fillna("").astype(str)
    _check_site_recovery(df, site, fod, out)
    _check_fod_history(df, site, fod, year, out)
    # fod: OX is the site's cover in the inventory year (Eq. 3.1), the value of its latest row giving one
    site_ox = _site_latest(df, site, "oxidation", fod)
    ox = np.where(fod & ~np.isnan(site_ox), site_ox, ox)
    ox_def = np.where(fod, np.isnan(site_ox) & ox_def, ox_def)
    ox_src = _where(fod & ~np.isnan(site_ox), "row (the site's latest row giving one)", ox_src)

    ok = out.ok(df)
    if not ok.any():
        return None

    # ---- long table: one row per (input row, component with wet fraction > 0)
    names = list(SW_COMPONENTS) + ["bulk"]
    W = np.column_stack([comp.fractions, comp.bulk.astype(float)])
    doc_t = _keyed(ctx, "waste_doc", "component")
    docf_t = _keyed(ctx, "waste_docf", "component")
    cls_t = _keyed(ctx, "waste_decay_class", "component")
    i, j = np.nonzero((W > 0) & ok[:, None])
    comp_name = np.asarray(names, dtype=object)[j]
    comp_s = pd.Series(comp_name)
    doc, doc_src = _lookup(doc_t, comp_s)
    bulk = comp_name == "bulk"
    doc = np.where(bulk, df["doc"].to_numpy(dtype=float)[i], doc)
    doc_src = _where(bulk, "row", doc_src)
    doc_def = ~bulk
    docf0, docf0_src = _lookup(docf_t, comp_s)
    g_i = gpc_def[i]   # GPC Eq. 8.4: DOCf 0.6 (components the set does not let decay, rubber_leather, stay 0)
    docf0 = np.where(g_i & (docf0 > 0), docf_gpc, docf0)
    docf0_src = _where(g_i & (docf0 > 0), docf_gpc_src, docf0_src)
    docf, docf_src, docf_def = _override(df["docf"].to_numpy(dtype=float)[i], docf0, docf0_src)
    klass, _ = _lookup(cls_t, comp_s, col="decay_class")
    k_keys = pd.MultiIndex.from_arrays([np.full(len(i), zone), klass.astype(str)])
    k, k_src, k_def = _override(df["k"].to_numpy(dtype=float)[i], *_lookup(rates, k_keys))

    m_c = mass[i] * W[i, j]
    l0 = sw.methane_generation_potential(mcf[i], doc, docf, f[i])
    l0 = np.nan_to_num(l0)
    is_fod = fod[i]
    missing_k = is_fod & (l0 > 0) & np.isnan(k)
    if missing_k.any():
        raise FactorNotFound(f"factor set {ctx.factors.id!r}: no decay rate for components "
                             f"{sorted(set(comp_name[missing_k]))} in climate zone {zone!r}")
    ddocm = sw.ddocm_deposited(m_c, doc, docf, mcf[i])
    gen_fod = sw.ch4_generated(sw.fod_decomposed(ddocm, np.nan_to_num(k), year[i], T, delay), f[i])
    gen = np.where(is_fod, gen_fod, m_c * l0)  # methane commitment: all future CH4 (before recovery, OX)

    # ---- site level (IPCC Eq. 3.1): recovery shared pro rata to generation, OX of each row
    keys = site.to_numpy()[i]
    g_site = pd.Series(gen).groupby(keys).transform("sum").to_numpy()
    r_site = _site_recovery(df, site)[i]
    share = np.divide(gen, g_site, out=np.zeros_like(gen), where=g_site > 0)
    r_pair = np.where(is_fod, r_site * share, 0.0)
    emitted = np.where(is_fod, sw.ch4_emitted(gen, r_pair, ox[i]), sw.methane_commitment(m_c, l0, frec[i], ox[i]))
    over = is_fod & (r_site > g_site * (1 + 1e-9))
    if over.any():
        rows = site.isin(set(keys[over])).to_numpy() & df["methane_recovered"].notna().to_numpy()
        out.problem(df, rows, "methane_recovered",
                    f"more CH4 recovered than the site generates in {T} by first order decay: check the unit "
                    "(t CH4), the disposal history and the site's parameters")

    keep = l0 > 0
    # rows with no degradable carbon at all still get one (zero) record
    has_any = np.zeros(len(df), dtype=bool)
    has_any[i[keep]] = True
    zero_rows = np.flatnonzero(ok & ~has_any)

    sel = np.flatnonzero(keep)
    ii = i[sel]
    d = df.iloc[ii]
    zone_txt = _where(k_def[sel], zone + ", " + pd.Series(klass[sel]).astype(str).to_numpy(), "row")
    common = [
        "deposit year " + d["year"].fillna(T).astype(int).astype(str).reset_index(drop=True),
        pd.Series(comp_name[sel]) + " " + _fmt(W[ii, j[sel]]) + " of the row's waste (" + pd.Series(comp.origin[ii]) + ")",
        "DOC " + _fmt(doc[sel]) + _flag(doc_def[sel]),
        "DOCf " + _fmt(docf[sel]) + _flag(docf_def[sel]),
        "MCF " + _fmt(mcf[ii]) + " (" + site_type.to_numpy()[ii] + ")" + _flag(mcf_def[ii]),
        "F " + _fmt(f[ii]) + _flag(f_def[ii]),
        "defaults " + pd.Series(defaults[ii]) + _where(gpc_def[ii], " (GPC v1.1 Eq. 8.3-8.4: DOCf 0.6, OX 0.1 managed)",
                                                       " (IPCC 2006 Vol. 5 Ch. 3)") + _flag(defaults_def[ii]),
    ]
    fod_sel = is_fod[sel]
    detail_fod = _join(
        *common,
        "k " + _fmt(k[sel]) + "/yr (" + zone_txt + ")" + _flag(k_def[sel]),
        f"decay starts {delay:g} months after deposit (default)",
        f"CH4 generated in {T}: " + _fmt(gen[sel]) + " t",
        "recovered share " + _fmt(r_pair[sel]) + " t of site " + pd.Series(keys[sel]).str.strip(" /"),
        "OX " + _fmt(ox[ii]) + _flag(ox_def[ii]),
    )
    detail_mc = _join(
        *common,
        "L0 " + _fmt(l0[sel]) + " t CH4/t",
        "f_rec " + _fmt(frec[ii]),
        "OX " + _fmt(ox[ii]) + _flag(ox_def[ii]),
        "methane commitment: all future CH4 of this waste",
    )
    source = _join("DOC: " + pd.Series(doc_src[sel]), "DOCf: " + pd.Series(docf_src[sel]),
                   "MCF: " + pd.Series(mcf_src[ii]), "F: " + pd.Series(f_src[ii]),
                   "OX: " + pd.Series(ox_src[ii])).to_numpy()
    source = _where(fod_sel, source + "; k: " + k_src[sel], source)
    recs = make_records(
        sheet=d["sheet"].to_numpy(), row=d["row"].to_numpy(), gpc_ref=d["gpc_ref"].to_numpy(), gas="CH4",
        emissions_t=emitted[sel], biogenic=False, method=method[ii], activity="solid_waste_disposal",
        amount=d["amount"].to_numpy() * W[ii, j[sel]], unit=d["unit"].to_numpy(),
        factor_name="L0", factor_value=l0[sel], factor_unit="t/t", factor_source=source,
        detail=np.where(fod_sel, detail_fod.to_numpy(), detail_mc.to_numpy()),
        deposit_year=d["year"].fillna(T).astype(int).to_numpy(), component=comp_name[sel],
        site=d["site"].fillna("").to_numpy(), ch4_generated_t=gen[sel],
    )
    if len(zero_rows):
        z = df.iloc[zero_rows]
        recs = pd.concat([recs, make_records(
            sheet=z["sheet"].to_numpy(), row=z["row"].to_numpy(), gpc_ref=z["gpc_ref"].to_numpy(), gas="CH4",
            emissions_t=np.zeros(len(z)), method=method[zero_rows], activity="solid_waste_disposal",
            amount=z["amount"].to_numpy(), unit=z["unit"].to_numpy(), factor_name="L0", factor_value=0.0,
            factor_unit="t/t", detail="no degradable organic carbon (DOC × DOCf × MCF = 0)",
            deposit_year=z["year"].fillna(T).astype(int).to_numpy(), component="", site=z["site"].fillna("").to_numpy(),
            ch4_generated_t=0.0)], ignore_index=True)
    return recs


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


# ------------------------------------------------------------------------ III.2 biological treatment
def _biological(df: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    mass = _mass_t(df, out)
    t = _keyed(ctx, "waste_biological_ef", ["treatment", "basis", "gas"])
    out.problem(df, df["treatment"].isna(), "treatment", "the treatment is missing: composting or anaerobic_digestion")
    _check_choice(df, "treatment", set(t.index.get_level_values(0)), out, "treatment")
    basis = df["basis"].fillna("wet").astype(str)
    _check_choice(df, "basis", set(t.index.get_level_values(1)), out, "basis")
    user = _user_ef(df, ("ef_ch4", "ef_n2o"), "g/kg", out)
    rec = df["methane_recovered"].fillna(0.0).to_numpy(dtype=float)
    out.problem(df, rec < 0, "methane_recovered", "methane_recovered is negative: give the t CH4 recovered (≥ 0)")

    treat = df["treatment"].fillna("").astype(str)
    efs = {}
    for gas, col in (("CH4", "ef_ch4"), ("N2O", "ef_n2o")):
        v, s = _lookup(t, pd.MultiIndex.from_arrays([treat, basis, np.full(len(df), gas)]))
        efs[gas] = _override(user[col], v, s)
    generated = bio.ch4_biological(mass, efs["CH4"][0], 0.0)
    out.problem(df, rec > generated * (1 + 1e-9), "methane_recovered",
                "more CH4 recovered than the treatment generates (amount × CH4 factor): check the unit (t CH4) "
                "and the amount")
    ok = out.ok(df)
    if not ok.any():
        return None
    d = df[ok]
    m = mass[ok]
    ch4 = bio.ch4_biological(m, efs["CH4"][0][ok], rec[ok])
    n2o = bio.n2o_biological(m, efs["N2O"][0][ok])
    base = _join("treatment " + d["treatment"].astype(str),
                 "basis " + basis[ok] + _flag(d["basis"].isna().to_numpy()))
    parts = []
    for gas, em, extra in (
        ("CH4", ch4, "generated " + _fmt(generated[ok]) + " t, recovered R " + _fmt(rec[ok]) + " t (IPCC Eq. 4.1)"),
        ("N2O", n2o, "IPCC Eq. 4.2"),
    ):
        v, s, default_used = efs[gas]
        parts.append(make_records(
            sheet=d["sheet"].to_numpy(), row=d["row"].to_numpy(), gpc_ref=d["gpc_ref"].to_numpy(), gas=gas,
            emissions_t=em, method="biological_treatment", activity=d["treatment"].to_numpy(),
            amount=d["amount"].to_numpy(), unit=d["unit"].to_numpy(), factor_name=f"ef_{gas.lower()}",
            factor_value=v[ok], factor_unit="g/kg", factor_source=s[ok],
            detail=_join(base, f"EF_{gas} " + _fmt(v[ok]) + " g/kg" + _flag(default_used[ok]), extra).to_numpy(),
        ))
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------- III.3 incineration, open burning
def _incineration(df: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    """III.3 (or Stationary Energy with energy recovery): IPCC 2006 Vol. 5 Ch. 5; GPC v1.1 Ch. 8 §8.5.

    MSW by composition (Eq. 5.2, Table 2.4) or a waste of Table 5.2 (``waste_type`` industrial, clinical,
    sewage_sludge, fossil_liquid; Eq. 5.1). With ``energy_recovery`` yes the GPC reports the emissions in
    Stationary Energy (I.4.4 when the energy feeds the grid, or the row's ``energy_gpc_ref``); the
    records keep method ``incineration`` and name the waste row they came from.
    """
    mass = _mass_t(df, out)
    out.problem(df, df["practice"].isna(), "practice", "the practice is missing: incineration or open_burning")
    _check_choice(df, "practice", {"incineration", "open_burning"}, out, "practice")
    practice = df["practice"].fillna("").astype(str).to_numpy()
    burning = practice == "open_burning"
    out.problem(df, burning & df["technology"].notna().to_numpy(), "technology",
                i18n_label("warn.technology_open_burning", "en"), severity="warning")
    tech = _where(burning, "", df["technology"].fillna("continuous_stoker").astype(str).to_numpy())
    tech_default = ~burning & df["technology"].isna().to_numpy()
    user = _user_ef(df, ("ef_ch4", "ef_n2o"), "g/t", out)

    # ---- what is burnt: MSW from its composition, or a waste type of Table 5.2
    _check_choice(df, "waste_type", set(WASTE_TYPES), out, "waste_type")
    wtype = df["waste_type"].fillna("msw").astype(str).to_numpy()
    msw = wtype == "msw"
    other = ~msw & np.isin(wtype, WASTE_TYPES)
    comp_given = df[list(COMPONENTS)].notna().any(axis=1).to_numpy()
    out.problem(df, other & comp_given, _COMP_COLUMN,
                "a composition is given with a waste_type other than msw: the composition describes municipal "
                "solid waste; clear it (IPCC 2006 Table 5.2 carbon factors apply) or set waste_type msw",
                value="waste_type")
    out.problem(df, msw & df["dry_matter"].notna().to_numpy(), "dry_matter",
                "dry_matter is for waste types other than msw (the dry matter of MSW comes from its composition, "
                "IPCC 2006 Table 2.4): it is ignored", severity="warning")
    types_t = _keyed(ctx, "waste_incineration_types", ["waste_type", "parameter"])

    def by_type(param: str) -> tuple[np.ndarray, np.ndarray]:
        return _lookup(types_t, pd.MultiIndex.from_arrays([wtype, np.full(len(df), param)]))

    dm_o, dm_o_src, dm_o_def = _override(df["dry_matter"], *by_type("dm"))
    cf_o, cf_o_src = by_type("cf")
    fcf_o, fcf_o_src = by_type("fcf")
    out.problem(df, other & np.isnan(dm_o), "dry_matter",
                "IPCC 2006 Table 5.2 gives no dry matter content for this waste type: give dry_matter (fraction of "
                "wet weight), or 1 if amount is the dry mass", value="waste_type")
    out.problem(df, other & burning & df["oxidation_factor"].isna().to_numpy(), "oxidation_factor",
                "IPCC 2006 Table 5.2 gives the open-burning oxidation factor (0.58) for MSW only: give "
                "oxidation_factor for open burning of this waste type", value="waste_type")
    comp = _composition(df, ctx, out, allow_bulk=False, need_mask=msw)

    # ---- energy recovery (GPC v1.1 Ch. 8 §8.5: reported in Stationary Energy)
    er = _bool(df["energy_recovery"], np.zeros(len(df), dtype=bool))
    er_empty = df["energy_recovery"].isna().to_numpy()
    out.problem(df, er & burning, "energy_recovery",
                "open burning recovers no energy: energy_recovery yes needs practice incineration")
    eref = df["energy_gpc_ref"].fillna("I.4.4").astype(str).to_numpy()
    out.problem(df, df["energy_gpc_ref"].notna().to_numpy() & ~er, "energy_gpc_ref",
                "energy_gpc_ref is only used with energy_recovery yes: it is ignored", severity="warning")
    uniq, inv_idx = np.unique(eref.astype(str), return_inverse=True)   # once per distinct row, not per input row
    stationary = np.array([_stationary_scope1(str(r)) for r in uniq], dtype=bool)[inv_idx.reshape(-1)] \
        if len(eref) else np.zeros(0, dtype=bool)
    out.problem(df, er & ~stationary, "energy_gpc_ref",
                "energy_gpc_ref must be a Stationary Energy row of scope 1: I.4.4 (energy supplied to the grid, the "
                "default) or the I.x.1 row where the recovered energy is used in the city")
    outside = (df["gpc_ref"].astype(object) == "III.3.2").to_numpy()
    out.problem(df, er & outside, "energy_recovery",
                "energy recovered outside the city (III.3.2) is not in the city's Stationary Energy: the emissions "
                "stay in III.3.2 (scope 3)", severity="warning")
    routed = er & ~outside & ~burning

    efs_t = _keyed(ctx, "waste_incineration_ef", ["practice", "technology", "gas"])
    known_tech = {str(k[1]) for k in efs_t.index if k[1]}
    _check_choice(df.assign(technology=np.where(burning, None, df["technology"])), "technology", known_tech, out,
                  "incinerator technology")
    ok = out.ok(df)
    if not ok.any():
        return None

    props = ctx.factors.table("waste_component_properties")
    p = {name: props[props["parameter"] == name].set_index("component").reindex(list(COMPONENTS))
         for name in ("dm", "cf", "fcf")}
    dm, cf, fcf = (p[n]["value"].fillna(0.0).to_numpy(dtype=float) for n in ("dm", "cf", "fcf"))
    of_t = _keyed(ctx, "waste_incineration_oxidation", "practice")
    of0, of_src = _lookup(of_t, pd.Series(practice))
    of, of_src, of_def = _override(df["oxidation_factor"], of0, of_src)
    fossil_c, bio_c = inc.co2_by_component(mass, comp.fractions, dm, cf, fcf, of)
    fossil_o, bio_o = inc.co2_from_waste_type(mass, np.nan_to_num(dm_o), np.nan_to_num(cf_o), np.nan_to_num(fcf_o), of)
    fossil = np.where(msw, fossil_c.sum(axis=1), fossil_o)
    biogenic = np.where(msw, bio_c.sum(axis=1), bio_o)

    gases = {}
    n2o_o, n2o_o_src = by_type("ef_n2o")
    for gas, col in (("CH4", "ef_ch4"), ("N2O", "ef_n2o")):
        keys = pd.MultiIndex.from_arrays([pd.Series(practice), pd.Series(tech), pd.Series(np.full(len(df), gas))])
        v, s = _lookup(efs_t, keys)
        basis, _ = _lookup(efs_t, keys, col="basis")
        # Tables 5.3 and 5.6 by technology are for MSW; other waste types: Table 5.6 by type (N2O) or none
        v = np.where(msw, v, n2o_o if gas == "N2O" else np.nan)
        s = _where(msw, s, n2o_o_src if gas == "N2O" else "")
        basis = _where(msw, basis, "wet")
        v, s, default_used = _override(user[col], v, s)
        basis = _where(default_used, basis, "wet")
        dry = np.where(msw, inc.dry_mass(mass, comp.fractions, dm), mass * np.nan_to_num(dm_o))
        em = inc.emission_from_mass(np.where(basis == "dry", dry, mass), v)
        gases[gas] = (em, v, s, default_used, basis, dry)
        none = ok & other & np.isnan(v)
        out.problem(df, none, col,
                    f"IPCC 2006 gives no default {gas} factor for incinerating this waste type (Tables 5.3 and 5.6 "
                    f"cover MSW{', industrial waste and sewage sludge' if gas == 'N2O' else ''}): its {gas} is not "
                    f"estimated; give {col} with ef_unit", severity="warning", value="waste_type")

    # the default of energy_recovery (no) decides where these emissions are reported: say so
    undecided = ok & ~burning & er_empty & ~outside
    if undecided.any():
        first = df[undecided].iloc[0]
        out.problems.append(Problem(
            str(first["sheet"]), None, "energy_recovery", None,
            i18n_label("warn.energy_recovery_default", "en", n=str(int(undecided.sum())),
                       t=f"{float(fossil[undecided].sum()):.6g}"), "warning"))

    d = df[ok]
    msw_ok = msw[ok]
    comp_txt = _where(msw_ok, _composition_text(comp.fractions[ok], comp.origin[ok]),
                      "waste_type " + pd.Series(wtype[ok]) + ": dm " + _fmt(dm_o[ok]) + _where(dm_o_def[ok], " (default)", " (row)")
                      + ", CF " + _fmt(cf_o[ok]) + ", FCF " + _fmt(fcf_o[ok]) + " (IPCC 2006 Table 5.2)")
    per_comp = _where(msw_ok, _co2_text(fossil_c[ok], bio_c[ok]), "")
    of_txt = "OF " + _fmt(of[ok]) + _flag(of_def[ok])
    msw_src = "dm, CF, FCF: " + str(props["source"].iloc[0]) + " [" + str(props["factor_set"].iloc[0]) + "]"
    carbon_src = _where(msw_ok, msw_src, "CF: " + pd.Series(cf_o_src[ok]) + "; FCF: " + pd.Series(fcf_o_src[ok])
                        + "; dm: " + pd.Series(dm_o_src[ok]))
    eq_f = _where(msw_ok, "fossil CO2 = MSW × Σ WF·dm·CF·FCF·OF × 44/12 (IPCC Eq. 5.2)",
                  "fossil CO2 = SW × dm × CF × FCF × OF × 44/12 (IPCC Eq. 5.1)")
    eq_b = _where(msw_ok, "biogenic CO2 = MSW × Σ WF·dm·CF·(1−FCF)·OF × 44/12, reported outside the totals",
                  "biogenic CO2 = SW × dm × CF × (1−FCF) × OF × 44/12, reported outside the totals")
    r_ok = routed[ok]
    route_txt = _where(r_ok, "energy recovery: reported in Stationary Energy " + pd.Series(eref[ok])
                       + " instead of waste row " + d["gpc_ref"].astype(str).reset_index(drop=True)
                       + " (GPC v1.1 Ch. 8 §8.5: waste incinerated with energy recovery is reported in Stationary "
                       "Energy, I.4.4 where the energy feeds the grid; outside BASIC)",
                       _where(er[ok], "energy recovery: stays in the waste row", "without energy recovery"
                              + _flag(er_empty[ok])))
    common = dict(sheet=d["sheet"].to_numpy(), row=d["row"].to_numpy(),
                  gpc_ref=np.where(r_ok, eref[ok], d["gpc_ref"].to_numpy()),
                  method=_where(burning[ok], "open_burning", "incineration"), activity=practice[ok],
                  amount=d["amount"].to_numpy(), unit=d["unit"].to_numpy(),
                  waste_gpc_ref=d["gpc_ref"].to_numpy(), waste_type=wtype[ok])
    parts = [
        make_records(**common, gas="CO2", emissions_t=fossil[ok], biogenic=False, factor_name="fossil_carbon",
                     factor_value=(fossil[ok] / np.where(mass[ok] > 0, mass[ok], np.nan)), factor_unit="t/t",
                     factor_source=carbon_src + "; OF: " + pd.Series(of_src[ok]).to_numpy(dtype=object),
                     detail=_join(comp_txt, of_txt, eq_f, per_comp, route_txt).to_numpy()),
        make_records(**common, gas="CO2", emissions_t=biogenic[ok], biogenic=True, factor_name="biogenic_carbon",
                     factor_value=(biogenic[ok] / np.where(mass[ok] > 0, mass[ok], np.nan)), factor_unit="t/t",
                     factor_source=carbon_src + "; OF: " + pd.Series(of_src[ok]).to_numpy(dtype=object),
                     detail=_join(comp_txt, of_txt, eq_b, per_comp, route_txt).to_numpy()),
    ]
    for gas, (em, v, s, default_used, basis, dry) in gases.items():
        has = ~np.isnan(v[ok])
        tech_txt = _where(burning[ok], "open burning",
                          _where(msw_ok, "technology " + tech[ok] + _flag(tech_default[ok]),
                                 "waste_type " + wtype[ok]))
        basis_txt = _where(basis[ok] == "dry", "per dry tonne: dry mass " + _fmt(dry[ok]).to_numpy() + " t",
                           "per wet tonne")
        detail = _join(pd.Series(tech_txt), f"EF_{gas} " + _fmt(v[ok]) + " g/t" + _flag(default_used[ok]),
                       pd.Series(basis_txt), f"IPCC Eq. {'5.4' if gas == 'CH4' else '5.5'}", route_txt).to_numpy()
        rec = make_records(
            **common, gas=gas, emissions_t=em[ok], factor_name=f"ef_{gas.lower()}", factor_value=v[ok],
            factor_unit="g/t", factor_source=s[ok], detail=detail)
        parts.append(rec[has].reset_index(drop=True) if not has.all() else rec)
    return pd.concat(parts, ignore_index=True)


def _stationary_scope1(ref: str) -> bool:
    """Whether ``ref`` is a Stationary Energy row of scope 1 (I.x.1 or I.4.4)."""
    from gpc import taxonomy

    try:
        return ref.startswith("I.") and taxonomy.scope(ref) == 1
    except (KeyError, ValueError):
        return False


def _composition_text(fr: np.ndarray, origin: np.ndarray) -> pd.Series:
    cols = [pd.Series(_where(fr[:, c] > 0, f"{name} " + _fmt(fr[:, c]) + " ", "")) for c, name in enumerate(COMPONENTS)]
    return "composition (" + pd.Series(origin) + "): " + reduce(lambda a, b: a + b, cols).str.strip()


def _co2_text(fossil: np.ndarray, biogenic: np.ndarray) -> pd.Series:
    cols = [pd.Series(_where((fossil[:, c] + biogenic[:, c]) > 0,
                               f"{name} " + _fmt(fossil[:, c]) + "/" + _fmt(biogenic[:, c]) + " ", ""))
            for c, name in enumerate(COMPONENTS)]
    return "CO2 fossil/biogenic t by component: " + reduce(lambda a, b: a + b, cols).str.strip()


# ------------------------------------------------------------------------------- III.4 wastewater
def _wastewater(df: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    pop = df["population"].to_numpy(dtype=float)
    out.problem(df, np.isnan(pop), "population", "population is missing: give the people served by this pathway")
    out.problem(df, pop < 0, "population", "population is negative")
    mcf_t = _keyed(ctx, "waste_wastewater_mcf", ["system", "treatment"])
    known = {str(k[1]) for k in mcf_t.index if k[0] == "domestic"}
    out.problem(df, df["treatment"].isna(), "treatment", "the treatment or discharge pathway is missing")
    _check_choice(df, "treatment", known, out, "domestic wastewater pathway")
    treat = df["treatment"].fillna("").astype(str)
    keys = pd.MultiIndex.from_arrays([np.full(len(df), "domestic"), treat])
    mcf, mcf_src = _lookup(mcf_t, keys)
    collected_default, _ = _lookup(mcf_t, keys, col="collected")
    collected = _bool(df["collected"], collected_default == "yes")

    bod0, bod_src = _default_bod(ctx, len(df))
    bod, bod_src, bod_def = _override(df["bod"], bod0, bod_src)
    out.problem(df, np.isnan(bod), "bod",
                f"bod is empty and factor set {ctx.factors.id!r} has no IPCC 2006 Table 6.4 value for the city's "
                f"country ({ctx.settings.country!r}): give bod in g/person/day (e.g. 40 for Asia)")
    for col in ("bod", "protein", "sludge_removed", "n_sludge", "methane_recovered", "f_non_con"):
        out.problem(df, df[col].notna() & (df[col] < 0), col, f"{col} is negative")

    P = {name: _param(ctx, "waste_wastewater_parameters", name)
         for name in ("bo_bod", "i_collected", "i_uncollected", "ef_effluent", "ef_plants", "f_npr", "f_non_con",
                      "f_ind_com")}
    i_factor = np.where(collected, P["i_collected"][0], P["i_uncollected"][0])
    tow = ww.tow_domestic(np.nan_to_num(pop), np.nan_to_num(bod), i_factor)
    sludge = df["sludge_removed"].fillna(0.0).to_numpy(dtype=float) * 1000.0
    rec = df["methane_recovered"].fillna(0.0).to_numpy(dtype=float) * 1000.0
    bo = P["bo_bod"][0]
    ch4_kg = ww.ch4_wastewater(tow, sludge, bo, np.nan_to_num(mcf), rec)
    out.problem(df, sludge > tow * (1 + 1e-9), "sludge_removed",
                "sludge_removed is more than the BOD in the wastewater (population × bod × I × 365): check it is "
                "t BOD per year")
    out.problem(df, (sludge <= tow) & (ch4_kg < -1e-9 * np.maximum(rec, 1.0)), "methane_recovered",
                "more CH4 recovered than the pathway generates ((TOW − S) × Bo × MCF): check the unit (t CH4)")

    _check_choice(df, "f_ind_com_on", {"all", "collected"}, out, "f_ind_com_on")
    out.problem(df, df["f_ind_com"].notna() & (df["f_ind_com"] < 1), "f_ind_com",
                "f_ind_com is below 1: it is a factor that adds co-discharged protein (IPCC 2006 Table 6.11: 1.25)")
    protein = df["protein"].to_numpy(dtype=float)
    plant = _bool(df["plant_n2o"], np.zeros(len(df), dtype=bool))
    out.problem(df, np.isnan(protein), "protein",
                i18n_label("warn.protein_empty", "en"), severity="warning")
    ok = out.ok(df)
    if not ok.any():
        return None

    # IPCC 2006 Vol. 5 Eq. 6.8: F_IND-COM multiplies the protein of the whole population P (the default,
    # f_ind_com_on "all"); "collected" keeps gpc's earlier reading (sewered rows only, like I for BOD).
    ind_rule = df["f_ind_com_on"].fillna("all").astype(str).to_numpy()
    ind_rule_def = df["f_ind_com_on"].isna().to_numpy()
    f_ind_com0 = np.where((ind_rule == "collected") & ~collected, 1.0, P["f_ind_com"][0])
    f_ind_com, _, f_ic_def = _override(df["f_ind_com"], f_ind_com0, np.full(len(df), P["f_ind_com"][1]))
    f_non_con, _, f_nc_def = _override(df["f_non_con"], np.full(len(df), P["f_non_con"][0]),
                                              np.full(len(df), P["f_non_con"][1]))
    n2o_plant = ww.n2o_plants(np.nan_to_num(pop), plant.astype(float), f_ind_com, P["ef_plants"][0])  # kg
    n_eff = ww.nitrogen_effluent(np.nan_to_num(pop), np.nan_to_num(protein), P["f_npr"][0], f_non_con, f_ind_com,
                                 df["n_sludge"].fillna(0.0).to_numpy(dtype=float) * 1000.0)
    n_eff = n_eff - n2o_plant / ww.N2O_PER_N  # Box 6.1: N emitted at plants leaves the effluent
    n2o_eff = ww.n2o_effluent(n_eff, P["ef_effluent"][0])
    neg_n = ok & ~np.isnan(protein) & (n_eff < 0)
    out.problem(df, neg_n, "n_sludge", "n_sludge is more than the nitrogen in the wastewater: check it is t N per year")
    ok &= ~neg_n

    d = df[ok]
    common = dict(sheet=d["sheet"].to_numpy(), row=d["row"].to_numpy(), gpc_ref=d["gpc_ref"].to_numpy(),
                  activity="domestic_wastewater", amount=pop[ok], unit="person")
    coll_txt = _where(collected[ok], "collected", "not collected") + _flag(df["collected"].isna().to_numpy()[ok])
    base = _join("pathway " + treat[ok], pd.Series(coll_txt))
    parts = [make_records(
        **common, gas="CH4", emissions_t=ch4_kg[ok] / 1000.0, method="wastewater_ch4", factor_name="mcf",
        factor_value=mcf[ok], factor_unit="dimensionless", factor_source=mcf_src[ok],
        detail=_join(base, "BOD " + _fmt(bod[ok]) + " g/person/day" + _flag(bod_def[ok]),
                     "I " + _fmt(i_factor[ok]), "TOW " + _fmt(tow[ok]) + " kg BOD",
                     "S " + _fmt(sludge[ok]) + " kg BOD", f"Bo {bo:g} kg CH4/kg BOD (default)",
                     "MCF " + _fmt(mcf[ok]) + " (default)", "R " + _fmt(rec[ok]) + " kg CH4",
                     "CH4 = (TOW − S) × Bo × MCF − R (IPCC Eq. 6.1-6.3)").to_numpy(),
        item="treatment")]
    eff = ok & ~np.isnan(protein)
    if eff.any():
        e = df[eff]
        parts.append(make_records(
            sheet=e["sheet"].to_numpy(), row=e["row"].to_numpy(), gpc_ref=e["gpc_ref"].to_numpy(),
            activity="domestic_wastewater", amount=pop[eff], unit="person", gas="N2O",
            emissions_t=n2o_eff[eff] / 1000.0, method="wastewater_n2o_effluent", factor_name="ef_effluent",
            factor_value=P["ef_effluent"][0], factor_unit="kg/kg", factor_source=P["ef_effluent"][1],
            detail=_join("protein " + _fmt(protein[eff]) + " kg/person/yr", f"F_NPR {P['f_npr'][0]:g} (default)",
                         "F_NON-CON " + _fmt(f_non_con[eff]) + _flag(f_nc_def[eff]),
                         "F_IND-COM " + _fmt(f_ind_com[eff]) + _flag(f_ic_def[eff]) + " on "
                         + _where(ind_rule[eff] == "collected",
                                  _where(collected[eff], "collected rows only: collected", "collected rows only: not collected"),
                                  "the whole population (IPCC Eq. 6.8)") + _flag(ind_rule_def[eff]),
                         "N_SLUDGE " + _fmt(df["n_sludge"].fillna(0.0).to_numpy()[eff] * 1000.0) + " kg",
                         "N in plant N2O " + _fmt(n2o_plant[eff] / ww.N2O_PER_N) + " kg",
                         "N_EFFLUENT " + _fmt(n_eff[eff]) + " kg N",
                         f"EF_EFFLUENT {P['ef_effluent'][0]:g} kg N2O-N/kg N (default)",
                         "N2O = N_EFFLUENT × EF × 44/28 (IPCC Eq. 6.7-6.8)").to_numpy(),
            item="effluent"))
    pl = ok & plant
    if pl.any():
        q = df[pl]
        parts.append(make_records(
            sheet=q["sheet"].to_numpy(), row=q["row"].to_numpy(), gpc_ref=q["gpc_ref"].to_numpy(),
            activity="domestic_wastewater", amount=pop[pl], unit="person", gas="N2O",
            emissions_t=n2o_plant[pl] / 1000.0, method="wastewater_n2o_plant", factor_name="ef_plants",
            factor_value=P["ef_plants"][0], factor_unit="g/person/yr", factor_source=P["ef_plants"][1],
            detail=_join("advanced centralised plant: T_PLANT 1", "F_IND-COM " + _fmt(f_ind_com[pl]),
                         f"EF_PLANT {P['ef_plants'][0]:g} g N2O/person/yr (default)",
                         "N2O = P × T_PLANT × F_IND-COM × EF_PLANT (IPCC Box 6.1)").to_numpy(),
            item="plant"))
    return pd.concat(parts, ignore_index=True)


def _default_bod(ctx: Context, n: int) -> tuple[np.ndarray, np.ndarray]:
    """IPCC 2006 Table 6.4 BOD for the city's country, else its region (NaN where none)."""
    t = _keyed(ctx, "waste_wastewater_bod", "area")
    country = (ctx.settings.country or "").strip().upper()
    area = country
    if area not in t.index:
        regions = _keyed(ctx, "waste_country_region", "country")
        area = str(regions.at[country, "region"]) if country in regions.index else ""
    if area in t.index:
        return np.full(n, float(t.at[area, "value"])), np.full(n, str(t.at[area, "src"]))
    return np.full(n, np.nan), np.full(n, "")


def _industrial_wastewater(df: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    prod = _mass_t(df, out, amount="production")
    mcf_t = _keyed(ctx, "waste_wastewater_mcf", ["system", "treatment"])
    known = {str(k[1]) for k in mcf_t.index if k[0] == "industrial"}
    out.problem(df, df["treatment"].isna(), "treatment", "the treatment or discharge pathway is missing")
    _check_choice(df, "treatment", known, out, "industrial wastewater pathway")
    treat = df["treatment"].fillna("").astype(str)
    mcf, mcf_src = _lookup(mcf_t, pd.MultiIndex.from_arrays([np.full(len(df), "industrial"), treat]))
    ind_t = _keyed(ctx, "waste_industrial_wastewater", ["industry", "parameter"])
    industry = df["industry"].fillna("").astype(str).str.lower().str.replace(r"[\s\-&]+", "_", regex=True)
    vals = {}
    for col in ("wastewater", "cod"):
        v, s = _lookup(ind_t, pd.MultiIndex.from_arrays([industry, np.full(len(df), col)]))
        vals[col] = _override(df[col], v, s)
        unit = "m3 per t of product" if col == "wastewater" else "kg COD/m3"
        out.problem(df, np.isnan(vals[col][0]), col,
                    f"{col} is empty and IPCC 2006 Table 6.9 has no default for this industry: give it ({unit})",
                    value="industry")
        out.problem(df, df[col].notna() & (df[col] < 0), col, f"{col} is negative")
    for col in ("sludge_removed", "methane_recovered"):
        out.problem(df, df[col].notna() & (df[col] < 0), col, f"{col} is negative")
    bo, _ = _param(ctx, "waste_wastewater_parameters", "bo_cod")
    tow = ww.tow_industrial(prod, np.nan_to_num(vals["wastewater"][0]), np.nan_to_num(vals["cod"][0]))
    sludge = df["sludge_removed"].fillna(0.0).to_numpy(dtype=float) * 1000.0
    rec = df["methane_recovered"].fillna(0.0).to_numpy(dtype=float) * 1000.0
    ch4_kg = ww.ch4_wastewater(tow, sludge, bo, np.nan_to_num(mcf), rec)
    out.problem(df, sludge > tow * (1 + 1e-9), "sludge_removed",
                "sludge_removed is more than the COD in the wastewater (production × W × COD): check it is t COD per year")
    out.problem(df, (sludge <= tow) & (ch4_kg < -1e-9 * np.maximum(rec, 1.0)), "methane_recovered",
                "more CH4 recovered than the wastewater generates ((TOW − S) × Bo × MCF): check the unit (t CH4)")
    ok = out.ok(df)
    if not ok.any():
        return None
    d = df[ok]
    (w, w_src, w_def), (cod, cod_src, cod_def) = vals["wastewater"], vals["cod"]
    return make_records(
        sheet=d["sheet"].to_numpy(), row=d["row"].to_numpy(), gpc_ref=d["gpc_ref"].to_numpy(), gas="CH4",
        emissions_t=ch4_kg[ok] / 1000.0, method="industrial_wastewater_ch4",
        activity=_where(industry[ok] == "", "industrial_wastewater", industry[ok]),
        amount=d["production"].to_numpy(), unit=d["unit"].to_numpy(), factor_name="mcf", factor_value=mcf[ok],
        factor_unit="dimensionless", factor_source=mcf_src[ok],
        detail=_join("pathway " + treat[ok], "W " + _fmt(w[ok]) + " m3/t" + _flag(w_def[ok]),
                     "COD " + _fmt(cod[ok]) + " kg/m3" + _flag(cod_def[ok]), "TOW " + _fmt(tow[ok]) + " kg COD",
                     "S " + _fmt(sludge[ok]) + " kg COD", f"Bo {bo:g} kg CH4/kg COD (default)",
                     "MCF " + _fmt(mcf[ok]) + " (default)", "R " + _fmt(rec[ok]) + " kg CH4",
                     "CH4 = (TOW − S) × Bo × MCF − R (IPCC Eq. 6.4-6.6)",
                     "W from " + pd.Series(w_src[ok]), "COD from " + pd.Series(cod_src[ok])).to_numpy(),
        item="treatment",
    )


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
