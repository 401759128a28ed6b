"""The persistent pseudonym map: one fake value per (label, identity key), across documents.

Implements the ``get``/``set`` protocol the anonymisation engine uses for consistent
pseudonyms. Each ``set`` is its own small transaction (not an annotation decision, so no
event); a value once stored for a key is what every later document gets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotations import connection
from annotations.events import now


class StorePseudonymMap:
    def __init__(self, db: Any, where: str) -> None:
        self._db = db
        self._where = where

    def get(self, label: str, key: str) -> str | None:
        with connection.translated_errors(self._where):
            row = self._db.conn.execute(
                "SELECT value FROM pseudonyms WHERE label = ? AND key = ?", (label, key)
            ).fetchone()
        return None if row is None else str(row[0])

    def set(self, label: str, key: str, value: str) -> None:
        with connection.write_transaction(self._db, self._where) as conn:
            conn.execute(
                "INSERT INTO pseudonyms (label, key, value, created) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (label, key) DO UPDATE SET value = excluded.value",
                (label, key, value, now()),
            )

    def items(self) -> Iterator[tuple[str, str, str]]:
        """(label, key, value) for every stored pseudonym, in creation order."""
        with connection.translated_errors(self._where):
            rows = self._db.conn.execute(
                "SELECT label, key, value FROM pseudonyms ORDER BY rowid"
            ).fetchall()
        return iter([(str(a), str(b), str(c)) for a, b, c in rows])

    def __len__(self) -> int:
        with connection.translated_errors(self._where):
            return int(self._db.conn.execute("SELECT COUNT(*) FROM pseudonyms").fetchone()[0])

    def __contains__(self, item: object) -> bool:
        return isinstance(item, tuple) and len(item) == 2 and self.get(*item) is not None
