"""The main window's imports: open files or a folder (menu, toolbar, drag and drop), run the
import in the background with a cancellable progress bar, list the bad files at the end."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QStatusBar, QWidget

from annotations.project import ImportOptions, ImportReport, import_documents
from desktop.dialogs.errors import show_error_list
from desktop.engine import detection_threshold, text_encoding
from redaction.detection.settings import max_file_bytes
from redaction.documents.loading import DEFAULT_MAX_BYTES
from redaction.wording import plural

if TYPE_CHECKING:
    from desktop.engine import Engine
    from desktop.operations import Operations
    from desktop.review import ReviewController
    from desktop.views.import_status import QtImportStatus
    from redaction.labels import LabelSet


class ImportActions:
    """Mixed into ``MainWindow`` (before ``QMainWindow``), which provides these attributes."""

    ops: Operations
    labels: LabelSet
    engine: Engine
    settings: QSettings
    review: ReviewController
    import_status: QtImportStatus
    import_finished: Any  # Signal(object) of the window

    if TYPE_CHECKING:  # QMainWindow's; must not shadow it at run time

        def statusBar(self) -> QStatusBar: ...

    def _widget(self) -> QWidget | None:
        return self if isinstance(self, QWidget) else None

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self._widget(),
            "Open documents",
            "",
            "Documents (*.txt *.md *.docx *.pdf *.png *.jpg *.jpeg *.tif *.tiff);;All files (*)",
        )
        if paths:
            self.start_import(paths)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._widget(), "Open a folder of documents")
        if folder:
            self.start_import([folder])

    def start_import(self, paths: Sequence[str | Path], *, open_first: bool = True) -> bool:
        if self.import_status.running:
            self.statusBar().showMessage("An import is already running", 4000)
            return False
        cancel = self.import_status.begin()
        threshold_value = detection_threshold(self.settings)
        encoding = text_encoding(self.settings)
        progress = self.ops.progress(self._on_import_progress)
        ops, engine = self.ops, self.engine

        def job() -> ImportReport:
            # the core's one import pipeline; the detector's own settings give the worker
            # processes and the size limit, as for `redact import`
            detector = engine.detector()
            settings = getattr(detector, "settings", None)
            options = ImportOptions(
                jobs=getattr(settings, "jobs", 1),
                threshold=threshold_value,
                max_bytes=max_file_bytes(settings) if settings is not None else DEFAULT_MAX_BYTES,
                encoding=encoding,
            )
            return import_documents(
                paths,
                call=ops.call_store,
                detector=lambda: detector,
                options=options,
                progress=progress,
                cancel=cancel,
            )

        self.ops.run(
            job,
            lambda result: self._on_import_done(result, open_first),
            lambda exc: self._on_import_done(ImportReport(failed=[str(exc)]), open_first),
        )
        return True

    def cancel_import(self) -> None:
        self.import_status.cancel()

    def _on_import_progress(self, done: int, total: int | None, message: str) -> None:
        self.import_status.report(done, total, message)

    def _on_import_done(self, result: ImportReport, open_first: bool) -> None:
        self.import_status.end()
        added = len(result.added)
        note = " (cancelled)" if result.cancelled else ""
        self.statusBar().showMessage(f"Imported {plural(added, 'document')}{note}", 6000)
        first = next(iter(result.added or result.unchanged), None)

        def then() -> None:
            if first is not None and (open_first or self.review.document is None):
                self.review.open_document(first.id)
            elif self.review.document is None:
                self.review.open_first_unfinished()
            self.import_finished.emit(result)

        self.review.refresh_documents(then)
        if result.failed:
            show_error_list(
                self._widget(),
                "Some files could not be imported",
                result.failed,
                len(result.failed),
            )
        elif result.warnings:
            show_error_list(
                self._widget(),
                "Imported, with warnings",
                result.warnings,
                len(result.warnings),
                note="Check these documents.",
            )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)
