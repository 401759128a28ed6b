"""The anonymised preview of the open document: the accepted spans replaced exactly as the
writers will replace them (``redaction.anonymization`` planner, placeholder style by default,
other occurrences propagated), plus where each replacement landed for highlighting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotations.records import SpanRecord
from redaction.anonymization.operators import OperatorContext
from redaction.anonymization.planning import plan_replacements
from redaction.labels import LabelSet


@dataclass(frozen=True, slots=True)
class PreviewPiece:
    """A replacement in the preview text (code points) and its label."""

    start: int
    end: int
    label: str


def anonymised_preview(
    text: str, spans: Iterable[SpanRecord], labels: LabelSet, style: str = "placeholder"
) -> tuple[str, list[PreviewPiece]]:
    accepted = [s.to_span() for s in spans if s.status == "accepted"]
    plan = plan_replacements(text, accepted, style=style, context=OperatorContext(labels))
    out: list[str] = []
    pieces: list[PreviewPiece] = []
    pos = length = 0
    for rep in sorted(plan.replacements, key=lambda r: r.start):
        before = text[pos : rep.start]
        out.append(before)
        length += len(before)
        out.append(rep.new_text)
        pieces.append(PreviewPiece(length, length + len(rep.new_text), rep.label))
        length += len(rep.new_text)
        pos = rep.end
    out.append(text[pos:])
    return "".join(out), pieces
