"""The ``gpc`` group and what every command shares: reporting problems (exit 2, no traceback), checking files,
the suffixes each command writes. The commands are in the modules beside it, added by :mod:`gpc.cli`.

User mistakes are reported one per line on stderr with exit status 2 and no traceback; no partial
output file is left behind.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from gpc.errors import GpcError, InputError

__all__ = ["main", "cli", "check_files", "OUTPUT_SUFFIXES"]

T = TypeVar("T")

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
        from gpc.i18n.zh import label, problem_text

        click.echo(label("err.header", "zh", n=len(err.problems)), err=True)
        for p in err.problems:
            click.echo(f"  {problem_text(p, 'zh', getattr(err, 'headers', None))}", err=True)
        return
    click.echo(f"error: {len(err.problems)} problem(s) in the input:", err=True)
    for p in err.problems:
        click.echo(f"  {p}", err=True)


def _run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
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


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _calculate(source: Path, gwp: str | None, factors: str | None, bar: Any = None) -> Any:
    """Read and compute as ``gpc build`` does: every problem reported at once (exit 2, no traceback)."""
    from gpc.engine import calculate

    if bar is None:
        return _run(calculate, source, gwp=gwp.upper() if gwp else None, factors=factors)
    with bar.step(f"reading {source.name} and computing"):
        return _run(calculate, source, gwp=gwp.upper() if gwp else None, factors=factors)


# ------------------------------------------------------------------------------------------ export


def main() -> None:
    """Entry point of the ``gpc`` console script."""
    cli(prog_name="gpc")
