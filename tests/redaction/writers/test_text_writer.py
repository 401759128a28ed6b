"""TXT/MD writer: replacements applied, encoding and newlines kept, input never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redaction.anonymization.replacement import Replacement
from redaction.anonymization.writers import write_anonymized
from redaction.documents import load_document
from redaction.errors import DocumentError, RedactError
from tests.factories import make_cv_text, make_replacements


def test_cv_placeholders_replace_every_span(tmp_path: Path, fake) -> None:  # type: ignore[no-untyped-def]
    text, spans = make_cv_text(fake)
    source = tmp_path / "cv.txt"
    source.write_text(text, encoding="utf-8")
    document = load_document(source)
    placeholders = {"PERSON": "[name]", "EMAIL_ADDRESS": "[email]", "PHONE_NUMBER": "[phone]",
                    "URL": "[url]", "LOCATION": "[location]", "ORGANIZATION": "[company]"}  # fmt: skip
    replacements = [
        Replacement(s.start, s.end, s.label, s.text, placeholders[s.label]) for s in spans
    ]
    result = write_anonymized(document, replacements, tmp_path / "out.txt")
    output = result.out_path.read_text(encoding="utf-8")
    for span in spans:
        assert span.text not in output
    assert output.startswith("[name]\n[email] | [phone] | [url]\n")
    assert "Data analyst based in [location] with five years" in output
    assert result.warnings == []


def test_encoding_bom_and_crlf_are_kept(tmp_path: Path) -> None:
    source = tmp_path / "letter.md"
    source.write_bytes("Dear Renée Müller,\r\nThanks – Zoë\r\n".encode("cp1252"))
    document = load_document(source)
    replacements = make_replacements(
        document.text, {"Renée Müller": "[name] [surname]", "Zoë": "Ané"}
    )
    write_anonymized(document, replacements, tmp_path / "out.md")
    assert (
        tmp_path / "out.md"
    ).read_bytes() == "Dear [name] [surname],\r\nThanks – Ané\r\n".encode("cp1252")


def test_utf16_with_bom(tmp_path: Path) -> None:
    source = tmp_path / "u16.txt"
    source.write_bytes("Call 😀 Ann Lee\n".encode("utf-16"))
    document = load_document(source)
    write_anonymized(
        document, make_replacements(document.text, {"Ann Lee": ""}), tmp_path / "o.txt"
    )
    assert (tmp_path / "o.txt").read_bytes() == "Call 😀 \n".encode("utf-16")


def test_mixed_newlines_survive_a_replacement_spanning_a_newline(tmp_path: Path) -> None:
    source = tmp_path / "mixed.txt"
    source.write_bytes(b"Ann\r\nLee\nlives in\rLeeds\r\n")
    document = load_document(source)
    replacements = make_replacements(document.text, {"Ann\nLee": "[name]", "Leeds": "[location]"})
    write_anonymized(document, replacements, tmp_path / "o.txt")
    assert (tmp_path / "o.txt").read_bytes() == b"[name]\nlives in\r[location]\r\n"


def test_refuses_to_overwrite_the_input(tmp_path: Path) -> None:
    source = tmp_path / "cv.txt"
    source.write_text("Ann Lee\n")
    document = load_document(source)
    with pytest.raises(DocumentError) as exc:
        write_anonymized(document, [], tmp_path / "." / "cv.txt")
    assert str(exc.value).startswith(str(tmp_path / "." / "cv.txt"))
    assert source.read_text() == "Ann Lee\n"


def test_stale_replacement_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "cv.txt"
    source.write_text("Ann Lee\n")
    document = load_document(source)
    with pytest.raises(RedactError, match="expected 'Bob'"):
        write_anonymized(
            document, [Replacement(0, 3, "PERSON", "Bob", "[name]")], tmp_path / "o.txt"
        )


@st.composite
def _text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.just("\n"),
                        min_size=1, max_size=80).filter(str.strip))  # fmt: skip
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if end > start:
            spans.append((start, end, draw(st.sampled_from(["", "[name]", "█" * (end - start)]))))
    return text, spans


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=_text_and_spans(), newline=st.sampled_from(["\n", "\r\n"]))
def test_output_is_the_text_with_spans_replaced(
    tmp_path: Path, case: tuple[str, list[tuple[int, int, str]]], newline: str
) -> None:
    text, spans = case
    source = tmp_path / "in.txt"
    source.write_bytes(text.replace("\n", newline).encode("utf-8"))
    document = load_document(source)
    replacements = [Replacement(s, e, "X", text[s:e], new) for s, e, new in spans]
    write_anonymized(document, replacements, tmp_path / "out.txt")
    expected, position = [], 0
    for s, e, new in spans:
        expected += [text[position:s], new]
        position = e
    expected.append(text[position:])
    assert (tmp_path / "out.txt").read_bytes() == "".join(expected).replace("\n", newline).encode()


def test_replacement_the_encoding_cannot_hold_is_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "old.txt"
    source.write_bytes("Renée wrote\n".encode("cp1252"))
    document = load_document(source)
    result = write_anonymized(
        document, make_replacements(document.text, {"Renée": "Zoë 😀"}), tmp_path / "o.txt"
    )
    assert (tmp_path / "o.txt").read_bytes() == "Zoë ? wrote\n".encode("cp1252")
    assert result.warnings and "cp1252" in result.warnings[0]
