"""Fixtures for anonymisation tests: the label set, operator contexts and span helpers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from redaction.anonymization.operators import OperatorContext
from redaction.anonymization.pseudonyms import Pseudonymizer
from redaction.labels import LabelSet, load_labels
from redaction.spans import Span


@pytest.fixture(scope="session")
def labels() -> LabelSet:
    return load_labels()


@pytest.fixture
def context(labels: LabelSet) -> Callable[..., OperatorContext]:
    """``context(key="k")``: an operator context with a keyed in-memory pseudonymizer."""

    def make(key: str | None = "test-key", mapping=None) -> OperatorContext:  # type: ignore[no-untyped-def]
        return OperatorContext(labels=labels, pseudonymizer=Pseudonymizer(mapping, key=key))

    return make


def spans_of(text: str, *pieces: tuple[str, str]) -> list[Span]:
    """Spans for the first occurrence of each ``(substring, label)`` in ``text``."""
    spans = []
    for piece, label in pieces:
        start = text.index(piece)
        spans.append(Span(start, start + len(piece), label, text=piece))
    return spans
