"""Global warming potentials (100-year) and CO2e values that know their GWP set.

The table is ``emission_factors/gwp/gwp100.csv`` (SAR, AR4, AR5, AR6 with sources). A CO2e number
never travels without its set: :class:`CO2e` is a ``float`` that carries ``gwp`` and refuses to be
added to a CO2e of another set (:class:`gpc.errors.GwpMismatch`).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

import pandas as pd

from gpc.errors import GwpMismatch
from gpc.units import normalise_text

__all__ = ["GWP_SETS", "DEFAULT_GWP", "gwp", "gwp_table", "normalise_gas", "known_gases", "CO2e", "co2e"]

GWP_SETS = ("SAR", "AR4", "AR5", "AR6")
DEFAULT_GWP = "AR5"


@lru_cache(maxsize=1)
def gwp_table() -> pd.DataFrame:
    """The GWP table: one row per (gas, gwp_set) with value and source."""
    with resources.files("emission_factors").joinpath("gwp/gwp100.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh)


@lru_cache(maxsize=1)
def _lookup() -> dict[tuple[str, str], float]:
    t = gwp_table()
    return {(g, s): float(v) for g, s, v in zip(t["gas"], t["gwp_set"], t["value"])}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    with resources.files("gpc.data").joinpath("gas_aliases.csv").open(encoding="utf-8") as fh:
        out = {r["alias"]: r["gas"] for r in csv.DictReader(fh)}
    for g in gwp_table()["gas"].unique():
        out.setdefault(_key(g), g)
    return out


def _key(text: str) -> str:
    return re.sub(r"[\s_]", "", normalise_text(text)).lower()


def known_gases() -> list[str]:
    """Gas ids that have a GWP in at least one set (plus ``CO2e``)."""
    return sorted({*gwp_table()["gas"].unique(), "CO2e"} - {"CH4_fossil", "CH4_non_fossil"})


def normalise_gas(text: object) -> str | None:
    """Return the canonical gas id for what a user typed (``"hfc134a"`` → ``"HFC-134a"``), else None."""
    if text is None or (isinstance(text, float) and text != text):
        return None
    k = _key(str(text))
    aliases = _aliases()
    if k in aliases:
        return aliases[k]
    k2 = re.sub(r"^(hfc|pfc)(\d)", r"\1-\2", k)  # hfc134a -> hfc-134a
    return aliases.get(k2)


def check_gwp_set(gwp_set: str) -> str:
    """Return the canonical name of a GWP set or raise ValueError."""
    s = normalise_text(gwp_set).upper()
    if s not in GWP_SETS:
        raise ValueError(f"unknown GWP set {gwp_set!r}: use one of {', '.join(GWP_SETS)}")
    return s


def gwp(gas: str, gwp_set: str = DEFAULT_GWP, *, fossil: bool | None = None, ch4_split: bool = False) -> float:
    """The 100-year GWP of ``gas`` in ``gwp_set``.

    Parameters
    ----------
    gas : str
        Canonical gas id (``CO2``, ``CH4``, ``HFC-134a`` …); ``CO2e`` has GWP 1.
    gwp_set : str
        ``SAR``, ``AR4``, ``AR5`` (default) or ``AR6``.
    fossil : bool, optional
        Origin of CH4; used only with ``ch4_split``.
    ch4_split : bool
        With AR6, use Table 7.15's fossil (29.8) / non-fossil (27.0) CH4 values instead of 27.9.

    Raises
    ------
    KeyError
        When the set has no value for the gas (e.g. NF3 in SAR).
    """
    s = check_gwp_set(gwp_set)
    if gas == "CO2e":
        return 1.0
    if gas == "CH4" and ch4_split and s == "AR6" and fossil is not None:
        gas = "CH4_fossil" if fossil else "CH4_non_fossil"
    try:
        return _lookup()[(gas, s)]
    except KeyError:
        raise KeyError(f"{s} gives no GWP for {gas}") from None


class CO2e(float):
    """A quantity of CO2e in tonnes that records its GWP set.

    Behaves as a float; adding or subtracting a :class:`CO2e` of another set raises
    :class:`gpc.errors.GwpMismatch`.

    >>> CO2e(10, "AR5") + CO2e(5, "AR5")
    CO2e(15.0, 'AR5')
    """

    gwp: str

    def __new__(cls, value: float, gwp: str) -> CO2e:
        obj = super().__new__(cls, value)
        obj.gwp = check_gwp_set(gwp)
        return obj

    def _check(self, other: object) -> None:
        if isinstance(other, CO2e) and other.gwp != self.gwp:
            raise GwpMismatch(f"cannot combine CO2e in {self.gwp} with CO2e in {other.gwp}")

    def __add__(self, other: float) -> CO2e:
        self._check(other)
        return CO2e(float(self) + float(other), self.gwp)

    __radd__ = __add__

    def __sub__(self, other: float) -> CO2e:
        self._check(other)
        return CO2e(float(self) - float(other), self.gwp)

    def __rsub__(self, other: float) -> CO2e:
        self._check(other)
        return CO2e(float(other) - float(self), self.gwp)

    def __repr__(self) -> str:
        return f"CO2e({float(self)!r}, {self.gwp!r})"

    def __reduce__(self):  # pickling keeps the set
        return (CO2e, (float(self), self.gwp))


def co2e(values: pd.Series, gwp_set: str) -> CO2e:
    """Sum a column of tonnes CO2e into one :class:`CO2e` of ``gwp_set``."""
    return CO2e(float(values.sum()), gwp_set)
