"""Road traffic of the synthetic example city from its travel model (induced activity, O–D rows).

The example city reports road transport by fuel sales in the activity sheet (II.1.1). These rows give the
same traffic from the travel model — O–D flows with their average trip length and the share of each trip
inside the boundary — under GPC induced activity option 1, marked ``cross_check`` so that they enter no
total: ``gpc.sectors.transport.reconcile`` compares the fuel they imply with the fuel sold
(docs/methods/transport.md). Every number is invented for illustration; none describes a real city, and the
fuel intensities are the example's own assumptions, not defaults.
"""

from __future__ import annotations

import pandas as pd

SOURCE = "synthetic example data: city travel model 2023"


def sheets() -> dict[str, pd.DataFrame]:
    base = {"gpc_ref": "II.1", "method": "induced_activity", "induced_option": 1, "cross_check": "yes",
            "source": SOURCE}
    rows = [
        # trips inside the city
        {**base, "vehicle_class": "passenger_car", "fuel": "motor_gasoline", "trips": 2.9e9, "trip_length": 9.5,
         "origin": "in", "destination": "in", "fuel_intensity": 8.2, "intensity_unit": "L/100km"},
        {**base, "vehicle_class": "heavy_goods", "fuel": "gas_diesel_oil", "trips": 6.0e7, "trip_length": 28,
         "origin": "in", "destination": "in", "fuel_intensity": 30, "intensity_unit": "L/100km"},
        # trips with one end in the city: 50 % counted, split by the share inside the boundary
        {**base, "vehicle_class": "passenger_car", "fuel": "motor_gasoline", "trips": 1.6e8, "trip_length": 80,
         "origin": "in", "destination": "out", "in_boundary_share": 0.35, "fuel_intensity": 7.5,
         "intensity_unit": "L/100km"},
        {**base, "vehicle_class": "passenger_car", "fuel": "motor_gasoline", "trips": 1.5e8, "trip_length": 80,
         "origin": "out", "destination": "in", "in_boundary_share": 0.35, "fuel_intensity": 7.5,
         "intensity_unit": "L/100km"},
        {**base, "vehicle_class": "heavy_goods", "fuel": "gas_diesel_oil", "trips": 3.0e7, "trip_length": 220,
         "origin": "in", "destination": "out", "in_boundary_share": 0.15, "fuel_intensity": 32,
         "intensity_unit": "L/100km"},
        {**base, "vehicle_class": "heavy_goods", "fuel": "gas_diesel_oil", "trips": 3.0e7, "trip_length": 220,
         "origin": "out", "destination": "in", "in_boundary_share": 0.15, "fuel_intensity": 32,
         "intensity_unit": "L/100km"},
    ]
    return {"transport": pd.DataFrame(rows)}
