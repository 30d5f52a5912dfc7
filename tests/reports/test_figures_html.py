"""Figures (matplotlib) and the notebook HTML of an inventory."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")

from gpc.reports import figures


@pytest.mark.parametrize("kind", figures.KINDS)
def test_plot_returns_a_figure_and_saves_png_and_svg(small_inv, tmp_path, kind):
    from matplotlib.figure import Figure

    fig = small_inv.plot(kind)
    assert isinstance(fig, Figure)
    assert fig.axes and fig.axes[0].get_title(loc="left").startswith(
        {"sector": "Emissions by sector", "scope": "Emissions by scope", "gas": "Emissions by gas",
         "waterfall": "From sectors"}[kind])
    png = small_inv.plot(kind, tmp_path / f"{kind}.png")
    assert isinstance(png, Figure)
    assert (tmp_path / f"{kind}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    small_inv.plot(kind, tmp_path / f"{kind}.svg")
    assert b"<svg" in (tmp_path / f"{kind}.svg").read_bytes()[:400]


def test_waterfall_bars_add_up(small_inv):
    fig = small_inv.plot("waterfall")
    bars = fig.axes[0].patches
    assert fig.axes[0].get_ylabel() == "kt CO2e"  # a small city (6.8 kt) is drawn in kt
    heights = [b.get_height() * 1e3 for b in bars]
    # I, II, III, BASIC, scope 3 of I/II, IV, V, BASIC+
    assert heights == pytest.approx([5_626.65 + 500, 200, 140, 6_466.65, 30, 300, 0, 6_796.65])
    bottoms = [b.get_y() * 1e3 for b in bars]
    assert bottoms[1] == pytest.approx(6_126.65) and bottoms[4] == pytest.approx(6_466.65)


def test_sector_bars_by_scope(small_inv):
    fig = small_inv.plot("sector")
    widths = [round(b.get_width() * 1e3, 6) for b in fig.axes[0].patches]  # in kt
    # scope 1 of sectors I..V, then scope 2, then scope 3
    assert widths[:5] == pytest.approx([5_626.65, 200, 0, 300, 0])
    assert widths[5:10] == pytest.approx([500, 0, 0, 0, 0])
    assert widths[10:] == pytest.approx([0, 30, 140, 0, 0])


def test_save_figures_writes_every_kind(small_inv, tmp_path):
    paths = small_inv.save_figures(tmp_path / "figs")
    assert sorted(p.name for p in paths) == sorted(f"{k}.{s}" for k in figures.KINDS for s in ("png", "svg"))
    assert all(p.stat().st_size > 1000 for p in paths)


def test_svg_is_reproducible(small_inv, tmp_path):
    small_inv.plot("scope", tmp_path / "a.svg")
    small_inv.plot("scope", tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_unknown_kind(small_inv):
    with pytest.raises(ValueError, match="unknown figure kind"):
        small_inv.plot("pie")


def test_repr_html(small_inv):
    h = small_inv._repr_html_()
    assert "Testville &lt;b&gt;" in h and "Testville <b>" not in h      # input text is escaped
    assert "6,467" in h and "6,797" in h and "7,407" in h               # BASIC, BASIC+, territorial
    assert "I Stationary Energy" in h and "scope 2" in h
    assert "t CO2e per resident (BASIC)" in h
    assert "I.2.1" in h                                                # missing BASIC rows are listed
