"""Data quality and completeness per GPC row.

The GPC (§5.4 and Table 5.3) asks cities to rate activity data and emission factors as high (H),
medium (M) or low (L). gpc rates them like this:

* **Activity data** — the ``data_quality`` column of the input row (H, M or L). A record without one
  is shown as ``?`` and counts as L in the score.
* **Emission factor** — from where the factor came:

  - a factor the user gave (``ef_*`` columns of the row, the city sheet's ``grid_factor`` /
    ``heat_factor``, or the factor columns of a sector sheet): as given in a ``factor_quality`` column
    of the input if there is one, otherwise **M**;
  - a country-specific factor (a factor set other than the IPCC defaults, e.g. ``china``): **H** when
    the factor's row in the set is verified (``V2`` or ``V``), **M** when it is not (``M``);
  - an IPCC default (Tier 1): **L**;
  - anything else: **M**. Emissions measured directly use no factor; then only the activity data rate.
* **Score** — H = 3, M = 2, L = 1; per record the mean of its activity-data and factor ratings, per
  GPC row the mean over its records weighted by |t CO2e| (equal weights when all are zero). The
  rating is H for a score of at least 2.5, M for at least 1.5, L below.

Completeness: a BASIC row with neither emissions nor a notation key is *missing* (GPC §3.2).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gpc import taxonomy

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["SCORE", "factor_quality", "activity_quality", "quality_table", "overall", "rating", "national_sources"]

SCORE = {"H": 3.0, "M": 2.0, "L": 1.0}
_USER_SOURCES = ("row", "city sheet", "user", "input")


def rating(score: float | None) -> str:
    """H, M or L for a score between 1 and 3 ('' for no score)."""
    if score is None or (isinstance(score, float) and np.isnan(score)):
        return ""
    return "H" if score >= 2.5 else "M" if score >= 1.5 else "L"


@lru_cache(maxsize=1)
def national_sources() -> dict[str, str]:
    """``{source text: verified flag}`` of every row of the shipped factor sets that are not IPCC defaults."""
    from gpc.factors import available_factor_sets, factor_root

    out: dict[str, str] = {}
    for set_id in available_factor_sets():
        if set_id.startswith("ipcc"):
            continue
        for path in sorted((factor_root() / set_id).glob("*.csv")):
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
            if "source" not in df.columns:
                continue
            ver = df["verified"] if "verified" in df.columns else pd.Series("M", index=df.index)
            for src, v in zip(df["source"], ver):
                src = src.strip()
                if src:
                    # keep the best flag when one source text appears with several flags
                    if out.get(src) not in ("V2", "V"):
                        out[src] = v.strip() or "M"
    return out


def _source_quality(source: object) -> str | None:
    """Quality of one factor source text; None when no factor was used."""
    if source is None or (isinstance(source, float) and np.isnan(source)):
        return None
    s = str(source).strip()
    if not s:
        return None
    low = s.lower()
    if low.startswith(_USER_SOURCES):
        return "M"
    for src, flag in national_sources().items():
        if src in s or s in src:
            return "H" if flag in ("V2", "V") else "M"
    if "ipcc" in low:
        return "L"
    return "M"


def factor_quality(e: pd.DataFrame) -> pd.Series:
    """Emission-factor quality (H/M/L, or None where no factor was used) per emission record."""
    if not len(e):
        return pd.Series(dtype=object)
    src = e["factor_source"] if "factor_source" in e.columns else pd.Series(None, index=e.index)
    uniq = {s: _source_quality(s) for s in pd.unique(src.astype(object))}
    q = src.astype(object).map(lambda s: uniq.get(s))
    if "factor_quality" in e.columns:
        given = e["factor_quality"].astype(object).map(_letter)
        user = src.astype(str).str.lower().str.startswith(_USER_SOURCES)
        q = q.where(~(user & given.notna()), given)
    return q


def _letter(x: object) -> str | None:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return None
    s = str(x).strip().upper()
    return s if s in SCORE else None


def activity_quality(e: pd.DataFrame) -> pd.Series:
    """Activity-data quality (H/M/L, or None where the input gives none) per emission record."""
    if "data_quality" not in e.columns:
        return pd.Series(None, index=e.index, dtype=object)
    return e["data_quality"].astype(object).map(_letter)


def _letters(values: pd.Series) -> str:
    present = [x for x in ("H", "M", "L") if (values == x).any()]
    if values.isna().any():
        present.append("?")
    return "/".join(present)


def _records(e: pd.DataFrame) -> pd.DataFrame:
    """Per record: gpc_ref, activity-data and factor rating, the record's score and its weight."""
    ad = activity_quality(e)
    ef = factor_quality(e)
    ad_score = ad.map(SCORE).fillna(SCORE["L"]).astype(float)
    ef_score = ef.map(SCORE).astype(float)
    rec_score = np.where(ef_score.isna(), ad_score, (ad_score + ef_score) / 2.0)
    weight = e["co2e_t"].abs().fillna(0.0).to_numpy(dtype=float)
    return pd.DataFrame({"gpc_ref": e["gpc_ref"].to_numpy(), "ad": ad.to_numpy(), "ef": ef.to_numpy(),
                         "score": rec_score, "w": weight}, index=e.index)


