"""Labels of the inventory workbook in English and Chinese (``gpc/data/labels.csv``)."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

__all__ = ["LANGS", "label", "check_lang"]

LANGS = ("en", "zh")


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for name in ("labels.csv", "labels_zh.csv", "labels_pathways.csv"):  # labels_zh.csv: the China modules' views and warnings
        f = resources.files("gpc.data").joinpath(name)
        if not f.is_file():
            continue
        with f.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                out.setdefault(r["key"], {"en": r["en"], "zh": r["zh"] or r["en"]})
    return out


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return lang


def label(key: str, lang: str = "en", **fmt: str) -> str:
    """The label of ``key`` in ``lang`` (English where no translation exists), formatted with ``fmt``.

    A Chinese label written ``@KEY`` is the GPC term ``KEY`` in use (``@CONCEPT.BASIC`` → BASIC（基本级）, or
    a user's own term inside :func:`gpc.i18n.terms.using_terms`).
    """
    entry = _labels().get(key)
    text = key if entry is None else entry.get(lang) or entry["en"]
    if lang == "zh" and text.startswith("@"):
        from gpc.i18n.terms import term

        text = term(text[1:])
    return text.format(**fmt) if fmt else text
