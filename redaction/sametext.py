"""What "the same text" means wherever one occurrence of a string stands for the others.

An annotator's decision on "Zoë Hartley" goes to every other occurrence of it; a name the
detector kept is flagged again wherever it recurs; the anonymiser gives one identity one
replacement and the leak check searches the output for every form of it. All of them compare
text through ``fold``: case is ignored (``str.casefold``), so is the Unicode normal form
(a decomposed "Zoe\\u0308" is "Zoë"), and any white space counts as one space character (a
name broken over two lines is still the name).

``FoldedText`` searches a folded copy of a text and maps every match back to exact offsets
of the original, cluster by cluster (a character and the combining marks after it), so folding
that changes lengths ("ß" folds to "ss") never shifts a span.

The anonymiser's identity key (``redaction.anonymization.normalize.normal_key``) is coarser
on purpose: it also drops diacritics and invisible format characters and collapses runs of
spaces, because a leak check must count "Jose Alvarez" as a form of "José Álvarez" (a property
test keeps it never finer than ``fold``). A decision is not propagated that far: "Zoe" may be
somebody else.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Every character ``str.isspace`` accepts, as a space (a test keeps the list complete).
WHITE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_TO_SPACE = str.maketrans(WHITE_SPACE, " " * len(WHITE_SPACE))


def _fold_cluster(chunk: str) -> str:
    if chunk.isspace():
        return " " * len(chunk)
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", chunk).casefold())


def _clusters(text: str) -> list[tuple[int, int]]:
    """(start, end) of each character with the combining marks that follow it."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            bounds.append((start, i))
            start = i
    return bounds


def _fold_in_place(text: str) -> str | None:
    """The fold of ``text`` when it keeps every offset (None otherwise): any ASCII text, and
    most others (NFC text whose case folding maps each character to one)."""
    if text.isascii():
        return text.lower().translate(_TO_SPACE)
    if not unicodedata.is_normalized("NFC", text):
        return None
    folded = text.casefold()
    if len(folded) != len(text) or not unicodedata.is_normalized("NFC", folded):
        return None
    return folded.translate(_TO_SPACE)


def fold(text: str) -> str:
    """``text`` in the form every "same text" comparison uses."""
    in_place = _fold_in_place(text)
    if in_place is not None:
        return in_place
    return "".join(_fold_cluster(text[a:b]) for a, b in _clusters(text))


@dataclass(frozen=True)
class FoldedText:
    """``text`` folded, with the original offset of every cluster boundary in the fold (None:
    the same offsets, the common case)."""

    folded: str
    starts: dict[int, int] | None = None  # folded offset where a cluster starts -> original
    ends: dict[int, int] | None = None  # folded offset where a cluster ends -> original

    @classmethod
    def of(cls, text: str) -> FoldedText:
        in_place = _fold_in_place(text)
        if in_place is not None:
            return cls(in_place)
        parts: list[str] = []
        starts: dict[int, int] = {}
        ends: dict[int, int] = {0: 0}
        at = 0
        for start, end in _clusters(text):
            folded = _fold_cluster(text[start:end])
            starts[at] = start
            at += len(folded)
            ends[at] = end
            parts.append(folded)
        starts[at] = len(text)
        return cls("".join(parts), starts, ends)

    @property
    def same_offsets(self) -> bool:
        return self.starts is None

    def original(self, start: int, end: int) -> tuple[int, int] | None:
        """The original offsets of the folded range ``start:end``; None when it does not start
        and end on cluster boundaries (half a letter with its accent)."""
        if self.starts is None or self.ends is None:
            return start, end
        first, last = self.starts.get(start), self.ends.get(end)
        if first is None or last is None or first >= last:
            return None
        return first, last

    def find(self, needle: str) -> list[tuple[int, int]]:
        """Original (start, end) of every occurrence of the folded ``needle``."""
        found: list[tuple[int, int]] = []
        if not needle:
            return found
        at = self.folded.find(needle)
        while at != -1:
            span = self.original(at, at + len(needle))
            if span is not None:
                found.append(span)
            at = self.folded.find(needle, at + 1)
        return found


#: Combining marks (accents) that ``strip_diacritics`` drops after NFKD.
COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def strip_diacritics(text: str) -> str:
    """ "José Álvarez" → "Jose Alvarez" (combining marks dropped after NFKD; this also folds
    compatibility forms such as full-width letters, and is the same for NFC and NFD input).
    Not part of ``fold``: it is the anonymiser's coarser key, and how name lists are looked
    up."""
    if text.isascii():
        return text
    return COMBINING.sub("", unicodedata.normalize("NFKD", text))


def phrase_key(phrase: str) -> str:
    """A phrase folded, its runs of white space made one space: the needle that finds "Jane
    Smith" where a text has "Jane\nSmith"."""
    return " ".join(fold(phrase).split())
