"""What the waste sheets share: the problem collector, sheet preparation, text helpers for the audit
trail, the common checks (GPC row, mass amounts, choices, the row's own factors) and the MSW composition."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.ranges import range_columns
from gpc.factors.resolve import resolver
from gpc.factors.waste import WasteFactors
from gpc.i18n import label as i18n_label
from gpc.io.sheets import sheet_spec
from gpc.text import closest
from gpc.units import convert, unit_problem

#: MSW components of IPCC 2006 Vol. 5 Table 2.4, the composition columns of the waste sheets.
COMPONENTS = ("food", "garden", "paper", "wood", "textiles", "nappies", "rubber_leather", "plastics", "metal",
              "glass", "other_inert")


#: Composition columns of the solid_waste sheet: Table 2.4 and the industrial-waste term F of the GPC
#: DOC equation (GPC v1.1 Ch. 8 Eq. 8.1: DOC = 0.15A + 0.2B + 0.4C + 0.43D + 0.24E + 0.15F).
SW_COMPONENTS = COMPONENTS + ("industrial",)


#: What the incineration sheet burns: MSW by composition, or a waste of IPCC 2006 Vol. 5 Table 5.2.
WASTE_TYPES = ("msw", "industrial", "clinical", "sewage_sludge", "fossil_liquid")


_COMP_COLUMN = "food … other_inert"  # how problems name the composition columns together


_COMPOSITION_TOLERANCE = 0.01


_SUBSECTOR = {"solid_waste": "III.1", "biological_treatment": "III.2", "incineration": "III.3",
              "wastewater": "III.4", "industrial_wastewater": "III.4"}


def waste_factors(ctx: Context) -> WasteFactors:
    """The waste factors of the context's set (the resolver's)."""
    return resolver(ctx).waste()


# ------------------------------------------------------------------------------------------ plumbing
@dataclass
class _Out:
    """Problems found so far, and which rows (positions) of the sheet being read have an error."""

    problems: list[Problem] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)

    def problem(self, df: pd.DataFrame, mask: np.ndarray | pd.Series, column: str | None, message: str,
                severity: str = "error", value: str | None = None) -> None:
        """Record ``message`` for every row of ``df`` where ``mask``; errors mark the rows bad."""
        m = np.asarray(mask, dtype=bool)
        if not m.any():
            return
        sub = df[m]
        col = value if value is not None else column
        values = sub[col] if col in sub.columns else pd.Series([None] * len(sub), index=sub.index)
        for s, r, v in zip(sub["sheet"], sub["row"], values):
            self.problems.append(Problem(str(s), int(r), column, _plain(v), message, severity))
        if severity == "error":
            self.bad.update(sub.index.tolist())

    def ok(self, df: pd.DataFrame) -> np.ndarray:
        """Rows of ``df`` without an error so far."""
        return ~df.index.isin(list(self.bad))


def _plain(v: object) -> object:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return v.item() if isinstance(v, np.generic) else v


def _prepare(df: pd.DataFrame, sheet: str) -> pd.DataFrame:
    """A copy with every spec column present, a 0..n-1 index and choice values in canonical form."""
    d = df.reset_index(drop=True).copy()
    spec = sheet_spec(sheet)
    if "sheet" not in d.columns:
        d["sheet"] = sheet
    if "row" not in d.columns:
        d["row"] = np.arange(2, len(d) + 2)
    for c in spec.columns:
        if c.name not in d.columns:
            d[c.name] = None
        if c.dtype in ("number", "fraction", "year"):
            d[c.name] = pd.to_numeric(d[c.name], errors="coerce").astype("float64")
        elif c.dtype == "choice":
            s = d[c.name].astype(object)
            text = s.where(s.isna(), s.astype(str).str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True))
            d[c.name] = text.where(text != "", None)
        elif c.dtype in ("text", "gpc_ref", "unit"):
            s = d[c.name].astype(object)
            s = s.where(s.isna(), s.astype(str).str.strip())
            d[c.name] = s.where(s != "", None)
    return d


def _bool(s: pd.Series, default: np.ndarray) -> np.ndarray:
    """yes/no column as bool, ``default`` where empty (the reader gives True/False/None)."""
    txt = s.astype(object).map(lambda v: v if isinstance(v, bool) or v is None else str(v).strip().lower())
    out = np.asarray(default, dtype=bool).copy()
    out[txt.isin([True, "yes", "y", "true", "1", "是"]).to_numpy()] = True
    out[txt.isin([False, "no", "n", "false", "0", "否"]).to_numpy()] = False
    return out


def _override(user: pd.Series | np.ndarray, default: np.ndarray, src: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The row's own value where given, else the default: (value, source, default_used)."""
    user = np.asarray(user, dtype=float)
    given = ~np.isnan(user)
    return np.where(given, user, default), np.where(given, "row", src), ~given


