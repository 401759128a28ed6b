"""finalize(): cleaning, evidence-combined scores, overlap rules and propagation.

Inputs are hand-made RecognizerResults, so these need no model.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from presidio_analyzer import RecognizerResult

from redaction.detection.postprocess import PROPAGATION_SOURCE, Settings, default_settings, finalize
from redaction.errors import ConfigError


def r(entity: str, start: int, end: int, score: float, source: str = "Test") -> RecognizerResult:
    return RecognizerResult(
        entity, start, end, score, recognition_metadata={"recognizer_name": source}
    )


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def spans(text, results, entities=None, threshold=0.35, **kw):
    return [
        (s.text, s.label, s.source)
        for s in finalize(text, results, entities=entities, threshold=threshold, **kw)
    ]


def test_email_wins_over_the_url_inside_it():
    text = "Mail jane.doe@example.co.uk today"
    email = r("EMAIL_ADDRESS", *at(text, "jane.doe@example.co.uk"), 1.0)
    url = r("URL", *at(text, "example.co.uk"), 0.6)
    assert spans(text, [url, email]) == [("jane.doe@example.co.uk", "EMAIL_ADDRESS", "Test")]


def test_longer_covering_span_wins_over_fragments():
    text = "Worked at Oracle India Private Limited in Pune"
    org = r("ORGANIZATION", *at(text, "Oracle India Private Limited"), 0.7)
    place = r("LOCATION", *at(text, "India"), 0.75)
    pune = r("LOCATION", *at(text, "Pune"), 0.7)
    assert [s[0] for s in spans(text, [place, org, pune])] == [
        "Oracle India Private Limited",
        "Pune",
    ]


def test_a_much_better_supported_fragment_beats_a_weak_cover():
    text = "serving Southern Tunisia"
    weak = r("ORGANIZATION", *at(text, "Southern Tunisia"), 0.85, "SpacyRecognizer")
    strong = r("LOCATION", *at(text, "Tunisia"), 0.9)
    assert spans(text, [weak, strong]) == [("Tunisia", "LOCATION", "Test")]


def test_a_weak_cover_that_loses_takes_nothing_else_with_it():
    # spaCy's PERSON over "employer - town" loses to the well-supported town inside it; the
    # employer, which it also covered, stays.
    text = "Harwood Kitchens - Swindon  SITE SUPERVISOR"
    weak = r("PERSON", *at(text, "Harwood Kitchens - Swindon"), 0.85, "SpacyRecognizer")
    employer = r("ORGANIZATION", *at(text, "Harwood Kitchens"), 0.6)
    town = r("LOCATION", *at(text, "Swindon"), 0.95)
    assert spans(text, [weak, employer, town]) == [
        ("Harwood Kitchens", "ORGANIZATION", "Test"),
        ("Swindon", "LOCATION", "Test"),
    ]


def test_a_span_that_loses_to_a_partial_overlap_keeps_the_words_outside_it():
    text = "Accounts Payable, PO Box 881, Galway H91 X2Y7, Ireland"
    street = r("STREET_ADDRESS", *at(text, "PO Box 881, Galway"), 0.68)
    region = r("LOCATION", *at(text, "Galway H91 X2Y7, Ireland"), 0.96)
    assert spans(text, [street, region]) == [
        ("PO Box 881", "STREET_ADDRESS", "Test"),
        ("Galway H91 X2Y7, Ireland", "LOCATION", "Test"),
    ]


def test_a_spacy_span_that_loses_to_a_partial_overlap_leaves_nothing():
    text = "Dean, School of Nursing and Allied Health"
    weak = r("PERSON", *at(text, "Dean, School"), 0.6, "SpacyRecognizer")
    school = r("ORGANIZATION", *at(text, "School of Nursing and Allied Health"), 0.8)
    assert spans(text, [weak, school]) == [
        ("School of Nursing and Allied Health", "ORGANIZATION", "Test")
    ]


def test_same_entity_overlaps_merge():
    text = "Contact Jane Mary Smith now"
    a = r("PERSON", *at(text, "Jane Mary"), 0.6)
    b = r("PERSON", *at(text, "Mary Smith"), 0.6)
    assert [s[0] for s in spans(text, [a, b])] == ["Jane Mary Smith"]


def test_results_never_overlap():
    text = "Jane Smith, Acme Ltd, London W1A 1AA, jane@acme.com"
    results = [
        r("PERSON", 0, 10, 0.8),
        r("ORGANIZATION", 5, 20, 0.7),
        r("LOCATION", 22, 28, 0.6),
        r("UK_POSTCODE", 29, 36, 0.7),
        r("STREET_ADDRESS", 22, 36, 0.6),
        r("EMAIL_ADDRESS", 38, 51, 1.0),
        r("URL", 43, 51, 0.6),
    ]
    out = finalize(text, results, entities=None, threshold=0.35)
    assert all(a.end <= b.start for a, b in zip(out, out[1:], strict=False))


@given(
    st.lists(
        st.tuples(
            st.integers(0, 40),
            st.integers(1, 12),
            st.sampled_from(["PERSON", "URL", "LOCATION"]),
            st.floats(0.0, 1.0),
        ),
        max_size=12,
    )
)
def test_any_results_give_sorted_non_overlapping_spans(raw):
    text = "Jane Smith met Ravi Kumar in Pune and Leeds on Monday."
    results = [r(e, s, min(s + n, len(text)), sc) for s, n, e, sc in raw if s < len(text)]
    out = finalize(text, results, entities=None, threshold=0.35)
    assert all(a.end <= b.start for a, b in zip(out, out[1:], strict=False))
    assert all(s.text == text[s.start : s.end] and s.score >= 0.35 for s in out)


@pytest.mark.parametrize(
    "placeholder",
    ["[name]", "[surname]", "[company]", "[location]", "{{PERSON}}", "<ORGANIZATION>"],
)
def test_placeholders_are_never_flagged(placeholder):
    text = f"Hello {placeholder} and welcome"
    hit = r("PERSON", *at(text, placeholder.strip("[]{}<>")), 0.9)
    assert spans(text, [hit]) == []


@pytest.mark.parametrize(
    "phrase",
    ["WORK EXPERIENCE", "Machine Learning", "Java", "Project Manager", "Sunday", "Website"],
)
def test_headings_skills_tools_titles_are_not_named_entities(phrase):
    text = f"{phrase}\n"
    assert (
        spans(text, [r("ORGANIZATION", 0, len(phrase), 0.9), r("PERSON", 0, len(phrase), 0.9)])
        == []
    )


def test_propagation_flags_every_occurrence_with_case_variants():
    text = "Ravi Kumar\nPune\n\nRAVI KUMAR led the team. ravi kumar wrote it. Kumar agreed. Ravikumar is another word."
    out = finalize(text, [r("PERSON", 0, 10, 0.9)], entities=None, threshold=0.35)
    got = [(s.text, s.source) for s in out]
    assert ("RAVI KUMAR", PROPAGATION_SOURCE) in got
    assert ("ravi kumar", PROPAGATION_SOURCE) in got
    assert ("Kumar", PROPAGATION_SOURCE) in got  # a part of the name on its own
    assert all("Ravikumar" not in t for t, _ in got)  # whole words only
    assert all(s.label == "PERSON" for s in out)


def test_propagation_does_not_match_lowercase_single_words():
    text = "Marina Fort Street is nice. Walk down the street."
    out = finalize(
        text, [r("PERSON", *at(text, "Marina Fort"), 0.9)], entities=None, threshold=0.35
    )
    assert [s.text for s in out] == ["Marina Fort"]


def test_propagated_org_and_place():
    text = "Infosys -  Pune\nTraining from Infosys in Pune."
    out = finalize(
        text,
        [r("ORGANIZATION", 0, 7, 0.8), r("LOCATION", *at(text, "Pune"), 0.7)],
        entities=None,
        threshold=0.35,
    )
    assert [s.text for s in out] == ["Infosys", "Pune", "Infosys", "Pune"]


def test_agreement_raises_the_score_and_spacy_alone_is_weak():
    text = "Report by Tomasz Nowak and Bot."
    a, b = at(text, "Tomasz Nowak"), at(text, "Bot")
    alone = finalize(
        text, [r("PERSON", *a, 0.6, "PersonGazetteerRecognizer")], entities=None, threshold=0.0
    )
    agreed = finalize(
        text,
        [
            r("PERSON", *a, 0.6, "PersonGazetteerRecognizer"),
            r("PERSON", *a, 0.85, "SpacyRecognizer"),
        ],
        entities=None,
        threshold=0.0,
    )
    assert agreed[0].score > alone[0].score
    bot = finalize(text, [r("PERSON", *b, 0.85, "SpacyRecognizer")], entities=None, threshold=0.0)
    assert bot == [] or bot[0].score < 0.5  # a bare spaCy hit on an unknown word is weak


def test_spacy_evidence_is_read_from_the_nlp_output_when_given():
    text = "Report by Tomasz Nowak."
    start, end = at(text, "Tomasz Nowak")
    entity = SimpleNamespace(label_="PERSON", start_char=start, end_char=end)
    ours = r("PERSON", start, end, 0.6, "PersonGazetteerRecognizer")
    with_nlp = finalize(
        text, [ours], entities=None, threshold=0.0, nlp_artifacts=SimpleNamespace(entities=[entity])
    )
    without = finalize(text, [ours], entities=None, threshold=0.0)
    assert with_nlp[0].score > without[0].score


def test_header_name_scores_higher_than_a_bare_spacy_hit():
    text = "Priya Raman\nData Analyst\nChennai\n\nWorked with Arjun Mehta on reports."
    results = [
        r("PERSON", *at(text, "Priya Raman"), 0.85, "SpacyRecognizer"),
        r("PERSON", *at(text, "Arjun Mehta"), 0.85, "SpacyRecognizer"),
    ]
    out = {s.text: s.score for s in finalize(text, results, entities=None, threshold=0.0)}
    assert out["Priya Raman"] > out["Arjun Mehta"]


def test_entities_and_threshold_filter():
    text = "Jane Smith on 12 May 2020"
    results = [r("PERSON", 0, 10, 0.9), r("DATE_TIME", 14, 25, 0.9)]
    assert [s[1] for s in spans(text, results, entities=["PERSON"])] == ["PERSON"]
    assert [s[1] for s in spans(text, results, entities=["PERSON", "DATE_TIME"])] == [
        "PERSON",
        "DATE_TIME",
    ]
    assert spans(text, [r("PERSON", 0, 10, 0.3)], threshold=0.35) == []


def test_edges_are_trimmed():
    text = "See (https://example.org/x). Also 'Jane Smith's' book."
    out = finalize(
        text,
        [
            r("URL", *at(text, "https://example.org/x)."), 0.9),
            r("PERSON", *at(text, "'Jane Smith's'"), 0.9),
        ],
        entities=None,
        threshold=0.35,
    )
    assert [s.text for s in out] == ["https://example.org/x", "Jane Smith"]


def test_settings_come_from_recognizers_yaml():
    settings = default_settings()
    assert 0 < settings.spacy_score < 0.85
    assert "work experience" in settings.ignore
    with pytest.raises(ConfigError, match="unknown keys"):
        Settings.from_config({"postprocess": {"spacy_scor": 0.2}})
    custom = Settings.from_config(
        {"postprocess": {"spacy_score": 0.2, "ignore": {"x": ["Foo Bar"]}}}
    )
    assert custom.spacy_score == 0.2 and custom.ignore == frozenset({"foo bar"})


@pytest.mark.parametrize(
    ("outer_source", "inner_source"),
    [("TrainedModel:cv-ner", "OrgRecognizer"), ("OrgRecognizer", "TrainedModel:cv-ner")],
)
def test_a_trained_model_agreeing_on_an_entity_keeps_the_outer_boundaries(
    outer_source: str, inner_source: str
) -> None:
    # Whichever side finds the longer name, the trained model only adds coverage.
    text = "Interned at Amazon Development Centre for 6 months"
    results = [
        r("ORGANIZATION", *at(text, "Amazon Development Centre"), 0.6, outer_source),
        r("ORGANIZATION", *at(text, "Amazon"), 0.95, inner_source),
    ]
    assert [s[0] for s in spans(text, results)] == ["Amazon Development Centre"]


def test_without_a_trained_model_nested_spans_keep_the_better_supported_boundaries() -> None:
    text = "Interned at Amazon Development Centre for 6 months"
    results = [
        r("ORGANIZATION", *at(text, "Amazon Development Centre"), 0.6, "OrgRecognizer"),
        r("ORGANIZATION", *at(text, "Amazon"), 0.95, "GazetteerRecognizer"),
    ]
    assert [s[0] for s in spans(text, results)] == ["Amazon"]


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        # the capitals stand before a lower-case word elsewhere: an acronym, not initials
        ("Subject: QRS Hands -on Session\nThe QRS system goes live.", "QRS Hands", False),
        ("Subject: QRS Hands -on Session\nWe reviewed QRS tariffs.", "QRS Hands", False),
        # initials before a surname, alone, or before a person's verb
        ("See LN Darlow, AJ Storkey (2019).", "LN Darlow", True),
        ("LN Darlow wrote it. LN said so and LN and I agreed.", "LN Darlow", True),
    ],
)
def test_capitals_the_text_uses_as_an_acronym_do_not_start_a_person(text, name, kept):
    person = r("PERSON", *at(text, name), 0.65, "PersonGazetteerRecognizer")
    found = [(t, label) for t, label, _ in spans(text, [person]) if label == "PERSON"]
    assert ((name, "PERSON") in found) is kept
