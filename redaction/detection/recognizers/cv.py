"""CV structure: what a line is follows from where it is.

* The first non-empty line of a CV-like document is usually the candidate's name (any case).
* Job-site headers: "Job Title - Company" under the name; "City, Region - Email me on ...".
* In experience and education sections an entry is a few lines ending with a date line
  ("April 2011 to March 2013", "2015", "Jan 2019 - Present"). The line right before the date
  names the employer or school, often followed by " - City, Region".
* "Willing to relocate to: City, Region", "Location: City".
* "Company: Name", "Employer: Name", "Client: Name": the field names the organisation.
* "Lead Android Architect, Beachbody  10/12-06/13": after a job title, the employer.
* "Jan - Feb 2015  KBR, Melbourne": before a comma and a town the lists know, the employer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from redaction.detection.recognizers import register
from redaction.detection.recognizers._common import (
    EvidenceRecognizer,
    known_towns,
    label_word,
    lines,
    load_gazetteer,
    result,
    sure_places,
)
from redaction.detection.recognizers.names import MONTHS
from redaction.detection.recognizers.organizations import JOB_WORDS, ORG_WORDS

_BULLETS = ">•*·–-▪● \t"
_PARTICLES = frozenset(["van", "der", "de", "da", "di", "von", "bin", "al", "el", "la", "le"])
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WHEN = rf"(?:(?:{_MONTH}\s+)?(?:\d{{1,2}}[/.-])?(?:19|20)\d\d|present|current|now|till date|today)"
DATE_LINE = re.compile(
    rf"^\s*(?:{_WHEN})(?:\s*(?:to|-|–|—|until|till)\s*(?:{_WHEN}))?\s*$", re.IGNORECASE
)
_NAME_LINE = re.compile(r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ.'’-]*(?:[ \t]+[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ.'’-]*){0,4}$")
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$", re.IGNORECASE)
_DASH = re.compile(r"\s+[-–—]\s+|\s+[-–—]\s*$")
_RELOCATE = re.compile(
    r"(?im)^(?:willing to relocate to|location|current location|preferred location|"
    r"based in|address|city|hometown)\s*[:\-]\s*(?P<rest>.+)$"
)
# "Lead Android Architect,    Beachbody  10/12-06/13", "Software developer / FXHome, Rennes",
# "a workplace supervisor at Coles",
# "Intern engineer / SII": a job title, then the employer. The title ends in a role word.
_TITLE_THEN_EMPLOYER = re.compile(
    r"(?P<title>(?:[A-Z][\w&+#.-]*[ \t]+){0,4}(?i:[a-z]+))[ \t]*(?:,|/|\||@|–|—|[ \t]-|[ \t]at[ \t])[ \t]*"
    r"(?P<org>(?:[A-Z0-9]|[a-z]+[A-Z])[\w&'’.-]*(?:[ \t](?:[A-Z0-9][\w&'’.-]*|of|and|&|the|on"
    r"|plc|ltd|llp|inc|limited)){0,5})"  # a legal form in lower case: "Tesco plc", "Acme ltd"
    r"(?=[ \t]{2,}|[ \t]*[,(|;.]|[ \t]*$|[ \t]+(?:\d|(?i:from|since|in|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b))",
    re.MULTILINE,
)
# "Analyst, Evans Partners, Kirkwall (2019 - present)", "…, Tantamount Ltd, Ely, CB  2012 -
# 2014": after an employer found by _TITLE_THEN_EMPLOYER, the town of the entry (1-3 capitalised
# words, a state or county code may follow) and then its dates.
_TOWN_BEFORE_DATES = re.compile(
    r",[ \t]*(?P<town>[A-Z][a-zA-Z'’.-]+(?:[ \t][A-Z][a-zA-Z'’.-]+){0,2})(?:,[ \t]*[A-Z]{2})?"
    r"(?=[ \t]*\(?[ \t]*(?:(?:19|20)\d\d|\d{1,2}/\d{2,4}"
    r"|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ \t]+\d))"
)
# "IT Assistant  Tantamount Designs    2/1/2012 - Current", "Manager Assistant  Fujian Wufeng
# 2013 to 2014": a job title, a column gap, the employer, then its dates.
_TITLE_GAP_EMPLOYER = re.compile(
    r"(?P<title>(?:[A-Z][\w&+#.-]*[ \t]+){0,4}(?i:[a-z]+))[ \t]{2,}"
    r"(?P<org>(?:[A-Z0-9]|[a-z]+[A-Z])[\w&'’.-]*(?:[ \t](?:[A-Z0-9][\w&'’.-]*|of|and|&|the|on)){0,4})"
    r"(?=[ \t]*[,|(]?[ \t]{1,}(?:\d{1,2}/\d{2,4}|(?:19|20)\d\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ \t]+\d))",
    re.MULTILINE,
)
# CV templates laid out in columns (often one line once extracted): "Berkshire Software Design -
# Berkshire  SOFTWARE ENGINEER  May 2010 - Present", "Consumer Energy Provider  Coventry  DATA
# ANALYST  June 2008": the employer, its town (after a dash or a column gap), the job title in
# capitals, then the dates.
_EMPLOYER_TOWN_TITLE = re.compile(
    r"(?:^|[ \t]{2,})(?P<org>[A-Z][\w&'’.-]*(?:[ \t](?:[A-Z][\w&'’.-]*|of|and|&|the|for)){0,5})"
    r"(?:[ \t]+[-–—][ \t]+|[ \t]{2,})"
    r"(?P<town>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2})[ \t]{2,}"
    r"(?P<title>[A-Z][A-Z&/.-]*(?:[ \t][A-Z&/.-]+){0,4})"
    r"(?=[ \t]{2,}(?:\d{1,2}/\d{2,4}|(?:19|20)\d\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ \t]+\d))",
    re.MULTILINE,
)
# "Jan - Feb 2015  KBR, Melbourne  Responsibilities", "UK and Europe, SYSTIME, London.": an
# entry's employer, then a comma and the town or country it is in, then the entry goes on (a
# column gap, the line's end, a full stop, a bracket, a country or region, or the dates).
_EMPLOYER_THEN_PLACE = re.compile(
    r"(?:^|[ \t]{2,}|,[ \t]+|[|•][ \t]*|(?<![\w.])(?:19|20)\d\d[ \t]+"
    # "M.Tech. in IT in VIT, Pune": an acronym after "in" or "at"
    r"|\b(?:in|at)[ \t]+(?=[A-Z]{2,6},))"
    r"(?P<org>[A-Z][\w&'’.-]*(?:[ \t](?:[A-Z][\w&'’.-]*|of|and|&)){0,3}),[ \t]?"
    r"(?P<place>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)"
    r"(?=[ \t]*(?:$|[ \t]{2,}|[.(|•;]|,[ \t]*(?:[A-Z][a-z]+|[A-Z]{2})\b|,[ \t]*(?:19|20)\d\d)"
    r"|[ \t]+[A-Z][\w-]*:)",  # "VIT,Pune Phone: ...": a labelled field follows
    re.MULTILINE,
)
# "Monash University, Berwick", "University of Minnesota, Twin Cities": the campus town after
# a university or college, where the entry's column or line ends.
_INSTITUTION_THEN_TOWN = re.compile(
    r"\b(?:University|College|Institute|Polytechnic)(?:[ \t]+of(?:[ \t]+[A-Z][\w.'’-]*){1,3})?"
    r",[ \t]*(?P<town>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)"
    r"(?=[ \t]*(?:$|[ \t]{2,}|[(;]|,[ \t]*(?:[A-Z]{2}\b|(?:19|20)\d\d)|[ \t]+(?:19|20)\d\d))",
    re.MULTILINE,
)
# Subjects and faculties, not towns: "Imperial College, Computing", "..., Law".
_A_SUBJECT = re.compile(
    r"(?:ing|ics|ology|ography|ences?|sciences?|business|law|medicine|arts?|pharmacy|design|"
    r"music|humanities|commerce|technology|management|education|history|philosophy)$"
)
# The end of a date range, not a town: "June 2015 – Present", "2012 – Till date".
_NOT_A_PLACE_AFTER_DASH = re.compile(
    r"(?i:present|current|currently|now|today|till\s+date|to\s+date|date|"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\b"
)
_STARTS_WITH_DATE = re.compile(rf"(?i)(?:{_MONTH}[ \t]+)?(?:\d{{1,2}}[/.-])?(?:19|20)\d\d\b")
# A line that is only a degree ("B.E", "M.Tech. in IT", "Bachelor of Science", "MCA").
_DEGREE = (
    r"(?:B\.?\s?E|B\.?\s?Tech|M\.?\s?Tech|M\.?\s?E|B\.?\s?Sc|M\.?\s?Sc|B\.?\s?Com|M\.?\s?Com|"
    r"B\.?\s?C\.?\s?A|M\.?\s?C\.?\s?A|M\.?\s?B\.?\s?A|B\.?\s?B\.?\s?A|B\.?\s?A|M\.?\s?A|Ph\.?\s?D|"
    r"Bachelor|Master|Diploma|Post\s?Graduate|PGDM|SSC|HSC|10th|12th|Intermediate)\b"
)
_DEGREE_LINE = re.compile(rf"^\s*{_DEGREE}[^\n]{{0,60}}$", re.IGNORECASE)
# "BSc Mathematics — University of St Andrews": an entry that opens with its degree.
_DEGREE_START = re.compile(_DEGREE, re.IGNORECASE)
# "Company: Grupo Odinsa S.A.", "Organization: Matrix Advertisers", "Client : British Petroleum"
_EMPLOYER_FIELD = re.compile(
    r"(?im)(?:^|[ \t]{2,}|\|)[ \t]*(?:company(?:[ \t]+name)?|employer(?:[ \t]+name)?|"
    r"organi[sz]ation(?:[ \t]+name)?|client|firm|institution|name[ \t]+of[ \t]+(?:the[ \t]+)?"
    r"(?:company|organi[sz]ation|employer|institution))[ \t]*[:–-][ \t]*"
    r"(?P<org>[A-Z0-9][^\n|;(]*?)(?=[ \t]{2,}|[ \t]*[|;(]|[ \t]*,[ \t]|[ \t]*$)"
)
_CONTACT = re.compile(r"@|https?:|www\.|(?:\d[\s().+-]*){9,}")
_COLUMN = re.compile(r"[ \t]{2,}|[ \t]*[|•·][ \t]*|\t")
_JOB_SITE = re.compile(r"\s+-\s+(?:email me on|contact me on)", re.IGNORECASE)
HEADINGS = frozenset(
    [
        "work experience experience professional experience employment employment history",
        "    education education details academic details academics qualifications skills technical",
        "    skills key skills summary profile objective career objective personal details",
        "    personal information projects certifications certificates achievements awards",
        "    additional information languages interests hobbies references contact declaration",
        "    publications training internships strengths curriculum vitae resume cv",
    ]
)
_HEADING_WORDS = frozenset(
    [
        "experience",
        "education",
        "skills",
        "summary",
        "profile",
        "objective",
        "projects",
        "certifications",
        "achievements",
        "awards",
        "information",
        "languages",
        "interests",
        "hobbies",
        "references",
        "contact",
        "declaration",
        "publications",
        "training",
        "internships",
        "resume",
        "vitae",
        "cv",
        "details",
        "qualifications",
        "employment",
        "history",
    ]
)


# Words before ", Town" that name no employer: days, months, directions.
_NOT_EMPLOYERS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december north south east west""".split()  # noqa: SIM905 - a word list
)


