"""PII a DOCX holds outside its visible text: link targets, embedded packages, image metadata,
altChunk parts, bookmark names, external relationship targets, template and mail-merge paths.

Each document is anonymised through the engine and then checked twice: by the leak check and
by an independent unzip + search here (nested zips opened, compressed PNG text inflated)."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from redaction.anonymization.engine import DocumentReport, anonymize_document
from redaction.anonymization.operators import OperatorContext
from redaction.anonymization.pseudonyms import Pseudonymizer
from redaction.documents import Document, load_document
from redaction.labels import load_labels
from redaction.spans import Span
from tests.factories import make_docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
REL = R_NS + "/"


def context() -> OperatorContext:
    return OperatorContext(labels=load_labels(), pseudonymizer=Pseudonymizer(None, key="k"))


def edit_docx(path: Path, edit: Callable[[dict[str, bytes]], None]) -> Path:
    """Rewrite the DOCX at ``path`` with ``edit`` applied to its {member: bytes}."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    edit(files)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def add_relationship(files: dict[str, bytes], part_rels: str, xml: str) -> None:
    rels = files[part_rels].decode()
    files[part_rels] = rels.replace("</Relationships>", xml + "</Relationships>").encode()


def add_to_body(files: dict[str, bytes], xml: str) -> None:
    body = files["word/document.xml"].decode()
    files["word/document.xml"] = body.replace("<w:sectPr", xml + "<w:sectPr", 1).encode()


def spans_of(document: Document, pii: dict[str, str]) -> list[Span]:
    """Every occurrence of each PII string in the loaded text, as an annotator confirms it."""
    return [
        Span(m.start(), m.end(), label)
        for value, label in pii.items()
        for m in re.finditer(re.escape(value), document.text)
    ]


def anonymize(source: Path, spans: list[Span] | None, detector=None) -> tuple[Path, DocumentReport]:  # type: ignore[no-untyped-def]
    document = load_document(source)
    if spans is None:
        spans = list(detector.detect(document.text))
    out = source.parent / "out" / "anon.docx"
    out.parent.mkdir(exist_ok=True)
    report = anonymize_document(document, spans, out, style="placeholder", context=context())
    return out, report


def _png_texts(data: bytes) -> list[bytes]:
    """The text of every tEXt/zTXt/iTXt chunk (compressed ones inflated)."""
    found, pos = [], 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"tEXt":
            found.append(body)
        elif kind == b"zTXt":
            found.append(zlib.decompress(body.split(b"\x00", 1)[1][1:]))
        elif kind == b"iTXt":
            found.append(body)
        pos += 12 + length
    return found


def every_byte_of(path_or_bytes: Path | bytes) -> list[tuple[str, bytes]]:
    """Each member of the zip, members of nested zips and PNG text chunks, independently."""
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    out: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            member = archive.read(name)
            out.append((name, member))
            if member.startswith(b"PK\x03\x04"):
                out += [(f"{name}/{n}", b) for n, b in every_byte_of(member)]
            if member.startswith(b"\x89PNG"):
                out += [(f"{name} text", t) for t in _png_texts(member)]
    return out


def copying_writer(source: Path) -> Callable[..., object]:
    """A faulty writer that copies the input unchanged: the leak check must catch it."""

    def write(document: object, replacements: object, path: Path, **kwargs: object) -> object:
        from redaction.anonymization.writers.common import WriteResult

        path.write_bytes(source.read_bytes())  # the path asked for, which the check reads
        return WriteResult(path, [])

    return write


def assert_gone(out: Path, report: DocumentReport, *needles: str) -> None:
    assert report.status == "ok", report.error
    assert report.leak_check is not None and report.leak_check["passed"]
    for name, data in every_byte_of(out):
        for needle in needles:
            assert needle.lower().encode() not in data.lower(), f"{needle!r} survived in {name}"


