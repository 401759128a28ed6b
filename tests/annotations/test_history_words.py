"""A span's history reads as sentences: who did what, as which label, when (#15)."""

from __future__ import annotations

import re
from pathlib import Path

from annotations.history_words import describe_history
from annotations.store import SpanStore
from redaction.documents import load_document
from redaction.spans import Span

TITLES = {"PERSON": "Person", "LOCATION": "Place"}


def test_a_span_history_in_words(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_text("Ann Lee lives in Leeds.\n", encoding="utf-8")
    with SpanStore.open(tmp_path / "p.db", annotator="importer") as store:
        record, _ = store.add_document(
            load_document(path), suggestions=[Span(17, 22, "PERSON", 0.8, "test")]
        )
        [span] = store.spans(record.id)
        store.annotator = "alice"
        store.relabel(span.id, "LOCATION")
        store.reject(span.id)
        store.annotator = "bob"
        store.undo_last("alice")
        events = store.history(span.id)
    today = events[0].time[:10]
    lines = describe_history(events, span.id, TITLES, today=today)
    assert [line.rsplit(" · ", 1)[0] for line in lines] == [
        "the detector suggested it as Person, imported by importer",
        "alice relabelled it Person → Place and accepted it",
        "alice rejected it",
        "bob undid a change: accepted as Place",
    ]
    assert all(re.fullmatch(r".+ · \d\d:\d\d", line) for line in lines), lines
    assert "None" not in " ".join(lines) and "→ 103" not in " ".join(lines)
    [other_day] = describe_history(events[:1], span.id, TITLES, today="1999-01-01")
    assert other_day.rsplit(" · ", 1)[1].count(" ") == 3  # "6 Dec 2026 20:42"
