"""One detailed row → its placement, reported and recomputed tonnes, reconciliation lines and activity-sheet
rows: an activity with the file's own factors when amount × factor × GWP reproduces the reported tonnes, else
direct entries of the reported tonnes, or a notation-key row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gpc import taxonomy
from gpc.errors import Problem
from gpc.gwp import gwp
from gpc.importers.ecrf.cells import GASES, NOTATION_KEYS, _blank, _hkey, _quality, notation_key
from gpc.importers.ecrf.header import Header
from gpc.importers.ecrf.place import (
    _activity_kind,
    _lenient_ref,
    _row_in_subsector,
    _scope_of,
    _takes,
    _template_only_refs,
    place,
)
from gpc.reconcile import close, explain
from gpc.units import UnitParseError, annual_factor, normalise_text, strip_gas


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


@dataclass
class _Reported:
    """A row's reported tonnes: CO2e per gas (``gases``), the total, biogenic CO2 and other gases (t CO2e)."""

    gases: dict[str, float]
    total: float | None
    bio: float | None
    other: float | None

    @property
    def has_numbers(self) -> bool:
        return bool(self.gases) or self.total is not None or self.bio is not None or self.other is not None

    @property
    def nonzero(self) -> bool:
        return any(abs(v) > 0 for v in self.gases.values()) or bool(self.total) or bool(self.bio) or bool(self.other)


@dataclass
class _Recomputed:
    """amount × the file's factors × GWP: t CO2e per gas (or ``total``), the factors as t of the gas, the factor
    unit when all factors share one, and why nothing could be recomputed (empty when it could)."""

    amount: Any
    unit: Any
    co2e: dict[str, float] = field(default_factory=dict)
    mass_ef: dict[str, float] = field(default_factory=dict)
    ef_unit: str | None = None
    why_not: str = ""


def _row_result(rec: dict[str, Any], header: Header, ctx: _Ctx, rtol: float) -> dict[str, Any]:
    """Placement, reported and recomputed tonnes, reconciliation lines and the activity-sheet rows of one
    detailed row."""
    sheet, r = rec["sheet"], rec["row"]
    s = ctx.gwp_set
    res: dict[str, Any] = {"sheet": sheet, "row": r, "gpc_ref": None, "status": "", "lines": [], "activity": [],
                           "note": ""}
    act_id, kind = _row_activity(rec)
    where = _where(rec, header, ctx, res, kind)
    if where is None:
        return res
    ref, how = where
    key, key_note = _key_of(rec, sheet, header, ctx.problems)
    rep = _reported(rec, header, s)
    if ref is None:
        if rep.has_numbers or key or rec.get("amount") is not None:
            res["status"] = f"not placed: {how}"
            ctx.warnings.append(Problem(sheet, r, None, rec.get("subsector") or rec.get("sector"),
                                        f"row not imported: {how}" + ("" if "not a GPC row" in how else
                                                                      "; give its GPC reference number"), "warning"))
        return res
    res["gpc_ref"] = ref
    res["how"] = how
    base = _trace(rec, ref, rep, ctx)
    if key and not rep.nonzero:
        return _key_row(res, rec, header, ctx, base, key, key_note)
    if not rep.has_numbers:
        res["status"] = "empty: nothing reported"
        if rec.get("amount") is not None:
            res["status"] = "activity without reported tonnes"
            ctx.warnings.append(Problem(sheet, r, None, rec.get("amount"),
                                        "an activity amount without reported tonnes: not imported", "warning"))
        return res
    calc = _recompute(rec, header, s)
    lines = res["lines"]
    flagged, other_gases = _check_gases(rec, header, rep, calc, ref, kind, s, rtol, lines)
    flagged = _check_biogenic_and_scope(rec, header, rep, calc, ref, how, act_id, kind, s, rtol, lines) or flagged
    _import_as(res, base, rec, rep, calc, ref, act_id, kind, flagged, other_gases, s, key_note)
    for ln in lines:
        ln["imported_as"] = res["status"]
    if key and rep.nonzero:
        res["note"] = f"notation key {key} beside reported tonnes: the tonnes are imported"
    return res


