"""Open or switch the project database from the File menu, with its name in the title (#15)."""

from __future__ import annotations

from pathlib import Path

from annotations.store import SpanStore
from desktop.projects import recent_projects
from redaction.documents import load_document


def _project_with(path: Path, tmp_path: Path, text: str) -> Path:
    doc = tmp_path / f"{path.stem}.txt"
    doc.write_text(text, encoding="utf-8")
    with SpanStore.open(path, annotator="alice") as store:
        store.add_document(load_document(doc))
    return path


def test_switching_project_shows_its_documents_and_name(studio, tmp_path, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    first = Path(studio.ops.store(lambda s: s.where).result(timeout=30))
    assert win.windowTitle() == f"{first.name} — Redact Studio"
    other = _project_with(tmp_path / "other.db", tmp_path, "Letter from Mary Jones.\n")
    win.switch_project(other)
    qtbot.waitUntil(lambda: win.windowTitle() == "other.db — Redact Studio", timeout=10000)
    idle(studio.ops)
    qtbot.waitUntil(lambda: win.review.document is not None, timeout=10000)
    assert [Path(d.path).name for d in win.review.documents] == ["other.txt"]
    assert win.db_label.text() == "other.db"
    assert not win.undo_stack.canUndo()  # nothing of the old project can be undone here
    # both are in the recent list, the open one first; the menu offers the other
    assert [p.name for p in recent_projects(win.settings)][:2] == ["other.db", first.name]
    win._fill_recent_menu()
    assert [a.text() for a in win.recent_menu.actions()] == [first.name]
    win.recent_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: win.windowTitle() == f"{first.name} — Redact Studio", timeout=10000)
    idle(studio.ops)
    qtbot.waitUntil(lambda: len(win.review.documents) == 3, timeout=10000)


def test_a_project_that_cannot_be_opened_leaves_the_current_one_open(
    studio, tmp_path, qtbot, idle
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QMessageBox

    win = studio.window
    before = win.windowTitle()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    win.switch_project(broken)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, QMessageBox) and w.isVisible() and "broken.db" in w.informativeText()
            for w in QApplication.topLevelWidgets()
        ),
        timeout=10000,
    )
    idle(studio.ops)
    assert win.windowTitle() == before
    assert len(studio.ops.store(lambda s: s.documents()).result(timeout=30)) == 3


def test_file_menu_offers_projects(studio) -> None:  # type: ignore[no-untyped-def]
    file_menu = studio.window.menuBar().actions()[0].menu()
    titles = [a.text() for a in file_menu.actions()]
    assert titles[:3] == ["Open project…", "New project…", "Recent projects"]
