"""Fixtures of the waste tests: a sector context built from the shipped factor sets."""

from __future__ import annotations

import pytest


@pytest.fixture
def make_ctx():
    """``make_ctx(year=2023, country="CN", climate_zone="temperate_wet", factors_id="ipcc2006")``."""
    context = pytest.importorskip("gpc.context", reason="core module gpc.context not written yet")
    factors = pytest.importorskip("gpc.factors", reason="core module gpc.factors not written yet")

    def make(year: int = 2023, country: str | None = "CN", climate_zone: str | None = "temperate_wet",
             factors_id: str = "ipcc2006"):
        settings = context.Settings(year=year, country=country, climate_zone=climate_zone, factors=factors_id)
        return context.Context(settings, factors.load_factor_set(factors_id))

    return make


@pytest.fixture
def waste():
    """The sector module (skipped while the core modules it needs are missing)."""
    return pytest.importorskip("gpc.sectors.waste", reason="core modules of gpc not written yet")
