"""IPPU sheets (GPC ch. 9; IPCC 2006 Vol. 3): ``ippu`` (IV.1/IV.2 processes with the user's own parameters)
and ``refrigerants`` (IV.2 HFCs from refrigeration and air conditioning).

As printed (issue #13): an own clinker ``ef`` gets the CKD correction (Ch. 2 Eq. 2.2); lime is Tier 1 (plain
factor) unless a correction column selects Tier 2, which applies CFlkd and Ch together (Sec. 2.3.1.1);
``sf6_electrical`` counts manufacturing, installation, use and disposal (Ch. 8 Sec. 8.2.2.1, Tier 1).

Single-factor IPPU activities (``clinker_production``, ``lime_production``, ``sf6_equipment`` …) are rows of
the ``activity`` sheet, computed by the engine with ``process_factors.csv``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.afolu import Range
from gpc.factors.ippu import IppuFactors
from gpc.factors.resolve import resolver
from gpc.i18n import label
from gpc.methods import ippu as eq
from gpc.records import empty_records, make_records
from gpc.sectors import compute_sheets, validate_sheets
from gpc.sectors.afolu.common import _blank, _col, _num, _prefix_problems, _range_columns, _sum_range, _text
from gpc.units import convert, is_dimension, parse_unit, unit_problem

__all__ = ["SHEETS", "compute", "validate"]

SHEETS: tuple[str, ...] = ("ippu", "refrigerants")

#: process → (activity id in process_factors.csv, GPC row prefix)
PROCESS_ACTIVITY = {
    "cement": ("cement_production", "IV.1"), "clinker": ("clinker_production", "IV.1"),
    "lime": ("lime_production", "IV.1"), "glass": ("glass_production", "IV.1"),
    "carbonate_use": ("carbonate_use", "IV.1"), "ammonia": ("ammonia_production", "IV.1"),
    "lubricant_use": ("lubricant_use", "IV.2"), "paraffin_wax_use": ("paraffin_wax_use", "IV.2"),
    "sf6_electrical": ("sf6_equipment", "IV.2"),
}
#: columns whose presence selects the Tier 2 lime equation (IPCC 2006 Vol. 3 Ch. 2 Sec. 2.3.1.1)
_LIME_TIER2_COLUMNS = ("hydrated_lime_fraction", "water_content", "lkd_correction")


#: share of a row's SF6 decided by the recovery default above which gpc warns (as for AFOLU defaults)
_LARGE_SHARE = 0.20
#: processes whose technology is looked up in process_factors.csv (glass types are in ippu_parameters.csv)
_TECH_FROM_PF = ("lime", "carbonate_use", "ammonia")


def _ippu_problems(df: pd.DataFrame, ctx: Context) -> list[Problem]:
    sheet = "ippu"
    prm = resolver(ctx).ippu()
    out: list[Problem] = []
    for i, (row, ref, proc, tech, unit) in enumerate(zip(_col(df, "row"), _col(df, "gpc_ref"), _text(df, "process"),
                                                       _text(df, "technology"), _text(df, "unit"))):
        row = int(row)
        prefix = PROCESS_ACTIVITY.get(proc, ("", "IV"))[1]
        if not _blank(ref) and not (str(ref) == prefix or str(ref).startswith(prefix + ".")):
            out.append(Problem(sheet, row, "gpc_ref", ref, f"{proc} is reported in {prefix}"))
        energy_ok = proc in ("lubricant_use", "paraffin_wax_use")
        if unit and not (is_dimension(unit, "t") or (energy_ok and is_dimension(unit, "GJ"))):
            msg = unit_problem(unit, "t") or "not a mass"
            out.append(Problem(sheet, row, "unit", unit, f"{msg}{' or an energy (GJ)' if energy_ok else ''}"))
        if proc == "glass" and tech and prm.get("ef_glass", tech) is None:
            out.append(Problem(sheet, row, "technology", tech, "unknown glass type: use one of "
                               + ", ".join(sorted(o for o in prm.t.loc[prm.t["parameter"] == "ef_glass", "option"].dropna()))))
        if proc == "cement" and tech and prm.get("clinker_fraction", tech) is None:
            out.append(Problem(sheet, row, "technology", tech, "cement technology is portland or blended"))
        if proc in _TECH_FROM_PF and _blank(_col(df, "ef").iloc[i]) and prm.ef(PROCESS_ACTIVITY[proc][0], tech) is None:
            options = prm.pf.loc[prm.pf["activity"] == PROCESS_ACTIVITY[proc][0], "technology"].dropna().unique()
            out.append(Problem(sheet, row, "technology", tech, f"no default factor for {proc} '{tech}': use one of "
                               f"{', '.join(sorted(options))} or give ef"))
        if proc == "sf6_electrical":
            out.extend(_sf6_problems(df, i, row, tech, unit, prm))
        if proc in ("lubricant_use", "paraffin_wax_use") and not _blank(_col(df, "ncv").iloc[i]):
            try:
                parse_unit(str(_col(df, "ncv").iloc[i])).to("GJ/t")
            except Exception:  # noqa: BLE001 - pint raises several types
                out.append(Problem(sheet, row, "ncv", _col(df, "ncv").iloc[i], "ncv must be an energy per mass, e.g. 40.2 GJ/t"))
    return out


def _yes(v: object) -> bool:
    """A bool cell as typed by the reader (True/False), or yes/no text."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    return not _blank(v) and str(v).strip().lower() in ("yes", "true", "1", "y", "是")


