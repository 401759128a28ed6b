"""Plain frozen records the store hands out; nothing here touches the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redaction.spans import Span

DOCUMENT_STATUSES = ("new", "in_progress", "done", "skipped")
SPAN_STATUSES = ("suggested", "accepted", "rejected")
#: Span sources besides detector recognizer names.
MANUAL, IMPORTED, PROPAGATED = "manual", "imported", "propagated"


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One version of one document. ``text`` is empty in listings (``documents()``) unless
    ``with_text=True``; ``store.document(id)`` always fills it. The counts are its spans by
    status."""

    id: int
    path: str
    sha256: str
    format: str
    status: str
    added: str
    updated: str
    finished_by: str | None = None
    version: int = 1
    previous_id: int | None = None
    current: bool = True
    properties: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    length: int = 0
    suggested: int = 0
    accepted: int = 0
    rejected: int = 0

    @property
    def spans_total(self) -> int:
        return self.suggested + self.accepted + self.rejected


@dataclass(frozen=True, slots=True)
class SpanRecord:
    id: int
    document_id: int
    start: int
    end: int
    label: str
    text: str
    score: float
    source: str
    status: str
    annotator: str | None
    updated: str

    def to_span(self) -> Span:
        return Span(self.start, self.end, self.label, self.score, self.source, self.text)


@dataclass(frozen=True, slots=True)
class Event:
    """One row of the append-only history. ``target`` is "span", "spans" (a list of whole rows
    created together, stored packed: see ``events.pack_rows``) or "document". ``before``/``after`` hold the changed columns of
    an update, the whole row of a create (``before`` None) or a delete (``after`` None)."""

    id: int
    change_id: int
    time: str
    annotator: str | None
    action: str
    target: str
    document_id: int | None
    span_id: int | None
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class Change:
    """What one mutating call wrote: its change id and the (contiguous) ids of its events.
    An empty change (nothing to do) has ``id`` None and is falsy."""

    id: int | None
    action: str
    event_ids: range = range(0)

    def __bool__(self) -> bool:
        return self.id is not None and len(self.event_ids) > 0

    @classmethod
    def empty(cls, action: str) -> Change:
        return cls(None, action, range(0))


@dataclass
class ChangeRun:
    """Several transactions recorded as ONE change: an import commits each document on its own
    (an interruption keeps what was stored) and is still undone as a whole. Pass the same run
    to each call (``store.add_document(..., run=run)``); ``change_id`` is set by the first one
    that writes."""

    action: str
    change_id: int | None = None
