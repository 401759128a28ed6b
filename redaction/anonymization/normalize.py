"""Normal forms of PII strings, shared by pseudonym keys and the leak check."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    """ "José Álvarez" → "Jose Alvarez" (combining marks dropped after NFKD)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def collapse_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def normal_key(text: str) -> str:
    """The identity of a string for lookups: case-folded, no diacritics, single spaces."""
    return collapse_space(strip_diacritics(text).casefold())


def digits_of(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


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
