"""Propagating a decision to every other occurrence of the same text."""

from __future__ import annotations

from annotations.events import ChangeWriter
from annotations.records import PROPAGATED, SpanRecord
from annotations.versions import occurrences


def _whole_word(text: str, start: int, end: int) -> bool:
    """The occurrence is not part of a longer word (only checked where the span is a word)."""
    before_ok = start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
    after_ok = end == len(text) or not (text[end].isalnum() and text[end - 1].isalnum())
    return before_ok and after_ok


def propagate(
    w: ChangeWriter, span: SpanRecord, status: str, annotator: str, all_documents: bool
) -> None:
    """Give ``span`` ``status`` and propagate it (see ``SpanStore.accept_occurrences``)."""
    decision = {"status": status, "annotator": annotator, "updated": w.time}
    w.update("span", span.id, decision)
    if all_documents:
        docs = w.conn.execute(
            "SELECT id, text FROM documents WHERE current = 1 AND instr(text, ?) > 0 ORDER BY id",
            (span.text,),
        ).fetchall()
    else:
        docs = w.conn.execute(
            "SELECT id, text FROM documents WHERE id = ?", (span.document_id,)
        ).fetchall()
    touched = {span.document_id}
    for doc_id, text in docs:
        existing = w.conn.execute(
            'SELECT id, start, "end", label, status FROM spans WHERE document_id = ?', (doc_id,)
        ).fetchall()
        for start in occurrences(text, span.text):
            end = start + len(span.text)
            if (doc_id, start) == (span.document_id, span.start) or not _whole_word(
                text, start, end
            ):
                continue
            same_place = [row for row in existing if row[1] == start and row[2] == end]
            same_label = [row for row in same_place if row[3] == span.label]
            if status == "rejected":
                for row in same_label:
                    if row[4] == "suggested":
                        touched.add(doc_id)
                        w.update("span", row[0], decision)
                continue
            if same_label or same_place:
                target = (same_label or same_place)[0]
                if w.update("span", target[0], {**decision, "label": span.label}):
                    touched.add(doc_id)
                continue
            if any(r[4] == "accepted" and r[1] < end and start < r[2] for r in existing):
                continue
            row = {
                "document_id": doc_id, "start": start, "end": end, "label": span.label,
                "text": span.text, "score": 1.0, "source": PROPAGATED, **decision,
            }  # fmt: skip
            new_id = w.insert("span", row)
            existing.append((new_id, start, end, span.label, status))
            touched.add(doc_id)
    for doc_id in sorted(touched):
        row = w.conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is not None and row[0] == "new":
            w.update("document", doc_id, {"status": "in_progress", "updated": w.time})
