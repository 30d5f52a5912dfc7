"""The import itself: :func:`import_ecrf` (an eCRF workbook) and :func:`import_rows` (detailed rows of any
table with the cover sheet's settings, also used by :mod:`gpc.io.ciris_in`), then a self-check that builds the
imported rows with gpc."""

from __future__ import annotations

import math
import re
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from gpc.errors import GpcError, InputError, Problem
from gpc.gwp import DEFAULT_GWP
from gpc.importers.ecrf.cells import GASES, CellError, _blank, parse_number
from gpc.importers.ecrf.cover import _sheet_kind, _summary, gwp_set_of, read_cover
from gpc.importers.ecrf.header import Header, find_header
from gpc.importers.ecrf.read import _fill_merged, _load, read_detail_rows
from gpc.importers.ecrf.rows import _Ctx, _direct_rows, _row_result
from gpc.importers.ecrf.write import (
    ACTIVITY_COLUMNS,
    RECONCILIATION_COLUMNS,
    TRACE_COLUMNS,
    EcrfImport,
    write_import,
)
from gpc.reconcile import close


def import_rows(tables: list[tuple[str, list[list[Any]], Header]], cover: dict[str, Any], *, file: str,
                explanations: dict[str, str] | None = None, rtol: float = 1e-3,
                problems: list[Problem] | None = None, default_basis: str = "co2e") -> EcrfImport:
    """Import detailed rows (one or more sheets with their header) with the cover sheet's settings."""
    problems = list(problems or [])
    warnings: list[Problem] = []
    city = _city(cover, tables, file, problems, warnings)
    ctx = _Ctx(file, city["gwp"], problems, warnings, dict(explanations or {}))
    results = _row_results(tables, ctx, rtol, default_basis)
    _settle_keys(results, problems)
    if problems:
        raise InputError(problems)
    act_rows = [a for res in results for a in res["activity"]]
    activity = pd.DataFrame(act_rows, columns=ACTIVITY_COLUMNS + TRACE_COLUMNS)
    lines = [ln for res in results for ln in res["lines"]]
    recon = pd.DataFrame(lines, columns=RECONCILIATION_COLUMNS)
    rows_df = pd.DataFrame([{k: res.get(k) for k in ("sheet", "row", "gpc_ref", "status", "note")}
                            for res in results])
    out = EcrfImport(city, activity, recon, rows_df, warnings, file)
    _self_check(out, results)
    return out


def _city(cover: dict[str, Any], tables: list[tuple[str, list[list[Any]], Header]], file: str,
          problems: list[Problem], warnings: list[Problem]) -> dict[str, Any]:
    """The city sheet's fields from the cover sheet (the year, else the one year of the rows' year column;
    the GWP set, else the GPC's default, said)."""
    city: dict[str, Any] = {}
    for name in ("name", "country", "region"):
        if name in cover:
            city[name] = str(cover[name][0]).strip()
    if "year" in cover:
        v = cover["year"][0]
        m = re.search(r"(19|20)\d\d", str(int(v) if isinstance(v, float) and v.is_integer() else v))
        if m:
            city["year"] = int(m.group(0))
    if "year" not in city:
        for _, rows, h in tables:
            if "year" in h.columns:
                ys = {rows[i][h.columns["year"]] for i in range(h.first_data, len(rows))
                      if h.columns["year"] < len(rows[i]) and not _blank(rows[i][h.columns["year"]])}
                ys = {int(float(str(y).strip())) for y in ys if re.fullmatch(r"(19|20|21)\d\d(\.0)?", str(y).strip())}
                if len(ys) == 1:
                    city["year"] = ys.pop()
    if "year" not in city:
        problems.append(Problem(file, None, "inventory year", None,
                                "no inventory year found: the cover sheet needs 'Inventory year' and its value"))
    if "population" in cover:
        try:
            city["population"] = parse_number(cover["population"][0])
        except CellError as exc:
            warnings.append(Problem(file, cover["population"][1], "population", cover["population"][0],
                                    f"population not read: {exc}", "warning"))
    if "gdp" in cover:
        g = cover["gdp"][0]
        try:
            x = parse_number(g)
            if x:
                city["gdp"] = f"{x:.10g} USD"
        except CellError:
            warnings.append(Problem(file, cover["gdp"][1], "gdp", g, "GDP not read: not a number", "warning"))
    gset = gwp_set_of(cover["gwp"][0]) if "gwp" in cover else None
    if gset is None:
        gset = DEFAULT_GWP
        warnings.append(Problem(file, cover["gwp"][1] if "gwp" in cover else None, "GWP",
                                cover["gwp"][0] if "gwp" in cover else None,
                                f"the file does not say which GWP set it used: {DEFAULT_GWP} assumed (the GPC's "
                                "default); check the reconciliation for CH4/N2O ratios", "warning"))
    city["gwp"] = gset
    return city


