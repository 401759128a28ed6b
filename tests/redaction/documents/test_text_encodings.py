"""Text files in 8-bit code pages other than cp1252 are read as their writers meant them, an
uncertain guess says so, and a chosen encoding wins (#15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from redaction.anonymization.leakcheck import check_output
from redaction.documents import load_document
from redaction.errors import DocumentError

# Synthetic CV lines, one per language, and the code page such files are usually in.
LINES = [
    ("cp1250", "Życiorys\nImię i nazwisko: Łukasz Wróblewski\nAdres: ul. Źródlana 5, Łódź\n"),
    ("iso8859-2", "Życiorys\nImię i nazwisko: Łukasz Wróblewski\nAdres: Wrocław, Gdańsk\n"),
    ("cp1250", "Životopis\nJméno: Jiří Černý\nAdresa: Brno, Křížová 5\n"),
    ("cp1250", "Önéletrajz\nNév: Kovács Erzsébet\nCím: Győr, Fő utca 12\n"),
    ("cp1251", "Резюме\nИмя: Дмитрий Иванов\nАдрес: Москва, ул. Ленина 5\n"),
    ("koi8-r", "Резюме\nИмя: Дмитрий Иванов\nАдрес: Москва, ул. Ленина 5\n"),
    ("cp1253", "Βιογραφικό\nΌνομα: Γιώργος Παπαδόπουλος\nΔιεύθυνση: Αθήνα\n"),
    ("cp1254", "Özgeçmiş\nAd Soyad: Ayşe Yılmaz\nAdres: İstanbul, Şişli\n"),
    ("cp1257", "Gyvenimo aprašymas\nVardas: Žydrūnas Šimkūnas\nAdresas: Kaunas, Ąžuolų g. 5\n"),
    ("cp1252", "Lebenslauf\nName: Jürgen Größe\nAdresse: Hauptstraße 5, München\n"),
    ("cp1252", "CV\nNom : Renée Lefèvre, née à Besançon\nLangues : français, été 2019\n"),
]


@pytest.mark.parametrize(("encoding", "text"), LINES)
def test_a_code_page_file_reads_as_written(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes(text.encode(encoding))
    document = load_document(path)
    assert document.text == text
    assert document.warnings == []


def test_bytes_two_code_pages_read_equally_well_give_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("Crème\n".encode("cp1252"))  # cp1250 reads "Crčme", as plausible
    document = load_document(path)
    assert document.text == "Crème\n"
    [warning] = document.warnings
    assert "guessed as cp1252" in warning and "cp1250" in warning


def test_a_chosen_encoding_wins_over_the_guess(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("Crčme\n".encode("cp1250"))
    assert load_document(path, encoding="cp1250").text == "Crčme\n"
    assert load_document(path, encoding="cp1250").warnings == []


@pytest.mark.parametrize(
    ("encoding", "message"),
    [("utf-8", "not valid utf-8 text"), ("no-such-codec", "unknown text encoding")],
)
def test_a_chosen_encoding_that_cannot_read_the_file_is_one_line(
    tmp_path: Path, encoding: str, message: str
) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Łukasz\n".encode("cp1250"))
    with pytest.raises(DocumentError) as error:
        load_document(path, encoding=encoding)
    assert str(error.value).startswith(f"{path}: ") and message in str(error.value)
    assert "\n" not in str(error.value)


def test_the_leak_check_reads_an_output_in_its_own_code_page(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_bytes("Imię i nazwisko: Łukasz Wróblewski\n".encode("cp1250"))
    report = check_output(out, "txt", [("PERSON", "Łukasz Wróblewski")], encoding="cp1250")
    assert {hit.original for hit in report.hits} == {"Łukasz Wróblewski"}
    # without being told, it recognises the code page as the loader does
    guessed = check_output(out, "txt", [("PERSON", "Łukasz Wróblewski")])
    assert {hit.original for hit in guessed.hits} == {"Łukasz Wróblewski"}
