"""One scenario's stacked tables through the engine: the landfill gas recovered at the held (or captured)
rate, one :func:`gpc.calculate` call per sector module (reused when its tables are those of an earlier run),
the records mapped back to their projected year and base row, and the linear sheets scaled from the base
inventory."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from gpc.errors import InputError, Problem
from gpc.pathways.prepare import _Base


def _run(b: _Base, tables: dict[str, pd.DataFrame], key: pd.DataFrame, scenario: str,
         scaled: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """Compute one scenario's stacked tables with the engine: records with ``year`` and the base row."""

    sw = tables.get("solid_waste")
    rates = sw.attrs.get("recovery_rates", {}) if sw is not None else {}
    if sw is not None and rates and any(np.any(r > 0) for r in rates.values()):
        _recovered(b, sw, rates, key, scenario)
    tabs = {k: _engine_table(v) for k, v in tables.items()}
    e = _by_module(b, tabs, key, scenario)
    e = _keyed(e, key, scenario)
    if scaled:
        e = pd.concat([e] + [_scaled(b, sheet, f, scenario) for sheet, f in scaled.items()], ignore_index=True)
    return e


def _recovered(b: _Base, sw: pd.DataFrame, rates: dict[str, np.ndarray], key: pd.DataFrame, scenario: str) -> None:
    """Each site copy's ``methane_recovered``: its rate × the CH4 it generates, from a first engine pass over
    the solid-waste sheet (recovery does not change generation)."""
    site_copy = (sw["_site"] + "|" + sw["_Y"].astype(str)).to_numpy()
    sig = sw["amount"].to_numpy(dtype=float).tobytes() + str(len(sw)).encode()
    gen = b.gen_cache.get(sig)
    if gen is None:   # the same disposal as an earlier run (actions elsewhere): same generation
        tabs = {"solid_waste": _engine_table(sw)}
        e = _calc(b, tabs, key, scenario).emissions
        copy_of_row = dict(zip(sw["row"], site_copy))
        gen = b.gen_cache[sig] = e.groupby(e["row"].map(copy_of_row))["ch4_generated_t"].sum()
    first = ~pd.Series(site_copy).duplicated().to_numpy()
    yidx = np.searchsorted(b.years, sw["_Y"].to_numpy())
    rate = np.array([rates[s][y] if s in rates else 0.0 for s, y in zip(sw["_site"], yidx)])
    g = gen.reindex(site_copy).fillna(0.0).to_numpy()
    sw["methane_recovered"] = np.where(first & (rate > 0), np.minimum(rate, 1.0) * g, np.nan)