def _sf6_parts(df: pd.DataFrame, i: int, tech: str, unit: str, prm: IppuFactors) -> dict[str, Any]:
    """The four stages of the Tier 1 SF6 equation for row i (masses in t), with their factors and sources."""
    one = df.iloc[[i]]

    def mass(col: str) -> float:
        v = _num(one, col, 0.0)[0]
        return float(convert([v], unit, "t")[0])

    def given(col: str) -> float:
        return float(_num(one, col)[0])

    table = "IPCC 2006 Vol. 3 Ch. 8 Tables 8.2/8.3"
    use_ef, use_src = (given("ef"), "row") if not np.isnan(given("ef")) else prm.factor("sf6_equipment", tech, "SF6")
    man_ef, man_src = prm.ef("sf6_equipment_manufacturing", tech, "SF6") or (np.nan, "")
    rem = given("retired_remaining")
    rem_src = "row"
    if np.isnan(rem):
        rem, rem_src = prm.ef("sf6_equipment_disposal", tech, "SF6") or (np.nan, "")
    rec = given("recovery")
    return {
        "installed": float(convert([_num(one, "amount")[0]], unit, "t")[0]), "use_ef": use_ef, "use_src": use_src,
        "consumed": mass("sf6_manufacturing"), "man_ef": man_ef, "man_src": man_src or table,
        "new": mass("new_capacity"), "inst_ef": given("installation_ef"),
        "retired": mass("retired_capacity"), "remaining": rem, "rem_src": rem_src or table,
        "recovery": 0.0 if np.isnan(rec) else rec, "recovery_given": not np.isnan(rec),
    }


