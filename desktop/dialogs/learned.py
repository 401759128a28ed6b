"""Model ▸ What this project learned…: the lessons the project draws from its decisions
(``annotations.learned``), each ticked while it is applied; unticking one forgets it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidgetItem,
    QWidget,
)

from annotations.learned import KIND_WORDS, Learned, Lesson, set_forgotten
from desktop.dialogs.errors import show_error
from desktop.dialogs.learning import checklist


class LearnedDialog(QDialog):
    """Reads and changes the lessons on the store thread, one short call at a time."""

    def __init__(self, host: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.setWindowTitle("What this project learned")
        self.list, self.empty = checklist(
            self,
            "From the documents marked done: a text rejected for a label (and never accepted) "
            "is not suggested for it in documents imported later, unless it stands in another "
            "context or another recognizer is surer; an accepted text is suggested wherever it "
            "occurs. Untick a lesson to forget it; tick it to apply it again.",
            "Nothing learned yet: accept or reject suggestions and mark documents done.",
            QDialogButtonBox(QDialogButtonBox.StandardButton.Close),
        )
        self.list.itemChanged.connect(self._on_item_changed)

    def refresh(self) -> None:
        self.host.ops.store(Learned.from_store, self._show, self._failed)

    def _show(self, learned: Learned) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        order = {"rejected": 0, "accepted": 1, "mixed": 2}
        lessons = sorted(
            learned.lessons.values(),
            key=lambda l: (order[l.kind], l.label, l.key),  # noqa: E741
        )
        for lesson in lessons:
            item = QListWidgetItem(self._line(lesson))
            item.setToolTip(
                f"{KIND_WORDS[lesson.kind]}; accepted {lesson.accepted}, rejected {lesson.rejected}"
            )
            item.setData(Qt.ItemDataRole.UserRole, (lesson.label, lesson.text))
            if lesson.kind != "mixed":
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                ticked = Qt.CheckState.Unchecked if lesson.forgotten else Qt.CheckState.Checked
                item.setCheckState(ticked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.empty.setVisible(not lessons)

    @staticmethod
    def _line(lesson: Lesson) -> str:
        verb = {
            "rejected": "not suggested",
            "accepted": "always suggested",
            "mixed": "no lesson (accepted and rejected)",
        }
        return f"{lesson.label} “{lesson.text}”: {verb[lesson.kind]}"

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        label, text = item.data(Qt.ItemDataRole.UserRole)
        forget = item.checkState() == Qt.CheckState.Unchecked
        self.host.ops.store(
            lambda store: set_forgotten(store, label, text, forget), None, self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        show_error(self, "Cannot change what the project learned", exc)
        self.refresh()
