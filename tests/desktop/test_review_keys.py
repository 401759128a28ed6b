"""Drive the window with real key presses and check what the store holds afterwards."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotations.store import SpanStore


def stored_spans(studio, doc_id: int):  # type: ignore[no-untyped-def]
    """Read the database through a second connection, independent of the app's store."""
    studio.ops.wait()
    with SpanStore.open(studio.window.statusBar().property("db") or _db(studio)) as store:
        return {s.id: s for s in store.spans(doc_id)}


def _db(studio) -> str:  # type: ignore[no-untyped-def]
    return studio.ops.store(lambda s: s.where).result(timeout=30)


def press(qtbot, win, key, modifier=Qt.KeyboardModifier.NoModifier, idle=None):  # type: ignore[no-untyped-def]
    qtbot.keyClick(win.document_view, key, modifier)


def test_opens_first_document_with_first_suggestion_selected(win) -> None:  # type: ignore[no-untyped-def]
    assert Path(win.review.document.path).name == "a-cv.txt"
    assert win.review.current is not None
    assert win.review.current.text == "Zoë Hartley"
    assert win.review.current.status == "suggested"


def test_accept_and_reject_keys_write_to_the_store(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    first = win.review.current
    qtbot.keyClick(win.document_view, Qt.Key.Key_A)
    idle(studio.ops)
    second = win.review.current
    assert second.id != first.id  # accept moves on to the next suggestion
    qtbot.keyClick(win.document_view, Qt.Key.Key_X)
    idle(studio.ops)
    spans = stored_spans(studio, win.review.document.id)
    assert spans[first.id].status == "accepted"
    assert spans[second.id].status == "rejected"
    # Enter accepts, Delete rejects
    third = win.review.current
    qtbot.keyClick(win.document_view, Qt.Key.Key_Return)
    idle(studio.ops)
    fourth = win.review.current
    qtbot.keyClick(win.document_view, Qt.Key.Key_Delete)
    idle(studio.ops)
    spans = stored_spans(studio, win.review.document.id)
    assert spans[third.id].status == "accepted"
    assert spans[fourth.id].status == "rejected"


def test_tab_moves_between_spans(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    ordered = win.review.spans
    assert win.review.current.id == ordered[0].id
    qtbot.keyClick(win.document_view, Qt.Key.Key_Tab)
    assert win.review.current.id == ordered[1].id
    qtbot.keyClick(win.document_view, Qt.Key.Key_Tab)
    qtbot.keyClick(win.document_view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert win.review.current.id == ordered[1].id
    idle(studio.ops)


def test_digit_relabels_current_span(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    current = win.review.current
    qtbot.keyClick(win.document_view, Qt.Key.Key_2)  # ORGANIZATION
    idle(studio.ops)
    assert stored_spans(studio, win.review.document.id)[current.id].label == "ORGANIZATION"
    assert win.span_model.record(win.span_model.row_of(current.id)).label == "ORGANIZATION"


def test_digit_with_selection_creates_span_snapped_to_words(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    text = win.review.document.text
    start = text.index("Curriculum") + 3  # "riculum vi" -> snaps to "Curriculum vitae"
    end = text.index("vitae") + 2
    win.document_view.select_range(win.offsets.to_utf16(start), win.offsets.to_utf16(end))
    qtbot.keyClick(win.document_view, Qt.Key.Key_3)  # LOCATION
    idle(studio.ops)
    created = [
        s for s in stored_spans(studio, win.review.document.id).values() if s.source == "manual"
    ]
    assert [(s.text, s.label, s.status) for s in created] == [
        ("Curriculum vitae", "LOCATION", "accepted")
    ]
    assert win.review.current.id == created[0].id


def test_alt_selection_keeps_character_precision(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    text = win.review.document.text
    start = text.index("Curriculum") + 3
    win.document_view.select_range(start, start + 4, precise=True)
    qtbot.keyClick(win.document_view, Qt.Key.Key_8)
    idle(studio.ops)
    created = [
        s for s in stored_spans(studio, win.review.document.id).values() if s.source == "manual"
    ]
    assert [s.text for s in created] == ["ricu"]


def test_shift_a_accepts_every_occurrence(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    name = win.review.current
    assert name.text == "Zoë Hartley"
    qtbot.keyClick(win.document_view, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    idle(studio.ops)
    same = [
        s for s in stored_spans(studio, win.review.document.id).values() if s.text == "Zoë Hartley"
    ]
    assert len(same) == 2
    assert {s.status for s in same} == {"accepted"}


def test_ctrl_shift_a_accepts_all_and_undo_redo_restores(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    doc = win.review.document.id
    qtbot.keyClick(
        win.document_view,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    idle(studio.ops)
    assert {s.status for s in stored_spans(studio, doc).values()} == {"accepted"}
    qtbot.keyClick(win.document_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    idle(studio.ops)
    assert {s.status for s in stored_spans(studio, doc).values()} == {"suggested"}
    assert {s.status for s in win.review.spans} == {"suggested"}
    qtbot.keyClick(
        win.document_view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    idle(studio.ops)
    assert {s.status for s in stored_spans(studio, doc).values()} == {"accepted"}


def test_undo_across_documents(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    first_doc = win.review.document.id
    span = win.review.current
    qtbot.keyClick(win.document_view, Qt.Key.Key_X)
    idle(studio.ops)
    qtbot.keyClick(win.document_view, Qt.Key.Key_N)
    idle(studio.ops)
    assert win.review.document.id != first_doc
    qtbot.keyClick(win.document_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    idle(studio.ops)
    assert stored_spans(studio, first_doc)[span.id].status == "suggested"
    assert win.review.document.id == first_doc  # undo brings its document back


def test_next_previous_and_done(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    names = [Path(d.path).name for d in win.review.documents]
    assert names == ["a-cv.txt", "b-letter.txt", "c-notes.md"]
    win.review.open_suggestions = "keep"  # D leaves the open suggestions as they are
    qtbot.keyClick(win.document_view, Qt.Key.Key_N)
    idle(studio.ops)
    assert Path(win.review.document.path).name == "b-letter.txt"
    qtbot.keyClick(win.document_view, Qt.Key.Key_P)
    idle(studio.ops)
    assert Path(win.review.document.path).name == "a-cv.txt"
    doc = win.review.document.id
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)
    idle(studio.ops)
    with SpanStore.open(_db(studio)) as store:
        assert store.document(doc).status == "done"
    assert Path(win.review.document.path).name == "b-letter.txt"
    # the list shows the new status
    row = win.document_model.row_of(doc)
    assert win.document_model.record(row).status == "done"


def test_emoji_document_highlights_the_right_characters(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(win.document_view, Qt.Key.Key_N)
    idle(studio.ops)
    bristol = next(s for s in win.review.spans if s.text == "Bristol")
    view_span = next(v for v in win.document_view.spans if v.id == bristol.id)
    cursor = win.document_view.textCursor()
    cursor.setPosition(view_span.start)
    cursor.setPosition(view_span.end, cursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "Bristol"


def test_review_keys_work_whichever_panel_has_focus(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    for widget in (win.span_panel.table, win.document_list.table):
        widget.setFocus()
        span = win.review.current
        qtbot.keyClick(widget, Qt.Key.Key_A)
        idle(studio.ops)
        assert win.review.span_by_id(span.id).status == "accepted", widget


def test_undo_shows_the_span_it_changed_and_says_what_was_undone(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    first = win.review.current
    assert first.text == "Zoë Hartley"
    qtbot.keyClick(win.document_view, Qt.Key.Key_A)  # accept, and move on to the next
    idle(studio.ops)
    assert win.review.current.id != first.id
    qtbot.keyClick(win.document_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    idle(studio.ops)
    assert win.review.current.id == first.id and win.review.current.status == "suggested"
    assert win.statusBar().currentMessage() == "Undone: Accept “Zoë Hartley”"


def test_history_panel_speaks_in_words(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(win.document_view, Qt.Key.Key_3)  # relabel the current span as Place
    idle(studio.ops)
    with qtbot.waitSignal(win.review.history_loaded, timeout=5000):
        pass
    lines = [win.span_panel.history.item(i).text() for i in range(win.span_panel.history.count())]
    annotator = studio.ops.store(lambda s: s.annotator).result(timeout=30)
    assert lines[0].startswith(f"{annotator} relabelled it Person → Place and accepted it · ")
    assert lines[-1].startswith(f"the detector suggested it as Person, imported by {annotator} · ")
    assert not any("None" in line or "→ 1" in line for line in lines)
    history = win.span_panel.history
    history.setFixedWidth(200)  # narrower than one sentence: it wraps, nothing is scrolled out
    QApplication.processEvents()
    assert history.horizontalScrollBar().maximum() == 0
