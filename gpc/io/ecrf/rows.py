"""One detailed row → its placement, reported and recomputed tonnes, reconciliation lines and activity-sheet
rows: an activity with the file's own factors when amount × factor × GWP reproduces the reported tonnes, else
direct entries of the reported tonnes, or a notation-key row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


from gpc import taxonomy
from gpc.errors import Problem
from gpc.gwp import gwp
from gpc.reconcile import close, explain
from gpc.units import UnitParseError, annual_factor, normalise_text, strip_gas

from gpc.io.ecrf.cells import GASES, NOTATION_KEYS, _blank, _hkey, _quality, notation_key
from gpc.io.ecrf.header import Header
from gpc.io.ecrf.place import (
    _activity_kind,
    _lenient_ref,
    _row_in_subsector,
    _scope_of,
    _takes,
    _template_only_refs,
    place,
)

@dataclass
class _Ctx:
    file: str
    gwp_set: str
    problems: list[Problem]
    warnings: list[Problem]
    explanations: dict[str, str]


def _key_of(rec: dict[str, Any], sheet: str, header: Header, problems: list[Problem]) -> tuple[str | None, str]:
    """The row's notation key and a note when it was read from an alias (NA) or an emission column."""
    raw = rec.get("notation_key")
    note = ""
    key = None
    if not _blank(raw):
        key = notation_key(raw)
        if key is None:
            # "NO, IE" or "NE/NO": the first key, said
            parts = [notation_key(p) for p in re.split(r"[,/;]", str(raw))]
            parts = [p for p in parts if p]
            lead = re.match(r"^\s*(NO|NE|IE|NA|C)\b\s*[-–—:(]", str(raw), re.IGNORECASE)
            if not parts and lead:      # "NO - not occurring", "IE (included in I.2.1)"
                parts = [notation_key(lead.group(1))]
            if parts:
                key = parts[0]
                note = f"notation key '{raw}' read as {key}"
            else:
                problems.append(Problem(sheet, rec["row"], header.texts.get(header.columns["notation_key"]), raw,
                                        "not a notation key: use NO, IE, NE or C (NA is read as NO)"))
        elif _hkey(raw).upper().replace(" ", "") not in NOTATION_KEYS:
            note = f"notation key '{raw}' read as {key}"
    if key is None and rec["_keys_in_numbers"]:
        ks = list(dict.fromkeys(rec["_keys_in_numbers"]))
        key = ks[0]
        note = f"notation key {'/'.join(ks)} typed in the emission columns"
    return key, note


def _gwp(gas: str, s: str) -> float:
    return 1.0 if gas == "CO2" else gwp(gas, s)


