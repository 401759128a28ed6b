"""The one walk over a DOCX package's XML that both the loader and the writer use.

A DOCX is a zip of XML parts. The text of each part is the text of its ``w:p`` paragraphs in
document order; each paragraph's own text elements (``w:t``, ``w:tab``, ``w:br``...) exclude those
of paragraphs nested in it (text boxes) and of ``mc:Fallback`` copies (the VML duplicate of a
text box). Because the writer repeats exactly this walk, ``(part, paragraph, run)`` indices
recorded at load time find the same elements again.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

#: Content type suffix -> part kind, in the order the parts appear in ``Document.text``.
PART_KINDS: tuple[tuple[str, str], ...] = (
    ("document.main+xml", "body"),
    ("document.macroEnabled.main+xml", "body"),
    ("template.main+xml", "body"),
    ("header+xml", "header"),
    ("footer+xml", "footer"),
    ("footnotes+xml", "footnotes"),
    ("endnotes+xml", "endnotes"),
    ("comments+xml", "comments"),
)
_KIND_ORDER = {kind: i for i, kind in enumerate(dict.fromkeys(k for _, k in PART_KINDS))}

#: Text-bearing elements and the text they stand for ("" = take the element's text).
TEXT_ELEMENTS: dict[str, str] = {
    W + "t": "",
    W + "tab": "\t",
    W + "ptab": "\t",
    W + "br": "\n",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
    W + "softHyphen": "",  # invisible unless the word breaks there: "Lew<softHyphen/>is" is "Lewis"
}
XML_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)


@dataclass
class TextPiece:
    """One text element of a paragraph and the hyperlink (w:hyperlink element) around it."""

    element: etree._Element
    text: str
    hyperlink: etree._Element | None


def _natural_key(name: str) -> tuple[object, ...]:
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name))


def text_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(zip member name, kind) of every part that holds document text, in text order."""
    root = etree.fromstring(archive.read("[Content_Types].xml"), XML_PARSER)
    found: list[tuple[str, str]] = []
    names = set(archive.namelist())
    for override in root.iter(CT + "Override"):
        content_type = override.get("ContentType", "")
        name = override.get("PartName", "").lstrip("/")
        for suffix, kind in PART_KINDS:
            if content_type.endswith("wordprocessingml." + suffix) and name in names:
                found.append((name, kind))
                break
    if not any(kind == "body" for _, kind in found):
        main = _main_part_from_relationships(archive)
        if main is not None and main in names:
            found.append((main, "body"))
    found.sort(key=lambda item: (_KIND_ORDER[item[1]], _natural_key(item[0])))
    return found


def _main_part_from_relationships(archive: zipfile.ZipFile) -> str | None:
    """The officeDocument target of _rels/.rels, for packages without a content-type override."""
    if "_rels/.rels" not in archive.namelist():
        return None
    root = etree.fromstring(archive.read("_rels/.rels"), XML_PARSER)
    for rel in root.iter(PKG_REL + "Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return None


def rels_name(part: str) -> str:
    path = PurePosixPath(part)
    return str(path.parent / "_rels" / (path.name + ".rels"))


def read_relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """rId -> (type, target) for a part."""
    name = rels_name(part)
    if name not in archive.namelist():
        return {}
    root = etree.fromstring(archive.read(name), XML_PARSER)
    return {
        rel.get("Id", ""): (rel.get("Type", ""), rel.get("Target", ""))
        for rel in root.iter(PKG_REL + "Relationship")
    }


_NOTES = (W + "footnote", W + "endnote")


def _skipped(paragraph: etree._Element) -> bool:
    """Inside an ``mc:Fallback`` copy, or a footnote separator (a note with a w:type)."""
    for ancestor in paragraph.iterancestors():
        if ancestor.tag == MC + "Fallback":
            return True
        if ancestor.tag in _NOTES and ancestor.get(W + "type") not in (None, "normal"):
            return True
    return False


def paragraphs(root: etree._Element) -> list[etree._Element]:
    """The part's paragraphs in document order, without ``mc:Fallback`` duplicates and
    footnote separators."""
    return [p for p in root.iter(W + "p") if not _skipped(p)]


#: Property elements: their children (e.g. tab stops ``w:tabs/w:tab``) are not text.
_NOT_TEXT = frozenset(
    W + tag for tag in ("pPr", "rPr", "sectPr", "tblPr", "trPr", "tcPr", "instrText", "fldData")
)


def _own_pieces(element: etree._Element, hyperlink: etree._Element | None) -> Iterator[TextPiece]:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag == W + "p" or tag == MC + "Fallback":
            continue
        if tag in _NOT_TEXT:
            continue
        if tag in (W + "del", W + "moveFrom"):  # deleted text is not part of the text
            continue
        if tag in TEXT_ELEMENTS:
            fixed = TEXT_ELEMENTS[tag]
            if tag == W + "br" and child.get(W + "type") == "page":
                fixed = "\n"
            yield TextPiece(child, fixed or (child.text or ""), hyperlink)
            continue
        yield from _own_pieces(child, child if tag == W + "hyperlink" else hyperlink)


def paragraph_pieces(paragraph: etree._Element) -> list[TextPiece]:
    """The paragraph's own text elements (not those of nested text-box paragraphs)."""
    return list(_own_pieces(paragraph, None))
