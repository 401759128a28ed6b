"""Anonymising a project (#14): the function `redact anonymize --db` and the app's export both
run."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.project.anonymise import (
    AnonymiseOptions,
    NothingToAnonymiseError,
    anonymise_project,
)
from annotations.store import SpanStore
from redaction.documents import load_document
from redaction.labels import load_labels
from redaction.spans import Span


def _add(store: SpanStore, path: Path, text: str, done: bool) -> None:
    path.write_text(text, encoding="utf-8")
    start = text.index("Ann Lee")
    record, _ = store.add_document(
        load_document(path), suggestions=[Span(start, start + 7, "PERSON", 0.9, "test")]
    )
    if done:
        store.accept_all(record.id, mark_done=True)


def test_the_projects_done_documents_are_anonymised_and_gone_files_listed(tmp_path: Path) -> None:
    with SpanStore.open(tmp_path / "p.db", annotator="alice") as store:
        _add(store, tmp_path / "done.txt", "Dear Ann Lee, welcome.\n", done=True)
        _add(store, tmp_path / "gone.txt", "Ann Lee left.\n", done=True)
        _add(store, tmp_path / "open.txt", "Ann Lee stays.\n", done=False)
        (tmp_path / "gone.txt").unlink()
        options = AnonymiseOptions(out_dir=tmp_path / "out")
        result = anonymise_project(store, options, load_labels())
    [doc] = result.batch.documents
    assert doc.status == "ok" and result.missing == [str(tmp_path / "gone.txt")]
    written = (tmp_path / "out" / doc.output).read_text(encoding="utf-8")
    assert written == "Dear [name] [surname], welcome.\n"


def test_nothing_done_is_one_line_naming_the_output(tmp_path: Path) -> None:
    with SpanStore.open(tmp_path / "p.db") as store:
        _add(store, tmp_path / "open.txt", "Ann Lee stays.\n", done=False)
        with pytest.raises(NothingToAnonymiseError, match="nothing to export"):
            anonymise_project(store, AnonymiseOptions(out_dir=tmp_path / "out"), load_labels())
