"""What both PDF modes do to the file pdfium writes: no document information dictionary."""

from __future__ import annotations

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
