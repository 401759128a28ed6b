"""Tokenisation shared by the token-based formats, and how spans are lined up with tokens.

Every format uses spaCy's English tokenizer (``spacy.blank("en")``: the same tokenizer rules as
``en_core_web_sm``), loaded once per process. A span must start and end on token boundaries;
when it does not, ``align_span`` applies the one documented repair and otherwise reports it:

* ``exact``: the span already lines up (``doc.char_span(start, end)`` is not None);
* ``trimmed``: shrinking it to the tokens inside it only drops whitespace/punctuation
  (``alignment_mode="contract"``), e.g. ``"Smith "`` or ``"Smith,"`` when the comma is a token;
  a span never starts or ends on a whitespace token (``"\\nJohn Smith"``, ``"\\tBob"``: spaCy
  makes ``"\\n"`` and ``"\\t"`` tokens), so those are trimmed off even when the span is on token
  boundaries;
* ``expanded``: growing it to the tokens it touches only adds whitespace/punctuation
  (``alignment_mode="expand"``);
* ``misaligned``: anything else (e.g. ``"Jo"`` inside the token ``"John"``, or a span of
  whitespace only). Token-based formats
  (Prodigy JSONL, DocBin, CoNLL) leave it out and the export reports it; doccano keeps it as is.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, TypeVar

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

AlignmentKind = Literal["exact", "trimmed", "expanded", "misaligned"]

#: A token span ``(first, last_inclusive, label, ...)``.
T = TypeVar("T", bound=tuple[Any, ...])


@lru_cache(maxsize=1)
def english_tokenizer() -> Tokenizer:
    """spaCy's English tokenizer without any pipeline (fast to load, no model files)."""
    import spacy

    return spacy.blank("en").tokenizer


class Alignment(NamedTuple):
    """Where a span lands on the tokens. ``token_end`` is inclusive, as in Prodigy."""

    kind: AlignmentKind
    start: int
    end: int
    token_start: int = -1
    token_end: int = -1

    @property
    def usable(self) -> bool:
        return self.kind != "misaligned"


class TokenizedText:
    """A text tokenised once, with the character offsets of every token for bisecting.

    Token attributes are read in one ``Doc.to_array`` call: iterating ``Token`` objects costs
    more than tokenising, and exports must stay well above 100,000 spans/s.
    """

    __slots__ = ("doc", "ends", "space", "starts", "text", "ws")

    def __init__(self, text: str) -> None:
        from spacy.attrs import IDX, IS_SPACE, LENGTH, SPACY

        self.text = text
        self.doc: Doc = english_tokenizer()(text)
        if len(self.doc):
            rows = self.doc.to_array([IDX, LENGTH, SPACY, IS_SPACE])
            self.starts: list[int] = rows[:, 0].tolist()
            self.ends: list[int] = (rows[:, 0] + rows[:, 1]).tolist()
            self.ws: list[int] = rows[:, 2].tolist()  # 1: followed by one space
            self.space: list[int] = rows[:, 3].tolist()  # 1: a whitespace-only token
        else:
            self.starts, self.ends, self.ws, self.space = [], [], [], []

    def texts(self) -> list[str]:
        text = self.text
        return [text[s:e] for s, e in zip(self.starts, self.ends, strict=True)]

    def _only_filler_between(self, start: int, end: int, new_start: int, new_end: int) -> bool:
        """True when moving [start, end) to [new_start, new_end) adds or drops only filler."""
        text = self.text
        changed = text[min(start, new_start) : max(start, new_start)]
        changed += text[min(end, new_end) : max(end, new_end)]
        return _only_filler(changed)

    def __len__(self) -> int:
        return len(self.starts)

    def align(self, start: int, end: int) -> Alignment:
        """Where ``[start, end)`` lands on the tokens. A span never starts or ends on a
        whitespace token (spaCy makes ``"\\n"``, ``"\\t"`` and extra spaces tokens of their
        own): those are trimmed off, and a span of whitespace only is misaligned."""
        starts, ends = self.starts, self.ends
        ts = bisect_left(starts, start)
        te = bisect_left(ends, end)
        if ts < len(starts) and starts[ts] == start and te < len(ends) and ends[te] == end:
            if self.space[ts] or self.space[te]:
                return self._without_edge_space("exact", start, end, ts, te)
            return Alignment("exact", start, end, ts, te)
        # contract: the tokens lying fully inside [start, end)
        candidates = [("trimmed", ts, bisect_right(ends, end) - 1)]
        # expand: every token that overlaps [start, end)
        candidates.append(("expanded", bisect_right(ends, start), bisect_left(starts, end) - 1))
        for kind, first, last in candidates:
            if first <= last and self._only_filler_between(start, end, starts[first], ends[last]):
                return self._without_edge_space(kind, start, end, first, last)  # type: ignore[arg-type]
        return Alignment("misaligned", start, end)

    def _without_edge_space(
        self, kind: AlignmentKind, start: int, end: int, first: int, last: int
    ) -> Alignment:
        """The alignment of tokens ``first..last`` after dropping whitespace tokens at its edges
        (an exact span that loses some becomes "trimmed")."""
        space = self.space
        trimmed_first, trimmed_last = first, last
        while trimmed_first <= trimmed_last and space[trimmed_first]:
            trimmed_first += 1
        while trimmed_last >= trimmed_first and space[trimmed_last]:
            trimmed_last -= 1
        if trimmed_first > trimmed_last:
            return Alignment("misaligned", start, end)
        if kind == "exact" and (trimmed_first, trimmed_last) != (first, last):
            kind = "trimmed"
        return Alignment(
            kind,
            self.starts[trimmed_first],
            self.ends[trimmed_last],
            trimmed_first,
            trimmed_last,
        )


def _only_filler(chars: str) -> bool:
    """True when every character is whitespace or punctuation (Unicode categories Z*, P*, Cc)."""
    return all(c.isspace() or unicodedata.category(c)[0] in "PZ" for c in chars)


class Overlaps(NamedTuple, Generic[T]):
    """``non_overlapping``'s answer: what stays, in text order, and what was dropped, each
    with the kept item that took its place."""

    kept: list[T]
    dropped: list[tuple[T, T]]


def non_overlapping(spans: Iterable[T]) -> Overlaps[T]:
    """Token spans ``(first, last_inclusive, label, ...)`` without overlaps, longest first (ties:
    the earlier one), in text order: the rule of ``spacy.util.filter_spans``. A repeat of a kept
    span (same tokens and label) is dropped silently; every other dropped span is returned."""
    owner: dict[int, T] = {}
    kept: list[T] = []
    dropped: list[tuple[T, T]] = []
    for item in sorted(spans, key=lambda s: (s[1] - s[0], -s[0]), reverse=True):
        first, last = item[0], item[1]
        clash = next((owner[t] for t in range(first, last + 1) if t in owner), None)
        if clash is None:
            kept.append(item)
            owner.update(dict.fromkeys(range(first, last + 1), item))
        elif tuple(clash[:3]) != tuple(item[:3]):
            dropped.append((item, clash))
    kept.sort(key=lambda s: (s[0], s[1]))
    dropped.sort(key=lambda pair: (pair[0][0], pair[0][1]))
    return Overlaps(kept, dropped)
