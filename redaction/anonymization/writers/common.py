"""Shared by the format writers: the result type and the output-path guard."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from redaction.documents.model import Document
from redaction.errors import DocumentError


@dataclass(frozen=True)
class WriteResult:
    out_path: Path
    warnings: list[str] = field(default_factory=list)


def check_output_path(document: Document, out: Path) -> None:
    """Refuse to write over the input (also through a symlink or a different spelling)."""
    try:
        same = out.resolve() == document.path.resolve() or (
            out.exists() and document.path.exists() and out.samefile(document.path)
        )
    except OSError:
        same = False
    if same:
        raise DocumentError(out, "refusing to overwrite the input document")
    if out.exists() and out.is_dir():
        raise DocumentError(out, "the output path is a directory")
    if not out.parent.is_dir():
        raise DocumentError(out, "the output folder does not exist")


def read_original(document: Document) -> bytes:
    """The input file's bytes, checked to be the ones ``document`` was loaded from."""
    try:
        data = document.path.read_bytes()
    except OSError as exc:
        raise DocumentError(document.path, f"cannot reread the input ({exc.strerror})") from None
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise DocumentError(document.path, "the file changed since it was loaded; load it again")
    return data


def write_bytes(out: Path, data: bytes) -> None:
    """Write through a temporary file so a failure never leaves a half-written output."""
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DocumentError(out, f"cannot write the output ({exc.strerror})") from None
