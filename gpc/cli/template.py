"""``gpc template -o activity.xlsx``: a blank activity workbook (or, with ``--scenario``, a scenario workbook)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gpc.cli.base import EXIT_INPUT, OUTPUT_SUFFIXES, _run, check_files

__all__ = ["template"]


@click.command()
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
        from gpc.i18n.zh import problem_text
        from gpc.io.terms import read_terms

        user_terms = _run(read_terms, terms)
        for w in user_terms.attrs.get("warnings", []):
            click.echo(f"警告：{problem_text(w)}", err=True)
    _run(write_template, output, lang=lang, terms=user_terms)
    click.echo(f"wrote {output}")
