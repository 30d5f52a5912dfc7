"""Extra ``gpc`` commands, registered by :mod:`gpc.cli`: ``gpc import-balance``, ``gpc export``,
``gpc trend`` (in :mod:`gpc.reports.cli`) and ``gpc build --figures``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["register"]


def _shares(values: tuple[str, ...], option: str) -> dict[str, dict[str, float]]:
    """``("residential:motor_gasoline=0.9", …)`` → ``{"residential": {"motor_gasoline": 0.9}}``."""
    out: dict[str, dict[str, float]] = {}
    for text in values:
        key, _, share = text.partition("=")
        outer, _, inner = key.partition(":")
        try:
            out.setdefault(outer.strip(), {})[inner.strip()] = float(share)
        except ValueError:
            raise click.BadParameter(f"{text!r}: write KEY:NAME=SHARE, e.g. residential:motor_gasoline=0.9",
                                     param_hint=option) from None
        if not outer.strip() or not inner.strip():
            raise click.BadParameter(f"{text!r}: write KEY:NAME=SHARE", param_hint=option)
    return out


@click.command("import-balance")
@click.argument("balance", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Activity workbook to write (sheets city, activity, balance_cells).")
@click.option("--year", type=int, default=None, help="Which year's sheet to read when the workbook has several.")
@click.option("--name", default=None, help="City name for the city sheet.")
@click.option("--region", default=None, help="Province code for the city sheet, e.g. CN-HB.")
@click.option("--mapping", type=click.Path(path_type=Path), default=None,
              help="Your own row × fuel → GPC mapping (columns of gpc/data/energy_balance_map.csv).")
@click.option("--vehicle-share", "vehicle", multiple=True, metavar="ROW:FUEL=SHARE",
              help="Share of a row's fuel that is vehicle fuel (→ II.1), e.g. residential:motor_gasoline=0.9.")
@click.option("--transport-share", "transport", multiple=True, metavar="FUEL:TARGET=SHARE",
              help="Split of the transport sector's fuel, e.g. gas_diesel_oil:II.1=0.8 gas_diesel_oil:II.5=0.2.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the activity workbook (sheet names, headers, sources, notes) and the warnings.")
def import_balance_command(balance: Path, output: Path, year: int | None, name: str | None, region: str | None,
                           mapping: Path | None, vehicle: tuple[str, ...], transport: tuple[str, ...],
                           lang: str) -> None:
    """Turn an energy balance table (能源平衡表, NBS layout) into an activity workbook to review."""
    from gpc.cli import OUTPUT_SUFFIXES, _run, check_files
    from gpc.io.energy_balance import import_balance, reconcile

    check_files([balance, mapping], output, suffixes=OUTPUT_SUFFIXES["import-balance"],
                what="an xlsx workbook")

    city = {"name": name, "region": region}
    try:
        result = _run(import_balance, balance, output, city=city, year=year, mapping=mapping, lang=lang,
                      private_vehicle_shares=_shares(vehicle, "--vehicle-share") or None,
                      transport_shares=_shares(transport, "--transport-share") or None)
    except ValueError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(2)
    from gpc.zh import localise

    for w in result.warnings:
        click.echo(f"警告：{localise(w)}" if lang == "zh" else f"warning: {w}", err=True)
    rec = reconcile(result)
    worst = float(rec["difference"].abs().max()) if len(rec) else 0.0
    click.echo(f"wrote {output}: {len(result.activity)} activity rows from {len(result.cells)} cells of "
               f"sheet '{result.sheet}' ({result.year}); {len(result.reported)} cells reported, not imported; "
               f"largest difference against the table per fuel: {worst:g}")


def register(cli: click.Group) -> None:
    """Add the extra commands to the ``gpc`` group (one ``_register_<feature>`` per feature)."""
    _register_import_inventory(cli)
    _register_import_balance(cli)
    _register_reports(cli)
    _register_pathways(cli)


def _register_import_balance(cli: click.Group) -> None:
    cli.add_command(import_balance_command)


def _register_pathways(cli: click.Group) -> None:
    """``gpc project`` (gpc.pathways)."""
    from gpc.pathways.cli import project_command

    cli.add_command(project_command)


def _register_reports(cli: click.Group) -> None:
    """``gpc export`` and ``gpc trend`` (gpc.reports)."""
    from gpc.reports.cli import export_command, trend_command

    cli.add_command(export_command)
    cli.add_command(trend_command)


def _register_import_inventory(cli: click.Group) -> None:
    """``gpc import-ecrf`` and ``gpc import-ciris`` (gpc.io.import_cli)."""
    from gpc.io.import_cli import import_ciris_command, import_ecrf_command

    cli.add_command(import_ecrf_command)
    cli.add_command(import_ciris_command)