def _row_result(rec: dict[str, Any], header: Header, ctx: _Ctx, rtol: float) -> dict[str, Any]:
    """Placement, reported and recomputed tonnes, reconciliation lines and the activity-sheet rows of one
    detailed row."""
    sheet, r = rec["sheet"], rec["row"]
    s = ctx.gwp_set
    res: dict[str, Any] = {"sheet": sheet, "row": r, "gpc_ref": None, "status": "", "lines": [], "activity": [],
                           "note": ""}
    if not _blank(rec.get("fuel")):      # separate "Activity type" and "Fuel type" columns: the fuel decides
        fuel_id, fuel_kind = _activity_kind(rec.get("fuel"), None)
        text = " / ".join(str(x) for x in (rec.get("activity"), rec.get("fuel")) if not _blank(x))
        if fuel_id is not None:
            act_id, kind = fuel_id, fuel_kind
        else:
            act_id, kind = _activity_kind(rec.get("activity"), None)
        rec["activity"] = text
    else:
        act_id, kind = _activity_kind(rec.get("activity"), rec.get("unit"))
    # ---- where
    ref_cell = rec.get("gpc_ref")
    if not _blank(ref_cell) and (re.search(r"total", str(ref_cell), re.IGNORECASE)
                                 or re.fullmatch(r"(I|II|III|IV|V|VI)\.?", str(ref_cell).strip())):
        res["status"] = f"not imported: a total row ({ref_cell})"
        ctx.warnings.append(Problem(sheet, r, header.texts.get(header.columns["gpc_ref"]), ref_cell,
                                    "a total row: not imported (its rows are imported one by one)", "warning"))
        return res
    if not _blank(ref_cell):
        cleaned = re.sub(r"[.\s]+$", "", normalise_text(ref_cell).strip())
        sub = taxonomy.normalise_ref(cleaned)
        try:
            if sub in set(taxonomy.table()["subsector_ref"]) and sub not in taxonomy.table().index:
                ref, how = _row_in_subsector(sub, rec.get("scope"), kind, "sub-sector reference")
                if ref is None:     # "I.1" without a scope: a sub-sector total
                    res["status"] = f"not imported: {how} (a sub-sector total?)"
                    ctx.warnings.append(Problem(sheet, r, header.texts.get(header.columns["gpc_ref"]), ref_cell,
                                                f"not imported: {how}; if it is a sub-sector total its rows are "
                                                "imported one by one, else give the row's GPC reference",
                                                "warning"))
                    return res
            else:
                ref, how = _lenient_ref(cleaned)
        except ValueError as exc:
            content = any(rec.get(f) is not None for f in ("t_CO2", "t_CH4", "t_N2O", "total", "co2_biogenic",
                                                           "amount"))
            if taxonomy.normalise_ref(ref_cell) in _template_only_refs() and not content:
                if not _blank(rec.get("notation_key")) or rec["_keys_in_numbers"]:
                    res["status"] = "not imported: not a GPC row"
                    ctx.warnings.append(Problem(sheet, r, header.texts.get(header.columns["gpc_ref"]), ref_cell,
                                                f"{ref_cell} is a row of the eCRF template but not of the GPC: its "
                                                "notation key is not imported", "warning"))
                return res
            ctx.problems.append(Problem(sheet, r, header.texts.get(header.columns["gpc_ref"]), ref_cell,
                                        f"unknown GPC reference ({exc}): use a reference number such as I.1.1, "
                                        "II.1.2, III.1.1, IV.1, V.3"))
            return res
    else:
        ref, how = place(rec.get("sector"), rec.get("subsector"), rec.get("scope"), kind, rec.get("activity"))
    key, key_note = _key_of(rec, sheet, header, ctx.problems)
    # ---- reported tonnes (CO2e per gas)
    rep: dict[str, float] = {}
    for g in GASES:
        v = rec.get(f"t_{g}")
        if v is not None:
            rep[g] = v if header.basis.get(f"t_{g}", "co2e") == "co2e" else v * _gwp(g, s)
    total, bio, t_other = rec.get("total"), rec.get("co2_biogenic"), rec.get("t_other")
    has_numbers = bool(rep) or total is not None or bio is not None or t_other is not None
    if ref is None:
        if has_numbers or key or rec.get("amount") is not None:
            res["status"] = f"not placed: {how}"
            ctx.warnings.append(Problem(sheet, r, None, rec.get("subsector") or rec.get("sector"),
                                        f"row not imported: {how}" + ("" if "not a GPC row" in how else
                                                                      "; give its GPC reference number"), "warning"))
        return res
    res["gpc_ref"] = ref
    res["how"] = how
    base = {"gpc_ref": ref, "ecrf_sheet": sheet, "ecrf_row": r, "ecrf_activity": rec.get("activity"),
            "ecrf_amount": rec.get("amount"), "ecrf_unit": rec.get("unit"), "ecrf_ef_unit": rec.get("ef_unit"),
            "ecrf_ef_co2": rec.get("ef_CO2"), "ecrf_ef_ch4": rec.get("ef_CH4"), "ecrf_ef_n2o": rec.get("ef_N2O"),
            "ecrf_co2e_co2": rep.get("CO2"), "ecrf_co2e_ch4": rep.get("CH4"), "ecrf_co2e_n2o": rep.get("N2O"),
            "ecrf_co2e_total": total, "ecrf_co2_biogenic": bio, "ecrf_methodology": rec.get("methodology"),
            "ecrf_ef_description": rec.get("ef_description"), "ecrf_ef_source": rec.get("ef_source"),
            "data_quality": _quality(rec.get("data_quality")),
            "source": rec.get("source") or f"{ctx.file}, sheet {sheet} row {r}"}
    nonzero = any(abs(v) > 0 for v in rep.values()) or bool(total) or bool(bio) or bool(t_other)
    if key and not nonzero:
        raw_key = rec.get("notation_key")
        worded = str(raw_key).strip() if isinstance(raw_key, str) and len(raw_key.strip()) > 3 else None
        expl = ctx.explanations.get(ref) or rec.get("explanation") or worded or rec.get("methodology")
        if not expl:
            expl = f"{key} as reported in the eCRF ({ctx.file}, sheet {sheet} row {r}); the file gives no explanation"
        named = set(re.findall(r"\b((?:I|II|III|IV|V|VI)\.\d+(?:\.\d+)?)", str(expl))) - {ref}
        if key == "IE" and not named:
            res["status"] = "IE not imported: the file does not say where it is included"
            ctx.warnings.append(Problem(sheet, r, "notation key", key,
                                        f"{ref} is IE but the file does not say in which GPC row it is included: "
                                        "not imported (add a notation-key row with 'included in <GPC row>')",
                                        "warning"))
            return res
        res["key"] = key
        res["key_column"] = header.texts.get(header.columns["notation_key"]) if "notation_key" in header.columns \
            else None
        res["status"] = "notation key"
        res["activity"].append({**base, "notation_key": key, "explanation": str(expl),
                                "import_note": "; ".join(x for x in (key_note, how if how != "GPC reference" else "")
                                                         if x)})
        return res
    if not has_numbers:
        res["status"] = "empty: nothing reported"
        if rec.get("amount") is not None:
            res["status"] = "activity without reported tonnes"
            ctx.warnings.append(Problem(sheet, r, None, rec.get("amount"),
                                        "an activity amount without reported tonnes: not imported", "warning"))
        return res
    # ---- recompute
    rec_co2e: dict[str, float] = {}
    why_not = ""
    mass_ef: dict[str, float] = {}
    ef_unit_out = None
    amount = rec.get("amount")
    unit = rec.get("unit") if not _blank(rec.get("unit")) else header.units.get("amount")
    efs = {g: rec.get(f"ef_{g}") for g in GASES if rec.get(f"ef_{g}") is not None}
    ef_total = rec.get("ef_total")

    def ef_unit_of(f: str) -> Any:
        u = rec.get("ef_unit")
        return u if not _blank(u) else header.units.get(f)

    if amount is None or _blank(unit):
        why_not = "no activity amount and unit"
    elif not efs and ef_total is None:
        why_not = "no emission factor"
    elif any(_blank(ef_unit_of(f"ef_{g}")) for g in efs) or (not efs and _blank(ef_unit_of("ef_total"))):
        why_not = "no emission-factor unit"
    else:
        units_out = set()
        for g, ef in (efs.items() if efs else [("total", ef_total)]):
            u, tag = strip_gas(re.sub(r"\s+per\s+", "/", str(ef_unit_of(f"ef_{g}")).strip()))
            try:
                k = _combine(str(unit), u)
            except Exception as exc:  # noqa: BLE001 - any unit the registry cannot read
                why_not = f"the units do not combine ({exc})"
                rec_co2e.clear()
                mass_ef.clear()
                break
            units_out.add(u)
            if g == "total":
                rec_co2e["total"] = amount * ef * k
            elif tag == "CO2e":
                rec_co2e[g] = amount * ef * k
                mass_ef[g] = ef / _gwp(g, s)
            else:
                rec_co2e[g] = amount * ef * k * _gwp(g, s)
                mass_ef[g] = ef
        ef_unit_out = units_out.pop() if len(units_out) == 1 else None
    lines = res["lines"]
    flagged = False
    act_text = rec.get("activity")

    def line(gas: str, reported: Any, recomputed: Any, cause: str, text: str) -> None:
        diff = (reported - recomputed) if reported is not None and recomputed is not None else None
        ratio = (reported / recomputed) if reported is not None and recomputed else None
        lines.append({"sheet": sheet, "row": r, "gpc_ref": ref, "activity": act_text, "gas": gas,
                      "reported_t_co2e": reported, "recomputed_t_co2e": recomputed, "difference_t_co2e": diff,
                      "ratio": ratio, "cause": cause, "explanation": text})

    for g in GASES:
        tol_g = rec.get(f"_tol_t_{g}", 0.0) * (1.0 if header.basis.get(f"t_{g}", "co2e") == "co2e" else _gwp(g, s))
        if g in rec_co2e and g in rep and not _agrees(tol_g, rep[g], rec_co2e[g], rtol):
            cause, text = _explain(g, rep[g], rec_co2e[g], s, ref, kind)
            line(g, rep[g], rec_co2e[g], cause, text)
            flagged = True
        elif g in rec_co2e and g not in rep and rec_co2e[g] and total is None:
            line(g, None, rec_co2e[g], "no_tonnes", f"a {g} factor is given but no {g} tonnes are reported")
            flagged = True
    other_gases = t_other or None
    if other_gases is not None:
        if total is not None and not close(sum(rep.values()) + other_gases, total, rtol):
            line("total", total, sum(rep.values()) + other_gases, "gases_vs_total",
                 f"the gases add up to {sum(rep.values()) + other_gases:,.6g} t CO2e, the reported total is "
                 f"{total:,.6g} t CO2e")
            flagged = True
    elif (rep and total is not None and bio and not close(sum(rep.values()), total, rtol)
          and close(sum(rep.values()) + bio, total, rtol)):
        line("total", total, sum(rep.values()), "biogenic_in_total",
             f"the reported total {total:,.6g} t CO2e includes the biogenic CO2 ({bio:,.6g} t), which the GPC "
             "reports outside the totals: the gases are imported, the biogenic CO2 as biogenic")
        flagged = True
    elif rep and total is not None and total > sum(rep.values()) and not close(sum(rep.values()), total, rtol):
        other_gases = total - sum(rep.values())     # HFCs, PFCs, SF6 … counted in the total only
        line("other gases", total, sum(rep.values()), "other_gases",
             f"the total is {other_gases:,.6g} t CO2e above CO2 + CH4 + N2O: imported as other gases (HFCs, PFCs, "
             "SF6 …) in CO2e; if the row has none, the total is wrong")
    elif rep and total is not None and not close(sum(rep.values()), total, rtol):
        line("total", total, sum(rep.values()), "gases_vs_total",
             f"the gases add up to {sum(rep.values()):,.6g} t CO2e, the reported total is {total:,.6g} t CO2e")
        flagged = True
    if not rep and total is not None and rec_co2e:
        recomputed_total = sum(rec_co2e.values())
        if not _agrees(rec.get("_tol_total", 0.0), total, recomputed_total, rtol):
            cause, text = _explain("total", total, recomputed_total, s, ref, kind)
            line("total", total, recomputed_total, cause, text)
            flagged = True
    ef_bio = rec.get("ef_biogenic")
    if bio and ef_bio is not None and amount is not None and not _blank(unit):
        try:
            u_bio = ef_unit_of("ef_biogenic")
            recomputed_bio = amount * ef_bio * _combine(str(unit), strip_gas(str(u_bio))[0])
        except Exception:  # noqa: BLE001 - no unit or units that do not combine: nothing to check
            recomputed_bio = None
        if recomputed_bio is not None and not close(bio, recomputed_bio, rtol):
            cause, text = explain("CO2", bio, recomputed_bio, s)
            line("CO2 (biogenic)", bio, recomputed_bio, cause, text)
    if kind == "fuel" and rep.get("CO2") and _is_biogenic(act_id):
        line("CO2", rep["CO2"], None, "biogenic_as_fossil",
             f"{act_text} is a biomass fuel ({act_id}): its CO2 is biogenic and the GPC reports it outside the "
             "totals, but the row reports it in the CO2 column (imported as reported, in the totals)")
        flagged = True
    stated = _scope_of(rec.get("scope")) if how == "GPC reference" else None
    if stated is not None and stated != taxonomy.scope(ref) and not (kind == "grid" and taxonomy.scope(ref) == 1):
        line("all", total if total is not None else sum(rep.values()), None, "ref_vs_scope",
             f"the row's scope column says scope {stated} ({rec.get('scope')}) but its GPC reference {ref} is "
             f"scope {taxonomy.scope(ref)}")
        flagged = True
    if kind == "grid" and taxonomy.scope(ref) == 1:
        target = re.sub(r"\.1$", ".2", ref)
        line("all", total if total is not None else sum(rep.values()), None, "scope2_in_scope1",
             f"grid-supplied energy ({act_text}) filed in the scope-1 row {ref}: the GPC reports it in {target} "
             "(scope 2)")
        flagged = True
    # ---- what to import
    reproduces = (ef_unit_out is not None and other_gases is None and not flagged and not why_not
                  and bool(rec_co2e) and act_id is not None and "total" not in rec_co2e
                  and all(g in rec_co2e for g, v in rep.items() if v) and not bio and _takes(ref, kind))
    if reproduces:
        no_ef = [g for g in GASES if g not in mass_ef]
        note = "activity × the file's factors reproduces the reported tonnes"
        if no_ef:
            note += f"; the file gives no {'/'.join(no_ef)} factor: 0 entered"
        res["activity"].append({**base, "activity": act_id, "amount": amount, "unit": str(unit),
                                "ef_co2": mass_ef.get("CO2", 0.0), "ef_ch4": mass_ef.get("CH4", 0.0),
                                "ef_n2o": mass_ef.get("N2O", 0.0), "ef_unit": ef_unit_out,
                                "import_note": _join_notes(note, key_note)})
        res["expected"] = (sum(rec_co2e.values()), 0.0)
        res["status"] = "activity"
    else:
        why = ("reported tonnes differ from activity × factor × GWP (see reconciliation)" if flagged else
               f"not recomputable: {why_not}" if why_not else
               "the total includes gases other than CO2, CH4 and N2O" if other_gases is not None else
               f"activity '{act_text}' is not one gpc computes in {ref}" if act_id is None or not _takes(ref, kind)
               else "the file gives factors for only some of the gases it reports" if rec_co2e else
               "biogenic CO2 reported")
        res["activity"].extend(_direct_rows(base, rep, total, bio, s, _join_notes(f"reported tonnes kept: {why}",
                                                                                     key_note)))
        if other_gases is not None:
            res["activity"].append({**base, "activity": "direct", "gas": "CO2e", "amount": other_gases, "unit": "t",
                                    "import_note": "other gases (HFCs, PFCs, SF6 …): reported total minus CO2, CH4 "
                                                   "and N2O"})
        res["expected"] = (total if total is not None else sum(rep.values()) + (other_gases or 0.0), bio or 0.0)
        res["status"] = "direct"
    for ln in lines:
        ln["imported_as"] = res["status"]
    if key and nonzero:
        res["note"] = f"notation key {key} beside reported tonnes: the tonnes are imported"
    return res


