"""The document text with every span highlighted in its label's colour.

Only the spans in (or near) the visible part of the document are formatted: a 1 MB document
with 10,000 spans costs the same per repaint as a short letter. The formats go into the text
blocks' own layouts (as a syntax highlighter's do), not into ``ExtraSelection``s: Qt draws each
extra selection by drawing its whole line again, so 120 suggestions in a long paragraph made a
repaint take 38 ms instead of 4. Positions here are Qt's UTF-16 units; the caller converts
(``desktop.offsets``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from desktop.views.span_index import SpanIndex, ViewSpan

#: How far (in characters) outside the viewport spans are still formatted, to hide scroll lag.
_MARGIN_CHARS = 2000
_EDGE_PIXELS = 4


class QtDocumentView(QPlainTextEdit):
    """Read-only text view; emits what the user did, decides nothing itself."""

    span_clicked = Signal(int)
    span_context_menu = Signal(int, QPoint)
    resize_requested = Signal(int, int, int)  # span id, new start, new end (UTF-16)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setMouseTracking(True)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self._index = SpanIndex()
        self._current: ViewSpan | None = None
        self._colours: dict[str, QColor] = {}
        self._titles: dict[str, str] = {}
        self._shown_range: tuple[int, int, int] | None = None
        #: the numbers of the blocks whose layouts hold span formats now
        self._formatted: set[int] = set()
        self._version = 0
        self._precise = False
        self._drag: tuple[ViewSpan, str] | None = None
        #: text shown when hovering a span (set by the window; computed only on hover)
        self.tooltip_for: Callable[[int], str] = lambda span_id: ""
        self.verticalScrollBar().valueChanged.connect(self._refresh_highlights)

    # -- content ------------------------------------------------------------------------------

    def set_label_colours(self, colours: dict[str, str]) -> None:
        self._colours = {name: QColor(value) for name, value in colours.items()}
        self._invalidate()

    def set_label_titles(self, titles: dict[str, str]) -> None:
        """The names shown on the current span's tag ("Person" for PERSON)."""
        self._titles = dict(titles)

    def set_text(self, text: str) -> None:
        self._current = None
        self._index = SpanIndex()
        self._formatted = set()  # new blocks, without formats
        self.setPlainText(text)
        self._invalidate()

    def set_spans(self, spans: list[ViewSpan] | SpanIndex) -> None:
        """Show these spans; pass a ready ``SpanIndex`` to skip indexing on the GUI thread."""
        self._index = spans if isinstance(spans, SpanIndex) else SpanIndex(spans)
        if self._current is not None:
            self._current = self._index.get(self._current.id)
        self._invalidate()

    def update_span(self, span: ViewSpan) -> None:
        """Replace one span (same id) without rebuilding the index when its range is unchanged."""
        if not self._index.replace(span):
            self.set_spans([s for s in self._index.spans if s.id != span.id] + [span])
            return
        if self._current is not None and self._current.id == span.id:
            self._current = span
        self._invalidate()

    @property
    def spans(self) -> list[ViewSpan]:
        return list(self._index.spans)

    def set_current(self, span_id: int | None, *, scroll: bool = True) -> None:
        self._current = self._index.get(span_id)
        if self._current is not None and scroll:
            was_visible = self._is_visible(self._current)
            cursor = self.textCursor()
            cursor.setPosition(self._current.start)
            self.setTextCursor(cursor)
            if not was_visible:  # jumping far: show the span mid-screen, with its context
                self.centerCursor()
        # The outline and the tag are painted over the text (paintEvent); the span formats do
        # not depend on which span is current, so they stay (a scroll refreshes them itself).
        self.viewport().update()

    def spans_at(self, position: int) -> list[ViewSpan]:
        return self._index.at(position)

    # -- selection ----------------------------------------------------------------------------

    def selected_range(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return cursor.selectionStart(), cursor.selectionEnd()

    @property
    def selection_is_precise(self) -> bool:
        """True when the user held Alt while selecting (no snapping to words)."""
        return self._precise

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def select_range(self, start: int, end: int, *, precise: bool = False) -> None:
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self._precise = precise

    # -- highlighting -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-apply every highlight (after a theme or label colour change)."""
        self._invalidate()

    def _invalidate(self) -> None:
        self._version += 1
        self._refresh_highlights()
        self.viewport().update()

    def _visible_range(self) -> tuple[int, int]:
        top = self.cursorForPosition(QPoint(0, 0)).position()
        rect = self.viewport().rect()
        bottom = self.cursorForPosition(QPoint(rect.width(), rect.height())).position()
        return max(0, top - _MARGIN_CHARS), bottom + _MARGIN_CHARS

    def _is_visible(self, span: ViewSpan) -> bool:
        top = self.cursorForPosition(QPoint(0, 0)).position()
        rect = self.viewport().rect()
        bottom = self.cursorForPosition(QPoint(rect.width(), rect.height())).position()
        return top <= span.start and span.end <= bottom

    def _refresh_highlights(self) -> None:
        lo_pos, hi_pos = self._visible_range()
        key = (lo_pos, hi_pos, self._version)
        if key == self._shown_range:
            return
        self._shown_range = key
        document = self.document()
        ranges: dict[int, list[QTextLayout.FormatRange]] = {}
        for span in self._index.between(lo_pos, hi_pos):
            fmt = self._format_for(span)
            start, end = min(span.start, self._doc_end()), min(span.end, self._doc_end())
            block = document.findBlock(start)
            while block.isValid() and block.position() < end:  # one range per block it covers
                first = max(start, block.position())
                last = min(end, block.position() + block.length() - 1)
                if last > first:
                    piece = QTextLayout.FormatRange()
                    piece.start, piece.length = first - block.position(), last - first
                    piece.format = fmt
                    ranges.setdefault(block.blockNumber(), []).append(piece)
                block = block.next()
        for number in self._formatted | set(ranges):
            block = document.findBlockByNumber(number)
            if not block.isValid():
                continue
            block.layout().setFormats(ranges.get(number, []))
            document.markContentsDirty(block.position(), block.length())
        self._formatted = set(ranges)

    def highlights(self) -> list[tuple[int, int, QTextCharFormat]]:
        """The span formats shown now: (start, end, format), in document positions."""
        document = self.document()
        shown = []
        for number in sorted(self._formatted):
            block = document.findBlockByNumber(number)
            for piece in block.layout().formats():
                start = block.position() + piece.start
                shown.append((start, start + piece.length, QTextCharFormat(piece.format)))
        return shown

    def _format_for(self, span: ViewSpan) -> QTextCharFormat:
        colour = self._colours.get(span.label, QColor("#dddddd"))
        fmt = QTextCharFormat()
        if span.status == "rejected":
            fmt.setForeground(QColor("#8a8a8a"))
            fmt.setFontStrikeOut(True)
        elif span.status == "accepted":  # decided: full colour, underlined in its darker tone
            fmt.setBackground(colour)
            fmt.setForeground(QColor("#111111"))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colour.darker(190))
        else:  # suggested: a pale fill and a dashed underline, told apart at a glance
            light = QColor(colour)
            if self.palette().base().color().lightness() >= 128:  # on dark themes keep it opaque
                light.setAlpha(85)  # so black text stays readable
            fmt.setBackground(light)
            fmt.setForeground(QColor("#111111"))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(colour.darker(170))
        if span.id in self._index.overlapping:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor("#c0392b"))
        fmt.setProperty(QTextFormat.Property.UserProperty, span.id)
        return fmt

    def _doc_end(self) -> int:
        return max(0, self.document().characterCount() - 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refresh_highlights()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._current is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self._colours.get(self._current.label, QColor("#888888")).darker(220)
        painter.setPen(QPen(colour, 2))
        rects = self._span_rects(self._current)
        for rect in rects:
            painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
        if rects:
            self._paint_tag(painter, rects[0], colour)
        painter.end()

    def current_tag(self) -> str:
        """The words on the current span's tag: its label and its review status."""
        span = self._current
        if span is None:
            return ""
        return f"{self._titles.get(span.label, span.label)} · {span.status}"

    def _paint_tag(self, painter: QPainter, anchor: QRect, colour: QColor) -> None:
        """The current span's label, as annotation tools show it: a tag over its first line
        (beside it, else under it, when that line is the first one in view)."""
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 2))
        font.setBold(True)
        painter.setFont(font)
        text = self.current_tag()
        metrics = painter.fontMetrics()
        box = QRect(0, 0, metrics.horizontalAdvance(text) + 10, metrics.height() + 2)
        top = anchor.top() - box.height() - 1
        if top >= 0:
            box.moveTo(max(0, anchor.left() - 2), top)
        elif anchor.right() + 8 + box.width() <= self.viewport().width():
            # the first line in view: beside the span's first line, not over the next one
            box.moveTo(anchor.right() + 6, anchor.center().y() - box.height() // 2)
        else:
            box.moveTo(max(0, anchor.left() - 2), anchor.bottom() + 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _span_rects(self, span: ViewSpan) -> list[QRect]:
        """The outline of a span: one rectangle per visual line it covers."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(span.start, self._doc_end()))
        first = self.cursorRect(cursor)
        cursor.setPosition(min(span.end, self._doc_end()))
        last = self.cursorRect(cursor)
        if first.top() == last.top():
            return [QRect(first.topLeft(), last.bottomRight())]
        margin = int(self.document().documentMargin())
        right = self.viewport().width() - margin
        rects = [QRect(first.topLeft(), QPoint(right, first.bottom()))]
        if last.top() > first.bottom() + 1:
            rects.append(QRect(QPoint(margin, first.bottom() + 1), QPoint(right, last.top() - 1)))
        rects.append(QRect(QPoint(margin, last.top()), last.bottomRight()))
        return rects

    # -- mouse --------------------------------------------------------------------------------

    def _edge_at(self, point: QPoint) -> tuple[ViewSpan, str] | None:
        if self._current is None:
            return None
        for edge, pos in (("start", self._current.start), ("end", self._current.end)):
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(pos, self._doc_end()))
            rect = self.cursorRect(cursor)
            if (
                abs(point.x() - rect.x()) <= _EDGE_PIXELS
                and rect.top() <= point.y() <= rect.bottom()
            ):
                return self._current, edge
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._precise = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = self._edge_at(event.position().toPoint())
            if self._drag is not None:
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self._drag is None:
            near_edge = self._edge_at(point) is not None
            self.viewport().setCursor(
                Qt.CursorShape.SizeHorCursor if near_edge else Qt.CursorShape.IBeamCursor
            )
            if event.buttons() & Qt.MouseButton.LeftButton:
                self._precise = self._precise or bool(
                    event.modifiers() & Qt.KeyboardModifier.AltModifier
                )
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self._drag is not None:
            span, edge = self._drag
            self._drag = None
            pos = self.cursorForPosition(point).position()
            start, end = (pos, span.end) if edge == "start" else (span.start, pos)
            if start < end and (start, end) != (span.start, span.end):
                self.resize_requested.emit(span.id, start, end)
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            hits = self.spans_at(self.cursorForPosition(point).position())
            if hits:
                # clicking again on stacked spans cycles through them
                ids = [s.id for s in hits]
                current = self._current.id if self._current else None
                nxt = ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[0]
                self.span_clicked.emit(nxt)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        hits = self.spans_at(self.cursorForPosition(event.pos()).position())
        if hits:
            chosen = self._current if self._current in hits else hits[0]
            self.span_clicked.emit(chosen.id)
            self.span_context_menu.emit(chosen.id, event.globalPos())
        else:
            super().contextMenuEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            hits = self.spans_at(self.cursorForPosition(pos).position())
            if hits:
                QToolTip.showText(
                    event.globalPos(),  # type: ignore[attr-defined]
                    "<br>".join(self.tooltip_for(s.id) or s.label for s in hits),
                    self,
                )
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)
