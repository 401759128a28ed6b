"""Step 1 and 2: gather the evidence, clean each result, and combine agreeing evidence."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.detection.postprocess.settings import (
    NAMED,
    SPACY_SOURCE,
    Candidate,
    Settings,
)
from redaction.detection.postprocess.software import in_a_software_list, software_here
from redaction.detection.recognizers._common import tech_cased
from redaction.detection.recognizers.acronyms import COMMON_ACRONYMS
from redaction.detection.recognizers.names import ROLE_WORDS
from redaction.detection.recognizers.organizations import JOB_WORDS, ORG_WORDS
from redaction.detection.recognizers.phones import NOT_A_PHONE

_SPACY_LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORGANIZATION",
    "ORGANIZATION": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "LOCATION": "LOCATION",
    "DATE": "DATE_TIME",
    "TIME": "DATE_TIME",
    "DATE_TIME": "DATE_TIME",
}
PLACEHOLDER = re.compile(
    r"\[[A-Za-z][A-Za-z _-]{0,30}\]|\{\{[A-Za-z _-]{1,30}\}\}|<[A-Z][A-Z_]{1,30}>"
)
_DIRECTION = re.compile(r"(?:the\s+)?(?:(?:north|south|east|west)ern|central|greater)\s+", re.I)
EDGE = " \t\r\n,;:|•●◦▪·*\"'“”‘’()[]{}<>"
_BREAK = re.compile(r"[\n:\"“”]")
_TRAILING_CONNECTOR = re.compile(r"(?:[ \t,]+(?:and|or|of|the|for|with|&))+[ \t,]*$")
_STREET_ENDING = re.compile(r"\s(?:St|Rd|Ave|Blvd|Ln|Hwy|Pkwy)\.?$")
_TRAILING_UNIT = re.compile(
    r"\s+(?:suite|apt|apartment|flat|unit|room|floor|box|street|road|avenue|lane)\.?$", re.I
)
# Endings of English nouns, verbs and adjectives that names (outside the gazetteers) rarely have.
_WORDLIKE = re.compile(
    r"(?:ing|ed|tion|sion|ment|ness|ity|ance|ence|ive|ism|ure|able|ible|ful|less|ship|ware)$"
)
_LINK_EDGE = " \t\r\n,;:.!?\"'()[]<>"


def all_evidence(
    results: list[RecognizerResult], nlp_artifacts: NlpArtifacts | None
) -> list[RecognizerResult]:
    """The analyzer's results plus what its de-duplication dropped.

    Presidio drops a result equal to or inside a higher-scored one of the same entity (spaCy
    says 0.85 for everything), which hides agreeing evidence. When the NLP output of the whole
    text is given, spaCy's entities are read from it and our recognizers' results from the
    record they keep on it (see ``recognizers._common.LocalRecognizer``).
    """
    from redaction.detection.recognizers._common import recorded_evidence

    spacy = _spacy_results(nlp_artifacts)
    if spacy is not None:
        results = [r for r in results if source_of(r) != SPACY_SOURCE] + spacy
    ours = recorded_evidence(nlp_artifacts) if nlp_artifacts is not None else None
    if ours:
        recorded = {source_of(r) for r in ours}
        results = [r for r in results if source_of(r) not in recorded] + list(ours)
    return results


def _spacy_results(nlp_artifacts: NlpArtifacts | None) -> list[RecognizerResult] | None:
    entities = getattr(nlp_artifacts, "entities", None)
    if entities is None:
        return None
    found = []
    for entity in entities:
        label = _SPACY_LABELS.get(entity.label_)
        if label is not None:
            found.append(
                RecognizerResult(
                    label,
                    entity.start_char,
                    entity.end_char,
                    0.85,
                    recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: SPACY_SOURCE},
                )
            )
    return found


def source_of(result: RecognizerResult) -> str:
    metadata = result.recognition_metadata or {}
    return str(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown"))


def clean(
    text: str,
    result: RecognizerResult,
    settings: Settings,
    placeholders: list[tuple[int, int]],
    *,
    lowercase_text: bool = False,
) -> Candidate | None:
    """``lowercase_text``: the whole text has no capitals (chat, forms), so a lower-case span
    is no evidence against our recognizers' finds."""
    start, end = max(result.start, 0), min(result.end, len(text))
    edge = EDGE if result.entity_type not in {"URL", "EMAIL_ADDRESS"} else _LINK_EDGE
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    if (
        start > 0
        and text[start - 1] == "("
        and text.count(")", start, end) > text.count("(", start, end)
    ):
        start -= 1  # "(0113) 496 0123": the bracket the number closes is part of it
    if (
        end < len(text)
        and text[end] == ")"
        and text.count("(", start, end) > text.count(")", start, end)
    ):
        end += 1  # "Training Organization (JAA/TO)": the bracket the name opens is part of it
    if result.entity_type in NAMED and end - start > 1 and text[end - 1] == ".":
        last_word = text[start : end - 1].split()[-1] if text[start : end - 1].split() else ""
        if len(last_word) > 3 and last_word.lower() not in {"ltd", "inc", "corp", "pvt"}:
            end -= 1  # sentence full stop, not an initial or "Ltd."
    if result.entity_type in NAMED:
        # A name never runs over a line break or into quoted speech: keep the first piece.
        cut = _BREAK.search(text, start, end)
        if cut and cut.start() > start:
            end = cut.start()
            while end > start and text[end - 1] in EDGE:
                end -= 1
        connector = _TRAILING_CONNECTOR.search(text, start, end)
        if connector and connector.start() > start:
            end = connector.start()  # "Machine Learning and": a name never ends in "and"
        if result.entity_type != "ORGANIZATION":
            trailing = _TRAILING_UNIT.search(text, start, end)
            if trailing and trailing.start() > start:
                end = trailing.start()  # "Diana Usamov Suite"
        if result.entity_type == "ORGANIZATION":
            if text.startswith("the ", start) or (
                text.startswith("The ", start) and _opens_a_sentence(text, start)
            ):
                start += 4  # "at the Acme Bank", "The Acme Bank said": "The Johns Hopkins
                # University" in a list or an entry keeps its article
            elif (
                text.startswith("The ", start - 4)
                and _opens_an_entry(text, start - 4)
                and _ENTRY_CLOSING.match(text, end)
            ):
                start -= 4  # "2005-2008 The University of Manchester  BSc", but not "The
                # Acme Group have agreed": a sentence that opens a line
            elif (
                text.startswith("The ", start - 4)
                and _inside_a_line(text, start - 4)
                and not _opens_a_sentence(text, start - 4)
            ):
                start -= 4  # "I studied at The Johns Hopkins University": a capital "The"
                # inside a sentence is the name's own
            suffix = _LEGAL_SUFFIX.match(text, end)
            if suffix:
                end = suffix.end()  # "Qualcomm, Inc.", "Davidson & Associates, LLC"
        if result.entity_type == "PERSON":
            if _STREET_ENDING.search(text, start, end) and text.startswith(",", end):
                return None  # "W. Clybourn St., Milwaukee": a street, not an initial and a name
            if _acronym_first(text, start, end):
                return None  # "TW CAS Hands-on Training" where the text says "CAS system"
            start = _skip_leading_titles(text, start, end, settings)
            if not lowercase_text:
                end = _drop_trailing_lower_words(text, start, end)
        while end - start > 2 and text[end - 2 : end] in {"'s", "’s"}:
            end -= 2
        if result.entity_type == "LOCATION":
            head = _DIRECTION.match(text, start, end)
            if head and head.end() < end:
                start = head.end()
    span_text = text[start:end]
    if not any(c.isalnum() for c in span_text):
        return None
    if _overlaps_any(placeholders, start, end):
        return None
    source = source_of(result)
    score = result.score
    if result.entity_type == "STREET_ADDRESS" and _software_versions(span_text, settings):
        return None
    if result.entity_type == "PHONE_NUMBER" and not _phone_shaped(span_text):
        return None  # "137-163" (pages): not a phone number
    if result.entity_type == "PHONE_NUMBER" and score < 0.5 and _table_figures(span_text):
        return None  # "38 24 8 6 71 32": a row of a results table, with nothing saying phone
    if result.entity_type in NAMED and _letters_only(span_text):
        return None  # "P W D L GF GA": a table's column heads
    if result.entity_type == "DATE_TIME" and source == SPACY_SOURCE and not _date_like(span_text):
        return None  # "45" (a house number), "0113", "1111 1111": digits of phones and IDs
    if result.entity_type in NAMED:
        employer_field = (
            source == "CvStructureRecognizer"
            and result.entity_type == "ORGANIZATION"
            and len(span_text.split()) > 1
            and not _heading_only(span_text, settings)
        )  # "SAP ABAP -  Noida": what a job site's employer field holds, even a product name
        if not employer_field and (
            ignored(span_text, settings) or software_here(text, start, end, result.entity_type)
        ):
            return None
        last_word = span_text.split()[-1].lower().rstrip(".")
        if (
            result.entity_type != "ORGANIZATION"
            and last_word in ORG_WORDS
            and source not in _STRUCTURAL_SOURCES  # "Las Vegas, NV", "Denver, CO": states
        ):
            return None  # "Bertha Inc", "Rand Corporation": not a person or a place
        if result.entity_type == "ORGANIZATION" and last_word in JOB_WORDS:
            return None  # "Application Developer": a job title
        if result.entity_type == "PERSON" and last_word in ROLE_WORDS:
            return None  # "a Registered Nurse", "Charge Nurse": a job, not a person
        if last_word in DOCUMENT_WORDS and source not in _STRUCTURAL_SOURCES:
            return None  # "Economist's Report", "Blanco Hub Agreements": a document's title
        if (
            source == SPACY_SOURCE
            and result.entity_type != "LOCATION"
            and in_a_software_list(text, start, end)
        ):
            return None  # "Cucumber, Gherkin, Selenium Web Driver": tools, not people
        if source == SPACY_SOURCE:
            score = _spacy_score(span_text, result.entity_type, settings)
            if result.entity_type != "PERSON" and _person_like(span_text):
                score *= settings.lowercase_factor
            if _tech_name(span_text, result.entity_type):
                score = min(score, settings.acronym_score)  # "XGBoost", "PyTorch"
            if (
                result.entity_type != "PERSON"  # a name missed costs more than a word flagged
                and _opens_a_clause(text, start, end)
                and not _well_known(span_text, result.entity_type)
            ):
                # "• Manage escalations", "Proven ability in ...": the small model calls the
                # capitalised first word of a list item a place or an organisation.
                score = min(score, settings.acronym_score)
        elif span_text.islower() and not lowercase_text:
            score *= settings.lowercase_factor if source != "CvStructureRecognizer" else 1.0
    return Candidate(start, end, result.entity_type, score, source)


