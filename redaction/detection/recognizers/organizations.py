"""Organisations named by their form: a legal or business suffix ("Acme Ltd", "Oracle India
Private Limited", "Tata Consultancy Services") or an institution word ("University of Leeds",
"Indian Institute of Technology Bombay", "Woodbine modern school", "Kendriya Vidyalaya")."""

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
    label_word,
    load_gazetteer,
    result,
)

SUFFIXES = frozenset(
    [
        "ltd",
        "limited",
        "pvt",
        "private",
        "inc",
        "incorporated",
        "llc",
        "llp",
        "plc",
        "corp",
        "corporation",
        "company",
        "co",
        "gmbh",
        "ag",
        "sa",
        "bv",
        "nv",
        "pty",
        "technologies",
        "technology",
        "tech",
        "solutions",
        "systems",
        "services",
        "consulting",
        "consultancy",
        "consultants",
        "software",
        "softwares",
        "labs",
        "laboratories",
        "bank",
        "group",
        "holdings",
        "foundation",
        "trust",
        "associates",
        "partners",
        "industries",
        "enterprises",
        "infotech",
        "infosystems",
        "networks",
        "communications",
        "pharma",
        "pharmaceuticals",
        "motors",
        "airlines",
        "airways",
        "hospitals",
        "insurance",
        "capital",
        "ventures",
        "studios",
        "media",
        "logistics",
        "telecom",
        "electronics",
        "infrastructure",
        "finance",
        "financial",
        "retail",
        "sons",
        "analytics",
        "brothers",
        "bros",
        "club",
        "lines",
        "movers",
        "unlimited",
        "firm",
        "designs",
        "builders",
        "advertisers",
        "construction",
        "programs",
        "programmes",
        "supplies",
    ]
)
# Legal forms of other countries, written after the name in capitals or as spelled here:
# "Halvorsen Shipping AS", "Nordvik Oy", "Ferretti SpA", "Brandt KG", "Tan Holdings Pte".
FOREIGN_LEGAL_FORMS = frozenset(
    """as asa ab oy oyj spa srl sarl kg aps kft pte bhd ltda""".split()  # noqa: SIM905
)
_FOREIGN_FORM_SPELLINGS = frozenset({"Oy", "Oyj", "SpA", "Srl", "Sarl", "ApS", "Kft", "Ltda"})
# Publishers and utilities ("Quillfeather Press", "Northwest Pipeline"): also words of a
# sentence ("Risk Management & Pipeline"), so a capitalised word must stand right before them.
NAMED_SUFFIXES = frozenset(
    """press publishing publishers publications pipeline transmission utilities
    petroleum""".split()  # noqa: SIM905 - a word list
)
_NEED_A_NAME_BEFORE = NAMED_SUFFIXES | FOREIGN_LEGAL_FORMS
SUFFIXES = SUFFIXES | _NEED_A_NAME_BEFORE
# Legal forms, also written after a comma: "Ratio DesignLab, Inc.", "STRATEGIC MARKETING, INC".
LEGAL_FORMS = frozenset(["inc", "llc", "ltd", "corp", "plc", "llp", "gmbh"])
#: Professions a firm's name ends in after its suffix ("Mwangi and Co. Advocates", "Hale & Co
#: Solicitors"); alone they are people ("Senior Solicitors"), so never a suffix of their own.
PROFESSIONS = frozenset(
    ["advocates", "solicitors", "attorneys", "barristers", "notaries", "accountants"]
)

