"""Person spans split into given and family parts: the placeholder shape of a name."""

from __future__ import annotations

import pytest

from redaction.anonymization.names import match_case, split_person_name


def placeholder(text: str) -> str:
    return split_person_name(text).render(
        lambda role, _: "[name]" if role == "given" else "[surname]"
    )


@pytest.mark.parametrize(
    ("text", "expected", "family"),
    [
        ("Lewis Smith", "[name] [surname]", "Smith"),
        ("LN Darlow", "[name] [surname]", "Darlow"),
        ("L. N. Darlow", "[name] [surname]", "Darlow"),
        ("L Smith", "[name] [surname]", "Smith"),
        ("LEWIS SMITH", "[name] [surname]", "SMITH"),
        ("Smith, John", "[surname], [name]", "Smith"),
        ("Lewis van der Berg", "[name] [surname]", "van der Berg"),
        ("Jean Pierre de la Fontaine", "[name] [surname]", "de la Fontaine"),
        ("Mary-Jane Smith-Jones", "[name] [surname]", "Smith-Jones"),
        ("Lewis George Smith", "[name] [surname]", "Smith"),
        ("Dr Lewis Smith", "Dr [name] [surname]", "Smith"),
        ("Lewis Smith PhD", "[name] [surname] PhD", "Smith"),
        ("Smith", "[surname]", "Smith"),
        ("Lewis", "[name]", ""),
        ("José Álvarez", "[name] [surname]", "Álvarez"),
        ("Siobhán O'Brien", "[name] [surname]", "O'Brien"),
    ],
)
def test_split_person_name(text: str, expected: str, family: str) -> None:
    name = split_person_name(text)
    assert placeholder(text) == expected
    assert name.family_text == family


def test_initials_are_marked() -> None:
    name = split_person_name("LN Darlow")
    assert [t.initials for t in name.tokens] == [True, False]
    assert name.given_initial == "L"
    # In an all-capitals name a short word is not taken for initials.
    assert not split_person_name("LEE DARLOW").tokens[0].initials


def test_match_case() -> None:
    assert match_case("SMITH", "Jones") == "JONES"
    assert match_case("smith", "Jones") == "jones"
    assert match_case("Smith", "Jones") == "Jones"
