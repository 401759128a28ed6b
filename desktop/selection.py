"""Snapping a user's text selection to whole words before it becomes a span (code points)."""

from __future__ import annotations


def _is_word(ch: str) -> bool:
    # Letters, digits, marks (combining accents) and the joiners found inside names and emails.
    return ch.isalnum() or ch in "_'’-@." or "\u0300" <= ch <= "\u036f"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Grow ``[start, end)`` to word boundaries and trim surrounding spaces and punctuation.

    Returns None when nothing but whitespace/punctuation is selected.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and not _is_mark(text[end - 1]):
        end -= 1
    if start >= end:
        return None
    while start > 0 and _is_word(text[start - 1]) and not _edge_punct(text, start - 1):
        start -= 1
    while end < len(text) and _is_word(text[end]) and not _edge_punct(text, end):
        end += 1
    return start, end


def _is_mark(ch: str) -> bool:
    return "\u0300" <= ch <= "\u036f"


def _edge_punct(text: str, i: int) -> bool:
    """Punctuation ('.', '-', '_', '@', apostrophes) only joins a word when letters are on both sides of it."""
    ch = text[i]
    if ch.isalnum() or _is_mark(ch):
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalnum() and after.isalnum())


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Character-precise selection: only strip surrounding whitespace."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
