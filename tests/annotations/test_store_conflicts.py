"""Undo never silently overwrites a later change, and undo picks the annotator's own change."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.errors import StoreError
from annotations.store import SpanStore
from redaction.spans import Span

from .conftest import MakeDocument, snapshot

TEXT = "John Smith met Mary Jones in Leeds. John Smith again."
SPANS = [Span(0, 10, "PERSON", 0.9), Span(15, 25, "PERSON", 0.9)]


@pytest.fixture
def two(db_path: Path, make_document: MakeDocument):
    """alice and bob, each with their own store on the same database file."""
    alice = SpanStore.open(db_path, annotator="alice")
    alice.add_document(make_document(TEXT), SPANS)
    bob = SpanStore.open(db_path, annotator="bob")
    yield alice, bob
    alice.close()
    bob.close()


def test_reverting_a_change_someone_changed_later_is_refused_and_writes_nothing(two):
    alice, bob = two
    first = alice.spans()[0]
    change = alice.accept(first.id)
    bob.relabel(first.id, "ORGANIZATION")
    before = snapshot(alice)
    with pytest.raises(StoreError) as info:
        alice.revert(change)
    message = str(info.value)
    assert f"span {first.id}" in message and "bob" in message and "relabel" in message
    assert "\n" not in message
    assert snapshot(alice) == before  # bob's relabel is intact, no undo recorded
    span = alice.span(first.id)
    assert (span.label, span.status, span.annotator) == ("ORGANIZATION", "accepted", "bob")


def test_once_the_later_change_is_undone_the_earlier_one_reverts(two):
    alice, bob = two
    first = alice.spans()[0]
    change = alice.accept(first.id)
    later = bob.relabel(first.id, "ORGANIZATION")
    bob.revert(later)
    alice.revert(change)
    span = alice.span(first.id)
    assert (span.label, span.status) == ("PERSON", "suggested")


def test_force_overwrites_the_later_change(two):
    alice, bob = two
    first = alice.spans()[0]
    change = alice.accept(first.id)
    bob.relabel(first.id, "ORGANIZATION")
    alice.revert(change, force=True)
    span = alice.span(first.id)
    assert (span.status, span.annotator) == ("suggested", None)


def test_changes_to_other_spans_do_not_block_an_undo(two):
    alice, bob = two
    first, second = alice.spans()
    change = alice.accept(first.id)
    bob.reject(second.id)
    alice.revert(change)
    assert alice.span(first.id).status == "suggested"
    assert alice.span(second.id).status == "rejected"


def test_a_bulk_decision_checks_every_span_before_reverting(db_path, make_document):
    with SpanStore.open(db_path, annotator="alice") as alice:
        text = " ".join(f"Ann{i} Lee" for i in range(60))
        starts = [i for i in range(len(text)) if text.startswith("Ann", i)]
        spans = [Span(s, text.index(" ", s), "PERSON", 0.5) for s in starts]
        alice.add_document(make_document(text), spans)
        change = alice.accept_all()  # 60 spans: the set-based path
        with SpanStore.open(db_path, annotator="bob") as bob:
            target = bob.spans()[42]
            bob.reject(target.id)
        before = snapshot(alice)
        with pytest.raises(StoreError, match=f"span {target.id} was changed later by bob"):
            alice.revert(change)
        assert snapshot(alice) == before


def test_redo_after_a_later_change_is_refused(two):
    alice, bob = two
    first = alice.spans()[0]
    change = alice.accept(first.id)
    alice.revert(change)
    bob.reject(first.id)
    with pytest.raises(StoreError, match="cannot redo .* bob \\(reject"):
        alice.reapply(change)
    assert alice.span(first.id).status == "rejected"


def test_undo_last_of_an_annotator_skips_the_others(two):
    alice, bob = two
    first, second = alice.spans()
    alice.accept(first.id)
    bob.accept(second.id)
    undone = alice.undo_last("alice")
    assert undone
    assert alice.span(first.id).status == "suggested"
    assert alice.span(second.id).status == "accepted"  # bob's newer change is untouched
    assert alice.last_change("nobody") is None
    # without a name: the newest change of anyone (the API the GUI and scripts rely on)
    last = alice.last_change()
    assert last is not None and alice.change_summary(last).annotator == "bob"
