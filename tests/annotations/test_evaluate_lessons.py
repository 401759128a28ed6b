"""`redact evaluate --db` and the app's Evaluate apply the project's lessons the way an import
would, each document getting only the lessons of the *other* documents done (#18)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotations.cli import main
from annotations.project.learning import project_gold, score_with_lessons
from annotations.store import SpanStore
from redaction.spans import Span

TEXTS = {
    "a.txt": "Ann Lee drives. She is our Team Lead at the depot.\n",
    "b.txt": "Bo Chan drives. He is our Team Lead at the night shift.\n",
    "c.txt": "Cy Dunn drives for the night shift.\n",
}
NAMES = re.compile(r"Ann Lee|Bo Chan|Cy Dunn|Team Lead")


def _predict(texts):  # type: ignore[no-untyped-def]
    return [
        [Span(m.start(), m.end(), "PERSON", 0.6, "fake") for m in NAMES.finditer(t)] for t in texts
    ]


def _project(db: Path, make_document, rejected_in: set[str]) -> Path:  # type: ignore[no-untyped-def]
    with SpanStore.open(db, annotator="alice") as store:
        for name, text in TEXTS.items():
            record, _ = store.add_document(make_document(text, name), _predict([text])[0])
            for span in store.spans(record.id):
                if span.text == "Team Lead" and name in rejected_in:
                    store.reject(span.id)
                else:
                    store.accept(span.id)
            store.set_status(record.id, "done")
    return db


def _false_positives(report) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(Path(fp.doc).name for fp in report.false_positives)


def test_a_text_rejected_elsewhere_is_not_suggested_in_the_evaluation(
    tmp_path: Path, make_document
) -> None:  # type: ignore[no-untyped-def]
    db = _project(tmp_path / "p.db", make_document, {"a.txt", "b.txt"})
    gold = project_gold(db)
    report = score_with_lessons(db, gold, _predict, name="fake")
    assert _false_positives(report) == []  # a learns from b, b from a
    assert report.detector == "fake + lessons of the other documents"


def test_a_document_is_never_graded_with_its_own_lessons(tmp_path: Path, make_document) -> None:  # type: ignore[no-untyped-def]
    db = _project(tmp_path / "p.db", make_document, {"a.txt"})
    # b accepted "Team Lead": the only rejection is a's own, which must not help a
    report = score_with_lessons(db, project_gold(db), _predict, name="fake")
    assert _false_positives(report) == ["a.txt"]


def test_redact_evaluate_db_says_which_it_scored(
    tmp_path: Path, make_document, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    db = _project(tmp_path / "p.db", make_document, {"a.txt", "b.txt"})
    assert main(["evaluate", "--db", str(db), "--json"]) == 0
    with_lessons = json.loads(capsys.readouterr().out)
    assert with_lessons["detector"].endswith("+ lessons of the other documents")
    assert main(["evaluate", "--db", str(db), "--json", "--no-learned"]) == 0
    alone = json.loads(capsys.readouterr().out)
    assert "lessons" not in alone["detector"]
