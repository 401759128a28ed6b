"""URLs with and without a scheme: personal sites, profile links (LinkedIn, GitHub, Google
Scholar, job-site profiles such as ``indeed.com/r/<name>/<id>``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.detection.recognizers import register
from redaction.detection.recognizers._common import EvidenceRecognizer, result

# Hosts whose paths are (almost) always about one person.
PROFILE_HOSTS = (
    r"linkedin\.com|github\.com|gitlab\.com|bitbucket\.org|scholar\.google\.[a-z.]+|"
    r"indeed\.[a-z.]+|twitter\.com|x\.com|facebook\.com|instagram\.com|medium\.com|"
    r"stackoverflow\.com|behance\.net|dribbble\.com|kaggle\.com|researchgate\.net|orcid\.org|"
    r"about\.me|angel\.co|wellfound\.com|youtube\.com|hackerrank\.com|leetcode\.com|"
    r"naukri\.com|monster\.com|xing\.com|academia\.edu|sites\.google\.com|github\.io"
)
TLDS = (
    r"com|org|net|edu|gov|io|dev|me|info|biz|co|ai|app|tech|site|online|blog|page|xyz|"
    r"uk|in|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|pl|cz|pt|ie|us|ca|au|nz|br|jp|cn|ru|sg|za|eu"
)
_TAIL = r"[^\s<>\"'()\[\]{}|\\^`]*"
_SCHEME = re.compile(r"\b(?:https?|ftp)://" + _TAIL, re.IGNORECASE)
_WWW = re.compile(r"(?<![\w@.])www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+" + r"(?:/" + _TAIL + r")?", re.I)
_PROFILE = re.compile(
    r"(?<![\w@./])(?:https?://)?(?:www\.)?(?:[a-z]{2,3}\.)?(?:" + PROFILE_HOSTS + r")/" + _TAIL,
    re.IGNORECASE,
)
_BARE = re.compile(
    r"(?<![\w@.\-/])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:" + TLDS + r")"
    r"(?:/" + _TAIL + r")?(?![\w@])",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}'\""
# A URL cut by a line break right after "/" or "-" goes on at the start of the next line.
_WRAPPED = re.compile(r"\n[ \t]*([A-Za-z0-9][\w\-./?=&%#~+]*)(?=\s|$)")


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


class WebAddressRecognizer(EvidenceRecognizer):
    """Four patterns, strongest first; each character is claimed by the first that finds it."""

    ENTITIES = ("URL",)
    scheme_score: float = 0.9
    profile_score: float = 0.95
    www_score: float = 0.85
    bare_score: float = 0.6

    def setup(self) -> None:
        self._patterns = [
            (_PROFILE, self.profile_score),
            (_SCHEME, self.scheme_score),
            (_WWW, self.www_score),
            (_BARE, self.bare_score),
        ]

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.wanted(entities, "URL"):
            return []
        taken = bytearray(len(text))
        found: list[RecognizerResult] = []
        for pattern, score in self._patterns:
            for match in pattern.finditer(text):
                start = match.start()
                end = _trim(text, start, match.end())
                if end - start < 4 or any(taken[start:end]):
                    continue
                if pattern is _BARE and not _plausible_bare_domain(text[start:end]):
                    continue
                end = _unwrap(text, end)
                taken[start:end] = b"\x01" * (end - start)
                found.append(result(self, "URL", start, end, score))
        return found


def _unwrap(text: str, end: int) -> int:
    """Extend a URL ending in "/" or "-" over its continuation on the next line."""
    if end < 2 or text[end - 1] not in "/-" or "/" not in text[max(0, end - 200) : end]:
        return end
    follow = _WRAPPED.match(text, end)
    return _trim(text, end, follow.end(1)) if follow else end


def _plausible_bare_domain(candidate: str) -> bool:
    """Reject version numbers, file names and skills that look like domains ("ASP.NET")."""
    host = candidate.split("/", 1)[0]
    labels = host.split(".")
    if any(label.isdigit() for label in labels):
        return False
    if host.isupper() or (host[:1].isupper() and "/" not in candidate and len(labels) == 2):
        return False  # "ASP.NET", "Node.js"-like product names, "Sales.com"
    return len(labels[-2]) >= 2


@register("url")
def url_recognizers(*, supported_language: str = "en", **scores: float) -> list[EntityRecognizer]:
    return [WebAddressRecognizer(supported_language=supported_language, **scores)]