def _is_heading(line: str) -> bool:
    words = line.strip().rstrip(":").lower().split()
    if not words or len(words) > 4:
        return False
    return any(w in _HEADING_WORDS for w in words) or (line.isupper() and len(words) <= 3)


def _heading_words(line: str) -> bool:
    return any(w in _HEADING_WORDS for w in line.strip().rstrip(":").lower().split())


#: The personal part of an e-mail address or a profile link ("iain.may@…", "linkedin.com/in/iainmay").
_HANDLE = re.compile(
    r"([\w.+'-]+)@[\w-]+\.|(?:linkedin\.com/in|github\.com|twitter\.com|x\.com)/([\w.-]+)",
    re.IGNORECASE,
)
#: Letters OCR and typists confuse, folded together when a name is compared with a handle.
_CONFUSABLE = str.maketrans({"l": "i", "1": "i", "|": "i", "0": "o"})


def _named_by_contact(name: str, nearby: str) -> bool:
    """A header line of 2-4 words each spelled in an e-mail address or profile handle just
    below it ("Iain May" over "iain.may@…"): a name, even when a word of it is also a common
    word ("May", "Will", "Hope") or OCR misread a letter ("lain" for "Iain")."""
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(
        w.replace("-", "").replace("'", "").isalpha() and (w[0].isupper() or w[0] in "l|")
        for w in words
    ):
        return False  # capitalised words only ("l" is how OCR often reads a capital I)
    folded = [w.lower().translate(_CONFUSABLE) for w in words]
    if sum(len(w) for w in folded) < 5:
        return False
    for match in _HANDLE.finditer(nearby):
        handle = (match.group(1) or match.group(2)).lower().translate(_CONFUSABLE)
        if all(w.replace("-", "").replace("'", "") in handle for w in folded):
            return True
    return False