INSTITUTIONS = frozenset(
    [
        "university",
        "universities",
        "college",
        "institute",
        "institution",
        "school",
        "academy",
        "polytechnic",
        "vidyalaya",
        "vidyalay",
        "vidyapeeth",
        "vidyapith",
        "mahavidyalaya",
        "vishwavidyalaya",
        "council",
        "board",
        "ministry",
        "agency",
        "laboratory",
        "lab",
        "hospital",
        "society",
        "association",
        "federation",
        "conservatory",
        "seminary",
        "department",
        "faculty",
        "commission",
        "authority",
        "bureau",
        "directorate",
        "corps",
        "centre",
        "center",
        "charity",
        "tribunal",
        "organization",
        "organisation",
        "administration",
        "conference",
        "fraternity",
        "sorority",
        "division",
        "dept",
        # the same kinds of body named in other languages ("Universidad Externado de
        # Colombia", "Technische Hochschule Köln", "Institut Teknologi Bandung")
        "universidad",
        "universidade",
        "université",
        "universite",
        "universität",
        "universitat",
        "università",
        "universita",
        "universiteit",
        "universitet",
        "uniwersytet",
        "univerzita",
        "univerzitet",
        "universiti",
        "üniversitesi",
        "yliopisto",
        "egyetem",
        "instituto",
        "institut",
        "istituto",
        "colegio",
        "colégio",
        "collège",
        "escuela",
        "escola",
        "école",
        "ecole",
        "hochschule",
        "fachhochschule",
        "liceo",
        "lycée",
        "lycee",
        "politecnico",
        "politécnico",
        "politécnica",
        "politecnica",
        "akademie",
        "akademia",
        "ministerio",
        "ministère",
        "ministerium",
        "hôpital",
        "ospedale",
        "krankenhaus",
    ]
)
# Bodies named by what they serve, only as "X of Y": "Federal Court of Australia", "Government
# of India", "Chamber of Commerce"; alone the word is as often a street or a room ("Elm Court").
OF_INSTITUTIONS = frozenset(
    {"court", "courts", "government", "chamber", "secretariat", "registry", "parliament"}
)
# Words before "of" that make a title, a degree or a role, not the first part of a name:
# "Head of Science Department", "Bachelor of Arts College".
_NOT_BEFORE_OF = frozenset(
    {"head", "chair", "dean", "member", "bachelor", "master", "masters", "doctor", "diploma"}
    | {"certificate", "degree", "director", "professor", "president", "secretary", "minister"}
)
# Groups named like organisations: "Hall Orchestra", "Beerze Country Club".
GROUP_WORDS = frozenset(
    {"orchestra", "club", "band", "agency", "council", "committee", "society", "association"}
    | {"trust", "fund", "hospital", "church", "investments"}
)
# Words that end an organisation's name, never a person's or a place's. (Not the foreign legal
# forms: "AB" is also Alberta's code and "Spa" a Belgian town.)
ORG_WORDS = (SUFFIXES - FOREIGN_LEGAL_FORMS) | INSTITUTIONS | GROUP_WORDS
# "Senior Software Engineer", "Bank Manager": a job title, not an organisation.
JOB_WORDS = frozenset(
    [
        "engineer",
        "engineers",
        "developer",
        "developers",
        "architect",
        "consultant",
        "manager",
        "analyst",
        "tester",
        "lead",
        "designer",
        "administrator",
        "specialist",
        "officer",
        "executive",
        "associate",
        "intern",
        "trainee",
        "programmer",
        "scientist",
        "technician",
        "support",
        "supervisor",
        "assistant",
        "director",
        "coordinator",
        "representative",
        "clerk",
        "teacher",
        "lecturer",
        "professor",
        "researcher",
        "accountant",
        "volunteer",
        "counselor",
        "counsellor",
        "instructor",
    ]
)
# "worked at Kestrel", "joined Nimbus Labs": the employer after an employment phrase.
_EMPLOYER_CUE = re.compile(
    r"\b(?:work(?:ed|ing|s)?\s+(?:at|for)|joined|employed\s+(?:at|by)|"
    r"intern(?:ed|ship)?\s+(?:at|with)|position\s+at|role\s+at|career\s+at)\s+"
    r"(?P<org>[A-Z][\w&.'’-]*(?:[ \t]+(?:[A-Z][\w&.'’-]*|&|and|of)){0,4})"
)
# "The Law Office of Quentin C. Varley", "Office of the Wisconsin Commissioner of Securities":
# an office named after its holder or its body.
_OFFICE_OF = re.compile(
    r"\b(?:The[ \t]+)?(?:Law[ \t]+)?Offices?[ \t]+of[ \t]+(?:the[ \t]+)?"
    r"(?P<name>[A-Z][\w&.'’-]*(?:[ \t]{1,2}(?:[A-Z][\w&.'’-]*|of|the|and|for|&)){0,8})"
)
# "Skava, an Infosys company", "Halden Labs (a Tata enterprise)": a firm named with its
# parent, one name from the firm to the word "company".
_SUBSIDIARY = re.compile(
    r"(?P<org>[A-Z][\w&.'’-]*(?:[ \t][A-Z][\w&.'’-]*){0,3}),?[ \t]+\(?(?:an?|the)[ \t]+"
    r"(?P<parent>[A-Z][\w&.'’-]*(?:[ \t][A-Z][\w&.'’-]*){0,2})[ \t]+"
    r"(?i:company|group|enterprise|subsidiary|venture)\b\)?"
)
# A name wrapped before its suffix: "... CRM project in Wipro\nTechnologies.", "LabourNet
# Services India\nPvt Ltd": the line holds the suffix chain alone.
_WRAPPED_SUFFIX = re.compile(
    r"(?P<tail>[A-Z][\w&'’-]*(?:[ \t][A-Z][\w&'’-]*){0,3})[ \t]*\n[ \t]*"
    r"(?P<suffix>[A-Z][A-Za-z]*\.?(?:[ \t][A-Z][A-Za-z]*\.?){0,2})[ \t]*(?=\n|$)"
)
_WRAP_CUE = re.compile(r"(?:\b(?:in|at|for|with|by|of)|[-–—:@])[ \t]+$")
CONNECTORS = frozenset(
    ["of", "for", "and", "&", "in", "de", "der", "del", "des", "du", "di", "da", "do", "dos", "das"]
    + ["della", "für", "la", "y"]
)
MAX_LEFT = 6
MAX_RIGHT = 7


