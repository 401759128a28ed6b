"""Window state that survives a restart, error dialogs that say what failed, and preferences
that take effect on the running store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from annotations.errors import DatabaseLockedError, StoreError
from annotations.store import default_annotator
from desktop.dialogs.errors import title_for


def _dialogs() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "ErrorDialog" and w.isVisible()
    ]


def test_preview_splitter_is_restored(open_studio, qtbot, tmp_path, cv_files, idle) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    first = open_studio(db, cv_files)
    first.window.actions_by_name["toggle_preview"].trigger()
    first.window.text_split.setSizes([700, 200, 0])
    idle(first.ops)
    saved = first.window.text_split.sizes()
    first.close()

    second = open_studio(db)
    second.window.restore_state()
    idle(second.ops)
    original, preview, _ = second.window.text_split.sizes()
    assert preview > 0 and abs(original / preview - saved[0] / saved[1]) < 0.2


def test_preview_hidden_at_exit_still_opens_with_width(
    open_studio, qtbot, tmp_path, cv_files, idle
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    first = open_studio(db, cv_files)
    idle(first.ops)
    first.close()
    second = open_studio(db)
    second.window.restore_state()
    second.window.actions_by_name["toggle_preview"].trigger()
    idle(second.ops)
    assert second.window.preview_view.width() > 50


def test_a_database_that_cannot_be_created_is_one_line_naming_it(open_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = open_studio(Path("/proc/nope/x.db"))
    qtbot.waitUntil(lambda: bool(_dialogs()), timeout=10000)
    text = _dialogs()[0].informativeText()
    assert text.startswith("/proc/nope/x.db:") and "\n" not in text
    assert "Errno" not in text and "FileNotFoundError" not in text
    assert not studio.ops.has_store


def test_failed_writes_get_a_title_that_says_what_failed() -> None:
    locked = DatabaseLockedError("a.db", "database is locked by another process")
    assert title_for(locked) == "The database is locked"
    # known by its type, not by words in its message
    assert title_for(StoreError("a.db", "label 'locked' is unknown")) != "The database is locked"
    assert title_for(sqlite3.OperationalError("database is locked")) == "The database is locked"
    assert title_for(StoreError("a.db", "no span with id 4")) == "The database could not be changed"
    assert title_for(ValueError("x")) == "Something went wrong"


def test_clearing_the_annotator_name_falls_back_to_the_os_user(studio, settings, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    settings.setValue("annotator/name", "Ann Example")
    win._on_preferences_changed(["annotator/name"])
    assert studio.ops.store(lambda s: s.annotator).result(timeout=10) == "Ann Example"
    settings.setValue("annotator/name", "")
    win._on_preferences_changed(["annotator/name"])
    assert studio.ops.store(lambda s: s.annotator).result(timeout=10) == default_annotator()
    idle(studio.ops)
