"""Equations of distance-based transport (GPC v1.1 Ch. 7; IPCC 2006 Vol. 2 Ch. 3), on whole arrays.

Kilometres → allocation (which part of a trip the city counts, and which part of that lies inside the
boundary) → fuel (kilometres × fuel intensity) → emissions (the fuel's factors, IPCC 2006 Vol. 2 Eq. 3.2.1 /
3.2.3, or distance-based factors, Eq. 3.2.5). docs/methods/transport.md works every equation by hand.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["METHODS", "allocate", "distance_emissions_t", "fuel_from_distance", "lto_emissions_t", "row_distance"]

#: the GPC's ways of counting transport (GPC v1.1 §7.2, Table 7.2), in the order the docs present them
METHODS = ("fuel_sales", "induced_activity", "geographic", "resident_activity")


def row_distance(vkt: ArrayLike, vehicles: ArrayLike, annual_km: ArrayLike, trips: ArrayLike,
                 trip_km: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Vehicle-kilometres of each row and which input gave them (0 VKT, 1 stock × mileage, 2 trips × length).

    VKT as given; else the vehicle register (行驶里程法): vehicles × annual km per vehicle; else an O–D
    survey: trips × average trip length. Example: 1000 cars × 12 000 km = 12 000 000 km.
    """
    vkt, veh, akm = (np.asarray(x, dtype=float) for x in (vkt, vehicles, annual_km))
    trips, tkm = np.asarray(trips, dtype=float), np.asarray(trip_km, dtype=float)
    kind = np.where(~np.isnan(vkt), 0, np.where(~np.isnan(veh), 1, 2))
    km = np.where(kind == 0, vkt, np.where(kind == 1, veh * akm, trips * tkm))
    return km, kind


def allocate(km: ArrayLike, method: ArrayLike, option: ArrayLike, origin_in: ArrayLike, dest_in: ArrayLike,
             share_in: ArrayLike, option2_outside: ArrayLike | None = None
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split each row's kilometres into the counted in-boundary part (scope 1, II.x.1) and the counted
    outside part (scope 3, II.x.3); returns ``(km_in, km_out, counted)`` with ``counted`` the share of the
    trips the city counts.

    ``origin_in``/``dest_in``: 1 (in the city), 0 (outside), NaN (no O–D: VKT or register rows, counted in
    full); ``share_in``: the share s of the trip length L inside the boundary (NaN: all of it inside);
    ``option2_outside``: per row, True where the named option ``induced_option2_outside`` scope3 is chosen.

    GPC v1.1 Ch. 7 (§7.2 on-road, Table 7.2 and the induced activity approach; in-boundary part of a trip
    scope 1, its out-of-boundary part scope 3), and the two induced-activity options of gpc issue #15:

    * ``induced_activity`` option 1: trips inside the city count in full; trips with one end in the city
      count 50 %: km_in = 0.5 × L × s, km_out = 0.5 × L × (1 − s). Trips with no end in the city count 0
      (the sector refuses them).
    * ``induced_activity`` option 2: trips inside the city in full, plus the **in-boundary part of departing
      trips** (origin in the city): km_in = L × s, km_out = 0; arriving trips 0 (the city they left counts
      them). Named option ``option2_outside`` (gpc's earlier reading): the departing trips in full,
      km_in = L × s, km_out = L × (1 − s).
    * ``geographic``: all traffic on the city's territory, pass-through included, only its in-boundary
      part (km_in = L × s, km_out = 0).
    * ``resident_activity``: residents' trips in full: km_in = L × s, km_out = L × (1 − s).

    Example (option 1): a 20 km trip from the city to outside, 6 km of it inside (s = 0.3): counted 50 %
    = 10 km; II.1.1 0.5 × 20 × 0.3 = 3 km, II.1.3 0.5 × 20 × 0.7 = 7 km. Option 2: II.1.1 20 × 0.3 = 6 km,
    II.1.3 0 km (with option2_outside: 14 km).
    """
    km = np.asarray(km, dtype=float)
    method = np.asarray(method, dtype=object)
    option = np.asarray(option, dtype=float)
    o, d = np.asarray(origin_in, dtype=float), np.asarray(dest_in, dtype=float)
    s = np.asarray(share_in, dtype=float)
    s = np.where(np.isnan(s), 1.0, s)
    out2 = np.zeros(km.shape, dtype=bool) if option2_outside is None else np.asarray(option2_outside, dtype=bool)
    od = ~np.isnan(o) & ~np.isnan(d)
    both = od & (o == 1) & (d == 1)
    one = od & ((o == 1) ^ (d == 1))
    departing = od & (o == 1) & (d == 0)
    induced = method == "induced_activity"
    counted = np.ones_like(km)
    opt2 = induced & (option == 2)
    counted = np.where(induced & ~opt2 & one, 0.5, counted)
    counted = np.where(induced & od & ~both & ~one, 0.0, counted)
    counted = np.where(opt2 & one & ~departing, 0.0, counted)
    km_in = km * counted * s
    no_outside = (method == "geographic") | (opt2 & departing & ~out2)
    km_out = np.where(no_outside, 0.0, km * counted * (1.0 - s))
    return km_in, km_out, counted


def fuel_from_distance(km: ArrayLike, intensity_per_km: ArrayLike) -> np.ndarray:
    """Fuel (or electricity) used = kilometres × fuel per kilometre (IPCC 2006 Vol. 2 §3.2.1.3: fuel from
    distance travelled and fuel economy). Example: 12 000 000 km × 0.08 L/km = 960 000 L."""
    return np.asarray(km, dtype=float) * np.asarray(intensity_per_km, dtype=float)


def distance_emissions_t(km: ArrayLike, ef_g_per_km: ArrayLike) -> np.ndarray:
    """CH4 or N2O from distance: E = Σ distance × EF (IPCC 2006 Vol. 2 Ch. 3 Eq. 3.2.5; the cold-start term C is
    :func:`cold_start_emissions_t`, or in the urban-cold factor of Table 3.2.5), in t: km × g/km ÷ 10^6.
    Example: 12 000 000 km × 26 mg/km = 312 kg = 0.312 t CH4."""
    return np.asarray(km, dtype=float) * np.asarray(ef_g_per_km, dtype=float) / 1e6


def cold_start_emissions_t(starts: ArrayLike, ef_g_per_start: ArrayLike) -> np.ndarray:
    """CH4 or N2O of cold starts: the term C of IPCC 2006 Vol. 2 Ch. 3 Eq. 3.2.5 (emissions during the warm-up
    phase) as vehicle starts × cold-start factor (Table 3.2.3, mg/start), in t: starts × g/start ÷ 10^6.
    Example: 2 000 000 starts × 62 mg/start = 124 kg = 0.124 t CH4 (US gasoline car, uncontrolled, EFDB 118672)."""
    return np.asarray(starts, dtype=float) * np.asarray(ef_g_per_start, dtype=float) / 1e6


def lto_emissions_t(lto: ArrayLike, ef_kg_per_lto: ArrayLike) -> np.ndarray:
    """LTO emissions = number of LTO cycles × emission factor per LTO (IPCC 2006 Vol. 2 Ch. 3 Eq. 3.6.3,
    the LTO term of the Tier 2 Eq. 3.6.2; Table 3.6.9), in t. Example: 1000 A320 LTOs × 2440 kg CO2 = 2440 t CO2."""
    return np.asarray(lto, dtype=float) * np.asarray(ef_kg_per_lto, dtype=float) / 1e3
