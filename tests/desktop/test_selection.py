"""Selections snap to whole words: the rule behind "create a span from the selection"."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.selection import snap_to_words, trim

TEXT = "Contact Zoë O'Brien at zoe.obrien@example.com, tel. 0161 496 0000."


def _sel(fragment: str, cut_left: int = 0, cut_right: int = 0) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start + cut_left, start + len(fragment) - cut_right


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        (_sel("Zoë", 1, 0), "Zoë"),  # started mid-word
        (_sel("Zoë O'Brien", 0, 2), "Zoë O'Brien"),  # ended mid-word, apostrophe inside
        (_sel(" Zoë "), "Zoë"),  # surrounding spaces trimmed
        (_sel("obrien@example", 2, 2), "zoe.obrien@example.com"),  # email stays whole
        (_sel("0000."), "0000"),  # sentence full stop not taken
    ],
)
def test_snap_to_words(selected: tuple[int, int], expected: str) -> None:
    snapped = snap_to_words(TEXT, *selected)
    assert snapped is not None
    assert TEXT[snapped[0] : snapped[1]] == expected


def test_whitespace_only_selection_is_nothing() -> None:
    assert snap_to_words(TEXT, 7, 8) is None
    assert trim(TEXT, 7, 8) is None


def test_precise_selection_keeps_partial_words() -> None:
    s, e = _sel("Zoë", 1, 0)
    assert trim(TEXT, s, e) == (s, e)


def test_combining_accent_stays_with_its_letter() -> None:
    text = "Name: Zoe\u0301 Smith"
    s = text.index("Zo")
    snapped = snap_to_words(text, s, s + 3)
    assert snapped is not None
    assert text[snapped[0] : snapped[1]] == "Zoe\u0301"


@given(st.text(max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_snapped_range_contains_selected_word_characters(text: str, a: int, b: int) -> None:
    snapped = snap_to_words(text, a, b)
    if snapped is None:
        return
    s, e = snapped
    assert 0 <= s < e <= len(text)
    assert text[s].isalnum()


def test_readme_keyboard_table_names_every_default_key() -> None:
    """The README's table stays true to the key map (desktop/keymap.py)."""
    from pathlib import Path

    from desktop.keymap import BINDINGS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The desktop app") :]
    shown = {"Return": "Enter", "Backtab": "Shift+Tab", "Ctrl+Y": "Ctrl+Shift+Z"}
    for binding in BINDINGS:
        if binding.name == "quit":
            continue
        key = shown.get(binding.keys[0], binding.keys[0])
        assert f"`{key}`" in section, f"{binding.title}: {key} missing from the README"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("नमस्ते अमित शर्मा जी", "अमित"),  # Devanagari vowel sign (Mc) inside the name
        ("नमस्ते अमित शर्मा जी", "शर्मा"),  # virama (Mn) and vowel sign at the end
        ("Name: Ja\u1dc4ne Doe", "Ja\u1dc4ne"),  # Combining Diacritical Marks Supplement
        ("Vector x\u20d7y here", "x\u20d7y"),  # Combining Diacritical Marks for Symbols
        ("Signed: Ann\u20dd.", "Ann\u20dd"),  # enclosing mark (Me) at the end of a word
    ],
)
def test_marks_outside_basic_combining_block_stay_in_the_word(text: str, word: str) -> None:
    s = text.index(word)
    for a, b in [(s, s + 2), (s + 1, s + 3), (s + 1, s + 2), (s, s + len(word))]:
        if not any(ch.isalnum() for ch in text[a:b]):
            continue  # only a mark selected: nothing to snap to
        snapped = snap_to_words(text, a, b)
        assert snapped is not None
        assert text[snapped[0] : snapped[1]] == word, (a, b)


_MARKS = st.sampled_from(["\u093f", "\u094d", "\u0947", "\u1dc0", "\u1dff", "\u20d0", "\u20e3"])
_LETTERS = st.sampled_from(list("abcअमतशर"))


@given(
    st.lists(st.tuples(_LETTERS, st.lists(_MARKS, max_size=2)), min_size=1, max_size=6),
    st.data(),
)
def test_a_word_with_marks_snaps_whole_from_any_inner_selection(parts, data) -> None:  # type: ignore[no-untyped-def]
    word = "".join(letter + "".join(marks) for letter, marks in parts)
    text = f"Hi {word} there"
    s = 3
    a = data.draw(st.integers(s, s + len(word) - 1))
    b = data.draw(st.integers(a + 1, s + len(word)))
    if not any(ch.isalnum() for ch in text[a:b]):
        return  # only marks selected: nothing to snap to
    assert snap_to_words(text, a, b) == (s, s + len(word))