def _fmt(values: np.ndarray | pd.Series) -> pd.Series:
    """Numbers as text (6 significant digits, "" for NaN), each distinct value formatted once."""
    x = np.ascontiguousarray(np.asarray(values, dtype=float))
    codes, first = np.unique(x.view(np.int64), return_inverse=True, return_index=True)[1:]
    texts = np.array(["" if np.isnan(v) else f"{v:.6g}" for v in x[codes]], dtype=object)
    return pd.Series(texts[first.reshape(-1)] if len(x) else np.array([], dtype=object), dtype=object)


def _where(cond: np.ndarray | pd.Series, a: object, b: object) -> np.ndarray:
    """``np.where`` for text: an object array, so that ``+`` concatenates on any numpy version."""
    a = a.to_numpy() if isinstance(a, pd.Series) else a
    b = b.to_numpy() if isinstance(b, pd.Series) else b
    return np.where(np.asarray(cond, dtype=bool), np.asarray(a, dtype=object), np.asarray(b, dtype=object))


def _flag(default_used: np.ndarray) -> np.ndarray:
    return _where(default_used, " (default)", "")


def _join(*parts: pd.Series | np.ndarray | str) -> pd.Series:
    """Join string columns (and constant strings) with '; ', element-wise."""
    n = max(len(p) for p in parts if not isinstance(p, str))
    cols: list[list[str]] = []
    missing = np.zeros(n, dtype=bool)
    for p in parts:
        if isinstance(p, str):
            cols.append([p] * n)
            continue
        text = pd.Series(np.asarray(p, dtype=object)).astype(str)
        missing |= text.isna().to_numpy()
        cols.append(text.fillna("").tolist())
    joined = np.array(["; ".join(t) for t in zip(*cols)], dtype=object)
    joined[missing] = None  # a missing part makes the whole text missing, as "a" + "; " + NaN does
    return pd.Series(joined, dtype="str")


#: One default of a composed factor: (name, lower %, upper %, table that prints the range, default used).
RangePart = tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _range_columns(parts: list[RangePart]) -> dict[str, np.ndarray]:
    """The record columns ``ef_lower_pct``, ``ef_upper_pct``, ``ef_range_source`` of factors that are products
    of the given defaults (:func:`gpc.factors.ranges.range_columns`: IPCC 2006 Vol. 1 Eq. 3.1 over the printed
    ranges of the defaults each record used; a value the row gave brings none)."""
    return range_columns(parts)


# ------------------------------------------------------------------------------------- common checks
def _check_gpc_ref(df: pd.DataFrame, sheet: str, out: _Out) -> None:
    sub = _SUBSECTOR[sheet]
    refs = df["gpc_ref"].astype(object)
    out.problem(df, refs.isna(), "gpc_ref", f"the GPC reference number is missing: give {sub}.1, {sub}.2 or {sub}.3")
    wrong = refs.notna() & ~refs.astype(str).isin([f"{sub}.1", f"{sub}.2", f"{sub}.3"])
    out.problem(df, wrong, "gpc_ref",
                f"the {sheet} sheet reports in {sub}: use {sub}.1 (treated in the city), {sub}.2 (generated in the "
                f"city, treated outside) or {sub}.3 (generated outside, treated in the city)")


def _mass_t(df: pd.DataFrame, out: _Out, amount: str = "amount", unit: str = "unit") -> np.ndarray:
    """Amounts converted to tonnes; problems for missing/negative amounts and non-mass units."""
    out.problem(df, df[amount].isna(), amount, f"{amount} is missing: type a number")
    out.problem(df, df[amount].notna() & (df[amount] < 0), amount, f"{amount} is negative: amounts of waste are never negative")
    units = df[unit].astype(object)
    out.problem(df, units.isna() & df[amount].notna(), unit, "the unit is missing: give a mass unit such as t, 万吨 or kg")
    for u in units.dropna().unique():
        msg = unit_problem(u, "t")
        if msg:
            out.problem(df, (units == u).to_numpy(), unit, f"{msg}: waste is given as a mass (t, 万吨, kg)")
    return convert(df[amount].fillna(0.0).to_numpy(), units.fillna("t").astype(str), "t")


