"""What both PDF modes do to the file pdfium writes: no document information dictionary, and
a file identifier that follows from the content."""

from __future__ import annotations

import hashlib
import re

_INFO_REF = re.compile(rb"/Info (\d+) 0 R")


def blank_info(data: bytes) -> bytes:
    """Empty the Info dictionary pdfium writes (Creator, CreationDate) and drop its reference.

    Edits keep every byte offset, so the cross-reference table stays valid.
    """
    refs = _INFO_REF.findall(data)
    out = bytearray(data)
    for number in set(refs):
        obj = re.search(rb"(?:^|[\r\n])" + number + rb" 0 obj\s*(<<.*?>>)\s*endobj", data, re.S)
        if obj is not None:
            start, end = obj.span(1)
            out[start:end] = b"<<>>".ljust(end - start)
    for match in _INFO_REF.finditer(data):
        start, end = match.span()
        out[start:end] = b" " * (end - start)
    return bytes(out)


_FILE_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def stable_id(data: bytes) -> bytes:
    """Replace the random file identifier pdfium writes by a hash of the rest of the file, so
    the same document anonymised twice (by ``redact anonymize``, by a cluster job, by a
    retried task) is the same file, byte for byte. Offsets are kept."""
    found = list(_FILE_ID.finditer(data))
    if not found:
        return data
    out = bytearray(data)
    for match in found:
        for group in (1, 2):
            start, end = match.span(group)
            out[start:end] = b"0" * (end - start)
    digest = hashlib.sha256(bytes(out)).hexdigest().upper().encode("ascii")
    for match in found:
        for group in (1, 2):
            start, end = match.span(group)
            out[start:end] = (digest * 2)[: end - start]
    return bytes(out)


#: Page dictionary entries that can carry what the page showed before redaction: the
#: thumbnail image, private application data, page actions (JavaScript) and page XMP.
PAGE_KEYS = (b"/Thumb", b"/PieceInfo", b"/AA", b"/Metadata")
_OBJ = re.compile(rb"(?:^|[\r\n])(\d+) 0 obj\s*", re.M)
_REF = re.compile(rb"(?<![\d.])(\d+)\s+0\s+R(?![A-Za-z])")
_DELIMITERS = b"()<>[]{}/% \t\r\n\f\x00"


def _string_end(data: bytes, i: int) -> int:
    """The end of the literal string starting at ``data[i] == "("`` (nesting, escapes)."""
    depth, j = 0, i
    while j < len(data):
        char = data[j]
        if char == 0x5C:  # backslash
            j += 2
            continue
        if char == 0x28:
            depth += 1
        elif char == 0x29:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return j


def _skip_space(data: bytes, i: int) -> int:
    while i < len(data) and data[i] in b" \t\r\n\f\x00":
        i += 1
    return i


def _value_end(data: bytes, i: int) -> int:
    """The end of the PDF object value starting at ``i``."""
    if data.startswith(b"<<", i) or data.startswith(b"[", i):
        depth, j = 0, i
        while j < len(data):
            if data.startswith(b"<<", j) or data[j] == 0x5B:
                depth += 1
                j += 2 if data[j] == 0x3C else 1
            elif data.startswith(b">>", j) or data[j] == 0x5D:
                depth -= 1
                j += 2 if data[j] == 0x3E else 1
                if depth == 0:
                    return j
            elif data[j] == 0x28:
                j = _string_end(data, j)
            elif data[j] == 0x3C:  # hex string
                j = data.index(b">", j) + 1
            else:
                j += 1
        return j
    if data[i] == 0x28:
        return _string_end(data, i)
    if data[i] == 0x3C:
        return data.index(b">", i) + 1
    ref = _REF.match(data, i)
    if ref is not None:
        return ref.end()
    j = i + 1
    while j < len(data) and data[j] not in _DELIMITERS:
        j += 1
    return j


def _dict_entries(data: bytes, start: int) -> list[tuple[bytes, int, int]]:
    """(key, entry start, entry end) of the dictionary whose "<<" is at ``start``."""
    entries: list[tuple[bytes, int, int]] = []
    i = _skip_space(data, start + 2)
    while i < len(data) and not data.startswith(b">>", i):
        if data[i] != 0x2F:  # not a name: malformed, stop
            break
        key_end = _value_end(data, i)
        value = _skip_space(data, key_end)
        end = _value_end(data, value)
        entries.append((data[i:key_end], i, end))
        i = _skip_space(data, end)
    return entries


def drop_page_keys(data: bytes, keys: tuple[bytes, ...] = PAGE_KEYS) -> bytes:
    """Remove ``keys`` from every page dictionary of a PDF pdfium wrote (objects in the clear,
    no object streams), and empty the objects only they referred to (the thumbnail image…).

    Edits keep every byte offset, so the cross-reference table stays valid.
    """
    out = bytearray(data)
    removed: list[bytes] = []
    for match in _OBJ.finditer(data):
        if not data.startswith(b"<<", match.end()):
            continue
        entries = _dict_entries(data, match.end())
        if not any(
            k == b"/Type" and data[s:e].replace(b" ", b"") == b"/Type/Page" for k, s, e in entries
        ):
            continue
        for key, start, end in entries:
            if key in keys:
                removed.append(data[start:end])
                out[start:end] = b" " * (end - start)
    pending = [n for value in removed for n in _REF.findall(value)]
    emptied: set[bytes] = set()
    while pending:
        number = pending.pop()
        if number in emptied:
            continue
        emptied.add(number)
        # Only objects nothing else refers to: what remains of the file has no reference.
        if re.search(rb"(?<![\d.])" + number + rb"\s+0\s+R(?![A-Za-z])", bytes(out)):
            continue
        obj = re.search(rb"(?:^|[\r\n])" + number + rb" 0 obj(.*?)endobj", data, re.S)
        if obj is not None:
            start, end = obj.span(1)
            pending.extend(_REF.findall(data[start:end]))
            out[start:end] = b" null ".ljust(end - start)
    return bytes(out)
