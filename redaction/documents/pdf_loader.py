"""PDF (pypdfium2): text per page with the box of every character, metadata, link annotations.

Pages are separated by ``PDF_PAGE_SEPARATOR`` ("\\n\\n"); pdfium's "\\r\\n" line breaks become
"\\n". Each character's box and pdfium index are kept in ``PdfPageLayout``.
"""

from __future__ import annotations

import ctypes
import math
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from redaction.documents.model import (
    PDF_PAGE_SEPARATOR,
    Box,
    Document,
    Hyperlink,
    PdfLayout,
    PdfPageLayout,
)
from redaction.documents.ocr import ENGINE_MISSING, ocr_available, ocr_warnings
from redaction.errors import CorruptFileError, EncryptedFileError

#: Info dictionary keys -> property keys (the names DOCX properties use where they overlap).
INFO_KEYS = {
    "Title": "title",
    "Author": "author",
    "Subject": "subject",
    "Keywords": "keywords",
    "Creator": "creator",
    "Producer": "producer",
    "CreationDate": "created",
    "ModDate": "modified",
}
_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.DOTALL)
_XMP_VALUE = re.compile(r">([^<>]*\S[^<>]*)<")
_MIN_CHARS_PER_PAGE = 5  # fewer non-space characters than this on every page: no text layer


