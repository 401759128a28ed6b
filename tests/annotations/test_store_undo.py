"""Undo/redo: every change reverts and reapplies exactly, alone and in random sequences."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.store import SpanStore
from redaction.documents import Document
from redaction.spans import Span

from .conftest import snapshot

TEXTS = [
    "Ann Lee met Bob Ray in Leeds. Ann Lee left.",
    "Bob Ray works at Acme in York; mail bob@acme.test.",
]
SUGGESTIONS = [
    [Span(0, 7, "PERSON", 0.9), Span(12, 19, "PERSON", 0.5), Span(23, 28, "GPE", 0.7)],
    [Span(0, 7, "PERSON", 0.8), Span(17, 21, "ORG", 0.6), Span(25, 29, "GPE", 0.3)],
]


def document(text: str, name: str) -> Document:
    data = text.encode()
    return Document(Path("/data") / name, "txt", text, hashlib.sha256(data).hexdigest(), len(data))


def seeded() -> SpanStore:
    store = SpanStore.open(":memory:", annotator="alice")
    for i, (text, spans) in enumerate(zip(TEXTS, SUGGESTIONS, strict=True)):
        store.add_document(document(text, f"{i}.txt"), spans)
    return store


OPERATIONS = {
    "accept": lambda s, n: s.accept(pick(s, n)),
    "reject": lambda s, n: s.reject(pick(s, n)),
    "relabel": lambda s, n: s.relabel(pick(s, n), ["LOCATION", "PERSON", "URL"][n % 3]),
    "resize": lambda s, n: s.resize(pick(s, n), 0, 1 + n % 20),
    "create": lambda s, n: s.create_span(1 + n % 2, n % 10, n % 10 + 3, "ADDRESS")[1],
    "delete": lambda s, n: s.delete_span(pick(s, n)),
    "accept_all": lambda s, n: s.accept_all(
        label="PERSON" if n % 2 else None, mark_done=n % 3 == 0
    ),
    "reject_all": lambda s, n: s.reject_all(doc_id=1 + n % 2),
    "status": lambda s, n: s.set_status(
        1 + n % 2, ["new", "in_progress", "done", "skipped"][n % 4]
    ),
    "occurrences": lambda s, n: s.accept_occurrences(pick(s, n), all_documents=n % 2 == 0),
    "new_version": lambda s, n: s.add_document(
        document("Hello. " + TEXTS[n % 2], f"{n % 2}.txt"), [Span(7, 14, "PERSON")]
    )[1],
    "new_document": lambda s, n: s.add_document(
        document(f"Eve Ng {n}", f"n{n}.txt"), [Span(0, 6, "PERSON")]
    )[1],
    "undo_last": lambda s, n: s.undo_last(),
}


def pick(store: SpanStore, n: int) -> int:
    spans = store.spans()
    return spans[n % len(spans)].id


@pytest.mark.parametrize("name", [k for k in OPERATIONS if k != "undo_last"])
def test_each_operation_reverts_and_reapplies_exactly(name):
    with seeded() as store:
        store.accept(store.spans()[1].id)
        before = snapshot(store)
        change = OPERATIONS[name](store, 4)
        after = snapshot(store)
        assert change and after != before, f"{name} changed nothing"
        store.revert(change)
        assert snapshot(store) == before
        store.reapply(change)
        assert snapshot(store) == after
        store.revert(change)
        assert snapshot(store) == before


def test_undo_last_walks_back_through_the_history(memory_store, make_document):
    doc, _ = memory_store.add_document(make_document("Ann Lee"), [Span(0, 7, "PERSON")])
    span = memory_store.spans()[0]
    states = [snapshot(memory_store)]
    memory_store.accept(span.id)
    states.append(snapshot(memory_store))
    memory_store.relabel(span.id, "ORGANIZATION")
    assert memory_store.undo_last()
    assert snapshot(memory_store) == states[1]
    assert memory_store.undo_last()
    assert snapshot(memory_store) == states[0]
    assert memory_store.undo_last()  # the import itself
    assert memory_store.documents() == []
    assert memory_store.undo_last() is None


def test_history_survives_undo(memory_store, make_document):
    memory_store.add_document(make_document("Ann Lee"), [Span(0, 7, "PERSON")])
    span = memory_store.spans()[0]
    memory_store.accept(span.id)
    memory_store.undo_last()
    assert [e.action for e in memory_store.history(span.id)] == ["add_document", "accept", "undo"]


def test_events_are_append_only(memory_store, make_document):
    import sqlite3

    memory_store.add_document(make_document("Ann Lee"), [Span(0, 7, "PERSON")])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        memory_store.db.conn.execute("DELETE FROM events")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        memory_store.db.conn.execute("UPDATE events SET action = 'x'")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(sorted(OPERATIONS)), st.integers(0, 50)), max_size=12))
def test_reverting_every_change_in_reverse_order_restores_the_start(steps):
    with seeded() as store:
        initial = snapshot(store)
        changes = []
        for name, n in steps:
            if not store.spans() and name in {
                "accept",
                "reject",
                "relabel",
                "resize",
                "delete",
                "occurrences",
            }:
                continue
            try:
                change = OPERATIONS[name](store, n)
            except Exception as exc:  # a refused operation (e.g. resize past the end) is fine
                from annotations.errors import StoreError

                assert isinstance(exc, StoreError), exc
                continue
            if change:
                changes.append(change)
        assert_counts_match(store)
        for change in reversed(changes):
            store.revert(change)
        assert snapshot(store) == initial
        assert_counts_match(store)


def assert_counts_match(store: SpanStore) -> None:
    """The per-document counts kept by triggers equal a fresh count of the spans."""
    kept = store.db.conn.execute(
        "SELECT document_id, suggested, accepted, rejected FROM document_counts "
        "ORDER BY document_id"
    ).fetchall()
    counted = store.db.conn.execute(
        "SELECT d.id, SUM(s.status = 'suggested'), SUM(s.status = 'accepted'), "
        "SUM(s.status = 'rejected') FROM documents d LEFT JOIN spans s ON s.document_id = d.id "
        "GROUP BY d.id ORDER BY d.id"
    ).fetchall()
    assert kept == [(i, a or 0, b or 0, c or 0) for i, a, b, c in counted]


@pytest.mark.parametrize("mark_done", [False, True])
def test_bulk_undo_takes_the_set_based_path_and_matches_the_per_event_one(monkeypatch, mark_done):
    from annotations import events

    clock = iter(range(10**6))
    monkeypatch.setattr(events, "now", lambda: f"t{next(clock):06d}")

    def run(bulk_min: int) -> tuple[list[dict], list[tuple]]:
        nonlocal clock
        clock = iter(range(10**6))
        monkeypatch.setattr(events, "BULK_REPLAY_MIN", bulk_min)
        with SpanStore.open(":memory:", annotator="alice") as store:
            text = " ".join(f"Ann{i} Lee" for i in range(80))
            spans = [
                Span(m, m + len(f"Ann{i}"), "PERSON", 0.5) for i, m in enumerate(_starts(text))
            ]
            store.add_document(document(text, "many.txt"), spans)
            store.reject(store.spans()[3].id)
            initial = snapshot(store)
            change = store.accept_all(mark_done=mark_done)
            after = snapshot(store)
            undo = store.revert(change)
            assert snapshot(store) == initial
            store.revert(undo)  # redo by reverting the undo
            assert snapshot(store) == after
            store.revert(change)
            assert snapshot(store) == initial
            store.reapply(change)
            assert snapshot(store) == after
            rows = store.db.conn.execute(
                "SELECT change_id, action, target, document_id, span_id, before, after "
                "FROM events ORDER BY change_id, span_id IS NULL, span_id, target"
            ).fetchall()
            return initial, rows

    fast, slow = run(bulk_min=10), run(bulk_min=10**9)
    assert fast[0] == slow[0]
    assert len(fast[1]) == len(slow[1])
    for a, b in zip(fast[1], slow[1], strict=True):  # same events, JSON spelt either way
        assert a[:5] == b[:5]
        assert [json.loads(x) if x else x for x in a[5:]] == [
            json.loads(x) if x else x for x in b[5:]
        ]


def _starts(text: str) -> list[int]:
    import re

    return [m.start() for m in re.finditer(r"Ann\d+", text)]
