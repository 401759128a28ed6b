"""PDF outputs keep nothing of the input's page dictionaries that could show the unredacted
page: no thumbnail, no /PieceInfo private data, no page actions, no page XMP."""

from __future__ import annotations

import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from redaction.anonymization.leakcheck import check_output
from redaction.anonymization.writers import write_anonymized
from redaction.anonymization.writers.pdf_clean import drop_page_keys
from redaction.documents import load_document
from tests.factories import make_replacements


def build_pdf(objects: dict[int, bytes]) -> bytes:
    """A classic PDF (object 1 the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref, size = len(out), max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        entry = (
            f"{offsets[number]:010d} 00000 n \n" if number in offsets else "0" * 10 + " 65535 f \n"
        )
        out += entry.encode()
    out += f"trailer\n<</Size {size}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<<" + extra + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


THUMB_TEXT = b"Lewis Smith lgsmith271@gmail.com in the thumbnail"


@pytest.fixture
def page_dicts_pdf(tmp_path: Path) -> Path:
    content = b"BT /F1 12 Tf 72 760 Td (Curriculum vitae of Lewis Smith) Tj ET\n"
    content += b"BT /F1 12 Tf 72 740 Td (Kept line: I like long walks.) Tj ET\n"
    path = tmp_path / "cv.pdf"
    objects = {
        1: b"<</Type/Catalog/Pages 2 0 R>>",
        2: b"<</Type/Pages/Kids[4 0 R]/Count 1>>",
        4: (
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 5 0 R>>>>"
            b"/Contents 6 0 R/Thumb 7 0 R/PieceInfo<</App<</Private(Lewis Smith private)>>>>"
            b"/AA<</O<</S/JavaScript/JS(app.alert\\('Lewis Smith'\\))>>>>/Metadata 8 0 R>>"
        ),
        5: b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
        6: stream(content),
        7: stream(
            zlib.compress(THUMB_TEXT),
            b"/Width %d/Height 1/ColorSpace/DeviceGray/BitsPerComponent 8/Filter/FlateDecode"
            % len(THUMB_TEXT),
        ),
        8: stream(b"<x:xmpmeta>page XMP by Lewis Smith</x:xmpmeta>", b"/Type/Metadata/Subtype/XML"),
    }
    path.write_bytes(build_pdf(objects))
    return path


@pytest.mark.parametrize("mode", ["keep-text", "raster"])
def test_page_thumbnail_piece_info_actions_and_xmp_do_not_survive(
    page_dicts_pdf: Path, tmp_path: Path, mode: str
) -> None:
    document = load_document(page_dicts_pdf)
    out = tmp_path / f"out-{mode}.pdf"
    write_anonymized(
        document,
        make_replacements(document.text, {"Lewis Smith": "[name] [surname]"}, label="PERSON"),
        out,
        pdf_mode=mode,
    )
    data = out.read_bytes()
    for key in (b"/Thumb", b"/PieceInfo", b"/AA", b"/Metadata", b"Lewis", b"JavaScript"):
        assert key not in data
    assert zlib.compress(THUMB_TEXT) not in data
    pdf = pdfium.PdfDocument(str(out))
    assert len(pdf) == 1
    if mode == "keep-text":
        assert "Kept line" in pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert check_output(out, "pdf", [("PERSON", "Lewis Smith")]).ok


def test_dropping_page_keys_keeps_offsets_and_shared_objects() -> None:
    objects = {
        1: b"<</Type/Catalog/Pages 2 0 R>>",
        2: b"<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>>",
        3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]/Thumb 5 0 R>>",
        4: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]/Thumb 5 0 R/Rotate 90>>",
        5: stream(b"\x00" * 4, b"/Width 2/Height 2/ColorSpace/DeviceGray/BitsPerComponent 8"),
    }
    data = build_pdf(objects)
    cleaned = drop_page_keys(data)
    assert len(cleaned) == len(data) and b"/Thumb" not in cleaned
    assert b"/Rotate 90" in cleaned
    pdf = pdfium.PdfDocument(cleaned)
    assert len(pdf) == 2 and pdf[1].get_rotation() == 90
    pdf.close()
