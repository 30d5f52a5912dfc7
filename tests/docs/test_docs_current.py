"""The generated parts of the user docs match gpc's data files.

``docs/sheets_reference.md`` and the marked blocks of ``docs/activities.md``, ``units.md``, ``gwp.md`` and
``factors.md`` are written by ``docs/_gen_sheet_tables.py``. When a sheet definition, a fuel, an alias, a
unit name, a GWP or a factor table changes, rerun::

    .venv/bin/python docs/_gen_sheet_tables.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GEN = REPO / "docs" / "_gen_sheet_tables.py"


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("_gen_sheet_tables", GEN)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_current(gen):
    stale = [str(p.relative_to(REPO)) for p in gen.stale()]
    assert not stale, (f"generated docs are stale: {', '.join(stale)} — run "
                       "`.venv/bin/python docs/_gen_sheet_tables.py` and commit the result")


def test_every_sheet_and_column_is_documented(gen):
    from gpc.io.sheets import sheet_specs

    text = (REPO / "docs" / "sheets_reference.md").read_text(encoding="utf-8")
    for name, spec in sheet_specs().items():
        assert f"\n## {name}\n" in text, f"sheet {name} missing from docs/sheets_reference.md"
        section = text.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
        for col in spec.names:
            assert f"| `{col}` |" in section, f"{name}.{col} missing from docs/sheets_reference.md"


def test_every_fuel_is_listed(gen):
    from gpc.activity_catalogue import fuel_catalogue

    text = (REPO / "docs" / "activities.md").read_text(encoding="utf-8")
    for fuel in fuel_catalogue()["fuel"]:
        assert f"| `{fuel}` |" in text, f"fuel {fuel} missing from docs/activities.md"


def test_a_missing_block_is_an_error(gen):
    with pytest.raises(ValueError, match="no block"):
        gen.fill_blocks("no markers here\n", "gwp.md")


#: Pages of the user documentation whose relative links are checked.
LINKED_PAGES = ["README.md", "docs/index.md", "docs/workbook.md", "docs/sheets_reference.md", "docs/output.md",
                "docs/units.md", "docs/activities.md", "docs/methods/energy.md", "docs/factors.md", "docs/gwp.md",
                "docs/cli.md"]
#: Pages being written alongside these ones: a link to them is accepted while they do not exist yet.
PENDING: set[str] = set()

_LINK = __import__("re").compile(r"\]\(([^)\s]+)\)")


def _anchors(text: str) -> set[str]:
    import re

    out = set()
    for line in text.splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            title = re.sub(r"[^\w\- ]", "", title)
            out.add(title.replace(" ", "-"))
    return out


@pytest.mark.parametrize("page", LINKED_PAGES)
def test_relative_links_resolve(page: str):
    path = REPO / page
    if not path.exists():
        pytest.skip(f"{page} not written")
    for target in _LINK.findall(path.read_text(encoding="utf-8")):
        if "://" in target or target.startswith("mailto:"):
            continue
        file, _, anchor = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        rel = dest.relative_to(REPO).as_posix() if dest.is_relative_to(REPO) else str(dest)
        if not dest.exists():
            assert rel in PENDING, f"{page}: link to {target} — {rel} does not exist"
            continue
        if anchor and dest.suffix == ".md":
            assert anchor in _anchors(dest.read_text(encoding="utf-8")), \
                f"{page}: link to {target} — no heading with anchor #{anchor} in {rel}"
