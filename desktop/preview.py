"""The anonymised preview of the open document (placeholder style, accepted spans).

Uses ``redaction.anonymization.engine.anonymize_text`` when it exists; until then the same
placeholder operator the writers use, applied here to the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotations.records import SpanRecord
from redaction.anonymization.operators import OperatorContext, get_operator
from redaction.labels import LabelSet


@dataclass(frozen=True, slots=True)
class PreviewPiece:
    """Where a replacement landed in the preview text (code points) and for which label."""

    start: int
    end: int
    label: str


def preview_spans(spans: Iterable[SpanRecord], labels: LabelSet) -> list[SpanRecord]:
    """Accepted spans of labels that are redacted, without overlaps (earliest, then longest)."""
    chosen: list[SpanRecord] = []
    redacted = set(labels.redacted_names)
    candidates = sorted(
        (s for s in spans if s.status == "accepted" and s.label in redacted),
        key=lambda s: (s.start, -(s.end - s.start)),
    )
    reach = 0
    for span in candidates:
        if span.start >= reach:
            chosen.append(span)
            reach = span.end
    return chosen


def anonymised_preview(
    text: str, spans: Iterable[SpanRecord], labels: LabelSet, style: str = "placeholder"
) -> tuple[str, list[PreviewPiece]]:
    operator = get_operator(style)
    context = OperatorContext(labels)
    out: list[str] = []
    pieces: list[PreviewPiece] = []
    pos = length = 0
    for span in preview_spans(spans, labels):
        before = text[pos : span.start]
        out.append(before)
        length += len(before)
        new = operator.replace(text[span.start : span.end], span.label, context)
        out.append(new)
        pieces.append(PreviewPiece(length, length + len(new), span.label))
        length += len(new)
        pos = span.end
    out.append(text[pos:])
    return "".join(out), pieces
