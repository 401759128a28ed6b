"""Propagating a decision to every other occurrence of the same text.

"The same text" is ``redaction.sametext``'s, as for detection and anonymisation: "Zoë
Hartley", "Zoe\u0308 Hartley" (decomposed), "ZOË HARTLEY" and "Zoë⏎Hartley" over a line break
are occurrences of each other, and every match maps back to exact offsets of the original.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from annotations.events import ChangeWriter
from annotations.records import PROPAGATED, SpanRecord
from redaction.sametext import FoldedText, fold


def _candidates(conn: sqlite3.Connection, needle: str) -> list[tuple[int, str]]:
    """Current documents that may hold an occurrence of the folded ``needle``, narrowed by
    SQLite to those containing its longest ASCII run (SQLite's ``lower`` folds ASCII only;
    an ASCII character of a fold comes from the same letter in either case)."""
    runs = re.findall(r"[a-z0-9]+", needle)
    longest = max(runs, key=len, default="")
    where, params = ("instr(lower(text), ?) > 0", (longest,)) if longest else ("1", ())
    return conn.execute(
        f"SELECT id, text FROM documents WHERE current = 1 AND {where} ORDER BY id", params
    ).fetchall()


def _whole_word(text: str, start: int, end: int) -> bool:
    """The occurrence is not part of a longer word (only checked where the span is a word)."""
    last, previous = end - 1, start - 1
    while last > start and unicodedata.combining(text[last]):
        last -= 1  # "Zoe\u0308": the letter the marks belong to decides
    while previous > 0 and unicodedata.combining(text[previous]):
        previous -= 1
    before_ok = start == 0 or not (text[previous].isalnum() and text[start].isalnum())
    after_ok = end == len(text) or not (text[end].isalnum() and text[last].isalnum())
    return before_ok and after_ok


def propagate(
    w: ChangeWriter, span: SpanRecord, status: str, annotator: str, all_documents: bool
) -> None:
    """Give ``span`` ``status`` and propagate it (see ``SpanStore.accept_occurrences``)."""
    decision = {"status": status, "annotator": annotator, "updated": w.time}
    w.update("span", span.id, decision)
    needle = fold(span.text)
    if all_documents:
        docs = _candidates(w.conn, needle)
    else:
        docs = w.conn.execute(
            "SELECT id, text FROM documents WHERE id = ?", (span.document_id,)
        ).fetchall()
    touched = {span.document_id}
    for doc_id, text in docs:
        existing = w.conn.execute(
            'SELECT id, start, "end", label, status FROM spans WHERE document_id = ?', (doc_id,)
        ).fetchall()
        for start, end in FoldedText.of(text).find(needle):
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
                "text": text[start:end], "score": 1.0, "source": PROPAGATED, **decision,
            }  # fmt: skip
            new_id = w.insert("span", row)
            existing.append((new_id, start, end, span.label, status))
            touched.add(doc_id)
    for doc_id in sorted(touched):
        row = w.conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is not None and row[0] == "new":
            w.update("document", doc_id, {"status": "in_progress", "updated": w.time})
