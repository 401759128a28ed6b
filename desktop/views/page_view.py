"""The PDF page view: the original pages (QtPdf) with every span drawn as a box.

Boxes come from the loaded document's ``PdfLayout`` (one box per character, in PDF points,
origin bottom-left), loaded on the work thread. Pages render lazily, only when visible, and are
cached at the current width.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtPdf import QPdfDocument, QPdfPageRenderer
from PySide6.QtWidgets import QScrollArea, QWidget

from annotations.records import SpanRecord
from redaction.documents import PdfLayout, PdfPageLayout, load_document
from redaction.labels import LabelSet

_GAP = 12
_CACHE_PAGES = 8


class _PageCanvas(QWidget):
    clicked = Signal(QPoint)

    def __init__(self, view: QtPageView) -> None:
        super().__init__()
        self.view = view

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#8d949e"))
        self.view.paint_pages(painter, event.rect())
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit(event.position().toPoint())


class QtPageView(QScrollArea):
    span_clicked = Signal(int)

    def __init__(self, labels: LabelSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels
        self._colours = {label.name: QColor(label.colour) for label in labels}
        self.pdf = QPdfDocument(self)
        # pages render on Qt's own thread: a heavy scanned page never stalls the window
        self.renderer = QPdfPageRenderer(self)
        self.renderer.setDocument(self.pdf)
        self.renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        self.renderer.pageRendered.connect(self._on_page_rendered)
        self._requested: set[tuple[int, int]] = set()
        self.layout_: PdfLayout | None = None
        self._path: str | None = None
        self._spans: dict[int, SpanRecord] = {}
        self._current: SpanRecord | None = None
        self._images: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self._tops: list[int] = []
        self._scale = 1.0
        self.canvas = _PageCanvas(self)
        self.canvas.clicked.connect(self._on_click)
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setMinimumWidth(260)

    # -- content ------------------------------------------------------------------------------

    def open(self, ops: Any, path: str) -> None:
        """Load the PDF for display and its character boxes in the background."""
        if path == self._path:
            return
        self._path = path
        self.layout_ = None
        self._images.clear()
        self.pdf.close()
        if not Path(path).is_file():
            self._relayout()
            return
        self.pdf.load(path)

        def layout() -> PdfLayout | None:
            loaded = load_document(path).layout
            return loaded if isinstance(loaded, PdfLayout) else None

        ops.run(layout, lambda result: self._on_layout(path, result), lambda _exc: None)

    def _on_layout(self, path: str, layout: PdfLayout | None) -> None:
        if path == self._path:
            self.layout_ = layout
            self._relayout()

    def set_spans(self, spans: list[SpanRecord]) -> None:
        self._spans = {s.id: s for s in spans}
        self.canvas.update()

    def update_span(self, span: SpanRecord) -> None:
        self._spans[span.id] = span
        self.canvas.update()

    def set_current(self, span: SpanRecord | None) -> None:
        self._current = span
        if span is not None and self.isVisible():
            rects = self._span_rects(span)
            if rects:
                r = rects[0]
                self.ensureVisible(int(r.center().x()), int(r.center().y()), 40, 120)
        self.canvas.update()

    # -- geometry -----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _pages(self) -> tuple[PdfPageLayout, ...]:
        return self.layout_.pages if self.layout_ is not None else ()

    def _relayout(self) -> None:
        pages = self._pages()
        width = max(200, self.viewport().width() - 2 * _GAP)
        widest = max((p.width for p in pages), default=612.0)
        self._scale = width / widest
        self._tops, y = [], _GAP
        for page in pages:
            self._tops.append(y)
            y += int(page.height * self._scale) + _GAP
        self.canvas.resize(width + 2 * _GAP, max(y, 100))
        self._images.clear()
        self._requested.clear()
        self.canvas.update()

    def _page_rect(self, i: int) -> QRectF:
        page = self._pages()[i]
        return QRectF(_GAP, self._tops[i], page.width * self._scale, page.height * self._scale)

    def _span_rects(self, span: SpanRecord) -> list[QRectF]:
        """One rectangle per line of the span on its page(s), in canvas pixels."""
        rects: list[QRectF] = []
        for i, page in enumerate(self._pages()):
            if span.end <= page.start or span.start >= page.end:
                continue
            origin = self._page_rect(i)
            line: QRectF | None = None
            for k in range(max(span.start, page.start), min(span.end, page.end)):
                box = page.boxes[k - page.start]
                if box is None:
                    continue
                left, bottom, right, top = box
                r = QRectF(
                    origin.x() + left * self._scale,
                    origin.y() + (page.height - top) * self._scale,
                    (right - left) * self._scale,
                    (top - bottom) * self._scale,
                )
                if line is not None and abs(r.center().y() - line.center().y()) < line.height() / 2:
                    line = line.united(r)
                else:
                    if line is not None:
                        rects.append(line)
                    line = r
            if line is not None:
                rects.append(line)
        return rects

    # -- painting -----------------------------------------------------------------------------

    def paint_pages(self, painter: QPainter, area: Any) -> None:
        pages = self._pages()
        if not pages:
            painter.setPen(QColor("#ffffff"))
            message = "Loading pages…" if self._path else "No PDF"
            if self._path and not Path(self._path).is_file():
                message = "The original PDF is not available"
            painter.drawText(self.canvas.rect(), Qt.AlignmentFlag.AlignCenter, message)
            return
        visible = QRectF(area)
        for i in range(len(pages)):
            rect = self._page_rect(i)
            if not rect.intersects(visible):
                continue
            painter.fillRect(rect, QColor("#ffffff"))
            image = self._image(i, rect.size().toSize())
            if image is not None:
                painter.drawImage(rect, image)
            self._paint_spans(painter, i)

    def _image(self, i: int, size: QSize) -> QImage | None:
        """The rendered page if ready; otherwise ask the renderer and paint it when it arrives."""
        key = (i, size.width())
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
            return image
        if key not in self._requested:
            self._requested.add(key)
            self.renderer.requestPage(i, size)
        return None

    def _on_page_rendered(self, page: int, size: QSize, image: QImage, *_: object) -> None:
        key = (page, size.width())
        if key not in self._requested:
            return  # rendered for an older layout
        self._requested.discard(key)
        self._images[key] = image
        while len(self._images) > _CACHE_PAGES:
            self._images.popitem(last=False)
        self.canvas.update()

    def _paint_spans(self, painter: QPainter, i: int) -> None:
        page = self._pages()[i]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for span in self._spans.values():
            if span.end <= page.start or span.start >= page.end or span.status == "rejected":
                continue
            colour = QColor(self._colours.get(span.label, QColor("#999999")))
            fill = QColor(colour)
            fill.setAlpha(110 if span.status == "suggested" else 170)
            current = self._current is not None and self._current.id == span.id
            pen = QPen(colour.darker(200 if current else 140), 2.5 if current else 1)
            if span.status == "suggested":
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(fill)
            for rect in self._span_rects(span):
                painter.drawRoundedRect(rect.adjusted(-1.5, -1, 1.5, 1), 2, 2)

    def _on_click(self, point: QPoint) -> None:
        for span in self._spans.values():
            if any(r.contains(point.toPointF()) for r in self._span_rects(span)):
                self.span_clicked.emit(span.id)
                return
