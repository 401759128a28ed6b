"""DOCX writer: PII gone from every part (text, raw XML, links, properties), formatting kept."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from redaction.anonymization.replacement import Replacement
from redaction.anonymization.writers import write_anonymized
from redaction.documents import Document, load_document
from tests.factories import make_docx, make_replacements

NAME, EMAIL, PHONE, CITY, COMPANY = (
    "Zoë Ångström",
    "zoe.a@example.org",
    "07700 900123",
    "Leeds",
    "Acme Ltd",
)
PLACEHOLDERS = {
    NAME: "[name] [surname]",
    "Zoë": "[name]",
    EMAIL: "[email]",
    PHONE: "[phone]",
    CITY: "[location]",
    COMPANY: "[company]",
    "Mark Twain": "[name] [surname]",
    "Sam Ray": "[name] [surname]",
}
PII = [NAME, "Zoë", "Ångström", EMAIL, PHONE, CITY, COMPANY, "Mark Twain", "Sam Ray", "Kim Old",
       "HR Person", "Twain"]  # fmt: skip


@pytest.fixture
def source(tmp_path: Path) -> Document:
    path = make_docx(
        tmp_path / "cv.docx",
        body=[
            [(NAME, "b"), (" – CV", "i")],
            [("Worked at ", ""), ("Acme", "b"), (" Ltd", "i"), (" in Leeds.", "")],
        ],
        header=f"Curriculum vitae of {NAME}",
        footer=f"Contact {EMAIL} or {PHONE}",
        table_rows=[["City", CITY], ["Employer", COMPANY]],
        hyperlink=(EMAIL, f"mailto:{EMAIL}"),
        comment=("Referee", "Call Mark Twain first", "Mark Twain"),
        core_properties={
            "author": NAME,
            "title": f"CV {NAME}",
            "last_modified_by": "HR Person",
            "subject": "Job",
            "keywords": CITY,
            "comments": NAME,
            "category": "CV",
        },  # fmt: skip
        custom_properties={"Candidate": NAME},
        footnote=f"Reference from {COMPANY}",
        textbox=f"Box: {NAME}",
        tracked_change=(f"moved to {CITY}", "deleted Kim Old", "Sam Ray"),
    )
    return load_document(path)


def _anonymise(document: Document, out: Path, **kwargs: object) -> Path:
    replacements = make_replacements(document.text, PLACEHOLDERS)
    write_anonymized(document, replacements, out, substitutions=PLACEHOLDERS, **kwargs)  # type: ignore[arg-type]
    return out


def _all_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_no_pii_survives_in_any_zip_part(source: Document, tmp_path: Path) -> None:
    out = _anonymise(source, tmp_path / "out.docx")
    for name, data in _all_parts(out).items():
        for pii in PII:
            assert pii.encode() not in data, f"{pii!r} left in {name}"
            assert pii.casefold().encode() not in data.lower(), f"{pii!r} left in {name}"


def test_text_is_replaced_in_every_part(source: Document, tmp_path: Path) -> None:
    out = _anonymise(source, tmp_path / "out.docx")
    reloaded = load_document(out)
    for expected in [
        "[name] [surname] – CV",
        "Worked at [company] in [location].",
        "Curriculum vitae of [name] [surname]",
        "Contact [email] or [phone]",
        "Reference from [company]",
        "Box: [name] [surname]",
        "moved to [location]",
    ]:
        assert expected in reloaded.text
    word = docx.Document(str(out))
    assert word.tables[0].cell(0, 1).text == "[location]"
    assert word.sections[0].header.paragraphs[0].text == "Curriculum vitae of [name] [surname]"


def test_run_formatting_is_kept(source: Document, tmp_path: Path) -> None:
    out = _anonymise(source, tmp_path / "out.docx")
    paragraphs = docx.Document(str(out)).paragraphs
    first = paragraphs[0].runs
    assert (first[0].text, first[0].bold, first[1].text, first[1].italic) == (
        "[name] [surname]", True, " – CV", True,
    )  # fmt: skip
    # "Acme" (bold) + " Ltd" (italic): the new text goes into the first run, the rest is emptied
    runs = [(r.text, r.bold, r.italic) for r in paragraphs[1].runs]
    assert runs == [
        ("Worked at ", None, None),
        ("[company]", True, None),
        ("", None, True),
        (" in [location].", None, None),
    ]


def test_hyperlinks_are_rewritten(source: Document, tmp_path: Path) -> None:
    out = _anonymise(source, tmp_path / "out.docx")
    targets = [h.target for h in load_document(out).hyperlinks]
    assert targets == ["mailto:[email]"]


def test_link_with_redacted_text_and_unknown_target_points_nowhere(tmp_path: Path) -> None:
    document = load_document(
        make_docx(tmp_path / "l.docx", hyperlink=("Zoe's site", "https://zoesite.example/about"))
    )
    replacements = make_replacements(document.text, {"Zoe's site": "[url]"})
    write_anonymized(document, replacements, tmp_path / "o.docx")
    [link] = load_document(tmp_path / "o.docx").hyperlinks
    assert link.target == "#"


def test_properties_are_scrubbed(source: Document, tmp_path: Path) -> None:
    out = _anonymise(source, tmp_path / "out.docx")
    props = docx.Document(str(out)).core_properties
    assert (props.author, props.last_modified_by, props.title, props.subject) == ("", "", "", "")
    assert (props.keywords, props.comments, props.category) == ("", "", "")
    names = _all_parts(out)
    assert "docProps/custom.xml" not in names
    assert b"custom.xml" not in names["[Content_Types].xml"] + names["_rels/.rels"]
    reloaded = load_document(out)
    assert not any(key.startswith("custom:") for key in reloaded.properties)


def test_tracked_changes_and_pii_comments_are_removed(source: Document, tmp_path: Path) -> None:
    out = _anonymise(source, tmp_path / "out.docx")
    parts = _all_parts(out)
    document_xml = parts["word/document.xml"]
    for tag in (b"<w:del ", b"<w:ins ", b"w:delText", b"commentReference", b"commentRangeStart"):
        assert tag not in document_xml
    assert b"<w:comment " not in parts["word/comments.xml"]
    assert "comment_authors" not in load_document(out).properties


def test_comment_without_pii_is_kept_but_its_author_is_not(tmp_path: Path) -> None:
    document = load_document(
        make_docx(tmp_path / "c.docx", body=["Ann Lee"], comment=("x", "Looks good", "Bob Hart"))
    )
    write_anonymized(document, make_replacements(document.text, {"Ann Lee": "[name]"}),
                     tmp_path / "o.docx", substitutions={"Ann Lee": "[name]"})  # fmt: skip
    reloaded = load_document(tmp_path / "o.docx")
    assert "Looks good" in reloaded.text
    assert b"Bob Hart" not in _all_parts(tmp_path / "o.docx")["word/comments.xml"]


def test_blackout_is_black_and_same_length(tmp_path: Path) -> None:
    document = load_document(make_docx(tmp_path / "b.docx", body=[[("Call Ann Lee today", "i")]]))
    replacements = make_replacements(document.text, {"Ann Lee": "███████"}, blackout=True)
    write_anonymized(document, replacements, tmp_path / "o.docx")
    runs = docx.Document(str(tmp_path / "o.docx")).paragraphs[0].runs
    assert [r.text for r in runs] == ["Call ", "███████", " today"]
    assert all(r.italic for r in runs)
    xml = runs[1]._r.xml
    assert 'w:highlight w:val="black"' in xml and 'w:fill="000000"' in xml
    assert "highlight" not in runs[0]._r.xml


def test_span_across_paragraphs_and_tabs(tmp_path: Path) -> None:
    document = load_document(make_docx(tmp_path / "p.docx", body=["Name: Ann", "Lee\tBristol"]))
    start = document.text.index("Ann")
    end = document.text.index("\tBristol") + 1
    rep = Replacement(start, end, "PERSON", document.text[start:end], "[name]")
    write_anonymized(document, [rep], tmp_path / "o.docx")
    assert load_document(tmp_path / "o.docx").text == "Name: [name]\nBristol"


def test_output_opens_in_python_docx_and_original_is_untouched(
    source: Document, tmp_path: Path
) -> None:
    before = source.path.read_bytes()
    out = _anonymise(source, tmp_path / "out.docx")
    docx.Document(str(out))
    assert source.path.read_bytes() == before


def test_xml_comments_are_removed(tmp_path: Path) -> None:
    plain = make_docx(tmp_path / "plain.docx", body=["Photo of Ann Lee"])
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body><!-- drafted by Ann Lee -->", 1)
            dst.writestr(item, data)
    document = load_document(path)
    subs = {"Ann Lee": "[name] [surname]"}
    write_anonymized(document, make_replacements(document.text, subs), tmp_path / "o.docx",
                     substitutions=subs)  # fmt: skip
    assert b"Ann Lee" not in _all_parts(tmp_path / "o.docx")["word/document.xml"]
