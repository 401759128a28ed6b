"""The page view: the original pages of a PDF (QtPdf) or a scanned image, with every span
drawn as a box.

Boxes come from the loaded document's ``PdfLayout`` or ``ImageLayout`` (one box per character,
in PDF points, origin bottom-left), loaded on the work thread. PDF pages render lazily, only
when visible, and are cached at the current width; the frames of an image are read on the work
thread with the layout. Words that OCR read with low confidence get an orange dotted frame, so
the annotator checks them against the scan.
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
from redaction.documents import ImageLayout, PdfLayout, PdfPageLayout, load_document
from redaction.labels import LabelSet

_GAP = 12
_CACHE_PAGES = 8
_LOW_CONFIDENCE = QColor("#e8590c")


def _read_frames(path: str) -> list[QImage]:
    """Every frame of an image file (a multi-page TIFF has several); safe off the GUI thread."""
    from PySide6.QtGui import QImageReader

    reader = QImageReader(path)
    frames: list[QImage] = []
    while True:
        image = reader.read()
        if image.isNull():
            break
        frames.append(image)
        if not reader.jumpToNextImage():
            break
    return frames


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
        self.layout_: PdfLayout | ImageLayout | None = None
        self._frames: list[QImage] = []  # an image document's pages (none for a PDF)
        self._low_confidence: list[tuple[int, int]] = []
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
        # The pages are laid out at the viewport's width: a scroll bar that came and went with
        # the height would change that width, and so the height, for ever (one A4 page whose
        # height is near the window's made the app hang). It is always there instead.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setMinimumWidth(260)

    # -- content ------------------------------------------------------------------------------

    def open(self, ops: Any, path: str) -> None:
        """Load the PDF or image for display and its character boxes in the background."""
        if path == self._path:
            return
        self._path = path
        self.layout_ = None
        self._frames = []
        self._low_confidence = []
        self._images.clear()
        self.pdf.close()
        if not Path(path).is_file():
            self._relayout()
            return

        def layout() -> tuple[Any, list[QImage], list[tuple[int, int]]]:
            document = load_document(path)
            loaded = document.layout
            if isinstance(loaded, ImageLayout):
                return loaded, _read_frames(path), document.low_confidence
            if isinstance(loaded, PdfLayout):
                return loaded, [], document.low_confidence
            return None, [], []

        ops.run(layout, lambda result: self._on_layout(path, *result), lambda _exc: None)

    def _on_layout(
        self,
        path: str,
        layout: PdfLayout | ImageLayout | None,
        frames: list[QImage],
        low_confidence: list[tuple[int, int]],
    ) -> None:
        if path == self._path:
            self.layout_ = layout
            self._frames = frames
            self._low_confidence = low_confidence
            if isinstance(layout, PdfLayout):
                self.pdf.load(path)
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
        return self._rects(span.start, span.end)

    def _rects(self, start: int, end: int) -> list[QRectF]:
        """One rectangle per line of ``text[start:end]`` on its page(s), in canvas pixels."""
        rects: list[QRectF] = []
        for i, page in enumerate(self._pages()):
            if end <= page.start or start >= page.end:
                continue
            origin = self._page_rect(i)
            line: QRectF | None = None
            for k in range(max(start, page.start), min(end, page.end)):
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
            message = "Loading pages…" if self._path else "No pages"
            if self._path and not Path(self._path).is_file():
                message = "The original file is not available"
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
            self._paint_low_confidence(painter, i)

    def _image(self, i: int, size: QSize) -> QImage | None:
        """The rendered page if ready; otherwise ask the renderer and paint it when it arrives."""
        key = (i, size.width())
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
            return image
        if self._frames:  # an image document: scale its frame once per width
            if i >= len(self._frames):
                return None
            image = self._frames[i].scaled(
                size,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self._images[key] = image
            while len(self._images) > _CACHE_PAGES:
                self._images.popitem(last=False)
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

    def low_confidence_rects(self, i: int) -> list[QRectF]:
        """Canvas rectangles of the words on page ``i`` that OCR read with low confidence."""
        page = self._pages()[i]
        rects: list[QRectF] = []
        for start, end in self._low_confidence:
            if page.start <= start < page.end:
                rects.extend(self._rects(start, end))
        return rects

    def _paint_low_confidence(self, painter: QPainter, i: int) -> None:
        rects = self.low_confidence_rects(i)
        if not rects:
            return
        pen = QPen(_LOW_CONFIDENCE, 1.5, Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in rects:
            painter.drawRect(rect.adjusted(-2, -2, 2, 2))

    def _on_click(self, point: QPoint) -> None:
        for span in self._spans.values():
            if any(r.contains(point.toPointF()) for r in self._span_rects(span)):
                self.span_clicked.emit(span.id)
                return
