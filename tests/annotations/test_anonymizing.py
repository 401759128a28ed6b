"""The project's sources for anonymising, shared by `redact anonymize --db` and the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.anonymizing import NotReviewedError, review_sources
from annotations.store import SpanStore
from redaction.documents import load_document
from redaction.errors import RedactError
from redaction.spans import Span

TEXT = "Dear Lewis Smith, meet Gideon Marsh in Leeds.\n"


def _span(text: str, value: str, label: str) -> Span:
    start = text.index(value)
    return Span(start, start + len(value), label, 0.9, "test")


def test_sources_give_accepted_spans_rejected_texts_and_review_state(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text(TEXT, encoding="utf-8")
    document = load_document(path)
    with SpanStore.open(tmp_path / "p.db", annotator="alice") as store:
        record, spans = store.add_document(
            document,
            suggestions=[
                _span(TEXT, "Lewis Smith", "PERSON"),
                _span(TEXT, "Gideon Marsh", "PERSON"),
                _span(TEXT, "Leeds", "LOCATION"),
            ],
        )
        by_text = {s.text: s for s in store.spans(record.id)}
        store.accept(by_text["Lewis Smith"].id)
        store.reject(by_text["Gideon Marsh"].id)

        sources = review_sources(store)
        with pytest.raises(NotReviewedError, match="not marked done"):
            sources.spans_for(document)
        assert not sources.reviewed_for(document)
        # Unreviewed documents included: their open suggestions count too.
        loose = review_sources(store, include_unreviewed=True)
        assert {s.label for s in loose.spans_for(document)} == {"PERSON", "LOCATION"}

        store.set_status(record.id, "done")
        assert [TEXT[s.start : s.end] for s in sources.spans_for(document)] == ["Lewis Smith"]
        assert sources.rejected_for(document) == ["Gideon Marsh"]
        assert sources.reviewed_for(document)

        other = tmp_path / "other.txt"
        other.write_text("Not in the project.\n", encoding="utf-8")
        with pytest.raises(RedactError, match="not in the project database"):
            sources.spans_for(load_document(other))


def test_a_file_read_in_another_encoding_than_at_import_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes("Jan Dvořák, Crčme\n".encode("cp1250"))
    imported = load_document(path, encoding="cp1250")
    with SpanStore.open(tmp_path / "p.db", annotator="alice") as store:
        record, _ = store.add_document(imported, suggestions=[])
        store.set_status(record.id, "done")
        sources = review_sources(store)
        assert sources.spans_for(load_document(path, encoding="cp1250")) == []
        with pytest.raises(RedactError, match="reads differently now than when it was imported"):
            sources.spans_for(load_document(path, encoding="cp1252"))
