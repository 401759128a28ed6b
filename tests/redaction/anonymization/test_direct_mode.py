"""Detection without review: what the detector still finds after replacing is redacted too;
the leak check, the byte search and the planner agree on word edges; fakes never run out."""

from __future__ import annotations

import re
from pathlib import Path

from redaction.anonymization.engine import anonymize_document
from redaction.anonymization.leakcheck import residual_suggestions
from redaction.anonymization.pseudonyms import InMemoryPseudonymMap, Pseudonymizer
from redaction.documents import load_document
from redaction.spans import Span

TEXT = (
    "Joined the ranks of the Major Ports of India in 2019.\nContact: Lewis Smith.\n"
    "Referee: Ada Quist, retired.\n"
)


class ContextDetector:
    """Finds "India"; once "India" is gone (as spaCy does when the place that outweighed them
    has been replaced) also "Major Ports", beside the placeholder, and "Ada Quist", far from
    any replacement."""

    def detect(self, text: str) -> list[Span]:
        spans = [Span(m.start(), m.end(), "LOCATION", 0.9) for m in re.finditer("India", text)]
        if "India" not in text:
            spans += [
                Span(m.start(), m.end(), label, 0.5)
                for label, name in (("ORGANIZATION", "Major Ports"), ("PERSON", "Ada Quist"))
                for m in re.finditer(name, text)
            ]
        spans += [Span(m.start(), m.end(), "PERSON", 0.9) for m in re.finditer("Lewis Smith", text)]
        return spans


def _run(tmp_path: Path, context, *, redact_residual: bool):  # type: ignore[no-untyped-def]
    source = tmp_path / "cv.txt"
    source.write_text(TEXT, encoding="utf-8")
    document = load_document(source)
    detector = ContextDetector()
    out = tmp_path / ("swept.txt" if redact_residual else "plain.txt")
    report = anonymize_document(
        document,
        detector.detect(document.text),
        out,
        context=context(),
        detector=detector,
        redact_residual=redact_residual,
    )
    return report, out


def test_residual_pii_is_redacted_in_later_rounds_without_review(tmp_path: Path, context) -> None:  # type: ignore[no-untyped-def]
    report, out = _run(tmp_path, context, redact_residual=True)
    assert report.status == "ok", report.error
    text = out.read_text(encoding="utf-8")
    assert "India" not in text and "Lewis" not in text and "Ada Quist" not in text


def test_words_beside_a_placeholder_are_not_redacted_in_later_rounds(
    tmp_path: Path, context
) -> None:  # type: ignore[no-untyped-def]
    # "Major Ports of [location]" only looks like an organisation because of the placeholder:
    # it is kept, and reported, not redacted and not a failure.
    report, out = _run(tmp_path, context, redact_residual=True)
    assert "the Major Ports of [location]" in out.read_text(encoding="utf-8")
    assert any("'Major Ports'" in w and "beside a replacement" in w for w in report.warnings)


def test_without_the_sweep_the_residual_away_from_replacements_fails(
    tmp_path: Path, context
) -> None:  # type: ignore[no-untyped-def]
    report, _ = _run(tmp_path, context, redact_residual=False)
    assert report.status == "leaked"
    assert "Ada Quist" in (report.error or "") and "Major Ports" not in (report.error or "")


def test_an_underscore_does_not_hide_a_redacted_word(tmp_path: Path, context) -> None:  # type: ignore[no-untyped-def]
    # The byte search treats "_" as an edge; the planner must redact what it would find.
    source = tmp_path / "notes.txt"
    source.write_text("Visited BADI last year.\nSee BBP_DOC_CHANGE_BADI for details.\n")
    document = load_document(source)
    start = document.text.index("BADI")
    out = tmp_path / "out.txt"
    report = anonymize_document(
        document, [Span(start, start + 4, "LOCATION")], out, context=context()
    )
    assert report.status == "ok", report.error
    assert "BADI" not in out.read_text(encoding="utf-8")


def test_a_fake_name_with_a_word_beside_it_is_not_residual_pii() -> None:
    class Names:
        def detect(self, text: str) -> list[Span]:
            return [
                Span(m.start(), m.end(), "PERSON")
                for m in re.finditer(r"Graham Butler( \w+)?", text)
            ]

    labels = {"PERSON"}
    hits = residual_suggestions(
        "Graham Butler Trainee joined.", Names(), labels, lambda x: x, ignore=["graham butler"]
    )
    assert hits == []
    assert residual_suggestions("Graham Butler", Names(), labels, lambda x: x) != []


def test_fakes_never_run_out_in_a_large_project() -> None:
    # en_GB has about 360 given names: 600 different originals must all get one, consistently.
    pseudonymizer = Pseudonymizer(InMemoryPseudonymMap(), key="k")
    originals = [f"Name{chr(65 + i // 26)}{chr(97 + i % 26)}x" for i in range(600)]
    fakes = [pseudonymizer.given_name(o) for o in originals]
    assert all(fakes)
    assert [pseudonymizer.given_name(o) for o in originals] == fakes
