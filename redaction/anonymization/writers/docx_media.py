"""Metadata stripped from images inside a DOCX: PNG text/EXIF chunks, JPEG EXIF/XMP/IPTC/comment
segments. Dependency-free: the pixels are copied byte for byte, only the metadata goes.

A camera or an editor writes the author's name, an address or GPS position into these; Word
never shows them, anyone who saves the picture out of the document can read them.
"""

from __future__ import annotations

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: PNG chunks that hold free text or EXIF (tIME is the edit time, also dropped).
PNG_METADATA = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"})
#: JPEG markers kept before the scan: APP0 (JFIF), APP2 (ICC profile), APP14 (Adobe colour).
_JPEG_KEEP_APP = frozenset({0xE0, 0xE2, 0xEE})
_JPEG_SOS = 0xDA
_JPEG_COM = 0xFE
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RSTn: no length field


def strip_png(data: bytes) -> bytes:
    """The PNG without its text, EXIF and time chunks (unchanged when it is not a valid PNG)."""
    if not data.startswith(PNG_SIGNATURE):
        return data
    out = [PNG_SIGNATURE]
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            return data  # truncated: leave it to the caller's checks
        if kind not in PNG_METADATA:
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            break
    return b"".join(out)


def strip_jpeg(data: bytes) -> bytes:
    """The JPEG without APP1 (EXIF, XMP), APP3-APP13 (IPTC...), APP15 and comment segments."""
    if not data.startswith(b"\xff\xd8"):
        return data
    out = [b"\xff\xd8"]
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return data  # not a marker where one must be: leave the file alone
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _STANDALONE:
            out.append(data[pos : pos + 2])
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        end = pos + 2 + length
        if marker == _JPEG_SOS:
            out.append(data[pos:])  # the scan and everything after it
            return b"".join(out)
        if end > len(data):
            return data
        is_metadata = marker == _JPEG_COM or (
            0xE0 <= marker <= 0xEF and marker not in _JPEG_KEEP_APP
        )
        if not is_metadata:
            out.append(data[pos:end])
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def strip_image_metadata(data: bytes) -> bytes:
    """PNG and JPEG metadata removed; any other bytes returned unchanged."""
    if data.startswith(PNG_SIGNATURE):
        return strip_png(data)
    if data.startswith(b"\xff\xd8\xff"):
        return strip_jpeg(data)
    return data
