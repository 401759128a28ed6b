"""Which project database the app works on: opening one, and the recent ones (QSettings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from redaction.labels import LabelSet

RECENT_KEY = "projects/recent"
RECENT_MAX = 8


def open_project_store(db: str | Path, settings: QSettings, labels: LabelSet) -> Any:
    """The project's store (created if missing), with the annotator from the preferences. Runs
    on the store thread; a failure names the database and why."""
    return app_project(db, settings, labels).open_store()


def app_project(db: str | Path | None, settings: QSettings, labels: LabelSet) -> Any:
    """The project ``db`` as the app works on it: its labels and the annotator named in the
    preferences."""
    from annotations.project import Project

    return Project.at(db, labels=labels, annotator=project_annotator(settings))


def project_annotator(settings: QSettings) -> str | None:
    """The annotator named in the preferences (None: the login name)."""
    return str(settings.value("annotator/name", "") or "") or None


def recent_projects(settings: QSettings) -> list[Path]:
    """The projects opened last, newest first, those that still exist."""
    value = settings.value(RECENT_KEY, []) or []
    # one entry reads back as a str from an INI file
    paths: list[str] = [value] if isinstance(value, str) else [str(v) for v in value]  # type: ignore[attr-defined]
    return [Path(p) for p in paths if p and Path(p).is_file()]


def remember_project(settings: QSettings, path: Path) -> None:
    path = path.resolve()
    others = [str(p) for p in recent_projects(settings) if p.resolve() != path]
    settings.setValue(RECENT_KEY, [str(path), *others][:RECENT_MAX])
    settings.sync()
