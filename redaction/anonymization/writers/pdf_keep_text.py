"""PDF, keep-text mode: the text objects holding redacted characters are removed and their other
words re-inserted (Helvetica, same origin, size, rotation, colour and render mode), black boxes are painted, and the
pages move to a new document so metadata, outlines, JavaScript, attachments and forms stay
behind; the page dictionaries lose their thumbnail (/Thumb, a picture of the unredacted page),
/PieceInfo, /AA and /Metadata. The result is checked by extracting its text again."""

from __future__ import annotations

import ctypes
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from redaction.anonymization.replacement import Replacement
from redaction.anonymization.writers.common import WriteResult, read_original, write_bytes
from redaction.anonymization.writers.pdf_boxes import (
    no_text_warnings,
    redacted_char_indices,
    redaction_boxes,
)
from redaction.anonymization.writers.pdf_clean import blank_info, drop_page_keys, stable_id
from redaction.documents.model import Box, Document, PdfLayout
from redaction.documents.pdf_loader import open_pdf
from redaction.errors import DocumentError


@dataclass
class _Word:
    text: str
    x: float
    y: float
    size: float
    color: tuple[int, int, int, int]
    render_mode: int
    matrix: tuple[float, float, float, float]  # the original object's scale/rotation


def _shape(obj: Any) -> tuple[float, tuple[float, float, float, float]]:
    """Font size and the linear part of the text object's matrix (scale, rotation, skew)."""
    size = ctypes.c_float(0)
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFTextObj_GetFontSize(obj, ctypes.byref(size)) or size.value <= 0:
        size.value = 10.0
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
        return size.value, (1.0, 0.0, 0.0, 1.0)
    return size.value, (matrix.a, matrix.b, matrix.c, matrix.d)


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _rewritten_objects(
    textpage: pdfium.PdfTextPage, redacted: set[int]
) -> dict[int, tuple[Any, list[_Word]]]:
    """Text objects that hold a redacted character (by address), with the kept words of each
    to re-insert."""
    raw = textpage.raw
    by_object: dict[int, list[int]] = {}
    handles: dict[int, object] = {}
    for index in range(textpage.count_chars()):
        obj = pdfium_c.FPDFText_GetTextObject(raw, index)
        key = _address(obj)
        if key:
            by_object.setdefault(key, []).append(index)
            handles[key] = obj
    doomed = {key for key, indices in by_object.items() if redacted.intersection(indices)}
    result: dict[int, tuple[Any, list[_Word]]] = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for key in doomed:
        words: list[_Word] = []
        result[key] = (handles[key], words)
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(handles[key])
        size, matrix = _shape(handles[key])
        current: _Word | None = None
        previous = -2
        for index in by_object[key]:
            char = chr(pdfium_c.FPDFText_GetUnicode(raw, index))
            if index in redacted or char.isspace() or index != previous + 1:
                current = None
            previous = index
            if index in redacted or char.isspace():
                continue
            if current is None:
                pdfium_c.FPDFText_GetCharOrigin(raw, index, x, y)
                pdfium_c.FPDFText_GetFillColor(raw, index, r, g, b, a)
                color = (r.value, g.value, b.value, a.value)
                current = _Word("", x.value, y.value, size, color, mode, matrix)
                words.append(current)
            current.text += char
    return result


def _insert_word(
    pdf: pdfium.PdfDocument, page: pdfium.PdfPage, font: object, word: _Word, index: int
) -> None:
    obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(word.size))
    encoded = word.text.encode("utf-16-le") + b"\x00\x00"
    buffer = ctypes.create_string_buffer(encoded, len(encoded))
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    pdfium_c.FPDFPageObj_SetFillColor(obj, *word.color)
    if word.render_mode >= 0:
        pdfium_c.FPDFTextObj_SetTextRenderMode(obj, word.render_mode)
    pdfium_c.FPDFPageObj_Transform(obj, *word.matrix, word.x, word.y)
    pdfium_c.FPDFPage_InsertObjectAtIndex(page.raw, obj, index)


def _replace_objects(
    pdf: pdfium.PdfDocument,
    page: pdfium.PdfPage,
    font: object,
    doomed: dict[int, tuple[Any, list[_Word]]],
) -> bool:
    """Swap each doomed object for its kept words, at its place in the content order (so text
    extraction keeps reading order). False if an object is not on the page itself."""
    order = {
        _address(pdfium_c.FPDFPage_GetObject(page.raw, i)): i
        for i in range(pdfium_c.FPDFPage_CountObjects(page.raw))
    }
    if any(key not in order for key in doomed):
        return False
    for key in sorted(doomed, key=lambda k: order[k], reverse=True):
        obj, words = doomed[key]
        index = order[key]
        if not pdfium_c.FPDFPage_RemoveObject(page.raw, obj):
            return False
        pdfium_c.FPDFPageObj_Destroy(obj)
        for word in reversed(words):
            _insert_word(pdf, page, font, word, index)
    return True


