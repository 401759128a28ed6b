"""The one place where Qt text positions (UTF-16 code units) meet store offsets (code points).

Python strings index code points; ``QTextDocument`` positions count UTF-16 units, so every
character outside the Basic Multilingual Plane (most emoji) takes two Qt positions. Combining
accents are separate code points in both systems and need no conversion.

Mapping is O(log n) per call: only the code-point positions of astral characters are stored,
which for ordinary text is an empty list and the mapping is the identity.
"""

from __future__ import annotations

from bisect import bisect_left


class OffsetMap:
    """Converts between code-point offsets and UTF-16 offsets for one text."""

    __slots__ = ("_astral_cp", "_astral_u16", "cp_length", "u16_length")

    def __init__(self, text: str) -> None:
        # Fast path (C speed): text without astral characters has as many UTF-16 units as
        # code points, the usual case.
        if text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
            self._astral_cp: list[int] = []
        else:
            self._astral_cp = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # UTF-16 start of each astral character: its code-point index plus the astral ones before it.
        self._astral_u16 = [cp + k for k, cp in enumerate(self._astral_cp)]
        self.cp_length = len(text)
        self.u16_length = len(text) + len(self._astral_cp)

    @property
    def is_identity(self) -> bool:
        return not self._astral_cp

    def to_utf16(self, cp: int) -> int:
        """The Qt position of code-point offset ``cp`` (0 <= cp <= len(text))."""
        if not 0 <= cp <= self.cp_length:
            raise ValueError(f"code-point offset {cp} outside 0..{self.cp_length}")
        return cp + bisect_left(self._astral_cp, cp)

    def to_codepoint(self, u16: int, *, round_up: bool = False) -> int:
        """The code-point offset of Qt position ``u16``.

        A position between the two halves of a surrogate pair is snapped to the start of that
        character, or to its end with ``round_up`` (use it for span ends so the character stays
        whole).
        """
        if not 0 <= u16 <= self.u16_length:
            raise ValueError(f"UTF-16 offset {u16} outside 0..{self.u16_length}")
        before = bisect_left(self._astral_u16, u16)  # astral chars starting before u16
        if before and self._astral_u16[before - 1] + 1 == u16:
            # inside a surrogate pair
            start = self._astral_cp[before - 1]
            return start + 1 if round_up else start
        return u16 - before

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_codepoints(self, start: int, end: int) -> tuple[int, int]:
        return self.to_codepoint(start), self.to_codepoint(end, round_up=True)