def quality_table(inv: "Inventory", lang: str = "en") -> pd.DataFrame:
    """One row per GPC reference number, in reporting order.

    Columns: ``gpc_ref``, ``subsector``, ``name``, ``scope``, ``levels`` (BASIC / BASIC+ / territorial), ``notation_key``,
    ``co2e_t``, ``activity_quality``, ``factor_quality``, ``method``, ``score`` (1–3), ``rating`` (H/M/L)
    and ``status`` (``ok``, ``notation key``, ``missing`` for a BASIC row with neither emissions nor a
    notation key, ``not reported`` for other rows with nothing).
    """
    t = taxonomy.table()
    e = inv.emissions
    s = inv.summary(all_rows=True)
    work = _records(e)
    rows = []
    zh = lang == "zh"
    missing = set(inv.completeness())
    for ref in t.index:
        g = work[work["gpc_ref"] == ref]
        nk = s.loc[ref, "notation_key"] if ref in s.index else ""
        levels = ", ".join(k for k in taxonomy.TOTALS if t.loc[ref, k])
        if len(g):
            w = g["w"].to_numpy()
            w = w if w.sum() > 0 else np.ones_like(w)
            score = round(float(np.average(g["score"].to_numpy(dtype=float), weights=w)), 2)
            methods = e.loc[g.index, "method"].astype(str)
            rows.append(dict(gpc_ref=ref, subsector=t.loc[ref, "subsector_zh" if zh else "subsector"],
                             name=t.loc[ref, "name_zh" if zh else "name"], scope=int(t.loc[ref, "scope"]),
                             levels=levels, notation_key=nk, co2e_t=float(s.loc[ref, "co2e_t"]),
                             activity_quality=_letters(g["ad"]),
                             factor_quality=_letters(g["ef"].dropna()) or "—",
                             method=", ".join(sorted(set(methods))), score=score, rating=rating(score),
                             status="ok"))
        else:
            status = "notation key" if nk else ("missing" if ref in missing else "not reported")
            rows.append(dict(gpc_ref=ref, subsector=t.loc[ref, "subsector_zh" if zh else "subsector"],
                             name=t.loc[ref, "name_zh" if zh else "name"], scope=int(t.loc[ref, "scope"]),
                             levels=levels, notation_key=nk, co2e_t=np.nan, activity_quality="",
                             factor_quality="", method="notation_key" if nk else "", score=np.nan, rating="",
                             status=status))
    return pd.DataFrame(rows)


def overall(inv: "Inventory") -> tuple[float, str]:
    """The inventory's score (1–3: every record, weighted by |t CO2e|) and its rating ('' when empty)."""
    work = _records(inv.emissions)
    if not len(work):
        return float("nan"), ""
    w = work["w"].to_numpy()
    w = w if w.sum() > 0 else np.ones_like(w)
    sc = round(float(np.average(work["score"].to_numpy(dtype=float), weights=w)), 2)
    return sc, rating(sc)
