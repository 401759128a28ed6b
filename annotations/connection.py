"""Opening the database file safely: every refusal happens before anything is written.

Checks, in order: the file is a SQLite file (header), writable, not locked, passes
``PRAGMA quick_check``, belongs to Redact Studio, and is not newer than this code. Only then
is WAL switched on and the pending migrations applied.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from annotations import migrations as schema
from annotations.errors import DatabaseLockedError, StoreError, is_locked

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a write waits for another process before "database is locked".
BUSY_TIMEOUT_S = 2.0
MEMORY = ":memory:"
#: Databases up to this size get a full ``PRAGMA quick_check`` when opened.
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024


def store_error(where: str | Path, exc: sqlite3.Error) -> StoreError:
    """The typed, one-line StoreError for a sqlite3 error."""
    kind = DatabaseLockedError if is_locked(exc) else StoreError
    return kind(where, describe_sqlite_error(exc))


def describe_sqlite_error(exc: sqlite3.Error) -> str:
    """A one-line user-facing reason for a sqlite3 error."""
    # The result code is more reliable than the message: under a busy handler SQLite can report
    # SQLITE_BUSY with the message "not an error".
    code = (getattr(exc, "sqlite_errorname", "") or "").lower()
    text = f"{exc} {code}".lower()
    if is_locked(exc):
        return "database is locked by another process (close the other program and retry)"
    if "readonly" in text or "read-only" in text:
        return "database is read-only"
    if "malformed" in text or "not a database" in text or "notadb" in text or "corrupt" in text:
        return "database is corrupt (not a valid Redact Studio database)"
    if "disk i/o" in text or "disk is full" in text or "unable to open" in text:
        return f"cannot write the database: {exc}"
    return f"database error: {exc}"


@contextmanager
def translated_errors(path: str) -> Iterator[None]:
    """Turn sqlite3 operational errors into StoreError naming the file."""
    try:
        yield
    except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
        if isinstance(exc, sqlite3.IntegrityError):
            raise
        raise store_error(path, exc) from None


def writable(path: str | Path) -> bool:
    """Would a writable open accept this existing file (file and folder writable)?"""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return (
        os.access(path, os.W_OK)
        and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        and os.access(path.parent, os.W_OK)
    )


def _check_file(path: Path) -> bool:
    """Refuse unusable files before connecting. Returns whether the file already exists."""
    if not path.exists():
        parent = path.parent
        if not parent.is_dir():
            raise StoreError(path, f"folder {parent} does not exist")
        if not os.access(parent, os.W_OK):
            raise StoreError(path, f"cannot create the database: folder {parent} is read-only")
        return False
    if not path.is_file():
        raise StoreError(path, "not a file")
    mode = path.stat().st_mode
    if not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise StoreError(path, "database is read-only (check the file's permissions)")
    if not os.access(path.parent, os.W_OK):
        raise StoreError(path, f"database folder {path.parent} is read-only")
    size = path.stat().st_size
    if size == 0:
        return False
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise StoreError(path, "not a Redact Studio database (not a SQLite file)")
    return True


def _check_existing(db: Database, where: str, size: int) -> None:
    """Read-only checks of an existing database (take only shared locks).

    ``PRAGMA quick_check`` reads every page (about 0.3 s per 100 MB), so above
    ``QUICK_CHECK_MAX_BYTES`` it is skipped at open: a damaged page is then reported as
    "database is corrupt" when it is first read, still before anything is written."""
    if size <= QUICK_CHECK_MAX_BYTES:
        rows = db.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            raise StoreError(where, "database is corrupt (PRAGMA quick_check failed)")
    tables = set(db.table_names())
    if tables and schema.migrations.migrations_table not in tables:
        raise StoreError(where, "not a Redact Studio database (unknown tables)")
    if tables and not schema.migrations.applied(db):
        raise StoreError(where, "not a Redact Studio database (no Redact Studio schema)")
    newer = schema.unknown_applied(db)
    if newer:
        raise StoreError(
            where,
            "database schema is newer than this version of Redact Studio "
            f"(unknown migration {newer[0]}); upgrade Redact Studio",
        )


class OutdatedSchema(StoreError):
    """A read-only open found a database that needs migrating (opening it writable does)."""


def _connect_readonly(path: str | Path) -> tuple[Database, str]:
    """Open an existing database with SQLite's ``mode=ro``: nothing is written (no WAL switch,
    no migrations), so read-only files and folders work."""
    if str(path) == MEMORY:
        raise StoreError(MEMORY, "an in-memory database cannot be opened read-only")
    file = Path(path).expanduser()
    where = str(file)
    if not file.exists():
        raise StoreError(where, "no such database")
    if not file.is_file():
        raise StoreError(where, "not a file")
    size = file.stat().st_size
    if size == 0:
        raise StoreError(where, "not a Redact Studio database (empty file)")
    with file.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise StoreError(where, "not a Redact Studio database (not a SQLite file)")
    uri = file.resolve().as_uri() + "?mode=ro"
    try:
        db = Database(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S))
    except sqlite3.Error as exc:
        raise store_error(where, exc) from None
    try:
        with translated_errors(where):
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            db.execute("PRAGMA query_only = ON")
            _check_existing(db, where, size)
            if schema.migrations.pending(db):
                raise OutdatedSchema(
                    where,
                    "database schema is older than this version of Redact Studio: open it "
                    "once with write access to upgrade it",
                )
    except BaseException:
        db.close()
        raise
    return db, where


def connect_worker_reader(path: str | Path) -> Database:
    """A read-only connection for a worker process reading a database this program already
    opened and checked (parallel exports): no checks, nothing written."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        db = Database(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S))
        db.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        raise store_error(str(path), exc) from None
    return db


def connect(path: str | Path, *, readonly: bool = False) -> tuple[Database, str]:
    """Open (creating if needed), check and migrate the database. Returns (db, display name).
    ``readonly``: see ``_connect_readonly``."""
    if readonly:
        return _connect_readonly(path)
    if str(path) == MEMORY:
        db = Database(sqlite3.connect(MEMORY))
        where = MEMORY
        existing = False
    else:
        file = Path(path).expanduser()
        where = str(file)
        existing = _check_file(file)
        try:
            conn = sqlite3.connect(str(file), timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error as exc:
            raise store_error(where, exc) from None
        db = Database(conn)
    try:
        with translated_errors(where):
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            db.execute("PRAGMA foreign_keys = ON")
            if existing:
                _check_existing(db, where, Path(where).stat().st_size)
            if where != MEMORY:
                db.enable_wal()
                # WAL + NORMAL: a killed process loses nothing it committed and the file never
                # corrupts; only a power cut may roll back the last commits. FULL would add an
                # fsync to every keystroke decision (measured: ~2x the 5 ms budget at 1M spans).
                db.execute("PRAGMA synchronous = NORMAL")
                # a bulk change can grow the WAL to hundreds of MB: shrink it after checkpoints
                db.execute(f"PRAGMA journal_size_limit = {64 * 1024 * 1024}")
        if schema.migrations.pending(db):
            # checked again under the write lock: another process may be upgrading it too
            with write_transaction(db, where), translated_errors(where):
                if schema.migrations.pending(db):
                    schema.migrations.apply(db)  # each migration a savepoint in this transaction
    except BaseException:
        db.close()
        raise
    return db, where


@contextmanager
def write_transaction(db: Database, where: str) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock up front so a busy database fails
    fast with a clear error instead of half-way through; rolls back on any exception."""
    conn = db.conn
    if conn.in_transaction:
        raise StoreError(where, "a store operation is already in progress on this connection")
    with translated_errors(where):
        conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    with translated_errors(where):
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
