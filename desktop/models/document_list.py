"""The document list: one row per current document version, with its review counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon

from annotations.records import DocumentRecord
from desktop.icons import icon
from desktop.models.base import Index, RecordTableModel

STATUS_TITLES = {"new": "New", "in_progress": "In progress", "done": "Done", "skipped": "Skipped"}
_STATUS_ICONS = {
    "new": "status-new",
    "in_progress": "status-progress",
    "done": "status-done",
    "skipped": "status-skipped",
}


class DocumentListModel(RecordTableModel[DocumentRecord]):
    COLUMNS = ("Document", "To do", "OK")
    HEADER_TIPS = (
        "File name",
        "Undecided suggestions (exports leave them out)",
        "Accepted spans",
    )

    def __init__(self) -> None:
        super().__init__()
        self._icons: dict[str, QIcon] = {}

    def set_documents(self, records: list[DocumentRecord]) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self.endResetModel()

    def update_document(self, record: DocumentRecord) -> None:
        row = self.row_of(record.id)
        if row is None:
            return
        self._rows[row] = record
        self._row_changed(row)

    def record(self, row: int) -> DocumentRecord:
        return self._rows[row]

    def row_of(self, doc_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == doc_id), None)

    @property
    def records(self) -> list[DocumentRecord]:
        return list(self._rows)

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        rec = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (Path(rec.path).name, rec.suggested, rec.accepted)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            name = _STATUS_ICONS.get(rec.status, "status-new")
            if name not in self._icons:
                self._icons[name] = icon(name)
            return self._icons[name]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{rec.path}\n{STATUS_TITLES.get(rec.status, rec.status)} · {rec.format.upper()}"
            if rec.status == "done" and rec.suggested:
                tip += (
                    f"\nDone, but {rec.suggested} suggestions are undecided: exports leave them out"
                )
            return tip
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col == 1
            and rec.status == "done"
            and rec.suggested
        ):
            return QColor("#b3261e")  # done with open suggestions: worth a second look
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return rec.id
        return None
