"""DOCX and PDF anonymised end to end; every output is checked by the leak check AND by an
independent extraction here (python-docx, the zip parts, pypdfium2, the raw bytes)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from redaction.anonymization.engine import anonymize_document
from redaction.documents import load_document
from redaction.spans import Span
from tests.factories import make_docx, make_pdf

PII = {
    "Lewis Smith": "PERSON",
    "lgsmith271@gmail.com": "EMAIL_ADDRESS",
    "07700 900123": "PHONE_NUMBER",
    "Acme Widgets": "ORGANIZATION",
    "Manchester": "LOCATION",
}
#: What must not be found anywhere in an output (case-insensitive), beyond the PII strings.
FORBIDDEN = [*PII, "lewis-smith", "lgsmith271", "Smith", "900123"]


def confirmed_spans(text: str) -> list[Span]:
    """Every occurrence of every PII string, as an annotator would have confirmed them."""
    return [
        Span(m.start(), m.end(), label)
        for value, label in PII.items()
        for m in re.finditer(re.escape(value), text)
    ]


def assert_nothing_found(haystack: str, where: str) -> None:
    for value in FORBIDDEN:
        assert value.lower() not in haystack.lower(), f"{value!r} survived in {where}"


@pytest.fixture
def cv_docx(tmp_path: Path) -> Path:
    return make_docx(
        tmp_path / "in" / "cv.docx",
        body=[
            "Lewis Smith",
            [("Contact Lew", ""), ("is Smi", "b"), ("th at Acme Widgets", "i")],
            "Email lgsmith271@gmail.com or phone 07700 900123.",
        ],
        header="Curriculum vitae of Lewis Smith",
        footer="lgsmith271@gmail.com",
        table_rows=[["Employer", "Acme Widgets"], ["City", "Manchester"]],
        hyperlink=("my profile", "https://www.linkedin.com/in/lewis-smith-271"),
        comment=("Acme Widgets", "Checked by Lewis Smith", "Lewis Smith"),
        core_properties={
            "author": "Lewis Smith",
            "last_modified_by": "lgsmith271",
            "title": "CV Lewis Smith",
        },
        custom_properties={"Owner": "Lewis Smith"},
        footnote="Footnote by Lewis Smith",
        textbox="Box: Lewis Smith",
    )


@pytest.fixture(autouse=True)
def _input_folder(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()


@pytest.mark.parametrize("style", ["placeholder", "pseudonym", "mask", "redact", "blackout"])
def test_docx_end_to_end(cv_docx: Path, tmp_path: Path, style: str, context) -> None:  # type: ignore[no-untyped-def]
    import docx

    document = load_document(cv_docx)
    out = tmp_path / "out.docx"
    report = anonymize_document(
        document, confirmed_spans(document.text), out, style=style, context=context()
    )
    assert report.status == "ok", report.error
    assert report.leak_check and report.leak_check["passed"]
    assert report.spans_by_label["PERSON"] >= 5

    # Independent read: every zip part, raw and with tags stripped; python-docx's own view.
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            xml = archive.read(name).decode("utf-8", "replace")
            assert_nothing_found(xml, name)
            assert_nothing_found(re.sub(r"<[^>]+>", "", xml), f"{name} text")
    word = docx.Document(str(out))
    body = "\n".join(p.text for p in word.paragraphs)
    assert_nothing_found(body, "body")
    props = word.core_properties
    assert_nothing_found(f"{props.author} {props.last_modified_by} {props.title}", "properties")
    header = word.sections[0].header.paragraphs[0].text
    assert header.startswith("Curriculum vitae of ")  # the rest of the header is kept
    if style == "placeholder":
        assert header == "Curriculum vitae of [name] [surname]"
        assert "[company]" in "\n".join(c.text for r in word.tables[0].rows for c in r.cells)


@pytest.mark.parametrize("mode", ["raster", "keep-text"])
def test_pdf_end_to_end(tmp_path: Path, mode: str, context) -> None:  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    path = make_pdf(
        tmp_path / "in" / "cv.pdf",
        [
            "Lewis Smith",
            "Email lgsmith271@gmail.com, phone 07700 900123\nAcme Widgets, Manchester",
            "Second page: references on request.",
        ],
        metadata={"Author": "Lewis Smith", "Title": "CV of Lewis Smith"},
        link_annotation_uri="https://www.linkedin.com/in/lewis-smith-271",
        xmp="Lewis Smith",
    )
    document = load_document(path)
    out = tmp_path / "out.pdf"
    report = anonymize_document(
        document, confirmed_spans(document.text), out, context=context(), pdf_mode=mode
    )
    assert report.status == "ok", report.error

    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(out))
    pages = [pdf[i] for i in range(len(pdf))]
    text = "\n".join(page.get_textpage().get_text_range() for page in pages)
    assert_nothing_found(text, "text")
    assert_nothing_found(str(pdf.get_metadata_dict()), "metadata")
    assert all(raw.FPDFPage_GetAnnotCount(page.raw) == 0 for page in pages)
    if mode == "keep-text":
        assert "references on request" in text  # the rest stays selectable
    else:
        assert not text.strip()
    pdf.close()
    assert_nothing_found(out.read_bytes().decode("latin-1"), "raw bytes")


def test_scanned_pdf_fails_unless_copying_is_asked_for(tmp_path: Path, context) -> None:  # type: ignore[no-untyped-def]
    document = load_document(make_pdf(tmp_path / "in" / "scan.pdf", ["", ""]))
    report = anonymize_document(document, [], tmp_path / "out.pdf", context=context())
    assert report.status == "failed"
    assert report.error is not None and report.error.startswith("not anonymised: no text found")
    assert not (tmp_path / "out.pdf").exists()
    report = anonymize_document(
        document, [], tmp_path / "out.pdf", context=context(), copy_unreadable=True
    )
    assert report.status == "ok"
    assert any("copied as it is, not anonymised" in w for w in report.warnings)
    assert (tmp_path / "out.pdf").exists()


def test_a_pdf_with_a_scanned_page_among_text_pages_fails_without_ocr(
    tmp_path: Path, context, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    from redaction.documents.ocr import ENGINE_MISSING

    monkeypatch.setenv("REDACT_TESSERACT", str(tmp_path / "no-such-tesseract"))
    import pypdfium2.raw as pdfium_c

    path = make_pdf(tmp_path / "in" / "cv.pdf", ["Jane Smith\nReferences on request", ""])
    pdf = pdfium.PdfDocument(path)
    image = pdfium.PdfImage.new(pdf)
    bitmap = pdfium.PdfBitmap.new_native(40, 20, pdfium_c.FPDFBitmap_BGRA)
    bitmap.fill_rect((0, 0, 0, 255), 0, 0, 40, 20)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(200, 100).translate(50, 500))
    page = pdf[1]
    page.insert_obj(image)
    page.gen_content()
    scanned = tmp_path / "in" / "scanned-page.pdf"
    pdf.save(scanned)
    pdf.close()
    document = load_document(scanned)
    assert document.unreadable == [f"no text found on page(s) 2 (scanned); {ENGINE_MISSING}"]
    report = anonymize_document(document, [], tmp_path / "out.pdf", context=context())
    assert report.status == "failed" and not (tmp_path / "out.pdf").exists()
