"""Reading what to export straight from the store's tables, streamed in document order.

Exports of a million spans must not build a million ``SpanRecord``s and count every document's
spans first (``SpanStore.spans()``/``documents()`` do that for the GUI): two ordered queries,
filtered in SQL (current documents, done unless asked otherwise, span statuses and labels), are
merged document by document, so memory holds one document at a time.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from operator import itemgetter
from typing import Any

from annotations.exporters.records import AnnotatedDocument, AnnotatedSpan


def count_documents(store: Any, *, include_unfinished: bool) -> int:
    where = _document_filter(include_unfinished)
    with _reading(store):
        return int(
            store.db.conn.execute(f"SELECT COUNT(*) FROM documents WHERE {where}").fetchone()[0]
        )


def read_documents(
    store: Any,
    *,
    labels: Collection[str] | None,
    statuses: Collection[str],
    include_unfinished: bool,
) -> Iterator[AnnotatedDocument]:
    """Current documents in id order, each with its selected spans sorted by offset."""
    conn = store.db.conn
    doc_filter = _document_filter(include_unfinished)
    span_filter = [f"status IN ({', '.join('?' * len(statuses))})"]
    params: list[Any] = list(statuses)
    if labels:
        span_filter.append(f"label IN ({', '.join('?' * len(labels))})")
        params += list(labels)
    span_filter.append(f"document_id IN (SELECT id FROM documents WHERE {doc_filter})")
    with _reading(store):
        docs = conn.execute(
            "SELECT id, path, sha256, format, status, finished_by, properties, text "
            f"FROM documents WHERE {doc_filter} ORDER BY id"
        )
        spans = conn.execute(
            'SELECT document_id, start, "end", label, status, source, annotator, score '
            f"FROM spans WHERE {' AND '.join(span_filter)} ORDER BY document_id",
            params,
        )
        pending = next(spans, None)
        for doc_id, path, sha, fmt, status, finished_by, properties, text in docs:
            own: list[AnnotatedSpan] = []
            while pending is not None and pending[0] <= doc_id:
                if pending[0] == doc_id:
                    own.append(AnnotatedSpan._make(pending[1:]))
                pending = next(spans, None)
            own.sort(key=_OFFSETS)
            yield AnnotatedDocument(
                doc_id,
                text,
                path,
                sha,
                status,
                finished_by,
                tuple(own),
                fmt,
                json.loads(properties or "{}"),
            )


_OFFSETS = itemgetter(0, 1, 2)  # start, end, label


def _document_filter(include_unfinished: bool) -> str:
    return "current = 1" if include_unfinished else "current = 1 AND status = 'done'"


def _reading(store: Any) -> Any:
    from annotations.connection import translated_errors

    return translated_errors(store.where)
