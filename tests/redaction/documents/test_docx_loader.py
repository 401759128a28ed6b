"""DOCX loading: every part's text, the origin of each character, hyperlinks and properties."""

from __future__ import annotations

from pathlib import Path

import pytest

from redaction.documents import Document, DocxLayout, load_document
from tests.factories import make_docx

NAME = "Zoë Ångström"
ACCENTED = "Jose\u0301 Nun\u0303ez"  # combining accents
EMAIL = "zoe.angstrom@example.co.uk"


@pytest.fixture(scope="module")
def cv(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = make_docx(
        tmp_path_factory.mktemp("docx") / "cv.docx",
        body=[
            f"{NAME} 🚀",
            [("Worked with ", ""), ("Jose\u0301 ", "b"), ("Nun\u0303ez", "i"), (" at Acme", "")],
        ],
        header=f"CV of {NAME}",
        footer=f"Contact: {EMAIL}",
        table_rows=[["Phone", "07700 900123"], ["City", "Leeds"]],
        hyperlink=("my LinkedIn", "https://uk.linkedin.com/in/zoeangstrom"),
        comment=("Referee", "Call Mark Twain first", "Mark Twain"),
        core_properties={"author": NAME, "title": "CV", "last_modified_by": "HR Person"},
        custom_properties={"Candidate": NAME},
        footnote="Footnote about Leeds",
        textbox="Text box: Pat Quinn",
        tracked_change=("added by Sam Ray", "deleted Kim Old", "Sam Ray"),
    )
    return load_document(path)


def test_text_of_every_part_in_order(cv: Document) -> None:
    text = cv.text
    order = [
        NAME,
        ACCENTED,
        "07700 900123",
        "Leeds",
        "my LinkedIn",
        "Text box: Pat Quinn",
        "added by Sam Ray",
        f"CV of {NAME}",
        f"Contact: {EMAIL}",
        "Footnote about Leeds",
        "Call Mark Twain first",
    ]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert "deleted Kim Old" not in text  # deleted revisions are not text
    assert text.count("Text box: Pat Quinn") == 1  # the VML fallback copy is not read twice
    assert cv.format == "docx"


def test_parts_are_separated_by_blank_lines_and_recorded(cv: Document) -> None:
    assert isinstance(cv.layout, DocxLayout)
    kinds = [part.kind for part in cv.layout.parts]
    assert kinds == ["body", "header", "footer", "footnotes", "comments", "links"]
    for part in cv.layout.parts:
        assert cv.text[part.start : part.end].strip() == cv.text[part.start : part.end]
    for before, after in zip(cv.layout.parts, cv.layout.parts[1:], strict=False):
        assert cv.text[before.end : after.start] == "\n\n"


def test_offsets_cover_emoji_and_combining_accents(cv: Document) -> None:
    for pii in (NAME, ACCENTED, EMAIL, "Pat Quinn"):
        start = cv.text.index(pii)
        assert cv.text[start : start + len(pii)] == pii
    assert cv.text.splitlines()[0] == f"{NAME} 🚀"


def test_segments_point_at_the_run_each_character_came_from(cv: Document) -> None:
    assert isinstance(cv.layout, DocxLayout)
    start = cv.text.index(ACCENTED)
    runs = [
        seg for seg in cv.layout.segments if seg.start < start + len(ACCENTED) and seg.end > start
    ]
    # "Jose\u0301 " (bold) and "Nun\u0303ez" (italic) are two runs of one paragraph.
    assert [cv.text[s.start : s.end] for s in runs] == ["Jose\u0301 ", "Nun\u0303ez"]
    assert {(s.part, s.paragraph) for s in runs} == {("word/document.xml", 1)}
    assert runs[0].run + 1 == runs[1].run
    covered = sum(seg.end - seg.start for seg in cv.layout.segments)
    separators = cv.text.count("\n")
    assert covered + separators == len(cv.text)


def test_hyperlink_text_and_target(cv: Document) -> None:
    [link] = [h for h in cv.hyperlinks if "linkedin" in h.target]
    assert link.target == "https://uk.linkedin.com/in/zoeangstrom"
    assert cv.text[link.start : link.end] == "my LinkedIn"


def test_properties_core_custom_and_authors(cv: Document) -> None:
    props = cv.properties
    assert props["author"] == NAME
    assert props["last_modified_by"] == "HR Person"
    assert props["title"] == "CV"
    assert props["custom:Candidate"] == NAME
    assert props["comment_authors"] == "Mark Twain"
    assert props["revision_authors"] == "Sam Ray"


def test_mailto_and_field_code_links(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "m.docx", body=["Hi"], hyperlink=("email me", "mailto:a@b.org"))
    document = load_document(path)
    assert [(document.text[h.start : h.end], h.target) for h in document.hyperlinks] == [
        ("email me", "mailto:a@b.org")
    ]


def test_tab_stops_and_tabs(tmp_path: Path) -> None:
    import docx
    from docx.shared import Inches

    word = docx.Document()
    paragraph = word.add_paragraph("Name:\tAnn Lee")
    paragraph.paragraph_format.tab_stops.add_tab_stop(Inches(2))  # a w:tab inside w:pPr
    word.save(str(tmp_path / "t.docx"))
    document = load_document(tmp_path / "t.docx")
    assert document.text == "Name:\tAnn Lee"
    assert document.text[6:13] == "Ann Lee"


def test_main_part_found_through_relationships_without_override(tmp_path: Path) -> None:
    import re
    import zipfile

    good = make_docx(tmp_path / "good.docx", body=["Ann Lee"])
    path = tmp_path / "no-override.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = re.sub(rb'<Override PartName="/word/document.xml"[^>]*/>', b"", data)
            dst.writestr(item, data)
    assert load_document(path).text == "Ann Lee"
