"""Everything in a DOCX outside the visible text that can carry PII: hyperlink targets, tracked
changes, comment authors, document properties, custom properties, the thumbnail."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping

from lxml import etree

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
_APP_CLEARED = frozenset({"Company", "Manager", "HyperlinkBase"})
_REMOVED_PACKAGE_RELS = ("/custom-properties", "/thumbnail")


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
            elif rel.get("TargetMode") == "External":
                rel.set("Target", self.substitute.url(target))
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
                self.other_trees[name] = root

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
                    data = self.archive.read(name)
                dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        return out.getvalue()
