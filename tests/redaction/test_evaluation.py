"""Evaluation measures on tiny hand-made cases, and the data set loaders."""

from __future__ import annotations

import json

import pytest

from redaction.evaluation import (
    SYNTH_GROUPS,
    DatasetError,
    GoldDoc,
    GoldSpan,
    Scores,
    load_presidio_synth,
    load_resumes,
    span_scores,
    strict_recall,
)
from redaction.spans import Span

TEXT = "Jane Smith, Acme Ltd, jane@x.org"
#       0    5    10   15   20   25   30


def _doc(*spans: GoldSpan) -> GoldDoc:
    return GoldDoc("d", TEXT, spans)


@pytest.mark.parametrize(
    ("predicted", "caught"),
    [
        ([Span(0, 10, "PERSON")], 1),
        ([Span(0, 4, "PERSON"), Span(5, 10, "LOCATION")], 1),  # pieces, any label
        ([Span(0, 4, "PERSON")], 0),  # partial cover is a leak
        ([Span(0, 9, "PERSON")], 0),  # one character short
        ([Span(0, 11, "PERSON")], 1),  # extra punctuation is fine
        ([], 0),
    ],
)
def test_strict_recall_needs_every_alphanumeric_character(predicted, caught):
    report = strict_recall([_doc(GoldSpan(0, 10, "Name"))], [predicted])
    assert report.per_label["Name"].caught == caught
    assert report.per_label["Name"].total == 1
    assert len(report.misses) == 1 - caught


def test_strict_recall_ignores_whitespace_left_uncovered():
    doc = GoldDoc("d", "Jane  Smith", (GoldSpan(0, 11, "Name"),))
    report = strict_recall([doc], [[Span(0, 4, "PERSON"), Span(6, 11, "PERSON")]])
    assert report.overall.recall == 1.0


def test_strict_recall_reports_uncovered_characters():
    report = strict_recall([_doc(GoldSpan(0, 10, "Name"))], [[Span(0, 4, "PERSON")]])
    (miss,) = report.misses
    assert miss.text == "Jane Smith"
    assert miss.uncovered == "____Smith"


def test_strict_recall_rejects_mismatched_lengths():
    with pytest.raises(ValueError):
        strict_recall([_doc()], [])


def _scores(gold: list[GoldSpan], predicted: list[Span], **kw) -> dict[str, Scores]:
    report = span_scores(
        [_doc(*gold)],
        [predicted],
        gold_groups=SYNTH_GROUPS,
        predicted_groups={"ORG": "ORGANIZATION"},
        scored=("PERSON", "ORGANIZATION", "EMAIL_ADDRESS"),
        **kw,
    )
    return {**report.per_label, "overall": report.overall}


def test_span_scores_exact_match_and_label_mapping():
    scores = _scores(
        [GoldSpan(0, 10, "PERSON"), GoldSpan(12, 20, "ORGANIZATION")],
        [Span(0, 10, "PERSON"), Span(12, 20, "ORG")],
    )
    assert (scores["PERSON"].tp, scores["ORGANIZATION"].tp) == (1, 1)
    assert scores["overall"].precision == scores["overall"].recall == 1.0
    assert scores["overall"].f2 == 1.0


def test_span_scores_wrong_label_is_a_miss_and_a_false_positive():
    scores = _scores([GoldSpan(0, 10, "PERSON")], [Span(0, 10, "ORGANIZATION")])
    assert (scores["PERSON"].fn, scores["ORGANIZATION"].fp) == (1, 1)
    assert scores["overall"].f2 == 0.0


def test_span_scores_partial_overlap_below_threshold_does_not_match():
    scores = _scores([GoldSpan(0, 10, "PERSON")], [Span(0, 4, "PERSON")])
    assert (scores["PERSON"].tp, scores["PERSON"].fp, scores["PERSON"].fn) == (0, 1, 1)
    lenient = _scores([GoldSpan(0, 10, "PERSON")], [Span(0, 4, "PERSON")], iou_threshold=0.4)
    assert lenient["PERSON"].tp == 1


def test_span_scores_merges_pieces_split_by_punctuation():
    # "Jane" + "Smith" predicted separately still match the one gold name.
    scores = _scores([GoldSpan(0, 10, "PERSON")], [Span(0, 4, "PERSON"), Span(5, 10, "PERSON")])
    assert scores["PERSON"].tp == 1 and scores["PERSON"].fp == 0


def test_span_scores_unscored_labels_are_ignored():
    scores = _scores([GoldSpan(22, 32, "DATE_TIME")], [Span(22, 32, "DATE_TIME")])
    assert scores["overall"].tp + scores["overall"].fp + scores["overall"].fn == 0


def test_fbeta_weights_recall():
    s = Scores(tp=6, fp=0, fn=4)  # precision 1.0, recall 0.6
    assert s.f1 == pytest.approx(0.75)
    assert s.f2 == pytest.approx(5 * 0.6 / (4 + 0.6))
    assert Scores().f2 == 0.0


def test_load_resumes(tmp_path):
    path = tmp_path / "r.jsonl"
    rows = [
        {
            "name": "r1",
            "text": "Jane Smith\nAcme",
            "gold": [[11, 15, "Companies worked at"], [0, 10, "Name"]],
            "neutral": [[0, 4, "D"]],
        }
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    (doc,) = load_resumes(path)
    assert doc.name == "r1"
    assert [doc.span_text(s) for s in doc.spans] == ["Jane Smith", "Acme"]
    assert [doc.span_text(s) for s in doc.neutral] == ["Jane"]


def test_load_presidio_synth(tmp_path):
    path = tmp_path / "s.json"
    item = {
        "full_text": "I am Jane",
        "spans": [
            {
                "entity_type": "PERSON",
                "entity_value": "Jane",
                "start_position": 5,
                "end_position": 9,
            }
        ],
    }
    path.write_text(json.dumps([item, {"full_text": "nothing", "spans": []}]), encoding="utf-8")
    docs = load_presidio_synth(path)
    assert [d.spans for d in docs] == [(GoldSpan(5, 9, "PERSON"),), ()]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "line 1: not JSON"),
        ('{"text": "ab", "gold": [[0, 9, "Name"]]}', "outside the text"),
        ('{"gold": []}', "'text' string"),
    ],
)
def test_bad_resumes_file_is_one_line_error(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError, match=message) as info:
        load_resumes(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_missing_data_set(tmp_path):
    with pytest.raises(DatasetError, match="not found"):
        load_presidio_synth(tmp_path / "nope.json")


def test_precision_by_score_bands():
    from redaction.evaluation import precision_by_score

    doc = _doc(GoldSpan(0, 10, "PERSON"))
    predicted = [
        Span(0, 10, "PERSON", score=0.95),  # right, high band
        Span(12, 20, "PERSON", score=0.4),  # wrong, low band
        Span(22, 32, "PERSON", score=0.45),  # wrong, low band
    ]
    bins = precision_by_score(
        [doc],
        [predicted],
        gold_groups=SYNTH_GROUPS,
        predicted_groups={},
        scored=("PERSON",),
        edges=(0.0, 0.5, 1.01),
    )
    assert [(b.predicted, b.correct) for b in bins] == [(2, 0), (1, 1)]
    assert bins[1].precision == 1.0 and bins[0].precision == 0.0