def _word(token: Token) -> bool:
    return any(c.isalpha() for c in token.text) and not token.is_space


def _capitalised(token: Token) -> bool:
    """Capitalised, or a brand's inner capital or digit: "eClerx", "iGate", "i2", "eBay"."""
    text = token.text
    inner = (
        len(text) >= 2
        and text[:1].islower()
        and (text[1].isdigit() or (text[1].isupper() and any(c.islower() for c in text[2:])))
    )  # not "aTM", a typo
    return (text[:1].isupper() or inner) and _word(token)


class OrganizationRecognizer(EvidenceRecognizer):
    ENTITIES = ("ORGANIZATION",)
    suffix_score: float = 0.65
    institution_score: float = 0.7
    lowercase_penalty: float = 0.1
    known_score: float = 0.6
    employer_score: float = 0.4
    partnership_score: float = 0.65
    subsidiary_score: float = 0.8

    def setup(self) -> None:
        self.known = PhraseIndex(load_gazetteer("organizations_curated"))
        self.surnames = load_gazetteer("last_names")

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        doc = doc_of(nlp_artifacts)
        if doc is None or not self.wanted(entities, "ORGANIZATION"):
            return []
        found: list[RecognizerResult] = self._employers(text)
        covered = -1
        last: RecognizerResult | None = None  # the previous name found, from token last_start
        last_start = -1
        for token in doc:
            if token.i <= covered:
                continue
            key = _GLUED_YEAR.sub("", token.lower_).rstrip(".")
            known = self.known.longest_at(doc, token.i) if _capitalised(token) else 0
            partnership = None
            if token.i + 2 < len(doc) and doc[token.i + 1].text in {",", "-"}:
                partnership = self._partnership(doc, token.i)
            if partnership is not None:
                span: tuple[int, int, float] | None = partnership
            elif key in INSTITUTIONS or (
                key in OF_INSTITUTIONS
                and token.i + 1 < len(doc)
                and doc[token.i + 1].lower_ == "of"
                and _capitalised(token)
            ):
                span = self._institution(doc, token.i, covered)
                if (
                    span is None
                    and last is not None
                    and token.i == covered + 1
                    and doc[covered].whitespace_ == " "
                ):
                    # "Mass Media" + "College": the institution word ends the name before it
                    span = (token.i, token.i, self.institution_score)
            elif key in SUFFIXES and _capitalised(token):
                span = self._suffixed(doc, token.i, covered)
            else:
                span = None
            if span is None and known:
                span = self._known(doc, token.i, known)
            if span is None:
                continue
            start, end, score = span
            end = _acronym_after(doc, end)
            if last is not None and start == covered + 1 and doc[covered].whitespace_ == " ":
                # "Quality Systems" + "India Healthcare Pvt Ltd": one name read as two
                found.remove(last)
                start, score = last_start, max(score, last.score)
            covered = end
            last, last_start = (
                result(self, "ORGANIZATION", doc[start].idx, _end(doc[end]), score),
                start,
            )
            found.append(last)
        return found

    def _offices(self, text: str) -> list[RecognizerResult]:
        found = []
        for match in _OFFICE_OF.finditer(text):
            words = match.group("name").split()
            while words and words[-1].lower() in {"and", "of", "&", "the", "for"}:
                words.pop()  # "... of the Board and": the name ends before its connector
            end = match.start("name")
            for word in words:
                end = text.index(word, end) + len(word)
            if words:
                found.append(
                    result(self, "ORGANIZATION", match.start(), end, self.institution_score)
                )
        return found

    def _wrapped(self, text: str) -> list[RecognizerResult]:
        """A name's last words at a line's end and its suffix chain alone on the next line, as
        two pieces: "... project in Wipro" / "Technologies."."""
        found = []
        for match in _WRAPPED_SUFFIX.finditer(text):
            suffix = [w.rstrip(".").lower() for w in match.group("suffix").split()]
            tail = match.group("tail").split()
            if not all(w in SUFFIXES for w in suffix) or match.group("tail").isupper():
                continue  # a heading in capitals, or a line of other words
            if any(label_word(w) or w.lower() in JOB_WORDS for w in tail):
                continue
            before = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
            if not (_WRAP_CUE.search(before) or (not before.strip() and len(tail) >= 2)):
                continue  # "Tools and Methods\nSolutions": words of a list, not a firm
            end = match.end("suffix") - match.group("suffix").endswith(".")
            if suffix[-1] in LEGAL_FORMS:
                end = match.end("suffix")  # "Ltd." keeps its full stop
            found.append(result(self, "ORGANIZATION", *match.span("tail"), self.suffix_score))
            found.append(
                result(self, "ORGANIZATION", match.start("suffix"), end, self.suffix_score)
            )
        return found

    def _employers(self, text: str) -> list[RecognizerResult]:
        found = self._offices(text) + self._wrapped(text)
        for match in _SUBSIDIARY.finditer(text):
            words = match.group("org").split()
            while words and words[0].lower() in JOB_WORDS | STOP_WORDS:
                words.pop(0)  # "Engineer Skava, an Infosys company": the firm after the job
            roles = [w.lower() for w in [*words[-1:], *match.group("parent").split()[-1:]]]
            if words and not any(w in JOB_WORDS for w in roles):
                start = match.end("org") - len(" ".join(words))
                end = match.end() - match.group().endswith(")")
                if text[start : match.end("org")] == " ".join(words):
                    found.append(result(self, "ORGANIZATION", start, end, self.subsidiary_score))
        for match in _EMPLOYER_CUE.finditer(text):
            name = match.group("org")
            words = name.split()
            while words and words[-1].lower() in {"and", "of", "&"}:
                words.pop()
            if not words:
                continue
            start = match.start("org")
            end = start + len(" ".join(words)) if "\t" not in name else match.end("org")
            found.append(result(self, "ORGANIZATION", start, end, self.employer_score))
        return found

    def _known(self, doc: Doc, i: int, length: int) -> tuple[int, int, float] | None:
        """A well-known organisation, extended over a following suffix chain, also when a few
        capitalised words come first ("Oracle India Private Limited")."""
        end = i + length - 1
        j = end + 1
        while (
            j < len(doc)
            and j - end <= 4
            and _capitalised(doc[j])
            and "\n" not in doc[j - 1].whitespace_
        ):
            if _suffix(doc[j]):
                end = j - 1
                break
            j += 1
        while (
            end + 1 < len(doc)
            and (_suffix(doc[end + 1]) or (doc[end + 1].text == "." and doc[end].whitespace_ == ""))
            and "\n" not in doc[end].whitespace_
        ):
            end += 1
        return i, end, self.known_score

    def _partnership(self, doc: Doc, i: int) -> tuple[int, int, float] | None:
        """Firms named after partners: "Davis, Reynolds and Williamson", "Mayo-Walters"."""
        window = doc[i : i + 6]
        texts = [t.text for t in window]
        if len(window) >= 5 and texts[1] == "," and texts[3] in {"and", "&"}:
            names = [window[0], window[2], window[4]]
            if all(_capitalised(t) and t.lower_ in self.surnames for t in names):
                if _people_listed(doc, i, i + 4):
                    return None  # "our founders: Davis, Reynolds and Williamson"
                return i, i + 4, self.partnership_score
        if (
            len(window) >= 3
            and texts[1] == "-"
            and doc[i].whitespace_ == ""
            and window[1].whitespace_ == ""
            and all(_capitalised(t) and t.lower_ in self.surnames for t in (window[0], window[2]))
            and (i == 0 or not _capitalised(doc[i - 1]))
        ):
            return i, i + 2, self.partnership_score - 0.15
        return None

    def _left(self, doc: Doc, i: int, *, lowercase_ok: bool, floor: int) -> int:
        """First token of the name that ends at token ``i`` (``i`` itself if none)."""
        start = i
        j = i - 1
        steps = 0
        while j > floor and steps < MAX_LEFT:
            token = doc[j]
            steps += token.text != "-"  # "Not-for-profits" is one word of the name
            if (
                token.text == " "
                and j - 1 > floor
                and _capitalised(doc[j - 1])
                and doc[j - 1].lower_ not in JOB_WORDS
                and (not label_word(doc[j - 1].text) or _inside_a_name(doc, j - 1, floor))
                and not (
                    j - 2 > floor and doc[j - 2].text == "," and not doc[j - 1].text.endswith(".")
                )
                and not (doc[j - 1].text.isupper() and not doc[j + 1].text.isupper())
            ):
                # "Iraqi Maritime  Transport Company", "National Computer  Centre", "Arts, St.
                # Josephs University": a doubled space in the name; but in "Minneapolis, MN
                # Lane High School" or "EDUCATION  Leeds College" it separates two columns
                j -= 1
                continue
            if "\n" in token.whitespace_ or token.is_space:
                break
            if _capitalised(token) and token.lower_ not in STOP_WORDS:
                start = j
            elif lowercase_ok and _of_inside(doc, j, start, floor):
                pass  # "St. Francis of Assisi School", "Our Lady of Lourdes Hospital"
            elif token.lower_ in {"and", "&"} and not lowercase_ok and _ends_a_list(doc, j, floor):
                break  # "Ranku, Biovia and Miller Ltd": the last item of a list, not a name
            elif (
                _joins(doc, j)
                or (lowercase_ok and _word(token) and token.lower_ not in STOP_WORDS)
                or _possessive(doc, j)  # "King's College London", "St John's College"
            ):
                pass
            else:
                break
            j -= 1
        return start

    def _right(self, doc: Doc, i: int) -> int:
        """Last token of "of/for/in ..." continuing an institution at token ``i``."""
        end = i
        after_connector = False
        named_after = False  # a capitalised word came after the connector
        j = i + 1
        if j < len(doc) and doc[j].text == "." and doc[i].whitespace_ == "":
            end = j  # "Dept. of Public Safety", "Univ. of Leeds"
            j += 1
        # The window restarts at each institution or suffix word inside the name: "University
        # of Minnesota Duluth Department of Health Physical Education and Recreation",
        # "... Duluth Information Technology Systems and Services".
        anchor = i
        while j < len(doc) and j - anchor <= MAX_RIGHT:
            token = doc[j]
            if (
                token.text == " "
                and j + 1 < len(doc)
                and (doc[j - 1].lower_ in CONNECTORS or doc[j + 1].lower_ in CONNECTORS)
            ):
                # "Institute of  Technology", "University  of Pune": a doubled space inside
                # the name; "University of Leeds  Leeds, UK" is the next column
                j += 1
                continue
            if "\n" in doc[j - 1].whitespace_ or token.is_space:
                break
            if token.lower_ in CONNECTORS:
                if token.lower_ in {"and", "&"} and (
                    _second_name_after(doc, j)
                    or (_capitalised(doc[end]) and not _capitalised(_next_word(doc, j)))
                ):
                    # "University of Leeds and Indian Institute ...": two names; "... University
                    # and worked for ...": the sentence goes on ("college of engineering and
                    # technology", all in lower case, goes on as a name)
                    break
                after_connector = True
            elif (
                _word(token)
                and token.lower_ not in STOP_WORDS
                and (_capitalised(token) or after_connector)
                and not (named_after and _goes_on(token))
            ):
                # "college of engineering and technology", "Council of Legal education" go on
                # in lower case; "Ministry of Defence confirmed", "University of Leeds campus"
                # end before the sentence goes on
                named_after = named_after or (after_connector and _capitalised(token))
                end = j
                if token.lower_ in INSTITUTIONS or token.lower_.rstrip(".") in SUFFIXES:
                    anchor = j
                if j + 1 < len(doc) and doc[j + 1].text == "." and token.whitespace_ == "":
                    if len(token.text) > 5:
                        break  # "... of Technology. Focused on": the sentence ends
                    j += 1  # "Engg.", "Tech."
                    end = j
            else:
                break
            j += 1
        return end

    def _institution(self, doc: Doc, i: int, floor: int) -> tuple[int, int, float] | None:
        start = self._left(doc, i, lowercase_ok=True, floor=floor)
        if start < i and not _capitalised(doc[start]):
            start = i
        end = self._right(doc, i)
        if start == i and end == i:
            return None
        if start == i and not _capitalised(doc[i]) and not _capitalised(doc[end]):
            return None
        words = [t for t in doc[start : end + 1] if _word(t)]
        lowercase = any(not _capitalised(t) and t.lower_ not in CONNECTORS for t in words)
        return start, end, self.institution_score - lowercase * self.lowercase_penalty

    def _suffixed(self, doc: Doc, i: int, floor: int) -> tuple[int, int, float] | None:
        if i + 1 < len(doc) and doc[i + 1].lower_ in JOB_WORDS:
            return None
        if not _suffix(doc[i]):
            return None  # "As", "Ab", "Spa" as words: only the legal forms' own spellings
        if doc[i].lower_ in _NEED_A_NAME_BEFORE and not (
            i - 1 > floor and _capitalised(doc[i - 1]) and doc[i - 1].whitespace_ == " "
        ):
            return None
        start = self._left(doc, i, lowercase_ok=False, floor=floor)
        if (
            start == i
            and doc[i].lower_.rstrip(".") in LEGAL_FORMS
            and i - 2 > floor
            and doc[i - 1].text == ","
            and _capitalised(doc[i - 2])
            and "\n" not in doc[i - 2].whitespace_
        ):
            start = self._left(doc, i - 2, lowercase_ok=False, floor=floor)  # "ACME, INC."
            start = start if _capitalised(doc[start]) else i - 2
        if start == i:
            return None
        end = i
        # "Pvt. Ltd.", "Private Limited", "Services Ltd", "Systems and Services": take the
        # whole suffix chain.
        while end + 1 < len(doc) and not doc[end].is_space:
            following = doc[end + 1]
            if _suffix(following) or (following.text == "." and doc[end].whitespace_ == ""):
                end += 1
            elif following.lower_ in PROFESSIONS and _capitalised(following):
                end += 1  # "... and Co. Advocates": the firm's profession ends its name
            elif (
                following.lower_ in {"and", "&"}
                and end + 2 < len(doc)
                and doc[end + 2].lower_.rstrip(".") in SUFFIXES
                and _capitalised(doc[end + 2])
            ):
                end += 2
            else:
                break
        return start, end, self.suffix_score