# -- 1. link targets that are not in the visible text ----------------------------------------
def _links_docx(path: Path) -> Path:
    source = make_docx(path, body=["Lewis Smith, software engineer."])

    def edit(files: dict[str, bytes]) -> None:
        add_relationship(
            files,
            "word/_rels/document.xml.rels",
            f'<Relationship Id="rIdL1" Type="{REL}hyperlink" TargetMode="External" '
            'Target="mailto:priya.patel@example.com"/>'
            f'<Relationship Id="rIdL2" Type="{REL}hyperlink" TargetMode="External" '
            'Target="https://www.linkedin.com/in/priya-patel-99"/>',
        )
        add_to_body(
            files,
            "".join(
                f'<w:p {NS}><w:r><w:t xml:space="preserve">See </w:t></w:r><w:hyperlink '
                f'r:id="{rid}"><w:r><w:t>here</w:t></w:r></w:hyperlink></w:p>'
                for rid in ("rIdL1", "rIdL2")
            )
            + f'<w:p {NS}><w:fldSimple w:instr=" HYPERLINK &quot;https://github.com/ppatel77&quot; ">'
            "<w:r><w:t>code</w:t></w:r></w:fldSimple></w:p>",
        )

    return edit_docx(source, edit)


def test_link_targets_are_text_the_detector_sees(tmp_path: Path) -> None:
    document = load_document(_links_docx(tmp_path / "links.docx"))
    assert document.text.endswith(
        "\n\nmailto:priya.patel@example.com\n"
        "https://www.linkedin.com/in/priya-patel-99\nhttps://github.com/ppatel77"
    )


def test_link_targets_behind_plain_words_are_detected_and_rewritten(
    tmp_path: Path, detector
) -> None:  # type: ignore[no-untyped-def]
    out, report = anonymize(_links_docx(tmp_path / "links.docx"), None, detector)
    assert report.spans_by_label.get("EMAIL_ADDRESS") == 1
    assert_gone(out, report, "priya.patel", "priya-patel", "example.com", "Lewis Smith")
    rels = zipfile.ZipFile(out).read("word/_rels/document.xml.rels").decode()
    assert 'Target="mailto:[email]"' in rels


def test_confirmed_name_inside_a_link_target_is_rewritten(tmp_path: Path) -> None:
    source = _links_docx(tmp_path / "links.docx")
    document = load_document(source)
    spans = spans_of(document, {"priya-patel": "PERSON", "ppatel77": "PERSON"})
    out, report = anonymize(source, spans)
    assert_gone(out, report, "priya-patel", "ppatel77")


def test_leak_check_searches_link_targets(tmp_path: Path) -> None:
    """A writer that leaves a link target alone is caught by the leak check."""
    source = _links_docx(tmp_path / "links.docx")
    document = load_document(source)
    spans = spans_of(document, {"priya.patel@example.com": "EMAIL_ADDRESS"})
    out = tmp_path / "copy.docx"

    copy_writer = copying_writer(source)

    report = anonymize_document(document, spans, out, context=context(), writer=copy_writer)
    assert report.status == "leaked"
    assert any("link target" in h["where"] for h in report.leak_check["hits"])  # type: ignore[index]


# -- 2. embedded packages and image metadata -------------------------------------------------
PII = {
    "Lewis Smith": "PERSON",
    "07700 900123": "PHONE_NUMBER",
    "lgsmith271@gmail.com": "EMAIL_ADDRESS",
}


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_with_text(text: bytes) -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + _chunk(b"zTXt", b"Author\x00\x00" + zlib.compress(text))
        + _chunk(b"iTXt", b"Comment\x00\x01\x00en\x00\x00" + zlib.compress(text))
        + _chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + _chunk(b"IEND", b"")
    )


def jpeg_with_text(text: bytes) -> bytes:
    def segment(marker: int, body: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body

    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xE1, b"Exif\x00\x00" + text)
        + segment(0xFE, text)
        + segment(0xDA, b"\x00" * 10)
        + b"\x12\x34\xff\xd9"
    )


