"""Counts in the words both fronts print: "1 document", "3 documents"."""

from __future__ import annotations


def plural(count: int, word: str, words: str | None = None) -> str:
    """``plural(1, "span")`` -> "1 span"; ``plural(2, "entry", "entries")`` -> "2 entries"."""
    return f"{count} {word if count == 1 else (words or word + 's')}"
