"""DOCX: replacements inside runs (formatting kept) in every text part, then the scrub of
everything outside the text (hyperlink targets, properties, comments, tracked changes)."""

from __future__ import annotations

import bisect
import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from redaction.anonymization.replacement import Replacement
from redaction.anonymization.writers.common import WriteResult, read_original, write_bytes
from redaction.anonymization.writers.docx_runs import (
    BLACK_BOX,
    blacken_run,
    isolate,
    set_text,
    text_element,
)
from redaction.anonymization.writers.docx_scrub import Scrubber
from redaction.documents.docx_links import LINKS_KIND, link_targets
from redaction.documents.docx_xml import (
    XML_PARSER,
    TextPiece,
    W,
    paragraph_pieces,
    paragraphs,
    text_parts,
)
from redaction.documents.model import Document, DocxLayout, DocxSegment
from redaction.errors import CorruptFileError, DocumentError


@dataclass
class _Edit:
    piece: TextPiece
    start: int  # in the element's text
    end: int
    text: str
    blackout: bool
    position: int  # in Document.text, to apply edits from the end


class _PartTexts:
    """The paragraphs and their text pieces of each text part, walked like the loader did."""

    def __init__(self, trees: dict[str, etree._Element]) -> None:
        self.trees = trees
        self._paragraphs: dict[str, list[etree._Element]] = {}
        self._pieces: dict[tuple[str, int], list[TextPiece]] = {}

    def piece(self, segment: DocxSegment) -> TextPiece:
        key = (segment.part, segment.paragraph)
        if key not in self._pieces:
            if segment.part not in self._paragraphs:
                self._paragraphs[segment.part] = paragraphs(self.trees[segment.part])
            self._pieces[key] = paragraph_pieces(self._paragraphs[segment.part][segment.paragraph])
        return self._pieces[key][segment.run]


def _edits(
    document: Document,
    layout: DocxLayout,
    replacements: Sequence[Replacement],
    texts: _PartTexts,
) -> list[_Edit]:
    """Per text element, what to put where."""
    segments = tuple(seg for seg in layout.segments if seg.part != LINKS_KIND)
    starts = [seg.start for seg in segments]
    edits: list[_Edit] = []
    for rep in replacements:
        index = max(bisect.bisect_right(starts, rep.start) - 1, 0)
        first = True
        for i in range(index, len(segments)):
            seg = segments[i]
            if seg.start >= rep.end:
                break
            if seg.end <= rep.start:
                continue
            piece = texts.piece(seg)
            if piece.text != document.text[seg.start : seg.end]:
                raise DocumentError(document.path, "the DOCX no longer matches its loaded text")
            lo, hi = max(rep.start, seg.start) - seg.start, min(rep.end, seg.end) - seg.start
            # blackout keeps each run's length; other styles put the new text in the first run
            new = BLACK_BOX * (hi - lo) if rep.blackout else (rep.new_text if first else "")
            first = False
            edits.append(_Edit(piece, lo, hi, new, rep.blackout, seg.start + lo))
        if first and rep.new_text:  # only paragraph breaks replaced: insert after the text before
            edit = _insertion_before(segments, texts, index, rep)
            if edit is not None:
                edits.append(edit)
    return edits


def _insertion_before(
    segments: Sequence[DocxSegment], texts: _PartTexts, index: int, rep: Replacement
) -> _Edit | None:
    for i in range(min(index, len(segments) - 1), -1, -1):
        seg = segments[i]
        if seg.end <= rep.start:
            piece = texts.piece(seg)
            if piece.element.tag == W + "t":
                length = seg.end - seg.start
                return _Edit(piece, length, length, rep.new_text, False, seg.end)
            return None
    return None


def _apply(edits: list[_Edit]) -> None:
    for edit in sorted(edits, key=lambda e: e.position, reverse=True):
        element = edit.piece.element
        if element.tag != W + "t":
            element = text_element(element, edit.text)
            edit.piece.element = element
            if edit.blackout and element.getparent() is not None:
                blacken_run(element.getparent())
            continue
        if edit.blackout:
            blacken_run(isolate(element, edit.start, edit.end, edit.text))
        else:
            old = element.text or ""
            set_text(element, old[: edit.start] + edit.text + old[edit.end :])


def _link_rewrites(
    document: Document,
    layout: DocxLayout,
    replacements: Sequence[Replacement],
    archive: zipfile.ZipFile,
    trees: Mapping[str, etree._Element],
) -> dict[str, str]:
    """Original target -> new target, for every link target whose line had a replacement
    (the line with the replacements applied: "mailto:[email]", a pseudonym's address...)."""
    lines = [seg for seg in layout.segments if seg.part == LINKS_KIND]
    if not lines:
        return {}
    targets = link_targets(archive, list(trees), trees)
    rewrites: dict[str, str] = {}
    for seg in lines:
        inside = [r for r in replacements if r.start < seg.end and r.end > seg.start]
        if not inside:
            continue
        if (
            seg.paragraph >= len(targets)
            or targets[seg.paragraph].shown != document.text[seg.start : seg.end]
        ):
            raise DocumentError(document.path, "the DOCX no longer matches its loaded text")
        shown = targets[seg.paragraph].shown
        new, position = [], seg.start
        for rep in sorted(inside, key=lambda r: r.start):
            new.append(document.text[position : max(rep.start, seg.start)])
            new.append(
                BLACK_BOX * (min(rep.end, seg.end) - max(rep.start, seg.start))
                if rep.blackout
                else rep.new_text
            )
            position = max(position, min(rep.end, seg.end))
        new.append(document.text[position : seg.end])
        value = "".join(new).strip()
        rest = value.split(":", 1)[-1]  # nothing but mask or box characters left: no link
        useful = value != shown and any(c.isalnum() for c in rest)
        rewrites[targets[seg.paragraph].target] = value if useful else "#"
    return rewrites


def _links_touched(edits: list[_Edit]) -> set[int]:
    """ids of w:hyperlink elements whose anchor text had a replacement."""
    return {id(e.piece.hyperlink) for e in edits if e.piece.hyperlink is not None}


def _comments_touched(edits: list[_Edit]) -> set[str]:
    """w:id of every comment whose text had a replacement: those comments are removed."""
    return {
        comment.get(W + "id", "")
        for edit in edits
        for comment in edit.piece.element.iterancestors(W + "comment")
    }


def write_docx(
    document: Document,
    layout: DocxLayout,
    replacements: Sequence[Replacement],
    out: Path,
    substitutions: Mapping[str, str],
) -> WriteResult:
    data = read_original(document)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = dict(text_parts(archive))
        trees = {name: etree.fromstring(archive.read(name), XML_PARSER) for name in parts}
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as exc:
        raise CorruptFileError(document.path, f"corrupt DOCX ({exc})") from None
    texts = _PartTexts(trees)
    edits = _edits(document, layout, replacements, texts)
    touched_links = _links_touched(edits)
    commented = _comments_touched(edits)
    links = _link_rewrites(document, layout, replacements, archive, trees)
    _apply(edits)
    scrubber = Scrubber(archive, trees, {**substitutions, **links})
    for name, root in trees.items():
        scrubber.scrub_text_part(name, root, touched_links)
    scrubber.remove_comments(commented)
    scrubber.scrub_package()
    warnings = [f"{out}: {w}" for w in scrubber.warnings]
    write_bytes(out, scrubber.build())
    return WriteResult(out, warnings)
