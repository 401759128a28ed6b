"""Documents: load TXT, Markdown, DOCX, PDF and scans (read by OCR) into a :class:`Document`
(text + origin of every character), the input of detection and the base the anonymisation
writers work from."""

from redaction.documents.loading import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_EXTENSIONS,
    document_format,
    iter_document_paths,
    load_document,
    load_document_bytes,
)
from redaction.documents.model import (
    DOCX_PART_SEPARATOR,
    PDF_PAGE_SEPARATOR,
    Box,
    Document,
    DocumentFormat,
    DocxLayout,
    DocxPart,
    DocxSegment,
    Hyperlink,
    ImageLayout,
    Layout,
    PdfLayout,
    PdfPageLayout,
    TextLayout,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DOCX_PART_SEPARATOR",
    "PDF_PAGE_SEPARATOR",
    "SUPPORTED_EXTENSIONS",
    "Box",
    "Document",
    "DocumentFormat",
    "DocxLayout",
    "DocxPart",
    "DocxSegment",
    "Hyperlink",
    "ImageLayout",
    "Layout",
    "PdfLayout",
    "PdfPageLayout",
    "TextLayout",
    "document_format",
    "iter_document_paths",
    "load_document",
    "load_document_bytes",
]
