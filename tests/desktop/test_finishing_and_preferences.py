"""Finishing a document: D on a document with undecided suggestions asks what to do with them
(exports leave them out), remembers the answer when asked to, and never loses a decision; the
reject-all and skip keys; and the preferences behind them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotations.store import SpanStore
from desktop.dialogs.done_prompt import SETTING, DonePrompt


def _state(studio) -> dict[str, tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """File name -> (document status, span statuses), read through a second connection."""
    studio.ops.wait()
    db = studio.ops.store(lambda s: s.where).result(timeout=30)
    with SpanStore.open(db) as store:
        return {
            Path(d.path).name: (d.status, [s.status for s in store.spans(d.id)])
            for d in store.documents()
        }


def _refocus(win, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Shortcuts need the main window active again once the question is gone."""
    win.activateWindow()
    win.document_view.setFocus()
    qtbot.waitUntil(win.isActiveWindow)


def _prompt(qtbot) -> DonePrompt:  # type: ignore[no-untyped-def]
    found: list[DonePrompt] = []

    def shown() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, DonePrompt) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(shown, timeout=10000)
    return found[0]


def test_d_with_open_suggestions_asks_and_changes_nothing_until_answered(
    studio, win, qtbot, idle
) -> None:  # type: ignore[no-untyped-def]
    before = _state(studio)["a-cv.txt"]
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)
    prompt = _prompt(qtbot)
    open_count = before[1].count("suggested")
    assert "“a-cv.txt” still has" in prompt.text() and str(open_count) in prompt.text()
    assert "Exports leave undecided suggestions out" in prompt.informativeText()
    assert _state(studio)["a-cv.txt"] == before  # not done, nothing decided
    qtbot.mouseClick(prompt.reject_button, Qt.MouseButton.LeftButton)
    idle(studio.ops)
    status, spans = _state(studio)["a-cv.txt"]
    assert status == "done" and spans == ["rejected"] * open_count
    assert "rejected" in win.statusBar().currentMessage()
    _refocus(win, qtbot)
    # one key takes back both the mark and the rejections
    qtbot.keyClick(win.document_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    idle(studio.ops)
    assert _state(studio)["a-cv.txt"] == before


def test_go_back_reopens_the_document_and_leaves_it_open(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    before = _state(studio)["a-cv.txt"]
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)
    prompt = _prompt(qtbot)
    qtbot.mouseClick(prompt.back_button, Qt.MouseButton.LeftButton)
    idle(studio.ops)
    assert _state(studio)["a-cv.txt"] == before
    assert Path(win.review.document.path).name == "a-cv.txt"
    assert (
        win.document_model.record(win.document_model.row_of(win.review.document.id)).status
        != "done"
    )


def test_a_remembered_answer_is_applied_without_asking(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)
    prompt = _prompt(qtbot)
    prompt.remember.setChecked(True)
    qtbot.mouseClick(prompt.accept_button, Qt.MouseButton.LeftButton)
    idle(studio.ops)
    assert win.settings.value(SETTING) == "accept"
    assert set(_state(studio)["a-cv.txt"][1]) == {"accepted"}
    # b-letter.txt is open now: D accepts its suggestions at once
    assert Path(win.review.document.path).name == "b-letter.txt"
    _refocus(win, qtbot)
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)
    idle(studio.ops)
    status, spans = _state(studio)["b-letter.txt"]
    assert status == "done" and set(spans) == {"accepted"}
    assert not any(
        isinstance(w, DonePrompt) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_a_document_without_open_suggestions_is_done_without_a_question(
    studio, win, qtbot, idle
) -> None:  # type: ignore[no-untyped-def]
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(win.document_view, Qt.Key.Key_A, ctrl_shift)  # accept all, then D at once
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)
    idle(studio.ops)
    assert _state(studio)["a-cv.txt"][0] == "done"
    assert not any(
        isinstance(w, DonePrompt) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_preferences_offer_the_choice(studio, win, qtbot) -> None:  # type: ignore[no-untyped-def]
    win.show_preferences()
    dialog = win._prefs
    box = dialog.open_suggestions
    assert box.currentData() == "ask"
    box.setCurrentIndex(box.findData("reject"))
    dialog.save()
    assert win.settings.value(SETTING) == "reject"
    assert win.review.open_suggestions == "reject"


def test_reject_all_and_skip_from_the_keyboard(studio, win, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(win.document_view, Qt.Key.Key_X, ctrl_shift)
    idle(studio.ops)
    assert set(_state(studio)["a-cv.txt"][1]) == {"rejected"}
    qtbot.keyClick(win.document_view, Qt.Key.Key_S)
    idle(studio.ops)
    assert _state(studio)["a-cv.txt"][0] == "skipped"
    assert Path(win.review.document.path).name == "b-letter.txt"
    qtbot.keyClick(win.document_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    idle(studio.ops)
    assert _state(studio)["a-cv.txt"][0] != "skipped"
    titles = [a.text() for a in win.menuBar().actions()[2].menu().actions()]
    assert "Reject all suggestions in document" in titles
    assert "Skip document, open next" in titles


def test_preferences_show_the_name_decisions_are_stored_under(studio, win, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REDACT_ANNOTATOR", "zoe")
    win.show_preferences()
    field = win._prefs.annotator
    assert field.text() == "" and field.placeholderText().startswith("zoe ")
    win._prefs.close()


def test_the_list_flags_a_document_done_with_undecided_suggestions(
    studio, win, qtbot, idle
) -> None:  # type: ignore[no-untyped-def]
    win.review.open_suggestions = "keep"  # leave them open on purpose
    doc_id = win.review.document.id
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)
    idle(studio.ops)
    model = win.document_model
    row = model.row_of(doc_id)
    record = model.record(row)
    assert record.status == "done" and record.suggested > 0
    assert int(model.index(row, 1).data()) == record.suggested
    tip = str(model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole))
    assert f"{record.suggested} suggestions are undecided: exports leave them out" in tip
    assert model.index(row, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
