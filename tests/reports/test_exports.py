"""CDP-ICLEI summary, CIRIS-style table, CSV and JSON: each written, read back, and the numbers found in
the same GPC rows as worked out by hand (conftest)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from gpc.reports import cdp, ciris, flat

from .conftest import BASIC, BASIC_PLUS, BY_REF, I11, TERRITORIAL

# key → (scope 1, scope 2, scope 3, total); None = no GPC row of that scope
CDP_EXPECTED = {
    "I": (I11, 500, 0, I11 + 500),
    "I.4.4": (1_000, None, None, 1_000),
    "II": (200, 0, 30, 230),
    "III.in": (0, None, 140, 140),
    "III.out": (280, None, None, 280),
    "IV": (300, None, None, 300),
    "V": (0, None, None, 0),
    "VI": (None, None, 0, 0),
    "BASIC": (I11 + 200, 500, 140, BASIC),
    "BASIC+": (I11 + 200 + 300, 500, 170, BASIC_PLUS),
    "territorial": (TERRITORIAL, None, None, TERRITORIAL),
}


def _check_cdp(df: pd.DataFrame) -> None:
    df = df.set_index("key")
    assert list(df.index) == list(CDP_EXPECTED)
    for key, values in CDP_EXPECTED.items():
        for col, want in zip(("scope_1", "scope_2", "scope_3", "total"), values):
            got = df.loc[key, col]
            if want is None:
                assert pd.isna(got), (key, col)
            else:
                assert float(got) == pytest.approx(want), (key, col)


def test_cdp_summary_by_hand(small_inv):
    _check_cdp(cdp.summary_rows(small_inv))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_cdp_round_trip(small_inv, tmp_path, suffix):
    out = small_inv.to_cdp(tmp_path / f"cdp{suffix}")
    _check_cdp(cdp.read_cdp(out))


def test_cdp_subsectors(small_inv):
    sub = cdp.subsector_rows(small_inv).set_index("subsector_ref")
    assert sub.loc["I.1", ["scope_1", "scope_2", "scope_3"]].tolist() == pytest.approx([I11, 500, 0])
    assert sub.loc["III.1", "scope_1"] == pytest.approx(280)       # III.1.1 + III.1.3
    assert math.isnan(sub.loc["III.1", "scope_2"])
    assert sub.loc["I.7", "notation_keys"] == "I.7.1 NO"


def _check_ciris(df: pd.DataFrame) -> None:
    by_ref = df.groupby("gpc_ref")["co2e_t"].sum()
    for ref, value in BY_REF.items():
        assert by_ref[ref] == pytest.approx(value), ref
    gas = df[df["gpc_ref"] == "I.1.1"].iloc[0]
    assert gas["CO2_t"] == pytest.approx(5_610)
    assert gas["CH4_t"] == pytest.approx(0.5)
    assert gas["N2O_t"] == pytest.approx(0.01)
    assert gas["ef_CO2"] == pytest.approx(56_100) and gas["ef_unit"] == "kg/TJ"
    assert gas["amount"] == 100 and gas["unit"] == "TJ"
    nk = df[df["gpc_ref"] == "I.7.1"].iloc[0]
    assert nk["notation_key"] == "NO" and nk["explanation"] == "no coal mines"


def test_ciris_one_line_per_record(small_inv):
    t = ciris.ciris_table(small_inv)
    assert len(t) == 8 + 2               # 8 input rows with emissions, 2 notation keys
    assert list(t.columns) == list(ciris.COLUMNS)
    _check_ciris(t)
    assert t["gpc_ref"].tolist()[:3] == ["I.1.1", "I.1.2", "I.4.4"]    # GPC order


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_ciris_round_trip(small_inv, tmp_path, suffix):
    out = small_inv.to_ciris(tmp_path / f"ciris{suffix}")
    _check_ciris(ciris.read_ciris(out))


def test_csv_round_trip(small_inv, tmp_path):
    out = small_inv.to_csv(tmp_path / "emissions.csv")
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"       # BOM, for Excel
    back = pd.read_csv(out, encoding="utf-8-sig")
    assert len(back) == len(small_inv.emissions)
    by_ref = back[~back["biogenic"]].groupby("gpc_ref")["co2e_t"].sum()
    for ref, value in BY_REF.items():
        assert by_ref[ref] == pytest.approx(value), ref
    assert "燃气公司" in out.read_text(encoding="utf-8-sig")
    summ = pd.read_csv(small_inv.to_csv(tmp_path / "summary.csv", table="summary"), encoding="utf-8-sig",
                       keep_default_na=False, na_values=[""])
    assert len(summ) == 53
    assert summ.set_index("gpc_ref").loc["I.7.1", "notation_key"] == "NO"


def test_json_round_trip(small_inv, tmp_path):
    out = small_inv.to_json(tmp_path / "inv.json")
    text = out.read_text(encoding="utf-8")
    assert "NaN" not in text and "燃气公司" in text
    doc = flat.read_json(out)
    assert doc["meta"]["year"] == 2023 and doc["meta"]["gwp"] == "AR5"
    assert doc["meta"]["totals_t_co2e"]["BASIC"] == pytest.approx(BASIC)
    assert doc["meta"]["totals_t_co2e"]["BASIC+"] == pytest.approx(BASIC_PLUS)
    s = doc["summary"]
    for ref, value in BY_REF.items():
        assert s.loc[ref, "co2e_t"] == pytest.approx(value), ref
    assert s.loc["I.1.1", "CO2"] == pytest.approx(5_610)
    assert s.loc["I.8.1", "notation_key"] == "NE" and pd.isna(s.loc["I.8.1", "co2e_t"])
    assert next(r for r in raw_summary(text) if r["gpc_ref"] == "I.8.1")["co2e_t"] is None
    assert len(doc["emissions"]) == len(small_inv.emissions)
    raw = json.loads(text)
    assert raw["format"] == "gpc-inventory" and raw["version"] == 1


def test_unknown_csv_table(small_inv, tmp_path):
    with pytest.raises(ValueError, match="unknown table"):
        small_inv.to_csv(tmp_path / "x.csv", table="nope")
    assert not (tmp_path / "x.csv").exists()


def raw_summary(text: str) -> list[dict]:
    return json.loads(text)["summary"]
