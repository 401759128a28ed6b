"""Post-processing scales with the number of results: sort and sweep, never every pair.

The sweeps are checked against the plain every-pair rules they replace (property tests), and
the number of pairwise checks is counted on many results (no timing).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import RecognizerResult

import redaction.detection.postprocess.cleaning as cleaning
import redaction.detection.postprocess.overlaps as overlaps
from redaction.detection.postprocess import finalize
from redaction.detection.postprocess.propagation import _occurrences, propagate
from redaction.detection.postprocess.settings import (
    COVER_MARGIN,
    SPACY_SOURCE,
    Candidate,
    default_settings,
)

ENTITIES = ("PERSON", "LOCATION", "ORGANIZATION", "URL")
SOURCES = ("A", "B", SPACY_SOURCE)


def pairwise_resolve(candidates: list[Candidate]) -> list[Candidate]:
    """The every-pair rules, as they read before the sweep."""
    merged = overlaps._merge_same_entity(candidates)
    pairs = [
        (a, b)
        for a in merged
        for b in merged
        if a is not b and a.entity != b.entity and overlaps._covers(a, b)
    ]
    # A bare spaCy cover beaten by a much better supported span inside it loses, and then
    # covers nothing else; any other cover removes what it covers.
    weak = {
        id(a) for a, b in pairs if a.source == SPACY_SOURCE and a.score + COVER_MARGIN < b.score
    }
    covered = weak | {id(b) for a, b in pairs if id(a) not in weak}
    rest = [c for c in merged if id(c) not in covered]
    rest.sort(key=lambda c: (-c.score, -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    for c in rest:
        if not any(c.start < k.end and k.start < c.end for k in kept):
            kept.append(c)
    return kept


def pairwise_combine(candidates: list[Candidate]) -> list[tuple[int, int, str, float]]:
    out = []
    for c in candidates:
        best = {c.source: c.score}
        for o in candidates:
            if o is not c and cleaning._agree(c, o) and o.source != c.source:
                best[o.source] = max(best.get(o.source, 0.0), o.score)
        miss = 1.0
        for s in best.values():
            miss *= 1.0 - s
        out.append((c.start, c.end, c.entity, round(1.0 - miss, 9)))
    return sorted(out)


candidate = st.builds(
    lambda start, length, entity, score, source: Candidate(
        start, start + length, entity, score, source
    ),
    st.integers(0, 60),
    st.integers(1, 25),
    st.sampled_from(ENTITIES),
    st.sampled_from([0.3, 0.5, 0.6, 0.85, 0.9, 1.0]),
    st.sampled_from(SOURCES),
)


def key(cs: list[Candidate]) -> list[tuple[int, int, str, float, str]]:
    return sorted((c.start, c.end, c.entity, c.score, c.source) for c in cs)


@settings(max_examples=300, deadline=None)
@given(st.lists(candidate, max_size=25))
def test_the_sweep_resolves_overlaps_as_the_pairwise_rules_do(cs: list[Candidate]) -> None:
    assert key(overlaps.resolve(list(cs))) == key(pairwise_resolve(list(cs)))


@settings(max_examples=300, deadline=None)
@given(st.lists(candidate, max_size=25))
def test_the_sweep_combines_evidence_as_the_pairwise_rules_do(cs: list[Candidate]) -> None:
    got = cleaning.combine(list(cs), (0, 0), default_settings())
    assert sorted((c.start, c.end, c.entity, round(c.score, 9)) for c in got) == (
        pairwise_combine(list(cs))
    )


def many_results(n: int) -> tuple[str, list[RecognizerResult]]:
    """``n`` lines, each with a name and a place found by two recognizers, and an email."""
    lines, results = [], []
    at = 0
    for i in range(n):
        name, place = f"Anna{i:05d} Berg", f"Town{i:05d}"
        line = f"{name} lives in {place}, mail a{i}@example.com"
        for entity, part, source, score in (
            ("PERSON", name, "A", 0.7),
            ("PERSON", name, "B", 0.6),
            ("LOCATION", place, "A", 0.7),
            ("EMAIL_ADDRESS", f"a{i}@example.com", "A", 1.0),
            ("URL", "example.com", "B", 0.5),
        ):
            start = at + line.index(part)
            meta = {"recognizer_name": source}
            results.append(RecognizerResult(entity, start, start + len(part), score, meta))
        lines.append(line)
        at += len(line) + 1
    return "\n".join(lines), results


def test_postprocessing_many_results_makes_no_quadratic_number_of_checks(monkeypatch) -> None:
    calls = {"covers": 0, "agree": 0}
    covers, agree = overlaps._covers, cleaning._agree

    def counting_covers(a: Candidate, b: Candidate) -> bool:
        calls["covers"] += 1
        return covers(a, b)

    def counting_agree(a: Candidate, b: Candidate) -> bool:
        calls["agree"] += 1
        return agree(a, b)

    monkeypatch.setattr(overlaps, "_covers", counting_covers)
    monkeypatch.setattr(cleaning, "_agree", counting_agree)
    n = 2000
    text, results = many_results(n)
    spans = finalize(text, results, entities=None, threshold=0.35)
    assert len([s for s in spans if s.label == "PERSON"]) == n
    assert len([s for s in spans if s.label == "EMAIL_ADDRESS"]) == n
    assert not [s for s in spans if s.label == "URL"]  # inside the emails
    # Every pair would be 5n * 5n = 10^8 checks; a sweep makes a few per result.
    assert calls["covers"] < 20 * len(results)
    assert calls["agree"] < 20 * len(results)


def test_propagation_finds_what_a_scan_per_phrase_finds() -> None:
    text = (
        "Anna Berg met anna berg and ANNA\nBERG at Berg-Smith. Berg, Bergen, O'Neil o'neil "
        "x.Berg Berg_1 @Berg Berg. The end: Berg"
    )
    kept = [
        Candidate(0, 9, "PERSON", 0.9, "A"),
        Candidate(text.index("O'Neil"), text.index("O'Neil") + 6, "PERSON", 0.9, "A"),
    ]
    out = propagate(text, kept, 0.35, default_settings(), [])
    found = sorted((c.start, c.end) for c in out if c.source == "Propagation")
    expected: set[tuple[int, int]] = set()
    for phrase in ("Anna Berg", "Anna", "Berg", "O'Neil"):
        expected.update(_occurrences(text, phrase))
    assert set(found) <= expected
    assert (text.index("anna berg"), text.index("anna berg") + 9) in found
    assert (text.index("ANNA\nBERG"), text.index("ANNA\nBERG") + 9) in found
    assert text[found[-1][0] : found[-1][1]] == "Berg"
    assert "Bergen" not in {text[s:e] for s, e in found}
