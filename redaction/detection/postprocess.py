"""Turn raw recognizer results into the spans a reviewer sees.

Steps, in order:

1. **Clean**: trim whitespace and stray punctuation; drop results inside placeholders such as
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

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.detection.recognizers.organizations import ORG_WORDS
from redaction.spans import Span

NAMED = frozenset({"PERSON", "ORGANIZATION", "LOCATION"})
PROPAGATION_SOURCE = "Propagation"
COVER_MARGIN = 0.15
SPACY_SOURCE = "SpacyRecognizer"
_SPACY_LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORGANIZATION",
    "ORGANIZATION": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "LOCATION": "LOCATION",
    "DATE": "DATE_TIME",
    "TIME": "DATE_TIME",
    "DATE_TIME": "DATE_TIME",
}
_PLACEHOLDER = re.compile(
    r"\[[A-Za-z][A-Za-z _-]{0,30}\]|\{\{[A-Za-z _-]{1,30}\}\}|<[A-Z][A-Z_]{1,30}>"
)
_DIRECTION = re.compile(r"(?:the\s+)?(?:(?:north|south|east|west)ern|central|greater)\s+", re.I)
_EDGE = " \t\r\n,;:|•●◦▪·*\"'“”‘’()[]{}<>"
_BREAK = re.compile(r"[\n:\"“”]")
_TRAILING_UNIT = re.compile(
    r"\s+(?:suite|apt|apartment|flat|unit|room|floor|box|street|road|avenue|lane)\.?$", re.I
)
# Endings of English nouns, verbs and adjectives that names (outside the gazetteers) rarely have.
_WORDLIKE = re.compile(
    r"(?:ing|ed|tion|sion|ment|ness|ity|ance|ence|ive|ics|ism|ure|able|ible|ful|less|ship|ware)$"
)
_LINK_EDGE = " \t\r\n,;:.!?\"'()[]<>"
_WORD_EDGE = r"(?<![\w@./-])"
_WORD_END = r"(?![\w@]|[./-]\w)"


@dataclass(frozen=True)
class Settings:
    """The ``postprocess`` section of recognizers.yaml, with defaults."""

    spacy_score: float = 0.5
    lowercase_factor: float = 0.5
    acronym_score: float = 0.3
    header_evidence: float = 0.35
    gazetteer_bonus: float = 0.1
    spacy_org_score: float = 0.5
    propagation_penalty: float = 0.05
    name_part_factor: float = 0.8
    ignore: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        section = dict(config.get("postprocess") or {})
        ignore: set[str] = set()
        for terms in (section.pop("ignore", None) or {}).values():
            ignore.update(" ".join(str(t).lower().split()) for t in terms)
        return cls(ignore=frozenset(ignore), **{k: float(v) for k, v in section.items()})


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    from redaction.detection.recognizers import load_config

    return Settings.from_config(load_config())


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    entity: str
    score: float
    source: str


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

    ``nlp_artifacts`` is optional: nothing here needs more than the text, so results from a
    text detected in pieces are finalized the same way.
    """
    settings = settings or default_settings()
    results = _all_evidence(results, nlp_artifacts)
    placeholders = [m.span() for m in _PLACEHOLDER.finditer(text)]
    header = _header_line(text)
    candidates = [
        c
        for c in (_clean(text, r, settings, placeholders) for r in results)
        if c is not None and (not entities or c.entity in entities)
    ]
    scored = _combine(candidates, header, settings)
    kept = _resolve([c for c in scored if c.score >= threshold])
    kept = _propagate(text, kept, threshold, settings, placeholders)
    return [
        Span(c.start, c.end, c.entity, round(c.score, 4), c.source, text[c.start : c.end])
        for c in sorted(kept, key=lambda c: (c.start, c.end))
    ]


def _all_evidence(
    results: list[RecognizerResult], nlp_artifacts: NlpArtifacts | None
) -> list[RecognizerResult]:
    """The analyzer's results plus what its de-duplication dropped.

    Presidio drops a result equal to or inside a higher-scored one of the same entity (spaCy
    says 0.85 for everything), which hides agreeing evidence. When the NLP output of the whole
    text is given, spaCy's entities are read from it and our recognizers' results from the
    record they keep on it (see ``recognizers._common.LocalRecognizer``).
    """
    from redaction.detection.recognizers._common import recorded_evidence

    spacy = _spacy_results(nlp_artifacts)
    if spacy is not None:
        results = [r for r in results if _source(r) != SPACY_SOURCE] + spacy
    ours = recorded_evidence(nlp_artifacts) if nlp_artifacts is not None else None
    if ours:
        recorded = {_source(r) for r in ours}
        results = [r for r in results if _source(r) not in recorded] + list(ours)
    return results


