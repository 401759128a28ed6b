"""Presidio's own recognizers that make sense outside the US, built so that none goes online."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

import tldextract
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    CryptoRecognizer,
    DateRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    NhsRecognizer,
    PhoneRecognizer,
    UkNinoRecognizer,
    UkPostcodeRecognizer,
    UrlRecognizer,
)


@cache
def offline_tld_extractor() -> tldextract.TLDExtract:
    """The public-suffix list bundled with tldextract: no download, no cache directory."""
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's EmailRecognizer validates domains with ``tldextract.extract``, whose default
    extractor fetches the public-suffix list from the internet on first use. Same rule, offline.
    """

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tld_extractor()(pattern_text).fqdn != ""


class WindowedPhoneRecognizer(PhoneRecognizer):
    """Presidio's PhoneRecognizer, run only on the stretches of text that hold enough digits.

    python-phonenumbers scans the whole text once per region, and most of a CV has no digits
    at all. Runs of at least five digits (with the separators phone numbers use) are found with
    one regex; the matcher then sees each run with some context on both sides, which is all it
    ever looks at, so the results are the same.
    """

    _CANDIDATE = re.compile(r"\d(?:[\s().\-/\\\[\]]{0,3}\d){4,}")
    _CONTEXT = 24

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for start, end in self._windows(text):
            found = super().analyze(text[start:end], entities, nlp_artifacts)  # type: ignore[arg-type]
            for result in found:
                result.start += start
                result.end += start
            results.extend(found)
        return EntityRecognizer.remove_duplicates(results)

    def _windows(self, text: str) -> list[tuple[int, int]]:
        windows: list[tuple[int, int]] = []
        for match in self._CANDIDATE.finditer(text):
            start = max(0, match.start() - self._CONTEXT)
            end = min(len(text), match.end() + self._CONTEXT)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows


def _phone(language: str, regions: Sequence[str]) -> EntityRecognizer:
    return WindowedPhoneRecognizer(
        supported_language=language, supported_regions=tuple(regions), name="PhoneRecognizer"
    )


_BUILDERS: dict[str, Callable[[str, Sequence[str]], EntityRecognizer]] = {
    "email": lambda lang, _: OfflineEmailRecognizer(
        supported_language=lang, name="EmailRecognizer"
    ),
    "phone": _phone,
    "url": lambda lang, _: UrlRecognizer(supported_language=lang),
    "iban": lambda lang, _: IbanRecognizer(supported_language=lang),
    "credit_card": lambda lang, _: CreditCardRecognizer(supported_language=lang),
    "ip": lambda lang, _: IpRecognizer(supported_language=lang),
    "uk_nhs": lambda lang, _: NhsRecognizer(supported_language=lang),
    "uk_nino": lambda lang, _: UkNinoRecognizer(supported_language=lang),
    "crypto": lambda lang, _: CryptoRecognizer(supported_language=lang),
    "date": lambda lang, _: DateRecognizer(supported_language=lang),
    "uk_postcode": lambda lang, _: UkPostcodeRecognizer(supported_language=lang),
}


def build_predefined(
    names: Sequence[str], *, language: str, phone_regions: Sequence[str]
) -> list[EntityRecognizer]:
    """One recognizer per name in ``names`` (see settings.PREDEFINED_RECOGNIZERS)."""
    return [_BUILDERS[name](language, phone_regions) for name in names]
