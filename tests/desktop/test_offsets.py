"""Offsets: Qt's UTF-16 positions against the store's code points, checked against QTextDocument."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.offsets import OffsetMap

EMOJI_TEXT = "Hi 👋🏽 Zoë, café e\u0301 — 𝔘nicode 😀!"


def _qt_positions(text: str) -> list[int]:
    """UTF-16 start of every code point, computed independently of OffsetMap."""
    out, pos = [], 0
    for ch in text:
        out.append(pos)
        pos += 2 if ord(ch) > 0xFFFF else 1
    out.append(pos)
    return out


def test_ascii_is_identity() -> None:
    m = OffsetMap("plain text")
    assert m.is_identity
    assert [m.to_utf16(i) for i in range(11)] == list(range(11))


def test_emoji_and_combining_accents_round_trip() -> None:
    m = OffsetMap(EMOJI_TEXT)
    expected = _qt_positions(EMOJI_TEXT)
    assert m.u16_length == len(EMOJI_TEXT.encode("utf-16-le")) // 2
    for cp, u16 in enumerate(expected):
        assert m.to_utf16(cp) == u16
        assert m.to_codepoint(u16) == cp


def test_span_after_emoji_selects_same_text_in_qt(qapp) -> None:  # noqa: ARG001
    from PySide6.QtGui import QTextCursor, QTextDocument

    text = "👋🏽 Zoë Smith e\u0301 😀 Jo"
    start = text.index("Zoë")
    end = start + len("Zoë Smith")
    doc = QTextDocument(text)
    m = OffsetMap(text)
    cursor = QTextCursor(doc)
    a, b = m.span_to_utf16(start, end)
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "Zoë Smith"
    # and a Qt selection of the last word maps back to code points
    cursor.setPosition(m.u16_length - 2)
    cursor.setPosition(m.u16_length, QTextCursor.MoveMode.KeepAnchor)
    s, e = m.span_to_codepoints(cursor.selectionStart(), cursor.selectionEnd())
    assert text[s:e] == "Jo"


def test_position_inside_surrogate_pair_snaps_to_whole_character() -> None:
    m = OffsetMap("a😀b")
    assert m.to_codepoint(2) == 1
    assert m.to_codepoint(2, round_up=True) == 2
    assert m.span_to_codepoints(2, 2) == (1, 2)


def test_out_of_range_offsets_are_rejected() -> None:
    m = OffsetMap("a😀")
    with pytest.raises(ValueError):
        m.to_utf16(3)
    with pytest.raises(ValueError):
        m.to_codepoint(4)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_round_trip_any_text(text: str) -> None:
    m = OffsetMap(text)
    expected = _qt_positions(text)
    for cp, u16 in enumerate(expected):
        assert m.to_utf16(cp) == u16
        assert m.to_codepoint(u16) == cp
