"""The detection engine, loaded once in the background while the window is already usable."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from desktop.operations import Operations

DetectorFactory = Callable[[], Any]


def default_detector_factory(
    model: str | None = None, db_path: Path | None = None
) -> DetectorFactory:
    """The real detector's recipe (spaCy + Presidio + the trained models enabled for the user
    and the project): the project's own, which pickles, so the export's process builds the
    same detector. The settings are read when the engine loads, on the work thread."""
    from annotations.project import Project

    return Project.at(db_path, model=model).detector


def detection_threshold(settings: QSettings) -> float | None:
    """The score threshold chosen in the preferences (None: the detection settings' own)."""
    value = settings.value("detection/threshold", None)
    return float(str(value)) if value not in (None, "") else None


#: QSettings key of the text encoding forced for TXT/MD files ("" or missing: recognised).
ENCODING_SETTING = "documents/encoding"


def text_encoding(settings: QSettings) -> str | None:
    """The text encoding chosen in the preferences (None: recognised per file)."""
    return str(settings.value(ENCODING_SETTING, "") or "") or None


class Engine(QObject):
    """Holds the detector; its state ("loading", "ready", "failed: …") is shown in the status bar."""

    state_changed = Signal(str)

    def __init__(self, ops: Operations, factory: DetectorFactory) -> None:
        super().__init__()
        self._ops = ops
        self._factory = factory
        self._detector: Any = None
        self._loaded = threading.Event()
        self.state = "not loaded"
        self.error: str | None = None

    def load(self, factory: DetectorFactory | None = None) -> None:
        """Load (or, with another ``factory``, reload) the engine in the background; imports
        started meanwhile wait for it."""
        if factory is not None:
            self._factory = factory
        self._loaded.clear()
        self._set_state("loading")
        self._ops.run(self._load, lambda _: self._set_state("ready"), self._failed)

    def _load(self) -> Any:
        try:
            self._detector = self._factory()
        finally:
            self._loaded.set()
        return self._detector

    def _failed(self, exc: BaseException) -> None:
        self.error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        self._set_state(f"failed: {self.error}")

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    @property
    def factory(self) -> DetectorFactory:
        """The recipe of the detector loaded (or loading): picklable for the real one."""
        return self._factory

    def detector(self, timeout: float | None = None) -> Any:
        """From a worker thread: wait for the engine; None if it could not be loaded."""
        self._loaded.wait(timeout)
        return self._detector
