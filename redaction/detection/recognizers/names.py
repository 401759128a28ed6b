"""Person names from given/family-name gazetteers, titles and "name:" cues.

Finds runs of capitalised words (Title Case or ALL CAPS), initials ("J.", "AJ"), name
particles ("van der", "de", "bin") and hyphenated parts, and keeps the window whose first word
is a known given name or an initial and whose last word is a known family name or a proper
noun. Citation lists ("LN Darlow, AJ Storkey") give initials followed by a surname.

Context makes names of words no list knows: a list introduced or used as people ("our
founders: Kónya, Becker and Vasquez", "Usamov and Bowers were"), or made mostly of given names;
the speaker after "said" in a quotation; a family name's ending ("Ásgeirsdóttir"). Where a
travel phrase puts a place ("flew to Reguengos de Monsaraz"), only a title or a known given and
family name make a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from redaction.detection.recognizers import register
from redaction.detection.recognizers._common import (
    PEOPLE_CUE,
    PLURAL_VERB_AFTER,
    EvidenceRecognizer,
    PhraseIndex,
    doc_of,
    known_towns,
    label_word,
    load_gazetteer,
    load_names,
    proper_like,
    result,
    sure_places,
    tech_cased,
)
from redaction.detection.recognizers.organizations import JOB_WORDS, ORG_WORDS
from redaction.detection.recognizers.places import DIRECTIONS, TRAVEL_CUE
from redaction.detection.recognizers.regions import COUNTRY_CODES
from redaction.honorifics import HONORIFICS
from redaction.sametext import strip_diacritics

PARTICLES = frozenset(
    [
        "van",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "von",
        "zu",
        "bin",
        "binti",
        "ibn",
        "al",
        "el",
        "st",
        "ten",
        "ter",
    ]
)
# "Dear" opens a letter's salutation: as good a cue for a name as a title.
TITLES = HONORIFICS | {"dear"}
# Verbs that mostly have a person as subject: a capitalised word before them is a name.
PERSON_VERBS = frozenset(
    [
        "lives",
        "lived",
        "said",
        "says",
        "shouted",
        "asked",
        "replied",
        "told",
        "whispered",
        "smiled",
        "laughed",
        "cried",
        "wrote",
        "spent",
        "married",
        "resigned",
        "retired",
        "studied",
        "graduated",
    ]
)
# Offices and ranks written before a name ("Senator Dale Whitcombe", "Mayor Beatriz Oyelaran",
# "Bishop Desmond Tutu"): a title when a name follows, but several are family names too ("Tom
# Bishop"), so only the first word of a run counts as one.
PUBLIC_TITLES = frozenset(
    """senator sen governor gov mayor judge chancellor minister premier ambassador commissioner
    councillor councilor councilman councilwoman sheriff inspector detective sergeant sgt
    constable captain capt colonel col lieutenant lt admiral bishop archbishop cardinal rabbi
    imam pastor prince princess queen duke duchess baron baroness coach""".split()  # noqa: SIM905
)
# Works named after their author: "the Dickens novel", "the Achebe trilogy".
AUTHORED_WORKS = frozenset(
    """novel novels novella trilogy biography memoir memoirs poem poems sonnet sonnets symphony
    concerto painting paintings sculpture screenplay""".split()  # noqa: SIM905 - a word list
)
AUXILIARIES = frozenset(
    ["is", "was", "has", "had", "will", "would", "can", "could", "began", "went"]
)
# Jobs and roles: "Associate Art Editor", "Border Patrol Officer", "Job Profile" are titles even
# when a word of them is also a given name. (Job words that are also names, "Dean", "Mentor",
# "Lawyer", are left out.)
ROLE_WORDS = JOB_WORDS | frozenset(
    """editor producer writer reporter journalist correspondent columnist photographer dispatcher
    registrar secretary treasurer president chairman chairwoman chairperson nurse physician
    surgeon pharmacist paralegal attorney advisor adviser auditor recruiter trainer tutor
    headmaster headmistress cashier receptionist profile dept""".split()  # noqa: SIM905
)
# Words that end a name: organisations and groups named after people, jobs and roles.
NOT_NAME_PARTS = (
    ORG_WORDS
    | ROLE_WORDS
    | {w + "s" for w in ROLE_WORDS}
    | {"street", "road", "avenue", "lane", "drive", "union", "pass", "point", "parks", "park"}
)
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]{1,3}\.?$")
_NAME_CUE = re.compile(
    r"(?im)(?:\bname\s*[:\-?]\s*|\bname is\s+|\bi am\s+|\bi'm\s+|\bthis is\s+|\bcalled\s+"
    r"|\bcalls? me\s+)"
    r"(?P<name>[A-Za-zÀ-ɏ'’.-]+(?:[ \t]+[A-Za-zÀ-ɏ'’.-]+){0,3})"
)
# Endings that mark a family name in many languages ("Nováková", "Szczepańska", "Petrović",
# "Musliyevich", "Sigurðsson", "Jónsdóttir", "Papadopoulos", "Ionescu", "Shevchenko").
_SURNAME_ENDING = re.compile(
    r"(?:ová|ovà|ská|ska|ski|sky|wicz|vich|vych|ović|ovic|ević|evic|sson|dóttir|dottir|"
    r"poulos|escu|enko|ishvili|adze|oğlu|oglu)$"
)
# The endings above that no common English word has: enough for a word on its own.
_LONE_SURNAME_ENDING = re.compile(
    r"(?:ová|ović|ovic|ević|evic|wicz|vich|sson|dóttir|dottir|poulos|escu|enko|ishvili|adze|"
    r"oğlu|czyk|owski|ewski)$"
)
# Kin and life events after a possessive name: "Asya's kid", "Ilka Dorn's funeral".
_POSSESSIVE_PERSON = re.compile(
    r"(?<!['’])(?P<name>\b[^\W\d_]+(?:-[^\W\d_]+)?(?:[ \t]+[^\W\d_]+(?:-[^\W\d_]+)?)?)"
    r"(?:'s|’s)[ \t]+"
    r"(?:kids?|sons?|daughters?|wife|husband|partner|mother|father|mum|mom|dad|brother|sister|"
    r"family|parents|children|grandchildren|friends?|killers?|murder|murderer|funeral|"
    r"birthday|wedding|widow|widower|fiancée?|girlfriend|boyfriend)\b"
)
_LOWER_TITLED = re.compile(
    r"\b(?:mr|mrs|ms|miss|mx|dr|prof)\.?[ \t]+(?P<first>[a-zà-ɏ][\wà-ɏ'’-]+)"
    r"(?:[ \t]+(?P<last>[a-zà-ɏ][\wà-ɏ'’-]+))?"
)
_SPEAKER = re.compile(r"(?m)^([A-ZÀ-Þ][\wÀ-ɏ'’-]*):")
_NOT_PERSON_CUE = re.compile(
    r"\b(?:company|organi[sz]ation|school|college|university|project|product|user|host|file|"
    r"domain|brand|course|business|trading|account|bank|branch|model|app|package)\W+name",
    re.IGNORECASE,
)
_NOT_NAME_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "from",
        "by",
        "is",
        "are",
        "was",
        "be",
        "not",
        "no",
        "yes",
        "very",
        "so",
        "too",
        "a",
        "here",
        "there",
        "going",
        "looking",
        "working",
        "interested",
        "happy",
        "glad",
        "writing",
        "available",
    ]
)


def _acronyms(doc: Doc) -> frozenset[str]:
    """Capital letters the text uses as an acronym, not as a person's initials: seen alone
    ("review TW tariffs", "TW's risk") or before different words ("COB Wednesday", "COB
    Tuesday"). Initials ("LN Darlow") only ever stand before the same surname."""
    followers: dict[str, set[str]] = {}
    alone: set[str] = set()
    for token in doc:
        text = token.text
        if not (2 <= len(text) <= 4 and text.isalpha() and text.isupper()):
            continue
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if after is None or not after.text[:1].isupper() or not after.is_alpha:
            if after is None or after.text not in {",", ".", ";", ")"}:
                alone.add(text)  # (a list of initials "LN, AJ" ends in punctuation)
            continue
        followers.setdefault(text, set()).add(after.lower_)
    return frozenset(alone | {t for t, words in followers.items() if len(words) > 1})


# Degrees written like initials: "B.S. Nursing", "M.A. History".
_DEGREE_INITIALS = frozenset({"B.S.", "M.S.", "B.A.", "M.A.", "B.E.", "M.E.", "J.D.", "M.D."})


def _is_initial(token: Token) -> bool:
    """ "J.", "LN", "A.B.": initials, but not a country's ("U.S. Border Patrol") or a degree's
    ("B.S. Nursing")."""
    return (
        bool(_INITIALS.match(token.text))
        and token.text not in COUNTRY_CODES
        and token.text not in _DEGREE_INITIALS
    )


def _name_word(token: Token) -> bool:
    text = token.text
    return (
        text[:1].isupper()
        and token.lower_.rstrip(".") not in TITLES
        and token.lower_.rstrip(".") not in NOT_NAME_PARTS
        and text.replace("'", "").replace("’", "").replace(".", "").isalpha()
        and len(text) > 1
    )


class PersonGazetteerRecognizer(EvidenceRecognizer):
    ENTITIES = ("PERSON",)
    base_score: float = 0.45
    single_score: float = 0.3
    single_mid_bonus: float = 0.1
    speaker_score: float = 0.5
    lowercase_score: float = 0.4
    known_bonus: float = 0.2
    title_bonus: float = 0.2
    cue_score: float = 0.7
    verb_bonus: float = 0.15
    address_score: float = 0.85
    list_score: float = 0.6
    former_score: float = 0.6
    family_score: float = 0.65

    def setup(self) -> None:
        self.first_names = load_names("first_names")
        self.last_names = load_names("last_names")
        # Only the sure list: the long list of towns holds many words that are names too.
        self.places = sure_places()
        self.towns = known_towns()
        self.organisations = PhraseIndex(load_gazetteer("organizations_curated"))

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.wanted(entities, "PERSON"):
            return []
        lower = text == text.lower()  # no capitals at all: chat, forms, transcripts
        found = self._cued(text, lower) + self._addressed(text)
        doc = doc_of(nlp_artifacts)
        if doc is not None:
            travelled = frozenset(m.start("place") for m in TRAVEL_CUE.finditer(text))
            found.extend(
                self._runs(
                    doc, dialogue=self._dialogue(text), acronyms=_acronyms(doc), places=travelled
                )
            )
        at = {(r.start, r.end): r for r in found}
        for listed in self._listed(text, lower):
            same = at.get((listed.start, listed.end))
            if same is None:
                found.append(listed)
            else:
                same.score = max(same.score, listed.score)
        return found

    def _dialogue(self, text: str) -> bool:
        """Two or more "Word:" lines whose words are not labels or headings ("Phone:",
        "Referee:", "Links:" never count), one of them a known name or used elsewhere in the
        text: a dialogue, whose other speakers are names too."""
        speakers = [word for word in _SPEAKER.findall(text) if not label_word(word)]
        return len(speakers) >= 2 and any(self._name_elsewhere(w, text) for w in speakers)

    def _name_elsewhere(self, word: str, text: str) -> bool:
        lower = word.lower()
        if lower in self.first_names or lower in self.last_names:
            return True
        elsewhere = re.compile(rf"(?<![\w@.])(?<!^){re.escape(word)}(?![\w:])", re.MULTILINE)
        return elsewhere.search(text) is not None

    def _cued(self, text: str, lower: bool) -> list[RecognizerResult]:
        found = []
        for match in _NAME_CUE.finditer(text):
            if _NOT_PERSON_CUE.search(text[max(0, match.start() - 25) : match.start() + 4]):
                continue
            words = match.group("name").split()
            keep: list[str] = []
            for word in words:
                if word.lower().strip(".") in _NOT_NAME_WORDS or (
                    keep and word.lower() in STOP_WORDS
                ):
                    break  # "... is borna jerkovic but everyone calls me borna"
                if keep and keep[0][:1].isupper() and not word[:1].isupper():
                    break  # "Aantje Mourik but everyone calls me ..."
                keep.append(word)
            if not keep:
                continue
            start = match.start("name")
            end = start + len(" ".join(keep)) if "\t" not in match.group("name") else match.end()
            name = text[start:end].rstrip(".,")
            known = sum(w.lower().strip(".") in self.first_names | self.last_names for w in keep)
            cue = match.group().lower()
            score = self.cue_score if "name" in cue else 0.4 + 0.15 * min(known, 2)
            if "name" not in cue and "call" not in cue and not keep[0][:1].isupper():
                continue
            found.append(result(self, "PERSON", start, start + len(name), score))
        if lower:
            found.extend(self._lowercase_titled(text))
        found.extend(self._possessive(text, lower))
        return found

    def _addressed(self, text: str) -> list[RecognizerResult]:
        """A name right before its own e-mail address ("Priyanka Raghunathan
        (priyanka.r@…)", "Contact Ana Sousa at asousa@…"): the address spells it, so it is a
        name whether or not the name lists know it."""
        found = []
        for match in _ADDRESS.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            before = _BEFORE_ADDRESS.search(text, line_start, match.start())
            if before is None:
                continue
            words = list(_WORD.finditer(before.group("words")))
            spelled = _spelled_by([w.group() for w in words], match.group("local"))
            if spelled is None:
                continue
            first, last = spelled
            named = [w.group().lower() for w in words[first : last + 1]]
            if any(
                w in _MAILBOX_WORDS or w in NOT_NAME_PARTS or w in STOP_WORDS or label_word(w)
                for w in named
            ):
                continue  # "Support Team - support.team@…": a mailbox, not a person
            start = before.start("words") + words[first].start()
            end = before.start("words") + words[last].end()
            found.append(result(self, "PERSON", start, end, self.address_score))
        return found

    def _listed(self, text: str, lower: bool) -> list[RecognizerResult]:
        """The items of a list of people: "our founders: Kónya, Becker and Vasquez", "Usamov
        and Bowers were engineers", or a list most of whose items are known given names
        ("Hleb, Sheila, Donna and Shane"). Every item is then a person, known to the lists or not,
        unless an item is a place, an organisation's word or a heading."""
        found: list[RecognizerResult] = []
        # In text with no capitals at all (chat, transcripts) a list of given names is written
        # in lower case: "they had three: leonti, pamela and brian".
        lists, list_items = (
            (_LOWER_NAME_LIST, _LOWER_LIST_ITEM) if lower else (_NAME_LIST, _LIST_ITEM)
        )
        for match in lists.finditer(text):
            items = list(list_items.finditer(match.group()))
            words = [[w.lower() for w in item.group().split()] for item in items]
            if any(
                w in STOP_WORDS
                or w in NOT_NAME_PARTS
                or w in self.places
                or w in MONTHS
                or w in WEEKDAYS
                or label_word(w)
                for item in words
                for w in item
            ):
                continue
            known = sum(
                all(w in self.first_names or w in self.last_names for w in item) for item in words
            )
            # A list of surnames alone may be a firm ("Henderson, Hicks and Brown"); one of
            # given names is a list of people.
            given = sum(item[0] in self.first_names for item in words)
            line_start = text.rfind("\n", 0, match.start()) + 1
            cued = PEOPLE_CUE.search(text[line_start : match.start()]) is not None or (
                known >= 1 and PLURAL_VERB_AFTER.match(text, match.end()) is not None
            )
            if not (cued or (given >= 2 and 2 * given > len(items))):
                continue
            found.extend(
                result(
                    self,
                    "PERSON",
                    match.start() + item.start(),
                    match.start() + item.end(),
                    self.list_score,
                )
                for item in items
            )
        return found

    def _possessive(self, text: str, lower: bool) -> list[RecognizerResult]:
        found = []
        for match in _POSSESSIVE_PERSON.finditer(text):
            words = match.group("name").split()
            # Capitalised words only (any words in all-lower-case text), no sentence openers.
            while words and (
                words[0].lower() in STOP_WORDS or not (lower or words[0][:1].isupper())
            ):
                words.pop(0)
            if not words or not all(lower or w[:1].isupper() for w in words):
                continue
            if any(w.lower() in NOT_NAME_PARTS or w.lower() in self.places for w in words):
                continue  # "The Board's family day", "France's children"
            start = match.end("name") - len(" ".join(words))
            if text[start : match.end("name")] != " ".join(words):
                continue  # a tab inside: leave it
            found.append(result(self, "PERSON", start, match.end("name"), self.cue_score - 0.15))
        return found

    def _lowercase_titled(self, text: str) -> list[RecognizerResult]:
        """ "mr. elliott", "ms. quinzia vale": a title then a name, in all-lower-case text."""
        found = []
        for match in _LOWER_TITLED.finditer(text):
            first, last = match.group("first"), match.group("last")
            if first in STOP_WORDS or first in _NOT_NAME_WORDS:
                continue
            end = match.end("last") if last and last in self.last_names else match.end("first")
            found.append(result(self, "PERSON", match.start("first"), end, self.lowercase_score))
        return found

    def _lowercase_names(self, doc: Doc) -> list[RecognizerResult]:
        """ "patricia desrosiers": a known given name then a known family name, lower case."""
        found = []
        for token in doc[:-1]:
            following = doc[token.i + 1]
            if (
                following.is_lower
                and len(following.text.rstrip(".")) == 1
                and following.whitespace_ == " "
                and token.i + 2 < len(doc)
            ):
                following = doc[token.i + 2]  # "benjamin a seiler", "eric g. samoylova"
            if (
                token.is_lower
                and following.is_lower
                and token.whitespace_ == " "
                and not token.is_stop
                and not following.is_stop
                and token.lower_ in self.first_names
                and (
                    following.lower_ in self.last_names
                    or _LONE_SURNAME_ENDING.search(following.lower_) is not None
                )
                and token.lower_ not in self.places
                and following.lower_ not in self.places
            ):
                found.append(
                    result(self, "PERSON", token.idx, _end(following), self.lowercase_score)
                )
        return found

    def _runs(
        self,
        doc: Doc,
        *,
        dialogue: bool,
        acronyms: frozenset[str] = frozenset(),
        places: frozenset[int] = frozenset(),
    ) -> list[RecognizerResult]:
        """Names in runs of capitalised words; none that starts at an offset in ``places``
        (where "flew to", "based in" put a place), unless a title or a known given and family
        name says it is a person."""
        found: list[RecognizerResult] = self._lowercase_names(doc)
        i = 0
        n = len(doc)
        while i < n:
            if not (_name_word(doc[i]) or _is_initial(doc[i])):
                i += 1
                continue
            j = i
            words: list[Token] = []
            while j < n and len(words) < 6:
                token = doc[j]
                if _name_word(token) or _is_initial(token):
                    words.append(token)
                elif (
                    (
                        token.lower_ in PARTICLES
                        and words
                        and j + 1 < n
                        and (_name_word(doc[j + 1]) or doc[j + 1].lower_ in PARTICLES)
                    )
                    or token.text in "-'’"
                    and token.whitespace_ == ""
                    and words
                    and j + 1 < n
                ):
                    pass
                else:
                    break
                if "\n" in token.whitespace_ or token.text.endswith(","):
                    j += 1
                    break
                j += 1
            former = len(words) >= 2 and _ex_descriptor(doc, words[0])
            if former or (len(words) >= 2 and words[0].lower_.rstrip(".") in PUBLIC_TITLES):
                words = words[1:]  # "ex-Beatle Paul Ruston", "Senator Dale Whitcombe"
            best = self._best_window(doc, words, acronyms)
            if best is not None:
                best = self._family_name_first(words, best)
            elif (family := _a_family(doc, words)) is not None:
                best = (*family, self.family_score)
            if best is None and len(words) == 1:
                best = self._single(doc, words[0], dialogue=dialogue)
                if best is None and former and proper_like(words[0]):
                    best = (words[0].i, words[0].i, self.former_score)
            if best is not None and not (
                doc[best[0]].idx in places
                and not _titled(doc, doc[best[0]])
                and not self._full_name(doc[best[0]], doc[best[1]])
            ):
                start_tok, end_tok, score = best
                found.append(result(self, "PERSON", doc[start_tok].idx, _end(doc[end_tok]), score))
            i = max(j, i + 1)
        return found

    def _family_name_first(
        self, words: list[Token], best: tuple[int, int, float]
    ) -> tuple[int, int, float]:
        """``best`` with the known names right before it in the run: "Nguyen Thi Lan", where
        the family name comes first and the window scored best without it."""
        start, end, score = best
        k = next((n for n, w in enumerate(words) if w.i == start), 0)
        while (
            k > 0
            and words[k - 1].i == words[k].i - 1
            and end - words[k - 1].i < 4
            and words[k - 1].whitespace_ == " "
            and not _is_initial(words[k - 1])
            and words[k - 1].lower_ not in self.places
            and (words[k - 1].lower_ in self.last_names or words[k - 1].lower_ in self.first_names)
        ):
            k -= 1
        return words[k].i, end, score

    def _full_name(self, first: Token, last: Token) -> bool:
        """A known given name and a different known family name: "Maria Lopez"."""
        return (
            first.i < last.i and first.lower_ in self.first_names and last.lower_ in self.last_names
        )

    def _best_window(
        self, doc: Doc, words: list[Token], acronyms: frozenset[str] = frozenset()
    ) -> tuple[int, int, float] | None:
        """The best 2-4 word window of a run: (first token, last token, score) or None."""
        best: tuple[int, int, float] | None = None
        for a in range(len(words)):
            first = words[a]
            first_known = first.lower_ in self.first_names
            initials_start = (
                _is_initial(first) and first.text.isupper() and first.text not in acronyms
            )
            if not (
                first_known or initials_start or (proper_like(first) and first.text not in acronyms)
            ):
                continue
            if first.lower_ in DIRECTIONS:
                continue  # "Southern Poland", "West Bengal": a region, whatever the lists say
            if _joined_to_previous(doc, first):
                continue  # never start inside "Mary-Jane" or "Berg-Smith"
            for b in range(len(words) - 1, a, -1):
                last = words[b]
                if _is_initial(last) or last.lower_.rstrip(".") in PARTICLES:
                    continue  # "Louisiana St.", "Van": a street or a particle ends no name
                window = words[a : b + 1]
                if any(tech_cased(w.text) for w in window):
                    continue  # "X. NeurIPS", "Apache PyTorch": tech names, not people
                if _units(doc, window) > 4 or _joined_to_next(doc, last, words):
                    continue  # at most four names; never end inside "O'CONNOR-WHITE"
                # A double-barrelled surname is known when either of its parts is.
                last_known = any(
                    w.lower_ in self.last_names or bool(_SURNAME_ENDING.search(w.lower_))
                    for w in _compound_ending(doc, window)
                )
                upper = all(w.text.isupper() for w in window if not _is_initial(w))
                if upper and not (first_known and last_known):
                    continue  # ALL-CAPS headings: only clearly known names
                if not (last_known or proper_like(last)):
                    continue
                middle_initial = any(
                    _is_initial(w) and w.text not in acronyms for w in window[1:-1]
                )
                particle = any(t.lower_ in PARTICLES for t in doc[first.i + 1 : last.i])
                titled = _titled(doc, first)
                after = doc[last.i + 1] if last.i + 1 < len(doc) else None
                verb = (after is not None and after.lower_ in PERSON_VERBS) or _speaker_before(
                    doc, first
                )  # "... lives at", '"...," said Ana Lucić'
                evidence = (
                    first_known + last_known + middle_initial + initials_start + particle + verb
                )
                double_barrelled = (
                    len(window) == 2
                    and last.i == first.i + 2
                    and doc[first.i + 1].text == "-"
                    and first.whitespace_ == ""
                )
                if double_barrelled and not titled:
                    continue  # "Fritz-Armstrong" with no given name: a firm as often as not
                if evidence == 0 and not titled:  # "Mrs. Ilka Dorn": the title is evidence
                    continue
                if any(
                    w.lower_ in self.places
                    and w.lower_ not in self.last_names
                    and w.lower_ not in self.first_names
                    for w in window
                ):
                    continue
                if " ".join(w.text for w in window) in self.organisations:
                    continue  # "Morgan Stanley", "Wells Fargo"
                score = self.base_score + self.known_bonus * min(evidence, 2)
                if titled:
                    score += self.title_bonus
                if best is None or score > best[2]:
                    best = (first.i, last.i, score)
                break
        if best is None:
            best = self._titled_single(doc, words)
        return best

    def _single(self, doc: Doc, word: Token, *, dialogue: bool) -> tuple[int, int, float] | None:
        """A lone known given name ("Mary?"), or a speaker label at a line start ("Ubul:")."""
        after = doc[word.i + 1] if word.i + 1 < len(doc) else None
        line_start = (
            word.i == 0 or "\n" in doc[word.i - 1].text or "\n" in doc[word.i - 1].whitespace_
        )
        speaker = line_start and after is not None and after.text == ":"
        if speaker and dialogue and not word.is_stop and not label_word(word.text):
            return (word.i, word.i, self.speaker_score)
        if word.text.isupper() or word.is_stop or word.lower_ in self.places:
            return None
        if _joined_to_previous(doc, word):
            return None  # "Trent" in "Stoke-on-Trent": the end of a hyphenated place
        if after is not None and after.lower_.rstrip(".") in NOT_NAME_PARTS:
            return None  # "Shepherd Ltd."
        if _in_a_date(doc, word):
            return None  # "Sent: Monday, Jan 14, 2002", "since June 2019"
        verb = after.lower_ if after is not None else ""
        if word.lower_ in self.first_names:
            # Mid-sentence a capitalised given name is likely a person; at a sentence start
            # it needs support (spaCy agreeing, or a verb people do: "Jacob lives on ...").
            bonus = 0.0 if word.is_sent_start else self.single_mid_bonus
            if verb in PERSON_VERBS or verb in AUXILIARIES:
                bonus += self.verb_bonus
            return (word.i, word.i, self.single_score + bonus)
        if proper_like(word) and word.lower_ not in self.towns:
            if _speaker_before(doc, word):  # '"I'm so jealous!" said Maslin': the speaker
                return (word.i, word.i, self.single_score + self.verb_bonus + self.known_bonus)
            if verb in PERSON_VERBS:  # "Shovda shouted"
                return (word.i, word.i, self.single_score + self.verb_bonus)
            if verb in AUTHORED_WORKS and word.i > 0 and doc[word.i - 1].lower_ == "the":
                # "Unlike the Roeterdink novel": the work named after its author
                return (word.i, word.i, self.single_score + self.verb_bonus + self.known_bonus)
        if (
            len(word.text) > 5
            and _LONE_SURNAME_ENDING.search(word.lower_)
            and word.lower_ not in self.towns
        ):
            # "Unlike the Ásgeirsdóttir novel", "Kowalczyk's report": a family name by its
            # ending, alone
            return (word.i, word.i, self.single_score + self.known_bonus)
        return None

    def _titled_single(self, doc: Doc, words: list[Token]) -> tuple[int, int, float] | None:
        """ "Mr Smith", "Dr. Patel": one capitalised word after a title."""
        if not words or words[0].i == 0:
            return None
        prev = doc[words[0].i - 1]
        if (
            prev.lower_.rstrip(".") in TITLES
            and prev.lower_ != "dear"
            and not _is_initial(words[0])
        ):
            return (words[0].i, words[0].i, self.base_score + self.title_bonus)
        return None


_ADDRESS = re.compile(r"(?<![\w.+-])(?P<local>[A-Za-z][\w.+-]*)@[\w-]+(?:\.[\w-]+)+")
# The words on the line before an address, then what may stand between a name and its
# address: brackets, a colon, a dash, "at", "on", "e-mail".
_BEFORE_ADDRESS = re.compile(
    r"(?P<words>(?:[^\W\d_][\w'’-]*\.?[ \t]+){0,5}[^\W\d_][\w'’-]*)"
    r"(?:[ \t]*[(<\[:,|–—-]|[ \t]+(?:at|on|via|email|e-mail|mail)\b:?)*[ \t]*(?:mailto:)?$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# "Kónya, Becker and Vasquez", "Hleb, Sheila, Donna and Shane", "Usamov and Bowers": items of
# one or two capitalised words, joined by commas and a last "and" or "&".
# Capital letters of Latin-1 and Latin Extended-A ("Š", "Ł", "Ő"), for names like "Šušulić".
_CAPITALS = "A-ZÀ-ÖØ-Þ" + "".join(c for c in map(chr, range(0x100, 0x180)) if c.isupper())
_NAME_WORD = rf"[{_CAPITALS}](?:[^\W\d_]|['’](?=[A-Z]))[\w'’-]*"
_ITEM = rf"{_NAME_WORD}(?:[ \t]{_NAME_WORD})?"
_NAME_LIST = re.compile(
    rf"(?<![\w'’-]){_ITEM}(?:,[ \t]{_ITEM})*,?[ \t](?:and|&)[ \t]{_ITEM}"
    r"(?![\w'’-])"
)
_LOWER_NAME_WORD = r"[^\W\d_A-Z](?:[^\W\d_]|['’])*"
_LOWER_NAME_LIST = re.compile(
    rf"(?<![\w'’-]){_LOWER_NAME_WORD}(?:,[ \t]{_LOWER_NAME_WORD})+,?[ \t](?:and|&)[ \t]"
    rf"{_LOWER_NAME_WORD}(?![\w'’-])"
)
_LIST_ITEM = re.compile(_ITEM)
_LOWER_LIST_ITEM = re.compile(rf"(?<![\w'’-])(?!and\b){_LOWER_NAME_WORD}")
# Words of shared mailboxes' names ("Customer Care", "Press Office", "HR Team").
_MAILBOX_WORDS = frozenset(
    """support team info information sales admin administration office contact contacts
    service services help helpdesk desk hr careers career jobs recruitment recruiting
    enquiries enquiry inquiries hello accounts account billing marketing press media news
    noreply reply webmaster customer customers care general mail post reception orders
    finance legal it security privacy feedback events group department dept admissions
    registrar editor editorial community partners partnerships operations ops dev devs
    engineering research""".split()  # noqa: SIM905 - a word list
)


def _spelled_by(words: list[str], local: str) -> tuple[int, int] | None:
    """The first and last of ``words`` that an address's local part spells, as people make
    their addresses: every piece of it ("priyanka.r", "p_raghunathan", "asousa") is a word of
    the name in full or its initial, two words or more are used, one of them in full. None if
    the local part is not made of the name, or the words are not a name's (capitalised)."""
    folded = [strip_diacritics(w).lower().replace("'", "").replace("’", "") for w in words]
    pieces = [p for p in re.split(r"[._+-]+", re.sub(r"\d+", "", local.lower())) if p]
    if not pieces or not words:
        return None
    used: set[int] = set()
    full = False

    def consume(piece: str, taken: frozenset[int]) -> frozenset[int] | None:
        if not piece:
            return taken
        for i, word in enumerate(folded):
            if i in taken or not words[i][:1].isupper():
                continue
            for form in (word, word.replace("-", ""), word[:1]):
                if form and piece.startswith(form):
                    rest = consume(piece[len(form) :], taken | {i})
                    if rest is not None:
                        return rest
        return None

    for piece in pieces:
        taken = consume(piece, frozenset(used))
        if taken is None:
            return None
        full = full or any(len(folded[i]) >= 3 and folded[i] in piece for i in taken - used)
        used |= taken
    if len(used) < 2 or not full:
        return None
    return min(used), max(used)


MONTHS = frozenset(
    """jan feb mar apr may jun jul aug sep sept oct nov dec january february march april
    june july august september october november december""".split()  # noqa: SIM905 - a word list
)
WEEKDAYS = frozenset(
    """mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday
    saturday sunday""".split()  # noqa: SIM905 - a word list
)


# Verbs of speech that come before the speaker in a quotation: '"...," said Maslin'.
SPEECH_VERBS = frozenset(["said", "says", "asked", "replied", "added", "wrote", "explained"])


def _speaker_before(doc: Doc, first: Token) -> bool:
    """A verb of speech right before ``first``, after a quotation or its comma."""
    if first.i < 2 or doc[first.i - 1].lower_ not in SPEECH_VERBS:
        return False
    return doc[first.i - 2].text in {",", '"', "”", "'", "’", "!", "?"} or doc[
        first.i - 2
    ].text.endswith(('"', "”"))


def _titled(doc: Doc, first: Token) -> bool:
    """A title stands before ``first``: "Mrs. Ilka Dorn" ("Dear", "Lady", "Lord" do not count)."""
    prev = doc[first.i - 1] if first.i > 0 else None
    return prev is not None and (
        (prev.lower_.rstrip(".") in TITLES and prev.lower_ not in {"dear", "lady", "lord"})
        or (
            prev.text[:1].isupper()
            and (prev.lower_.rstrip(".") in PUBLIC_TITLES or prev.lower_ in ROLE_WORDS)
        )
    )


def _in_a_date(doc: Doc, word: Token) -> bool:
    """A month ("Jan", "June", "May") written as part of a date: a number on either side of
    it, another month after a dash ("Jan - Feb 2015"), or a weekday before it. Then it is no given name, whatever the name lists say."""
    if word.lower_.rstrip(".") not in MONTHS:
        return False
    after = doc[word.i + 1] if word.i + 1 < len(doc) else None
    before = [t for t in doc[max(0, word.i - 2) : word.i] if t.text not in {",", "."}]
    if after is not None and (after.like_num or after.text[:1].isdigit()):
        return True
    second = doc[word.i + 2] if word.i + 2 < len(doc) else None
    if (
        after is not None
        and second is not None
        and after.text in {"-", "–", "—", "to"}
        and second.lower_.rstrip(".") in MONTHS
    ):
        return True  # "Jan - Feb 2015": a range of months
    return bool(before) and (
        before[-1].like_num or before[-1].text[:1].isdigit() or before[-1].lower_ in WEEKDAYS
    )


# "the Dufresne family", "the Lopez-Gutierrez household": a family named by its surname.
_FAMILY_WORDS = frozenset({"family", "families", "household", "twins", "clan"})
_NOT_FAMILY_NAMES = frozenset({"royal", "imperial", "first", "ruling", "crime", "holy"})


def _a_family(doc: Doc, words: list[Token]) -> tuple[int, int] | None:
    """(first, last) token of the run's name when it stands between "the" and a word for a
    family (at most two names, joined by a hyphen or not), else None."""
    if words and words[0].lower_ == "the":
        words = words[1:]
    if not words:
        return None
    first, last = words[0], words[-1]
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if (
        first.i > 0
        and doc[first.i - 1].lower_ == "the"
        and after is not None
        and after.lower_ in _FAMILY_WORDS
        and last.i - first.i <= 2
        and proper_like(first)
        and proper_like(last)
        and not any(w.lower_ in _NOT_FAMILY_NAMES for w in words)
    ):
        return first.i, last.i
    return None


def _ex_descriptor(doc: Doc, token: Token) -> bool:
    """``token`` is the "Zombie" of "ex-Zombie": what a person used to belong to, said before
    the person's name ("ex-Beatle Ringo", "ex-Chelsea Okafor")."""
    i = token.i
    return _joined_to_previous(doc, token) and doc[i - 2].lower_ == "ex"


def _joined_to_previous(doc: Doc, token: Token) -> bool:
    """``token`` follows a hyphen with no spaces around it ("Smith" in "Berg-Smith")."""
    i = token.i
    return (
        i >= 2
        and doc[i - 1].text == "-"
        and doc[i - 1].whitespace_ == ""
        and doc[i - 2].whitespace_ == ""
    )


def _joined_to_next(doc: Doc, token: Token, words: list[Token]) -> bool:
    """``token`` is followed by a hyphen and another word of the run ("Berg" in "Berg-Smith")."""
    i = token.i
    return (
        i + 2 < len(doc)
        and token.whitespace_ == ""
        and doc[i + 1].text == "-"
        and doc[i + 1].whitespace_ == ""
        and any(w.i == i + 2 for w in words)
    )


def _units(doc: Doc, window: list[Token]) -> int:
    """Names in a window: hyphenated parts and particles ("VAN DER") do not count apart."""
    return sum(1 for w in window if w.lower_ not in PARTICLES and not _joined_to_previous(doc, w))


def _compound_ending(doc: Doc, window: list[Token]) -> list[Token]:
    """The hyphen-joined words the window ends with ("Berg", "Smith"), or its last word."""
    parts = [window[-1]]
    for w in reversed(window[:-1]):
        if not _joined_to_previous(doc, parts[0]) or w.i != parts[0].i - 2:
            break
        parts.insert(0, w)
    return parts


def _end(token: Token) -> int:
    return token.idx + len(token.text)


@register("person_gazetteer")
def person_recognizers(
    *, supported_language: str = "en", **scores: float
) -> list[EntityRecognizer]:
    return [PersonGazetteerRecognizer(supported_language=supported_language, **scores)]
