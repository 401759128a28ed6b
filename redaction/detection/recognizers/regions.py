"""A town with its state, province or country: "Baltimore, MD", "Montreal, QC", "Chicago,
Illinois", "Birmingham, UK", "San Francisco CA 94132"; and the countries written as
abbreviations ("the U.S.", "UAE", "EU").

The town alone is often found by other recognizers; the two-letter code after it never is,
because a two-letter capital word means nothing on its own. Together they are strong evidence:
a capitalised word, a comma and a known region code is how addresses and CV entries name a
place. The pair is one LOCATION span (with the ZIP or postal code after it, if any), so the
town is not left as a person ("Phoenix, AZ") and the code is not left uncovered.

Regions come from ``resources/gazetteers/regions.txt`` (codes, names and abbreviations of US
states, Canadian provinces and Australian states) and country names from ``countries.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from redaction.detection.recognizers import register
from redaction.detection.recognizers._common import (
    EvidenceRecognizer,
    known_towns,
    label_word,
    load_gazetteer,
    result,
)
from redaction.detection.recognizers.organizations import JOB_WORDS, ORG_WORDS

# Codes that are also English words: after them a lower-case word means a sentence goes on
# ("Tampa, OR either"), so they count only at the end of the entry.
_WORDLIKE_CODES = frozenset({"IN", "OR", "ME", "OK", "HI", "OH", "ON", "AS", "DE", "LA", "MA"})
# Countries written as abbreviations; counted alone too.
COUNTRY_CODES = frozenset(
    {"US", "USA", "U.S.", "U.S.A.", "UK", "U.K.", "UAE", "U.A.E.", "EU", "USSR", "PRC", "KSA"}
)
# Not towns: a company's legal form before the comma ("Acme Inc., CA" is an employer).
_NOT_TOWN = frozenset({"inc", "ltd", "llc", "llp", "corp", "co", "plc", "gmbh", "pvt", "company"})

_ORGANIZATION_WORDS = ORG_WORDS | JOB_WORDS | {"project", "dept", "engineering", "automation"}
_CONNECTOR = re.compile(r"(?i:\b(?:of|for|and|de|the)|&)[ \t]+$")
# _town_before's answer when the words before the comma are the end of an organisation's name.
_PART_OF_A_NAME = -1

_UPPER = "A-ZÀ-ÖØ-Þ"
_TOWN_WORD = rf"[{_UPPER}][\w'’\-]*\.?"
# Up to three capitalised words ending where the separator starts (searched with endpos).
_TOWN = re.compile(rf"(?<![\w'’.@/-])(?:{_TOWN_WORD}[ \t]+){{0,2}}{_TOWN_WORD}$")
# "Michigan Technological University": a region name that opens a longer name.
_FOLLOWED_BY_NAME = re.compile(r"[ \t][A-Z]")
_REGION_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’.]*")
_SEPARATOR = re.compile(r"[ \t]*,[ \t]*")
# A code with no comma before it: only where the entry clearly ends after it.
_BARE_CODE = re.compile(
    r"(?<=[ \t])(?P<code>[A-Z]{2})(?=[ \t]+\d{5}\b|[ \t]*$|[ \t]{2,}|[ \t]*[|)•·—]"
    r"|[ \t]+(?:19|20)\d\d\b)",
    re.MULTILINE,
)
# The item before "Town, ST": from the last delimiter of the entry (line start, a column gap,
# a bar or dash, an opening bracket or "at") to the comma before the town.
_ITEM_BEFORE_TOWN = re.compile(
    r"(?:^|\n|[ \t]{2,}|[|•—–():;]|,[ \t]*|[ \t]-[ \t]|\bat[ \t])[ \t]*"
    r"(?P<item>[^\s,|•—–():;]+(?:[ \t](?!-[ \t])[^\s,|•—–():;]+)*)"
    r"(?:[ \t]*,[ \t]*|(?P<gap>[ \t]{2,}|[ \t]*[|•:(][ \t]*))$"
)
_NAME_CONNECTORS = frozenset(
    {"of", "for", "and", "the", "de", "la", "los", "del", "du", "on", "to", "&"}
)
_STREET = re.compile(
    r"\b(?i:street|st\.|road|rd\.|avenue|ave\.?|lane|drive|dr\.|boulevard|blvd\.?|suite|"
    r"floor|box|way|court|place|highway|hwy)(?!\w)"
)
_DATE_LIKE = re.compile(r"\b(?:19|20)\d\d\b|\d+/\d+")
# Where an entry's column ends: a line end, a column gap or a bar.
_COLUMN_END = re.compile(r"[ \t]*(?:\n|$)|[ \t]{2,}|[ \t]*[|•]")
_POSTAL = re.compile(r"[ \t]*,?[ \t]*(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z][ ]?\d[A-Z]\d)(?![\w-])")
# A state code on its own after a place preposition: "moving to NY", "based in TX".
_CUED_CODE = re.compile(r"\b(?:in|to|from|near|based in|out of)[ \t]+(?P<code>[A-Z]{2})(?!\w|\.\w)")
_COUNTRY = re.compile(
    r"(?<![\w.@/-])(?:U\.S\.A\.|U\.S\.|U\.K\.|U\.A\.E\.|USA|UAE|USSR|UK|US|EU|PRC|KSA|NYC)(?![\w-])"
)
# "contact US", "JOIN US": the pronoun in capitals, not the country.
_US_PRONOUN = re.compile(
    r"(?i:about|contact|join|call|email|e-mail|visit|help|let|tell|give|send|write|reach|follow|"
    r"with|for|choose|trust|ask|of|to|by|from)[ \t]+$"
)
_US_COUNTRY_CUE = re.compile(r"(?i:the|in|across|within|throughout|outside|all)[ \t]+$")


@cache
def _regions() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(codes, dotted abbreviations, lower-cased names) of states and provinces."""
    text = resources.files("resources").joinpath("gazetteers/regions.txt").read_text("utf-8")
    codes: set[str] = set()
    abbreviations: set[str] = set()
    names: set[str] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, *others = (part.strip() for part in line.split("|"))
        codes.add(code)
        for other in others:
            if other.endswith(".") or other.isupper():
                abbreviations.add(other)
            else:
                names.add(other.lower())
    return frozenset(codes), frozenset(abbreviations), frozenset(names)


