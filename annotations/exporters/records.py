"""The plain data every exporter writes: documents with their text and the spans to export.

Exporters work over these records so they run (and are tested) without a database;
``collect_documents`` is the thin adapter that reads them from a ``SpanStore``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, NamedTuple, Protocol

#: Span statuses as the store keeps them.
SPAN_STATUSES = ("suggested", "accepted", "rejected")


class AnnotatedSpan(NamedTuple):
    """One span to export. Offsets are code points into the document text, end exclusive.
    (A named tuple: exports build a million of them, and tuples are the cheapest to make.)"""

    start: int
    end: int
    label: str
    status: str = "accepted"
    source: str = "manual"
    annotator: str | None = None
    score: float = 1.0


class SpanLike(Protocol):
    """What exporters read of a span: an ``AnnotatedSpan`` or the store's ``SpanRecord``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def annotator(self) -> str | None: ...
    @property
    def score(self) -> float: ...


def safe_name(path: str, sha256: str, document_id: int | str) -> str:
    """A name for a document that does not reveal its source path or file name."""
    suffix = PurePath(path).suffix.lower() if path else ""
    return f"doc-{sha256[:12]}{suffix}" if sha256 else f"document-{document_id}{suffix}"


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document and its spans, in the shape the exporters need."""

    id: int | str
    text: str
    path: str = ""
    sha256: str = ""
    status: str = "done"
    annotator: str | None = None
    spans: tuple[SpanLike, ...] = field(default_factory=tuple)
    format: str = "txt"
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def meta(self) -> dict[str, Any]:
        """What the JSONL formats carry along so an import can find the document again."""
        return self.export_meta(with_paths=True)

    def export_meta(self, *, with_paths: bool) -> dict[str, Any]:
        """``meta`` as written into training data: without ``with_paths`` the source path
        (whose file name often is the candidate's name) is replaced by ``doc-<sha256[:12]>``
        and its extension, the name the anonymised copy of the document gets too."""
        return {
            "document_id": self.id,
            "path": self.path if with_paths else safe_name(self.path, self.sha256, self.id),
            "sha256": self.sha256,
            "annotator": self.annotator,
            "status": self.status,
        }


@dataclass
class Selection:
    """The documents to export (a stream) and how many there are (for progress)."""

    total: int
    documents: Iterator[AnnotatedDocument]
    #: For a store on disk: a ``store_reader.StoreQuery`` that worker processes can read again.
    query: Any = None


def select_documents(
    source: Any,
    *,
    labels: Collection[str] | None = None,
    statuses: Collection[str] = ("accepted",),
    include_unfinished: bool = False,
    include_skipped: bool | None = None,
) -> Selection:
    """The documents to export, each with only the spans that pass the filters, sorted by offset.

    ``source`` is a ``SpanStore`` (read in a stream, see ``store_reader``) or an iterable of
    ``AnnotatedDocument``. By default only documents marked done are exported (an unfinished
    document's missing spans would teach a model that PII is not PII); ``include_unfinished``
    adds new and in-progress ones, ``include_skipped`` skipped ones (default: as
    ``include_unfinished``, so that merging and agreement see every document; the exporters
    pass False unless asked).
    """
    unknown = set(statuses) - set(SPAN_STATUSES)
    if unknown:
        raise ValueError(f"unknown span status {sorted(unknown)[0]!r}")
    skipped = include_unfinished if include_skipped is None else include_skipped
    if hasattr(source, "db") and hasattr(source, "spans"):
        from annotations.exporters import store_reader

        statuses = sorted(set(statuses))
        unfinished = include_unfinished
        return Selection(
            store_reader.count_documents(
                source, include_unfinished=unfinished, include_skipped=skipped
            ),
            store_reader.read_documents(
                source,
                labels=labels,
                statuses=statuses,
                include_unfinished=unfinished,
                include_skipped=skipped,
            ),
            store_reader.StoreQuery.of(
                source,
                labels=labels,
                statuses=statuses,
                include_unfinished=unfinished,
                include_skipped=skipped,
            ),
        )
    wanted = {"done": True, "skipped": skipped}
    wanted_labels = set(labels) if labels else None
    wanted_statuses = set(statuses)
    result = []
    for doc in source:
        if not wanted.get(doc.status, include_unfinished):
            continue
        spans = tuple(
            sorted(
                (
                    s
                    for s in doc.spans
                    if s.status in wanted_statuses
                    and (wanted_labels is None or s.label in wanted_labels)
                ),
                key=_span_order,
            )
        )
        result.append(dataclasses.replace(doc, spans=spans))
    return Selection(len(result), iter(result))


def collect_documents(
    source: Any,
    *,
    labels: Collection[str] | None = None,
    statuses: Collection[str] = ("accepted",),
    include_unfinished: bool = False,
    include_skipped: bool | None = None,
) -> list[AnnotatedDocument]:
    """``select_documents`` as a list."""
    selection = select_documents(
        source,
        labels=labels,
        statuses=statuses,
        include_unfinished=include_unfinished,
        include_skipped=include_skipped,
    )
    return list(selection.documents)


def _span_order(span: SpanLike) -> tuple[int, int, str]:
    return (span.start, span.end, span.label)
