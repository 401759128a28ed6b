"""Split a person span into given and family parts.

"Lewis Smith" → given "Lewis", family "Smith"; "LN Darlow" → given initials "LN", family
"Darlow"; "Smith, John" → family first; "Lewis van der Berg" → family "van der Berg";
"Mary-Jane Smith-Jones" keeps hyphenated names whole; titles ("Dr", "Mrs") and suffixes ("Jr",
"PhD") are kept as literal text. The placeholder style writes one ``[name]`` for the given group
and one ``[surname]`` for the family group; the pseudonym style writes fake parts in the same
shape (case, initials, order).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from redaction.anonymization.normalize import strip_diacritics
from redaction.honorifics import HONORIFICS

Role = Literal["given", "family"]

# A letter with any combining marks after it ("e\u0308" is one letter of "Zoe\u0308").
_LETTER = r"[^\W\d_][\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*"
_TOKEN = re.compile(rf"(?:{_LETTER})+(?:['’\-.](?:{_LETTER})+)*\.?")
_TITLES = HONORIFICS
_SUFFIXES = frozenset(
    [
        "jr",
        "jnr",
        "sr",
        "snr",
        "ii",
        "iii",
        "iv",
        "phd",
        "md",
        "mba",
        "msc",
        "bsc",
        "ba",
        "ma",
        "esq",
        "obe",
        "mbe",
        "cbe",
        "qc",
        "kc",
    ]
)
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "dos",
        "das",
        "do",
        "le",
        "la",
        "bin",
        "ibn",
        "al",
        "el",
        "ter",
        "ten",
        "op",
        "st",
    ]
)
_INITIALS = re.compile(r"^(?:[^\W\d_]\.){1,3}$|^[^\W\d_]$")


@dataclass(frozen=True, slots=True)
class NameToken:
    """One word of a name; offsets are into the span's text."""

    start: int
    end: int
    text: str
    role: Role
    initials: bool = False


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person span split into tokens; everything between tokens is kept literally."""

    text: str
    tokens: tuple[NameToken, ...]

    @property
    def given(self) -> tuple[NameToken, ...]:
        return tuple(t for t in self.tokens if t.role == "given")

    @property
    def family(self) -> tuple[NameToken, ...]:
        return tuple(t for t in self.tokens if t.role == "family")

    @property
    def family_text(self) -> str:
        """The family name as written ("van der Berg"), or "" when there is none."""
        fam = self.family
        return self.text[fam[0].start : fam[-1].end] if fam else ""

    @property
    def given_initial(self) -> str:
        """The first letter of the first given name, upper-cased, or ""."""
        given = self.given
        return given[0].text[0].upper() if given else ""

    def render(self, replace: Callable[[Role, tuple[NameToken, ...]], str]) -> str:
        """Rebuild the text with each contiguous group of same-role tokens replaced by
        ``replace(role, tokens)``; titles, suffixes, commas and spaces between groups stay."""
        out: list[str] = []
        pos = 0
        for role, group in _groups(self.tokens):
            out.append(self.text[pos : group[0].start])
            out.append(replace(role, group))
            pos = group[-1].end
        out.append(self.text[pos:])
        return "".join(out)


def _groups(tokens: tuple[NameToken, ...]) -> list[tuple[Role, tuple[NameToken, ...]]]:
    groups: list[tuple[Role, list[NameToken]]] = []
    for token in tokens:
        if groups and groups[-1][0] == token.role:
            groups[-1][1].append(token)
        else:
            groups.append((token.role, [token]))
    return [(role, tuple(group)) for role, group in groups]


@cache
def _first_names() -> frozenset[str]:
    from faker.providers.person.en_GB import Provider as GB
    from faker.providers.person.en_US import Provider as US

    names = {*GB.first_names_male, *GB.first_names_female, *US.first_names}
    return frozenset(n.casefold() for n in names)


def _bare(word: str) -> str:
    return word.rstrip(".").casefold()


def _is_initials(word: str, all_caps: bool) -> bool:
    if _INITIALS.match(word):
        return True
    # "LN" in "LN Darlow": up to 3 capitals in a name that is not written all in capitals.
    return not all_caps and word.isupper() and len(word) <= 3 and word.isalpha()


def split_person_name(text: str) -> PersonName:
    """Split ``text`` (the text of a PERSON span) into given and family tokens."""
    words = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    while words and _bare(words[0][2]) in _TITLES and len(words) > 1:
        words.pop(0)
    while len(words) > 1 and _bare(words[-1][2]) in _SUFFIXES:
        words.pop()
    if not words:
        return PersonName(text, ())
    letters = [c for c in text if c.isalpha()]
    all_caps = bool(letters) and all(c.isupper() for c in letters)

    def token(word: tuple[int, int, str], role: Role) -> NameToken:
        start, end, w = word
        end = end - 1 if w.endswith(".") and not _is_initials(w, all_caps) else end
        w = text[start:end]
        return NameToken(start, end, w, role, role == "given" and _is_initials(w, all_caps))

    comma = text.find(",")
    if comma >= 0 and any(s < comma for s, _, _ in words) and any(s > comma for s, _, _ in words):
        tail = [w for w in words if w[0] > comma]
        if not all(_bare(w[2]) in _SUFFIXES for w in tail):
            return PersonName(
                text,
                tuple(token(w, "family" if w[0] < comma else "given") for w in words),
            )
    if len(words) == 1:
        word = words[0][2]
        bare = _bare(word)
        is_given = (
            bare in _first_names()
            or strip_diacritics(bare) in _first_names()
            or _is_initials(word, all_caps)
        )
        return PersonName(text, (token(words[0], "given" if is_given else "family"),))
    family_from = len(words) - 1
    for i in range(1, len(words) - 1):
        if _bare(words[i][2]) in _PARTICLES:
            family_from = i
            break
    return PersonName(
        text,
        tuple(token(w, "given" if i < family_from else "family") for i, w in enumerate(words)),
    )


def match_case(template: str, value: str) -> str:
    """Write ``value`` in the case style of ``template`` (UPPER, lower or as given)."""
    letters = [c for c in template if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return value.upper()
    if letters and all(c.islower() for c in letters):
        return value.lower()
    return value
