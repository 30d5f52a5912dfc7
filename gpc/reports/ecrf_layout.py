"""The layout of the GCoM Common Reporting Framework workbook (eCRF): what each cell of eCRF_1, eCRF_2
and eCRF_3 holds.

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

from gpc import taxonomy

__all__ = ["Cell", "layout", "layout_from_template", "write_layout", "FIXES", "SHEETS", "WASTE_DIRECT_EXTRA"]

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
    add = _ecrf1_additions(have) + _ecrf2_additions(have)
    out, add3 = _ecrf3_additions(cells)
    return sorted(out + add + add3, key=_order)


def _ecrf1_additions(have: set[tuple[str, str]]) -> list[Cell]:
    """eCRF_1: the answers of :data:`_ECRF1_EXTRA` the template has no placeholder for."""
    return [Cell("eCRF_1", cell, "setting", (), field) for cell, field in _ECRF1_EXTRA.items()
            if ("eCRF_1", cell) not in have]


def _ecrf2_additions(have: set[tuple[str, str]]) -> list[Cell]:
    """eCRF_2: the waste rows' direct column also takes III.x.3 (see WASTE_DIRECT_EXTRA); rows without a
    row of their own (energy industries' own use, non-specified) are named in a note on the total row;
    generation of grid-supplied energy (I.4.4) and the totals without it."""
    add: list[Cell] = []
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
    return add


def _ecrf3_additions(cells: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    """eCRF_3: the factor's data quality and biogenic CO2 (columns the template names but leaves empty);
    the three I.4.4 rows: gpc does not split generation by plant type, so all of I.4.4 is on the
    first and the other two say IE; VI.1 reported when the template only says NE. Returns the cells kept
    (with the I.4.4 labels) and the cells added."""
    add: list[Cell] = []
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
    return out, add


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
