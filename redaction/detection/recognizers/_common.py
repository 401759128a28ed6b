"""Shared pieces: gazetteer loading, a word-sequence index, result construction."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any, ClassVar

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Token

from redaction.sametext import strip_diacritics


@cache
def load_gazetteer(name: str) -> frozenset[str]:
    """Lower-cased entries of ``resources/gazetteers/<name>.txt`` (``#`` lines are comments)."""
    text = resources.files("resources").joinpath(f"gazetteers/{name}.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@cache
def sure_places() -> frozenset[str]:
    """Countries and the hand-written list of major places: a look-up here is a place."""
    return load_gazetteer("countries") | load_gazetteer("places_curated")


@cache
def known_towns() -> frozenset[str]:
    """Every place the lists know, the long generated list of towns included."""
    return sure_places() | load_gazetteer("places")


class NameList(frozenset[str]):
    """A name gazetteer that also knows a name written with accents the list does not have:
    "Siobhán" is found from "siobhan". (Not the other way round: the list's "bäck" must not
    make the English word "back" a name.)"""

    def __contains__(self, word: object) -> bool:
        if frozenset.__contains__(self, word):
            return True
        return (
            isinstance(word, str)
            and not word.isascii()
            and frozenset.__contains__(self, strip_diacritics(word))
        )


def load_names(name: str) -> NameList:
    """``load_gazetteer(name)`` as a ``NameList``."""
    return NameList(load_gazetteer(name))


class PhraseIndex:
    """Exact look-up of multi-word phrases over spaCy tokens, case-insensitive.

    Phrases are keyed by their lower-cased words joined by one space; the longest phrase that
    starts at a token wins. Cost per token is ``max_words`` set look-ups.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self._phrases: set[str] = set()
        self.max_words = 1
        for phrase in phrases:
            words = phrase.lower().replace("-", " - ").split()
            if words:
                self._phrases.add(" ".join(words))
                self.max_words = max(self.max_words, len(words))

    def __contains__(self, phrase: str) -> bool:
        return " ".join(phrase.lower().replace("-", " - ").split()) in self._phrases

    def longest_at(self, doc: Doc, i: int) -> int:
        """Number of tokens of the longest phrase starting at token ``i`` (0 if none)."""
        best = 0
        words: list[str] = []
        for j in range(i, min(len(doc), i + self.max_words)):
            token = doc[j]
            if (
                j > i
                and doc[j - 1].whitespace_ == ""
                and token.text != "-"
                and doc[j - 1].text != "-"
            ):
                break
            words.append(token.lower_)
            if " ".join(words) in self._phrases:
                best = j - i + 1
        return best


def doc_of(nlp_artifacts: NlpArtifacts | None) -> Doc | None:
    return None if nlp_artifacts is None else nlp_artifacts.tokens


def is_capitalised(token: Token) -> bool:
    """Title case or ALL CAPS (header style), alphabetic."""
    text = token.text
    return text[:1].isupper() and any(c.isalpha() for c in text)


def proper_like(token: Token) -> bool:
    """Looks like a proper noun without a tagger: capitalised word, not a function word.

    The detector's fast pipeline runs only NER, so ``pos_`` is not available.
    """
    text = token.text
    return (
        text[:1].isupper()
        and text.replace("'", "").replace("’", "").replace("-", "").replace(".", "").isalpha()
        and not token.is_stop
    )


def result(
    recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float
) -> RecognizerResult:
    score = round(min(max(score, 0.0), 1.0), 4)
    name = str(getattr(recognizer, "name", ""))
    return RecognizerResult(
        entity,
        start,
        end,
        score,
        analysis_explanation=AnalysisExplanation(name, score),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: str(getattr(recognizer, "id", "")),
        },
    )


def lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for every line of ``text``, newline excluded."""
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


# Words that open a "Label: value" line in CVs, forms and letters: never a speaker's name.
LINE_LABELS = frozenset(
    """
    referee referees reference references link links previous next summary profile phone
    mobile tel telephone cell email e-mail mail address website web site portfolio blog github
    linkedin twitter skills skill tools technologies technology software languages interests
    hobbies education experience employment objective note notes status availability available
    nationality citizenship born dob birthday location salary notice driving licence license
    visa gender age date dates title role position department employer company client project
    projects duration period responsibilities achievements environment platforms frameworks
    databases certifications certificates awards publications contact fax subject from to cc re
    current present career personal professional qualifications training courses memberships
    volunteering activities other additional details name surname forename postcode zip city
    country county state region home work office hours time day type source url id ref number
    total price cost result results answer question q a yes no warning error info tip step
    example examples keywords topics areas specialties specialities expertise focus goals
    description comments comment feedback signature signed attention attn regards report
    """.split()  # noqa: SIM905 - a word list, easier to read than a list literal
)


_NAME_PREFIX = re.compile(r"(?:Mc|Mac|O['’]|D['’]|De|Di|Da|Du|La|Le|Van|Von|St|Fitz)[A-Z]")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]")


def tech_cased(word: str) -> bool:
    """A camel-case tech name ("XGBoost", "PyTorch", "NeurIPS", "JavaScript"), not a name with
    an inner capital ("McDonald", "DeVito", "O'Neil")."""
    word = word.strip(".,;:()")
    return (
        word.isalnum()
        and _INNER_CAPITAL.search(word) is not None
        and _NAME_PREFIX.match(word) is None
        and not word.isupper()
    )


def label_word(word: str) -> bool:
    """A word that labels a line or heads a section (\"Phone\", \"Referee\", \"EXPERIENCE\"):
    the lists above and the post-processing ignore lists of the packaged settings."""
    from redaction.detection.postprocess.settings import default_settings

    lower = word.lower()
    return lower in LINE_LABELS or lower in default_settings().ignore


# A list introduced as people: "our three founders: ...", "the authors were ...", "founded by".
PEOPLE_CUE = re.compile(
    r"(?:\b(?:founders|co-founders|partners|members|authors|owners|directors|children|kids|"
    r"sons|daughters|siblings|brothers|sisters|parents|grandparents|students|participants|"
    r"speakers|panellists|panelists|referees|colleagues|winners|candidates|judges|players|"
    r"engineers|researchers|editors|trustees|guests|attendees)[ \t]*(?::|were|are|included|"
    r"include)|\b(?:founded|co-founded|created|written|directed|led|run|owned)[ \t]+by)[ \t]*$",
    re.IGNORECASE,
)
# What people do together after a list of them: "Usamov and Bowers were precision engineers".
PLURAL_VERB_AFTER = re.compile(r"[ \t]+(?:were|are|have[ \t]+been|both|each|met|married)\b")


EVIDENCE_ATTRIBUTE = "redact_evidence"


def recorded_evidence(nlp_artifacts: object) -> list[RecognizerResult] | None:
    """Every result our recognizers gave for the text ``nlp_artifacts`` belongs to, or None."""
    return getattr(nlp_artifacts, EVIDENCE_ATTRIBUTE, None)


class EvidenceRecognizer(EntityRecognizer):
    """Base for our recognizers: nothing to load, entities filtered by the engine's request.

    Presidio's ``analyze()`` drops a result equal to, or inside, a higher-scored one of the same
    entity, so the evidence of two recognizers agreeing is lost before post-processing sees
    it. Each of our recognizers therefore also records its results on the ``NlpArtifacts`` it
    was given, where ``postprocess.finalize`` reads them back.
    """

    #: The entities this recognizer finds (Presidio's ``supported_entities``).
    ENTITIES: ClassVar[tuple[str, ...]] = ()
    #: Extra arguments for Presidio's ``EntityRecognizer`` (context words).
    PRESIDIO_ARGS: ClassVar[dict[str, Any]] = {}

    def __init__(self, *, supported_language: str = "en", **scores: float) -> None:
        """Scores are the class's float attributes (its defaults); ``recognizers.yaml`` may
        set any of them by name."""
        super().__init__(
            supported_entities=list(self.ENTITIES),
            name=type(self).__name__,
            supported_language=supported_language,
            **self.PRESIDIO_ARGS,
        )
        unknown = sorted(set(scores) - self.score_names())
        if unknown:
            raise TypeError(f"{type(self).__name__}: unknown setting(s) {', '.join(unknown)}")
        for key, value in scores.items():
            setattr(self, key, float(value))
        self.setup()

    @classmethod
    def score_names(cls) -> set[str]:
        """The names of the scores a recognizer takes: its float class attributes."""
        return {
            name
            for klass in cls.__mro__
            for name, kind in vars(klass).get("__annotations__", {}).items()
            if kind in ("float", float)
        }

    def setup(self) -> None:
        """Load what the recognizer needs (gazetteers, patterns); after the scores are set."""

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found = self.find(text, entities, nlp_artifacts)
        if nlp_artifacts is not None:
            evidence = recorded_evidence(nlp_artifacts)
            if evidence is None:
                evidence = []
                try:
                    setattr(nlp_artifacts, EVIDENCE_ATTRIBUTE, evidence)
                except AttributeError:  # an artifacts object with __slots__: no record
                    return found
            evidence.extend(found)
        return found

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None
    ) -> list[RecognizerResult]:
        raise NotImplementedError

    def wanted(self, entities: Iterable[str] | None, entity: str) -> bool:
        return not entities or entity in entities
