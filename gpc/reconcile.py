"""Reconciliation of a reported inventory with its own activity data and factors.

An imported inventory (eCRF, CIRIS) states for each row the activity amount, the emission factor of each
gas and the tonnes it reports. :func:`recompute` recomputes each gas as

    E_gas [t] = A × EF_gas × k(unit of A, unit of EF)          (IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1, GPC v1.1 §6.3)
    E_gas [t CO2e] = E_gas [t] × GWP_gas                        (GPC v1.1 §3.3: 100-year GWP of the set declared)

and :func:`explain` names the likely cause when the reported figure differs from it by more than the
tolerance. Nothing is corrected: the reconciliation only says what differs and why it probably does.

Causes recognised (``ratio`` = reported / recomputed):

``gas_mass_as_co2e``   the reported "CO2e" of CH4 or N2O is the mass of the gas: ratio = 1 / GWP of the set
``gwp_set``            a GWP set other than the declared one was used: ratio = GWP_other / GWP_declared
``co2e_as_gas_mass``   ratio = GWP: a factor in mass of the gas labelled CO2e, or the GWP applied twice
``unit_1000``          a slip by 1,000 (kg for t, kWh for MWh …): ratio = 1000 or 1/1000
``carbon_as_co2``      the factor is a carbon content converted with 44/12 (ratio = 44/12), or the reverse
``td_losses``          (found by the importer) a T&D-loss row whose amount is the energy consumed
``scope2_in_scope1``   grid electricity or heat reported in a scope-1 row (the GPC puts it in I.x.2 / II.x.2)
``gases_vs_total``     the gases do not add up to the reported total
``other``              a difference gpc does not recognise
"""

from __future__ import annotations

import math

from gpc.gwp import GWP_SETS, gwp

__all__ = ["ATOL", "CAUSES", "RTOL", "close", "explain"]

#: relative and absolute tolerance of a reproduced figure (0.1 % and 0.001 t CO2e)
RTOL = 1e-3
ATOL = 1e-3
#: how close a ratio must be to a recognised one (0.2 %: AR5 and AR6 CH4, 28 and 27.9, differ by 0.36 %)
RATIO_TOL = 2e-3

CAUSES = {
    "gas_mass_as_co2e": "the reported CO2e of {gas} is amount × factor without the GWP: recomputed = reported × "
                        "{gwp:g} (GWP of {gas}, {set}); either the tonnes are the mass of {gas} labelled CO2e, or "
                        "the factor is already CO2e and its unit should say so (then the figure is right)",
    "co2e_as_gas_mass": "the reported CO2e of {gas} is {gwp:g} × the recomputed one (GWP of {gas}, {set}): either "
                        "the factor is a mass of {gas} labelled CO2e (then the reported figure is right and the "
                        "factor's unit wrong) or the GWP was applied twice",
    "gwp_set": "{gas} was converted with {other} (GWP {gwp_other:g}) instead of the {set} declared on the cover "
               "sheet (GWP {gwp:g}): ratio = {gwp_other:g}/{gwp:g}",
    "unit_1000": "reported = {ratio:g} × recomputed: a unit slip by 1,000 (kg for t, kWh for MWh, GJ for TJ …)",
    "scope2_in_scope1": "grid-supplied energy ({activity}) filed in the scope-1 row {ref}: the GPC reports it in "
                        "{target} (scope 2)",
    "carbon_as_co2": "reported = 44/12 × recomputed: the factor is a carbon content (t C per unit) and the "
                     "reported CO2 converts it with 44/12 (44/12 = molecular weight of CO2 / C); not an error if "
                     "the factor unit says carbon",
    "co2_as_carbon": "reported = 12/44 × recomputed: tonnes of carbon reported as tonnes of CO2",
    "gases_vs_total": "the gases add up to {gases:,.6g} t CO2e, the reported total is {total:,.6g} t CO2e",
    "other": "reported = {ratio:.6g} × recomputed: cause not recognised (check the amount, the factor and its "
             "unit)",
}


def close(a: float, b: float, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """Whether ``a`` and ``b`` agree within the tolerance."""
    return abs(a - b) <= max(atol, rtol * max(abs(a), abs(b)))


def explain(gas: str, reported: float, recomputed: float, gwp_set: str) -> tuple[str, str]:
    """``(cause, text)`` for a gas whose reported CO2e differs from the recomputed one.

    ``gas`` is ``CO2``, ``CH4``, ``N2O`` (or ``total``); ``gwp_set`` is the set declared by the file.
    """
    if recomputed == 0 or not math.isfinite(recomputed):
        return "other", "nothing to recompute from: the row reports tonnes but its factor or amount gives 0"
    ratio = reported / recomputed
    g = gwp(gas, gwp_set) if gas in ("CH4", "N2O") else 1.0
    # every recognised ratio, the closest one within RATIO_TOL wins
    cands: list[tuple[float, str, str]] = []
    if gas in ("CH4", "N2O"):
        cands.append((1 / g, "gas_mass_as_co2e", CAUSES["gas_mass_as_co2e"].format(gas=gas, gwp=g, set=gwp_set)))
        cands.append((g, "co2e_as_gas_mass", CAUSES["co2e_as_gas_mass"].format(gas=gas, gwp=g, set=gwp_set)))
        others = [(s, gwp(gas, s)) for s in GWP_SETS if s != gwp_set]
        if gas == "CH4":
            others.append(("AR6 (fossil CH4)", gwp("CH4", "AR6", fossil=True)))
        for other, go in others:
            if go != g:
                cands.append((go / g, "gwp_set", CAUSES["gwp_set"].format(gas=gas, other=other, gwp_other=go,
                                                                          set=gwp_set, gwp=g)))
    if gas in ("CO2", "total"):
        cands.append((44 / 12, "carbon_as_co2", CAUSES["carbon_as_co2"]))
        cands.append((12 / 44, "co2_as_carbon", CAUSES["co2_as_carbon"]))
    for k in (1000.0, 1e-3, 1e6, 1e-6):
        cands.append((k, "unit_1000", CAUSES["unit_1000"].format(ratio=k)))
    best = min(cands, key=lambda c: abs(ratio / c[0] - 1))
    if abs(ratio / best[0] - 1) <= RATIO_TOL:
        return best[1], best[2]
    return "other", CAUSES["other"].format(ratio=ratio)
