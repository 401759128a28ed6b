"""Store fixtures: a tmp-path database, an in-memory one, and synthetic documents."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from annotations.store import SpanStore
from redaction.documents import Document

MakeDocument = Callable[..., Document]


@pytest.fixture
def make_document(tmp_path: Path) -> MakeDocument:
    """``make_document(text, name="doc.txt", write=False)``: a Document as the loader would give
    it (sha256 of the UTF-8 bytes); ``write=True`` also puts the file on disk."""

    def make(text: str, name: str = "doc.txt", write: bool = False) -> Document:
        path = tmp_path / name
        data = text.encode("utf-8")
        if write:
            path.write_bytes(data)
        return Document(
            path=path,
            format="txt",
            text=text,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
        )

    return make


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[SpanStore]:
    with SpanStore.open(db_path, annotator="alice") as opened:
        yield opened


@pytest.fixture
def memory_store() -> Iterator[SpanStore]:
    with SpanStore.open(":memory:", annotator="alice") as opened:
        yield opened


def snapshot(store: SpanStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the user-visible tables, to compare states exactly."""
    conn = store.db.conn
    return {
        table: [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        for table in ("documents", "spans", "pseudonyms", "document_counts")
    }
