"""Reliability: kill -9 mid-write, and locked, read-only, corrupt or foreign databases."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotations import connection
from annotations.errors import StoreError
from annotations.store import SpanStore

CHILD_PRELUDE = """
import hashlib, sys
from pathlib import Path
from annotations.store import SpanStore
from redaction.documents import Document
from redaction.spans import Span

def document(i):
    text = f"Ann Lee {i} lives in Leeds and works at Acme number {i}."
    data = text.encode()
    return Document(Path(f"/cv/{i}.txt"), "txt", text, hashlib.sha256(data).hexdigest(), len(data))

def spans():
    return [Span(0, 7, "PERSON", 0.9), Span(21, 26, "GPE", 0.8), Span(40, 44, "ORG", 0.5)]

store = SpanStore.open(sys.argv[1], annotator="child")
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_and_kill(script: str, db: Path, after_lines: int, delay: float = 0.0) -> list[str]:
    """Run ``script`` in a child, kill -9 it ``delay`` s after it printed ``after_lines``
    committed ids."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_PRELUDE + script, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while len(lines) < after_lines and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert len(lines) == after_lines, child.stderr.read() if child.stderr else ""
    return lines


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_kill_during_bulk_import_keeps_every_committed_document(db_path):
    committed = run_and_kill(
        """
for i in range(100000):
    doc, change = store.add_document(document(i), spans())
    print(doc.id, flush=True)
""",
        db_path,
        after_lines=25,
    )
    assert integrity(db_path) == "ok"
    with SpanStore.open(db_path) as store:
        ids = {d.id for d in store.documents()}
        assert {int(i) for i in committed} <= ids
        for doc in store.documents():
            assert doc.suggested == 3, "a document is stored with all its suggestions or not at all"


def test_kill_during_bulk_accept_keeps_every_committed_decision(db_path):
    with SpanStore.open(db_path, annotator="setup") as store:
        store.bulk_insert([(document_for(i), three_spans()) for i in range(400)])
    committed = run_and_kill(
        """
for doc in store.documents():
    store.accept_all(doc_id=doc.id, mark_done=True)
    print(doc.id, flush=True)
""",
        db_path,
        after_lines=30,
    )
    assert integrity(db_path) == "ok"
    with SpanStore.open(db_path) as store:
        for doc in store.documents():
            if str(doc.id) in committed:
                assert (doc.status, doc.accepted, doc.suggested) == ("done", 3, 0)
            else:  # the one in flight is all or nothing
                assert (doc.accepted, doc.suggested) in {(3, 0), (0, 3)}


def test_kill_in_the_middle_of_one_large_transaction_rolls_it_back(db_path):
    with SpanStore.open(db_path, annotator="setup") as store:
        store.bulk_insert([(document_for(i), three_spans()) for i in range(3000)])
    done = run_and_kill(
        """
while True:
    for operation in (store.accept_all, store.undo_last, store.reject_all, store.undo_last):
        operation()
        print(operation.__name__, flush=True)
