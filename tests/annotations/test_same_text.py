"""One notion of "the same text" for propagation, detection and anonymisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redaction.anonymization.normalize import normal_key
from redaction.detection.postprocess.propagation import _occurrences
from redaction.sametext import FoldedText, fold

PIECES = st.sampled_from(
    ["a", "Z", "o\u0308", "\u00f6", "\u00d6", "ß", "ẞ", "İ", " ", "\n", "\t", "\u00a0", "é", "ﬁ"]
)


@given(st.lists(PIECES, max_size=12))
def test_the_anonymisers_key_is_never_finer_than_the_same_text(parts) -> None:  # type: ignore[no-untyped-def]
    """Two strings that are the same text share one identity key: whatever propagation treats
    as one occurrence, the leak check searches as one form."""
    text = "".join(parts)
    assert normal_key(text) == normal_key(fold(text))


@given(st.lists(PIECES, max_size=12))
def test_folding_keeps_offsets_when_it_says_so(parts) -> None:  # type: ignore[no-untyped-def]
    text = "".join(parts)
    folded = FoldedText.of(text)
    assert folded.folded == fold(text)
    if folded.same_offsets:
        assert len(folded.folded) == len(text)


@pytest.mark.parametrize(
    ("text", "phrase", "found"),
    [
        ("Met ZOË HARTLEY.", "Zoë Hartley", "ZOË HARTLEY"),
        ("Met Zoe\u0308 Hartley.", "Zoë Hartley", "Zoe\u0308 Hartley"),  # decomposed
        ("Met Zoë\nHartley.", "Zoë Hartley", "Zoë\nHartley"),  # over a line break
        ("Met Zoë\u00a0Hartley.", "Zoë Hartley", "Zoë\u00a0Hartley"),  # a no-break space
        ("Lives on the STRASSE 4.", "Straße", "STRASSE"),  # folding changes the length
        ("Met Zoe Hartley.", "Zoë Hartley", None),  # another spelling: maybe somebody else
    ],
)
def test_detection_and_decisions_find_the_same_occurrences(
    memory_store, make_document, text: str, phrase: str, found: str | None
) -> None:  # type: ignore[no-untyped-def]
    from redaction.spans import Span

    detected = [text[a:b] for a, b in _occurrences(text, phrase)]
    source = f"{phrase}. "
    doc, _ = memory_store.add_document(
        make_document(source + text), [Span(0, len(phrase), "PERSON", 0.9)]
    )
    memory_store.accept_occurrences(memory_store.spans(doc.id)[0].id)
    decided = [s.text for s in memory_store.spans(doc.id) if s.start >= len(source)]
    assert detected == decided == ([found] if found else [])


def test_every_white_space_character_folds_to_a_space() -> None:
    import sys

    from redaction.sametext import WHITE_SPACE

    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} - {" "}
    assert spaces == set(WHITE_SPACE)
    assert fold("a" + WHITE_SPACE + "ß") == "a" + " " * len(WHITE_SPACE) + "ss"
