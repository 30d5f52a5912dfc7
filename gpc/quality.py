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
from gpc.i18n import label

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["SCORE", "factor_quality", "activity_quality", "records", "quality_table", "overall", "rating",
           "national_sources", "group_letters"]

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
        if src in s:
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
    # emissions entered directly (measured) use no factor
    no_factor = pd.Series(False, index=e.index)
    if "method" in e.columns:
        no_factor |= e["method"].astype(str).eq("direct_entry")
    if "factor_value" in e.columns and "factor_name" in e.columns:
        name = e["factor_name"].astype(object)
        no_factor |= e["factor_value"].isna() & (name.isna() | name.astype(str).str.strip().isin(["", "nan", "None"]))
    q = q.where(~no_factor, None)
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


def group_letters(codes: np.ndarray, values: pd.Series | np.ndarray, n: int, unknown: bool = True) -> list[str]:
    """Per group (``codes`` 0..n-1; -1 ignored): the ratings present, ``"H/M"``, plus ``"?"`` when
    ``unknown`` and some value is missing. Vectorised: one pass per letter."""
    vals = pd.Series(np.asarray(values, dtype=object))
    codes = np.asarray(codes)
    ok = codes >= 0
    flags = []
    for x in ("H", "M", "L"):
        m = ok & vals.eq(x).to_numpy()
        flags.append((x, np.bincount(codes[m], minlength=n) > 0))
    if unknown:
        m = ok & vals.isna().to_numpy()
        flags.append(("?", np.bincount(codes[m], minlength=n) > 0))
    return ["/".join(x for x, f in flags if f[g]) for g in range(n)]


def records(e: pd.DataFrame) -> pd.DataFrame:
    """Per record: gpc_ref, activity-data and factor rating (``ad``, ``ef``), the record's score and its
    weight |t CO2e| (``w``)."""
    ad = activity_quality(e)
    ef = factor_quality(e)
    ad_score = ad.map(SCORE).fillna(SCORE["L"]).astype(float)
    ef_score = ef.map(SCORE).astype(float)
    rec_score = np.where(ef_score.isna(), ad_score, (ad_score + ef_score) / 2.0)
    weight = e["co2e_t"].abs().fillna(0.0).to_numpy(dtype=float)
    return pd.DataFrame({"gpc_ref": e["gpc_ref"].to_numpy(), "ad": ad.to_numpy(), "ef": ef.to_numpy(),
                         "score": rec_score, "w": weight}, index=e.index)


def quality_table(inv: Inventory, lang: str = "en", work: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per GPC reference number, in reporting order.

    Columns: ``gpc_ref``, ``subsector``, ``name``, ``scope``, ``levels`` (BASIC / BASIC+ / territorial),
    ``notation_key``, ``co2e_t``, ``activity_quality``, ``factor_quality``, ``method``, ``score`` (1–3),
    ``rating`` (H/M/L) and ``status`` (``ok``, ``notation key``, ``missing`` for a BASIC row with neither
    emissions nor a notation key, ``not reported`` for other rows with nothing).
    """
    t = taxonomy.table()
    refs = list(t.index)
    n = len(refs)
    e = inv.emissions
    s = inv.summary(all_rows=True)
    work = records(e) if work is None else work
    codes = pd.Categorical(work["gpc_ref"], categories=refs).codes.astype(np.int64)
    ok = codes >= 0
    c, w, sc = codes[ok], work["w"].to_numpy()[ok], work["score"].to_numpy(dtype=float)[ok]
    count = np.bincount(c, minlength=n)
    sw = np.bincount(c, weights=w * sc, minlength=n)
    ww = np.bincount(c, weights=w, minlength=n)
    plain = np.bincount(c, weights=sc, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(ww > 0, sw / ww, plain / count)
    ad = group_letters(codes, work["ad"], n)
    ef = group_letters(codes, work["ef"], n, unknown=False)
    methods = e.groupby("gpc_ref")["method"].agg(lambda x: ", ".join(sorted(set(map(str, x))))) if len(e) \
        else pd.Series(dtype=object)
    missing = set(inv.completeness())
    zh = lang == "zh"
    rows = []
    for k, ref in enumerate(refs):
        nk = s.loc[ref, "notation_key"] if ref in s.index else ""
        levels = ", ".join(label(f"total.{x}", lang) if lang != "en" else x for x in taxonomy.TOTALS if t.loc[ref, x])
        base = dict(gpc_ref=ref, subsector=t.loc[ref, "subsector_zh" if zh else "subsector"],
                    name=t.loc[ref, "name_zh" if zh else "name"], scope=int(t.loc[ref, "scope"]), levels=levels,
                    notation_key=nk)
        if count[k]:
            sk = round(float(score[k]), 2)
            rows.append({**base, "co2e_t": float(s.loc[ref, "co2e_t"]), "activity_quality": ad[k],
                         "factor_quality": ef[k] or "—", "method": methods.get(ref, ""), "score": sk,
                         "rating": rating(sk), "status": "ok"})
        else:
            status = "notation key" if nk else ("missing" if ref in missing else "not reported")
            rows.append({**base, "co2e_t": np.nan, "activity_quality": "", "factor_quality": "",
                         "method": "notation_key" if nk else "", "score": np.nan, "rating": "", "status": status})
    return pd.DataFrame(rows)


def overall(inv: Inventory, work: pd.DataFrame | None = None) -> tuple[float, str]:
    """The inventory's score (1–3: every record, weighted by |t CO2e|) and its rating ('' when empty).

    ``work`` is :func:`records` of the inventory's emissions when already computed."""
    work = records(inv.emissions) if work is None else work
    if not len(work):
        return float("nan"), ""
    w = work["w"].to_numpy()
    w = w if w.sum() > 0 else np.ones_like(w)
    sc = round(float(np.average(work["score"].to_numpy(dtype=float), weights=w)), 2)
    return sc, rating(sc)
