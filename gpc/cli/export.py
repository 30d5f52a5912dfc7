"""``gpc export SOURCE -f FORMAT -o FILE`` (eCRF, CDP, CIRIS, CSV, JSON) and ``gpc trend WORKBOOKS… -o FILE``.
Heavy modules load only when a command runs."""

from __future__ import annotations

import math
from pathlib import Path

import click

from gpc.cli.base import OUTPUT_SUFFIXES, _calculate, _fail, _run, check_files

__all__ = ["export_command", "trend_command", "FORMATS"]

FORMATS = ("ecrf", "cdp", "ciris", "csv", "json")
_SUFFIX = {".json": "json", ".csv": "csv"}
_GWP = click.Choice(["SAR", "AR4", "AR5", "AR6"], case_sensitive=False)


@click.command("export")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False), default=None,
              help="ecrf (GCoM CRF workbook), cdp (CDP-ICLEI GPC summary), ciris (one line per record), "
                   "csv or json (the emission records). Default: from the suffix of -o (.csv, .json).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="File to write.")
@click.option("--gwp", type=_GWP, default=None, help="GWP set (overrides the city sheet).")
@click.option("--factors", default=None, help="Factor set id (overrides the city sheet).")
@click.option("--table", type=click.Choice(["emissions", "summary", "audit", "transport_reconciliation"]),
              default="emissions", show_default=True,
              help="For csv: which table (transport_reconciliation: fuel sold against kilometres).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
def export_command(source: Path, fmt: str | None, output: Path, gwp: str | None, factors: str | None,
                   table: str, quiet: bool) -> None:
    """Compute the inventory of SOURCE (an activity workbook) and export it for reporting platforms."""

    fmt = (fmt or _SUFFIX.get(output.suffix.lower(), "")).lower()
    if not fmt:
        _fail(f"{output}: say which format to write with --format ({', '.join(FORMATS)})")
    check_files([source], output, suffixes=OUTPUT_SUFFIXES[fmt], what=f"the {fmt} export")
    inv = _calculate(source, gwp, factors)
    if fmt == "ecrf":
        _run(inv.to_ecrf, output)
    elif fmt == "cdp":
        _run(inv.to_cdp, output)
    elif fmt == "ciris":
        _run(inv.to_ciris, output)
    elif fmt == "csv":
        _run(inv.to_csv, output, table=table)
    else:
        _run(inv.to_json, output)
    if not quiet:
        for w in inv.warnings:
            click.echo(f"warning: {w}", err=True)
        click.echo(f"wrote {output} ({fmt}; {inv.settings.name or source.stem} {inv.settings.year}, "
                   f"BASIC {float(inv.total('BASIC')):,.0f} t CO2e)")


# ------------------------------------------------------------------------------------------- trend
@click.command("trend")
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Trend workbook to write.")
@click.option("--gwp", type=_GWP, default=None,
              help="Compute every year with this GWP set (so that the years compare).")
@click.option("--factors", default=None, help="Compute every year with this factor set.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the trend workbook (and of the lines printed).")
@click.option("--figures", type=click.Path(path_type=Path), default=None,
              help="Also save line charts (PNG and SVG) to this folder.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
@click.option("--uncertainty", type=click.IntRange(1, 2), is_flag=False, flag_value=1, default=None,
              help="Is the change from the first to the last year larger than its uncertainty? IPCC Approach 1 "
                   "(--uncertainty) or 2 (--uncertainty 2, Monte Carlo; --iterations, --seed).")
@click.option("--iterations", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Monte Carlo iterations for --uncertainty 2.")
@click.option("--seed", type=int, default=None, help="Random seed for --uncertainty 2.")
def trend_command(workbooks: tuple[Path, ...], output: Path, gwp: str | None, factors: str | None,
                  figures: Path | None, quiet: bool, uncertainty: int | None = None, iterations: int = 10_000,
                  seed: int | None = None, lang: str = "en") -> None:
    """Several years side by side: one activity workbook per year (or one with a year column).

    Writes totals per year, the change from year to year, per-capita and per-GDP intensity, the peak so
    far, and where factors or methods changed between years (a recalculation may be needed).
    """
    from gpc.i18n import label
    from gpc.trend import Trend

    check_files(workbooks, output, suffixes=OUTPUT_SUFFIXES["trend"], what="an xlsx workbook", folders=[figures])
    g = gwp.upper() if gwp else None
    try:
        if len(workbooks) == 1:
            trend = _run(Trend.from_workbook, workbooks[0], gwp=g, factors=factors)
        else:
            trend = _run(Trend.from_workbooks, workbooks, gwp=g, factors=factors)
    except ValueError as err:
        _fail(str(err))
    u = None
    if uncertainty and len(trend.years) > 1:
        try:
            u = _run(trend.uncertainty, uncertainty, iterations=iterations, seed=seed)
        except ValueError as err:
            _fail(str(err))
    _run(trend.to_excel, output, lang=lang)
    if figures:
        try:
            for kind in ("totals", "sectors", "per_capita"):
                if kind == "per_capita" and trend.intensity()["per_capita_BASIC"].isna().all():
                    continue
                for suffix in ("png", "svg"):
                    trend.plot(kind, Path(figures) / f"trend_{kind}.{suffix}")
        except ImportError:
            _fail("figures need matplotlib: pip install 'gpc[plot]'")
    if quiet:
        return
    tot = trend.totals()
    ch = trend.change()
    for y in trend.years:
        pct = ch.loc[y, "BASIC_change_pct"]
        delta = "" if math.isnan(pct) else label("trend.cli.delta", lang, pct=f"{pct:+.1f}")
        click.echo(label("trend.cli.year", lang, year=str(y), gwp=str(tot.loc[y, "gwp"]),
                         value=f"{tot.loc[y, 'BASIC']:,.0f}", delta=delta))
    p = trend.peak()
    click.echo(label("trend.cli.peak_below", lang, year=str(p["year"]), latest=str(p["latest_year"]),
                     pct=f"{p['below_peak_pct']:.1f}") if p["peaked"]
               else label("trend.cli.peak_latest", lang, year=str(p["year"])))
    if u is not None:
        for r in u.itertuples():
            verdict = label("trend.cli.significant" if r.significant else "trend.cli.within", lang)
            click.echo(label("trend.cli.change", lang, base=str(r.base_year), year=str(r.year),
                             total=label(f"total.{r.total}", lang) if lang != "en" else r.total, pct=f"{r.change_pct:+.1f}",
                             lo=f"{r.trend_low_pct:+.1f}", hi=f"{r.trend_high_pct:+.1f}",
                             approach=str(r.approach), verdict=verdict))
    rec = trend.recalculation()
    if len(rec):
        click.echo(label("trend.cli.recalculation", lang, n=str(len(rec))))
    click.echo(label("cli.wrote", lang, path=str(output)))
