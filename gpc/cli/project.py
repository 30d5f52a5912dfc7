"""``gpc project BASE SCENARIO -o pathway.xlsx``: the pathway of a city from its base-year inventory."""

from __future__ import annotations

from pathlib import Path

import click

from gpc.cli.base import _run

__all__ = ["project_command"]


@click.command("project")
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Pathway workbook to write.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the pathway workbook's sheets and columns.")
@click.option("--horizon", type=int, default=None, help="Last projected year (overrides the scenario sheet).")
@click.option("--figure", type=click.Path(path_type=Path), default=None,
              help="Also save a matplotlib figure of the pathway (PNG/SVG/PDF; needs matplotlib).")
@click.option("--history", type=click.Path(path_type=Path), multiple=True,
              help="An earlier activity workbook whose total comes before the base year in the series (repeat the "
                   "option for several years; overrides the scenario's history setting).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
def project_command(base: Path, scenario: Path, output: Path, lang: str, horizon: int | None, figure: Path | None,
                    history: tuple[Path, ...], quiet: bool) -> None:
    """Project BASE (the base-year activity workbook) under SCENARIO (a scenario workbook: drivers, grid path,
    actions, targets) to the horizon, and write BAU, the scenarios, the wedges, the peak and the gap to -o."""
    from gpc.pathways.project import project

    p = _run(project, base, scenario, horizon=horizon, history=[str(h) for h in history] or None)
    _run(p.to_excel, output, lang=lang)
    if figure is not None:
        _run(p.plot, figure)
    if not quiet:
        for _, r in p.peaks.iterrows():
            state = "peaks" if r["peaked"] else "highest (no sustained decline yet)"
            click.echo(f"{r['scenario']}: {state} in {r['peak_year']} at {r['peak_t'] / 1e6:,.3f} Mt CO2e")
        for _, t in p.targets.iterrows():
            click.echo(f"  {t['scenario']} – {t['target']}: {'met' if t['met'] else 'not met'}"
                       f" (gap {t['gap_t'] / 1e6:,.3f} Mt in {t['year']})")
        click.echo(f"wrote {output}")
