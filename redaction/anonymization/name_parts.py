"""When a person's given or family name on its own may be searched for and replaced.

A confirmed "Lewis Smith" makes "Dear Lewis" and "Mr Smith" personal too, so planning redacts
those and the leak check searches for them. Done blindly, one wrong person suggestion
("Machine Learning", "Research Scientist") would remove every "Machine" and "Learning" in the
document. So a part is searched for only where that is safe:

- the full name was confirmed: accepted by an annotator, or, without review, detected with
  strong evidence (``STRONG_SCORE``); a weakly detected person is not looked for elsewhere at
  all, not even whole (the detector already flagged every occurrence it believes in);
- the person is not a job title, skill, tool or heading (the detection ignore lists);
- the part is a name, not a common word of the document: a known given or family name, or a
  word the document never writes in lower case (its own vocabulary) that is no stop word and
  on no ignore list;
- and, as before, the occurrence is written as a name (Capitalised or UPPER), which the
  patterns of ``leakcheck`` and ``planning`` see to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

#: Without review, a detected person's parts are searched for only from this score on.
STRONG_SCORE = 0.75

_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-ÿ][a-zà-ÿ'’-]+")


@cache
def _vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(known given and family names, words that are never names: stop words, ignore lists)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from redaction.detection.postprocess.settings import default_settings
    from redaction.detection.recognizers._common import load_gazetteer

    names = load_gazetteer("first_names") | load_gazetteer("last_names")
    never = frozenset(STOP_WORDS) | default_settings().ignore
    return names, never


@dataclass(frozen=True)
class NameParts:
    """Which people's names may be searched for part by part, and which parts."""

    whole_only: frozenset[str] = frozenset()  # people (as written) whose parts never count
    common: frozenset[str] = frozenset()  # words the document writes in lower case
    #: Detected, not confirmed, people with weak evidence (or a title or skill): nothing of
    #: them is looked for elsewhere, and the leak check takes them only as written.
    weak: frozenset[str] = frozenset()

    def allows(self, person: str, part: str) -> bool:
        if person in self.whole_only or len(part) < 2:
            return False
        key = part.strip(".'’").lower()
        names, never = _vocabulary()
        if key in never:
            return False
        return key in names or key not in self.common


#: Every part of every person counts (the leak check's behaviour on its own).
EVERY_PART = NameParts()


def name_parts_policy(
    text: str, people: Iterable[tuple[str, float]], *, confirmed: bool
) -> NameParts:
    """The policy for one document: ``people`` are (person as written, score) of its person
    spans; ``confirmed``: an annotator accepted them (else they were only detected)."""
    from redaction.detection.postprocess.cleaning import ignored
    from redaction.detection.postprocess.settings import default_settings

    settings = default_settings()
    best: dict[str, float] = {}
    for person, score in people:
        best[person] = max(best.get(person, 0.0), score)
    weak = {
        person
        for person, score in best.items()
        if not confirmed and (score < STRONG_SCORE or ignored(person, settings))
    }
    whole_only = weak | {person for person in best if ignored(person, settings)}
    return NameParts(frozenset(whole_only), _common_words(text), frozenset(weak))


def _common_words(text: str) -> frozenset[str]:
    """Words the text writes in lower case outside e-mail addresses and links (where a name
    is lower case: "khandelwal.viny@gmail.com")."""
    from redaction.anonymization.normalize import link_tokens

    pieces = []
    position = 0
    for start, end in link_tokens(text):
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return frozenset(m.group().lower() for piece in pieces for m in _LOWER_WORD.finditer(piece))
