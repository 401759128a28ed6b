"""Every bad input gives a typed error whose one-line message names the file and the cause."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from redaction.documents import load_document
from redaction.errors import (
    BinaryFileError,
    CorruptFileError,
    DocumentError,
    EmptyFileError,
    EncryptedFileError,
    FileTooLargeError,
    MissingFileError,
    NotAFileError,
    RedactError,
    UnsupportedFormatError,
)
from tests.factories import make_docx, make_pdf


def _assert_error(exc: pytest.ExceptionInfo[DocumentError], path: Path, words: str) -> None:
    message = str(exc.value)
    assert isinstance(exc.value, RedactError)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    assert words in message.lower()


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(MissingFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "no such file")


def test_directory(tmp_path: Path) -> None:
    path = tmp_path / "folder.txt"
    path.mkdir()
    with pytest.raises(NotAFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "directory")


@pytest.mark.parametrize("name", ["empty.txt", "empty.docx", "empty.pdf"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "empty")


def test_whitespace_only_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_bytes(b"\xef\xbb\xbf \r\n\t\n")
    with pytest.raises(EmptyFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "no text")


@pytest.mark.parametrize("name", ["photo.gif", "sheet.xlsx", "noextension"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"data")
    with pytest.raises(UnsupportedFormatError) as exc:
        load_document(path)
    _assert_error(exc, path, "unsupported")


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04",
        bytes(range(256)) * 4,
        b"\x7fELF\x02\x01\x01" + b"\x01\x02\x03\x04\x05\x06\x07\x08" * 40,
    ],
)
def test_binary_masquerading_as_text(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes(data)
    with pytest.raises(BinaryFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "binary")


def test_corrupt_docx_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(CorruptFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "corrupt docx")


def test_corrupt_docx_zip_without_word_parts(tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "Ann Lee")
    with pytest.raises(CorruptFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "corrupt docx")


def test_corrupt_docx_bad_xml(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx", body=["Ann Lee"])
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    with pytest.raises(CorruptFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "word/document.xml")


def test_truncated_docx(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx", body=["Ann Lee"] * 50)
    path = tmp_path / "cut.docx"
    path.write_bytes(good.read_bytes()[:-300])
    with pytest.raises(CorruptFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "corrupt docx")


def test_encrypted_docx_is_an_ole_container(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(EncryptedFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "encrypted")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n%garbage\n1 0 obj <<", b"not a pdf at all"])
def test_corrupt_pdf(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "cv.pdf"
    path.write_bytes(data)
    with pytest.raises(CorruptFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "corrupt pdf")


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", ["Ann Lee"], encrypted=True)
    with pytest.raises(EncryptedFileError) as exc:
        load_document(path)
    _assert_error(exc, path, "encrypted")


def test_encrypted_pdf_with_empty_user_password_loads(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "owner-only.pdf", ["Ann Lee (manager)\nLeeds"], encrypted="")
    assert load_document(path).text == "Ann Lee (manager)\nLeeds"


@pytest.mark.parametrize("name", ["big.txt", "big.pdf", "big.docx"])
def test_file_over_the_size_limit(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"x" * 2000)
    with pytest.raises(FileTooLargeError) as exc:
        load_document(path, max_bytes=1000)
    _assert_error(exc, path, "too large")


@pytest.mark.parametrize(
    ("make", "name", "read_as", "warning"),
    [
        ("pdf", "cv.docx", "pdf", "this is a PDF, not a DOCX: read as a PDF"),
        ("pdf", "cv.txt", "pdf", "this is a PDF, not a text file: read as a PDF"),
        ("docx", "cv.pdf", "docx", "this is a DOCX, not a PDF: read as a DOCX"),
    ],
)
def test_files_are_typed_by_content_not_by_name(
    tmp_path: Path, make: str, name: str, read_as: str, warning: str
) -> None:
    made = tmp_path / f"made.{make}"
    if make == "pdf":
        make_pdf(made, ["Curriculum vitae", "Ann Lee, Leeds"])
    else:
        make_docx(made, body=["Curriculum vitae", "Ann Lee, Leeds"])
    path = tmp_path / name
    made.rename(path)
    document = load_document(path)
    assert document.format == read_as
    assert "Ann Lee" in document.text
    assert document.warnings[0] == warning
    from redaction.anonymization.engine import output_name

    assert output_name(document).endswith(f".{read_as}")  # the copy opens in the right program


def test_a_missing_file_with_an_unknown_extension_is_missing(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file or directory"):
        load_document(tmp_path / "nonexistent")
