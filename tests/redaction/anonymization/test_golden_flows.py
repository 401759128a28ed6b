"""Golden files: a synthetic CV anonymised in both flows, as a person would share it.

Without review the detector's spans are used (``redact anonymize`` without ``--db``); with
review, the spans an annotator accepted. A change in what is replaced shows up as a diff of the
golden file; after checking it is right, ``REDACT_UPDATE_GOLDEN=1`` rewrites the files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from redaction.anonymization.engine import anonymize_document
from redaction.anonymization.operators import OperatorContext
from redaction.documents import load_document
from redaction.labels import load_labels
from redaction.spans import Span

GOLDEN = Path(__file__).parent / "golden"
ACCEPTED = [
    ("Peregrine Althorpe-Quince", "PERSON"),
    ("peregrine.aq@example.com", "EMAIL_ADDRESS"),
    ("+44 7700 900123", "PHONE_NUMBER"),
    ("linkedin.com/in/peregrine-althorpe-quince", "URL"),
    ("Leeds", "LOCATION"),
    ("Quillon Analytics Ltd", "ORGANIZATION"),
    ("Brightwater Bank", "ORGANIZATION"),
    ("Manchester", "LOCATION"),
    ("Ottoline Brannigan", "PERSON"),
]


def _compare(out: Path, golden: Path) -> None:
    written = out.read_text(encoding="utf-8")
    if os.environ.get("REDACT_UPDATE_GOLDEN"):
        golden.write_text(written, encoding="utf-8")
    assert written == golden.read_text(encoding="utf-8")


def _accepted(text: str) -> list[Span]:
    spans = []
    for value, label in ACCEPTED:
        start = text.index(value)
        spans.append(Span(start, start + len(value), label, 1.0, "manual"))
    return spans


@pytest.mark.parametrize("flow", ["reviewed", "without-review"])
def test_synthetic_cv_anonymised(detector, tmp_path: Path, flow: str) -> None:
    document = load_document(GOLDEN / "ml-cv.txt")
    reviewed = flow == "reviewed"
    spans = _accepted(document.text) if reviewed else detector.detect(document.text)
    out = tmp_path / "cv.txt"
    report = anonymize_document(
        document,
        spans,
        out,
        context=OperatorContext(labels=load_labels()),
        detector=detector,
        redact_residual=not reviewed,
        reviewed=reviewed,
        confirmed=reviewed,
    )
    assert report.status == "ok", report.error
    _compare(out, GOLDEN / f"ml-cv.{flow}.txt")
    written = out.read_text(encoding="utf-8")
    # What a reader needs survives: roles, skills and methods are not names.
    for phrase in (
        "Machine learning researcher",
        "Deep Learning and Bayesian methods",
        "Research Scientist",
        "Deterministic Neural Network",
        "Compress to Predict",
    ):
        assert phrase in written, phrase
    for secret in ("Peregrine", "Althorpe", "Quince", "7700", "Brannigan", "Quillon"):
        assert secret not in written, secret
