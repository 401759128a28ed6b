"""Step 3: resolve overlapping candidates."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from redaction.detection.postprocess.settings import (
    COVER_MARGIN,
    EXTENDING_SOURCES,
    SPACY_SOURCE,
    TRAINED_SOURCE_PREFIX,
    Candidate,
)


def _covers(a: Candidate, b: Candidate) -> bool:
    return a.start <= b.start and b.end <= a.end and (a.end - a.start) > (b.end - b.start)


def resolve(candidates: list[Candidate], text: str | None = None) -> list[Candidate]:
    """Non-overlapping candidates, in O(n log n): sort and sweep, never every pair.

    With ``text``, a candidate of our recognizers that loses to a better one it only partly
    overlaps keeps the words outside it: "PO Box 881, Galway" beside the place "Galway H91
    X2Y7, Ireland" still covers "PO Box 881" (dropped whole, the box number would leak)."""
    merged = _merge_same_entity(candidates)
    # A span covering another of a different entity wins over it, unless the cover is only
    # spaCy's and the covered one is much better supported ("Southern Tunisia" as a bare spaCy
    # ORG around the place "Tunisia"). A cover that loses so takes nothing else with it: in
    # "Harwood Kitchens - Swindon", a bare spaCy PERSON beaten by the place "Swindon" leaves
    # the employer "Harwood Kitchens" standing.
    pairs = list(_covering_pairs(merged))
    weak = {
        id(a) for a, b in pairs if a.source == SPACY_SOURCE and a.score + COVER_MARGIN < b.score
    }
    covered = set(weak)
    covered.update(id(b) for a, b in pairs if id(a) not in weak)
    rest = [c for c in merged if id(c) not in covered]
    rest.sort(key=lambda c: (-c.score, -(c.end - c.start), c.start))
    kept = _greedy_non_overlapping(rest)
    if text is None:
        return kept
    chosen = {id(c) for c in kept}
    losers = [c for c in rest if id(c) not in chosen and c.source != SPACY_SOURCE]
    if not losers:
        return kept
    # Kept spans never overlap, so sorted by start they are sorted by end too: the ones a
    # loser overlaps are a run found by bisection, not by a scan of all of them.
    by_start = sorted(kept, key=lambda c: c.start)
    starts = [c.start for c in by_start]
    ends = [c.end for c in by_start]
    pieces = [
        p
        for c in losers
        for p in _outside(
            text, c, by_start[bisect_right(ends, c.start) : bisect_left(starts, c.end)]
        )
    ]
    return kept + _greedy_non_overlapping(pieces) if pieces else kept


def _outside(text: str, loser: Candidate, overlapping: list[Candidate]) -> list[Candidate]:
    """The words of ``loser`` that none of the kept spans ``overlapping`` it covers, when they
    overlap it only in part (one whose span holds it whole took its place): whole words only,
    each piece with three letters or digits at least."""
    if not overlapping or any(c.start <= loser.start and loser.end <= c.end for c in overlapping):
        return []
    pieces = []
    position = loser.start
    for c in [*overlapping, None]:
        end = c.start if c is not None else loser.end
        start, end = position, min(end, loser.end)
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        whole = (start == loser.start or not text[start - 1].isalnum()) and (
            end == loser.end or not text[end].isalnum()
        )
        if whole and sum(ch.isalnum() for ch in text[start:end]) >= 3:
            pieces.append(Candidate(start, end, loser.entity, loser.score, loser.source))
        if c is not None:
            position = max(position, c.end)
    return pieces


