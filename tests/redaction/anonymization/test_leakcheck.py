"""The leak check finds a redacted string wherever a reader could find it, in any form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from redaction.anonymization.leakcheck import build_needles, check_output
from redaction.spans import Span
from tests.factories import make_docx, make_pdf

SECRETS = [
    ("PERSON", "José Smithson"),
    ("PHONE_NUMBER", "+44 7700 900123"),
    ("EMAIL_ADDRESS", "jsmithson99@gmail.com"),
]


def where(report) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.where for h in report.hits}


@pytest.mark.parametrize(
    ("content", "form"),
    [
        ("Signed: José Smithson.", "normalised"),
        ("Signed: JOSE   SMITHSON.", "normalised"),  # case, spacing, diacritics
        ("Signed: jose\nsmithson.", "normalised"),
        ("Call 07700-900-123 today", "digits"),
        ("Call (07700) 900 123 today", "digits"),
        ("Mr SMITHSON called", "family name"),
        ("user jsmithson99 logged in", "email local part"),
    ],
)
def test_text_leaks_in_every_form(tmp_path: Path, content: str, form: str) -> None:
    out = tmp_path / "out.txt"
    out.write_text(f"[name] [surname]\n{content}\n", encoding="utf-8")
    report = check_output(out, "txt", SECRETS)
    assert not report.ok
    assert form in {h.form for h in report.hits}
    # The report never repeats the redacted string itself.
    assert "Smithson" not in str(report.to_dict()) and "900123" not in str(report.to_dict())


def test_clean_text_passes_and_words_inside_words_do_not_count(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("[name] [surname] (Smithsonian museum), tel 077009001234\n", encoding="utf-8")
    report = check_output(out, "txt", SECRETS)
    assert report.ok, report.hits


def test_utf16_output_is_searched_as_bytes_too(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_bytes("x José Smithson y".encode("utf-16-le"))
    report = check_output(out, "txt", SECRETS)
    assert {h.form for h in report.hits} >= {"bytes"}


def test_short_forms_are_skipped_and_said_so() -> None:
    needles, skipped = build_needles([("PERSON", "Al"), ("LOCATION", "Leeds")])
    assert {n.original for n in needles} == {"Leeds"}
    assert skipped and "too short" in skipped[0] and "Al" not in skipped[0]


def test_docx_header_footer_comment_properties_are_all_read(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "cv.docx",
        body=["[name] [surname]", [("Jo", ""), ("sé Smith", "b"), ("son", "i")]],
        header="Header José Smithson",
        comment=("anchor", "ask jsmithson99@gmail.com", "J Smithson"),
        core_properties={"author": "José Smithson"},
        custom_properties={"Owner": "jsmithson99@gmail.com"},
    )
    report = check_output(path, "docx", SECRETS)
    places = where(report)
    assert "word/document.xml (text)" in places  # split across three runs
    assert any(p.startswith("word/header") for p in places)
    assert "word/comments.xml (text)" in places
    assert "core property author" in places
    assert "docProps/custom.xml (text)" in places


def test_pdf_text_metadata_annotation_and_xmp(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "cv.pdf",
        ["Curriculum vitae", "References: José Smithson"],
        metadata={"Author": "José Smithson"},
        link_annotation_uri="mailto:jsmithson99@gmail.com",
        xmp="José Smithson",
    )
    report = check_output(path, "pdf", SECRETS)
    places = where(report)
    assert "text" in places
    assert "metadata Author" in places
    assert "page 1 annotation 1 link target" in places
    assert report.text_found


def test_residual_suggestions_ignore_placeholders_masks_and_fakes(tmp_path: Path) -> None:
    from redaction.anonymization.leakcheck import residual_suggestions
    from redaction.spans import Span

    text = "[name] [surname] met Kevin Jones and ***** in Paris"

    class FakeDetector:
        def detect(self, text: str) -> list[Span]:
            found = []
            for piece, label in [
                ("[name] [surname]", "PERSON"),
                ("Kevin Jones", "PERSON"),
                ("*****", "PERSON"),
                ("Paris", "GPE"),
            ]:
                i = text.index(piece)
                found.append(Span(i, i + len(piece), label, 0.8))
            return found

    canonical = {"GPE": "LOCATION"}
    residual = residual_suggestions(
        text,
        FakeDetector(),
        {"PERSON", "LOCATION"},
        lambda e: canonical.get(e, e),
        ignore={"kevin jones"},
    )
    assert [(r["label"], r["text"]) for r in residual] == [("LOCATION", "Paris")]


def test_bytes_are_matched_as_words_only(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("Genius & Forum Dashboard, amazonbookreview.com\n", encoding="utf-8")
    assert check_output(out, "txt", [("PERSON", "Das"), ("ORGANIZATION", "amazon")]).ok
    out.write_text("Report by Das.\n", encoding="utf-8")
    assert not check_output(out, "txt", [("PERSON", "Das")]).ok


def test_given_name_inside_a_url_in_the_text_is_a_leak(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("[name] [surname]\nBlog: https://blogs.example.com/ganesh/\n", encoding="utf-8")
    report = check_output(out, "txt", [("PERSON", "Ganesh Alalasundaram")])
    assert [(h.form, h.where) for h in report.hits] == [("given name in link", "text (link)")]
    out.write_text("[name] [surname]\nganesh in lower case is not the name\n", encoding="utf-8")
    assert check_output(out, "txt", [("PERSON", "Ganesh Alalasundaram")]).ok


@pytest.mark.parametrize(
    ("content", "secret"),
    [
        ("Later: Zoe\u0308 Dupont again.", ("PERSON", "Zoë Dupont")),  # NFD accents
        ("Based in Montre\u0301al.", ("LOCATION", "Montréal")),
        ("Ms A\u0301lvarez called.", ("PERSON", "José Álvarez")),  # NFD family name
        ("soft: Du\u00adpont.", ("PERSON", "Zoë Dupont")),  # soft hyphen inside the word
        ("zw: Du\u200bpo\u200dnt\u2060 and \ufeffDupont.", ("PERSON", "Zoë Dupont")),
        ("L E W I S   S M I T H", ("PERSON", "Lewis Smith")),  # letter-spaced CV heading
        ("Also Z o \u00eb  D u p o n t.", ("PERSON", "Zoë Dupont")),
        ("Dear Peregrine, thanks.", ("PERSON", "Peregrine Althorpe-Quince")),  # given name
        ("PEREGRINE was great.", ("PERSON", "Peregrine Althorpe-Quince")),
    ],
)
def test_variants_of_a_redacted_string_are_leaks(
    tmp_path: Path, content: str, secret: tuple[str, str]
) -> None:
    out = tmp_path / "out.txt"
    out.write_text(f"[name] [surname]\n{content}\n", encoding="utf-8")
    assert not check_output(out, "txt", [secret]).ok


def test_a_given_name_counts_only_written_as_a_name_and_never_a_common_word(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out.txt"
    out.write_text("[name] [surname]\nyou will see: grace and peregrine.\n", encoding="utf-8")
    secrets = [("PERSON", "Grace Lovell"), ("PERSON", "Peregrine Jones")]
    assert check_output(out, "txt", secrets).ok
    out.write_text("[name] [surname]\nThanks, Peregrine.\n", encoding="utf-8")
    assert not check_output(out, "txt", secrets).ok
    # "will" is an English word: a given name "Will" is never searched for on its own.
    out.write_text("[name] [surname]\nThanks, Will.\n", encoding="utf-8")
    assert check_output(out, "txt", [("PERSON", "Will Lovell")]).ok


class _FakeDetector:
    """Suggests PERSON for every capitalised word it is told about."""

    def __init__(self, *names: str) -> None:
        self.names = names

    def detect(self, text: str):  # type: ignore[no-untyped-def]
        from redaction.spans import Span

        for name in self.names:
            start = text.find(name)
            if start >= 0:
                yield Span(start, start + len(name), "PERSON", 0.85)


def test_residual_pii_fails_unless_warned_placeholder_or_rejected(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("[name] [surname] met Gideon Marsh and [name] [surname].\n", encoding="utf-8")
    detector = _FakeDetector("Gideon Marsh", "[name] [surname]")
    args = {"detector": detector, "labels": {"PERSON"}, "ignore": ["[name]", "[surname]"]}
    failed = check_output(out, "txt", [("PERSON", "Lewis Smith")], **args)
    assert not failed.ok and failed.to_dict()["residual_failed"]
    assert [r["text"] for r in failed.residual] == ["Gideon Marsh"]  # placeholders are ours
    warned = check_output(out, "txt", [("PERSON", "Lewis Smith")], residual_mode="warn", **args)
    assert warned.ok and warned.residual and warned.to_dict()["residual_check"] == "warn"
    rejected = check_output(
        out, "txt", [("PERSON", "Lewis Smith")], rejected={"gideon marsh"}, **args
    )
    assert rejected.ok and not rejected.residual


def test_lower_case_twin_of_a_one_word_name_is_not_a_leak(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("I enjoy reading and bath time.\n", encoding="utf-8")
    assert check_output(out, "txt", [("LOCATION", "Reading"), ("LOCATION", "Bath")]).ok
    out.write_text("Office in READING.\n", encoding="utf-8")
    assert [h.form for h in check_output(out, "txt", [("LOCATION", "Reading")]).hits] == ["word"]


@pytest.mark.parametrize(
    ("output", "reviewed", "inserted", "fails"),
    [
        # Structured PII always fails, reviewed or not.
        ("Write to gm@example.org today.", "Write to gm@example.org today.", [], True),
        # A name the annotators read in the original: a warning.
        ("Thanks to Gideon Marsh.", "Thanks to Gideon Marsh.", [], False),
        # A name the output gained (not in what they read): a failure.
        ("Thanks to Gideon Marsh.", "Thanks to [name].", [], True),
        # Without review, a name fails unless a placeholder beside it made it look like one.
        ("Thanks to Gideon Marsh.", None, [], True),
        ("Major Ports of [location] grew.", None, ["[location]"], False),
        ("[company] Gideon Marsh", None, ["[company]"], False),
    ],
)
def test_which_residual_suggestions_fail_a_document(output, reviewed, inserted, fails) -> None:
    from redaction.anonymization.leakcheck import residual_suggestions

    class Detector:
        def detect(self, text: str) -> list[Span]:
            found = []
            for value, label in (
                ("gm@example.org", "EMAIL_ADDRESS"),
                ("Gideon Marsh", "PERSON"),
                ("Major Ports", "ORGANIZATION"),
            ):
                found += [Span(m.start(), m.end(), label, 0.9) for m in re.finditer(value, text)]
            return found

    (hit,) = residual_suggestions(
        output,
        Detector(),
        {"EMAIL_ADDRESS", "PERSON", "ORGANIZATION"},
        lambda e: e,
        inserted=inserted,
        reviewed_text=reviewed,
    )
    assert hit["fails"] is fails and hit["why"]


@pytest.mark.parametrize(
    ("where", "read", "found"),
    [
        ("OCR text", "References from lain May on request", True),  # I read as l
        ("OCR text", "Call J0hn Price at home", True),  # o read as 0
        ("OCR text", "References from Iain May on request", True),  # read right
        ("OCR text", "Explain maybe", False),  # whole words only, still
        ("text", "References from lain May on request", False),  # a text layer is exact
    ],
)
def test_ocr_text_is_searched_as_ocr_misreads_names(where: str, read: str, found: bool) -> None:
    from redaction.anonymization.leakcheck import find_leaks
    from redaction.anonymization.readback import ReadBack

    needles, _ = build_needles([("PERSON", "Iain May"), ("PERSON", "John Price")])
    hits = find_leaks(ReadBack(text=read, haystacks={where: read}), needles)
    assert bool(hits) is found, hits
