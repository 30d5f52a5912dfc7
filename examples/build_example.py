"""Build the example city's activity workbook: examples/example_city.xlsx.

"Example City" is synthetic: a city of about 10 million people with magnitudes typical of a large
Chinese city (tens of TWh of electricity, billions of m3 of gas, a vehicle fleet's fuel). The numbers
are invented for demonstration; they describe no real place. Sections for other sectors are added
from examples/sections/*.py when present.
"""

from __future__ import annotations

import datetime
import importlib
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent

CITY = [
    ("name", "Example City (synthetic)"),
    ("country", "CN"),
    ("region", "CN-HB"),
    ("year", 2023),
    ("gwp", "AR5"),
    ("factors", "ipcc2006"),
    ("climate_zone", "temperate_wet"),
    ("population", 10_000_000),
    ("gdp", "1.8e12 CNY"),
    ("td_loss_rate", 0.045),
    ("grid_factor", "0.5703 t/MWh"),
]

S = "Synthetic statistics for the example city"
ACTIVITY = [
    # gpc_ref, activity, amount, unit, extra
    ("I.1.1", "natural_gas", 12, "亿立方米", {"ncv": "38.931 MJ/m3", "data_quality": "H", "source": S + ": gas utility sales"}),
    ("I.1.1", "lpg", 15, "万吨", {"data_quality": "M", "source": S + ": LPG distributors"}),
    ("I.1.1", "wood_wood_waste", 0.8, "PJ", {"data_quality": "L", "source": S + ": household survey"}),
    ("I.1.2", "grid_electricity", 1200000, "万千瓦时", {"data_quality": "H", "source": S + ": grid company"}),
    ("I.1.2", "district_heat", 40, "PJ", {"ef_co2": 0.11, "ef_unit": "t/GJ", "data_quality": "M",
                                         "source": S + ": heat utility; factor 0.11 t CO2/GJ (GB/T 32150 default)"}),
    ("I.2.1", "natural_gas", 800000000, "m3", {"ncv": "38.931 MJ/m3", "data_quality": "H", "source": S}),
    ("I.2.1", "gas_diesel_oil", 60000, "t", {"data_quality": "M", "source": S + ": backup generators"}),
    ("I.2.2", "grid_electricity", 15, "TWh", {"data_quality": "H", "source": S + ": grid company"}),
    ("I.3.1", "other_bituminous_coal", 4000000, "t", {"data_quality": "H", "source": S + ": industrial energy survey"}),
    ("I.3.1", "natural_gas", 25, "亿立方米", {"ncv": "38.931 MJ/m3", "data_quality": "H", "source": S}),
    ("I.3.1", "coke_oven_coke", 1.2, "Mt", {"data_quality": "M", "source": S}),
    ("I.3.1", "residual_fuel_oil", 150000, "t", {"data_quality": "M", "source": S}),
    ("I.3.1", "tce_example_placeholder", None, None, {}),
    ("I.3.2", "grid_electricity", 30000000, "MWh", {"data_quality": "H", "source": S + ": grid company"}),
    ("I.4.1", "natural_gas", 1.5e8, "m3", {"ncv": "38.931 MJ/m3", "data_quality": "M", "source": S + ": plant own use"}),
    ("I.4.2", "grid_electricity", 900, "GWh", {"data_quality": "M", "source": S}),
    ("I.4.4", "other_bituminous_coal", 6000000, "t", {"data_quality": "H", "source": S + ": power plants"}),
    ("I.4.4", "natural_gas", 30, "亿立方米", {"ncv": "38.931 MJ/m3", "data_quality": "H", "source": S + ": gas CHP"}),
    ("I.5.1", "gas_diesel_oil", 45000, "t", {"data_quality": "L", "source": S + ": farm machinery"}),
    ("I.5.2", "grid_electricity", 800000, "MWh", {"data_quality": "M", "source": S}),
    ("I.6.1", None, None, None, {"notation_key": "IE", "explanation": "Included in I.2.1 and I.3.1"}),
    ("I.6.2", None, None, None, {"notation_key": "IE", "explanation": "Included in I.1.2 to I.5.2: the grid "
                                 "company's sales are all allocated to sectors"}),
    ("I.7.1", None, None, None, {"notation_key": "NO", "explanation": "No coal mining in the city"}),
    ("I.8.1", None, None, None, {"notation_key": "NE", "explanation": "Gas distribution leakage not yet estimated"}),
    ("II.1.1", "motor_gasoline", 220, "万吨", {"technology": "oxidation_catalyst", "data_quality": "M",
                                              "source": S + ": fuel sales in the city"}),
    ("II.1.1", "gas_diesel_oil", 1600000, "t", {"data_quality": "M", "source": S + ": fuel sales"}),
    ("II.1.1", "natural_gas", 3.5e8, "m3", {"ncv": "38.931 MJ/m3", "data_quality": "M", "source": S + ": CNG buses and taxis"}),
    ("II.1.1", "lpg", 20000, "t", {"data_quality": "L", "source": S + ": LPG taxis"}),
    ("II.1.2", "grid_electricity", 600000, "MWh", {"data_quality": "M", "source": S + ": EV charging"}),
    ("II.2.1", "gas_diesel_oil", 50000, "t", {"data_quality": "M", "source": S + ": rail operator"}),
    ("II.2.2", "grid_electricity", 1500000, "MWh", {"data_quality": "H", "source": S + ": metro and rail"}),
    ("II.3.1", "residual_fuel_oil", 300000, "t", {"data_quality": "L", "source": S + ": port"}),
    ("II.3.1", "gas_diesel_oil", 80000000, "L", {"data_quality": "L", "source": S + ": inland ferries"}),
    ("II.4.1", "jet_kerosene", 120000, "t", {"data_quality": "M", "source": S + ": LTO cycles of domestic flights"}),
    ("II.4.3", "jet_kerosene", 1000000, "t", {"data_quality": "M", "source": S + ": departing flights, cruise"}),
    ("II.5.1", "gas_diesel_oil", 120000, "t", {"data_quality": "L", "source": S + ": construction machinery"}),
    ("II.3.2", None, None, None, {"notation_key": "NO", "explanation": "No electric vessels in the city (synthetic)"}),
    ("II.4.2", None, None, None, {"notation_key": "IE", "explanation": "Airport electricity is included in I.2.2"}),
    ("II.5.2", None, None, None, {"notation_key": "IE", "explanation": "Electric construction and port machinery "
                                  "is included in I.3.2"}),
    ("III.3.2", None, None, None, {"notation_key": "NO", "explanation": "All the city's waste is incinerated in "
                                   "the city (synthetic)"}),
    ("III.4.2", None, None, None, {"notation_key": "NO", "explanation": "All the city's wastewater is treated in "
                                   "the city (synthetic)"}),
    ("VI.1", None, None, None, {"notation_key": "NE", "explanation": "Other scope 3 not estimated"}),
]


