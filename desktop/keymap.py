"""The default keyboard map; users override any entry in the preferences (QSettings)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence


@dataclass(frozen=True, slots=True)
class Binding:
    name: str
    title: str
    keys: tuple[str, ...]
    icon: str | None = None
    short: str | None = None  # toolbar text


BINDINGS: tuple[Binding, ...] = (
    Binding("next_span", "Next span", ("Tab",)),
    Binding("previous_span", "Previous span", ("Shift+Tab", "Backtab")),
    Binding("accept", "Accept span", ("A", "Return", "Enter"), "accept", "Accept"),
    Binding("reject", "Reject span", ("X", "Delete"), "reject", "Reject"),
    Binding("accept_occurrences", "Accept this and every occurrence", ("Shift+A",)),
    Binding(
        "accept_all",
        "Accept all suggestions in document",
        ("Ctrl+Shift+A",),
        "accept-all",
        "Accept all",
    ),
    Binding("reject_all", "Reject all suggestions in document", ("Ctrl+Shift+X",)),
    Binding("delete_span", "Delete span", ("Shift+Delete",)),
    Binding("mark_done", "Mark document done, open next", ("D",), "mark-done", "Done"),
    Binding("skip_document", "Skip document, open next", ("S",)),
    Binding("next_document", "Next document", ("N",), "next-doc"),
    Binding("previous_document", "Previous document", ("P",), "prev-doc"),
    Binding("undo", "Undo", ("Ctrl+Z",), "undo"),
    Binding("redo", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo"),
    Binding("find", "Find in document", ("Ctrl+F",), "find"),
    Binding("export", "Export…", ("Ctrl+E",), "export", "Export"),
    Binding("open_project", "Open project…", ("Ctrl+Shift+P",)),
    Binding("new_project", "New project…", ("Ctrl+Shift+N",)),
    Binding("open_files", "Open documents…", ("Ctrl+O",), "open-file", "Open"),
    Binding("open_folder", "Open folder…", ("Ctrl+Shift+O",), "open-folder", "Folder"),
    Binding("toggle_preview", "Anonymised preview", ("Ctrl+P",), "preview", "Preview"),
    Binding("toggle_pages", "Page view (PDF, scans)", ("Ctrl+G",), "pages", "Pages"),
    Binding("preferences", "Preferences…", ("Ctrl+,",)),
    Binding("shortcuts", "Keyboard shortcuts", ("F1",)),
    Binding("quit", "Quit", ("Ctrl+Q",)),
)
#: Keys shown in the shortcut table for the label digits (they come from labels.yaml).
LABEL_KEYS_TITLE = "Give the current span this label, or label the selected text"


def keys_for(binding: Binding, settings: QSettings | None = None) -> list[QKeySequence]:
    """The user's keys for a binding (``shortcuts/<name>``, comma separated) or the defaults."""
    custom = settings.value(f"shortcuts/{binding.name}") if settings is not None else None
    keys = [k.strip() for k in str(custom).split(",") if k.strip()] if custom else binding.keys
    return [QKeySequence(k) for k in keys]
