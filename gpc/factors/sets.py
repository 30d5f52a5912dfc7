"""Factor sets: folders of tidy CSV tables under ``emission_factors/``.

A factor set is a folder with ``_set.yaml`` (``id``, ``title``, ``fallback``) and CSV tables, each
with a descriptor ``<table>.yaml`` (title, sources, columns and their units, optional ``primary_key``).
:meth:`FactorSet.table` returns a table of the set; where the set declares a fallback set, rows of
the fallback's table whose primary key the set does not cover are added, and every row says in
``factor_set`` which set it came from — so nothing is mixed silently.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from gpc.errors import FactorNotFound

__all__ = ["FactorSet", "available_factor_sets", "factor_root", "load_factor_set"]


def factor_root() -> Path:
    """The folder of the ``emission_factors`` package."""
    return Path(str(resources.files("emission_factors")))


def _root() -> Path:
    """``gpc.factors.factor_root()``, looked up on the package so that replacing it there (as tests do) is seen."""
    import gpc.factors

    return gpc.factors.factor_root()


def _read_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def available_factor_sets() -> list[str]:
    """Ids of the factor sets shipped with gpc."""
    return sorted(p.parent.name for p in _root().glob("*/_set.yaml"))


class FactorSet:
    """One factor set (``ipcc2006``, ``china`` …) and its fallback chain."""

    def __init__(self, path: Path):
        self.path = path
        meta = _read_yaml(path / "_set.yaml")
        self.id: str = str(meta.get("id", path.name))
        self.title: str = str(meta.get("title", self.id))
        self.meta = meta
        fb = meta.get("fallback")
        self.fallback: FactorSet | None = load_factor_set(fb) if fb else None
        self._cache: dict[str, pd.DataFrame] = {}

    def __repr__(self) -> str:
        chain = f" → {self.fallback.id}" if self.fallback else ""
        return f"FactorSet({self.id!r}{chain})"

    @property
    def chain(self) -> list[str]:
        """This set's id followed by its fallbacks' ids."""
        return [self.id, *(self.fallback.chain if self.fallback else [])]

    def own_tables(self) -> list[str]:
        return sorted(p.stem for p in self.path.glob("*.csv") if not p.name.startswith("_"))

    def tables(self) -> list[str]:
        """Every table name reachable from this set."""
        names = set(self.own_tables())
        if self.fallback:
            names |= set(self.fallback.tables())
        return sorted(names)

    def has_table(self, name: str) -> bool:
        return name in self.tables()

    def descriptor(self, name: str) -> dict[str, Any]:
        """The descriptor (``<name>.yaml``) of a table, from the first set in the chain that has it."""
        p = self.path / f"{name}.yaml"
        if p.exists():
            return _read_yaml(p)
        if self.fallback:
            return self.fallback.descriptor(name)
        raise FactorNotFound(f"factor set {self.id!r} has no table {name!r}")

    def table(self, name: str) -> pd.DataFrame:
        """A factor table as a DataFrame (treat it as read-only), with a ``factor_set`` column."""
        if name in self._cache:
            return self._cache[name]
        own = self.path / f"{name}.csv"
        parent = self.fallback.table(name) if self.fallback and self.fallback.has_table(name) else None
        if not own.exists():
            if parent is None:
                raise FactorNotFound(
                    f"factor set {self.id!r} has no table {name!r} (tables: {', '.join(self.tables())})"
                )
            result = parent
        else:
            df = _read_table(own, self.descriptor(name))
            df["factor_set"] = self.id
            key = self.descriptor(name).get("primary_key")
            if parent is not None and key:
                covered = pd.MultiIndex.from_frame(df[key].astype(str))
                theirs = pd.MultiIndex.from_frame(parent[key].astype(str))
                df = pd.concat([df, parent[~theirs.isin(covered)]], ignore_index=True)
            result = df
        self._cache[name] = result
        return result


def numeric_columns(descriptor: dict[str, Any]) -> list[str]:
    """Columns a descriptor marks as numbers (``type: number``, or a ``unit`` / ``unit_column``)."""
    cols = descriptor.get("columns") or {}
    out = ["value"]
    for name, spec in cols.items():
        spec = spec or {}
        if spec.get("type") == "number" or "unit" in spec or "unit_column" in spec:
            out.append(name)
    return out


def _read_table(path: Path, descriptor: dict[str, Any]) -> pd.DataFrame:
    """Read a factor CSV: numbers as float64, everything else as text (None where empty)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for c in df.columns:
        s = df[c].str.strip()
        if c in numeric_columns(descriptor):
            df[c] = pd.to_numeric(s.replace("", None), errors="raise").astype("float64")
        else:
            df[c] = s.astype(object).where(s != "", None)
    return df


@cache
def load_factor_set(set_id: str) -> FactorSet:
    """Load a factor set: a shipped one by id (``ipcc2006``, ``china`` …), or your own folder by path.

    Your own set is a folder with ``_set.yaml`` (``id``, ``title``, ``fallback: ipcc2006``) and tables in
    the shipped sets' format (``docs/factors.md``); its rows replace the fallback's rows of the same key.
    """
    own = Path(set_id).expanduser()
    if (own / "_set.yaml").exists() and (os.sep in set_id or "/" in set_id or own.is_absolute()):
        return FactorSet(own.resolve())
    path = _root() / set_id
    if not (path / "_set.yaml").exists():
        raise FactorNotFound(
            f"unknown factor set {set_id!r}: use one of {', '.join(available_factor_sets())}, or the path of "
            "a folder with a _set.yaml"
        )
    return FactorSet(path)