_LEGAL_SUFFIX = re.compile(
    r",?[ \t]*(?:Inc|INC|LLC|L\.L\.C|Ltd|LTD|Limited|Corp|CORP|PLC|plc|LLP|L\.P|S\.A|"
    r"GmbH|AG|N\.V|B\.V|S\.p\.A|Pty\.?[ \t]Ltd)\b\.?"
)


_ENTRY_CLOSING = re.compile(r"[ \t]*(?:$|\n)|[ \t]{2}|[ \t]*[,;:(|•·–—\d-]")
_ENTRY_OPENING = re.compile(r"(?:\n|[ \t]{2}|[,;:|•·(–—-][ \t]|\d[ \t])$")


def _opens_an_entry(text: str, start: int) -> bool:
    """Does ``start`` open a line, a column or an item of a list (not a sentence)?"""
    return start == 0 or _ENTRY_OPENING.search(text[max(0, start - 2) : start]) is not None


_CAPITALS_FIRST = re.compile(r"[A-Z]{2,4}(?=[ \t]+[A-Z][a-z])")
# Words after a person's initials or nickname ("AJ said", "TK and I"): no sign of an acronym.
_PERSON_FOLLOWERS = frozenset(
    """and or said says told asked wrote will would has had is was can could did does to of in
    on at for with from by the a an""".split()  # noqa: SIM905 - a word list
)


