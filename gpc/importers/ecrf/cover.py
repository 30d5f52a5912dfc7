"""The cover sheet (``eCRF_1``: city, year, GWP set …), the kind of a sheet by its name, and the summary matrix
(``eCRF_2``: explanations of notation keys and sub-sector totals, GCoM template layout only)."""

from __future__ import annotations

import re
from typing import Any

from gpc.importers.ecrf.cells import CellError, _blank, _hkey, _skey, parse_number

_COVER_LABELS = (
    ("name", r"^(name of (the )?city|city name|city|name|name of local government|municipality)\s*:?$"),
    ("country", r"^country\b"),
    ("region", r"^(region|province|state)\b"),
    ("year", r"^(inventory year|year of inventory|reporting year|year\s*:?$)"),
    ("population", r"population"),
    ("gdp", r"^gdp\b"),
    ("gwp", r"^(global warming potential|gwp)"),
    ("reporting_level", r"reporting level|^type$|inventory type"),
    ("boundary", r"^geographic boundary"),
)


def read_cover(rows: list[list[Any]]) -> dict[str, Any]:
    """Label → the first non-empty cell to its right, for the labels of :data:`_COVER_LABELS`."""
    out: dict[str, Any] = {}
    for r, row in enumerate(rows[:80]):
        for j, v in enumerate(row):
            if not isinstance(v, str):
                continue
            t = _hkey(v)
            for name, pat in _COVER_LABELS:
                if name in out or not re.search(pat, t):
                    continue
                if name == "gwp" and "explain" in t:
                    continue
                val = next((x for x in row[j + 1:] if not _blank(x)), None)
                if val is not None and not (isinstance(val, str) and _hkey(val) == "please select"):
                    out[name] = (val, r + 1)
                break
    return out


def gwp_set_of(text: Any) -> str | None:
    """``"IPCC AR5 (100-year)"``, ``"Fifth Assessment Report"``, ``"AR4"`` … → the GWP set id, else None."""
    t = _hkey(text)
    for pat, s in ((r"ar\s*6|sixth|6th", "AR6"), (r"ar\s*5|fifth|5th", "AR5"), (r"ar\s*4|fourth|4th", "AR4"),
                   (r"\bsar\b|second|2nd|ar\s*2", "SAR")):
        if re.search(pat, t):
            return s
    return None


def _sheet_kind(name: str) -> str | None:
    k = re.sub(r"[^a-z0-9]", "", name.lower())
    if re.search(r"crf1$|cover|^inventory$|general", k):
        return "cover"
    if re.search(r"crf2$|summary", k):
        return "summary"
    if re.search(r"crf3$|detail|emissions", k):
        return "detail"
    return None


def _summary(rows: list[list[Any]], sheet: str) -> tuple[dict[str, str], list[tuple[str, tuple[str, ...], float]]]:
    """Explanations (by GPC ref) and totals (cell, refs, value) of a summary sheet in the GCoM template
    layout; nothing when its labels are not where the template has them."""
    from gpc.reports.ecrf import _cell_index, layout

    cells = [c for c in layout() if c.sheet == "eCRF_2"]

    def at(cell: str) -> Any:
        r, c = _cell_index(cell)
        return rows[r][c] if r < len(rows) and c < len(rows[r]) else None

    labels = [c for c in cells if c.kind == "label" and c.cell.startswith("A")]
    same = sum(1 for c in labels if _skey(at(c.cell)) == _skey(c.text))
    if not labels or same < 0.8 * len(labels):
        return {}, []
    expl: dict[str, str] = {}
    totals = []
    for c in cells:
        if c.kind != "value":
            continue
        v = at(c.cell)
        if c.quantity == "explanation" and isinstance(v, str) and v.strip():
            for part in re.split(r";\s*(?=[IVX]+\.\d)", v):
                m = re.match(r"^([IVX]+\.\d+(?:\.\d+)?):\s*(.*)$", part.strip(), re.DOTALL)
                if m:
                    expl[m.group(1)] = m.group(2)
                else:
                    for ref in c.gpc_refs:
                        expl.setdefault(ref, v.strip())
        elif c.quantity == "note" and isinstance(v, str):
            for m in re.finditer(r"([IVX]+\.\d+(?:\.\d+)?) (NO|IE|NE|C) \(([^)]*)\)", v):
                expl.setdefault(m.group(1), m.group(3))
        elif c.quantity == "co2e" and c.cell[0] in "BDF" and 3 < int(c.cell[1:]) < 33:
            try:
                x = parse_number(v)
            except CellError:
                x = None
            if x is not None:
                totals.append((c.cell, c.gpc_refs, x))
    return expl, totals
