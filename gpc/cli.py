"""The ``gpc`` command line: build, template, validate (and import-balance where available).

User mistakes are reported one per line on stderr with exit status 2 and no traceback; no partial
output file is left behind.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from gpc.errors import GpcError, InputError

__all__ = ["main", "cli"]

EXIT_INPUT = 2

#: Suffixes of the files each command writes (what is written must be what the name says)
OUTPUT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "build": (".xlsx",), "template": (".xlsx",), "import-balance": (".xlsx",), "trend": (".xlsx",),
    "ecrf": (".xlsx",), "cdp": (".xlsx", ".csv"), "ciris": (".xlsx", ".csv"), "csv": (".csv",), "json": (".json",),
}


def _report(err: InputError) -> None:
    """Every problem on stderr; in Chinese (the place, and the message where a translation exists, with the
    sheets and columns named as the workbook names them) when the command runs with ``--lang zh``."""
    ctx = click.get_current_context(silent=True)
    lang = ctx.params.get("lang", "en") if ctx is not None else "en"
    if lang == "zh":
        from gpc.zh import label, problem_text

        click.echo(label("err.header", "zh", n=len(err.problems)), err=True)
        for p in err.problems:
            click.echo(f"  {problem_text(p, 'zh', getattr(err, 'headers', None))}", err=True)
        return
    click.echo(f"error: {len(err.problems)} problem(s) in the input:", err=True)
    for p in err.problems:
        click.echo(f"  {p}", err=True)


def _run(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    try:
        return fn(*args, **kwargs)
    except InputError as err:
        _report(err)
        sys.exit(EXIT_INPUT)
    except GpcError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_INPUT)
    except OSError as err:  # a path that cannot be read or written is the user's to fix, not a bug
        name = f" {err.filename2 or err.filename}" if getattr(err, "filename", None) else ""
        click.echo(f"error: cannot read or write{name}: {err.strerror or err}", err=True)
        sys.exit(EXIT_INPUT)
    except (ValueError, TypeError) as err:  # the API's plain refusals (unknown table, bad option value …)
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_INPUT)


def check_files(inputs: Any = (), output: Path | None = None, *, suffixes: Any = None, what: str = "",
                folders: Any = ()) -> None:
    """Refuse, before anything is read or computed, inputs that are not regular files (devices, FIFOs,
    sockets: never opened), an output that is one of the inputs (also through a link), that is not a
    regular file, or whose suffix is not one of ``suffixes``. Exit 2 with every problem."""
    from gpc.io.paths import check_files as _check

    _run(_check, inputs, output, suffixes=suffixes, what=what, folders=folders)


EXIT_BUG = 1


class _Group(click.Group):
    """The ``gpc`` group: an unexpected exception is one line naming the input and exit 1, never a
    traceback (``GPC_DEBUG=1`` shows it); SIGTERM and SIGHUP remove temporary files as Ctrl-C does."""

    def invoke(self, ctx: click.Context) -> Any:
        from gpc.io.atomic import terminate_cleanly

        terminate_cleanly()
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except BrokenPipeError:  # `gpc … | head`: the reader left; the files are written, stop quietly
            import os

            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError):
                pass
            sys.exit(128 + 13)
        except OSError as err:  # stdout or stderr cannot be written (disk full …): not a bug
            try:
                click.echo(f"error: cannot write the messages: {err.strerror or err}", err=True)
            except OSError:
                pass
            sys.exit(EXIT_INPUT)
        except Exception as err:  # a bug in gpc met by this input: say so plainly, on one line
            import os

            if os.environ.get("GPC_DEBUG"):
                raise
            sub = ctx.invoked_subcommand or ""
            click.echo(f"error: gpc {sub} could not process this input ({type(err).__name__}: "
                       f"{' '.join(str(err).split())[:300]}). This is a bug in gpc: please report it with the "
                       "file (GPC_DEBUG=1 shows the details).", err=True)
            sys.exit(EXIT_BUG)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gpc")
def cli() -> None:
    """City greenhouse-gas inventories under the GHG Protocol GPC."""


@cli.command()
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
    from gpc.reports.cli import build_callback

    build_callback(activity, output, gwp.upper() if gwp else None, factors, lang, timestamp, quiet, figures,
                   terms=terms, uncertainty=uncertainty, iterations=iterations, seed=seed)


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Workbook to write.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("--terms", type=click.Path(path_type=Path), default=None,
              help="Chinese GPC terms for the GPC编号说明 sheet with --lang zh (as for gpc build --terms).")
@click.option("--scenario", is_flag=True, help="Write a scenario workbook for gpc project instead (docs/pathways.md).")
def template(output: Path, lang: str, terms: Path | None, scenario: bool = False) -> None:
    """Write a blank activity workbook with notes, dropdown lists and the list of GPC rows."""
    from gpc.io.template import write_template

    if scenario:
        from gpc.pathways.scenario import write_scenario_template

        _run(write_scenario_template, output, lang=lang)
        click.echo(f"wrote {output}")
        return

    if terms is not None and lang != "zh":
        click.echo("error: --terms gives Chinese names: use it with --lang zh", err=True)
        sys.exit(EXIT_INPUT)
    check_files([terms], output, suffixes=OUTPUT_SUFFIXES["template"], what="an xlsx workbook")
    user_terms = None
    if terms is not None:
        from gpc.zh import problem_text, read_terms

        user_terms = _run(read_terms, terms)
        for w in user_terms.attrs.get("warnings", []):
            click.echo(f"警告：{problem_text(w)}", err=True)
    _run(write_template, output, lang=lang, terms=user_terms)
    click.echo(f"wrote {output}")


@cli.command()
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
        from gpc.zh import problem_text

        for w in inv.warnings:
            click.echo(f"警告：{problem_text(w)}", err=True)
    else:
        for w in inv.warnings:
            click.echo(f"warning: {w}", err=True)
    n = len(inv.emissions) + len(inv.notation_keys)
    click.echo(f"ok: {inv.activity.n_rows() if inv.activity else n} input rows, {len(inv.emissions)} emission "
               "records, no problems")


def _register_optional() -> None:
    try:
        from gpc.cli_extra import register
    except ModuleNotFoundError:
        return
    register(cli)


_register_optional()


def main() -> None:
    """Entry point of the ``gpc`` console script."""
    cli(prog_name="gpc")


if __name__ == "__main__":  # pragma: no cover
    main()