def open_pdf(path: Path, data: bytes) -> pdfium.PdfDocument:
    """Open with pdfium, mapping its errors to our typed ones."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedFileError(path, "encrypted PDF (a password is needed)") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedFileError(path, "encrypted PDF (unsupported security handler)") from None
        raise CorruptFileError(path, "corrupt PDF (pdfium cannot parse it)") from None


def _page_text(textpage: pdfium.PdfTextPage) -> tuple[str, list[Box | None], list[int]]:
    raw = textpage.raw
    chars: list[str] = []
    boxes: list[Box | None] = []
    indices: list[int] = []
    count = textpage.count_chars()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    i = 0
    while i < count:
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        index = i
        i += 1
        if 0xD800 <= code < 0xDC00 and i < count:  # a surrogate pair spread over two indices
            low = pdfium_c.FPDFText_GetUnicode(raw, i)
            if 0xDC00 <= low < 0xE000:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                i += 1
        if code == 0x0D:  # pdfium writes "\r\n" at line ends
            if i < count and pdfium_c.FPDFText_GetUnicode(raw, i) == 0x0A:
                continue
            code = 0x0A
        if code < 0x20 and code not in (0x09, 0x0A) or 0xD800 <= code < 0xE000 or code == 0xFFFE:
            continue
        generated = pdfium_c.FPDFText_IsGenerated(raw, index) == 1
        box: Box | None = None
        if not generated and pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top):
            box = (left.value, bottom.value, right.value, top.value)
        chars.append(chr(code))
        boxes.append(box)
        indices.append(index)
    return "".join(chars), boxes, indices


def _reading_order(
    textpage: pdfium.PdfTextPage, text: str, boxes: list[Box | None], indices: list[int]
) -> tuple[str, list[Box | None], list[int]]:
    """The characters of a rotated page (/Rotate) in the reading order of their own text frame.

    pdfium orders a rotated page's characters by the rotated display and can split a line whose
    glyphs are placed one by one ("L … ewis Smith"), so a name is found only in part. Here each
    character's baseline origin is turned into its text direction (``FPDFText_GetCharAngle``),
    lines are grouped by baseline (within a third of the font size), ordered top to bottom and
    left to right in that frame; spaces are kept where the text has them or where glyphs stand
    apart, and lines end with "\n". Characters pdfium generated (no box) are dropped.
    """
    raw = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    rect = pdfium_c.FS_RECTF()
    # (baseline, origin along the line, font size, ink start, ink end, char, box, index)
    placed: list[tuple[float, float, float, float, float, str, Box, int]] = []
    for char, box, index in zip(text, boxes, indices, strict=True):
        if box is None or index < 0:
            continue
        if not pdfium_c.FPDFText_GetCharOrigin(raw, index, x, y):
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(raw, index)
        angle = angle if angle >= 0 else 0.0
        cos, sin = math.cos(angle), math.sin(angle)
        u = x.value * cos + y.value * sin
        v = -x.value * sin + y.value * cos
        size = pdfium_c.FPDFText_GetFontSize(raw, index) or abs(box[3] - box[1]) or 10.0
        # The loose box spans the glyph's advance width, so neighbours in a word touch.
        loose = box
        if pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect):
            loose = (rect.left, rect.bottom, rect.right, rect.top)
        along = [bx * cos + by * sin for bx in (loose[0], loose[2]) for by in (loose[1], loose[3])]
        placed.append((v, u, size, min(along), max(along), char, box, index))
    placed.sort(key=lambda p: (-p[0], p[1]))
    lines: list[list[tuple[float, float, float, float, float, str, Box, int]]] = []
    for item in placed:
        if lines and abs(lines[-1][0][0] - item[0]) <= lines[-1][0][2] / 3:
            lines[-1].append(item)
        else:
            lines.append([item])
    out_text: list[str] = []
    out_boxes: list[Box | None] = []
    out_indices: list[int] = []
    for number, line in enumerate(lines):
        if number:
            out_text.append("\n")
            out_boxes.append(None)
            out_indices.append(-1)
        line.sort(key=lambda p: p[1])
        previous = None
        for item in line:
            _, _, size, ink_start, _, char, box, index = item
            # Glyphs that stand apart by more than 0.15 em are separate words.
            if (
                previous is not None
                and not char.isspace()
                and not previous[5].isspace()
                and ink_start - previous[4] > size * 0.15
            ):
                out_text.append(" ")
                out_boxes.append(None)
                out_indices.append(-1)
            out_text.append(char)
            out_boxes.append(box)
            out_indices.append(index)
            previous = item
    return "".join(out_text), out_boxes, out_indices


def _uri(pdf: pdfium.PdfDocument, annot: ctypes.c_void_p) -> str:
    link = pdfium_c.FPDFAnnot_GetLink(annot)
    action = pdfium_c.FPDFLink_GetAction(link) if link else None
    if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
        return ""
    size = pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, None, 0)
    if size <= 1:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, buffer, size)
    return buffer.raw[: size - 1].decode("utf-8", errors="replace")


def _annotation_contents(annot: ctypes.c_void_p) -> str:
    size = pdfium_c.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAnnot_GetStringValue(
        annot, b"Contents", ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size
    )
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def _annotations(
    pdf: pdfium.PdfDocument, page: pdfium.PdfPage, layout: PdfPageLayout, properties: dict[str, str]
) -> list[Hyperlink]:
    links: list[Hyperlink] = []
    for n in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, n)
        if not annot:
            continue
        try:
            contents = _annotation_contents(annot)
            if contents.strip():
                properties[f"annotation:{layout.index + 1}:{n + 1}"] = contents
            if pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_LINK:
                continue
            target = _uri(pdf, annot)
            if not target:
                continue
            rect = pdfium_c.FS_RECTF()
            pdfium_c.FPDFAnnot_GetRect(annot, rect)
            links.append(Hyperlink(*_chars_in_rect(layout, rect), target))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return links


def _chars_in_rect(layout: PdfPageLayout, rect: pdfium_c.FS_RECTF) -> tuple[int, int]:
    x0, x1 = sorted((rect.left, rect.right))
    y0, y1 = sorted((rect.bottom, rect.top))
    inside = [
        i
        for i, box in enumerate(layout.boxes)
        if box is not None
        and x0 <= (box[0] + box[2]) / 2 <= x1
        and y0 <= (box[1] + box[3]) / 2 <= y1
    ]
    if not inside:
        return -1, -1
    return layout.start + inside[0], layout.start + inside[-1] + 1


def read_metadata(pdf: pdfium.PdfDocument, data: bytes) -> dict[str, str]:
    """Info dictionary, XMP packet values and attachment names."""
    properties: dict[str, str] = {}
    for key, value in pdf.get_metadata_dict(skip_empty=True).items():
        properties[INFO_KEYS.get(key, key.lower())] = value
    values: list[str] = []
    for packet in _XMP.findall(data):
        xml = packet.decode("utf-8", errors="replace")
        values.extend(v.strip() for v in _XMP_VALUE.findall(xml))
    if values:
        properties["xmp"] = "; ".join(values)
    names = [pdf.get_attachment(i).get_name() for i in range(pdf.count_attachments())]
    if names:
        properties["attachments"] = ", ".join(names)
    return properties


def _has_images(page: pdfium.PdfPage) -> bool:
    """Does the page show an image (a scanned page is one)?"""
    return (
        next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)), None)
        is not None
    )


#: OCR renders a scanned page at the resolution of its image, within these bounds (dpi).
OCR_DPI = (150.0, 300.0)


def scan_dpi(page: pdfium.PdfPage) -> float:
    """The resolution of the page's largest image, clamped to ``OCR_DPI`` (300 when unknown)."""
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            width_px, _ = obj.get_px_size()
            left, _, right, _ = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        if right - left > 1:
            best = max(best, width_px / ((right - left) / 72.0))
    low, high = OCR_DPI
    return min(max(best, low), high) if best else high