def _row_activity(rec: dict[str, Any]) -> tuple[str | None, str | None]:
    """(activity id gpc knows or None, ``grid`` / ``fuel`` / None) of a row; with separate "Activity type" and
    "Fuel type" columns the fuel decides, and ``rec["activity"]`` becomes both texts."""
    if not _blank(rec.get("fuel")):
        fuel_id, fuel_kind = _activity_kind(rec.get("fuel"), None)
        text = " / ".join(str(x) for x in (rec.get("activity"), rec.get("fuel")) if not _blank(x))
        act_id: str | None
        kind: str | None
        if fuel_id is not None:
            act_id, kind = fuel_id, fuel_kind
        else:
            act_id, kind = _activity_kind(rec.get("activity"), None)
        rec["activity"] = text
        return act_id, kind
    return _activity_kind(rec.get("activity"), rec.get("unit"))


def _where(rec: dict[str, Any], header: Header, ctx: _Ctx, res: dict[str, Any],
           kind: str | None) -> tuple[str | None, str] | None:
    """``(ref, how)`` of a row (``ref`` None when its text names no GPC row), or None when the row is done with
    (a total row, an unknown reference: ``res`` and the problems/warnings say why)."""
    sheet, r = rec["sheet"], rec["row"]
    ref_cell = rec.get("gpc_ref")
    if _blank(ref_cell):
        return place(rec.get("sector"), rec.get("subsector"), rec.get("scope"), kind, rec.get("activity"))
    column = header.texts.get(header.columns["gpc_ref"])
    if re.search(r"total", str(ref_cell), re.IGNORECASE) or re.fullmatch(r"(I|II|III|IV|V|VI)\.?",
                                                                         str(ref_cell).strip()):
        res["status"] = f"not imported: a total row ({ref_cell})"
        ctx.warnings.append(Problem(sheet, r, column, ref_cell,
                                    "a total row: not imported (its rows are imported one by one)", "warning"))
        return None
    cleaned = re.sub(r"[.\s]+$", "", normalise_text(ref_cell).strip())
    sub = taxonomy.normalise_ref(cleaned)
    try:
        if sub in set(taxonomy.table()["subsector_ref"]) and sub not in taxonomy.table().index:
            ref, how = _row_in_subsector(sub, rec.get("scope"), kind, "sub-sector reference")
            if ref is None:     # "I.1" without a scope: a sub-sector total
                res["status"] = f"not imported: {how} (a sub-sector total?)"
                ctx.warnings.append(Problem(sheet, r, column, ref_cell,
                                            f"not imported: {how}; if it is a sub-sector total its rows are "
                                            "imported one by one, else give the row's GPC reference", "warning"))
                return None
            return ref, how
        return _lenient_ref(cleaned)
    except ValueError as exc:
        content = any(rec.get(f) is not None for f in ("t_CO2", "t_CH4", "t_N2O", "total", "co2_biogenic",
                                                       "amount"))
        if taxonomy.normalise_ref(ref_cell) in _template_only_refs() and not content:
            if not _blank(rec.get("notation_key")) or rec["_keys_in_numbers"]:
                res["status"] = "not imported: not a GPC row"
                ctx.warnings.append(Problem(sheet, r, column, ref_cell,
                                            f"{ref_cell} is a row of the eCRF template but not of the GPC: its "
                                            "notation key is not imported", "warning"))
            return None
        ctx.problems.append(Problem(sheet, r, column, ref_cell,
                                    f"unknown GPC reference ({exc}): use a reference number such as I.1.1, "
                                    "II.1.2, III.1.1, IV.1, V.3"))
        return None


def _reported(rec: dict[str, Any], header: Header, s: str) -> _Reported:
    """The reported tonnes, each gas in t CO2e (a column of tonnes of the gas × its GWP in set ``s``)."""
    rep: dict[str, float] = {}
    for g in GASES:
        v = rec.get(f"t_{g}")
        if v is not None:
            rep[g] = v if header.basis.get(f"t_{g}", "co2e") == "co2e" else v * _gwp(g, s)
    return _Reported(rep, rec.get("total"), rec.get("co2_biogenic"), rec.get("t_other"))


