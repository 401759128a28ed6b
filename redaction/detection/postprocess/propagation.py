"""Step 4: flag every other occurrence of a kept name, organisation or place."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redaction.detection.postprocess.cleaning import ignored
from redaction.detection.postprocess.settings import (
    NAMED,
    PROPAGATION_SOURCE,
    SPACY_SOURCE,
    Candidate,
    Settings,
)
from redaction.sametext import FoldedText, phrase_key


def propagate(
    text: str,
    kept: list[Candidate],
    threshold: float,
    settings: Settings,
    placeholders: list[tuple[int, int]],
) -> list[Candidate]:
    taken = bytearray(len(text))
    for c in kept:
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    for s, e in placeholders:
        taken[s:e] = b"\x01" * (e - s)
    phrases: dict[str, tuple[str, float]] = {}
    for c in sorted(kept, key=lambda c: -c.score):
        if c.entity not in NAMED or c.score < settings.propagation_min_score:
            continue  # only confident decisions are copied
        phrase = text[c.start : c.end]
        score = max(threshold, c.score - settings.propagation_penalty)
        _offer(phrases, phrase, c.entity, score, settings)
        if c.entity == "PERSON":
            for part in re.split(r"[\s,]+", phrase):
                if part[:1].isupper() and len(part.strip(".")) > 2:
                    part_score = max(threshold, c.score * settings.name_part_factor)
                    _offer(phrases, part, c.entity, part_score, settings)
    added: list[Candidate] = []
    kept = list(kept)
    # spaCy alone, weakly, read as another kind of entity ("starring Holinka" an organisation
    # after "directed by Jindřich Holinka"): the name the text confirms elsewhere wins.
    weak = {
        (c.start, c.end): i
        for i, c in enumerate(kept)
        if c.source == SPACY_SOURCE and c.score <= _WEAK
    }
    folded = FoldedText.of(text)
    starts = _word_starts(folded.folded, phrases) if folded.same_offsets else None
    # Longer phrases first, so "Jane Smith" is found before "Smith" alone.
    for phrase in sorted(phrases, key=len, reverse=True):
        entity, score = phrases[phrase]
        single = " " not in phrase
        found = (
            _indexed_occurrences(text, phrase, folded.folded, starts)
            if starts is not None
            else _occurrences(text, phrase, folded)
        )
        for start, end in found:
            if any(taken[start:end]):
                i = weak.get((start, end), -1)
                if i >= 0 and kept[i].entity != entity and kept[i].score < score:
                    kept[i] = Candidate(start, end, entity, score, PROPAGATION_SOURCE)
                continue
            if single and not text[start].isupper():
                continue  # "Street" the name part is not "street" the word
            if len(phrase) == 2 and text[start:end] != phrase:
                continue  # "TW" the company is not "Tw" or "tw"
            taken[start:end] = b"\x01" * (end - start)
            added.append(Candidate(start, end, entity, score, PROPAGATION_SOURCE))
    return kept + added


def _occurrences(text: str, phrase: str, folded: FoldedText | None = None) -> list[tuple[int, int]]:
    """Whole-word occurrences of ``phrase`` that are the same text (``redaction.sametext``:
    case, normal form and the kind of white space ignored), its words one space apart.
    ``folded``: the text folded (pass it when searching one text for many phrases)."""
    folded = folded if folded is not None else FoldedText.of(text)
    return [(a, b) for a, b in folded.find(phrase_key(phrase)) if _boundary(text, a, b)]


_FIRST_WORD = re.compile(r"\w+")


def _first_word(phrase: str) -> str | None:
    """The word a phrase starts with (folded), or None if it starts with punctuation."""
    match = _FIRST_WORD.match(phrase_key(phrase))
    return match.group() if match else None


def _word_starts(lowered: str, phrases: Iterable[str]) -> dict[str, list[int]]:
    """Where each word that starts a phrase occurs in the folded text ``lowered`` (whose offsets
    are the text's): one pass over the text, so
    searching for many phrases costs their occurrences, not one scan of the text each."""
    wanted = {w for w in map(_first_word, phrases) if w is not None}
    starts: dict[str, list[int]] = {}
    if not wanted:
        return starts
    for match in _FIRST_WORD.finditer(lowered):
        word = match.group()
        if word in wanted:
            starts.setdefault(word, []).append(match.start())
    return starts


def _indexed_occurrences(
    text: str, phrase: str, lowered: str, starts: dict[str, list[int]]
) -> list[tuple[int, int]]:
    """What :func:`_occurrences` finds, from the word index: a whole-word occurrence starts
    where a word starts (the character before it is no word character), and that word is the
    phrase's first word."""
    word = _first_word(phrase)
    if word is None:
        return _occurrences(text, phrase)
    needle = phrase_key(phrase)
    found = []
    for at in starts.get(word, ()):
        end = at + len(needle)
        if lowered.startswith(needle, at) and _boundary(text, at, end):
            found.append((at, end))
    return found


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
    short_acronym = len(key) == 2 and key.isalpha() and key.isupper()  # "TW", "TK"
    if (len(key) < 3 and not short_acronym) or not any(c.isalpha() for c in key):
        return
    if ignored(key, settings):
        return
    if key.lower() in _COMMON:
        return
    if key not in phrases or phrases[key][1] < score:
        phrases[key] = (entity, score)


#: At or below this, a span of spaCy's alone gives way to a name the text confirms elsewhere (spaCy's
#: lone guesses score 0.4-0.5 after recalibration; agreement raises them above).
_WEAK = 0.5

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