def _looks_like_name(line: str) -> bool:
    """A header line that can be a person's name: 1-5 words, no function words, no digits."""
    if not _NAME_LINE.match(line) or len(line) < 4:
        return False
    words = line.lower().split()
    if any(w in _HEADING_WORDS for w in words):
        return False
    return not any(w in STOP_WORDS and w not in _PARTICLES for w in words)


class CvStructureRecognizer(EvidenceRecognizer):
    ENTITIES = ("PERSON", "ORGANIZATION", "LOCATION")
    header_name_score: float = 0.85
    entry_score: float = 0.6
    entry_place_score: float = 0.55
    header_org_score: float = 0.5
    title_employer_score: float = 0.45

    def setup(self) -> None:
        self.places = sure_places()
        self.towns = known_towns()
        self.given = load_gazetteer("first_names")

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found: list[RecognizerResult] = []
        all_lines = [(o, line) for o, line in lines(text) if line.strip()]
        if not all_lines:
            return found
        header = self._header(all_lines, found)
        self._entries(all_lines[header:], found)
        self._schools(all_lines[header:], found)
        for match in _RELOCATE.finditer(text):
            self._places(text, match.start("rest"), match.end("rest"), found, 0.6)
        for pattern in (_TITLE_THEN_EMPLOYER, _TITLE_GAP_EMPLOYER):
            for match in pattern.finditer(text):
                self._employer_after_title(match, found)
        for match in _EMPLOYER_TOWN_TITLE.finditer(text):
            self._employer_town_title(match, found)
        for match in _EMPLOYER_THEN_PLACE.finditer(text):
            self._employer_then_place(match, found)
        for match in _INSTITUTION_THEN_TOWN.finditer(text):
            words = [w.lower() for w in match.group("town").split()]
            if not any(
                w in ORG_WORDS or w in JOB_WORDS or label_word(w) or _A_SUBJECT.search(w)
                for w in words
            ):
                found.append(result(self, "LOCATION", *match.span("town"), self.entry_place_score))
        for match in _EMPLOYER_FIELD.finditer(text):
            if len(match.group("org").split()) <= 8:
                found.append(result(self, "ORGANIZATION", *match.span("org"), self.entry_score))
        return [r for r in found if self.wanted(entities, r.entity_type)]

    def _header(self, all_lines: list[tuple[int, str]], found: list[RecognizerResult]) -> int:
        """Name and job-site header lines; returns how many lines the header took."""
        offset, line = all_lines[0]
        name = line.strip().lstrip(_BULLETS).strip().strip("\"'“”")
        nearby = "\n".join(text for _, text in all_lines[1:4])
        if _named_by_contact(name, nearby):
            pass  # spelled out in the e-mail or profile below: a name however its words read
        elif not _looks_like_name(name):
            # "Jo Bell    http://linkedin…", "Jo Bell | (123) 345-7890": the name is the
            # first column of a header line that also holds the contact details (a CV that
            # came out of a PDF as one line, too).
            name = _COLUMN.split(name, maxsplit=1)[0].strip()
            if (
                not _CONTACT.search(line)
                or not _looks_like_name(name)
                or not all(w[:1].isupper() for w in name.split())
            ):
                return 0
        elif len(all_lines) < 3:
            return 0
        taken = 1
        start = offset + line.index(name)
        found.append(result(self, "PERSON", start, start + len(name), self.header_name_score))
        for index, (offset, line) in enumerate(all_lines[1:3], 2):
            job_site = _JOB_SITE.search(line)
            if job_site:  # "Bengaluru, Karnataka - Email me on Indeed: ..."
                self._places(line, 0, job_site.start(), found, self.entry_place_score, offset)
                return index
            parts = _DASH.split(line)
            if len(parts) == 2 and parts[1].strip() and len(parts[1].split()) <= 6:
                start = offset + line.rindex(parts[1].strip())
                end = start + len(parts[1].strip())
                found.append(result(self, "ORGANIZATION", start, end, self.header_org_score))
                taken = index
        return taken

    def _entries(self, all_lines: list[tuple[int, str]], found: list[RecognizerResult]) -> None:
        for index, (offset, line) in enumerate(all_lines):
            if _URL_LINE.match(line) or DATE_LINE.match(line):
                continue
            following = [
                ln for _, ln in all_lines[index + 1 : index + 3] if not _URL_LINE.match(ln)
            ]
            before_date = bool(following) and bool(DATE_LINE.match(following[0]))
            # A short line in capitals is a heading, unless a date line follows it: then it
            # names an employer ("SAP ABAP -", "MICROSOFT -" in job-site CVs).
            if _is_heading(line) and not (before_date and not _heading_words(line)):
                continue
            pieces = [p for p in _DASH.split(line)]
            dashed = len(pieces) >= 2 or line.rstrip().endswith("-")
            if not (before_date or (dashed and len(pieces[0].split()) <= 8)):
                continue
            if not dashed and len(line.split()) > 8:
                continue
            head = pieces[0].strip().rstrip("-").strip()
            if not head or len(head.split()) > 8 or head.endswith((".", ":")):
                continue
            if _DEGREE_START.match(head):
                continue  # the degree, not the school: that comes after the dash
            function_words = [w for w in head.split() if w.lower() in STOP_WORDS]
            if len(function_words) * 2 > len(head.split()):
                continue  # "I had sent that to you also - ...": a sentence, not an employer
            if dashed and not before_date and not self._looks_like_place(" ".join(pieces[1:])):
                continue
            start = offset + line.index(head)
            found.append(result(self, "ORGANIZATION", start, start + len(head), self.entry_score))
            if len(pieces) >= 2 and pieces[1].strip():
                at = line.index(pieces[1].strip())
                end = at + len(pieces[1].strip())
                self._places(line, at, end, found, self.entry_place_score, offset)

    def _schools(self, all_lines: list[tuple[int, str]], found: list[RecognizerResult]) -> None:
        """In job-site CVs a degree line is followed by the school's line ("B.E" / "VSSUT,
        burla", "MCA" / "KGISL"): that line names an organisation, however short."""
        for (_, degree), (offset, line) in zip(all_lines, all_lines[1:], strict=False):
            if not _DEGREE_LINE.match(degree):
                continue
            name = line.strip().rstrip("-").strip()
            words = name.split()
            if (
                not words
                or len(words) > 8
                or DATE_LINE.match(name)
                or _DEGREE_LINE.match(name)
                or _heading_words(name)
                or not name[:1].isupper()
                or _URL_LINE.match(name)
            ):
                continue
            start = offset + line.index(name)
            found.append(result(self, "ORGANIZATION", start, start + len(name), self.entry_score))

    def _employer_after_title(self, match: re.Match[str], found: list[RecognizerResult]) -> None:
        role = match.group("title").split()[-1].lower()
        if role not in JOB_WORDS and role.rstrip("s") not in JOB_WORDS:
            return
        org = match.group("org")
        words = [w.strip(".,").lower() for w in org.split()]
        if label_word(org) or all(label_word(w) or w in STOP_WORDS for w in words):
            return
        if words[-1] in JOB_WORDS or words[-1].rstrip("s") in JOB_WORDS:
            return  # "Developer / Team Lead": two titles
        if DATE_LINE.match(org) or _STARTS_WITH_DATE.match(org):
            return  # "SALES ASSISTANT  Jun 2007  Aug 2008": the dates, not an employer
        found.append(result(self, "ORGANIZATION", *match.span("org"), self.title_employer_score))
        town = _TOWN_BEFORE_DATES.match(match.string, match.end("org"))
        if town and not label_word(town.group("town")) and not _heading_words(town.group("town")):
            found.append(result(self, "LOCATION", *town.span("town"), self.entry_place_score))

    def _employer_town_title(self, match: re.Match[str], found: list[RecognizerResult]) -> None:
        """The employer and town of a column-laid entry, when the capitals after them are a
        job title (they end in a role word) and the employer is no heading or title itself."""
        role = match.group("title").split()[-1].lower()
        if role not in JOB_WORDS and role.rstrip("s") not in JOB_WORDS:
            return
        org = match.group("org")
        words = [w.strip(".,").lower() for w in org.split()]
        if _heading_words(org) or words[-1] in JOB_WORDS or words[-1].rstrip("s") in JOB_WORDS:
            return
        if label_word(org) or all(label_word(w) or w in STOP_WORDS for w in words):
            return
        found.append(result(self, "ORGANIZATION", *match.span("org"), self.entry_score))
        found.append(result(self, "LOCATION", *match.span("town"), self.entry_place_score))

    def _employer_then_place(self, match: re.Match[str], found: list[RecognizerResult]) -> None:
        """The employer before ", Town" when the town is one the sure lists know and the
        employer is no heading, title, person, place or date."""
        if match.group("place").lower() not in self.places:
            return
        org = match.group("org")
        words = [w.strip(".,").lower() for w in org.split()]
        if any(label_word(w) or w in STOP_WORDS for w in words) or _heading_words(org):
            return
        if words[-1] in JOB_WORDS or words[-1].rstrip("s") in JOB_WORDS:
            return  # "Senior Engineer, London"
        if words[0] in self.given or org.lower() in self.towns or words[-1] in _NOT_EMPLOYERS:
            return  # "Maria, London", "Paris, Texas", "Monday, London": no employer
        found.append(result(self, "ORGANIZATION", *match.span("org"), self.title_employer_score))

    @staticmethod
    def _looks_like_place(rest: str) -> bool:
        rest = rest.strip().rstrip("-").strip()
        if _NOT_A_PLACE_AFTER_DASH.match(rest):
            return False  # "Charge Nurse    June 2015 – Present": the end of a date range
        return bool(rest) and len(rest.split()) <= 5 and rest[:1].isupper()

    def _places(
        self,
        text: str,
        start: int,
        end: int,
        found: list[RecognizerResult],
        score: float,
        base: int = 0,
    ) -> None:
        """Each comma-separated part of ``text[start:end]`` that looks like a place name."""
        position = start
        for part in text[start:end].split(","):
            name = part.strip()
            if (
                name
                and name[:1].isupper()
                and len(name.split()) <= 4
                and not any(c.isdigit() for c in name)
            ):
                at = base + text.index(name, position)
                found.append(result(self, "LOCATION", at, at + len(name), score))
            position += len(part) + 1


@register("cv_structure")
def cv_recognizers(*, supported_language: str = "en", **scores: float) -> list[EntityRecognizer]:
    return [CvStructureRecognizer(supported_language=supported_language, **scores)]
