"""A line edit that keeps Return, Enter and Delete for itself instead of letting the window's
review shortcuts (accept/reject) fire while the user types in a search field."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

_OWN_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete, Qt.Key.Key_Escape}


class QtLineEdit(QLineEdit):
    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and Qt.Key(event.key()) in _OWN_KEYS
        ):
            event.accept()
            return True
        return super().event(event)
