"""`redact evaluate`: gold from a database or a file, scores per label, misses, JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from annotations.cli import main
from annotations.evaluate import (
    GoldData,
    GoldDataError,
    evaluate,
    format_table,
    load_gold_file,
    load_gold_store,
    score,
)
from annotations.store import SpanStore
from redaction.evaluation import GoldDoc, GoldSpan
from redaction.spans import Span
from tests.annotations.learning_data import synthetic_cvs, trained_model_dir

LABELS = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "URL", "LOCATION", "ORGANIZATION"]


@pytest.fixture(scope="module")
def gold() -> GoldData:
    return GoldData(synthetic_cvs(5), LABELS, {"kind": "test"})


def perfect(docs: Sequence[GoldDoc]) -> list[list[Span]]:
    return [[Span(s.start, s.end, s.label) for s in doc.spans] for doc in docs]


def test_a_perfect_detector_scores_one(gold: GoldData) -> None:
    report = evaluate(gold, lambda texts: perfect(gold.docs), detector="perfect")
    for scores in [*report.per_label.values(), report.overall]:
        assert scores.precision == scores.recall == scores.f1 == scores.f2 == 1.0
        assert scores.strict_recall == 1.0
    assert set(report.per_label) == set(LABELS)
    assert report.overall.strict_total == sum(len(d.spans) for d in gold.docs)
    assert report.misses == report.false_positives == report.unmatched_gold == []


def test_an_empty_detector_scores_zero(gold: GoldData) -> None:
    report = evaluate(gold, lambda texts: [[] for _ in texts], detector="nothing")
    for scores in [*report.per_label.values(), report.overall]:
        assert scores.precision == scores.recall == scores.f1 == scores.f2 == 0.0
        assert scores.strict_recall == 0.0
    assert len(report.misses) == report.overall.strict_total
    assert report.false_positives == []


def test_detector_entity_names_count_under_our_labels() -> None:
    text = "Ann Lee joined Acme Corp in Leeds."
    spans = (
        GoldSpan(0, 7, "PERSON"),
        GoldSpan(15, 24, "ORGANIZATION"),
        GoldSpan(28, 33, "LOCATION"),
    )
    gold = GoldData([GoldDoc("a.txt", text, spans)], ["PERSON", "ORGANIZATION", "LOCATION"], {})
    predicted = [[Span(0, 7, "PERSON"), Span(15, 24, "ORG"), Span(28, 33, "GPE")]]
    report = score(gold, predicted)
    assert report.overall.precision == report.overall.recall == 1.0


def test_a_partly_covered_name_is_a_leak_and_a_span_error() -> None:
    text = "Written by Ann Marie Lee."
    gold = GoldData([GoldDoc("a.txt", text, (GoldSpan(11, 24, "PERSON"),))], ["PERSON"], {})
    report = score(gold, [[Span(11, 20, "PERSON")]])  # "Ann Marie": the surname stays
    assert report.overall.strict_recall == 0.0
    (miss,) = report.misses
    assert (miss.doc, miss.start, miss.end, miss.label, miss.text) == (
        "a.txt",
        11,
        24,
        "PERSON",
        "Ann Marie Lee",
    )
    assert [(i.start, i.end) for i in report.false_positives] == [(11, 20)]


def test_labels_restrict_the_evaluation(tmp_path: Path) -> None:
    data = _prodigy(tmp_path / "gold.jsonl", synthetic_cvs(3))
    gold = load_gold_file(data, "prodigy", labels=["PERSON"])
    assert gold.labels == ["PERSON"]
    assert {s.label for d in gold.docs for s in d.spans} == {"PERSON"}
    report = evaluate(gold, lambda texts: perfect(load_gold_file(data, "prodigy").docs))
    assert list(report.per_label) == ["PERSON"]
    assert report.overall.recall == 1.0


def test_the_report_as_table_and_json(gold: GoldData) -> None:
    half = [spans[::2] for spans in perfect(gold.docs)]
    report = evaluate(gold, lambda texts: half, detector="half")
    table = format_table(report, examples=2)
    assert "detector: half" in table and "overall" in table and "misses (" in table
    data = json.loads(json.dumps(report.to_dict()))
    assert 0.0 < data["overall"]["strict_recall"] < 1.0
    assert data["overall"]["precision"] == 1.0
    assert data["misses"][0].keys() == {"doc", "start", "end", "label", "text"}
    assert len(data["misses"]) == data["overall"]["strict_total"] - data["overall"]["strict_caught"]


# -- gold sources ------------------------------------------------------------------------------


def test_gold_from_a_database_is_the_accepted_spans_of_done_documents(
    store: SpanStore, db_path: Path, make_document
) -> None:  # type: ignore[no-untyped-def]
    text = "Ann Lee lives in Leeds and works for Acme."
    done, _ = store.add_document(
        make_document(text, "done.txt"),
        suggestions=[Span(0, 7, "PERSON", 0.9), Span(17, 22, "LOCATION", 0.8)],
    )
    open_doc, _ = store.add_document(
        make_document("Bob Smith", "open.txt"), suggestions=[Span(0, 9, "PERSON", 0.9)]
    )
    person, location = store.spans(done.id)
    store.accept(person.id)
    store.reject(location.id)
    store.create_span(done.id, 37, 41, "ORGANIZATION")
    store.set_status(done.id, "done")
    store.accept_all(open_doc.id)
    gold = load_gold_store(db_path)
    (doc,) = gold.docs
    assert doc.text == text
    assert [(s.start, s.end, s.label) for s in doc.spans] == [
        (0, 7, "PERSON"),
        (37, 41, "ORGANIZATION"),
    ]
    assert gold.source["kind"] == "database" and len(gold.source["sha256"]) == 64


def test_a_database_with_nothing_done_is_an_error(store: SpanStore, db_path: Path) -> None:
    with pytest.raises(GoldDataError, match="no documents marked done"):
        load_gold_store(db_path)
    with pytest.raises(GoldDataError, match="database not found"):
        load_gold_store(db_path.with_name("other.db"))
    assert not db_path.with_name("other.db").exists()


def test_resumes_labels_map_to_ours(tmp_path: Path) -> None:
    text = "Ravi Kumar\nindeed.com/r/Ravi-Kumar/abc ravi@example.in\nPune\nInfosys\nIIT Delhi"
    gold = [
        [0, 10, "Name"],
        [11, 38, "Email Address"],
        [39, 54, "Email Address"],
        [55, 59, "Location"],
        [60, 67, "Companies worked at"],
        [68, 77, "College Name"],
    ]
    path = tmp_path / "resumes.jsonl"
    path.write_text(json.dumps({"name": "r-1", "text": text, "gold": gold}) + "\n")
    data = load_gold_file(path, "resumes")
    assert [(s.label, data.docs[0].span_text(s)) for s in data.docs[0].spans] == [
        ("PERSON", "Ravi Kumar"),
        ("URL", "indeed.com/r/Ravi-Kumar/abc"),
        ("EMAIL_ADDRESS", "ravi@example.in"),
        ("LOCATION", "Pune"),
        ("ORGANIZATION", "Infosys"),
        ("ORGANIZATION", "IIT Delhi"),
    ]
    assert data.source["format"] == "resumes" and len(data.source["sha256"]) == 64

    path.write_text(json.dumps({"name": "r-1", "text": text, "gold": [[0, 4, "Skills"]]}) + "\n")
    with pytest.raises(GoldDataError, match="r-1: unknown resumes label 'Skills'"):
        load_gold_file(path, "resumes")


def _prodigy(path: Path, docs: list[GoldDoc], extra: Sequence[str] = ()) -> Path:
    lines = [
        json.dumps(
            {
                "text": doc.text,
                "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in doc.spans],
                "answer": "accept",
            }
        )
        for doc in docs
    ]
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return path


def test_prodigy_gold_keeps_accepted_answers_and_reports_bad_lines(tmp_path: Path) -> None:
    docs = synthetic_cvs(2)
    rejected = json.dumps(
        {"text": "Bob", "spans": [{"start": 0, "end": 3, "label": "PERSON"}], "answer": "reject"}
    )
    path = _prodigy(tmp_path / "p.jsonl", docs, [rejected, "{not json"])
    gold = load_gold_file(path, "prodigy")
    assert [len(d.spans) for d in gold.docs] == [len(docs[0].spans), len(docs[1].spans), 0]
    assert gold.warnings and gold.warnings[0].startswith(f"{path}:4: ")


def test_doccano_gold(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": "Ann Lee", "label": [[0, 7, "PERSON"]]}) + "\n")
    gold = load_gold_file(path, "doccano")
    assert [(s.start, s.end, s.label) for s in gold.docs[0].spans] == [(0, 7, "PERSON")]


# -- command line ------------------------------------------------------------------------------


def test_redact_evaluate_a_trained_model_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _prodigy(tmp_path / "gold.jsonl", synthetic_cvs(4, seed=77))
    code = main(
        ["evaluate", "--data", str(data), "--format", "prodigy", "--json",
         "--detector", str(trained_model_dir())]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    report = json.loads(captured.out)
    assert report["documents"] == 4
    assert report["overall"]["strict_recall"] >= 0.5
    assert set(report["per_label"]) <= set(LABELS)

    assert main(["evaluate", "--data", str(data), "--format", "prodigy",
                 "--detector", str(trained_model_dir())]) == 0  # fmt: skip
    table = capsys.readouterr().out
    assert table.splitlines()[1].split()[:3] == ["label", "P", "R"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--detector", "{tmp}"], "not a spaCy pipeline"),
        (["--detector", "{tmp}/nothing"], "model directory not found"),
        (["--labels", "NOPE"], "--labels: unknown label NOPE"),
    ],
)
def test_bad_evaluation_input_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    data = _prodigy(tmp_path / "gold.jsonl", synthetic_cvs(1))
    argv = ["evaluate", "--data", str(data), *[a.format(tmp=tmp_path) for a in args]]
    if "--format" not in argv:
        argv += ["--format", "prodigy"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("redact: error: ") and message in err
    assert err.count("\n") == 1


def test_evaluating_a_project_with_nothing_done_says_what_to_do(tmp_path: Path, capsys) -> None:
    """`redact evaluate --db` and the app's Model menu read the gold through one function and
    say the same."""
    from annotations.project.learning import NoGoldError, project_gold

    db = tmp_path / "fresh.db"
    SpanStore.open(db).close()
    assert main(["evaluate", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "fresh.db: no document is marked done yet" in err and "mark them done" in err
    with pytest.raises(NoGoldError) as raised:
        project_gold(db)
    assert str(raised.value) in err
