"""The anonymised preview beside the original: placeholders highlighted in their label colour.

The preview arrives ready-made (``PreviewResult``, planned on the work thread); showing it costs
one ``setPlainText`` and highlighting only the replacements in view, redone on scroll/resize.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from desktop.preview import PreviewResult
from redaction.labels import LabelSet

PLACEHOLDER = "Anonymised preview"
PREPARING = "Preparing the anonymised preview…"


class QtPreviewView(QPlainTextEdit):
    def __init__(self, labels: LabelSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.document().setDocumentMargin(14)
        self.setPlaceholderText(PLACEHOLDER)
        self._colours = {label.name: QColor(label.colour) for label in labels}
        self._formats: dict[str, QTextCharFormat] = {}
        self.result: PreviewResult | None = None
        self.verticalScrollBar().valueChanged.connect(self._highlight_visible)

    def clear_preview(self, message: str = PREPARING) -> None:
        """Another document is opening: show nothing of the previous one while it is planned."""
        self.result = None
        self.setExtraSelections([])
        self.setPlainText("")
        self.setPlaceholderText(message)

    def show_result(self, result: PreviewResult, fraction: float | None = None) -> None:
        """Show a planned preview, keeping the scroll position (or moving to ``fraction``)."""
        bar = self.verticalScrollBar()
        value = bar.value()
        previous, self.result = self.result, result
        if previous is None or previous.text != result.text:
            self.setPlainText(result.text)
        if fraction is not None:
            self.follow(fraction)
        else:
            bar.setValue(value)
        self._highlight_visible()

    def follow(self, fraction: float) -> None:
        """Scroll to the same relative place as the original."""
        bar = self.verticalScrollBar()
        bar.setValue(round(max(0.0, min(1.0, fraction)) * bar.maximum()))

    def visible_range(self) -> tuple[int, int]:
        """The code-point range of the preview text currently on screen."""
        if self.result is None:
            return 0, 0
        offsets = self.result.offsets
        first = self.firstVisibleBlock().position()
        viewport = self.viewport()
        bottom = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        after = self.document().findBlock(bottom).next()  # the whole last line in view
        last = after.position() if after.isValid() else offsets.u16_length
        last = min(max(last, first), offsets.u16_length)
        return offsets.to_codepoint(first), offsets.to_codepoint(last, round_up=True)

    def highlighted(self) -> int:
        """How many replacements are highlighted now (only those in view)."""
        return len(self.extraSelections())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._highlight_visible()

    def _highlight_visible(self) -> None:
        result = self.result
        if result is None:
            return
        start, end = self.visible_range()
        selections = []
        for piece in result.pieces_between(start, end):
            cursor = QTextCursor(self.document())
            cursor.setPosition(result.offsets.to_utf16(piece.start))
            cursor.setPosition(result.offsets.to_utf16(piece.end), QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor  # type: ignore[attr-defined]
            selection.format = self._format(piece.label)  # type: ignore[attr-defined]
            selections.append(selection)
        self.setExtraSelections(selections)

    def _format(self, label: str) -> QTextCharFormat:
        fmt = self._formats.get(label)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(self._colours.get(label, QColor("#dddddd")))
            fmt.setForeground(QColor("#111111"))
            self._formats[label] = fmt
        return fmt
