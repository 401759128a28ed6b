"""PDF writers: raster output is image-only with no metadata; keep-text keeps the other words
selectable; in both, the redacted characters are under black boxes and gone from the file."""

from __future__ import annotations

import contextlib
import re
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from redaction.anonymization.writers import write_anonymized
from redaction.anonymization.writers.pdf_boxes import redaction_boxes
from redaction.documents import Document, PdfLayout, load_document
from redaction.errors import DocumentError
from tests.factories import make_pdf, make_replacements

PAGES = [
    "Ann Lee\nann.lee@example.com | 07700 900123\nAnalyst at Acme Ltd in Leeds",
    "Page two: references from Bob Hart on request",
]
PII = {"Ann Lee": "[name]", "ann.lee@example.com": "[email]", "07700 900123": "[phone]",
       "Acme Ltd": "[company]", "Leeds": "[location]", "Bob Hart": "[name]"}  # fmt: skip


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = make_pdf(
        tmp_path_factory.mktemp("pdf") / "cv.pdf",
        PAGES,
        metadata={"Author": "Ann Lee", "Title": "CV Ann Lee", "Subject": "Leeds"},
        link_annotation_uri="https://uk.linkedin.com/in/annlee",
        xmp="Ann Lee",
    )
    return load_document(path)


def _write(source: Document, out: Path, mode: str) -> Path:
    replacements = make_replacements(source.text, PII)
    write_anonymized(source, replacements, out, substitutions=PII, pdf_mode=mode)  # type: ignore[arg-type]
    return out


def _inflated(data: bytes) -> bytes:
    """The raw file plus every Flate stream decompressed and hex strings decoded, to grep."""
    chunks = [data]
    for part in data.split(b"stream")[1:]:
        body = part.lstrip(b"\r\n").split(b"endstream")[0]
        with contextlib.suppress(zlib.error):
            chunks.append(zlib.decompress(body))
    joined = b"\n".join(chunks)
    hex_strings = re.findall(rb"<([0-9A-Fa-f\s]{2,})>", joined)
    decoded = [bytes.fromhex(h.decode().replace(" ", "")) for h in hex_strings if len(h) % 2 == 0]
    return joined + b"\n" + b"\n".join(decoded)


def _darkness(bitmap: pdfium.PdfBitmap, x: int, y: int) -> int:
    """The brightest channel of one pixel (no Pillow needed): < 40 is black."""
    offset = y * bitmap.stride + x * bitmap.n_channels
    return max(bitmap.buffer[offset : offset + min(bitmap.n_channels, 3)])


def _assert_black_boxes(out: Path, source: Document) -> None:
    assert isinstance(source.layout, PdfLayout)
    boxes = redaction_boxes(source.layout, make_replacements(source.text, PII))
    pdf = pdfium.PdfDocument(out)
    for index, page_boxes in boxes.items():
        page = pdf[index]
        bitmap = page.render(scale=1)
        height = page.get_size()[1]
        for left, bottom, right, top in page_boxes:
            centre = (int((left + right) / 2), int(height - (bottom + top) / 2))
            assert _darkness(bitmap, *centre) < 40, f"page {index + 1} box {centre} not black"
    pdf.close()


def test_raster_has_no_text_metadata_or_annotations(source: Document, tmp_path: Path) -> None:
    out = _write(source, tmp_path / "out.pdf", "raster")
    pdf = pdfium.PdfDocument(out)
    assert len(pdf) == 2
    assert all(page.get_textpage().count_chars() == 0 for page in pdf)
    assert pdf.get_metadata_dict(skip_empty=True) == {}
    assert all(pdfium_c.FPDFPage_GetAnnotCount(page.raw) == 0 for page in pdf)
    kinds = {obj.type for page in pdf for obj in page.get_objects()}
    assert kinds == {pdfium_c.FPDF_PAGEOBJ_IMAGE}
    pdf.close()
    data = _inflated(out.read_bytes())
    for needle in (b"Ann Lee", b"Leeds", b"linkedin", b"xmpmeta", b"PDFium"):
        assert needle not in data


