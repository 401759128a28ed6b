"""Loading many documents at once: one transaction, set-based span inserts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotations.rows import document_row
from redaction.spans import Span

if TYPE_CHECKING:
    from annotations.rows import DocumentLike
    from annotations.store import SpanStore


def bulk_insert(
    store: SpanStore, documents: Sequence[tuple[DocumentLike, Sequence[Span]]]
) -> list[int]:
    """See ``SpanStore.bulk_insert``. Returns the ids of the documents inserted."""
    prepared = [
        (doc, store._suggestion_rows(doc.text, spans, doc.path)) for doc, spans in documents
    ]
    inserted: list[int] = []
    with store._write("bulk_insert") as w:
        known = {r[0] for r in w.conn.execute("SELECT sha256 FROM documents WHERE current = 1")}
        for doc, rows in prepared:
            if doc.sha256 in known:
                continue
            known.add(doc.sha256)
            doc_id = w.insert("document", document_row(doc, w.time))
            for row in rows:
                row["document_id"] = doc_id
                row["updated"] = w.time
            w.insert_spans(doc_id, rows)
            inserted.append(doc_id)
    return inserted
