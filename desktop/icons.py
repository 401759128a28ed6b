"""Icons drawn for the app (resources/icons/*.svg)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon


@cache
def icons_dir() -> Path:
    return Path(str(resources.files("resources").joinpath("icons")))


def icon(name: str) -> QIcon:
    return QIcon(str(icons_dir() / f"{name}.svg"))
