"""The span panel's model: label, text, score, source and status of each span of a document."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotations.records import SpanRecord
from desktop.models.base import Index, RecordTableModel
from redaction.labels import LabelSet

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class SpanTableModel(RecordTableModel[SpanRecord]):
    COLUMNS = ("Label", "Text", "Score", "Source", "Status")
    HEADER_TIPS = ("Label", "Text of the span", "Detector score", "Recognizer or manual", "Review")

    def __init__(self, labels: LabelSet) -> None:
        super().__init__()
        self._labels = labels
        self._colours = {label.name: QColor(label.colour) for label in labels}
        self._titles = {label.name: label.title for label in labels}
        self._row_of: dict[int, int] = {}

    def set_spans(self, spans: list[SpanRecord]) -> None:
        self.beginResetModel()
        self._rows = sorted(spans, key=attrgetter("start", "end", "id"))
        self._row_of = {s.id: i for i, s in enumerate(self._rows)}
        self.endResetModel()

    def update_span(self, span: SpanRecord) -> None:
        row = self._row_of.get(span.id)
        if row is None:
            self.set_spans([*self._rows, span])
            return
        self._rows[row] = span
        self._row_changed(row)

    def record(self, row: int) -> SpanRecord:
        return self._rows[row]

    def row_of(self, span_id: int) -> int | None:
        return self._row_of.get(span_id)

    @property
    def spans(self) -> list[SpanRecord]:
        return list(self._rows)

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        span = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self._titles.get(span.label, span.label)
            if col == 1:
                return span.text.replace("\n", " ⏎ ")
            if col == 2:
                return f"{span.score:.2f}"
            return (_short_source(span.source), span.status)[col - 3]
        if role == Qt.ItemDataRole.ToolTipRole and col in (1, 3):
            if col == 3:
                return span.source
            return f"{span.text}\nscore {span.score:.2f}, found by {span.source}"
        if role == SORT_ROLE:
            return (span.label, span.text.lower(), span.score, span.source, span.status)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self._colours.get(span.label, QColor("#dddddd"))
        if role == Qt.ItemDataRole.ForegroundRole and span.status == "rejected":
            return QColor("#8a8a8a")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None


def _short_source(source: str) -> str:
    """ "EmailRecognizer" -> "Email": the column is narrow and every detector name ends so."""
    short = source.removesuffix("Recognizer")
    return short or source
