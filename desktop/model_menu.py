"""The Model menu: evaluate detection, train a model from this project, choose its models."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu


class ModelMenu:
    """Builds the menu on ``window`` (a ``LearningHost`` main window) and opens its dialogs."""

    def __init__(self, window: QMainWindow) -> None:
        self.window: Any = window
        self.dialog: Any = None
        self.menu: QMenu = window.menuBar().addMenu("&Model")
        self.actions: dict[str, QAction] = {}
        for name, title, handler in (
            ("evaluate", "Evaluate detection…", self.evaluate),
            ("train", "Train a model from this project…", self.train),
            ("models", "Models for this project…", self.models),
            ("learned", "What this project learned…", self.learned),
            ("stop_retraining", "Stop background retraining", self.stop_retraining),
        ):
            action = QAction(title, window)
            action.triggered.connect(handler)
            self.menu.addAction(action)
            self.actions[name] = action
        self.actions["stop_retraining"].setEnabled(False)
        help_menu = next((a for a in window.menuBar().actions() if a.text() == "&Help"), None)
        if help_menu is not None:  # keep Help last
            window.menuBar().insertMenu(help_menu, self.menu)

    def evaluate(self) -> Any:
        from desktop.dialogs.learning import EvaluationDialog

        self.dialog = EvaluationDialog(self.window, self.window)
        self.dialog.open()
        self.dialog.start()
        return self.dialog

    def train(self) -> Any:
        from desktop.dialogs.learning import TrainingDialog

        self.dialog = TrainingDialog(self.window, self.window)
        self.dialog.open()
        return self.dialog

    def models(self) -> Any:
        from desktop.dialogs.learning import ModelsDialog

        self.dialog = ModelsDialog(self.window, self.window)
        self.dialog.open()
        self.dialog.refresh()
        return self.dialog

    def learned(self) -> Any:
        from desktop.dialogs.learned import LearnedDialog

        self.dialog = LearnedDialog(self.window, self.window)
        self.dialog.open()
        self.dialog.refresh()
        return self.dialog

    def stop_retraining(self) -> None:
        self.window.retraining.cancel()

    def retraining_running(self, running: bool) -> None:
        self.actions["stop_retraining"].setEnabled(running)

    def stop(self) -> None:
        """Closing the window: a training run stops after its current epoch (nothing saved)."""
        cancel = getattr(self.dialog, "cancel", None)
        if callable(cancel):
            cancel()