def _by_module(b: _Base, tabs: dict[str, pd.DataFrame], key: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """The engine's records of the tables, one engine call per sector module (each module only ever sees its
    own sheets, so this is the same computation); a module whose stacked tables are those of an earlier run
    (an action elsewhere) is reused. The problems of all modules are raised together."""
    parts, errors = [], []
    for group in _groups(tabs):
        sub = {k: tabs[k] for k in group}
        sig = tuple((k, _digest(v)) for k, v in sorted(sub.items()))
        rec = b.run_cache.get(sig)
        if rec is None:
            try:
                rec = b.run_cache[sig] = _calc(b, sub, key, scenario).emissions
            except InputError as exc:
                errors.extend(exc.problems)
                continue
        parts.append(rec)
    if errors:
        raise InputError(errors)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _keyed(e: pd.DataFrame, key: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """The records with their projected year, base row, origin and scenario; landfill deposit years (and the
    years in their detail) shifted back from the site copy's to the calendar's."""
    kk = key.set_index(["sheet", "row"])
    idx = pd.MultiIndex.from_arrays([e["sheet"], e["row"]])
    pos = kk.index.get_indexer(idx)
    e = e.assign(year=kk["year"].to_numpy()[pos], base_row=kk["base_row"].to_numpy()[pos],
                 origin=kk["origin"].to_numpy()[pos], scenario=scenario)
    shift = kk["shift"].to_numpy()[pos]
    if "deposit_year" in e.columns:
        e["deposit_year"] = e["deposit_year"] - shift
        sw_rows = shift != 0
        if sw_rows.any():
            det = e.loc[sw_rows, "detail"].astype(str)
            sh = shift[sw_rows]
            e.loc[sw_rows, "detail"] = [_unshift(d, int(s)) for d, s in zip(det, sh)]
    return e


def _scaled(b: _Base, sheet: str, f: np.ndarray, scenario: str) -> pd.DataFrame:
    """The base inventory's records of a linear sheet, one copy per year scaled by the row's index."""
    t = b.tables[sheet]
    e = b.inv.emissions
    r = e[e["sheet"] == t["sheet"].iloc[0]]
    if r.empty:
        return r.assign(year=pd.Series(dtype=int))
    pos = pd.Index(t["row"]).get_indexer(r["row"])
    ny = len(b.years)
    c = r.iloc[np.tile(np.arange(len(r)), ny)].reset_index(drop=True)
    k = f[pos].T.ravel()
    for col in ("emissions_t", "co2e_t", "amount"):
        if col in c.columns:
            c[col] = c[col].to_numpy(dtype=float) * k
    return c.assign(year=np.repeat(b.years, len(r)), base_row=c["row"].to_numpy(), origin="", scenario=scenario,
                    activity_index=k)


def _engine_table(t: pd.DataFrame) -> pd.DataFrame:
    """The table as the engine takes it: without the helper columns (``_…``) and attributes."""
    out = t.drop(columns=[c for c in t.columns if c.startswith("_")])
    out.attrs = {}
    return out


def _groups(tabs: dict[str, pd.DataFrame]) -> list[tuple[str, ...]]:
    """The sheets of ``tabs`` grouped by the sector module that computes them (gpc.engine.SECTOR_MODULES)."""
    import importlib

    from gpc.engine import SECTOR_MODULES

    out, seen = [], set()
    for name in SECTOR_MODULES:
        try:
            sheets = tuple(getattr(importlib.import_module(name), "SHEETS", ()))
        except ModuleNotFoundError:
            continue
        g = tuple(k for k in tabs if k in sheets)
        seen |= set(g)
        if g:
            out.append(g)
    out += [(k,) for k in tabs if k not in seen]
    return out


def _digest(t: pd.DataFrame) -> str:
    """A digest of a table's content (column names, values as text)."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    h.update("|".join(map(str, t.columns)).encode())
    h.update(pd.util.hash_pandas_object(t.astype(str), index=False).to_numpy().tobytes())
    return h.hexdigest()


def _unshift(text: str, shift: int) -> str:
    text = re.sub(r"deposit year (\d{4})", lambda m: f"deposit year {int(m.group(1)) - shift}", text)
    return re.sub(r"generated in (\d{4})", lambda m: f"generated in {int(m.group(1)) - shift}", text)


def _calc(b: _Base, tabs: dict[str, pd.DataFrame], key: pd.DataFrame, scenario: str) -> Any:
    from gpc.engine import calculate

    data = replace(b.data, tables=tabs, problems=[], warnings=[])
    try:
        return calculate(data)
    except InputError as exc:
        kk = key.set_index(["sheet", "row"])
        seen, probs = set(), []
        for p in exc.problems:
            if p.row is not None and (p.sheet, p.row) in kk.index:
                k = kk.loc[(p.sheet, p.row)]
                k = k.iloc[0] if isinstance(k, pd.DataFrame) else k
                where = f" (scenario {scenario}, projected year {int(k['year'])}"
                where += f", {k['origin']})" if k["origin"] else ")"
                row = int(k["base_row"]) if int(k["base_row"]) > 0 else None
                q = Problem(p.sheet, row, p.column, p.value, p.message + where, p.severity)
            else:
                q = p
            sig = (q.sheet, q.row, q.column, p.message)
            if sig not in seen:
                seen.add(sig)
                probs.append(q)
        raise InputError(probs) from None
