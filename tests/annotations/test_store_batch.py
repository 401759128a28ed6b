"""``SpanStore.batch``: several operations as one transaction and one change, and
import-annotations built on it (atomic under kill -9, one undo per import)."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotations.errors import StoreError
from annotations.importers import import_annotations
from annotations.store import SpanStore
from redaction.spans import Span

from .conftest import MakeDocument, snapshot
from .test_crash import integrity


def test_a_batch_is_one_change_and_one_undo(memory_store: SpanStore, make_document: MakeDocument):
    empty = snapshot(memory_store)
    with memory_store.batch("scripted") as batch:
        doc, _ = memory_store.add_document(make_document("Ann Lee lives in Leeds."), [
            Span(0, 7, "PERSON", 0.9), Span(17, 22, "GPE", 0.8),
        ])  # fmt: skip
        first, second = memory_store.spans(doc.id)
        memory_store.annotator = "bob"
        memory_store.accept(first.id)
        memory_store.annotator = "alice"
        memory_store.reject(second.id)
        memory_store.set_status(doc.id, "done")
    change = batch.result()
    assert change and change.action == "scripted"
    assert memory_store.last_change() == change
    summary = memory_store.change_summary(change)
    assert (summary.annotator, summary.spans, summary.documents) == ("alice", 2, 1)
    # each event keeps the operation and who made it
    history = memory_store.history(first.id)
    assert [(e.action, e.annotator) for e in history] == [
        ("add_document", "alice"),
        ("accept", "bob"),
    ]
    memory_store.undo_last()
    assert snapshot(memory_store) == empty


def test_an_error_inside_a_batch_rolls_all_of_it_back(
    memory_store: SpanStore, make_document: MakeDocument
):
    before = snapshot(memory_store)
    with pytest.raises(StoreError, match="no span with id 999"), memory_store.batch("scripted"):
        memory_store.add_document(make_document("Ann Lee."), [Span(0, 7, "PERSON", 0.9)])
        memory_store.accept(999)
    assert snapshot(memory_store) == before
    assert memory_store.last_change() is None


def test_a_failed_operation_whose_error_was_caught_still_cancels_the_batch(
    memory_store: SpanStore, make_document: MakeDocument
):
    before = snapshot(memory_store)
    with pytest.raises(StoreError, match="nothing was saved"), memory_store.batch("scripted"):
        memory_store.add_document(make_document("Ann Lee."), [Span(0, 7, "PERSON", 0.9)])
        with contextlib.suppress(StoreError):
            memory_store.accept(999)
    assert snapshot(memory_store) == before


def test_undo_is_refused_inside_a_batch(memory_store: SpanStore, make_document: MakeDocument):
    _, change = memory_store.add_document(make_document("Ann Lee."), [Span(0, 7, "PERSON", 0.9)])
    with pytest.raises(StoreError, match="inside a batch"), memory_store.batch("scripted"):
        memory_store.revert(change)


def _records(n: int) -> list[dict]:
    records = []
    for i in range(n):
        text = f"Ann Lee {i} works at Acme {i} in Leeds."
        start = text.index("Acme")
        records.append(
            {
                "text": text,
                "spans": [
                    {"start": 0, "end": 7, "label": "PERSON"},
                    {"start": start, "end": start + 4 + len(str(i)) + 1, "label": "ORG"},
                ],
                "answer": "accept",
                "meta": {"annotator": "carol" if i % 2 else "dave"},
            }
        )
    return records


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_one_import_is_one_undo(db_path: Path, tmp_path: Path):
    with SpanStore.open(db_path, annotator="importer") as store:
        before = snapshot(store)
        report = import_annotations(store, _write(tmp_path / "in.jsonl", _records(5)), "prodigy")
        assert report.ok and report.documents_created == 5
        assert {d.status for d in store.documents()} == {"done"}
        assert {(s.status, s.annotator) for s in store.spans()} == {
            ("accepted", "carol"),
            ("accepted", "dave"),
        }
        change = store.last_change()
        assert change is not None and change.action == "import_annotations"
        assert store.change_summary(change).documents == 5
        store.undo_last()
        assert snapshot(store) == before
        assert store.last_change() is None


def test_merged_documents_are_added_one_change_each(memory_store, make_document):
    from annotations.importers.apply import add_decided_document

    spans = [(Span(0, 7, "PERSON", 1.0), "accepted", "bob"), (Span(17, 22, "GPE", 1.0),
             "rejected", "carol")]  # fmt: skip
    doc = add_decided_document(memory_store, make_document("Ann Lee lives in Leeds."), spans,
                               "done", "erin")  # fmt: skip
    assert (doc.status, doc.finished_by) == ("done", "erin")
    change = memory_store.last_change()
    assert change is not None and change.action == "import_document"
    memory_store.revert(change)
    assert memory_store.documents() == []


CHILD = """
import sys
from annotations.importers import import_annotations
from annotations.store import SpanStore

def progress(done, total, what):
    print(done, flush=True)

with SpanStore.open(sys.argv[1], annotator="child") as store:
    import_annotations(store, sys.argv[2], "prodigy", progress=progress)
print("finished", flush=True)
"""


def test_kill_during_import_annotations_leaves_no_half_record(db_path: Path, tmp_path: Path):
    source = _write(tmp_path / "many.jsonl", _records(3000))
    SpanStore.open(db_path).close()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    deadline = time.monotonic() + 60
    seen = 0
    while seen < 200 and time.monotonic() < deadline:  # well into the import
        line = child.stdout.readline()
        if not line:
            break
        seen = int(line) if line.strip().isdigit() else seen
    child.kill()
    child.wait()
    assert seen >= 200, child.stderr.read() if child.stderr else ""
    assert integrity(db_path) == "ok"
    with SpanStore.open(db_path) as store:
        # before the fix, records were stored as "new" documents with "suggested" spans
        assert {d.status for d in store.documents()} <= {"done"}
        assert {s.status for s in store.spans()} <= {"accepted"}
        count = len(store.documents())
        assert count in (0, 3000)  # the import is one transaction
