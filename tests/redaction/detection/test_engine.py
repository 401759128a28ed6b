"""The Detector: what it finds, filters, and how it treats empty, long and batched input."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from redaction.spans import Span

if TYPE_CHECKING:
    from faker import Faker

    from redaction.detection import Detector


def labelled(spans: list[Span], text: str) -> set[tuple[str, str]]:
    return {(text[s.start : s.end], s.label) for s in spans}


def assert_well_formed(spans: list[Span], text: str) -> None:
    assert spans == sorted(spans, key=lambda s: (s.start, s.end))
    for left, right in zip(spans, spans[1:], strict=False):
        assert left.end <= right.start, f"overlap: {left} {right}"
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert 0 <= span.score <= 1
        assert span.source and span.source != "manual"


CV = (
    "Curriculum vitae\n"
    "Email: olivia.hughes@example.co.uk\n"
    "Mobile: +44 7700 900123 | Office: 020 7946 0958\n"
    "Olivia Hughes worked for Microsoft in London before joining Barclays.\n"
)


def test_finds_email_gb_phones_org_and_person(detector: Detector) -> None:
    spans = detector.detect(CV)
    assert_well_formed(spans, CV)
    found = labelled(spans, CV)
    assert ("olivia.hughes@example.co.uk", "EMAIL_ADDRESS") in found
    phones = {text for text, label in found if label == "PHONE_NUMBER"}
    assert any("7700 900123" in p for p in phones), found
    assert any("7946 0958" in p for p in phones), found
    assert ("Microsoft", "ORGANIZATION") in found  # ORG is mapped and enabled
    assert any(label == "PERSON" and "Olivia Hughes" in text for text, label in found)
    assert any(label == "LOCATION" and text == "London" for text, label in found)


def test_entities_filter(detector: Detector) -> None:
    spans = detector.detect(CV, entities=["EMAIL_ADDRESS"])
    assert [CV[s.start : s.end] for s in spans] == ["olivia.hughes@example.co.uk"]
    assert {s.label for s in detector.detect(CV, entities=["PHONE_NUMBER"])} == {"PHONE_NUMBER"}


def test_dates_only_when_asked_for(detector: Detector) -> None:
    text = "Olivia Hughes joined Barclays on 12 March 2019 and left in June 2021."
    assert all(s.label != "DATE_TIME" for s in detector.detect(text))
    dated = detector.detect(text, entities=["DATE_TIME", "PERSON"])
    assert any(s.label == "DATE_TIME" and "2019" in text[s.start : s.end] for s in dated)


def test_threshold_drops_lower_scores(detector: Detector) -> None:
    everything = detector.detect(CV, threshold=0.0)
    assert everything
    for limit in (0.5, 0.9):
        kept = detector.detect(CV, threshold=limit)
        assert all(s.score >= limit for s in kept)
        assert len(kept) <= len(everything)
    assert detector.detect(CV, threshold=1.0) == [s for s in everything if s.score >= 1.0]
    with pytest.raises(ValueError, match="threshold"):
        detector.detect(CV, threshold=1.5)


def test_default_threshold_comes_from_settings(detector: Detector) -> None:
    limit = detector.settings.threshold
    assert detector.detect(CV) == detector.detect(CV, threshold=limit)


@pytest.mark.parametrize("text", ["", " ", "\n\n\t  \n"])
def test_empty_and_blank_texts(detector: Detector, text: str) -> None:
    assert detector.detect(text) == []
    assert list(detector.detect_batch([text, text])) == [[], []]


def test_batch_matches_single_calls_in_order(detector: Detector, fake: Faker) -> None:
    texts = [
        f"{fake.name()} lives in {fake.city()}. Email {fake.email()}, phone {fake.phone_number()}."
        for _ in range(12)
    ]
    texts.insert(5, "")
    single = [detector.detect(text) for text in texts]
    assert list(detector.detect_batch(texts)) == single
    # Generators work too, and progress counts every text.
    seen: list[tuple[int, int | None]] = []
    batch = list(detector.detect_batch(iter(texts), progress=lambda d, t, m: seen.append((d, t))))
    assert batch == single
    assert seen[-1] == (len(texts), None)


def test_long_texts_are_cut_at_paragraphs_with_true_offsets(
    detector: Detector, fake: Faker, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraphs = [
        f"{fake.paragraph(nb_sentences=3)} Write to {fake.email()} today." for _ in range(40)
    ]
    text = "\n\n".join(paragraphs)
    whole = detector.detect(text, entities=["EMAIL_ADDRESS"])
    import redaction.detection.engine as engine

    cuts: list[tuple[int, str]] = []

    def recording_split(text: str, max_chars: int):  # type: ignore[no-untyped-def]
        cuts.extend(engine_split(text, max_chars))
        return iter(cuts)

    engine_split = engine.split_text
    monkeypatch.setattr(engine, "split_text", recording_split)
    monkeypatch.setattr(detector, "max_chunk_chars", 1000)
    pieces = detector.detect(text, entities=["EMAIL_ADDRESS"])
    assert len(cuts) >= 5
    assert all(len(piece) <= 1000 for _, piece in cuts)
    assert all(piece.endswith("\n\n") for _, piece in cuts[:-1])  # cut at paragraph breaks
    assert pieces == whole
    assert len(pieces) == 40
    for span in pieces:
        assert "@" in text[span.start : span.end]
        assert text[span.start : span.end] == span.text or not span.text


def test_unicode_offsets_are_code_points(detector: Detector) -> None:
    text = "Zoë 😀 Çelik — email zoe.celik@example.com"
    spans = detector.detect(text, entities=["EMAIL_ADDRESS"])
    assert [text[s.start : s.end] for s in spans] == ["zoe.celik@example.com"]


def test_rejects_non_text(detector: Detector) -> None:
    with pytest.raises(TypeError):
        detector.detect(b"bytes")  # type: ignore[arg-type]


def test_supported_entities_and_us_only_recognizers_dropped(detector: Detector) -> None:
    names = {type(r).__name__ for r in detector.analyzer.registry.recognizers}
    assert not any(name.startswith("Us") for name in names), names
    assert {"PERSON", "ORGANIZATION", "LOCATION", "EMAIL_ADDRESS", "PHONE_NUMBER", "URL"} <= (
        detector.supported_entities
    )
    assert "US_SSN" not in detector.supported_entities
    assert "NRP" not in detector.supported_entities  # NORP is not mapped


def test_fast_pipeline_runs_only_ner(detector: Detector) -> None:
    assert detector.settings.pipeline == "fast"
    assert "parser" not in detector.nlp.pipe_names
    assert "ner" in detector.nlp.pipe_names


def test_recognizers_run_in_registration_order(detector: Detector) -> None:
    # Presidio gathers them in a set; a fixed order keeps results identical across processes.
    registry = detector.analyzer.registry
    wanted = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "ORGANIZATION"]
    expected = [r for r in registry.recognizers if set(r.supported_entities) & set(wanted)]
    for _ in range(3):
        assert registry.get_recognizers("en", entities=wanted) == expected
