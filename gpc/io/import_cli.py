"""``gpc import-ecrf`` and ``gpc import-ciris``: an existing inventory in, an activity workbook to review out
(registered by :mod:`gpc.cli_extra`)."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["import_ciris_command", "import_ecrf_command"]

#: differences printed on the terminal (all of them are in the workbook's reconciliation sheet)
_SHOWN = 50


def _check(inputs: list[Path], output: Path) -> None:
    """The command line's file checks (input a regular file, output not an input, .xlsx), where gpc has them."""
    try:
        from gpc.cli import check_files  # type: ignore[attr-defined]
    except ImportError:
        return
    check_files(inputs, output, suffixes=(".xlsx",), what="an xlsx workbook")


def _report(result, output: Path, what: str) -> None:  # type: ignore[no-untyped-def]
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
    from gpc.cli import _run
    from gpc.io.ecrf import import_ecrf_workbook

    _check([ecrf], output)
    result = _run(import_ecrf_workbook, ecrf, output, year=year, gwp=gwp.upper() if gwp else None,
                  rtol=tolerance)
    _report(result, output, ecrf.name)


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
    from gpc.cli import _run
    from gpc.io.ciris_in import import_ciris_workbook

    _check([ciris], output)
    result = _run(import_ciris_workbook, ciris, output, year=year, gwp=gwp.upper() if gwp else None,
                  rtol=tolerance)
    _report(result, output, ciris.name)
