"""E-mail structure: the names in header fields and the initials that sign a message.

Header fields (From, To, Cc, Bcc, X-From, X-To, Reply-To, Sender) hold people, written as
directories do ("Allen, Phillip K.; Belden, Tim"), with their addresses ("Jane Doe
<jdoe@example.com>") or as mail-system addresses ("Tushar Dhruv@ACME", "Jo Bell/HOU/ECT@ECT").
spaCy reads "Dunton, Heather" as two things and usually finds only the given name; here the
field tells us what every item is, so each item is one PERSON span whatever its spelling.

A field counts only inside a header block (another header field within three lines), so a CV's
"From: 2010" or a form's "To: Present" is not read as a message header; an item must look like
a name (capitalised words or initials, no digits, not a label or group word).

Initials alone on the line that ends a message ("TK", "MK" before "Original Message" or after
"Thanks,") sign it: a person, however short. A salutation ("Dear Roald:", "Hi Quorvan,") names
its reader, unless it greets a group or a role ("Dear Sir or Madam", "Hi all"); so does a
sentence that opens by calling someone before a request ("Warrane, can I speak to your boss?").
A mail system's address without its "@" ("Jo Bell/HOU/ECT") counts only in a message.

Chat logs name their speakers the same way on every line: a time stamp, then the speaker
("10/03/2023, 18:02 - Grace Oyelowo: ...", "[09:15] anjali.rao: ...", "[09:14] <mkowalski>
..."). Two such lines make a chat, whose speakers are people, user names included, and so are
the "@handles" it mentions; a handle after a social network's label ("Twitter: @jrk_dev") is
one anywhere.
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
    label_word,
    load_names,
    result,
)

_NAME_FIELDS = r"(?:X-)?(?:From|To|Cc|Bcc)|Reply-To|Sender|Sent\s+by"
_FIELD = re.compile(
    rf"^[ \t>]*(?P<field>{_NAME_FIELDS})[ \t]*:[ \t]*(?P<value>[^\n]*)$", re.MULTILINE | re.I
)
_ANY_FIELD = re.compile(
    rf"^[ \t>]*(?:{_NAME_FIELDS}|Sent|Date|Subject|X-cc|X-bcc|Importance|Message-ID)[ \t]*:",
    re.MULTILINE | re.I,
)
_ITEM_WORD = re.compile(r"[A-ZÀ-Þ][\w'’\-]*\.?|[A-Z]\.|(?:van|von|de|del|der|da|di|le|la)")
_MAIL_SYSTEM = re.compile(r"[A-ZÀ-Þ][\w'’.\- ]*?(?:/[\w\-]+)*@[A-Za-z][\w\-]*(?![\w.@])")
# Lotus Notes addresses anywhere in a thread: "Tushar Dhruv@ACME", "Jo Bell/HOU/ECT@ECT",
# "Forwarded by Jo Bell/HOU/ECT on 04/16/2001".
_NOTES_ADDRESS = re.compile(
    r"(?<![\w@/])(?P<name>[A-ZÀ-Þ][a-zà-ÿ'’\-]+(?:[ \t][A-ZÀ-Þ][\w'’\-]*\.?){1,3})"
    r"(?P<rest>(?:[ \t]?/[ \t]?[A-Z][\w\-]*)+(?:@[A-Za-z][\w\-]*)?|@[A-Za-z][\w\-]*)"
    r"(?![\w.@/])"
)
# A salutation names the reader: "Dear Roald:", "Hi Quorvan,", "Dear Dr Okafor,".
_SALUTATION = re.compile(
    r"^[ \t>]*(?:Dear|Hi|Hello|Hey|Morning|Good (?:morning|afternoon|evening))[ \t]+"
    r"(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor)\.?[ \t]+)?"
    r"[A-ZÀ-Þ][\w'’-]+(?:[ \t]+[A-ZÀ-Þ][\w'’-]+){0,2})[ \t]*(?:[,:!;]|-|$)",
    re.MULTILINE,
)
# A sentence that opens by calling its reader: "Warrane, can I please speak to your boss?",
# "Lindy, please send the figures".
_VOCATIVE = re.compile(
    r"(?:^|(?<=[.!?])[ \t]+)[ \t>]*(?P<name>[A-ZÀ-Þ][\w'’-]+(?:[ \t][A-ZÀ-Þ][\w'’-]+)?),[ \t]+"
    r"(?:can|could|would|will|please|do|did|have|I|I'm|I've|I'll|we|you|thanks|thank|let's|"
    r"just|hope|see|call|send|give|tell)\b",
    re.MULTILINE,
)
# Words that open a sentence before a comma without calling anyone.
_NOT_CALLED = frozenset(
    """sorry okay ok yes yeah no well also again however now so anyway meanwhile otherwise
    finally first second third then sure great thanks please hello hi hey dear oh ah right
    fine good actually honestly frankly basically unfortunately fortunately today tomorrow
    yesterday tonight mum mom dad boss honey darling sweetheart son buddy mate""".split()  # noqa: SIM905 - a word list
)
_NOT_A_READER = frozenset(
    """sir sirs madam sir/madam colleague colleagues friend friends customer customers hiring
    manager recruiter recruiters committee team everyone all there folks guys members
    partners parents students applicant candidate""".split()  # noqa: SIM905 - a word list
)
_ITEM = re.compile(r"[\s'\"]*([^,\s'\"](?:[^,]*[^,\s'\"])?)[\s'\"]*(?:,|$)")
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \u202f]?[AaPp]\.?[Mm]\.?)?"
_CHAT_LINE = re.compile(
    rf"^[ \t]*\[?(?:\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}},?[ \t]+)?{_TIME}\]?[ \t]*(?:[-–][ \t]*)?"
    r"(?:<(?P<nick>[^<>\s]{1,32})>|(?P<name>[^\W\d_][^:\n<>@]{0,38}?):[ \t])",
    re.MULTILINE,
)
_MENTION = re.compile(r"(?<![\w.@/])@(?P<handle>[A-Za-z][\w.-]{0,29}[A-Za-z0-9_])(?![\w@]|\.\w)")
_HANDLE_LABEL = re.compile(
    r"(?i:twitter|x|instagram|insta|telegram|tiktok|threads|mastodon|github|skype|slack|discord)"
    r"[ \t]*:[ \t]*$"
)
_ANGLE = re.compile(r"<[^<>\n]*>|\[mailto:[^\]\n]*\]|\([^()\n]*\)")
# Group addresses, not people.
_GROUP_WORDS = frozenset(
    """all everyone employees staff team teams group groups list undisclosed recipients users
    department dept desk committee board office mailbox distribution announcement""".split()  # noqa: SIM905 - a word list, easier to read
)
_NOT_INITIALS = frozenset({"OK", "PS", "CC", "FYI", "RE", "FW", "NB", "EOD", "ASAP", "TBD", "CV"})
_CLOSINGS = re.compile(
    r"(?i:thanks|thank\s+you|thx|regards|best|cheers|rgds|sincerely|yours|talk\s+soon|-+)"
    r"[ \t]*[,.!]?[ \t]*$"
)
_INITIALS_LINE = re.compile(
    r"^[ \t]*(?:-+[ \t]*|(?i:thanks|thx|regards|cheers)[ \t]*,[ \t]*)?(?P<initials>[A-Z]{2,3})[ \t]*$",
    re.MULTILINE,
)
_FORWARDED = re.compile("forwarded by", re.I)
_MESSAGE_BREAK = re.compile(
    r"^[ \t]*(?:-*[ \t]*(?:Original Message|Forwarded by)|(?:From|Sent|To)[ \t]*:)", re.I
)


class MessageHeaderRecognizer(EvidenceRecognizer):
    ENTITIES = ("PERSON",)
    header_score: float = 0.85
    initials_score: float = 0.6
    salutation_score: float = 0.75
    vocative_score: float = 0.6
    chat_score: float = 0.8

    def setup(self) -> None:
        self.given = load_names("first_names")
        self.family = load_names("last_names")

    def find(
        self, text: str, entities: Iterable[str] | None, nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if not self.wanted(entities, "PERSON"):
            return []
        fields = [m.start() for m in _ANY_FIELD.finditer(text)]
        message = len(fields) >= 2 or _FORWARDED.search(text) is not None
        found: list[RecognizerResult] = [
            # "Jo Bell/HOU/ECT@ECT" is one address; of "Jo Bell / HOU / ECT" only the name
            result(
                self,
                "PERSON",
                m.start(),
                m.end() if m.group("rest")[0] in "/@" else m.end("name"),
                self.header_score,
            )
            for m in _NOTES_ADDRESS.finditer(text)
            # without its "@", a mail system's path is an address only in a message: a CV's
            # "Community College B. Primary/Secondary" or "Apex Services/Dollar Group" is not
            if message or "@" in m.group("rest")
        ]
        for greeting in _SALUTATION.finditer(text):
            words = [w.lower().strip(".") for w in greeting.group("name").split()]
            if any(w in _NOT_A_READER or w in _GROUP_WORDS for w in words):
                continue
            if all(label_word(w) for w in words):
                continue
            found.append(result(self, "PERSON", *greeting.span("name"), self.salutation_score))
        for called in _VOCATIVE.finditer(text):
            words = [w.lower() for w in called.group("name").split()]
            if any(
                w in _NOT_CALLED
                or w in _NOT_A_READER
                or w in _GROUP_WORDS
                or w in STOP_WORDS
                or label_word(w)
                or (w.endswith("ly") and w not in self.given)  # "Personally, I", not "Kelly"
                for w in words
            ):
                continue
            found.append(result(self, "PERSON", *called.span("name"), self.vocative_score))
        found.extend(self._chat(text))
        if len(fields) < 2:
            return found
        for field in _FIELD.finditer(text):
            if not _in_header_block(text, field.start(), fields):
                continue
            for start, end in self._names(text, field.start("value"), field.end("value")):
                found.append(result(self, "PERSON", start, end, self.header_score))
        for line in _INITIALS_LINE.finditer(text):
            if line.group("initials") in _NOT_INITIALS:
                continue
            if _signs_a_message(text, line.start(), line.end(), line.group().strip()):
                found.append(
                    result(
                        self,
                        "PERSON",
                        line.start("initials"),
                        line.end("initials"),
                        self.initials_score,
                    )
                )
        return found

    def _chat(self, text: str) -> list[RecognizerResult]:
        """Speakers of a chat log and the handles it mentions; labelled handles anywhere."""
        speakers = [
            m.span("nick") if m.group("nick") else m.span("name")
            for m in _CHAT_LINE.finditer(text)
            if m.group("nick") or not label_word(m.group("name").strip())
        ]
        chat = len(speakers) >= 2
        found = [result(self, "PERSON", *span, self.chat_score) for span in speakers if chat]
        for mention in _MENTION.finditer(text):
            line_start = text.rfind("\n", 0, mention.start()) + 1
            if chat or _HANDLE_LABEL.search(text, line_start, mention.start()):
                found.append(result(self, "PERSON", *mention.span(), self.chat_score))
        return found

    def _names(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The name items of a header value between ``start`` and ``end``."""
        value = text[start:end]
        # Addresses and comments are not names (the e-mail recognizer has the addresses); blank
        # them out so offsets stay put, and keep them as item boundaries.
        blanked = _ANGLE.sub(lambda m: ";" + " " * (len(m.group()) - 1), value)
        names: list[tuple[int, int]] = []
        position = 0
        for part in blanked.split(";"):
            part_start = start + position
            position += len(part) + 1
            names.extend(self._part_names(text, part_start, part))
        return names

    def _part_names(self, text: str, offset: int, part: str) -> list[tuple[int, int]]:
        stripped = part.strip().strip("'\"")
        if not stripped:
            return []
        system = _MAIL_SYSTEM.fullmatch(stripped)
        if system is not None and " " in stripped.split("@")[0].strip():
            begin = offset + part.index(stripped)
            return [(begin, begin + len(stripped))]
        if "@" in stripped:
            return []
        # Comma-separated items, without the spaces and quotes around them.
        items = [m.span(1) for m in _ITEM.finditer(part)]
        names: list[tuple[int, int]] = []
        i = 0
        while i < len(items):
            first = part[items[i][0] : items[i][1]]
            following = part[items[i + 1][0] : items[i + 1][1]] if i + 1 < len(items) else ""
            # A family name that is also a word ("January, Steven") counts before a known
            # given name.
            family_before_given = (
                len(first.split()) == 1
                and self._given_after_family(first)
                and following.split(maxsplit=1)[0].strip(".").lower() in self.given
                if following.strip()
                else False
            )
            if not (self._name_like(first) or family_before_given):
                i += 1
                continue
            paired = i + 1 < len(items) and (len(items) > 2 or self._directory_order(first))
            if paired and self._given_after_family(following):
                # "Dunton, Heather" (family, given): one person
                names.append((offset + items[i][0], offset + items[i + 1][1]))
                i += 2
                continue
            names.append((offset + items[i][0], offset + items[i][1]))
            i += 1
        return names

    def _given_after_family(self, item: str) -> bool:
        """The given name after "Family," in a field: any capitalised name shape, even a word
        ("Quigley, Dutch", "Lee, Will"), since the field says it is a person."""
        words = item.split()
        return (
            1 <= len(words) <= 3
            and not any(c.isdigit() for c in item)
            and all(_ITEM_WORD.fullmatch(w) for w in words)
            and not any(w.strip(".").lower() in _GROUP_WORDS for w in words)
        )

    def _directory_order(self, first: str) -> bool:
        """Two items only ("Dunton, Heather"): a directory entry unless the first item already
        has a given and a family name ("Jane Doe, John Roe")."""
        return len(first.split()) == 1

    def _name_like(self, item: str) -> bool:
        words = item.split()
        if not 1 <= len(words) <= 4 or any(c.isdigit() for c in item):
            return False
        if not all(_ITEM_WORD.fullmatch(w) for w in words):
            return False
        bare = [w.strip(".'’").lower() for w in words]
        if any(w in _GROUP_WORDS for w in bare):
            return False
        if all(label_word(w) for w in bare if len(w) > 1):
            return False
        if len(words) == 1 and not words[0].isupper():
            return bare[0] in self.given or bare[0] in self.family or len(bare[0]) > 2
        return True


def _in_header_block(text: str, start: int, fields: list[int]) -> bool:
    """Another header field within three lines of the one at ``start``."""
    before = text.rfind("\n", 0, start)
    for _ in range(3):
        before = text.rfind("\n", 0, before) if before > 0 else -1
    after = start
    for _ in range(4):
        next_break = text.find("\n", after + 1)
        after = next_break if next_break >= 0 else len(text)
    return any(before < f < after and f != start for f in fields)


def _signs_a_message(text: str, start: int, end: int, line: str) -> bool:
    """Initials on their own line right after a closing word, or right before the next
    message of a thread ("Original Message", "From:") or the end of the text."""
    if "," in line:
        return True  # "Thanks, TK"
    previous = text[:start].rstrip().rsplit("\n", 1)[-1]
    if _CLOSINGS.search(previous):
        return True
    rest = text[end:].lstrip()
    return not rest or _MESSAGE_BREAK.match(rest) is not None


@register("message_header")
def message_recognizers(
    *, supported_language: str = "en", **scores: float
) -> list[EntityRecognizer]:
    return [MessageHeaderRecognizer(supported_language=supported_language, **scores)]
