"""Read-only opening: read-only files work for reading, nothing is ever written, old schemas
are reported, and newer schemas are refused (read-only or not) with the file untouched."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from annotations.connection import OutdatedSchema
from annotations.errors import StoreError
from annotations.store import SpanStore
from redaction.spans import Span

from .conftest import MakeDocument
from .test_cli_store import redact
from .test_migrations import first_version_database, sha256


@pytest.fixture
def readonly_db(db_path: Path, make_document: MakeDocument) -> Path:
    with SpanStore.open(db_path, annotator="alice") as store:
        doc, _ = store.add_document(make_document("Ann Lee lives in Leeds."), [
            Span(0, 7, "PERSON", 0.9), Span(17, 22, "GPE", 0.8),
        ])  # fmt: skip
        store.accept(store.spans(doc.id)[0].id)
    db_path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return db_path


def test_a_read_only_file_opens_read_only_and_stays_byte_identical(readonly_db: Path):
    before = sha256(readonly_db)
    with pytest.raises(StoreError, match="read-only"):
        SpanStore.open(readonly_db)  # the writable open refuses it
    with SpanStore.open(readonly_db, readonly=True) as store:
        assert store.stats().documents["in_progress"] == 1
        first = store.spans()[0]
        assert first.status == "accepted" and len(store.history(first.id)) == 2
        with pytest.raises(StoreError, match="opened read-only"):
            store.reject(first.id)
        with pytest.raises(StoreError, match="opened read-only"):
            store.undo_last()
    assert sha256(readonly_db) == before


def test_status_and_history_work_on_a_read_only_database(readonly_db: Path, capsys):
    before = sha256(readonly_db)
    assert redact("status", "--db", readonly_db) == 0
    assert "Documents: 1 (new 0, in progress 1, done 0, skipped 0)" in capsys.readouterr().out
    assert redact("history", "--db", readonly_db, "1") == 0
    assert "accept" in capsys.readouterr().out
    assert redact("undo", "--db", readonly_db) == 2
    assert "read-only" in capsys.readouterr().err
    assert sha256(readonly_db) == before


def test_an_old_schema_is_not_upgraded_read_only(tmp_path: Path, capsys):
    old = tmp_path / "old.db"
    first_version_database(old)
    before = sha256(old)
    with pytest.raises(OutdatedSchema, match="open it once with write access") as info:
        SpanStore.open(old, readonly=True)
    assert "\n" not in str(info.value)
    assert sha256(old) == before
    # the CLI's read-only commands upgrade a writable old database instead of failing
    assert redact("status", "--db", old) == 0
    assert "Documents: 1" in capsys.readouterr().out
    with SpanStore.open(old, readonly=True) as store:
        assert len(store.spans()) == 2


def test_a_read_only_open_never_creates_a_database(tmp_path: Path):
    missing = tmp_path / "none.db"
    with pytest.raises(StoreError, match="no such database"):
        SpanStore.open(missing, readonly=True)
    assert not missing.exists()


def _from_the_future(path: Path, migration_set: str) -> None:
    SpanStore.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        (migration_set, "0099_from_the_future", "2030-01-01"),
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize("readonly", [False, True])
def test_a_newer_schema_is_refused_in_one_line_and_left_byte_identical(
    db_path: Path, readonly: bool, capsys
):
    # the literal set name and table a newer Redact Studio writes (sqlite-utils Migrations)
    _from_the_future(db_path, "redact-studio")
    before = sha256(db_path)
    with pytest.raises(StoreError, match="newer than this version") as info:
        SpanStore.open(db_path, readonly=readonly)
    assert "0099_from_the_future" in str(info.value) and "\n" not in str(info.value)
    assert redact("status" if readonly else "undo", "--db", db_path) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert sha256(db_path) == before


def test_another_migration_set_in_the_same_file_is_not_ours(db_path: Path):
    """sqlite-utils keeps one table for every migration set: a plugin's set is not a newer
    Redact Studio (the audit's fake row used such a name)."""
    _from_the_future(db_path, "redact_studio")
    with SpanStore.open(db_path, readonly=True) as store:
        assert store.documents() == []


def test_export_and_agreement_read_a_read_only_database(readonly_db: Path, tmp_path: Path):
    before = sha256(readonly_db)
    out = tmp_path / "out.jsonl"
    assert (
        redact("export", "--db", readonly_db, "--format", "doccano", "--out", out,
               "--include-unfinished") == 0
    )  # fmt: skip
    assert '"PERSON"' in out.read_text()
    assert redact("agreement", readonly_db, readonly_db) == 0
    assert sha256(readonly_db) == before
