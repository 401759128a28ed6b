"""Errors of the annotation store, reported to users as one line naming the database file."""

from __future__ import annotations

from pathlib import Path

from redaction.errors import RedactError


class StoreError(RedactError):
    """The database cannot be opened or changed: locked, read-only, corrupt, newer, bad input."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class DatabaseLockedError(StoreError):
    """Another process holds the database's write lock (retrying later may work)."""


def is_locked(exc: BaseException) -> bool:
    """Does a sqlite3 error say another process holds the lock? (By result code: under a busy
    handler SQLite can report SQLITE_BUSY with the message "not an error".)"""
    code = (getattr(exc, "sqlite_errorname", "") or "").lower()
    text = f"{exc} {code}".lower()
    return "locked" in text or "busy" in text