def _acronym_first(text: str, start: int, end: int) -> bool:
    """A name whose first word is capitals that the same text uses as an acronym elsewhere:
    before a lower-case word that is not a person's verb or a function word ("the CAS system",
    "review TW tariffs"). Initials never stand so ("LN Darlow" is never "LN tariffs")."""
    first = _CAPITALS_FIRST.match(text, start, end)
    return first is not None and first.group() in _acronyms_in(text)


_ACRONYM_IN_USE = re.compile(r"(?<![\w@.])([A-Z]{2,4})[ \t]+([a-z][a-z-]+)\b")


@lru_cache(maxsize=2)
def _acronyms_in(text: str) -> frozenset[str]:
    """The capitals ``text`` writes before a lower-case word of no person: one scan per
    document (the one being cleaned), however many names there are."""
    return frozenset(
        m.group(1) for m in _ACRONYM_IN_USE.finditer(text) if m.group(2) not in _PERSON_FOLLOWERS
    )


def _inside_a_line(text: str, start: int) -> bool:
    """Words come before ``start`` on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    return any(c.isalnum() for c in text[line_start:start])


def _opens_a_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return bool(re.search(r"[.!?][ \t]+$|[.!?][\"”’)]\s+$", before))


# Kinds of document: a name ending in one is a document's title, not an organisation or place.
DOCUMENT_WORDS = frozenset(
    """report reports agreement agreements review memo minutes invoice proposal presentation
    spreadsheet newsletter handbook manual contract contracts""".split()  # noqa: SIM905
)
_STRUCTURAL_SOURCES = frozenset({"MessageHeaderRecognizer", "RegionRecognizer"})


_FIGURES = re.compile(r"[1-9]\d{0,2}(?:[ \t]+\d{1,3}){2,}")


def _table_figures(span_text: str) -> bool:
    """Three or more groups of at most three digits, with no trunk "0", "+" or bracket, and a
    lone digit among them, five groups or more, or seven digits only: figures ("72 69 142"),
    not a number to call ("78 651 450" may be one)."""
    if not _FIGURES.fullmatch(span_text):
        return False
    groups = span_text.split()
    return any(len(g) == 1 for g in groups) or len(groups) >= 5 or len("".join(groups)) < 8


def _letters_only(span_text: str) -> bool:
    """Three or more words of one or two capital letters: initials of nobody."""
    words = span_text.split()
    return len(words) >= 3 and all(len(w) <= 2 and w.isalpha() and w.isupper() for w in words)


def _phone_shaped(span_text: str) -> bool:
    """At least 7 digits: "137-163" (pages) or "2015-16" is no number to call. (Groups of two
    or three digits are not a sign either way: "60-56-85-91", "(37) 788-063" are phones.) An
    IPv4 address ("48.90.248.226") is no phone either."""
    return sum(c.isdigit() for c in span_text) >= 7 and not NOT_A_PHONE.match(span_text.strip())


_SUBJECT = re.compile(r"[ \t>]*(?:X-)?(?:Subject|Re|Fwd?)[ \t]*:", re.I)
_ACRONYM = re.compile(r"\b[A-Z][A-Z&]{1,5}\b")


def _subject_line(text: str, start: int) -> bool:
    """Is ``start`` on the subject line of a message header?"""
    return _SUBJECT.match(text, text.rfind("\n", 0, start) + 1) is not None


_COLUMN_GAP = re.compile(r"[ \t]*\t[ \t]*| {3,}")


def column_pieces(text: str, result: RecognizerResult) -> list[RecognizerResult]:
    """spaCy's span cut at the column gaps inside it (a tab, three spaces or more).

    Text from a PDF or a table puts columns side by side on one line, and spaCy reads across
    them ("Asheville    Asheville" from a school column and a town column). No name spans
    such a gap (a doubled space, as in "National Computer  Centre", is kept).
    """
    if source_of(result) != SPACY_SOURCE:
        return [result]
    gaps = list(_COLUMN_GAP.finditer(text, result.start, result.end))
    if not gaps:
        return [result]
    pieces = []
    start = result.start
    for gap in [*gaps, None]:
        end = gap.start() if gap is not None else result.end
        if end > start:
            pieces.append(
                RecognizerResult(
                    result.entity_type,
                    start,
                    end,
                    result.score,
                    result.analysis_explanation,
                    result.recognition_metadata,
                )
            )
        if gap is not None:
            start = gap.end()
    return pieces


def subject_pieces(text: str, result: RecognizerResult) -> list[RecognizerResult]:
    """A long organisation or place that spaCy or the CV rules find on a message's subject
    line ("FERC California Report - Ready for Review") is the message's title, not a name:
    only its acronyms (as organisations) and the places the lists know are kept."""
    source = source_of(result)
    if (
        result.entity_type not in {"ORGANIZATION", "LOCATION"}
        or source not in (SPACY_SOURCE, "CvStructureRecognizer")
        or len(text[result.start : result.end].split()) <= 2
        or not _subject_line(text, result.start)
    ):
        return [result]
    pieces = []
    for word in re.finditer(r"[\w'’.&-]+", text[result.start : result.end]):
        start, end = result.start + word.start(), result.start + word.end()
        if _ACRONYM.fullmatch(word.group()) and word.group() not in COMMON_ACRONYMS:
            # An acronym in a subject names the organisation the message is about ("FERC",
            # "PMN"): weak evidence of its own, not spaCy's capped guess.
            entity, score, metadata = "ORGANIZATION", SUBJECT_ACRONYM_SCORE, _SUBJECT_METADATA
        elif _well_known(word.group(), "LOCATION"):
            entity, score, metadata = "LOCATION", result.score, result.recognition_metadata
        else:
            continue
        pieces.append(
            RecognizerResult(entity, start, end, score, result.analysis_explanation, metadata)
        )
    return pieces


SUBJECT_ACRONYM_SCORE = 0.45
_SUBJECT_METADATA = {
    RecognizerResult.RECOGNIZER_NAME_KEY: "SubjectLine",
    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: "subject-line",
}


_NUMERIC_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?")
_YEAR = re.compile(r"(?:1[89]|20)\d\d(?:s|['’]s)?")


def _date_like(span_text: str) -> bool:
    """A date as spaCy finds them: with a word ("12 May", "last year") or, digits only, years
    ("2019 - 2023") and numeric dates ("12/04/1990"); bare digit groups are not dates."""
    if any(c.isalpha() for c in span_text.replace("s", "")):
        return True
    numbers = re.findall(r"[\d/.'’s-]+", span_text)
    return bool(numbers) and all(
        _YEAR.fullmatch(n) or _NUMERIC_DATE.fullmatch(n) or n in {"-", "–"} for n in numbers
    )


_STREET_WORD = re.compile(
    r"\b(?:street|st|road|rd|avenue|ave|lane|drive|way|close|court|place|square|flat|apt|suite|"
    r"unit|box|via|rue|rua|avenida|calle)\b",
    re.IGNORECASE,
)


def _software_versions(span_text: str, settings: Settings) -> bool:
    """ "Windows 7, Windows XP": names from the ignore lists with numbers, not an address."""
    head = re.split(r"[,\n]", span_text, maxsplit=1)[0]
    words = [w.lower() for w in re.findall(r"[^\W\d_][\w.+#-]*", head)]
    if _STREET_WORD.search(head):
        return False
    return any(w in settings.ignore for w in words)


_TRAILING_LOWER = re.compile(r"[ \t]+([a-z][a-z'’-]*)$")


def _drop_trailing_lower_words(text: str, start: int, end: int) -> int:
    """ "John later moved" -> "John": in running text a name does not end in a lower-case word
    that is no known name part ("Abhishek jha" on its own line stays whole)."""
    from redaction.detection.recognizers.names import PARTICLES

    names, _ = _names_and_places()
    while _LOWER_WORD_AFTER.match(text, end):
        match = _TRAILING_LOWER.search(text, start, end)
        if match is None or match.start() <= start:
            return end
        word = match.group(1)
        if word in PARTICLES or word.strip("'’-") in names:
            return end
        end = match.start()
    return end


def _skip_leading_titles(text: str, start: int, end: int, settings: Settings) -> int:
    """ "Producer Liviana Palerma" -> "Liviana Palerma": job words before a name."""
    while True:
        match = re.match(r"[A-Za-z-]+\s+", text[start:end])
        if not match or match.end() >= end - start:
            return start
        word = match.group().strip().lower()
        if (
            len(word) < 3
            or word not in settings.ignore
            and word.replace("-", " ") not in settings.ignore
        ):
            return start
        start += match.end()


def _heading_only(span_text: str, settings: Settings) -> bool:
    words = " ".join(span_text.lower().split()).strip(".:")
    return words in settings.headings


def ignored(span_text: str, settings: Settings) -> bool:
    """A heading, skill, tool or job title, or made only of such words."""
    key = " ".join(span_text.lower().replace("-", " ").split()).strip(".:")
    if key in settings.ignore:
        return True
    words = [w.strip(".,:()") for w in key.split()]
    return all(w in settings.ignore for w in words if w)


@lru_cache(maxsize=1)
def _names_and_places() -> tuple[frozenset[str], frozenset[str]]:
    from redaction.detection.recognizers._common import load_gazetteer

    names = load_gazetteer("first_names") | load_gazetteer("last_names")
    places = load_gazetteer("places") | load_gazetteer("countries")
    return names, places | load_gazetteer("places_curated")


_BULLET_PREFIX = re.compile(r"[^\w\n]*")
_LOWER_WORD_AFTER = re.compile(r"[ \t]+[a-z]")


def _opens_a_clause(text: str, start: int, end: int) -> bool:
    """One word opening a line, list item or sentence and followed by a lower-case word."""
    if not text[start:end].isalpha() or not _LOWER_WORD_AFTER.match(text, end):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if _BULLET_PREFIX.fullmatch(text, line_start, start):
        return True
    before = text[line_start:start].rstrip()
    return before.endswith((".", "!", "?", ":", ";"))


def _well_known(span_text: str, entity: str) -> bool:
    """A well-known employer, a country or major city: capitalised for its own sake."""
    from redaction.detection.recognizers._common import load_gazetteer

    word = span_text.lower()
    if entity == "ORGANIZATION":
        return word in load_gazetteer("organizations_curated")
    return word in load_gazetteer("countries") or word in load_gazetteer("places_curated")


_CAPITAL_RUN = re.compile(r"[A-Z]{2,}[a-z]|[a-z][A-Z]{2,}")


def _tech_name(span_text: str, entity: str) -> bool:
    """A camel-case tech name as a person or place ("PyTorch"); as an organisation only with a
    run of capitals ("XGBoost", "LightGBM"): "MysticWeb" is a company name style too."""
    if not tech_cased(span_text) or _well_known(span_text, entity):
        return False
    return entity != "ORGANIZATION" or _CAPITAL_RUN.search(span_text) is not None


def _person_like(span_text: str) -> bool:
    """Every word a known given or family name and none a known place: likely a person."""
    names, places = _names_and_places()
    words = [w.strip(".,'’").lower() for w in span_text.split()]
    return bool(words) and all(w in names and w not in places for w in words)


def _spacy_score(span_text: str, entity: str, settings: Settings) -> float:
    score = settings.spacy_org_score if entity == "ORGANIZATION" else settings.spacy_score
    names, places = _names_and_places()
    words = [w.strip(".,'’").lower() for w in span_text.split()]
    if entity == "PERSON":
        if any(w in names for w in words):
            score += settings.gazetteer_bonus
        elif _WORDLIKE.search(words[-1]) or span_text.isupper():
            # "Customer Handling", "Developed", "SUPPORT": English words, not names.
            score = min(score, settings.acronym_score)
        elif len(words) == 1:
            score -= settings.gazetteer_bonus
    elif entity == "LOCATION" and " ".join(words) in places:
        score += settings.gazetteer_bonus
    elif _WORDLIKE.search(words[-1]) and words[-1] not in ORG_WORDS:
        score = min(score, settings.acronym_score)  # "Developed", "Business Continuity"
    letters = [c for c in span_text if c.isalpha()]
    if not letters:
        return 0.0
    if span_text.islower():
        score *= settings.lowercase_factor
    if span_text.isupper() and " " not in span_text:
        # "SQL", "AWS" as organisations; "HORTEN", "STAVANGER" (towns in capitals) too.
        score = min(score, settings.acronym_score)
    if entity == "PERSON" and any(c.isdigit() for c in span_text):
        score *= settings.lowercase_factor
    return score


def _overlaps_any(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps one of ``spans`` (sorted, not overlapping each other)."""
    i = bisect_right(spans, start, key=lambda span: span[1])
    return i < len(spans) and spans[i][0] < end