def _paint(page: pdfium.PdfPage, boxes: list[Box]) -> None:
    for left, bottom, right, top in boxes:
        rect = pdfium_c.FPDFPageObj_CreateNewRect(left, bottom, right - left, top - bottom)
        pdfium_c.FPDFPageObj_SetFillColor(rect, 0, 0, 0, 255)
        pdfium_c.FPDFPath_SetDrawMode(rect, pdfium_c.FPDF_FILLMODE_WINDING, False)
        pdfium_c.FPDFPage_InsertObject(page.raw, rect)


def _images_under(page: pdfium.PdfPage, boxes: list[Box]) -> bool:
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if any(b[0] < right and left < b[2] and b[1] < top and bottom < b[3] for b in boxes):
            return True
    return False


def _remove_annotations(page: pdfium.PdfPage) -> None:
    for n in reversed(range(pdfium_c.FPDFPage_GetAnnotCount(page.raw))):
        pdfium_c.FPDFPage_RemoveAnnot(page.raw, n)


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _count(haystack: list[str], needle: list[str]) -> int:
    """Occurrences of a word sequence (overlapping ones too)."""
    n = len(needle)
    first = needle[0]
    return sum(
        1 for i, word in enumerate(haystack) if word == first and haystack[i : i + n] == needle
    )


def _verify(out_data: bytes, document: Document, replacements: Sequence[Replacement]) -> list[str]:
    """Redacted strings whose words occur more often in the output than in the unredacted rest
    (word sequences, so that the gap a removed word leaves never glues its neighbours)."""
    pdf = pdfium.PdfDocument(out_data)
    try:
        text = _tokens(" ".join(page.get_textpage().get_text_range() for page in pdf))
    finally:
        pdf.close()
    rest = []
    position = 0
    for rep in replacements:
        rest.append(document.text[position : rep.start])
        position = rep.end
    rest.append(document.text[position:])
    remainder = _tokens(" ".join(rest))
    leaks = []
    for original in {rep.original for rep in replacements}:
        needle = _tokens(original)
        if needle and _count(text, needle) > _count(remainder, needle):
            leaks.append(original)
    return sorted(leaks)


def write_pdf_keep_text(
    document: Document,
    layout: PdfLayout,
    replacements: Sequence[Replacement],
    out: Path,
    substitutions: Mapping[str, str],
) -> WriteResult:
    del substitutions  # metadata is removed, not substituted
    data = read_original(document)
    source = open_pdf(document.path, data)
    warnings = no_text_warnings(layout, document.text, out)
    boxes = redaction_boxes(layout, replacements)
    redacted = redacted_char_indices(layout, replacements)
    target = pdfium.PdfDocument.new()
    try:
        font = pdfium_c.FPDFText_LoadStandardFont(source.raw, b"Helvetica")
        for index in range(len(source)):
            page = source[index]
            _remove_annotations(page)
            if index in redacted or index in boxes:
                textpage = page.get_textpage()
                doomed = _rewritten_objects(textpage, redacted.get(index, set()))
                textpage.close()
                if not _replace_objects(source, page, font, doomed):
                    raise DocumentError(
                        document.path,
                        f"page {index + 1}: text inside a form object cannot be removed; "
                        "use raster mode",
                    )
                _paint(page, boxes.get(index, []))
                if _images_under(page, boxes.get(index, [])):
                    warnings.append(
                        f"{out}: page {index + 1}: an image lies under a redaction box and is "
                        "kept as is; use raster mode if it shows personal data"
                    )
                pdfium_c.FPDFPage_GenerateContent(page.raw)
            page.close()
        target.import_pages(source)
        buffer = io.BytesIO()
        target.save(buffer)
    finally:
        target.close()
        source.close()
    # Imported pages keep their dictionaries: thumbnail, PieceInfo, page actions and XMP go.
    out_data = stable_id(drop_page_keys(blank_info(buffer.getvalue())))
    leaks = _verify(out_data, document, replacements)
    if leaks:
        raise DocumentError(
            document.path,
            f"keep-text mode left {len(leaks)} redacted string(s) in the text; use raster mode",
        )
    write_bytes(out, out_data)
    return WriteResult(out, warnings)
