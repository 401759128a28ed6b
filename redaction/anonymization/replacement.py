"""What an operator decided for one span: the value the writers put back into the file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from redaction.errors import RedactError


@dataclass(frozen=True, slots=True)
class Replacement:
    """Replace ``Document.text[start:end]`` (code points) by ``new_text``.

    ``original`` must equal that slice (writers check it). ``new_text`` is "" for redact,
    "█"*n / "*"*n for mask, "[name]" for placeholder, a fake value for pseudonym. ``blackout``
    asks PDF/DOCX writers for a black box / black highlight instead of visible text.
    """

    start: int
    end: int
    label: str
    original: str
    new_text: str
    blackout: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad replacement offsets {self.start}..{self.end}")


def check_replacements(text: str, replacements: Sequence[Replacement]) -> list[Replacement]:
    """Sorted replacements, checked against ``text``: inside it, matching ``original``, disjoint.

    Raises RedactError (a programming or stale-data error shown as one line) otherwise.
    """
    ordered = sorted(replacements, key=lambda r: (r.start, r.end))
    previous_end = 0
    for rep in ordered:
        if rep.end > len(text):
            raise RedactError(f"replacement {rep.start}..{rep.end} is outside the text")
        if text[rep.start : rep.end] != rep.original:
            raise RedactError(
                f"replacement {rep.start}..{rep.end} expected {rep.original!r}, "
                f"the text has {text[rep.start : rep.end]!r}"
            )
        if rep.start < previous_end:
            raise RedactError(f"replacement {rep.start}..{rep.end} overlaps the previous one")
        previous_end = rep.end
    return ordered
