"""The span panel: a sortable table of the document's spans and the selected span's history."""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QMenu,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotations.history_words import describe_history
from annotations.records import Event, SpanRecord
from desktop.models.span_table import SORT_ROLE, SpanTableModel


class QtSpanPanel(QWidget):
    span_selected = Signal(int)

    def __init__(self, model: SpanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        #: label name -> title, for the history ("accepted it as Place")
        self.titles: dict[str, str] = {}
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
        # "simon.bradley@hotm…": the start of an address or link says whose it is; the full
        # text is in the tooltip
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
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
        # The text matters more than the score or the recognizer that found it: those two start
        # hidden (both are in the text's tooltip), and the header's context menu shows or hides
        # any column.
        self.table.setColumnHidden(2, True)
        self.table.setColumnHidden(3, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)

        self.history = QListWidget()
        self.history.setAlternatingRowColors(True)
        self.history.setWordWrap(True)  # a sentence per event, read whole, not scrolled sideways
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
            if not self.table.isColumnHidden(col):
                self.table.resizeColumnToContents(col)

    def column_actions(self) -> list[QAction]:
        """One checkable action per column but the text (always shown)."""
        actions = []
        for col in (0, 2, 3, 4):
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal, 0))
            action = QAction(title, self)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(col))
            action.toggled.connect(lambda on, c=col: self._show_column(c, on))
            actions.append(action)
        return actions

    def _show_column(self, col: int, shown: bool) -> None:
        self.table.setColumnHidden(col, not shown)
        if shown:
            self.table.resizeColumnToContents(col)

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for action in self.column_actions():
            menu.addAction(action)
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def show_history(self, span_id: int | None, events: list[Event]) -> None:
        """The span's history in words, newest first ("alice accepted it as Place · 10:42")."""
        self.history.clear()
        if span_id is None:
            return
        for line in reversed(describe_history(events, span_id, self.titles)):
            self.history.addItem(line)
