"""A rotated page (/Rotate 90) whose glyphs are placed one by one reads in order, so a name on
it is found and boxed whole (pdfium's own order split "L" from "ewis Smith")."""

from __future__ import annotations

from pathlib import Path

import pytest

from redaction.anonymization.writers.pdf_boxes import redaction_boxes
from redaction.documents import load_document
from tests.factories import make_replacements
from tests.redaction.writers.test_pdf_page_dicts import build_pdf, stream

GLYPHS = b"BT /F1 12 Tf 72 600 Td (L) Tj 7 0 Td (e) Tj 7 0 Td (w) Tj 9 0 Td (i) Tj 4 0 Td (s) Tj "
GLYPHS += b"8 0 Td ( Smith wrote this.) Tj ET\n"
LINES = b"BT /F1 12 Tf 72 760 Td (Curriculum vitae of Lewis Smith) Tj ET\n"
LINES += b"BT /F1 12 Tf 72 740 Td (Kept line: I like long walks, 2019.) Tj ET\n"


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_page_reads_glyph_by_glyph_names_whole(tmp_path: Path, rotate: int) -> None:
    path = tmp_path / "rot.pdf"
    objects = {
        1: b"<</Type/Catalog/Pages 2 0 R>>",
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Rotate %d" % rotate
        + b"/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
        4: b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
        5: stream(LINES + GLYPHS),
    }
    path.write_bytes(build_pdf(objects))
    document = load_document(path)
    assert document.text.splitlines() == [
        "Curriculum vitae of Lewis Smith",
        "Kept line: I like long walks, 2019.",
        "Lewis Smith wrote this.",
    ]
    page = document.layout.pages[0]  # type: ignore[union-attr]
    reps = make_replacements(document.text, {"Lewis Smith": "[name]"}, label="PERSON")
    assert len(reps) == 2
    boxes = redaction_boxes(document.layout, reps)[0]  # type: ignore[arg-type]
    start = document.text.index("Lewis Smith wrote")
    for offset in range(start, start + len("Lewis Smith")):
        glyph = page.boxes[offset - page.start]
        if document.text[offset] == " ":
            continue
        assert glyph is not None
        middle = ((glyph[0] + glyph[2]) / 2, (glyph[1] + glyph[3]) / 2)
        assert any(b[0] <= middle[0] <= b[2] and b[1] <= middle[1] <= b[3] for b in boxes)
