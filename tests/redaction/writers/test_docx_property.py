"""Property: for any runs and any replaced stretches, the DOCX written back reads as the text
with exactly those stretches replaced (paragraph breaks inside a stretch are kept: the DOCX
structure stays), and no replaced word survives in any zip part."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from redaction.anonymization.replacement import Replacement
from redaction.anonymization.writers import write_anonymized
from redaction.documents import DocxLayout, load_document
from tests.factories import make_docx

_alphabet = st.sampled_from(list("abcXYZ019 .,-'éü\u0301😀\t"))
_runs = st.lists(
    st.tuples(st.text(_alphabet, min_size=1, max_size=8), st.sampled_from(["", "b", "i", "bu"])),
    min_size=1,
    max_size=4,
)


def _replaced(stretch: range, inside_runs: set[int], new: str) -> str:
    """Paragraphs stay: breaks inside a replaced stretch are kept, and the new text goes where
    its first run character was (after the breaks before it)."""
    out, placed = "", False
    for i in stretch:
        if i not in inside_runs:
            out += "\n"
        elif not placed:
            out += new
            placed = True
    return out if placed else new + out


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(paragraphs=st.lists(_runs, min_size=1, max_size=4), data=st.data())
def test_replacements_land_exactly(tmp_path: Path, paragraphs: list[list[tuple[str, str]]], data: st.DataObject) -> None:  # fmt: skip
    source = make_docx(tmp_path / "in.docx", body=paragraphs)
    document = load_document(source)
    text = document.text
    assert isinstance(document.layout, DocxLayout)
    inside_runs = {i for seg in document.layout.segments for i in range(seg.start, seg.end)}
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=6)))
    replacements, expected, position = [], [], 0
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if end <= start:
            continue
        new = data.draw(st.sampled_from(["", "[name]", "Q"]))
        replacements.append(Replacement(start, end, "X", text[start:end], new))
        expected += [text[position:start], _replaced(range(start, end), inside_runs, new)]
        position = end
    expected.append(text[position:])
    wanted = "".join(expected)
    assume(wanted.strip())
    out = tmp_path / "out.docx"
    write_anonymized(document, replacements, out)
    assert load_document(out).text == wanted


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    secret=st.from_regex(r"Zq[a-z]{4,8}", fullmatch=True),
    where=st.sets(
        st.sampled_from(
            [
                "body",
                "header",
                "footer",
                "table",
                "link",
                "comment",
                "footnote",
                "textbox",
                "property",
                "custom",
            ]
        ),  # fmt: skip
        min_size=1,
    ),
)
def test_no_replaced_secret_survives_anywhere(tmp_path: Path, secret: str, where: set[str]) -> None:
    source = make_docx(
        tmp_path / "in.docx",
        body=[f"Intro {secret} here" if "body" in where else "Intro"],
        header=f"H {secret}" if "header" in where else None,
        footer=f"F {secret}" if "footer" in where else None,
        table_rows=[["Name", secret]] if "table" in where else (),
        hyperlink=(secret, f"https://example.org/{secret}") if "link" in where else None,
        comment=("c", f"about {secret}", secret) if "comment" in where else None,
        footnote=f"note {secret}" if "footnote" in where else None,
        textbox=f"box {secret}" if "textbox" in where else None,
        core_properties={"author": secret, "title": secret} if "property" in where else None,
        custom_properties={"Who": secret} if "custom" in where else None,
    )
    document = load_document(source)
    replacements = []
    start = document.text.find(secret)
    while start >= 0:
        end = start + len(secret)
        replacements.append(Replacement(start, end, "PERSON", secret, "[name]"))
        start = document.text.find(secret, end)
    out = tmp_path / "out.docx"
    write_anonymized(document, replacements, out, substitutions={secret: "[name]"})
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            assert secret.encode() not in archive.read(name), name
