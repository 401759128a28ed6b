"""sqlite3 errors become one line that names the real cause, by result code when the message lies."""

from __future__ import annotations

import sqlite3

import pytest

from annotations.connection import describe_sqlite_error


def _error(message: str, name: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        # Seen under a busy handler: SQLITE_BUSY reported with the message "not an error".
        (_error("not an error", "SQLITE_BUSY"), "locked"),
        (_error("database is locked", "SQLITE_BUSY"), "locked"),
        (_error("attempt to write a readonly database", "SQLITE_READONLY"), "read-only"),
        (_error("file is not a database", "SQLITE_NOTADB"), "corrupt"),
        (_error("something else", "SQLITE_NOTADB"), "corrupt"),
    ],
)
def test_the_result_code_names_the_cause(exc: sqlite3.Error, expected: str) -> None:
    assert expected in describe_sqlite_error(exc)


def test_an_error_without_a_code_keeps_its_message() -> None:
    assert describe_sqlite_error(sqlite3.OperationalError("no such table: x")).endswith(
        "no such table: x"
    )
