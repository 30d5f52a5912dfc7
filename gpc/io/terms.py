"""A user's Chinese GPC terms file (CSV or Excel): :func:`read_terms`, and :func:`using_terms` for a file.

The terms themselves, and the ``with`` block that puts a frame of them in use, are :mod:`gpc.i18n.terms`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from gpc.i18n import terms as _terms
from gpc.i18n.terms import TERM_KINDS, shipped_terms

__all__ = ["read_terms", "using_terms"]

_KEY_HEADERS = {"key", "gpc_ref", "编号", "gpc编号", "参考编号"}
_NAME_HEADERS = {"name_zh", "zh", "中文", "中文名称", "名称"}
_KIND_HEADERS = {"kind", "类别", "类型"}


def read_terms(path: str | Path) -> pd.DataFrame:
    """Read a user's Chinese terms file (CSV or Excel) into ``key, kind, name_zh``.

    The file has a header row with ``key`` (or ``gpc_ref``/编号) and ``name_zh`` (or 中文名称) columns,
    and optionally ``kind`` (sector, subsector, row, concept, notation_key) for keys that name both a
    sub-sector and its only row (``IV.1``, ``V.1`` …); other columns are ignored. Only the keys given are
    changed. Every problem (unknown key, empty name, a key twice) is reported at once as an
    :class:`~gpc.errors.InputError` naming the file, row and column; warnings (a CSV that is not UTF-8,
    read as GBK) are in ``result.attrs["warnings"]``.
    """
    from gpc.errors import InputError, Problem

    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(path.name, None, None, str(path), "the terms file does not exist: check the path")])
    warnings: list[Problem] = []
    frame, sheet = _terms_table(path, warnings)
    key_col, name_col, kind_col = _terms_columns(frame, sheet)
    problems: list[Problem] = []
    out = _term_rows(frame, sheet, key_col, name_col, kind_col, problems)
    if problems:
        raise InputError(problems)
    result = pd.DataFrame(out, columns=["key", "kind", "name_zh"])
    result.attrs["warnings"] = warnings  # e.g. a CSV read as GBK: the caller shows them
    return result


def _terms_table(path: Path, warnings: list[Any]) -> tuple[pd.DataFrame, str]:
    """The terms file as a table of text (the first sheet of a workbook), and its name for messages."""
    from gpc.errors import InputError, Problem
    from gpc.io.excel_in import read_workbook_sheets
    from gpc.io.safety import check_workbook_file
    from gpc.io.tables_in import _read_text_table

    name = path.name
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        sheets = read_workbook_sheets(path, check_workbook_file(path))
        rows = next(iter(sheets.values()), [])
        rows = [["" if c is None else str(c) for c in r] for r in rows]
        if not rows:
            raise InputError([Problem(name, None, None, None, "the first sheet is empty: give a header row "
                                                               "key, name_zh and one row per term")])
        width = max(len(r) for r in rows)
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows[1:]],
                             columns=[*rows[0], *[""] * (width - len(rows[0]))], dtype=object)
        return frame, f"{name} [{next(iter(sheets))}]"
    frame = _read_text_table(path, warnings, hint="key, name_zh (and kind where a key is both a "
                                                  "sub-sector and a row)")
    return frame, name


def _terms_columns(frame: pd.DataFrame, sheet: str) -> tuple[Any, Any, Any]:
    """The key, name and kind columns (kind may be ``None``); a missing key or name column is refused."""
    from gpc.errors import InputError, Problem
    from gpc.units import normalise_text

    headers = {normalise_text(str(c)).lower(): c for c in frame.columns}

    def pick(names: set[str]) -> Any:
        return next((headers[h] for h in headers if h in names), None)

    key_col, name_col, kind_col = pick(_KEY_HEADERS), pick(_NAME_HEADERS), pick(_KIND_HEADERS)
    problems = [Problem(sheet, 1, None, None, f"no '{want}' column: the header row needs {want} "
                                              f"(found {', '.join(map(str, frame.columns)) or 'nothing'})")
                for want, col in (("key", key_col), ("name_zh", name_col)) if col is None]
    if problems:
        raise InputError(problems)
    return key_col, name_col, kind_col


def _term_rows(frame: pd.DataFrame, sheet: str, key_col: Any, name_col: Any, kind_col: Any,
               problems: list[Any]) -> list[dict[str, str]]:
    """One ``key, kind, name_zh`` record per row given; every row that cannot be used is a problem."""
    from gpc.errors import Problem
    from gpc.units import normalise_text

    known = shipped_terms()
    pairs = set(zip(known["key"], known["kind"]))
    keys = set(known["key"])
    out: list[dict[str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for i, r in enumerate(frame.itertuples(index=False), start=2):
        rec = dict(zip(frame.columns, r))
        key = normalise_text(str(rec[key_col] or "")).strip()
        zh = normalise_text(str(rec[name_col] or "")).strip()
        kind = normalise_text(str(rec[kind_col] or "")).strip().lower() if kind_col is not None else ""
        if not key and not zh:
            continue
        if key not in keys:
            close = difflib.get_close_matches(key, sorted(keys), n=1)
            problems.append(Problem(sheet, i, str(key_col), key, "not a GPC sector, sub-sector, row or concept "
                                    "key gpc knows" + (f": did you mean {close[0]!r}?" if close else
                                    ": use keys such as I, I.1, I.1.1, CONCEPT.scope1 (see gpc/data/"
                                    "gpc_terms_zh.csv)")))
            continue
        if kind and kind not in TERM_KINDS:
            problems.append(Problem(sheet, i, str(kind_col), kind, f"unknown kind: use one of "
                                                                   f"{', '.join(TERM_KINDS)} or leave it empty"))
            continue
        if kind and (key, kind) not in pairs:
            have = sorted(k for k2, k in pairs if k2 == key)
            problems.append(Problem(sheet, i, str(kind_col), kind, f"{key} is a {' and a '.join(have)}, not a "
                                                                   f"{kind}: correct the kind or leave it empty"))
            continue
        if not zh:
            problems.append(Problem(sheet, i, str(name_col), None, f"no Chinese name for {key}: write the name, or "
                                                                   "delete the row to keep gpc's term"))
            continue
        if (key, kind) in seen:
            problems.append(Problem(sheet, i, str(key_col), key, f"{key} is also given in row {seen[key, kind]}: "
                                                                 "keep one row per term"))
            continue
        seen[key, kind] = i
        out.append({"key": key, "kind": kind, "name_zh": zh})
    return out


@contextmanager
def using_terms(terms: str | Path | pd.DataFrame | None, *, source: str | None = None) -> Iterator[pd.DataFrame]:
    """:func:`gpc.i18n.terms.using_terms` that also takes a terms file (read by :func:`read_terms`)."""
    if terms is not None and not isinstance(terms, pd.DataFrame):
        source = source or Path(terms).name
        terms = read_terms(terms)
    with _terms.using_terms(terms, source=source) as in_use:
        yield in_use
