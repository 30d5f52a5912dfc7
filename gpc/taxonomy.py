"""The GPC taxonomy: sectors, sub-sectors, reference numbers, scopes and totals.

Rows come from ``gpc/data/gpc_rows.csv`` (GPC v1.1, with the IPCC 2006 category each maps to); their
Chinese names from ``gpc/data/gpc_terms_zh.csv`` through :mod:`gpc.i18n.terms` (a user's own terms apply inside
:func:`gpc.i18n.terms.using_terms`). Totals follow the GPC (ch. 4, Table 4.1 and the reporting levels of §3.2) as
fixed in the project contract §5:

* **BASIC** = every I.x.1 and I.x.2 row except I.4.4, plus I.7.1, I.8.1, II.x.1, II.x.2, III.x.1, III.x.2;
* **BASIC+** = BASIC + I.x.3 + II.x.3 + IV + V;
* **territorial** = all scope-1 rows (I.4.4 and III.x.3 included);
* VI.1 (other scope 3) is in no total; biogenic CO2 is in no total (handled by the inventory).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

from gpc.units import normalise_text

__all__ = ["TOTALS", "GpcRow", "rows", "row", "scope", "is_ref", "normalise_ref", "resolve_ref", "in_total",
           "total_rows", "table"]

TOTALS = ("BASIC", "BASIC+", "territorial")


@dataclass(frozen=True)
class GpcRow:
    """One GPC reference number."""

    gpc_ref: str
    sector_ref: str
    subsector_ref: str
    sector: str
    subsector: str
    name: str
    scope: int
    reporting_level: str
    ipcc_2006_category: str
    sector_zh: str
    subsector_zh: str
    name_zh: str


def _in_total(ref: str, sector: str, scope: int, total: str) -> bool:
    parts = ref.split(".")
    last = parts[2] if len(parts) == 3 else ""
    if total == "BASIC":
        if ref == "I.4.4":
            return False
        if sector in ("I", "II"):
            return last in ("1", "2")
        if sector == "III":
            return last in ("1", "2")
        return False
    if total == "BASIC+":
        if _in_total(ref, sector, scope, "BASIC"):
            return True
        if sector in ("I", "II") and last == "3":
            return True
        return sector in ("IV", "V")
    if total == "territorial":
        return scope == 1
    raise ValueError(f"unknown total {total!r}: use one of {', '.join(TOTALS)}")


@lru_cache(maxsize=1)
def _rows() -> pd.DataFrame:
    with resources.files("gpc.data").joinpath("gpc_rows.csv").open(encoding="utf-8") as fh:
        t = pd.read_csv(fh, dtype={"scope": "int64"}, keep_default_na=False)
    for total in TOTALS:
        t[total] = [_in_total(r, s, sc, total) for r, s, sc in zip(t["gpc_ref"], t["sector_ref"], t["scope"])]
    return t.set_index("gpc_ref", drop=False)


@lru_cache(maxsize=8)
def _table(terms_token: int) -> pd.DataFrame:
    from gpc.i18n import terms as zh_terms

    t = _rows().copy()
    terms = zh_terms.gpc_terms()
    for column, kind, refs in (("sector_zh", "sector", t["sector_ref"]),
                               ("subsector_zh", "subsector", t["subsector_ref"]),
                               ("name_zh", "row", t["gpc_ref"])):
        names = terms[terms["kind"] == kind].set_index("key")["name_zh"]
        missing = sorted(set(refs) - set(names.index))
        if missing:  # the shipped terms file covers every row: a test guards it
            raise RuntimeError(f"gpc_terms_zh.csv has no {kind} term for {', '.join(missing)}")
        t[column] = refs.map(names)
    return t


def table() -> pd.DataFrame:
    """All GPC rows as a DataFrame indexed by ``gpc_ref``, with boolean columns per total.

    ``sector_zh``, ``subsector_zh`` and ``name_zh`` are the Chinese terms in use (:func:`gpc.i18n.terms.gpc_terms`).
    """
    from gpc.i18n import terms as zh_terms

    return _table(zh_terms.terms_token())


def rows(sector: str | None = None, subsector: str | None = None) -> list[GpcRow]:
    """GPC rows, optionally of one sector (``"I"``) or sub-sector (``"I.4"``), in reporting order."""
    t = table()
    if sector is not None:
        t = t[t["sector_ref"] == sector]
    if subsector is not None:
        t = t[t["subsector_ref"] == subsector]
    return [_make_row(r) for r in t.to_dict("records")]


def _make_row(r: dict[str, Any]) -> GpcRow:
    values = {k: r[k] for k in GpcRow.__dataclass_fields__}
    values["scope"] = int(values["scope"])
    return GpcRow(**values)


def is_ref(ref: str) -> bool:
    """Whether ``ref`` is a GPC reference number (after normalising)."""
    return normalise_ref(ref) in table().index


def normalise_ref(ref: object) -> str:
    """Fold full-width characters and spaces: ``"ＩＩ.１.１ "`` → ``"II.1.1"``; lower-case roman numerals too."""
    s = normalise_text(ref).replace(" ", "").replace("。", ".").replace("．", ".")
    head, _, rest = s.partition(".")
    return head.upper() + ("." + rest if rest else "")


_SEPARATORS = re.compile(r"[\s/·\-—–_,，、:：;；()（）\[\]【】<>《》\"'“”‘’.。]+")
_LEADING_REF = re.compile(r"^([ivxIVX]+(?:[.．。]\d+){1,2})(.*)$", re.S)


def _key(text: str) -> str:
    return _SEPARATORS.sub("", normalise_text(text)).lower()


@lru_cache(maxsize=8)
def _names(terms_token: int) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(names of each row, rows of each full name): a row's names are its sector, sub-sector and row name
    in English and Chinese and its scope; a full name is a row name, alone or after its sub-sector."""
    t = _table(terms_token)
    own: dict[str, list[str]] = {}
    full: dict[str, list[str]] = {}
    for r in t.itertuples(index=False):
        scope_words = [f"scope {r.scope}", f"scope{r.scope}", f"范围{'一二三'[r.scope - 1]}", f"范围{r.scope}"]
        names = [r.sector, r.subsector, r.name, r.sector_zh, r.subsector_zh, r.name_zh, *scope_words]
        own[r.gpc_ref] = sorted({_key(n) for n in names if _key(n)}, key=len, reverse=True)
        for combo in (r.name, r.name_zh, r.subsector + r.name, r.subsector_zh + r.name_zh):
            full.setdefault(_key(combo), [])
            if r.gpc_ref not in full[_key(combo)]:
                full[_key(combo)].append(r.gpc_ref)
    return own, full


