"""Read-only queries over the store: rows to records, the document list, statistics."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotations.events import SPAN_COLUMNS, q
from annotations.records import DocumentRecord, SpanRecord

SPAN_SELECT = f"SELECT {', '.join(map(q, SPAN_COLUMNS))} FROM spans"
#: Columns of ``SpanStore.span_table()`` rows, in order.
SPAN_TABLE_COLUMNS = (
    "id", "document_id", "start", "end", "label", "status", "source", "annotator", "score",
)  # fmt: skip
SPAN_TABLE_SELECT = ", ".join(map(q, SPAN_TABLE_COLUMNS))
_DOC_FIELDS = (
    "d.id, d.path, d.sha256, d.format, d.status, d.added, d.updated, d.finished_by, d.version, "
    "d.previous_id, d.current, d.properties"
)
_COUNTS = (
    "COALESCE(c.suggested, 0), COALESCE(c.accepted, 0), COALESCE(c.rejected, 0) "
    "FROM documents d LEFT JOIN document_counts c ON c.document_id = d.id"
)


def span_record(row: Sequence[Any]) -> SpanRecord:
    return SpanRecord(*row)


def document_record(row: Sequence[Any], with_text: bool) -> DocumentRecord:
    (doc_id, path, sha, fmt, status, added, updated, finished_by, version, previous_id,
     current, properties, text, length, suggested, accepted, rejected) = row  # fmt: skip
    return DocumentRecord(
        id=doc_id,
        path=path,
        sha256=sha,
        format=fmt,
        status=status,
        added=added,
        updated=updated,
        finished_by=finished_by,
        version=version,
        previous_id=previous_id,
        current=bool(current),
        properties=json.loads(properties or "{}"),
        text=text if with_text else "",
        length=length,
        suggested=suggested,
        accepted=accepted,
        rejected=rejected,
    )


def select_documents(
    conn: sqlite3.Connection,
    *,
    where: str = "",
    params: Sequence[Any] = (),
    with_text: bool = False,
    order: str = "d.id",
    limit: int | None = None,
) -> list[DocumentRecord]:
    """Documents with their span counts by status (kept by triggers), in one query."""
    text = "d.text" if with_text else "''"
    sql = (
        f"SELECT {_DOC_FIELDS}, {text}, d.text_length, {_COUNTS}"
        + (f" WHERE {where}" if where else "")
        + f" ORDER BY {order}"
        + (f" LIMIT {int(limit)}" if limit is not None else "")
    )
    return [document_record(row, with_text) for row in conn.execute(sql, params)]


def span_filter(
    *,
    doc_id: int | None = None,
    status: str | Collection[str] | None = None,
    label: str | Collection[str] | None = None,
    min_score: float | None = None,
    current_only: bool = True,
) -> tuple[str, list[Any]]:
    """A WHERE clause over ``spans`` (and its parameters) for the common filters."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("status", status), ("label", label)):
        if value is None:
            continue
        values = [value] if isinstance(value, str) else list(value)
        clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
        params.extend(values)
    if doc_id is not None:
        clauses.append("document_id = ?")
        params.append(doc_id)
    elif current_only:
        clauses.append("document_id IN (SELECT id FROM documents WHERE current = 1)")
    if min_score is not None:
        clauses.append("score >= ?")
        params.append(min_score)
    return (" AND ".join(clauses) or "1"), params


@dataclass(frozen=True)
class StoreStats:
    """What ``redact status`` shows. Only current document versions are counted."""

    documents: dict[str, int]
    spans: dict[str, dict[str, int]]  # label -> status -> count
    annotators: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "spans": self.spans, "annotators": self.annotators}


def stats(conn: sqlite3.Connection) -> StoreStats:
    from annotations.records import DOCUMENT_STATUSES

    documents = dict.fromkeys(DOCUMENT_STATUSES, 0)
    for status, count in conn.execute(
        "SELECT status, COUNT(*) FROM documents WHERE current = 1 GROUP BY status"
    ):
        documents[status] = count
    spans: dict[str, dict[str, int]] = {}
    for label, status, count in conn.execute(
        "SELECT label, status, COUNT(*) FROM spans WHERE document_id IN "
        "(SELECT id FROM documents WHERE current = 1) GROUP BY label, status ORDER BY label"
    ):
        spans.setdefault(label, {"suggested": 0, "accepted": 0, "rejected": 0})[status] = count
    annotators: dict[str, dict[str, int]] = {}
    for name, status, count in conn.execute(
        "SELECT annotator, status, COUNT(*) FROM spans WHERE status != 'suggested' "
        "AND annotator IS NOT NULL AND document_id IN "
        "(SELECT id FROM documents WHERE current = 1) GROUP BY annotator, status"
    ):
        annotators.setdefault(name, {"accepted": 0, "rejected": 0, "documents_done": 0})
        annotators[name][status] = count
    for name, count in conn.execute(
        "SELECT finished_by, COUNT(*) FROM documents WHERE current = 1 AND status = 'done' "
        "AND finished_by IS NOT NULL GROUP BY finished_by"
    ):
        annotators.setdefault(name, {"accepted": 0, "rejected": 0, "documents_done": 0})
        annotators[name]["documents_done"] = count
    return StoreStats(documents, spans, annotators)


