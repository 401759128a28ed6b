"""History, undo and redo for ``SpanStore``: reading, reverting and reapplying changes.

Kept apart from ``annotations.store`` to keep it small; the history itself (recording,
replaying, conflict checks) lives in ``annotations.events``.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from annotations import events
from annotations.errors import StoreError
from annotations.events import ChangeWriter
from annotations.records import Change, Event


class UndoMixin:
    """The undo half of ``SpanStore`` (which provides ``_read``, ``_write`` and ``_error``)."""

    if TYPE_CHECKING:  # declared for the type checker; SpanStore defines them

        def _read(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _write(self, action: str, **kwargs: Any) -> AbstractContextManager[ChangeWriter]: ...

        def _error(self, reason: str) -> StoreError: ...

    def revert(self, change: Change, *, force: bool = False) -> Change:
        """Undo ``change``: every row it touched goes back to its state before it.

        StoreError (and no change) if a later change touched the same rows, naming it (who,
        what): undo that one first, or ``force`` to overwrite it."""
        return self._replay(change, undo=True, force=force)

    def reapply(self, change: Change, *, force: bool = False) -> Change:
        """Redo ``change`` after a revert: every row goes back to its state after it (the same
        conflict check as ``revert``)."""
        return self._replay(change, undo=False, force=force)

    def last_change(self, annotator: str | None = None) -> Change | None:
        """The newest change not yet undone (by ``annotator``, if given): what ``undo_last``
        would revert."""
        with self._read() as conn:
            change_id = events.last_undoable(conn, annotator)
            return events.change_record(conn, change_id) if change_id is not None else None

    def undo_last(self, annotator: str | None = None) -> Change | None:
        """Revert the newest change not yet undone (by ``annotator``, if given; the CLI's
        ``redact undo``); None if there is none."""
        change = self.last_change(annotator)
        return self.revert(change) if change is not None else None

    def change_summary(self, change: Change) -> events.ChangeSummary:
        """Who did what, when, and how many spans and documents a change touched."""
        if change.id is None:
            return events.ChangeSummary(None, change.action, None, "", 0, 0)
        with self._read() as conn:
            return events.change_summary(conn, change.id)

    def _replay(self, change: Change, *, undo: bool, force: bool) -> Change:
        if change.id is None:
            return Change.empty("undo" if undo else "redo")
        with self._read() as conn:
            if events.change_record(conn, change.id) is None:
                raise self._error(f"no change with id {change.id}")
        kwargs = {"undoes": change.id} if undo else {"redoes": change.id}
        try:
            with self._write("undo" if undo else "redo", **kwargs) as w:
                events.replay(w, change.id, undo=undo, force=force)
        except events.ReplayConflict as exc:
            verb = "undo" if undo else "redo"
            raise self._error(f"cannot {verb} {exc}") from None
        return w.result()

    def change_span_ids(self, change: Change) -> list[int]:
        """The spans a change touched, in the order it touched them."""
        if change.id is None:
            return []
        with self._read() as conn:
            found: dict[int, None] = {}
            for event in events.change_events(conn, change.id):
                if event.span_id is not None:
                    found[event.span_id] = None
                for rows in (event.before, event.after):
                    if isinstance(rows, list):  # spans created or deleted together
                        found.update((int(row["id"]), None) for row in rows)
            return list(found)

    def history(self, span_id: int) -> list[Event]:
        """Every event that touched the span, oldest first (including its bulk creation)."""
        with self._read() as conn:
            rows = conn.execute(
                f"{events.EVENT_SELECT} WHERE span_id = ? OR (target = 'spans' AND "
                "document_id IN (SELECT document_id FROM events WHERE span_id = ? "
                "UNION SELECT document_id FROM spans WHERE id = ?) AND EXISTS (SELECT 1 FROM "
                "json_each(coalesce(after, before), '$.rows') WHERE json_extract(value, '$[0]') = ?)) "
                "ORDER BY id",
                (span_id, span_id, span_id, span_id),
            ).fetchall()
        return events.events_of(rows)
