"""The bundled sample documents load, carry PII where the writers must reach, and the generator
that made them is deterministic."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from redaction.documents import DocxLayout, PdfLayout, iter_document_paths, load_document

SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples"


def test_every_sample_loads_and_all_formats_are_present() -> None:
    documents = [load_document(p) for p in iter_document_paths([SAMPLES])]
    assert {d.format for d in documents} == {"txt", "md", "docx", "pdf"}
    assert 4 <= len(documents) <= 6
    assert all(d.text.strip() and not d.warnings for d in documents)


def test_docx_sample_has_pii_outside_the_body() -> None:
    [path] = SAMPLES.glob("*.docx")
    document = load_document(path)
    assert isinstance(document.layout, DocxLayout)
    assert {"body", "header", "footer"} <= {p.kind for p in document.layout.parts}
    name = document.properties["author"]
    assert document.properties["custom:Candidate"] == name
    header = next(p for p in document.layout.parts if p.kind == "header")
    assert name in document.text[header.start : header.end]
    assert any("linkedin" in h.target for h in document.hyperlinks)


def test_pdf_sample_has_two_pages_metadata_and_a_link() -> None:
    [path] = SAMPLES.glob("*.pdf")
    document = load_document(path)
    assert isinstance(document.layout, PdfLayout) and len(document.layout.pages) == 2
    assert document.properties["author"] in document.text
    assert document.hyperlinks


def test_generator_is_deterministic(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate_samples", SAMPLES / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    module.main(first)
    module.main(second)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in SAMPLES.iterdir() if p.name != "generate.py")
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