# Lower-case words after a name that continue the sentence, not the name.
_SENTENCE_GOES_ON = frozenset(
    """said says told campus campuses territory headquarters building buildings website site
    staff officials spokesman spokeswoman students graduates""".split()  # noqa: SIM905
)


def _suffix(token: Token) -> bool:
    """``token`` is a suffix word; a foreign legal form only as such forms are written ("AS",
    "Oy", "SpA"), never the words "as", "Ab", "spa"."""
    key = token.lower_.rstrip(".")
    if key in FOREIGN_LEGAL_FORMS:
        return token.text.isupper() or token.text in _FOREIGN_FORM_SPELLINGS
    return key in SUFFIXES


def _goes_on(token: Token) -> bool:
    """``token``, in lower case after a name, carries the sentence on: a verb in the past
    ("confirmed", "announced") or a word that says what of the body is meant ("campus")."""
    return not _capitalised(token) and (
        token.lower_ in _SENTENCE_GOES_ON or (token.lower_.endswith("ed") and len(token) > 4)
    )


def _of_inside(doc: Doc, j: int, start: int, floor: int) -> bool:
    """The token at ``j`` is an "of" inside the name that ``start`` begins, between two of its
    capitalised words ("St. Francis of Assisi School"), not after a title or degree."""
    before = doc[j - 1] if j - 1 > floor else None
    return (
        doc[j].lower_ == "of"
        and start == j + 1
        and before is not None
        and _capitalised(before)
        and before.whitespace_ == " "
        and doc[j].whitespace_ == " "
        and before.lower_ not in STOP_WORDS
        and before.lower_ not in JOB_WORDS
        and before.lower_ not in _NOT_BEFORE_OF
        and not label_word(before.text)
    )


