"""AFOLU sheets (GPC ch. 10; IPCC 2006 Vol. 4): ``livestock`` (V.1), ``rice`` (V.3) and ``land_use`` (V.2).

The livestock sheet also reports N2O from managed manure N applied to soils, F_AM (Eq. 10.34 → 11.4 → 11.1,
11.9, 11.10; V.3); a blank rice pre-season water regime is "unknown", SFp 1.22 (Table 5.13).

Single-factor AFOLU activities (fertiliser N, urea, liming, rice by water regime, animals' enteric CH4,
biomass burning) are rows of the ``activity`` sheet, computed by the engine with ``process_factors.csv``.

Modules by method: :mod:`.livestock`, :mod:`.rice`, :mod:`.land` (each validates its sheet, resolves its
parameters through :mod:`gpc.factors.afolu`, calls :mod:`gpc.methods.afolu` and builds the records);
:mod:`.common` holds the shared column helpers.
"""

from __future__ import annotations

import pandas as pd

from gpc.context import Context
from gpc.errors import Problem
from gpc.factors.afolu import DEVELOPED_REGIONS, POULTRY, TABLE_10_14
from gpc.sectors import compute_sheets, validate_sheets
from gpc.sectors.afolu.common import AMENDMENTS, LARGE_SHARE, MS_SYSTEMS
from gpc.sectors.afolu.land import _land_problems, _land_records
from gpc.sectors.afolu.livestock import _livestock_problems, _livestock_records
from gpc.sectors.afolu.rice import RICE_PRESEASON_DEFAULT, _rice_problems, _rice_records

__all__ = ["AMENDMENTS", "DEVELOPED_REGIONS", "LARGE_SHARE", "MS_SYSTEMS", "POULTRY", "RICE_PRESEASON_DEFAULT",
           "TABLE_10_14", "SHEETS", "compute", "validate"]

SHEETS: tuple[str, ...] = ("livestock", "rice", "land_use")


_PROBLEMS = {"livestock": _livestock_problems, "rice": _rice_problems, "land_use": _land_problems}


_RECORDS = {"livestock": _livestock_records, "rice": _rice_records, "land_use": _land_records}


def validate(tables: dict[str, pd.DataFrame], ctx: Context) -> list[Problem]:
    """Every problem in the AFOLU sheets (errors and warnings), checked before anything is computed."""
    return validate_sheets(tables, ctx, _PROBLEMS)


def compute(tables: dict[str, pd.DataFrame], ctx: Context) -> pd.DataFrame:
    """Emission records of the AFOLU sheets (one row per input row and gas, or per sub-source)."""
    return compute_sheets(tables, ctx, _RECORDS)