def _embedded_docx(path: Path) -> Path:
    source = make_docx(path, body=["Lewis Smith, phone 07700 900123, lgsmith271@gmail.com"])
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as inner:
        inner.writestr("xl/sharedStrings.xml", "<sst><si><t>Lewis Smith</t></si><si><t>07700 900123</t></si></sst>")  # fmt: skip

    def edit(files: dict[str, bytes]) -> None:
        files["word/media/image9.png"] = png_with_text(b"Lewis Smith lgsmith271@gmail.com")
        files["word/media/image10.jpeg"] = jpeg_with_text(b"Lewis Smith lgsmith271@gmail.com")
        files["word/embeddings/Microsoft_Excel_Worksheet1.xlsx"] = workbook.getvalue()
        files["word/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0 Lewis Smith 07700 900123"
        types = files["[Content_Types].xml"].decode()
        files["[Content_Types].xml"] = types.replace(
            "</Types>",
            '<Default Extension="png" ContentType="image/png"/>'
            '<Default Extension="jpeg" ContentType="image/jpeg"/>'
            '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'
            '<Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/>'
            "</Types>",
        )  # fmt: skip
        add_relationship(
            files,
            "word/_rels/document.xml.rels",
            f'<Relationship Id="rIdI9" Type="{REL}image" Target="media/image9.png"/>'
            f'<Relationship Id="rIdI10" Type="{REL}image" Target="media/image10.jpeg"/>'
            f'<Relationship Id="rIdX9" Type="{REL}package" Target="embeddings/Microsoft_Excel_Worksheet1.xlsx"/>'
            f'<Relationship Id="rIdO1" Type="{REL}oleObject" Target="embeddings/oleObject1.bin"/>',
        )  # fmt: skip
        add_to_body(
            files,
            f'<w:p {NS} xmlns:v="urn:schemas-microsoft-com:vml" '
            'xmlns:o="urn:schemas-microsoft-com:office:office"><w:r><w:object>'
            '<v:shape id="s1"><v:imagedata r:id="rIdI9"/></v:shape>'
            '<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="s1" r:id="rIdX9"/>'
            '</w:object></w:r><w:r><w:object><v:shape id="s2"><v:imagedata r:id="rIdI10"/></v:shape>'
            '<o:OLEObject Type="Embed" ProgID="Package" ShapeID="s2" r:id="rIdO1"/>'
            "</w:object></w:r></w:p>",
        )

    return edit_docx(source, edit)


def test_embedded_objects_and_image_metadata_are_removed(tmp_path: Path) -> None:
    source = _embedded_docx(tmp_path / "embedded.docx")
    out, report = anonymize(source, spans_of(load_document(source), PII))
    assert_gone(out, report, "Lewis Smith", "900123", "lgsmith271")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert not [n for n in names if n.startswith("word/embeddings/")]
        assert "word/media/image9.png" in names  # the OLE preview picture stays
        png = archive.read("word/media/image9.png")
        assert png.startswith(b"\x89PNG") and b"IDAT" in png and b"zTXt" not in png
        jpeg = archive.read("word/media/image10.jpeg")
        assert jpeg.startswith(b"\xff\xd8\xff\xe0") and jpeg.endswith(b"\x12\x34\xff\xd9")
        rels = archive.read("word/_rels/document.xml.rels").decode()
        body = archive.read("word/document.xml").decode()
    assert "embeddings/" not in rels and "rIdX9" not in body and "OLEObject" not in body
    assert "rIdI9" in body


def test_leak_check_opens_embedded_workbooks_and_png_text(tmp_path: Path) -> None:
    """A writer that copies the package as-is is caught in the workbook and the picture."""
    source = _embedded_docx(tmp_path / "embedded.docx")
    document = load_document(source)
    out = tmp_path / "copy.docx"

    copy_writer = copying_writer(source)

    report = anonymize_document(
        document, spans_of(document, PII), out, context=context(), writer=copy_writer
    )
    where = {h["where"] for h in report.leak_check["hits"]}  # type: ignore[index]
    assert report.status == "leaked"
    assert any(w.startswith("word/embeddings/Microsoft_Excel_Worksheet1.xlsx/xl/") for w in where)
    assert "word/media/image9.png (image text 1)" in where


# -- 3. altChunk (imported HTML shown as body text) ------------------------------------------
def _altchunk_docx(path: Path) -> Path:
    source = make_docx(path, body=["Contact Lewis Smith"])

    def edit(files: dict[str, bytes]) -> None:
        files["word/afchunk.htm"] = (
            b"<html><body><p>Contact Lewis Smith at lgsmith271@gmail.com or 07700 900123"
            b"</p></body></html>"
        )
        types = files["[Content_Types].xml"].decode()
        files["[Content_Types].xml"] = types.replace(
            "</Types>", '<Default Extension="htm" ContentType="text/html"/></Types>'
        ).encode()
        add_relationship(
            files,
            "word/_rels/document.xml.rels",
            f'<Relationship Id="rIdAC" Type="{REL}aFChunk" Target="afchunk.htm"/>',
        )
        add_to_body(files, f'<w:altChunk {NS} r:id="rIdAC"/>')

    return edit_docx(source, edit)


def test_altchunk_parts_are_removed_with_a_warning(tmp_path: Path) -> None:
    source = _altchunk_docx(tmp_path / "alt.docx")
    out, report = anonymize(source, spans_of(load_document(source), PII))
    assert_gone(out, report, "Lewis Smith", "lgsmith271", "900123")
    assert any("altChunk" in w for w in report.warnings)
    with zipfile.ZipFile(out) as archive:
        assert "word/afchunk.htm" not in archive.namelist()
        assert "altChunk" not in archive.read("word/document.xml").decode()
        assert "afchunk" not in archive.read("word/_rels/document.xml.rels").decode()
        assert "afchunk" not in archive.read("[Content_Types].xml").decode()
    import docx

    docx.Document(str(out))  # still opens


def test_leak_check_reads_altchunk_html(tmp_path: Path) -> None:
    from redaction.anonymization.leakcheck import check_output

    source = _altchunk_docx(tmp_path / "alt.docx")
    report = check_output(source, "docx", [("EMAIL_ADDRESS", "lgsmith271@gmail.com")])
    assert "word/afchunk.htm (text)" in {h.where for h in report.hits}


# -- 4. bookmarks, external targets, soft hyphens ----------------------------------------------
def _hidden_names_docx(path: Path) -> Path:
    source = make_docx(path, body=["Lewis Smith"])

    def edit(files: dict[str, bytes]) -> None:
        add_relationship(
            files,
            "word/_rels/document.xml.rels",
            f'<Relationship Id="rIdAT" Type="{REL}attachedTemplate" TargetMode="External" '
            'Target="file:///C:/Users/lewis.smith/Templates/CV-Lewis-Smith.dotx"/>'
            f'<Relationship Id="rIdIM" Type="{REL}image" TargetMode="External" '
            'Target="file:///C:/Users/lewis.smith/Pictures/me.png"/>',
        )
        add_to_body(
            files,
            f'<w:p {NS}><w:r><w:t xml:space="preserve">Soft: Lew</w:t></w:r><w:r><w:softHyphen/>'
            "<w:t>is Sm</w:t></w:r><w:r><w:t>ith and Le</w:t></w:r>"
            '<w:proofErr w:type="spellStart"/><w:r><w:t>wis</w:t></w:r>'
            '<w:proofErr w:type="spellEnd"/><w:r><w:t xml:space="preserve"> Smith</w:t></w:r>'
            '<w:bookmarkStart w:id="7" w:name="Lewis_Smith"/><w:bookmarkEnd w:id="7"/></w:p>'
            f'<w:p {NS}><w:hyperlink w:anchor="Lewis_Smith"><w:r><w:t>up</w:t></w:r></w:hyperlink>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
            " PAGEREF Lewis_Smith \\h </w:instrText></w:r><w:r>"
            '<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r>'
            '<w:fldChar w:fldCharType="end"/></w:r>'
            '<w:fldSimple w:instr=" REF Lewis_Smith \\h "><w:r><w:t>x</w:t></w:r></w:fldSimple>'
            '<w:bookmarkStart w:id="8" w:name="_Toc12345"/><w:bookmarkEnd w:id="8"/></w:p>',
        )

    return edit_docx(source, edit)


def test_soft_hyphen_inside_a_name_is_not_text() -> None:
    from lxml import etree

    from redaction.documents.docx_xml import paragraph_pieces

    p = etree.fromstring(
        f"<w:p {NS}><w:r><w:t>Lew</w:t></w:r><w:r><w:softHyphen/><w:t>is</w:t></w:r></w:p>"
    )
    assert "".join(piece.text for piece in paragraph_pieces(p)) == "Lewis"


def test_bookmarks_external_targets_and_soft_hyphens_are_written_clean(tmp_path: Path) -> None:
    source = _hidden_names_docx(tmp_path / "names.docx")
    document = load_document(source)
    assert document.text.count("Lewis Smith") == 3
    out, report = anonymize(source, spans_of(document, {"Lewis Smith": "PERSON"}))
    assert_gone(out, report, "lewis", "smith")
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert 'w:name="bookmark1"' in body and 'w:anchor="bookmark1"' in body
    assert "PAGEREF bookmark1 " in body and "REF bookmark1 " in body
    assert 'w:name="_Toc12345"' in body  # Word's own names stay
    assert "file:" not in rels


# -- 5. template and mail-merge paths -----------------------------------------------------------
def test_template_and_mail_merge_paths_are_cleared(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "merge.docx", body=["Dear Lewis Smith"])
    path = r"C:\Users\lgsmith271\Documents\Lewis Smith contacts.xlsx"

    def edit(files: dict[str, bytes]) -> None:
        app = files["docProps/app.xml"].decode()
        files["docProps/app.xml"] = re.sub(
            r"<Template>[^<]*</Template>|(?=</Properties>)",
            r"<Template>C:\\Users\\lgsmith271\\CV.dotm</Template>",
            app,
            count=1,
        ).encode()
        settings = files["word/settings.xml"].decode()
        files["word/settings.xml"] = re.sub(
            r"(<w:settings[^>]*>)",
            r'\1<w:attachedTemplate r:id="rIdT"/><w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
            rf'<w:dataSource r:id="rIdM"/><w:query w:val="SELECT * FROM `{re.escape(path)}`"/>'
            "</w:mailMerge>",
            settings,
            count=1,
        ).encode()
        if 'xmlns:r="' not in files["word/settings.xml"].decode()[:2000]:
            files["word/settings.xml"] = files["word/settings.xml"].replace(
                b"<w:settings ", f'<w:settings xmlns:r="{R_NS}" '.encode(), 1
            )
        files["word/_rels/settings.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdT" Type="{REL}attachedTemplate" TargetMode="External" '
            'Target="file:///C:/Users/lgsmith271/CV.dotm"/>'
            f'<Relationship Id="rIdM" Type="{REL}mailMergeSource" TargetMode="External" '
            f'Target="file:///{path}"/></Relationships>'
        ).encode()

    edit_docx(source, edit)
    document = load_document(source)
    out, report = anonymize(source, spans_of(document, {"Lewis Smith": "PERSON"}))
    assert_gone(out, report, "lgsmith271", "Lewis Smith", "contacts.xlsx")
    with zipfile.ZipFile(out) as archive:
        settings = archive.read("word/settings.xml").decode()
        app = archive.read("docProps/app.xml").decode()
    assert "mailMerge" not in settings and "attachedTemplate" not in settings
    assert "CV.dotm" not in app


def test_leak_check_reads_a_non_breaking_hyphen_as_the_hyphen_word_shows(tmp_path: Path) -> None:
    from redaction.anonymization.leakcheck import check_output

    source = make_docx(tmp_path / "hyphen.docx", body=["x"])
    edit_docx(
        source,
        lambda files: add_to_body(
            files,
            f"<w:p {NS}><w:r><w:t>Anne</w:t><w:noBreakHyphen/><w:t>Marie Quennell</w:t></w:r></w:p>",
        ),
    )
    assert "Anne-Marie Quennell" in load_document(source).text
    report = check_output(source, "docx", [("ORGANIZATION", "Anne-Marie Quennell")])
    assert ("normalised", "word/document.xml (text)") in {(h.form, h.where) for h in report.hits}


def test_percent_encoded_link_target_is_shown_decoded_and_rewritten(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "enc.docx", body=["Contact"])
    edit_docx(
        source,
        lambda files: add_relationship(
            files,
            "word/_rels/document.xml.rels",
            f'<Relationship Id="rIdE" Type="{REL}hyperlink" TargetMode="External" '
            'Target="mailto:priya%2Epatel@example.com?subject=Hi%20Priya"/>',
        ),
    )
    document = load_document(source)
    assert document.text.endswith("\n\nmailto:priya.patel@example.com?subject=Hi Priya")
    spans = spans_of(document, {"priya.patel@example.com": "EMAIL_ADDRESS", "Priya": "PERSON"})
    out, report = anonymize(source, spans)
    assert_gone(out, report, "priya", "patel")
    rels = zipfile.ZipFile(out).read("word/_rels/document.xml.rels").decode()
    assert re.search(r'Target="[^"]*\[email\][^"]*"', rels)  # the placeholder of what it held
