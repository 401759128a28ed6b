"""The Model menu's dialogs: evaluate detection, train a model, switch models on and off.

Each runs its job on the work thread through ``Operations`` and only updates widgets in the
callbacks (GUI thread). ``host`` is what the dialogs need from the window: the operations, the
engine, the labels, the database path and ``reload_engine()``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotations.evaluate import EvaluationReport, LabelScores, SpanIssue
from annotations.model_settings import disable_model, enable_model, project_settings_path
from annotations.project.learning import (
    KnownModel,
    NoGoldError,
    TrainingCancelled,
    TrainingJob,
    default_model_dir,
    evaluate_project,
    known_models,
    train_project,
)
from annotations.training import EpochStats, TrainingConfig, TrainingReport
from desktop.dialogs.errors import describe, show_error
from desktop.engine import Engine, detection_threshold
from desktop.operations import Operations
from redaction.labels import LabelSet

#: Misses and false positives listed in the evaluation report (the rest are counted).
LISTED_ISSUES = 300


class LearningHost(Protocol):
    ops: Operations
    engine: Engine
    labels: LabelSet
    db_path: Path | None
    settings: QSettings

    def reload_engine(self) -> None: ...


def _issue_lines(title: str, issues: list[SpanIssue]) -> list[str]:
    lines = [f"{title} ({len(issues)})"]
    for issue in issues[:LISTED_ISSUES]:
        text = issue.text.replace("\n", " ⏎ ")
        lines.append(
            f"  {Path(issue.doc).name}  {issue.start}-{issue.end}  {issue.label}  {text!r}"
        )
    if len(issues) > LISTED_ISSUES:
        lines.append(f"  … and {len(issues) - LISTED_ISSUES} more")
    return lines


class EvaluationDialog(QDialog):
    """Scores the engine against the gold; per-label table plus the misses and false positives."""

    COLUMNS = ("Label", "Precision", "Recall", "F1", "F2", "Strict recall", "Gold", "Predicted")
    finished_evaluation = Signal(object)  # EvaluationReport, or None when there was no gold

    def __init__(self, host: LearningHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.report: EvaluationReport | None = None
        self.setWindowTitle("Evaluate detection")
        self.message = QLabel("Running detection on the documents marked done…")
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.issues = QPlainTextEdit()
        self.issues.setReadOnly(True)
        self.issues.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("Misses and false positives"))
        layout.addWidget(self.issues, 1)
        layout.addWidget(buttons)
        self.resize(760, 640)

    def start(self) -> None:
        host = self.host
        db, labels, engine = host.db_path, host.labels, host.engine
        threshold = detection_threshold(host.settings)

        def job() -> EvaluationReport:
            return evaluate_project(db, engine.detector(), label_set=labels, threshold=threshold)

        self.host.ops.run(job, self._done, self._failed)

    def _done(self, report: EvaluationReport) -> None:
        self.report = report
        self.progress.hide()
        rows = [*report.per_label.values(), report.overall]
        self.table.setRowCount(len(rows))
        for r, s in enumerate(rows):
            for c, value in enumerate(self._row(s)):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if s is report.overall:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.message.setText(
            f"{report.documents} document(s) marked done, {report.overall.tp + report.overall.fn} "
            f"accepted span(s) as gold; detector: {report.detector}."
        )
        lines = [f"warning: {w}" for w in report.warnings]
        lines += _issue_lines("Misses (gold spans not fully covered)", report.misses)
        lines += [""] + _issue_lines("False positives", report.false_positives)
        self.issues.setPlainText("\n".join(lines))
        self.finished_evaluation.emit(report)

    def _row(self, s: LabelScores) -> list[str]:
        title = next((lab.title for lab in self.host.labels if lab.name == s.label), s.label)
        scores = (s.precision, s.recall, s.f1, s.f2, s.strict_recall)
        return [title, *(f"{v:.3f}" for v in scores), str(s.tp + s.fn), str(s.tp + s.fp)]

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.table.hide()
        heading = "No gold to evaluate against" if isinstance(exc, NoGoldError) else "Failed"
        self.message.setText(f"<b>{heading}</b><br>{describe(exc)}")
        self.issues.setPlainText("")
        self.finished_evaluation.emit(None)


def format_epoch(stats: EpochStats) -> str:
    return (
        f"epoch {stats.epoch}/{stats.epochs} · loss {stats.loss:.1f} · dev P {stats.precision:.3f} "
        f"R {stats.recall:.3f} F {stats.f:.3f}"
    )


class TrainingDialog(QDialog):
    """Train a model on the project's gold, with per-epoch progress, then switch it on."""

    finished_training = Signal(object)  # TrainingReport, or None when it failed
    model_enabled = Signal(str)

    def __init__(self, host: LearningHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.report: TrainingReport | None = None
        self.trained: Path | None = None
        self._cancel: threading.Event | None = None
        self.trainer: Any = None  # tests inject a fake ``train_and_save``
        self.setWindowTitle("Train a model from this project")
        self.out = QLineEdit(str(default_model_dir(host.db_path)))
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(choose)
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 200)
        self.epochs.setValue(TrainingConfig.epochs)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.dev_split = QDoubleSpinBox()
        self.dev_split.setRange(0.0, 0.5)
        self.dev_split.setSingleStep(0.05)
        self.dev_split.setValue(TrainingConfig.dev_split)
        self.min_spans = QSpinBox()
        self.min_spans.setRange(1, 1000)
        self.min_spans.setValue(TrainingConfig.min_spans)
        self.min_spans.setToolTip("Labels with fewer accepted spans are skipped")
        form = QFormLayout()
        form.addRow("Output folder", out_row)
        form.addRow("Epochs (at most)", self.epochs)
        form.addRow("Seed", self.seed)
        form.addRow("Dev split", self.dev_split)
        form.addRow("Spans per label (at least)", self.min_spans)
        self.overwrite = QCheckBox("Replace the output folder if it already holds a model")
        form.addRow("", self.overwrite)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        self.report_view.setPlaceholderText(
            "Trains a spaCy NER on the accepted spans of the documents marked done. "
            "The report appears here."
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.train_button = self.buttons.addButton("Train", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.addButton(
            "Stop training", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.use_button = self.buttons.addButton(
            "Use this model for this project", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.cancel_button.hide()
        self.use_button.hide()
        self.train_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.use_button.clicked.connect(self.use_model)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 560)

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def _choose_out(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save the model in", self.out.text())
        if folder:
            self.out.setText(folder)

    def job(self) -> TrainingJob:
        config = TrainingConfig(
            epochs=self.epochs.value(),
            dev_split=round(self.dev_split.value(), 3),
            seed=self.seed.value(),
            min_spans=self.min_spans.value(),
        )
        out = Path(self.out.text()).expanduser()
        return TrainingJob(out, config, overwrite=self.overwrite.isChecked())

    def start(self) -> None:
        if self.running:
            return
        job = self.job()
        if not job.overwrite and job.out.is_dir() and any(job.out.iterdir()):
            self.report_view.setPlainText(
                f"{job.out} already holds files: choose another output folder, or tick "
                "“Replace the output folder” to train into it."
            )
            return
        cancel = self._cancel = threading.Event()
        report = self.host.ops.progress(self._on_progress)
        db, labels = self.host.db_path, self.host.labels
        extra = {"trainer": self.trainer} if self.trainer is not None else {}

        def on_epoch(stats: EpochStats) -> None:
            report(stats.epoch, stats.epochs, format_epoch(stats))

        def work() -> TrainingReport:
            return train_project(
                db, job, cancel=cancel, on_epoch=on_epoch, label_set=labels, **extra
            )

        self.trained = None
        self.train_button.setEnabled(False)
        self.use_button.hide()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, job.config.epochs)
        self.progress.setValue(0)
        self.progress.setFormat("preparing the training data…")
        self.progress.show()
        self.report_view.setPlainText(f"Training into {job.out}…")
        self.host.ops.run(work, lambda r: self._done(r, job.out), self._failed)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat(self.progress.format() + " · stopping…")

    def _on_progress(self, done: int, total: int | None, message: str) -> None:
        if total:
            self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(message)
        self.report_view.appendPlainText(message)

    def _finish(self) -> None:
        self._cancel = None
        self.train_button.setEnabled(True)
        self.cancel_button.hide()

    def _done(self, report: TrainingReport, out: Path) -> None:
        from annotations.training import format_training_report

        self._finish()
        self.report, self.trained = report, out
        self.progress.setValue(self.progress.maximum())
        self.progress.setFormat("done")
        epochs = "\n".join(format_epoch(stats) for stats in report.epochs)
        self.report_view.setPlainText(f"{format_training_report(report, out)}\n\n{epochs}")
        if not self.overwrite.isChecked():  # the next run gets a folder of its own
            self.out.setText(str(default_model_dir(self.host.db_path)))
        self.use_button.setText("Use this model for this project")
        self.use_button.setEnabled(True)
        self.use_button.show()
        self.finished_training.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.progress.hide()
        heading = "Stopped" if isinstance(exc, TrainingCancelled) else "Training failed"
        self.report_view.appendPlainText(f"\n{heading}: {describe(exc)}")
        self.finished_training.emit(None)

    def use_model(self) -> None:
        if self.trained is not None:
            self.use_button.setEnabled(False)
            switch_model(
                self.host,
                self.trained,
                True,
                self,
                self._enabled,
                lambda: self.use_button.setEnabled(True),
            )

    def _enabled(self, path: str) -> None:
        self.use_button.setText("Used for this project ✓")
        self.report_view.appendPlainText(
            f"\nSwitched on for this project; the detection engine is reloading with {path}."
        )
        self.model_enabled.emit(path)

    def reject(self) -> None:
        self.cancel()  # a run still going stops after its epoch; nothing is saved
        super().reject()


def switch_model(
    host: LearningHost,
    path: Path,
    on: bool,
    parent: QWidget,
    then: Any = None,
    failed: Any = None,
) -> None:
    """Enable or disable ``path`` in the project's settings (work thread), then reload."""
    if host.db_path is None:
        show_error(parent, "Cannot switch models", "this project has no database file")
        return
    settings = project_settings_path(host.db_path)

    def work() -> str:
        if on:
            enable_model(path, settings)
        else:
            disable_model(path, settings)
        return str(path)

    def done(result: str) -> None:
        host.reload_engine()
        if then is not None:
            then(result)

    def error(exc: BaseException) -> None:
        show_error(parent, "Cannot switch the model", exc)
        if failed is not None:
            failed()

    host.ops.run(work, done, error)


def checklist(
    dialog: QDialog, note: str, empty: str, buttons: QDialogButtonBox
) -> tuple[QListWidget, QLabel]:
    """Lay ``dialog`` out as a note, a list of tickable lines (with ``empty`` shown when it has
    none) and ``buttons``; ``buttons`` closes it. Returns the list and the empty line."""
    label = QLabel(note)
    label.setWordWrap(True)
    items = QListWidget()
    nothing = QLabel(empty)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(label)
    layout.addWidget(items, 1)
    layout.addWidget(nothing)
    layout.addWidget(buttons)
    dialog.resize(640, 400)
    return items, nothing


class ModelsDialog(QDialog):
    """The trained models of this project: tick to use one for detection, untick to stop."""

    changed = Signal()

    def __init__(self, host: LearningHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self._extra: list[Path] = []
        self.setWindowTitle("Models for this project")
        add = QPushButton("Add a model folder…")
        add.clicked.connect(self._add)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(add, QDialogButtonBox.ButtonRole.ActionRole)
        self.list, self.empty = checklist(
            self,
            "Ticked models add their entities to detection for this project (with the rules and "
            "the base spaCy model). Trained models saved beside the database are listed.",
            "No trained models yet: use Model ▸ Train a model from this project.",
            buttons,
        )
        self.list.itemChanged.connect(self._on_item_changed)

    def refresh(self) -> None:
        db, extra = self.host.db_path, list(self._extra)
        self.host.ops.run(lambda: known_models(db, extra), self._show, self._failed)

    def _show(self, models: list[KnownModel]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for model in models:
            labels = f"  ({', '.join(model.labels)})" if model.labels else ""
            item = QListWidgetItem(f"{model.path.name}{labels}")
            item.setToolTip(str(model.path))
            item.setData(Qt.ItemDataRole.UserRole, str(model.path))
            state = Qt.CheckState.Checked if model.enabled else Qt.CheckState.Unchecked
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(state)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.empty.setVisible(not models)

    def _failed(self, exc: BaseException) -> None:
        show_error(self, "Cannot read the project's models", exc)

    def models(self) -> dict[str, bool]:
        items = [self.list.item(i) for i in range(self.list.count())]
        return {
            str(i.data(Qt.ItemDataRole.UserRole)): i.checkState() == Qt.CheckState.Checked
            for i in items
        }

    def set_enabled(self, path: str | Path, on: bool) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if Path(str(item.data(Qt.ItemDataRole.UserRole))) == Path(path):
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        path = Path(str(item.data(Qt.ItemDataRole.UserRole)))
        on = item.checkState() == Qt.CheckState.Checked
        self._extra.append(path)  # still listed after it is switched off

        def then(_: str) -> None:
            self.changed.emit()
            self.refresh()

        switch_model(self.host, path, on, self, then, self.refresh)

    def _add(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A trained model folder")
        if folder:
            self._extra.append(Path(folder))
            switch_model(
                self.host, Path(folder), True, self, lambda _: self.refresh(), self.refresh
            )
