"""Step 3: resolve overlapping candidates."""

from __future__ import annotations

from collections.abc import Iterable

from redaction.detection.postprocess.settings import (
    COVER_MARGIN,
    SPACY_SOURCE,
    TRAINED_SOURCE_PREFIX,
    Candidate,
)


def _covers(a: Candidate, b: Candidate) -> bool:
    return a.start <= b.start and b.end <= a.end and (a.end - a.start) > (b.end - b.start)


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    merged = _merge_same_entity(candidates)
    # A span covering another of a different entity wins over it, unless the cover is only
    # spaCy's and the covered one is much better supported ("Southern Tunisia" as a bare spaCy
    # ORG around the place "Tunisia").
    covered: set[int] = set()
    for a in merged:
        for b in merged:
            if a is not b and a.entity != b.entity and _covers(a, b):
                weak_cover = a.source == SPACY_SOURCE and a.score + COVER_MARGIN < b.score
                covered.add(id(a) if weak_cover else id(b))
    rest = [c for c in merged if id(c) not in covered]
    rest.sort(key=lambda c: (-c.score, -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    for c in rest:
        if not any(c.start < k.end and k.start < c.end for k in kept):
            kept.append(c)
    return kept


def _rank(c: Candidate) -> tuple[float, bool]:
    """Higher score first; on a tie, our recognizers' boundaries over spaCy's."""
    return (round(c.score, 3), c.source != SPACY_SOURCE)


def _trained(c: Candidate) -> bool:
    return c.source.startswith(TRAINED_SOURCE_PREFIX)


def _merge_same_entity(candidates: Iterable[Candidate]) -> list[Candidate]:
    by_entity: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_entity.setdefault(c.entity, []).append(c)
    merged: list[Candidate] = []
    for group in by_entity.values():
        group.sort(key=lambda c: (c.start, -c.end))
        current = group[0]
        for c in group[1:]:
            if c.start < current.end:
                best = current if _rank(current) >= _rank(c) else c
                contained = c.end <= current.end or (c.start == current.start)
                if contained and _trained(current) != _trained(c):
                    # A model trained on the annotators' spans and another recognizer agree on
                    # an entity here: keep the outer boundaries, so the trained model can only
                    # add coverage ("Amazon Development Centre" around "Amazon"), never take
                    # away what the rules found ("Cisco Systems" around its "Cisco").
                    outer = max(current, c, key=lambda x: (x.end - x.start, _rank(x)))
                    current = Candidate(outer.start, outer.end, c.entity, best.score, outer.source)
                elif contained:
                    current = best  # nested: the better-supported boundaries
                else:
                    current = Candidate(current.start, c.end, c.entity, best.score, best.source)
            else:
                merged.append(current)
                current = c
        merged.append(current)
    return merged
