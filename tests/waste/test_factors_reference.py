"""The shipped waste factors agree with the maintainers' reference data (IPCC EFDB export and the
IPCC 2006 Vol. 5 defaults sheet).

The reference files live beside the repository (``../shared/reference``); users do not have them, so
the module is skipped where they are absent.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO.parent / "shared" / "reference"
EFDB_XLSX = REFERENCE / "ipcc_efdb_2006_export.xlsx"
DEFAULTS_CSV = REFERENCE / "ipcc2006_v5_waste_defaults.csv"
SETS = ("ipcc2006", "ipcc2019_waste")

pytestmark = pytest.mark.skipif(not EFDB_XLSX.exists(), reason="reference data (../shared/reference) not present")

_COMPOSITION_NAMES = {"food waste": "food", "paper and cardboard": "paper", "wood": "wood", "textiles": "textiles",
                      "rubber and leather": "rubber_leather", "plastics": "plastics", "metal": "metal",
                      "glass (and pottery and china)": "glass", "other": "other_inert"}


@pytest.fixture(scope="module")
def efdb():
    pd = pytest.importorskip("pandas")
    df = pd.read_excel(EFDB_XLSX, engine="calamine")
    return {str(int(i)): r for i, r in zip(df["EF ID"], df.to_dict("records"))}


def _waste_rows():
    for set_id in SETS:
        for path in sorted((REPO / "emission_factors" / set_id).glob("waste_*.csv")):
            with path.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    if row.get("efdb_id"):
                        yield path.stem, row


def _efdb_number(text: object, unit: object) -> float | None:
    s = str(text).strip().lstrip("~")
    try:
        x = float(s)
    except ValueError:
        return None
    return x / 100 if "%" in str(unit) else x


def test_values_match_the_efdb(efdb):
    checked = 0
    for table, row in _waste_rows():
        ref = efdb.get(row["efdb_id"])
        assert ref is not None, (table, row["efdb_id"])
        if table == "waste_msw_composition":
            parts = dict(p.split("=") for p in str(ref["Value"]).replace("11.3 wood", "11.3, wood").split(","))
            shares = {_COMPOSITION_NAMES[k.strip()]: v.strip() for k, v in parts.items()}
            assert float(shares[row["component"]]) / 100 == pytest.approx(float(row["value"]), rel=1e-9)
            checked += 1
            continue
        expected = _efdb_number(ref["Value"], ref["Unit"])
        if expected is None or (isinstance(ref["Value"], float) and math.isnan(ref["Value"])):
            assert float(row["value"]) == 0 and "negligible" in row["note"], (table, row)  # AD N2O
            continue
        assert float(row["value"]) == pytest.approx(expected, rel=1e-9, abs=1e-12), (table, row["efdb_id"])
        checked += 1
    assert checked > 150


def test_2006_defaults_sheet_values():
    """Spot checks against the maintainers' IPCC 2006 Vol. 5 defaults sheet (values as printed there)."""
    with DEFAULTS_CSV.open(encoding="utf-8") as fh:
        ref = list(csv.DictReader(fh))

    def find(parameter: str, item: str) -> str:
        return next(r["value"] for r in ref if r["parameter"] == parameter and r["item"] == item)

    def shipped(table: str, **key: str) -> float:
        with (REPO / "emission_factors" / "ipcc2006" / f"{table}.csv").open(encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if all(r[k] == v for k, v in key.items())]
        assert len(rows) == 1, (table, key)
        return float(rows[0]["value"])

    assert shipped("waste_doc", component="food") == float(find("DOC (wet)", "food waste"))
    assert shipped("waste_docf", component="food") == float(find("DOCf", "all"))
    assert shipped("waste_mcf_swds", site_type="uncategorised") == float(find("MCF", "uncategorised SWDS"))
    assert shipped("waste_decay_rate", climate_zone="tropical_wet", decay_class="food_sewage_sludge") == float(
        find("k", "tropical moist/wet: food/sewage sludge"))
    assert shipped("waste_swds_parameters", parameter="methane_fraction") == float(find("F", "landfill gas CH4 fraction"))
    # biological: the defaults sheet gives "dry / wet"; the printed 2006 wet values are kept as printed_value
    comp_n2o = find("composting", "N2O dry / wet").split("/")
    assert shipped("waste_biological_ef", treatment="composting", basis="wet", gas="N2O") == float(comp_n2o[1])
    ad_ch4 = find("anaerobic digestion", "CH4 dry / wet").split("/")
    assert shipped("waste_biological_ef", treatment="anaerobic_digestion", basis="wet", gas="CH4") == float(ad_ch4[1])
    assert shipped("waste_incineration_ef", practice="open_burning", technology="", gas="CH4") == float(
        find("open burning CH4", "MSW"))
    assert shipped("waste_wastewater_parameters", parameter="ef_effluent") == float(find("wastewater N2O", "EF_EFFLUENT"))
    lat = [float(x) for x in re.split(r"\s*/\s*", find(
        "wastewater", "MCF latrine dry climate small family / communal / wet climate / regular sediment removal"))]
    for treatment, value in zip(("latrine_dry_family", "latrine_dry_communal", "latrine_wet",
                                 "latrine_sediment_removal"), lat):
        assert shipped("waste_wastewater_mcf", system="domestic", treatment=treatment) == value