def _trace(rec: dict[str, Any], ref: str, rep: _Reported, ctx: _Ctx) -> dict[str, Any]:
    """The fields every activity-sheet row of this detailed row carries: its GPC row and the ``ecrf_*`` trace."""
    sheet, r = rec["sheet"], rec["row"]
    return {"gpc_ref": ref, "ecrf_sheet": sheet, "ecrf_row": r, "ecrf_activity": rec.get("activity"),
            "ecrf_amount": rec.get("amount"), "ecrf_unit": rec.get("unit"), "ecrf_ef_unit": rec.get("ef_unit"),
            "ecrf_ef_co2": rec.get("ef_CO2"), "ecrf_ef_ch4": rec.get("ef_CH4"), "ecrf_ef_n2o": rec.get("ef_N2O"),
            "ecrf_co2e_co2": rep.gases.get("CO2"), "ecrf_co2e_ch4": rep.gases.get("CH4"),
            "ecrf_co2e_n2o": rep.gases.get("N2O"), "ecrf_co2e_total": rep.total, "ecrf_co2_biogenic": rep.bio,
            "ecrf_methodology": rec.get("methodology"), "ecrf_ef_description": rec.get("ef_description"),
            "ecrf_ef_source": rec.get("ef_source"), "data_quality": _quality(rec.get("data_quality")),
            "source": rec.get("source") or f"{ctx.file}, sheet {sheet} row {r}"}


def _key_row(res: dict[str, Any], rec: dict[str, Any], header: Header, ctx: _Ctx, base: dict[str, Any], key: str,
             key_note: str) -> dict[str, Any]:
    """A row with a notation key and no tonnes: a notation-key row with its explanation (an IE row only when
    the explanation names where it is included)."""
    sheet, r = rec["sheet"], rec["row"]
    ref, how = res["gpc_ref"], res["how"]
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


def _ef_unit_of(rec: dict[str, Any], header: Header, f: str) -> Any:
    """The unit of factor column ``f``: the row's factor unit, else the unit in the column's header."""
    u = rec.get("ef_unit")
    return u if not _blank(u) else header.units.get(f)


def _recompute(rec: dict[str, Any], header: Header, s: str) -> _Recomputed:
    """amount × the file's factors (× GWP of set ``s`` for a factor in mass of the gas), per gas."""
    amount = rec.get("amount")
    unit = rec.get("unit") if not _blank(rec.get("unit")) else header.units.get("amount")
    out = _Recomputed(amount, unit)
    efs = {g: rec.get(f"ef_{g}") for g in GASES if rec.get(f"ef_{g}") is not None}
    ef_total = rec.get("ef_total")
    if amount is None or _blank(unit):
        out.why_not = "no activity amount and unit"
    elif not efs and ef_total is None:
        out.why_not = "no emission factor"
    elif any(_blank(_ef_unit_of(rec, header, f"ef_{g}")) for g in efs) or (
            not efs and _blank(_ef_unit_of(rec, header, "ef_total"))):
        out.why_not = "no emission-factor unit"
    else:
        units_out = set()
        for g, ef in (efs.items() if efs else [("total", ef_total)]):
            assert ef is not None  # efs holds given factors only, and ef_total is given when efs is empty
            u, tag = strip_gas(re.sub(r"\s+per\s+", "/", str(_ef_unit_of(rec, header, f"ef_{g}")).strip()))
            try:
                k = _combine(str(unit), u)
            except Exception as exc:  # noqa: BLE001 - any unit the registry cannot read
                out.why_not = f"the units do not combine ({exc})"
                out.co2e.clear()
                out.mass_ef.clear()
                break
            units_out.add(u)
            if g == "total":
                out.co2e["total"] = amount * ef * k
            elif tag == "CO2e":
                out.co2e[g] = amount * ef * k
                out.mass_ef[g] = ef / _gwp(g, s)
            else:
                out.co2e[g] = amount * ef * k * _gwp(g, s)
                out.mass_ef[g] = ef
        out.ef_unit = units_out.pop() if len(units_out) == 1 else None
    return out


def _line(rec: dict[str, Any], ref: str, gas: str, reported: Any, recomputed: Any, cause: str,
          text: str) -> dict[str, Any]:
    """A reconciliation line of row ``rec`` (its ``imported_as`` is added once the row is decided)."""
    diff = (reported - recomputed) if reported is not None and recomputed is not None else None
    ratio = (reported / recomputed) if reported is not None and recomputed else None
    return {"sheet": rec["sheet"], "row": rec["row"], "gpc_ref": ref, "activity": rec.get("activity"), "gas": gas,
            "reported_t_co2e": reported, "recomputed_t_co2e": recomputed, "difference_t_co2e": diff,
            "ratio": ratio, "cause": cause, "explanation": text}