def _row_results(tables: list[tuple[str, list[list[Any]], Header]], ctx: _Ctx, rtol: float,
                 default_basis: str) -> list[dict[str, Any]]:
    """:func:`gpc.importers.ecrf.rows._row_result` of every data row of every table; a row gpc cannot read is
    reported, not fatal."""
    problems, warnings = ctx.problems, ctx.warnings
    results = []
    for sheet, rows, header in tables:
        rows = _fill_merged(rows, header)
        for j, f in header.duplicates:
            warnings.append(Problem(sheet, header.row + 1, header.texts.get(j, f), None,
                                    f"a second column for '{f}': the first one is read", "warning"))
        for rec in read_detail_rows(sheet, rows, header, problems, default_basis, warnings):
            try:
                results.append(_row_result(rec, header, ctx, rtol))
            except (InputError, KeyboardInterrupt):
                raise
            except Exception as exc:  # noqa: BLE001 - one odd row must not stop the import: it is reported
                warnings.append(Problem(sheet, rec["row"], None, None,
                                        f"row not imported: gpc could not read it ({type(exc).__name__}: {exc}); "
                                        "please report this file layout", "warning"))
                results.append({"sheet": sheet, "row": rec["row"], "gpc_ref": None, "lines": [], "activity": [],
                                "status": f"not imported: {type(exc).__name__}", "note": ""})
    return results


def _settle_keys(results: list[dict[str, Any]], problems: list[Problem]) -> None:
    """One notation key per GPC reference: a key beside reported tonnes of the same reference, a repeated key
    and a key placed from text where the reference has its own are not imported; conflicting keys are
    problems."""
    by_ref: dict[str, list[dict[str, Any]]] = {}
    for res in results:
        if res.get("gpc_ref"):
            by_ref.setdefault(res["gpc_ref"], []).append(res)
    for ref, rs in by_ref.items():
        keyed = [x for x in rs if x["status"] == "notation key"]
        valued = [x for x in rs if x["status"] in ("activity", "direct")]
        explicit = [x for x in keyed if x.get("how") == "GPC reference"]
        if explicit and len(explicit) < len(keyed) and not valued:
            for x in keyed:
                if x.get("how") != "GPC reference":
                    x["activity"] = []
                    x["status"] = (f"notation key {x['key']} (placed from its text) not imported: {ref} has its own "
                                   f"key in row {explicit[0]['row']}")
            keyed = explicit
        keys = {x["key"] for x in keyed}
        if len(keys) > 1 and not valued:
            for x in keyed:
                problems.append(Problem(x["sheet"], x["row"], x.get("key_column") or "notation key", x["key"],
                                        f"{ref} has conflicting notation keys ({', '.join(sorted(keys))}) in rows "
                                        f"{', '.join(str(y['row']) for y in keyed)}: keep one"))
        drop = keyed[1:] if not valued else keyed
        for x in drop:
            x["activity"] = []
            x["status"] = (f"notation key {x['key']} not imported: {ref} has reported tonnes in row "
                           f"{valued[0]['row']}" if valued else f"notation key {x['key']} repeated for {ref}")


