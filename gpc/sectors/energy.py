"""The ``activity`` sheet: fuel combustion, grid energy, direct entries, single-factor processes and
notation keys (GPC ch. 6 Stationary energy, ch. 7 Transportation; direct entries in any row).

Everything is computed column-wise: unit strings are converted once per distinct string, factors
are found with merges, and the equations of :mod:`gpc.methods` run on whole arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.activities import DIRECT, DISTRICT_HEAT, GRID_ELECTRICITY, fuel_catalogue, resolve_activity
from gpc.context import Context
from gpc.errors import FactorNotFound, Problem
from gpc.methods.combustion import CO2_PER_C, combustion_emissions
from gpc.methods.electricity import grid_energy_emissions, td_loss_emissions
from gpc.records import make_records
from gpc.sheets import closest
from gpc.units import (
    UnitParseError, annual_factor, convert, factor_to, is_dimension, magnitude_in, parse_unit, strip_gas,
)

__all__ = ["SHEETS", "run", "validate", "compute"]

SHEETS = ("activity",)
GASES = ("CO2", "CH4", "N2O")
_MOBILE_MODE = {"road": "road", "rail": "rail", "navigation": "navigation", "aviation": "aviation",
                "off_road": "off_road"}


@dataclass
class _Out:
    records: list[pd.DataFrame]
    problems: list[Problem]
    notation: pd.DataFrame

    def problem(self, df: pd.DataFrame, mask: np.ndarray | pd.Series, column: str, message: str,
                value_col: str | None = None, severity: str = "error") -> None:
        sub = df[np.asarray(mask, dtype=bool)]
        vals = sub[value_col] if value_col else sub.get(column, pd.Series([None] * len(sub), index=sub.index))
        for s, r, v in zip(sub["sheet"], sub["row"], vals):
            self.problems.append(Problem(s, int(r), column, v, message, severity))


def _dim(unit: str) -> str:
    for name, ref in (("energy", "GJ"), ("mass", "t"), ("volume", "m3")):
        if is_dimension(unit, ref):
            return name
    return "other"


def _blank(v: object) -> bool:
    """Missing cell: None, NaN or NA (pandas may turn None into NaN in text columns)."""
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def _same_dim(q, target: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(q.dimensionality == parse_unit(target).dimensionality)


def _map_unique(values: pd.Series, fn) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Apply ``fn`` once per distinct value and spread the results back over the rows."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    results = np.array([fn(u) for u in uniques], dtype=object)
    return results[codes] if len(uniques) else np.array([], dtype=object)


def _parse_conversion(text: object) -> float:
    if text is None or (isinstance(text, float) and np.isnan(text)) or str(text).strip() == "":
        return 1.0
    return float(Fraction(str(text).strip()))


# ----------------------------------------------------------------------------------------------
def run(tables: dict[str, pd.DataFrame], ctx: Context) -> tuple[pd.DataFrame, list[Problem], pd.DataFrame]:
    """Compute the ``activity`` sheet: (records, problems, notation-key rows)."""
    df = tables.get("activity")
    out = _Out([], [], pd.DataFrame(columns=["sheet", "row", "gpc_ref", "notation_key", "explanation"]))
    if df is None or df.empty:
        return make_records(sheet=[], row=[], gpc_ref=[], gas=[], emissions_t=[]), [], out.notation
    df = df.reset_index(drop=True).copy()
    df["gpc_ref"] = df["gpc_ref"].astype(object)
    fs = ctx.factors

    # ---- notation keys
    nk = df["notation_key"].notna()
    has_amount = df["amount"].notna()
    out.problem(df, nk & has_amount, "amount",
                "a row with a notation key has no amount: clear the amount or the notation key")
    no_expl = nk & df["explanation"].isna()
    out.problem(df, no_expl, "explanation",
                "a notation key needs an explanation: say why (for IE, where the emissions are included)")
    ie_no_where = nk & (df["notation_key"] == "IE") & df["explanation"].notna() & ~df["explanation"].astype(
        str).str.contains(r"\b(?:I|II|III|IV|V|VI)\.\d", regex=True)
    out.problem(df, ie_no_where, "explanation",
                "IE (included elsewhere) must say where: name the GPC row, e.g. 'included in I.3.1'",
                value_col="explanation")
    out.notation = df.loc[nk, ["sheet", "row", "gpc_ref", "notation_key", "explanation", "activity",
                               "data_quality", "source"]].copy()
    data = df[~nk].copy()

    # ---- resolve activities
    process = fs.table("process_factors") if fs.has_table("process_factors") else None
    fuels = set(fuel_catalogue()["fuel"])
    fuel_props = fs.table("fuel_properties")
    fuels |= set(fuel_props["fuel"].dropna())
    known = fuels | {GRID_ELECTRICITY, DISTRICT_HEAT, DIRECT}
    proc_ids = set(process["activity"].dropna()) if process is not None else set()
    known |= proc_ids
    kset = frozenset(known)
    data["activity_id"] = [resolve_activity(a, kset) if not _blank(a) else None for a in data["activity"]]
    out.problem(data, data["activity"].isna(), "activity",
                "the activity is missing: give a fuel, grid_electricity, district_heat, a process activity or "
                "direct — or a notation key with an explanation")
    unknown = data["activity"].notna() & data["activity_id"].isna()
    for i in np.flatnonzero(unknown.to_numpy()):
        r = data.iloc[i]
        out.problems.append(Problem(r["sheet"], int(r["row"]), "activity", r["activity"],
                                    "unknown activity: use a fuel id such as natural_gas or gas_diesel_oil, "
                                    "grid_electricity, district_heat, direct or a process activity (see docs/"
                                    f"activities.md){closest(str(r['activity']), sorted(known))}"))
    out.problem(data, data["amount"].isna(), "amount", "the amount is missing: type a number")
    neg = data["amount"].notna() & (data["amount"] < 0)
    allow_neg = (data["activity_id"] == DIRECT) & data["gpc_ref"].astype(str).str.startswith("V.")
    out.problem(data, neg & ~allow_neg, "amount",
                "a negative amount: activity amounts are never negative (removals go in V rows as direct entries)",
                value_col="amount")
    out.problem(data, data["unit"].isna() & data["amount"].notna(), "unit",
                "the unit is missing: give the unit of the amount, e.g. GJ, MWh, t, m3")
    # user factors need a unit
    has_ef = data[["ef_co2", "ef_ch4", "ef_n2o"]].notna().any(axis=1)
    out.problem(data, has_ef & data["ef_unit"].isna(), "ef_unit",
                "ef_co2/ef_ch4/ef_n2o are given without ef_unit: give their unit, e.g. kg/TJ or t/MWh")

    ok = data["activity_id"].notna() & data["amount"].notna() & data["unit"].notna() & ~(neg & ~allow_neg)
    ok &= ~(has_ef & data["ef_unit"].isna())
    data = data[ok]
    kind = np.select(
        [data["activity_id"] == DIRECT, data["activity_id"] == GRID_ELECTRICITY,
         data["activity_id"] == DISTRICT_HEAT, data["activity_id"].isin(proc_ids)],
        ["direct", "grid", "heat", "process"], default="fuel")
    data["kind"] = kind

    parts = [
        _direct(data[data["kind"] == "direct"], ctx, out),
        _grid(data[data["kind"].isin(["grid", "heat"])], ctx, out),
        _fuel(data[data["kind"] == "fuel"], ctx, out),
        _process(data[data["kind"] == "process"], process, ctx, out),
    ]
    recs = [p for p in parts if p is not None and len(p)]
    records = pd.concat(recs, ignore_index=True) if recs else make_records(sheet=[], row=[], gpc_ref=[], gas=[],
                                                                             emissions_t=[])
    return records, out.problems, out.notation


def validate(tables: dict[str, pd.DataFrame], ctx: Context) -> list[Problem]:
    return run(tables, ctx)[1]


def compute(tables: dict[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    return run(tables, ctx)[0]


# ---------------------------------------------------------------------------------------- direct
def _direct(d: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    if d.empty:
        return None
    out.problem(d, d["gas"].isna(), "gas", "a direct entry needs its gas: CO2, CH4, N2O, SF6, HFC-134a, ... or CO2e")
    units = d["unit"].astype(str)
    dims_ok = np.array([is_dimension(u, "t") for u in units])
    out.problem(d, ~dims_ok, "unit", "a direct entry is a mass of gas: give a mass unit such as t, kt or kg",
                value_col="unit")
    d = d[d["gas"].notna() & dims_ok]
    if d.empty:
        return None
    t = np.array([factor_to(u, "t") for u in d["unit"].astype(str)]) * d["amount"].to_numpy()
    biogenic = (d["biogenic"] == True) & (d["gas"] == "CO2")  # noqa: E712
    return make_records(
        sheet=d["sheet"], row=d["row"], gpc_ref=d["gpc_ref"], gas=d["gas"], emissions_t=t,
        biogenic=biogenic.to_numpy(), method="direct_entry", activity=DIRECT, amount=d["amount"], unit=d["unit"],
        factor_name="", factor_value=np.nan, factor_unit="", factor_source="entered directly",
        detail="", data_quality=d["data_quality"], input_source=d["source"])


# ------------------------------------------------------------------------------------- grid energy
def _grid(d: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    if d.empty:
        return None
    s = ctx.settings
    is_heat = (d["kind"] == "heat").to_numpy()
    energy_ok = np.array([is_dimension(u, "MWh") for u in d["unit"].astype(str)])
    out.problem(d, ~energy_ok, "unit", "grid electricity and district heat are energy: give a unit such as MWh, "
                                       "kWh, GJ or 万千瓦时", value_col="unit")
    refs = d["gpc_ref"].astype(str)
    scope2 = np.array([taxonomy.scope(r) == 2 for r in refs])
    out.problem(d, energy_ok & ~scope2, "gpc_ref",
                "grid-supplied energy is reported in a scope-2 row (I.x.2 or II.x.2): change the gpc_ref",
                value_col="gpc_ref")
    d = d[energy_ok & scope2].copy()
    if d.empty:
        return None
    is_heat = (d["kind"] == "heat").to_numpy()
    mwh = d["amount"].to_numpy() * np.array([factor_to(u, "MWh") for u in d["unit"].astype(str)])
    frames = []
    # CO2 factor: row, then the city sheet, then the factor set
    ef = np.full(len(d), np.nan)   # t CO2 / MWh
    fval = np.full(len(d), np.nan, dtype=object)
    funit = np.full(len(d), "", dtype=object)
    fsrc = np.full(len(d), "", dtype=object)
    detail = np.full(len(d), "", dtype=object)
    row_ef = d["ef_co2"].notna().to_numpy()
    for i in np.flatnonzero(row_ef):
        u, g = strip_gas(str(d["ef_unit"].iloc[i]))
        try:
            ef[i] = d["ef_co2"].iloc[i] * factor_to(u, "t/MWh")
        except UnitParseError as exc:
            out.problems.append(Problem(d["sheet"].iloc[i], int(d["row"].iloc[i]), "ef_unit", d["ef_unit"].iloc[i],
                                        f"{exc}; a grid factor is a mass per energy such as t/MWh or kg/kWh"))
            continue
        fval[i], funit[i], fsrc[i] = d["ef_co2"].iloc[i], u, "row (user factor)"
    for heat, setting, table_name, label in ((False, s.grid_factor, "grid_electricity", "grid"),
                                             (True, s.heat_factor, "district_heat", "heat")):
        need = ~row_ef & (is_heat == heat)
        if not need.any():
            continue
        if setting:
            try:
                q = parse_unit(setting)
                ef[need] = magnitude_in(q, "t/MWh")
                fval[need], funit[need] = float(q.magnitude), f"{q.units:~}"
                fsrc[need] = f"city sheet ({label}_factor)"
            except Exception:
                out.problems.append(Problem("city", None, f"{label}_factor", setting,
                                            f"{label}_factor must be a mass per energy such as 0.58 t/MWh"))
            continue
        value, unit, source, warnings = _set_grid_factor(ctx, table_name)
        if value is None:
            what = "grid electricity" if not heat else "district heat"
            why = f" ({source})" if source else ""
            out.problem(d, need, "ef_co2",
                        f"no {what} CO2 factor is known for factor set '{ctx.factors.id}'"
                        f"{' and region ' + s.region if s.region else ''}{why}: give ef_co2 and ef_unit in this "
                        f"row (e.g. 0.58 t/MWh) or {label}_factor in the city sheet")
            continue
        ef[need] = value * factor_to(unit, "t/MWh")
        fval[need], funit[need], fsrc[need] = value, unit, source
        for w in warnings:
            detail[need] = w
            out.problems.append(Problem("city", None, "region", s.region, w, "warning"))
    good = ~np.isnan(ef)
    d, mwh, ef, fval, funit, fsrc, detail = d[good], mwh[good], ef[good], fval[good], funit[good], fsrc[good], detail[good]
    if d.empty:
        return None
    method = np.where((d["kind"] == "heat").to_numpy(), "district_heat", "grid_electricity")
    frames.append(make_records(
        sheet=d["sheet"], row=d["row"], gpc_ref=d["gpc_ref"], gas="CO2",
        emissions_t=grid_energy_emissions(mwh, ef), method=method, activity=d["activity_id"],
        amount=d["amount"], unit=d["unit"], energy_gj=mwh * 3.6, factor_name="ef_co2",
        factor_value=fval.astype(float), factor_unit=funit, factor_source=fsrc, detail=detail,
        data_quality=d["data_quality"], input_source=d["source"]))
    for gas, col in (("CH4", "ef_ch4"), ("N2O", "ef_n2o")):
        m = d[col].notna().to_numpy()
        if not m.any():
            continue
        units = [strip_gas(str(u))[0] for u in d["ef_unit"][m]]
        f = np.array([factor_to(u, "t/MWh") for u in units]) * d[col][m].to_numpy()
        frames.append(make_records(
            sheet=d["sheet"][m], row=d["row"][m], gpc_ref=d["gpc_ref"][m], gas=gas,
            emissions_t=grid_energy_emissions(mwh[m], f), method=method[m], activity=d["activity_id"][m],
            amount=d["amount"][m], unit=d["unit"][m], energy_gj=mwh[m] * 3.6, factor_name=col,
            factor_value=d[col][m], factor_unit=units, factor_source="row (user factor)",
            data_quality=d["data_quality"][m], input_source=d["source"][m]))
    # T&D losses (scope 3) for grid electricity
    rate = s.td_loss_rate
    if rate:
        elec = pd.concat(frames, ignore_index=True)
        elec = elec[elec["method"] == "grid_electricity"]
        loss_ref = elec["gpc_ref"].str.replace(r"\.2$", ".3", regex=True)
        exists = loss_ref.isin(taxonomy.table().index)
        for ref in sorted(set(elec.loc[~exists, "gpc_ref"])):
            out.problems.append(Problem("city", None, "td_loss_rate", rate,
                                        f"GPC has no scope-3 row for {ref}: its T&D losses are not reported",
                                        "warning"))
        e = elec[exists.to_numpy()]
        if len(e):
            ef_used = e["emissions_t"].to_numpy() / (e["energy_gj"].to_numpy() / 3.6)
            frames.append(make_records(
                sheet=e["sheet"], row=e["row"], gpc_ref=loss_ref[exists].to_numpy(), gas=e["gas"],
                emissions_t=td_loss_emissions(e["energy_gj"].to_numpy() / 3.6, rate, ef_used),
                method="td_losses", activity=GRID_ELECTRICITY, amount=e["amount"], unit=e["unit"],
                energy_gj=e["energy_gj"] * rate, factor_name=e["factor_name"], factor_value=e["factor_value"],
                factor_unit=e["factor_unit"], factor_source=e["factor_source"],
                detail=f"T&D loss rate {rate:g} (city sheet) × consumption × the same grid factor",
                data_quality=e["data_quality"], input_source=e["input_source"]))
    return pd.concat(frames, ignore_index=True)


def _set_grid_factor(ctx: Context, table_name: str) -> tuple[float | None, str, str, list[str]]:
    fs = ctx.factors
    if not fs.has_table(table_name):
        return None, "", "", []
    t = fs.table(table_name)
    s = ctx.settings
    if table_name == "grid_electricity":
        try:
            from gpc.china import grid_factor
        except ImportError:  # pragma: no cover
            return None, "", "", []
        variant = s.grid_variant or "average"
        try:
            value, source, warnings = grid_factor(t, s.region, s.year, variant)
        except (KeyError, ValueError, LookupError) as exc:
            return None, "", str(exc), []
        return float(value), "t/MWh", str(source), list(warnings)
    row = t.iloc[0]
    return float(row["value"]), str(row["unit"]), str(row["source"]), []


# ------------------------------------------------------------------------------------------ fuels
def _fuel(d: pd.DataFrame, ctx: Context, out: _Out) -> pd.DataFrame | None:
    if d.empty:
        return None
    fs = ctx.factors
    s = ctx.settings
    d = d.copy()
    d["fuel"] = d["activity_id"]
    cat = taxonomy.table()["combustion_category"]
    d["category"] = d["gpc_ref"].map(cat).fillna("")
    no_cat = d["category"] == ""
    out.problem(d, no_cat, "gpc_ref",
                "fuel combustion is reported in a I.x.1 / I.4.4 or II.x.1 row; fugitive (I.7, I.8), waste, IPPU "
                "and AFOLU rows take direct entries or their own sheets", value_col="gpc_ref")
    scopes = d["gpc_ref"].map(taxonomy.table()["scope"])
    transboundary = d["gpc_ref"].str.startswith("II.") & (scopes == 3)
    not_scope1 = ~no_cat & (scopes != 1) & ~transboundary
    out.problem(d, not_scope1, "gpc_ref",
                "fuel burnt in the city is scope 1: use the I.x.1 / II.x.1 row (grid energy goes in x.2; "
                "transport fuel of transboundary journeys outside the city in II.x.3)", value_col="gpc_ref")
    d = d[~no_cat & ~not_scope1]
    if d.empty:
        return None

    # ---- units → energy / mass / volume
    d["dim"] = _map_unique(d["unit"].astype(str), _dim)
    out.problem(d, d["dim"] == "other", "unit",
                "a fuel amount is an energy (GJ, MWh, tce), a mass (t, kg, 万吨) or a volume (m3, L, 亿立方米)",
                value_col="unit")
    d = d[d["dim"] != "other"].copy()
    amount = d["amount"].to_numpy()
    units = d["unit"].astype(str)
    E = convert(amount, units, "GJ")
    M = convert(amount, units, "t")
    V = convert(amount, units, "m3")

    # ---- properties: row first, then the set
    props = _fuel_properties(fs, s)
    ncv_m = np.array(d["fuel"].map(props.get("ncv_mass", {})), dtype=float)   # GJ/t
    ncv_v = np.array(d["fuel"].map(props.get("ncv_volume", {})), dtype=float)  # GJ/m3
    ncv_src = np.array(d["fuel"].map(props.get("ncv_source", {})).fillna(""), dtype=object)
    dens = np.array(d["fuel"].map(_densities(fs)["value"]), dtype=float)       # t/m3
    dens_src = np.array(d["fuel"].map(_densities(fs)["source"]).fillna(""), dtype=object)
    for i, (txt, r) in enumerate(zip(d["ncv"], d["row"])):
        if _blank(txt):
            continue
        try:
            q = parse_unit(txt)
            if _same_dim(q, "GJ/t"):
                ncv_m[i], ncv_v[i] = magnitude_in(q, "GJ/t"), np.nan
            elif _same_dim(q, "GJ/m3"):
                ncv_v[i], ncv_m[i] = magnitude_in(q, "GJ/m3"), np.nan
            else:
                raise UnitParseError("ncv must be an energy per mass or per volume, e.g. 43 TJ/Gg or 38.931 MJ/m3")
            ncv_src[i] = f"row: {txt}"
        except (UnitParseError, Exception) as exc:
            out.problems.append(Problem(d["sheet"].iloc[i], int(r), "ncv", txt, str(exc)))
    for i, (txt, r) in enumerate(zip(d["density"], d["row"])):
        if _blank(txt):
            continue
        try:
            dens[i] = magnitude_in(parse_unit(txt), "t/m3")
            dens_src[i] = f"row: {txt}"
        except Exception:
            out.problems.append(Problem(d["sheet"].iloc[i], int(r), "density", txt,
                                        "density must be a mass per volume, e.g. 0.84 kg/L"))
    mass_from_v = V * dens
    energy = np.where(~np.isnan(E), E,
             np.where(~np.isnan(M), np.where(~np.isnan(ncv_m), M * ncv_m, (M / dens) * ncv_v),
             np.where(~np.isnan(ncv_v), V * ncv_v, mass_from_v * ncv_m)))
    mass = np.where(~np.isnan(M), M, np.where(~np.isnan(V), mass_from_v, E / ncv_m))
    volume = np.where(~np.isnan(V), V, np.where(~np.isnan(M), M / dens, E / ncv_v))

    # ---- factors per gas: (value in t per basis unit, basis, shown value, shown unit, source)
    recs = []
    bad_rows: set[int] = set()
    for gas in GASES:
        f = _factors_for_gas(d, gas, fs, s, out)
        if f is None:
            continue
        t_per, basis, shown_v, shown_u, src, det = f
        base = np.select([basis == "energy", basis == "mass", basis == "volume"], [energy, mass, volume], np.nan)
        em = combustion_emissions(base, t_per)
        missing = np.isnan(em) & ~np.isnan(t_per)
        for i in np.flatnonzero(missing):
            if i in bad_rows:
                continue
            bad_rows.add(i)
            r = d.iloc[i]
            need = {"energy": "an NCV (ncv, e.g. 38.931 MJ/m3)", "mass": "a density (density, e.g. 0.84 kg/L) or NCV",
                    "volume": "a density (density, e.g. 0.84 kg/L)"}[basis[i]]
            out.problems.append(Problem(r["sheet"], int(r["row"]), "unit", r["unit"],
                                        f"cannot turn {r['amount']:g} {r['unit']} of {r['fuel']} into "
                                        f"{'energy' if basis[i] == 'energy' else basis[i]}: give {need} in this row, "
                                        "or the amount in energy units"))
        keep = ~np.isnan(em)
        if not keep.any():
            continue
        biogenic_fuel = d["fuel"].map(fuel_catalogue()["biogenic"]).fillna(False).astype(bool).to_numpy()
        row_bio = d["biogenic"].to_numpy(dtype=object)
        is_bio = np.where(pd.isna(row_bio), biogenic_fuel, row_bio == True)  # noqa: E712
        k = keep
        used_ncv = (d["dim"].to_numpy() != "energy") & (basis == "energy")
        det_ncv = [f"NCV {_fmt_ncv(a, b)} ({c})" + (f"; density {rho:g} t/m3 ({ds})" if dim == "volume" and
                                                    not np.isnan(rho) and np.isnan(b) else "")
                   if use and (not np.isnan(a) or not np.isnan(b)) else ""
                   for a, b, c, use, dim, rho, ds in zip(ncv_m[k], ncv_v[k], ncv_src[k], used_ncv[k],
                                                         d["dim"].to_numpy()[k], dens[k], dens_src[k])]
        dd = d[k]
        recs.append(make_records(
            sheet=dd["sheet"], row=dd["row"], gpc_ref=dd["gpc_ref"], gas=gas, emissions_t=em[k],
            biogenic=(is_bio[k] & (gas == "CO2")), method=np.where(dd["category"].isin(list(_MOBILE_MODE)),
                                                                  "mobile_combustion", "stationary_combustion"),
            activity=dd["fuel"], amount=dd["amount"], unit=dd["unit"], energy_gj=energy[k],
            factor_name=f"ef_{gas.lower()}", factor_value=shown_v[k], factor_unit=shown_u[k], factor_source=src[k],
            detail=[("; ".join(x for x in (a, b) if x)) for a, b in zip(det_ncv, det[k])],
            technology=dd["technology"], data_quality=dd["data_quality"], input_source=dd["source"],
            mass_t=mass[k], density_t_per_m3=dens[k]))
    if not recs:
        return None
    return pd.concat(recs, ignore_index=True)


def _fmt_ncv(m: float, v: float) -> str:
    return f"{m:g} GJ/t" if not np.isnan(m) else f"{v:g} GJ/m3"


_PROPS_CACHE: dict[tuple[int, str | None], dict[str, dict]] = {}


def _fuel_properties(fs, s) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    key = (id(fs), s.guideline)
    if key not in _PROPS_CACHE:
        _PROPS_CACHE[key] = _build_fuel_properties(fs, s)
    return _PROPS_CACHE[key]


def _build_fuel_properties(fs, s) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    t = fs.table("fuel_properties")
    if "guideline" in t.columns:
        from gpc.china import select_fuel_parameters

        order = [g["id"] if isinstance(g, dict) else str(g) for g in fs.meta.get("guidelines", [])]
        order = order or sorted(set(t["guideline"].dropna()))
        chosen_g = s.guideline or fs.meta.get("default_guideline") or order[0]
        t, _ = select_fuel_parameters(t, chosen_g, order)
        t = t.assign(source=[f"[{g}] {src}" if g in order else src for g, src in zip(t["guideline"], t["source"])])
    out: dict[str, dict] = {"ncv_mass": {}, "ncv_volume": {}, "ncv_source": {}, "co2": {}, "co2_source": {}}
    for fuel, par, val, unit, src in zip(t["fuel"], t["parameter"], t["value"], t["unit"], t["source"]):
        if par == "ncv":
            if is_dimension(unit, "GJ/t"):
                out["ncv_mass"][fuel] = val * factor_to(unit, "GJ/t")
            elif is_dimension(unit, "GJ/m3"):
                out["ncv_volume"][fuel] = val * factor_to(unit, "GJ/m3")
            out["ncv_source"][fuel] = f"{val:g} {unit}, {src}"
    co2 = {}
    cc = {}
    ox = {}
    for fuel, par, val, unit, src in zip(t["fuel"], t["parameter"], t["value"], t["unit"], t["source"]):
        if par == "co2_ef":
            co2[fuel] = (val * factor_to(strip_gas(unit)[0], "t/GJ"), val, strip_gas(unit)[0], src)
        elif par == "carbon_content":
            cc[fuel] = (val * factor_to(unit, "t/GJ"), val, unit, src)
        elif par == "oxidation_factor":
            ox[fuel] = (val, src)
    out["co2"] = co2
    out["cc"] = cc
    out["ox"] = ox
    # fuels mapped to an IPCC fuel take its properties where they have none of their own
    for fuel, ipcc in _ipcc_fuel_map(fs, use="all").items():
        for key in ("ncv_mass", "ncv_volume", "co2", "cc", "ox"):
            if fuel not in out[key] and ipcc in out[key]:
                out[key][fuel] = out[key][ipcc]
        if fuel not in out["ncv_source"] and ipcc in out["ncv_source"]:
            out["ncv_source"][fuel] = f"as {ipcc}: {out['ncv_source'][ipcc]}"
    return out


def _densities(fs) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    if not fs.has_table("densities"):
        return pd.DataFrame({"value": pd.Series(dtype=float), "source": pd.Series(dtype=object)})
    t = fs.table("densities").drop_duplicates("fuel")
    vals = [v * factor_to(u, "t/m3") for v, u in zip(t["value"], t["unit"])]
    return pd.DataFrame({"value": vals, "source": [f"{v:g} {u}, {s}" for v, u, s in
                                                   zip(t["value"], t["unit"], t["source"])]}, index=t["fuel"])


def _row_factor(d: pd.DataFrame, col: str, out: _Out):  # type: ignore[no-untyped-def]
    """User factors of one gas column: t per basis unit, basis, shown value/unit."""
    n = len(d)
    t_per = np.full(n, np.nan)
    basis = np.full(n, "", dtype=object)
    unit_shown = np.full(n, "", dtype=object)
    m = d[col].notna().to_numpy()
    for i in np.flatnonzero(m):
        raw_unit = str(d["ef_unit"].iloc[i])
        u, _ = strip_gas(raw_unit)
        for b, ref in (("energy", "t/GJ"), ("mass", "t/t"), ("volume", "t/m3")):
            if is_dimension(u, ref):
                t_per[i] = d[col].iloc[i] * factor_to(u, ref)
                basis[i] = b
                unit_shown[i] = u
                break
        else:
            out.problems.append(Problem(d["sheet"].iloc[i], int(d["row"].iloc[i]), "ef_unit", raw_unit,
                                        "an emission factor is a mass of gas per energy (kg/TJ), per mass (t/t) "
                                        "or per volume (kg/L)"))
    return t_per, basis, unit_shown


def _factors_for_gas(d: pd.DataFrame, gas: str, fs, s, out: _Out):  # type: ignore[no-untyped-def]
    n = len(d)
    col = f"ef_{gas.lower()}"
    t_per, basis, shown_u = _row_factor(d, col, out)
    shown_v = np.array(d[col], dtype=float)
    src = np.where(~np.isnan(t_per), "row (user factor)", "").astype(object)
    det = np.full(n, "", dtype=object)
    need = np.isnan(t_per) & d[col].isna().to_numpy()
    if not need.any():
        return t_per, basis, shown_v, shown_u, src, det
    mobile = d["category"].isin(list(_MOBILE_MODE)).to_numpy()
    keys = pd.DataFrame({
        "fuel": d["fuel"].to_numpy(), "category": d["category"].to_numpy(),
        "tech": d["technology"].fillna("").astype(str).str.strip().str.lower()
                 .str.replace(r"[\s\-]+", "_", regex=True).to_numpy(),
        "ox": d["oxidation_factor"].fillna(-1.0).to_numpy(dtype=float),
    })
    groups = keys.groupby(["fuel", "category", "tech", "ox"], sort=False).indices
    lookup = _co2_lookup if gas == "CO2" else _non_co2_lookup
    for (fuel, cat, tech, ox), idx in groups.items():
        idx = idx[need[idx]]
        if not len(idx):
            continue
        hit = lookup(fs, s, gas, fuel, cat, tech, None if ox < 0 else ox, bool(mobile[idx[0]]))
        if isinstance(hit, tuple) and len(hit) == 2:  # (column, message): a problem
            column, message = hit
            for i in idx:
                r = d.iloc[i]
                out.problems.append(Problem(r["sheet"], int(r["row"]), column,
                                            r["technology"] if column == "technology" else None, message))
            continue
        tpg, v, u, sr, dt = hit
        t_per[idx], basis[idx], shown_v[idx], shown_u[idx], src[idx], det[idx] = tpg, "energy", v, u, sr, dt
    return t_per, basis, shown_v, shown_u, src, det


def _co2_lookup(fs, s, gas, fuel, cat, tech, ox_row, mobile):  # type: ignore[no-untyped-def]
    """The CO2 factor of a fuel (t/GJ, shown value, unit, source, detail) or (column, problem)."""
    props = _fuel_properties(fs, s)
    mob = _mobile_table(fs)
    hit = None
    if mobile and mob is not None:
        m = mob[(mob["mode"] == cat) & (mob["fuel"] == fuel) & (mob["gas"] == "CO2")]
        if len(m):
            r = m.iloc[0]
            hit = (r["value"] * factor_to(r["unit"], "t/GJ"), r["value"], r["unit"], r["source"], "", 1.0)
    if hit is None and fuel in props["co2"]:
        tpg, v, u, sr = props["co2"][fuel]
        hit = (tpg, v, u, sr, "", 1.0)
    if hit is None and fuel in props["cc"]:
        tpg, v, u, sr = props["cc"][fuel]
        of, of_src = props["ox"].get(fuel, (1.0, "full oxidation"))
        if ox_row is not None:
            of, of_src = ox_row, "row"
        ef = tpg * of * CO2_PER_C
        return (ef, ef * 1e6, "kg/TJ", sr, f"EF = carbon content {v:g} {u} × oxidation {of:g} ({of_src}) × 44/12")
    if hit is None:
        return ("ef_co2", f"factor set '{fs.id}' has no CO2 factor for {fuel}: give ef_co2 and ef_unit in this row")
    tpg, v, u, sr, dt, _ = hit
    if ox_row is not None:
        tpg = tpg * ox_row
        return (tpg, tpg * 1e6, "kg/TJ", sr, f"{v:g} {u} × oxidation factor {ox_row:g} (row)")
    return (tpg, v, u, sr, dt)


def _non_co2_lookup(fs, s, gas, fuel, cat, tech, ox_row, mobile):  # type: ignore[no-untyped-def]
    """The CH4 or N2O factor of a fuel in a category / transport mode, or (column, problem)."""
    col = f"ef_{gas.lower()}"
    stat = fs.table("stationary_combustion")
    mob = _mobile_table(fs)
    ipcc_map = _ipcc_fuel_map(fs)
    for f in dict.fromkeys((fuel, ipcc_map.get(fuel))):
        if f is None:
            continue
        if mobile:
            if mob is None:
                continue
            m = mob[(mob["mode"] == cat) & (mob["fuel"] == f) & (mob["gas"] == gas)]
            if m.empty:
                continue
            if tech:
                mt = m[m["technology"] == tech]
                if mt.empty and len(set(m["technology"])) > 1:
                    return ("technology", f"unknown technology for {fuel} in {cat.replace('_', '-')} transport: use "
                                          f"one of {', '.join(sorted(set(m['technology'])))}")
                m = mt if len(mt) else m
            elif len(m) > 1 and "is_default" in m.columns:
                dm = m[m["is_default"].astype(str).str.lower().isin(("true", "1", "yes"))]
                m = dm if len(dm) else m
            r = m.iloc[0]
            note = f"technology {r['technology']}" + (f"; {fuel} taken as {f}" if f != fuel else "")
            return (r["value"] * factor_to(r["unit"], "t/GJ"), r["value"], r["unit"], r["source"], note)
        m = stat[(stat["fuel"] == f) & (stat["category"] == cat) & (stat["gas"] == gas)]
        if len(m):
            r = m.iloc[0]
            return (r["value"] * factor_to(r["unit"], "t/GJ"), r["value"], r["unit"], r["source"],
                    f"category {cat}" + (f"; {fuel} taken as {f}" if f != fuel else ""))
    where = f"{cat.replace('_', ' ')} {'transport' if mobile else 'combustion'}"
    return (col, f"factor set '{fs.id}' has no {gas} factor for {fuel} in {where}: give {col} and ef_unit "
                 "in this row")


def _mobile_table(fs) -> pd.DataFrame | None:  # type: ignore[no-untyped-def]
    return fs.table("mobile_combustion") if fs.has_table("mobile_combustion") else None


def _ipcc_fuel_map(fs, use: str | None = None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Stand-in IPCC fuels (``fuels_ipcc_map``); ``use="all"`` keeps those that may supply NCV and CO2 too."""
    if not fs.has_table("fuels_ipcc_map"):
        return {}
    t = fs.table("fuels_ipcc_map")
    if use is not None and "use" in t.columns:
        t = t[t["use"].fillna("all") == use]
    return dict(zip(t["fuel"], t["ipcc_fuel"]))


