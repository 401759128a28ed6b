"""Ctrl+F: find text in the open document (case-insensitive), Enter for the next match."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QWidget

from desktop.views.line_edit import QtLineEdit


class QtFindBar(QWidget):
    def __init__(self, view: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.edit = QtLineEdit()
        self.edit.setPlaceholderText("Find in document")
        self.edit.returnPressed.connect(self.find_next)
        self.edit.textChanged.connect(lambda _: self.find_next(from_start=True))
        self.status = QLabel("")
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.clicked.connect(self.finish)
        for key, slot in (("Escape", self.finish), ("Enter", self.find_next)):
            shortcut = QShortcut(QKeySequence(key), self.edit)
            shortcut.activated.connect(slot)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)

    def start(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def finish(self) -> None:
        self.hide()
        self.view.setFocus()

    def find_next(self, from_start: bool = False) -> bool:
        needle = self.edit.text()
        if not needle:
            self.status.setText("")
            return False
        if from_start:
            cursor = self.view.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.view.setTextCursor(cursor)
        found = self.view.find(needle) or self._wrap(needle)
        self.status.setText("" if found else "not found")
        return found

    def _wrap(self, needle: str) -> bool:
        cursor = self.view.textCursor()
        cursor.setPosition(0)
        self.view.setTextCursor(cursor)
        return self.view.find(needle, QTextDocument.FindFlag(0))