def activity_rows() -> pd.DataFrame:
    rows = []
    for ref, act, amount, unit, extra in ACTIVITY:
        if act == "tce_example_placeholder":
            rows.append({"gpc_ref": "I.3.1", "activity": "coking_coal", "amount": 1.5, "unit": "万吨标准煤",
                         "data_quality": "M", "source": S + ": energy statistics in standard coal"})
            continue
        rows.append({"gpc_ref": ref, "activity": act, "amount": amount, "unit": unit, **extra})
    return pd.DataFrame(rows)


def sections() -> dict[str, pd.DataFrame]:
    """Sheets contributed by examples/sections/*.py (waste, IPPU, AFOLU …)."""
    sys.path.insert(0, str(HERE.parent))
    out: dict[str, pd.DataFrame] = {}
    for name in ("waste", "ippu_afolu", "transport"):
        try:
            mod = importlib.import_module(f"examples.sections.{name}")
        except ModuleNotFoundError:
            continue
        for sheet, df in mod.sheets().items():
            out[sheet] = pd.concat([out[sheet], df], ignore_index=True) if sheet in out else df
    return out


def build(path: Path = HERE / "example_city.xlsx") -> Path:
    extra = sections()
    activity = activity_rows()
    if "activity" in extra:
        activity = pd.concat([activity, extra.pop("activity")], ignore_index=True)
    opts = {"options": {"strings_to_formulas": False, "strings_to_urls": False}}
    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs=opts) as xw:
        xw.book.set_properties({"title": "Example City activity data (synthetic)",
                                "created": datetime.datetime(2024, 1, 1)})  # reproducible file
        pd.DataFrame(CITY, columns=["field", "value"]).to_excel(xw, sheet_name="city", index=False)
        activity.to_excel(xw, sheet_name="activity", index=False)
        for sheet, df in extra.items():
            df.to_excel(xw, sheet_name=sheet, index=False)
    return path


if __name__ == "__main__":
    print(f"wrote {build()}")