def _ends_a_list(doc: Doc, j: int, floor: int) -> bool:
    """The "and" at token ``j`` closes a list: the one word before it follows a comma or
    another "and" ("Ranku, Biovia and ...", "Hicks and Brown and ...")."""
    k = j - 2
    return (
        k > floor
        and _capitalised(doc[j - 1])
        and (doc[k].text == "," or doc[k].lower_ in {"and", "&"})
    )


def _people_listed(doc: Doc, first: int, last: int) -> bool:
    """The names from token ``first`` to ``last`` are introduced or used as people."""
    text = doc.text
    start = doc[first].idx
    line_start = text.rfind("\n", 0, start) + 1
    return (
        PEOPLE_CUE.search(text, line_start, start) is not None
        or PLURAL_VERB_AFTER.match(text, _end(doc[last])) is not None
    )


def _inside_a_name(doc: Doc, j: int, floor: int) -> bool:
    """Token ``j`` follows another capitalised word of the same name ("National Computer"):
    a word that heads sections ("Computer", "Education") does not head one here."""
    before = doc[j - 1] if j - 1 > floor else None
    return (
        before is not None
        and _capitalised(before)
        and before.whitespace_ == " "
        and before.lower_ not in STOP_WORDS
        and not label_word(before.text)
    )


def _next_word(doc: Doc, j: int) -> Token:
    """The token after ``j`` that is not a doubled space (``doc[j]`` itself at the end)."""
    k = j + 1
    while k < len(doc) and doc[k].is_space and "\n" not in doc[k].text:
        k += 1
    return doc[k] if k < len(doc) else doc[j]


