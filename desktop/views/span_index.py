"""Spans as the text view shows them (UTF-16 positions) with the lookups painting needs.

Plain Python with no Qt, so a large document's index can be built off the GUI thread.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter

from annotations.records import SpanRecord
from desktop.offsets import OffsetMap


@dataclass(frozen=True, slots=True)
class ViewSpan:
    """A span as the views show it: UTF-16 positions, label name and review status."""

    id: int
    start: int
    end: int
    label: str
    status: str


def view_span(span: SpanRecord, offsets: OffsetMap) -> ViewSpan:
    if offsets.is_identity:
        return ViewSpan(span.id, span.start, span.end, span.label, span.status)
    start, end = offsets.span_to_utf16(span.start, span.end)
    return ViewSpan(span.id, start, end, span.label, span.status)


class SpanIndex:
    """Sorted spans, their starts (for bisecting), positions by id, and which overlap."""

    def __init__(self, spans: Iterable[ViewSpan] = ()) -> None:
        self.spans = sorted(spans, key=attrgetter("start", "end"))
        self.starts = [s.start for s in self.spans]
        self.position = {s.id: i for i, s in enumerate(self.spans)}
        self.max_len = max((s.end - s.start for s in self.spans), default=0)
        self.overlapping = overlapping_ids(self.spans)

    @classmethod
    def of_records(cls, records: Iterable[SpanRecord], offsets: OffsetMap) -> SpanIndex:
        return cls(view_span(r, offsets) for r in records)

    def get(self, span_id: int | None) -> ViewSpan | None:
        i = self.position.get(span_id) if span_id is not None else None
        return self.spans[i] if i is not None else None

    def replace(self, span: ViewSpan) -> bool:
        """Swap in a span with the same id and range; False if the index must be rebuilt."""
        i = self.position.get(span.id)
        if i is None or (self.spans[i].start, self.spans[i].end) != (span.start, span.end):
            return False
        self.spans[i] = span
        return True

    def between(self, lo: int, hi: int) -> list[ViewSpan]:
        """Spans that touch ``[lo, hi]``."""
        first = bisect_left(self.starts, lo - self.max_len)
        last = bisect_right(self.starts, hi)
        return [s for s in self.spans[first:last] if s.end >= lo]

    def at(self, position: int) -> list[ViewSpan]:
        first = bisect_left(self.starts, position - self.max_len)
        last = bisect_right(self.starts, position)
        return [s for s in self.spans[first:last] if s.start <= position < s.end]


def overlapping_ids(spans: list[ViewSpan]) -> set[int]:
    """Ids of spans that overlap another (spans sorted by start). Rejected ones don't count."""
    out: set[int] = set()
    reach: ViewSpan | None = None
    for span in spans:
        if span.status == "rejected":
            continue
        if reach is not None and span.start < reach.end:
            out.update((span.id, reach.id))
        if reach is None or span.end > reach.end:
            reach = span
    return out
