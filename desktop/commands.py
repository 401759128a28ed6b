"""Undo/redo: each QUndoCommand wraps the store ``Change``s of one user action and calls
``revert``/``reapply`` (usually one change; "accept all occurrences" may make two).

The change has already been applied when the command is pushed (decisions are written at once),
so the first ``redo()`` does nothing. The store work runs on the store thread through
``Operations``, in order, so undo after undo never overtakes itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from desktop.operations import Operations

#: called on the GUI thread after a revert/reapply finished: (document id, the span it changed
#: (the first, if several; None for none), "Undone: Accept “Ann Lee”")
AfterChange = Callable[[int | None, int | None, str], None]


class StoreChangeCommand(QUndoCommand):
    def __init__(
        self,
        ops: Operations,
        changes: list[Any],
        text: str,
        doc_id: int | None,
        after: AfterChange,
    ) -> None:
        super().__init__(text)
        self._ops = ops
        self.changes = list(changes)
        self.doc_id = doc_id
        self._after = after
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # pushed after the store already made the change
            return
        self._applied = True

        def job(s: Any) -> int | None:
            for change in self.changes:
                s.reapply(change)
            return _first_span(s, self.changes)

        self._ops.store(job, lambda span_id: self._done(span_id, "Redone"))

    def undo(self) -> None:
        self._applied = False

        def job(s: Any) -> int | None:
            for change in reversed(self.changes):
                s.revert(change)
            return _first_span(s, self.changes)

        self._ops.store(job, lambda span_id: self._done(span_id, "Undone"))

    def _done(self, span_id: int | None, verb: str) -> None:
        self._after(self.doc_id, span_id, f"{verb}: {self.text()}")


def _first_span(store: Any, changes: list[Any]) -> int | None:
    """The first span the changes touched that still exists (to show it)."""
    for change in changes:
        for span_id in store.change_span_ids(change):
            if store.has_span(span_id):
                return int(span_id)
    return None
