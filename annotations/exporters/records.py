"""The plain data every exporter writes: documents with their text and the spans to export.

Exporters work over these records so they run (and are tested) without a database;
``collect_documents`` is the thin adapter that reads them from a ``SpanStore``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

#: Span statuses as the store keeps them.
SPAN_STATUSES = ("suggested", "accepted", "rejected")


@dataclass(frozen=True, slots=True)
class AnnotatedSpan:
    """One span to export. Offsets are code points into the document text, end exclusive."""

    start: int
    end: int
    label: str
    status: str = "accepted"
    source: str = "manual"
    annotator: str | None = None
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document and its spans, in the shape the exporters need."""

    id: int | str
    text: str
    path: str = ""
    sha256: str = ""
    status: str = "done"
    annotator: str | None = None
    spans: tuple[AnnotatedSpan, ...] = field(default_factory=tuple)
    format: str = "txt"
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def meta(self) -> dict[str, Any]:
        """What the JSONL formats carry along so an import can find the document again."""
        return {
            "document_id": self.id,
            "path": self.path,
            "sha256": self.sha256,
            "annotator": self.annotator,
            "status": self.status,
        }


class _StoreLike(Protocol):
    """The part of ``annotations.store.SpanStore`` the exporters read."""

    def documents(
        self, status: Any = None, search: Any = None, *, with_text: bool = ...
    ) -> list[Any]: ...

    def spans(self, doc_id: Any = None, *, status: Any = None) -> list[Any]: ...


def collect_documents(
    source: _StoreLike | Iterable[AnnotatedDocument],
    *,
    labels: Collection[str] | None = None,
    statuses: Collection[str] = ("accepted",),
    include_unfinished: bool = False,
) -> list[AnnotatedDocument]:
    """The documents to export, each with only the spans that pass the filters, sorted by offset.

    By default only documents marked done are exported (an unfinished document's missing spans
    would teach a model that PII is not PII); ``include_unfinished`` adds the others.
    """
    unknown = set(statuses) - set(SPAN_STATUSES)
    if unknown:
        raise ValueError(f"unknown span status {sorted(unknown)[0]!r}")
    wanted_labels = set(labels) if labels else None
    wanted_statuses = set(statuses)
    if hasattr(source, "documents") and hasattr(source, "spans"):
        documents: Iterable[AnnotatedDocument] = _from_store(source, wanted_statuses)  # type: ignore[arg-type]
    else:
        documents = source  # type: ignore[assignment]
    result = []
    for doc in documents:
        if not include_unfinished and doc.status != "done":
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
        result.append(_replace_spans(doc, spans))
    return result


def _span_order(span: AnnotatedSpan) -> tuple[int, int, str]:
    return (span.start, span.end, span.label)


def _replace_spans(doc: AnnotatedDocument, spans: tuple[AnnotatedSpan, ...]) -> AnnotatedDocument:
    return dataclasses.replace(doc, spans=spans)


def _from_store(store: _StoreLike, statuses: set[str]) -> Iterator[AnnotatedDocument]:
    """Read current documents and their spans with one query each (not one per document)."""
    by_doc: dict[Any, list[AnnotatedSpan]] = {}
    for rec in store.spans(status=sorted(statuses)):
        spans = by_doc.get(rec.document_id)
        if spans is None:
            spans = by_doc[rec.document_id] = []
        spans.append(
            AnnotatedSpan(
                rec.start, rec.end, rec.label, rec.status, rec.source, rec.annotator, rec.score
            )
        )
    for doc in store.documents(with_text=True):
        yield AnnotatedDocument(
            id=doc.id,
            text=doc.text,
            path=str(doc.path),
            sha256=doc.sha256,
            status=doc.status,
            annotator=doc.finished_by,
            spans=tuple(by_doc.get(doc.id, ())),
            format=doc.format,
            properties=doc.properties,
        )
