"""The main window: lays out the panels, binds the keys, and forwards what the user does to the
review controller. Decisions live in the store; nothing here is saved separately."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotations.records import DocumentRecord, SpanRecord
from desktop.dialogs.done_prompt import DonePrompt, open_suggestions_choice
from desktop.dialogs.errors import show_error, title_for
from desktop.engine import DetectorFactory, Engine
from desktop.icons import icon
from desktop.import_actions import ImportActions
from desktop.keymap import BINDINGS, keys_for
from desktop.model_menu import ModelMenu
from desktop.models.document_list import DocumentListModel
from desktop.models.span_table import SpanTableModel
from desktop.offsets import OffsetMap
from desktop.operations import Operations
from desktop.preview import PreviewResult
from desktop.preview_updates import PreviewUpdater
from desktop.projects import (
    app_project,
    open_project_store,
    recent_projects,
    remember_project,
)
from desktop.retraining import BackgroundRetraining
from desktop.review import ReviewController
from desktop.selection import snap_to_words, trim
from desktop.views.document_list import QtDocumentList
from desktop.views.document_view import QtDocumentView
from desktop.views.find_bar import QtFindBar
from desktop.views.import_status import QtImportStatus
from desktop.views.label_bar import QtLabelBar
from desktop.views.page_view import QtPageView
from desktop.views.preview_view import QtPreviewView
from desktop.views.span_index import SpanIndex, ViewSpan, view_span
from desktop.views.span_panel import QtSpanPanel
from desktop.window_state import restore_window_state, save_window_state
from redaction.labels import LabelSet

#: Documents at least this long get their text and their spans shown in two event-loop turns.
LARGE_DOCUMENT_CHARS = 200_000
#: Formats shown page by page beside the text: PDFs and scanned images.
PAGED_FORMATS = ("pdf", "image")


@dataclass(frozen=True)
class PreparedView:
    """What the text view needs for a span list, built on the store thread (plain Python)."""

    offsets: OffsetMap
    index: SpanIndex


def prepare_view(doc: DocumentRecord, spans: list[SpanRecord]) -> PreparedView:
    offsets = OffsetMap(doc.text)
    return PreparedView(offsets, SpanIndex.of_records(spans, offsets))


class MainWindow(ImportActions, QMainWindow):
    import_finished = Signal(object)  # annotations.project.ImportReport
    engine_ready = Signal()

    def __init__(
        self,
        ops: Operations,
        labels: LabelSet,
        engine: Engine,
        settings: QSettings,
        *,
        db_label: str = "",
        db_path: Path | None = None,
        detector_factory_for: Callable[[str | None], DetectorFactory] | None = None,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.detector_factory_for = detector_factory_for or self._default_factory
        self.ops = ops
        self.labels = labels
        self.engine = engine
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.review = ReviewController(ops, self.undo_stack)
        self.review.prepare = prepare_view
        self._done_prompt: DonePrompt | None = None
        self.offsets = OffsetMap("")
        self.setWindowTitle("Redact Studio")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self._build_views(db_label)
        self._build_actions()
        self._connect()
        self.model_menu = ModelMenu(self)
        self.retraining = BackgroundRetraining(self.settings, self)
        self.retraining.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.retraining.switched_on.connect(lambda _path: self.reload_engine())
        self.retraining.running_changed.connect(self.model_menu.retraining_running)
        self.ops.failed.connect(lambda exc: show_error(self, title_for(exc), exc))
        self.resize(1360, 860)

    # -- layout -------------------------------------------------------------------------------

    def _build_views(self, db_label: str) -> None:
        self.document_model = DocumentListModel()
        self.document_list = QtDocumentList(self.document_model)
        self.span_model = SpanTableModel(self.labels)
        self.span_panel = QtSpanPanel(self.span_model)
        self.document_view = QtDocumentView()
        self.document_view.set_label_colours({lab.name: lab.colour for lab in self.labels})
        self.document_view.tooltip_for = self._tooltip_for
        self._titles = {lab.name: lab.title for lab in self.labels}
        self.document_view.set_label_titles(self._titles)
        self.span_panel.titles = self._titles
        self.preview_view = QtPreviewView(self.labels)
        self.preview_view.setFont(self.document_view.font())
        self.preview_updates = PreviewUpdater(self.ops, self.labels, self)
        self.page_view = QtPageView(self.labels)
        self.label_bar = QtLabelBar(self.labels)
        self.find_bar = QtFindBar(self.document_view)
        self.find_bar.hide()
        self.title = QLabel("No document open")
        self.title.setObjectName("DocumentTitle")
        self.title.setStyleSheet("font-size: 15px; font-weight: 600; padding: 4px 2px;")

        self.text_split = QSplitter(Qt.Orientation.Horizontal)
        self.text_split.addWidget(self.document_view)
        self.text_split.addWidget(self.preview_view)
        self.text_split.addWidget(self.page_view)
        self.preview_view.hide()
        self.page_view.hide()
        for index, stretch in enumerate((2, 2, 3)):  # the page gets the larger share
            self.text_split.setStretchFactor(index, stretch)
        self.empty = QLabel(
            "<h2>No documents yet</h2><p>Open documents or a folder (Ctrl+O, Ctrl+Shift+O)<br>"
            "or drop files here.</p>"
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.text_split)

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(6, 6, 6, 0)
        centre_layout.setSpacing(4)
        centre_layout.addWidget(self.title)
        centre_layout.addWidget(self.find_bar)
        centre_layout.addWidget(self.stack, 1)
        centre_layout.addWidget(self.label_bar)

        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self.document_list)
        self.main_split.addWidget(centre)
        self.main_split.addWidget(self.span_panel)
        self.main_split.setStretchFactor(0, 0)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setStretchFactor(2, 0)
        # First run (no saved layout): at 1280x800 the text and a PDF page side by side get
        # about 760 px, enough for the page at three quarters of its size
        self.main_split.setSizes([205, 715, 360])
        self.document_list.setMinimumWidth(160)
        self.span_panel.setMinimumWidth(280)
        self.setCentralWidget(self.main_split)

        status = self.statusBar()
        self.engine_label = QLabel("Detection engine: not loaded")
        self.import_status = QtImportStatus()
        status.addPermanentWidget(self.import_status)
        self.counts_label = QLabel("")
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.engine_label)
        self.db_label = QLabel(Path(db_label).name or db_label)
        self.db_label.setObjectName("DatabaseLabel")
        self.db_label.setToolTip(f"Annotation database: {db_label}")
        self.db_label.setVisible(bool(db_label))
        status.addPermanentWidget(self.db_label)

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        handlers = {
            "next_span": lambda: self.review.step_span(1),
            "previous_span": lambda: self.review.step_span(-1),
            "accept": self.review.accept,
            "reject": self.review.reject,
            "accept_occurrences": self.review.accept_occurrences,
            "accept_all": self.review.accept_all,
            "reject_all": self.review.reject_all,
            "delete_span": self.review.delete,
            "mark_done": self.review.mark_done,
            "skip_document": self.review.skip_document,
            "next_document": lambda: self.review.next_document(1),
            "previous_document": lambda: self.review.next_document(-1),
            "undo": self.undo_stack.undo,
            "redo": self.undo_stack.redo,
            "find": self.find_bar.start,
            "export": self.show_export,
            "open_project": self.choose_project,
            "new_project": lambda: self.choose_project(new=True),
            "open_files": self.choose_files,
            "open_folder": self.choose_folder,
            "toggle_preview": self._toggle_preview,
            "toggle_pages": self._toggle_pages,
            "preferences": self.show_preferences,
            "shortcuts": self.show_shortcuts,
            "quit": self.close,
        }
        for binding in BINDINGS:
            action = QAction(binding.title, self)
            action.setShortcuts(keys_for(binding, self.settings))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            if binding.icon:
                action.setIcon(icon(binding.icon))
            if binding.short:
                action.setIconText(binding.short)
            keys = action.shortcuts()
            if keys:
                native = QKeySequence.SequenceFormat.NativeText
                action.setToolTip(f"{binding.title} ({keys[0].toString(native)})")
            action.triggered.connect(handlers[binding.name])
            self.addAction(action)
            self.actions_by_name[binding.name] = action
        for name in ("toggle_preview", "toggle_pages"):
            self.actions_by_name[name].setCheckable(True)
        self.actions_by_name["toggle_pages"].setEnabled(False)
        self.undo_stack.canUndoChanged.connect(self.actions_by_name["undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(self.actions_by_name["redo"].setEnabled)
        self.actions_by_name["undo"].setEnabled(False)
        self.actions_by_name["redo"].setEnabled(False)
        self.label_actions: list[QAction] = []
        for label in self.labels:
            action = QAction(f"{label.title}", self)
            if label.shortcut:
                action.setShortcut(QKeySequence(label.shortcut))
            action.triggered.connect(lambda _=False, name=label.name: self.apply_label(name))
            self.addAction(action)
            self.label_actions.append(action)
        self._build_menus()

    def _build_menus(self) -> None:
        a = self.actions_by_name
        menus: list[tuple[str, list[Any]]] = [
            ("&File", ["open_project", "new_project", "recent", None, "open_files",
                       "open_folder", None, "export", None, "preferences", None, "quit"]),
            ("&Edit", ["undo", "redo", None, "find"]),
            ("&Review", ["next_span", "previous_span", None, "accept", "reject",
                         "accept_occurrences", "accept_all", "reject_all", "delete_span", None,
                         "mark_done", "skip_document", "next_document", "previous_document"]),
            ("&View", ["toggle_preview", "toggle_pages"]),
            ("&Help", ["shortcuts"]),
        ]  # fmt: skip
        for title, names in menus:
            menu = self.menuBar().addMenu(title)
            for name in names:
                if name == "recent":
                    self.recent_menu = menu.addMenu("Recent projects")
                    self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
                    continue
                menu.addSeparator() if name is None else menu.addAction(a[name])
            if title == "&Review":
                label_menu = menu.addMenu("Label")
                for action in self.label_actions:
                    label_menu.addAction(action)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("MainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in ("open_files", "open_folder", None, "undo", "redo", None, "accept", "reject",
                     "accept_all", None, "previous_document", "mark_done", "next_document", None,
                     "toggle_preview", "toggle_pages", None, "export"):  # fmt: skip
            toolbar.addSeparator() if name is None else toolbar.addAction(a[name])
        for name in ("undo", "redo", "previous_document", "next_document"):
            button = toolbar.widgetForAction(a[name])
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    def _connect(self) -> None:
        r = self.review
        r.documents_loaded.connect(self._on_documents_loaded)
        r.document_updated.connect(self._on_document_updated)
        r.document_opened.connect(self._on_document_opened)
        r.spans_reloaded.connect(self._on_spans_reloaded)
        r.span_updated.connect(self._on_span_updated)
        r.current_changed.connect(self._on_current_changed)
        r.history_loaded.connect(self.span_panel.show_history)
        r.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        r.done_needs_answer.connect(self._ask_about_open_suggestions)
        r.open_suggestions = open_suggestions_choice(self.settings)
        self.document_list.document_chosen.connect(lambda doc_id: r.open_document(doc_id))
        self.document_list.filter_changed.connect(self._on_filter_changed)
        self.span_panel.span_selected.connect(r.select_span)
        self.document_view.span_clicked.connect(r.select_span)
        self.document_view.span_context_menu.connect(self._span_menu)
        self.document_view.resize_requested.connect(self._on_resize_requested)
        self.page_view.span_clicked.connect(r.select_span)
        self.label_bar.label_chosen.connect(self.apply_label)
        self.preview_updates.ready.connect(self._on_preview_ready)
        self.preview_updates.failed.connect(
            lambda error: self.preview_view.clear_preview(f"No preview: {error}")
        )
        self.document_view.verticalScrollBar().valueChanged.connect(self._sync_preview_scroll)
        self.engine.state_changed.connect(self._on_engine_state)

    # -- review -------------------------------------------------------------------------------

    def _ask_about_open_suggestions(self, record: DocumentRecord, count: int) -> None:
        if self._done_prompt is not None and self._done_prompt.isVisible():
            return  # one question at a time: a second D waits for the answer to the first

        def answered(choice: str) -> None:
            self.review.open_suggestions = open_suggestions_choice(self.settings)
            if choice == "back":
                self.review.open_document(record.id)
            else:
                self.review.finish(record.id, choice)

        self._done_prompt = DonePrompt(record, count, self.settings, answered, self)
        self._done_prompt.open()

    def apply_label(self, label: str) -> None:
        """A digit: label the selected text as a new span, or relabel the current span."""
        selected = self.document_view.selected_range()
        if selected is not None and self.review.document is not None:
            text = self.review.document.text
            start, end = self.offsets.span_to_codepoints(*selected)
            precise = self.document_view.selection_is_precise
            snapped = trim(text, start, end) if precise else snap_to_words(text, start, end)
            self.document_view.clear_selection()
            if snapped is None:
                self.statusBar().showMessage("Nothing but spaces selected", 3000)
                return
            self.review.create(*snapped, label)
        else:
            self.review.relabel(label)

    def _span_menu(self, span_id: int, pos: Any) -> None:
        menu = QMenu(self)
        for name in ("accept", "reject", "accept_occurrences", "delete_span"):
            menu.addAction(self.actions_by_name[name])
        relabel = menu.addMenu("Label as")
        for action in self.label_actions:
            relabel.addAction(action)
        menu.popup(pos)
        self._menu = menu  # keep it alive while shown

    def _on_resize_requested(self, span_id: int, start: int, end: int) -> None:
        s, e = self.offsets.span_to_codepoints(start, end)
        self.review.resize(span_id, s, e)

    def _view_span(self, span: SpanRecord) -> ViewSpan:
        return view_span(span, self.offsets)

    def _tooltip_for(self, span_id: int) -> str:
        span = self.review.span_by_id(span_id)
        if span is None:
            return ""
        title = self._titles.get(span.label, span.label)
        return f"<b>{title}</b> · {span.status} · score {span.score:.2f} ({span.source})"

    def _on_documents_loaded(self, docs: list[DocumentRecord]) -> None:
        self.document_model.set_documents(docs)
        self.stack.setCurrentIndex(1 if docs or self.review.document else 0)
        if self.review.document is not None:
            self.document_list.show_current(self.review.document.id)
        self._update_counts()

    def _on_document_updated(self, doc: DocumentRecord) -> None:
        self.document_model.update_document(doc)
        self._update_counts()

    def _on_document_opened(self, doc: DocumentRecord, spans: list[SpanRecord], view: Any) -> None:
        self.stack.setCurrentIndex(1)
        self.offsets = view.offsets if isinstance(view, PreparedView) else OffsetMap(doc.text)
        self.title.setText(f"{Path(doc.path).name}  ·  {doc.format.upper()}")
        self.title.setToolTip(doc.path)
        shown = self.preview_view.result
        if shown is None or shown.doc_id != doc.id:
            self.preview_view.clear_preview()
        self.document_view.set_text(doc.text)
        if len(doc.text) < LARGE_DOCUMENT_CHARS:
            self._on_spans_reloaded(spans, view)
        else:  # lay out the text in this turn of the event loop, the spans in the next
            QTimer.singleShot(0, lambda: self._show_spans_of(doc.id, spans, view))
        self.document_list.show_current(doc.id)
        has_pages = doc.format in PAGED_FORMATS
        pages = self.actions_by_name["toggle_pages"]
        pages.setEnabled(has_pages)
        if has_pages:
            self.page_view.open(self.ops, doc.path)
        self.page_view.setVisible(has_pages and pages.isChecked())
        self._update_counts()

    def _show_spans_of(self, doc_id: int, spans: list[SpanRecord], view: Any) -> None:
        if self.review.document is not None and self.review.document.id == doc_id:
            self._on_spans_reloaded(spans, view)
            self._on_current_changed(self.review.current)

    def _on_spans_reloaded(self, spans: list[SpanRecord], view: Any = None) -> None:
        self.span_model.set_spans(spans)
        ready = isinstance(view, PreparedView) and view.offsets.cp_length == self.offsets.cp_length
        index = view.index if ready else SpanIndex.of_records(spans, self.offsets)
        self.document_view.set_spans(index)
        self.page_view.set_spans(spans)
        self._refresh_preview()

    def _on_span_updated(self, span: SpanRecord) -> None:
        self.span_model.update_span(span)
        self.document_view.update_span(self._view_span(span))
        self.page_view.update_span(span)
        self._refresh_preview()

    def _on_current_changed(self, span: SpanRecord | None) -> None:
        self.document_view.set_current(span.id if span else None)
        self.span_panel.show_current(span)
        self.page_view.set_current(span)

    def _refresh_preview(self) -> None:
        """Ask for a fresh preview; it is planned on the work thread and shown when ready."""
        if self.preview_view.isVisible() and self.review.document is not None:
            self.preview_updates.request(self.review.document, self.review.spans)

    def _on_preview_ready(self, result: PreviewResult) -> None:
        doc = self.review.document
        if doc is not None and doc.id == result.doc_id and self.preview_view.isVisible():
            self.preview_view.show_result(result, self._scroll_fraction())

    def _scroll_fraction(self) -> float:
        bar = self.document_view.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def _sync_preview_scroll(self) -> None:
        if self.preview_view.isVisible():
            self.preview_view.follow(self._scroll_fraction())

    def _toggle_preview(self, checked: bool) -> None:
        self.preview_view.setVisible(checked)
        if checked:
            self._refresh_preview()
        else:
            self.preview_updates.cancel()

    def _toggle_pages(self, checked: bool) -> None:
        doc = self.review.document
        self.page_view.setVisible(checked and doc is not None and doc.format in PAGED_FORMATS)

    def _update_counts(self) -> None:
        docs = self.review.documents
        done = sum(d.status == "done" for d in docs)
        doc = self.review.document
        here = f"{doc.suggested} to review · {doc.accepted} accepted  |  " if doc else ""
        self.counts_label.setText(f"{here}{done}/{len(docs)} documents done")
        model = str(self.settings.value("detection/model", "") or "") or None
        self.retraining.documents_done(self.db_path, done, model)

    def _on_filter_changed(self, status: str | None, search: str) -> None:
        self.review.status_filter = status
        self.review.search = search
        self.review.refresh_documents()

    def _on_engine_state(self, state: str) -> None:
        self.engine_label.setText(f"Detection engine: {state}")
        if state == "ready":
            self.engine_ready.emit()

    # -- dialogs and lifecycle ----------------------------------------------------------------

    def show_export(self) -> None:
        from desktop.dialogs.export import ExportDialog

        self._export = ExportDialog(
            self.ops, self.labels, self, engine=self.engine, settings=self.settings,
            project=app_project(self.db_path, self.settings, self.labels),
        )  # fmt: skip
        # not modal: a long anonymised export runs in the background while reviewing goes on
        self._export.show()

    def show_preferences(self) -> None:
        from desktop.dialogs.preferences import PreferencesDialog

        self._prefs = PreferencesDialog(self.settings, self)
        self._prefs.changed.connect(self._on_preferences_changed)
        self._prefs.open()

    def _on_preferences_changed(self, keys: list[str]) -> None:
        if "view/theme" in keys:
            from PySide6.QtWidgets import QApplication

            from desktop.theme import apply_theme

            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, str(self.settings.value("view/theme", "light")))
            self.document_view.refresh()
        if "detection/model" in keys:
            self.reload_engine()
        self.review.open_suggestions = open_suggestions_choice(self.settings)
        if "annotator/name" in keys:
            from annotations.store import default_annotator

            # decisions from now on carry the new name, or the OS user's once it is cleared
            name = str(self.settings.value("annotator/name", "") or "") or default_annotator()
            self.ops.store(lambda s: setattr(s, "annotator", name))

    def _default_factory(self, model: str | None) -> DetectorFactory:
        from desktop.engine import default_detector_factory

        return default_detector_factory(model, self.db_path)

    # -- projects -----------------------------------------------------------------------------

    def show_project(self, db_path: Path | None) -> None:
        """Name the open project in the title and the status bar, and list it as recent."""
        self.db_path = db_path
        name = db_path.name if db_path is not None else "in memory"
        self.setWindowTitle(f"{name} — Redact Studio")
        self.db_label.setText(name)
        self.db_label.setToolTip(f"Annotation database: {db_path or ':memory:'}")
        self.db_label.show()
        if db_path is not None:
            remember_project(self.settings, db_path)

    def choose_project(self, *, new: bool = False) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.db_path.parent) if self.db_path is not None else ""
        pattern = "Redact Studio projects (*.db);;All files (*)"
        if new:
            path, _ = QFileDialog.getSaveFileName(self, "New project", start, pattern)
            if path and not path.lower().endswith(".db"):
                path += ".db"
        else:
            path, _ = QFileDialog.getOpenFileName(self, "Open project", start, pattern)
        if path:
            self.switch_project(Path(path))

    def switch_project(self, db_path: Path) -> None:
        """Close this project and open ``db_path`` (created if new) in the same window. If it
        cannot be opened, the current one stays open and a dialog says why."""
        if self.import_status.running:
            self.statusBar().showMessage("Wait for the import to finish, or cancel it", 5000)
            return
        labels, settings = self.labels, self.settings

        def opened(_store: object) -> None:
            self.undo_stack.clear()
            self.review.reset()
            self.show_project(db_path)
            self.reload_engine()  # the models switched on for that project
            self.start()
            self.statusBar().showMessage(f"Opened {db_path}", 5000)

        def failed(exc: BaseException) -> None:
            show_error(self, "The project cannot be opened", exc)

        self.ops.open_store(lambda: open_project_store(db_path, settings, labels), opened, failed)

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        current = self.db_path.resolve() if self.db_path is not None else None
        recent = [p for p in recent_projects(self.settings) if p.resolve() != current]
        for path in recent:
            action = menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.switch_project(p))
        if not recent:
            menu.addAction("No other recent projects").setEnabled(False)

    def reload_engine(self) -> None:
        """Rebuild the detection engine in the background with the chosen spaCy model and the
        trained models enabled for the user and this project."""
        model = str(self.settings.value("detection/model", "") or "") or None
        self.engine.load(self.detector_factory_for(model))

    def show_shortcuts(self) -> None:
        from desktop.dialogs.shortcuts import ShortcutsDialog

        self._shortcuts = ShortcutsDialog(self.labels, self.settings, self)
        self._shortcuts.open()

    def restore_state(self) -> None:
        restore_window_state(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        save_window_state(self)
        self.cancel_import()
        self.model_menu.stop()
        self.retraining.cancel()
        from desktop.dialogs.export import ExportDialog

        for export in self.findChildren(ExportDialog):
            export.stop()  # an export still running in its process
        self.review.stop()
        self.preview_updates.close()
        super().closeEvent(event)

    def start(self) -> None:
        """Show the first unfinished document once the store answers (call after show())."""
        QTimer.singleShot(
            0, lambda: self.review.refresh_documents(self.review.open_first_unfinished)
        )
