"""Write the small eCRF workbooks the import tests (and docs/import.md) use, as real xlsx files (openpyxl).

``python tests/import_/make_ecrf_fixture.py OUT_DIR`` writes ``small_ecrf.xlsx`` (GCoM layout: eCRF_1 cover,
eCRF_3 detailed rows, header in row 1), ``messy_ecrf.xlsx`` (the same rows under two title rows and a
two-row header with merged group titles, other column order, renamed gas columns, an extra column) and
``bad_ecrf.xlsx`` (faults the reader must locate).

Every number is chosen so the arithmetic can be checked by hand (GWP AR5: CH4 28, N2O 265, IPCC AR5 WG1
Ch. 8 Table 8.7). ROWS lists them with what the reconciliation must say.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

COVER = [
    ("Type", "BASIC"),
    ("Name of city", "Testville"),
    ("Country", "Testland"),
    ("Region", None),
    ("City ID (GeoNames)", None),
    ("City coordinate", None),
    ("Inventory year", 2022),
    ("Geographic boundary", "Administrative boundary"),
    ("Heating degree days (HDD, °C)", None),
    ("Cooling degree days (CDD, °C)", None),
    ("Land area (km2) within city boundary", 120),
    ("Resident population within city boundary", 250000),
    ("GDP (US$) of economic activity within city  boundary", 5e9),
    ("Type of economy", None),
    ("Climate", None),
    ("Other information", None),
    ("Inventory tool used", "hand-made test file"),
    ("GPC reporting level", "BASIC"),
    ("Greenhouse gases included in inventory", "CO2, CH4, N2O"),
    ("Global Warming Potential ", "IPCC AR5 (100-year)"),
]

HEADER = ["Inventory year", "GPC ref. no.", "CRF - Sector", "CRF - Sub-sector", "Scope", "Fuel type or activity",
          "Notation key", "Activity data - Amount", "Activity data - Unit",
          "Activity data - Description and Methodology", "Activity data - Source", "Activity data - Data Quality",
          "Emission factor - Unit", "Emission factor - CO2", "Emission factor - CH4", "Emission factor - N2O",
          "GHGs (metric tonnes CO2e) - CO2", "GHGs (metric tonnes CO2e) - CH4", "GHGs (metric tonnes CO2e) - N2O",
          "GHGs (metric tonnes CO2e) - Total CO2e", "GHGs (metric tonnes CO2e) - Biogenic CO2"]

# (ref, sector, sub-sector, scope, activity, key, amount, unit, method, source, quality, ef unit,
#  ef CO2, ef CH4, ef N2O, t CO2e CO2, CH4, N2O, total, biogenic)
ROWS = [
    # row 2: 100 TJ natural gas: CO2 100×56.1 = 5610; CH4 100×0.005×28 = 14; N2O 100×0.0001×265 = 2.65;
    # total 5626.65 → reproduces
    ("I.1.1", "Stationary Energy", "Residential buildings", 1, "Natural gas", None, 100, "TJ",
     "Gas sales to households", "Gas utility", "H", "t/TJ", 56.1, 0.005, 0.0001, 5610, 14, 2.65, 5626.65, None),
    # row 3: 1,000 MWh (typed as text "1,000.0") × 0.5 t CO2/MWh = 500 → reproduces
    ("I.1.2", "Stationary Energy", "Residential buildings", 2, "Electricity", None, "1,000.0", "MWh",
     "Grid sales to households", "Grid company", "H", "t CO2/MWh", 0.5, None, None, 500, None, None, 500, None),
    # row 4: diesel 100 TJ: CO2 100×74.1 = 7410; CH4 100×0.003 = 0.3 t of CH4 reported as "CO2e"
    # (recomputed 100×0.003×28 = 8.4) → gas mass labelled CO2e, ratio 0.3/8.4 = 1/28
    ("I.2.1", "Stationary Energy", "Commercial and institutional buildings and facilities", 1, "Diesel", None,
     100, "TJ", "Generators", "Survey", "M", "t/TJ", 74.1, 0.003, None, 7410, 0.3, None, 7410.3, None),
    # row 5: natural gas 200 TJ: CO2 200×56.1 = 11220; CH4 200×0.001×25 = 5 with AR4's 25 (cover: AR5, 28 →
    # recomputed 5.6) → GWP set, ratio 25/28
    ("I.3.1", "Stationary Energy", "Manufacturing industries and construction", 1, "Natural gas", None, 200, "TJ",
     "Industrial survey", "Statistics office", "M", "t/TJ", 56.1, 0.001, None, 11220, 5, None, 11225, None),
    # row 6: 2,000 MWh × 0.4 = 800, right arithmetic but grid electricity in the scope-1 row I.2.1
    ("I.2.1", "Stationary Energy", "Commercial and institutional buildings and facilities", 1, "Electricity", None,
     2000, "MWh", "Offices", "Grid company", "H", "t/MWh", 0.4, None, None, 800, None, None, 800, None),
    # row 7: gasoline 50 TJ × 69.3 = 3465 t, reported 3,465,000 (kg typed as t) → unit slip, ratio 1000
    ("II.1.1", "Transportation", "On-road transportation", 1, "Motor gasoline", None, 50, "TJ", "Fuel sales",
     "Fuel retailers", "M", "t/TJ", 69.3, None, None, 3465000, None, None, 3465000, None),
    # row 8: no GPC ref: "On-road > Other", scope 1 → II.1.1; diesel "10" (text) TJ × 74.1 = 741 → reproduces
    (None, "Transportation", "On-road > Other", 1, "Diesel", None, "10", "TJ", "Buses", "Bus company", "H",
     "t/TJ", 74.1, None, None, 741, None, None, 741, None),
    # row 9: landfill CH4 reported without activity: 2800 t CO2e → direct entry 2800/28 = 100 t CH4
    ("III.1.1", "Waste", "Solid waste disposal", 1, "Municipal solid waste", None, None, None, "FOD model",
     "Waste department", "L", None, None, None, None, None, 2800, None, 2800, None),
    # row 10: notation key NO with its explanation in the methodology column
    ("I.4.1", "Stationary Energy", "Energy industries", 1, None, "NO", None, None,
     "No power plant in the city", None, None, None, None, None, None, None, None, None, None, None),
    # row 11: NE typed in the CO2 column
    ("IV.1", "IPPU", "Industrial processes", 1, None, None, None, None, "Not estimated: no data", None, None,
     None, None, None, None, "NE", None, None, None, None),
    # row 12: "NA" (not applicable) → read as NO, said in the note
    ("V.1", "AFOLU", "Livestock", 1, None, "NA", None, None, "No livestock", None, None, None, None, None, None,
     None, None, None, None, None),
    # row 13: product use, total only (HFCs): 1000 t CO2e → direct CO2e
    ("IV.2", "IPPU", "Product use", 1, "Refrigerants", None, None, None, "Refrigerant sales", "Survey", "L", None,
     None, None, None, None, None, None, 1000, None),
]
#: every row's reported total (t CO2e): the file's own total, which the imported workbook reproduces
FILE_TOTAL = 5626.65 + 500 + 7410.3 + 11225 + 800 + 3465000 + 741 + 2800 + 1000


def _cover(wb: openpyxl.Workbook) -> None:
    ws = wb.active
    ws.title = "eCRF_1"
    for i, (label, value) in enumerate(COVER, start=1):
        ws.cell(i, 2, label)
        if value is not None:
            ws.cell(i, 3, value)


def write_small(path: Path) -> Path:
    wb = openpyxl.Workbook()
    _cover(wb)
    ws = wb.create_sheet("eCRF_3")
    ws.append(HEADER)
    for r in ROWS:
        ws.append([2022, *r])
    wb.save(path)
    return path


#: the messy layout: (group title, sub-header, index into a ROWS tuple)
_MESSY = [
    ("GPC ref. no.", None, 0), ("Sector", None, 1), ("Sub-sector", None, 2), ("Scope", None, 3),
    ("Activity type", None, 4),
    ("Emission factor", "Unit", 11), ("Emission factor", "CO2", 12), ("Emission factor", "CH4", 13),
    ("Emission factor", "N2O", 14),
    ("Activity data", "Amount", 6), ("Activity data", "Unit", 7), ("Activity data", "Methodology", 8),
    ("Activity data", "Source", 9),
    ("Comments", None, None),
    ("Emissions (tCO2e)", "Carbon dioxide", 15), ("Emissions (tCO2e)", "Methane", 16),
    ("Emissions (tCO2e)", "Nitrous oxide", 17), ("Emissions (tCO2e)", "Total", 18),
    ("Notation keys", None, 5),
]


def write_messy(path: Path) -> Path:
    wb = openpyxl.Workbook()
    _cover(wb)
    ws = wb.create_sheet("Emissions detail")
    ws.cell(1, 1, "Testville GHG inventory 2022 — detailed emissions")
    groups: dict[str, list[int]] = {}
    for j, (group, sub, _) in enumerate(_MESSY, start=1):
        if sub is None:
            ws.cell(3, j, group)
            ws.merge_cells(start_row=3, start_column=j, end_row=4, end_column=j)
        else:
            groups.setdefault(group, []).append(j)
            ws.cell(4, j, sub)
    for group, cols in groups.items():
        ws.cell(3, cols[0], group)
        ws.merge_cells(start_row=3, start_column=cols[0], end_row=3, end_column=cols[-1])
    for i, r in enumerate(ROWS, start=5):
        for j, (_, _, k) in enumerate(_MESSY, start=1):
            v = r[k] if k is not None else ("check" if i == 6 else None)
            if v is not None:
                ws.cell(i, j, v)
    wb.save(path)
    return path


def write_bad(path: Path) -> Path:
    """Text in number cells, an ambiguous decimal comma, an unknown GPC reference, conflicting keys."""
    wb = openpyxl.Workbook()
    _cover(wb)
    ws = wb.create_sheet("eCRF_3")
    ws.append(HEADER)
    bad = [list(r) for r in ROWS[:3]]
    bad[0][6] = "about 100"                  # row 2, amount: text
    bad[1][15] = "12,5"                      # row 3, CO2: decimal comma or thousands?
    bad[2][0] = "I.9.9"                      # row 4: unknown GPC reference
    bad.append(["I.7.1", "Stationary Energy", "Fugitive", 1, None, "NO"] + [None] * 14)   # row 5
    bad.append(["I.7.1", "Stationary Energy", "Fugitive", 1, None, "NE"] + [None] * 14)   # row 6
    for r in bad:
        ws.append([2022, *r])
    wb.save(path)
    return path


def write_no_detail(path: Path) -> Path:
    wb = openpyxl.Workbook()
    _cover(wb)
    wb.save(path)
    return path


if __name__ == "__main__":  # pragma: no cover
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    for name, fn in (("small_ecrf.xlsx", write_small), ("messy_ecrf.xlsx", write_messy),
                     ("bad_ecrf.xlsx", write_bad)):
        print(fn(out / name))
