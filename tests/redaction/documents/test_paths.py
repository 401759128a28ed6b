"""iter_document_paths: files as given, directories walked for supported files, no repeats."""

from __future__ import annotations

from pathlib import Path

from redaction.documents import SUPPORTED_EXTENSIONS, iter_document_paths


def test_files_and_directories_in_the_order_given(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for name in ["b.txt", "a.PDF", "sub/c.docx", "sub/d.md", "skip.gif", ".hidden/e.txt"]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x")
    single = tmp_path / "z.txt"
    single.write_text("x")
    found = list(iter_document_paths([single, folder, folder / "b.txt", tmp_path / "gone.txt"]))
    assert found == [
        single,
        folder / "a.PDF",
        folder / "b.txt",
        folder / "sub" / "c.docx",
        folder / "sub" / "d.md",
        tmp_path / "gone.txt",  # missing paths are kept, so the loader can report them
    ]


def test_supported_extensions() -> None:
    assert {".txt", ".md", ".docx", ".pdf"} <= set(SUPPORTED_EXTENSIONS)
