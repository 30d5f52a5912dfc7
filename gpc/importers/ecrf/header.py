"""Finding the header of a table by content: one row, or two rows with merged group titles such as
"Activity data" over "Amount" and "Unit" (:func:`find_header`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gpc.importers.ecrf.cells import _basis_of, _blank, _bracket_unit, _scale_of, classify_header

_HEADER_SCAN = 40


@dataclass
class Header:
    """Where a table's header is and what each column holds."""

    row: int                        # 0-based index of the (last) header row
    first_data: int                 # 0-based index of the first data row
    columns: dict[str, int]         # field → column index
    texts: dict[int, str]           # column index → header text as shown
    basis: dict[str, str]           # t_CO2/t_CH4/t_N2O → co2e | mass
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)     # field → unit given in its header's brackets
    scale: dict[str, float] = field(default_factory=dict)   # reported-tonnes field → t per unit of the column


def _ffill(row: list[Any]) -> list[str]:
    out, last = [], ""
    for v in row:
        if not _blank(v):
            last = str(v).strip()
        out.append(last)
    return out


def _header_from(texts: list[str], default_basis: str) -> tuple[dict[str, int], dict[str, str], list[tuple[int, str]]]:
    cols: dict[str, int] = {}
    dup: list[tuple[int, str]] = []
    basis: dict[str, str] = {}
    for j, text in enumerate(texts):
        f = classify_header(text)
        if f is None or f in ("conversion", "ef_other"):
            continue
        if f in cols:
            dup.append((j, f))
            continue
        cols[f] = j
        if f.startswith("t_"):
            basis[f] = _basis_of(text, default_basis)
    return cols, basis, dup


def _score(cols: dict[str, int]) -> int:
    if not ("gpc_ref" in cols or "sector" in cols or "subsector" in cols):
        return 0
    if not any(k in cols for k in ("t_CO2", "t_CH4", "t_N2O", "total", "notation_key", "amount")):
        return 0
    return len(cols)


def find_header(rows: list[list[Any]], default_basis: str = "co2e") -> Header | None:
    """The header of a table: the row (or pair of rows, a group title over its columns) whose cells name the
    most known fields, among the first rows of the sheet; None when no row names a GPC reference or sector
    and an emission, amount or notation-key column."""
    best: tuple[int, Header] | None = None
    n = min(len(rows), _HEADER_SCAN)
    for r in range(n):
        cand: list[tuple[list[str], int]] = [([str(v).strip() if not _blank(v) else "" for v in rows[r]], r)]
        if r + 1 < len(rows):
            parent, child = _ffill(rows[r]), rows[r + 1]
            width = max(len(parent), len(child))
            parent += [""] * (width - len(parent))
            child = list(child) + [None] * (width - len(child))
            joined = [(p + " - " + str(c).strip()) if not _blank(c) and p and str(c).strip() != p
                      else (str(c).strip() if not _blank(c) else (str(rows[r][j]).strip()
                                                                   if j < len(rows[r]) and not _blank(rows[r][j])
                                                                   else ""))
                      for j, (p, c) in enumerate(zip(parent, child))]
            cand.append((joined, r + 1))
        for texts, last in cand:
            cols, basis, dup = _header_from(texts, default_basis)
            sc = _score(cols)
            if (sc >= 4 or (sc == 3 and "gpc_ref" in cols)) and (best is None or sc > best[0]):
                units: dict[str, str] = {f: u for f in ("amount", "ef_CO2", "ef_CH4", "ef_N2O", "ef_total", "ef_biogenic")
                         if f in cols and (u := _bracket_unit(texts[cols[f]]))}
                scale: dict[str, float] = {f: _scale_of(texts[cols[f]]) for f in ("t_CO2", "t_CH4", "t_N2O", "t_other", "total",
                                                               "co2_biogenic") if f in cols}
                best = (sc, Header(last, last + 1, cols, {j: t for j, t in enumerate(texts) if t}, basis, dup,
                                   units, scale))
    return best[1] if best else None
