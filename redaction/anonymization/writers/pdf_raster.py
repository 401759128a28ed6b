"""PDF, safe mode: every page becomes an image with black boxes; nothing else is kept."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium

from redaction.anonymization.replacement import Replacement
from redaction.anonymization.writers.common import WriteResult, read_original, write_bytes
from redaction.anonymization.writers.pdf_boxes import no_text_warnings, redaction_boxes
from redaction.anonymization.writers.pdf_clean import blank_info, stable_id
from redaction.documents.model import Document, PdfLayout
from redaction.documents.pdf_loader import open_pdf, scan_dpi

#: Render scale: 2 = 144 dpi, legible and small once pdfium compresses the image.
SCALE = 2.0
#: Longest side of a rendered page in pixels: posters and maps get a lower scale.
MAX_PIXELS = 5000
BLACK = (0, 0, 0, 255)


def _has_non_link_annotations(page: pdfium.PdfPage) -> bool:
    import pypdfium2.raw as pdfium_c

    for n in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, n)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_LINK:
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return False


def write_pdf_raster(
    document: Document, layout: PdfLayout, replacements: Sequence[Replacement], out: Path
) -> WriteResult:
    """Render each page, paint the boxes of the redacted characters, write an image-only PDF
    with no metadata, annotations, attachments, forms, JavaScript or outlines."""
    data = read_original(document)
    source = open_pdf(document.path, data)
    boxes = redaction_boxes(layout, replacements)
    warnings = no_text_warnings(layout, document.text, out)
    skipped_annotations = False
    target = pdfium.PdfDocument.new()
    try:
        for index in range(len(source)):
            page = source[index]
            skipped_annotations |= _has_non_link_annotations(page)
            # A scanned page keeps its scan's resolution: small print stays legible.
            wanted = max(SCALE, scan_dpi(page) / 72) if layout.pages[index].ocr else SCALE
            scale = min(wanted, MAX_PIXELS / max(page.get_size()))
            bitmap = page.render(scale=scale, draw_annots=False, may_draw_forms=False)
            convert = bitmap.get_posconv(page)
            for left, bottom, right, top in boxes.get(index, []):
                corners = [convert.to_bitmap(x, y) for x in (left, right) for y in (bottom, top)]
                xs = [int(c[0]) for c in corners]
                ys = [int(c[1]) for c in corners]
                x0, y0 = max(min(xs) - 1, 0), max(min(ys) - 1, 0)
                x1, y1 = min(max(xs) + 1, bitmap.width), min(max(ys) + 1, bitmap.height)
                if x1 > x0 and y1 > y0:
                    bitmap.fill_rect(BLACK, x0, y0, x1 - x0, y1 - y0)
            width, height = bitmap.width / scale, bitmap.height / scale
            new_page = target.new_page(width, height)
            image = pdfium.PdfImage.new(target)
            image.set_bitmap(bitmap)
            image.set_matrix(pdfium.PdfMatrix().scale(width, height))
            new_page.insert_obj(image)
            new_page.gen_content()
            bitmap.close()
            page.close()
        buffer = io.BytesIO()
        target.save(buffer)
    finally:
        target.close()
        source.close()
    if skipped_annotations:
        warnings.append(f"{out}: annotations and form fields were not kept in the output")
    write_bytes(out, stable_id(blank_info(buffer.getvalue())))
    return WriteResult(out, warnings)