def _second_name_after(doc: Doc, j: int) -> bool:
    """The "and" at token ``j`` joins two institutions' names, not two parts of one name.

    "University of Leeds and Indian Institute of Science", "... and Institute of Physics" start
    a name of their own; "Department of Teaching and Learning, University of X" and "School of
    Management and Administration" do not: the part after "and" ends the name, at a comma or
    the line's end, before any institution word that comes after it.
    """
    words = []
    for token in doc[j + 1 : j + 5]:
        if token.is_space and "\n" not in token.text and doc[token.i - 1].lower_ in CONNECTORS:
            continue  # a doubled space inside the name ("and  Commerce"); elsewhere a column gap
        if not _word(token) or "\n" in doc[token.i - 1].whitespace_:
            break
        words.append(token)
    for k, token in enumerate(words):
        if token.lower_ in INSTITUTIONS or token.lower_ in OF_INSTITUTIONS:
            opens_a_name = k > 0 or (k + 1 < len(words) and words[k + 1].lower_ in {"of", "for"})
            return opens_a_name
    return False


def _joins(doc: Doc, j: int) -> bool:
    """ "&", "and", or punctuation glued to the word before: "Govt.", "Al-Ameen", "Girls'",
    "REALTORS®"."""
    token = doc[j]
    if token.text == "&" or token.lower_ == "and":
        return True
    if token.text in {"®", "™"} and j > 0 and doc[j - 1].whitespace_ == "":
        return True
    if token.text in {".", "-", "'", "’"} and j > 0 and doc[j - 1].whitespace_ == "":
        return True
    # a lower-case part of a hyphenated word: "Not-for-profits", "Stoke-on-Trent"
    glued_before = j > 1 and doc[j - 1].text == "-" and doc[j - 1].whitespace_ == ""
    glued_after = j + 1 < len(doc) and doc[j + 1].text == "-" and token.whitespace_ == ""
    return token.is_alpha and (glued_before or glued_after)


