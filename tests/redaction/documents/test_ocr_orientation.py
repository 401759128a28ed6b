"""A scan lying sideways or upside down (a phone photo, a page fed the wrong way) is read
upright, its boxes still point into the image as it is, and its anonymised copy is clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from faker import Faker

from redaction.anonymization.leakcheck import check_output
from redaction.anonymization.writers import write_anonymized
from redaction.documents import load_document
from redaction.documents.ocr import ENGINE_MISSING, ocr_available
from tests.factories import make_cv_text, make_replacements
from tests.scans import render_scan, save_scan

pytestmark = pytest.mark.skipif(not ocr_available(), reason=ENGINE_MISSING)


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_a_turned_scan_is_read_upright_and_painted_where_the_name_is(
    tmp_path: Path, angle: int
) -> None:
    fake = Faker("en_GB")
    fake.seed_instance(4)
    text, spans = make_cv_text(fake)
    name, email = spans[0].text or "", spans[1].text or ""
    upright = render_scan(text, dpi=150)
    path = save_scan(upright.rotate(angle, expand=True), tmp_path / "turned.png", dpi=150)
    document = load_document(path)
    assert document.text.startswith(name)
    assert email in document.text
    [page] = document.layout.pages
    # The name's first letter sits where the heading's top-left corner went when the page
    # was turned (PDF units: origin bottom left).
    box = page.boxes[0]
    assert box is not None
    centre = ((box[0] + box[2]) / 2 / page.width, (box[1] + box[3]) / 2 / page.height)
    expected = {90: (0.1, 0.1), 180: (0.9, 0.1), 270: (0.9, 0.9)}[angle]
    assert abs(centre[0] - expected[0]) < 0.1 and abs(centre[1] - expected[1]) < 0.1, centre
    url = spans[3].text or ""  # the profile link spells the name too
    replacements = make_replacements(
        document.text, {name: "[name]", email: "[email]", url: "[url]"}, blackout=True
    )
    out = write_anonymized(document, replacements, tmp_path / "out.png").out_path
    report = check_output(out, "image", [("PERSON", name), ("EMAIL_ADDRESS", email)], ocr=True)
    assert report.ok, report.hits
