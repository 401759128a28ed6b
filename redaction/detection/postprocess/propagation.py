"""Step 4: flag every other occurrence of a kept name, organisation or place."""

from __future__ import annotations

import re
from collections.abc import Iterable

from redaction.detection.postprocess.cleaning import ignored
from redaction.detection.postprocess.settings import (
    NAMED,
    PROPAGATION_SOURCE,
    Candidate,
    Settings,
)

_WORD_EDGE = r"(?<![\w@./-])"
_WORD_END = r"(?![\w@]|[./-]\w)"


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
    lowered = _searchable(text)
    starts = _word_starts(text, lowered, phrases) if len(lowered) == len(text) else None
    # Longer phrases first, so "Jane Smith" is found before "Smith" alone.
    for phrase in sorted(phrases, key=len, reverse=True):
        entity, score = phrases[phrase]
        single = " " not in phrase
        found = (
            _indexed_occurrences(text, phrase, lowered, starts)
            if starts is not None
            else _occurrences(text, phrase, lowered)
        )
        for start, end in found:
            if any(taken[start:end]):
                continue
            if single and not text[start].isupper():
                continue  # "Street" the name part is not "street" the word
            if len(phrase) == 2 and text[start:end] != phrase:
                continue  # "TW" the company is not "Tw" or "tw"
            taken[start:end] = b"\x01" * (end - start)
            added.append(Candidate(start, end, entity, score, PROPAGATION_SOURCE))
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


_FIRST_WORD = re.compile(r"\w+")


def _first_word(phrase: str) -> str | None:
    """The word a phrase starts with (lower case), or None if it starts with punctuation."""
    match = _FIRST_WORD.match(" ".join(phrase.lower().split()))
    return match.group() if match else None


def _word_starts(text: str, lowered: str, phrases: Iterable[str]) -> dict[str, list[int]]:
    """Where each word that starts a phrase occurs in ``lowered``: one pass over the text, so
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
        return _occurrences(text, phrase, lowered)
    needle = " ".join(phrase.lower().split())
    found = []
    for at in starts.get(word, ()):
        end = at + len(needle)
        if lowered.startswith(needle, at) and _boundary(text, at, end):
            found.append((at, end))
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
    short_acronym = len(key) == 2 and key.isalpha() and key.isupper()  # "TW", "TK"
    if (len(key) < 3 and not short_acronym) or not any(c.isalpha() for c in key):
        return
    if ignored(key, settings):
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
