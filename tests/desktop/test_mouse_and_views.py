"""Mouse interaction, the PDF page view, preview, find, window state, dialogs and persistence."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from annotations.store import SpanStore

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _point_of(view, position: int) -> QPoint:  # type: ignore[no-untyped-def]
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    rect = view.cursorRect(cursor)
    return QPoint(rect.x() + 3, rect.center().y())


def _db(studio) -> str:  # type: ignore[no-untyped-def]
    return studio.ops.store(lambda s: s.where).result(timeout=30)


def test_click_on_a_span_selects_it(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    target = next(s for s in win.review.spans if s.text == "Leeds")
    view_span = next(v for v in win.document_view.spans if v.id == target.id)
    qtbot.mouseClick(
        win.document_view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=_point_of(win.document_view, view_span.start + 1),
    )
    assert win.review.current.id == target.id
    row = win.span_panel.table.currentIndex().row()
    assert win.span_panel.proxy.index(row, 1).data() == "Leeds"
    idle(studio.ops)


def test_drag_span_edge_resizes_it(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    target = next(s for s in win.review.spans if s.text == "Acme Robotics")
    win.review.select_span(target.id)
    view = win.document_view
    vs = next(v for v in view.spans if v.id == target.id)
    end_point = _point_of(view, vs.end)
    end_point.setX(end_point.x() - 3)
    new_end = _point_of(view, vs.end - len(" Robotics"))
    new_end.setX(new_end.x() - 3)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=end_point)
    qtbot.mouseMove(view.viewport(), new_end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=new_end)
    idle(studio.ops)
    with SpanStore.open(_db(studio)) as store:
        assert store.span(target.id).text == "Acme"


def test_context_menu_offers_the_span_actions(studio, qtbot, idle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMenu

    shown: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda self, pos, at=None: shown.append(self))
    win = studio.window
    target = next(s for s in win.review.spans if s.text == "Leeds")
    vs = next(v for v in win.document_view.spans if v.id == target.id)
    win.document_view.span_context_menu.emit(target.id, QPoint(0, 0))
    win.review.select_span(target.id)
    texts = [a.text() for a in shown[0].actions()]
    assert {"Accept span", "Reject span", "Delete span"} <= set(texts)
    assert any("occurrence" in t for t in texts)
    win.actions_by_name["delete_span"].trigger()
    idle(studio.ops)
    assert vs.id not in {s.id for s in win.review.spans}
    with SpanStore.open(_db(studio)) as store:
        assert target.id not in {s.id for s in store.spans(win.review.document.id)}


def test_preview_toggle_shows_placeholders(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    win.activateWindow()
    win.actions_by_name["toggle_preview"].trigger()
    assert win.preview_view.isVisible()
    qtbot.keyClick(win.document_view, Qt.Key.Key_A)  # accept "Zoë Hartley"
    idle(studio.ops)
    text = win.preview_view.toPlainText()
    assert "[name] [surname] lives in Leeds" in text
    assert "Zoë" not in text


def test_find_selects_the_next_match(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    win.activateWindow()
    qtbot.keyClick(win.document_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert win.find_bar.isVisible()
    qtbot.keyClicks(win.find_bar.edit, "acme")
    assert win.document_view.textCursor().selectedText() == "Acme"
    first = win.document_view.textCursor().selectionStart()
    qtbot.keyClick(win.find_bar.edit, Qt.Key.Key_Return)
    assert win.document_view.textCursor().selectionStart() > first
    idle(studio.ops)


def test_drop_files_imports_them(studio, qtbot, tmp_path, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    path = tmp_path / "dropped.txt"
    path.write_text("Dropped note about Tom Baker.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(win.import_finished, timeout=10000) as blocker:
        win.dropEvent(event)
    assert [Path(r.path).name for r in blocker.args[0].added] == ["dropped.txt"]
    idle(studio.ops)
    assert Path(win.review.document.path).name == "dropped.txt"


def test_decisions_survive_a_restart_and_window_state_is_restored(
    open_studio, qtbot, tmp_path, settings, cv_files, idle
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "keep.db"
    first = open_studio(db, cv_files)
    span = first.window.review.current
    qtbot.keyClick(first.window.document_view, Qt.Key.Key_X)
    first.window.actions_by_name["toggle_preview"].trigger()
    idle(first.ops)
    first.close()
    assert settings.value("view/preview", type=bool) is True
    assert settings.value("window/geometry") is not None

    second = open_studio(db)
    second.window.restore_state()
    qtbot.waitUntil(lambda: second.window.review.document is not None, timeout=10000)
    idle(second.ops)
    assert second.window.actions_by_name["toggle_preview"].isChecked()
    assert second.window.preview_view.isVisible()
    assert second.window.review.span_by_id(span.id).status == "rejected"


def test_custom_shortcut_from_settings(
    open_studio, qtbot, tmp_path, settings, cv_files, idle
) -> None:  # type: ignore[no-untyped-def]
    settings.setValue("shortcuts/accept", "K")
    studio = open_studio(tmp_path / "k.db", cv_files)
    span = studio.window.review.current
    qtbot.keyClick(studio.window.document_view, Qt.Key.Key_K)
    idle(studio.ops)
    assert studio.window.review.span_by_id(span.id).status == "accepted"


def test_shortcuts_and_preferences_dialogs(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    win.show_shortcuts()
    table = win._shortcuts.table
    rows = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    assert rows["Accept span"].startswith("A")
    assert rows["Next span"] == "Tab"
    assert any(keys == "1" and "Person" in what for what, keys in rows.items())
    win._shortcuts.close()
    win.show_preferences()
    prefs = win._prefs
    prefs.annotator.setText("alice")
    prefs.threshold.setValue(0.6)
    prefs.theme.setCurrentIndex(1)
    prefs.save()
    assert win.settings.value("annotator/name") == "alice"
    assert float(win.settings.value("detection/threshold")) == 0.6
    assert QApplication.instance().palette().base().color().lightness() < 80  # dark theme applied
    from desktop.theme import apply_theme

    apply_theme(QApplication.instance(), "light")
    idle(studio.ops)


@pytest.mark.skipif(
    not (SAMPLES / "cv-and-cover-letter.pdf").is_file(), reason="sample PDF not present"
)
def test_pdf_page_view_draws_span_boxes_and_syncs(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    with qtbot.waitSignal(win.import_finished, timeout=20000):
        win.start_import([SAMPLES / "cv-and-cover-letter.pdf"])
    idle(studio.ops)
    assert win.review.document.format == "pdf"
    win.actions_by_name["toggle_pages"].setChecked(True)
    win._toggle_pages(True)
    qtbot.waitUntil(lambda: win.page_view.layout_ is not None, timeout=10000)
    span = win.review.current
    rects = win.page_view._span_rects(span)
    assert rects and all(r.width() > 2 and r.height() > 2 for r in rects)
    other = next(s for s in win.review.spans if s.id != span.id)
    point = win.page_view._span_rects(other)[0].center().toPoint()
    win.page_view._on_click(point)
    assert win.review.current.id == other.id
    image = win.page_view.canvas.grab().toImage()
    assert not image.isNull()
    idle(studio.ops)
