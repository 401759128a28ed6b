"""Error dialogs: one line per problem, never a traceback for a ``RedactError``.

Dialogs are opened with ``open()`` (window-modal, non-blocking) so background work keeps
running and tests can find and close them.
"""

from __future__ import annotations

import sqlite3
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from annotations.errors import DatabaseLockedError, StoreError, is_locked
from redaction.errors import RedactError


def describe(exc: BaseException) -> str:
    """The one-line message users see for an error."""
    if isinstance(exc, RedactError):
        return str(exc)
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def title_for(exc: BaseException) -> str:
    """A dialog title that says what failed, for errors from background work."""
    if isinstance(exc, DatabaseLockedError) or (isinstance(exc, sqlite3.Error) and is_locked(exc)):
        return "The database is locked"
    if isinstance(exc, StoreError | sqlite3.Error):
        return "The database could not be changed"
    if isinstance(exc, RedactError):
        return "That could not be done"
    return "Something went wrong"


def show_error(parent: QWidget | None, title: str, exc: BaseException | str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("ErrorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(title)
    box.setInformativeText(exc if isinstance(exc, str) else describe(exc))
    if isinstance(exc, BaseException) and not isinstance(exc, RedactError):
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def show_error_list(
    parent: QWidget | None,
    title: str,
    problems: list[str],
    count: int | None = None,
    *,
    note: str = "The others were imported.",
) -> QMessageBox:
    """One dialog listing every file that could not be handled (or that needs a look)."""
    box = QMessageBox(parent)
    box.setObjectName("ErrorListDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    n = count if count is not None else len(problems)
    box.setText(f"{title} ({n} file{'s' if n != 1 else ''}). {note}")
    shown = problems[:12]
    more = f"\n… and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
    box.setInformativeText("\n".join(shown) + more)
    box.setDetailedText("\n".join(problems))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box
