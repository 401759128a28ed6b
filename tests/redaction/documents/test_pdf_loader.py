"""PDF loading: text per page, boxes of characters, metadata, XMP, link annotations."""

from __future__ import annotations

from pathlib import Path

import pytest

from redaction.documents import Document, PdfLayout, load_document
from tests.factories import PAGE_HEIGHT, make_pdf


@pytest.fixture(scope="module")
def cv(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = make_pdf(
        tmp_path_factory.mktemp("pdf") / "cv.pdf",
        ["Ann Lee\nann.lee@example.com | 07700 900123", "Page two: Zoë worked in Leeds"],
        metadata={"Author": "Ann Lee", "Title": "CV of Ann Lee", "Keywords": "Leeds"},
        link_annotation_uri="https://uk.linkedin.com/in/annlee",
        xmp="Ann Lee (XMP)",
    )
    return load_document(path)


def test_pages_text_and_separator(cv: Document) -> None:
    assert cv.text == (
        "Ann Lee\nann.lee@example.com | 07700 900123\n\nPage two: Zoë worked in Leeds"
    )
    assert isinstance(cv.layout, PdfLayout)
    first, second = cv.layout.pages
    assert cv.text[first.start : first.end].startswith("Ann Lee")
    assert cv.text[second.start : second.end] == "Page two: Zoë worked in Leeds"
    assert (first.width, first.height) == pytest.approx((595, PAGE_HEIGHT))


def test_every_character_has_a_box_in_reading_order(cv: Document) -> None:
    assert isinstance(cv.layout, PdfLayout)
    page = cv.layout.pages[0]
    assert len(page.boxes) == page.end - page.start == len(page.char_indices)
    name = [page.boxes[i] for i in range(len("Ann Lee"))]
    assert all(box is not None for box in name)
    lefts = [box[0] for box in name if box is not None and box[2] > box[0]]
    assert lefts == sorted(lefts)
    line2 = page.boxes[len("Ann Lee\n")]
    assert line2 is not None and name[0] is not None and line2[1] < name[0][1]  # lower line
    newline = page.boxes[len("Ann Lee")]
    assert cv.text[page.start + len("Ann Lee")] == "\n" and newline is None


def test_metadata_and_xmp_are_properties(cv: Document) -> None:
    assert cv.properties["author"] == "Ann Lee"
    assert cv.properties["title"] == "CV of Ann Lee"
    assert cv.properties["keywords"] == "Leeds"
    assert "Ann Lee (XMP)" in cv.properties["xmp"]


def test_link_annotation_target_and_text(cv: Document) -> None:
    [link] = cv.hyperlinks
    assert link.target == "https://uk.linkedin.com/in/annlee"
    assert cv.text[link.start : link.end] == "Ann Lee"


def test_pdf_without_text_layer_warns(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "scan.pdf", ["", ""])
    document = load_document(path)
    assert document.text.strip() == ""
    assert document.warnings and "no text layer" in document.warnings[0]


def test_annotation_contents_are_properties(tmp_path: Path) -> None:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    path = make_pdf(tmp_path / "a.pdf", ["Reviewed"])
    pdf = pdfium.PdfDocument(path)
    page = pdf[0]
    annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_TEXT)
    value = "Checked by Bob Hart".encode("utf-16-le") + b"\x00\x00"
    buffer = ctypes.create_string_buffer(value, len(value))
    pdfium_c.FPDFAnnot_SetStringValue(
        annot, b"Contents", ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR))
    )
    pdfium_c.FPDFPage_CloseAnnot(annot)
    pdf.save(tmp_path / "annotated.pdf")
    pdf.close()
    document = load_document(tmp_path / "annotated.pdf")
    assert document.properties["annotation:1:1"] == "Checked by Bob Hart"
    assert document.hyperlinks == []
