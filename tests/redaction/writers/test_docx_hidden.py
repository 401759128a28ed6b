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

    def copy_writer(document: Document, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        from redaction.anonymization.writers.common import WriteResult

        out.write_bytes(source.read_bytes())
        return WriteResult(out, [])

    report = anonymize_document(document, spans, out, context=context(), writer=copy_writer)
    assert report.status == "leaked"
    assert any("link target" in h["where"] for h in report.leak_check["hits"])  # type: ignore[index]
