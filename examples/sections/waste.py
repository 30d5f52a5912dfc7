"""Waste inputs of the synthetic example city (about 10 million people, inventory year 2023).

Two landfills with their 2004-2023 disposal histories (first order decay), waste landfilled outside
the city (methane commitment), composting and anaerobic digestion, MSW incineration with its
composition (the waste-to-energy plants reported in I.4.4), a little open burning, domestic wastewater by five pathways and three industries'
wastewater. Every number is invented for illustration; none describes a real city. The city sheet
must give ``climate_zone`` (the example uses ``temperate_wet``) for the decay rates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SOURCE = "synthetic example data"

#: Wet-weight composition of the city's mixed MSW (invented, in the style of a large Chinese city).
COMPOSITION = {"food": 0.55, "garden": 0.03, "paper": 0.10, "wood": 0.02, "textiles": 0.03, "nappies": 0.02,
               "rubber_leather": 0.01, "plastics": 0.12, "metal": 0.01, "glass": 0.02, "other_inert": 0.09}


def _landfill_history() -> pd.DataFrame:
    years = np.arange(2004, 2024)
    # Site A (sanitary, opened 2004): deposits grow 4 %/yr to 2014, then fall as incineration takes over
    a = np.where(years <= 2014, 900_000 * 1.04 ** (years - 2004), 900_000 * 1.04 ** 10 * 0.93 ** (years - 2014))
    site_a = pd.DataFrame({
        "gpc_ref": "III.1.1", "site": "Site A (synthetic)", "year": years, "amount": np.round(a, -3), "unit": "t",
        "method": "fod", "site_type": "managed_anaerobic", **COMPOSITION,
        "oxidation": 0.1, "source": SOURCE + ": weighbridge records",
    })
    # landfill gas collected and flared / used for power at Site A in 2023 (a site value, given once)
    site_a["methane_recovered"] = np.where(site_a["year"] == 2023, 12_000.0, np.nan)
    # Site B (old dump, deep, no gas collection): received waste until it closed at the end of 2012
    yb = np.arange(2004, 2013)
    site_b = pd.DataFrame({
        "gpc_ref": "III.1.1", "site": "Site B (synthetic)", "year": yb, "amount": np.round(420_000 - 15_000 * (yb - 2004), -3),
        "unit": "t", "method": "fod", "site_type": "unmanaged_deep", **COMPOSITION,
        "source": SOURCE + ": estimated from collection records",
    })
    # Waste of the city landfilled in a neighbouring county in 2023 (scope 3): methane commitment
    outside = pd.DataFrame([{
        "gpc_ref": "III.1.2", "site": "County landfill (synthetic)", "year": 2023, "amount": 15, "unit": "万吨",
        "method": "methane_commitment", "site_type": "managed_semi_aerobic", "recovery_fraction": 0.2,
        "oxidation": 0.1, **COMPOSITION, "source": SOURCE + ": transfer station records",
    }])
    return pd.concat([site_a, site_b, outside], ignore_index=True)


def sheets() -> dict[str, pd.DataFrame]:
    """The example's waste sheets as DataFrames with the columns of ``gpc/data/sheets/<sheet>.csv``."""
    biological = pd.DataFrame([
        {"gpc_ref": "III.2.1", "treatment": "composting", "amount": 180_000, "unit": "t", "basis": "wet",
         "source": SOURCE + ": garden and market waste composting plant"},
        {"gpc_ref": "III.2.1", "treatment": "anaerobic_digestion", "amount": 25, "unit": "万吨", "basis": "wet",
         "methane_recovered": 50.0, "source": SOURCE + ": food waste digestion plant (biogas to CHP)"},
        {"gpc_ref": "III.2.2", "treatment": "composting", "amount": 20_000, "unit": "t", "basis": "wet",
         "source": SOURCE + ": sent to a rural composting site"},
    ])
    incineration = pd.DataFrame([
        {"gpc_ref": "III.3.1", "practice": "incineration", "technology": "continuous_stoker", "amount": 160,
         "unit": "万吨", **COMPOSITION, "energy_recovery": True,
         "source": SOURCE + ": two waste-to-energy plants feeding the grid, computed here from composition (not "
                            "also entered as a fuel): reported in I.4.4 (GPC ch. 8)"},
        {"gpc_ref": "III.3.3", "practice": "incineration", "technology": "continuous_fluidised_bed",
         "amount": 100_000, "unit": "t", **COMPOSITION, "energy_recovery": False,
         "source": SOURCE + ": waste from neighbouring counties, incinerator without energy recovery"},
        {"gpc_ref": "III.3.1", "practice": "open_burning", "amount": 5_000, "unit": "t", **COMPOSITION,
         "energy_recovery": False, "source": SOURCE + ": estimate for peri-urban villages"},
    ])
    wastewater = pd.DataFrame([
        {"gpc_ref": "III.4.1", "population": 7_500_000, "treatment": "aerobic_well_managed", "collected": True,
         "protein": 33.0, "plant_n2o": True, "sludge_removed": 20_000, "source": SOURCE + ": municipal WWTPs"},
        {"gpc_ref": "III.4.1", "population": 1_200_000, "treatment": "aerobic_overloaded", "collected": True,
         "protein": 33.0, "source": SOURCE + ": overloaded district plants"},
        {"gpc_ref": "III.4.1", "population": 800_000, "treatment": "septic", "protein": 33.0,
         "source": SOURCE + ": suburban septic tanks"},
        {"gpc_ref": "III.4.1", "population": 300_000, "treatment": "latrine_wet", "protein": 33.0,
         "source": SOURCE + ": rural latrines"},
        {"gpc_ref": "III.4.1", "population": 200_000, "treatment": "river_discharge", "collected": True,
         "protein": 33.0, "source": SOURCE + ": unconnected sewers discharging to the river"},
    ])
    industrial = pd.DataFrame([
        {"gpc_ref": "III.4.1", "industry": "beer_malt", "production": 40, "unit": "万吨", "treatment": "anaerobic_reactor",
         "methane_recovered": 300.0, "source": SOURCE + ": brewery (biogas flared)"},
        {"gpc_ref": "III.4.1", "industry": "dairy_products", "production": 150_000, "unit": "t",
         "treatment": "aerobic_overloaded", "source": SOURCE + ": dairy plant"},
        {"gpc_ref": "III.4.1", "industry": "pulp_paper", "production": 80_000, "unit": "t", "treatment": "lagoon_deep",
         "sludge_removed": 5_000, "source": SOURCE + ": paper mill"},
    ])
    return {
        "solid_waste": _landfill_history(),
        "biological_treatment": biological,
        "incineration": incineration,
        "wastewater": wastewater,
        "industrial_wastewater": industrial,
    }
