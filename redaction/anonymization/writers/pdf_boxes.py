"""Where to paint: the boxes of redacted characters, merged per replacement and per line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from redaction.anonymization.replacement import Replacement
from redaction.documents.model import Box, ImageLayout, PdfLayout, PdfPageLayout

PADDING = 1.0  # points added around each merged box
#: Around words read by OCR: their boxes are Tesseract's and each character's share of its word
#: is an estimate, so the paint reaches further.
OCR_PADDING = 2.5


def _same_line(a: Box, b: Box) -> bool:
    """Vertical overlap of more than half the smaller height (or, for vertical text, horizontal
    overlap of more than half the smaller width and no gap taller than a character)."""
    vertical = min(a[3], b[3]) - max(a[1], b[1])
    horizontal = min(a[2], b[2]) - max(a[0], b[0])
    return vertical > 0.5 * min(a[3] - a[1], b[3] - b[1]) or (
        horizontal > 0.5 * min(a[2] - a[0], b[2] - b[0])
        and vertical > -max(a[3] - a[1], b[3] - b[1])
    )


def _merge(boxes: list[Box], padding: float = PADDING) -> list[Box]:
    merged: list[Box] = []
    for box in boxes:
        if merged and _same_line(merged[-1], box):
            last = merged[-1]
            merged[-1] = (
                min(last[0], box[0]),
                min(last[1], box[1]),
                max(last[2], box[2]),
                max(last[3], box[3]),
            )
        else:
            merged.append(box)
    return [(b[0] - padding, b[1] - padding, b[2] + padding, b[3] + padding) for b in merged]


def _page_of(layout: PdfLayout | ImageLayout, position: int) -> PdfPageLayout | None:
    for page in layout.pages:
        if page.start <= position < page.end:
            return page
    return None


def redaction_boxes(
    layout: PdfLayout | ImageLayout, replacements: Sequence[Replacement]
) -> dict[int, list[Box]]:
    """page index -> boxes (PDF points) to paint, one per replacement per line."""
    result: dict[int, list[Box]] = defaultdict(list)
    for rep in replacements:
        per_page: dict[int, list[Box]] = defaultdict(list)
        for position in range(rep.start, rep.end):
            page = _page_of(layout, position)
            if page is None:
                continue
            box = page.boxes[position - page.start]
            if box is not None and (box[2] > box[0] or box[3] > box[1]):
                per_page[page.index].append(box)
        for index, boxes in per_page.items():
            padding = OCR_PADDING if layout.pages[index].ocr else PADDING
            result[index].extend(_merge(boxes, padding))
    return dict(result)


def redacted_char_indices(
    layout: PdfLayout, replacements: Sequence[Replacement]
) -> dict[int, set[int]]:
    """page index -> pdfium text-page indices of the redacted characters."""
    result: dict[int, set[int]] = defaultdict(set)
    for rep in replacements:
        for page in layout.pages:
            lo, hi = max(rep.start, page.start), min(rep.end, page.end)
            for position in range(lo, hi):
                index = page.char_indices[position - page.start]
                if index >= 0:
                    result[page.index].add(index)
    return dict(result)


def no_text_warnings(layout: PdfLayout, text: str, out: object) -> list[str]:
    """The writer's warning for pages without a text layer (nothing there can be redacted)."""
    empty = [p.index + 1 for p in layout.pages if not text[p.start : p.end].strip()]
    if not empty:
        return []
    pages = "all pages" if len(empty) == len(layout.pages) else f"page(s) {empty}"
    return [f"{out}: no text layer on {pages} (scanned?); their content could not be redacted"]