def _acronym_after(doc: Doc, end: int) -> int:
    """Include a following "(ACRONYM)": "Anurag College of Engineering (JNTUH)"."""
    if end + 3 < len(doc) and doc[end + 1].text == "(" and doc[end + 3].text == ")":
        inner = doc[end + 2].text
        if inner[:1].isupper() and inner.isalnum() and len(inner) <= 10:
            return end + 3
    return end


# "Tribhuvan University1975": a year glued to the name's last word by a PDF's columns.
_GLUED_YEAR = re.compile(r"(?<=[^\W\d_]{3})(?:19|20)\d\d$")


def _end(token: Token) -> int:
    """Where the name ends in the text: the end of ``token`` before any glued year."""
    return token.idx + len(_GLUED_YEAR.sub("", token.text))


@register("organization")
def organization_recognizers(
    *, supported_language: str = "en", **scores: float
) -> list[EntityRecognizer]:
    return [OrganizationRecognizer(supported_language=supported_language, **scores)]


def _possessive(doc: Doc, j: int) -> bool:
    """Token ``j`` is the "'s" of a capitalised word: "King's"."""
    return (
        doc[j].text in {"'s", "’s"}
        and j > 0
        and doc[j - 1].whitespace_ == ""
        and _capitalised(doc[j - 1])
    )
