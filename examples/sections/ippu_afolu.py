"""IPPU and AFOLU inputs of the synthetic example city (about 10 million people, heavy industry in the
style of a Chinese prefecture-level city, peri-urban farmland and hill forest).

Every number is invented for illustration; none describes a real city.
"""

from __future__ import annotations

import pandas as pd

SOURCE = "synthetic example data"


def sheets() -> dict[str, pd.DataFrame]:
    """The example's IPPU/AFOLU rows: ``activity`` rows plus the livestock, rice, land_use, ippu and
    refrigerants sheets, as DataFrames with the columns of ``gpc/data/sheets/<sheet>.csv``."""
    activity = pd.DataFrame(
        [
            # gpc_ref, activity, amount, unit, technology
            ("IV.1", "clinker_production", 420, "万吨", ""),
            ("IV.1", "lime_production", 35, "万吨", ""),
            ("IV.1", "glass_production", 60, "万吨", ""),
            ("IV.1", "ammonia_production", 18, "万吨", "partial_oxidation"),
            ("IV.1", "nitric_acid_production", 6, "万吨", "medium_pressure"),
            ("IV.1", "steel_production", 850, "万吨", "bof"),
            ("IV.1", "steel_production", 120, "万吨", "eaf"),
            ("IV.1", "aluminium_production", 40, "万吨", "cwpb"),
            ("IV.1", "ferroalloy_production", 5, "万吨", "simn"),
            ("IV.1", "methanol_production", 30, "万吨", "coal_partial_oxidation"),
            ("IV.2", "lubricant_use", 3.2, "万吨", ""),
            ("IV.2", "paraffin_wax_use", 0.4, "万吨", ""),
            ("IV.2", "sf6_equipment", 260, "t", "hv_switchgear_europe"),
            ("V.3", "synthetic_fertilizer_n", 2.1, "万吨", ""),
            ("V.3", "synthetic_fertilizer_n", 0.6, "万吨", "flooded_rice"),
            ("V.3", "urea_application", 3.5, "万吨", ""),
            ("V.3", "limestone_application", 0.8, "万吨", ""),
            ("V.3", "crop_residue_n", 0.45, "万吨", ""),
            ("V.3", "crop_residue_burning", 4000, "ha", "rice"),
            ("V.1", "horses", 1200, "head", ""),
        ],
        columns=["gpc_ref", "activity", "amount", "unit", "technology"],
    )
    activity["source"] = SOURCE

    livestock = pd.DataFrame(
        [
            # animal, amount, unit, temperature, nex, typical_mass, ms_pasture, ms_solid_storage, ms_liquid_slurry, ms_dry_lot, ms_daily_spread
            ("dairy_cattle", 3.2, "万头", 16.5, None, None, 0.05, 0.55, 0.30, 0.10, None),
            ("other_cattle", 5.5, "万头", 16.5, None, None, 0.40, 0.40, None, 0.20, None),
            ("swine", 86, "万头", 16.5, None, 28, None, 0.45, 0.40, None, 0.15),
            ("sheep", 12, "万头", 16.5, 12.0, None, 0.70, 0.30, None, None, None),
            ("goats", 9, "万头", 16.5, None, None, None, None, None, None, None),
            ("poultry", 1450, "万只", 16.5, 0.6, None, None, None, None, None, None),
        ],
        columns=["animal", "amount", "unit", "temperature", "nex", "typical_mass", "ms_pasture", "ms_solid_storage",
                 "ms_liquid_slurry", "ms_dry_lot", "ms_daily_spread"],
    )
    livestock.insert(0, "gpc_ref", "V.1")
    livestock["source"] = SOURCE

    rice = pd.DataFrame(
        [("V.3", 18000, "ha", 115, "intermittent_single_aeration", "non_flooded_short", 1.5, None),
         ("V.3", 6, "万亩", 105, "continuously_flooded", "non_flooded_long", None, 4.0)],
        columns=["gpc_ref", "area", "unit", "days", "water_regime", "preseason", "straw_short", "farmyard_manure"],
    )
    rice["source"] = SOURCE

    land_use = pd.DataFrame(
        [
            ("forest_land", "forest_land", 62000, "subtropical_humid_forest", "asia_continental", 85000, 0.9),
            ("cropland", "settlements", 950, None, None, None, None),
            ("forest_land", "settlements", 120, "subtropical_humid_forest", "asia_continental", None, None),
            ("cropland", "forest_land", 300, "subtropical_humid_forest", "asia_continental", None, None),
            ("grassland", "cropland", 80, "warm_temperate_wet", None, None, None),
        ],
        columns=["land_from", "land_to", "area", "zone", "continent", "wood_removals", "bcef_r"],
    )
    land_use.insert(0, "gpc_ref", "V.2")
    land_use["unit"] = "ha"
    land_use["source"] = SOURCE

    ippu = pd.DataFrame(
        [("IV.1", "cement", 610, "万吨", "blended", 0.68, 20, None, None),
         ("IV.1", "carbonate_use", 12, "万吨", "limestone", None, None, 0.95, None)],
        columns=["gpc_ref", "process", "amount", "unit", "technology", "clinker_fraction", "clinker_imports",
                 "calcination_fraction", "co2_recovered"],
    )
    ippu["source"] = SOURCE

    refrigerants = pd.DataFrame(
        [("IV.2", "HFC-134a", "mobile_ac", "bank", "t", 1150, None, None, None),
         ("IV.2", "HFC-32", "residential_commercial_ac", "bank", "t", 2400, 0.04, 260, None),
         ("IV.2", "HFC-125", "medium_large_commercial", "sales", "t", None, None, 40, 95)],
        columns=["gpc_ref", "gas", "application", "method", "unit", "bank", "leak_rate", "new_charge", "sales"],
    )
    refrigerants.loc[2, "retired_charge"] = 12
    refrigerants["source"] = SOURCE

    return {"activity": activity, "livestock": livestock, "rice": rice, "land_use": land_use, "ippu": ippu,
            "refrigerants": refrigerants}
