"""Token-level scores (presidio-research style), the cross-check on the span rule."""

from __future__ import annotations

import pytest

from redaction.evaluation import GoldDoc, GoldSpan
from redaction.spans import Span
from redaction.token_evaluation import token_precision, token_scores

GROUPS = {"PERSON": "PERSON", "GPE": "LOCATION", "LOCATION": "LOCATION"}
SCORED = ("PERSON", "LOCATION")


def score(text: str, gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]):
    doc = GoldDoc("d", text, tuple(GoldSpan(*g) for g in gold))
    spans = [Span(s, e, label, 0.9, "test") for s, e, label in pred]
    return token_scores([doc], [spans], gold_groups=GROUPS, predicted_groups=GROUPS, scored=SCORED)


TEXT = "Ada Lovelace moved to New York."


@pytest.mark.parametrize(
    ("pred", "tp", "fp", "fn"),
    [
        ([(0, 12, "PERSON"), (22, 30, "LOCATION")], 4, 0, 0),  # exact
        ([(4, 12, "PERSON"), (22, 30, "GPE")], 3, 0, 1),  # half a name: partial credit
        ([(0, 12, "LOCATION")], 0, 2, 4),  # wrong group: both a miss and a false alarm
        ([(0, 21, "PERSON")], 2, 2, 2),  # too long: "moved to" are false positives
        ([], 0, 0, 4),
    ],
)
def test_tokens_get_partial_credit(pred, tp, fp, fn):
    report = score(TEXT, [(0, 12, "PERSON"), (22, 30, "GPE")], pred)
    overall = report.overall
    assert (overall.tp, overall.fp, overall.fn) == (tp, fp, fn)


def test_unscored_groups_and_punctuation_do_not_count():
    report = score(
        "Call 555-0100, Ada.", [(15, 18, "PERSON")], [(5, 13, "PHONE"), (15, 19, "PERSON")]
    )
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 0, 0)
    assert report.per_label["PERSON"].f2 == 1.0


def test_document_and_prediction_counts_must_agree():
    with pytest.raises(ValueError, match="prediction lists"):
        token_scores([], [[]], gold_groups=GROUPS, predicted_groups=GROUPS, scored=SCORED)


def test_token_precision_ignores_neutral_mentions_and_other_labels():
    text = "From: Ada Lovelace\nSent: Monday\nEveryone at Acme thanks you."
    gold = (GoldSpan(6, 18, "PERSON"), GoldSpan(44, 48, "ORG"))
    neutral = (GoldSpan(32, 40, "D"),)  # "Everyone"
    doc = GoldDoc("d", text, gold, neutral)
    pred = [
        Span(6, 18, "PERSON", 0.9, "t"),  # 2 right tokens
        Span(19, 23, "PERSON", 0.9, "t"),  # "Sent": wrong
        Span(32, 40, "PERSON", 0.9, "t"),  # neutral: not counted
        Span(44, 48, "ORGANIZATION", 0.9, "t"),  # right
        Span(25, 31, "DATE_TIME", 0.9, "t"),  # not a scored label
    ]
    right, counted, wrong = token_precision(
        [doc], [pred], labels={"PERSON", "ORGANIZATION", "LOCATION"}
    )
    assert (right, counted) == (3, 4)
    assert wrong == [("d", "Sent")]
