"""The preview shows the accepted spans as placeholders, like the anonymised output."""

from __future__ import annotations

from annotations.records import SpanRecord
from desktop.preview import anonymised_preview
from redaction.labels import load_labels

TEXT = "Zoë Hartley worked at Acme Robotics in Leeds 👋🏽. Zoë Hartley left."


def _span(i: int, fragment: str, label: str, status: str) -> SpanRecord:
    start = TEXT.index(fragment)
    return SpanRecord(
        i, 1, start, start + len(fragment), label, fragment, 0.9, "t", status, None, ""
    )


def test_placeholders_for_accepted_spans_only() -> None:
    spans = [
        _span(1, "Zoë Hartley", "PERSON", "accepted"),
        _span(2, "Acme Robotics", "ORGANIZATION", "accepted"),
        _span(3, "Leeds", "LOCATION", "suggested"),
    ]
    text, pieces = anonymised_preview(TEXT, spans, load_labels())
    assert text.startswith("[name] [surname] worked at [company] in Leeds 👋🏽.")
    assert "Zoë" not in text  # the second occurrence is replaced too
    for piece in pieces:
        assert text[piece.start : piece.end].startswith("[")
