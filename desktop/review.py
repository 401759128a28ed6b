"""What the review keys do: one store call each, through the store thread, then a refresh.

The controller keeps the open document, its spans and the current span; widgets listen to its
signals. Offsets here are code points (store offsets); the views convert to UTF-16.

Opening a document is asynchronous, and keys keep coming meanwhile: the document being opened
is the *target*. Navigation (N, P, D) chains from the target, and span decisions typed while it
loads are queued and applied, in order, to the new document once it is shown; they never land
on the document the user has left.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from annotations.records import DocumentRecord, SpanRecord
from desktop.commands import StoreChangeCommand
from desktop.operations import Operations

Store = Any
#: How long the current span must stay selected before its history is loaded.
HISTORY_DELAY_MS = 250


class ReviewController(QObject):
    documents_loaded = Signal(list)  # [DocumentRecord] (without text)
    document_updated = Signal(object)  # DocumentRecord with fresh counts/status
    document_opened = Signal(object, list, object)  # DocumentRecord (with text), spans, view
    spans_reloaded = Signal(list, object)  # [SpanRecord] of the open document, view
    span_updated = Signal(object)  # SpanRecord
    current_changed = Signal(object)  # SpanRecord | None
    history_loaded = Signal(object, list)  # the current span's id (or None), its [Event]
    message = Signal(str)
    all_done = Signal()
    #: A document to be marked done still has undecided suggestions and the choice is "ask":
    #: (DocumentRecord, count). Nothing was changed; answer with ``finish(doc_id, choice)``.
    done_needs_answer = Signal(object, int)

    def __init__(self, ops: Operations, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.ops = ops
        self.undo_stack = undo_stack
        self.documents: list[DocumentRecord] = []
        self.document: DocumentRecord | None = None
        self.spans: list[SpanRecord] = []
        self._keys: list[tuple[int, int, int]] = []
        self._index: dict[int, int] = {}
        self._counts: dict[str, int] = {}
        self.current: SpanRecord | None = None
        self.status_filter: str | None = None
        self.search: str | None = None
        #: ``prepare(document, spans) -> view``: runs on the store thread with every fresh span
        #: list; the window builds its span index there instead of on the GUI thread.
        self.prepare: Prepare | None = None
        #: What D does with undecided suggestions (``annotations.finishing``): the window
        #: sets it from the preferences.
        self.open_suggestions = "ask"
        self._target: int | None = None  # the document being opened, if any
        self._open_seq = 0
        self._queued: list[Callable[[], None]] = []
        self._history_timer = QTimer(self, singleShot=True, interval=HISTORY_DELAY_MS)
        self._history_timer.timeout.connect(self._load_history)

    def reset(self) -> None:
        """Another project was opened: forget this one's documents, spans and keys."""
        self._open_seq += 1  # a document still opening belongs to the old project
        self._target = None
        self._queued = []
        self.documents, self.document = [], None
        self._set_spans(LoadedSpans.build(None, [], None))
        self.documents_loaded.emit([])
        self.set_current(None)

    # -- documents ----------------------------------------------------------------------------

    def refresh_documents(self, then: Callable[[], None] | None = None) -> None:
        status, search = self.status_filter, self.search

        def loaded(docs: list[DocumentRecord]) -> None:
            self.documents = docs
            self.documents_loaded.emit(docs)
            if then is not None:
                then()

        self.ops.store(lambda s: s.documents(status=status, search=search or None), loaded)

    @property
    def loading(self) -> bool:
        """A document is being opened: the one shown is on its way out."""
        return self._target is not None

    def open_document(self, doc_id: int, *, select_span: int | None = None) -> None:
        prepare = self.prepare
        self._open_seq += 1
        seq = self._open_seq
        self._target = doc_id

        def job(s: Store) -> tuple[DocumentRecord, LoadedSpans]:
            doc = s.document(doc_id)
            return doc, LoadedSpans.build(doc, s.spans(doc_id), prepare)

        def loaded(result: tuple[DocumentRecord, LoadedSpans]) -> None:
            if seq != self._open_seq:
                return  # another document was asked for meanwhile
            self._target = None
            self.document, spans = result
            self._set_spans(spans)
            self.document_opened.emit(self.document, self.spans, spans.view)
            first = next((s for s in self.spans if s.status == "suggested"), None)
            chosen = next((s for s in self.spans if s.id == select_span), first)
            self.set_current(chosen or (self.spans[0] if self.spans else None))
            queued, self._queued = self._queued, []
            for action in queued:  # keys typed while it loaded, in order
                action()

        def failed(exc: BaseException) -> None:
            if seq == self._open_seq:
                self._target = None
                if self._queued:
                    self.message.emit(
                        f"{len(self._queued)} key(s) dropped: the document did not open"
                    )
                self._queued = []
            self.ops.failed.emit(exc)

        self.ops.store(job, loaded, failed)

    def _active_id(self) -> int | None:
        """The document keys act on: the one being opened, else the one shown."""
        if self._target is not None:
            return self._target
        return self.document.id if self.document is not None else None

    def _defer(self, action: Callable[[], None]) -> bool:
        """While a document opens, keep a span key for it; True if it was kept."""
        if self._target is None:
            return False
        self._queued.append(action)
        return True

    def open_first_unfinished(self) -> None:
        doc = next((d for d in self.documents if d.status not in ("done", "skipped")), None)
        doc = doc or (self.documents[0] if self.documents else None)
        if doc is not None:
            self.open_document(doc.id)

    def next_document(self, step: int = 1) -> None:
        if not self.documents:
            return
        ids = [d.id for d in self.documents]
        active = self._active_id()
        here = ids.index(active) if active in ids else -1
        target = here + step
        if 0 <= target < len(ids):
            self.open_document(ids[target])
        else:
            self.message.emit("No more documents" if step > 0 else "This is the first document")

    def mark_done(self) -> None:
        """Mark the document done (the one being opened, if any) and open the next one at once,
        so a second D marks that next one. Its undecided suggestions are decided as
        ``open_suggestions`` says; with "ask", ``done_needs_answer`` is emitted instead."""
        self._leave(
            lambda doc_id, then_next: self.finish(
                doc_id, self.open_suggestions, then_next=then_next
            )
        )

    def skip_document(self) -> None:
        """Mark the document skipped (left out of exports and of "next unfinished") and open
        the next one; its suggestions stay as they are."""
        self._leave(self._skip)

    def _leave(self, act: Callable[[int, bool], None]) -> None:
        """``act(doc_id, then_next)`` on the document keys act on, and open the next one not
        finished at once (``then_next``: there is one)."""
        doc_id = self._active_id()
        if doc_id is None:
            return
        nxt = _next_unfinished(self.documents, doc_id)
        act(doc_id, nxt is not None)
        if nxt is not None:
            self.open_document(nxt.id)

    def finish(self, doc_id: int, open_suggestions: str, *, then_next: bool = True) -> None:
        """Mark ``doc_id`` done, deciding its undecided suggestions as ``open_suggestions``
        says ("ask", "reject", "accept", "keep")."""
        from annotations.finishing import finish_document

        record = self._record(doc_id)
        self._show_status(doc_id, "done")

        def finished(result: Any) -> None:
            if result.needs_answer:
                self._show_status(doc_id, record.status if record is not None else "in_progress")
                self.refresh_documents()
                self.done_needs_answer.emit(record, result.open_suggestions)
                return
            what = f"{_name(record, doc_id)} done"
            if result.decided in ("rejected", "accepted"):
                what += f", {result.decided} {result.open_suggestions} open suggestion(s)"
                self.message.emit(what)
                if self._showing(doc_id):
                    self._reload_spans()  # the span statuses changed
            self._push(result.change, f"Mark {what}", doc_id)
            self.refresh_documents(self._every_document_done if not then_next else None)

        self.ops.store(
            lambda s: finish_document(s, doc_id, open_suggestions), finished, self._status_failed
        )

    def _skip(self, doc_id: int, then_next: bool) -> None:
        name = _name(self._record(doc_id), doc_id)
        self._show_status(doc_id, "skipped")

        def finished(change: Any) -> None:
            self._push(change, f"Skip {name}", doc_id)
            self.refresh_documents(self._every_document_done if not then_next else None)

        self.ops.store(lambda s: s.set_status(doc_id, "skipped"), finished, self._status_failed)

    def _record(self, doc_id: int) -> DocumentRecord | None:
        return next((d for d in self.documents if d.id == doc_id), self.document)

    def _status_failed(self, exc: BaseException) -> None:
        self.refresh_documents()  # the list shows the status the store really has
        self.ops.failed.emit(exc)

    def _show_status(self, doc_id: int, status: str) -> None:
        self.documents = [
            replace(d, status=status) if d.id == doc_id else d for d in self.documents
        ]
        if self.document is not None and self.document.id == doc_id:
            self.document = replace(self.document, status=status)

    def _every_document_done(self) -> None:
        if _next_unfinished(self.documents, -1) is None:
            self.all_done.emit()
            self.message.emit("Every document is done")

    # -- spans --------------------------------------------------------------------------------

    def set_current(self, span: SpanRecord | None) -> None:
        self.current = span
        self.current_changed.emit(span)
        # History is for reading, not for deciding: load it once the selection rests, so fast
        # key presses never queue history queries in front of decisions on the store thread.
        self._history_timer.start()

    def stop(self) -> None:
        """The window is closing: no more background requests."""
        self._history_timer.stop()

    def _load_history(self) -> None:
        span = self.current
        if span is None:
            self.history_loaded.emit(None, [])
            return
        span_id = span.id

        def loaded(events: list[Any]) -> None:
            if self.current is not None and self.current.id == span_id:
                self.history_loaded.emit(span_id, events)

        self.ops.store(lambda s: s.history(span_id), loaded)

    def select_span(self, span_id: int) -> None:
        if not self.loading:  # a click on the document being left means nothing now
            self.set_current(self.span_by_id(span_id))

    def step_span(self, step: int) -> None:
        if self._defer(lambda: self.step_span(step)):
            return
        if not self.spans:
            return
        if self.current is None:
            self.set_current(self.spans[0 if step > 0 else -1])
            return
        i = self._index.get(self.current.id, 0)
        self.set_current(self.spans[(i + step) % len(self.spans)])

    def accept(self) -> None:
        if not self._defer(self.accept):
            self._span_decision("Accept", lambda s, sid: s.accept(sid), advance=True)

    def reject(self) -> None:
        if not self._defer(self.reject):
            self._span_decision("Reject", lambda s, sid: s.reject(sid), advance=True)

    def relabel(self, label: str) -> None:
        if not self._defer(lambda: self.relabel(label)):
            self._span_decision(f"Label {label}", lambda s, sid: s.relabel(sid, label))

    def resize(self, span_id: int, start: int, end: int) -> None:
        if self.loading:
            self.message.emit("The next document is opening: resize ignored")
            return
        self.select_span(span_id)
        self._span_decision("Resize", lambda s, sid: s.resize(sid, start, end))

    def delete(self) -> None:
        if not self._defer(self.delete):
            self._bulk("Delete span", lambda s, doc, sid: s.delete_span(sid), need_span=True)

    def accept_occurrences(self) -> None:
        if not self._defer(self.accept_occurrences):
            self._bulk(
                "Accept all occurrences",
                lambda s, doc, sid: s.accept_occurrences(sid),
                need_span=True,
            )

    def accept_all(self) -> None:
        if not self._defer(self.accept_all):
            self._bulk("Accept all suggestions", lambda s, doc, sid: s.accept_all(doc_id=doc))

    def reject_all(self) -> None:
        if not self._defer(self.reject_all):
            self._bulk("Reject all suggestions", lambda s, doc, sid: s.reject_all(doc_id=doc))

    def create(self, start: int, end: int, label: str) -> None:
        """Label ``[start, end)`` of the open document. If a span covers exactly that range
        already, it is relabelled (and so accepted): never two spans on the same text."""
        doc = self.document
        if doc is None:
            return
        if self.loading:  # the selection was made in the document being left
            self.message.emit("The next document is opening: selection ignored")
            return
        same = [s for s in self.spans if s.start == start and s.end == end]
        if same:
            current = self.current
            self.set_current(current if current in same else same[0])
            self.relabel(label)
            return

        prepare = self.prepare

        def job(s: Store) -> tuple[Any, LoadedSpans, int | None]:
            result = s.create_span(doc.id, start, end, label)
            change, new_id = _change_and_id(result)
            return change, LoadedSpans.build(doc, s.spans(doc.id), prepare), new_id

        def done(result: tuple[Any, LoadedSpans, int | None]) -> None:
            change, spans, new_id = result
            self._push(change, f"Add {label}", doc.id)
            if self._showing(doc.id):
                self._spans_replaced(spans, select=new_id)

        self.ops.store(job, done)

    # -- internals ----------------------------------------------------------------------------

    def _showing(self, doc_id: int) -> bool:
        """A store result for ``doc_id`` may still update the views."""
        return self.document is not None and self.document.id == doc_id

    def span_by_id(self, span_id: int) -> SpanRecord | None:
        i = self._index.get(span_id)
        return self.spans[i] if i is not None else None

    def _set_spans(self, loaded: LoadedSpans) -> None:
        """Replace the open document's spans and the indexes kept over them."""
        self.spans, self._keys = loaded.spans, loaded.keys
        self._index, self._counts = loaded.index, loaded.counts

    def _span_decision(
        self, what: str, call: Callable[[Store, int], Any], *, advance: bool = False
    ) -> None:
        span, doc = self.current, self.document
        if span is None or doc is None:
            return
        sid = span.id

        def job(s: Store) -> tuple[Any, SpanRecord]:
            return call(s, sid), s.span(sid)

        def done(result: tuple[Any, SpanRecord]) -> None:
            change, record = result
            self._push(change, f"{what} “{record.text[:30]}”", doc.id)
            if not self._showing(doc.id):
                return
            self._span_changed(record)
            if advance and self.current is not None and self.current.id == sid:
                self.set_current(self._next_suggested(record) or record)

        self.ops.store(job, done)
        if advance:  # move on at once; the store result arrives within milliseconds
            nxt = self._next_suggested(span)
            if nxt is not None:
                self.set_current(nxt)

    def _bulk(
        self, what: str, call: Callable[[Store, int, int | None], Any], *, need_span: bool = False
    ) -> None:
        doc = self.document
        sid = self.current.id if self.current else None
        if doc is None or (need_span and sid is None):
            return

        prepare = self.prepare

        def job(s: Store) -> tuple[Any, LoadedSpans]:
            change = call(s, doc.id, sid)
            return change, LoadedSpans.build(doc, s.spans(doc.id), prepare)

        def done(result: tuple[Any, LoadedSpans]) -> None:
            change, spans = result
            self._push(change, what, doc.id)
            if self._showing(doc.id):
                self._spans_replaced(spans, select=sid)

        self.ops.store(job, done)

    def _next_suggested(self, after: SpanRecord) -> SpanRecord | None:
        i = bisect_right(self._keys, _order(after))
        n = len(self.spans)
        for k in range(n):
            span = self.spans[(i + k) % n]
            if span.status == "suggested" and span.id != after.id:
                return span
        return None

    def _span_changed(self, record: SpanRecord) -> None:
        i = self._index.get(record.id)
        if i is None or _order(self.spans[i]) != _order(record):
            others = [s for s in self.spans if s.id != record.id]
            self._set_spans(LoadedSpans.build(self.document, [*others, record], None))
        else:
            self._counts[self.spans[i].status] -= 1
            self._counts[record.status] = self._counts.get(record.status, 0) + 1
            self.spans[i] = record
        if self.current is not None and self.current.id == record.id:
            self.current = record
            self._history_timer.start()  # its history has a new event: reload it
        self.span_updated.emit(record)
        self._counts_changed()

    def _spans_replaced(self, spans: LoadedSpans, *, select: int | None = None) -> None:
        self._set_spans(spans)
        self.spans_reloaded.emit(self.spans, spans.view)
        keep = select if select is not None else (self.current.id if self.current else None)
        chosen = next((s for s in self.spans if s.id == keep), None)
        self.set_current(chosen or next((s for s in self.spans if s.status == "suggested"), None))
        self._counts_changed()

    def _counts_changed(self) -> None:
        if self.document is None:
            return
        counts = self._counts
        status = self.document.status
        if status == "new" and counts["suggested"] < len(self.spans):
            status = "in_progress"
        self.document = replace(
            self.document,
            suggested=counts["suggested"],
            accepted=counts["accepted"],
            rejected=counts["rejected"],
            status=status,
        )
        self.documents = [self.document if d.id == self.document.id else d for d in self.documents]
        self.document_updated.emit(self.document)

    def _push(self, change: Any, text: str, doc_id: int) -> None:
        changes = change if isinstance(change, list) else _changes(change)
        if changes:
            self.undo_stack.push(
                StoreChangeCommand(self.ops, changes, text, doc_id, self._after_undo_redo)
            )

    def _after_undo_redo(
        self, doc_id: int | None, span_id: int | None = None, what: str = ""
    ) -> None:
        """Show the store as an undo or redo left it: the document it touched, with the span
        it changed selected (else the current one), and say what was undone in words."""
        if what:
            self.message.emit(what)
        self.refresh_documents()
        if doc_id is not None and (self.document is None or self.document.id != doc_id):
            self.open_document(doc_id, select_span=span_id)
        else:
            self._reload_spans(span_id)

    def _reload_spans(self, select: int | None = None) -> None:
        """Read the open document's spans again, keeping ``select`` (else the current span)."""
        if self.document is None:
            return
        keep = select if select is not None else (self.current.id if self.current else None)
        doc, prepare = self.document, self.prepare
        self.ops.store(
            lambda s: LoadedSpans.build(doc, s.spans(doc.id), prepare),
            lambda spans: self._spans_replaced(spans, select=keep),
        )


