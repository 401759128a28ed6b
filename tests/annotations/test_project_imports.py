"""The one import pipeline both fronts use (#14): size limit, warnings, unchanged files, a
missing detector, cancelling, and one change for the whole import."""

from __future__ import annotations

import threading
from pathlib import Path

from annotations.project import ImportOptions, import_documents
from annotations.store import SpanStore
from redaction.spans import Span


class Finder:
    """Finds "Ann Lee"; records every text it was given."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def detect_batch(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        for text in texts:
            self.seen.append(text)
            start = text.find("Ann Lee")
            yield [Span(start, start + 7, "PERSON", 0.9, "test")] if start >= 0 else []


def _files(tmp_path: Path) -> list[Path]:
    (tmp_path / "a.txt").write_text("Ann Lee lives in Leeds.\n", encoding="utf-8")
    (tmp_path / "big.txt").write_text("Ann Lee " * 400, encoding="utf-8")
    (tmp_path / "old.txt").write_bytes("Crème, Ann Lee\n".encode("cp1252"))
    return [tmp_path / "a.txt", tmp_path / "big.txt", tmp_path / "old.txt"]


def test_limits_warnings_and_one_change(tmp_path: Path) -> None:
    files = _files(tmp_path)
    finder = Finder()
    heard: list[tuple[str, str]] = []
    with SpanStore.open(tmp_path / "p.db", annotator="alice") as store:
        report = import_documents(
            files,
            call=lambda fn: fn(store),
            detector=lambda: finder,
            options=ImportOptions(max_bytes=1000),
            notify=lambda kind, line: heard.append((kind, line)),
        )
        assert [Path(r.path).name for r in report.added] == ["a.txt", "old.txt"]
        assert report.suggestions == 2
        [problem] = report.failed
        assert problem.startswith(f"{files[1]}: file too large")
        [warning] = report.warnings
        assert warning.startswith(f"{files[2]}: text encoding guessed as cp1252")
        assert [kind for kind, _ in heard] == ["error", "warning"]
        summary = store.change_summary(store.last_change())
        assert summary.action == "import" and summary.documents == 2
        # again: nothing is detected twice
        again = import_documents(
            files, call=lambda fn: fn(store), detector=lambda: finder, options=ImportOptions()
        )
    assert len(again.unchanged) == 2 and len(again.added) == 1  # big.txt, no limit now
    assert len(finder.seen) == 3


def test_without_a_detector_documents_are_stored_without_suggestions(tmp_path: Path) -> None:
    files = _files(tmp_path)[:1]
    with SpanStore.open(tmp_path / "p.db") as store:
        report = import_documents(files, call=lambda fn: fn(store), detector=lambda: None)
        assert len(report.added) == 1 and store.spans() == []


def test_cancelling_stops_before_the_next_file(tmp_path: Path) -> None:
    files = _files(tmp_path)
    cancel = threading.Event()
    progress: list[int] = []

    def step(done: int, total: int | None, message: str) -> None:
        progress.append(done)
        cancel.set()  # after the first file

    with SpanStore.open(tmp_path / "p.db") as store:
        report = import_documents(
            files,
            call=lambda fn: fn(store),
            detector=Finder,
            progress=step,
            cancel=cancel,
        )
        assert report.cancelled and len(store.documents()) == 1
