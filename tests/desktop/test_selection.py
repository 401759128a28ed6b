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
