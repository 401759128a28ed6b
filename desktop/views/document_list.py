"""The document list: status filter, search, and one row per document with its counts."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.document_list import STATUS_TITLES, DocumentListModel
from desktop.views.line_edit import QtLineEdit


class QtDocumentList(QWidget):
    document_chosen = Signal(int)
    filter_changed = Signal(object, str)  # status or None, search text

    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.status = QComboBox()
        self.status.addItem("All documents", None)
        for key, status_title in STATUS_TITLES.items():
            self.status.addItem(status_title, key)
        self.search = QtLineEdit()
        self.search.setPlaceholderText("Search names and text…")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._emit_filter)
        self.search.textChanged.connect(lambda _: self._debounce.start())
        self.status.currentIndexChanged.connect(lambda _: self._emit_filter())

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keeps the extension
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)

        title = QLabel("Documents")
        title.setObjectName("PanelTitle")
        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.status)
        filters.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table)

    def _emit_filter(self) -> None:
        self.filter_changed.emit(self.status.currentData(), self.search.text().strip())

    def _on_clicked(self, index) -> None:  # type: ignore[no-untyped-def]
        doc_id = self.model.data(index, Qt.ItemDataRole.UserRole)
        if doc_id is not None:
            self.document_chosen.emit(int(doc_id))

    def show_current(self, doc_id: int | None) -> None:
        row = self.model.row_of(doc_id) if doc_id is not None else None
        selection = self.table.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row, 0)
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
