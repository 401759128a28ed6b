"""The one helper that runs slow work off the GUI thread and calls back on it.

Two single-thread executors:

* the **store thread** owns the ``SpanStore`` (an sqlite connection belongs to the thread that
  opened it): every store operation runs there, in submission order, one transaction each;
* the **work thread** runs everything else that may take long: loading the detection engine,
  reading files, detection, export.

Callbacks (``on_success``/``on_error``) always run on the GUI thread, delivered through a queued
signal. Worker code receives plain objects and never touches a widget.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
Store = Any  # annotations.store.SpanStore; typed loosely so tests can pass fakes
OnSuccess = Callable[[Any], None] | None
OnError = Callable[[BaseException], None] | None


class Operations(QObject):
    """Background work with callbacks on the GUI thread."""

    #: every failure that had no ``on_error`` handler: the window shows it in a dialog
    failed = Signal(object)
    #: number of unfinished operations changed (``0`` means idle)
    pending_changed = Signal(int)
    _deliver = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store_pool = ThreadPoolExecutor(1, thread_name_prefix="redact-store")
        self._work_pool = ThreadPoolExecutor(1, thread_name_prefix="redact-work")
        self._store: Store | None = None
        self._pending = 0
        self._closed = False
        self._deliver.connect(self._on_deliver)

    # -- public API ---------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        return self._pending

    @property
    def has_store(self) -> bool:
        return self._store is not None

    def open_store(
        self, opener: Callable[[], Store], on_success: OnSuccess = None, on_error: OnError = None
    ) -> Future[Any]:
        """Open (or replace) the store on the store thread; the old one is closed there."""

        def job() -> Store:
            store = opener()
            old, self._store = self._store, store
            _close_quietly(old)
            return store

        return self._submit(self._store_pool, job, on_success, on_error)

    def store(
        self,
        fn: Callable[[Store], T],
        on_success: Callable[[T], None] | None = None,
        on_error: OnError = None,
    ) -> Future[T]:
        """Run ``fn(store)`` on the store thread; ``on_success(result)`` on the GUI thread."""

        def job() -> T:
            if self._store is None:
                raise RuntimeError("no database is open")
            return fn(self._store)

        return self._submit(self._store_pool, job, on_success, on_error)

    def run(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        on_error: OnError = None,
    ) -> Future[T]:
        """Run ``fn()`` on the work thread (model loading, file reading, detection, export)."""
        return self._submit(self._work_pool, fn, on_success, on_error)

    def call_store(self, fn: Callable[[Store], T]) -> T:
        """From the work thread: run ``fn(store)`` on the store thread and wait for its result."""
        if threading.current_thread() is threading.main_thread():
            raise RuntimeError("call_store would block the GUI thread")
        if self._store is None:
            raise RuntimeError("no database is open")
        store = self._store
        return self._store_pool.submit(fn, store).result()

    def progress(self, callback: Callable[[int, int | None, str], None]) -> Callable[..., None]:
        """Wrap a GUI progress callback so a worker can call it; it runs on the GUI thread."""

        def report(done: int, total: int | None, message: str = "") -> None:
            self._deliver.emit(lambda: callback(done, total, message), None)

        return report

    def wait(self, timeout: float = 30.0) -> None:
        """Block until both threads are idle (shutdown and tests only)."""
        if self._closed:
            return
        for pool in (self._work_pool, self._store_pool):
            pool.submit(lambda: None).result(timeout=timeout)

    def shutdown(self) -> None:
        """Finish queued work, close the store on its own thread, stop both threads."""
        if self._closed:
            return
        self._closed = True
        self._work_pool.shutdown(wait=True, cancel_futures=True)

        def close() -> None:
            _close_quietly(self._store)
            self._store = None

        self._store_pool.submit(close)
        self._store_pool.shutdown(wait=True)

    # -- internals ----------------------------------------------------------------------------

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        job: Callable[[], T],
        on_success: Callable[[T], None] | None,
        on_error: OnError,
    ) -> Future[T]:
        if self._closed:  # late timers after the window closed: nothing may run any more
            future: Future[T] = Future()
            future.cancel()
            return future
        self._set_pending(self._pending + 1)

        def wrapped() -> T:
            try:
                result = job()
            except BaseException as exc:  # delivered to the GUI thread, never lost
                error = exc
                self._deliver.emit(lambda: self._finish_error(error, on_error), None)
                raise
            self._deliver.emit(lambda: self._finish_ok(result, on_success), None)
            return result

        return pool.submit(wrapped)

    @Slot(object, object)
    def _on_deliver(self, call: Callable[[], None], _unused: object) -> None:
        call()

    def _finish_ok(self, result: Any, on_success: OnSuccess) -> None:
        self._set_pending(self._pending - 1)
        if on_success is not None:
            on_success(result)

    def _finish_error(self, exc: BaseException, on_error: OnError) -> None:
        self._set_pending(self._pending - 1)
        if on_error is not None:
            on_error(exc)
        else:
            log.warning("background operation failed: %s", exc, exc_info=exc)
            self.failed.emit(exc)

    def _set_pending(self, value: int) -> None:
        self._pending = value
        self.pending_changed.emit(value)


def _close_quietly(store: Store | None) -> None:
    close = getattr(store, "close", None)
    if callable(close):
        try:
            close()
        except Exception:  # closing must never mask the real work's result
            log.exception("closing the store failed")
