"""Round trip: a gpc inventory exported as eCRF (and as the CIRIS-style sheet), imported again, builds to the
same totals and the same CO2e per GPC row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gpc
from gpc.importers.ciris import import_ciris
from gpc.importers.ecrf import find_header, import_ecrf, write_import
from gpc.reports.ciris import write_ciris
from gpc.reports.ecrf import write_ecrf
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "example_city.xlsx"
TEMPLATE = SHARED / "reference" / "gcom_ecrf_template.xlsx"   # ../shared: the tests that need it skip where absent


def _by_ref(inv) -> pd.Series:  # type: ignore[no-untyped-def]
    e = inv.emissions
    return e[~e["biogenic"].astype(bool)].groupby("gpc_ref")["co2e_t"].sum()


def _biogenic(inv) -> float:  # type: ignore[no-untyped-def]
    e = inv.emissions
    return float(e.loc[e["biogenic"].astype(bool), "emissions_t"].sum())


def _same(orig, back) -> None:  # type: ignore[no-untyped-def]
    for total in ("BASIC", "BASIC+"):
        assert float(back.total(total)) == pytest.approx(float(orig.total(total)), rel=1e-9)
    a, b = _by_ref(orig), _by_ref(back)
    assert sorted(a.index) == sorted(b.index)
    np.testing.assert_allclose(b[a.index].to_numpy(), a.to_numpy(), rtol=1e-9, atol=1e-6)
    assert _biogenic(back) == pytest.approx(_biogenic(orig), rel=1e-9, abs=1e-6)
    keys_orig = set(orig.notation_keys["gpc_ref"]) - set(orig.emissions["gpc_ref"]) if len(orig.notation_keys) \
        else set()
    keys_back = set(back.notation_keys["gpc_ref"]) if len(back.notation_keys) else set()
    # every notation key comes back; gpc's eCRF export adds the template's fixed NE for VI.1 and for "local
    # renewable generation, direct emissions" (placed in I.4.4, generation of grid-supplied energy)
    assert keys_back - keys_orig <= {"VI.1", "I.4.4"}


def _ecrf_round_trip(orig, tmp: Path):  # type: ignore[no-untyped-def]
    write_ecrf(orig, tmp / "ecrf.xlsx")
    res = import_ecrf(tmp / "ecrf.xlsx")
    write_import(res, tmp / "activity.xlsx")
    return res, gpc.calculate(tmp / "activity.xlsx")


@pytest.fixture(scope="module")
def example():
    return gpc.calculate(EXAMPLE)


def test_example_city_ecrf(example, tmp_path):
    res, back = _ecrf_round_trip(example, tmp_path)
    _same(example, back)
    assert res.city["gwp"] == example.gwp and res.city["year"] == int(example.settings.year)
    # gpc's export reports T&D losses with the consumption as amount: the reconciliation says so
    rec = res.reconciliation
    td = rec[rec["gpc_ref"].str.match(r"^I+\.\d\.3$")]
    assert len(td) and set(td["cause"]) == {"td_losses"}


def test_example_city_ciris(example, tmp_path):
    write_ciris(example, tmp_path / "ciris.xlsx")
    res = import_ciris(tmp_path / "ciris.xlsx", year=int(example.settings.year), gwp=example.gwp)
    write_import(res, tmp_path / "activity.xlsx")
    _same(example, gpc.calculate(tmp_path / "activity.xlsx"))


FUELS = ("natural_gas", "gas_diesel_oil", "motor_gasoline", "other_bituminous_coal", "lpg")


def _random_inventory(seed: int):  # type: ignore[no-untyped-def]
    """A random activity table: fuels in I.x.1 / II.x.1, grid electricity in I.x.2 / II.x.2 with a row factor,
    direct entries in waste, IPPU and AFOLU (removals in V.2), notation keys."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(int(rng.integers(5, 25))):
        kind = rng.choice(["fuel", "grid", "direct", "key"], p=[0.45, 0.2, 0.25, 0.1])
        if kind == "fuel":
            ref = rng.choice(["I.1.1", "I.2.1", "I.3.1", "I.5.1", "II.1.1", "II.2.1", "II.5.1"])
            unit = rng.choice(["TJ", "GJ", "t", "MWh"])
            fuels = FUELS if ref.startswith("I.") else ("gas_diesel_oil",)
            rows.append({"gpc_ref": ref, "activity": rng.choice(fuels), "amount": float(rng.uniform(1, 1e4)),
                         "unit": unit})
        elif kind == "grid":
            ref = rng.choice(["I.1.2", "I.2.2", "I.3.2", "II.1.2", "II.2.2"])
            rows.append({"gpc_ref": ref, "activity": "grid_electricity", "amount": float(rng.uniform(1, 1e6)),
                         "unit": rng.choice(["MWh", "kWh", "GWh"]), "ef_co2": float(rng.uniform(0.2, 1.0)),
                         "ef_unit": "t/MWh"})
        elif kind == "direct":
            ref = rng.choice(["III.1.1", "III.4.1", "IV.1", "IV.2", "V.1", "V.2", "V.3", "I.8.1"])
            gas = rng.choice(["CO2", "CH4", "N2O"]) if ref != "V.2" else "CO2"
            amount = float(rng.uniform(0.1, 1e4)) * (-1 if ref == "V.2" else 1)
            rows.append({"gpc_ref": ref, "activity": "direct", "gas": gas, "amount": amount, "unit": "t"})
        else:
            ref = rng.choice(["I.4.1", "I.7.1", "II.4.1", "III.2.1", "III.3.1"])
            if any(r["gpc_ref"] == ref for r in rows):
                continue
            rows.append({"gpc_ref": ref, "notation_key": rng.choice(["NO", "NE"]), "explanation": "test"})
    df = pd.DataFrame(rows)
    return gpc.calculate(df, city={"year": 2020, "name": f"random {seed}", "gwp": rng.choice(["AR4", "AR5",
                                                                                              "AR6"])})


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_inventories(seed, tmp_path):
    orig = _random_inventory(seed)
    _, back = _ecrf_round_trip(orig, tmp_path)
    assert back.gwp == orig.gwp
    _same(orig, back)


