"""Chinese reporting views: categories add up to the right totals (written out by hand below)."""

from __future__ import annotations

import pandas as pd
import pytest

from gpc.reports.views_zh import VIEW_COLUMNS, key_areas_view, provincial_view, three_industries_view, view


def row(ref: str, scope: int, gas: str, t: float, co2e: float, activity: str = "", biogenic: bool = False) -> dict:
    return {"gpc_ref": ref, "scope": scope, "gas": gas, "emissions_t": t, "co2e_t": co2e, "biogenic": biogenic,
                "activity": activity, "gwp": "AR5"}


@pytest.fixture()
def emissions() -> pd.DataFrame:
    return pd.DataFrame([
        row("I.1.1", 1, "CO2", 100, 100, "natural_gas"),
        row("I.1.1", 1, "CH4", 1, 28, "natural_gas"),          # AR5: 1 t CH4 × 28
        row("I.1.2", 2, "CO2", 50, 50, "grid_electricity"),
        row("I.1.3", 3, "CO2", 5, 5, "grid_electricity"),      # T&D losses: BASIC+ only
        row("I.2.2", 2, "CO2", 20, 20, "district_heat"),
        row("I.3.1", 1, "CO2", 300, 300, "raw_coal"),
        row("I.3.1", 1, "N2O", 0.1, 26.5, "raw_coal"),         # AR5: 0.1 t N2O × 265
        row("I.4.4", 1, "CO2", 500, 500, "raw_coal"),          # territorial only
        row("I.5.1", 1, "CO2", 4, 4, "gas_diesel_oil"),
        row("II.1.1", 1, "CO2", 80, 80, "motor_gasoline"),
        row("II.2.2", 2, "CO2", 10, 10, "grid_electricity"),
        row("II.4.3", 3, "CO2", 60, 60, "jet_kerosene"),       # scope 3 aviation: BASIC+ only
        row("III.1.1", 1, "CH4", 2, 56, ""),
        row("III.1.2", 3, "CH4", 1, 28, ""),                   # generated inside, treated outside: BASIC
        row("III.3.1", 1, "CO2", 7, 7, "", biogenic=True),     # biogenic CO2: in no total
        row("IV.1", 1, "CO2", 40, 40, "clinker_production"),
        row("V.1", 1, "CH4", 0.5, 14, ""),
        row("V.2", 1, "CO2", -30, -30, ""),
        row("V.3", 1, "N2O", 0.02, 5.3, ""),
        row("VI.1", 3, "CO2", 9, 9, ""),                       # in no total
    ])


def co2e(v: pd.DataFrame, category: str) -> float:
    return float(v.loc[v["category"] == category, "co2e_t"].sum())


def test_provincial_view(emissions: pd.DataFrame) -> None:
    v = provincial_view(emissions)
    assert list(v.columns) == VIEW_COLUMNS + ["gwp"]
    assert co2e(v, "energy") == pytest.approx(100 + 28 + 300 + 26.5 + 500 + 4 + 80)
    assert co2e(v, "ippu") == pytest.approx(40)
    assert co2e(v, "agriculture") == pytest.approx(14 + 5.3)
    assert co2e(v, "lucf") == pytest.approx(-30)
    assert co2e(v, "waste") == pytest.approx(56)
    assert co2e(v, "electricity_memo") == pytest.approx(50 + 10)
    assert co2e(v, "heat_memo") == pytest.approx(20)
    assert co2e(v, "biogenic_memo") == pytest.approx(7)
    assert co2e(v, "other_memo") == pytest.approx(5 + 60 + 28 + 9)
    # the five sectors add up to the territorial total (all scope-1 rows, biogenic CO2 excluded)
    territorial = 100 + 28 + 300 + 26.5 + 500 + 4 + 80 + 56 + 40 + 14 - 30 + 5.3
    assert float(v.loc[~v["memo"], "co2e_t"].sum()) == pytest.approx(territorial)
    # nothing lost: view rows + memo lines = every emission row
    assert float(v["co2e_t"].sum()) == pytest.approx(float(emissions["co2e_t"].sum()))
    names = dict(zip(v["category"], v["name_zh"]))
    assert names["energy"] == "能源活动" and names["waste"] == "废弃物处理"
    assert names["electricity_memo"] == "电力调入调出间接排放"
    gases = v[v["category"] == "energy"].set_index("gas")["emissions_t"]
    assert gases["CO2"] == pytest.approx(100 + 300 + 500 + 4 + 80) and gases["CH4"] == pytest.approx(1)


def test_key_areas_basic_plus(emissions: pd.DataFrame) -> None:
    v = key_areas_view(emissions)  # BASIC+: I.x.1, I.x.2 (not I.4.4), I.x.3, II, III.x.1/2, IV, V
    assert co2e(v, "industry") == pytest.approx(300 + 26.5 + 40)
    assert co2e(v, "buildings") == pytest.approx(100 + 28 + 50 + 5 + 20)
    assert co2e(v, "transport") == pytest.approx(80 + 10 + 60)
    assert co2e(v, "waste") == pytest.approx(56 + 28)
    assert co2e(v, "agriculture") == pytest.approx(4 + 14 - 30 + 5.3)
    assert co2e(v, "other") == 0
    basic_plus = 100 + 28 + 50 + 5 + 20 + 300 + 26.5 + 4 + 80 + 10 + 60 + 56 + 28 + 40 + 14 - 30 + 5.3
    assert float(v["co2e_t"].sum()) == pytest.approx(basic_plus)
    assert not v["memo"].any()


def test_key_areas_basic(emissions: pd.DataFrame) -> None:
    v = key_areas_view(emissions, basis="BASIC")
    basic = 100 + 28 + 50 + 20 + 300 + 26.5 + 4 + 80 + 10 + 56 + 28
    assert float(v["co2e_t"].sum()) == pytest.approx(basic)
    assert co2e(v, "agriculture") == pytest.approx(4)  # AFOLU is not in BASIC


def test_three_industries(emissions: pd.DataFrame) -> None:
    v = three_industries_view(emissions)
    assert co2e(v, "primary") == pytest.approx(4 + 14 - 30 + 5.3)
    assert co2e(v, "secondary") == pytest.approx(300 + 26.5 + 40)
    assert co2e(v, "tertiary") == pytest.approx(20 + 80 + 10 + 60 + 56 + 28)
    assert co2e(v, "residential") == pytest.approx(100 + 28 + 50 + 5)
    assert co2e(v, "other") == 0
    assert list(dict.fromkeys(v["name_zh"])) == ["第一产业", "第二产业", "第三产业", "居民生活", "未分配"]


def test_refuses_mixed_gwp_sets(emissions: pd.DataFrame) -> None:
    mixed = emissions.copy()
    mixed.loc[0, "gwp"] = "AR6"
    with pytest.raises(ValueError, match="GWP"):
        provincial_view(mixed)
    with pytest.raises(ValueError, match="unknown view"):
        view(emissions, "nope")
    with pytest.raises(ValueError, match="lacks"):
        provincial_view(emissions.drop(columns="scope"))
