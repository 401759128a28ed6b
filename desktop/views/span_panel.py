"""The span panel: a sortable table of the document's spans and the selected span's history."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotations.records import Event, SpanRecord
from desktop.models.span_table import SORT_ROLE, SpanTableModel


class QtSpanPanel(QWidget):
    span_selected = Signal(int)

    def __init__(self, model: SpanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 116), (2, 52), (3, 70), (4, 76)):
            self.table.setColumnWidth(col, width)
        # label, score, source and status fit their contents once per document (not per
        # decision: a relabel keeps the widths); the text column takes the rest
        header.setResizeContentsPrecision(300)
        model.modelReset.connect(self._fit_columns)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)

        self.history = QListWidget()
        self.history.setAlternatingRowColors(True)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        title = QLabel("Spans")
        title.setObjectName("PanelTitle")
        history_title = QLabel("History of the selected span")
        history_title.setObjectName("PanelTitle")
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.addWidget(history_title)
        bottom_layout.addWidget(self.history)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(title)
        top_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

    def _on_clicked(self, index: QModelIndex) -> None:
        span_id = self.proxy.data(index, Qt.ItemDataRole.UserRole)
        if span_id is not None:
            self.span_selected.emit(int(span_id))

    def show_current(self, span: SpanRecord | None) -> None:
        selection = self.table.selectionModel()
        if span is None:
            selection.clearSelection()
            return
        row = self.model.row_of(span.id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _fit_columns(self) -> None:
        for col in (0, 2, 3, 4):
            self.table.resizeColumnToContents(col)

    def show_history(self, events: list[Event]) -> None:
        self.history.clear()
        for event in reversed(events):
            who = event.annotator or "detector"
            detail = _describe(event)
            self.history.addItem(f"{event.time[:19].replace('T', ' ')}  {who}: {detail}")


def _describe(event: Event) -> str:
    action = event.action.replace("_", " ")
    after = event.after if isinstance(event.after, dict) else {}
    before = event.before if isinstance(event.before, dict) else {}
    changes = [
        f"{key} {before.get(key)} → {value}"
        for key, value in after.items()
        if key in ("status", "label", "start", "end") and before.get(key) != value
    ]
    return f"{action} ({', '.join(changes)})" if changes else action
