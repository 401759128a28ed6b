"""Spans that start or end on whitespace tokens, overlapping spans, and the validity of the BIO
that CoNLL gets from them: nothing is written off by a whitespace token, nothing is lost
without a report."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.exporters import (
    AnnotatedDocument,
    AnnotatedSpan,
    ExportReport,
    export_conll,
    export_prodigy,
    export_spacy,
)
from annotations.exporters.alignment import TokenizedText, english_tokenizer
from annotations.exporters.conll import encode_conll
from annotations.exporters.prodigy import encode_prodigy

english_tokenizer()  # load spaCy once, outside hypothesis' timing

NAME_TEXT = "Name:\nJohn Smith\nEmail"
TAB_TEXT = "a tab\tBob Stone.\r\nCRLF line\n"
BOB = TAB_TEXT.index("Bob Stone")


def _doc(text: str, *spans: tuple[int, int, str], id: int = 1) -> AnnotatedDocument:
    return AnnotatedDocument(
        id, text, f"doc{id}.txt", spans=tuple(AnnotatedSpan(s, e, label) for s, e, label in spans)
    )


def _conll_tags(text: str) -> list[tuple[str, str]]:
    return [
        (line.split()[0], line.split()[-1])
        for line in text.splitlines()
        if line and not line.startswith("-DOCSTART-")
    ]


def test_a_span_starting_on_a_newline_token_is_trimmed_and_starts_with_b(tmp_path: Path) -> None:
    out = tmp_path / "ws.conll"
    report = export_conll([_doc(NAME_TEXT, (5, 16, "PERSON"))], out)
    written = out.read_text(encoding="utf-8")
    assert "John -X- _ B-PERSON\nSmith -X- _ I-PERSON\n" in written  # one sentence, B- first
    [issue] = report.issues
    assert (issue.kind, issue.new_start, issue.new_end) == ("trimmed", 6, 16)
    assert "trimmed to 6-16" in report.issues[0].describe()


def test_exact_span_with_edge_whitespace_tokens_reports_trimmed() -> None:
    tokens = TokenizedText(TAB_TEXT)
    alignment = tokens.align(BOB - 1, BOB + 3)  # "\tBob": two tokens, "\t" and "Bob"
    assert (alignment.kind, alignment.start, alignment.end) == ("trimmed", BOB, BOB + 3)
    assert tokens.align(BOB - 1, BOB).kind == "misaligned"  # whitespace only


def test_prodigy_and_docbin_write_the_trimmed_span(tmp_path: Path) -> None:
    doc = _doc(TAB_TEXT, (BOB - 1, BOB + 3, "PERSON"), (BOB, BOB + 9, "PERSON"))
    export_prodigy([doc], tmp_path / "p.jsonl")
    [task] = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert [(s["start"], s["end"]) for s in task["spans"]] == [(BOB, BOB + 3), (BOB, BOB + 9)]

    from spacy.tokens import DocBin

    export_spacy([doc], tmp_path / "d.spacy")
    import spacy

    [sdoc] = DocBin().from_disk(tmp_path / "d.spacy").get_docs(spacy.blank("en").vocab)
    assert [e.text for e in sdoc.ents] == ["Bob Stone"]  # no longer beaten by "\tBob"
    assert sorted(s.text for s in sdoc.spans["sc"]) == ["Bob", "Bob Stone"]


def test_conll_reports_the_overlapping_span_it_leaves_out(tmp_path: Path) -> None:
    doc = _doc(TAB_TEXT, (BOB - 1, BOB + 3, "PERSON"), (BOB, BOB + 9, "PERSON"))
    out = tmp_path / "o.conll"
    report = export_conll([doc], out)
    assert ("Bob", "B-PERSON") in _conll_tags(out.read_text())
    assert ("Stone", "I-PERSON") in _conll_tags(out.read_text())
    [left_out] = report.overlapping
    assert (left_out.start, left_out.end, left_out.new_start, left_out.new_end) == (
        BOB - 1,
        BOB + 3,
        BOB,
        BOB + 9,
    )
    assert "left out" in left_out.describe() and "'Bob Stone'" in left_out.describe()
    assert report.spans == 1 and "1 overlapping left out" in report.summary()


def test_an_exact_repeat_of_a_span_is_not_reported_as_lost(tmp_path: Path) -> None:
    report = export_conll([_doc(NAME_TEXT, (6, 16, "PERSON"), (6, 16, "PERSON"))], tmp_path / "r")
    assert report.issues == []


def test_same_tokens_with_another_label_is_reported_whatever_the_input_order(
    tmp_path: Path,
) -> None:
    spans = [(6, 16, "PERSON"), (6, 16, "ORGANIZATION")]
    for order in (spans, spans[::-1]):
        report = export_conll([_doc(NAME_TEXT, *order)], tmp_path / "r")
        [left_out] = report.overlapping
        assert left_out.label == "PERSON"  # ties: the first in (start, end, label) order wins


# -- property: random texts and spans ------------------------------------------------------

_PIECES = list("ab Jo.,-\n\t") + ["  ", "\r\n", "\u00a0", "Ann", "Smith", "(Ann)", "e-mail"]
_TEXTS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=16).map("".join)
_LABELS = st.sampled_from(["PERSON", "LOCATION", "EMAIL_ADDRESS"])


@st.composite
def _documents(draw: st.DrawFn) -> AnnotatedDocument:
    text = draw(_TEXTS)
    spans = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append(AnnotatedSpan(start, end, draw(_LABELS)))
    return AnnotatedDocument(1, text, "doc.txt", spans=tuple(sorted(spans)))


def _only_filler(chars: str) -> bool:
    return all(not c.isalnum() for c in chars)


def _matches_after_trimming(text: str, span: AnnotatedSpan, start: int, end: int) -> bool:
    """The written span is the stored one give or take whitespace/punctuation at its edges,
    and has no whitespace at its own edges."""
    moved = text[min(start, span.start) : max(start, span.start)]
    moved += text[min(end, span.end) : max(end, span.end)]
    written = text[start:end]
    return _only_filler(moved) and written == written.strip() and start < end


@settings(max_examples=300, deadline=None)
@given(_documents())
def test_conll_is_valid_bio_and_every_span_is_written_or_reported(doc: AnnotatedDocument) -> None:
    report = ExportReport("conll", Path("x"))
    written = encode_conll(doc, report)
    tokens = [t for t in english_tokenizer()(doc.text) if not t.is_space]
    lines = written.splitlines()
    assert lines[:2] == ["-DOCSTART- -X- O O", ""]
    rows = lines[2:]
    assert len([r for r in rows if r]) == len(tokens)

    # valid BIO: every I- continues an entity of its label in the same sentence
    entities: list[tuple[int, int, str]] = []  # (char start, char end, label) read back
    previous, index = "O", 0
    for row in rows:
        if not row:
            previous = "O"
            continue
        token_text, tag = row.rsplit(" -X- _ ", 1)
        token = tokens[index]
        index += 1
        assert token_text == token.text
        if tag.startswith("I-"):
            assert previous != "O" and previous[2:] == tag[2:], (doc.text, written)
            entities[-1] = (entities[-1][0], token.idx + len(token), tag[2:])
        elif tag.startswith("B-"):
            entities.append((token.idx, token.idx + len(token), tag[2:]))
        else:
            assert tag == "O"
        previous = tag

    # every stored span is written (after trimming) or reported as left out
    left_out = {
        (i.start, i.end, i.label) for i in report.issues if i.kind in ("misaligned", "overlapping")
    }
    for span in doc.spans:
        if (span.start, span.end, span.label) in left_out:
            continue
        assert any(
            label == span.label and _matches_after_trimming(doc.text, span, s, e)
            for s, e, label in entities
        ), (doc.text, span, written)
    # and nothing is written that was not stored
    for s, e, label in entities:
        assert any(
            sp.label == label and _matches_after_trimming(doc.text, sp, s, e) for sp in doc.spans
        )


@settings(max_examples=200, deadline=None)
@given(_documents())
def test_prodigy_spans_match_the_stored_spans_after_trimming(doc: AnnotatedDocument) -> None:
    report = ExportReport("prodigy", Path("x"))
    written = encode_prodigy(doc, report)
    tasks = [json.loads(line) for line in written.splitlines()]
    spans = [s for task in tasks for s in task["spans"]]
    left_out = [(i.start, i.end, i.label) for i in report.issues if i.kind == "misaligned"]
    assert len(spans) + len(left_out) == len(doc.spans)
    for task in tasks:
        for s in task["spans"]:
            first, last = task["tokens"][s["token_start"]], task["tokens"][s["token_end"]]
            assert (first["start"], last["end"]) == (s["start"], s["end"])
            assert first["text"].strip() and last["text"].strip()  # no edge whitespace token
    for span in doc.spans:
        if (span.start, span.end, span.label) in left_out:
            continue
        assert any(
            s["label"] == span.label
            and _matches_after_trimming(doc.text, span, s["start"], s["end"])
            for s in spans
        )
