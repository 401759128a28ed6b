"""Pseudonyms: realistic, consistent per identity, never the original, reproducible with a key."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from redaction.anonymization.normalize import digits_of
from redaction.anonymization.pseudonyms import (
    InMemoryPseudonymMap,
    Pseudonymizer,
    PseudonymMap,
)


def make(key: str | None = "k", mapping: PseudonymMap | None = None) -> Pseudonymizer:
    p = Pseudonymizer(mapping, key=key)
    p.start_document(
        [("PERSON", "Lewis Smith"), ("EMAIL_ADDRESS", "lgsmith271@gmail.com")],
        people=["Lewis Smith"],
    )
    return p


def test_variants_of_a_person_map_to_one_fake_identity() -> None:
    p = make()
    full = p.person("Lewis Smith")
    first, last = full.split()
    assert p.person("L Smith") == f"{first[0]} {last}"
    assert p.person("L. Smith") == f"{first[0]}. {last}"
    assert p.person("Smith") == last
    assert p.person("LEWIS SMITH") == full.upper()
    assert p.person("Smith, Lewis") == f"{last}, {first}"
    assert p.person("Lewis") == first


def test_email_and_profile_handles_spell_the_fake_person() -> None:
    p = make()
    first, last = p.person("Lewis Smith").lower().split()
    email = p.email("lgsmith271@gmail.com")
    local, domain = email.split("@")
    assert domain == "gmail.com"  # a free-mail domain says nothing about the person
    assert re.fullmatch(rf"{first[0]}[a-z]{last}\d{{3}}", local), email
    assert local != "lgsmith271"
    url = p.url("https://www.linkedin.com/in/lewis-smith-271")
    assert re.fullmatch(rf"https://www\.linkedin\.com/in/{first}-{last}-\d{{3}}", url), url
    assert p.email("lewis.smith@acme.co.uk").split("@")[0] == f"{first}.{last}"
    assert "acme" not in p.email("lewis.smith@acme.co.uk")


def test_phone_keeps_shape_and_country_code_and_is_consistent_across_formats() -> None:
    p = make()
    a = p.phone("+44 7700 900123")
    b = p.phone("07700 900123")
    assert re.fullmatch(r"\+44 7\d{3} \d{6}", a)
    assert re.fullmatch(r"07\d{3} \d{6}", b)
    assert a.replace("+44 ", "0") == b
    assert b != "07700 900123"


def test_same_key_same_fakes_in_two_databases() -> None:
    one, two = make("secret", InMemoryPseudonymMap()), make("secret", InMemoryPseudonymMap())
    values = ["Lewis Smith", "Acme Ltd", "+44 7700 900123", "lgsmith271@gmail.com"]
    labels = ["PERSON", "ORGANIZATION", "PHONE_NUMBER", "EMAIL_ADDRESS"]
    assert [one.value(lab, v) for lab, v in zip(labels, values, strict=True)] == [
        two.value(lab, v) for lab, v in zip(labels, values, strict=True)
    ]
    other = make("another", InMemoryPseudonymMap())
    assert other.value("PERSON", "Lewis Smith") != one.value("PERSON", "Lewis Smith")


def test_without_key_the_stored_mapping_gives_the_same_output() -> None:
    mapping = InMemoryPseudonymMap()
    first = make(None, mapping).value("PERSON", "Lewis Smith")
    assert make(None, mapping).value("PERSON", "Lewis Smith") == first
    assert len(mapping) > 0


def test_fake_never_contains_an_original_of_the_document() -> None:
    # Force every draw to collide first: the map already says "Smith" → the original itself.
    mapping = InMemoryPseudonymMap()
    mapping.set("PERSON", "family:smith", "Smith")
    p = make("k", mapping)
    fake = p.person("Lewis Smith")
    assert "smith" not in fake.lower() and "lewis" not in fake.lower()
    # The stored value is left alone (another document may rely on it).
    assert mapping.get("PERSON", "family:smith") == "Smith"


def test_other_labels_and_protocol() -> None:
    p = make()
    assert isinstance(InMemoryPseudonymMap(), PseudonymMap)
    org = p.value("ORGANIZATION", "Acme Ltd")
    assert org and org != "Acme Ltd"
    assert p.value("ORGANIZATION", "acme ltd") == org.lower()
    nino = p.value("ID_NUMBER", "QQ 12 34 56 C")
    assert re.fullmatch(r"[A-Z]{2} \d\d \d\d \d\d [A-Z]", nino) and nino != "QQ 12 34 56 C"
    assert p.value("LOCATION", "Leeds") != "Leeds"
    assert p.value("LOCATION", "Leeds") == p.value("LOCATION", "Leeds")


def test_fake_uk_phones_come_from_ofcom_drama_ranges_and_are_not_shared() -> None:
    p = make()
    assert re.fullmatch(r"07700 900\d{3}", p.phone("07911 123456"))
    assert re.fullmatch(r"\+44 7700 900\d{3}", p.phone("+44 7911 654321"))
    assert re.fullmatch(r"020 7946 0\d{3}", p.phone("020 7123 4567"))
    assert digits_of(p.phone("0113 496 1234")).startswith("01632960")
    fakes = {p.phone(f"07{n:09d}") for n in range(0, 300_000_000, 1_000_000)}
    assert len(fakes) == 300  # two people never share a fake number


PEOPLE = [f"{given} {family}" for given in ("Lewis", "Amara", "Chen", "Olu", "Maria", "Siobhan",
          "Tomasz", "Aiko") for family in ("Smith", "Okafor", "Nguyen", "Kowalski", "Byrne")]  # fmt: skip


@given(order=st.permutations(PEOPLE), start=st.integers(0, len(PEOPLE) - 1))
def test_with_a_key_a_fake_does_not_depend_on_what_came_before(
    order: list[str], start: int
) -> None:
    # Each person in a document of their own, met in any order by a process that may have
    # started anywhere (a worker, an executor): the same key gives each the same fake.
    def fakes(people: list[str]) -> dict[str, str]:
        pseudonymizer = make("k")
        out = {}
        for person in people:
            pseudonymizer.start_document([("PERSON", person)])
            out[person] = pseudonymizer.person(person)
        return out

    everyone = fakes(PEOPLE)
    assert fakes(order[start:]) == {p: everyone[p] for p in order[start:]}
    # Within one document, two people never share a fake.
    pseudonymizer = make("k")
    pseudonymizer.start_document([("PERSON", p) for p in PEOPLE])
    together = [pseudonymizer.person(p) for p in PEOPLE]
    assert len(set(together)) == len(PEOPLE)
    assert not set(together) & set(PEOPLE)


PHONES = [f"07{n:03} 5{n:05}" for n in range(100, 140)]


@given(order=st.permutations(PHONES), start=st.integers(0, len(PHONES) - 1))
def test_with_a_key_a_phone_fake_does_not_depend_on_what_came_before(
    order: list[str], start: int
) -> None:
    # The fakes come from 1,000 numbers that are never assigned (Ofcom's drama range): with a
    # key a number keeps its fake whatever other numbers a process met first.
    def fakes(numbers: list[str]) -> dict[str, str]:
        pseudonymizer = make("k")
        out = {}
        for number in numbers:
            pseudonymizer.start_document([("PHONE_NUMBER", number)])
            out[number] = pseudonymizer.phone(number)
        return out

    everyone = fakes(PHONES)
    assert fakes(order[start:]) == {n: everyone[n] for n in order[start:]}
    pseudonymizer = make("k")
    pseudonymizer.start_document([("PHONE_NUMBER", n) for n in PHONES])
    together = [pseudonymizer.phone(n) for n in PHONES]
    assert len(set(together)) == len(PHONES)
    assert all(f.startswith("07700 9") for f in together)
