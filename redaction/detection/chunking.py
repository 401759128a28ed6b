"""Cut long texts into pieces the NLP pipeline can take, at the most natural break available."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Preferred cut points, best first: a blank line, a line break, a sentence end, any space.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?]\s"), re.compile(r"\s"))


def split_text(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, piece)`` with ``text[offset:offset + len(piece)] == piece``.

    Pieces cover the whole text in order, each at most ``max_chars`` long. A piece ends after
    the last paragraph break that fits; failing that a line break, a sentence end, a space, and
    only as a last resort in the middle of a word.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    start = 0
    length = len(text)
    while length - start > max_chars:
        end = _cut(text, start, start + max_chars)
        yield start, text[start:end]
        start = end
    if start < length or length == 0:
        yield start, text[start:]


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the piece starting at ``start``: after the best break before ``limit``."""
    window = text[start:limit]
    floor = len(window) // 2  # do not cut pieces much smaller than needed
    for pattern in _BREAKS:
        last = None
        for last in pattern.finditer(window, floor):  # noqa: B007 - keep the last match
            pass
        if last is not None:
            return start + last.end()
    return limit
