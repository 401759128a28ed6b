"""Read an anonymised output back by a path independent of the loaders and writers.

Everything a reader of the file could get at is returned as named haystacks: the extracted
text (python-docx / pypdfium2 / a plain decode), every part inside a DOCX zip (raw XML and the
XML with tags stripped, since Word splits words across runs; HTML/RTF/text parts such as
altChunk imports; PNG text chunks inflated; zips inside the zip, e.g. embedded workbooks), PDF metadata (Info and XMP),
annotation strings, link targets, bookmarks, attachments' names, the PDF's decompressed streams
and string literals, and the raw bytes of the file.
"""

from __future__ import annotations

import ctypes
import html
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

_TAG = re.compile(rb"<[^>]*>")
#: Tags that end a line of text (paragraphs, breaks, tabs, cells): a space, not nothing, when
#: tags are stripped, so words of neighbouring paragraphs are not glued together.
_BREAK = re.compile(rb"</\w+:p>|<\w+:(?:br|cr|tab)\b[^>]*>|</\w+:tc>")
#: A non-breaking hyphen element is the "-" Word shows ("Smith<w:noBreakHyphen/>Jones").
_HYPHEN = re.compile(rb"<\w+:noBreakHyphen\b[^>]*>")
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_TARGET = re.compile(rb'\sTarget="([^"]*)"')
_PDF_STREAM = re.compile(rb"<<(.{0,2000}?)>>\s*stream\r?\n", re.S)
_PDF_HEX = re.compile(rb"<([0-9A-Fa-f\s]{4,})>")
_PDF_LITERAL = re.compile(rb"\((?:\\.|[^\\)]){2,}\)", re.S)
_MAX_STREAM = 20 * 1024 * 1024
#: Parts read as text when they are not XML: altChunk imports (HTML, MHT, RTF, plain text).
_TEXT_SUFFIXES = (".htm", ".html", ".xhtml", ".mht", ".mhtml", ".rtf", ".txt", ".csv")
_HTML_TAG = re.compile(r"<[^>]*>")
_MAX_NESTING = 3


@dataclass
class ReadBack:
    """What can be read from one output file."""

    text: str = ""  # the document text as an ordinary reader extracts it
    haystacks: dict[str, str] = field(default_factory=dict)  # where -> decoded text
    raw: dict[str, bytes] = field(default_factory=dict)  # where -> bytes (file, zip parts)
    warnings: list[str] = field(default_factory=list)


def read_back(path: Path, fmt: str, encoding: str | None = None, *, ocr: bool = False) -> ReadBack:
    """``encoding``: the text encoding a TXT/MD output was written in (its input's); without
    it, the text loader recognises it as it does for inputs. ``ocr``: the input was read by
    OCR, so the pages of a PDF output are read by OCR again (an image output always is)."""
    data = path.read_bytes()
    result = ReadBack(raw={"file bytes": data})
    if fmt == "docx":
        _read_docx(path, data, result)
    elif fmt == "pdf":
        _read_pdf(path, data, result)
        if ocr:
            _ocr_pdf(path, result)
    elif fmt == "image":
        _read_image(path, data, result)
    else:
        result.text = _decode_plain(path, data, encoding)
        result.haystacks["text"] = result.text
    return result


def _decode_plain(path: Path, data: bytes, encoding: str | None) -> str:
    """A text output as a reader opens it: in the encoding it was written in ("Łukasz" in
    cp1250 read as cp1252 is "£ukasz", which no search for the name finds)."""
    from redaction.documents.text_loader import decode_text
    from redaction.errors import DocumentError

    try:
        return decode_text(path, data, encoding)
    except DocumentError:
        return _decode_text(data)


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# -- DOCX ------------------------------------------------------------------------------------
def _read_docx(path: Path, data: bytes, result: ReadBack) -> None:
    with zipfile.ZipFile(path) as archive:
        _read_zip(archive, "", result, depth=0)
    for name, part in list(result.raw.items()):
        if name.endswith(".rels"):
            tags = [t for t in _RELATIONSHIP.findall(part) if b'TargetMode="External"' in t]
            for i, tag in enumerate(tags):
                target = _TARGET.search(tag)
                value = html.unescape(target.group(1).decode("utf-8", "replace")) if target else ""
                result.haystacks[f"link target {i + 1} in {name}"] = value
    result.text = _docx_text(path, result)
    result.haystacks["text"] = result.text


