"""Image metadata stripping: every metadata chunk/segment goes, every other byte stays."""

from __future__ import annotations

import struct
import zlib

from hypothesis import given
from hypothesis import strategies as st

from redaction.anonymization.writers.docx_media import (
    PNG_METADATA,
    PNG_SIGNATURE,
    strip_image_metadata,
    strip_jpeg,
    strip_png,
)

_KINDS = [b"IHDR", b"PLTE", b"IDAT", b"gAMA", b"iCCP", b"pHYs", *sorted(PNG_METADATA)]


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


@given(st.lists(st.tuples(st.sampled_from(_KINDS), st.binary(max_size=40)), max_size=8))
def test_png_keeps_exactly_the_image_chunks(chunks: list[tuple[bytes, bytes]]) -> None:
    data = PNG_SIGNATURE + b"".join(_chunk(k, b) for k, b in chunks) + _chunk(b"IEND", b"")
    wanted = PNG_SIGNATURE + b"".join(_chunk(k, b) for k, b in chunks if k not in PNG_METADATA)
    assert strip_png(data) == wanted + _chunk(b"IEND", b"")
    assert strip_image_metadata(data) == strip_png(data)


_MARKERS = [0xE0, 0xE1, 0xE2, 0xE5, 0xED, 0xEE, 0xEF, 0xFE, 0xDB, 0xC0, 0xC4]
_DROPPED = {0xE1, 0xE5, 0xED, 0xEF, 0xFE}


@given(
    st.lists(st.tuples(st.sampled_from(_MARKERS), st.binary(max_size=40)), max_size=8),
    st.binary(max_size=60),
)
def test_jpeg_keeps_everything_but_metadata_segments(
    segments: list[tuple[int, bytes]], scan: bytes
) -> None:
    tail = _segment(0xDA, b"\x00" * 6) + scan + b"\xff\xd9"
    data = b"\xff\xd8" + b"".join(_segment(m, b) for m, b in segments) + tail
    wanted = b"\xff\xd8" + b"".join(_segment(m, b) for m, b in segments if m not in _DROPPED)
    assert strip_jpeg(data) == wanted + tail


def test_damaged_or_other_images_are_left_unchanged() -> None:
    png = PNG_SIGNATURE + _chunk(b"tEXt", b"Author\x00Ann Lee")[:-6]  # truncated chunk
    assert strip_png(png) == png
    jpeg = b"\xff\xd8" + b"\x00garbage"
    assert strip_jpeg(jpeg) == jpeg
    gif = b"GIF89a" + b"Ann Lee"
    assert strip_image_metadata(gif) == gif
