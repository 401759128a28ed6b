"""``load_document``: the checks every format shares, then the loader for the file's format."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from redaction.documents.model import Document, DocumentFormat
from redaction.errors import (
    EmptyFileError,
    FileTooLargeError,
    MissingFileError,
    NotAFileError,
    UnsupportedFormatError,
)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: Lower-case file extensions we can load, and the format each one means.
SUPPORTED_EXTENSIONS: dict[str, DocumentFormat] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}


def document_format(path: str | Path) -> DocumentFormat:
    """The format a file name means; UnsupportedFormatError for anything else."""
    suffix = Path(path).suffix.lower()
    try:
        return SUPPORTED_EXTENSIONS[suffix]
    except KeyError:
        known = ", ".join(sorted(SUPPORTED_EXTENSIONS))
        what = f"'{suffix}'" if suffix else "no extension"
        raise UnsupportedFormatError(
            path, f"unsupported file type ({what}; supported: {known})"
        ) from None


def _mb(size: int, *, whole: bool = False) -> str:
    """Megabytes as sizes are shown everywhere: 1 MB = 1024 x 1024 bytes ("limit 50 MB");
    ``whole`` drops a ".0" (for limits, which are usually round)."""
    mb = size / (1024 * 1024)
    if mb < 1:
        return f"{mb:.2g}"
    return f"{mb:.1f}".removesuffix(".0") if whole else f"{mb:.1f}"


def _check_exists(path: Path) -> None:
    if not path.exists():
        raise MissingFileError(path, "no such file or directory")
    if not path.is_file():
        kind = "a directory" if path.is_dir() else "not a regular file"
        raise NotAFileError(path, f"is {kind}")


def _read_checked(path: Path, max_bytes: int) -> bytes:
    _check_exists(path)
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError(path, "the file is empty")
    if size > max_bytes:
        raise FileTooLargeError(
            path, f"file too large ({_mb(size)} MB, limit {_mb(max_bytes, whole=True)} MB)"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise NotAFileError(path, f"cannot read the file ({exc.strerror or exc})") from None


def load_document(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None
) -> Document:
    """Load a TXT, Markdown, DOCX, PDF or image (PNG, JPEG, TIFF: read by OCR) file; ``encoding`` forces the text encoding of TXT and
    Markdown files (by default it is recognised, see :mod:`redaction.documents.text_loader`).

    Raises a :class:`~redaction.errors.DocumentError` subclass naming the file and the cause for
    every bad input (missing, directory, empty, unsupported, binary, corrupt, encrypted, too big).
    """
    path = Path(path)
    _check_exists(path)  # "no such file or directory" before "unsupported file type"
    document_format(path)
    return load_document_bytes(path, _read_checked(path, max_bytes), encoding=encoding)


def load_document_bytes(
    path: str | Path,
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
) -> Document:
    """Load a document whose bytes were read elsewhere (a cluster's file reader, an upload);
    ``path`` names it in the document and in every message, and its extension is the format
    the bytes are expected in. The same checks and errors as :func:`load_document`."""
    path = Path(path)
    named = document_format(path)
    if not data:
        raise EmptyFileError(path, "the file is empty")
    if len(data) > max_bytes:
        raise FileTooLargeError(
            path, f"file too large ({_mb(len(data))} MB, limit {_mb(max_bytes, whole=True)} MB)"
        )
    fmt = content_format(data) or named
    document = _load_as(fmt, path, data, encoding)
    if fmt != named and not {fmt, named} <= {"txt", "md"}:
        document.warnings.insert(
            0, f"this is {_TITLES[fmt]}, not {_TITLES[named]}: read as {_TITLES[fmt]}"
        )
    return document


_TITLES = {
    "txt": "a text file",
    "md": "a text file",
    "docx": "a DOCX",
    "pdf": "a PDF",
    "image": "an image",
}
#: The first bytes of the image formats we read.
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def content_format(data: bytes) -> DocumentFormat | None:
    """The format the bytes are in, whatever the file is called: "pdf" (opens with "%PDF-"),
    "docx" (a zip with a Word document part), "image" (PNG, JPEG, TIFF), else None (text, or
    not a document at all)."""
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    if data[:1024].lstrip(b"\x00\t\n\r \xef\xbb\xbf").startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def _load_as(fmt: DocumentFormat, path: Path, data: bytes, encoding: str | None) -> Document:
    sha256 = hashlib.sha256(data).hexdigest()
    if fmt in ("txt", "md"):
        from redaction.documents.text_loader import load_text

        text, layout, warnings = load_text(path, data, encoding)
        return Document(path, fmt, text, sha256, len(data), layout=layout, warnings=warnings)
    if fmt == "docx":
        from redaction.documents.docx_loader import load_docx

        return load_docx(path, data, sha256)
    if fmt == "image":
        from redaction.documents.image_loader import load_image

        return load_image(path, data, sha256)
    from redaction.documents.pdf_loader import load_pdf

    return load_pdf(path, data, sha256)


def iter_document_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and directories into the documents to process.

    Files are yielded as given (even with an unsupported extension, so that the caller reports
    them); directories are walked recursively and yield supported files only, sorted. Order
    follows ``paths``; a path met twice is yielded once. Missing paths are yielded too, so
    ``load_document`` can report them.
    """
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_EXTENSIONS
                and not any(part.startswith((".", "~$")) for part in p.relative_to(path).parts)
            )
        else:
            found = [path]
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p