def _self_check(out: EcrfImport, results: list[dict[str, Any]]) -> None:
    """Build the imported rows with gpc and turn into direct entries every activity row gpc computes
    differently from amount × factor × GWP (a default it adds, an oxidation factor …): the workbook then
    reproduces the file wherever the file's arithmetic is right."""
    from gpc import engine

    act = out.activity
    if not len(act):
        return
    is_act = act["activity"].notna() & (act["activity"] != "direct")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "check.xlsx"
        write_import(out, p, reconciliation=False)
        try:
            inv = engine.calculate(p)
            e = inv.emissions
            got = e[~e["biogenic"].astype(bool)].groupby("row")["co2e_t"].sum()
            bio = e[e["biogenic"].astype(bool)].groupby("row")["emissions_t"].sum()
            bad_rows: set[int] = set()
        except GpcError as err:
            if not isinstance(err, InputError):     # e.g. a factor set gpc cannot load: keep what the file says
                err = InputError([Problem("activity", int(i) + 2, None, None, str(err)) for i in act.index[is_act]])
            got, bio = pd.Series(dtype=float), pd.Series(dtype=float)
            bad_rows = {int(pr.row) for pr in err.problems if pr.sheet == "activity" and pr.row}
            for pr in err.problems:     # rows that stay as they are (direct entries, keys): said now
                i = int(pr.row) - 2 if pr.sheet == "activity" and pr.row else None
                if i is None or not (0 <= i < len(act)) or is_act.iloc[i]:
                    if i is None:
                        out.warnings.append(Problem(pr.sheet, pr.row, pr.column, pr.value,
                                                    f"the imported workbook will not build: {pr.message}",
                                                    "warning"))
                    continue
                out.warnings.append(Problem(str(act.at[i, "ecrf_sheet"]), int(act.at[i, "ecrf_row"]), pr.column,
                                            pr.value, f"imported as activity row {pr.row}, which gpc will not "
                                                      f"build: {pr.message}", "warning"))
    exp = {(res["sheet"], res["row"]): res for res in results if res.get("status") == "activity"}
    redo = []
    for i in act.index[is_act]:
        xl = i + 2
        res = exp.get((act.at[i, "ecrf_sheet"], act.at[i, "ecrf_row"]))
        want = res["expected"][0] if res else None
        ok = xl not in bad_rows and want is not None and close(float(got.get(xl, 0.0)), want, 1e-6, 1e-6) \
            and abs(float(bio.get(xl, 0.0))) < 1e-9
        if not ok:
            redo.append(i)
    if not redo:
        return
    new_rows = []
    for i in act.index:
        if i not in redo:
            new_rows.append(act.loc[i].to_dict())
            continue
        a = act.loc[i].to_dict()
        rep = {g: a[f"ecrf_co2e_{g.lower()}"] for g in GASES if _num_ok(a[f"ecrf_co2e_{g.lower()}"])}
        tot = a["ecrf_co2e_total"] if _num_ok(a["ecrf_co2e_total"]) else None
        base = {k: a[k] for k in ["gpc_ref", "data_quality", "source"] + TRACE_COLUMNS[:-1]}
        new_rows.extend(_direct_rows(base, rep, tot, None, out.city["gwp"],
                                     "reported tonnes kept: gpc computes this activity differently from amount × "
                                     "factor (e.g. its own defaults for the fuel)"))
        st = out.rows[(out.rows["sheet"] == a["ecrf_sheet"]) & (out.rows["row"] == a["ecrf_row"])].index
        out.rows.loc[st, "status"] = "direct"
    out.activity = pd.DataFrame(new_rows, columns=ACTIVITY_COLUMNS + TRACE_COLUMNS)