def documents_to_mark_done(
    conn: sqlite3.Connection, doc_id: int | None, label: str | None, min_score: float | None
) -> list[int]:
    """The documents a bulk decision with ``mark_done`` marks done, whether or not they had
    suggestions left: ``doc_id``; else every current document not yet done or skipped (with a
    label or score filter: those having a span that matches it). ``label`` is canonical."""
    if doc_id is not None:
        return [doc_id]
    having, params = "", list[Any]()
    if label is not None or min_score is not None:
        where, params = span_filter(label=label, min_score=min_score)
        having = f" AND id IN (SELECT document_id FROM spans WHERE {where})"
    cur = conn.execute(
        "SELECT id FROM documents WHERE current = 1 AND status IN ('new', 'in_progress')"
        f"{having} ORDER BY id",
        params,
    )
    return [int(r[0]) for r in cur]


# -- exports: two ordered queries merged document by document (one document in memory) --------


def _status_filter(statuses: Collection[str]) -> str:
    """SQL for current documents with one of ``statuses`` (checked names, no user text)."""
    return f"current = 1 AND status IN ({', '.join(repr(str(s)) for s in statuses)})"


def count_documents_with(conn: sqlite3.Connection, statuses: Collection[str]) -> int:
    where = _status_filter(statuses)
    return int(conn.execute(f"SELECT COUNT(*) FROM documents WHERE {where}").fetchone()[0])


def count_by_status(conn: sqlite3.Connection) -> dict[str, int]:
    rows = conn.execute("SELECT status, COUNT(*) FROM documents WHERE current = 1 GROUP BY status")
    return {status: int(count) for status, count in rows}


def document_ids_with(conn: sqlite3.Connection, statuses: Collection[str]) -> list[int]:
    where = _status_filter(statuses)
    return [row[0] for row in conn.execute(f"SELECT id FROM documents WHERE {where} ORDER BY id")]


#: The document columns and span columns ``export_rows`` gives.
EXPORT_DOCUMENT_COLUMNS = (
    "id",
    "path",
    "sha256",
    "format",
    "status",
    "finished_by",
    "properties",
    "text",
)
EXPORT_SPAN_COLUMNS = ("start", "end", "label", "status", "source", "annotator", "score")


def export_rows(
    conn: sqlite3.Connection,
    *,
    document_statuses: Collection[str],
    span_statuses: Collection[str],
    labels: Collection[str] | None,
    id_range: tuple[int, int] | None = None,
) -> Any:
    """(document row, [span rows]) in document id order; spans unsorted."""
    doc_filter = _status_filter(document_statuses)
    if id_range is not None:
        doc_filter += f" AND id BETWEEN {int(id_range[0])} AND {int(id_range[1])}"
    span_filter = [f"status IN ({', '.join('?' * len(span_statuses))})"]
    params: list[Any] = list(span_statuses)
    if labels:
        span_filter.append(f"label IN ({', '.join('?' * len(labels))})")
        params += list(labels)
    span_filter.append(f"document_id IN (SELECT id FROM documents WHERE {doc_filter})")
    docs = conn.execute(
        f"SELECT {', '.join(EXPORT_DOCUMENT_COLUMNS)} FROM documents WHERE {doc_filter} ORDER BY id"
    )
    spans = conn.execute(
        'SELECT document_id, start, "end", label, status, source, annotator, score '
        f"FROM spans WHERE {' AND '.join(span_filter)} ORDER BY document_id",
        params,
    )
    pending = next(spans, None)
    for doc in docs:
        own = []
        while pending is not None and pending[0] <= doc[0]:
            if pending[0] == doc[0]:
                own.append(tuple(pending[1:]))
            pending = next(spans, None)
        yield doc, own


Decision = tuple[str, str, str, str, float, str, str]


def decided_spans(conn: sqlite3.Connection) -> list[Decision]:
    """(label, text, status, source, score, before, after) of every accepted or rejected span
    of the current documents marked done, in document order; ``before`` and ``after`` are up
    to 40 characters of the text on each side."""
    return [decision for _, decision in decided_spans_by_document(conn)]


def decided_spans_by_document(conn: sqlite3.Connection) -> list[tuple[str, Decision]]:
    """:func:`decided_spans`, each with the name its document has in the gold (its path, or
    "document N")."""
    return [
        (
            str(name),
            (
                str(label),
                str(text),
                str(status),
                str(source),
                float(score),
                str(before),
                str(after),
            ),
        )  # fmt: skip
        for name, label, text, status, source, score, before, after in conn.execute(
            "SELECT coalesce(d.path, 'document ' || d.id), s.label, s.text, s.status, s.source, "
            "s.score, substr(d.text, max(s.start - 39, 1), min(s.start, 40)), "
            'substr(d.text, s."end" + 1, 40) '
            "FROM spans s JOIN documents d ON d.id = s.document_id "
            "WHERE d.current = 1 AND d.status = 'done' AND s.status IN ('accepted', 'rejected') "
            "ORDER BY d.id, s.start"
        )
    ]


def forgotten_lessons(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    return {
        (str(label), str(key))
        for label, key in conn.execute("SELECT label, key FROM learned_forgotten")
    }