_LINE = re.compile(r"[^\n]*")


def header_line(text: str) -> tuple[int, int]:
    """Offsets of the first non-empty line, where a CV or letter names its author; (0, 0) for
    texts of fewer than three lines or a first line longer than a name."""
    first: tuple[int, int] | None = None
    non_empty = 0
    for match in _LINE.finditer(text):  # lazily: only as far as the third non-empty line
        if match.group().strip():
            non_empty += 1
            if first is None:
                first = match.span()
            if non_empty >= 3:
                break
    if first is None or non_empty < 3:
        return 0, 0
    return first if len(text[first[0] : first[1]].split()) <= 6 else (0, 0)


def _agree(a: Candidate, b: Candidate) -> bool:
    if a.entity != b.entity or not (a.start < b.end and b.start < a.end):
        return False
    inter = min(a.end, b.end) - max(a.start, b.start)
    union = max(a.end, b.end) - min(a.start, b.start)
    return inter / union >= 0.5


def combine(
    candidates: list[Candidate], header: tuple[int, int], settings: Settings
) -> list[Candidate]:
    """Noisy-OR of the best score per distinct recognizer agreeing on (about) the same span."""
    by_entity: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_entity.setdefault(c.entity, []).append(c)
    combined: list[Candidate] = []
    for group in by_entity.values():
        group.sort(key=lambda c: (c.start, c.end))
        # Sweep: the candidates that can agree with ``c`` overlap it, so they are the ones
        # still open when it starts plus those starting before it ends.
        open_before: list[Candidate] = []
        for i, c in enumerate(group):
            open_before = [o for o in open_before if o.end > c.start]
            best: dict[str, float] = {c.source: c.score}
            for other in open_before:
                if _agree(c, other) and other.source != c.source:
                    best[other.source] = max(best.get(other.source, 0.0), other.score)
            for j in range(i + 1, len(group)):
                other = group[j]
                if other.start >= c.end:
                    break
                if _agree(c, other) and other.source != c.source:
                    best[other.source] = max(best.get(other.source, 0.0), other.score)
            open_before.append(c)
            if c.entity == "PERSON" and header[0] <= c.start and c.end <= header[1]:
                best["header"] = settings.header_evidence
            miss = 1.0
            for score in best.values():
                miss *= 1.0 - min(max(score, 0.0), 1.0)
            combined.append(replace(c, score=1.0 - miss))
    return combined
