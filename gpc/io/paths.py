"""Checks on the files a command reads and writes, done before anything is read, computed or written.

* an input must be a regular file (or a folder where a folder is expected): a character or block device,
  a FIFO (named pipe) or a socket is refused at once — its type is found with ``os.stat``, so gpc never
  opens it (opening a FIFO blocks until someone writes to it);
* an output must be a regular file or not exist yet: writing gpc's file over ``/dev/null``, a FIFO or a
  folder is refused (the temporary file would otherwise be *renamed over* the device);
* an output must not be one of the inputs — compared by device and inode (``os.stat``), so a symbolic or
  hard link to the input is caught, and by the resolved path for an input that does not exist;
* the suffix of an output must say what is written in it (``gpc build … -o out.csv`` is refused: the file
  would be an xlsx workbook under a .csv name).

Every refusal is an :class:`~gpc.errors.InputError` whose problem names the file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from gpc.errors import InputError, Problem

__all__ = ["check_files", "check_input", "check_output", "file_kind"]

_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def file_kind(path: str | Path) -> str | None:
    """``None`` for a regular file or a path that does not exist; else what the path is ("a folder",
    "a FIFO (named pipe)", "a character device", …). Never opens the path."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # missing, dangling link, name too long, NUL in the name: the reader says
        return None
    if stat.S_ISREG(mode):
        return None
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _problem(path: Path, message: str) -> Problem:
    return Problem(str(path), None, None, None, message)


def check_input(path: str | Path, *, folder_ok: bool = False) -> list[Problem]:
    """Problems of reading ``path`` (a device, FIFO, socket, or a folder unless ``folder_ok``)."""
    p = Path(path)
    kind = file_kind(p)
    if kind is None or (folder_ok and kind == "a folder"):
        return []
    if kind == "a folder":
        return [_problem(p, "this is a folder, not a file: give the workbook inside it")]
    return [_problem(p, f"this is {kind}, not a file: gpc reads only regular files (save the data to a "
                        "file first)")]


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = os.stat(a), os.stat(b)
        if (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino):
            return True
    except (OSError, ValueError):
        pass
    try:
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return False


def check_output(path: str | Path, *, inputs: Iterable[str | Path | None] = (),
                 suffixes: Sequence[str] | None = None, what: str = "") -> list[Problem]:
    """Problems of writing ``path``: not a regular file, one of ``inputs``, or a suffix not in ``suffixes``
    (lower case, with the dot; ``what`` names what is written, for the message)."""
    p = Path(path)
    out: list[Problem] = []
    kind = file_kind(p)
    if kind == "a folder":
        out.append(_problem(p, f"cannot write: this is a folder; give a file name such as {p / ('output' + (suffixes or ['.xlsx'])[0])}"))
    elif kind is not None:
        out.append(_problem(p, f"cannot write: this is {kind}, not a file; gpc writes only regular files"))
    for src in inputs:
        if src is not None and _same_file(p, Path(src)):
            out.append(_problem(p, f"cannot write: the output is the input {src}, writing it would destroy the input; "
                                   "give another file name with -o"))
            break
    if kind is None and suffixes is not None and p.suffix.lower() not in suffixes:
        said = p.suffix or "no suffix"
        out.append(_problem(p, f"cannot write: the file written is {what or 'a ' + suffixes[0] + ' file'}, but its name has "
                               f"{said}: name it with {' or '.join(suffixes)}"))
    return out


def check_files(inputs: Iterable[str | Path | None] = (), output: str | Path | None = None, *,
                suffixes: Sequence[str] | None = None, what: str = "",
                folders: Iterable[str | Path | None] = ()) -> None:
    """Raise :class:`InputError` with every problem of the inputs, the output and the output folders."""
    ins = [Path(i) for i in inputs if i is not None]
    problems: list[Problem] = []
    for i in ins:
        problems += check_input(i)
    for d in folders:  # folders to write into (--figures): a folder, or nothing yet
        if d is None:
            continue
        kind = file_kind(d)
        if kind is None and Path(d).exists():
            kind = "a file"
        if kind not in (None, "a folder"):
            problems.append(_problem(Path(d), f"cannot write figures here: this is {kind}, not a folder; "
                                              "give a folder (it is created when missing)"))
        elif output is not None and _same_file(Path(d), Path(output)):
            problems.append(_problem(Path(d), "cannot write figures here: this is the output file's name; "
                                              "give a folder of its own"))
    if output is not None:
        problems += check_output(output, inputs=ins, suffixes=suffixes, what=what)
    if problems:
        raise InputError(problems)
