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
