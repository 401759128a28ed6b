"""The preview never holds up decisions: it is planned off the GUI thread (a process for large
documents), bursts of requests coalesce, stale results are dropped, and only what is in view
gets highlighted."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotations.store import SpanStore
from desktop import preview_updates
from desktop.preview import PreviewPiece, PreviewResult, build_preview
from desktop.views.preview_view import QtPreviewView
from redaction.labels import load_labels


def _statuses(db: Path, doc_id: int) -> dict[int, str]:
    with SpanStore.open(db) as store:
        return {s.id: s.status for s in store.spans(doc_id)}


def test_decisions_are_stored_while_a_preview_plan_is_still_running(
    open_studio, tmp_path, cv_files, qtbot, idle, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    threads: list[threading.Thread] = []

    def slow_plan(*args):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        assert gate.wait(20), "the test never released the plan"
        return build_preview(*args)

    monkeypatch.setattr(preview_updates, "build_preview", slow_plan)
    db = tmp_path / "p.db"
    studio = open_studio(db, cv_files)
    win = studio.window
    shown: list[PreviewResult] = []
    win.preview_updates.ready.connect(shown.append)
    try:
        win.actions_by_name["toggle_preview"].trigger()  # plan 1 starts and hangs
        qtbot.waitUntil(lambda: len(threads) == 1)
        doc_id = win.review.document.id
        first, second = win.review.spans[0], win.review.spans[1]
        qtbot.keyClick(win.document_view, Qt.Key.Key_A)
        qtbot.keyClick(win.document_view, Qt.Key.Key_X)
        qtbot.keyClick(win.document_view, Qt.Key.Key_Tab)
        # the decisions reach the database while the preview is still being planned
        qtbot.waitUntil(
            lambda: (
                _statuses(db, doc_id)[first.id] == "accepted"
                and _statuses(db, doc_id)[second.id] == "rejected"
            ),
            timeout=10000,
        )
        assert not gate.is_set() and len(threads) == 1
        assert win.review.current.id not in (first.id, second.id)  # the keys moved on
    finally:
        gate.set()
    idle(studio.ops)
    assert all(t is not threading.main_thread() for t in threads)
    # three requests while plan 1 ran (preview on, accept, reject): one follow-up plan, and
    # only its result (the current one) was shown
    assert win.preview_updates.plans_started == 2
    assert len(shown) == 1
    text = win.preview_view.toPlainText()
    assert text.startswith("Curriculum vitae\n\n[name] [surname] lives in Leeds")


def test_large_documents_are_planned_in_a_separate_process(
    studio, qtbot, idle, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(preview_updates, "PROCESS_THRESHOLD_CHARS", 0)
    win = studio.window
    win.actions_by_name["toggle_preview"].trigger()
    qtbot.keyClick(win.document_view, Qt.Key.Key_A)
    idle(studio.ops, 60000)
    process = win.preview_updates._process
    assert process is not None and process.alive
    assert "[name] [surname] lives in Leeds" in win.preview_view.toPlainText()
    win.close()
    assert not process.alive  # closing the window stops the planner process


def test_hiding_the_preview_drops_the_pending_result(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    shown: list[PreviewResult] = []
    win.preview_updates.ready.connect(shown.append)
    win.actions_by_name["toggle_preview"].trigger()
    win.actions_by_name["toggle_preview"].trigger()  # hidden before the plan came back
    idle(studio.ops)
    assert shown == []
    assert not win.preview_view.isVisible()


def test_switching_documents_never_shows_the_previous_preview(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    win.actions_by_name["toggle_preview"].trigger()
    idle(studio.ops)
    assert win.preview_view.toPlainText().startswith("Curriculum vitae")
    qtbot.keyClick(win.document_view, Qt.Key.Key_N)
    idle(studio.ops)
    assert win.preview_view.toPlainText().startswith("Cover letter")
    assert win.preview_view.result.doc_id == win.review.document.id


@pytest.mark.parametrize(("start", "end"), [(0, 10), (95, 130), (4990, 5000), (0, 0)])
def test_pieces_between_finds_exactly_the_overlapping_pieces(start: int, end: int) -> None:
    pieces = [PreviewPiece(i * 10 + 2, i * 10 + 8, "PERSON") for i in range(500)]
    result = PreviewResult(1, 1, "x" * 5000, pieces, None)  # type: ignore[arg-type]
    expected = [p for p in pieces if p.start < end and p.end > start]
    assert result.pieces_between(start, end) == expected


def test_preview_view_highlights_only_the_replacements_in_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    labels = load_labels()
    line = "Zoë Hartley met 👋🏽 Tom Baker in Leeds.\n"
    text = line * 1200
    from redaction.spans import Span

    spans = []
    for i in range(1200):
        base = i * len(line)
        spans.append(Span(base, base + 11, "PERSON", 1.0, "t", "Zoë Hartley"))
    result = build_preview(1, 1, text, spans, labels)
    view = QtPreviewView(labels)
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    view.show_result(result)
    assert view.toPlainText() == result.text
    assert 0 < view.highlighted() < 200  # what fits on screen, not thousands
    selections = view.extraSelections()
    assert selections[0].cursor.selectedText() == "[name] [surname]"
    view.follow(1.0)  # scrolled to the end: the last lines are highlighted now
    selections = view.extraSelections()
    last = selections[-1].cursor
    assert last.selectionStart() > view.document().characterCount() - 10 * len(line)
    assert last.selectedText() in ("[name] [surname]", "[name]", "[surname]")


def test_preview_scrolls_with_the_original(open_studio, tmp_path, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "long.txt"
    path.write_text("".join(f"Line {i}: Tom Baker worked in Leeds.\n" for i in range(400)))
    studio = open_studio(tmp_path / "l.db", [path])
    win = studio.window
    win.actions_by_name["toggle_preview"].trigger()
    idle(studio.ops)
    original, preview = win.document_view.verticalScrollBar(), win.preview_view.verticalScrollBar()
    assert original.maximum() > 0 and preview.maximum() > 0
    original.setValue(original.maximum())
    assert preview.value() == preview.maximum()
    original.setValue(original.maximum() // 2)
    fraction = original.value() / original.maximum()
    assert abs(preview.value() / preview.maximum() - fraction) < 0.02