def _sf6_problems(df: pd.DataFrame, i: int, row: int, tech: str, unit: str, prm: IppuFactors) -> list[Problem]:
    sheet = "ippu"
    out: list[Problem] = []
    if prm.ef("sf6_equipment", tech, "SF6") is None:
        options = prm.pf.loc[prm.pf["activity"] == "sf6_equipment", "technology"].dropna().unique()
        out.append(Problem(sheet, row, "technology", tech, "no IPCC 2006 Table 8.2/8.3 factors for SF6 equipment "
                           f"'{tech}': use one of {', '.join(sorted(options))}"))
        return out
    if unit and not is_dimension(unit, "t"):
        return out  # reported with the unit
    p = _sf6_parts(df, i, tech, unit or "t", prm)
    if p["new"] > 0 and np.isnan(p["inst_ef"]):
        out.append(Problem(sheet, row, "installation_ef", None,
                           "new_capacity needs installation_ef: IPCC 2006 Tables 8.2/8.3 print no separate installation "
                           "factor (give the fraction of the nameplate capacity emitted when filling on site)"))
    if p["retired"] > 0 and not p["recovery_given"]:
        use = float(eq.sf6_use_t(p["installed"], p["use_ef"]))
        man = float(eq.sf6_manufacturing_t(p["consumed"], p["man_ef"]))
        inst = 0.0 if np.isnan(p["inst_ef"]) else float(eq.sf6_installation_t(p["new"], p["inst_ef"]))
        disp = float(eq.sf6_disposal_t(p["retired"], p["remaining"], 0.0))
        total = use + man + inst + disp
        share = disp / total if total > 0 else 0.0
        if share >= _LARGE_SHARE:
            out.append(Problem(sheet, row, "recovery", None,
                               label("warn.sf6_no_recovery", "en", share=f"{share:.0%}"), severity="warning"))
    return out


class _Row:
    """One row of the ippu sheet: its cells as numbers, its own factor, and the set's IPPU factors."""

    def __init__(self, df: pd.DataFrame, i: int, tech: str, unit: str, amount: float, ef_row: float,
                 prm: IppuFactors, activity: str):
        self.df, self.i, self.one = df, i, df.iloc[[i]]
        self.tech, self.unit, self.amount, self.ef_row = tech, unit, amount, ef_row
        self.prm, self.activity = prm, activity

    def val(self, col: str, default: Any) -> Any:
        """The row's value of ``col``, else ``default`` (the set's)."""
        v = _num(self.one, col)[0]
        return default if np.isnan(v) else float(v)

    def given(self, col: str) -> bool:
        return not np.isnan(_num(self.one, col)[0])

    def mass(self, col: str) -> float:
        v = _num(self.one, col, 0.0)[0]
        return float(convert([v], self.unit, "t")[0])

    def ef(self) -> tuple[Any, str]:
        """The row's ef, else the set's factor of the activity and technology (``process_factors``)."""
        if not np.isnan(self.ef_row):
            return self.ef_row, "row"
        return self.prm.factor(self.activity, self.tech)


