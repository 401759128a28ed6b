"""Property: anonymising changes only what it must. Every word outside every span survives,
unless it is a confirmed person's given or family name written as a name (and not a common
word of the document); a detected person that is only weakly supported, a job title or a
technical phrase never takes other words with it."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from redaction.anonymization.operators import OperatorContext
from redaction.anonymization.planning import apply_replacements, plan_replacements
from redaction.labels import load_labels
from redaction.spans import Span

LABELS = load_labels()
# Ordinary words of CVs, written as they come: some capitalised, some also words of names.
WORDS = [
    "Machine", "machine", "Learning", "learning", "Deep", "deep", "Research", "research",
    "Scientist", "Neural", "Network", "network", "Senior", "Engineer", "built", "models",
    "the", "and", "Bayesian", "methods", "Thesis", "Title", "Compress", "team", "Data",
]  # fmt: skip
GIVEN = ["Peregrine", "Siobhán", "Tomasz", "Oluwaseun", "Ingrid"]
FAMILY = ["Althorpe", "Kowalczyk", "Okafor", "Nguyen-Tran", "Brannigan"]


def _words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^\W_]+(?:['’-][^\W_]+)*", text)]


@st.composite
def document(draw: st.DrawFn) -> tuple[str, list[Span], set[str]]:
    """A text of ordinary words with people in it; spans for some people (confirmed) and for
    some phrases wrongly detected as people (weak); the name parts that may go."""
    pieces: list[str] = []
    people: list[tuple[str, str]] = []
    for _ in range(draw(st.integers(3, 12))):
        if draw(st.booleans()):
            given_name, family = draw(st.sampled_from(GIVEN)), draw(st.sampled_from(FAMILY))
            people.append((given_name, family))
            pieces.append(f"{given_name} {family}")
        else:
            pieces.append(" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))))
    text = ". ".join(pieces) + "."
    spans: list[Span] = []
    parts: set[str] = set()
    for given_name, family in people:
        at = text.index(f"{given_name} {family}")
        spans.append(Span(at, at + len(given_name) + 1 + len(family), "PERSON", 0.95))
        parts |= {given_name, family}
    false = [m for m in re.finditer(r"[A-Z]\w+ [A-Z]\w+", text) if m.group().split()[0] in WORDS]
    for match in false[: draw(st.integers(0, 2))]:
        if not any(s.start < match.end() and match.start() < s.end for s in spans):
            spans.append(Span(match.start(), match.end(), "PERSON", 0.5))
    return text, spans, parts


@given(document())
def test_words_outside_spans_survive_unless_a_confirmed_name_part(case) -> None:  # type: ignore[no-untyped-def]
    text, spans, parts = case
    context = OperatorContext(labels=LABELS)
    plan = plan_replacements(text, spans, style="placeholder", context=context, confirmed=False)
    out = apply_replacements(text, plan.replacements)
    changed = {(r.start, r.end) for r in plan.replacements}
    for start, end in _words(text):
        inside = any(s.start <= start and end <= s.end for s in spans)
        word = text[start:end]
        if inside or word in parts:
            continue
        assert not any(r_start <= start < r_end for r_start, r_end in changed), (
            f"{word!r} at {start} was replaced: {out!r}"
        )
