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
