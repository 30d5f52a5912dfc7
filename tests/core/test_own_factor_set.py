"""A user's own factor set in a folder of their own, falling back to ipcc2006."""

import pandas as pd
import pytest

import gpc


def test_own_factor_set_folder(tmp_path):
    d = tmp_path / "myset"
    d.mkdir()
    (d / "_set.yaml").write_text("id: myset\ntitle: my city's measured factors\nfallback: ipcc2006\n")
    (d / "fuel_properties.csv").write_text(
        "fuel,parameter,value,unit,table,source,efdb_id,verified\n"
        "natural_gas,co2_ef,55000,kg/TJ,,utility lab analysis 2023,,V\n")
    (d / "fuel_properties.yaml").write_text(
        "title: measured\nsources: [lab]\nprimary_key: [fuel, parameter]\ncolumns: {}\n")
    rows = pd.DataFrame([{"gpc_ref": "I.1.1", "activity": "natural_gas", "amount": 10, "unit": "t"}])
    inv = gpc.calculate(rows, city={"year": 2023}, factors=str(d))
    e = inv.emissions.set_index("gas")
    # CO2 from the own set: 10 t × 48.0 GJ/t (IPCC NCV, from the fallback) × 55 000 kg/TJ
    assert e.loc["CO2", "emissions_t"] == pytest.approx(0.48 * 55_000 / 1000, rel=1e-12)
    assert e.loc["CO2", "factor_source"] == "utility lab analysis 2023"
    # CH4 still IPCC 2006 Table 2.5: 0.48 TJ × 5 kg/TJ
    assert e.loc["CH4", "emissions_t"] == pytest.approx(0.48 * 5 / 1000, rel=1e-12)