def _agrees(rounding: float, reported: float, recomputed: float, rtol: float) -> bool:
    """Reported and recomputed agree within the tolerance, or within the rounding of the reported figure
    (``rounding``, t CO2e: a file that prints whole tonnes reproduces when amount × factor is within 0.5 t)."""
    return close(reported, recomputed, rtol) or abs(reported - recomputed) <= rounding * (1 + 1e-9)


def _explain(gas: str, reported: float, recomputed: float, s: str, ref: str, kind: str | None) -> tuple[str, str]:
    """:func:`gpc.reconcile.explain`, and T&D losses given with the consumption as their amount."""
    if kind == "grid" and taxonomy.scope(ref) == 3 and recomputed and 0 < reported / recomputed < 0.3:
        x = reported / recomputed
        text = (f"a T&D-loss row whose amount is the energy consumed, not the losses: reported = {x:.4g} × "
                f"amount × factor (a loss rate of {x:.2%} per unit consumed, or {x / (1 + x):.2%} of the energy "
                "supplied)")
        return "td_losses", text
    return explain(gas, reported, recomputed, s)


def _is_biogenic(fuel: str | None) -> bool:
    from gpc.activities import fuel_catalogue

    cat = fuel_catalogue()
    return fuel is not None and fuel in cat.index and bool(cat.loc[fuel, "biogenic"])


