"""The engine's speed-ups must not change results: each is checked against what it replaces."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from redaction.detection.chunking import split_text
from redaction.detection.nlp import FastContextEnhancer, load_pipeline, resolve_model
from redaction.detection.predefined import WindowedPhoneRecognizer
from redaction.errors import ConfigError

if TYPE_CHECKING:
    from faker import Faker

    from redaction.detection import Detector


# -- chunking --------------------------------------------------------------------------------


@given(
    st.text(alphabet=st.sampled_from("ab .\n😀é"), max_size=400),
    st.integers(min_value=1, max_value=60),
)
@settings(max_examples=200, deadline=None)
def test_pieces_cover_the_text_in_order(text: str, limit: int) -> None:
    pieces = list(split_text(text, limit))
    assert "".join(piece for _, piece in pieces) == text
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) <= limit


def test_cuts_prefer_paragraphs_then_lines_then_spaces() -> None:
    text = "one two\nthree four\n\nfive six seven"
    assert [p for _, p in split_text(text, 25)] == ["one two\nthree four\n\n", "five six seven"]
    assert [p for _, p in split_text("aaaa bbbb\ncccc dddd", 12)] == ["aaaa bbbb\n", "cccc dddd"]
    assert [p for _, p in split_text("aaaa bbbb cccc", 11)] == ["aaaa bbbb ", "cccc"]
    assert [p for _, p in split_text("abcdefgh", 3)] == ["abc", "def", "gh"]


# -- phone numbers ---------------------------------------------------------------------------

PHONE_LINES = [
    "Call +44 (0)7700 900123, 07700900123 or 0117 496 0123 today.",
    "US office +1 (415) 555-2671 ext. 12; Dublin +353 1 234 5678.",
    "tel:+49 30 901820 / Tel. 01 23 45 67 89 / 020-7946-0958",
    "Order 1234567890123 shipped 2019-03-04 to a12345678b.",
]


def test_windowed_phone_recognizer_matches_presidio(fake: Faker) -> None:
    regions = ("GB", "IE", "US", "DE", "FR")
    plain = PhoneRecognizer(supported_regions=regions)
    windowed = WindowedPhoneRecognizer(supported_regions=regions)
    texts = PHONE_LINES + [
        f"{fake.name()}\n{fake.address()}\nPhone: {fake.phone_number()}\n{fake.paragraph()}"
        for _ in range(30)
    ]
    texts.append("\n".join(texts))
    found = 0
    for text in texts:
        expected = sorted((r.start, r.end, r.score) for r in plain.analyze(text, ["PHONE_NUMBER"]))
        got = sorted((r.start, r.end, r.score) for r in windowed.analyze(text, ["PHONE_NUMBER"]))
        assert got == expected, text
        found += len(got)
    assert found > 30


# -- context words ---------------------------------------------------------------------------


def test_fast_context_words_equal_presidio(detector: Detector) -> None:
    text = (
        "Please call my mobile phone number 07700 900123 tomorrow. "
        "My email address is sam@example.com; the card number is 4111 1111 1111 1111."
    )
    artifacts = detector.nlp_engine.artifacts(detector.nlp(text), "en")
    slow, fast = LemmaContextAwareEnhancer(), FastContextEnhancer()
    for token in artifacts.tokens:
        expected = slow._extract_surrounding_words(artifacts, token.text, token.idx)
        got = fast._extract_surrounding_words(artifacts, token.text, token.idx)
        assert sorted(got) == sorted(expected), token.text


def test_fast_enhancer_scores_equal_presidio_and_leave_inputs_alone(detector: Detector) -> None:
    text = (
        "Mobile phone: 07700 900123. Reference 020 7946 0958. Contact me by email at "
        "sam@example.com or visit www.example.org. NHS number 943 476 5919."
    )
    artifacts = detector.nlp_engine.artifacts(detector.nlp(text), "en")
    recognizers = detector.analyzer.registry.get_recognizers("en", all_fields=True)
    raw = []
    for recognizer in recognizers:
        for result in recognizer.analyze(text, recognizer.supported_entities, artifacts) or []:
            result.recognition_metadata = {
                **(result.recognition_metadata or {}),
                "recognizer_identifier": recognizer.id,
            }
            raw.append(result)
    before = [(r.start, r.end, r.score) for r in raw]

    def scored(enhancer: LemmaContextAwareEnhancer) -> list[tuple[int, int, float]]:
        results = enhancer.enhance_using_context(text, raw, artifacts, recognizers)
        return sorted((r.start, r.end, r.score) for r in results)

    assert scored(FastContextEnhancer()) == scored(LemmaContextAwareEnhancer())
    assert [(r.start, r.end, r.score) for r in raw] == before
    assert scored(FastContextEnhancer()) != sorted(before)  # some context was found


def test_context_words_raise_scores(detector: Detector) -> None:
    # The same number scores higher next to a phone context word than without one.
    bare = detector.detect("Reference 07700 900123.", entities=["PHONE_NUMBER"], threshold=0)
    near = detector.detect("Mobile phone: 07700 900123.", entities=["PHONE_NUMBER"], threshold=0)
    assert bare and near
    assert max(s.score for s in near) > max(s.score for s in bare)


# -- the spaCy pipeline -----------------------------------------------------------------------


def test_fast_pipeline_finds_the_same_entities_as_the_full_model(
    detector: Detector, fake: Faker
) -> None:
    """On single-line prose the NER-only pipeline gives exactly the full model's entities.

    (Across line breaks it deliberately differs: a line break ends a sentence, so an entity
    never swallows the first word of the next line.)
    """
    import spacy

    full = spacy.load(detector.settings.model)
    lines = [
        f"{fake.name()} moved from {fake.city()} to work for {fake.company()} in {fake.country()}."
        for _ in range(40)
    ] + [fake.paragraph(nb_sentences=5) for _ in range(20)]
    for line, doc in zip(lines, detector.nlp.pipe(lines), strict=True):
        expected = [(e.start_char, e.end_char, e.label_) for e in full(line).ents]
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == expected


def test_line_breaks_end_entities(detector: Detector) -> None:
    doc = detector.nlp("DOROTHY BAKER\nFlat 5, Long Road\nEmail")
    assert all("\n" not in ent.text.strip() for ent in doc.ents)


def test_model_errors_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not installed"):
        resolve_model("xx_no_such_model_sm")
    with pytest.raises(ConfigError, match="not found"):
        resolve_model(str(tmp_path / "missing-model"))
    with pytest.raises(ConfigError, match="config.cfg"):
        resolve_model(str(tmp_path))


def test_model_directory_loads(tmp_path: Path) -> None:
    import spacy

    blank = spacy.blank("en")
    blank.to_disk(tmp_path / "model")
    nlp = load_pipeline(str(tmp_path / "model"))
    assert nlp("hello world")[1].text == "world"
