"""A progress bar for long runs of the command line (rich), shown only where someone watches.

It is shown when stderr is a terminal, ``--quiet`` was not given, and the input is large (at least
:data:`LARGE_INPUT_BYTES`); ``GPC_PROGRESS=1`` forces it on and ``GPC_PROGRESS=0`` off. Otherwise every
call is a no-op, so scripts, pipes and CI logs stay clean.

>>> with progress_steps(["reading", "computing", "writing"], source=path, quiet=False) as p:  # doctest: +SKIP
...     with p.step("reading"):
...         data = read(path)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["LARGE_INPUT_BYTES", "should_show", "progress_steps", "Steps"]

#: Inputs from this size on get a progress bar (about 7,000 activity rows, a few seconds of work).
LARGE_INPUT_BYTES = 200_000


def should_show(*, quiet: bool = False, source: Any = None, stream: Any = None) -> bool:
    """Whether to show progress: not quiet, a terminal, and a large input (or ``GPC_PROGRESS``)."""
    env = os.environ.get("GPC_PROGRESS", "").strip().lower()
    if quiet or env in ("0", "no", "false", "off"):
        return False
    if env in ("1", "yes", "true", "on"):
        return True
    stream = stream if stream is not None else sys.stderr
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        return False
    try:
        return source is not None and Path(source).stat().st_size >= LARGE_INPUT_BYTES
    except (OSError, TypeError, ValueError):
        return False


class Steps:
    """A few named steps on one bar; a no-op when not shown."""

    def __init__(self, names: Sequence[str], show: bool):
        self.names = list(names)
        self.show = show
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Steps:
        if self.show:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                      TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                                      console=Console(stderr=True), transient=True)
            self._progress.__enter__()
            self._task = self._progress.add_task("gpc", total=len(self.names))
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)
            self._progress = None

    @contextmanager
    def step(self, description: str) -> Iterator[None]:
        """Run one step: its description is shown while it runs, the bar advances when it ends."""
        if self._progress is not None:
            self._progress.update(self._task, description=description)
        yield
        if self._progress is not None:
            self._progress.advance(self._task)


def progress_steps(names: Sequence[str], *, source: Any = None, quiet: bool = False,
                   stream: Any = None) -> Steps:
    """A :class:`Steps` bar over ``names``, shown when :func:`should_show` says so."""
    return Steps(names, should_show(quiet=quiet, source=source, stream=stream))
