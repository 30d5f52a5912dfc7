"""Typed errors of gpc.

User mistakes in input are :class:`InputError` carrying every :class:`Problem` found, each located by
sheet, row (as Excel shows it), column and value, with a message that says what is wrong and what to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One problem in the input, located where the user can find it.

    Parameters
    ----------
    sheet : str
        Sheet name (or file name for CSV input), e.g. ``"activity"``.
    row : int | None
        Row number as Excel shows it (the header is row 1), ``None`` for a whole sheet or file.
    column : str | None
        Column header, ``None`` for a whole row or sheet.
    value : Any
        The offending value as read, or ``None``.
    message : str
        What is wrong and how to fix it.
    severity : str
        ``"error"`` (default) or ``"warning"``; warnings do not stop a calculation.
    """

    sheet: str
    row: int | None
    column: str | None
    value: Any
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return self.text()

    def text(self, message: str | None = None, *, row: str = "row {}", column: str = "column '{}'",
             value: str = " (value {})", sep: str = ", ", colon: str = ": ") -> str:
        """The problem on one line, its place written with the given patterns (``str(problem)`` uses the
        English ones; :func:`gpc.i18n.zh.problem_text` the Chinese), and ``message`` in place of its own."""
        where = [_one_line(self.sheet)]
        if self.row is not None:
            where.append(row.format(self.row))
        if self.column:
            where.append(column.format(_one_line(self.column)))
        out = sep.join(where)
        shown = _shown(self.value)
        if shown is not None:
            out += value.format(shown)
        return f"{out}{colon}{_one_line(self.message if message is None else message)}"


def _one_line(text: object) -> str:
    """Problems print one per line: line breaks inside a name or message become spaces."""
    return " ".join(str(text).splitlines()) if text is not None else ""


def _shown(value: Any) -> str | None:
    """The value as a problem shows it, or None when there is nothing to show (empty, NaN, NA)."""
    import datetime as _dt
    import math

    if value is None:
        return None
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:  # numpy scalars
        try:
            value = value.item()
        except (ValueError, TypeError):
            pass
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if value == "" or value is getattr(__import__("pandas"), "NA", object()):
            return None
    except (TypeError, ValueError):  # pd.NA, arrays: no plain truth value
        return None
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return f"{value.isoformat()!r} (a date/time)"
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


class GpcError(Exception):
    """Base class of every error gpc raises on purpose."""


class InputError(GpcError, ValueError):
    """The input has problems; :attr:`problems` lists every one found.

    The message is one problem per line, so ``print(err)`` is a complete report.
    """

    def __init__(self, problems: Iterable[Problem], headers: dict[str, dict[str, str]] | None = None):
        self.problems: list[Problem] = list(problems)
        #: per sheet (as named in the workbook): gpc's column name → the header as the user typed it
        #: (``{"活动数据": {"amount": "数量"}}``), so messages can name columns the user's way (``--lang zh``)
        self.headers: dict[str, dict[str, str]] = dict(headers or {})
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found in the input:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem], dict[str, dict[str, str]]]]:
        # pickle with the problems (not the message), so the error survives multiprocessing
        return (type(self), (self.problems, self.headers))


class OutputError(GpcError, OSError):
    """An output file cannot be written (a folder in its place, no permission, disk full …)."""


class FactorNotFound(GpcError, KeyError):
    """A factor table or a factor in it does not exist in the chosen factor set."""

    def __str__(self) -> str:  # KeyError quotes its message; show it plainly
        return str(self.args[0]) if self.args else "factor not found"


class GwpMismatch(GpcError, ValueError):
    """CO2e values computed with different GWP sets were combined."""