# ---------------------------------------------------------------------------------------- process
def _process(d: pd.DataFrame, table: pd.DataFrame | None, ctx: Context, out: _Out) -> pd.DataFrame | None:
    """Single-factor activities (IPPU/AFOLU Tier 1): E = amount × factor × conversion, one record per factor row.

    IPCC 2006 Vol. 1 Ch. 1 Eq. 1.1 in the form each table row cites (Vol. 3 and Vol. 4 equations); rows
    are grouped by (activity, technology, unit) so each factor is looked up once.
    """
    if d.empty or table is None:
        return None
    d = d.copy()
    d["tech_key"] = d["technology"].map(lambda v: "" if _blank(v) else str(v).strip().lower().replace(" ", "_")
                                        .replace("-", "_"))
    techs_all = table["technology"].map(lambda v: "" if _blank(v) else str(v)) if "technology" in table.columns \
        else pd.Series([""] * len(table), index=table.index)
    frames = []
    for (act, tech, unit), idx in d.groupby(["activity_id", "tech_key", "unit"], sort=False).indices.items():
        g = d.iloc[idx]
        rows = table[table["activity"] == act]
        techs = techs_all[rows.index]
        problem = None
        if "gpc_ref_prefix" in rows.columns:
            prefixes = [p for p in rows["gpc_ref_prefix"].dropna().unique()]
            bad = ~g["gpc_ref"].astype(str).map(lambda r: any(r == p or r.startswith(p + ".") or r.startswith(p)
                                                               for p in prefixes)).to_numpy(dtype=bool) \
                if prefixes else np.zeros(len(g), dtype=bool)
            if bad.any():
                out.problem(g, bad, "gpc_ref", f"{act} is reported in {' or '.join(prefixes)}: change the gpc_ref",
                            value_col="gpc_ref")
                g = g[~bad]
                if g.empty:
                    continue
        chosen = rows[(techs == tech).to_numpy()]
        options = sorted(set(t for t in techs if t))
        if chosen.empty:
            if tech:
                problem = ("technology", f"unknown technology for {act}: use one of {', '.join(options) or '(none)'}")
            else:
                problem = ("technology", f"{act} has no default: give a technology ({', '.join(options)})")
        if problem is None:
            try:
                k = [annual_factor(str(unit), str(u)) for u in chosen["unit"]]
            except UnitParseError as exc:
                per = str(chosen.iloc[0]["unit"]).split("/", 1)[-1]
                problem = ("unit", f"{exc}; {act} is given per {per}")
        if problem is not None:
            col, msg = problem
            out.problem(g, np.ones(len(g), dtype=bool), col, msg, value_col=col)
            continue
        conv = np.array([_parse_conversion(c) for c in (chosen["conversion"] if "conversion" in chosen.columns
                                                           else [None] * len(chosen))])
        per_unit = chosen["value"].to_numpy(dtype=float) * np.array(k) * conv      # t gas per unit of amount
        n, m = len(g), len(chosen)
        amount = np.repeat(g["amount"].to_numpy(dtype=float), m)
        frames.append(make_records(
            sheet=np.repeat(g["sheet"].to_numpy(), m), row=np.repeat(g["row"].to_numpy(), m),
            gpc_ref=np.repeat(g["gpc_ref"].to_numpy(), m), gas=np.tile(chosen["gas"].to_numpy(), n),
            emissions_t=amount * np.tile(per_unit, n), biogenic=False,
            method=np.tile(chosen["method"].fillna("process").to_numpy() if "method" in chosen.columns
                           else np.array(["process"] * m), n),
            activity=act, amount=amount, unit=unit, factor_name="process_factor",
            factor_value=np.tile(chosen["value"].to_numpy(dtype=float), n),
            factor_unit=np.tile(chosen["unit"].to_numpy(), n), factor_source=np.tile(chosen["source"].to_numpy(), n),
            detail=np.tile(np.array([(f"× {c}" if c and str(c) not in ("1", "None", "nan") else "")
                                     for c in (chosen["conversion"] if "conversion" in chosen.columns
                                               else [""] * m)], dtype=object), n),
            technology=np.repeat(g["technology"].to_numpy(), m),
            data_quality=np.repeat(g["data_quality"].to_numpy(), m), input_source=np.repeat(g["source"].to_numpy(), m)))
    return pd.concat(frames, ignore_index=True) if frames else None
