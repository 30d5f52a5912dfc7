"""A matplotlib figure of a pathway: stacked wedges of the first action scenario under BAU, the scenarios'
lines, the targets and each scenario's peak (optional: needs matplotlib, the ``plot`` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from gpc.pathways.project import Pathway

__all__ = ["plot_pathway"]


def plot_pathway(p: Pathway, path: str | Path | None = None) -> Any:
    import matplotlib

    if path is not None:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 5.5))
    tot = p.totals
    years = tot["year"].to_numpy()
    scen = p.scenarios
    if len(scen) > 1 and len(p.wedges):
        s = scen[1]
        w = p.wedges[p.wedges["scenario"] == s].pivot_table(index="year", columns="order", values="co2e_t")
        names = p.wedges[p.wedges["scenario"] == s].drop_duplicates("order").set_index("order")["action"]
        proj = tot[tot["kind"] != "historical"].set_index("year")
        ys = [proj.loc[w.index, s].to_numpy() / 1e6] + [w[o].to_numpy() / 1e6 for o in w.columns]
        ax.stackplot(w.index.to_numpy(), *ys, labels=[s] + [str(names[o]) for o in w.columns], alpha=0.6)
    for s in scen:
        ax.plot(years, tot[s].to_numpy() / 1e6, lw=2 if s == "BAU" else 1.5, ls="--" if s == "BAU" else "-",
                label=f"{s}", color="black" if s == "BAU" else None)
        pk = p.peaks.set_index("scenario").loc[s]
        ax.plot([pk["peak_year"]], [pk["peak_t"] / 1e6], marker="D", color="red")
        ax.annotate(f"peak {s} {pk['peak_year']}", (pk["peak_year"], pk["peak_t"] / 1e6), textcoords="offset points",
                    xytext=(5, 5), fontsize=8)
    if len(p.gap):
        first = scen[0]
        for t in dict.fromkeys(p.gap["target"]):
            g = p.gap[(p.gap["target"] == t) & (p.gap["scenario"] == first)]
            ax.plot(g["year"], g["target_path_t"] / 1e6, ls=":", color="darkred", lw=1.2)
            ax.annotate(t, (g["year"].iloc[-1], g["target_path_t"].iloc[-1] / 1e6), fontsize=7, color="darkred")
    ax.set_ylabel(f"Mt CO2e ({p.settings.get('total')})")
    ax.set_xlabel("year")
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title(f"{p.settings.get('city') or ''} pathway")
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, dpi=120)
        plt.close(fig)
    return fig
