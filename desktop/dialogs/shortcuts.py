"""Help ▸ Keyboard shortcuts: the table of every binding and label key."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.keymap import BINDINGS, keys_for
from redaction.labels import LabelSet


def shortcut_rows(labels: LabelSet, settings: QSettings | None = None) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding, then one row per label key."""
    native = QKeySequence.SequenceFormat.NativeText
    rows = []
    for binding in BINDINGS:
        keys = [k.toString(native) for k in keys_for(binding, settings)]
        keys = [k for k in keys if k not in ("Backtab", "Enter")] or keys
        rows.append((" / ".join(dict.fromkeys(keys)), binding.title))
    for label in labels:
        if label.shortcut:
            rows.append((label.shortcut, f"Label {label.title} (or label the selected text)"))
    rows.append(("Alt + drag", "Select text character by character (no word snapping)"))
    rows.append(("Right-click", "Accept, reject, relabel, delete, accept all occurrences"))
    rows.append(("Drag a span edge", "Resize the current span"))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(
        self, labels: LabelSet, settings: QSettings | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(labels, settings)
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels(["Keys", "Action"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        for i, (keys, what) in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(keys))
            table.setItem(i, 1, QTableWidgetItem(what))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(560, 640)
