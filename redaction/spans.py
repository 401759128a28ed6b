"""The plain result type shared by detection, the store and anonymisation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of a document's text.

    ``start``/``end`` are code-point offsets into ``Document.text`` (end exclusive), never
    UTF-16 units: the Qt layer converts at its boundary.
    """

    start: int
    end: int
    label: str
    score: float = 1.0
    source: str = "manual"
    text: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def record(self) -> dict[str, object]:
        """The span as ``redact detect`` writes it (and the cluster job's detections hold it)."""
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "score": round(self.score, 4),
            "source": self.source,
        }