def _check_gases(rec: dict[str, Any], header: Header, reported: _Reported, calc: _Recomputed, ref: str,
                 kind: str | None, s: str, rtol: float, lines: list[dict[str, Any]]) -> tuple[bool, float | None]:
    """Lines for each gas and the total that amount × factor does not reproduce, and for a total that is not
    the sum of the gases. Returns (a line flags the row, t CO2e of other gases counted in the total only)."""
    rep, total, bio, rec_co2e = reported.gases, reported.total, reported.bio, calc.co2e
    flagged = False
    for g in GASES:
        tol_g = rec.get(f"_tol_t_{g}", 0.0) * (1.0 if header.basis.get(f"t_{g}", "co2e") == "co2e" else _gwp(g, s))
        if g in rec_co2e and g in rep and not _agrees(tol_g, rep[g], rec_co2e[g], rtol):
            cause, text = _explain(g, rep[g], rec_co2e[g], s, ref, kind)
            lines.append(_line(rec, ref, g, rep[g], rec_co2e[g], cause, text))
            flagged = True
        elif g in rec_co2e and g not in rep and rec_co2e[g] and total is None:
            lines.append(_line(rec, ref, g, None, rec_co2e[g], "no_tonnes",
                               f"a {g} factor is given but no {g} tonnes are reported"))
            flagged = True
    other_gases = reported.other or None
    if other_gases is not None:
        if total is not None and not close(sum(rep.values()) + other_gases, total, rtol):
            lines.append(_line(rec, ref, "total", total, sum(rep.values()) + other_gases, "gases_vs_total",
                               f"the gases add up to {sum(rep.values()) + other_gases:,.6g} t CO2e, the reported "
                               f"total is {total:,.6g} t CO2e"))
            flagged = True
    elif (rep and total is not None and bio and not close(sum(rep.values()), total, rtol)
          and close(sum(rep.values()) + bio, total, rtol)):
        lines.append(_line(rec, ref, "total", total, sum(rep.values()), "biogenic_in_total",
                           f"the reported total {total:,.6g} t CO2e includes the biogenic CO2 ({bio:,.6g} t), which "
                           "the GPC reports outside the totals: the gases are imported, the biogenic CO2 as biogenic"))
        flagged = True
    elif rep and total is not None and total > sum(rep.values()) and not close(sum(rep.values()), total, rtol):
        other_gases = total - sum(rep.values())     # HFCs, PFCs, SF6 … counted in the total only
        lines.append(_line(rec, ref, "other gases", total, sum(rep.values()), "other_gases",
                           f"the total is {other_gases:,.6g} t CO2e above CO2 + CH4 + N2O: imported as other gases "
                           "(HFCs, PFCs, SF6 …) in CO2e; if the row has none, the total is wrong"))
    elif rep and total is not None and not close(sum(rep.values()), total, rtol):
        lines.append(_line(rec, ref, "total", total, sum(rep.values()), "gases_vs_total",
                           f"the gases add up to {sum(rep.values()):,.6g} t CO2e, the reported total is "
                           f"{total:,.6g} t CO2e"))
        flagged = True
    if not rep and total is not None and rec_co2e:
        recomputed_total = sum(rec_co2e.values())
        if not _agrees(rec.get("_tol_total", 0.0), total, recomputed_total, rtol):
            cause, text = _explain("total", total, recomputed_total, s, ref, kind)
            lines.append(_line(rec, ref, "total", total, recomputed_total, cause, text))
            flagged = True
    return flagged, other_gases


