"""Batch detection over worker processes, results in input order.

Workers are forked from this process once it has built its Detector, when that is safe (Linux,
one thread, no Qt loaded): they inherit the loaded model and recognizers copy-on-write and are
ready at once. Otherwise (a GUI with Qt threads, other platforms) they are spawned as fresh
interpreters that build their own Detector once (the pool's initializer), in parallel with this
process's own work; as with any spawned process, a script that uses ``jobs > 1`` then needs the
usual ``if __name__ == "__main__":`` guard. The calling process takes its share of the work too,
so ``jobs=2`` means this process plus one worker.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from redaction.errors import RedactError
from redaction.spans import Span

if TYPE_CHECKING:
    from redaction.detection.engine import Detector
    from redaction.detection.settings import DetectionSettings
    from redaction.documents import Document

T = TypeVar("T")
R = TypeVar("R")

#: Characters of text per unit of work (about a quarter of a second of detection): small
#: enough that the last chunks, which one process may wait for, are short.
CHUNK_CHARS = 20_000

StartMethod = Literal["fork", "spawn"]

_worker_detector: Detector | None = None
_worker_failure: str | None = None
#: The Detector a forked worker adopts; set only while the pool forks.
_fork_source: Detector | None = None


def _init_worker(settings: DetectionSettings) -> None:
    global _worker_detector, _worker_failure
    from redaction.detection.engine import Detector

    try:
        _worker_detector = Detector(settings)
    except (
        Exception
    ) as exc:  # reported with the first task: a failed initializer only says "broken"
        _worker_failure = str(exc) or type(exc).__name__


def _adopt_forked_detector() -> None:
    """Initializer of a forked worker: use the Detector inherited from the parent."""
    global _worker_detector, _worker_failure
    _worker_detector = _fork_source
    if _worker_detector is None:
        _worker_failure = "no detector was inherited from the parent process"
        return
    # The parent's pool is not this process's to manage.
    _worker_detector._pool = None


def _run_in_worker(task: Callable[[Detector, T], R], chunk: T) -> R:
    if _worker_detector is None:
        raise WorkerError(f"a worker process could not build its detector: {_worker_failure}")
    return task(_worker_detector, chunk)


def _worker_pid(*_: object) -> int:
    return os.getpid()


def fork_is_safe() -> bool:
    """Whether worker processes may be forked from this process.

    Forking copies only the calling thread: with other threads running (Qt's, a thread pool's)
    a lock one of them holds stays locked forever in the child. So: Linux (where fork is the
    native way to start a process), this process has a single Python thread, and Qt is not
    loaded (it starts threads of its own that Python does not see).
    """
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and "PySide6" not in sys.modules
    )


def choose_start_method(detector: Detector | None) -> StartMethod:
    """``fork`` when there is a built Detector to share and forking is safe, else ``spawn``."""
    return "fork" if detector is not None and fork_is_safe() else "spawn"


class WorkerPool:
    """Worker processes, each holding a Detector; reusable.

    With ``detector`` and ``start_method`` "fork" (the default when :func:`fork_is_safe`), the
    workers are forked at once and use a copy of ``detector``: no start-up cost. Otherwise they
    are spawned and each builds a Detector from ``settings`` (about two seconds of CPU).
    Idle workers keep their model loaded until :meth:`close` (a Detector closes its pool in
    :meth:`Detector.close`; the interpreter closes any left at exit).
    """

    def __init__(
        self,
        settings: DetectionSettings,
        workers: int,
        *,
        detector: Detector | None = None,
        start_method: StartMethod | None = None,
    ) -> None:
        self.settings = settings
        self.workers = max(1, workers)
        self.start_method: StartMethod = start_method or choose_start_method(detector)
        if self.start_method == "fork":
            if detector is None:
                raise ValueError("forked workers need the detector they inherit")
            self._executor = _forked_executor(detector, self.workers)
        else:
            # spawn: a fresh interpreter per worker. Starting one returns at once (the worker
            # imports spaCy and loads its model in parallel with this process's own work), and
            # nothing is inherited from a caller that may run Qt threads.
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context(self.start_method),
                initializer=_init_worker,
                initargs=(settings,),
            )
        self.closed = False

    def submit(self, task: Callable[[Detector, T], R], chunk: T) -> Future[R]:
        return self._executor.submit(_run_in_worker, task, chunk)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _forked_executor(detector: Detector, workers: int) -> ProcessPoolExecutor:
    """An executor whose ``workers`` processes are forked now and adopt ``detector``."""
    global _fork_source
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_adopt_forked_detector,
    )
    for stream in (sys.stdout, sys.stderr):  # or the children would write buffered text again
        with contextlib.suppress(Exception):
            stream.flush()
    _fork_source = detector
    # Objects that exist now are shared with the children copy-on-write; keep the children's
    # garbage collector from writing to (and so copying) every page that holds one of them.
    gc.freeze()
    try:
        # With fork, the first submit starts every worker, before the executor's own thread.
        executor.submit(_worker_pid)
    finally:
        gc.unfreeze()
        _fork_source = None
    return executor


def ordered_map(
    task: Callable[[Detector, T], R],
    chunks: Iterable[T],
    *,
    settings: DetectionSettings,
    jobs: int,
    local: Callable[[], Detector] | None = None,
    pool: WorkerPool | None = None,
) -> Iterator[R]:
    """``task(detector, chunk)`` for every chunk, in order, spread over ``jobs`` processes.

    ``task`` must be a module-level function (or a ``functools.partial`` of one): it is sent to
    the workers by reference. ``local`` gives this process's own Detector; it is called only
    when this process first takes a chunk, so a caller may build it lazily while the workers
    start. Without ``local`` every chunk goes to the workers. ``pool`` reuses running workers;
    without it a pool of ``jobs`` (or ``jobs - 1`` with ``local``) workers lives for this call.
    """
    iterator = iter(chunks)
    first = next(iterator, None)
    if first is None:
        return
    second = next(iterator, None)
    if second is None and local is not None:  # one chunk: not worth involving a worker
        yield task(local(), first)
        return
    pending = [first] if second is None else [first, second]
    own_pool = pool is None
    if pool is None:
        pool = WorkerPool(settings, jobs - 1 if local is not None else jobs)
    queue: deque[Future[R] | list[R]] = deque()

    def next_chunk() -> T | None:
        return pending.pop(0) if pending else next(iterator, None)

    try:
        exhausted = False
        while True:
            in_flight = sum(1 for item in queue if isinstance(item, Future) and not item.done())
            while not exhausted and in_flight < 2 * pool.workers:
                chunk = next_chunk()
                if chunk is None:
                    exhausted = True
                    break
                queue.append(pool.submit(task, chunk))
                in_flight += 1
            if not queue:
                break
            head = queue[0]
            if isinstance(head, list) or head.done() or local is None or exhausted:
                queue.popleft()
                yield head[0] if isinstance(head, list) else _result(head)
                continue
            # The workers are busy: this process takes the next chunk itself.
            chunk = next_chunk()
            if chunk is None:
                exhausted = True
                continue
            queue.append([task(local(), chunk)])
    finally:
        # Also when the caller stops early: drop the work still queued.
        for item in queue:
            if isinstance(item, Future):
                item.cancel()
        if own_pool:
            pool.close()


def _result(future: Future[R]) -> R:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise WorkerError(f"a worker process died ({exc})") from None


class WorkerError(RedactError):
    """A worker process failed (could not start, or was killed)."""


def text_chunks(texts: Iterable[str], chunk_chars: int = CHUNK_CHARS) -> Iterator[list[str]]:
    """Group texts into lists of about ``chunk_chars`` characters (at least one text each)."""
    chunk: list[str] = []
    size = 0
    for text in texts:
        chunk.append(text)
        size += len(text)
        if size >= chunk_chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _detect_texts(
    detector: Detector,
    texts: Sequence[str],
    *,
    entities: Collection[str] | None,
    threshold: float | None,
) -> list[list[Span]]:
    return detector.detect_many(texts, entities=entities, threshold=threshold)


def detect_in_workers(
    detector: Detector,
    texts: Iterable[str],
    *,
    entities: Collection[str] | None,
    threshold: float | None,
    jobs: int,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[list[Span]]:
    """What ``detector.detect_batch(texts, jobs=jobs)`` does with more than one job."""
    entity_list = None if entities is None else list(entities)
    task = partial(_detect_texts, entities=entity_list, threshold=threshold)
    several, chunks = _several(text_chunks(texts, chunk_chars))
    if not several:
        for chunk in chunks:
            yield from task(detector, chunk)
        return
    for spans_per_text in ordered_map(
        task,
        chunks,
        settings=detector.settings,
        jobs=jobs,
        local=lambda: detector,
        pool=detector.worker_pool(jobs),
    ):
        yield from spans_per_text


def _several(chunks: Iterator[T]) -> tuple[bool, Iterator[T]]:
    """Whether there is more than one unit of work (one is not worth starting a worker for),
    and the same units, all of them."""
    head = list(islice(chunks, 2))
    return len(head) > 1, chain(head, chunks)


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One document's outcome: its text and spans, or the one-line reason it failed."""

    path: Path
    text: str = ""
    spans: tuple[Span, ...] = ()
    error: str | None = None
    document: Document | None = None
    #: Non-fatal problems found while loading ("no text layer found (scanned PDF?)").
    warnings: tuple[str, ...] = ()