_order = attrgetter("start", "end", "id")
Prepare = Callable[[DocumentRecord, list[SpanRecord]], Any]


@dataclass
class LoadedSpans:
    """A document's spans in order with the indexes the controller keeps, built off the GUI
    thread, plus what ``prepare`` made of them for the views."""

    spans: list[SpanRecord]
    keys: list[tuple[int, int, int]]
    index: dict[int, int]
    counts: dict[str, int]
    view: Any = None

    @classmethod
    def build(
        cls, doc: DocumentRecord | None, spans: list[SpanRecord], prepare: Prepare | None
    ) -> LoadedSpans:
        ordered = sorted(spans, key=_order)
        counts = {"suggested": 0, "accepted": 0, "rejected": 0}
        for span in ordered:
            counts[span.status] = counts.get(span.status, 0) + 1
        view = prepare(doc, ordered) if prepare is not None and doc is not None else None
        return cls(
            ordered,
            [_order(s) for s in ordered],
            {s.id: i for i, s in enumerate(ordered)},
            counts,
            view,
        )


def _name(record: DocumentRecord | None, doc_id: int) -> str:
    return record.path if record is not None else str(doc_id)


def _next_unfinished(docs: list[DocumentRecord], after_id: int) -> DocumentRecord | None:
    ids = [d.id for d in docs]
    i = ids.index(after_id) + 1 if after_id in ids else 0
    for doc in docs[i:] + docs[:i]:
        if doc.status not in ("done", "skipped") and doc.id != after_id:
            return doc
    return None


def _change_and_id(result: Any) -> tuple[Any, int | None]:
    """``create_span`` returns ``(SpanRecord|id, Change)`` or a ``Change``: accept both shapes."""
    if isinstance(result, tuple):
        first, second = result
        record, change = (first, second) if not hasattr(first, "event_ids") else (second, first)
        return change, getattr(record, "id", record)
    return result, None


def _changes(*changes: Any) -> list[Any]:
    """The non-empty changes one user action made (undone together, last first)."""
    return [c for c in changes if c]
