"""Normal forms of PII strings, shared by pseudonym keys and the leak check."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_SPACE = re.compile(r"\s+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def strip_diacritics(text: str) -> str:
    """ "José Álvarez" → "Jose Alvarez" (combining marks dropped after NFKD)."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def collapse_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def normal_key(text: str) -> str:
    """The identity of a string for lookups: case-folded, no diacritics, single spaces."""
    return collapse_space(strip_diacritics(text).casefold())


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
