"""Golden file: the placeholder output of a synthetic CV, byte for byte.

Set REDACT_UPDATE_GOLDEN=1 to rewrite the expected file after an intended change.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from redaction.anonymization.engine import anonymize_document
from redaction.documents import load_document
from redaction.spans import Span

GOLDEN = Path(__file__).parent / "golden"
CONFIRMED = [
    ("LEWIS G. SMITH", "PERSON"),
    ("lgsmith271@example.com", "EMAIL_ADDRESS"),
    ("+44 7700 900123", "PHONE_NUMBER"),
    ("linkedin.com/in/lewis-smith-271", "URL"),
    ("14 Harbour Road, Whitby YO21 3PU", "ADDRESS"),
    ("Leeds", "LOCATION"),
    ("York", "LOCATION"),
    ("Northwind Analytics Ltd", "ORGANIZATION"),
    ("Harper & Cole LLP", "ORGANIZATION"),
    ("University of Bristol", "ORGANIZATION"),
    ("Anna-Marie van der Berg", "PERSON"),
    ("a.vanderberg@example.org", "EMAIL_ADDRESS"),
    ("Smith, Lewis", "PERSON"),
    ("LN Darlow", "PERSON"),
    ("2019 - present", "DATE_TIME"),  # not redacted by default (labels.yaml: redact false)
]


def test_placeholder_cv_matches_golden(tmp_path: Path, context) -> None:  # type: ignore[no-untyped-def]
    document = load_document(GOLDEN / "cv.txt")
    spans = []
    for value, label in CONFIRMED:
        match = re.search(re.escape(value), document.text)
        assert match, value
        spans.append(Span(match.start(), match.end(), label))
    out = tmp_path / "cv.txt"
    report = anonymize_document(document, spans, out, context=context())
    assert report.status == "ok", report.error
    expected = GOLDEN / "cv_placeholder.txt"
    if os.environ.get("REDACT_UPDATE_GOLDEN"):
        expected.write_bytes(out.read_bytes())
    assert out.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")