def _check_choice(df: pd.DataFrame, col: str, known: set[str], out: _Out, what: str) -> None:
    vals = df[col].astype(object)
    for v in vals.dropna().unique():
        if str(v) not in known:
            out.problem(df, (vals == v).to_numpy(), col,
                        f"unknown {what}: use one of {', '.join(sorted(known))}{closest(str(v), sorted(known))}")


def _user_ef(df: pd.DataFrame, cols: tuple[str, ...], target: str, out: _Out) -> dict[str, np.ndarray]:
    """The row's own emission factors in ``target`` units (NaN where not given)."""
    has = df[list(cols)].notna().any(axis=1)
    units = df["ef_unit"].astype(object)
    out.problem(df, has & units.isna(), "ef_unit", f"{' / '.join(cols)} given without ef_unit: give their unit, e.g. {target}")
    for u in units[has].dropna().unique():
        msg = unit_problem(u, target)
        if msg:
            out.problem(df, (has & (units == u)).to_numpy(), "ef_unit",
                        f"{msg}: a waste emission factor is a mass of gas per mass of waste, e.g. {target}")
    res = {}
    for c in cols:
        out.problem(df, df[c].notna() & (df[c] < 0), c, f"{c} is negative: give the emission factor (≥ 0)")
        res[c] = convert(df[c].to_numpy(dtype=float), units.fillna(target).astype(str), target)
    return res


# --------------------------------------------------------------------------------------- composition
@dataclass
class _Composition:
    fractions: np.ndarray   # (n, len(COMPONENTS)), wet-weight fractions
    origin: np.ndarray      # 'row', 'bulk' or 'IPCC 2006 Table 2.3 <region>'
    bulk: np.ndarray        # bool: bulk waste (solid waste only)


def _composition(df: pd.DataFrame, ctx: Context, out: _Out, allow_bulk: bool,
                 components: tuple[str, ...] = COMPONENTS, need_mask: np.ndarray | None = None) -> _Composition:
    comp = df[list(components)]
    given = comp.notna().any(axis=1).to_numpy()
    fr = comp.fillna(0.0).to_numpy(dtype=float)
    total = fr.sum(axis=1)
    pct = given & (np.abs(total - 100.0) <= 100 * _COMPOSITION_TOLERANCE)
    out.problem(df, pct, _COMP_COLUMN,
                "the composition sums to 100: give wet-weight fractions (0.262), not percent (26.2)")
    out.problem(df, given & ~pct & (np.abs(total - 1.0) > _COMPOSITION_TOLERANCE), _COMP_COLUMN,
                "the composition fractions of the row do not sum to 1 (±0.01): give every component's "
                "wet-weight fraction, the rest as other_inert")
    bulk = np.zeros(len(df), dtype=bool)
    if allow_bulk:
        has_doc = df["doc"].notna().to_numpy()
        bulk = ~given & has_doc
        out.problem(df, given & has_doc, "doc", i18n_label("warn.doc_ignored", "en"), severity="warning")
    origin = _where(given, "row", _where(bulk, "bulk", ""))
    need = ~given & ~bulk
    if need_mask is not None:
        need &= need_mask
    if need.any():
        default, label, listed = waste_factors(ctx).default_composition(ctx.settings.country, components)
        if default is None:
            alt = " or a bulk doc" if allow_bulk else ""
            out.problem(df, need, _COMP_COLUMN,
                        f"no composition: give the wet-weight fractions food … other_inert{alt}; the IPCC 2006 "
                        f"Table 2.3 regional default needs a known country in the city sheet (country "
                        f"{ctx.settings.country!r} has no Table 2.3 region)")
        else:
            fr[need] = default
            origin = _where(need, label, origin)
            first = df[need].iloc[0]
            out.problems.append(Problem(
                str(first["sheet"]), None, _COMP_COLUMN, None,
                i18n_label("warn.default_composition", "en", n=str(int(need.sum())), label=label,
                           listed=f"{listed:.3g}"), "warning"))
    return _Composition(fr, origin, bulk)