@pytest.mark.skipif(not TEMPLATE.exists(), reason="the GCoM template is in ../shared only")
def test_gcom_template_header_is_found():
    import openpyxl

    ws = openpyxl.load_workbook(TEMPLATE)["eCRF_3"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    h = find_header(rows)
    assert h is not None and h.row == 0
    for f in ("gpc_ref", "sector", "subsector", "scope", "activity", "notation_key", "amount", "unit", "ef_unit",
              "ef_CO2", "ef_CH4", "ef_N2O", "t_CO2", "t_CH4", "t_N2O", "total", "co2_biogenic"):
        assert f in h.columns, f
    assert h.basis == {"t_CO2": "co2e", "t_CH4": "co2e", "t_N2O": "co2e"}


@pytest.mark.skipif(not TEMPLATE.exists(), reason="the GCoM template is in ../shared only")
def test_filled_gcom_template(tmp_path):
    """The GCoM template as a city fills it: unfilled {{placeholders}} and "Please select" read as empty."""
    import openpyxl

    wb = openpyxl.load_workbook(TEMPLATE)
    c1 = wb["eCRF_1"]
    c1["C2"], c1["C3"], c1["C7"], c1["C12"], c1["C20"] = "Templeton", "Nowhere", 2021, 80000, "IPCC AR4"
    c3 = wb["eCRF_3"]
    # row 2 = I.1.1: 100 TJ × (56.1 t CO2 + 0.005 t CH4 × 25 + 0.0001 t N2O × 298) = 5610 + 12.5 + 2.98
    for col, v in zip("FHIMNOPYZ", ("Natural gas", 100, "TJ", "t/TJ", 56.1, 0.005, 0.0001, 5610, 12.5)):
        c3[f"{col}2"] = v
    c3["AA2"], c3["AB2"] = 2.98, 5625.48
    c3["G26"], c3["J26"] = "NO", "no road vehicles"          # row 26 = II.1.1
    wb.save(tmp_path / "filled.xlsx")
    res = import_ecrf(tmp_path / "filled.xlsx")
    assert res.city == {"name": "Templeton", "country": "Nowhere", "year": 2021, "population": 80000.0,
                        "gwp": "AR4"}
    a = res.activity
    # the template's own NE cells (VI.1; local renewable generation, direct → I.4.4) come as notation keys
    assert list(a["gpc_ref"]) == ["I.1.1", "II.1.1", "I.4.4", "VI.1"]
    assert a.iloc[0]["activity"] == "natural_gas" and a.iloc[0]["ef_n2o"] == 0.0001
    assert list(a["notation_key"].iloc[1:]) == ["NO", "NE", "NE"]
    assert res.reconciliation.empty
    write_import(res, tmp_path / "activity.xlsx")
    inv = gpc.calculate(tmp_path / "activity.xlsx")
    assert float(inv.emissions["co2e_t"].sum()) == pytest.approx(5625.48)
