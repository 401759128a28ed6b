"""Writers: put replacements back into a file of the document's own format.

Contract (used by ``redact anonymize``)::

    write_anonymized(document, replacements, out_path, *, substitutions={}, pdf_mode="raster")
        -> WriteResult(out_path, warnings)

- ``replacements`` are :class:`~redaction.anonymization.replacement.Replacement` values with
  code-point offsets into ``document.text`` (disjoint; ``original`` must match the text).
- ``substitutions`` maps original PII strings to their replacement text; writers use it for the
  places outside ``document.text``: hyperlink targets, document properties, comment authors.
- ``pdf_mode``: "raster" (default, safe: image-only PDF with black boxes) or "keep-text"
  (text objects under the boxes removed, the other characters re-inserted, so text stays
  selectable). A PDF with pages read by OCR is always written in raster mode: the words are
  pixels of an image, which only painting removes.
- Images (PNG, JPEG, TIFF) are written in their own format with the boxes painted and no
  metadata.
- The output never overwrites the input (DocumentError). DOCX and PDF writers reopen
  ``document.path``, which must still hold the bytes the document was loaded from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from redaction.anonymization.replacement import Replacement, check_replacements
from redaction.anonymization.writers.common import WriteResult, check_output_path
from redaction.documents.model import Document, DocxLayout, ImageLayout, PdfLayout, TextLayout
from redaction.errors import DocumentError

PdfMode = Literal["raster", "keep-text"]

__all__ = ["PdfMode", "Replacement", "WriteResult", "write_anonymized"]


def write_anonymized(
    document: Document,
    replacements: Sequence[Replacement],
    out_path: str | Path,
    *,
    substitutions: Mapping[str, str] | None = None,
    pdf_mode: PdfMode = "raster",
) -> WriteResult:
    """Write ``document`` with ``replacements`` applied to ``out_path`` (same format)."""
    out = Path(out_path)
    check_output_path(document, out)
    ordered = check_replacements(document.text, replacements)
    subs = dict(substitutions or {})
    layout = document.layout
    if isinstance(layout, TextLayout):
        from redaction.anonymization.writers.text_writer import write_text

        return write_text(document, layout, ordered, out)
    if isinstance(layout, DocxLayout):
        from redaction.anonymization.writers.docx_writer import write_docx

        return write_docx(document, layout, ordered, out, subs)
    if isinstance(layout, ImageLayout):
        from redaction.anonymization.writers.image_writer import write_image

        return write_image(document, layout, ordered, out)
    if isinstance(layout, PdfLayout):
        ocr = [page.index + 1 for page in layout.pages if page.ocr]
        if pdf_mode == "raster" or (pdf_mode == "keep-text" and ocr):
            from redaction.anonymization.writers.pdf_raster import write_pdf_raster

            result = write_pdf_raster(document, layout, ordered, out)
            if pdf_mode == "keep-text":
                result.warnings.insert(
                    0,
                    f"{out}: written as images (raster mode): page(s) "
                    f"{', '.join(map(str, ocr))} were read by OCR and have no text to keep",
                )
            return result
        if pdf_mode == "keep-text":
            from redaction.anonymization.writers.pdf_keep_text import write_pdf_keep_text

            return write_pdf_keep_text(document, layout, ordered, out, subs)
        raise DocumentError(out, f"unknown PDF mode {pdf_mode!r} (raster or keep-text)")
    raise DocumentError(document.path, f"no writer for {type(layout).__name__}")
