"""Regenerate the sample documents in this folder (synthetic people, made up with Faker).

    python resources/samples/generate.py [OUTPUT_DIR]

Seeded: running it again gives the same bytes. It reuses the test builders in
``tests/factories.py``, so run it from a source checkout.
"""

from __future__ import annotations

import re
import sys
import textwrap
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from faker import Faker  # noqa: E402

from tests.factories import make_cv_text, make_docx, make_pdf  # noqa: E402

SEED = 20240601


def _wrap(text: str, width: int = 85) -> str:
    return "\n".join(textwrap.fill(line, width) if line else "" for line in text.split("\n"))


def _handle(name: str) -> str:
    return re.sub(r"\W", "", name.lower())


def _faker(offset: int) -> Faker:
    fake = Faker("en_GB")
    fake.seed_instance(SEED + offset)
    return fake


def _letter(fake: Faker) -> str:
    sender = f"{fake.first_name()} {fake.last_name()}"
    recipient = f"{fake.first_name()} {fake.last_name()}"
    company = fake.company()
    return (
        f"{fake.street_address()}\n{fake.city()}\n{fake.postcode()}\n\n"
        f"{fake.date_between(date(2022, 1, 1), date(2024, 6, 1)):%d %B %Y}\n\n"
        f"Dear {recipient},\n\n"
        f"I am writing to recommend {sender} for the analyst position at {company}. "
        f"{sender.split()[0]} worked with me in {fake.city()} for three years and can be "
        f"reached on {fake.phone_number()} or {fake.free_email()}.\n\n"
        f"Yours sincerely,\n{fake.name()}\n{fake.job()}, {fake.company()}\n"
    )


def _markdown_cv(fake: Faker) -> str:
    text, _ = make_cv_text(fake)
    lines = text.splitlines()
    out = [f"# {lines[0]}", "", lines[1]]
    for line in lines[2:]:
        out.append(f"## {line.title()}" if line.isupper() and line else line)
    return "\n".join(out) + "\n"


def _deterministic_pdf(path: Path) -> None:
    """pdfium stamps the creation time and a random file ID: fix both (same lengths)."""
    data = path.read_bytes()
    data = re.sub(rb"D:\d{14}", b"D:20240601120000", data)
    data = re.sub(
        rb"/ID\[<[0-9A-F]+><[0-9A-F]+>\]", lambda m: re.sub(rb"[0-9A-F]", b"0", m[0]), data
    )
    path.write_bytes(data)


def main(out: Path = HERE) -> None:
    text, _ = make_cv_text(_faker(1))
    (out / "cv-data-analyst.txt").write_text(text, encoding="utf-8", newline="\n")
    (out / "cv-engineer.md").write_text(_markdown_cv(_faker(2)), encoding="utf-8", newline="\n")
    (out / "reference-letter.txt").write_text(_letter(_faker(3)), encoding="utf-8", newline="\n")

    fake = _faker(4)
    cv_text, spans = make_cv_text(fake)
    name, email, city = spans[0].text, fake.free_email(), fake.city()
    handle = _handle(name)
    make_docx(
        out / "cv-project-manager.docx",
        body=[[(name, "b")], *cv_text.splitlines()[1:]],
        header=f"Curriculum vitae – {name}",
        footer=f"{email} · {fake.phone_number()} · {city}",
        table_rows=[["Referee", fake.name()], ["Employer", fake.company()]],
        hyperlink=("LinkedIn profile", f"https://uk.linkedin.com/in/{handle}"),
        core_properties={"author": name, "last_modified_by": name, "title": f"CV {name}"},
        custom_properties={"Candidate": name},
    )

    fake = _faker(5)
    first_page, spans = make_cv_text(fake)
    second_page = _letter(fake)
    pdf_name = spans[0].text
    pdf = make_pdf(
        out / "cv-and-cover-letter.pdf",
        [_wrap(first_page), _wrap(second_page)],
        metadata={"Author": pdf_name, "Title": f"CV of {pdf_name}"},
        link_annotation_uri=f"https://uk.linkedin.com/in/{_handle(pdf_name)}",
    )
    _deterministic_pdf(pdf)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