def _detect_documents(
    detector: Detector,
    paths: Sequence[Path],
    *,
    entities: Collection[str] | None,
    threshold: float | None,
    keep_documents: bool,
    max_bytes: int | None,
    encoding: str | None = None,
) -> list[DocumentResult]:
    from redaction.documents import load_document

    loaded: list[tuple[Path, Document]] = []
    results: dict[Path, DocumentResult] = {}
    for path in paths:
        try:
            document = (
                load_document(path, encoding=encoding)
                if max_bytes is None
                else load_document(path, max_bytes=max_bytes, encoding=encoding)
            )
        except RedactError as exc:
            results[path] = DocumentResult(path, error=str(exc))
        except OSError as exc:
            results[path] = DocumentResult(path, error=f"{path}: {exc.strerror or exc}")
        else:
            loaded.append((path, document))
    spans = detector.detect_many(
        [document.text for _, document in loaded], entities=entities, threshold=threshold
    )
    for (path, document), found in zip(loaded, spans, strict=True):
        results[path] = DocumentResult(
            path,
            document.text,
            tuple(found),
            document=document if keep_documents else None,
            warnings=tuple(document.warnings),
        )
    return [results[path] for path in paths]


def path_chunks(paths: Iterable[Path], chunk_bytes: int = CHUNK_CHARS) -> Iterator[list[Path]]:
    """Group paths by file size (a stand-in for text length) into units of work."""
    chunk: list[Path] = []
    size = 0
    for path in paths:
        chunk.append(path)
        with contextlib.suppress(OSError):
            size += os.stat(path).st_size
        if size >= chunk_bytes or len(chunk) >= 64:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def detect_documents(
    paths: Iterable[str | Path],
    *,
    settings: DetectionSettings,
    detector: Detector | Callable[[], Detector] | None = None,
    entities: Collection[str] | None = None,
    threshold: float | None = None,
    jobs: int = 1,
    keep_documents: bool = False,
    max_bytes: int | None = None,
    chunk_bytes: int = CHUNK_CHARS,
    encoding: str | None = None,
) -> Generator[DocumentResult, None, None]:
    """Load and detect documents, in the order of ``paths``; a bad file becomes an error result.

    With ``jobs > 1`` the workers load the documents too, so reading, text extraction and
    detection overlap. ``detector`` is this process's Detector (its reusable pool is used), or
    a function building it, or None to build one from ``settings``; in those two cases the pool
    lives for this call: forked from the built Detector when :func:`fork_is_safe`, else
    spawned while this process builds its own.
    """
    built: list[Detector] = []

    def local() -> Detector:
        if not built:
            if detector is None:
                from redaction.detection.engine import Detector

                built.append(Detector(settings))
            elif callable(detector):
                built.append(detector())
            else:
                built.append(detector)
        return built[0]

    task = partial(
        _detect_documents,
        entities=None if entities is None else list(entities),
        threshold=threshold,
        keep_documents=keep_documents,
        max_bytes=max_bytes,
        encoding=encoding,
    )
    several, chunks = _several(path_chunks((Path(p) for p in paths), chunk_bytes))
    if jobs <= 1 or not several:
        for chunk in chunks:
            yield from task(local(), chunk)
        return
    own_pool: WorkerPool | None = None
    if detector is not None and not callable(detector):
        pool: WorkerPool | None = detector.worker_pool(jobs)
    elif fork_is_safe():
        # Build this process's Detector first and fork the workers from it (no start-up);
        # when they must be spawned instead, it is built while they start.
        pool = own_pool = WorkerPool(settings, jobs - 1, detector=local())
    else:
        pool = None
    try:
        for results in ordered_map(
            task, chunks, settings=settings, jobs=jobs, local=local, pool=pool
        ):
            yield from results
    finally:
        if own_pool is not None:
            own_pool.close()