""",
        db_path,
        after_lines=4,
        delay=0.05,
    )
    assert done == ["accept_all", "undo_last", "reject_all", "undo_last"]
    assert integrity(db_path) == "ok"
    with SpanStore.open(db_path) as store:
        statuses = {s.status for s in store.spans()}
        assert len(statuses) == 1, "each bulk decision is applied to all spans or to none"


def document_for(i: int):
    import hashlib as h

    from redaction.documents import Document

    text = f"Ann Lee {i} lives in Leeds and works at Acme number {i}."
    return Document(
        Path(f"/cv/{i}.txt"), "txt", text, h.sha256(text.encode()).hexdigest(), len(text)
    )


def three_spans():
    from redaction.spans import Span

    return [Span(0, 7, "PERSON", 0.9), Span(21, 26, "GPE", 0.8), Span(40, 44, "ORG", 0.5)]


@pytest.fixture
def populated(db_path: Path) -> Path:
    with SpanStore.open(db_path) as store:
        store.bulk_insert([(document_for(i), three_spans()) for i in range(50)])
    return db_path


def test_a_locked_database_gives_a_clear_error_and_is_not_changed(populated, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.2)
    before = sha256(populated)
    other = sqlite3.connect(populated, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with SpanStore.open(populated) as store:
            assert len(store.documents()) == 50  # reading still works in WAL mode
            with pytest.raises(StoreError, match="database is locked by another process"):
                store.accept_all()
            with pytest.raises(StoreError, match="locked"):
                store.pseudonym_map().set("PERSON", "a", "b")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert sha256(populated) == before
    with SpanStore.open(populated) as store:
        assert store.spans(status="accepted") == []


def test_a_database_locked_in_rollback_mode_refuses_to_open(tmp_path, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "journal.db"
    SpanStore.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=delete")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("UPDATE labels SET title = title")
    try:
        with pytest.raises(StoreError, match=f"{path.name}: database is locked"):
            SpanStore.open(path)
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_database_is_refused_untouched(populated):
    before = sha256(populated)
    os.chmod(populated, 0o444)
    try:
        with pytest.raises(StoreError, match="read-only"):
            SpanStore.open(populated)
    finally:
        os.chmod(populated, 0o644)
    assert sha256(populated) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (os.urandom(4096), "not a Redact Studio database"),
        (b"SQLite format 3\x00" + os.urandom(8000), "corrupt"),
    ],
    ids=["random-bytes", "sqlite-header-then-garbage"],
)
def test_a_corrupt_file_is_refused_untouched(tmp_path, content, message):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=message) as info:
        SpanStore.open(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content


@pytest.mark.parametrize("quick_check", [True, False], ids=["quick-check", "large-file"])
def test_a_truncated_database_is_refused_untouched(populated, monkeypatch, quick_check):
    if not quick_check:  # large files skip the full check: the damage is found on first read
        monkeypatch.setattr(connection, "QUICK_CHECK_MAX_BYTES", 0)
    SpanStore.open(populated).close()  # checkpointed: everything is in the main file
    data = populated.read_bytes()
    assert len(data) > 16384
    populated.write_bytes(data[: len(data) // 2])
    for extra in (".db-wal", ".db-shm"):
        populated.with_suffix(extra).unlink(missing_ok=True)
    before = sha256(populated)
    with pytest.raises(StoreError, match="corrupt"), SpanStore.open(populated) as store:
        store.accept_all()
    assert sha256(populated) == before


def test_a_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = sha256(path)
    with pytest.raises(StoreError, match="not a Redact Studio database"):
        SpanStore.open(path)
    assert sha256(path) == before


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        SpanStore.open(tmp_path / "nope" / "x.db")


def test_kill_during_redact_import_then_resume(tmp_path, db_path):
    """The real `redact import` loop (with a slow stand-in detector), killed mid-run: what it
    committed is there, and importing again finishes the job without duplicates."""
    folder = tmp_path / "cvs"
    folder.mkdir()
    for i in range(150):
        (folder / f"{i:03}.txt").write_text(f"Ann Lee {i} lives in Leeds.\n")
    child_script = """
import os, sys, time
from annotations.cli import main, store_commands
from redaction.spans import Span

class SlowDetector:
    def detect_batch(self, texts, **options):
        for text in texts:
            time.sleep(float(os.environ.get("DETECT_DELAY", "0")))
            yield [Span(0, 7, "PERSON", 0.9, "slow")]

store_commands.make_detector = lambda *a: SlowDetector()
sys.exit(main(sys.argv[1:]))
"""
    command = [sys.executable, "-c", child_script, "import", str(folder), "--db", str(db_path)]
    slow = {**os.environ, "DETECT_DELAY": "0.01"}
    child = subprocess.Popen(
        command, env=slow, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    seen = 0
    deadline = time.monotonic() + 60
    while seen < 20 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.02)
        try:
            conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)
            seen = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            continue  # not created or migrated yet
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert 20 <= seen < 150, "the import was killed in the middle"
    assert integrity(db_path) == "ok"
    with SpanStore.open(db_path) as store:
        docs = store.documents()
        assert len(docs) >= seen
        assert all(d.suggested == 1 for d in docs)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with SpanStore.open(db_path) as store:
        assert len(store.documents()) == 150
        assert len({d.sha256 for d in store.documents()}) == 150
        assert len(store.spans()) == 150
