"""Ctrl+E: export training data or anonymised documents, in the background, ending with the
report (including the leak check)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotations.exporters import EXPORTERS
from annotations.project import Project
from desktop.dialogs.errors import describe
from desktop.engine import text_encoding
from desktop.export_process import ExportProcess, ExportRequest
from desktop.exporting import DocumentsExport, TrainingExport, export_documents, export_training
from desktop.operations import Operations
from desktop.store_proxy import StoreProxy
from redaction.anonymization.operators import style_names
from redaction.anonymization.pseudonyms import key_from_environment
from redaction.labels import LabelSet

_SUFFIX = {"prodigy": ".jsonl", "doccano": ".jsonl", "spacy": ".spacy", "conll": ".conll"}


def _path_row(edit: QLineEdit, choose: Any) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    button = QPushButton("Choose…")
    button.clicked.connect(choose)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return row


class ExportDialog(QDialog):
    finished_export = Signal(str)  # the report text

    def __init__(
        self,
        ops: Operations,
        labels: LabelSet,
        parent: QWidget | None = None,
        engine: Any = None,
        settings: QSettings | None = None,
        project: Project | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops, self.labels, self.engine, self.settings = ops, labels, engine, settings
        #: The project exported (its database None: in memory, exported in this process).
        self.project = project if project is not None else Project(None, labels)
        self._process: ExportProcess | None = None
        self.setWindowTitle("Export")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._training_tab(), "Training data")
        self.tabs.addTab(self._documents_tab(), "Anonymised documents")
        self.label_list = QListWidget()
        for label in labels:
            item = QListWidgetItem(f"{label.title} ({label.name})")
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            item.setCheckState(Qt.CheckState.Checked)
            self.label_list.addItem(item)
        self.label_list.setMaximumHeight(150)
        self.progress = QProgressBar()
        self.progress.hide()
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("The report appears here when the export is finished.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.run_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.ActionRole)
        self.run_button.clicked.connect(self.run_export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        form = QFormLayout()
        form.addRow("Labels", self.label_list)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 620)

    def _training_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.format = QComboBox()
        self.format.addItems(list(EXPORTERS))
        self.training_out = QLineEdit(str(Path.home() / "redact-training.jsonl"))
        self.format.currentTextChanged.connect(self._format_changed)
        self.status_boxes = {
            status: QCheckBox(status) for status in ("accepted", "suggested", "rejected")
        }
        self.status_boxes["accepted"].setChecked(True)
        statuses = QWidget()
        row = QHBoxLayout(statuses)
        row.setContentsMargins(0, 0, 0, 0)
        for box in self.status_boxes.values():
            row.addWidget(box)
        row.addStretch(1)
        self.include_unfinished = QCheckBox("Include documents not marked done")
        form.addRow("Format", self.format)
        form.addRow("Spans", statuses)
        form.addRow("", self.include_unfinished)
        form.addRow("Output file", _path_row(self.training_out, self._choose_training_out))
        return tab

    def _documents_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.style_choice = QComboBox()
        self.style_choice.addItems(style_names())
        self.documents_out = QLineEdit(str(Path.home() / "redact-anonymised"))
        self.include_unreviewed = QCheckBox(
            "Include documents not marked done (their suggestions count as accepted)"
        )
        self.overwrite = QCheckBox("Replace earlier outputs in the folder")
        # Never saved with the settings: a secret. The environment's key is the default.
        self.pseudonym_key = QLineEdit(key_from_environment() or "")
        self.pseudonym_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.pseudonym_key.setPlaceholderText("optional: the same fakes as `redact --key` runs")
        self.pseudonym_key.setToolTip(
            "With a key, each person, number or address gets the fake the same key gives on "
            "any machine (redact anonymize --key, cluster jobs); without one, this project's "
            "own. Not saved."
        )
        form.addRow("Style", self.style_choice)
        form.addRow("Pseudonym key", self.pseudonym_key)
        form.addRow("", self.include_unreviewed)
        form.addRow("", self.overwrite)
        form.addRow("Output folder", _path_row(self.documents_out, self._choose_documents_out))
        return tab

    def _format_changed(self, name: str) -> None:
        path = Path(self.training_out.text())
        self.training_out.setText(str(path.with_suffix(_SUFFIX.get(name, path.suffix))))

    def _choose_training_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export training data to", self.training_out.text()
        )
        if path:
            self.training_out.setText(path)

    def _choose_documents_out(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Write anonymised documents to")
        if folder:
            self.documents_out.setText(folder)

    def chosen_labels(self) -> tuple[str, ...] | None:
        items = [self.label_list.item(i) for i in range(self.label_list.count())]
        names = tuple(
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        )
        return None if len(names) == len(items) else names

    def run_export(self) -> None:
        job = self._training_job() if self.tabs.currentIndex() == 0 else self._documents_job()
        progress = self.ops.progress(self._on_progress)
        self._start()
        if self.project.db is None:  # a database in memory: no other process can read it
            self._run_here(job, progress)
            return
        # The export runs in a process of its own: the work thread only waits for it, so the
        # GUI thread never shares the interpreter lock with writers, the leak check or the
        # detector, and the store thread stays free for the decisions made meanwhile.
        process = self._process = ExportProcess()
        request = self._request(job)
        self.ops.run(lambda: process.run(request, progress), self._done, self._failed)

    def _training_job(self) -> TrainingExport:
        statuses = tuple(s for s, box in self.status_boxes.items() if box.isChecked())
        return TrainingExport(
            self.format.currentText(),
            Path(self.training_out.text()).expanduser(),
            statuses or ("accepted",),
            self.chosen_labels(),
            self.include_unfinished.isChecked(),
        )

    def _documents_job(self) -> DocumentsExport:
        return DocumentsExport(
            Path(self.documents_out.text()).expanduser(),
            self.style_choice.currentText(),
            self.include_unreviewed.isChecked(),
            self.chosen_labels(),
            self.overwrite.isChecked(),
            text_encoding(self.settings) if self.settings is not None else None,
            self.pseudonym_key.text() or None,
        )

    def _request(self, job: TrainingExport | DocumentsExport) -> ExportRequest:
        engine = self.engine
        factory: Any = None
        why: str | None = None
        if engine is not None and engine.error:
            why = engine.error  # it failed here: it would fail there too
        elif engine is not None:
            factory = engine.factory
        return ExportRequest(self.project, job, detector_factory=factory, no_detector=why)

    def _run_here(self, job: TrainingExport | DocumentsExport, progress: Any) -> None:
        if isinstance(job, TrainingExport):
            self.ops.store(lambda s: export_training(s, job, progress), self._done, self._failed)
            return
        engine, labels, ops = self.engine, self.labels, self.ops

        def export() -> str:
            # on the work thread: wait for an engine still loading (the residual check needs
            # it) instead of skipping the check; the store is read a call at a time
            detector = engine.detector() if engine is not None else None
            why = engine.error if engine is not None else None
            return export_documents(
                StoreProxy(ops), job, labels, detector, progress, no_detector=why
            )

        self.ops.run(export, self._done, self._failed)

    def stop(self) -> None:
        """Kill a running export (the window is closing)."""
        if self._process is not None:
            self._process.kill()

    def _start(self) -> None:
        self.run_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.report.setPlainText("Exporting…")

    def _on_progress(self, done: int, total: int | None, message: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _done(self, report: str) -> None:
        self.progress.hide()
        self.run_button.setEnabled(True)
        self.report.setPlainText(report)
        self.finished_export.emit(report)

    def _failed(self, exc: BaseException) -> None:
        from redaction.errors import OutputExistsError

        how = (
            " (tick “Replace earlier outputs in the folder”)"
            if isinstance(exc, OutputExistsError)
            else ""
        )
        self._done(f"Export failed: {describe(exc)}{how}")
