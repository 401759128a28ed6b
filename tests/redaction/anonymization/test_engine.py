"""The per-document engine: consistent pseudonyms across documents, and a leaking writer caught."""

from __future__ import annotations

import json
import re
from pathlib import Path

from redaction.anonymization.batch import anonymize_batch
from redaction.anonymization.engine import QUARANTINE_PREFIX, anonymize_document
from redaction.anonymization.pseudonyms import InMemoryPseudonymMap
from redaction.anonymization.writers import write_anonymized
from redaction.documents import load_document
from redaction.spans import Span
from tests.factories import make_docx

LETTER = "Dear Lewis Smith,\nThank you. Please write to lgsmith271@gmail.com.\nRegards, Acme Ltd\n"
MEMO = "Memo: L Smith (LEWIS SMITH) joined Acme Ltd. Mr Smith starts Monday.\n"


def spans_for(document) -> list[Span]:  # type: ignore[no-untyped-def]
    pieces = {
        "Lewis Smith": "PERSON",
        "L Smith": "PERSON",
        "LEWIS SMITH": "PERSON",
        "lgsmith271@gmail.com": "EMAIL_ADDRESS",
        "Acme Ltd": "ORGANIZATION",
    }
    return [
        Span(m.start(), m.end(), label)
        for value, label in pieces.items()
        for m in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", document.text)
    ]


def test_pseudonyms_consistent_across_two_documents(tmp_path: Path, context) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a-letter.txt").write_text(LETTER, encoding="utf-8")
    (tmp_path / "in" / "b-memo.txt").write_text(MEMO, encoding="utf-8")
    mapping = InMemoryPseudonymMap()  # the store's pseudonym_map() in a project
    result = anonymize_batch(
        [tmp_path / "in"],
        tmp_path / "out",
        spans_for=spans_for,
        context=context(key=None, mapping=mapping),
        style="pseudonym",
    )
    assert result.ok, [d.error for d in result.documents]
    letter, memo = (
        (tmp_path / "out" / d.output).read_text(encoding="utf-8")  # type: ignore[operator]
        for d in result.documents
    )
    # Faker's family names include "O'Brien" and "Smith-Jones": match any non-space run.
    first, last = re.match(r"Dear (\S+) (\S+),", letter).groups()  # type: ignore[union-attr]
    assert f"Memo: {first[0]} {last} ({first.upper()} {last.upper()})" in memo
    assert f"Mr {last} starts" in memo
    company = re.search(r"Regards, (.+)\n", letter).group(1)  # type: ignore[union-attr]
    assert f"joined {company}." in memo
    local = re.search(r"write to (\S+)@gmail\.com", letter).group(1)  # type: ignore[union-attr]
    assert re.sub(r"\W", "", last.lower()) in local and local.startswith(first[0].lower())
    # A second run with the same stored mapping gives the same output.
    again = anonymize_batch(
        [tmp_path / "in"],
        tmp_path / "again",
        spans_for=spans_for,
        context=context(key=None, mapping=mapping),
        style="pseudonym",
    )
    assert (tmp_path / "again" / again.documents[0].output).read_text(encoding="utf-8") == letter  # type: ignore[operator]


def skipping_header_writer(document, replacements, out_path, **kwargs):  # type: ignore[no-untyped-def]
    """A broken writer: leaves every replacement inside the header part undone."""
    header = next(p for p in document.layout.parts if p.kind == "header")
    kept = [r for r in replacements if not header.start <= r.start < header.end]
    subs = {k: v for k, v in kwargs.pop("substitutions").items() if "Smith" not in k}
    return write_anonymized(document, kept, out_path, substitutions=subs, **kwargs)


def test_leaking_output_is_quarantined_and_reported(tmp_path: Path, context) -> None:  # type: ignore[no-untyped-def]
    source = make_docx(
        tmp_path / "cv.docx",
        body=["Lewis Smith, Acme Ltd"],
        header="CV of Lewis Smith",
    )
    result = anonymize_batch(
        [source],
        tmp_path / "out",
        spans_for=spans_for,
        context=context(),
        style="placeholder",
        writer=skipping_header_writer,
    )
    assert not result.ok
    (doc,) = result.documents
    assert doc.status == "leaked"
    assert doc.output and doc.output.startswith(QUARANTINE_PREFIX)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [doc.output, "manifest.json", "report.json"]
    )
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    entry = report["documents"][0]
    assert entry["status"] == "leaked" and not entry["leak_check"]["passed"]
    assert any(h["where"].startswith("word/header") for h in entry["leak_check"]["hits"])
    assert "Lewis Smith" not in json.dumps(report)  # the report does not repeat the PII
    assert report["summary"] == {"documents": 1, "ok": 0, "leaked": 1, "failed": 0}