class RegionRecognizer(EvidenceRecognizer):
    ENTITIES = ("LOCATION", "ORGANIZATION")
    code_score: float = 0.85
    name_score: float = 0.8
    country_score: float = 0.6
    employer_score: float = 0.5

    def setup(self) -> None:
        self.codes, self.abbreviations, self.names = _regions()
        self.countries = load_gazetteer("countries")
        self.towns = known_towns()

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.wanted(entities, "LOCATION"):
            return []  # (organisations are found only beside the places)
        found: list[RecognizerResult] = []
        for comma in _SEPARATOR.finditer(text):
            region = self._region_after(text, comma.end())
            if region is None:
                continue
            end, score = region
            town = self._town_before(
                text, comma.start(), len(comma.group()) - 1, coded=score >= self.code_score
            )
            if town is not None:
                start = comma.end() if town == _PART_OF_A_NAME else town
                found.append(result(self, "LOCATION", start, self._postal(text, end), score))
                if town != _PART_OF_A_NAME:
                    found.extend(self._employer_before(text, town))
        for bare in _BARE_CODE.finditer(text):
            code = bare.group("code")
            if code not in self.codes:
                continue
            sep_start = len(text[: bare.start()].rstrip(" \t"))
            town = self._town_before(text, sep_start, bare.start() - sep_start)
            if town is None or town == _PART_OF_A_NAME:
                continue
            if code in _WORDLIKE_CODES and text[town:sep_start].lower() not in self.towns:
                continue  # "Kent OH" is a town and its state; "Reports IN" is not
            if not any(len(w) >= 3 for w in _REGION_WORD.findall(text, town, sep_start)):
                continue  # "W L T GF GA": a table's column heads, no town before a code
            end = self._postal(text, bare.end())
            found.append(result(self, "LOCATION", town, end, self.code_score))
        for cued in _CUED_CODE.finditer(text):
            code = cued.group("code")
            if code in self.codes and code not in _WORDLIKE_CODES:
                found.append(result(self, "LOCATION", *cued.span("code"), self.country_score))
        for country in _COUNTRY.finditer(text):
            if country.group() == "US" and not self._us_is_country(text, country.start()):
                continue
            found.append(
                result(self, "LOCATION", country.start(), country.end(), self.country_score)
            )
        return found

    def _region_after(self, text: str, start: int) -> tuple[int, float] | None:
        """End offset and score of the region named at ``start``, or None."""
        words: list[re.Match[str]] = []
        position = start
        while len(words) < 4:
            match = _REGION_WORD.match(text, position)
            if match is None:
                break
            words.append(match)
            gap = re.match(r"[ \t]+", text[match.end() : match.end() + 8])
            if gap is None:
                break
            position = match.end() + gap.end()
        if not words or not words[0].group()[:1].isupper():
            return None
        for count in range(len(words), 0, -1):
            last = words[count - 1]
            phrase = " ".join(w.group() for w in words[:count])
            if count == 1:
                word = phrase
                code = word.rstrip(".")
                if word in COUNTRY_CODES or word in self.abbreviations:
                    return last.end(), self.code_score
                if code in self.codes or code in COUNTRY_CODES:
                    if code in _WORDLIKE_CODES and re.match(r"[ \t]+[a-z]", text[last.end() :]):
                        return None
                    return last.start() + len(code), self.code_score
                if (
                    len(word) == 2
                    and word.istitle()
                    and word.upper() in self.codes
                    and _COLUMN_END.match(text, last.end())
                ):
                    return last.end(), self.code_score  # "Ukiah, Ca  Millwright": a typed code
            name = phrase.rstrip(".").lower()
            if _FOLLOWED_BY_NAME.match(text, last.end()):
                continue
            if name in self.names or name in self.countries:
                return last.start() + len(last.group().rstrip(".")), self.name_score
        return None

    def _employer_before(self, text: str, town: int) -> list[RecognizerResult]:
        """ "Southern Wine and Spirits, Cerritos, CA", "Lecturer, Acme University, Towson,
        MD", "Summer 2008  Unified  New York, NY": the item right before a town and its region
        (after a comma, a column gap, a bar, a bullet, a colon or a bracket) names the employer
        or school of a CV entry (a job title or a heading there is left alone)."""
        comma = _ITEM_BEFORE_TOWN.search(text, max(0, town - 90), town)
        if comma is None:
            return []
        start, end = comma.start("item"), comma.end("item")
        if text[start:end].strip(".").lower() in _NOT_TOWN:
            # "Qorvantis, Inc., Cary, NC": the name is the item before the legal form
            before = _ITEM_BEFORE_TOWN.search(text, max(0, start - 90), start)
            if before is None:
                return []
            start = before.start("item")
        item = text[start:end]
        words = item.split()
        letters = [c for c in item if c.isalpha()]
        if not 1 <= len(words) <= 7 or not letters or not letters[0].isupper():
            return []  # the first letter a capital, after any digits ("3M Health Care")
        bare = [w.strip(".,()").lower() for w in words]
        if bare[-1] in JOB_WORDS or bare[-1].removesuffix("s") in JOB_WORDS:
            return []
        if all(label_word(w) or w in STOP_WORDS for w in bare) or _DATE_LIKE.search(item):
            return []
        if comma.group("gap") and any(label_word(w) for w in bare if w not in _NAME_CONNECTORS):
            return []  # "Relevant Experience  Boston, MA": a heading in the column before
        lower = [w for w in words if not any(c.isupper() or c.isdigit() for c in w)]
        if any(w not in _NAME_CONNECTORS for w in lower) or _STREET.search(item):
            return []  # a sentence or a street address, not a name
        return [result(self, "ORGANIZATION", start, end, self.employer_score)]

    def _town_before(self, text: str, end: int, gap: int, *, coded: bool = False) -> int | None:
        """Start offset of the town that ends at ``end`` (same line), or None.

        ``coded``: a state or province code follows, which makes a single capitalised word
        before it a town even when it is also a common word or a tool's name.

        ``gap``: the width of the white space between town and region. Words further apart
        than that are columns of a table or a layout ("ACME CORP  New York, NY"), not one town;
        so is an ALL-CAPS word before a town written in mixed case."""
        match = _TOWN.search(text, max(0, end - 80), end)
        if match is None:
            return None
        start = match.start()
        words = list(re.finditer(r"\S+", text[start:end]))
        for i in range(len(words) - 1, 0, -1):
            if words[i].start() - words[i - 1].end() > max(1, gap):
                words = words[i:]
                break
        for i in range(len(words) - 1, -1, -1):
            if _STREET.fullmatch(words[i].group()):
                words = words[i + 1 :]  # "143 West 22nd Street New York, NY": the street ends
                break
        if not words:
            return None
        if not words[-1].group().isupper():
            while len(words) > 1 and words[0].group().isupper():
                words.pop(0)
        while words and self._not_a_town_word(words[0].group()):
            word = words[0].group()
            if len(words) == 1 and (
                word.lower() in self.towns
                or (coded and word.istitle() and word.lower() not in STOP_WORDS)
            ):
                break  # "Spring, TX", "Kent, OH": a town whose name is also a tool's or a word
            words.pop(0)
        if not words:
            return None
        if words[-1].group().rstrip(".").lower() in _NOT_TOWN:
            return None
        # "Public Schools, MD", "University of Pune, India", "Acme Bank, New Jersey": the words
        # before the comma belong to an organisation's name; only the region is a place here.
        for i in range(len(words) - 1, -1, -1):
            word = words[i].group().strip(".,").lower()
            if word in _ORGANIZATION_WORDS or word.removesuffix("s") in _ORGANIZATION_WORDS:
                return _PART_OF_A_NAME
        before = text[max(0, start + words[0].start() - 6) : start + words[0].start()]
        if _CONNECTOR.search(before):
            return _PART_OF_A_NAME
        return start + words[0].start()

    @staticmethod
    def _not_a_town_word(word: str) -> bool:
        bare = word.strip(".'’-").lower()
        return bare in STOP_WORDS or label_word(bare) or len(bare) < 2

    @staticmethod
    def _postal(text: str, end: int) -> int:
        match = _POSTAL.match(text, end)
        return match.end() if match else end

    @staticmethod
    def _us_is_country(text: str, start: int) -> bool:
        before = text[max(0, start - 20) : start]
        if _US_COUNTRY_CUE.search(before):
            return True
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if line.strip() == "US":
            return True
        if _US_PRONOUN.search(before):
            return False
        return not line.isupper()  # in an all-capitals heading "US" is as likely the pronoun


@register("region")
def region_recognizers(
    *, supported_language: str = "en", **scores: float
) -> list[EntityRecognizer]:
    return [RegionRecognizer(supported_language=supported_language, **scores)]