def _num_ok(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def import_ecrf(path: str | Path, *, year: int | None = None, gwp: str | None = None,
                rtol: float = 1e-3) -> EcrfImport:
    """Read an eCRF workbook and map it to v1 activity rows (see the module docstring).

    Raises :class:`gpc.InputError` listing every problem (sheet, row, column) at once.
    ``year``, ``gwp``: the inventory year and GWP set, for a file whose cover sheet does not state them
    (given, they override it). ``rtol``: relative tolerance of a reproduced figure (default 0.1 %).
    """
    path = Path(path)
    sheets = _load(path)
    problems: list[Problem] = []
    cover: dict[str, Any] = {}
    expl: dict[str, str] = {}
    summary_totals: list[tuple[str, tuple[str, ...], float]] = []
    detail: list[tuple[str, list[list[Any]], Header]] = []
    candidates: list[tuple[int, str, list[list[Any]], Header]] = []
    summary_note: Problem | None = None
    summary_extra: list[Problem] = []
    for name, rows in sheets.items():
        kind = _sheet_kind(name)
        if kind == "cover" and find_header(rows) is None:
            cover = {**read_cover(rows), **cover}
            continue
        if kind == "summary":
            expl, summary_totals = _summary(rows, name)
            if not expl and not summary_totals and any(any(not _blank(v) for v in r) for r in rows):
                summary_note = Problem(name, None, None, None,
                                       "the summary sheet is not in the GCoM template layout: not read (its "
                                       "explanations of notation keys and sub-sector totals are not used)",
                                       "warning")
            continue
        h = find_header(rows)
        if h is not None:
            rank = 0 if kind == "detail" else 1
            candidates.append((rank, name, rows, h))
            continue
        found = read_cover(rows)
        if "year" in found and ("name" in found or "gwp" in found):
            cover = {**found, **cover}
    if not candidates:
        problems.append(Problem(path.name, None, None, None,
                                "no detailed sheet found: the eCRF's sheet eCRF_3 (one row per GPC reference and "
                                "activity, with a header naming 'GPC ref. no.' and the emission columns) is missing "
                                f"or its header is not recognised (sheets: {', '.join(sheets)})"))
        raise InputError(problems)
    if year is not None:
        cover["year"] = (year, None)
    if gwp is not None:
        cover["gwp"] = (gwp, None)
    # the sheet(s) named as the detailed sheet, else the one whose header names most fields
    candidates.sort(key=lambda c: (c[0], -len(c[3].columns)))
    if candidates[0][0] == 0:
        chosen = [c for c in candidates if c[0] == 0]
    else:
        chosen = candidates[:1]
    for c in candidates:
        if c not in chosen:
            problems_w = Problem(c[1], c[3].row + 1, None, None,
                                 f"this sheet also has a table of emissions; the detailed rows are read from "
                                 f"'{chosen[0][1]}' only", "warning")
            summary_extra.append(problems_w)
    detail = [(c[1], c[2], c[3]) for c in chosen]
    out = import_rows(detail, cover, file=path.name, explanations=expl, rtol=rtol, problems=problems)
    if summary_note is not None:
        out.warnings.append(summary_note)
    out.warnings.extend(summary_extra)
    _check_summary(out, summary_totals, rtol)
    return out


def _check_summary(out: EcrfImport, totals: list[tuple[str, tuple[str, ...], float]], rtol: float) -> None:
    """Lines for the summary cells that do not equal the sum of the detailed rows' reported CO2e."""
    if not totals:
        return
    a = out.activity
    fossil = a[(a["activity"].notna()) & (a["biogenic"] != "yes")].drop_duplicates(["ecrf_sheet", "ecrf_row"])
    per_ref: dict[str, float] = {}
    for _, x in fossil.iterrows():
        gases = [x[f"ecrf_co2e_{g.lower()}"] for g in GASES if _num_ok(x[f"ecrf_co2e_{g.lower()}"])]
        v = x["ecrf_co2e_total"] if _num_ok(x["ecrf_co2e_total"]) else sum(gases)
        per_ref[x["gpc_ref"]] = per_ref.get(x["gpc_ref"], 0.0) + float(v)
    lines = []
    for cell, refs, value in totals:
        s = sum(per_ref.get(r, 0.0) for r in refs)
        if not close(value, s, rtol, 0.5):
            lines.append({"sheet": "eCRF_2", "row": int(cell[1:]), "gpc_ref": "+".join(refs), "activity": None,
                          "gas": "total", "reported_t_co2e": value, "recomputed_t_co2e": s,
                          "difference_t_co2e": value - s, "ratio": value / s if s else None,
                          "cause": "summary_vs_detail",
                          "explanation": f"summary cell {cell} says {value:,.6g} t CO2e, the detailed rows of "
                                         f"{', '.join(refs)} add up to {s:,.6g}", "imported_as": "detailed rows"})
    if lines:
        out.reconciliation = pd.concat([out.reconciliation, pd.DataFrame(lines, columns=RECONCILIATION_COLUMNS)],
                                       ignore_index=True)


def import_ecrf_workbook(path: str | Path, out_path: str | Path, **kw: Any) -> EcrfImport:
    """:func:`import_ecrf` and :func:`write_import` in one step (``gpc import-ecrf``)."""
    result = import_ecrf(path, **kw)
    write_import(result, out_path)
    return result
