"""A project as both fronts see it: its database, its label set, the settings file beside the
database, the annotator writing to it, and the one recipe for its detector.

``redact … --db`` and the app build a ``Project`` and hand its store and detector to the use
cases of this package; neither front opens a store or assembles detection settings itself. A
``Project`` is a small frozen value that pickles, so a worker process (the app's export) gets
the same project, and ``project.detector`` is the recipe it builds the same detector from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redaction.labels import LabelSet, load_labels

if TYPE_CHECKING:
    from annotations.store import SpanStore
    from redaction.detection.settings import DetectionSettings


@dataclass(frozen=True)
class Project:
    #: The annotation database (None: one in memory, which only this process can open).
    db: Path | None = None
    labels: LabelSet = field(default_factory=load_labels)
    #: Who the decisions are recorded for (None: the login name).
    annotator: str | None = None
    #: A spaCy model name or directory instead of the packaged settings' one.
    model: str | None = None

    @classmethod
    def at(cls, db: str | Path | None, **kwargs: Any) -> Project:
        """The project whose database is ``db`` (":memory:" or None: in memory)."""
        path = None if db is None or str(db) == ":memory:" else Path(db)
        return cls(path, **kwargs)

    @property
    def settings_path(self) -> Path | None:
        """The project's own settings file (the models switched on for it), beside the database."""
        from annotations.model_settings import project_settings_path

        return project_settings_path(self.db) if self.db is not None else None

    def detection_settings(self) -> DetectionSettings:
        """The packaged detection settings, the models enabled for the user and for this
        project, and the chosen spaCy model: what every front detects with."""
        from annotations.model_settings import project_detection_settings

        return project_detection_settings(self.db, model=self.model)

    def detector(self) -> Any:
        """A new detector with this project's settings (loads spaCy: seconds)."""
        from redaction.detection import Detector

        return Detector(self.detection_settings())

    def open_store(self, *, readonly: bool = False) -> SpanStore:
        """The project's store, created (with its folder) if missing; ``readonly``: only read,
        which also works on read-only files. StoreError names the database and what is wrong."""
        import contextlib

        from annotations.store import SpanStore

        if self.db is None:
            return SpanStore.open(annotator=self.annotator, labels=self.labels)
        if readonly:
            return SpanStore.open_for_reading(self.db, annotator=self.annotator, labels=self.labels)
        with contextlib.suppress(OSError):  # if this fails, the store says why it cannot open
            self.db.parent.mkdir(parents=True, exist_ok=True)
        return SpanStore.open(self.db, annotator=self.annotator, labels=self.labels)
