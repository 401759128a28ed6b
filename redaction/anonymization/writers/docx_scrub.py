"""Everything in a DOCX outside the visible text that can carry PII: hyperlink targets, tracked
changes, comment authors, document properties, custom properties, the thumbnail, embedded
packages and OLE objects, image metadata, altChunk parts, bookmark names, external
relationship targets, the attached template and mail-merge data source."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from pathlib import PurePosixPath

from lxml import etree

from redaction.anonymization.writers.docx_media import strip_image_metadata
from redaction.anonymization.writers.substitute import Substitutions
from redaction.documents.docx_xml import (
    CT,
    HYPERLINK_REL,
    MC,
    PKG_REL,
    TEXT_ELEMENTS,
    XML_PARSER,
    R,
    W,
    rels_name,
)

#: Revision markup whose whole content is removed (the deletion is accepted).
_REMOVE = tuple(W + t for t in ("del", "moveFrom"))
#: Revision wrappers whose content is kept (the insertion is accepted).
_UNWRAP = tuple(W + t for t in ("ins", "moveTo"))
#: Property-change records (they hold the old formatting, author and date).
_CHANGES = tuple(
    W + t
    for t in [
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
    ]
)
#: Attributes naming people (comments, revisions, people.xml).
_PERSON_ATTRIBUTES = frozenset({"author", "initials", "userId", "providerId"})
#: Core properties that can name people or describe the content: emptied.
_CORE_CLEARED = frozenset(
    [
        "creator",
        "lastModifiedBy",
        "title",
        "subject",
        "keywords",
        "description",
        "category",
        "identifier",
        "contentStatus",
    ]
)
_APP_CLEARED = frozenset({"Company", "Manager", "HyperlinkBase", "Template"})
_REMOVED_PACKAGE_RELS = ("/custom-properties", "/thumbnail")
#: Relationship types whose target part is removed with every reference to it: embedded
#: packages (xlsx, docx, pptx), OLE objects, ActiveX controls, altChunk (imported HTML/RTF).
_EMBEDDED_RELS = ("/package", "/oleObject", "/control", "/activeXControlBinary", "/aFChunk")
#: Elements that point at an embedded part (the picture shown for an OLE object is kept).
_EMBEDDING_ELEMENTS = (
    "{urn:schemas-microsoft-com:office:office}OLEObject",
    "{http://schemas.openxmlformats.org/drawingml/2006/chart}externalData",
    W + "altChunk",
    W + "control",
)
#: word/settings.xml elements naming files on the author's machine.
_SETTINGS_REMOVED = tuple(W + t for t in ("attachedTemplate", "mailMerge"))
#: Bookmark names Word makes up itself ("_Toc123", "_GoBack"): they name no one.
_NEUTRAL_BOOKMARK = re.compile(r"_(?:Toc|Ref|Hlk|Hlt|GoBack)\d*")
_FIELD_WORDS = re.compile(r"\b(REF|PAGEREF|NOTEREF|HYPERLINK\s+\\l)(\s+)\"?([^\s\"\\]+)\"?")
_WEB = re.compile(r"(?i)^(?:https?|mailto):")


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class Scrubber:
    """Collects the changes to a DOCX package, then :meth:`build` writes the new zip."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        trees: dict[str, etree._Element],
        substitutions: Mapping[str, str],
    ) -> None:
        self.archive = archive
        self.trees = trees  # text parts, already edited by the writer
        self.other_trees: dict[str, etree._Element] = {}
        self.removed: set[str] = set()
        self.substitute = Substitutions(substitutions)
        self.warnings: list[str] = []

    # ------------------------------------------------------------------ parts with text
    def scrub_text_part(self, name: str, root: etree._Element, touched_links: set[int]) -> None:
        touched_ids = {
            link.get(R + "id")
            for link in root.iter(W + "hyperlink")
            if id(link) in touched_links and link.get(R + "id")
        }
        self._accept_revisions(root)
        for fallback in list(root.iter(MC + "Fallback")):
            if next(fallback.iter(W + "txbxContent"), None) is not None:
                fallback.getparent().remove(fallback)  # type: ignore[union-attr]
        self._scrub_tree(root, skip_text_elements=True)
        self._rewrite_hyperlinks(name, touched_ids)

    def _accept_revisions(self, root: etree._Element) -> None:
        for element in list(root.iter(*_REMOVE, *_CHANGES)):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
        for wrapper in list(root.iter(*_UNWRAP)):
            parent = wrapper.getparent()
            if parent is None:
                continue
            if parent.tag == W + "rPr":  # an inserted paragraph mark: just drop the record
                parent.remove(wrapper)
                continue
            index = parent.index(wrapper)
            for offset, child in enumerate(list(wrapper)):
                parent.insert(index + offset, child)
            parent.remove(wrapper)

    def _scrub_tree(self, root: etree._Element, *, skip_text_elements: bool) -> None:
        """Person attributes emptied; substitutions applied to attribute values and to text
        (except the document text itself, already replaced by the writer). XML comments go."""
        etree.strip_elements(root, etree.Comment, with_tail=False)
        for element in root.iter():
            if not isinstance(element.tag, str):  # XML comments, processing instructions
                continue
            for key, value in element.attrib.items():
                if _local(key) in _PERSON_ATTRIBUTES:
                    element.set(key, "")
                elif self.substitute:
                    new = self.substitute(value)
                    if new != value:
                        element.set(key, new)
            if not self.substitute:
                continue
            if element.text and not (skip_text_elements and element.tag in TEXT_ELEMENTS):
                element.text = self.substitute(element.text)

    def _rewrite_hyperlinks(self, part: str, touched_ids: set[str | None]) -> None:
        name = rels_name(part)
        if name not in self.archive.namelist():
            return
        root = etree.fromstring(self.archive.read(name), XML_PARSER)
        for rel in root.iter(PKG_REL + "Relationship"):
            target = rel.get("Target", "")
            if rel.get("Type") == HYPERLINK_REL:
                new = self.substitute.url(target)
                if new == target and rel.get("Id") in touched_ids:
                    new = "#"  # the link's text was PII we have no substitute for
                rel.set("Target", new)
        self.other_trees[name] = root

    # ------------------------------------------------------------------ comments
    def remove_comments(self, ids: set[str]) -> None:
        """Comments whose text held PII go entirely, with their anchors in every part."""
        if not ids:
            return
        for root in self.trees.values():
            for comment in list(root.iter(W + "comment")):
                if comment.get(W + "id") in ids:
                    comment.getparent().remove(comment)  # type: ignore[union-attr]
            for tag in ("commentRangeStart", "commentRangeEnd"):
                for mark in list(root.iter(W + tag)):
                    if mark.get(W + "id") in ids:
                        mark.getparent().remove(mark)  # type: ignore[union-attr]
            for reference in list(root.iter(W + "commentReference")):
                if reference.get(W + "id") in ids:
                    run = reference.getparent()
                    if run is not None and run.tag == W + "r":
                        run.getparent().remove(run)  # type: ignore[union-attr]

    # ------------------------------------------------------------------ package
    def scrub_package(self) -> None:
        names = self.archive.namelist()
        self._scrub_core_properties()
        self._scrub_app_properties()
        for name in names:
            if name.startswith("docProps/custom") or name.startswith("docProps/thumbnail"):
                self.removed.add(name)
        self._remove_embedded()
        self._rename_bookmarks()
        self._drop_package_relationships()
        for name in names:
            if name in self.removed or name in self.trees or name in self.other_trees:
                continue
            if name.endswith((".xml", ".rels")):
                try:
                    root = etree.fromstring(self.archive.read(name), XML_PARSER)
                except etree.XMLSyntaxError:
                    self.warnings.append(f"part {name} is not XML; left unchanged")
                    continue
                self._scrub_tree(root, skip_text_elements=False)
                if name.endswith("/settings.xml"):
                    for element in list(root.iter(*_SETTINGS_REMOVED)):
                        element.getparent().remove(element)  # type: ignore[union-attr]
                self.other_trees[name] = root
        self._scrub_external_targets()

    def _rels(self, name: str) -> etree._Element:
        """The (possibly already changed) tree of a .rels part."""
        if name not in self.other_trees:
            root = etree.fromstring(self.archive.read(name), XML_PARSER)
            self._scrub_tree(root, skip_text_elements=False)
            self.other_trees[name] = root
        return self.other_trees[name]

    def _remove_embedded(self) -> None:
        """Embedded packages, OLE objects, controls and altChunk parts go, with their
        relationships and the elements that use them; an OLE object's preview picture stays."""
        for rels_part in [n for n in self.archive.namelist() if n.endswith(".rels")]:
            source = PurePosixPath(rels_part).parent.parent
            root = self._rels(rels_part)
            for rel in list(root.iter(PKG_REL + "Relationship")):
                if not rel.get("Type", "").endswith(_EMBEDDED_RELS):
                    continue
                root.remove(rel)
                if rel.get("TargetMode") != "External":
                    self.removed.add(_resolve(source, rel.get("Target", "")))
                if rel.get("Type", "").endswith("/aFChunk"):
                    self.warnings.append(
                        "imported content (altChunk) removed: it cannot be checked for PII"
                    )
        for name in self.archive.namelist():
            if name.startswith("word/embeddings/") or name.startswith("word/activeX/"):
                self.removed.add(name)
        for root in [*self.trees.values(), *self._chart_trees()]:
            for element in list(root.iter(*_EMBEDDING_ELEMENTS)):
                element.getparent().remove(element)  # type: ignore[union-attr]

    def _chart_trees(self) -> list[etree._Element]:
        trees = []
        for name in self.archive.namelist():
            if name.startswith("word/charts/") and name.endswith(".xml") and name not in self.trees:
                if name not in self.other_trees:
                    self.other_trees[name] = etree.fromstring(self.archive.read(name), XML_PARSER)
                trees.append(self.other_trees[name])
        return trees

    def _rename_bookmarks(self) -> None:
        """Bookmark names ("Lewis_Smith") become "bookmark1"...; hyperlink anchors and REF,
        PAGEREF, NOTEREF and HYPERLINK \\l fields follow them."""
        names: dict[str, str] = {}
        for root in self.trees.values():
            for mark in root.iter(W + "bookmarkStart"):
                name = mark.get(W + "name", "")
                if name and not _NEUTRAL_BOOKMARK.fullmatch(name) and name not in names:
                    names[name] = f"bookmark{len(names) + 1}"
        if not names:
            return

        def fields(text: str) -> str:
            return _FIELD_WORDS.sub(
                lambda m: m.group(0).replace(m.group(3), names.get(m.group(3), m.group(3))), text
            )

        for root in self.trees.values():
            for element in root.iter(W + "bookmarkStart", W + "hyperlink"):
                key = W + ("name" if element.tag == W + "bookmarkStart" else "anchor")
                if element.get(key) in names:
                    element.set(key, names[element.get(key, "")])
            for instr in root.iter(W + "instrText"):
                instr.text = fields(instr.text or "")
            for simple in root.iter(W + "fldSimple"):
                simple.set(W + "instr", fields(simple.get(W + "instr", "")))

    def _scrub_external_targets(self) -> None:
        """External targets that are not web links (a template or data source on the author's
        disk: file:///C:/Users/lewis.smith/...) are cleared."""
        for name in self.archive.namelist():
            if not name.endswith(".rels") or name in self.removed:
                continue
            for rel in self._rels(name).iter(PKG_REL + "Relationship"):
                if rel.get("TargetMode") != "External":
                    continue
                target = rel.get("Target", "")  # web ones already have the substitutions
                if rel.get("Type") != HYPERLINK_REL and not _WEB.match(target):
                    rel.set("Target", "about:blank")

    def _scrub_core_properties(self) -> None:
        if "docProps/core.xml" not in self.archive.namelist():
            return
        root = etree.fromstring(self.archive.read("docProps/core.xml"), XML_PARSER)
        for element in root:
            if _local(element.tag) in _CORE_CLEARED:
                element.text = ""
        self.other_trees["docProps/core.xml"] = root

    def _scrub_app_properties(self) -> None:
        if "docProps/app.xml" not in self.archive.namelist():
            return
        root = etree.fromstring(self.archive.read("docProps/app.xml"), XML_PARSER)
        for element in root.iter():
            if _local(element.tag) in _APP_CLEARED:
                element.text = ""
            elif element.text and self.substitute:
                element.text = self.substitute(element.text)
        self.other_trees["docProps/app.xml"] = root

    def _drop_package_relationships(self) -> None:
        if "_rels/.rels" in self.archive.namelist():
            rels = etree.fromstring(self.archive.read("_rels/.rels"), XML_PARSER)
            for rel in list(rels):
                if rel.get("Type", "").endswith(_REMOVED_PACKAGE_RELS):
                    rels.remove(rel)
            self.other_trees["_rels/.rels"] = rels
        types = etree.fromstring(self.archive.read("[Content_Types].xml"), XML_PARSER)
        for override in list(types.iter(CT + "Override")):
            if override.get("PartName", "").lstrip("/") in self.removed:
                types.remove(override)
        self.other_trees["[Content_Types].xml"] = types

    def build(self) -> bytes:
        import io

        if self.removed:  # relationships to removed parts go too
            for name in [n for n in self.archive.namelist() if n.endswith(".rels")]:
                if name in self.removed:
                    continue
                source = PurePosixPath(name).parent.parent
                root = self._rels(name)
                for rel in list(root.iter(PKG_REL + "Relationship")):
                    internal = rel.get("TargetMode") != "External"
                    if internal and _resolve(source, rel.get("Target", "")) in self.removed:
                        root.remove(rel)

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in self.archive.infolist():
                name = info.filename
                if name in self.removed:
                    continue
                if name in self.trees:
                    data = serialize(self.trees[name])
                elif name in self.other_trees:
                    data = serialize(self.other_trees[name])
                else:
                    data = strip_image_metadata(self.archive.read(name))
                dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        return out.getvalue()


def _resolve(source: PurePosixPath, target: str) -> str:
    """The zip member a relationship target names, relative to its source part's folder."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (*source.parts, *target.split("/")):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)