def resolve_ref(text: object) -> str:
    """The GPC reference number a cell means, or ``ValueError`` saying why there is none.

    Accepts the number itself (``"I.1.1"``, ``"ｉ.１.１ "``); the number followed by names of that row
    (``"I.1.1 居住建筑 城市边界内燃料燃烧排放（范围一）"``, ``"V.1 Livestock"``), as copied from the template's
    ``gpc_rows`` sheet; or a row name that only one row has, in Chinese or English, alone or after its
    sub-sector (``"城市边界内产生并在城市边界内处理的废水排放"`` → ``III.4.1``, ``"居住建筑 城市边界内燃料燃烧排放"`` →
    ``I.1.1``). A number followed by another row's name is refused rather than guessed.
    """
    from gpc.i18n import terms as zh_terms

    ref = normalise_ref(text)
    t = table()
    if ref in t.index:
        return ref
    own, full = _names(zh_terms.terms_token())
    s = normalise_text(text).strip()
    m = _LEADING_REF.match(s)
    lead = normalise_ref(m.group(1)) if m else ""
    if m and lead in t.index:
        rest = m.group(2)
        left = _key(rest)
        for name in own[lead]:
            left = left.replace(name, "")
        if not left:
            return lead
        names = " / ".join(t.loc[lead, ["sector_zh", "subsector_zh", "name_zh"]])
        raise ValueError(f"the text after {lead} ({rest.strip()!r}) is not a name of that row ({lead} = {names}; "
                         f"{t.loc[lead, 'subsector']}): write the reference number alone")
    hits = full.get(_key(s), [])
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise ValueError(f"{s!r} is the name of several rows ({', '.join(hits)}): write the reference number")
    raise ValueError("not a GPC reference number")


def row(ref: str) -> GpcRow:
    """The GPC row of a reference number. Raises KeyError when unknown."""
    key = normalise_ref(ref)
    t = table()
    if key not in t.index:
        raise KeyError(f"{ref!r} is not a GPC reference number")
    return _make_row(t.loc[key])


def scope(ref: str) -> int:
    """The scope (1, 2 or 3) of a GPC row."""
    return row(ref).scope


def in_total(ref: str, total: str) -> bool:
    """Whether emissions reported in ``ref`` count towards ``total`` (BASIC, BASIC+ or territorial)."""
    if total not in TOTALS:
        raise ValueError(f"unknown total {total!r}: use one of {', '.join(TOTALS)}")
    return bool(table().loc[normalise_ref(ref), total])


def total_rows(total: str) -> list[str]:
    """The reference numbers whose emissions make up ``total``."""
    if total not in TOTALS:
        raise ValueError(f"unknown total {total!r}: use one of {', '.join(TOTALS)}")
    t = table()
    return t.index[t[total]].tolist()