def _covering_pairs(merged: list[Candidate]) -> Iterator[tuple[Candidate, Candidate]]:
    """Every ``(a, b)`` of different entities where ``a`` strictly covers ``b``.

    Spans of one entity no longer overlap once merged, so at any offset at most one span per
    entity is open: the sweep keeps the open spans and compares each span with those only.
    """
    ordered = sorted(merged, key=lambda c: (c.start, -c.end))
    open_spans: list[Candidate] = []
    for b in ordered:
        open_spans = [a for a in open_spans if a.end > b.start]
        for a in open_spans:
            if a.entity != b.entity and _covers(a, b):
                yield a, b
        open_spans.append(b)
    # Equal starts: the longer span comes first above, so it is open when the shorter is seen.


def _greedy_non_overlapping(ranked: list[Candidate]) -> list[Candidate]:
    """Keep each candidate, best first, that overlaps none kept before it."""
    starts: list[int] = []  # kept spans never overlap, so sorted by start they are by end too
    ends: list[int] = []
    kept: list[Candidate] = []
    for c in ranked:
        i = bisect_right(starts, c.start)
        if i > 0 and ends[i - 1] > c.start:
            continue
        if i < len(starts) and starts[i] < c.end:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        kept.append(c)
    return kept


def _rank(c: Candidate) -> tuple[float, bool]:
    """Higher score first; on a tie, our recognizers' boundaries over spaCy's."""
    return (round(c.score, 3), c.source != SPACY_SOURCE)


def _trained(c: Candidate) -> bool:
    return c.source.startswith(TRAINED_SOURCE_PREFIX)


def _bridges(group: list[Candidate]) -> list[Candidate]:
    """``group`` (one entity) without spaCy spans that only bridge two of our own.

    spaCy reads "Department of Weaving and Dyeing, University of Harlston" as "Department of
    Weaving" and "Dyeing, University of Harlston". Merged with our two names, its second span
    would join both into one, which the nested rule then shrinks to one of them, losing the
    other. A spaCy span that our spans of the same entity cover but for a separator (", ")
    adds nothing and goes.
    """
    ours = sorted((c.start, c.end) for c in group if c.source != SPACY_SOURCE)
    if not ours or len(ours) == len(group):
        return group
    runs: list[list[int]] = []  # our coverage, as runs joined over gaps of a separator
    for start, end in ours:
        if runs and start <= runs[-1][1] + _SEPARATOR:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    run_starts = [r[0] for r in runs]
    kept = []
    for c in group:
        if c.source == SPACY_SOURCE:
            i = bisect_right(run_starts, c.start) - 1
            inside_one = any(s <= c.start and c.end <= e for s, e in ours)
            if i >= 0 and c.end <= runs[i][1] and not inside_one:
                continue
        kept.append(c)
    return kept


def _extends_spacy(a: Candidate, b: Candidate) -> Candidate | None:
    """Of two partly overlapping spans, the one from an extending recognizer when the other is
    a bare spaCy span, or None."""
    for ours, theirs in ((a, b), (b, a)):
        if ours.source in EXTENDING_SOURCES and theirs.source == SPACY_SOURCE:
            return ours
    return None


#: Characters between two of our spans that a bridging spaCy span may cover (", ").
_SEPARATOR = 2


def _merge_same_entity(candidates: Iterable[Candidate]) -> list[Candidate]:
    by_entity: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_entity.setdefault(c.entity, []).append(c)
    merged: list[Candidate] = []
    for group in by_entity.values():
        group = _bridges(group)
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
                elif contained and current.source in EXTENDING_SOURCES:
                    # "Lebanon, N.H." around the country "Lebanon": the place with its region
                    current = Candidate(
                        current.start, current.end, c.entity, best.score, current.source
                    )
                elif contained:
                    current = best  # nested: the better-supported boundaries
                elif (extending := _extends_spacy(current, c)) is not None:
                    # "Dean, School of Nursing, Midwifery" (spaCy) across "School of Nursing,
                    # Midwifery, and Allied Health (SNMAH)": the name that knows where it ends
                    current = extending
                else:
                    current = Candidate(current.start, c.end, c.entity, best.score, best.source)
            else:
                merged.append(current)
                current = c
        merged.append(current)
    return merged
