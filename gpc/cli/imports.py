"""Commands that turn other workbooks into gpc activity workbooks: ``gpc import-balance`` (a Chinese energy
balance table), ``gpc import-ecrf`` and ``gpc import-ciris`` (an existing inventory, with a reconciliation of its
numbers). Another importer is one more ``@click.command`` here, added to the group in :mod:`gpc.cli`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gpc.cli.base import OUTPUT_SUFFIXES, _run, check_files

if TYPE_CHECKING:
    from gpc.importers.ecrf import EcrfImport

__all__ = ["import_balance_command", "import_ciris_command", "import_ecrf_command"]


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
    from gpc.i18n.zh import localise

    for w in result.warnings:
        click.echo(f"警告：{localise(w)}" if lang == "zh" else f"warning: {w}", err=True)
    rec = reconcile(result)
    worst = float(rec["difference"].abs().max()) if len(rec) else 0.0
    click.echo(f"wrote {output}: {len(result.activity)} activity rows from {len(result.cells)} cells of "
               f"sheet '{result.sheet}' ({result.year}); {len(result.reported)} cells reported, not imported; "
               f"largest difference against the table per fuel: {worst:g}")


#: differences printed on the terminal (all of them are in the workbook's reconciliation sheet)
_SHOWN = 50


def _report_import(result: EcrfImport, output: Path, what: str) -> None:
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)
    rec = result.reconciliation
    act = result.activity
    n_act = int((act["activity"].notna() & (act["activity"] != "direct")).sum())
    n_direct = int((act["activity"] == "direct").sum())
    n_key = int(act["notation_key"].notna().sum())
    click.echo(f"wrote {output}: {n_act} activity rows with the file's factors, {n_direct} direct entries of "
               f"reported tonnes, {n_key} notation keys from {what}")
    if len(rec):
        click.echo(f"{len(rec)} reported figure(s) differ from activity × factor × GWP (sheet 'reconciliation'):")
        for r in rec.head(_SHOWN).itertuples(index=False):
            click.echo(f"  {r.sheet} row {r.row} {r.gpc_ref} {r.gas}: {r.cause}: {r.explanation}")
        if len(rec) > _SHOWN:
            click.echo(f"  … and {len(rec) - _SHOWN} more in the sheet 'reconciliation'")
    else:
        click.echo("every recomputable row reproduces the reported tonnes")


@click.command("import-ecrf")
@click.argument("ecrf", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Activity workbook to write (sheets city, activity, reconciliation, ecrf_rows).")
@click.option("--year", type=int, default=None, help="Inventory year, when the cover sheet does not say it.")
@click.option("--gwp", type=click.Choice(["SAR", "AR4", "AR5", "AR6"], case_sensitive=False), default=None,
              help="GWP set the file used, when the cover sheet does not say it.")
@click.option("--tolerance", type=float, default=1e-3, show_default=True,
              help="Relative difference above which a reported figure is listed in the reconciliation.")
def import_ecrf_command(ecrf: Path, output: Path, year: int | None, gwp: str | None, tolerance: float) -> None:
    """Import a GCoM eCRF workbook (CRF) as an activity workbook, with a reconciliation of its numbers."""
    from gpc.importers.ecrf import import_ecrf_workbook

    check_files([ecrf], output, suffixes=(".xlsx",), what="an xlsx workbook")
    result = _run(import_ecrf_workbook, ecrf, output, year=year, gwp=gwp.upper() if gwp else None,
                  rtol=tolerance)
    _report_import(result, output, ecrf.name)


@click.command("import-ciris")
@click.argument("ciris", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Activity workbook to write (sheets city, activity, reconciliation, ecrf_rows).")
@click.option("--year", type=int, default=None, help="Inventory year, when the workbook does not say it.")
@click.option("--gwp", type=click.Choice(["SAR", "AR4", "AR5", "AR6"], case_sensitive=False), default=None,
              help="GWP set the workbook used, when it does not say it.")
@click.option("--tolerance", type=float, default=1e-3, show_default=True,
              help="Relative difference above which a reported figure is listed in the reconciliation.")
def import_ciris_command(ciris: Path, output: Path, year: int | None, gwp: str | None, tolerance: float) -> None:
    """Import the sector sheets of a CIRIS workbook as an activity workbook, with a reconciliation."""
    from gpc.importers.ciris import import_ciris_workbook

    check_files([ciris], output, suffixes=(".xlsx",), what="an xlsx workbook")
    result = _run(import_ciris_workbook, ciris, output, year=year, gwp=gwp.upper() if gwp else None,
                  rtol=tolerance)
    _report_import(result, output, ciris.name)
