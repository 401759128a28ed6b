"""Find, in a document's text, every form of the redacted strings that the leak check searches
for, so the planner redacts them and the output passes the check instead of being quarantined.

The leak check's needles (``leakcheck.build_needles``) are run over the text's search views
(``normalize.text_views``: no soft hyphens or zero-width characters, no diacritics, letter-spaced
runs closed up) and each match is mapped back to offsets in the original text. What a match is
replaced with depends on its form (``Found.role``):

- ``family`` / ``given``: a person's family or given name on its own ("Mr Althorpe-Quince",
  "Dear Peregrine"): the ``[surname]`` / ``[name]`` placeholder or that part of the pseudonym;
- ``local``: an email's local part on its own ("lgsmith271"): the new address's local part;
- ``link``: a link token with a given name in it: the whole token, as a URL or email;
- ``as``: any other variant ("Z o ë  D u p o n t", "Du\u00adpont", "07700-900-123"): the
  replacement of the redacted string it is a variant of.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from redaction.anonymization.leakcheck import Needle, build_needles
from redaction.anonymization.name_parts import EVERY_PART, NameParts
from redaction.anonymization.normalize import link_tokens, text_views

_ROLES = {
    "family name": "family",
    "given name": "given",
    "email local part": "local",
    "given name in link": "link",
}


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    label: str
    role: str  # "family", "given", "local", "link" or "as"
    source: str  # the redacted string (or name part) this is a form of


def _normal_pattern(value: str) -> re.Pattern[str]:
    """The leak check's normalised search (case-folded, any whitespace, alphanumeric edges)
    as a regex over a search view."""
    body = r"\s+".join(re.escape(word) for word in value.split(" "))
    before = r"(?<![^\W_])" if value[:1].isalnum() else ""
    after = r"(?![^\W_])" if value[-1:].isalnum() else ""
    return re.compile(before + body + after, re.IGNORECASE)


def _source(needle: Needle) -> str:
    if needle.form in ("family name", "given name"):
        return needle.value
    return needle.original


def leak_forms(
    text: str, secrets: Iterable[tuple[str, str]], parts: NameParts = EVERY_PART
) -> list[Found]:
    """Every place in ``text`` where the leak check would find one of ``secrets``."""
    needles = [n for n in build_needles(secrets, parts)[0] if n.form != "bytes"]
    if not needles or not text:
        return []
    found: list[Found] = []
    for view in text_views(text):
        tokens = list(link_tokens(view.text))
        for needle in needles:
            pattern = needle.pattern or _normal_pattern(needle.value)
            role = _ROLES.get(needle.form, "as")
            for match in pattern.finditer(view.text):
                start, end = match.span()
                if start == end:
                    continue
                if needle.links_only:
                    token = next((t for t in tokens if t[0] <= start and end <= t[1]), None)
                    if token is None:
                        continue
                    start, end = token
                    value = view.text[start:end]
                    label = "EMAIL_ADDRESS" if "@" in value and "/" not in value else "URL"
                    first, last = view.span(start, end)
                    found.append(Found(first, last, label, role, text[first:last]))
                    continue
                if needle.form == "digits" and view.text[start - 1 : start] == "+":
                    start -= 1  # "+44 7700 900123" goes whole
                first, last = view.span(start, end)
                found.append(Found(first, last, needle.label, role, _source(needle)))
    return found
