"""V.2 Land: biomass carbon stock changes of forest land remaining and land converted (IPCC 2006 Vol. 4
Ch. 2 Eq. 2.7–2.16, Ch. 4), factors from :class:`gpc.factors.afolu.LandFactors`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.afolu import NO_RANGE, Range
from gpc.factors.ranges import describe
from gpc.factors.resolve import resolver
from gpc.methods import afolu as eq
from gpc.records import make_records
from gpc.sectors.afolu.common import (
    _amount,
    _col,
    _num,
    _prefix_problems,
    _text,
    _unit_problems,
)
from gpc.units import convert


def _land_parameters(df: pd.DataFrame, ctx: Context
                     ) -> tuple[dict[str, np.ndarray], list[list[str]], list[Problem], list[dict[str, Range]]]:
    """Resolve every land_use parameter row by row: values, notes on defaults, problems, and the printed ranges
    of the defaults used (``growth``, ``agb``, ``root_shoot``; ``carbon_before`` marks a forest stock computed
    from them)."""
    land = resolver(ctx).land()
    n = len(df)
    keys = ("growth", "agb", "root_shoot", "carbon_fraction", "carbon_before", "carbon_after")
    p = {k: _num(df, k) for k in keys}
    notes: list[list[str]] = [[] for _ in range(n)]
    ranges: list[dict[str, Range]] = [{} for _ in range(n)]
    probs: list[Problem] = []
    rows = _col(df, "row").astype(int).to_numpy() if n else np.zeros(0, int)
    removals = _num(df, "wood_removals", 0.0) + _num(df, "fuelwood_removals", 0.0)
    dist = _num(df, "disturbance_area", 0.0)
    for i, (lf, lt, zone, cont, age, ftype) in enumerate(zip(
            _text(df, "land_from"), _text(df, "land_to"), _text(df, "zone"), _text(df, "continent"),
            _text(df, "age_class"), _text(df, "forest_type"))):
        r = int(rows[i])
        if np.isnan(p["carbon_fraction"][i]):
            p["carbon_fraction"][i] = land.cf()
        forest_involved = "forest_land" in (lf, lt)
        needs_growth = lt == "forest_land"
        needs_agb = ((lf == "forest_land" and lt != "forest_land" and np.isnan(p["carbon_before"][i]))
                     or (lf == lt == "forest_land" and dist[i] > 0))
        if needs_growth and np.isnan(p["growth"][i]):
            a = age or ("gt20" if lf == "forest_land" else "le20")
            g = land.forest("forest_growth", zone, cont, a) if zone else None
            if g is None:
                probs.append(Problem("land_use", r, "growth", None,
                                     "no default forest growth for this zone/continent/age (Table 4.9): give growth "
                                     "(t dry matter/ha/year) or zone, continent and age_class"))
            else:
                p["growth"][i] = g
                ranges[i]["growth"] = land.forest_range("forest_growth", zone, cont, a)
                notes[i].append(f"growth {g:g} t dm/ha/yr (Table 4.9, {zone}, {cont or 'any'}, {a})")
        if needs_agb and np.isnan(p["agb"][i]):
            b = land.forest("forest_agb", zone, cont, age or "gt20") if zone else None
            if b is None:
                probs.append(Problem("land_use", r, "agb", None,
                                     "no default forest above-ground biomass for this zone/continent (Table 4.7): give agb "
                                     "(t dry matter/ha) or carbon_before"))
            else:
                p["agb"][i] = b
                ranges[i]["agb"] = land.forest_range("forest_agb", zone, cont, age or "gt20")
                notes[i].append(f"agb {b:g} t dm/ha (Table 4.7)")
        if forest_involved and np.isnan(p["root_shoot"][i]) and (needs_growth or needs_agb or removals[i] > 0):
            ref_agb = p["agb"][i] if not np.isnan(p["agb"][i]) else (
                land.forest("forest_agb", zone, cont, age or "gt20") if zone else None)
            rs = land.root_shoot(zone, ftype, np.nan if ref_agb is None else ref_agb) if zone else None
            if rs is None:
                probs.append(Problem("land_use", r, "root_shoot", None,
                                     "no default root-to-shoot ratio (Table 4.4) for this zone, forest_type and biomass: "
                                     "give root_shoot"))
            else:
                p["root_shoot"][i] = rs
                ranges[i]["root_shoot"] = land.root_shoot_range(zone, ftype, np.nan if ref_agb is None else ref_agb)
                notes[i].append(f"R {rs:g} (Table 4.4)")
        if lf != lt:
            for col, cat in (("carbon_before", lf), ("carbon_after", lt)):
                if not np.isnan(p[col][i]):
                    continue
                if cat == "forest_land":
                    if col == "carbon_after":
                        p[col][i] = 0.0
                        notes[i].append("carbon_after 0 (Tier 1: new forest starts from no biomass; growth counted)")
                    elif not np.isnan(p["agb"][i]) and not np.isnan(p["root_shoot"][i]):
                        p[col][i] = p["agb"][i] * (1 + p["root_shoot"][i]) * p["carbon_fraction"][i]
                        ranges[i]["carbon_before"] = NO_RANGE  # marks a stock of agb x (1 + R) x CF
                        notes[i].append(f"carbon_before {p[col][i]:.6g} t C/ha = agb x (1 + R) x CF")
                    continue
                s = land.stock(cat, zone)
                if s is None:
                    probs.append(Problem("land_use", r, col, None,
                                         f"no default biomass carbon for {cat} (grassland needs zone as an IPCC climate zone, "
                                         f"e.g. warm_temperate_wet): give {col} (t C/ha)"))
                else:
                    p[col][i] = s
                    notes[i].append(f"{col} {s:.6g} t C/ha ({cat} default)")
        if removals[i] > 0 and np.isnan(_num(df, "bcef_r")[i]):
            probs.append(Problem("land_use", r, "bcef_r", None, "wood or fuelwood removals need bcef_r (Table 4.5, t/m3)"))
    return p, notes, probs, ranges


def _net_range(delta: float, gain: float, removal: float, disturbance: float, before: float, root_shoot: float,
               ranges: dict[str, Range]) -> Range:
    """The printed ranges of the defaults a land record used, carried to its net carbon change
    ``ΔC = gain − removal − disturbance + area × (C_after − C_before) + soil`` (IPCC 2006 Vol. 4 Eq. 2.7–2.16).

    Each term is a product (Eq. 2.9: A × G × (1 + R) × CF; Eq. 2.12: H × BCEF_R × (1 + R) × CF; Eq. 2.14:
    A_d × B_W × (1 + R) × CF × fd; a forest stock before conversion B_W × (1 + R) × CF), so a default changes
    each term it enters by its own relative amount (Vol. 1 Eq. 3.1). The terms are added by Vol. 1 Eq. 3.2,
    with a default that enters several terms (R in the gain and the losses, B_W in the disturbance and the
    stock before conversion) counted once, on the sum of the terms it enters (Vol. 1 §3.2.3.1: correlated
    quantities are summed before combining):

        U_lower = sqrt(Σ_k (h_k · S_k)²) / |ΔC|,  S_k = the (signed) sum of the terms default k enters,

    h_k being the lower half of k where S_k has the sign of ΔC (k lower makes |ΔC| smaller), else its upper
    half; U_upper the other way round. R enters as (1 + R): its halves become R·h/(1 + R). A default given by
    the row brings no range; carbon_after (0 for new forest land, the Table 5.9/6.4 stocks), CF and soil carbon
    carry none. Returns (lower %, upper %, source) relative to |ΔC|; NaN where no default used has a range or
    ΔC = 0. Worked example: tests/uncertainty/test_ranges_efdb.py.
    """
    if delta == 0 or np.isnan(delta):
        return NO_RANGE
    rs = 0.0 if np.isnan(root_shoot) else float(root_shoot)
    stock = -before if "carbon_before" in ranges else 0.0
    uses = {"growth": gain, "agb": -disturbance + stock, "root_shoot": gain - removal - disturbance + stock}
    names = {"growth": "G", "agb": "B_W", "root_shoot": "R"}
    lo_sq = up_sq = 0.0
    by_table: dict[str, list[str]] = {}
    for k, s_k in uses.items():
        r = ranges.get(k, NO_RANGE)
        if np.isnan(r[0]) or np.isnan(r[1]) or s_k == 0:
            continue
        h_lo, h_up = (r[0] * rs / (1 + rs), r[1] * rs / (1 + rs)) if k == "root_shoot" else (r[0], r[1])
        same = (s_k > 0) == (delta > 0)
        lo_sq += ((h_lo if same else h_up) * s_k) ** 2
        up_sq += ((h_up if same else h_lo) * s_k) ** 2
        by_table.setdefault(r[2], []).append(names[k])
    if not by_table:
        return NO_RANGE
    text = (describe([", ".join(v) for v in by_table.values()], list(by_table))
            + "; the terms of the net change added by Eq. 3.2, a default shared by terms counted once on their sum "
              "(Vol. 1 Sec. 3.2.3.1)")
    return float(np.sqrt(lo_sq) / abs(delta)), float(np.sqrt(up_sq) / abs(delta)), text


def _land_problems(df: pd.DataFrame, ctx: Context) -> list[Problem]:
    out = _prefix_problems(df, "land_use", ("V.2",)) + _unit_problems(df, "land_use", "ha", "ha")
    soc_b, soc_a = _num(df, "soc_before"), _num(df, "soc_after")
    for r, b, a in zip(_col(df, "row"), soc_b, soc_a):
        if np.isnan(b) != np.isnan(a):
            out.append(Problem("land_use", int(r), "soc_after" if np.isnan(a) else "soc_before", None,
                               "give both soc_before and soc_after (t C/ha) for a soil carbon change"))
    return out + _land_parameters(df, ctx)[2]


def _land_records(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    p, notes, _, ranges = _land_parameters(df, ctx)
    area = _amount(df, "area", "ha", "ha")
    lf, lt = np.array(_text(df, "land_from")), np.array(_text(df, "land_to"))
    cf, rs = p["carbon_fraction"], np.nan_to_num(p["root_shoot"])
    gain = eq.biomass_growth_c(area, np.nan_to_num(p["growth"]), rs, cf)
    bcef = _num(df, "bcef_r", 0.0)
    removal = (eq.wood_removal_loss_c(_num(df, "wood_removals", 0.0), bcef, rs, cf)
               + eq.wood_removal_loss_c(_num(df, "fuelwood_removals", 0.0), bcef, rs, cf))
    disturbance = eq.disturbance_loss_c(convert(_num(df, "disturbance_area", 0.0), "ha", "ha"), np.nan_to_num(p["agb"]),
                                        rs, cf, _num(df, "disturbance_fraction", 1.0))
    loss = removal + disturbance
    conv = np.where(lf != lt, eq.conversion_change_c(area, np.nan_to_num(p["carbon_after"]), np.nan_to_num(p["carbon_before"])), 0.0)
    soc_b, soc_a = _num(df, "soc_before"), _num(df, "soc_after")
    has_soc = ~np.isnan(soc_b) & ~np.isnan(soc_a)
    soil = np.where(has_soc, eq.soil_carbon_change_c(area, np.nan_to_num(soc_a), np.nan_to_num(soc_b),
                                                     _num(df, "transition_years", 20.0)), 0.0)
    delta = gain - loss + conv + soil
    before = np.where(lf != lt, area * np.nan_to_num(p["carbon_before"]), 0.0)
    rng = [_net_range(delta[i], gain[i], removal[i], disturbance[i], before[i], p["root_shoot"][i], ranges[i])
           for i in range(len(delta))]
    co2 = eq.carbon_change_to_co2(delta)
    detail = [f"{a} -> {b}; gain {g:.6g} t C, loss {l_:.6g} t C, conversion {c:.6g} t C, soil {s:.6g} t C"
              + (f"; defaults: {'; '.join(n)}" if n else "")
              for a, b, g, l_, c, s, n in zip(lf, lt, gain, loss, conv, soil, notes)]
    return make_records(sheet="land_use", row=_col(df, "row").astype(int).to_numpy(), gpc_ref=_col(df, "gpc_ref"), gas="CO2",
                        emissions_t=co2, method="land_stock_change_t1", activity=[f"{a}_to_{b}" for a, b in zip(lf, lt)],
                        amount=_num(df, "area"), unit=_text(df, "unit", "ha"), factor_name="delta_c",
                        factor_value=delta, factor_unit="t", factor_source="IPCC 2006 Vol. 4 Ch. 2 Eq. 2.7-2.16, 2.25; Ch. 4-6 Tier 1 defaults",
                        detail=detail, ef_lower_pct=np.array([r[0] for r in rng], dtype=float),
                        ef_upper_pct=np.array([r[1] for r in rng], dtype=float),
                        ef_range_source=np.array([r[2] for r in rng], dtype=object))
