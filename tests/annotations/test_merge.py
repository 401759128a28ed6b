"""Merging two annotators' databases: agreements once, differences kept for adjudication,
documents from either side copied, and the output never overwritten by accident."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotations.merge import MergeError, merge_stores
from annotations.store import SpanStore
from redaction.errors import OutputExistsError
from tests.annotations.exchange_data import ONLY_A, ONLY_B, SHARED, annotator_a, annotator_b


@pytest.fixture
def dbs(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "alice.db", tmp_path / "bob.db"
    annotator_a(a).close()
    annotator_b(b).close()
    return a, b


def _spans_by_text(store: SpanStore) -> dict[str, list[tuple[int, int, str, str, str]]]:
    texts = {d.id: d.text for d in store.documents(with_text=True)}
    result: dict[str, list[tuple[int, int, str, str, str]]] = {}
    for s in store.spans():
        result.setdefault(texts[s.document_id], []).append(
            (s.start, s.end, s.label, s.status, s.source)
        )
    return result


def test_merge_keeps_agreements_once_and_both_decisions_on_a_disagreement(
    dbs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "merged.db"
    report = merge_stores(*dbs, out)
    assert (report.documents_both, report.documents_only_a, report.documents_only_b) == (2, 1, 1)
    with SpanStore.open(out) as merged:
        spans = _spans_by_text(merged)
        assert sorted(spans[SHARED]) == [
            (0, 9, "PERSON", "accepted", "spacy"),  # both accepted
            (14, 18, "PERSON", "suggested", "adjudicate:A:absent,B:accepted"),
            (14, 23, "PERSON", "suggested", "adjudicate:A:accepted,B:rejected"),
            (27, 31, "LOCATION", "suggested", "adjudicate:A:accepted,B:absent"),
            (27, 31, "ORGANIZATION", "suggested", "adjudicate:A:absent,B:accepted"),
            (32, 37, "DATE_TIME", "rejected", "spacy"),  # both rejected: kept once
        ]
        # documents in one database only are copied with their decisions and status
        assert spans[ONLY_A] == [
            (0, 10, "PERSON", "accepted", "spacy"),
            (20, 25, "LOCATION", "accepted", "spacy"),
        ]
        assert spans[ONLY_B] == [(0, 8, "PERSON", "accepted", "spacy")]
        status = {d.text: (d.status, d.finished_by) for d in merged.documents(with_text=True)}
        assert status[SHARED][0] == "in_progress"  # back in the queue for adjudication
        assert status[ONLY_A] == ("done", "alice") and status[ONLY_B] == ("done", "bob")
        # decisions keep who made them
        agreed = next(s for s in merged.spans() if s.status == "accepted" and s.start == 0)
        assert agreed.annotator == "alice"
    assert report.spans_to_adjudicate == 4 + 2  # shared doc 4, "Eva Lund" vs "Eva" 2
    assert report.documents_to_adjudicate == 2


def test_merged_database_is_sound_and_leaves_no_temporary_files(
    dbs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "merged.db"
    merge_stores(*dbs, out)
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alice.db", "bob.db", "merged.db"]


def test_merge_refuses_to_overwrite_without_permission(
    dbs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "merged.db"
    out.write_bytes(b"keep me")
    with pytest.raises(
        OutputExistsError, match="already exists; choose another file or replace it"
    ):
        merge_stores(*dbs, out)
    assert out.read_bytes() == b"keep me"
    merge_stores(*dbs, out, overwrite=True)
    with SpanStore.open(out) as merged:
        assert len(merged.documents()) == 4
    with pytest.raises(MergeError, match="must not be one of the databases"):
        merge_stores(dbs[0], dbs[1], dbs[0], overwrite=True)
    with pytest.raises(MergeError, match="no such database"):
        merge_stores(dbs[0], tmp_path / "missing.db", tmp_path / "new.db")
    assert not (tmp_path / "missing.db").exists() and not (tmp_path / "new.db").exists()


def test_merging_identical_work_changes_nothing(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    annotator_a(a).close()
    annotator_a(b).close()
    report = merge_stores(a, b, tmp_path / "m.db")
    assert report.spans_to_adjudicate == 0 and report.documents_only_a == 0
    with SpanStore.open(a) as original, SpanStore.open(tmp_path / "m.db") as merged:
        assert _spans_by_text(merged) == _spans_by_text(original)
        assert [d.status for d in merged.documents()] == [d.status for d in original.documents()]
