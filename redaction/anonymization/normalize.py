"""Normal forms of PII strings, shared by pseudonym keys and the leak check."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from redaction.sametext import COMBINING as _COMBINING
from redaction.sametext import strip_diacritics

__all__ = ["strip_diacritics"]

_SPACE = re.compile(r"\s+")


#: Invisible format characters that may sit inside a word: soft hyphen, zero-width space /
#: joiners, word joiner, bidi marks and the BOM. They are dropped before any matching.
_FORMAT = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def drop_format_chars(text: str) -> str:
    """ "Du\u00adpont" → "Dupont", "Zoë\u200b" → "Zoë"."""
    return text if text.isascii() else _FORMAT.sub("", text)


def collapse_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def normal_key(text: str) -> str:
    """The identity of a string for lookups: case-folded, no diacritics, single spaces."""
    return collapse_space(strip_diacritics(drop_format_chars(text)).casefold())


_NON_DIGIT = re.compile(r"\D+")


def digits_of(text: str) -> str:
    return _NON_DIGIT.sub("", text)


def national_phone_digits(text: str) -> str:
    """Digits of a phone number with a UK country code folded into the national "0" form, so
    "+44 7700 900123", "0044 7700 900123" and "07700 900123" share one key."""
    digits = digits_of(text)
    stripped = text.lstrip()
    if stripped.startswith("+44") and digits.startswith("44"):
        return "0" + digits[2:].removeprefix("0")
    if digits.startswith("0044"):
        return "0" + digits[4:].removeprefix("0")
    return digits


_TOKEN = re.compile(r"[^\s<>()\[\]{}\"'|,;]+")


def link_tokens(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of the email addresses and URLs in ``text`` (tokens with "@", "/" or "www.")."""
    for match in _TOKEN.finditer(text):
        token = match.group().rstrip(".:!?")
        if "@" in token or "/" in token or token.lower().startswith("www."):
            yield match.start(), match.start() + len(token)


_PROPER_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def is_proper_word(text: str) -> bool:
    """One word of letters written with a capital ("Reading", "SMITH", "O'Neil"): its
    lower-case twin ("reading") is an ordinary word, not the redacted name."""
    return bool(_PROPER_WORD.fullmatch(text)) and any(c.isupper() for c in text)


def proper_word_forms(text: str) -> set[str]:
    """The spellings of a proper word that count as the same name: as written, UPPER,
    Capitalised, and each without diacritics."""
    forms = {text, text.upper(), text[:1].upper() + text[1:].lower()}
    return forms | {strip_diacritics(f) for f in forms}


# -- search views: the text as matching sees it, with offsets back into the original ---------

#: Three or more single letters/digits with spaces between them: "L E W I S   S M I T H".
_SPACED = re.compile(r"(?<!\w)(?:[^\W_][ \t]{1,4}){2,}[^\W_](?!\w)")
_GAP = re.compile(r"[ \t]+")


@dataclass(frozen=True, slots=True)
class TextView:
    """``text`` without format characters and diacritics (compatibility forms folded; case
    kept), optionally with letter-spaced runs closed up; ``index[i]`` is the offset in the
    original of the character ``text[i]`` came from."""

    original: str
    text: str
    index: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of ``text[start:end]``, extended over trailing combining marks
        and format characters (so "Zoe\u0308" is taken whole)."""
        first, last = self.index[start], self.index[end - 1] + 1
        while last < len(self.original) and (
            _COMBINING.match(self.original[last]) or _FORMAT.match(self.original[last])
        ):
            last += 1
        return first, last


def _plain_view(text: str) -> tuple[str, list[int]]:
    if text.isascii():
        return text, list(range(len(text)))
    chars: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if char.isascii():
            chars.append(char)
            index.append(i)
        elif not _FORMAT.match(char):
            for part in unicodedata.normalize("NFKD", char):
                if not _COMBINING.match(part):
                    chars.append(part)
                    index.append(i)
    return "".join(chars), index


def _despace(text: str, index: list[int]) -> tuple[str, list[int]]:
    """Close up letter-spaced runs: the narrowest gap in a run is inside a word, wider gaps
    are between words ("Z o e  D u p o n t" → "Zoe Dupont"; "A B C" → "ABC")."""
    chars: list[str] = []
    out: list[int] = []
    pos = 0
    for match in _SPACED.finditer(text):
        chars.append(text[pos : match.start()])
        out.extend(index[pos : match.start()])
        gaps = list(_GAP.finditer(text, match.start(), match.end()))
        narrow = min(len(g.group()) for g in gaps)
        at = match.start()
        for gap in gaps:
            chars.append(text[at : gap.start()])
            out.extend(index[at : gap.start()])
            if len(gap.group()) > narrow:
                chars.append(" ")
                out.append(index[gap.start()])
            at = gap.end()
        chars.append(text[at : match.end()])
        out.extend(index[at : match.end()])
        pos = match.end()
    chars.append(text[pos:])
    out.extend(index[pos:])
    return "".join(chars), out


def text_views(text: str) -> list[TextView]:
    """The views matching runs on: the plain view, and the letter-spaced runs closed up when
    there are any (both are searched: "J R R Tolkien" is found as written)."""
    plain, index = _plain_view(text)
    views = [TextView(text, plain, tuple(index))]
    if _SPACED.search(plain):
        spaced, spaced_index = _despace(plain, index)
        views.append(TextView(text, spaced, tuple(spaced_index)))
    return views


def search_texts(text: str) -> list[str]:
    """The texts of ``text_views(text)`` without the offsets (the leak check's fast path)."""
    plain = strip_diacritics(drop_format_chars(text))
    if not _SPACED.search(plain):
        return [plain]
    return [plain, _despace(plain, list(range(len(plain))))[0]]
