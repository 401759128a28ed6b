"""DOCX: text of body, tables, text boxes, headers, footers, footnotes, endnotes and comments,
with the part/paragraph/run origin of every character, hyperlinks and document properties."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from redaction.documents.docx_links import FIELD_HYPERLINK, LINKS_KIND, link_targets
from redaction.documents.docx_xml import (
    HYPERLINK_REL,
    XML_PARSER,
    R,
    W,
    paragraph_pieces,
    paragraphs,
    read_relationships,
    text_parts,
)
from redaction.documents.model import (
    DOCX_PART_SEPARATOR,
    Document,
    DocxLayout,
    DocxPart,
    DocxSegment,
    Hyperlink,
)
from redaction.errors import CorruptFileError, EncryptedFileError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: docProps/core.xml element local names -> property keys (python-docx's names).
CORE_PROPERTY_KEYS = {
    "creator": "author",
    "lastModifiedBy": "last_modified_by",
    "title": "title",
    "subject": "subject",
    "keywords": "keywords",
    "description": "comments",
    "category": "category",
    "identifier": "identifier",
    "contentStatus": "content_status",
    "language": "language",
    "version": "version",
    "revision": "revision",
    "created": "created",
    "modified": "modified",
    "lastPrinted": "last_printed",
}
#: docProps/app.xml elements that can name people or organisations.
APP_PROPERTY_KEYS = {"Company": "company", "Manager": "manager", "HyperlinkBase": "hyperlink_base"}


def _open_archive(path: Path, data: bytes) -> zipfile.ZipFile:
    if data.startswith(_OLE_MAGIC):
        raise EncryptedFileError(
            path, "encrypted or legacy Word file (OLE container), not a plain DOCX"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        bad = archive.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise CorruptFileError(path, f"corrupt DOCX (not a valid zip: {exc})") from None
    if bad is not None:
        raise CorruptFileError(path, f"corrupt DOCX (damaged zip member {bad})")
    if "[Content_Types].xml" not in archive.namelist():
        raise CorruptFileError(path, "corrupt DOCX ([Content_Types].xml missing)")
    return archive


def _parse(path: Path, archive: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        return etree.fromstring(archive.read(name), XML_PARSER)
    except (etree.XMLSyntaxError, KeyError, zipfile.BadZipFile) as exc:
        raise CorruptFileError(path, f"corrupt DOCX (bad XML in {name}: {exc})") from None


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def read_properties(path: Path, archive: zipfile.ZipFile) -> dict[str, str]:
    """Core, app (company, manager) and custom properties, plus comment and revision authors."""
    names = set(archive.namelist())
    props: dict[str, str] = {}
    if "docProps/core.xml" in names:
        for el in _parse(path, archive, "docProps/core.xml"):
            key = CORE_PROPERTY_KEYS.get(_local(el.tag))
            if key and (el.text or "").strip():
                props[key] = el.text or ""
    if "docProps/app.xml" in names:
        for el in _parse(path, archive, "docProps/app.xml"):
            key = APP_PROPERTY_KEYS.get(_local(el.tag))
            if key and (el.text or "").strip():
                props[key] = el.text or ""
    if "docProps/custom.xml" in names:
        for prop in _parse(path, archive, "docProps/custom.xml"):
            value = "".join(prop.itertext()).strip()
            props[f"custom:{prop.get('name', '')}"] = value
    return props


def _authors(root: etree._Element, tags: tuple[str, ...]) -> set[str]:
    found: set[str] = set()
    for tag in tags:
        for el in root.iter(W + tag):
            author = el.get(W + "author")
            if author:
                found.add(author)
    return found


def load_docx(path: Path, data: bytes, sha256: str) -> Document:
    archive = _open_archive(path, data)
    with archive:
        parts = text_parts(archive)
        if not any(kind == "body" for _, kind in parts):
            raise CorruptFileError(path, "corrupt DOCX (no main document part)")
        chunks: list[str] = []
        position = 0
        layout_parts: list[DocxPart] = []
        segments: list[DocxSegment] = []
        hyperlinks: list[Hyperlink] = []
        comment_authors: set[str] = set()
        revision_authors: set[str] = set()
        roots: dict[str, etree._Element] = {}
        for name, kind in parts:
            root = roots[name] = _parse(path, archive, name)
            rels = read_relationships(archive, name)
            comment_authors |= _authors(root, ("comment",))
            revision_authors |= _authors(
                root, ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange")
            )
            lines: list[str] = []
            part_start = position + (len(DOCX_PART_SEPARATOR) if chunks else 0)
            cursor = part_start
            links: dict[int, tuple[int, int, str]] = {}  # id(w:hyperlink) -> start, end, target
            for p_index, paragraph in enumerate(paragraphs(root)):
                if lines:
                    cursor += 1  # the "\n" between paragraphs
                line: list[str] = []
                for r_index, piece in enumerate(paragraph_pieces(paragraph)):
                    if not piece.text:
                        continue
                    end = cursor + len(piece.text)
                    segments.append(DocxSegment(cursor, end, name, p_index, r_index))
                    if piece.hyperlink is not None:
                        target = _hyperlink_target(piece.hyperlink, rels)
                        start = links.get(id(piece.hyperlink), (cursor, 0, ""))[0]
                        links[id(piece.hyperlink)] = (start, end, target)
                    line.append(piece.text)
                    cursor = end
                lines.append("".join(line))
            part_text = "\n".join(lines)
            if not part_text.strip():
                continue
            if chunks:
                chunks.append(DOCX_PART_SEPARATOR)
            chunks.append(part_text)
            position = part_start + len(part_text)
            layout_parts.append(DocxPart(name, kind, part_start, position))
            hyperlinks.extend(Hyperlink(*span) for span in links.values())
            hyperlinks.extend(_other_links(root, rels, hyperlinks))
        targets = link_targets(archive, [name for name, _ in parts], roots)
        if targets:
            # Link targets are text too (PII behind "here"): one per line after the parts.
            start = position + (len(DOCX_PART_SEPARATOR) if chunks else 0)
            cursor = start
            for index, link in enumerate(targets):
                if index:
                    cursor += 1
                segments.append(DocxSegment(cursor, cursor + len(link.shown), LINKS_KIND, index, 0))
                cursor += len(link.shown)
            if chunks:
                chunks.append(DOCX_PART_SEPARATOR)
            chunks.append("\n".join(link.shown for link in targets))
            position = cursor
            layout_parts.append(DocxPart(LINKS_KIND, LINKS_KIND, start, position))
        properties = read_properties(path, archive)
    if comment_authors:
        properties["comment_authors"] = ", ".join(sorted(comment_authors))
    if revision_authors:
        properties["revision_authors"] = ", ".join(sorted(revision_authors))
    text = "".join(chunks)
    # Segments of parts skipped as empty may remain: keep only those inside kept parts.
    kept = {p.name for p in layout_parts}
    segments = [s for s in segments if s.part in kept]
    warnings = [] if text.strip() else [f"{path}: the document has no text"]
    return Document(
        path=path,
        format="docx",
        text=text,
        sha256=sha256,
        size=len(data),
        properties=properties,
        hyperlinks=hyperlinks,
        layout=DocxLayout(tuple(layout_parts), tuple(segments)),
        warnings=warnings,
    )


def _hyperlink_target(link: etree._Element, rels: dict[str, tuple[str, str]]) -> str:
    rid = link.get(R + "id")
    if rid and rid in rels:
        target = rels[rid][1]
        anchor = link.get(W + "anchor")
        return f"{target}#{anchor}" if anchor else target
    anchor = link.get(W + "anchor")
    return f"#{anchor}" if anchor else ""


def _other_links(
    root: etree._Element, rels: dict[str, tuple[str, str]], known: list[Hyperlink]
) -> list[Hyperlink]:
    """Links with no anchor text of their own: HYPERLINK field codes and hyperlink
    relationships not used by a w:hyperlink (e.g. on pictures)."""
    targets = {h.target for h in known}
    extra: list[Hyperlink] = []
    for instr in root.iter(W + "instrText"):
        for target in FIELD_HYPERLINK.findall(instr.text or ""):
            if target not in targets:
                targets.add(target)
                extra.append(Hyperlink(-1, -1, target))
    for field in root.iter(W + "fldSimple"):
        for target in FIELD_HYPERLINK.findall(field.get(W + "instr", "")):
            if target not in targets:
                targets.add(target)
                extra.append(Hyperlink(-1, -1, target))
    for rel_type, target in rels.values():
        if rel_type == HYPERLINK_REL and target not in targets:
            targets.add(target)
            extra.append(Hyperlink(-1, -1, target))
    return extra
