"""Every factor table is described, every described column exists, every unit parses."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from gpc.factors import available_factor_sets, factor_root, load_factor_set
from gpc.units import UnitParseError, parse_unit, strip_gas

CSV = sorted(p for p in factor_root().rglob("*.csv") if not p.name.startswith("_"))


def test_the_sets_load():
    assert "ipcc2006" in available_factor_sets()
    for s in available_factor_sets():
        fs = load_factor_set(s)
        for t in fs.tables():
            assert len(fs.table(t)) > 0, (s, t)


@pytest.mark.parametrize("path", CSV, ids=lambda p: str(p.relative_to(factor_root())))
def test_csv_has_descriptor_and_units_parse(path: Path):
    desc_path = path.with_suffix(".yaml")
    assert desc_path.exists(), f"{path.name} has no descriptor {desc_path.name}"
    desc = yaml.safe_load(desc_path.read_text(encoding="utf-8"))
    assert desc.get("title") and (desc.get("sources") or desc.get("source")), "title and sources required"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    described = set((desc.get("columns") or {}).keys())
    assert described, "columns must be described"
    missing = described - set(df.columns)
    assert not missing, f"described but absent: {missing}"
    undescribed = set(df.columns) - described
    assert not undescribed, f"columns without a description: {undescribed}"
    assert "source" in df.columns or "sources" in desc, "each row carries its source"
    unit_cols = {c for c, spec in desc["columns"].items() if spec and "unit_column" in spec}
    unit_cols = {desc["columns"][c]["unit_column"] for c in unit_cols} | ({"unit"} & set(df.columns))
    bad = []
    for col in unit_cols:
        for u in df[col].unique():
            if not u.strip() or u.strip() in ("fraction", "dimensionless", "-", "ratio"):
                continue
            try:
                parse_unit(strip_gas(u)[0])
            except UnitParseError:
                bad.append(u)
    assert not bad, f"units that do not parse: {bad}"
