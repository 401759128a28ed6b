"""Organisations named by where they stand, not by their form.

Most company names carry no suffix ("Zillow", "Mayo-Walters", "Otc Markets"); what gives them
away is the sentence or the layout around them:

* **Cue phrases** before or after a capitalised name: "spent a year at X", "X's employees", "a
  spokeswoman for X", "shares of X", "the X office", "X is a software company", "X invested",
  "according to the X website", "Jane Doe of X", "which later became X".
* **Contact blocks** (signatures, letterheads, business cards): a person's name on one line,
  optionally a job title on the next, then one short line, then an address line (or the name
  again). That short line is the employer.
* **Its own domain**: a capitalised word the text also writes as a web or mail domain
  ("Tinder" beside "tinder.com"), unless the domain is a mail provider's or a job site's.

Both are weaker evidence than a legal suffix, and are scored so a known person name or a sure
place on the same words wins the overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.detection.recognizers import register
from redaction.detection.recognizers._common import (
    EvidenceRecognizer,
    lines,
    load_gazetteer,
    result,
)
from redaction.detection.recognizers.names import PUBLIC_TITLES, ROLE_WORDS
from redaction.detection.recognizers.organizations import JOB_WORDS
from redaction.honorifics import HONORIFICS

# A name: up to four capitalised words, inner "&"/"and"/"of", hyphens and apostrophes.
_WORD = r"[A-Z][\w&'’.-]*"
_NAME = rf"(?P<org>{_WORD}(?:[ \t]+(?:{_WORD}|&|and|of)){{0,3}})"
_DIRECTLY_BEFORE = (
    r"(?:(?:a|one|two|three|several|few|\d+)\s+(?:years?|months?|summers?|semesters?)\s+at"
    r"|the\s+following\s+year\s+at|(?:later|then|now)\s+became|became\s+part\s+of"
    r"|acquired\s+by|(?:a\s+)?subsidiary\s+of|spun\s+off\s+from|merged\s+with"
    r"|(?:employees?|staff|founders?|co-?founders?|shareholders|customers|clients|CEO|CTO|CFO)"
    r"\s+(?:of|at)|on\s+behalf\s+of|contract\s+with|partnership\s+with"
    r"|(?:used\s+to|I)\s+work\s+(?:for|at)|(?:the\s+)?address\s+of"
    # news: "a spokeswoman for X", "the chief executive of X", "shares of X"
    r"|spokes(?:man|woman|person)\s+for|(?:chief\s+executive|chairman|chairwoman)\s+of"
    r"|[Ss]hares\s+(?:of|in))"
)
_BEFORE = re.compile(rf"\b{_DIRECTLY_BEFORE}\s+{_NAME}")
# "the X office", "according to the X website".
_THE_X_NOUN = re.compile(
    rf"\b[Tt]he\s+{_NAME}\s+(?:office|offices|headquarters|HQ|website|web\s+site|staff|"
    r"employees|spokesperson|press\s+office)\b"
)
_KIND = (
    r"company|agency|firm|start-?up|multinational|corporation|business|non-?profit|"
    r"not-for-profit|organi[sz]ation|charity|manufacturer|provider|retailer|consultancy|"
    r"501\(c\)\(?3\)?|bank|publisher|platform|brand|supplier|vendor|studio|employer|group"
)
_AFTER = re.compile(
    rf"(?:^|(?<=[\s(\"“]))(?<![.\w-]){_NAME}"
    r"(?:(?:'s|’s)\s+(?:employees|staff|workers|ceo|cto|cfo|founders?|headquarters|"
    r"board|shareholders|customers|clients|products|website|offices?)\b"
    rf"|,?\s+(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,4}}?(?:{_KIND})\b"
    r"|\s+is\s+the\s+brainchild\b"
    r"|\s+(?:invested|announced|acquired|hired|laid\s+off|reported\s+(?:revenue|profits?|"
    r"earnings))\b)"
)
# "Jane Doe of X", "Tom I. Holzman from X": a person's name, then the employer.
_PERSON_OF = re.compile(
    rf"\b(?P<first>[A-Z][^\W\d_A-Z]+)(?:\s+[A-Z]\.)?\s+"
    rf"(?P<last>[A-Z][^\W\d_A-Z]+(?:-[A-Z][^\W\d_A-Z]+)?)"
    rf"\s+(?:of|from)\s+{_NAME}"
    r"(?=\s+(?:is|was|has|had|will|said|says|spoke|speaks|and)\b|\s*[^\w\s]|\s*$)"
)
_CUES = (_BEFORE, _THE_X_NOUN, _AFTER, _PERSON_OF)
# Words that open a sentence or name something else than an organisation.
_NOT_ORG_START = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "its",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "there",
        "here",
        "which",
        "who",
        "what",
        "when",
        "where",
        "why",
        "how",
    ]
)
_STRIP_END = frozenset(["and", "of", "&", "the"])

# Contact blocks.
_DECORATION = " \t>|*?#-"  # quoted mail ("> "), bullets
_NAME_LINE = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?[A-Za-zÀ-ɏ'’-]+(?:\s+[A-Za-zÀ-ɏ]\.?)?"
    r"(?:\s+[A-Za-zÀ-ɏ'’-]+){1,2}$"
)
_ORG_LINE = re.compile(r"^[A-Za-zÀ-ɏ][\wÀ-ɏ&'’.,-]*(?:[ \t]+[\wÀ-ɏ&'’.,-]+){0,4}$")
_ADDRESS_START = re.compile(
    r"^(?:\d{1,6}(?:\s+\d{1,6})?\s*[A-Za-zÀ-ɏ\u0370-\u03ff]|(?:apt|apartment|suite|unit|flat|p\.?\s?o\.?\s?box|"
    r"psc|box)\.?\s*#?\d|(?:usns|usnv|uss|uscgc|the\s+corner\s+of|c/|ul\.|rue|via|calle)\b)",
    re.IGNORECASE,
)


_DOMAIN = re.compile(
    r"(?:(?<=@)|(?<=www\.)|(?<=://)|(?<![\w.@/-]))(?P<name>[A-Za-z][A-Za-z0-9-]{3,})"
    r"\.(?:com|net|org|io|co|biz|in|co\.uk|de|fr|au)\b"
)
_CAPITALISED_WORD = re.compile(r"(?<![\w.@/-])[A-Z][A-Za-z0-9-]{3,}(?![\w@/-]|\.[a-z])")
# Domains that name a mail provider, a job or social site, or a search engine.
_SHARED_DOMAINS = frozenset(
    """gmail googlemail yahoo hotmail outlook live msn aol icloud mail email proton protonmail
    zoho yandex gmx example linkedin github indeed facebook twitter instagram youtube google
    monster glassdoor naukri wordpress blogspot medium""".split()  # noqa: SIM905 - a word list
)


class OrganizationContextRecognizer(EvidenceRecognizer):
    ENTITIES = ("ORGANIZATION",)
    cue_score: float = 0.55
    block_score: float = 0.55

    def setup(self) -> None:
        self.first_names = load_gazetteer("first_names")
        self.last_names = load_gazetteer("last_names")

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.wanted(entities, "ORGANIZATION"):
            return []
        return self._cued(text) + self._contact_blocks(text) + self._own_domain(text)

    def _own_domain(self, text: str) -> list[RecognizerResult]:
        """A capitalised word that the text also writes as a web or mail domain ("Tinder" and
        "tinder.com"): the organisation that owns the domain, whatever else it could be. Mail
        providers and job or social sites are nobody's employer here."""
        names = {
            m.group("name").lower()
            for m in _DOMAIN.finditer(text)
            if m.group("name").lower() not in _SHARED_DOMAINS
        }
        if not names:
            return []
        return [
            result(self, "ORGANIZATION", m.start(), m.end(), self.cue_score)
            for m in _CAPITALISED_WORD.finditer(text)
            if m.group().lower() in names
        ]

    def _cued(self, text: str) -> list[RecognizerResult]:
        spans: set[tuple[int, int]] = set()
        for pattern in _CUES:
            for match in pattern.finditer(text):
                if pattern is _PERSON_OF and not self._person(match):
                    continue  # "Years of Experience", "College of Engineering"
                span = _trim(text, match.start("org"), match.end("org"))
                if span is not None and not _titled_person(text[span[0] : span[1]]):
                    spans.add(span)
        # "Ewa Lis of Quorvane's board": the shorter name with the same end is the employer.
        return [
            result(self, "ORGANIZATION", start, end, self.cue_score)
            for start, end in sorted(spans)
            if not any(e == end and s > start for s, e in spans)
        ]

    def _person(self, match: re.Match[str]) -> bool:
        """The words before "of"/"from" are a person's name the lists know."""
        first, last = match.group("first").lower(), match.group("last").lower()
        return first in self.first_names or last in self.last_names

    def _contact_blocks(self, text: str) -> list[RecognizerResult]:
        cleaned = []  # (offset, line without the quoting marks before it)
        for offset, line in lines(text):
            body = line.lstrip(_DECORATION)
            cleaned.append((offset + len(line) - len(body), body.rstrip()))
        found: list[RecognizerResult] = []
        for i in range(1, len(cleaned) - 1):
            start, line = cleaned[i]
            if not _ORG_LINE.match(line) or len(line) > 50 or any(c.isdigit() for c in line):
                continue
            words = [w.strip(".,").lower() for w in line.split()]
            if any(w in JOB_WORDS for w in words) or (i >= 2 and line == cleaned[i - 2][1]):
                continue  # a job title; the name repeated after the employer
            title = cleaned[i - 1][1]  # a job title between the name and the employer
            name_above = _NAME_LINE.match(title) or (
                i >= 2
                and _NAME_LINE.match(cleaned[i - 2][1])
                and 0 < len(title.split()) <= 6
                and not any(c.isdigit() or c in ",:;@" for c in title)
            )
            below = cleaned[i + 1][1]
            if not name_above or not (_ADDRESS_START.match(below) or below == cleaned[i - 1][1]):
                continue
            if not (line[:1].isupper() or line.islower() and cleaned[i - 1][1].islower()):
                continue
            found.append(result(self, "ORGANIZATION", start, start + len(line), self.block_score))
        return found


def _titled_person(name: str) -> bool:
    """ "Mayor Beatriz Oyelaran announced": a title or a role opens the name of a person."""
    first = name.split()[0].lower().rstrip(".")
    return first in PUBLIC_TITLES or first in ROLE_WORDS or first in HONORIFICS


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop connectors and sentence openers at the ends of a cued name; None if nothing left."""
    words = text[start:end].split()
    while words and words[-1].lower().rstrip(".") in _STRIP_END:
        words.pop()
    if not words or words[0].lower() in _NOT_ORG_START:
        return None
    name = " ".join(words)
    if "\t" in text[start:end] or "  " in text[start:end]:
        name = text[start : start + len(text[start:end].rstrip())]
    end = start + len(name)
    while end > start and text[end - 1] in ".,'’":
        end -= 1
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    return (start, end) if end > start else None


@register("organization_context")
def organization_context_recognizers(
    *, supported_language: str = "en", **scores: float
) -> list[EntityRecognizer]:
    return [OrganizationContextRecognizer(supported_language=supported_language, **scores)]
