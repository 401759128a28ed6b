"""Postal addresses (STREET_ADDRESS). UK postcodes on their own come from our
UkPostcodeRecognizer (``postcodes.py``); inside an address they extend it.

An address starts at a street ("24 Clarke Avenue", "Koskikatu 25", "Via Roma 131",
"Rue de Virton 38") or a unit ("Flat 3", "Suite 510", "PO Box 12") and is then extended over
the parts that usually follow it, separated by commas, line breaks or spaces: more units and
streets, a town (capitalised words), a state code, a postcode or ZIP code, a country.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.detection.recognizers import register
from redaction.detection.recognizers._common import EvidenceRecognizer, label_word, result

STREET_TYPES = (
    "Street|St|Road|Rd|Avenue|Ave|Av|Lane|Ln|Drive|Dr|Close|Cl|Way|Court|Ct|Place|Pl|Crescent|"
    "Cres|Terrace|Terr|Gardens|Gdns|Boulevard|Blvd|Square|Sq|Hill|Row|Mews|Walk|Grove|Gr|"
    "Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Trl|Loop|Path|Pike|Alley|Plaza|Green|Rise|"
    "Vale|View|Park|Wharf|Quay|Embankment|Broadway|Causeway|Expressway|Freeway|Turnpike|"
    "Junction|Jct|Center|Centre|Cove|Creek|Crossing|Estate|Estates|Heights|Meadow|Meadows|"
    "Point|Ridge|Run|Spur|Summit|Valley|Villas|Ville|Nagar|Marg|Chowk|Colony|Layout|Sector|"
    "Cross|Main|Stage|Phase|Block|"
    # the rest of the USPS street suffixes (after a house number only: "4 Francis Dam")
    "Branch|Bridge|Brook|Brooks|Burg|Bypass|Camp|Canyon|Cape|Cliff|Cliffs|Common|Corner|"
    "Corners|Crest|Crossroad|Curve|Dale|Dam|Divide|Extension|Falls|Ferry|Field|Fields|Flat|"
    "Flats|Ford|Forest|Forge|Fork|Forks|Fort|Garden|Gateway|Glen|Harbor|Harbour|Haven|Hills|"
    "Hollow|Inlet|Island|Isle|Knoll|Knolls|Lake|Lakes|Landing|Lock|Locks|Lodge|Mall|Manor|"
    "Mill|Mills|Motorway|Mount|Mountain|Neck|Orchard|Oval|Overpass|Pass|Passage|Pine|Pines|"
    "Plain|Plains|Port|Prairie|Ranch|Rapids|Ridges|River|Route|Shoal|Shore|Shores|Skyway|"
    "Spring|Springs|Stravenue|Stream|Throughway|Trace|Track|Trafficway|Tunnel|Underpass|"
    "Viaduct|Village|Vista"
)
# Types that make a street of capitalised words even without a house number.
NAMED_STREET_TYPES = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Boulevard|Blvd|Highway|Hwy|Crescent|Terrace|"
    "Mews|Loop|Parkway|Pkwy|Alley|Nagar|Marg"
)
SUFFIX_STREETS = (
    "strasse|straße|str\\.|gasse|weg|platz|allee|damm|ufer|laan|straat|gracht|plein|"
    "steeg|dreef|kade|gade|vej|vei|veien|gata|gatan|vägen|väg|tie|tien|katu|kuja|polku|"
    "utca|ulice|utcája"
)
PREFIX_STREETS = (
    "Via|Viale|Rue|Avenue|Avenida|Av\\.|Rua|Calle|Carrer|Piazza|Strada|Corso|Largo|Plaza|"
    "Paseo|Ulica|ul\\.|Boulevard|Chemin|Route|Praça|Travessa|Odos|Leoforos|Allée|Impasse|"
    "Quai|Rambla|Camino|Carretera|Ronda"
)
# Street prefixes that are not English words, also written in lower case ("rue de la gare").
LOWERCASE_PREFIX_STREETS = "rue|rua|rúa|avenida|calle|carrer|ulica"
_SPLIT_SUFFIX = (
    "Str\\.|Strasse|Straße|Gasse|Weg|Platz|Allee|Laan|Straat|Gade|Vej|Gatan|Katu|"
    "utca|út|útja|tér|körút|u\\."
)
# Capital letters: Latin, Greek (with tonos), Cyrillic, and "∆" as often typed for "Δ".
_UPPER = "A-ZÀ-ÖØ-Þ\u0386-\u03ab\u0400-\u042f∆"
_LETTER = "A-Za-zÀ-ÖØ-öø-ɏ\u0386-\u03ce\u0400-\u04ff∆"
_TOWN_WORD = rf"[{_UPPER}][{_LETTER}'’-]*(?!\w)"
_WORD = rf"(?:(?!(?i:to|and|of|the|in|for|with|at|on|by|from|or|years?|people|times|during|since|until|in)\b)[{_LETTER}][\w'’.-]*|\d{{1,3}}(?:st|nd|rd|th))"
_CAP = rf"[{_UPPER}][\w'’.-]*"
# Words that start a unit ("Apt. 4"), never part of a street name before it.
_UNIT_WORDS = (
    r"(?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Floor|Fl|Box|PSC|Building|Bldg|House|No)\b"
)
_NAME_CAP = rf"(?!{_UNIT_WORDS})(?!(?i:to|and|of|the|in|for|with|at|on|by|from|or|is|it)\b){_CAP}"
# Name particles inside street names: "Rue de la Gare", "Rua Vinte e Cinco de Setembro".
_PARTICLE = (
    r"(?:de|la|le|les|du|des|del|della|delle|do|da|di|dos|das|e|el|al|ibn|bin|van|von|der|den|ten)"
)
_NUM = r"\d{1,5}[A-Za-z]?(?:[/-]\d{1,4})?"
_STREET = (
    rf"{_NUM}(?:[ \t]+{_NUM})?,?[ \t]+(?:{_WORD}[ \t]+){{1,4}}?(?:{STREET_TYPES})\b\.?"  # 24 Clarke Avenue
    # Herceg Gateway St; a column gap is no space inside a street name ("Jo Bell    Elm Rd.")
    rf"|(?:{_TOWN_WORD}[ \t]){{1,3}}?(?:{NAMED_STREET_TYPES})\b\.?"
    rf"|(?:{_NUM}[ \t]+)?{_CAP}(?:{SUFFIX_STREETS})[ \t]*{_NUM}\b"  # Koskikatu 25
    rf"|(?:{_NUM}[ \t]+)?{_CAP}[ \t]+(?:{_SPLIT_SUFFIX})[ \t]*{_NUM}\b"  # Koepenicker Str. 74
    rf"|(?:{_NUM}[ \t]+){{0,2}}(?:{PREFIX_STREETS}|(?i:{LOWERCASE_PREFIX_STREETS}))[ \t]+(?:{_WORD}[ \t]+){{0,4}}?{_NUM}\b"  # Via Roma 131
    # A house number before a prefixed street and no number after it: "12 Rue de la Gare".
    rf"|{_NUM}(?:[ \t]+{_NUM})?[ \t]+(?:{PREFIX_STREETS})(?:(?:[ \t]+{_PARTICLE}){{0,2}}[ \t]+{_NAME_CAP}){{1,4}}"
    rf"|{_NUM}(?:[ \t]+{_NUM})?[ \t]+(?:{LOWERCASE_PREFIX_STREETS})(?:[ \t]+{_WORD}){{1,3}}"
)
_UNIT = (
    r"(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Room|Floor|Fl\.|P\.?\s?O\.?\s?Box|Box|PSC|"
    r"Building|Bldg\.?|House|No\.)\s*#?\d{1,5}[A-Za-z]?\b"
)
UK_POSTCODE = r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b"
_POSTAL = rf"(?:{UK_POSTCODE}|\d{{4,6}}(?:-\d{{3,4}})?|\d{{3}} \d{{2}}|\d{{2}}-\d{{3}}|\d{{4}} [A-Z]{{2}})"
# House number, street name, number ("20789 Allika 46", "233 Erzsébet tér 19"): an address
# only when more address parts follow.
_NUMBERED_NAME = rf"{_NUM}[ \t]+{_CAP}(?:[ \t]+(?!(?:and|or|to|of|in)\b)[\wÀ-ɏ'’.-]+){{0,2}}?[ \t]+\d{{1,5}}[a-z]?\b\.?"
# A street name with a house number and no street type ("Hoge Wei 32", "2505 Heatherleigh"
# before "Suite 620"): an address only with more parts after it or an address cue before it.
_NAMED_NUMBER = (
    rf"{_NAME_CAP}(?:[ \t]+(?:{_NAME_CAP}|(?!(?:to|in|on|at|of|and|for|by|or|is|the|an?)\b)[a-zà-ÿ]{{1,3}}))?[ \t]+(?:{_NAME_CAP}[ \t]+)?\d{{1,4}}[a-z]?\b"
    rf"(?!\s*(?:years?|months?|days?|%)|\.\d)"  # not "5 years", "CSPC 2.0"
)
_NUMBER_NAME = rf"{_NUM}[ \t]+{_NAME_CAP}(?:[ \t]+{_NAME_CAP}){{0,2}}(?=,?[ \t]+{_UNIT})"
# Years and dates are not house numbers.
_YEARISH = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I
)
_START = re.compile(
    rf"(?<![\w-])(?:{_STREET}|{_UNIT}|{_NUMBERED_NAME}|{_NUMBER_NAME}|{_NAMED_NUMBER})", re.UNICODE
)
_STREET_RE = re.compile(_STREET)
_UNIT_RE = re.compile(_UNIT)
_PO_BOX = re.compile(r"P\.?\s?O\.?\s?Box\s*\d", re.IGNORECASE)
# Parts that may follow, with the separator before them.
_NEXT_PART = re.compile(
    rf"(?P<sep>[ \t]*(?:\.(?=[ \t]*\n))?(?:,[ \t]*)?(?:\n[ \t]*[^\w\s]{{0,4}}[ \t]*)?,?[ \t]*)"
    rf"(?P<part>{_UNIT}|{_STREET}|{_POSTAL}(?![\w-])|[A-Z]{{2}}\b(?!\.\w)|"
    rf"{_TOWN_WORD}(?:(?:[ -]|\s(?:de|del|la|le|di|da|do|dos|das|du|des|am|an|im|sur|upon|on|en|nad|pod)\s){_TOWN_WORD}){{0,2}}"
    rf"(?:\s\([A-Z][a-z]+\))?(?:\s+{_POSTAL}\b)?)"
)
_CONTEXT = re.compile(
    r"\b(?:address|addr|live[sd]?|living|resid\w*|located|based|home|deliver\w*|ship\w*|"
    r"post|mail|send|meet|visit|corner|drops?|stop|enter|moved|arrived|lives on)\b[^.\n]{0,30}$",
    re.IGNORECASE,
)
_MAX_PARTS = 7
# "ZIP: 48750", "PIN code - 560001", "in Costamezzana 43015": a postal code with its cue.
_CUED_POSTCODE = re.compile(
    r"(?i:\b(?:zip|zip\s?code|postal\s?code|post\s?code|postcode|pin|pin\s?code)\b\s*[:#.-]?\s*"
    r"(?:is\s+)?)"
    r"(?P<code>\d{4} ?[A-Z]{2}(?![\w-])|\d{3,6}(?:[- ]\d{2,4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b"
)
_TOWN_POSTCODE = re.compile(
    rf"\b(?:in|from|to|at)\s+(?P<code>{_TOWN_WORD}(?:\s{_TOWN_WORD}){{0,2}}\s+\d{{4,5}})\b(?!\s*[-–]\s*\d)"
)
# US military post: "USNS Møller / FPO AA 85844", "PSC 5420, Box 2708 / APO AA 33879".
_MILITARY = re.compile(
    r"(?i:(?:USNS|USNV|USS|USCGC)\s+[\wÀ-ɏ'’-]+|PSC\s+\d+,?\s*Box\s+\d+|Unit\s+\d+,?\s*Box\s+\d+)"
    r"[\s,]*(?i:[AFD]PO)\s+(?i:A[AEP])\s+\d{5}\b"
)
_YEAR_END = re.compile(r"(?:19|20)\d\d$")
# An intersection: "the corner of 5th Avenue and Elm Street", "corner of Via Roma 4 & Piazza
# Dante". Both sides must look like street names (a capital or a number), not "the room".
_CORNER_STOP = (
    r"(?i:in|on|at|to|for|is|was|with|by|near|from|the|a|an|my|our|your|please|if|so|but|and)"
)
_CORNER_SIDE = rf"(?!{_CORNER_STOP}\b)[\w'’.-]+(?:[ \t]+(?!{_CORNER_STOP}\b)[\w'’./-]+){{0,5}}"
_CORNER = re.compile(
    rf"\b(?i:the\s+)?(?i:corner\s+of)\s+(?P<a>{_CORNER_SIDE})\s+(?i:and|&)\s+(?P<b>{_CORNER_SIDE})"
)


class StreetAddressRecognizer(EvidenceRecognizer):
    ENTITIES = ("STREET_ADDRESS",)
    street_score: float = 0.6
    unit_score: float = 0.35
    part_bonus: float = 0.08
    context_bonus: float = 0.2

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.wanted(entities, "STREET_ADDRESS"):
            return []
        if text == text.lower() and len(text.title()) == len(text):
            # All lower case (chat, forms): street and town names lost their capitals. Read
            # the shapes from a title-cased copy; offsets are the same.
            text = text.title()
        found: list[RecognizerResult] = []
        position = 0
        while True:
            match = _START.search(text, position)
            if match is None:
                break
            start, end = match.span()
            streets = (
                1 if _STREET_RE.fullmatch(match.group()) or _PO_BOX.match(match.group()) else 0
            )
            weak = not streets and not _UNIT_RE.fullmatch(match.group())
            if (weak or not streets) and _YEARISH.search(match.group()):
                position = match.start() + 1
                continue
            numbered = match.group()[:1].isdigit() or match.group().rstrip(".")[-1:].isdigit()
            parts = strong = structural = 0
            while parts < _MAX_PARTS:
                nxt = _NEXT_PART.match(text, end)
                unit = bool(_UNIT_RE.fullmatch(match.group()))
                if nxt is None or not self._may_follow(nxt, streets + weak + parts + unit):
                    break
                end = nxt.end()
                parts += 1
                part = nxt.group("part")
                streets += bool(_STREET_RE.fullmatch(part))
                structural += bool(_STREET_RE.fullmatch(part) or _UNIT_RE.match(part))
                strong += bool(_STREET_RE.fullmatch(part) or _UNIT_RE.match(part)) or (
                    any(c.isdigit() for c in part) and not _YEARISH.search(part)
                )
                strong += "," in nxt.group("sep") and parts == 1  # "..., København V"
            while end > start and text[end - 1] in " \t\n,.":
                end -= 1
            score = self._score(text, start, streets + weak, parts) - (0 if numbered else 0.1)
            # Without a street type, an address needs a unit or street after it ("Hoge Wei 32,
            # Apt. 4"), or, with a leading house number, any further part; else an address cue.
            support = strong if match.group()[:1].isdigit() else structural
            if weak and support == 0 and not _CONTEXT.search(text[max(0, start - 60) : start]):
                score = 0.0  # "Red Hat LINUX 5, Database": a number and words, no address
            if score > 0:
                found.append(result(self, "STREET_ADDRESS", start, end, score))
                position = max(end, match.end())
            else:  # not an address here; one may start inside ("Post to 123 Main St")
                position = match.start() + 1
        found.extend(self._corners(text))
        found.extend(self._postcodes(text, found))
        return found

    def _corners(self, text: str) -> list[RecognizerResult]:
        found = []
        for match in _CORNER.finditer(text):
            sides = match.group("a"), match.group("b")
            if not all(side[:1].isupper() or side[:1].isdigit() for side in sides) and not any(
                c.isdigit() for c in match.group()
            ):
                continue  # "corner of my eye and ..."
            end = match.end()
            while text[end - 1] in ".'’-":
                end -= 1
            found.append(
                result(self, "STREET_ADDRESS", match.start(), end, self.street_score + 0.2)
            )
        return found

    def _postcodes(self, text: str, found: list[RecognizerResult]) -> list[RecognizerResult]:
        """Postal codes named as such, and "Town 12345" after a place preposition."""
        codes: list[RecognizerResult] = []
        for match in _MILITARY.finditer(text):
            if not any(r.start < match.end() and match.start() < r.end for r in found):
                codes.append(
                    result(self, "STREET_ADDRESS", *match.span(), self.street_score + 0.25)
                )
        for pattern in (_CUED_POSTCODE, _TOWN_POSTCODE):
            for match in pattern.finditer(text):
                start, end = match.span("code")
                if _YEAR_END.search(match.group("code")) and pattern is _TOWN_POSTCODE:
                    continue  # "in Windows 2000"
                if any(r.start < end and start < r.end for r in found + codes):
                    continue
                codes.append(result(self, "STREET_ADDRESS", start, end, self.street_score))
        return codes

    @staticmethod
    def _may_follow(nxt: re.Match[str], parts_so_far: int) -> bool:
        sep, part = nxt.group("sep"), nxt.group("part")
        if ("\n" in sep or "  " in sep.replace("\t", "  ")) and _labels_a_line(nxt):
            # "...M14 5RT\nPhone: ...", "...United Kingdom\nPostcode", "...95472    Home
            # Phone: ...": a label on the next line or after a column gap ends the address
            return False
        if nxt.string[nxt.end() : nxt.end() + 1] in {".", ":"} and _labels_a_line(nxt):
            return False  # "..., 10117 Berlin, Tel. +49 ...": a field's label ends it
        if (
            "\n" in sep
            and _LETTER_LABEL.fullmatch(part)
            and _NUMBER_AFTER.match(nxt.string, nxt.end())
        ):
            return False  # "5013 Bergen, Norway\nT +47 55 12 34 56": a phone's letter label
        if "," in sep or "\n" in sep:
            return True
        # Space only: numbers, codes and units continue an address; a town needs a street
        # or unit before it.
        return (
            part[:1].isdigit() or part.isupper() or parts_so_far > 0 or bool(_UNIT_RE.match(part))
        )

    def _score(self, text: str, start: int, streets: int, parts: int) -> float:
        if streets == 0 and parts == 0:
            # A lone "Suite 4" is not an address; a post-office box is.
            return self.street_score if _PO_BOX.match(text, start) else 0.0
        score = (self.street_score if streets else self.unit_score) + self.part_bonus * parts
        if _CONTEXT.search(text[max(0, start - 60) : start]):
            score += self.context_bonus
        return min(score, 0.95)


_LETTER_LABEL = re.compile(r"[A-Z]{1,2}\.?")
_NUMBER_AFTER = re.compile(r"[ \t]*:?[ \t]*[+(]?\d")


def _labels_a_line(nxt: re.Match[str]) -> bool:
    """The part on a new line is a label ("Phone:") or a heading or label word ("Postcode",
    "EXPERIENCE"): the address ended on the line before."""
    part = nxt.group("part")
    if nxt.string.startswith(":", nxt.end()) or nxt.string.startswith(" :", nxt.end()):
        return True
    words = part.split()
    return label_word(" ".join(words)) or all(label_word(w) for w in words)


@register("street_address")
def street_address_recognizers(
    *, supported_language: str = "en", **scores: float
) -> list[EntityRecognizer]:
    return [StreetAddressRecognizer(supported_language=supported_language, **scores)]
