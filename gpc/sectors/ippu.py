"""IPPU sheets (GPC ch. 9; IPCC 2006 Vol. 3): ``ippu`` (IV.1/IV.2 processes with the user's own parameters)
and ``refrigerants`` (IV.2 HFCs from refrigeration and air conditioning).

Single-factor IPPU activities (``clinker_production``, ``lime_production``, ``sf6_equipment`` …) are rows of
the ``activity`` sheet, computed by the engine with ``process_factors.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.methods import ippu as eq
from gpc.records import empty_records, make_records
from gpc.sectors import compute_sheets, validate_sheets
from gpc.sectors.afolu import _blank, _col, _num, _prefix_problems, _text
from gpc.units import convert, is_dimension, parse_unit, unit_problem

__all__ = ["SHEETS", "compute", "validate"]

SHEETS: tuple[str, ...] = ("ippu", "refrigerants")

#: process → (activity id in process_factors.csv, GPC row prefix)
PROCESS_ACTIVITY = {
    "cement": ("cement_production", "IV.1"), "clinker": ("clinker_production", "IV.1"),
    "lime": ("lime_production", "IV.1"), "glass": ("glass_production", "IV.1"),
    "carbonate_use": ("carbonate_use", "IV.1"), "ammonia": ("ammonia_production", "IV.1"),
    "lubricant_use": ("lubricant_use", "IV.2"), "paraffin_wax_use": ("paraffin_wax_use", "IV.2"),
}
#: processes whose technology is looked up in process_factors.csv (glass types are in ippu_parameters.csv)
_TECH_FROM_PF = ("lime", "carbonate_use", "ammonia")


class _Params:
    def __init__(self, ctx: Context):
        self.t = ctx.factors.table("ippu_parameters")
        self.pf = ctx.factors.table("process_factors")

    def get(self, parameter: str, option: str = "") -> float | None:
        hit = self.t[(self.t["parameter"] == parameter) & (self.t["option"].fillna("") == option)]
        return float(hit["value"].iloc[0]) if len(hit) else None

    def ef(self, activity: str, technology: str) -> tuple[float, str] | None:
        hit = self.pf[(self.pf["activity"] == activity) & (self.pf["technology"].fillna("") == technology)
                      & (self.pf["gas"] == "CO2")]
        if not len(hit):
            return None
        return float(hit["value"].iloc[0]), str(hit["source"].iloc[0])


def _ippu_problems(df: pd.DataFrame, ctx: Context) -> list[Problem]:
    sheet = "ippu"
    prm = _Params(ctx)
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
        if proc in ("lubricant_use", "paraffin_wax_use") and not _blank(_col(df, "ncv").iloc[i]):
            try:
                parse_unit(str(_col(df, "ncv").iloc[i])).to("GJ/t")
            except Exception:  # noqa: BLE001 - pint raises several types
                out.append(Problem(sheet, row, "ncv", _col(df, "ncv").iloc[i], "ncv must be an energy per mass, e.g. 40.2 GJ/t"))
    return out


def _ippu_records(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    prm = _Params(ctx)
    recs: list[dict] = []
    amount = _num(df, "amount")
    ef_row = _num(df, "ef")
    for i, (row, ref, proc, tech, unit) in enumerate(zip(_col(df, "row"), _col(df, "gpc_ref"), _text(df, "process"),
                                                       _text(df, "technology"), _text(df, "unit"))):
        activity = PROCESS_ACTIVITY[proc][0]
        base = {"sheet": "ippu", "row": int(row), "gpc_ref": ref, "gas": "CO2", "activity": activity,
                "amount": amount[i], "unit": unit}

        one = df.iloc[[i]]

        def val(col: str, default: float, one: pd.DataFrame = one) -> float:
            v = _num(one, col)[0]
            return default if np.isnan(v) else float(v)

        def mass(col: str, one: pd.DataFrame = one, unit: str = unit) -> float:
            v = _num(one, col, 0.0)[0]
            return float(convert([v], unit, "t")[0])

        if proc in ("lubricant_use", "paraffin_wax_use"):
            if is_dimension(unit, "GJ"):
                energy = float(convert([amount[i]], unit, "GJ")[0])
                ncv_txt = "energy given"
            else:
                ncv_cell = _col(df, "ncv").iloc[i]
                ncv = (float(parse_unit(str(ncv_cell)).to("GJ/t").magnitude) if not _blank(ncv_cell)
                       else float(prm.get("ncv_lubricant")))  # type: ignore[arg-type]
                energy = float(convert([amount[i]], unit, "t")[0]) * ncv
                ncv_txt = f"NCV {ncv:g} GJ/t"
            cc = val("carbon_content", prm.get("carbon_content_lubricant"))  # type: ignore[arg-type]
            odu = val("odu", prm.get("odu", tech if tech in ("oil", "grease") else proc))  # type: ignore[arg-type]
            e = float(eq.non_energy_product_co2(energy, cc, odu))
            recs.append(dict(base, emissions_t=e, method="non_energy_products_t1", energy_gj=energy, factor_name="odu",
                             factor_value=odu, factor_unit="1", factor_source="IPCC 2006 Vol. 3 Ch. 5 Eq. 5.2/5.4, Table 5.2",
                             detail=f"{ncv_txt}; carbon content {cc:g} kg C/GJ; ODU {odu:g}"))
            continue
        m = float(convert([amount[i]], unit, "t")[0])
        if proc in ("cement", "clinker"):
            cao = val("cao_content", np.nan)
            if not np.isnan(ef_row[i]):
                efc, src = ef_row[i], "row"
            elif not np.isnan(cao):
                efc = float(eq.clinker_ef_from_cao(cao, val("ckd_correction", prm.get("ckd_correction"))))  # type: ignore[arg-type]
                src = "IPCC 2006 Vol. 3 Ch. 2 Eq. 2.4 (CaO x 0.785 x CKD)"
            else:
                efc, src = prm.get("ef_clinker"), "IPCC 2006 Vol. 3 Ch. 2 Eq. 2.1 (0.52 t CO2/t clinker)"
            if proc == "clinker":
                e = float(eq.clinker_co2(m, efc))
                detail = "clinker produced"
            else:
                cf = val("clinker_fraction", prm.get("clinker_fraction", tech))  # type: ignore[arg-type]
                im, ex = mass("clinker_imports"), mass("clinker_exports")
                e = float(eq.cement_co2(m, cf, im, ex, efc))
                detail = f"clinker fraction {cf:g}; clinker imports {im:g} t, exports {ex:g} t"
            recs.append(dict(base, emissions_t=e, method="cement_t1", factor_name="ef_clinker", factor_value=efc,
                             factor_unit="t/t", factor_source=src, detail=detail))
        elif proc == "lime":
            ef, src = (ef_row[i], "row") if not np.isnan(ef_row[i]) else prm.ef(activity, tech)  # type: ignore[misc]
            x, y = val("hydrated_lime_fraction", 0.0), val("water_content", prm.get("hydrated_lime_water"))  # type: ignore[arg-type]
            e = float(eq.lime_co2(m, ef, x, y))
            recs.append(dict(base, emissions_t=e, method="lime_t1", factor_name="ef_lime", factor_value=ef, factor_unit="t/t",
                             factor_source=src, detail=f"lime type {tech or 'default'}; hydrated fraction {x:g}, water {y:g}"))
        elif proc == "glass":
            ef = ef_row[i] if not np.isnan(ef_row[i]) else prm.get("ef_glass", tech)
            cr = val("cullet_ratio", prm.get("cullet_ratio"))  # type: ignore[arg-type]
            e = float(eq.glass_co2(m, ef, cr))
            recs.append(dict(base, emissions_t=e, method="glass_t1", factor_name="ef_glass", factor_value=ef, factor_unit="t/t",
                             factor_source="row" if not np.isnan(ef_row[i]) else "IPCC 2006 Vol. 3 Ch. 2 Eq. 2.10/2.11, Table 2.6",
                             detail=f"glass type {tech or 'default'}; cullet ratio {cr:g}"))
        elif proc == "carbonate_use":
            ef, src = (ef_row[i], "row") if not np.isnan(ef_row[i]) else prm.ef(activity, tech)  # type: ignore[misc]
            fc = val("calcination_fraction", prm.get("calcination_fraction"))  # type: ignore[arg-type]
            e = float(eq.carbonate_co2(m, ef, fc))
            recs.append(dict(base, emissions_t=e, method="carbonates_t1", factor_name="ef_carbonate", factor_value=ef,
                             factor_unit="t/t", factor_source=src, detail=f"carbonate {tech or 'default mix'}; calcination {fc:g}"))
        elif proc == "ammonia":
            ef, src = (ef_row[i], "row") if not np.isnan(ef_row[i]) else prm.ef(activity, tech)  # type: ignore[misc]
            rec = val("co2_recovered", 0.0)
            e = float(eq.ammonia_co2(m, ef, rec))
            recs.append(dict(base, emissions_t=e, method="ammonia_t1", factor_name="ef_ammonia", factor_value=ef,
                             factor_unit="t/t", factor_source=src, detail=f"process {tech or 'default'}; CO2 recovered {rec:g} t"))
    if not recs:
        return empty_records()
    keys = list(dict.fromkeys(k for r in recs for k in r))
    return make_records(**{k: [r.get(k) for r in recs] for k in keys})


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
    t = ctx.factors.table("ippu_refrigeration").set_index("application")
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
    detail = ["sales method (Eq. 7.9)" if m == "sales" else
              f"bank x {xu:g}/yr + new charge x {ku:g} + retired charge x (1 - {r:g}); application {a or '-'}"
              for m, xu, ku, r, a in zip(methods, x_used, k_used, rec, apps)]
    return make_records(sheet="refrigerants", row=_col(df, "row").astype(int).to_numpy(), gpc_ref=_col(df, "gpc_ref"),
                        gas=_col(df, "gas"), emissions_t=e,
                        method=np.where(methods == "sales", "refrigerant_sales_t1", "refrigerant_bank_t1"),
                        activity="refrigeration_ac", amount=_num(df, "bank"), unit=units,
                        factor_name=np.where(methods == "sales", "mass_balance", "leak_rate"),
                        factor_value=np.where(methods == "sales", np.nan, x_used), factor_unit="1/year",
                        factor_source=np.where(methods == "sales", "IPCC 2006 Vol. 3 Ch. 7 Eq. 7.9", x_src), detail=detail)


_PROBLEMS = {"ippu": _ippu_problems, "refrigerants": _refrig_problems}
_RECORDS = {"ippu": _ippu_records, "refrigerants": _refrig_records}


def validate(tables: dict[str, pd.DataFrame], ctx: Context) -> list[Problem]:
    """Every problem in the IPPU sheets, checked before anything is computed."""
    return validate_sheets(tables, ctx, _PROBLEMS)


def compute(tables: dict[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    """Emission records of the IPPU sheets."""
    return compute_sheets(tables, ctx, _RECORDS)
