"""Scans: PNG, JPEG, TIFF and image-only PDFs are read by OCR, their PII is painted out in an
output of the same format with no metadata, and the leak check reads every output again by OCR.

The scans are rendered from synthetic CVs (tests/scans.py): the name in a large heading, the
e-mail in small print, grey paper with noise, a slight rotation.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from faker import Faker
from hypothesis import given
from hypothesis import strategies as st

from annotations.cli import main
from redaction.anonymization.leakcheck import check_output
from redaction.anonymization.writers import write_anonymized
from redaction.documents import ImageLayout, PdfLayout, load_document
from redaction.documents.ocr import ENGINE_MISSING, OcrWord, assemble, ocr_available, read_words
from redaction.errors import CorruptFileError, OcrUnavailableError
from tests.factories import make_cv_text, make_replacements
from tests.scans import render_scan, save_scan, scan_pdf

# CI sets REDACT_REQUIRE_OCR: there the OCR tests fail rather than skip.
if not ocr_available() and os.environ.get("REDACT_REQUIRE_OCR"):
    pytest.fail(f"REDACT_REQUIRE_OCR is set but: {ENGINE_MISSING}", pytrace=False)
needs_ocr = pytest.mark.skipif(not ocr_available(), reason=ENGINE_MISSING)

DPI = 150  # the low end of what scanners write: the hardest case the issue asks for


@pytest.fixture(scope="module")
def cv() -> tuple[str, dict[str, str]]:
    fake = Faker("en_GB")
    fake.seed_instance(11)
    text, spans = make_cv_text(fake)
    return text, {s.label: s.text or "" for s in spans}


@pytest.fixture(scope="module")
def page(cv: tuple[str, dict[str, str]]):  # type: ignore[no-untyped-def]
    return render_scan(cv[0], dpi=DPI)


@pytest.fixture
def no_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDACT_TESSERACT", str(tmp_path / "no-such-tesseract"))


def _all_secrets(pii: dict[str, str]) -> dict[str, str]:
    return {
        pii["PERSON"]: "[name]",
        pii["EMAIL_ADDRESS"]: "[email]",
        pii["URL"]: "[url]",
        pii["PHONE_NUMBER"]: "[phone]",
    }


@needs_ocr
@pytest.mark.parametrize("suffix", [".png", ".jpg", ".tiff"])
def test_an_image_is_read_with_the_box_of_every_character(
    tmp_path: Path, cv: tuple[str, dict[str, str]], page, suffix: str
) -> None:
    text, pii = cv
    document = load_document(save_scan(page, tmp_path / f"cv{suffix}", dpi=DPI))
    assert document.format == "image"
    assert isinstance(document.layout, ImageLayout)
    for value in (pii["PERSON"], pii["EMAIL_ADDRESS"], pii["PHONE_NUMBER"]):
        assert value in document.text
    assert len(document.warnings) == bool(document.low_confidence)  # a warning only to check words
    [layout] = document.layout.pages
    assert layout.ocr and layout.width == pytest.approx(8.27 * 72, abs=1)
    # The heading is at the top of the page (PDF units: y grows upwards) and in large print.
    start = document.text.index(pii["PERSON"])
    name_boxes = [b for b in layout.boxes[start : start + len(pii["PERSON"])] if b]
    assert len(name_boxes) == len(pii["PERSON"].replace(" ", ""))
    assert min(b[1] for b in name_boxes) > layout.height * 0.8
    email_start = document.text.index(pii["EMAIL_ADDRESS"])
    email_box = layout.boxes[email_start]
    assert email_box is not None
    assert email_box[3] - email_box[1] < 0.75 * (name_boxes[0][3] - name_boxes[0][1])


@needs_ocr
def test_a_multi_page_tiff_gives_one_page_per_frame(tmp_path: Path, page) -> None:
    second = render_scan("Second Page\nReferences: Olga Kowalczyk, Leeds", dpi=DPI, angle=-0.5)
    path = tmp_path / "two.tif"
    page.save(path, "TIFF", save_all=True, append_images=[second], dpi=(DPI, DPI))
    document = load_document(path)
    assert isinstance(document.layout, ImageLayout)
    assert [p.index for p in document.layout.pages] == [0, 1]
    second_page = document.layout.pages[1]
    assert "Olga Kowalczyk" in document.text[second_page.start : second_page.end]


@needs_ocr
def test_a_scanned_pdf_is_read_by_ocr_and_written_as_images_even_in_keep_text_mode(
    tmp_path: Path, cv: tuple[str, dict[str, str]], page
) -> None:
    text, pii = cv
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_pdf([page], dpi=DPI))
    document = load_document(path)
    assert isinstance(document.layout, PdfLayout) and document.layout.pages[0].ocr
    assert pii["PERSON"] in document.text and not document.unreadable
    replacements = make_replacements(document.text, _all_secrets(pii), blackout=True)
    result = write_anonymized(document, replacements, tmp_path / "out.pdf", pdf_mode="keep-text")
    assert "were read by OCR and have no text to keep" in result.warnings[0]
    secrets = [("PERSON", pii["PERSON"]), ("EMAIL_ADDRESS", pii["EMAIL_ADDRESS"])]
    report = check_output(result.out_path, "pdf", secrets, ocr=True)
    assert report.ok, report.hits
    # The same check on a copy written without the replacements reads the name back.
    unredacted = write_anonymized(document, [], tmp_path / "unredacted.pdf")
    report = check_output(unredacted.out_path, "pdf", secrets, ocr=True)
    assert {hit.where for hit in report.hits} >= {"OCR text"}


@needs_ocr
def test_an_image_output_has_the_pii_painted_out_and_no_metadata(
    tmp_path: Path, cv: tuple[str, dict[str, str]], page
) -> None:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    text, pii = cv
    info = PngInfo()
    info.add_text("Author", pii["PERSON"])
    exif = Image.Exif()
    exif[0x013B] = pii["PERSON"]  # Artist
    path = tmp_path / "cv.png"
    page.save(path, "PNG", pnginfo=info, exif=exif, dpi=(DPI, DPI))
    document = load_document(path)
    assert document.properties["png:Author"] == pii["PERSON"]
    assert document.properties["exif:Artist"] == pii["PERSON"]
    replacements = make_replacements(document.text, _all_secrets(pii), blackout=True)
    out = write_anonymized(document, replacements, tmp_path / "out.png").out_path
    with Image.open(out) as written:
        assert written.format == "PNG" and written.size == page.size
        assert not getattr(written, "text", {}) and not written.getexif()
    read = " ".join(word.text for word in read_words(Image.open(out), out))
    for value in _all_secrets(pii):
        assert value.split()[0] not in read
    assert "PROFILE" in read  # the rest of the page is still there


@needs_ocr
def test_redact_anonymize_reads_scans_and_proves_them_clean(
    tmp_path: Path, cv: tuple[str, dict[str, str]], page, capsys: pytest.CaptureFixture[str]
) -> None:
    text, pii = cv
    folder = tmp_path / "in"
    folder.mkdir()
    save_scan(page, folder / "cv.jpg", dpi=DPI)
    (folder / "cv.pdf").write_bytes(scan_pdf([page], dpi=DPI))
    out = tmp_path / "out"
    code = main(["anonymize", str(folder), "--out", str(out)])
    err = capsys.readouterr().err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    statuses = {Path(d["input"]).suffix: d["status"] for d in report["documents"]}
    assert statuses == {".jpg": "ok", ".pdf": "ok"}, err
    assert code == 0
    outputs = sorted(p.suffix for p in out.glob("doc-*"))
    assert outputs == [".jpg", ".pdf"]
    for output in out.glob("doc-*"):
        fmt = "image" if output.suffix == ".jpg" else "pdf"
        secrets = [("PERSON", pii["PERSON"]), ("EMAIL_ADDRESS", pii["EMAIL_ADDRESS"])]
        assert check_output(output, fmt, secrets, ocr=True).ok


def test_without_the_engine_an_image_is_refused_with_one_line(
    tmp_path: Path, page, no_engine: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = save_scan(page, tmp_path / "cv.png", dpi=DPI)
    with pytest.raises(OcrUnavailableError) as raised:
        load_document(path)
    assert str(raised.value) == f"{path}: {ENGINE_MISSING}"
    assert main(["anonymize", str(path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert ENGINE_MISSING in err
    assert not list((tmp_path / "out").glob("doc-*"))


def test_without_the_engine_a_scanned_pdf_is_never_written_as_anonymised(
    tmp_path: Path, page, no_engine: None
) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_pdf([page], dpi=DPI))
    document = load_document(path)
    assert document.unreadable == [f"no text found (a scanned PDF); {ENGINE_MISSING}"]


def test_the_makefile_names_the_package_in_the_same_words() -> None:
    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text(encoding="utf-8")
    assert ENGINE_MISSING in makefile


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "corrupt image"),
        (b"\xff\xd8\xff\xe0" + b"JFIF" * 10, "corrupt image"),
    ],
)
def test_a_corrupt_image_is_one_line_naming_the_file(
    tmp_path: Path, data: bytes, problem: str
) -> None:
    if not ocr_available():
        pytest.skip(ENGINE_MISSING)
    path = tmp_path / "broken.png"
    path.write_bytes(data)
    with pytest.raises(CorruptFileError) as raised:
        load_document(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: {problem}") and "\n" not in message


_words = st.lists(
    st.tuples(
        st.text(st.characters(categories=["L", "N", "P"]), min_size=1, max_size=12),
        st.integers(1, 3),  # paragraph
        st.integers(1, 4),  # line
        st.integers(0, 100),  # confidence
    ),
    max_size=25,
)


@given(_words)
def test_assembled_text_gives_every_character_a_share_of_its_word_box(words) -> None:  # type: ignore[no-untyped-def]
    ocr_words = [
        OcrWord(text, 10 * n, 100 * line, 10 * n + 7 * len(text), 100 * line + 20, conf,
                (1, paragraph), line)
        for n, (text, paragraph, line, conf) in enumerate(words)
    ]  # fmt: skip
    page = assemble(ocr_words, lambda box: box)
    assert len(page.boxes) == len(page.text)
    assert page.text.split() == [w.text for w in ocr_words]
    position = 0
    for word in ocr_words:
        start = page.text.index(word.text, position)
        boxes = page.boxes[start : start + len(word.text)]
        assert all(b is not None for b in boxes)
        assert boxes[0][0] == pytest.approx(word.left)  # type: ignore[index]
        assert boxes[-1][2] == pytest.approx(word.right)  # type: ignore[index]
        assert ((start, start + len(word.text)) in page.low_confidence) == (word.confidence < 60)
        position = start + len(word.text)
    assert all(
        box is None for char, box in zip(page.text, page.boxes, strict=True) if char.isspace()
    )


def test_a_broken_image_named_txt_is_read_as_an_image_and_reported_corrupt(tmp_path: Path) -> None:
    if not ocr_available():
        pytest.skip(ENGINE_MISSING)
    path = tmp_path / "cv.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    with pytest.raises(CorruptFileError) as raised:
        load_document(path)
    assert str(raised.value).startswith(f"{path}: corrupt image")


def test_a_scan_named_pdf_is_read_as_an_image_and_written_as_one(tmp_path: Path, page) -> None:
    if not ocr_available():
        pytest.skip(ENGINE_MISSING)
    from redaction.anonymization.engine import output_name

    path = tmp_path / "scan.pdf"
    save_scan(page, tmp_path / "scan.png", dpi=DPI).rename(path)
    document = load_document(path)
    assert document.format == "image"
    assert document.warnings[0] == "this is an image, not a PDF: read as an image"
    assert output_name(document).endswith(".png")  # the copy opens in an image viewer
