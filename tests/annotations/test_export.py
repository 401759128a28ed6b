"""Exporters over plain records: the shape of each format, alignment repairs and reports,
filters, spaCy validation of what was written, and atomic writing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.exporters import (
    AnnotatedDocument,
    AnnotatedSpan,
    ExportError,
    export_conll,
    export_doccano,
    export_prodigy,
    export_spacy,
)
from annotations.exporters.alignment import TokenizedText, english_tokenizer

english_tokenizer()  # load spaCy once, outside hypothesis' timing and strategies

TEXT = "Dear John Smith,\nplease call ACME Ltd. on 0161 496 0000.\n\nJo-Anne"


def _doc(
    *spans: AnnotatedSpan, status: str = "done", text: str = TEXT, id: int = 1
) -> AnnotatedDocument:
    return AnnotatedDocument(id, text, f"/data/doc{id}.txt", f"sha{id}", status, "alice", spans)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_offsets_in_the_example_text() -> None:
    assert TEXT[5:15] == "John Smith"
    assert TEXT[29:38] == "ACME Ltd."
    assert TEXT[42:55] == "0161 496 0000"
    assert TEXT[58:60] == "Jo"


def test_prodigy_lines_carry_tokens_spans_answer_meta_and_hashes(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    doc = _doc(AnnotatedSpan(5, 15, "PERSON"), AnnotatedSpan(42, 55, "PHONE_NUMBER"))
    report = export_prodigy([doc], out)
    [task] = _lines(out)
    assert task["text"] == TEXT and task["answer"] == "accept"
    tokens = task["tokens"]
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    for t in tokens:
        assert TEXT[t["start"] : t["end"]] == t["text"]
        assert t["ws"] == (TEXT[t["end"] : t["end"] + 1] == " ")
    person, phone = task["spans"]
    assert person == {"start": 5, "end": 15, "token_start": 1, "token_end": 2, "label": "PERSON"}
    # token_end is inclusive, as Prodigy has it
    assert tokens[phone["token_start"]]["start"] == 42 and tokens[phone["token_end"]]["end"] == 55
    # No source path by default: file names often are the person's name.
    assert task["meta"] == {
        "document_id": 1, "path": "doc-sha1.txt", "sha256": "sha1", "annotator": "alice",
        "status": "done",
    }  # fmt: skip
    export_prodigy([doc], tmp_path / "paths.jsonl", with_paths=True)
    assert _lines(tmp_path / "paths.jsonl")[0]["meta"]["path"] == "/data/doc1.txt"
    assert isinstance(task["_input_hash"], int) and isinstance(task["_task_hash"], int)
    assert report.documents == 1 and report.spans == 2 and not report.issues
    # hashes are stable across runs (not Python's salted hash)
    export_prodigy([doc], tmp_path / "again.jsonl")
    [again] = _lines(tmp_path / "again.jsonl")
    assert (again["_input_hash"], again["_task_hash"]) == (task["_input_hash"], task["_task_hash"])


def test_prodigy_writes_rejected_and_suggested_spans_as_separate_tasks(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    doc = _doc(
        AnnotatedSpan(5, 15, "PERSON"),
        AnnotatedSpan(29, 38, "ORGANIZATION", status="rejected"),
        AnnotatedSpan(42, 55, "PHONE_NUMBER", status="suggested"),
    )
    export_prodigy([doc], out, statuses=("accepted", "rejected", "suggested"))
    tasks = {t["answer"]: [s["label"] for s in t["spans"]] for t in _lines(out)}
    assert tasks == {"accept": ["PERSON"], "reject": ["ORGANIZATION"], "ignore": ["PHONE_NUMBER"]}


def test_a_finished_document_without_pii_is_exported_as_a_negative_example(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    export_prodigy([_doc(text="Nothing personal here.")], out)
    [task] = _lines(out)
    assert task["spans"] == [] and task["answer"] == "accept"


def test_unfinished_and_skipped_documents_never_become_false_negative_examples(
    tmp_path: Path,
) -> None:
    nothing = "Nothing personal here."
    docs = [
        _doc(text=nothing, status="in_progress", id=1),  # no decision yet
        _doc(AnnotatedSpan(5, 15, "PERSON"), status="in_progress", id=2),
        _doc(text=nothing, status="skipped", id=3),
        _doc(AnnotatedSpan(5, 15, "PERSON"), status="new", id=4),
        _doc(text=nothing, status="done", id=5),
    ]
    out = tmp_path / "out.jsonl"
    export_prodigy(docs, out, include_unfinished=True)
    tasks = [(t["meta"]["document_id"], t["answer"], len(t["spans"])) for t in _lines(out)]
    assert tasks == [(2, "accept", 1), (4, "accept", 1), (5, "accept", 0)]
    skipped_with_pii = _doc(AnnotatedSpan(5, 15, "PERSON"), status="skipped", id=6)
    report = export_prodigy([*docs, skipped_with_pii], out, include_unfinished=True)
    assert [t["meta"]["document_id"] for t in _lines(out)] == [2, 4, 5]
    assert report.documents == 3  # the documents written, not those selected
    export_prodigy([*docs, skipped_with_pii], out, include_skipped=True)
    assert [t["meta"]["document_id"] for t in _lines(out)] == [5, 6]  # no task for 3 either
    export_doccano(docs, out, include_skipped=True)  # skipped, without the unfinished ones
    assert [r["id"] for r in _lines(out)] == [3, 5]
    report = export_conll(docs, tmp_path / "out.conll", include_unfinished=True)
    assert report.documents == 4  # every unfinished document, still no skipped one


def test_docbin_marks_tokens_of_unfinished_documents_missing_not_outside(tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    docs = [
        _doc(AnnotatedSpan(5, 15, "PERSON"), id=1),
        _doc(AnnotatedSpan(5, 15, "PERSON"), status="in_progress", id=2),
    ]
    export_spacy(docs, tmp_path / "out.spacy", include_unfinished=True)
    done, unfinished = DocBin().from_disk(tmp_path / "out.spacy").get_docs(spacy.blank("en").vocab)
    assert [e.text for e in done.ents] == [e.text for e in unfinished.ents] == ["John Smith"]
    assert done[0].ent_iob_ == "O"  # reviewed: not PII
    assert unfinished[0].ent_iob_ == "" and unfinished[1].ent_iob_ == "B"  # unknown, entity


def test_default_export_is_done_documents_and_accepted_spans(tmp_path: Path) -> None:
    docs = [
        _doc(AnnotatedSpan(5, 15, "PERSON"), AnnotatedSpan(29, 38, "ORGANIZATION", "rejected")),
        _doc(AnnotatedSpan(5, 15, "PERSON"), status="in_progress", id=2),
    ]
    out = tmp_path / "out.jsonl"
    export_doccano(docs, out)
    assert [(r["id"], r["label"]) for r in _lines(out)] == [(1, [[5, 15, "PERSON"]])]
    export_doccano(
        docs, out, include_unfinished=True, labels=["ORGANIZATION"], statuses=["rejected"]
    )
    rows = _lines(out)
    assert [(r["id"], r["label"]) for r in rows] == [(1, [[29, 38, "ORGANIZATION"]]), (2, [])]
    assert rows[0]["meta"]["span_status"] == ["rejected"]


def test_unknown_status_filter_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown span status"):
        export_doccano([_doc()], tmp_path / "x.jsonl", statuses=["maybe"])


@pytest.mark.parametrize(
    ("start", "end", "kind", "new"),
    [
        (4, 15, "trimmed", (5, 15)),  # " John Smith": leading space dropped
        (5, 16, "exact", (5, 16)),  # "John Smith," the comma is its own token
        (29, 37, "expanded", (29, 38)),  # "ACME Ltd" grows to the token "Ltd."
        (58, 60, "exact", (58, 60)),  # "Jo" of "Jo-Anne": spaCy splits at the hyphen
    ],
)
def test_alignment_repairs_only_whitespace_and_punctuation(start, end, kind, new) -> None:
    tokens = TokenizedText(TEXT)
    alignment = tokens.align(start, end)
    assert alignment.kind == kind
    assert (alignment.start, alignment.end) == new
    assert tokens.doc.char_span(*new) is not None


def test_a_span_inside_a_token_is_misaligned() -> None:
    tokens = TokenizedText("Contact johnsmith@example.com today")
    alignment = tokens.align(8, 12)  # "john" inside the e-mail token
    assert alignment.kind == "misaligned" and not alignment.usable


def test_misaligned_span_is_reported_left_out_of_token_formats_and_kept_in_doccano(
    tmp_path: Path,
) -> None:
    text = "Contact johnsmith@example.com today"
    doc = _doc(AnnotatedSpan(8, 12, "PERSON"), AnnotatedSpan(8, 29, "EMAIL_ADDRESS"), text=text)
    for export in (export_prodigy, export_spacy, export_conll, export_doccano):
        report = export([doc], tmp_path / f"out.{export.__name__}")
        [issue] = report.misaligned
        assert (issue.start, issue.end, issue.text, issue.label) == (8, 12, "john", "PERSON")
        assert "does not line up" in issue.describe() and "/data/doc1.txt" in issue.describe()
        if export is export_doccano:  # character offsets: the span is written as stored
            assert issue.kept and "kept as is" in issue.describe()
            assert "1 misaligned kept as is" in report.summary()
            assert "left out" not in issue.describe() + report.summary()
        else:
            assert not issue.kept and issue.describe().endswith("left out")
            assert "1 misaligned left out" in report.summary()
    [task] = _lines(tmp_path / "out.export_prodigy")
    assert [s["label"] for s in task["spans"]] == ["EMAIL_ADDRESS"]
    [row] = _lines(tmp_path / "out.export_doccano")
    assert row["label"] == [[8, 12, "PERSON"], [8, 29, "EMAIL_ADDRESS"]]


def test_adjusted_span_is_written_with_token_offsets_and_reported(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    report = export_prodigy([_doc(AnnotatedSpan(29, 37, "ORGANIZATION"))], out)
    [issue] = report.adjusted
    assert (issue.kind, issue.new_start, issue.new_end) == ("expanded", 29, 38)
    [task] = _lines(out)
    assert [(s["start"], s["end"]) for s in task["spans"]] == [(29, 38)]


def test_docbin_loads_in_spacy_with_ents_and_every_span(tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    out = tmp_path / "train.spacy"
    doc = _doc(
        AnnotatedSpan(5, 15, "PERSON"),
        AnnotatedSpan(10, 15, "PERSON"),  # overlaps: only in spans["sc"]
        AnnotatedSpan(29, 38, "ORGANIZATION", status="rejected"),
        AnnotatedSpan(42, 55, "PHONE_NUMBER"),
    )
    report = export_spacy([doc], out, statuses=("accepted", "rejected"))
    assert report.spans == 4
    [sdoc] = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    assert sdoc.text == TEXT
    assert [(e.start_char, e.end_char, e.label_) for e in sdoc.ents] == [
        (5, 15, "PERSON"),
        (42, 55, "PHONE_NUMBER"),
    ]
    assert [(s.start_char, s.end_char, s.label_) for s in sdoc.spans["sc"]] == [
        (5, 15, "PERSON"),
        (10, 15, "PERSON"),
        (42, 55, "PHONE_NUMBER"),
    ]
    assert [s.text for s in sdoc.spans["rejected"]] == ["ACME Ltd."]
    for span in sdoc.spans["sc"]:
        assert sdoc.char_span(span.start_char, span.end_char) is not None
    assert sdoc.user_data["redact:sha256"] == "sha1"
    # tokens outside entities are "O", not missing
    assert sdoc[0].ent_iob_ == "O"


def test_conll_tags_on_a_hand_made_example(tmp_path: Path) -> None:
    text = "Anna Berg works at Nordic Bank.\nCall her.\n\nBye"
    out = tmp_path / "out.conll"
    docs = [
        _doc(AnnotatedSpan(0, 9, "PERSON"), AnnotatedSpan(19, 30, "ORGANIZATION"), text=text),
        _doc(text="Hi", id=2),
    ]
    export_conll(docs, out)
    assert out.read_text(encoding="utf-8") == (
        "-DOCSTART- -X- O O\n\n"
        "Anna -X- _ B-PERSON\n"
        "Berg -X- _ I-PERSON\n"
        "works -X- _ O\n"
        "at -X- _ O\n"
        "Nordic -X- _ B-ORGANIZATION\n"
        "Bank -X- _ I-ORGANIZATION\n"
        ". -X- _ O\n"
        "\n"
        "Call -X- _ O\n"
        "her -X- _ O\n"
        ". -X- _ O\n"
        "\n"
        "Bye -X- _ O\n"
        "\n"
        "-DOCSTART- -X- O O\n\n"
        "Hi -X- _ O\n"
        "\n"
    )


def test_conll_keeps_an_entity_across_a_newline_in_one_sentence(tmp_path: Path) -> None:
    text = "Lives at 1 High Street\nLeeds now."
    out = tmp_path / "out.conll"
    export_conll([_doc(AnnotatedSpan(9, 28, "ADDRESS"), text=text)], out)
    body = out.read_text(encoding="utf-8").split("\n\n")[1]
    assert body.splitlines()[-3:] == ["Leeds -X- _ I-ADDRESS", "now -X- _ O", ". -X- _ O"]


def test_export_is_atomic_and_reports_a_missing_directory(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")

    class Exploding(AnnotatedDocument):
        def export_meta(self, *, with_paths: bool):  # type: ignore[override]
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        export_prodigy([_doc(), Exploding(2, "x", status="done")], out)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary file left
    with pytest.raises(ExportError, match="output directory does not exist"):
        export_doccano([_doc()], tmp_path / "missing" / "out.jsonl")


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab1 .,-@\n'é"), min_size=1, max_size=40),
    data=st.data(),
)
def test_every_usable_alignment_lines_up_with_spacy_tokens(text: str, data) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    tokens = TokenizedText(text)
    alignment = tokens.align(start, end)
    on_tokens = tokens.doc.char_span(start, end)
    exact = on_tokens is not None and not (on_tokens[0].is_space or on_tokens[-1].is_space)
    assert (alignment.kind == "exact") == exact
    if alignment.usable:
        span = tokens.doc.char_span(alignment.start, alignment.end)
        assert span is not None
        assert (span.start, span.end - 1) == (alignment.token_start, alignment.token_end)
        assert not (span[0].is_space or span[-1].is_space)
