"""TXT and Markdown: decode (UTF-8 with or without BOM, UTF-16, cp1252) and normalise newlines."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from redaction.documents.model import TextLayout
from redaction.errors import BinaryFileError, EmptyFileError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NEWLINE = re.compile(r"\r\n|\r|\n")
#: Control characters that plain text may contain (tab, newlines, form feed, vertical tab, ESC).
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _decode(path: Path, data: bytes) -> tuple[str, str, bytes]:
    """Return (text, encoding, bom)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, bom
            except UnicodeDecodeError as exc:
                raise BinaryFileError(path, f"not valid {encoding} text ({exc.reason})") from None
    utf16 = _guess_utf16(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16, b""
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise BinaryFileError(path, "binary data, not a text file")
    try:
        return data.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252", b""
    except UnicodeDecodeError:
        raise BinaryFileError(path, "not a text file (neither UTF-8, UTF-16 nor cp1252)") from None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(
        1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return "\x00" in sample or controls > max(2, len(sample) // 100)


def load_text(path: Path, data: bytes) -> tuple[str, TextLayout]:
    """Decode a text file and normalise its newlines to "\\n"; the layout keeps the originals."""
    raw, encoding, bom = _decode(path, data)
    if _looks_binary(raw):
        raise BinaryFileError(path, "binary data, not a text file")
    found = _NEWLINE.findall(raw)
    text = _NEWLINE.sub("\n", raw) if found else raw
    if not text.strip():
        raise EmptyFileError(path, "the file has no text")
    counts = {nl: found.count(nl) for nl in set(found)}
    newline = max(counts, key=lambda nl: counts[nl]) if counts else "\n"
    newlines = None if len(counts) <= 1 else tuple(found)
    return text, TextLayout(encoding=encoding, bom=bom, newline=newline, newlines=newlines)
