"""Reading what to export from a ``SpanStore``, streamed in document order.

Exports of a million spans must not build a million ``SpanRecord``s and count every document's
spans first (``SpanStore.spans()``/``documents()`` do that for the GUI): the store's
``export_rows`` merges two ordered queries, filtered in SQL (current documents, done unless
asked otherwise, skipped only when asked, span statuses and labels), document by document, so
memory holds one document at a time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from annotations.exporters.records import AnnotatedDocument, AnnotatedSpan


def document_statuses(include_unfinished: bool, include_skipped: bool) -> list[str]:
    """The document statuses an export selects."""
    wanted = ["done"]
    if include_unfinished:
        wanted += ["new", "in_progress"]
    if include_skipped:
        wanted.append("skipped")
    return wanted


def count_documents(store: Any, *, include_unfinished: bool, include_skipped: bool = False) -> int:
    return int(store.count_documents_with(document_statuses(include_unfinished, include_skipped)))


def read_documents(
    store: Any,
    *,
    labels: Collection[str] | None,
    statuses: Collection[str],
    include_unfinished: bool,
    include_skipped: bool = False,
    id_range: tuple[int, int] | None = None,
) -> Iterator[AnnotatedDocument]:
    """Current documents in id order, each with its selected spans sorted by offset
    (with ``id_range``: only those whose id lies in it, both ends included)."""
    rows = store.export_rows(
        document_statuses=document_statuses(include_unfinished, include_skipped),
        span_statuses=list(statuses),
        labels=list(labels) if labels else None,
        id_range=id_range,
    )
    for (doc_id, path, sha, fmt, status, finished_by, properties, text), span_rows in rows:
        own = sorted((AnnotatedSpan._make(row) for row in span_rows), key=_OFFSETS)
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


@dataclass(frozen=True)
class StoreQuery:
    """A store selection that another process can read again over its own connection: the
    parallel export's workers each read their own ranges of documents (forked processes must
    not share this process's SQLite connection)."""

    db_path: str
    where: str
    labels: tuple[str, ...] | None
    statuses: tuple[str, ...]
    include_unfinished: bool
    include_skipped: bool = False

    @classmethod
    def of(cls, store: Any, **filters: Any) -> StoreQuery | None:
        """The query for ``store``, or None for an in-memory database (not shareable)."""
        file = store.file
        if file is None:
            return None
        labels = filters["labels"]
        return cls(
            file,
            store.where,
            tuple(labels) if labels else None,
            tuple(filters["statuses"]),
            filters["include_unfinished"],
            filters.get("include_skipped", False),
        )

    def document_ids(self, store: Any) -> list[int]:
        """The ids of the selected documents in order (read in this process)."""
        return list(
            store.document_ids_with(
                document_statuses(self.include_unfinished, self.include_skipped)
            )
        )

    def read(self, first: int, last: int) -> Iterator[AnnotatedDocument]:
        """The selected documents with ``first <= id <= last``, over this process's connection."""
        return read_documents(
            _own_store(self.db_path, self.where),
            labels=self.labels,
            statuses=self.statuses,
            include_unfinished=self.include_unfinished,
            include_skipped=self.include_skipped,
            id_range=(first, last),
        )


_own_stores: dict[tuple[int, str], Any] = {}


def _own_store(db_path: str, where: str) -> Any:
    """A read-only store over a connection opened by (and kept for) this process."""
    key = (os.getpid(), db_path)
    if key not in _own_stores:
        from annotations.store import SpanStore
        from redaction.labels import load_labels

        _own_stores[key] = SpanStore.worker_reader(db_path, where, load_labels())
    return _own_stores[key]
