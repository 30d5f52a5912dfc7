"""`make docs`: the mkdocs site builds in strict mode (skipped when the docs extra is not installed)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO


def test_docs_site_builds_strict(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    res = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                         cwd=REPO, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""},
                         timeout=120)
    assert res.returncode == 0, res.stderr[-3000:]
    site = tmp_path / "site"
    for page in ("index.html", "tutorial.html", "reports.html", "readme-tour.html", "methods/energy.html"):
        assert (site / page).exists(), page
    assert "eCRF" in (site / "reports.html").read_text(encoding="utf-8")
