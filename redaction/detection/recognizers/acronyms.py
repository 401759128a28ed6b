"""Organisations written as acronyms, known by how a sentence uses them.

spaCy tags many capitalised acronyms as organisations, tools and degrees alike ("SQL", "MBA",
"FERC"), so post-processing caps a bare acronym's score below the threshold. What tells an
organisation apart is the sentence around it: it acts and owns ("TW hires Accenture", "PNM's
invoice", "The IRS doesn't know"), people go to it or work for it ("a trader going to UBS",
"between EFI and DPC"). This recognizer gives such an acronym weak evidence per use, more when
the text uses it so more than once; together with spaCy's tag, or repeated, it is enough.

Software, skills, degrees and the other ignore lists are dropped later as for every
organisation; the common business and mail abbreviations below never count.

A body that defines its acronym, "School of Education, Hospitality, and Continuing Studies
(SEHCS)" or "ISCAP (Information Systems & Computing Academic Professionals)", is one name from
the first word of its long form to the bracket that closes the pair: the acronym's letters are
found in order in the long form (Schwartz and Hearst's rule), and the long form holds a word that
names a body ("School", "Organization", "Foundation"). Skills and products defined the same way,
"Key Performance Indicators (KPI)", "Software as a Service (SaaS)", hold no such word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.detection.recognizers import register
from redaction.detection.recognizers._common import EvidenceRecognizer, result
from redaction.detection.recognizers.organizations import GROUP_WORDS, INSTITUTIONS, LEGAL_FORMS
from redaction.detection.recognizers.regions import COUNTRY_CODES

_ACRONYM = re.compile(r"(?<![\w&.@/-])[A-Z][A-Z&]{1,5}(?![\w&@/-]|\.\w)")
_BEFORE = re.compile(
    r"(?:\b(?i:the|at|with|to|from|for|by|between|and|joined|join|left|within|via|against|"
    r"versus|vs\.?|told|asked|called|paid|sued|acquired|fined|charged|investigated|audited|"
    r"hired|contacted|awarded|funded)|[(])[ \t]+$"
)
_AFTER = re.compile(
    r"(?:['’]s\b|[ \t]+(?:has|have|had|is|was|are|were|will|would|can|could|should|may|might|"
    r"must|needs?|pays?|paid|hires?|hired|said|says|does|doesn['’]t|did|didn['’]t|wants?|"
    r"agreed|announced|owns|bought|sold|employees|staff|affiliate|invoice|contract|"
    r"customers?|clients?|fined|reported|launched|issued|confirmed|denied|declined|"
    r"spokes(?:man|woman|person)|chief|shares|officials?)\b)"
)
# Abbreviations of everyday business and mail writing, units and titles: never organisations.
COMMON_ACRONYMS = frozenset(
    """AM PM OK FYI ASAP CEO CFO CTO COO CIO VP SVP EVP HR IT USD GBP EUR INR ID TV PC PDF FAQ
    ETA TBD EOD RE FW FWD CC BCC II III IV NA QA Q1 Q2 Q3 Q4 GPA CGPA KPI KPIS ROI SLA MBA BA
    BS BSC MS MSC MA PHD NB PS AKA DOB MD DR MR MRS MS JR SR LLC INC LTD PLC CO RSVP TBA TBC
    MW MWH KW KWH GW BCF MMBTU MM MMCF PST EST CST MST GMT UTC BST CET YTD MTD EOM EOY NDA
    MOU RFP RFQ SOW POC UAT SIT CV ATM API UI UX AI ML IBAN SSN PIN VAT ZIP PO BIC SWIFT CVV
    UPI NHS NI DL""".split()  # noqa: SIM905 - a word list, easier to read
)

# "Long Form (ACR)" and "ACR (Long Form)" on one line; an acronym may hold "/", "&", "-" or
# dots ("JAA/TO", "AT&T").
_ACRONYM_TEXT = r"[A-Z][A-Za-z&/.-]{0,10}[A-Z]"
_LONG_THEN_ACRONYM = re.compile(rf"[ \t]*\((?P<acr>{_ACRONYM_TEXT})\)")
_ACRONYM_THEN_LONG = re.compile(
    rf"(?<![\w&/.-])(?P<acr>{_ACRONYM_TEXT})[ \t]+\((?P<long>[A-Z][^()\n]{{3,120}})\)"
)
_LONG_WORD = re.compile(r"[^\W\d_][\w'’.-]*|&")


class AcronymOrganizationRecognizer(EvidenceRecognizer):
    ENTITIES = ("ORGANIZATION",)
    use_score: float = 0.3
    repeated_score: float = 0.45
    defined_score: float = 0.8

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.wanted(entities, "ORGANIZATION"):
            return []
        used: list[tuple[int, int, str]] = []
        for match in _ACRONYM.finditer(text):
            word = match.group()
            if (
                word in COMMON_ACRONYMS
                or word in COUNTRY_CODES
                or _in_capitals(text, match.start())
            ):
                continue
            before = text[max(0, match.start() - 16) : match.start()]
            if _BEFORE.search(before) or _AFTER.match(text, match.end()):
                used.append((match.start(), match.end(), word))
        uses = Counter(word for _, _, word in used)
        return [
            result(
                self,
                "ORGANIZATION",
                start,
                end,
                self.repeated_score if uses[word] > 1 else self.use_score,
            )
            for start, end, word in used
        ] + [
            result(self, "ORGANIZATION", start, end, self.defined_score)
            for start, end in defined_bodies(text)
        ]


def defined_bodies(text: str) -> list[tuple[int, int]]:
    """(start, end) of each body named with its acronym: "Long Form (ACR)", "ACR (Long Form)"."""
    found = []
    for match in _LONG_THEN_ACRONYM.finditer(text):
        letters = _letters(match.group("acr"))
        if len(letters) < 2:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        start = _long_form_start(text[line_start : match.start()], letters)
        if start is not None:
            found.append((line_start + start, match.end()))
    for match in _ACRONYM_THEN_LONG.finditer(text):
        letters = _letters(match.group("acr"))
        long = match.group("long")
        if len(letters) >= 2 and (
            _long_form_start(long, letters) == 0 or (_names_a_body(long) and long[0] == letters[0])
        ):
            found.append((match.start(), match.end()))
    return found


def _letters(acronym: str) -> str:
    return "".join(c for c in acronym if c.isalpha()).upper()


def _long_form_start(before: str, letters: str) -> int | None:
    """Where in ``before`` the long form of ``letters`` starts, if it ends ``before`` and names
    a body: each letter found in order from the right, the first at the start of a word, and no
    more words than the acronym has letters plus five (at most twice as many)."""
    words = list(_LONG_WORD.finditer(before))
    if not words or not _names_a_body(before[words[0].start() :]):
        return None
    limit = min(len(letters) + 5, 2 * len(letters))
    text = before.rstrip()
    position = len(text) - 1
    for k, letter in enumerate(reversed(letters)):
        first = k == len(letters) - 1
        while position >= 0 and not (
            text[position].upper() == letter
            and (not first or position == 0 or not text[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return None
        position -= 1
    start = position + 1
    inside = [w for w in words if w.start() >= start]
    if not inside or len(inside) > limit or not inside[0].group()[:1].isupper():
        return None
    if not _names_a_body(before[start:]):
        return None
    return start


# Words that make a long form a body's name. Business suffixes such as "Systems", "Services",
# "Solutions" are not among them: "Quality Management Systems (QMS)", "Software as a Service
# (SaaS)" are methods and products.
_BODY_WORDS = (
    INSTITUTIONS
    | GROUP_WORDS
    | LEGAL_FORMS
    | {"foundation", "professionals", "bank", "company", "corporation", "union", "alliance"}
)


def _names_a_body(long: str) -> bool:
    return any(w.group().lower().rstrip(".") in _BODY_WORDS for w in _LONG_WORD.finditer(long))


def _in_capitals(text: str, start: int) -> bool:
    """Is the word at ``start`` part of an ALL-CAPS line (a heading, where every word is)?"""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 12 and all(c.isupper() for c in letters)


@register("acronym_organization")
def acronym_recognizers(
    *, supported_language: str = "en", **scores: float
) -> list[EntityRecognizer]:
    return [AcronymOrganizationRecognizer(supported_language=supported_language, **scores)]
