"""Putting documents and their suggestions into the store (one or many per transaction)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from annotations import queries, versions
from annotations.errors import StoreError
from annotations.events import ChangeWriter
from annotations.rows import DocumentLike, document_row, span_row, stored_path
from redaction.spans import Span


def suggestion_rows(
    label_of: Callable[[str], str], text: str, suggestions: Iterable[Span], where: Any
) -> list[dict[str, Any]]:
    """Span rows for suggestions: labels canonical, text from the document, exact duplicates
    merged (highest score). StoreError naming ``where`` for offsets outside the text."""
    rows: dict[tuple[int, int, str], dict[str, Any]] = {}
    for span in suggestions:
        label = label_of(span.label)
        if span.end > len(text):
            raise StoreError(
                where, f"span {span.start}..{span.end} is outside the text ({len(text)})"
            )
        key = (span.start, span.end, label)
        if key not in rows or rows[key]["score"] < span.score:
            clean = Span(
                span.start, span.end, label, span.score, span.source, text[span.start : span.end]
            )
            rows[key] = span_row(clean, "suggested", None, "")
    return sorted(rows.values(), key=lambda r: (r["start"], r["end"], r["label"]))


def insert_document(w: ChangeWriter, document: DocumentLike, rows: list[dict[str, Any]]) -> int:
    """Insert a document not stored yet; a changed file at a stored path becomes a new version
    carrying over the decisions that still match (``annotations.versions``)."""
    previous = w.conn.execute(
        "SELECT id, version FROM documents WHERE path = ? AND current = 1 ORDER BY id DESC LIMIT 1",
        (stored_path(document),),
    ).fetchone()
    kept: list[tuple[Any, int]] = []
    if previous is not None:
        where, params = queries.span_filter(doc_id=previous[0])
        old = w.conn.execute(f"{queries.SPAN_SELECT} WHERE {where} ORDER BY start", params)
        kept = versions.carry_over((queries.span_record(r) for r in old), document.text)
        w.update("document", previous[0], {"current": 0, "updated": w.time})
    doc_id = w.insert(
        "document",
        document_row(
            document,
            w.time,
            status="in_progress" if kept else "new",
            version=previous[1] + 1 if previous else 1,
            previous_id=previous[0] if previous else None,
        ),
    )
    decided = {(start, start + len(s.text)) for s, start in kept}
    carried = [
        {**span_row(s.to_span(), s.status, s.annotator, s.updated), "start": at,
         "end": at + len(s.text), "document_id": doc_id}
        for s, at in kept
    ]  # fmt: skip
    fresh = [
        {**r, "document_id": doc_id, "updated": w.time}
        for r in rows
        if (r["start"], r["end"]) not in decided
    ]
    w.insert_spans(doc_id, sorted(carried + fresh, key=lambda r: (r["start"], r["end"])))
    return doc_id


def bulk_insert(
    w: ChangeWriter, prepared: Sequence[tuple[DocumentLike, list[dict[str, Any]]]]
) -> list[int]:
    """Insert many documents in the writer's transaction, skipping stored files (by sha256)."""
    inserted: list[int] = []
    known = {r[0] for r in w.conn.execute("SELECT sha256 FROM documents WHERE current = 1")}
    for doc, rows in prepared:
        if doc.sha256 in known:
            continue
        known.add(doc.sha256)
        inserted.append(insert_document(w, doc, rows))
    return inserted
