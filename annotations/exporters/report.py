"""What an export did: counts, and every span that had to be adjusted, was left out or was
kept off token boundaries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.exporters.alignment import Alignment
from annotations.exporters.records import AnnotatedDocument, SpanLike
from redaction.wording import plural


@dataclass(frozen=True, slots=True)
class AlignmentIssue:
    """A span that was not written exactly as stored, and what the export did with it."""

    document_id: int | str
    path: str
    start: int
    end: int
    label: str
    text: str
    #: "trimmed" / "expanded": written with new offsets; "misaligned": not on token boundaries,
    #: left out (``kept``: written as is, by doccano); "overlapping": left out because a token
    #: can hold only one tag and the longer span ``new_start``-``new_end`` (``detail``) won.
    kind: str
    new_start: int
    new_end: int
    kept: bool = False
    detail: str = ""

    def describe(self) -> str:
        where = f"{self.path or 'document'} (id {self.document_id})"
        span = f"span {self.start}-{self.end} {self.label} {self.text!r}"
        if self.kind == "misaligned":
            if self.kept:
                return (
                    f"{where}: {span} does not line up with token boundaries; kept as is "
                    "(character offsets), but a token-based model would not see it"
                )
            return f"{where}: {span} does not line up with token boundaries; left out"
        if self.kind == "overlapping":
            return (
                f"{where}: {span} overlaps {self.new_start}-{self.new_end} {self.detail}, which "
                "is longer; left out (a token can hold only one tag)"
            )
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
    #: Write each document's source path into the file (default: a name made from its hash).
    with_paths: bool = False

    @property
    def adjusted(self) -> list[AlignmentIssue]:
        """Spans written with offsets moved to token boundaries."""
        return [i for i in self.issues if i.kind in ("trimmed", "expanded")]

    @property
    def misaligned(self) -> list[AlignmentIssue]:
        """Spans off token boundaries: left out, except by doccano (``kept``)."""
        return [i for i in self.issues if i.kind == "misaligned"]

    @property
    def overlapping(self) -> list[AlignmentIssue]:
        """Spans left out because a longer one covers some of their tokens (CoNLL)."""
        return [i for i in self.issues if i.kind == "overlapping"]

    def note(
        self, doc: AnnotatedDocument, span: SpanLike, alignment: Alignment, *, kept: bool = False
    ) -> None:
        """Record a span whose alignment was not exact (``kept``: written as stored anyway)."""
        self._add(doc, span, alignment.kind, alignment, kept=kept)

    def note_overlap(
        self, doc: AnnotatedDocument, span: SpanLike, winner: SpanLike, at: Alignment
    ) -> None:
        """Record a span left out because ``winner`` (written at ``at``) overlaps it."""
        detail = f"{winner.label} {doc.text[at.start : at.end]!r}"
        self._add(doc, span, "overlapping", at, detail=detail)

    def _add(
        self, doc: AnnotatedDocument, span: SpanLike, kind: str, at: Alignment, **extra: Any
    ) -> None:
        text = doc.text[span.start : span.end]
        self.issues.append(
            AlignmentIssue(
                doc.id,
                doc.path,
                span.start,
                span.end,
                span.label,
                text,
                kind,
                at.start,
                at.end,
                **extra,
            )
        )

    def summary(self) -> str:
        if not self.documents:
            return f"exported nothing; {self.path} not written"
        line = (
            f"exported {plural(self.documents, 'document')}, {plural(self.spans, 'span')} "
            f"to {self.path} ({self.format})"
        )
        extra = []
        if self.adjusted:
            extra.append(f"{len(self.adjusted)} adjusted to token boundaries")
        kept = sum(1 for i in self.misaligned if i.kept)
        if kept:
            extra.append(f"{kept} misaligned kept as is (character offsets)")
        if len(self.misaligned) > kept:
            extra.append(f"{len(self.misaligned) - kept} misaligned left out")
        if self.overlapping:
            extra.append(f"{len(self.overlapping)} overlapping left out")
        return line + (f"; {', '.join(extra)}" if extra else "")


def why_nothing_exported(
    counts: Mapping[str, int],
    *,
    include_unfinished: bool,
    include_skipped: bool,
    options: Mapping[str, str],
) -> str:
    """Why an export selected no document, from the project's documents per status (``counts``),
    and what would select some. ``options`` holds the words each front uses for the choice
    ("unfinished", "skipped"): "use --include-unfinished", "tick Include documents not marked
    done"; a kind without one is only counted."""
    unfinished = counts.get("new", 0) + counts.get("in_progress", 0)
    skipped = counts.get("skipped", 0)
    if not sum(counts.values()):
        return "no documents in the project; nothing exported"
    hints = []
    for count, what, included in (
        (unfinished, "unfinished", include_unfinished),
        (skipped, "skipped", include_skipped),
    ):
        if count and not included:
            option = options.get(what)
            hints.append(f"{count} {what}" + (f" ({option})" if option else ""))
        elif count:  # only Prodigy leaves out a selected document: nothing to write for it
            hints.append(f"{count} {what} without accepted spans")
    done = counts.get("done", 0)
    head = (
        f"the {done} done documents have no spans of the chosen statuses and labels"
        if done
        else "no documents marked done"
    ) + "; nothing exported"
    return head + (f"; {', '.join(hints)}" if hints else "")
