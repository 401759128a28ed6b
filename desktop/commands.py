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

#: called on the GUI thread after a revert/reapply finished: (document id, change)
AfterChange = Callable[[int | None, Any], None]


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
        self._ops.store(lambda s: [s.reapply(c) for c in self.changes], lambda _: self._done())

    def undo(self) -> None:
        self._applied = False
        self._ops.store(
            lambda s: [s.revert(c) for c in reversed(self.changes)], lambda _: self._done()
        )

    def _done(self) -> None:
        self._after(self.doc_id, self.changes)