def _check_biogenic_and_scope(rec: dict[str, Any], header: Header, reported: _Reported, calc: _Recomputed, ref: str,
                              how: str, act_id: str | None, kind: str | None, s: str, rtol: float,
                              lines: list[dict[str, Any]]) -> bool:
    """Lines for biogenic CO2 amount × factor does not reproduce, a biomass fuel's CO2 reported as fossil, a
    scope column that contradicts the reference and grid energy filed in scope 1. Returns whether a line
    flags the row (the biogenic check does not)."""
    rep, total, bio = reported.gases, reported.total, reported.bio
    amount, unit, act_text = calc.amount, calc.unit, rec.get("activity")
    flagged = False
    ef_bio = rec.get("ef_biogenic")
    if bio and ef_bio is not None and amount is not None and not _blank(unit):
        try:
            u_bio = _ef_unit_of(rec, header, "ef_biogenic")
            recomputed_bio = amount * ef_bio * _combine(str(unit), strip_gas(str(u_bio))[0])
        except Exception:  # noqa: BLE001 - no unit or units that do not combine: nothing to check
            recomputed_bio = None
        if recomputed_bio is not None and not close(bio, recomputed_bio, rtol):
            cause, text = explain("CO2", bio, recomputed_bio, s)
            lines.append(_line(rec, ref, "CO2 (biogenic)", bio, recomputed_bio, cause, text))
    if kind == "fuel" and rep.get("CO2") and _is_biogenic(act_id):
        lines.append(_line(rec, ref, "CO2", rep["CO2"], None, "biogenic_as_fossil",
                           f"{act_text} is a biomass fuel ({act_id}): its CO2 is biogenic and the GPC reports it "
                           "outside the totals, but the row reports it in the CO2 column (imported as reported, in "
                           "the totals)"))
        flagged = True
    stated = _scope_of(rec.get("scope")) if how == "GPC reference" else None
    if stated is not None and stated != taxonomy.scope(ref) and not (kind == "grid" and taxonomy.scope(ref) == 1):
        lines.append(_line(rec, ref, "all", total if total is not None else sum(rep.values()), None, "ref_vs_scope",
                           f"the row's scope column says scope {stated} ({rec.get('scope')}) but its GPC reference "
                           f"{ref} is scope {taxonomy.scope(ref)}"))
        flagged = True
    if kind == "grid" and taxonomy.scope(ref) == 1:
        target = re.sub(r"\.1$", ".2", ref)
        lines.append(_line(rec, ref, "all", total if total is not None else sum(rep.values()), None,
                           "scope2_in_scope1", f"grid-supplied energy ({act_text}) filed in the scope-1 row {ref}: "
                                               f"the GPC reports it in {target} (scope 2)"))
        flagged = True
    return flagged


def _import_as(res: dict[str, Any], base: dict[str, Any], rec: dict[str, Any], reported: _Reported,
               calc: _Recomputed, ref: str, act_id: str | None, kind: str | None, flagged: bool,
               other_gases: float | None, s: str, key_note: str) -> None:
    """The activity-sheet rows of a row with reported tonnes: an activity with the file's factors when they
    reproduce the tonnes, else direct entries (and other gases in CO2e); sets ``status`` and ``expected``."""
    rep, total, bio, rec_co2e = reported.gases, reported.total, reported.bio, calc.co2e
    act_text = rec.get("activity")
    reproduces = (calc.ef_unit is not None and other_gases is None and not flagged and not calc.why_not
                  and bool(rec_co2e) and act_id is not None and "total" not in rec_co2e
                  and all(g in rec_co2e for g, v in rep.items() if v) and not bio and _takes(ref, kind))
    if reproduces:
        no_ef = [g for g in GASES if g not in calc.mass_ef]
        note = "activity × the file's factors reproduces the reported tonnes"
        if no_ef:
            note += f"; the file gives no {'/'.join(no_ef)} factor: 0 entered"
        res["activity"].append({**base, "activity": act_id, "amount": calc.amount, "unit": str(calc.unit),
                                "ef_co2": calc.mass_ef.get("CO2", 0.0), "ef_ch4": calc.mass_ef.get("CH4", 0.0),
                                "ef_n2o": calc.mass_ef.get("N2O", 0.0), "ef_unit": calc.ef_unit,
                                "import_note": _join_notes(note, key_note)})
        res["expected"] = (sum(rec_co2e.values()), 0.0)
        res["status"] = "activity"
        return
    why = ("reported tonnes differ from activity × factor × GWP (see reconciliation)" if flagged else
           f"not recomputable: {calc.why_not}" if calc.why_not else
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
    from gpc.activity_catalogue import fuel_catalogue

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
