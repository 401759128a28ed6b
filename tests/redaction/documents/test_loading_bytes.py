"""``load_document_bytes``: bytes read elsewhere (a cluster's file reader) load as the file would."""

from __future__ import annotations

from pathlib import Path

import pytest

from redaction.documents import load_document, load_document_bytes
from redaction.errors import EmptyFileError, FileTooLargeError, UnsupportedFormatError
from tests.factories import make_docx, make_pdf


@pytest.mark.parametrize("name", ["cv.txt", "cv.docx", "cv.pdf"])
def test_bytes_load_as_the_file_does(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    lines = ["Ann Lee", "ann.lee@example.com", "Analyst at Acme Ltd in Leeds"]
    if name.endswith(".docx"):
        make_docx(path, body=lines)
    elif name.endswith(".pdf"):
        make_pdf(path, ["\n".join(lines)])
    else:
        path.write_text("\n".join(lines), encoding="utf-8")
    from_file = load_document(path)
    from_bytes = load_document_bytes(path, path.read_bytes())
    assert (from_bytes.text, from_bytes.sha256, from_bytes.format) == (
        from_file.text,
        from_file.sha256,
        from_file.format,
    )
    assert from_bytes.path == path


def test_bad_bytes_are_refused_naming_the_document() -> None:
    with pytest.raises(EmptyFileError, match=r"^cvs/a\.txt: the file is empty$"):
        load_document_bytes("cvs/a.txt", b"")
    with pytest.raises(FileTooLargeError, match="a.txt: file too large"):
        load_document_bytes("a.txt", b"x" * 2048, max_bytes=1024)
    with pytest.raises(UnsupportedFormatError, match="a.exe: unsupported file type"):
        load_document_bytes("a.exe", b"MZ")
