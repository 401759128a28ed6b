"""Turn raw recognizer results into the spans a reviewer sees.

Steps, in order:

1. **Clean**: cut spaCy's spans at column gaps (a tab, three spaces or more), trim whitespace
   and stray punctuation; drop results inside placeholders such as
   "[name]" or "{{company}}", and names/organisations/places that are really section headings,
   skills, software or job titles (lists in ``resources/recognizers.yaml``, ``postprocess``).
2. **Score**: spaCy gives every entity 0.85, which says nothing. Its results are recalibrated
   (``spacy_score``, less for all-lowercase text or short acronyms), then the evidence for the
   same entity at (nearly) the same place is combined by noisy-OR over distinct recognizers
   (``1 - prod(1 - s_i)``): agreement raises the score, a lone weak hit stays low. A person name
   on the first line of the document gets header evidence too.
3. **Resolve overlaps**: overlapping results of the same entity merge into their union; of
   different entities, a span that covers another wins (an email over the URL inside it, an
   address over its postcode, an organisation over the place in its name); otherwise the higher
   score wins, then the longer span.
4. **Propagate**: every other whole-word occurrence (any case) of a kept person, organisation or
   place is flagged too, and so are the separate parts of a person's name.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.detection.postprocess.cleaning import (
    PLACEHOLDER,
    all_evidence,
    clean,
    column_pieces,
    combine,
    header_line,
    subject_pieces,
)
from redaction.detection.postprocess.overlaps import resolve
from redaction.detection.postprocess.propagation import propagate
from redaction.detection.postprocess.settings import (
    NAMED,
    PROPAGATION_SOURCE,
    SPACY_SOURCE,
    Candidate,
    Settings,
    default_settings,
)
from redaction.spans import Span

__all__ = [
    "NAMED",
    "PROPAGATION_SOURCE",
    "SPACY_SOURCE",
    "Settings",
    "default_settings",
    "TextContext",
    "all_evidence",
    "finalize",
    "finish",
    "local_candidates",
]


@dataclass(frozen=True)
class TextContext:
    """What the local steps need to know about the whole text, computed once per text."""

    placeholders: list[tuple[int, int]]
    header: tuple[int, int]
    lowercase_text: bool

    @classmethod
    def of(cls, text: str) -> TextContext:
        return cls(
            placeholders=[m.span() for m in PLACEHOLDER.finditer(text)],
            header=header_line(text),
            lowercase_text=text == text.lower(),
        )


def finalize(
    text: str,
    results: list[RecognizerResult],
    *,
    entities: Collection[str] | None,
    threshold: float,
    nlp_artifacts: NlpArtifacts | None = None,
    settings: Settings | None = None,
) -> list[Span]:
    """Non-overlapping, scored, propagated spans for ``text`` (sorted by offset).

    ``nlp_artifacts`` is optional: nothing here needs more than the text. A text detected in
    pieces goes through :func:`local_candidates` piece by piece and then :func:`finish`, which
    gives the same result (steps 1-3 only compare results that overlap, and pieces do not).
    """
    settings = settings or default_settings()
    context = TextContext.of(text)
    evidence = all_evidence(results, nlp_artifacts)
    kept = local_candidates(text, evidence, context, threshold=threshold, settings=settings)
    return finish(text, kept, context, entities=entities, threshold=threshold, settings=settings)


def local_candidates(
    text: str,
    results: list[RecognizerResult],
    context: TextContext,
    *,
    threshold: float,
    settings: Settings,
    considered: Collection[str] | None = None,
) -> list[Candidate]:
    """Steps 1-3 (clean, score, resolve overlaps) for results anywhere in ``text``.

    ``considered``: the entities that take part (None: all). The engine passes every default
    entity plus the asked-for ones, whatever was asked: a phone number must still cover the
    digits spaCy calls a date when only dates are asked for (:func:`finish` filters).
    """
    candidates = [
        c
        for c in (
            clean(text, r, settings, context.placeholders, lowercase_text=context.lowercase_text)
            for result in results
            for piece in column_pieces(text, result)
            for r in subject_pieces(text, piece)
        )
        if c is not None and (not considered or c.entity in considered)
    ]
    scored = combine(candidates, context.header, settings)
    return resolve([c for c in scored if c.score >= threshold], text)


def finish(
    text: str,
    kept: list[Candidate],
    context: TextContext,
    *,
    entities: Collection[str] | None,
    threshold: float,
    settings: Settings,
) -> list[Span]:
    """Step 4 (propagate) over the whole text, then keep the entities asked for."""
    kept = sorted(kept, key=lambda c: (-c.score, -(c.end - c.start), c.start))
    kept = propagate(text, kept, threshold, settings, context.placeholders)
    return [
        Span(c.start, c.end, c.entity, round(c.score, 4), c.source, text[c.start : c.end])
        for c in sorted(kept, key=lambda c: (c.start, c.end))
        if not entities or c.entity in entities
    ]