def _read_zip(archive: zipfile.ZipFile, prefix: str, result: ReadBack, *, depth: int) -> None:
    """Every part raw, XML/HTML/RTF/plain-text parts decoded (with and without tags), PNG
    text chunks inflated, and zips inside the zip (embedded xlsx/docx/pptx) opened the same way."""
    for info in archive.infolist():
        name = prefix + info.filename
        part = archive.read(info)
        result.raw[name] = part
        if info.filename.endswith((".xml", ".rels")) or b"<?xml" in part[:100]:
            decoded = part.decode("utf-8", errors="replace")
            result.haystacks[f"{name} (xml)"] = html.unescape(decoded)
            shown = _HYPHEN.sub(b"-", _BREAK.sub(b"\n", part))
            stripped = _TAG.sub(b"", shown).decode("utf-8", "replace")
            result.haystacks[f"{name} (text)"] = html.unescape(stripped)
        elif info.filename.lower().endswith(_TEXT_SUFFIXES):
            text = _decode_text(part)
            result.haystacks[f"{name} (text)"] = html.unescape(_HTML_TAG.sub(" ", text))
        elif part.startswith(b"\x89PNG"):
            for i, text in enumerate(png_texts(part)):
                result.haystacks[f"{name} (image text {i + 1})"] = text
        elif part.startswith(b"PK\x03\x04") and depth < _MAX_NESTING:
            try:
                with zipfile.ZipFile(io.BytesIO(part)) as inner:
                    _read_zip(inner, f"{name}/", result, depth=depth + 1)
            except (zipfile.BadZipFile, OSError, EOFError):
                result.warnings.append(f"embedded part {name} is not a readable zip")


def png_texts(data: bytes) -> list[str]:
    """The text of a PNG's tEXt, zTXt and iTXt chunks (compressed ones inflated)."""
    texts: list[str] = []
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        keyword, _, rest = body.partition(b"\x00")
        value = b""
        try:
            if kind == b"tEXt":
                value = rest
            elif kind == b"zTXt":
                value = zlib.decompressobj().decompress(rest[1:], _MAX_STREAM)
            elif kind == b"iTXt":
                compressed, rest = rest[:1] == b"\x01", rest[2:]
                _language, _, rest = rest.partition(b"\x00")
                _translated, _, value = rest.partition(b"\x00")
                if compressed:
                    value = zlib.decompressobj().decompress(value, _MAX_STREAM)
            else:
                continue
        except zlib.error:
            value = rest
        texts.append(keyword.decode("latin-1") + ": " + value.decode("utf-8", "replace"))
    return texts


def _docx_text(path: Path, result: ReadBack) -> str:
    import docx

    document = docx.Document(str(path))
    chunks: list[str] = []

    def add_paragraphs(container: object) -> None:
        for paragraph in getattr(container, "paragraphs", []):
            chunks.append(paragraph.text)
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    add_paragraphs(cell)

    add_paragraphs(document)
    for section in document.sections:
        for hf in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            add_paragraphs(hf)
    props = document.core_properties
    for name in (
        "author",
        "category",
        "comments",
        "content_status",
        "identifier",
        "keywords",
        "language",
        "last_modified_by",
        "subject",
        "title",
        "version",
    ):
        value = getattr(props, name, None)
        if value:
            result.haystacks[f"core property {name}"] = str(value)
    # Comments, footnotes and text boxes are not reachable through python-docx's API; their
    # text comes from the parts' stripped XML (haystacks above), paragraph by paragraph here.
    for part_name in ("word/comments.xml", "word/footnotes.xml", "word/endnotes.xml"):
        xml = result.raw.get(part_name)
        if xml:
            for para in re.findall(rb"<w:p[ >].*?</w:p>", xml, re.S):
                chunks.append(html.unescape(_TAG.sub(b"", para).decode("utf-8", "replace")))
    return "\n".join(chunks)


# -- PDF -------------------------------------------------------------------------------------
def _read_pdf(path: Path, data: bytes, result: ReadBack) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages: list[str] = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            for i, (kind, value) in enumerate(_annotation_strings(pdf, page)):
                result.haystacks[f"page {index + 1} annotation {i + 1} {kind}"] = value
            page.close()
        result.text = "\n\n".join(pages)
        result.haystacks["text"] = result.text
        for key, value in pdf.get_metadata_dict().items():
            if value:
                result.haystacks[f"metadata {key}"] = value
        for i, item in enumerate(pdf.get_toc()):
            result.haystacks[f"bookmark {i + 1}"] = item.title
        for i in range(pdf.count_attachments()):
            result.haystacks[f"attachment {i + 1}"] = pdf.get_attachment(i).get_name()
    finally:
        pdf.close()
    result.haystacks["pdf streams"] = "\n".join(_pdf_streams(data))
    result.haystacks["pdf strings"] = "\n".join(_pdf_strings(data))


