"""PNG, JPEG, TIFF: paint the boxes of the redacted words black, write the same format, and
nothing of the file but its pixels: no EXIF, XMP, IPTC, ICC profile or PNG text chunk."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from redaction.anonymization.replacement import Replacement
from redaction.anonymization.writers.common import WriteResult, read_original, write_bytes
from redaction.anonymization.writers.pdf_boxes import redaction_boxes
from redaction.documents.image_loader import frames, open_image
from redaction.documents.model import Document, ImageLayout


def _clean(frame):  # type: ignore[no-untyped-def]
    """A new image holding only ``frame``'s pixels (no info, palette flattened)."""
    from PIL import Image

    if frame.mode not in ("1", "L", "RGB", "RGBA", "I;16", "I", "F", "CMYK"):
        frame = frame.convert(
            "RGBA" if "A" in frame.mode or "transparency" in frame.info else "RGB"
        )
    return Image.frombytes(frame.mode, frame.size, frame.tobytes())


def _black(mode: str) -> int | tuple[int, ...]:
    return {"RGB": (0, 0, 0), "RGBA": (0, 0, 0, 255), "CMYK": (0, 0, 0, 255)}.get(mode, 0)


def write_image(
    document: Document, layout: ImageLayout, replacements: Sequence[Replacement], out: Path
) -> WriteResult:
    from PIL import ImageDraw

    source = open_image(document.path, read_original(document))
    dpi_x, dpi_y = layout.dpi
    boxes = redaction_boxes(layout, replacements)
    pages = []
    for index, frame in enumerate(frames(source)):
        page = _clean(frame)
        draw = ImageDraw.Draw(page)
        for left, bottom, right, top in boxes.get(index, []):
            x0, x1 = left * dpi_x / 72, right * dpi_x / 72
            y0, y1 = page.height - top * dpi_y / 72, page.height - bottom * dpi_y / 72
            draw.rectangle(
                (max(int(x0), 0), max(int(y0), 0), min(int(x1) + 1, page.width - 1),
                 min(int(y1) + 1, page.height - 1)),
                fill=_black(page.mode),
            )  # fmt: skip
        pages.append(page)
    buffer = io.BytesIO()
    first, *rest = pages
    dpi = (round(dpi_x), round(dpi_y))
    if layout.image_format == "JPEG":
        first.convert("RGB" if first.mode not in ("L", "RGB", "CMYK") else first.mode).save(
            buffer, "JPEG", quality=92, dpi=dpi
        )
    elif layout.image_format == "TIFF":
        first.save(
            buffer, "TIFF", save_all=True, append_images=rest, compression="tiff_deflate", dpi=dpi
        )
    else:
        first.save(buffer, "PNG", dpi=dpi, optimize=False)
    write_bytes(out, buffer.getvalue())
    return WriteResult(out, [])
