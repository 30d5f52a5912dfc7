"""Figures of an inventory with matplotlib (Agg canvas: no display needed, nothing global changed).

``plot(inv, kind)`` returns a :class:`matplotlib.figure.Figure`; with ``path`` it is also saved (PNG or
SVG by the file's suffix). Kinds:

``sector``     BASIC+ emissions by sector, each bar split by scope
``scope``      BASIC+ emissions by scope (a ring, with the total in the middle)
``gas``        emissions by gas in t CO2e (BASIC+)
``waterfall``  how BASIC is built from sectors I–III and what BASIC+ adds (scope 3 of energy and
               transport, IPPU, AFOLU)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from gpc import taxonomy
from gpc.i18n import label
from gpc.reports import common

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from gpc.inventory import Inventory

__all__ = ["plot", "save_figures", "KINDS"]

KINDS = ("sector", "scope", "gas", "waterfall")
_SCOPE_COLOURS = {1: "#1F4E79", 2: "#2E75B6", 3: "#9DC3E6"}
_UP, _DOWN, _TOTAL = "#2E75B6", "#548235", "#1F4E79"
_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
              "WenQuanYi Micro Hei",
              "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN")


def _figure(width: float = 8.0, height: float = 4.5) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _font(lang: str) -> dict[str, Any]:
    """Font properties with CJK glyphs for Chinese labels, where such a font is installed."""
    if lang != "zh":
        return {}
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in _CJK_FONTS:
        if name in names:
            return {"family": [name, "DejaVu Sans"]}
    return {}


def _mt(x: float) -> str:
    """A t CO2e value with the unit its magnitude calls for: ``81.84 Mt``, ``52.3 kt``, ``120 t``."""
    div, unit, _, _ = common.value_scale([x])
    return f"{x / div:,.2f} Mt" if unit == "Mt" else f"{x / div:,.1f} kt" if unit == "kt" else f"{x:,.0f} t"


def _apply_font(fig: Figure, lang: str) -> None:
    props = _font(lang)
    if not props:
        return
    from matplotlib.text import Text  # every artist with a font (tick labels and annotations are Text)

    for text in fig.findobj(Text):
        if not isinstance(text, Text):  # findobj is typed as returning artists
            continue
        try:
            text.set_fontfamily(props["family"])
        except (AttributeError, ValueError):
            pass


def _title(inv: Inventory, key: str, lang: str) -> str:
    s = inv.settings
    return f"{label(key, lang)}\n{s.name or ''} {s.year} · GWP {inv.gwp}".replace("\n ", "\n")


def plot(inv: Inventory, kind: str = "sector", path: str | Path | None = None, *, lang: str = "en",
         dpi: int = 150) -> Figure:
    """Draw one figure of ``inv``; save it to ``path`` (``.png`` or ``.svg``) when given."""
    if kind not in KINDS:
        raise ValueError(f"unknown figure kind {kind!r}: use one of {', '.join(KINDS)}")
    if lang == "zh" and not _font(lang):
        import warnings

        warnings.warn("no font with Chinese characters is installed (e.g. Noto Sans CJK SC): "
                      "figure labels are in English", stacklevel=2)
        lang = "en"
    fig = {"sector": _sector, "scope": _scope, "gas": _gas, "waterfall": _waterfall}[kind](inv, lang)
    _apply_font(fig, lang)
    _plain_text(fig)
    if path is not None:
        _save(fig, Path(path), dpi)
    return fig


def _plain_text(fig: Figure) -> None:
    """Show every text as written: a city name or a term with ``$`` is not TeX math (which fails on
    ``$\\x$`` and changes ``$5 and $6``)."""
    from matplotlib.text import Text

    for t in fig.findobj(Text):
        t.set_parse_math(False)


def _save(fig: Figure, path: Path, dpi: int) -> None:
    from gpc.io.atomic import atomic_path

    _plain_text(fig)

    fmt = path.suffix.lower().lstrip(".") or "png"
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"{path}: save figures as .png, .svg or .pdf")
    meta: dict[str, Any] = {"Date": None} if fmt in ("svg", "pdf") else {"Software": None}
    if fmt == "pdf":
        meta = {"CreationDate": None}
    with atomic_path(path) as tmp:
        import matplotlib

        with matplotlib.rc_context({"svg.hashsalt": "gpc"}):
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=meta)


def save_figures(inv: Inventory, folder: str | Path, *, lang: str = "en",
                 formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Save every kind of figure to ``folder`` as ``<kind>.png`` and ``<kind>.svg``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in KINDS:
        fig = plot(inv, kind, lang=lang)
        for fmt in formats:
            p = folder / f"{kind}.{fmt}"
            _save(fig, p, 150)
            out.append(p)
    return out


# ------------------------------------------------------------------------------------ the kinds
def _sector(inv: Inventory, lang: str) -> Figure:
    e = common.fossil(inv)
    t = taxonomy.table()
    e = e[e["gpc_ref"].isin(common.basis_rows("BASIC+"))]
    sec = common.by_sector(inv, "BASIC+", lang)
    piv = e.assign(s=e["gpc_ref"].map(t["sector_ref"]), sc=e["gpc_ref"].map(t["scope"])) \
        .pivot_table(index="s", columns="sc", values="co2e_t", aggfunc="sum", fill_value=0.0)
    piv = piv.reindex(index=sec["sector_ref"], columns=[1, 2, 3], fill_value=0.0)
    fig = _figure(8.5, 0.6 * len(sec) + 1.8)
    ax = fig.add_subplot()
    labels = [f"{r} {n}" for r, n in zip(sec["sector_ref"], sec["sector"])]
    y = list(range(len(labels)))
    left_pos = [0.0] * len(y)
    left_neg = [0.0] * len(y)
    # Mt, kt or t from the magnitude of the stacked bars (a small city is not drawn as 0.0 Mt)
    div, unit, _, _ = common.value_scale([piv.clip(lower=0).sum(axis=1).max(), piv.clip(upper=0).sum(axis=1).min()]
                                         if len(piv) else [0.0])
    for sc in (1, 2, 3):
        vals = piv[sc].to_numpy()
        lefts = [lp if v >= 0 else ln for v, lp, ln in zip(vals, left_pos, left_neg)]
        ax.barh(y, vals / div, left=[x / div for x in lefts], color=_SCOPE_COLOURS[sc],
                label=label(f"scope.{sc}", lang), height=0.6)
        left_pos = [lp + max(v, 0) for v, lp in zip(vals, left_pos)]
        left_neg = [ln + min(v, 0) for v, ln in zip(vals, left_neg)]
    for yi, total in zip(y, sec["co2e_t"]):
        ax.text(max(total, 0) / div, yi, f"  {_mt(total)}", va="center", fontsize=9)
    ax.set_yticks(y, [_wrap(x, 34) for x in labels])
    ax.invert_yaxis()
    ax.set_xlabel(f"{unit} CO2e")
    ax.set_xlim(min(0.0, min(left_neg, default=0.0) / div * 1.1), max(max(left_pos, default=0.0) / div, 1.0) * 1.22)
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    _finish_bars(ax, inv, "chart.by_sector", lang)
    return fig


def _finish_bars(ax: Any, inv: Inventory, title_key: str, lang: str) -> None:
    """Light vertical grid, no top/right frame, and the chart's title: the common look of the bar charts."""
    ax.grid(axis="x", color="#E0E0E0")
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(_title(inv, title_key, lang), loc="left", fontsize=11)


