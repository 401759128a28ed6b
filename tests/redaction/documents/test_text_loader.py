"""TXT/MD loading: encodings, BOMs, newlines, offsets of PII with emoji and combining accents."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redaction.anonymization.writers.text_writer import render_text
from redaction.documents import TextLayout, load_document

PII = ["Zoë Ångström", "José\u0301 Nuñez", "zoe.angstrom@example.co.uk", "07700 900123"]
LETTER = "Dear team 👋🏽,\nplease contact {0} ({2}, {3}).\nRegards, {1} 🙂\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
    ],
)
def test_unicode_encodings_give_the_same_text_and_true_offsets(
    tmp_path: Path, encoding: str, bom: bytes
) -> None:
    text = LETTER.format(*PII)
    path = tmp_path / "letter.txt"
    path.write_bytes(bom + text.encode(encoding))
    document = load_document(path)
    assert document.text == text
    assert document.format == "txt"
    assert isinstance(document.layout, TextLayout)
    assert document.layout.encoding == encoding and document.layout.bom == bom
    for pii in PII:
        start = document.text.index(pii)
        assert document.text[start : start + len(pii)] == pii


def test_cp1252_fallback(tmp_path: Path) -> None:
    path = tmp_path / "old.md"
    path.write_bytes("# CV\nRenée Müller – “Café” owner €\n".encode("cp1252"))
    document = load_document(path)
    assert document.format == "md"
    assert document.text == "# CV\nRenée Müller – “Café” owner €\n"
    assert document.layout == TextLayout(encoding="cp1252")


def test_crlf_is_normalised_and_remembered(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Name: Ann Lee\r\nPhone: 07700 900123\r\n")
    document = load_document(path)
    assert document.text == "Name: Ann Lee\nPhone: 07700 900123\n"
    assert document.text[6:13] == "Ann Lee"
    assert isinstance(document.layout, TextLayout)
    assert document.layout.newline == "\r\n" and document.layout.newlines is None


def test_mixed_newlines_are_kept_per_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    raw = b"a\r\nb\nc\rd\r\n"
    path.write_bytes(raw)
    document = load_document(path)
    assert document.text == "a\nb\nc\nd\n"
    assert isinstance(document.layout, TextLayout)
    assert document.layout.newlines == ("\r\n", "\n", "\r", "\r\n")
    assert render_text(document.text, document.layout, []).encode() == raw


def test_sha256_and_size_describe_the_file(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "a.txt"
    path.write_bytes(b"hello Ann\n")
    document = load_document(path)
    assert document.sha256 == hashlib.sha256(b"hello Ann\n").hexdigest()
    assert document.size == 10
    assert document.path == path


_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\u2028\u2029\x85"
    )
    | st.sampled_from(["\n", "\t", " "]),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=_text,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_load_then_write_back_round_trips_bytes(
    tmp_path: Path, text: str, encoding: str, newline: str
) -> None:
    raw = text.replace("\n", newline).encode(encoding)
    path = tmp_path / "round.txt"
    path.write_bytes(raw)
    document = load_document(path)
    assert document.text == text
    assert isinstance(document.layout, TextLayout)
    layout = document.layout
    assert layout.bom + render_text(document.text, layout, []).encode(layout.encoding) == raw