def test_raster_paints_boxes_over_the_redacted_text(source: Document, tmp_path: Path) -> None:
    _assert_black_boxes(_write(source, tmp_path / "out.pdf", "raster"), source)


def test_keep_text_keeps_other_words_selectable(source: Document, tmp_path: Path) -> None:
    out = _write(source, tmp_path / "out.pdf", "keep-text")
    reloaded = load_document(out)
    for word in ("Analyst", "at", "in", "Page", "two:", "references", "from", "request"):
        assert word in reloaded.text.split()
    for pii in PII:
        assert pii not in reloaded.text
    assert reloaded.properties == {} and reloaded.hyperlinks == []
    data = _inflated(out.read_bytes())
    for needle in (b"Ann Lee", b"Leeds", b"Acme", b"Hart", b"linkedin", b"xmpmeta"):
        assert needle not in data
    _assert_black_boxes(out, source)


def test_keep_text_keeps_reading_order(source: Document, tmp_path: Path) -> None:
    out = _write(source, tmp_path / "out.pdf", "keep-text")
    assert load_document(out).text.split() == [
        "|", "Analyst", "at", "in", "Page", "two:", "references", "from", "on", "request",
    ]  # fmt: skip


def test_keep_text_words_stay_in_place(source: Document, tmp_path: Path) -> None:
    out = _write(source, tmp_path / "out.pdf", "keep-text")
    reloaded = load_document(out)
    assert isinstance(reloaded.layout, PdfLayout) and isinstance(source.layout, PdfLayout)

    def box_of(document: Document, word: str) -> tuple[float, float, float, float]:
        assert isinstance(document.layout, PdfLayout)
        page = document.layout.pages[0]
        position = document.text.index(word) - page.start
        box = page.boxes[position]
        assert box is not None
        return box

    assert box_of(reloaded, "Analyst") == pytest.approx(box_of(source, "Analyst"), abs=1.0)


def test_scanned_pdf_is_rasterised_with_a_warning(tmp_path: Path) -> None:
    document = load_document(make_pdf(tmp_path / "scan.pdf", ["", ""]))
    result = write_anonymized(document, [], tmp_path / "out.pdf")
    assert result.warnings == [
        f"{result.out_path}: no text layer on all pages (scanned?); their content could not be redacted"
    ]
    assert len(pdfium.PdfDocument(result.out_path)) == 2


def test_unknown_mode_is_refused(source: Document, tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="unknown PDF mode"):
        write_anonymized(source, [], tmp_path / "o.pdf", pdf_mode="vector")  # type: ignore[arg-type]


def test_changed_input_is_refused(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "cv.pdf", ["Ann Lee"])
    document = load_document(path)
    make_pdf(path, ["Bob Hart"])
    with pytest.raises(DocumentError, match="changed since it was loaded"):
        write_anonymized(document, [], tmp_path / "o.pdf")


@pytest.mark.parametrize("mode", ["raster", "keep-text"])
def test_attachments_do_not_survive(tmp_path: Path, mode: str) -> None:
    path = make_pdf(tmp_path / "att.pdf", ["Ann Lee, Leeds"])
    pdf = pdfium.PdfDocument(path)
    pdf.new_attachment("ann-lee-passport.txt").set_data(b"Ann Lee passport 123")
    pdf.save(tmp_path / "with-attachment.pdf")
    pdf.close()
    document = load_document(tmp_path / "with-attachment.pdf")
    assert document.properties["attachments"] == "ann-lee-passport.txt"
    replacements = make_replacements(document.text, {"Ann Lee": "[name]"})
    write_anonymized(document, replacements, tmp_path / "out.pdf", pdf_mode=mode)  # type: ignore[arg-type]
    out = pdfium.PdfDocument(tmp_path / "out.pdf")
    assert out.count_attachments() == 0
    assert pdfium_c.FPDFDoc_GetJavaScriptActionCount(out.raw) <= 0
    assert list(out.get_toc()) == []
    out.close()
    assert b"passport" not in _inflated((tmp_path / "out.pdf").read_bytes())


