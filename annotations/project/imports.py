"""Importing documents into a project: load, detect, store, for the CLI and the app alike.

Files are loaded lazily for the detector (so ``jobs`` worker processes get a continuous stream)
with the size limit and text encoding of the options; a file already stored (same bytes) is not
detected again. Each document is stored as soon as its spans come back, in its own transaction
but in the run's one change (one undo for the whole import), so an interrupted import keeps
everything before the file in flight. Bad files become one-line problems and the import goes on.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from annotations.errors import StoreError
from annotations.learned import Learned
from annotations.records import ChangeRun, DocumentRecord
from redaction.documents import iter_document_paths, load_document
from redaction.documents.loading import DEFAULT_MAX_BYTES
from redaction.errors import RedactError
from redaction.progress import ProgressCallback, no_progress

T = TypeVar("T")


class StoreCall(Protocol):
    """Runs ``fn(store)`` where the store lives and returns its result (the CLI calls it
    directly; the app sends it to its store thread)."""

    def __call__(self, fn: Callable[[Any], T], /) -> T: ...


@dataclass(frozen=True)
class ImportOptions:
    #: Detector processes (this one plus ``jobs - 1`` workers).
    jobs: int = 1
    #: Only these detector entities (None: the settings' list).
    entities: Sequence[str] | None = None
    #: Minimum detector score (None: the settings').
    threshold: float | None = None
    #: Larger files are refused with a one-line problem.
    max_bytes: int = DEFAULT_MAX_BYTES
    #: The text encoding of TXT/MD files (None: recognised per file).
    encoding: str | None = None
    #: Apply what the project learned from its decisions (``annotations.learned``).
    learn: bool = True


@dataclass
class ImportReport:
    total: int = 0
    #: New documents and new versions, as stored.
    added: list[DocumentRecord] = field(default_factory=list)
    #: Files whose content was stored already.
    unchanged: list[DocumentRecord] = field(default_factory=list)
    versions: int = 0
    suggestions: int = 0
    #: One line each: "<file>: <problem>".
    failed: list[str] = field(default_factory=list)
    #: One line each: "<file>: <warning>" (a scanned page, an uncertain text encoding...).
    warnings: list[str] = field(default_factory=list)
    #: Detector labels with no label of the project (their suggestions were not stored).
    skipped_labels: set[str] = field(default_factory=set)
    cancelled: bool = False
    #: The change the import made (one undo takes it back).
    change: ChangeRun = field(default_factory=lambda: ChangeRun("import"))

    @property
    def new(self) -> int:
        return len(self.added) - self.versions


def import_documents(
    paths: Iterable[str | Path],
    *,
    call: StoreCall,
    detector: Callable[[], Any],
    options: ImportOptions = ImportOptions(),  # noqa: B008 - frozen
    progress: ProgressCallback = no_progress,
    cancel: threading.Event | None = None,
    notify: Callable[[str, str], None] | None = None,
) -> ImportReport:
    """Import every document under ``paths``. ``detector()`` gives the detector (built only
    if something needs detecting; None: store the documents without suggestions).
    ``notify(kind, line)`` hears each problem ("error") and warning as it happens."""
    run = _Run(paths, call, options, progress, cancel, notify)
    try:
        run.go(detector)
    finally:
        progress(run.done, run.report.total, "")
    return run.report


class _Run:
    def __init__(
        self,
        paths: Iterable[str | Path],
        call: StoreCall,
        options: ImportOptions,
        progress: ProgressCallback,
        cancel: threading.Event | None,
        notify: Callable[[str, str], None] | None,
    ) -> None:
        self.files = list(iter_document_paths(paths))
        self.call, self.options, self.progress = call, options, progress
        self.cancel, self.notify = cancel, notify or (lambda kind, line: None)
        self.report = ImportReport(total=len(self.files))
        self.pending: deque[Any] = deque()  # loaded documents waiting for their spans
        self.done = 0
        self.labels = call(lambda store: store.labels)
        self.learned = call(Learned.from_store) if options.learn else None

    def go(self, detector: Callable[[], Any]) -> None:
        texts = self.texts()
        first = next(texts, None)  # build the detector only if something needs detecting
        if first is None:
            return
        engine = detector()
        stream = _chain(first, texts)
        if engine is None:
            for _ in stream:
                self.store([])
            return
        kwargs: dict[str, Any] = {"entities": self.options.entities, "jobs": self.options.jobs}
        if self.options.threshold is not None:
            kwargs["threshold"] = self.options.threshold
        for spans in engine.detect_batch(stream, **kwargs):
            self.store(spans)

    def texts(self) -> Iterator[str]:
        """Texts of the documents to detect; bad and already stored files are dealt with here."""
        for path in self.files:
            if self.cancel is not None and self.cancel.is_set():
                self.report.cancelled = True
                return
            try:
                document = load_document(
                    path, max_bytes=self.options.max_bytes, encoding=self.options.encoding
                )
            except (RedactError, OSError) as exc:
                self.problem(
                    f"{path}: {exc.strerror or exc}" if isinstance(exc, OSError) else str(exc)
                )
                self.step(path)
                continue
            for warning in document.warnings:
                line = warning if warning.startswith(f"{path}:") else f"{path}: {warning}"
                self.report.warnings.append(line)
                self.notify("warning", line)
            sha = document.sha256
            stored = self.call(lambda store: store.find_document(sha))  # noqa: B023 - called now
            if stored is not None:
                self.report.unchanged.append(stored)
                self.step(path)
                continue
            self.pending.append(document)
            yield document.text

    def store(self, spans: Sequence[Any]) -> None:
        document = self.pending.popleft()
        labels = self.labels
        if self.learned is not None:
            spans = self.learned.apply(document.text, spans, labels.canonical)
        known = [s for s in spans if labels.canonical(s.label) in labels]
        self.report.skipped_labels.update(
            s.label for s in spans if labels.canonical(s.label) not in labels
        )
        run = self.report.change
        try:
            record, change = self.call(lambda store: store.add_document(document, known, run=run))
        except StoreError as exc:
            where = self.call(lambda store: store.where)
            if exc.path == where:
                raise  # the database itself failed: stop
            self.problem(str(exc))
        else:
            if change:
                self.report.added.append(record)
                self.report.versions += record.version > 1
                self.report.suggestions += len(known)
            else:
                self.report.unchanged.append(record)
        self.step(Path(document.path))

    def problem(self, line: str) -> None:
        self.report.failed.append(line)
        self.notify("error", line)

    def step(self, path: Path) -> None:
        self.done += 1
        self.progress(self.done, self.report.total, path.name)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
