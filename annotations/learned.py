"""What a project learns from its annotators' decisions, applied to the suggestions of the
documents it imports later.

A lesson is one text for one label, learned from the documents marked done ("the same text":
``normal_key``, so case, accents and spacing do not matter):

- **rejected**: the annotators rejected it for that label and never accepted it (a job title
  suggested as a person, a heading as an organisation). A later suggestion of it for that label
  is dropped, unless stronger evidence appears: a different context (neither the word before
  it nor the word after it, or a line boundary, is one it was rejected beside: "SAP" rejected
  in "Skills: SAP, Java" is still suggested in "worked at SAP Labs"), or another recognizer
  than the ones that were rejected, with a higher score than any rejected one had.
- **accepted**: they accepted it and never rejected it. A later suggestion of it gets at least
  :data:`ACCEPTED_SCORE`, and where the detector missed it, it is suggested anyway (written as
  it was accepted, or in capitals, as a whole word; source ``learned``). Where the detector
  suggests it under another label, and the annotators only ever accepted it under one, it is
  suggested under theirs (a relabelling they would otherwise make each time).

A text both accepted and rejected teaches nothing (its context decides). Lessons are derived
from the spans, so undoing a decision undoes its lesson; an annotator can also forget one
(``SpanStore.set_forgotten``), which sticks until taken back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from redaction.anonymization.normalize import normal_key
from redaction.spans import Span

#: The score of a suggestion of an accepted text (and of one the detector missed).
ACCEPTED_SCORE = 0.95
#: The source of a suggestion made from an accepted text the detector missed.
LEARNED_SOURCE = "learned"
#: Shorter texts are not looked for on their own (too many accidental matches).
MIN_KEY_LENGTH = 3

Kind = Literal["rejected", "accepted", "mixed"]


@dataclass
class Lesson:
    label: str
    key: str
    #: The text as the annotators saw it most often.
    text: str
    accepted: int = 0
    rejected: int = 0
    #: Recognizers whose suggestions of it were rejected, and the highest score they had.
    rejected_sources: set[str] = field(default_factory=set)
    rejected_score: float = 0.0
    #: The forms it was accepted in.
    forms: set[str] = field(default_factory=set)
    #: The words (or line boundaries) its rejected occurrences stood beside, on each side.
    rejected_before: set[str] = field(default_factory=set)
    rejected_after: set[str] = field(default_factory=set)
    forgotten: bool = False

    @property
    def kind(self) -> Kind:
        if self.accepted and self.rejected:
            return "mixed"
        return "accepted" if self.accepted else "rejected"

    @property
    def active(self) -> bool:
        return not self.forgotten and self.kind != "mixed"

    def same_context(self, text: str, span: Span) -> bool:
        """Whether ``span`` stands beside a word it was rejected beside (True when the
        rejections came without their context)."""
        if not self.rejected_before and not self.rejected_after:
            return True
        before = word_before(text[max(span.start - CONTEXT, 0) : span.start])
        after = word_after(text[span.end : span.end + CONTEXT])
        return before in self.rejected_before or after in self.rejected_after


#: Characters of text looked at on each side of a span for its context.
CONTEXT = 40
LINE = "\n"
_WORD = re.compile(r"\w+")


def word_before(text: str) -> str:
    """The word just before a span (folded), or LINE when the span starts its line."""
    line = text.rsplit("\n", 1)[-1]
    words = _WORD.findall(line)
    return words[-1].casefold() if words else LINE


def word_after(text: str) -> str:
    """The word just after a span (folded), or LINE when the span ends its line."""
    line = text.split("\n", 1)[0]
    words = _WORD.findall(line)
    return words[0].casefold() if words else LINE


@dataclass
class Learned:
    """The lessons of a project (see the module's description)."""

    lessons: dict[tuple[str, str], Lesson] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False)
    _by_form: dict[str, Lesson] = field(default_factory=dict, init=False, repr=False)
    _by_key: dict[str, Lesson] | None = field(default=None, init=False, repr=False)

    @classmethod
    def from_decisions(
        cls,
        decided: Iterable[tuple[Any, ...]],
        forgotten: Iterable[tuple[str, str]] = (),
    ) -> Learned:
        """Lessons from ``(label, text, status, source, score[, before, after])`` decisions
        (``before`` and ``after``: some text on each side; without them any context counts)."""
        lessons: dict[tuple[str, str], Lesson] = {}
        seen: dict[tuple[str, str], dict[str, int]] = {}
        for label, text, status, source, score, *around in decided:
            key = normal_key(text)
            if not key:
                continue
            lesson = lessons.setdefault((label, key), Lesson(label, key, text))
            counts = seen.setdefault((label, key), {})
            counts[text] = counts.get(text, 0) + 1
            if status == "accepted":
                lesson.accepted += 1
                lesson.forms.add(text)
            elif status == "rejected":
                lesson.rejected += 1
                lesson.rejected_sources.add(source)
                lesson.rejected_score = max(lesson.rejected_score, score)
                if around:
                    lesson.rejected_before.add(word_before(around[0]))
                    lesson.rejected_after.add(word_after(around[1]))
        for pair, counts in seen.items():
            lessons[pair].text = max(counts, key=lambda t: counts[t])
        for pair in forgotten:
            if pair in lessons:
                lessons[pair].forgotten = True
        return cls(lessons)

    @classmethod
    def from_store(cls, store: Any) -> Learned:
        return cls.from_decisions(store.decided_spans(), store.forgotten_lessons())

    def active(self, kind: Kind) -> list[Lesson]:
        return [lesson for lesson in self.lessons.values() if lesson.active and lesson.kind == kind]

    def apply(
        self, text: str, spans: Sequence[Span], canonical: Callable[[str], str] = str
    ) -> list[Span]:
        """``spans`` (the detector's suggestions for ``text``) with the lessons applied.
        ``canonical`` maps a detector entity to the project's label."""
        out: list[Span] = []
        for span in spans:
            key = normal_key(text[span.start : span.end])
            lesson = self.lessons.get((canonical(span.label), key))
            if lesson is None and (other := self._accepted_as_other(key)) is not None:
                # accepted under another label only ("Infosys" suggested as a place, always
                # relabelled an organisation): suggested with the label the annotators gave it
                out.append(replace(span, label=other.label, score=max(span.score, ACCEPTED_SCORE)))
            elif lesson is None or not lesson.active:
                out.append(span)
            elif lesson.kind == "accepted":
                out.append(replace(span, score=max(span.score, ACCEPTED_SCORE)))
            elif not lesson.same_context(text, span) or (
                span.source not in lesson.rejected_sources and span.score > lesson.rejected_score
            ):
                out.append(span)  # stronger evidence than what was rejected
        out += self._missed(text, out)
        return sorted(out, key=lambda s: (s.start, -s.end))

    def _accepted_as_other(self, key: str) -> Lesson | None:
        """The one active accepted lesson of ``key`` (under whichever label), if there is
        exactly one label it was accepted under and it was never rejected under any."""
        if self._by_key is None:
            by_key: dict[str, list[Lesson]] = {}
            for lesson in self.lessons.values():
                by_key.setdefault(lesson.key, []).append(lesson)
            self._by_key = {
                k: group[0]
                for k, group in by_key.items()
                if len(group) == 1 and group[0].active and group[0].kind == "accepted"
            }
        return self._by_key.get(key)

    def _missed(self, text: str, found: Sequence[Span]) -> list[Span]:
        """Occurrences of accepted texts that no suggestion covers."""
        pattern = self._accepted_pattern()
        if pattern is None:
            return []
        taken = sorted((s.start, s.end) for s in found)
        added: list[Span] = []
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            lesson = self._by_form[match.group(0)]
            added.append(Span(start, end, lesson.label, ACCEPTED_SCORE, source=LEARNED_SOURCE))
            taken.append((start, end))
        return added

    def _accepted_pattern(self) -> re.Pattern[str] | None:
        if self._pattern is None and not self._by_form:
            for lesson in self.active("accepted"):
                if len(lesson.key) < MIN_KEY_LENGTH or not any(c.isalpha() for c in lesson.key):
                    continue
                for form in lesson.forms:
                    for variant in (form, form.upper()):
                        self._by_form.setdefault(variant, lesson)
            if self._by_form:
                alternatives = sorted(self._by_form, key=len, reverse=True)
                self._pattern = re.compile(
                    r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)"
                )
        return self._pattern


