"""What an export did: counts, and every span that had to be adjusted or was left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotations.exporters.alignment import Alignment
from annotations.exporters.records import AnnotatedDocument, SpanLike


@dataclass(frozen=True, slots=True)
class AlignmentIssue:
    """A span that did not line up with token boundaries, and what the export did with it."""

    document_id: int | str
    path: str
    start: int
    end: int
    label: str
    text: str
    kind: str  # "trimmed" / "expanded" (written with new offsets) or "misaligned" (left out)
    new_start: int
    new_end: int

    def describe(self) -> str:
        where = f"{self.path or 'document'} (id {self.document_id})"
        span = f"span {self.start}-{self.end} {self.label} {self.text!r}"
        if self.kind == "misaligned":
            return f"{where}: {span} does not line up with token boundaries; left out"
        return (
            f"{where}: {span} {self.kind} to {self.new_start}-{self.new_end} to line up with tokens"
        )


@dataclass
class ExportReport:
    """Returned by every ``export_<format>`` function."""

    format: str
    path: Path
    documents: int = 0
    spans: int = 0
    statuses: tuple[str, ...] = ("accepted",)
    issues: list[AlignmentIssue] = field(default_factory=list)

    @property
    def adjusted(self) -> list[AlignmentIssue]:
        return [i for i in self.issues if i.kind != "misaligned"]

    @property
    def misaligned(self) -> list[AlignmentIssue]:
        return [i for i in self.issues if i.kind == "misaligned"]

    def note(self, doc: AnnotatedDocument, span: SpanLike, alignment: Alignment) -> None:
        """Record a span whose alignment was not exact."""
        self.issues.append(
            AlignmentIssue(
                doc.id,
                doc.path,
                span.start,
                span.end,
                span.label,
                doc.text[span.start : span.end],
                alignment.kind,
                alignment.start,
                alignment.end,
            )
        )

    def summary(self) -> str:
        line = f"exported {self.documents} documents, {self.spans} spans to {self.path} ({self.format})"
        extra = []
        if self.adjusted:
            extra.append(f"{len(self.adjusted)} adjusted to token boundaries")
        if self.misaligned:
            extra.append(f"{len(self.misaligned)} misaligned left out")
        return line + (f"; {', '.join(extra)}" if extra else "")
