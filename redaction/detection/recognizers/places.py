"""Places (cities, regions, countries) from gazetteers, scored by how sure the look-up is.

A capitalised word sequence found in the country list or the hand-written list of major places
is likely a place; one found only in the long generated list of towns needs more support
(a proper-noun tag, a preposition such as "in"/"from" before it, or a comma list).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from redaction.detection.recognizers import register
from redaction.detection.recognizers._common import (
    EvidenceRecognizer,
    PhraseIndex,
    doc_of,
    is_capitalised,
    load_gazetteer,
    proper_like,
    result,
    sure_places,
)

PLACE_PREPOSITIONS = frozenset(
    ["in", "at", "from", "to", "near", "based", "of", "across", "around"]
)
DIRECTIONS = frozenset(
    [
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "greater",
        "upper",
        "lower",
        "north",
        "south",
        "east",
        "west",
    ]
)
# "flew to HORTEN", "moved from Auroratown": a capitalised word after these may be a place
# even when no list knows it (weak evidence alone, enough when spaCy agrees).
CUE_WORDS = frozenset(["in", "to", "from", "near", "towards", "visiting", "via"])
PLACE_SUFFIXES = frozenset(["city", "district", "region", "state", "county", "province", "town"])
# Travel and origin phrases: "flew to X", "originally from X", "I am in X for ...". The words
# after them name a place far more often than a person.
_UPPER = "A-ZÀ-ÖØ-Þ\u0386-\u03ab\u0400-\u042f"
_PLACE_WORD = rf"[{_UPPER}][\w'’]*(?:-[\w'’]+)*"
_PARTICLE = r"(?:de|del|de\s+la|la|le|du|des|da|do|di|nad|pod|am|an|im|sur|upon|op|aan)"
TRAVEL_CUE = re.compile(
    r"\b(?i:(?:flew|flying|fly|moved|moving|relocated|returned|returning|travell?ed|travell?ing|"
    r"drove|driving|headed|heading|arrived|arriving|emigrated|immigrated|commutes?|coming|came|"
    r"lives?|lived|living|based|stationed|born|raised|grew\s+up|stay(?:ed|ing)?|"
    r"(?:I|we)\s+am|I'm|I’m|we're|we’re|(?:I|we)\s+are)"
    r"(?:\s+(?:here|back|there|over|originally|up))?\s+(?:to|from|in|into|at|near|outside)"
    r"|originally\s+from|home\s*(?:town|city)(?:\s+(?:of|is))?)\s+"
    rf"(?P<place>{_PLACE_WORD}(?:(?:\s+{_PARTICLE})?\s+{_PLACE_WORD}){{0,2}}|[a-zà-ÿ][\w'’-]+)"
)


class PlaceGazetteerRecognizer(EvidenceRecognizer):
    ENTITIES = ("LOCATION",)
    sure_score: float = 0.7
    town_score: float = 0.4
    support_bonus: float = 0.15
    cue_score: float = 0.3
    upper_cue_score: float = 0.45
    travel_score: float = 0.65

    def setup(self) -> None:
        self.sure = PhraseIndex(sure_places())
        self.towns = PhraseIndex(load_gazetteer("places"))
        self.given = load_gazetteer("first_names")
        self.family = load_gazetteer("last_names")
        self.names = self.given | self.family
        self.stop_words = STOP_WORDS

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        doc = doc_of(nlp_artifacts)
        if doc is None or not self.wanted(entities, "LOCATION"):
            return []
        found: list[RecognizerResult] = self._travelled(text)
        i = 0
        while i < len(doc):
            token = doc[i]
            if not is_capitalised(token):
                i += 1
                continue
            length = self.sure.longest_at(doc, i)
            sure = length > 0
            if not sure:
                length = self.towns.longest_at(doc, i)
            if length == 0:
                cue = self._cued(doc, i)
                if cue:
                    found.append(result(self, "LOCATION", token.idx, token.idx + len(token), cue))
                i += 1
                continue
            end = i + length
            if end < len(doc) and doc[end].lower_ in PLACE_SUFFIXES and is_capitalised(doc[end]):
                end += 1
            score = self._score(doc, i, end, sure)
            if score > 0:
                found.append(
                    result(
                        self, "LOCATION", doc[i].idx, doc[end - 1].idx + len(doc[end - 1]), score
                    )
                )
            i = end
        best: dict[tuple[int, int], RecognizerResult] = {}
        for r in found:  # a cued place the lists also know: one result, the better score
            if (r.start, r.end) not in best or r.score > best[(r.start, r.end)].score:
                best[(r.start, r.end)] = r
        return sorted(best.values(), key=lambda r: r.start)

    def _travelled(self, text: str) -> list[RecognizerResult]:
        """Places after travel and origin phrases ("flew to X", "originally from X")."""
        found = []
        for match in TRAVEL_CUE.finditer(text):
            place = match.group("place")
            start = match.start("place")
            if not place[:1].isupper():
                # Lower-case text: only places the lists know ("moved here from tunisia").
                if place not in self.sure and place not in self.towns:
                    continue
                found.append(result(self, "LOCATION", start, start + len(place), self.sure_score))
                continue
            words = place.split()
            if words[0].lower() in self.stop_words or len(place) < 3:
                continue
            known = place in self.sure or place in self.towns
            if (
                not known
                and len(words) > 1
                and words[0].lower() in self.given
                and words[-1].lower() in self.family
            ):
                continue  # "came to Maria Lopez for advice": a person
            score = self.travel_score + (self.support_bonus if known else 0.0)
            found.append(result(self, "LOCATION", start, start + len(place), score))
        return found

    def _cued(self, doc: Doc, i: int) -> float:
        """Score for an unknown single capitalised word right after a place cue, or 0."""
        token = doc[i]
        if i == 0 or doc[i - 1].lower_ not in CUE_WORDS or not token.is_alpha or len(token) < 4:
            return 0.0
        if token.is_stop or token.lower_ in self.names:
            return 0.0
        after = doc[i + 1] if i + 1 < len(doc) else None
        if after is not None and is_capitalised(after) and "\n" not in token.whitespace_:
            return 0.0  # part of a longer name
        return self.upper_cue_score if token.is_upper else self.cue_score

    def _score(self, doc: Doc, start: int, end: int, sure: bool) -> float:
        span = doc[start:end]
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        # Part of a longer proper noun ("Jackson Smith", "Paris Hilton Ltd"): not a place here.
        for neighbour in (before, after):
            if (
                neighbour is not None
                and is_capitalised(neighbour)
                and neighbour.is_alpha
                and not neighbour.is_sent_start
                and neighbour.lower_ not in PLACE_SUFFIXES
                and neighbour.lower_ not in DIRECTIONS
                and neighbour.text not in self.sure
                and neighbour.text not in self.towns
                and "\n"
                not in (before.whitespace_ if neighbour is before else span[-1].whitespace_)
            ):
                return 0.0
        score = self.sure_score if sure else self.town_score
        support = 0
        if before is not None and before.lower_ in PLACE_PREPOSITIONS:
            support += 1
        if (before is not None and before.text == ",") or (after is not None and after.text == ","):
            support += 1
        clause_start = _clause_start(doc, start)
        alone_on_line = (start == 0 or "\n" in doc[start - 1].whitespace_) and (
            after is None or "\n" in span[-1].whitespace_
        )  # an address line or a CV's header line
        if not sure and clause_start and support == 0 and not alone_on_line:
            # A capital first word of a line, bullet or sentence says nothing, and the town list
            # holds ordinary words ("Manage", "Proven", "Best" are towns too): without a comma
            # or preposition beside it, such a town is left to other evidence.
            return 0.0
        if all(proper_like(t) for t in span) and not clause_start:
            support += 1
        if not sure and len(span) == 1 and span[0].lower_ in self.names:
            support -= 1  # "Austin", "Florence": a person as often as a place
        if span.text.isupper() and len(span.text) <= 3:
            return 0.0
        return min(score + self.support_bonus * support, 0.9)


def _clause_start(doc: Doc, i: int) -> bool:
    """Is token ``i`` the first word of a line, list item or sentence (capitalised anyway)?"""
    if i == 0 or doc[i].is_sent_start is True:
        return True
    before = doc[i - 1]
    if "\n" in before.whitespace_:
        return True
    if before.text in {".", "!", "?", ":", ";"}:
        return True
    # a bullet or symbol opening a line ("• Manage", "〓 Manage", "- Best")
    return (
        not any(c.isalnum() for c in before.text)
        and before.text not in {",", "(", "&", "/"}
        and (i - 1 == 0 or "\n" in doc[i - 2].whitespace_ or doc[i - 1].is_sent_start is True)
    )


@register("place_gazetteer")
def place_recognizers(*, supported_language: str = "en", **scores: float) -> list[EntityRecognizer]:
    return [PlaceGazetteerRecognizer(supported_language=supported_language, **scores)]
