"""The order in which a factor is looked for, as data: ``gpc/data/factor_precedence.csv``.

One row per (parameter, use, rank): the rule tried at that rank. :func:`rules` gives the rule names of a
parameter and use in order; the resolver (:mod:`gpc.factors.combustion`) applies them in that order, so
changing the precedence is changing the CSV. ``docs/factors.md`` ("How a factor is chosen") shows the
table (:func:`precedence_table`).
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

import pandas as pd

__all__ = ["precedence_table", "rules"]


@lru_cache(maxsize=1)
def precedence_table() -> pd.DataFrame:
    """The precedence table, sorted by parameter (file order) and rank."""
    path = resources.files("gpc").joinpath("data", "factor_precedence.csv")
    with path.open(encoding="utf-8") as fh:
        t = pd.read_csv(fh, dtype=str, keep_default_na=False)
    t["rank"] = t["rank"].astype(int)
    order = {p: k for k, p in enumerate(dict.fromkeys(t["parameter"]))}
    return t.sort_values(["parameter", "rank"], key=lambda s: s.map(order) if s.name == "parameter" else s,
                         kind="stable").reset_index(drop=True)


@cache
def rules(parameter: str, use: str = "any") -> tuple[str, ...]:
    """The rules of ``parameter`` that apply to ``use`` (``stationary``, ``mobile`` or ``any``), in order."""
    t = precedence_table()
    sel = t[(t["parameter"] == parameter) & t["use"].isin(("any", use))]
    if sel.empty:
        raise KeyError(f"no precedence for {parameter!r} in gpc/data/factor_precedence.csv")
    return tuple(sel["rule"])