def test_keep_text_keeps_scale_and_rotation(tmp_path: Path) -> None:
    import ctypes

    pdf = pdfium.PdfDocument.new()
    font = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    page = pdf.new_page(595, 842)
    for text, size, matrix in [
        ("Scaled Ann Lee here", 10.0, (2, 0, 0, 2, 72, 700)),
        ("Rotated Ann Lee here", 12.0, (0, 1, -1, 0, 300, 300)),
    ]:
        obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(size))
        encoded = text.encode("utf-16-le") + b"\x00\x00"
        buffer = ctypes.create_string_buffer(encoded, len(encoded))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        pdfium_c.FPDFPageObj_Transform(obj, *matrix)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdf.save(tmp_path / "rot.pdf")
    pdf.close()
    source = load_document(tmp_path / "rot.pdf")
    replacements = make_replacements(source.text, {"Ann Lee": "[name]"})
    assert isinstance(source.layout, PdfLayout)
    assert len(redaction_boxes(source.layout, replacements)[0]) == 2  # one box per line
    write_anonymized(source, replacements, tmp_path / "out.pdf", pdf_mode="keep-text")
    out = load_document(tmp_path / "out.pdf")
    assert out.text.split() == ["Scaled", "here", "Rotated", "here"]

    def boxes(document: Document, word: str) -> list[tuple[float, float, float, float]]:
        assert isinstance(document.layout, PdfLayout)
        page = document.layout.pages[0]
        found = []
        start = document.text.find(word)
        while start >= 0:
            box = page.boxes[start - page.start]
            assert box is not None
            found.append(box)
            start = document.text.find(word, start + 1)
        return found

    for word in ("Scaled", "here", "Rotated"):
        for before, after in zip(boxes(source, word), boxes(out, word), strict=True):
            assert after == pytest.approx(before, abs=1.0)


@pytest.mark.parametrize("mode", ["raster", "keep-text"])
def test_rotated_page_boxes_land_on_the_text(tmp_path: Path, mode: str) -> None:
    pdf = pdfium.PdfDocument(make_pdf(tmp_path / "p.pdf", ["Hello Ann Lee there"]))
    pdf[0].set_rotation(90)
    pdf.save(tmp_path / "rotated.pdf")
    pdf.close()
    source = load_document(tmp_path / "rotated.pdf")
    replacements = make_replacements(source.text, {"Ann Lee": "[name]"})
    write_anonymized(source, replacements, tmp_path / "out.pdf", pdf_mode=mode)  # type: ignore[arg-type]
    assert isinstance(source.layout, PdfLayout)
    [(left, bottom, right, top)] = redaction_boxes(source.layout, replacements)[0]
    original = pdfium.PdfDocument(tmp_path / "rotated.pdf")[0]
    x, y = (
        original.render(scale=1)
        .get_posconv(original)
        .to_bitmap((left + right) / 2, (bottom + top) / 2)
    )
    bitmap = pdfium.PdfDocument(tmp_path / "out.pdf")[0].render(scale=1)
    assert _darkness(bitmap, int(x), int(y)) < 40


@pytest.mark.parametrize("mode", ["raster", "keep-text"])
def test_the_same_document_anonymised_twice_is_the_same_file(
    source: Document, tmp_path: Path, mode: str
) -> None:
    # pdfium draws a random file identifier; a batch job, a cluster job and a retried task
    # must all write the same bytes for the same input.
    first = _write(source, tmp_path / "first.pdf", mode).read_bytes()
    second = _write(source, tmp_path / "second.pdf", mode).read_bytes()
    assert first == second
    assert re.search(rb"/ID\s*\[<[0-9A-F]{32}><[0-9A-F]{32}>\]", first)
    pdfium.PdfDocument(first).close()  # still a valid PDF
