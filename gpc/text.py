"""Text helpers for messages, on the ground floor: :func:`closest` (the "did you mean" of a typing mistake)."""

from __future__ import annotations

import difflib

__all__ = ["closest"]


def closest(text: str, options: list[str] | tuple[str, ...]) -> str:
    """`` (did you mean 'x'?)`` for the closest option, or an empty string."""
    m = difflib.get_close_matches(text, list(options), n=1, cutoff=0.6)
    return f" (did you mean {m[0]!r}?)" if m else ""
