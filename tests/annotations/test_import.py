"""import-annotations: matching documents, statuses from answers, idempotency, and one error
per malformed line (with its line number) while the good lines are still imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.importers import ImportFileError, import_annotations
from annotations.store import SpanStore

TEXT = "Dear John Smith, call ACME Ltd. today."


def _write(path: Path, *records: object) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _spans(store: SpanStore) -> list[tuple[int, int, str, str, str]]:
    return [(s.start, s.end, s.label, s.status, s.source) for s in store.spans()]


def test_prodigy_answers_become_statuses_and_a_new_document_is_created(
    tmp_path: Path, memory_store: SpanStore
) -> None:
    path = _write(
        tmp_path / "in.jsonl",
        {"text": TEXT, "spans": [{"start": 5, "end": 15, "label": "PERSON"}], "answer": "accept"},
        {"text": TEXT, "spans": [{"start": 22, "end": 30, "label": "ORG"}], "answer": "reject"},
    )
    report = import_annotations(memory_store, path, "prodigy", annotator="carol")
    assert report.ok and report.documents_created == 1 and report.spans_added == 2
    [doc] = memory_store.documents(with_text=True)
    assert doc.text == TEXT and doc.format == "txt" and doc.status == "done"
    assert doc.path.endswith("in.jsonl:1")  # no meta path: the file name and line
    # ORG is a detector entity name: stored under its label (alias) ORGANIZATION
    assert _spans(memory_store) == [
        (5, 15, "PERSON", "accepted", "imported"),
        (22, 30, "ORGANIZATION", "rejected", "imported"),
    ]
    assert {s.annotator for s in memory_store.spans()} == {"carol"}


def test_a_prodigy_task_without_an_answer_gives_suggestions_not_gold(
    tmp_path: Path, memory_store: SpanStore
) -> None:
    task = {"text": TEXT, "spans": [{"start": 5, "end": 15, "label": "PERSON"}]}  # no "answer"
    report = import_annotations(memory_store, _write(tmp_path / "in.jsonl", task), "prodigy")
    assert report.ok
    assert _spans(memory_store) == [(5, 15, "PERSON", "suggested", "imported")]
    assert [d.status for d in memory_store.documents()] == ["new"]  # not done: still to review


def test_existing_document_is_matched_by_text_and_its_suggestion_decided(
    tmp_path: Path, memory_store: SpanStore, make_document
) -> None:
    from redaction.spans import Span

    doc, _ = memory_store.add_document(
        make_document(TEXT), suggestions=[Span(5, 15, "PERSON", 0.8, "spacy")]
    )
    path = _write(
        tmp_path / "in.jsonl",
        {"text": TEXT, "label": [[5, 15, "PERSON"], [22, 31, "ORGANIZATION"]]},
    )
    report = import_annotations(memory_store, path, "doccano")
    assert (report.documents_created, report.documents_matched) == (0, 1)
    assert (report.spans_changed, report.spans_added) == (1, 1)
    assert _spans(memory_store) == [
        (5, 15, "PERSON", "accepted", "spacy"),
        (22, 31, "ORGANIZATION", "accepted", "imported"),
    ]
    assert len(memory_store.documents()) == 1


def test_importing_the_same_file_twice_adds_nothing(
    tmp_path: Path, memory_store: SpanStore
) -> None:
    path = _write(
        tmp_path / "in.jsonl",
        {"text": TEXT, "spans": [{"start": 5, "end": 15, "label": "PERSON"}]},
        {"text": "Another text by Mary.", "spans": []},
    )
    import_annotations(memory_store, path, "prodigy")
    before = (_spans(memory_store), [d.id for d in memory_store.documents()])
    again = import_annotations(memory_store, path, "prodigy")
    assert (again.documents_created, again.spans_added, again.spans_changed) == (0, 0, 0)
    assert again.spans_unchanged == 1
    assert (_spans(memory_store), [d.id for d in memory_store.documents()]) == before


BAD_LINES = [
    ("{not json", "bad JSON"),
    ('["a", "list"]', "expected a JSON object"),
    ({"spans": []}, "missing 'text'"),
    ({"text": TEXT, "spans": [{"start": 30, "end": 99, "label": "PERSON"}]}, "outside the text"),
    ({"text": TEXT, "spans": [{"start": -1, "end": 3, "label": "PERSON"}]}, "outside the text"),
    ({"text": TEXT, "spans": [{"start": 15, "end": 5, "label": "PERSON"}]}, "not before end"),
    ({"text": TEXT, "spans": [{"start": 5, "end": 5, "label": "PERSON"}]}, "not before end"),
    ({"text": TEXT, "spans": [{"start": 5, "end": 15, "label": "PET_NAME"}]}, "unknown label"),
    ({"text": TEXT, "spans": [{"start": "5", "end": 15, "label": "PERSON"}]}, "must be integers"),
    (
        {"text": TEXT, "spans": [{"start": 5, "end": 15, "label": "PERSON", "text": "Jane Doe"}]},
        "does not match",
    ),
    ({"text": TEXT, "spans": [], "answer": "maybe"}, "unknown answer"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_LINES)
def test_each_malformed_prodigy_line_is_reported_with_its_number(
    tmp_path: Path, memory_store: SpanStore, bad: object, message: str
) -> None:
    good = {"text": "Mary Jones", "spans": [{"start": 0, "end": 10, "label": "PERSON"}]}
    other = {"text": "Tom Hill", "spans": [{"start": 0, "end": 8, "label": "PERSON"}]}
    path = _write(tmp_path / "in.jsonl", good, bad, "", other)
    report = import_annotations(memory_store, path, "prodigy")
    [problem] = report.problems
    assert problem.line == 2 and message in problem.problem
    assert str(problem).startswith(f"{path}:2: ")
    assert sorted(s.text for s in memory_store.spans()) == ["Mary Jones", "Tom Hill"]
    assert report.records == 2 and not report.ok


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"text": TEXT, "label": [[5, 15]]}, "expected [start, end, label]"),
        ({"text": TEXT, "label": "PERSON"}, "must be a list"),
        ({"text": TEXT, "label": [[5, 99, "PERSON"]]}, "outside the text"),
        ({"text": TEXT, "label": [[5, 15, "NOPE"]]}, "unknown label"),
        ({"text": 42, "label": []}, "'text' must be a string"),
        ({"text": TEXT, "label": [[5, 15, "PERSON"]], "meta": {"span_status": ["x"]}}, "status"),
    ],
)
def test_each_malformed_doccano_line_is_reported(
    tmp_path: Path, memory_store: SpanStore, bad: object, message: str
) -> None:
    path = _write(tmp_path / "in.jsonl", bad, {"text": "Mary Jones", "label": [[0, 10, "PERSON"]]})
    report = import_annotations(memory_store, path, "doccano")
    [problem] = report.problems
    assert problem.line == 1 and message in problem.problem
    assert [s.text for s in memory_store.spans()] == ["Mary Jones"]


def test_doccano_entities_form_is_read(tmp_path: Path, memory_store: SpanStore) -> None:
    record = {"text": TEXT, "entities": [{"start_offset": 5, "end_offset": 15, "label": "PERSON"}]}
    import_annotations(memory_store, _write(tmp_path / "in.jsonl", record), "doccano")
    assert _spans(memory_store) == [(5, 15, "PERSON", "accepted", "imported")]


def test_unreadable_file_is_one_error(tmp_path: Path, memory_store: SpanStore) -> None:
    with pytest.raises(ImportFileError, match="file not found"):
        import_annotations(memory_store, tmp_path / "missing.jsonl", "prodigy")
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(ImportFileError, match="not UTF-8"):
        import_annotations(memory_store, binary, "doccano")


def test_a_badly_encoded_line_is_one_problem_and_the_good_lines_are_imported(
    tmp_path: Path, memory_store: SpanStore
) -> None:
    good = json.dumps({"text": "Good John Smith.", "label": [[5, 15, "PERSON"]]}).encode()
    latin = json.dumps({"text": "Zoë Smith", "label": [[0, 9, "PERSON"]]}, ensure_ascii=False)
    last = json.dumps({"text": "Tom Lee here", "label": [[0, 7, "PERSON"]]}).encode()
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + good + b"\r\n" + latin.encode("latin-1") + b"\n" + last)
    report = import_annotations(memory_store, path, "doccano")
    [problem] = report.problems
    assert problem.line == 2 and problem.problem.startswith("not UTF-8 text (")
    assert str(problem).startswith(f"{path}:2: not UTF-8 text")
    assert sorted(s.text for s in memory_store.spans()) == ["John Smith", "Tom Lee"]
    assert report.records == 2 and not report.ok


def test_a_file_with_no_utf8_line_at_all_is_one_error(
    tmp_path: Path, memory_store: SpanStore
) -> None:
    path = tmp_path / "latin.jsonl"
    line = json.dumps({"text": "Zoë", "label": []}, ensure_ascii=False).encode("latin-1")
    path.write_bytes(line + b"\n" + line + b"\n")
    with pytest.raises(ImportFileError, match=r"latin.jsonl: not UTF-8 text \("):
        import_annotations(memory_store, path, "doccano")
    assert memory_store.documents() == []


def test_foreign_meta_values_are_ignored_not_fatal(tmp_path: Path, memory_store: SpanStore) -> None:
    meta = {"path": 7, "status": "gold", "source": "x"}
    record = {"text": TEXT, "spans": [], "answer": "accept", "meta": meta}
    report = import_annotations(memory_store, _write(tmp_path / "in.jsonl", record), "prodigy")
    assert report.ok
    [doc] = memory_store.documents()
    assert doc.path.endswith("in.jsonl:1") and doc.status == "done"


def test_a_meta_path_taken_by_another_document_does_not_replace_it(
    tmp_path: Path, memory_store: SpanStore, make_document
) -> None:
    original, _ = memory_store.add_document(make_document("Original text of Anna Berg."))
    record = {"text": TEXT, "spans": [], "meta": {"path": original.path}}
    import_annotations(memory_store, _write(tmp_path / "in.jsonl", record), "prodigy")
    docs = {d.text: d for d in memory_store.documents(with_text=True)}
    assert set(docs) == {"Original text of Anna Berg.", TEXT}  # both current
    assert docs[TEXT].path.endswith("in.jsonl:1")
    assert docs["Original text of Anna Berg."].path == original.path
