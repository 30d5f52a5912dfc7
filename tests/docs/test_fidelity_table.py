"""docs/methods/fidelity.md (every default parameter, its source and status) matches the factor files.

When a factor, its source or a named option changes, rerun::

    .venv/bin/python docs/_gen_fidelity.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GEN = REPO / "docs" / "_gen_fidelity.py"


def _gen():
    spec = importlib.util.spec_from_file_location("_gen_fidelity", GEN)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_fidelity_table_is_current():
    assert not _gen().stale(), "docs/methods/fidelity.md is stale — run `.venv/bin/python docs/_gen_fidelity.py`"


def test_every_factor_row_has_a_source():
    text = (REPO / "docs" / "methods" / "fidelity.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("| `") and line.endswith((" printed |", " derived |", " gpc choice |", ") |")):
            source = line.rsplit("|", 3)[1].strip()
            assert source, f"a default without a source: {line}"
