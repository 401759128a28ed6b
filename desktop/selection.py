"""Snapping a user's text selection to whole words before it becomes a span (code points)."""

from __future__ import annotations

import unicodedata


def _is_mark(ch: str) -> bool:
    """A combining mark (Mn, Mc, Me): accents, Indic vowel signs and viramas, enclosing marks.

    Marks belong to the letter before them, whatever block they come from (U+0300–036F, the
    Devanagari signs, U+1DC0–1DFF, U+20D0–20FF, …)."""
    return unicodedata.category(ch)[0] == "M"


def _is_letter(ch: str) -> bool:
    return ch.isalnum() or _is_mark(ch)


def _is_word(ch: str) -> bool:
    # Letters, digits, marks and the joiners found inside names and emails.
    return _is_letter(ch) or ch in "_'’-@."


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Grow ``[start, end)`` to word boundaries and trim surrounding spaces and punctuation.

    Returns None when nothing but whitespace/punctuation is selected.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not _is_letter(text[end - 1]):
        end -= 1
    if start >= end:
        return None
    while start > 0 and _is_word(text[start - 1]) and not _edge_punct(text, start - 1):
        start -= 1
    while start < end and not text[start].isalnum():  # a mark with no letter before it
        start += 1
    while end < len(text) and _is_word(text[end]) and not _edge_punct(text, end):
        end += 1
    return start, end


def _edge_punct(text: str, i: int) -> bool:
    """Punctuation ('.', '-', '_', '@', apostrophes) only joins a word when letters are on both sides of it."""
    ch = text[i]
    if _is_letter(ch):
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (_is_letter(before) and after.isalnum())


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Character-precise selection: only strip surrounding whitespace."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
