"""Marking a document done, and what becomes of the suggestions nobody decided on.

Exports leave undecided suggestions out, so a document marked done with some still open would
lose them without a word. Both fronts ask, or apply the choice the user made once:
``"reject"`` or ``"accept"`` them with the mark (one change, one undo), ``"keep"`` them open,
or ``"ask"``: nothing is changed and the count is returned for the front to ask about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: What to do with a document's undecided suggestions when it is marked done.
OPEN_SUGGESTION_CHOICES = ("ask", "reject", "accept", "keep")


@dataclass(frozen=True)
class Finished:
    #: The store change that marked the document done; None when the front must ask first.
    change: Any
    #: Undecided suggestions the document had when it was to be marked done.
    open_suggestions: int
    #: What became of them: "rejected", "accepted", "kept", or "" (none, or not done: ask).
    decided: str

    @property
    def needs_answer(self) -> bool:
        return self.change is None


def finish_document(store: Any, doc_id: int, open_suggestions: str = "ask") -> Finished:
    """Mark ``doc_id`` done, deciding its open suggestions as ``open_suggestions`` says."""
    if open_suggestions not in OPEN_SUGGESTION_CHOICES:
        raise ValueError(f"unknown choice for open suggestions: {open_suggestions!r}")
    count = store.document(doc_id).suggested
    if not count:
        return Finished(store.set_status(doc_id, "done"), 0, "")
    if open_suggestions == "ask":
        return Finished(None, count, "")
    if open_suggestions == "reject":
        return Finished(store.reject_all(doc_id, mark_done=True), count, "rejected")
    if open_suggestions == "accept":
        return Finished(store.accept_all(doc_id, mark_done=True), count, "accepted")
    return Finished(store.set_status(doc_id, "done"), count, "kept")


def open_suggestions_in_done(store: Any) -> tuple[int, int]:
    """(documents, suggestions): the undecided suggestions in documents marked done, which
    exports leave out."""
    docs = [d for d in store.documents(status=["done"]) if d.suggested]
    return len(docs), sum(d.suggested for d in docs)
