"""Factor checks of the ``transport`` sheet, before any record is built: every fuel, mode, vehicle and
gas a row needs has a factor in the set (or the row gives its own), and ``starts`` is given where the US
cold-start factors of IPCC 2006 Table 3.2.3 need it and nowhere it would be ignored."""

from __future__ import annotations

from typing import Any

import numpy as np

from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.base import Factor
from gpc.factors.resolve import resolver
from gpc.i18n import label
from gpc.sectors.transport.distance import MODES, Prepared, _gas_factor, _num, _text, shown
from gpc.sectors.transport.intensity import ELECTRICITY

__all__ = ["factor_problems"]


def factor_problems(p: Prepared, ctx: Context) -> list[Problem]:
    """Rows whose factors the set lacks (asked once per distinct key)."""
    res = resolver(ctx)
    out: list[Problem] = []
    basis = _text(p.df, "ch4_n2o_basis", "fuel")
    road = _text(p.df, "road_type")
    own = {g: _num(p.df, f"ef_{g.lower()}_km") for g in ("CH4", "N2O")}
    out += _start_problems(p, res, basis, own)
    cache: dict[Any, Any] = {}
    for i in range(len(p.rows)):
        f = p.fuel[i]
        if not f or p.sub[i] not in MODES:
            continue
        if f == ELECTRICITY:
            key: Any = ("grid",)
            if key not in cache:
                cache[key] = res.grid("grid_electricity")
            hit = cache[key]
            if not isinstance(hit, Factor):  # the transport sheet has no ef_co2 column: the city's grid_factor
                out.append(Problem("city" if hit.city else shown(p.df), None if hit.city else int(p.rows[i]),
                                   hit.column if hit.city else "fuel", None if hit.city else f,
                                   hit.message if hit.city else label("err.transport_no_grid", "en",
                                                                      set=ctx.factors.id)))
            continue
        for gas in ("CO2", "CH4", "N2O"):
            if gas != "CO2" and basis[i] == "distance":
                if not np.isnan(own[gas][i]):
                    continue
                key = ("d", gas, p.vclass[i], f, p.tech[i], road[i], p.region[i])
                if key not in cache:
                    cache[key] = res.transport().distance_factor(gas, p.vclass[i], f, p.tech[i], road[i], p.region[i])
            else:
                key = ("c", gas, f, MODES[p.sub[i]], p.tech[i])
                if key not in cache:
                    cache[key] = _gas_factor(res, gas, f, MODES[p.sub[i]], p.tech[i])
            hit = cache[key]
            if isinstance(hit, Factor):
                continue
            if key[0] == "c":  # the activity sheet's advice (ef_ch4, ef_unit) names columns this sheet lacks
                col = "fuel" if gas == "CO2" else f"ef_{gas.lower()}_km"
                out.append(Problem(shown(p.df), int(p.rows[i]), col, f if gas == "CO2" else None,
                                   label("err.transport_no_co2_factor" if gas == "CO2" else "err.transport_no_factor",
                                         "en", set=ctx.factors.id, gas=gas, fuel=f, mode=MODES[p.sub[i]],
                                         column=col)))
            else:
                out.append(Problem(shown(p.df), int(p.rows[i]), hit.column, None, hit.message))
    return out


def _start_problems(p: Prepared, res: Any, basis: list[str],
                    own: dict[str, np.ndarray]) -> list[Problem]:
    """``starts`` where the cold-start term needs it (US Table 3.2.3), and nowhere it would be ignored."""
    out: list[Problem] = []
    starts = _num(p.df, "starts")
    tf = res.transport()
    cache: dict[tuple[Any, ...], list[Any]] = {}
    for i in range(len(p.rows)):
        has = not np.isnan(starts[i])
        if has and starts[i] < 0:
            out.append(Problem(shown(p.df), int(p.rows[i]), "starts", starts[i],
                               label("err.transport_negative", "en", column="starts")))
        table_gases = [g for g in ("CH4", "N2O") if np.isnan(own[g][i])]
        if basis[i] != "distance" or not p.fuel[i] or p.fuel[i] == ELECTRICITY or p.sub[i] not in MODES:
            if has:
                out.append(Problem(shown(p.df), int(p.rows[i]), "starts", starts[i],
                                   label("err.transport_starts_basis", "en")))
            continue
        key = (tuple(table_gases), p.vclass[i], p.fuel[i], p.tech[i], p.region[i])
        if key not in cache:
            cache[key] = [tf.start_factor(g, p.vclass[i], p.fuel[i], p.tech[i], p.region[i]) for g in table_gases]
        cold = cache[key]
        if any(isinstance(x, Factor) for x in cold):
            if not has:
                out.append(Problem(shown(p.df), int(p.rows[i]), "starts", None,
                                   label("err.transport_starts_missing", "en")))
        elif has:
            msg = (label("err.transport_starts_own", "en") if not table_gases else
                   label("err.transport_starts_no_factor", "en", region=p.region[i]))
            out.append(Problem(shown(p.df), int(p.rows[i]), "starts", starts[i], msg))
    return out
