"""The exchange commands end to end: export, import-annotations, agreement, merge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.cli import main
from annotations.store import SpanStore
from tests.annotations.exchange_data import SHARED, add, annotator_a, annotator_b


@pytest.fixture
def db_a(tmp_path: Path) -> Path:
    path = tmp_path / "alice.db"
    with annotator_a(path) as store:
        add(store, "email.txt", "Write to annajberg@example.com", [(9, 13, "PERSON", "accepted")])
        add(store, "draft.txt", "Ola Nordmann", [(0, 12, "PERSON", "accepted")], "in_progress")
    return path


@pytest.fixture
def db_b(tmp_path: Path) -> Path:
    path = tmp_path / "bob.db"
    annotator_b(path).close()
    return path


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "spacy", "conll"])
def test_export_writes_the_file_and_reports_misaligned_spans(
    fmt: str, db_a: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / f"train.{fmt}"
    assert main(["export", "--db", str(db_a), "--format", fmt, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert out.is_file() and out.stat().st_size > 0
    # Prodigy writes no task for email.txt: its one accepted span is left out, and an empty
    # "accept" task would claim the document holds no PII
    written = 3 if fmt == "prodigy" else 4
    assert f"exported {written} documents" in captured.out and "1 misaligned" in captured.out
    assert "redact: warning:" in captured.err and "'anna'" in captured.err


def test_export_filters_by_label_and_status(db_a: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "train.jsonl"
    argv = ["export", "--db", str(db_a), "--format", "doccano", "--out", str(out)]
    assert main([*argv, "--labels", "LOCATION", "--status", "accepted,rejected"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {tuple(label) for r in rows for label in r["label"]} == {
        (27, 31, "LOCATION"),
        (20, 25, "LOCATION"),
    }
    assert main([*argv, "--include-unfinished"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5  # the draft too


def test_export_leaves_out_skipped_documents_unless_asked(tmp_path: Path, capsys) -> None:
    db = tmp_path / "skip.db"
    with SpanStore.open(db, annotator="alice") as store:
        add(store, "skipped.txt", "Ola Nordmann", [(0, 12, "PERSON", "accepted")], "skipped")
        add(store, "open.txt", "Mary Jones", [], "in_progress")
    out = tmp_path / "out.jsonl"
    argv = ["export", "--db", str(db), "--format", "prodigy", "--out", str(out)]
    assert main([*argv, "--include-unfinished"]) == 1  # no "accept" task without any decision
    assert not out.exists()  # no empty file that looks like an export
    captured = capsys.readouterr()
    assert f"exported nothing; {out} not written" in captured.out
    assert captured.err.endswith(
        "no documents marked done; nothing exported; 1 unfinished without accepted spans, "
        "1 skipped (use --include-skipped)\n"
    )
    assert main([*argv, "--include-unfinished", "--include-skipped"]) == 0
    [task] = [json.loads(line) for line in out.read_text().splitlines()]
    assert task["meta"]["status"] == "skipped" and task["answer"] == "accept"
    assert [s["label"] for s in task["spans"]] == ["PERSON"]


def test_an_empty_export_says_why_on_stderr(tmp_path: Path, capsys) -> None:
    db = tmp_path / "open.db"
    with SpanStore.open(db, annotator="alice") as store:
        add(store, "a.txt", "Mary Jones", [(0, 10, "PERSON", "accepted")], "in_progress")
        add(store, "b.txt", "Tom Hill", [], "skipped")
    out = tmp_path / "out.jsonl"
    argv = ["export", "--db", str(db), "--format", "doccano", "--out", str(out)]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"redact: warning: {db}: no documents marked done; nothing exported; "
        "1 unfinished (use --include-unfinished), 1 skipped (use --include-skipped)\n"
    )
    assert f"exported nothing; {out} not written" in captured.out
    assert not out.exists()
    assert main([*argv, "--include-unfinished"]) == 0
    assert capsys.readouterr().err == ""


def test_export_of_an_empty_database_says_so(tmp_path: Path, capsys) -> None:
    db = tmp_path / "empty.db"
    SpanStore.open(db).close()
    argv = ["export", "--db", str(db), "--format", "conll", "--out", str(tmp_path / "o.conll")]
    assert main(argv) == 1
    assert "no documents in the project" in capsys.readouterr().err
    assert not (tmp_path / "o.conll").exists()


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "spacy", "conll"])
def test_an_empty_export_leaves_an_earlier_file_as_it_was(fmt: str, tmp_path: Path) -> None:
    db = tmp_path / "open.db"
    with SpanStore.open(db, annotator="alice") as store:
        add(store, "a.txt", "Mary Jones", [(0, 10, "PERSON", "accepted")], "in_progress")
    out = tmp_path / "train.out"
    out.write_bytes(b"last week's export")
    assert main(["export", "--db", str(db), "--format", fmt, "--out", str(out)]) == 1
    assert out.read_bytes() == b"last week's export"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--status", "maybe"], "unknown span status"),
        (["--labels", "PET"], "unknown label 'PET'"),
    ],
)
def test_export_bad_options_are_one_line_errors(
    extra: list[str], message: str, db_a: Path, tmp_path: Path, capsys
) -> None:
    argv = ["export", "--db", str(db_a), "--format", "prodigy", "--out", str(tmp_path / "x")]
    assert main([*argv, *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("redact: error:") and message in err and "Traceback" not in err


def test_export_never_writes_over_the_database(db_a: Path, capsys) -> None:
    before = db_a.read_bytes()
    assert main(["export", "--db", str(db_a), "--format", "doccano", "--out", str(db_a)]) == 2
    assert "database itself" in capsys.readouterr().err
    assert db_a.read_bytes() == before


def test_export_from_a_missing_database_creates_nothing(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "none.db"
    argv = ["export", "--db", str(missing), "--format", "conll", "--out", str(tmp_path / "x")]
    assert main(argv) == 2
    assert "no such database" in capsys.readouterr().err
    assert not missing.exists()


def test_import_annotations_reports_bad_lines_and_keeps_good_ones(tmp_path: Path, capsys) -> None:
    data = tmp_path / "labelled.jsonl"
    data.write_text(
        json.dumps(
            {
                "text": "Mary Jones",
                "spans": [{"start": 0, "end": 10, "label": "PERSON"}],
                "answer": "accept",
            }
        )
        + "\n{broken\n"
        + json.dumps({"text": "Tom", "spans": [{"start": 0, "end": 9, "label": "PERSON"}]})
        + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "new.db"
    argv = ["import-annotations", str(data), "--format", "prodigy", "--db", str(db)]
    assert main([*argv, "--annotator", "carol"]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"redact: error: {data}:2: bad JSON: Expecting property name enclosed in double quotes at column 2",
        f"redact: error: {data}:3: span #1: offsets 0-9 are outside the text (length 3)",
    ]
    assert "1 new documents" in captured.out
    with SpanStore.open(db) as store:
        assert [(s.text, s.status, s.annotator) for s in store.spans()] == [
            ("Mary Jones", "accepted", "carol")
        ]


@pytest.mark.parametrize("content", ["", "\n  \n"])
def test_import_annotations_of_an_empty_file_warns_and_exits_1(
    content: str, tmp_path: Path, capsys
) -> None:
    data = tmp_path / "empty.jsonl"
    data.write_text(content, encoding="utf-8")
    argv = ["import-annotations", str(data), "--format", "doccano", "--db", str(tmp_path / "e.db")]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.err == f"redact: warning: {data}: no records (the file is empty)\n"
    assert "0 records" in captured.out


def test_export_then_import_annotations_round_trip(db_a: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "train.jsonl"
    argv = ["export", "--db", str(db_a), "--format", "prodigy", "--out", str(out)]
    assert main([*argv, "--status", "accepted,rejected", "--include-unfinished"]) == 0
    copy = tmp_path / "copy.db"
    assert main(["import-annotations", str(out), "--format", "prodigy", "--db", str(copy)]) == 0
    with SpanStore.open(db_a) as a, SpanStore.open(copy) as b:

        def aligned(store: SpanStore) -> set[tuple[str, int, int, str, str]]:
            texts = {d.id: d.text for d in store.documents(with_text=True)}
            return {
                (texts[s.document_id], s.start, s.end, s.label, s.status)
                for s in store.spans()
                if s.text != "anna"  # misaligned: left out of the token-based export
            }

        assert aligned(b) == aligned(a)


def test_agreement_table_and_json(db_a: Path, db_b: Path, capsys) -> None:
    assert main(["agreement", str(db_a), str(db_b)]) == 0
    table = capsys.readouterr().out
    assert "token-level Cohen's kappa: 0.600" in table and "overall" in table
    assert main(["agreement", str(db_a), str(db_b), "--json", "--label", "PERSON"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["labels"]) == {"PERSON"} and data["documents"] == 1
    assert data["overall"]["exact_matches"] == 1


def test_merge_command_refuses_to_overwrite(db_a: Path, db_b: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "merged.db"
    assert main(["merge", str(db_a), str(db_b), "--out", str(out)]) == 0
    assert "merged into" in capsys.readouterr().out
    assert main(["merge", str(db_a), str(db_b), "--out", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert main(["merge", str(db_a), str(db_b), "--out", str(out), "--overwrite"]) == 0
    with SpanStore.open(out) as merged:
        assert SHARED in {d.text for d in merged.documents(with_text=True)}


def test_help_of_every_exchange_command(capsys) -> None:
    for command in ("export", "import-annotations", "agreement", "merge"):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
    assert "adjudicate" in capsys.readouterr().out
