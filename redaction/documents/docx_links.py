"""Hyperlink targets of a DOCX, as text the detector sees.

A link's target is not visible text ("here" pointing to ``mailto:ann@example.org``), yet it is
personal data. The loader appends every distinct target, one per line, after the document's
parts (a part of kind ``"links"``), so detection and annotators see it like any other text; the
writer walks the same list again and rewrites each target whose line had a replacement.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from redaction.documents.docx_xml import HYPERLINK_REL, XML_PARSER, W, read_relationships

#: ``DocxPart.kind`` (and ``DocxPart.name``) of the appended link targets.
LINKS_KIND = "links"
FIELD_HYPERLINK = re.compile(r'HYPERLINK\s+(?:\\[a-z]\s+(?:"[^"]*"\s+)?)*"([^"]+)"')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """One distinct link target: as stored in the package and as shown in the text."""

    target: str
    shown: str


def shown_text(target: str) -> str:
    """The target percent-decoded (when that is clean) with control characters as spaces, so it
    is one line of text of a length the writer can map back."""
    decoded = unquote(target)
    text = decoded if "\ufffd" not in decoded else target
    return _CONTROL.sub(" ", text)


def field_targets(root: etree._Element) -> list[str]:
    """Targets of HYPERLINK field codes (``w:instrText`` and ``w:fldSimple``)."""
    found: list[str] = []
    for instr in root.iter(W + "instrText"):
        found += FIELD_HYPERLINK.findall(instr.text or "")
    for simple in root.iter(W + "fldSimple"):
        found += FIELD_HYPERLINK.findall(simple.get(W + "instr", ""))
    return found


def link_targets(
    archive: zipfile.ZipFile,
    parts: Sequence[str],
    roots: Mapping[str, etree._Element] | None = None,
) -> list[LinkTarget]:
    """Every distinct hyperlink target of the text ``parts``, in part order: hyperlink
    relationships first, then HYPERLINK field codes. Empty and in-document ("#...") ones are
    left out. ``roots``: the parts already parsed (as loaded, before any edit)."""
    seen: dict[str, LinkTarget] = {}
    for part in parts:
        targets = [
            t for kind, t in read_relationships(archive, part).values() if kind == HYPERLINK_REL
        ]
        with contextlib.suppress(KeyError, etree.XMLSyntaxError):  # the loader reports those
            root = roots[part] if roots and part in roots else None
            if root is None:
                root = etree.fromstring(archive.read(part), XML_PARSER)
            targets += field_targets(root)
        for target in targets:
            if target.strip() and not target.startswith("#") and target not in seen:
                seen[target] = LinkTarget(target, shown_text(target))
    return list(seen.values())
