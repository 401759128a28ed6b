"""Keeps the anonymised preview current without ever planning it on the GUI thread.

Planning a large document (thousands of spans, every other occurrence propagated) takes
seconds of pure Python, and parts of it (regular expressions over the whole text) hold the
interpreter lock for long stretches: on a thread that would still stall the GUI. So documents
of ``PROCESS_THRESHOLD_CHARS`` or more are planned in a separate process (started on first
use, kept for later plans); smaller ones on the work thread, where they take milliseconds.

Requests coalesce: while one plan runs, later requests only replace the wanted snapshot, and a
single follow-up plan starts with the newest one when the running plan ends. A result is
delivered only if nothing was requested after it (it is still current).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from annotations.records import DocumentRecord, SpanRecord
from desktop.operations import Operations
from desktop.preview import PreviewResult, accepted_spans, build_preview
from desktop.preview_process import PlannerProcess
from redaction.labels import LabelSet

#: Documents at least this long are planned in the preview process.
PROCESS_THRESHOLD_CHARS = 100_000

_Wanted = tuple[int, int, str, tuple[SpanRecord, ...]]


class PreviewUpdater(QObject):
    ready = Signal(object)  # PreviewResult, still current
    failed = Signal(str)

    def __init__(self, ops: Operations, labels: LabelSet, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.labels = labels
        self._generation = 0
        self._wanted: _Wanted | None = None
        self._running = False
        self._running_doc: int | None = None
        self._abandoned = False
        self._closed = False
        self._process: PlannerProcess | None = None
        #: how many plans were started (tests and the benchmark check the coalescing)
        self.plans_started = 0

    @property
    def busy(self) -> bool:
        return self._running or self._wanted is not None

    def request(self, doc: DocumentRecord, spans: Sequence[SpanRecord]) -> None:
        """Plan the preview of ``doc`` with ``spans`` (a snapshot is taken now)."""
        if self._closed:
            return
        self._generation += 1
        self._wanted = (self._generation, doc.id, doc.text, tuple(spans))
        if self._running and self._running_doc != doc.id:
            self._abandon()  # another document: its old plan is not worth waiting for
        if not self._running:
            self._start()

    def cancel(self) -> None:
        """Nothing requested so far is wanted any more (the preview was hidden)."""
        self._generation += 1
        self._wanted = None
        self._abandon()

    def close(self) -> None:
        """The window is closing: drop what is wanted and stop the preview process."""
        self._closed = True
        self.cancel()
        if self._process is not None:
            self._process.close()
            self._process = None

    def _abandon(self) -> None:
        """Stop a plan running in the process (the work thread is free at once); the next
        large plan starts a fresh process."""
        if self._running and self._process is not None and self._process.busy:
            self._abandoned = True
            self._process.close()
            self._process = None

    def _start(self) -> None:
        if self._wanted is None or self._closed:
            return
        generation, doc_id, text, spans = self._wanted
        self._wanted = None
        self._running = True
        self._running_doc = doc_id
        self.plans_started += 1
        labels = self.labels
        process = self._planner() if len(text) >= PROCESS_THRESHOLD_CHARS else None

        def job() -> PreviewResult:
            accepted = accepted_spans(spans)
            if process is None:
                return build_preview(doc_id, generation, text, accepted, labels)
            return process.plan(doc_id, generation, text, accepted, labels)

        self.ops.run(job, self._finished, self._failed)

    def _planner(self) -> PlannerProcess:
        if self._process is None or not self._process.alive:
            self._process = PlannerProcess()
        return self._process

    def _finished(self, result: PreviewResult) -> None:
        self._running = False
        if result.generation == self._generation and not self._closed:
            self.ready.emit(result)
        self._start()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        abandoned, self._abandoned = self._abandoned, False
        if self._wanted is None and not self._closed and not abandoned:
            self.failed.emit(str(exc) or type(exc).__name__)
        self._start()
