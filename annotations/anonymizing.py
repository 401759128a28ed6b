"""What anonymising a project's documents needs from its database, for every front.

``redact anonymize --db`` and the app's export dialog both call ``anonymize_batch`` with the
sources made here, so a rule about which spans count, which texts were rejected and which
documents were reviewed is written once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotations.records import DocumentRecord
from annotations.store import SpanStore
from redaction.anonymization.batch import RejectedSource, ReviewedSource, SpansSource
from redaction.documents.model import Document
from redaction.errors import RedactError
from redaction.spans import Span


class NotReviewedError(RedactError):
    """A document that is not marked done, when only reviewed documents are wanted."""


@dataclass(frozen=True)
class ReviewSources:
    spans_for: SpansSource
    rejected_for: RejectedSource
    reviewed_for: ReviewedSource


def review_sources(store: SpanStore, *, include_unreviewed: bool = False) -> ReviewSources:
    """Spans, rejected texts and review state of each document, found by its content hash.

    The spans are those the annotators accepted; a document not marked done is refused
    (``NotReviewedError``) unless ``include_unreviewed``, and then its open suggestions count
    too. A file whose content is not in the database is refused with ``RedactError``."""

    def record_of(document: Document) -> DocumentRecord:
        record = store.find_document(document.sha256)
        if record is None:
            raise RedactError(
                f"{document.path}: not in the project database (same content not found; "
                "changed since it was reviewed?)"
            )
        return record

    def spans_for(document: Document) -> Sequence[Span]:
        record = record_of(document)
        if store.document(record.id).text != document.text:
            # the same bytes decoded otherwise (another text encoding chosen since the import):
            # the stored offsets would land on the wrong characters
            raise RedactError(
                f"{document.path}: its text reads differently now than when it was imported "
                f"(read as {getattr(document.layout, 'encoding', '?')} now); use the text "
                "encoding it was imported with"
            )
        statuses = ["accepted"]
        if record.status != "done":
            if not include_unreviewed:
                raise NotReviewedError(
                    f"{document.path}: not marked done (status {record.status}); finish the "
                    "review or include unreviewed documents"
                )
            statuses.append("suggested")
        return [s.to_span() for s in store.spans(record.id, status=statuses)]

    def rejected_for(document: Document) -> list[str]:
        record = store.find_document(document.sha256)
        if record is None:
            return []
        return [s.text for s in store.spans(record.id, status=["rejected"])]

    def reviewed_for(document: Document) -> bool:
        record = store.find_document(document.sha256)
        return record is not None and record.status == "done"

    return ReviewSources(spans_for, rejected_for, reviewed_for)
