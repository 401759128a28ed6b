"""Window geometry, splitter sizes and view toggles kept across runs (QSettings, UI state only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def restore_window_state(window: MainWindow) -> None:
    settings = window.settings
    geometry = settings.value("window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)  # type: ignore[arg-type]
    state = settings.value("window/state")
    if state is not None:
        window.restoreState(state)  # type: ignore[arg-type]
    splitter = settings.value("window/splitter")
    if splitter is not None:
        window.main_split.restoreState(splitter)  # type: ignore[arg-type]
    text_splitter = settings.value("window/text_splitter")  # original | preview | page
    if text_splitter is not None:
        window.text_split.restoreState(text_splitter)  # type: ignore[arg-type]
    preview = settings.value("view/preview", False, type=bool)
    window.actions_by_name["toggle_preview"].setChecked(bool(preview))
    window.preview_view.setVisible(bool(preview))
    pages = settings.value("view/pages", True, type=bool)
    window.actions_by_name["toggle_pages"].setChecked(bool(pages))


def save_window_state(window: MainWindow) -> None:
    settings = window.settings
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/splitter", window.main_split.saveState())
    settings.setValue("window/text_splitter", window.text_split.saveState())
    settings.setValue("view/preview", window.actions_by_name["toggle_preview"].isChecked())
    settings.setValue("view/pages", window.actions_by_name["toggle_pages"].isChecked())
    settings.sync()
