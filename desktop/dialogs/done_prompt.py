"""Asked when D marks a document done that still has undecided suggestions: exports leave
them out, so say so once, and remember the answer if the user wants."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from annotations.records import DocumentRecord

#: QSettings key of the choice (``annotations.finishing.OPEN_SUGGESTION_CHOICES``).
SETTING = "review/open_suggestions_on_done"


def open_suggestions_choice(settings: QSettings) -> str:
    from annotations.finishing import OPEN_SUGGESTION_CHOICES

    value = str(settings.value(SETTING, "ask") or "ask")
    return value if value in OPEN_SUGGESTION_CHOICES else "ask"


class DonePrompt(QMessageBox):
    """Reject them / Accept them / Go back; ``answered(choice)`` gets "reject", "accept" or
    "back"."""

    def __init__(
        self,
        record: DocumentRecord,
        count: int,
        settings: QSettings,
        answered: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DonePrompt")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Undecided suggestions")
        name = Path(record.path).name
        s = "" if count == 1 else "s"
        self.setText(f"“{name}” still has {count} undecided suggestion{s}.")
        self.setInformativeText(
            "Exports leave undecided suggestions out. Decide them all now, or go back to the "
            "document."
        )
        self.reject_button = self.addButton(f"Reject {count}", QMessageBox.ButtonRole.AcceptRole)
        self.accept_button = self.addButton(f"Accept {count}", QMessageBox.ButtonRole.AcceptRole)
        self.back_button = self.addButton("Go back", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.back_button)
        self.setEscapeButton(self.back_button)
        self.remember = QCheckBox("Do the same every time (change it in Preferences)")
        self.setCheckBox(self.remember)
        self.settings = settings
        self._answered = answered
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: object) -> None:
        if button is self.reject_button:
            choice = "reject"
        elif button is self.accept_button:
            choice = "accept"
        else:
            choice = "back"
        if choice != "back" and self.remember.isChecked():
            self.settings.setValue(SETTING, choice)
            self.settings.sync()
        self._answered(choice)
