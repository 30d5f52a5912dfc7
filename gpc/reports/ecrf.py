"""The GCoM Common Reporting Framework workbook (eCRF): sheets eCRF_1 (city and inventory), eCRF_2
(emissions by sub-sector and scope) and eCRF_3 (one row per GPC reference number).

The layout is data: ``gpc/data/ecrf_layout.csv``, one line per cell, derived from the GCoM template
(``gcom_ecrf_template.xlsx``, whose cells carry ``{{placeholders}}``) by :func:`layout_from_template`
with :data:`FIXES` applied. Columns:

``sheet, cell``   where (``A2:A16`` for a merged range, a column letter for a width)
``kind``          ``label`` (fixed text), ``value`` (computed from GPC rows), ``setting`` (from the city
                  sheet / the inventory), ``merge``, ``width``
``gpc_refs``      the GPC rows a ``value`` sums or describes, ``|``-separated (empty: nothing to report)
``quantity``      for ``value``: ``co2e``, ``notation_key``, ``explanation``, ``note``, ``co2e:CO2`` …,
                  ``co2_biogenic``, ``activity``, ``amount``, ``unit``, ``methodology``, ``source``,
                  ``data_quality``, ``ef_unit``, ``ef:CO2`` …, ``ef_description``, ``ef_source``,
                  ``ef_quality``;
                  for ``setting``: the field
``text``          the text of a ``label``; the fallback of a ``value`` with nothing to report; a width

The template is not needed at run time (users do not have it); a test compares the layout with it
cell by cell where it is available.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gpc import taxonomy
from gpc.quality import activity_quality, factor_quality
from gpc.reports.common import atomic_output, xlsx_workbook

if TYPE_CHECKING:
    from gpc.inventory import Inventory

__all__ = ["write_ecrf", "read_ecrf", "layout", "layout_from_template", "FIXES", "SHEETS"]

SHEETS = ("eCRF_1", "eCRF_2", "eCRF_3")
LAYOUT_COLUMNS = ("sheet", "cell", "kind", "gpc_refs", "quantity", "text")

#: Mistakes in the template's placeholders, corrected in the layout: (sheet, cell) → what it should say.
#: ``None`` means the cell has nothing to report (its GPC row moved to another column).
FIXES: dict[tuple[str, str], str | None] = {
    # wrong reference numbers
    ("eCRF_2", "B17"): "{{III.1.1_total}}",       # template: {{|II.1.1_total}}
    ("eCRF_2", "B22"): "{{IV.1_total}}",          # template: {{|V.1_total}}
    ("eCRF_2", "B23"): "{{IV.2_total}}",          # template: {{IV.1_total}}
    ("eCRF_2", "D15"): "{{II.5.2_total}}",        # template: {{II.4.2_total}}
    # waste: III.x.2 is scope 3 (outside the boundary), III.x.3 is scope 1 (direct), whatever their last
    # digit suggests; the template put III.x.2 under scope 2 and III.x.3 under scope 3.
    **{("eCRF_2", f"D{r}"): None for r in (17, 18, 19, 20)},
    **{("eCRF_2", f"E{r}"): None for r in (17, 18, 19, 20)},
    **{("eCRF_2", f"F{r}"): f"{{{{III.{r - 16}.2_total}}}}" for r in (17, 18, 19, 20)},
    **{("eCRF_2", f"G{r}"): f"{{{{III.{r - 16}.2_notation-key}}}}" for r in (17, 18, 19, 20)},
}
#: Waste rows whose direct-emissions column also takes III.x.3 (scope 1: waste from outside the city
#: treated inside): eCRF_2 row → the extra GPC row.
WASTE_DIRECT_EXTRA = {17: "III.1.3", 18: "III.2.3", 19: "III.3.3", 20: "III.4.3"}

_SCOPE_COLUMN = {"B": 1, "D": 2, "F": 3}
_ECRF3_FIELDS = {
    "activity_type": "activity", "no_key": "notation_key", "activity_amount": "amount",
    "activity_unit": "unit", "methodology": "methodology", "activity_data_source": "source",
    "activity_data_quality": "data_quality", "emission_factor_unit": "ef_unit", "emission_co2": "ef:CO2",
    "emission_ch4": "ef:CH4", "emission_n2o": "ef:N2O", "emission_factor_description": "ef_description",
    "emission_factor_source": "ef_source", "ghg_co2": "co2e:CO2", "ghg_ch4": "co2e:CH4",
    "ghg_n2o": "co2e:N2O", "total_co2e": "co2e",
}
#: eCRF_3 columns the template leaves without a placeholder that gpc fills too.
_ECRF3_EXTRA = {"X": "ef_quality", "AC": "co2_biogenic"}
_ECRF1_SETTINGS = {
    "inventory_type": "inventory_type", "city_name": "name", "city_country": "country",
    "city_region": "region", "inventory_year": "year", "city_boundary": "boundary", "city_area": "area_km2",
    "city_population": "population",
}
#: eCRF_1 answers the template leaves without a placeholder: cell → setting (city-sheet field or
#: something gpc knows). City-sheet fields that are not part of the activity workbook v1 are optional.
_ECRF1_EXTRA = {
    "C5": "geonames_id", "C6": "coordinates", "C9": "hdd", "C10": "cdd", "C13": "gdp_usd", "C14": "economy",
    "C15": "climate", "C16": "other_information", "C17": "tool", "C19": "gases", "C20": "gwp",
    "C21": "gwp_explanation", "C22": "methodology", "C23": "regulations", "C24": "change_comment",
    "C25": "verified", "C26": "verifier", "C27": "verification_year", "C28": "improvements",
    "C29": "compiler", "C30": "department", "C31": "date", "C32": "version", "C33": "email", "C34": "webpage",
}
_INSTITUTIONAL = ("Included in Commercial buildings & facilities: GPC I.2 covers commercial and "
                  "institutional buildings and facilities.")
_PLACEHOLDER = re.compile(r"^\{\{(.*)\}\}$")


# ------------------------------------------------------------------------------------- layout
@dataclass(frozen=True)
class Cell:
    sheet: str
    cell: str
    kind: str
    gpc_refs: tuple[str, ...] = ()
    quantity: str = ""
    text: str = ""


@lru_cache(maxsize=1)
def layout() -> tuple[Cell, ...]:
    """The shipped layout (``gpc/data/ecrf_layout.csv``)."""
    text = resources.files("gpc.data").joinpath("ecrf_layout.csv").read_bytes().decode("utf-8")
    return tuple(Cell(r["sheet"], r["cell"], r["kind"], tuple(x for x in r["gpc_refs"].split("|") if x),
                      r["quantity"], r["text"]) for r in csv.DictReader(io.StringIO(text, newline="")))


def _rows_of(sector: str, scope: int) -> tuple[str, ...]:
    t = taxonomy.table()
    m = (t["sector_ref"] == sector) & (t["scope"] == scope) & (t.index != "I.4.4")
    return tuple(t.index[m])


def _placeholder_cells(sheet: str, cell: str, name: str, row_ref: str | None) -> list[Cell]:
    """What one template placeholder becomes."""
    letters = re.match(r"[A-Z]+", cell)
    if letters is None:
        raise ValueError(f"{sheet}: {cell!r} is not a cell reference")
    col = letters.group(0)
    row = int(cell[len(col):])
    if sheet == "eCRF_1":
        return [Cell(sheet, cell, "setting", (), _ECRF1_SETTINGS[name])]
    if sheet == "eCRF_3":
        if not row_ref:
            return []   # the template's rows that are no GPC row (e.g. IPPU outside the boundary)
        return [Cell(sheet, cell, "value", (row_ref,), _ECRF3_FIELDS[name])]
    # eCRF_2
    m = re.match(r"^([IVX]+\.\d+(?:\.\d+)?)_(total|notation-key|explanation)$", name)
    if m:
        ref, what = m.groups()
        if what == "explanation":
            refs = tuple(r for r in taxonomy.table().index if r.startswith(ref + ".") or r == ref)
            return [Cell(sheet, cell, "value", refs, "explanation")]
        refs = (ref,)
        if col in ("B", "C") and row in WASTE_DIRECT_EXTRA:
            refs = (ref, WASTE_DIRECT_EXTRA[row])
        return [Cell(sheet, cell, "value", refs, "co2e" if what == "total" else "notation_key")]
    fugitive = ("I.7.1", "I.8.1")
    special = {
        "fugitive_total": (fugitive, "co2e"), "fugitive_notation": (fugitive, "notation_key"),
        "fugitive_explanation": (fugitive, "explanation"), "ippu_total": (("IV.1", "IV.2"), "co2e"),
        "afolu_full-total": (("V.1", "V.2", "V.3"), "co2e"),
    }
    if name in special:
        refs, q = special[name]
        return [Cell(sheet, cell, "value", refs, q)]
    m = re.match(r"^(stationary|transport|waste)([123])_full-total$", name)
    if m:
        sector = {"stationary": "I", "transport": "II", "waste": "III"}[m.group(1)]
        return [Cell(sheet, cell, "value", _rows_of(sector, int(m.group(2))), "co2e")]
    if name == "explanation-institutional-missing":
        return [Cell(sheet, cell, "label", (), "", _INSTITUTIONAL)]
    raise ValueError(f"{sheet}!{cell}: unknown placeholder {{{{{name}}}}}")


def layout_from_template(path: str | Path) -> list[Cell]:
    """Derive the layout from the GCoM template workbook (with :data:`FIXES` and gpc's additions)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    out: list[Cell] = []
    for ws in wb.worksheets:
        sheet = ws.title
        for rng in sorted(str(r) for r in ws.merged_cells.ranges):
            out.append(Cell(sheet, rng, "merge"))
        for letter, dim in sorted(ws.column_dimensions.items()):
            if dim.width:
                out.append(Cell(sheet, letter, "width", text=f"{dim.width:g}"))
        for row in ws.iter_rows():
            row_ref = None
            if sheet == "eCRF_3":
                b = ws.cell(row[0].row, 2).value
                row_ref = str(b).strip() if b else None
            for c in row:
                v = c.value
                if v is None:
                    continue
                text = str(v)
                key = (sheet, c.coordinate)
                if key in FIXES:
                    fix = FIXES[key]
                    if fix is None:
                        continue
                    text = fix
                m = _PLACEHOLDER.match(text)
                if m:
                    out.extend(_placeholder_cells(sheet, c.coordinate, m.group(1), row_ref))
                elif text.strip() == "Please select":
                    what = "year" if sheet == "eCRF_3" else "title"
                    out.append(Cell(sheet, c.coordinate, "setting", (), what))
                else:
                    out.append(Cell(sheet, c.coordinate, "label", (), "", text))
    return _with_additions(out)


def _with_additions(cells: list[Cell]) -> list[Cell]:
    """gpc's answers where the template has no placeholder (kept apart so the comparison stays exact)."""
    have = {(c.sheet, c.cell) for c in cells}
    add: list[Cell] = []
    for cell, field in _ECRF1_EXTRA.items():
        if ("eCRF_1", cell) not in have:
            add.append(Cell("eCRF_1", cell, "setting", (), field))
    # eCRF_2: the waste rows' direct column also takes III.x.3 (see WASTE_DIRECT_EXTRA); rows without a
    # row of their own (energy industries' own use, non-specified) are named in a note on the total row;
    # generation of grid-supplied energy (I.4.4) and the totals without it.
    for col, width in (("C", 12), ("D", 16), ("E", 12), ("F", 16), ("G", 12)):
        if ("eCRF_2", col) not in have:
            add.append(Cell("eCRF_2", col, "width", text=str(width)))
    unlisted = ("I.4.1", "I.4.2", "I.4.3", "I.6.1", "I.6.2", "I.6.3")
    add.append(Cell("eCRF_2", "H10", "value", unlisted, "note"))
    add.append(Cell("eCRF_2", "B33", "value", ("I.4.4",), "co2e"))
    add.append(Cell("eCRF_2", "C33", "value", ("I.4.4",), "notation_key"))
    add.append(Cell("eCRF_2", "H33", "value", ("I.4.4",), "explanation"))
    t = taxonomy.table()
    for col, scope in _SCOPE_COLUMN.items():
        refs = tuple(r for r in t.index if t.loc[r, "scope"] == scope and r not in ("I.4.4", "VI.1"))
        add.append(Cell("eCRF_2", f"{col}34", "value", refs, "co2e"))
    # eCRF_3: the factor's data quality and biogenic CO2 (columns the template names but leaves empty);
    # the three I.4.4 rows: gpc does not split generation by plant type, so all of I.4.4 is on the
    # first and the other two say IE.
    by_row: dict[int, str] = {}
    for c in cells:
        if c.sheet == "eCRF_3" and c.kind == "value" and c.gpc_refs:
            by_row[int(re.sub(r"^[A-Z]+", "", c.cell))] = c.gpc_refs[0]
    i44 = sorted(r for r, ref in by_row.items() if ref == "I.4.4")
    for r, ref in sorted(by_row.items()):
        if r in i44[1:]:
            continue
        for col, q in _ECRF3_EXTRA.items():
            add.append(Cell("eCRF_3", f"{col}{r}", "value", (ref,), q))
    out = [c for c in cells
           if not (c.sheet == "eCRF_3" and c.kind == "value"
                   and int(re.sub(r"^[A-Z]+", "", c.cell)) in i44[1:])]
    for r in i44[1:]:
        out.append(Cell("eCRF_3", f"G{r}", "label", (), "", "IE"))
        out.append(Cell("eCRF_3", f"J{r}", "label", (), "",
                        f"Included in row {i44[0]}: all of I.4.4 "
                        "(gpc does not split generation by plant type)"))
    # VI.1 (other scope 3): the template only says NE; report what the inventory has
    vi = [r for r, ref in by_row.items() if ref == "VI.1"]
    if not vi:
        for c in cells:
            if c.sheet == "eCRF_3" and c.kind == "label" and c.cell.startswith("B") and c.text == "VI.1":
                r = int(c.cell[1:])
                out = [x for x in out if not (x.sheet == "eCRF_3" and x.cell == f"G{r}")]
                add.append(Cell("eCRF_3", f"G{r}", "value", ("VI.1",), "notation_key", "NE"))
                add.append(Cell("eCRF_3", f"AB{r}", "value", ("VI.1",), "co2e"))
    return sorted(out + add, key=_order)


def _order(c: Cell) -> tuple[int, int, int, int]:
    rank = {"merge": 0, "width": 1}.get(c.kind, 2)
    if rank < 2:
        return (SHEETS.index(c.sheet), rank, 0, 0)
    r, col = _cell_index(c.cell)
    return (SHEETS.index(c.sheet), rank, r, col)


def write_layout(cells: list[Cell], path: str | Path) -> None:
    """Write a layout as CSV (used to regenerate ``gpc/data/ecrf_layout.csv`` from a new template)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(LAYOUT_COLUMNS)
        for c in cells:
            w.writerow([c.sheet, c.cell, c.kind, "|".join(c.gpc_refs), c.quantity, c.text])


# --------------------------------------------------------------------------------------- values
class _Values:
    """Everything a layout cell can ask for, computed once per inventory."""

    def __init__(self, inv: Inventory):
        self.inv = inv
        e = inv.emissions
        self.e = e
        self.fossil = e[~e["biogenic"].astype(bool)]
        self.has = set(e["gpc_ref"])
        self.co2e = self.fossil.groupby("gpc_ref")["co2e_t"].sum()
        self.gas = self.fossil.groupby(["gpc_ref", "gas"])["co2e_t"].sum()
        self.bio = e[e["biogenic"].astype(bool)].groupby("gpc_ref")["emissions_t"].sum()
        nk = inv.notation_keys
        self.nk: dict[str, list[str]] = {}
        self.expl: dict[str, list[str]] = {}
        if nk is not None and len(nk):
            expl = nk["explanation"] if "explanation" in nk else [None] * len(nk)
            for ref, key, ex in zip(nk["gpc_ref"], nk["notation_key"], expl):
                self.nk.setdefault(ref, []).append(str(key))
                if isinstance(ex, str) and ex.strip():
                    self.expl.setdefault(ref, []).append(ex.strip())
        self.by_ref = {k: g for k, g in e.groupby("gpc_ref", sort=False)} if len(e) else {}
        self._subsets: dict[tuple[str, ...], tuple[pd.DataFrame, pd.DataFrame]] = {}
        self.ad_q = activity_quality(e) if len(e) else pd.Series(dtype=object)
        self.ef_q = factor_quality(e) if len(e) else pd.Series(dtype=object)

    def value(self, c: Cell) -> Any:
        q, refs = c.quantity, c.gpc_refs
        if not refs:
            return None
        if q == "co2e":
            got = [r for r in refs if r in self.co2e.index]
            return float(sum(self.co2e[r] for r in got)) if got else None
        if q.startswith("co2e:"):
            gas = q.split(":", 1)[1]
            got_gas = [(r, gas) for r in refs if (r, gas) in self.gas.index]
            return float(sum(self.gas[k] for k in got_gas)) if got_gas else None
        if q == "co2_biogenic":
            got = [r for r in refs if r in self.bio.index]
            return float(sum(self.bio[r] for r in got)) if got else None
        if q == "notation_key":
            if any(r in self.has for r in refs):
                return None
            keys = list(dict.fromkeys(k for r in refs for k in self.nk.get(r, [])))
            return "/".join(keys) or None
        if q == "explanation":
            parts = [f"{r}: {x}" for r in refs for x in dict.fromkeys(self.expl.get(r, []))]
            return "; ".join(parts) or None
        if q == "note":
            parts = [f"{r} {self.co2e[r]:,.0f} t" for r in refs if r in self.co2e.index]
            parts += [f"{r} {'/'.join(dict.fromkeys(self.nk[r]))}"
                      + (f" ({'; '.join(dict.fromkeys(self.expl[r]))})" if r in self.expl else "")
                      for r in refs if r not in self.co2e.index and r in self.nk]
            if not parts:
                return None
            return "GPC rows without a line of their own, included in the totals: " + ", ".join(parts)
        return self._record_field(q, refs)

    def _subset(self, refs: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
        if refs not in self._subsets:
            if len(refs) == 1:
                e = self.by_ref.get(refs[0], self.e.iloc[:0])
            else:
                e = self.e[self.e["gpc_ref"].isin(refs)]
            self._subsets[refs] = (e, e.drop_duplicates(["sheet", "row"]))
        return self._subsets[refs]

    def _record_field(self, q: str, refs: tuple[str, ...]) -> Any:
        e, rows = self._subset(refs)
        if not len(e):
            return None
        if q == "activity":
            return _join(rows.get("activity"))
        if q in ("amount", "unit"):
            # one figure only when it means something: one activity, one unit, one disposal year
            units = rows["unit"].dropna().astype(str).unique() if "unit" in rows else []
            acts = rows["activity"].dropna().astype(str).unique() if "activity" in rows else []
            years = rows["deposit_year"].dropna().unique() if "deposit_year" in rows else []
            if len(units) != 1 or len(acts) > 1 or len(years) > 1 or rows["amount"].isna().any():
                return None
            return float(rows["amount"].sum()) if q == "amount" else str(units[0])
        if q == "methodology":
            return _join(e["method"])
        if q == "source":
            return _join(rows.get("input_source"), "; ")
        if q == "data_quality":
            return _letters(self.ad_q.reindex(rows.index))
        if q == "ef_quality":
            return _letters(self.ef_q.reindex(e.index).dropna(), unknown=False)
        if q == "ef_description":
            return _join(e.get("factor_name"))
        if q == "ef_source":
            return _join(e.get("factor_source"), "; ")
        if q == "ef_unit":
            u = e["factor_unit"].dropna().astype(str).unique() if "factor_unit" in e else []
            return str(u[0]) if len(u) == 1 else None
        if q.startswith("ef:"):
            gas = q.split(":", 1)[1]
            g = e[(e["gas"] == gas) & e["factor_value"].notna()]
            if not len(g):
                return None
            vals = g["factor_value"].astype(float).unique()
            units = g["factor_unit"].dropna().astype(str).unique()
            if len(vals) == 1 and len(units) <= 1:
                return float(vals[0])
            return None
        raise ValueError(f"unknown eCRF quantity {q!r}")


def _join(s: pd.Series | None, sep: str = ", ") -> str | None:
    if s is None:
        return None
    vals = [str(x) for x in s.dropna() if str(x).strip() and str(x) != "nan"]
    return sep.join(dict.fromkeys(vals)) or None


def _letters(s: pd.Series, unknown: bool = True) -> str | None:
    present = [x for x in ("H", "M", "L") if (s == x).any()]
    if unknown and s.isna().any():
        present.append("?")
    return "/".join(present) or None


def inventory_type(inv: Inventory) -> str:
    """``BASIC+`` when every BASIC+ row has emissions or a notation key, else ``BASIC``."""
    covered = set(inv.emissions["gpc_ref"]) | set(inv.notation_keys.get("gpc_ref", pd.Series(dtype=object)))
    return "BASIC+" if all(r in covered for r in taxonomy.total_rows("BASIC+")) else "BASIC"


def _setting(inv: Inventory, field: str, created: Any) -> Any:
    from gpc.version import __version__

    s = inv.settings
    extra = {str(k).lower(): v for k, v in (s.extra or {}).items()}
    if field == "inventory_type":
        return inventory_type(inv)
    if field == "title":
        return f"{inventory_type(inv)} — {s.name or ''} {s.year} (t CO2e, {inv.gwp})".replace("  ", " ")
    if field == "year":
        return int(s.year)
    if field == "gases":
        present = [g for g in inv.gases() if g in set(inv.emissions["gas"])]
        return ", ".join(present) or None
    if field == "gwp":
        return f"IPCC {inv.gwp} (100-year)"
    if field == "tool":
        return f"gpc {__version__} (GHG Protocol GPC v1.1)"
    if field == "methodology":
        fs = " → ".join(inv.factor_set.chain) if inv.factor_set else s.factors
        return ("GHG Protocol GPC v1.1 with IPCC 2006 Guidelines equations; emission factors: "
                f"{fs}; computed with gpc {__version__}")
    if field == "date":
        return created.strftime("%Y-%m-%d")
    if field == "version":
        return extra.get("version") or __version__
    if field == "gdp_usd":
        from gpc.reports.common import parse_gdp

        g = parse_gdp(s.gdp)
        return g[0] if g and g[1] == "USD" else extra.get("gdp_usd")
    if field == "population":
        return float(s.population) if s.population else None
    if hasattr(s, field) and field != "extra":
        return getattr(s, field)
    return extra.get(field)


# ---------------------------------------------------------------------------------------- write
def write_ecrf(inv: Inventory, path: str | Path, *, timestamp: Any = None) -> Path:
    """Write the eCRF workbook for ``inv`` to ``path`` (atomically)."""
    from gpc.reports.excel_out import _as_datetime

    created = _as_datetime(timestamp)
    path = Path(path)
    vals = _Values(inv)
    cells = layout()
    with atomic_output(path) as tmp:
        wb = xlsx_workbook(tmp)
        wb.set_properties({"title": f"GCoM CRF {inv.settings.name or ''} {inv.settings.year}",
                           "author": "gpc", "created": created})
        f_head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DCE6F1",
                                "border": 1})
        f_label = wb.add_format({"text_wrap": True, "valign": "top"})
        f_text = wb.add_format({"valign": "top"})
        f_total = wb.add_format({"bold": True, "num_format": "#,##0.00"})
        f_num = wb.add_format({"num_format": "#,##0.00"})
        f_gen = wb.add_format({"num_format": "General", "align": "left", "valign": "top"})
        f_int = wb.add_format({"num_format": "0", "align": "left", "valign": "top"})
        f_pop = wb.add_format({"num_format": "#,##0", "align": "left", "valign": "top"})
        sheets = {name: wb.add_worksheet(name) for name in SHEETS}
        merged: dict[tuple[str, str], str] = {}
        for c in cells:
            if c.kind == "merge":
                merged[(c.sheet, c.cell.split(":")[0])] = c.cell
        total_rows = {(c.sheet, int(c.cell[1:])) for c in cells
                      if c.sheet == "eCRF_2" and c.kind == "label" and c.cell.startswith("A")
                      and c.text.startswith("Total")}
        heights: dict[tuple[str, int], int] = {("eCRF_2", 1): 45, ("eCRF_2", 2): 30, ("eCRF_3", 0): 45}
        for c in cells:
            ws = sheets[c.sheet]
            if c.kind == "width":
                col = _col_index(c.cell)
                ws.set_column(col, col, float(c.text))
                continue
            if c.kind == "merge":
                continue
            r, col = _cell_index(c.cell)
            if c.kind == "label":
                v: Any = c.text
                if "\n" in v:
                    heights[(c.sheet, r)] = max(heights.get((c.sheet, r), 15), 15 * (1 + v.count("\n")))
                head = (c.sheet == "eCRF_3" and r == 0) or (c.sheet == "eCRF_2" and r <= 2)
                fmt = f_head if head else f_label
            elif c.kind == "setting":
                v = _setting(inv, c.quantity, created)
                fmt = f_int if c.quantity == "year" else f_pop if c.quantity == "population" else f_gen
            else:
                v = vals.value(c)
                if v is None and c.text:
                    v = c.text
                if isinstance(v, float):
                    fmt = f_total if (c.sheet, r + 1) in total_rows else f_num
                else:
                    fmt = f_text if c.sheet == "eCRF_3" else f_label
                    if c.sheet == "eCRF_2" and isinstance(v, str) and len(v) > 45:
                        heights[(c.sheet, r)] = max(heights.get((c.sheet, r), 15), 15 * (1 + len(v) // 45))
            key = (c.sheet, c.cell)
            if key in merged:
                ws.merge_range(merged[key], "", fmt)
            _write(ws, r, col, v, fmt)
        for (sheet, r), height in heights.items():
            sheets[sheet].set_row(r, height)
        sheets["eCRF_2"].freeze_panes(3, 1)
        sheets["eCRF_3"].freeze_panes(1, 2)
        for name, ws in sheets.items():
            ws.set_landscape()
            if name == "eCRF_3":        # 33 columns: A3, three pages wide, GPC ref and header repeated
                ws.set_paper(8)
                ws.fit_to_pages(3, 0)
                ws.repeat_rows(0)
                ws.repeat_columns(0, 1)
            else:
                ws.set_paper(9)
                ws.fit_to_pages(1, 0)
        wb.close()
    return path


def _write(ws: Any, r: int, c: int, v: Any, fmt: Any) -> None:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        ws.write_blank(r, c, None, fmt)
    elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        ws.write_number(r, c, float(v), fmt)
    else:
        ws.write_string(r, c, str(v), fmt)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _cell_index(cell: str) -> tuple[int, int]:
    m = re.match(r"^([A-Z]+)(\d+)$", cell)
    if not m:
        raise ValueError(f"not a cell: {cell!r}")
    return int(m.group(2)) - 1, _col_index(m.group(1))


# ----------------------------------------------------------------------------------------- read
def read_ecrf(path: str | Path) -> dict[str, Any]:
    """Read an eCRF workbook back: ``{"cells": {(sheet, cell): value}, "rows": DataFrame}``.

    ``rows`` has one line per GPC reference number of eCRF_3 (its first line for I.4.4) with ``co2e``,
    ``co2e:CO2``, ``co2e:CH4``, ``co2e:N2O``, ``co2_biogenic`` and ``notation_key``; ``cells`` holds every
    non-empty cell of the three sheets.
    """
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells: dict[tuple[str, str], Any] = {}
    for name in SHEETS:
        for row in wb[name].iter_rows():
            for c in row:
                if c.value is not None and hasattr(c, "coordinate"):
                    cells[(name, c.coordinate)] = c.value
    wb.close()
    col: dict[str, str] = {}
    for cell in layout():
        if cell.sheet == "eCRF_3" and cell.kind == "value":
            col.setdefault(cell.quantity, cell.cell.rstrip("0123456789"))
    recs = []
    seen: set[str] = set()
    r = 2
    while ("eCRF_3", f"C{r}") in cells:
        ref = cells.get(("eCRF_3", f"B{r}"))
        if ref and ref not in seen:
            seen.add(ref)
            recs.append({"gpc_ref": ref, **{q: cells.get(("eCRF_3", f"{letter}{r}"))
                                            for q, letter in col.items()
                                            if q.startswith("co2") or q == "notation_key"}})
        r += 1
    return {"cells": cells, "rows": pd.DataFrame(recs)}
