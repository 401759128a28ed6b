"""Agreement numbers on a hand-made pair of annotators (kappa worked out by hand below)."""

from __future__ import annotations

from collections import Counter

import pytest

from annotations.agreement import cohen_kappa, compare_stores, format_table
from tests.annotations.exchange_data import SHARED, annotator_a, annotator_b


@pytest.fixture
def pair():
    a, b = annotator_a(":memory:"), annotator_b(":memory:")
    yield a, b
    a.close()
    b.close()


def test_tokens_of_the_shared_text() -> None:
    assert SHARED.split() == ["Anna", "Berg", "met", "Carl", "Dahl", "in", "Oslo", "today"]


def test_span_scores_kappa_and_disagreements(pair) -> None:
    report = compare_stores(*pair)
    # only the document done in both is compared
    assert (report.documents, report.only_a, report.only_b, report.unfinished) == (1, 1, 1, 1)
    # A: {Anna Berg, Carl Dahl, Oslo/LOC}; B: {Anna Berg, Carl, Oslo/ORG}: one exact match
    overall = report.overall
    assert (overall.a_total, overall.b_total, overall.true_positives) == (3, 3, 1)
    assert overall.precision == pytest.approx(1 / 3) and overall.recall == pytest.approx(1 / 3)
    assert overall.f1 == pytest.approx(1 / 3)
    # overlap: "Carl" overlaps "Carl Dahl" (same label); Oslo differs in label
    assert overall.overlap_precision == pytest.approx(2 / 3)
    assert overall.overlap_recall == pytest.approx(2 / 3)
    person = report.per_label["PERSON"]
    assert (person.precision, person.recall, person.overlap_f1) == (0.5, 0.5, 1.0)
    assert report.per_label["LOCATION"].recall == 0.0
    assert report.per_label["LOCATION"].precision is None  # B has no LOCATION at all
    assert report.per_label["ORGANIZATION"].precision == 0.0

    # Token labels (8 tokens):  Anna Berg met Carl Dahl in Oslo today
    #   A: PER PER O PER PER O LOC O      B: PER PER O PER O O ORG O
    # observed = 6/8; A counts PER 4, O 3, LOC 1; B counts PER 3, O 4, ORG 1
    # expected = (4*3 + 3*4) / 64 = 0.375; kappa = (0.75 - 0.375) / (1 - 0.375) = 0.6
    assert report.tokens == 8
    assert report.observed_agreement == pytest.approx(0.75)
    assert report.kappa == pytest.approx(0.6)

    rows = [(d.start, d.end, d.text, d.a, d.b) for d in report.disagreements]
    assert rows == [
        (14, 18, "Carl", (), (("PERSON", "accepted"),)),
        (14, 23, "Carl Dahl", (("PERSON", "accepted"),), (("PERSON", "rejected"),)),
        (27, 31, "Oslo", (("LOCATION", "accepted"),), (("ORGANIZATION", "accepted"),)),
    ]
    assert all(d.document == "/data/shared.txt" for d in report.disagreements)


def test_label_filter_and_unfinished_documents(pair) -> None:
    person = compare_stores(*pair, labels=["PERSON"])
    assert (person.overall.a_total, person.overall.b_total, person.overall.true_positives) == (
        2,
        2,
        1,
    )
    assert set(person.per_label) == {"PERSON"}
    everything = compare_stores(*pair, include_unfinished=True)
    assert everything.documents == 2
    # "Eva Lund" (A) against "Eva" (B): no exact match, but they overlap
    assert everything.overall.true_positives == 1 and everything.overall.overlap_a_matched == 3


def test_table_and_json_views(pair) -> None:
    report = compare_stores(*pair)
    table = format_table(report)
    assert "Cohen's kappa: 0.600" in table
    assert "not done in both: 1, left out unless unfinished ones are included" in table
    assert "'Oslo': A LOCATION/accepted | B ORGANIZATION/accepted" in table
    data = report.as_dict()
    assert data["token_kappa"] == pytest.approx(0.6)
    assert data["labels"]["PERSON"]["exact_matches"] == 1
    assert len(data["disagreements"]) == 3


def test_kappa_edge_cases() -> None:
    assert cohen_kappa(Counter()) == (None, None)
    # everything "O" on both sides: perfect agreement, not a division by zero
    assert cohen_kappa(Counter({("O", "O"): 5})) == (1.0, 1.0)
    # systematic disagreement is below chance
    observed, kappa = cohen_kappa(Counter({("A", "B"): 5, ("B", "A"): 5}))
    assert observed == 0.0 and kappa == pytest.approx(-1.0)
