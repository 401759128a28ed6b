"""Builders of synthetic documents for tests (no Qt): DOCX with python-docx, PDF with pypdfium2.

- ``make_docx(path, body=..., header=..., ...)``: a DOCX with PII wherever a writer must reach.
- ``make_pdf(path, pages, metadata=..., link_annotation_uri=..., encrypted=False)``: a text PDF in
  Helvetica, optionally with Info/XMP metadata, a link annotation, or encryption.
- ``make_cv_text(fake)``: a CV with the spans of its PII, for detection and anonymisation tests.
- ``make_replacements(text, {"Ann Lee": "[name]"})``: Replacements for every occurrence.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from redaction.spans import Span

if TYPE_CHECKING:
    from faker import Faker

    from redaction.anonymization.replacement import Replacement

#: A run of a DOCX paragraph: (text, flags) where flags holds "b" (bold), "i", "u".
Run = tuple[str, str]
Paragraph = str | Sequence[Run]

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_DECL = (
    f'xmlns:w="{_W_NS}" xmlns:r="{_REL}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


# --------------------------------------------------------------------------------------- DOCX


def _add_runs(paragraph: Any, content: Paragraph) -> None:
    runs: Sequence[Run] = [(content, "")] if isinstance(content, str) else content
    for text, flags in runs:
        run = paragraph.add_run(text)
        run.bold = "b" in flags or None
        run.italic = "i" in flags or None
        run.underline = "u" in flags or None


def _add_hyperlink(paragraph: Any, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink xmlns:w="{_W_NS}" xmlns:r="{_REL}" r:id="{rid}">'
        f'<w:r><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:hyperlink>'
    )
    paragraph._p.append(link)


def make_docx(
    path: str | Path,
    *,
    body: Sequence[Paragraph] = (),
    header: str | None = None,
    footer: str | None = None,
    table_rows: Sequence[Sequence[str]] = (),
    hyperlink: tuple[str, str] | None = None,
    comment: tuple[str, str, str] | None = None,
    core_properties: Mapping[str, str] | None = None,
    custom_properties: Mapping[str, str] | None = None,
    footnote: str | None = None,
    textbox: str | None = None,
    tracked_change: tuple[str, str, str] | None = None,
) -> Path:
    """Write a DOCX and return its path.

    ``body``: paragraphs, each a string or a list of runs ``(text, flags)`` (flags "b", "i", "u").
    ``hyperlink``: (anchor text, URL) in its own paragraph "Profile: <link>".
    ``comment``: (anchor text, comment text, author). ``core_properties``: python-docx names
    (author, last_modified_by, title, subject, keywords, comments, category, identifier).
    ``textbox``: text in a drawing text box (with its VML fallback copy).
    ``tracked_change``: (inserted text, deleted text, author) as a paragraph with w:ins/w:del.
    """
    import docx

    document = docx.Document()
    for content in body:
        _add_runs(document.add_paragraph(), content)
    if table_rows:
        width = max(len(row) for row in table_rows)
        table = document.add_table(rows=len(table_rows), cols=width)
        for r, row in enumerate(table_rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    if hyperlink is not None:
        paragraph = document.add_paragraph("Profile: ")
        _add_hyperlink(paragraph, *hyperlink)
    if comment is not None:
        anchor, text, author = comment
        run = document.add_paragraph().add_run(anchor)
        initials = "".join(w[0] for w in author.split() if w)
        document.add_comment(run, text=text, author=author, initials=initials)
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    for key, value in (core_properties or {}).items():
        setattr(document.core_properties, key, value)
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    data = _patch_docx(data, custom_properties or {}, footnote, textbox, tracked_change)
    out = Path(path)
    out.write_bytes(data)
    return out


def _run_xml(text: str, tag: str = "t") -> str:
    return f'<w:r><w:{tag} xml:space="preserve">{escape(text)}</w:{tag}></w:r>'


def _patch_docx(
    data: bytes,
    custom: Mapping[str, str],
    footnote: str | None,
    textbox: str | None,
    tracked: tuple[str, str, str] | None,
) -> bytes:
    """Add what python-docx cannot (custom properties, a footnote, a text box, tracked
    changes) and rewrite the zip with fixed timestamps."""
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: src.read(name) for name in src.namelist()}
    types = parts["[Content_Types].xml"].decode()
    doc_rels = parts["word/_rels/document.xml.rels"].decode()
    root_rels = parts["_rels/.rels"].decode()
    extra_paragraphs: list[str] = []
    if custom:
        props = "".join(
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i + 2}" '
            f'name="{escape(name)}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
            for i, (name, value) in enumerate(custom.items())
        )
        parts["docProps/custom.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/docPropsVTypes">{props}</Properties>'
        ).encode()
        types = types.replace(
            "</Types>",
            '<Override PartName="/docProps/custom.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
        )
        root_rels = root_rels.replace(
            "</Relationships>",
            '<Relationship Id="rIdCustom1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/custom-properties" '
            'Target="docProps/custom.xml"/></Relationships>',
        )
    if footnote is not None:
        parts["word/footnotes.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {_NS_DECL}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote>"
            f'<w:footnote w:id="1"><w:p>{_run_xml(footnote)}</w:p></w:footnote></w:footnotes>'
        ).encode()
        types = types.replace(
            "</Types>",
            '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
        )
        doc_rels = doc_rels.replace(
            "</Relationships>",
            '<Relationship Id="rIdFootnotes1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
            "</Relationships>",
        )
        extra_paragraphs.append(
            f'<w:p>{_run_xml("See note")}<w:r><w:rPr><w:vertAlign w:val="superscript"/>'
            '</w:rPr><w:footnoteReference w:id="1"/></w:r></w:p>'
        )
    if textbox is not None:
        box = f"<w:txbxContent><w:p>{_run_xml(textbox)}</w:p></w:txbxContent>"
        extra_paragraphs.append(
            '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            '<wp:inline><wp:extent cx="1828800" cy="457200"/><wp:docPr id="90" name="Text Box 1"/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
            'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/>'
            f"<wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
            "</wp:inline></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
            f"<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r></w:p>"
        )
    if tracked is not None:
        inserted, deleted, author = tracked
        who = f'w:id="{{}}" w:author="{escape(author)}" w:date="2024-01-02T03:04:05Z"'
        extra_paragraphs.append(
            f"<w:p>{_run_xml('Changed: ')}<w:ins {who.format(801)}>{_run_xml(inserted)}</w:ins>"
            f"<w:del {who.format(802)}>{_run_xml(deleted, 'delText')}</w:del></w:p>"
        )
    if extra_paragraphs:
        document = parts["word/document.xml"].decode()
        wrapped = "".join(p.replace("<w:p>", f"<w:p {_NS_DECL}>", 1) for p in extra_paragraphs)
        index = document.rindex("<w:sectPr")
        parts["word/document.xml"] = (document[:index] + wrapped + document[index:]).encode()
    parts["[Content_Types].xml"] = types.encode()
    parts["word/_rels/document.xml.rels"] = doc_rels.encode()
    parts["_rels/.rels"] = root_rels.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in parts.items():  # fixed timestamps: same input, same bytes
            dst.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), blob, zipfile.ZIP_DEFLATED)
    return out.getvalue()


# ---------------------------------------------------------------------------------------- PDF

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0  # A4 in points
_MARGIN, _FONT_SIZE, _LEADING = 72.0, 12.0, 18.0


def _set_text(obj: Any, text: str) -> None:
    import pypdfium2.raw as pdfium_c

    encoded = text.encode("utf-16-le") + b"\x00\x00"
    buffer = ctypes.create_string_buffer(encoded, len(encoded))
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))


def make_pdf(
    path: str | Path,
    pages: Sequence[str],
    *,
    metadata: Mapping[str, str] | None = None,
    link_annotation_uri: str | None = None,
    encrypted: bool | str = False,
    xmp: str | None = None,
) -> Path:
    """Write a text PDF (A4, Helvetica 12 pt, each line of ``pages[i]`` a text line; no wrapping).

    ``metadata``: Info dictionary entries (Author, Title, Subject, Keywords, Creator...).
    ``link_annotation_uri``: a URI link annotation over the first line of page 1.
    ``xmp``: text stored as the dc:creator of an XMP metadata stream.
    ``encrypted``: True (user password "secret", cannot be opened without it) or a string
    used as the user password ("" = encrypted but opens without a password).
    """
    out = Path(path)
    if encrypted is not False:
        password = "secret" if encrypted is True else str(encrypted)
        out.write_bytes(_encrypted_pdf(pages, password))
        return out
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument.new()
    font = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    for number, content in enumerate(pages):
        page = pdf.new_page(PAGE_WIDTH, PAGE_HEIGHT)
        y = PAGE_HEIGHT - _MARGIN
        for line in content.split("\n"):
            if line:
                obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, _FONT_SIZE)
                _set_text(obj, line)
                pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, _MARGIN, y)
                pdfium_c.FPDFPage_InsertObject(page.raw, obj)
            y -= _LEADING
        if number == 0 and link_annotation_uri is not None:
            annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_LINK)
            top = PAGE_HEIGHT - _MARGIN
            rect = pdfium_c.FS_RECTF(_MARGIN, top + _FONT_SIZE, PAGE_WIDTH - _MARGIN, top - 4)
            pdfium_c.FPDFAnnot_SetRect(annot, rect)
            pdfium_c.FPDFAnnot_SetURI(annot, link_annotation_uri.encode())
            pdfium_c.FPDFPage_CloseAnnot(annot)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    data = buffer.getvalue()
    if metadata or xmp is not None:
        data = _append_metadata(data, metadata or {}, xmp)
    out.write_bytes(data)
    return out


def _pdf_string(value: str) -> str:
    """A PDF text string: UTF-16BE with BOM in hex, so any character survives."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def _append_metadata(data: bytes, metadata: Mapping[str, str], xmp: str | None) -> bytes:
    """An incremental update replacing the Info dictionary and adding an XMP stream."""
    text = data.decode("latin-1")
    root = re.search(r"/Root (\d+) 0 R", text)
    info = re.search(r"/Info (\d+) 0 R", text)
    size = re.search(r"/Size (\d+)", text)
    startxref = re.findall(r"startxref\s+(\d+)", text)
    assert root and info and size and startxref, "unexpected pdfium output"
    root_num, info_num, next_num = int(root[1]), int(info[1]), int(size[1])
    objects: dict[int, bytes] = {}
    entries = "".join(f"/{key} {_pdf_string(value)}" for key, value in metadata.items())
    objects[info_num] = f"<<{entries}>>".encode()
    if xmp is not None:
        packet = (
            '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
            '02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/'
            f'dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>{escape(xmp)}</rdf:li></rdf:Seq>'
            '</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
        ).encode()
        objects[next_num] = (
            f"<</Type/Metadata/Subtype/XML/Length {len(packet)}>>\nstream\n".encode()
            + packet
            + b"\nendstream"
        )
        catalog = re.search(rf"(?s)\n{root_num} 0 obj\s*<<(.*?)>>\s*endobj", text)
        assert catalog, "unexpected catalog"
        objects[root_num] = f"<<{catalog[1]}/Metadata {next_num} 0 R>>".encode()
        next_num += 1
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets: dict[int, int] = {}
    for num, body in sorted(objects.items()):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for num, offset in sorted(offsets.items()):
        out += f"{num} 1\n{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<</Size {next_num}/Root {root_num} 0 R/Info {info_num} 0 R"
        f"/Prev {startxref[-1]}>>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(out)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _encrypted_pdf(pages: Sequence[str], user_password: str) -> bytes:
    """A PDF encrypted with the standard security handler (RC4 40-bit, revision 2)."""
    file_id = hashlib.md5(b"redact-studio-test").digest()
    permissions = -4
    owner_key = hashlib.md5((b"owner-password" + _PAD)[:32]).digest()[:5]
    o_value = _rc4(owner_key, (user_password.encode("latin-1") + _PAD)[:32])
    key = hashlib.md5(
        (user_password.encode("latin-1") + _PAD)[:32]
        + o_value
        + permissions.to_bytes(4, "little", signed=True)
        + file_id
    ).digest()[:5]
    u_value = _rc4(key, _PAD)

    def encrypt(num: int, data: bytes) -> bytes:
        object_key = hashlib.md5(key + num.to_bytes(3, "little") + b"\x00\x00").digest()[:10]
        return _rc4(object_key, data)

    count = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    objects: list[bytes] = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        f"<</Type/Pages/Count {count}/Kids[{kids}]>>".encode(),
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    for i, content in enumerate(pages):
        lines = [ln for ln in content.split("\n")]
        ops = "BT /F1 12 Tf 18 TL 72 770 Td " + " ".join(
            "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
            for ln in lines
        )
        stream = encrypt(5 + 2 * i, (ops + " ET").encode("latin-1", errors="replace"))
        objects.append(
            f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 {PAGE_WIDTH:g} {PAGE_HEIGHT:g}]"
            f"/Resources<</Font<</F1 3 0 R>>>>/Contents {5 + 2 * i} 0 R>>".encode()
        )
        objects.append(f"<</Length {len(stream)}>>\nstream\n".encode() + stream + b"\nendstream")
    encrypt_num = len(objects) + 1
    objects.append(
        f"<</Filter/Standard/V 1/R 2/O<{o_value.hex()}>/U<{u_value.hex()}>/P {permissions}>>".encode()
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R/Encrypt {encrypt_num} 0 R"
        f"/ID[<{file_id.hex()}><{file_id.hex()}>]>>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(out)


# ---------------------------------------------------------------------------------------- CVs


def make_cv_text(fake: Faker) -> tuple[str, list[Span]]:
    """A short synthetic CV and the spans of every piece of PII in it (labels are Presidio
    entity names: PERSON, EMAIL_ADDRESS, PHONE_NUMBER, URL, LOCATION, ORGANIZATION)."""
    first, last = fake.first_name(), fake.last_name()
    handle = f"{first}{last}".lower()
    email = f"{first.lower()}.{last.lower()}@{fake.free_email_domain()}"
    phone = f"07{fake.numerify('### ######')}"
    url = f"uk.linkedin.com/in/{handle}"
    city, other_city = fake.city(), fake.city()
    company = f"{fake.last_name()} {fake.random_element(['Ltd', 'plc', 'Group', 'Partners'])}"
    university = f"University of {fake.random_element(['Leeds', 'Bristol', 'Glasgow', 'York'])}"
    pieces: list[tuple[str, str | None]] = [
        (f"{first} {last}", "PERSON"),
        ("\n", None),
        (email, "EMAIL_ADDRESS"),
        (" | ", None),
        (phone, "PHONE_NUMBER"),
        (" | ", None),
        (url, "URL"),
        ("\n\nPROFILE\nData analyst based in ", None),
        (city, "LOCATION"),
        (" with five years of experience in Python and SQL.\n\nEXPERIENCE\nAnalyst, ", None),
        (company, "ORGANIZATION"),
        (", ", None),
        (other_city, "LOCATION"),
        (" (2019 - present)\nBuilt reporting dashboards and forecasting models.\n\n", None),
        ("EDUCATION\nBSc Mathematics, ", None),
        (university, "ORGANIZATION"),
        (" (2015 - 2018)\n\nReferences available from ", None),
        (f"{first} {last}", "PERSON"),
        (" on request.\n", None),
    ]
    text = ""
    spans: list[Span] = []
    for piece, label in pieces:
        if label is not None:
            spans.append(Span(len(text), len(text) + len(piece), label, text=piece))
        text += piece
    return text, spans


# ------------------------------------------------------------------------------- replacements


def make_replacements(
    text: str, mapping: Mapping[str, str], *, label: str = "PII", blackout: bool = False
) -> list[Replacement]:
    """A Replacement for every occurrence of every key of ``mapping`` in ``text`` (longest keys
    first, no overlaps), replaced by its value."""
    from redaction.anonymization.replacement import Replacement

    taken: list[tuple[int, int]] = []
    result: list[Replacement] = []
    for key in sorted(mapping, key=len, reverse=True):
        for match in re.finditer(re.escape(key), text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            result.append(Replacement(start, end, label, key, mapping[key], blackout=blackout))
    return sorted(result, key=lambda r: r.start)


def project_with_model(tmp_path: Path, db: Path) -> Path:
    """Switch a (stand-in) trained model on for the project of database ``db``, as the app's
    "Use this model for this project" does; returns the model's folder."""
    from annotations.model_settings import project_settings_path

    model_dir = tmp_path / "cv-ner"
    model_dir.mkdir()
    project_settings_path(db).write_text(
        f"extra_models:\n  - path: {model_dir}\n    labels: {{PERSON: PERSON}}\n", encoding="utf-8"
    )
    return model_dir
