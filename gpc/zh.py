"""Chinese text a user reads from the China modules: labels and GPC terms.

Read from CSV files in ``gpc/data/``:

* ``labels_zh.csv`` (``key, en, zh``) — names of the Chinese views, warnings of the grid-factor and
  guideline rules, energy-balance notes; ``{placeholders}`` are filled by :func:`label`. Keys it lacks
  (the inventory workbook's sheet names and headers) are looked up in ``labels.csv`` by
  :func:`gpc.i18n.label`;
* ``gpc_terms_zh.csv`` — GPC rows and concepts in Chinese, with how each term was checked.

What a user *types* in Chinese is resolved elsewhere: fuel names by :mod:`gpc.activities`
(``aliases_fuels_zh.csv``), headers by :mod:`gpc.sheets` (``headers_zh.csv``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

from gpc import i18n

__all__ = ["gpc_terms", "label", "labels"]

LANGS = ("en", "zh")


def _read(name: str) -> pd.DataFrame:
    with resources.files("gpc.data").joinpath(name).open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def labels() -> pd.DataFrame:
    """All labels, indexed by ``key``, with columns ``en`` and ``zh``."""
    return _read("labels_zh.csv").set_index("key")


def label(key: str, lang: str = "zh", **values: object) -> str:
    """Return the label ``key`` in ``lang`` (``"en"`` or ``"zh"``) with its ``{placeholders}`` filled.

    Examples
    --------
    >>> label("sheet.summary"), label("sheet.summary", "en")
    ('汇总', 'Summary')

    Keys not in ``labels_zh.csv`` are looked up with :func:`gpc.i18n.label` (``labels.csv``).
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use 'en' or 'zh'")
    if key not in labels().index:
        return i18n.label(key, lang, **{k: str(v) for k, v in values.items()})
    text = str(labels().at[key, lang])
    return text.format(**values) if values else text


@lru_cache(maxsize=1)
def gpc_terms() -> pd.DataFrame:
    """GPC rows (``I.1.1`` …) and concepts (``CONCEPT.scope1`` …) in Chinese, indexed by ``key``."""
    return _read("gpc_terms_zh.csv").set_index("key")
