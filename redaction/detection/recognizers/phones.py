"""Phone numbers: UK national/international forms ("+44 (0)7700 900123", "07700900123"),
international numbers with a "+" country code, and a generic grouped-digits pattern that
scores low unless a context word ("phone", "mobile", "tel") comes shortly before it or a label
("office", "fax") right after it. An IPv4 address is no phone.
Presidio's phonenumbers-based PhoneRecognizer (engine settings) runs beside it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.detection.recognizers import register
from redaction.detection.recognizers._common import EvidenceRecognizer, result

CONTEXT = [
    "phone",
    "telephone",
    "tel",
    "mobile",
    "mob",
    "cell",
    "call",
    "contact",
    "number",
    "fax",
    "whatsapp",
    "landline",
    "ph",
    "no",
    "dial",
    "text",
]

_UK = re.compile(
    r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)"
    r"(?:7\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{3}|\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4})(?!\w)"
)
# Grouped digits: optional +country code, optional (area), 2-5 groups, optional extension.
_GROUPED = re.compile(
    r"(?<![\w+/.,-])(?:\+\d{1,3}[ \t.-]?)?(?:\(\d{1,5}\)[ \t.-]?)?\d{2,5}(?:[ \t.-]\d{2,6}){1,4}"
    r"(?:[ \t]?(?:x|ext\.?)[ \t]?\d{1,5})?(?![\w/]|[.,-]\d)",
    re.IGNORECASE,
)
_UNGROUPED = re.compile(r"(?<![\w+/.-])(?:\+\d{9,14}|\d{10,11})(?![\w/]|[.,-]\d)")
# A label right after the number: "781 1704 office", "3660170548-Fax", "07700 900123 (mobile)".
_LABEL_AFTER = re.compile(
    r"[ \t]*[-(]?[ \t]*(?i:office|fax|mobile|cell|home|work|tel|phone|desk|direct)\b"
)
# An IPv4 address is no phone (the IP address recognizer has it): post-processing drops any
# phone number of this shape, whichever recognizer found it.
NOT_A_PHONE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_YEARS = re.compile(r"^(?:19|20)\d\d\s*[-./ ]\s*(?:(?:19|20)\d\d|\d\d)$")
_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?:\s+\d{1,2})?$")
_CONTEXT_WINDOW = 40


class PhoneNumberRecognizer(EvidenceRecognizer):
    ENTITIES = ("PHONE_NUMBER",)
    PRESIDIO_ARGS: ClassVar[dict[str, Any]] = {"context": CONTEXT}
    uk_score: float = 0.8
    international_score: float = 0.7
    grouped_score: float = 0.35
    context_bonus: float = 0.35

    def setup(self) -> None:
        self._context = re.compile(r"\b(?:" + "|".join(CONTEXT) + r")\b", re.IGNORECASE)

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.wanted(entities, "PHONE_NUMBER"):
            return []
        found: list[RecognizerResult] = []
        taken = bytearray(len(text))
        for pattern in (_UK, _GROUPED, _UNGROUPED):
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(taken[start:end]):
                    continue
                score = self._score(text, match.group(), start, uk=pattern is _UK)
                if score > 0:
                    taken[start:end] = b"\x01" * (end - start)
                    found.append(result(self, "PHONE_NUMBER", start, end, score))
        return found

    def _score(self, text: str, number: str, start: int, *, uk: bool) -> float:
        digits = sum(c.isdigit() for c in number)
        if not 7 <= digits <= 15 or _YEARS.match(number) or _DATE.match(number):
            return 0.0
        if uk:
            score = self.uk_score
        elif number.startswith("+"):
            score = self.international_score
        else:
            score = self.grouped_score
        before = text[max(0, start - _CONTEXT_WINDOW) : start]
        if self._context.search(before) or _LABEL_AFTER.match(text, start + len(number)):
            score += self.context_bonus
        return min(score, 1.0)


@register("phone")
def phone_recognizers(
    *,
    supported_language: str = "en",
    **scores: float,
) -> list[EntityRecognizer]:
    """Our patterns; Presidio's PhoneRecognizer (phonenumbers, per region) runs beside them."""
    return [PhoneNumberRecognizer(supported_language=supported_language, **scores)]
