"""Keys typed while the next document is still loading act on that document, never on the one
the user has left; the history panel follows decisions on the selected span; labelling an
existing span's exact range relabels it instead of adding a conflicting span."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotations.store import SpanStore


def _db(studio) -> str:  # type: ignore[no-untyped-def]
    return studio.ops.store(lambda s: s.where).result(timeout=30)


def _state(studio) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    """name → (document status, one letter per span status in offset order)."""
    with SpanStore.open(_db(studio)) as store:
        return {
            Path(d.path).name: (d.status, "".join(s.status[0] for s in store.spans(d.id)))
            for d in store.documents()
        }


def _keys(qtbot, win, *keys):  # type: ignore[no-untyped-def]
    for key in keys:  # no event processing in between: the store has not answered yet
        qtbot.keyClick(win.document_view, key)


def test_a_decision_typed_while_the_next_document_opens_goes_to_that_document(
    studio, win, qtbot, idle
) -> None:  # type: ignore[no-untyped-def]
    before = _state(studio)
    assert before["a-cv.txt"][1].startswith("ss") and before["b-letter.txt"][1] == "sss"
    _keys(qtbot, win, Qt.Key.Key_X, Qt.Key.Key_N, Qt.Key.Key_X)
    idle(studio.ops)
    after = _state(studio)
    assert after["a-cv.txt"][1] == "r" + before["a-cv.txt"][1][1:]  # one reject, not two
    assert after["b-letter.txt"][1] == "rss"  # the second X rejected b's first suggestion
    assert Path(win.review.document.path).name == "b-letter.txt"
    assert win.review.current.status == "suggested"  # and moved on there


def test_queued_decisions_apply_in_order_to_the_new_selection(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    _keys(qtbot, win, Qt.Key.Key_N, Qt.Key.Key_A, Qt.Key.Key_Tab, Qt.Key.Key_3)
    idle(studio.ops)
    spans = win.review.spans  # b-letter: Ravi Patel, Bristol, Initech
    assert [s.status for s in spans] == ["accepted", "suggested", "accepted"]
    assert spans[2].label == "LOCATION"  # Tab skipped Bristol, 3 relabelled Initech
    assert _state(studio)["a-cv.txt"][1].count("s") == len(_state(studio)["a-cv.txt"][1])


def test_navigation_keys_chain_from_the_document_being_opened(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    _keys(qtbot, win, Qt.Key.Key_N, Qt.Key.Key_N, Qt.Key.Key_P)
    idle(studio.ops)
    assert Path(win.review.document.path).name == "b-letter.txt"
    win.review.open_suggestions = "keep"  # D leaves the open suggestions as they are
    _keys(qtbot, win, Qt.Key.Key_P, Qt.Key.Key_D, Qt.Key.Key_D)
    idle(studio.ops)
    state = _state(studio)
    assert state["a-cv.txt"][0] == "done" and state["b-letter.txt"][0] == "done"
    assert state["c-notes.md"][0] != "done"
    assert Path(win.review.document.path).name == "c-notes.md"
    # undo takes back the two marks one at a time
    qtbot.keyClick(win.document_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    idle(studio.ops)
    assert _state(studio)["b-letter.txt"][0] != "done"
    assert _state(studio)["a-cv.txt"][0] == "done"


def test_selection_made_in_the_document_being_left_is_not_applied(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    text = win.review.document.text
    start = text.index("Curriculum")
    win.document_view.select_range(win.offsets.to_utf16(start), win.offsets.to_utf16(start + 10))
    _keys(qtbot, win, Qt.Key.Key_N, Qt.Key.Key_3)
    idle(studio.ops)
    with SpanStore.open(_db(studio)) as store:
        manual = [s for d in store.documents() for s in store.spans(d.id) if s.source == "manual"]
    assert manual == []


def test_history_panel_follows_a_decision_on_the_selected_span(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(win.review.history_loaded, timeout=5000) as first:
        pass
    assert [e.action for e in first.args[1] if e.action == "relabel"] == []
    with qtbot.waitSignal(win.review.history_loaded, timeout=5000) as after:
        qtbot.keyClick(win.document_view, Qt.Key.Key_2)  # relabel keeps the span selected
    assert "relabel" in [e.action for e in after.args[1]]
    with qtbot.waitSignal(win.review.history_loaded, timeout=5000) as undone:
        qtbot.keyClick(win.document_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(undone.args[1]) > len(after.args[1])  # the undo is an event too
    idle(studio.ops)


def test_labelling_an_existing_spans_exact_range_relabels_it(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    doc = win.review.document
    span = next(s for s in win.review.spans if s.text == "Tom Baker")
    assert span.label == "PERSON"
    win.document_view.select_range(*win.offsets.span_to_utf16(span.start, span.end))
    qtbot.keyClick(win.document_view, Qt.Key.Key_2)  # ORGANIZATION
    idle(studio.ops)
    with SpanStore.open(_db(studio)) as store:
        same = [
            (s.label, s.status)
            for s in store.spans(doc.id)
            if (s.start, s.end) == (span.start, span.end)
        ]
    assert same == [("ORGANIZATION", "accepted")]
    assert win.review.current.id == span.id


def test_a_done_mark_the_database_refused_is_not_shown_as_done(
    studio, win, qtbot, idle, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from PySide6.QtWidgets import QApplication, QMessageBox

    from annotations import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.2)
    win.review.open_suggestions = "keep"
    doc_id = win.review.document.id
    db = _db(studio)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        studio.ops.store(lambda s: s.db.execute("PRAGMA busy_timeout = 200")).result(timeout=30)
        qtbot.keyClick(win.document_view, Qt.Key.Key_D)
        qtbot.waitUntil(
            lambda: any(
                isinstance(w, QMessageBox) and w.isVisible() and "locked" in w.windowTitle()
                for w in QApplication.topLevelWidgets()
            ),
            timeout=10000,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    idle(studio.ops)
    assert next(d for d in win.review.documents if d.id == doc_id).status != "done"