def with_lessons_of_the_others(
    db: str | Path,
    names: Sequence[str],
    predictions: Sequence[Sequence[Span]],
    texts: Sequence[str],
    canonical: Callable[[str], str] = str,
) -> list[list[Span]]:
    """Each document's predictions with the lessons learned from the *other* documents marked
    done (leave one out): what an evaluation on the project's own gold may apply without
    grading the lessons on the very decisions they came from."""
    from annotations.store import SpanStore

    with SpanStore.open(db, readonly=True) as store:
        decided = store.decided_spans_by_document()
        forgotten = store.forgotten_lessons()
    out: list[list[Span]] = []
    for name, spans, text in zip(names, predictions, texts, strict=True):
        others = Learned.from_decisions((d for n, d in decided if n != name), forgotten)
        out.append(others.apply(text, spans, canonical))
    return out


def set_forgotten(store: Any, label: str, text: str, forgotten: bool = True) -> Lesson:
    """Forget the project's lesson about ``text`` for ``label`` (or take that back); the fronts'
    one way to do it. RedactError if the project has no such lesson."""
    from redaction.errors import RedactError

    label = store.label(label)
    key = normal_key(text)
    lesson = Learned.from_store(store).lessons.get((label, key))
    if lesson is None:
        raise RedactError(f"no lesson about {text!r} for {label}: nothing was decided about it")
    store.set_forgotten(label, key, forgotten)
    lesson.forgotten = forgotten
    return lesson


#: How each kind of lesson is described to annotators.
KIND_WORDS = {
    "rejected": "not suggested again (rejected, never accepted)",
    "accepted": "suggested wherever it occurs (accepted, never rejected)",
    "mixed": "no lesson (both accepted and rejected: its context decides)",
}
