"""Pathways: from a base-year inventory to a projected peak — drivers, actions, targets (docs/pathways.md).

``drivers`` (compounding, ramps, grid path) and ``peak`` (peak, targets, gaps) are pure maths;
``scenario`` reads the scenario workbook; ``project`` builds every projected year's activity and computes
it with the engine; ``excel`` writes the pathway workbook, ``figures`` the matplotlib figure.
"""

from __future__ import annotations

from typing import Any

__all__ = ["project", "read_scenario", "write_scenario_template"]


def project(base: Any, scenario: Any, **kwargs: Any) -> Any:
    from gpc.pathways.project import project as _project

    return _project(base, scenario, **kwargs)


def read_scenario(path: Any) -> Any:
    from gpc.pathways.scenario import read_scenario as _read

    return _read(path)


def write_scenario_template(path: Any, lang: str = "en") -> Any:
    from gpc.pathways.scenario import write_scenario_template as _w

    return _w(path, lang=lang)