def _scope(inv: Inventory, lang: str) -> Figure:
    sc = common.by_scope(inv, "BASIC+")
    sc = sc[sc > 0]
    fig = _figure(7.5, 4.5)
    ax = fig.add_subplot()
    if len(sc):
        wedges, _ = ax.pie(sc.to_numpy(), colors=[_SCOPE_COLOURS[int(k)] for k in sc.index], startangle=90,
                           counterclock=False, wedgeprops={"width": 0.38, "edgecolor": "white"})
        total = float(sc.sum())
        labels = [f"{label(f'scope.{k}', lang)}: {_mt(v)} ({v / total:.0%})" for k, v in sc.items()]
        fig.legend(wedges, labels, loc="outside right center", frameon=False, fontsize=9)
        ax.text(0, 0, f"BASIC+\n{_mt(float(inv.total('BASIC+')))}", ha="center", va="center", fontsize=11,
                fontweight="bold")
    ax.set_aspect("equal")
    ax.set_title(_title(inv, "chart.by_scope", lang), loc="left", fontsize=11)
    return fig


def _gas(inv: Inventory, lang: str) -> Figure:
    g = common.by_gas(inv, "BASIC+")
    g = g[g["co2e_t"].abs() > 0]
    fig = _figure(8.0, 0.42 * max(len(g), 3) + 1.6)
    ax = fig.add_subplot()
    y = list(range(len(g)))
    div, unit, _, _ = common.value_scale(g["co2e_t"])
    vals = g["co2e_t"].to_numpy() / div
    ax.barh(y, vals, color=_UP, height=0.6)
    total = float(g["co2e_t"].sum()) or 1.0
    for yi, v in zip(y, g["co2e_t"]):
        ax.text(max(v, 0) / div, yi, f"  {_mt(v)} ({v / total:.1%})", va="center", fontsize=9)
    ax.set_yticks(y, list(g["gas"]))
    ax.invert_yaxis()
    ax.set_xlabel(f"{unit} CO2e")
    if len(vals):
        ax.set_xlim(min(0.0, float(vals.min()) * 1.1), max(float(vals.max()), 1e-6) * 1.35)
    _finish_bars(ax, inv, "chart.by_gas", lang)
    return fig


def _waterfall(inv: Inventory, lang: str) -> Figure:
    steps = common.waterfall_steps(inv, lang)
    div, unit, _, _ = common.value_scale([s[1] for s in steps] or [0.0])
    fig = _figure(9.5, 5.0)
    ax = fig.add_subplot()
    level = 0.0
    top = 0.0
    for i, (_text, value, is_total) in enumerate(steps):
        if is_total:
            bottom, height, colour = 0.0, value, _TOTAL
            level = value
        else:
            bottom, height = level, value
            colour = _UP if value >= 0 else _DOWN
            level += value
        ax.bar(i, height / div, bottom=bottom / div, color=colour, width=0.65)
        top = max(top, bottom + max(height, 0), level)
        y = (bottom + max(height, 0)) / div
        sign = "" if is_total or value < 0 else "+"
        ax.text(i, y, f"{sign}{_mt(value)}", ha="center", va="bottom", fontsize=8)
        if i + 1 < len(steps):
            ax.plot([i + 0.33, i + 0.67], [level / div] * 2, color="#7F7F7F", lw=0.8)
    ax.set_xticks(range(len(steps)), [_wrap(s[0], 16) for s in steps], fontsize=8)
    ax.set_ylabel(f"{unit} CO2e")
    ax.set_ylim(min(0.0, ax.get_ylim()[0]), top / div * 1.12 if top > 0 else 1)
    ax.grid(axis="y", color="#E0E0E0")
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(_title(inv, "chart.waterfall", lang), loc="left", fontsize=11)
    return fig


def _wrap(text: str, width: int) -> str:
    import textwrap

    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "\n".join(text[i:i + width // 2] for i in range(0, len(text), width // 2))
    return "\n".join(textwrap.wrap(text, width)) or text
