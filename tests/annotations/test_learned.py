"""What a project learns from its decisions (#18): a text rejected for a label is not suggested
for it again unless stronger evidence appears, an accepted text is suggested wherever it
occurs later (with a higher score), and a lesson can be forgotten and taken back."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.cli import main
from annotations.learned import ACCEPTED_SCORE, LEARNED_SOURCE, Learned
from annotations.project import ImportOptions, import_documents
from annotations.store import SpanStore
from redaction.spans import Span

DECISIONS = [
    ("PERSON", "Team Lead", "rejected", "SpacyRecognizer", 0.85),
    ("PERSON", "TEAM LEAD", "rejected", "SpacyRecognizer", 0.6),
    ("ORGANIZATION", "Acme Ltd", "accepted", "OrgRecognizer", 0.7),
    ("ORGANIZATION", "Jaguar", "accepted", "manual", 1.0),
    ("ORGANIZATION", "Jaguar", "rejected", "SpacyRecognizer", 0.5),
    ("LOCATION", "Bath", "rejected", "SpacyRecognizer", 0.5),
]


def spans_of(text: str, found: list[tuple[str, str, str, float]]) -> list[Span]:
    return [
        Span(text.index(t), text.index(t) + len(t), label, score, source)
        for t, label, source, score in found
    ]


@pytest.mark.parametrize(
    ("text", "suggested", "kept"),
    [
        # Rejected for PERSON in any case: dropped.
        ("Team Lead, Acme Ltd", [("Team Lead", "PERSON", "SpacyRecognizer", 0.9)], []),
        ("team lead", [("team lead", "PERSON", "SpacyRecognizer", 0.4)], []),
        # Another recognizer with a higher score than any rejected one: stronger evidence.
        ("Team Lead", [("Team Lead", "PERSON", "PersonGazetteerRecognizer", 0.95)], ["Team Lead"]),
        ("Team Lead", [("Team Lead", "PERSON", "PersonGazetteerRecognizer", 0.8)], []),
        # Rejected for another label only: kept.
        ("Team Lead", [("Team Lead", "ORGANIZATION", "SpacyRecognizer", 0.9)], ["Team Lead"]),
        # Accepted and rejected: the context decides, nothing learned.
        ("Jaguar", [("Jaguar", "ORGANIZATION", "SpacyRecognizer", 0.5)], ["Jaguar"]),
        ("Bath", [("Bath", "LOCATION", "SpacyRecognizer", 0.9)], []),
    ],
)
def test_rejected_texts_are_not_suggested_again(
    text: str, suggested: list[tuple[str, str, str, float]], kept: list[str]
) -> None:
    learned = Learned.from_decisions(DECISIONS)
    out = learned.apply(text, spans_of(text, suggested))
    assert [text[s.start : s.end] for s in out if s.source != LEARNED_SOURCE] == kept


def test_accepted_texts_are_suggested_wherever_they_occur() -> None:
    learned = Learned.from_decisions(DECISIONS)
    text = "Engineer at Acme Ltd (ACME LTD), not acme ltd; Acme Ltdx; Acme Ltd again."
    detected = [
        Span(
            text.index("Acme Ltd again"),
            text.index("Acme Ltd again") + 8,
            "ORGANIZATION",
            0.5,
            "OrgRecognizer",
        )
    ]
    out = learned.apply(text, detected)
    found = [(text[s.start : s.end], s.source, s.score) for s in out]
    assert found == [
        ("Acme Ltd", LEARNED_SOURCE, ACCEPTED_SCORE),
        ("ACME LTD", LEARNED_SOURCE, ACCEPTED_SCORE),
        ("Acme Ltd", "OrgRecognizer", ACCEPTED_SCORE),  # boosted, not doubled
    ]


def test_a_forgotten_lesson_is_not_applied() -> None:
    learned = Learned.from_decisions(DECISIONS, forgotten=[("PERSON", "team lead")])
    text = "Team Lead"
    assert learned.apply(text, spans_of(text, [("Team Lead", "PERSON", "SpacyRecognizer", 0.9)]))


class Finder:
    """Suggests "Team Lead" as a person; finds "Acme Ltd" only in the first document."""

    def detect_batch(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        for text in texts:
            found = []
            if "Team Lead" in text:
                found.append(("Team Lead", "PERSON", "SpacyRecognizer", 0.85))
            if "Acme Ltd" in text and text.startswith("First"):
                found.append(("Acme Ltd", "ORGANIZATION", "OrgRecognizer", 0.7))
            yield spans_of(text, found)


def _import(store: SpanStore, path: Path, learn: bool = True) -> list[tuple[str, str, str]]:
    report = import_documents(
        [path], call=lambda fn: fn(store), detector=Finder, options=ImportOptions(learn=learn)
    )
    [record] = report.added
    return [(s.text, s.label, s.source) for s in store.spans(record.id)]


def test_a_project_learns_from_documents_marked_done(tmp_path: Path) -> None:
    texts = {
        "first.txt": "First CV\nTeam Lead at Acme Ltd\n",
        "second.txt": "Second CV\nTeam Lead, Acme Ltd, Leeds\n",
        "third.txt": "Third CV\nTeam Lead at Acme Ltd\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with SpanStore.open(tmp_path / "p.db", annotator="alice") as store:
        assert _import(store, tmp_path / "first.txt") == [
            ("Team Lead", "PERSON", "SpacyRecognizer"),
            ("Acme Ltd", "ORGANIZATION", "OrgRecognizer"),
        ]
        first = store.documents()[0]
        person, org = store.spans(first.id)
        store.reject(person.id)
        store.accept(org.id)
        # Nothing is learned from a document not marked done.
        assert Learned.from_store(store).lessons == {}
        store.set_status(first.id, "done")
        assert _import(store, tmp_path / "second.txt") == [
            ("Acme Ltd", "ORGANIZATION", LEARNED_SOURCE)
        ]
        # `redact learned --forget` takes a lesson back; --restore gives it again.
        store.set_forgotten("PERSON", "team lead")
        assert ("Team Lead", "PERSON", "SpacyRecognizer") in _import(store, tmp_path / "third.txt")
        store.set_forgotten("PERSON", "team lead", forgotten=False)
        assert Learned.from_store(store).active("rejected")


def test_redact_learned_lists_forgets_and_restores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "first.txt").write_text("First CV\nTeam Lead at Acme Ltd\n", encoding="utf-8")
    db = tmp_path / "p.db"
    with SpanStore.open(db, annotator="alice") as store:
        _import(store, tmp_path / "first.txt")
        record = store.documents()[0]
        person, org = store.spans(record.id)
        store.reject(person.id)
        store.accept(org.id)
        store.set_status(record.id, "done")
    assert main(["learned", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "not suggested again" in out and "Team Lead" in out
    assert "suggested wherever it occurs" in out and "Acme Ltd" in out
    assert main(["learned", "--db", str(db), "--forget", "PERSON:team lead"]) == 0
    with SpanStore.open(db) as store:
        assert store.forgotten_lessons() == {("PERSON", "team lead")}
    assert main(["learned", "--db", str(db), "--restore", "PERSON:Team Lead"]) == 0
    with SpanStore.open(db) as store:
        assert store.forgotten_lessons() == set()
    assert main(["learned", "--db", str(db), "--forget", "PERSON:nobody"]) == 2
    assert "no lesson" in capsys.readouterr().err


def test_a_text_rejected_in_one_context_is_still_suggested_in_another() -> None:
    decided = [
        ("ORGANIZATION", "SAP", "rejected", "SpacyRecognizer", 0.6, "Skills: Java, ", ", ABAP\n"),
        ("ORGANIZATION", "SAP", "rejected", "SpacyRecognizer", 0.6, "Tools\n", "\nSQL"),
    ]
    learned = Learned.from_decisions(decided)
    cases = {
        "Skills: Java, SAP and Excel": [],  # after "java", as rejected
        "Languages: Python, SAP, ABAP": [],  # before "abap": as rejected
        "Tools\nSAP\n": [],  # alone on its line, as rejected
        "Consultant at SAP Labs, Bangalore": ["SAP"],  # neither word seen beside a rejection
    }
    for text, kept in cases.items():
        found = spans_of(text, [("SAP", "ORGANIZATION", "SpacyRecognizer", 0.6)])
        out = learned.apply(text, found)
        assert [text[s.start : s.end] for s in out] == kept, text


def test_a_text_always_relabelled_is_suggested_with_the_annotators_label() -> None:
    decisions = [
        ("ORGANIZATION", "Kestrel Systems", "accepted", "SpacyRecognizer", 0.5),  # relabelled
        ("ORGANIZATION", "Fenwick", "accepted", "manual", 1.0),
        ("PERSON", "Fenwick", "accepted", "manual", 1.0),  # one under each: the context decides
    ]
    learned = Learned.from_decisions(decisions)
    text = "Kestrel Systems, Leeds; Fenwick"
    suggested = spans_of(
        text,
        [("Kestrel Systems", "LOCATION", "SpacyRecognizer", 0.5),
         ("Fenwick", "LOCATION", "SpacyRecognizer", 0.5)],
    )  # fmt: skip
    out = {text[s.start : s.end]: (s.label, s.score) for s in learned.apply(text, suggested)}
    assert out == {
        "Kestrel Systems": ("ORGANIZATION", ACCEPTED_SCORE),
        "Fenwick": ("LOCATION", 0.5),
    }