def _spacy_results(nlp_artifacts: NlpArtifacts | None) -> list[RecognizerResult] | None:
    entities = getattr(nlp_artifacts, "entities", None)
    if entities is None:
        return None
    found = []
    for entity in entities:
        label = _SPACY_LABELS.get(entity.label_)
        if label is not None:
            found.append(
                RecognizerResult(
                    label,
                    entity.start_char,
                    entity.end_char,
                    0.85,
                    recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: SPACY_SOURCE},
                )
            )
    return found


# -- 1. clean -----------------------------------------------------------------------------------


def _source(result: RecognizerResult) -> str:
    metadata = result.recognition_metadata or {}
    return str(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown"))


def _clean(
    text: str,
    result: RecognizerResult,
    settings: Settings,
    placeholders: list[tuple[int, int]],
) -> _Candidate | None:
    start, end = max(result.start, 0), min(result.end, len(text))
    edge = _EDGE if result.entity_type not in {"URL", "EMAIL_ADDRESS"} else _LINK_EDGE
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    if result.entity_type in NAMED and end - start > 1 and text[end - 1] == ".":
        last_word = text[start : end - 1].split()[-1] if text[start : end - 1].split() else ""
        if len(last_word) > 3 and last_word.lower() not in {"ltd", "inc", "corp", "pvt"}:
            end -= 1  # sentence full stop, not an initial or "Ltd."
    if result.entity_type in NAMED:
        # A name never runs over a line break or into quoted speech: keep the first piece.
        cut = _BREAK.search(text, start, end)
        if cut and cut.start() > start:
            end = cut.start()
            while end > start and text[end - 1] in _EDGE:
                end -= 1
        if result.entity_type != "ORGANIZATION":
            trailing = _TRAILING_UNIT.search(text, start, end)
            if trailing and trailing.start() > start:
                end = trailing.start()  # "Diana Usamov Suite"
        if result.entity_type == "ORGANIZATION" and text.startswith(("The ", "the "), start):
            start += 4
        if result.entity_type == "PERSON":
            start = _skip_leading_titles(text, start, end, settings)
        while end - start > 2 and text[end - 2 : end] in {"'s", "’s"}:
            end -= 2
        if result.entity_type == "LOCATION":
            head = _DIRECTION.match(text, start, end)
            if head and head.end() < end:
                start = head.end()
    span_text = text[start:end]
    if not any(c.isalnum() for c in span_text):
        return None
    if any(s < end and start < e for s, e in placeholders):
        return None
    source = _source(result)
    score = result.score
    if result.entity_type == "STREET_ADDRESS" and _software_versions(span_text, settings):
        return None
    if result.entity_type in NAMED:
        if _ignored(span_text, settings):
            return None
        last_word = span_text.split()[-1].lower().rstrip(".")
        if result.entity_type != "ORGANIZATION" and last_word in ORG_WORDS:
            return None  # "Bertha Inc", "Rand Corporation": not a person or a place
        if source == SPACY_SOURCE:
            score = _spacy_score(span_text, result.entity_type, settings)
            if result.entity_type != "PERSON" and _person_like(span_text):
                score *= settings.lowercase_factor
        elif span_text.islower():
            score *= settings.lowercase_factor if source != "CvStructureRecognizer" else 1.0
    return _Candidate(start, end, result.entity_type, score, source)


_STREET_WORD = re.compile(
    r"\b(?:street|st|road|rd|avenue|ave|lane|drive|way|close|court|place|square|flat|apt|suite|"
    r"unit|box|via|rue|rua|avenida|calle)\b",
    re.IGNORECASE,
)


def _software_versions(span_text: str, settings: Settings) -> bool:
    """ "Windows 7, Windows XP": names from the ignore lists with numbers, not an address."""
    head = re.split(r"[,\n]", span_text, maxsplit=1)[0]
    words = [w.lower() for w in re.findall(r"[^\W\d_][\w.+#-]*", head)]
    if _STREET_WORD.search(head):
        return False
    return any(w in settings.ignore for w in words)


def _skip_leading_titles(text: str, start: int, end: int, settings: Settings) -> int:
    """ "Producer Liviana Palerma" -> "Liviana Palerma": job words before a name."""
    while True:
        match = re.match(r"[A-Za-z-]+\s+", text[start:end])
        if not match or match.end() >= end - start:
            return start
        word = match.group().strip().lower()
        if (
            len(word) < 3
            or word not in settings.ignore
            and word.replace("-", " ") not in settings.ignore
        ):
            return start
        start += match.end()


def _ignored(span_text: str, settings: Settings) -> bool:
    """A heading, skill, tool or job title, or made only of such words."""
    key = " ".join(span_text.lower().replace("-", " ").split()).strip(".:")
    if key in settings.ignore:
        return True
    words = [w.strip(".,:()") for w in key.split()]
    return all(w in settings.ignore for w in words if w)


@lru_cache(maxsize=1)
def _names_and_places() -> tuple[frozenset[str], frozenset[str]]:
    from redaction.detection.recognizers._common import load_gazetteer

    names = load_gazetteer("first_names") | load_gazetteer("last_names")
    places = load_gazetteer("places") | load_gazetteer("countries")
    return names, places | load_gazetteer("places_curated")


def _person_like(span_text: str) -> bool:
    """Every word a known given or family name and none a known place: likely a person."""
    names, places = _names_and_places()
    words = [w.strip(".,'’").lower() for w in span_text.split()]
    return bool(words) and all(w in names and w not in places for w in words)


def _spacy_score(span_text: str, entity: str, settings: Settings) -> float:
    score = settings.spacy_org_score if entity == "ORGANIZATION" else settings.spacy_score
    names, places = _names_and_places()
    words = [w.strip(".,'’").lower() for w in span_text.split()]
    if entity == "PERSON":
        if any(w in names for w in words):
            score += settings.gazetteer_bonus
        elif _WORDLIKE.search(words[-1]) or span_text.isupper():
            # "Customer Handling", "Developed", "SUPPORT": English words, not names.
            score = min(score, settings.acronym_score)
        elif len(words) == 1:
            score -= settings.gazetteer_bonus
    elif entity == "LOCATION" and " ".join(words) in places:
        score += settings.gazetteer_bonus
    letters = [c for c in span_text if c.isalpha()]
    if not letters:
        return 0.0
    if span_text.islower():
        score *= settings.lowercase_factor
    if span_text.isupper() and " " not in span_text:
        # "SQL", "AWS" as organisations; "HORTEN", "STAVANGER" (towns in capitals) too.
        score = min(score, settings.acronym_score)
    if entity == "PERSON" and any(c.isdigit() for c in span_text):
        score *= settings.lowercase_factor
    return score


# -- 2. score -----------------------------------------------------------------------------------


def _header_line(text: str) -> tuple[int, int]:
    """Offsets of the first non-empty line, where a CV or letter names its author; (0, 0) for
    texts of fewer than three lines or a first line longer than a name."""
    lines = text.split("\n")
    if sum(1 for line in lines if line.strip()) < 3:
        return 0, 0
    position = 0
    for line in lines:
        if line.strip():
            return (position, position + len(line)) if len(line.split()) <= 6 else (0, 0)
        position += len(line) + 1
    return 0, 0


def _agree(a: _Candidate, b: _Candidate) -> bool:
    if a.entity != b.entity or not (a.start < b.end and b.start < a.end):
        return False
    inter = min(a.end, b.end) - max(a.start, b.start)
    union = max(a.end, b.end) - min(a.start, b.start)
    return inter / union >= 0.5


def _combine(
    candidates: list[_Candidate], header: tuple[int, int], settings: Settings
) -> list[_Candidate]:
    """Noisy-OR of the best score per distinct recognizer agreeing on (about) the same span."""
    by_entity: dict[str, list[_Candidate]] = {}
    for c in candidates:
        by_entity.setdefault(c.entity, []).append(c)
    combined: list[_Candidate] = []
    for group in by_entity.values():
        group.sort(key=lambda c: (c.start, c.end))
        for c in group:
            best: dict[str, float] = {c.source: c.score}
            for other in group:
                if other.start >= c.end:
                    break
                if other is not c and _agree(c, other) and other.source != c.source:
                    best[other.source] = max(best.get(other.source, 0.0), other.score)
            if c.entity == "PERSON" and header[0] <= c.start and c.end <= header[1]:
                best["header"] = settings.header_evidence
            miss = 1.0
            for score in best.values():
                miss *= 1.0 - min(max(score, 0.0), 1.0)
            combined.append(replace(c, score=1.0 - miss))
    return combined


# -- 3. overlaps --------------------------------------------------------------------------------


def _covers(a: _Candidate, b: _Candidate) -> bool:
    return a.start <= b.start and b.end <= a.end and (a.end - a.start) > (b.end - b.start)


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
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
    kept: list[_Candidate] = []
    for c in rest:
        if not any(c.start < k.end and k.start < c.end for k in kept):
            kept.append(c)
    return kept


def _rank(c: _Candidate) -> tuple[float, bool]:
    """Higher score first; on a tie, our recognizers' boundaries over spaCy's."""
    return (round(c.score, 3), c.source != SPACY_SOURCE)


def _merge_same_entity(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    by_entity: dict[str, list[_Candidate]] = {}
    for c in candidates:
        by_entity.setdefault(c.entity, []).append(c)
    merged: list[_Candidate] = []
    for group in by_entity.values():
        group.sort(key=lambda c: (c.start, -c.end))
        current = group[0]
        for c in group[1:]:
            if c.start < current.end:
                best = current if _rank(current) >= _rank(c) else c
                contained = c.end <= current.end or (c.start == current.start)
                if contained:
                    current = best  # nested: the better-supported boundaries
                else:
                    current = _Candidate(current.start, c.end, c.entity, best.score, best.source)
            else:
                merged.append(current)
                current = c
        merged.append(current)
    return merged


# -- 4. propagate -------------------------------------------------------------------------------


def _propagate(
    text: str,
    kept: list[_Candidate],
    threshold: float,
    settings: Settings,
    placeholders: list[tuple[int, int]],
) -> list[_Candidate]:
    taken = bytearray(len(text))
    for c in kept:
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    for s, e in placeholders:
        taken[s:e] = b"\x01" * (e - s)
    phrases: dict[str, tuple[str, float]] = {}
    for c in sorted(kept, key=lambda c: -c.score):
        if c.entity not in NAMED:
            continue
        phrase = text[c.start : c.end]
        score = max(threshold, c.score - settings.propagation_penalty)
        _offer(phrases, phrase, c.entity, score, settings)
        if c.entity == "PERSON":
            for part in re.split(r"[\s,]+", phrase):
                if part[:1].isupper() and len(part.strip(".")) > 2:
                    part_score = max(threshold, c.score * settings.name_part_factor)
                    _offer(phrases, part, c.entity, part_score, settings)
    added: list[_Candidate] = []
    lowered = _searchable(text)
    # Longer phrases first, so "Jane Smith" is found before "Smith" alone.
    for phrase in sorted(phrases, key=len, reverse=True):
        entity, score = phrases[phrase]
        single = " " not in phrase
        for start, end in _occurrences(text, phrase, lowered):
            if any(taken[start:end]):
                continue
            if single and not text[start].isupper():
                continue  # "Street" the name part is not "street" the word
            taken[start:end] = b"\x01" * (end - start)
            added.append(_Candidate(start, end, entity, score, PROPAGATION_SOURCE))
    return kept + added


def _occurrences(text: str, phrase: str, lowered: str | None = None) -> list[tuple[int, int]]:
    """Whole-word, case-insensitive occurrences of ``phrase``; a line break or tab may stand
    for a space between its words. ``lowered``: the text lower-cased with line breaks and tabs
    as spaces (pass it when searching one text for many phrases)."""
    lowered = lowered if lowered is not None else _searchable(text)
    if len(lowered) != len(text):  # lower-casing changed lengths (rare scripts): use a regex
        words = [re.escape(w) for w in phrase.split()]
        pattern = re.compile(_WORD_EDGE + r"\s+".join(words) + _WORD_END, re.IGNORECASE)
        return [m.span() for m in pattern.finditer(text)]
    found = []
    needle = " ".join(phrase.lower().split())
    at = lowered.find(needle)
    while at >= 0:
        end = at + len(needle)
        if _boundary(text, at, end):
            found.append((at, end))
        at = lowered.find(needle, at + 1)
    return found


def _searchable(text: str) -> str:
    return text.lower().replace("\n", " ").replace("\t", " ")


def _boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or before in "_@./-" or after.isalnum() or after in "_@":
        return False
    return not (after in "./-" and end + 1 < len(text) and text[end + 1].isalnum())


def _offer(
    phrases: dict[str, tuple[str, float]],
    phrase: str,
    entity: str,
    score: float,
    settings: Settings,
) -> None:
    key = " ".join(phrase.split())
    if len(key) < 3 or not any(c.isalpha() for c in key) or _ignored(key, settings):
        return
    if key.lower() in _COMMON:
        return
    if key not in phrases or phrases[key][1] < score:
        phrases[key] = (entity, score)


# Words too common to propagate even when a recognizer kept them once.
_COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "this",
        "that",
        "your",
        "you",
        "are",
        "was",
        "were",
        "has",
        "have",
        "will",
        "can",
        "may",
        "june",
        "april",
        "august",
        "march",
        "present",
        "india",
    ]
)
