"""The import progress shown in the status bar: what is being read, a bar, and Cancel."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from redaction.progress import pace, time_left


class QtImportStatus(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._cancel: threading.Event | None = None
        self._started = time.monotonic()
        self.hide()

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def begin(self) -> threading.Event:
        """Show the bar (busy until the first report); the event is set by Cancel."""
        self._cancel = threading.Event()
        self._started = time.monotonic()
        self.bar.setRange(0, 0)
        self.label.setText("Importing…")
        self.show()
        return self._cancel

    def report(self, done: int, total: int | None, message: str) -> None:
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        elapsed = time.monotonic() - self._started
        self.bar.setToolTip(pace(done, total, elapsed).removeprefix(", "))
        left = time_left(done, total, elapsed)
        shown = f"Importing {message}" if message else "Importing…"
        self.label.setText(f"{shown} ({left})" if left else shown)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.label.setText("Cancelling…")

    def end(self) -> None:
        self._cancel = None
        self.hide()
