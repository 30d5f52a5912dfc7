"""The shipped IPCC 2006 factors agree with the IPCC Emission Factor Database (EFDB) rows they cite.

Energy tables (``ENERGY_TABLES`` below, whichever of them exist): for every row with an EF ID (several IDs
'|'- or ';'-separated), the EFDB row with that ID must exist, be a 2006 IPCC default, be for the row's gas
where the table has a ``gas`` column, and hold the shipped value (within 1e-9 relative, after converting the
shipped unit to the EFDB unit where both are units gpc knows). The check is generic: it needs only the
``efdb_id`` and ``value`` columns (``unit`` and ``gas`` are used when present).

Every other CSV of the set with an ``efdb_id`` column: each cited EF ID must exist in the export. Their IDs
may name the source of a derived value (e.g. an IPPU factor computed from an EFDB fuel requirement), so the
value itself is not compared there; add a table to ENERGY_TABLES once its IDs name rows of equal value.

The EFDB export is maintainers' reference data kept beside the repository
(``../shared/reference/ipcc_efdb_2006_export.xlsx``); users do not have it, so the module is skipped where it
is absent. It is read once per module (about 1 s).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
EFDB_XLSX = REPO.parent / "shared" / "reference" / "ipcc_efdb_2006_export.xlsx"
FACTOR_DIR = REPO / "emission_factors" / "ipcc2006"

if not EFDB_XLSX.exists():
    pytest.skip(f"EFDB export not found at {EFDB_XLSX}", allow_module_level=True)

#: Tables whose efdb_id names an EFDB row holding the very value shipped.
ENERGY_TABLES = (
    "fuel_properties.csv",
    "stationary_combustion.csv",
    "mobile_combustion.csv",
)
GAS_NAMES = {"CO2": "CARBON DIOXIDE", "CH4": "METHANE", "N2O": "NITROUS OXIDE"}
EFDB_COLUMNS = [
    "EF ID",
    "IPCC 2006 Source/Sink Category",
    "Gas",
    "Fuel 2006",
    "Type of parameter",
    "Value",
    "Unit",
]
_NUMBER = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)")


def _tables_with_ids() -> tuple[list[Path], list[Path]]:
    energy, other = [], []
    for path in sorted(FACTOR_DIR.glob("*.csv")):
        header = pd.read_csv(path, nrows=0).columns
        if "efdb_id" not in header:
            continue
        if path.name in ENERGY_TABLES and "value" in header:
            energy.append(path)
        else:
            other.append(path)
    return energy, other


ENERGY_CSVS, OTHER_CSVS = _tables_with_ids()


@pytest.fixture(scope="module")
def efdb() -> pd.DataFrame:
    """The EFDB export indexed by EF ID; ``val`` is the value, or the leading number of '310 (130-510)'."""
    df = pd.read_excel(EFDB_XLSX, engine="calamine", usecols=EFDB_COLUMNS)
    df["EF ID"] = pd.to_numeric(df["EF ID"], errors="coerce")
    df = df.dropna(subset=["EF ID"])
    df["EF ID"] = df["EF ID"].astype("int64")
    df["val"] = pd.to_numeric(df["Value"], errors="coerce")
    leading = df["Value"].astype(str).str.extract(_NUMBER, expand=False)
    df["val"] = df["val"].fillna(pd.to_numeric(leading, errors="coerce"))
    df["category"] = df["IPCC 2006 Source/Sink Category"].fillna("").astype(str)
    assert df["EF ID"].is_unique
    return df.set_index("EF ID")


def _ids(cell: str) -> list[int]:
    return [int(float(part)) for part in re.split(r"[|;,]", cell) if part.strip()]


def _factor(unit: str, efdb_unit: str) -> float:
    """Factor turning a value in the shipped unit into the EFDB unit; 1 where either is not a known unit."""
    from gpc.units import UnitParseError, factor_to

    try:
        return factor_to(unit, efdb_unit)
    except UnitParseError:  # an EFDB unit such as 'fraction' or 'GJ[NCV]/tonne NH3' that gpc does not parse
        return 1.0


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("path", ENERGY_CSVS, ids=lambda p: p.name)
def test_energy_values_equal_the_efdb_rows_they_cite(path: Path, efdb: pd.DataFrame) -> None:
    table = _read(path)
    problems: list[str] = []
    for i, row in table.iterrows():
        if not row["efdb_id"].strip():
            continue
        where = f"{path.name} line {i + 2}"
        try:
            ids = _ids(row["efdb_id"])
            shipped = float(row["value"])
        except ValueError:
            problems.append(f"{where}: efdb_id {row['efdb_id']!r} or value {row['value']!r} is not numeric")
            continue
        for ef_id in ids:
            if ef_id not in efdb.index:
                problems.append(f"{where}: EF ID {ef_id} is not in the EFDB export")
                continue
            ref = efdb.loc[ef_id]
            if "2006 IPCC default" not in str(ref["Type of parameter"]):
                problems.append(
                    f"{where}: EF ID {ef_id} is {ref['Type of parameter']!r}, not a 2006 IPCC default"
                )
            gas = row["gas"].strip() if "gas" in table.columns else ""
            if gas in GAS_NAMES and ref["Gas"] != GAS_NAMES[gas]:
                problems.append(f"{where}: EF ID {ef_id} is for {ref['Gas']}, the row for {gas}")
            if pd.isna(ref["val"]):
                problems.append(f"{where}: EF ID {ef_id} has no numeric value ({ref['Value']!r})")
                continue
            unit = row["unit"].strip() if "unit" in table.columns else ""
            factor = _factor(unit, str(ref["Unit"])) if unit else 1.0
            if not math.isclose(shipped * factor, float(ref["val"]), rel_tol=1e-9):
                problems.append(
                    f"{where}: value {row['value']} {unit} but EF ID {ef_id} holds {ref['Value']} {ref['Unit']}"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", OTHER_CSVS, ids=lambda p: p.name)
def test_cited_ef_ids_exist(path: Path, efdb: pd.DataFrame) -> None:
    table = _read(path)
    problems = []
    for i, cell in table["efdb_id"].items():
        if not cell.strip():
            continue
        try:
            missing = [ef_id for ef_id in _ids(cell) if ef_id not in efdb.index]
        except ValueError:
            problems.append(f"{path.name} line {i + 2}: efdb_id {cell!r} is not numeric")
            continue
        if missing:
            problems.append(f"{path.name} line {i + 2}: EF ID(s) {missing} not in the EFDB export")
    assert not problems, "\n".join(problems)


MOBILE = FACTOR_DIR / "mobile_combustion.csv"


@pytest.mark.skipif(not MOBILE.exists(), reason="mobile_combustion.csv not written yet")
def test_mobile_ids_are_mobile_categories(efdb: pd.DataFrame) -> None:
    """Mobile EF IDs point at 1.A.3 rows (off-road agriculture/forestry machinery: 1.A.4.c.ii)."""
    wrong = []
    for cell in _read(MOBILE)["efdb_id"]:
        for ef_id in _ids(cell):
            cat = efdb.loc[ef_id, "category"]
            if not cat.startswith(("1.A.3", "1.A.4.c.ii")):
                wrong.append(f"{ef_id}: {cat}")
    assert not wrong, wrong


@pytest.mark.skipif(not MOBILE.exists(), reason="mobile_combustion.csv not written yet")
def test_mobile_table_covers_every_efdb_mobile_default_per_tj(efdb: pd.DataFrame) -> None:
    """Every 2006-default CO2/CH4/N2O factor in kg/TJ that the EFDB files under a mobile category is shipped."""
    shipped = {ef_id for cell in _read(MOBILE)["efdb_id"] for ef_id in _ids(cell)}
    mobile = efdb[
        efdb["Type of parameter"].astype(str).str.contains("2006 IPCC default")
        & (efdb["category"].str.startswith("1.A.3") | efdb["category"].str.startswith("1.A.4.c.ii"))
        & efdb["Gas"].isin(list(GAS_NAMES.values()))
        & (efdb["Unit"].astype(str).str.lower() == "kg/tj")
    ]
    missing = sorted(set(mobile.index) - shipped)
    assert not missing, mobile.loc[missing, ["category", "Gas", "Fuel 2006", "Value"]].to_string()
