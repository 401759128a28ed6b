"""Synthetic scans for the OCR tests and ``benchmarks/ocr.py`` (Pillow, no Qt).

``render_scan(text)`` draws a page of text the way a scanner returns it: the first line as a
large heading, the second (the contact line: e-mail, phone) in small print, the rest as body
text, on a grey background with noise and a slight rotation. ``scan_pdf`` wraps pages in an
image-only PDF (no text layer), as a scanner's PDF is.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
A4_INCHES = (8.27, 11.69)


def _font(path: str, points: float, dpi: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    try:
        return ImageFont.truetype(path, max(6, round(points * dpi / 72)))
    except OSError:  # no DejaVu on this machine: Pillow's own scalable font
        return ImageFont.load_default(size=max(6, round(points * dpi / 72)))


def _wrap(draw, line: str, font, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    words, lines, current = line.split(" "), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if current and draw.textlength(trial, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current]


def render_scan(
    text: str,
    *,
    dpi: int = 200,
    angle: float = 0.8,
    noise: float = 12.0,
    background: int = 228,
) -> Image.Image:
    """One A4 page of ``text`` as a greyscale scan (mode "L")."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    width, height = (round(side * dpi) for side in A4_INCHES)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    margin = round(0.8 * dpi)
    y = margin
    for number, line in enumerate(text.split("\n")):
        if number == 0:
            font, gap = _font(FONT_BOLD, 22, dpi), 1.6
        elif number == 1:
            font, gap = _font(FONT, 8, dpi), 1.5
        else:
            font, gap = _font(FONT, 10.5, dpi), 1.45
        size = font.size
        for part in _wrap(draw, line, font, width - 2 * margin) if line else [""]:
            draw.text((margin, y), part, fill=20, font=font)
            y += round(size * gap)
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    # Grey paper with grain: white becomes ``background``, noise centred on 0 is added, and a
    # slight blur softens the edges as a scanner's optics do.
    page = page.point(lambda v: v * background // 255)
    grain = Image.effect_noise((width, height), noise)
    page = ImageChops.add(page, grain, scale=1.0, offset=-128)
    return page.filter(ImageFilter.GaussianBlur(0.6))


def scan_pdf(pages: Sequence[Image.Image], dpi: int = 200) -> bytes:
    """An image-only PDF holding ``pages`` (JPEG-compressed, as scanners write them)."""
    buffer = io.BytesIO()
    first, *rest = [page.convert("RGB") for page in pages]
    first.save(buffer, "PDF", save_all=True, append_images=rest, resolution=dpi, quality=85)
    return buffer.getvalue()


def save_scan(page: Image.Image, path: Path, *, dpi: int = 200) -> Path:
    """Write ``page`` in the format the suffix names (PNG, JPEG, TIFF)."""
    suffix = path.suffix.lower()
    if suffix in (".jpg", ".jpeg"):
        page.convert("RGB").save(path, "JPEG", quality=88, dpi=(dpi, dpi))
    elif suffix in (".tif", ".tiff"):
        page.save(path, "TIFF", compression="tiff_deflate", dpi=(dpi, dpi))
    else:
        page.save(path, "PNG", dpi=(dpi, dpi))
    return path
