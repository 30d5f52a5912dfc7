"""``gpc build ACTIVITY -o inventory.xlsx`` (with a progress bar, ``--figures``, ``--terms``, ``--uncertainty``)
and ``gpc validate ACTIVITY``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from gpc.cli.base import OUTPUT_SUFFIXES, _calculate, _fail, _run, check_files

__all__ = ["build", "validate", "build_callback"]


@click.command()
@click.argument("activity", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Inventory workbook to write.")
@click.option("--gwp", type=click.Choice(["SAR", "AR4", "AR5", "AR6"], case_sensitive=False), default=None,
              help="GWP set (overrides the city sheet).")
@click.option("--factors", default=None, help="Factor set id: ipcc2006, china, ... (overrides the city sheet).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the inventory workbook.")
@click.option("--timestamp", default=None, help="Fixed document date (ISO), for byte-identical workbooks.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success (and show no progress bar).")
@click.option("--figures", type=click.Path(path_type=Path), default=None,
              help="Also save the figures (sector, scope, gas, waterfall; PNG and SVG) to this folder.")
@click.option("--terms", type=click.Path(path_type=Path), default=None,
              help="Chinese GPC terms to use with --lang zh instead of gpc's own: a CSV or xlsx file with "
                   "key and name_zh columns (e.g. the wording of the Chinese edition of the GPC).")
@click.option("--uncertainty", type=click.IntRange(1, 2), is_flag=False, flag_value=1, default=None,
              help="Add the Uncertainty sheet: IPCC Approach 1 (--uncertainty, propagation of error) or 2 "
                   "(--uncertainty 2, Monte Carlo). See docs/uncertainty.md.")
@click.option("--iterations", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Monte Carlo iterations for --uncertainty 2.")
@click.option("--seed", type=int, default=None, help="Random seed for --uncertainty 2 (reproducible results).")
def build(activity: Path, output: Path, gwp: str | None, factors: str | None, lang: str, timestamp: str | None,
          quiet: bool, figures: Path | None, terms: Path | None, uncertainty: int | None = None,
          iterations: int = 10_000, seed: int | None = None) -> None:
    """Compute the inventory of ACTIVITY (an activity workbook) and write it to -o."""
    build_callback(activity, output, gwp.upper() if gwp else None, factors, lang, timestamp, quiet, figures,
                   terms=terms, uncertainty=uncertainty, iterations=iterations, seed=seed)


def build_callback(activity: Path, output: Path, gwp: str | None, factors: str | None, lang: str,
                   timestamp: str | None, quiet: bool, figures: Path | None = None, terms: Path | None = None,
                   uncertainty: int | None = None, iterations: int = 10_000, seed: int | None = None,
                   **_: Any) -> None:
    """What ``gpc build`` does: compute, write the workbook (a progress bar on large inputs), ``--figures``,
    ``--terms``, ``--uncertainty``; then print the warnings and the totals."""
    from gpc.i18n.terms import using_terms
    from gpc.io.terms import read_terms
    from gpc.progress import progress_steps

    if terms is not None and lang != "zh":
        _fail("--terms gives Chinese names: use it with --lang zh")
    check_files([activity, terms], output, suffixes=OUTPUT_SUFFIXES["build"], what="an xlsx workbook",
                folders=[figures])
    if timestamp is not None:  # a wrong date is said before the long part, not after it
        from gpc.reports.excel_out import _as_datetime

        _run(_as_datetime, timestamp)
    user_terms = _run(read_terms, terms) if terms is not None else None  # checked before the long part
    if user_terms is not None and not quiet:
        from gpc.i18n.zh import problem_text

        for w in user_terms.attrs.get("warnings", []):
            click.echo(f"警告：{problem_text(w)}", err=True)
    names = ["computing", "writing"] + (["figures"] if figures else [])
    with progress_steps(names, source=activity, quiet=quiet) as bar, \
            using_terms(user_terms, source=terms.name if terms else None):
        inv = _calculate(activity, gwp, factors, bar)
        if uncertainty:
            _run(inv.uncertainty, uncertainty, iterations=iterations, seed=seed)
        with bar.step(f"writing {output.name}"):
            _run(inv.to_excel, output, lang=lang, timestamp=timestamp)
        if figures:
            with bar.step("figures"):
                try:
                    _run(inv.save_figures, figures, lang=lang)
                except ImportError:
                    _fail("figures need matplotlib: pip install 'gpc[plot]'")
    if not quiet:
        from gpc.i18n.zh import problem_text

        for w in inv.warnings:
            click.echo(f"警告：{problem_text(w, 'zh', getattr(inv.activity, 'headers', None))}" if lang == "zh"
                       else f"warning: {w}", err=True)
        from gpc.i18n import label

        tot = inv.totals()
        name = inv.settings.name or activity.stem
        totals = ("，" if lang == "zh" else ", ").join(
            f"{label(f'total.{k}', lang) if lang == 'zh' else k} {float(v):,.0f} "
            f"{'吨二氧化碳当量' if lang == 'zh' else 't CO2e'}" for k, v in tot.items())
        click.echo(label("cli.totals", lang, name=name, year=str(inv.settings.year), gwp=inv.gwp,
                         factors=inv.settings.factors, totals=totals))
        from gpc.reports.transport import cli_line as transport_line

        recon = transport_line(inv, lang)          # printed when the Transport reconciliation sheet is written
        if recon:
            click.echo(recon)
        if uncertainty:
            from gpc.reports.uncertainty import cli_line

            click.echo(cli_line(inv.uncertainty_result, lang))
        missing = inv.completeness()
        if missing:
            refs = ", ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
            click.echo(label("cli.missing_basic", lang, n=str(len(missing)), refs=refs))
        if figures:
            click.echo(label("cli.wrote_figures", lang, path=str(figures)))
        click.echo(label("cli.wrote", lang, path=str(output)))


@click.command()
@click.argument("activity", type=click.Path(path_type=Path))
@click.option("--gwp", type=click.Choice(["SAR", "AR4", "AR5", "AR6"], case_sensitive=False), default=None,
              help="GWP set (overrides the city sheet).")
@click.option("--factors", default=None, help="Factor set id or folder (overrides the city sheet).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the problems and warnings printed.")
def validate(activity: Path, gwp: str | None, factors: str | None, lang: str) -> None:
    """Check ACTIVITY without writing anything: every problem is listed (exit 2 if any)."""
    from gpc.engine import calculate

    check_files([activity])
    inv = _run(calculate, activity, gwp=gwp.upper() if gwp else None, factors=factors)
    if lang == "zh":
        from gpc.i18n.zh import problem_text

        for w in inv.warnings:
            click.echo(f"警告：{problem_text(w)}", err=True)
    else:
        for w in inv.warnings:
            click.echo(f"warning: {w}", err=True)
    n = len(inv.emissions) + len(inv.notation_keys)
    click.echo(f"ok: {inv.activity.n_rows() if inv.activity else n} input rows, {len(inv.emissions)} emission "
               "records, no problems")