def _join_notes(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _combine(activity_unit: str, factor_unit: str) -> float:
    """k with amount [activity_unit] × factor [factor_unit] × k = t (unit names as typed, else lower-cased:
    "Tonnes", "Litres"; "kg per kWh" is kg/kWh)."""
    factor_unit = re.sub(r"\s+per\s+", "/", factor_unit.strip())
    try:
        return annual_factor(activity_unit, factor_unit, "t")
    except UnitParseError:
        return annual_factor(activity_unit.strip().lower(), factor_unit.strip(), "t")


def _direct_rows(base: dict[str, Any], rep: dict[str, float], total: float | None, bio: float | None, s: str,
                 note: str) -> list[dict[str, Any]]:
    out = []
    for g, v in rep.items():
        if v == 0 and (total or any(rep.values())):
            continue
        out.append({**base, "activity": "direct", "gas": g, "amount": v / _gwp(g, s), "unit": "t",
                    "import_note": note + (f"; t {g} = {v:.10g} t CO2e / GWP {_gwp(g, s):g} ({s})"
                                           if g != "CO2" else "")})
    if not rep and total is not None:
        out.append({**base, "activity": "direct", "gas": "CO2e", "amount": total, "unit": "t",
                    "import_note": note + "; the file gives the total only"})
    if bio:
        out.append({**base, "activity": "direct", "gas": "CO2", "amount": bio, "unit": "t", "biogenic": "yes",
                    "import_note": note + "; biogenic CO2 (reported outside the totals)"})
    return out
