"""Hand-made annotator databases for the agreement, merge and exchange CLI tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from annotations.store import SpanStore
from redaction.documents import Document
from redaction.spans import Span

#: (start, end, label, status)
SpanSpec = tuple[int, int, str, str]

SHARED = "Anna Berg met Carl Dahl in Oslo today"
ONLY_A = "Mary Jones lives in Leeds."
ONLY_B = "Tom Hill works at Nordic Bank."
NOT_DONE_IN_B = "Eva Lund called."

#: A: Anna Berg, Carl Dahl (PERSON), Oslo (LOCATION); B: Anna Berg, Carl (PERSON), Oslo as
#: ORGANIZATION, and B rejected A's "Carl Dahl". Both rejected "today" as a DATE_TIME.
A_SHARED: list[SpanSpec] = [
    (0, 9, "PERSON", "accepted"),
    (14, 23, "PERSON", "accepted"),
    (27, 31, "LOCATION", "accepted"),
    (32, 37, "DATE_TIME", "rejected"),
]
B_SHARED: list[SpanSpec] = [
    (0, 9, "PERSON", "accepted"),
    (14, 18, "PERSON", "accepted"),
    (14, 23, "PERSON", "rejected"),
    (27, 31, "ORGANIZATION", "accepted"),
    (32, 37, "DATE_TIME", "rejected"),
]


def add(store: SpanStore, name: str, text: str, spans: list[SpanSpec], status: str = "done") -> int:
    data = text.encode("utf-8")
    document = Document(
        Path(f"/data/{name}"), "txt", text, hashlib.sha256(data).hexdigest(), len(data)
    )
    doc, _ = store.add_document(
        document, suggestions=[Span(s, e, label, 0.85, "spacy") for s, e, label, _ in spans]
    )
    ids = {(s.start, s.end, s.label): s.id for s in store.spans(doc.id)}
    for s, e, label, st in spans:
        if st == "accepted":
            store.accept(ids[(s, e, label)])
        elif st == "rejected":
            store.reject(ids[(s, e, label)])
    store.set_status(doc.id, status)
    return doc.id


def annotator_a(path: Path | str) -> SpanStore:
    store = SpanStore.open(path, annotator="alice")
    add(store, "shared.txt", SHARED, A_SHARED)
    add(
        store,
        "only-a.txt",
        ONLY_A,
        [(0, 10, "PERSON", "accepted"), (20, 25, "LOCATION", "accepted")],
    )
    add(store, "unfinished.txt", NOT_DONE_IN_B, [(0, 8, "PERSON", "accepted")])
    return store


def annotator_b(path: Path | str) -> SpanStore:
    store = SpanStore.open(path, annotator="bob")
    add(store, "shared.txt", SHARED, B_SHARED)
    add(store, "only-b.txt", ONLY_B, [(0, 8, "PERSON", "accepted")])
    add(
        store, "unfinished.txt", NOT_DONE_IN_B, [(0, 3, "PERSON", "accepted")], status="in_progress"
    )
    return store