def _ippu_records(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """One record per row of the ippu sheet, by the equation of its process (IPCC 2006 Vol. 3)."""
    prm = resolver(ctx).ippu()
    recs: list[dict[str, Any]] = []
    amount = _num(df, "amount")
    ef_row = _num(df, "ef")
    for i, (row, ref, proc, tech, unit) in enumerate(zip(_col(df, "row"), _col(df, "gpc_ref"), _text(df, "process"),
                                                       _text(df, "technology"), _text(df, "unit"))):
        activity = PROCESS_ACTIVITY[proc][0]
        base = {"sheet": "ippu", "row": int(row), "gpc_ref": ref, "gas": "CO2", "activity": activity,
                "amount": amount[i], "unit": unit}
        r = _Row(df, i, tech, unit, amount[i], ef_row[i], prm, activity)
        if proc in ("lubricant_use", "paraffin_wax_use"):
            recs.append(_non_energy(base, r, proc))
            continue
        if proc == "sf6_electrical":
            recs.extend(_sf6_records(base, df, i, tech, unit, prm))
            continue
        m = float(convert([amount[i]], unit, "t")[0])
        build = _BY_PROCESS.get(proc)
        if build is not None:
            recs.append(build(base, r, proc, m))
    if not recs:
        return empty_records()
    keys = list(dict.fromkeys(k for r in recs for k in r))
    return make_records(**{k: [r.get(k) for r in recs] for k in keys})


def _non_energy(base: dict[str, Any], r: _Row, proc: str) -> dict[str, Any]:
    """Lubricants and paraffin wax: CO2 = energy × CC × ODU × 44/12 (IPCC 2006 Vol. 3 Ch. 5 Eq. 5.2/5.4)."""
    prm, unit, tech = r.prm, r.unit, r.tech
    if is_dimension(unit, "GJ"):
        energy = float(convert([r.amount], unit, "GJ")[0])
        ncv_txt = "energy given"
    else:
        ncv_cell = _col(r.df, "ncv").iloc[r.i]
        ncv = (float(parse_unit(str(ncv_cell)).to("GJ/t").magnitude) if not _blank(ncv_cell)
               else prm.value("ncv_lubricant"))
        energy = float(convert([r.amount], unit, "t")[0]) * ncv
        ncv_txt = f"NCV {ncv:g} GJ/t"
    cc = r.val("carbon_content", prm.get("carbon_content_lubricant"))
    odu = r.val("odu", prm.get("odu", tech if tech in ("oil", "grease") else proc))
    e = float(eq.non_energy_product_co2(energy, cc, odu))
    return dict(base, emissions_t=e, method="non_energy_products_t1", energy_gj=energy, factor_name="odu",
                factor_value=odu, factor_unit="1", factor_source="IPCC 2006 Vol. 3 Ch. 5 Eq. 5.2/5.4, Table 5.2",
                detail=f"{ncv_txt}; carbon content {cc:g} kg C/GJ; ODU {odu:g}")


def _cement(base: dict[str, Any], r: _Row, proc: str, m: float) -> dict[str, Any]:
    """Cement and clinker (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1–2.4)."""
    prm, ef_row = r.prm, r.ef_row
    cao = r.val("cao_content", np.nan)
    ckd_note = ""
    if not np.isnan(ef_row):
        if _yes(_col(r.df, "ef_includes_ckd").iloc[r.i]):
            efc, src = ef_row, "row (CKD included, ef_includes_ckd = yes)"
            ckd_note = f"; own EFcl {ef_row:g} t/t includes CKD (ef_includes_ckd)"
        else:
            ckd = r.val("ckd_correction", prm.get("ckd_correction"))
            efc = float(eq.clinker_ef_with_ckd(ef_row, ckd))
            src = "row x CFckd (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.2)"
            ckd_note = (f"; own EFcl {ef_row:g} t/t x CFckd {ckd:g} = {efc:g} t/t (Eq. 2.2"
                        f"{', default 1.02' if not r.given('ckd_correction') else ''})")
    elif not np.isnan(cao):
        efc = float(eq.clinker_ef_from_cao(cao, r.val("ckd_correction", prm.get("ckd_correction"))))
        src = "IPCC 2006 Vol. 3 Ch. 2 Eq. 2.4 (CaO x 0.785 x CKD)"
    else:
        efc, src = prm.value("ef_clinker"), "IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1 (0.52 t CO2/t clinker)"
    if proc == "clinker":
        e = float(eq.clinker_co2(m, efc))
        detail = "clinker produced" + ckd_note
    else:
        cf = r.val("clinker_fraction", prm.get("clinker_fraction", r.tech))
        im, ex = r.mass("clinker_imports"), r.mass("clinker_exports")
        e = float(eq.cement_co2(m, cf, im, ex, efc))
        detail = f"clinker fraction {cf:g}; clinker imports {im:g} t, exports {ex:g} t{ckd_note}"
    return dict(base, emissions_t=e, method="cement_t1", factor_name="ef_clinker", factor_value=efc,
                factor_unit="t/t", factor_source=src, detail=detail)


def _lime(base: dict[str, Any], r: _Row, proc: str, m: float) -> dict[str, Any]:
    """Lime: Tier 1 (Ml × EFlime) or Tier 2 with hydrated lime and LKD (IPCC 2006 Vol. 3 Ch. 2 Sec. 2.3.1)."""
    prm, tech = r.prm, r.tech
    ef, src = r.ef()
    tier2 = any(r.given(c) for c in _LIME_TIER2_COLUMNS)
    if tier2:
        x = r.val("hydrated_lime_fraction", prm.get("hydrated_lime_fraction"))
        y = r.val("water_content", prm.get("hydrated_lime_water"))
        lkd = r.val("lkd_correction", prm.get("lkd_correction"))
        e = float(eq.lime_co2_tier2(m, ef, lkd, x, y))
        defaults = [n for n, c in (("x 0.10", "hydrated_lime_fraction"), ("CFlkd 1.02", "lkd_correction"))
                    if not r.given(c)]
        detail = (f"Tier 2 (IPCC 2006 Vol. 3 Ch. 2 Sec. 2.3.1.1): lime type {tech or 'default'}; CFlkd {lkd:g} x "
                  f"Ch (1 - {x:g} x {y:g}) = {lkd * (1 - x * y):.6g}"
                  + (f"; defaults: {', '.join(defaults)}" if defaults else ""))
        method = "lime_t2"
    else:
        e = float(eq.lime_co2(m, ef, 0.0, 0.0))
        detail = f"Tier 1 (Ml x EFlime): lime type {tech or 'default'}"
        method = "lime_t1"
    return dict(base, emissions_t=e, method=method, factor_name="ef_lime", factor_value=ef, factor_unit="t/t",
                factor_source=src, detail=detail)


def _glass(base: dict[str, Any], r: _Row, proc: str, m: float) -> dict[str, Any]:
    """Glass: CO2 = Mg × EF × (1 − CR) (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.10/2.11)."""
    own = not np.isnan(r.ef_row)
    ef = r.ef_row if own else r.prm.value("ef_glass", r.tech)
    cr = r.val("cullet_ratio", r.prm.get("cullet_ratio"))
    e = float(eq.glass_co2(m, ef, cr))
    return dict(base, emissions_t=e, method="glass_t1", factor_name="ef_glass", factor_value=ef, factor_unit="t/t",
                factor_source="row" if own else "IPCC 2006 Vol. 3 Ch. 2 Eq. 2.10/2.11, Table 2.6",
                detail=f"glass type {r.tech or 'default'}; cullet ratio {cr:g}")


def _carbonate(base: dict[str, Any], r: _Row, proc: str, m: float) -> dict[str, Any]:
    """Other process uses of carbonates (IPCC 2006 Vol. 3 Ch. 2 Eq. 2.14)."""
    ef, src = r.ef()
    fc = r.val("calcination_fraction", r.prm.get("calcination_fraction"))
    e = float(eq.carbonate_co2(m, ef, fc))
    return dict(base, emissions_t=e, method="carbonates_t1", factor_name="ef_carbonate", factor_value=ef,
                factor_unit="t/t", factor_source=src, detail=f"carbonate {r.tech or 'default mix'}; calcination {fc:g}")


def _ammonia(base: dict[str, Any], r: _Row, proc: str, m: float) -> dict[str, Any]:
    """Ammonia: CO2 = AP × EF − R (IPCC 2006 Vol. 3 Ch. 3 Eq. 3.1)."""
    ef, src = r.ef()
    rec = r.val("co2_recovered", 0.0)
    e = float(eq.ammonia_co2(m, ef, rec))
    return dict(base, emissions_t=e, method="ammonia_t1", factor_name="ef_ammonia", factor_value=ef,
                factor_unit="t/t", factor_source=src, detail=f"process {r.tech or 'default'}; CO2 recovered {rec:g} t")


_BY_PROCESS: dict[str, Callable[[dict[str, Any], _Row, str, float], dict[str, Any]]] = {
    "cement": _cement, "clinker": _cement, "lime": _lime, "glass": _glass, "carbonate_use": _carbonate,
    "ammonia": _ammonia,
}


def _sf6_records(base: dict[str, Any], df: pd.DataFrame, i: int, tech: str, unit: str, prm: IppuFactors) -> list[dict[str, Any]]:
    """One SF6 record per stage of the Tier 1 equation (IPCC 2006 Vol. 3 Ch. 8 Sec. 8.2.2.1): use always,
    manufacturing, installation and disposal where the row gives their activity."""
    p = _sf6_parts(df, i, tech, unit, prm)
    kind = tech or "hv_switchgear_europe (default)"
    b = dict(base, gas="SF6", activity="sf6_equipment")
    out = [dict(b, emissions_t=float(eq.sf6_use_t(p["installed"], p["use_ef"])), method="sf6_electrical_use_t1",
                factor_name="ef_use", factor_value=p["use_ef"], factor_unit="1/year", factor_source=p["use_src"],
                detail=f"use: installed nameplate capacity {p['installed']:g} t x {p['use_ef']:g}/yr; {kind}")]
    if p["consumed"] > 0:
        out.append(dict(b, emissions_t=float(eq.sf6_manufacturing_t(p["consumed"], p["man_ef"])),
                        method="sf6_electrical_manufacturing_t1", factor_name="ef_manufacturing", factor_value=p["man_ef"],
                        factor_unit="1", factor_source=p["man_src"],
                        detail=f"manufacturing: SF6 consumed by manufacturers {p['consumed']:g} t x {p['man_ef']:g}; {kind}"))
    if p["new"] > 0:
        out.append(dict(b, emissions_t=float(eq.sf6_installation_t(p["new"], p["inst_ef"])),
                        method="sf6_electrical_installation_t1", factor_name="ef_installation", factor_value=p["inst_ef"],
                        factor_unit="1", factor_source="row",
                        detail=f"installation: new capacity filled on site {p['new']:g} t x {p['inst_ef']:g}"))
    if p["retired"] > 0:
        rec_txt = f"{p['recovery']:g}" if p["recovery_given"] else "0 (default: none recovered)"
        out.append(dict(b, emissions_t=float(eq.sf6_disposal_t(p["retired"], p["remaining"], p["recovery"])),
                        method="sf6_electrical_disposal_t1", factor_name="fraction_remaining", factor_value=p["remaining"],
                        factor_unit="1", factor_source=p["rem_src"],
                        detail=f"disposal: retired nameplate capacity {p['retired']:g} t x remaining {p['remaining']:g} "
                               f"x (1 - recovery {rec_txt}); {kind}"))
    return out


# ------------------------------------------------------------------ refrigerants
def _refrig_problems(df: pd.DataFrame, ctx: Context) -> list[Problem]:
    sheet = "refrigerants"
    out = _prefix_problems(df, sheet, ("IV.2",))
    for i, (row, method, app, unit) in enumerate(zip(_col(df, "row"), _text(df, "method", "bank"), _text(df, "application"),
                                                    _text(df, "unit", "kg"))):
        row = int(row)
        p = unit_problem(unit, "t")
        if p:
            out.append(Problem(sheet, row, "unit", unit, p))
        if method == "bank":
            if _blank(_col(df, "bank").iloc[i]):
                out.append(Problem(sheet, row, "bank", None, "method bank needs the refrigerant bank"))
            needs_app = _blank(_col(df, "leak_rate").iloc[i]) or (
                not _blank(_col(df, "new_charge").iloc[i]) and _blank(_col(df, "initial_loss").iloc[i]))
            if needs_app and not app:
                out.append(Problem(sheet, row, "application", None,
                                   "give the application (for the IPCC default leak rates) or leak_rate and initial_loss"))
        else:
            for c in ("sales", "new_charge", "retired_charge"):
                if _blank(_col(df, c).iloc[i]):
                    out.append(Problem(sheet, row, c, None, f"method sales needs {c} (0 if none)"))
    return out


def _refrig_records(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    t = resolver(ctx).ippu().refrigeration()
    units = _text(df, "unit", "kg")
    methods = np.array(_text(df, "method", "bank"))
    apps = _text(df, "application")

    def mass(col: str) -> np.ndarray:
        return convert(_num(df, col, 0.0), units, "t")

    x_def = np.array([float(t.loc[a, "x_default"]) if a in t.index else np.nan for a in apps])
    k_def = np.array([float(t.loc[a, "k_default"]) if a in t.index else 0.0 for a in apps])
    x = _num(df, "leak_rate")
    x_used = np.where(np.isnan(x), x_def, x)
    k_used = np.where(np.isnan(_num(df, "initial_loss")), k_def, _num(df, "initial_loss"))
    rec = _num(df, "recovery", 0.0)
    bank_e = eq.refrigerant_bank_emissions(mass("bank"), np.nan_to_num(x_used), mass("new_charge"), k_used,
                                           mass("retired_charge"), rec)
    sales_e = eq.refrigerant_sales_emissions(mass("sales"), mass("new_charge"), mass("retired_charge"))
    e = np.where(methods == "sales", sales_e, bank_e)
    x_src = ["row" if not np.isnan(xi) else "IPCC 2006 Vol. 3 Ch. 7 Table 7.9 (mid-point of the range)" for xi in x]
    rng = _refrig_ranges(resolver(ctx).ippu(), apps, methods, x, _num(df, "initial_loss"),
                         mass("bank") * np.nan_to_num(x_used), mass("new_charge") * k_used, e)
    detail = ["sales method (Eq. 7.9)" if m == "sales" else
              f"bank x {xu:g}/yr + new charge x {ku:g} + retired charge x (1 - {r:g}); application {a or '-'}"
              for m, xu, ku, r, a in zip(methods, x_used, k_used, rec, apps)]
    return make_records(sheet="refrigerants", row=_col(df, "row").astype(int).to_numpy(), gpc_ref=_col(df, "gpc_ref"),
                        gas=_col(df, "gas"), emissions_t=e,
                        method=np.where(methods == "sales", "refrigerant_sales_t1", "refrigerant_bank_t1"),
                        activity="refrigeration_ac", amount=_num(df, "bank"), unit=units,
                        factor_name=np.where(methods == "sales", "mass_balance", "leak_rate"),
                        factor_value=np.where(methods == "sales", np.nan, x_used), factor_unit="1/year",
                        factor_source=np.where(methods == "sales", "IPCC 2006 Vol. 3 Ch. 7 Eq. 7.9", x_src), detail=detail,
                        **{k: [r[k] for r in rng] for k in ("ef_lower_pct", "ef_upper_pct", "ef_range_source")})


def _refrig_ranges(prm: IppuFactors, apps: list[str], methods: np.ndarray, x_row: np.ndarray, k_row: np.ndarray,
                   leak: np.ndarray, initial: np.ndarray, total: np.ndarray) -> list[dict[str, Any]]:
    """Per row of the bank method, the range of its emissions from the Table 7.9 ranges of the defaults it used:
    the leak term (bank × x) and the initial-loss term (new charge × k) each carry their factor's range, the
    disposal term none; summed by IPCC 2006 Vol. 1 Eq. 3.2, ``sqrt((bank·x·U_x)² + (new·k·U_k)²) / E``. A rate
    the row gives carries no range; the sales method (a mass balance) none."""
    out = []
    for i, a in enumerate(apps):
        terms: list[tuple[float, Range]] = []
        if methods[i] != "sales":
            if np.isnan(x_row[i]):
                terms.append((float(leak[i]), prm.refrigeration_range(a, "x")))
            if np.isnan(k_row[i]) and initial[i] > 0:
                terms.append((float(initial[i]), prm.refrigeration_range(a, "k")))
        r = _sum_range(terms, float(total[i]))
        out.append(_range_columns([("leak rate x and initial loss k", r)] if terms else []))
    return out


_PROBLEMS = {"ippu": _ippu_problems, "refrigerants": _refrig_problems}
_RECORDS = {"ippu": _ippu_records, "refrigerants": _refrig_records}


def validate(tables: dict[str, pd.DataFrame], ctx: Context) -> list[Problem]:
    """Every problem in the IPPU sheets, checked before anything is computed."""
    return validate_sheets(tables, ctx, _PROBLEMS)


def compute(tables: dict[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    """Emission records of the IPPU sheets."""
    return compute_sheets(tables, ctx, _RECORDS)
