"""PNG, JPEG and TIFF (every frame of a multi-page TIFF): the page images read by OCR.

Frames are separated by ``PDF_PAGE_SEPARATOR`` like PDF pages; boxes are in points at the
image's resolution with the origin at the bottom left (``ImageLayout``), so everything built
for PDF pages (box merging, the page view) works on them. Text found in the file's metadata
(EXIF, XMP, IPTC, PNG text chunks) becomes document properties, which the anonymised copy
drops and the leak check searches.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redaction.documents.model import (
    PDF_PAGE_SEPARATOR,
    Box,
    Document,
    ImageLayout,
    PdfPageLayout,
)
from redaction.documents.ocr import for_ocr, ocr_page, ocr_warnings, require_ocr
from redaction.errors import CorruptFileError, FileTooLargeError

if TYPE_CHECKING:
    from PIL import Image

#: Pillow's format names we read and write back.
IMAGE_FORMATS = ("PNG", "JPEG", "TIFF")
#: Largest image accepted, in pixels per frame (a 600 dpi A3 page is 70 million).
MAX_PIXELS = 120_000_000
_XML_VALUE = re.compile(r">([^<>]*\S[^<>]*)<")


def open_image(path: Path, data: bytes) -> Image.Image:
    """Open with Pillow, mapping its errors to our typed ones."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError:
        raise FileTooLargeError(
            path, f"image too large (more than {MAX_PIXELS // 1_000_000} million pixels)"
        ) from None
    except UnidentifiedImageError:
        raise CorruptFileError(
            path, "corrupt image (not a PNG, JPEG or TIFF Pillow can read)"
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise CorruptFileError(path, f"corrupt image ({exc})") from None
    if image.format not in IMAGE_FORMATS:
        raise CorruptFileError(path, f"unsupported image type {image.format} (PNG, JPEG or TIFF)")
    return image


def resolution(image: Image.Image) -> tuple[float, float]:
    """The image's dpi (72 when it does not say, so that a point is a pixel)."""
    dpi: Any = image.info.get("dpi")
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return (72.0, 72.0)
    return (x if x > 1 else 72.0, y if y > 1 else 72.0)


def image_properties(image: Image.Image) -> dict[str, str]:
    """Text held in the file outside the picture: EXIF strings, XMP values, IPTC, PNG text."""
    from PIL import ExifTags

    properties: dict[str, str] = {}
    exif = image.getexif()
    for ifd in (exif, exif.get_ifd(ExifTags.IFD.Exif)):
        for tag, value in ifd.items():
            if isinstance(value, bytes) and tag in (0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F):
                value = value.decode("utf-16-le", errors="replace").rstrip("\x00")  # XP* tags
            elif isinstance(value, bytes) and tag == 0x9286:  # UserComment: 8-byte charset code
                value = value[8:].decode("utf-8", errors="replace").rstrip("\x00")
            if isinstance(value, str) and value.strip():
                properties[f"exif:{ExifTags.TAGS.get(tag, hex(tag))}"] = value.strip()
    for key, value in (getattr(image, "text", None) or {}).items():
        if isinstance(value, str) and value.strip():
            properties[f"png:{key}"] = value.strip()
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if xmp:
        xml = xmp.decode("utf-8", errors="replace") if isinstance(xmp, bytes) else str(xmp)
        values = [v.strip() for v in _XML_VALUE.findall(xml)]
        if values:
            properties["xmp"] = "; ".join(values)
    iptc = image.info.get("iptc") or _iptc(image)
    if iptc:
        properties["iptc"] = iptc
    return properties


def _iptc(image: Image.Image) -> str:
    from PIL import IptcImagePlugin

    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}  # type: ignore[arg-type]
    except (OSError, SyntaxError, ValueError):
        return ""
    values: list[str] = []
    for value in info.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, bytes) and item.strip():
                values.append(item.decode("utf-8", errors="replace").strip())
    return "; ".join(values)


def frames(image: Image.Image) -> list[Image.Image]:
    """Every frame of the image (a multi-page TIFF has several), as copies."""
    result = []
    for number in range(getattr(image, "n_frames", 1)):
        image.seek(number)
        result.append(image.copy())
    image.seek(0)
    return result


def load_image(path: Path, data: bytes, sha256: str) -> Document:
    require_ocr(path)  # before any work: a scan without the engine is refused at once
    image = open_image(path, data)
    dpi_x, dpi_y = resolution(image)
    properties = image_properties(image)
    pages: list[PdfPageLayout] = []
    chunks: list[str] = []
    low_confidence: list[tuple[int, int]] = []
    position = 0
    for number, frame in enumerate(frames(image)):
        if number:
            chunks.append(PDF_PAGE_SEPARATOR)
            position += len(PDF_PAGE_SEPARATOR)
        height_px = frame.height

        def to_box(pixels: tuple[float, float, float, float], height_px: int = height_px) -> Box:
            left, top, right, bottom = pixels
            return (
                left * 72 / dpi_x,
                (height_px - bottom) * 72 / dpi_y,
                right * 72 / dpi_x,
                (height_px - top) * 72 / dpi_y,
            )

        read = ocr_page(for_ocr(frame), path, to_box)
        pages.append(
            PdfPageLayout(
                number,
                frame.width * 72 / dpi_x,
                frame.height * 72 / dpi_y,
                position,
                position + len(read.text),
                read.boxes,
                (-1,) * len(read.text),
                True,
            )
        )
        low_confidence.extend((position + a, position + b) for a, b in read.low_confidence)
        chunks.append(read.text)
        position += len(read.text)
    text = "".join(chunks)
    warnings = ocr_warnings(path, list(range(1, len(pages) + 1)), len(pages), len(low_confidence))
    if not text.strip():
        warnings.append(f"{path}: OCR found no text in the image")
    return Document(
        path=path,
        format="image",
        text=text,
        sha256=sha256,
        size=len(data),
        properties=properties,
        layout=ImageLayout(tuple(pages), str(image.format), (dpi_x, dpi_y)),
        warnings=warnings,
        low_confidence=low_confidence,
    )