#: Resolution at which output pages are read back by OCR (upsampling a 144 dpi raster page
#: helps Tesseract read small print that a person can still read).
OCR_READBACK_DPI = 300


def _ocr_pdf(path: Path, result: ReadBack) -> None:
    """Every page of a PDF output as OCR reads it (an image-only page hides its words)."""
    import pypdfium2 as pdfium

    from redaction.documents.ocr import ocr_text

    pdf = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            bitmap = page.render(scale=OCR_READBACK_DPI / 72, grayscale=True, draw_annots=False)
            texts.append(ocr_text(bitmap.to_pil(), path))
            bitmap.close()
            page.close()
    finally:
        pdf.close()
    result.haystacks["OCR text"] = "\n\n".join(texts)


def _read_image(path: Path, data: bytes, result: ReadBack) -> None:
    """An image output: what OCR reads in each frame, and any text left in its metadata."""
    from redaction.documents.image_loader import frames, image_properties, open_image
    from redaction.documents.ocr import ocr_text

    image = open_image(path, data)
    texts = [ocr_text(frame, path) for frame in frames(image)]
    result.text = "\n\n".join(texts)
    result.haystacks["OCR text"] = result.text
    for key, value in image_properties(image).items():
        result.haystacks[f"metadata {key}"] = value


def _utf16_buffer_value(getter: object, *args: object) -> str:
    size = getter(*args, None, 0)  # type: ignore[operator]
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    getter(*args, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)  # type: ignore[operator]
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def _annotation_strings(pdf: object, page: object) -> list[tuple[str, str]]:
    """(kind, value) of every annotation string; link URIs are of kind "link target"."""
    import pypdfium2.raw as raw

    values: list[tuple[str, str]] = []
    raw_page = page.raw  # type: ignore[attr-defined]
    for i in range(raw.FPDFPage_GetAnnotCount(raw_page)):
        annot = raw.FPDFPage_GetAnnot(raw_page, i)
        if not annot:
            continue
        try:
            for key in (b"Contents", b"T", b"Subj", b"TU", b"V", b"RC", b"NM"):
                value = _utf16_buffer_value(raw.FPDFAnnot_GetStringValue, annot, key)
                if value:
                    values.append((key.decode(), value))
            link = raw.FPDFAnnot_GetLink(annot)
            action = raw.FPDFLink_GetAction(link) if link else None
            if action:
                size = raw.FPDFAction_GetURIPath(pdf.raw, action, None, 0)  # type: ignore[attr-defined]
                if size > 1:
                    buffer = ctypes.create_string_buffer(size)
                    raw.FPDFAction_GetURIPath(pdf.raw, action, buffer, size)  # type: ignore[attr-defined]
                    values.append(("link target", buffer.raw[: size - 1].decode("latin-1")))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return values


def _pdf_streams(data: bytes) -> list[str]:
    """Decompressed Flate streams that are not images (content, XMP, object streams)."""
    out: list[str] = []
    view = memoryview(data)
    for match in _PDF_STREAM.finditer(data):
        header = match.group(1)
        if b"/Image" in header or b"FlateDecode" not in header:
            continue
        try:
            inflated = zlib.decompressobj().decompress(view[match.end() :], _MAX_STREAM)
        except zlib.error:
            continue
        out.append(inflated.decode("latin-1"))
        out.extend(_pdf_strings(inflated))
    return out


def _pdf_strings(data: bytes) -> list[str]:
    """Hex and literal string objects decoded (UTF-16BE with a BOM, else PDFDocEncoding-ish)."""
    out: list[str] = []
    for match in _PDF_HEX.finditer(data):
        digits = re.sub(rb"\s", b"", match.group(1))
        if len(digits) % 2:
            digits += b"0"
        out.append(_decode_pdf_string(bytes.fromhex(digits.decode())))
    for match in _PDF_LITERAL.finditer(data):
        body = match.group()[1:-1]
        body = re.sub(rb"\\([nrtbf()\\])", lambda m: m.group(1), body)
        out.append(_decode_pdf_string(body))
    return out


def _decode_pdf_string(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    return raw.decode("latin-1")