def _ocr_page(
    path: Path, page: pdfium.PdfPage
) -> tuple[str, list[Box | None], list[int], list[tuple[int, int]]]:
    """Text, boxes (PDF points), pdfium indices (all -1) and low-confidence ranges of a scan."""
    from redaction.documents.ocr import ocr_page

    bitmap = page.render(scale=scan_dpi(page) / 72.0, grayscale=True, draw_annots=False)
    convert = bitmap.get_posconv(page)

    def to_box(pixels: tuple[float, float, float, float]) -> Box:
        left, top, right, bottom = pixels
        corners = [
            convert.to_page(round(x), round(y)) for x in (left, right) for y in (top, bottom)
        ]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return (min(xs), min(ys), max(xs), max(ys))

    read = ocr_page(bitmap.to_pil(), path, to_box)
    bitmap.close()
    return read.text, list(read.boxes), [-1] * len(read.text), list(read.low_confidence)


def load_pdf(path: Path, data: bytes, sha256: str) -> Document:
    pdf = open_pdf(path, data)
    try:
        pages: list[PdfPageLayout] = []
        chunks: list[str] = []
        hyperlinks: list[Hyperlink] = []
        scanned: list[int] = []  # pages with images but no text, not read by OCR
        read_by_ocr: list[int] = []
        low_confidence: list[tuple[int, int]] = []
        position = 0
        try:
            properties = read_metadata(pdf, data)
            for number in range(len(pdf)):
                page = pdf[number]
                textpage = page.get_textpage()
                text, boxes, indices = _page_text(textpage)
                if page.get_rotation() % 360:
                    text, boxes, indices = _reading_order(textpage, text, boxes, indices)
                if number:
                    chunks.append(PDF_PAGE_SEPARATOR)
                    position += len(PDF_PAGE_SEPARATOR)
                ocr = False
                if sum(not c.isspace() for c in text) < _MIN_CHARS_PER_PAGE and _has_images(page):
                    if ocr_available():
                        text, boxes, indices, low = _ocr_page(path, page)
                        low_confidence.extend((position + a, position + b) for a, b in low)
                        read_by_ocr.append(number + 1)
                        ocr = True
                    else:
                        scanned.append(number + 1)
                width, height = page.get_size()
                layout = PdfPageLayout(
                    number, width, height, position, position + len(text),
                    tuple(boxes), tuple(indices), ocr,
                )  # fmt: skip
                pages.append(layout)
                chunks.append(text)
                position += len(text)
                hyperlinks.extend(_annotations(pdf, page, layout, properties))
                textpage.close()
                page.close()
        except pdfium.PdfiumError as exc:
            raise CorruptFileError(path, f"corrupt PDF ({exc})") from None
    finally:
        pdf.close()
    text = "".join(chunks)
    warnings: list[str] = []
    if not pages:
        raise CorruptFileError(path, "corrupt PDF (no pages)")
    unreadable: list[str] = []
    textless = [
        p.index + 1
        for p in pages
        if sum(not c.isspace() for c in text[p.start : p.end]) < _MIN_CHARS_PER_PAGE
    ]
    if read_by_ocr:
        warnings += ocr_warnings(path, read_by_ocr, len(pages), len(low_confidence))
    if scanned and len(textless) == len(pages):
        warnings.append(f"{path}: no text layer found (a scanned PDF); {ENGINE_MISSING}")
        unreadable.append(f"no text found (a scanned PDF); {ENGINE_MISSING}")
    elif scanned:
        numbers = ", ".join(map(str, scanned))
        unreadable.append(f"no text found on page(s) {numbers} (scanned); {ENGINE_MISSING}")
        warnings.append(f"{path}: page(s) {numbers} hold images but no text; {ENGINE_MISSING}")
    elif len(textless) == len(pages) and not read_by_ocr:
        warnings.append(
            f"{path}: no text layer found (scanned PDF?); only raster redaction is possible"
        )
        unreadable.append("no text found (no text layer: a scanned PDF?)")
    return Document(
        path=path,
        format="pdf",
        text=text,
        sha256=sha256,
        size=len(data),
        properties=properties,
        hyperlinks=hyperlinks,
        layout=PdfLayout(tuple(pages)),
        warnings=warnings,
        unreadable=unreadable,
        low_confidence=low_confidence,
    )
