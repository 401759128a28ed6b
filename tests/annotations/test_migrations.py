"""Schema migrations: old databases upgrade on open, newer ones are refused untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotations import migrations
from annotations.errors import StoreError
from annotations.store import SpanStore


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def first_version_database(path: Path) -> None:
    """A database exactly as the first schema version left it, with some work in it."""
    db = Database(path)
    migrations.migrations.apply(db, stop_before="0002_pseudonyms")
    t = "2025-01-01T00:00:00.000+00:00"
    db.execute(
        "INSERT INTO documents (id, path, sha256, format, text, added, updated, status, "
        "finished_by, properties) VALUES (1, '/cv.txt', 'abc', 'txt', 'Ann Lee, Leeds', ?, ?, "
        "'in_progress', NULL, '{}')",
        (t, t),
    )
    db.execute(
        'INSERT INTO spans (id, document_id, start, "end", label, text, score, source, status, '
        "annotator, updated) VALUES (1, 1, 0, 7, 'PERSON', 'Ann Lee', 0.9, 'spacy', 'accepted', "
        "'alice', ?), (2, 1, 9, 14, 'LOCATION', 'Leeds', 0.6, 'spacy', 'suggested', NULL, ?)",
        (t, t),
    )
    db.close()


def test_a_first_version_database_upgrades_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    first_version_database(path)
    assert "pseudonyms" not in Database(path).table_names()
    with SpanStore.open(path, annotator="bob") as store:
        doc = store.document(1)
        assert (doc.text, doc.status, doc.version, doc.current, doc.accepted) == (
            "Ann Lee, Leeds", "in_progress", 1, True, 1,
        )  # fmt: skip
        assert [(s.text, s.status, s.annotator) for s in store.spans()] == [
            ("Ann Lee", "accepted", "alice"),
            ("Leeds", "suggested", None),
        ]
        store.accept(2)
        store.pseudonym_map().set("PERSON", "ann lee", "Zoe Fox")
        assert store.undo_last()
        assert store.span(2).status == "suggested"
        applied = [m.name for m in migrations.migrations.applied(store.db)]
    assert applied == migrations.known_names()
    with SpanStore.open(path) as again:  # opening a current database twice is a no-op
        assert again.pseudonym_map().get("PERSON", "ann lee") == "Zoe Fox"


def test_opening_an_up_to_date_database_writes_nothing(db_path):
    SpanStore.open(db_path).close()
    before = sha256(db_path)
    with SpanStore.open(db_path) as store:
        store.documents()
        store.stats()
    assert sha256(db_path) == before


def test_a_newer_database_is_refused_and_left_unchanged(db_path):
    SpanStore.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        (migrations.MIGRATION_SET, "0099_from_the_future", "2030-01-01"),
    )
    conn.commit()
    conn.close()
    before = sha256(db_path)
    with pytest.raises(StoreError, match="database schema is newer than this version") as info:
        SpanStore.open(db_path)
    assert str(db_path) in str(info.value) and "\n" not in str(info.value)
    assert sha256(db_path) == before


def test_migrations_are_named_and_ordered():
    names = migrations.known_names()
    assert names == sorted(names) and names[0] == "0001_initial"
