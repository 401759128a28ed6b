"""The detection engine, loaded once in the background while the window is already usable."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from desktop.operations import Operations

DetectorFactory = Callable[[], Any]


def detection_settings_for(model: str | None = None, db_path: Path | None = None) -> Any:
    """The Detector settings the app runs with: the packaged ones, the trained models enabled for
    the user and for the project (its settings file beside the database ``db_path``), and the
    spaCy model chosen in the preferences."""
    from annotations.model_settings import project_detection_settings

    return project_detection_settings(db_path, model=model)


@dataclass(frozen=True)
class ProjectDetectorFactory:
    """Builds the real detector (spaCy + Presidio + enabled trained models). A recipe, not a
    closure: the export's own process receives it pickled and builds the same detector."""

    model: str | None = None
    db_path: Path | None = None

    def __call__(self) -> Any:
        from redaction.detection import Detector

        return Detector(detection_settings_for(self.model, self.db_path))


def default_detector_factory(
    model: str | None = None, db_path: Path | None = None
) -> DetectorFactory:
    """Build the real detector; the settings are read when the engine loads, on the work
    thread."""
    return ProjectDetectorFactory(model, db_path)


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