def test_profile_link_left_by_a_writer_is_caught(tmp_path: Path, context) -> None:  # type: ignore[no-untyped-def]
    source = make_docx(
        tmp_path / "cv.docx",
        body=["Lewis Smith"],
        hyperlink=("my profile", "https://www.linkedin.com/in/lewis-smith-271"),
    )
    document = load_document(source)

    def no_links(document, replacements, out_path, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["substitutions"] = {"Smith": "[surname]"}  # scrubs only part of the link
        links = document.text.rindex("https://")  # and skips the link targets' own text
        kept = [r for r in replacements if r.end <= links]
        return write_anonymized(document, kept, out_path, **kwargs)

    report = anonymize_document(
        document, spans_for(document), tmp_path / "out.docx", context=context(), writer=no_links
    )
    assert report.status == "leaked"
    assert report.leak_check and any(
        h["form"] == "given name in link" for h in report.leak_check["hits"]
    )


def test_personal_properties_are_leak_needles_but_application_names_are_not() -> None:
    from redaction.anonymization.engine import property_secrets
    from redaction.documents import Document

    document = Document(
        Path("cv.docx"),
        "docx",
        "text",
        "0" * 64,
        4,
        properties={
            "author": "Lewis Smith",
            "last_modified_by": "lgsmith271",
            "creator": "Microsoft Word",
            "comment_authors": "Admin, Anna van der Berg",
            "title": "CV",
            "company": "Acme",
        },
    )
    assert sorted(v for _, v in property_secrets(document)) == [
        "Anna van der Berg",
        "Lewis Smith",
        "lgsmith271",
    ]


def test_identical_inputs_share_one_output(tmp_path: Path, context) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "copy of a.txt"):
        (tmp_path / "in" / name).write_text(LETTER, encoding="utf-8")
    result = anonymize_batch(
        [tmp_path / "in"],
        tmp_path / "out",
        spans_for=spans_for,
        context=context(),
        style="placeholder",
    )
    assert result.ok
    first, second = result.documents
    assert first.output == second.output and len(list((tmp_path / "out").glob("doc-*"))) == 1
    assert second.warnings[-1] == f"same content as {first.input}"
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [d["input"] for d in manifest["documents"]] == [first.output, first.output]
    report = (tmp_path / "out" / "report.json").read_text(encoding="utf-8")
    assert first.input not in report and second.input not in report


def _anonymise_one(tmp_path: Path, context, data: bytes, spans, **options):  # type: ignore[no-untyped-def]
    """Anonymise one input file holding ``data`` with placeholders; the batch result."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cv.txt").write_bytes(data)
    return anonymize_batch(
        [tmp_path / "in"],
        tmp_path / "out",
        spans_for=spans,
        context=context(),
        style="placeholder",
        **options,
    )


def test_a_code_page_input_is_anonymised_and_checked_in_its_own_encoding(
    tmp_path: Path, context
) -> None:  # type: ignore[no-untyped-def]
    text = "Życiorys\nImię i nazwisko: Łukasz Wróblewski\nMiasto: Łódź\n"

    def name_only(document) -> list[Span]:  # type: ignore[no-untyped-def]
        start = document.text.index("Łukasz Wróblewski")
        return [Span(start, start + len("Łukasz Wróblewski"), "PERSON")]

    result = _anonymise_one(tmp_path, context, text.encode("cp1250"), name_only)
    assert result.ok, [(d.error, d.leak_check) for d in result.documents]
    [doc] = result.documents
    written = (tmp_path / "out" / doc.output).read_bytes()  # type: ignore[operator]
    assert written.decode("cp1250") == text.replace("Łukasz Wróblewski", "[name] [surname]")


def test_a_chosen_encoding_reaches_the_anonymiser(tmp_path: Path, context) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def spans(document) -> list[Span]:  # type: ignore[no-untyped-def]
        seen.append(document.text)
        return []

    _anonymise_one(tmp_path, context, "Crčme Dvořák\n".encode("cp1250"), spans, encoding="cp1250")
    assert seen == ["Crčme Dvořák\n"]


def test_forms_too_short_to_search_are_named_by_label_without_their_text(
    tmp_path: Path, context
) -> None:  # type: ignore[no-untyped-def]
    def initials(document) -> list[Span]:  # type: ignore[no-untyped-def]
        return [Span(8, 10, "PERSON")]

    result = _anonymise_one(tmp_path, context, b"Signed: Al, Leeds office.\n", initials)
    [doc] = result.documents
    [warning] = [w for w in doc.warnings if "too short to search" in w]
    assert "not checked: " in warning and "of PERSON A… (2 characters)" in warning
    assert "Al," not in warning


def test_a_run_stopped_before_the_leak_check_leaves_no_shareable_looking_output(
    tmp_path, context, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from redaction.anonymization import engine

    source = tmp_path / "letter.txt"
    source.write_text(LETTER, encoding="utf-8")
    out = tmp_path / "out"

    def killed(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # the process stopped between writing and checking

    with monkeypatch.context() as patch:
        patch.setattr(engine, "check_output", killed)
        with pytest.raises(KeyboardInterrupt):
            anonymize_batch(
                [source], out, spans_for=spans_for, context=context(), style="placeholder"
            )
    left = [p.name for p in out.iterdir()]
    assert left and all(name.startswith(engine.UNCHECKED_PREFIX) for name in left), left
    # the next run replaces the leftover like any earlier output of ours
    result = anonymize_batch(
        [source], out, spans_for=spans_for, context=context(), style="placeholder", overwrite=True
    )
    assert result.ok
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([result.documents[0].output, "manifest.json", "report.json"])
    assert "Lewis Smith" not in (out / str(result.documents[0].output)).read_text(encoding="utf-8")
