"""Shift+A propagation finds other spellings of the same text: case and Unicode normalisation
are ignored, whole words only, and offsets map back to the original text exactly."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from annotations.store import SpanStore
from redaction.sametext import FoldedText, fold
from redaction.spans import Span

from .conftest import MakeDocument

NFC_NAME = "Zo\u00eb Hartley"
NFD_NAME = "Zoe\u0308 Hartley"
TEXT = f"{NFC_NAME} met {NFD_NAME} and ZO\u00cb HARTLEY; not Zo\u00ebHartleyX or Zoe Hartley."


def _places(store: SpanStore, doc_id: int) -> list[tuple[str, str, str]]:
    text = store.document(doc_id).text
    return [(text[s.start : s.end], s.label, s.status) for s in store.spans(doc_id)]


def test_accept_occurrences_matches_nfd_and_upper_case_spellings(
    memory_store: SpanStore, make_document: MakeDocument
):
    doc, _ = memory_store.add_document(make_document(TEXT), [Span(0, len(NFC_NAME), "PERSON", 0.9)])
    memory_store.accept_occurrences(memory_store.spans(doc.id)[0].id)
    assert _places(memory_store, doc.id) == [
        (NFC_NAME, "PERSON", "accepted"),
        (NFD_NAME, "PERSON", "accepted"),
        ("ZO\u00cb HARTLEY", "PERSON", "accepted"),
    ]  # not the longer word, not the name without the diaeresis
    for span in memory_store.spans(doc.id):  # each span's text is its own spelling
        assert span.text == TEXT[span.start : span.end]


def test_propagation_across_documents_finds_other_spellings(
    memory_store: SpanStore, make_document: MakeDocument
):
    first, _ = memory_store.add_document(
        make_document(f"CV of {NFD_NAME}.", "a.txt"), [Span(6, 6 + len(NFD_NAME), "PERSON", 0.9)]
    )
    other, _ = memory_store.add_document(make_document(f"Ref: {NFC_NAME.upper()}", "b.txt"))
    unrelated, _ = memory_store.add_document(make_document("Nothing about her.", "c.txt"))
    memory_store.accept_occurrences(memory_store.spans(first.id)[0].id, all_documents=True)
    assert _places(memory_store, other.id) == [("ZO\u00cb HARTLEY", "PERSON", "accepted")]
    assert memory_store.spans(unrelated.id) == []


def test_reject_occurrences_uses_the_same_matching(
    memory_store: SpanStore, make_document: MakeDocument
):
    text = f"{NFC_NAME} / {NFD_NAME.lower()}"
    start = len(NFC_NAME) + 3
    doc, _ = memory_store.add_document(
        make_document(text),
        [Span(0, len(NFC_NAME), "PERSON", 0.9), Span(start, len(text), "PERSON", 0.5)],
    )
    memory_store.reject_occurrences(memory_store.spans(doc.id)[0].id)
    assert {s.status for s in memory_store.spans(doc.id)} == {"rejected"}


def test_a_combining_mark_does_not_end_a_word(memory_store: SpanStore, make_document: MakeDocument):
    text = "Zoe met Zoe\u0308 and Zoe."
    doc, _ = memory_store.add_document(make_document(text), [Span(0, 3, "PERSON", 0.9)])
    memory_store.accept_occurrences(memory_store.spans(doc.id)[0].id)
    assert [(s.start, s.end) for s in memory_store.spans(doc.id)] == [(0, 3), (17, 20)]


CLUSTERS = st.sampled_from(
    ["a", "A", "e\u0301", "\u00e9", "\u00c9", "o\u0308", "\u00f6", "ß", " ", "x"]
)


@given(st.lists(CLUSTERS, max_size=12), st.lists(CLUSTERS, min_size=1, max_size=3))
def test_every_match_maps_back_to_text_that_folds_to_the_needle(parts, needle_parts):
    text, needle = "".join(parts), fold("".join(needle_parts))
    for start, end in FoldedText.of(text).find(needle):
        assert fold(text[start:end]) == needle
        assert not unicodedata.combining(text[end]) if end < len(text) else True
