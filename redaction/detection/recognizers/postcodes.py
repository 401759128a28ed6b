"""UK postcodes (UK_POSTCODE): full ("EH8 9YL", "SW1A 1AA") and outward-only ("EH8") forms.

The shape is checked against the Royal Mail format and the list of postcode areas, so "AB12"
the product code or "E45" the cream are not postcodes by shape alone: an outward code on its
own needs a postcode cue ("Postcode: EH8", "the LS6 area") or a town right before it
("Leeds LS6"). Inside a postal address the address recognizer takes the postcode with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.detection.recognizers import register
from redaction.detection.recognizers._common import EvidenceRecognizer, load_gazetteer, result

#: Postcode areas of the UK, the Crown dependencies and British Forces.
AREAS = frozenset(
    """
    AB AL B BA BB BD BF BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT
    DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD
    LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK
    SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE
    """.split()  # noqa: SIM905 - a word list
)
# Outward code: area, district (digit, digit+digit or digit+letter); inward: digit, two letters.
_OUTWARD = r"(?P<area>[A-PR-UWYZ][A-HK-Y]?)(?P<district>\d[A-HJKPSTUW\d]?)"
_INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
_FULL = re.compile(rf"(?<![\w-])(?:{_OUTWARD}[ \t]?{_INWARD}|GIR[ \t]?0AA)(?![\w-])")
_OUTWARD_ONLY = re.compile(rf"(?<![\w-]){_OUTWARD}(?![\w-]|[ \t]?{_INWARD}\b)")
_CUE = re.compile(
    r"(?i:\b(?:post\s?code|postal\s?code|post\s?town|area|district|based\s+in|live\s+in|"
    r"lives\s+in|living\s+in|near|around|from|in)\b)[\s:#.-]*$"
)
_WORD_AFTER = re.compile(r"[ \t]*\n?[ \t]*(?<=\s)[a-z]{2,}")
_AREA_AFTER = re.compile(r"[ \t]+(?i:area|district|postcode)\b")
_TOWN_BEFORE = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?,?[ \t]+$")


def valid(code: str) -> bool:
    """Whether ``code`` (full or outward only, any spacing) has a real area and the format."""
    compact = "".join(code.split()).upper()
    if compact == "GIR0AA":
        return True
    match = re.fullmatch(_OUTWARD + rf"(?:{_INWARD})?", compact)
    return match is not None and match.group("area") in AREAS


class UkPostcodeRecognizer(EvidenceRecognizer):
    ENTITIES = ("UK_POSTCODE",)
    full_score: float = 0.7
    outward_score: float = 0.45
    cue_bonus: float = 0.2

    def setup(self) -> None:
        self.places = load_gazetteer("places") | load_gazetteer("places_curated")

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.wanted(entities, "UK_POSTCODE"):
            return []
        found = []
        for match in _FULL.finditer(text):
            if valid(match.group()):
                cued = self._cued(text, match.start(), match.end())
                score = self.full_score + (self.cue_bonus if cued else 0.0)
                found.append(result(self, "UK_POSTCODE", *match.span(), score))
        for match in _OUTWARD_ONLY.finditer(text):
            if match.group("area") not in AREAS:
                continue
            start, end = match.span()
            town = _TOWN_BEFORE.search(text, max(0, start - 40), start)
            after_town = town is not None and self._place(town.group())
            if not after_town and not _AREA_AFTER.match(text, end) and _WORD_AFTER.match(text, end):
                continue  # "in B2B platform", "CA7 scheduler": a term, not a postcode
            if after_town or self._cued(text, start, end):
                found.append(result(self, "UK_POSTCODE", start, end, self.outward_score))
        return found

    def _place(self, words: str) -> bool:
        return " ".join(words.strip(" \t,").split()).lower() in self.places

    @staticmethod
    def _cued(text: str, start: int, end: int) -> bool:
        before = text[max(0, start - 30) : start]
        return bool(_CUE.search(before) or _AREA_AFTER.match(text, end))


@register("uk_postcode")
def uk_postcode_recognizers(
    *, supported_language: str = "en", **scores: float
) -> list[EntityRecognizer]:
    return [UkPostcodeRecognizer(supported_language=supported_language, **scores)]
