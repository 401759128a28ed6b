"""The anonymised preview of the open document: the accepted spans replaced exactly as the
writers will replace them (``redaction.anonymization`` planner, placeholder style by default,
other occurrences propagated), plus where each replacement landed for highlighting."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from annotations.records import SpanRecord
from desktop.offsets import OffsetMap
from redaction.anonymization.operators import OperatorContext
from redaction.anonymization.planning import plan_replacements
from redaction.labels import LabelSet
from redaction.spans import Span


@dataclass(frozen=True, slots=True)
class PreviewPiece:
    """A replacement in the preview text (code points) and its label."""

    start: int
    end: int
    label: str


def anonymised_preview(
    text: str, spans: Iterable[SpanRecord], labels: LabelSet, style: str = "placeholder"
) -> tuple[str, list[PreviewPiece]]:
    return plan_preview(text, accepted_spans(spans), labels, style)


def accepted_spans(spans: Iterable[SpanRecord]) -> list[Span]:
    """What a preview depends on: the accepted spans (small, cheap to send to a process)."""
    return [s.to_span() for s in spans if s.status == "accepted"]


def plan_preview(
    text: str, accepted: list[Span], labels: LabelSet, style: str = "placeholder"
) -> tuple[str, list[PreviewPiece]]:
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


@dataclass(frozen=True)
class PreviewResult:
    """A finished preview for one document, built off the GUI thread: the text, where each
    replacement landed (sorted), and the offset map the view needs to highlight them."""

    doc_id: int
    generation: int
    text: str
    pieces: list[PreviewPiece]
    offsets: OffsetMap

    def pieces_between(self, start: int, end: int, limit: int = 2000) -> list[PreviewPiece]:
        """The pieces overlapping code points ``[start, end)``: what a view shows at once."""
        i = bisect_right(self.pieces, start, key=_end) if self.pieces else 0
        out: list[PreviewPiece] = []
        for piece in self.pieces[i:]:
            if piece.start >= end or len(out) >= limit:
                break
            out.append(piece)
        return out


def _end(piece: PreviewPiece) -> int:
    return piece.end


def build_preview(
    doc_id: int,
    generation: int,
    text: str,
    accepted: list[Span],
    labels: LabelSet,
    style: str = "placeholder",
) -> PreviewResult:
    """Everything slow about a preview (planning, the new text, the offset map) in one call
    meant for a worker (a thread or, for large documents, a process)."""
    preview, pieces = plan_preview(text, accepted, labels, style)
    return PreviewResult(doc_id, generation, preview, pieces, OffsetMap(preview))
