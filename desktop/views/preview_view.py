"""The anonymised preview beside the original: placeholders highlighted in their label colour."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from annotations.records import SpanRecord
from desktop.offsets import OffsetMap
from desktop.preview import anonymised_preview
from redaction.labels import LabelSet

_MAX_HIGHLIGHTS = 5000


class QtPreviewView(QPlainTextEdit):
    def __init__(self, labels: LabelSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels
        self.setReadOnly(True)
        self.document().setDocumentMargin(14)
        self.setPlaceholderText("Anonymised preview")
        self._colours = {label.name: QColor(label.colour) for label in labels}

    def show_preview(self, text: str, spans: list[SpanRecord]) -> None:
        preview, pieces = anonymised_preview(text, spans, self.labels)
        value = self.verticalScrollBar().value()
        self.setPlainText(preview)
        offsets = OffsetMap(preview)
        selections = []
        for piece in pieces[:_MAX_HIGHLIGHTS]:
            fmt = QTextCharFormat()
            fmt.setBackground(self._colours.get(piece.label, QColor("#dddddd")))
            fmt.setForeground(QColor("#111111"))
            cursor = QTextCursor(self.document())
            cursor.setPosition(offsets.to_utf16(piece.start))
            cursor.setPosition(offsets.to_utf16(piece.end), QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor  # type: ignore[attr-defined]
            selection.format = fmt  # type: ignore[attr-defined]
            selections.append(selection)
        self.setExtraSelections(selections)
        self.verticalScrollBar().setValue(value)
