"""Reading what to export straight from the store's tables, streamed in document order.

Exports of a million spans must not build a million ``SpanRecord``s and count every document's
spans first (``SpanStore.spans()``/``documents()`` do that for the GUI): two ordered queries,
filtered in SQL (current documents, done unless asked otherwise, skipped only when asked, span statuses and labels), are
merged document by document, so memory holds one document at a time.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from annotations.exporters.records import AnnotatedDocument, AnnotatedSpan


def count_documents(store: Any, *, include_unfinished: bool, include_skipped: bool = False) -> int:
    where = _document_filter(include_unfinished, include_skipped)
    with _reading(store):
        return int(
            store.db.conn.execute(f"SELECT COUNT(*) FROM documents WHERE {where}").fetchone()[0]
        )


def count_by_status(store: Any) -> dict[str, int]:
    """How many current documents have each status (to explain an empty export)."""
    with _reading(store):
        rows = store.db.conn.execute(
            "SELECT status, COUNT(*) FROM documents WHERE current = 1 GROUP BY status"
        )
        return {status: int(count) for status, count in rows}


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
    conn = store.db.conn
    doc_filter = _document_filter(include_unfinished, include_skipped)
    if id_range is not None:
        first, last = int(id_range[0]), int(id_range[1])
        doc_filter += f" AND id BETWEEN {first} AND {last}"
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
        row = store.db.conn.execute("PRAGMA database_list").fetchone()
        if not row or not row[2]:
            return None
        labels = filters["labels"]
        return cls(
            row[2],
            store.where,
            tuple(labels) if labels else None,
            tuple(filters["statuses"]),
            filters["include_unfinished"],
            filters.get("include_skipped", False),
        )

    def document_ids(self, store: Any) -> list[int]:
        """The ids of the selected documents in order (read in this process)."""
        where = _document_filter(self.include_unfinished, self.include_skipped)
        with _reading(store):
            rows = store.db.conn.execute(f"SELECT id FROM documents WHERE {where} ORDER BY id")
            return [row[0] for row in rows]

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
    """A read-only view of the store over a connection opened by (and kept for) this process."""
    key = (os.getpid(), db_path)
    if key not in _own_stores:
        from sqlite_utils import Database

        with _reading(SimpleNamespace(where=where)):
            conn = sqlite3.connect(f"{Path(db_path).as_uri()}?mode=ro", uri=True)
        _own_stores[key] = SimpleNamespace(db=Database(conn), where=where)
    return _own_stores[key]


def _document_filter(include_unfinished: bool, include_skipped: bool) -> str:
    wanted = ["done"]
    if include_unfinished:
        wanted += ["new", "in_progress"]
    if include_skipped:
        wanted.append("skipped")
    return f"current = 1 AND status IN ({', '.join(repr(s) for s in wanted)})"


def _reading(store: Any) -> Any:
    from annotations.connection import translated_errors

    return translated_errors(store.where)
