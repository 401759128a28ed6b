"""Regenerate the gazetteers in this folder from Faker's locale data (MIT licence).

Run from the repository root: ``python resources/gazetteers/generate.py``. The output is sorted
and deterministic, so a re-run with the same Faker version changes nothing.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from pathlib import Path

import faker.providers.address as address_providers
import faker.providers.person as person_providers
from spacy.lang.en.stop_words import STOP_WORDS

HERE = Path(__file__).parent
# Latin-script words only: letters (with accents), inner hyphens/apostrophes/spaces.
_LATIN = re.compile(r"^[A-Z\u00c0-\u024f][A-Za-z\u00c0-\u024f'\- ]*[a-z\u00c0-\u024f]$")
# Words that are names in Faker's lists but far more often ordinary words in CVs.
_NOT_NAMES = {
    "Will",
    "May",
    "June",
    "April",
    "August",
    "Hope",
    "Grace",
    "Joy",
    "Faith",
    "Summer",
    "Rose",
    "Lane",
    "Page",
    "Case",
    "Major",
    "King",
    "Young",
    "Long",
    "Little",
    "Best",
    "Bill",
    "Mark",
    "Rich",
    "Sterling",
    "Power",
    "Hall",
    "Church",
    "Street",
    "Field",
    "Ford",
    "Law",
    "Love",
    "Sales",
    "Service",
    "Summers",
    "Wood",
    "Bank",
    "Chase",
    "Price",
    "Cash",
    "Gold",
    "Silver",
    "Story",
    "Hill",
    "Park",
    "Green",
    "White",
    "Black",
    "Brown",
    "Gray",
    "Grey",
    "Bell",
    "Rock",
    "Stone",
    "Hunter",
    "Baker",
    "Cook",
    "Smart",
    "Fair",
    "North",
    "West",
    "South",
    "East",
    "Java",
    "Ruby",
    "Python",
    "Oracle",
    "Angular",
    "Spring",
    "Apache",
    "Jade",
    "Crystal",
    "Dawn",
    "Honey",
    "Star",
    "Angel",
    "Precious",
    "Royal",
    "Sunny",
    "Unity",
    "Aurora",
    "Maven",
    "Django",
    "Jenkins",
    "Docker",
    "Kafka",
    "Hadoop",
}
# Place names that are far more often ordinary words.
_NOT_PLACES = {
    "Mobile",
    "Reading",
    "Bath",
    "Nice",
    "Orange",
    "Split",
    "Energy",
    "Independence",
    "Opportunity",
    "Progress",
    "Success",
    "Unity",
    "Union",
    "Commerce",
    "Industry",
    "Enterprise",
    "Liberty",
    "Victory",
    "Concord",
    "Harmony",
    "Paradise",
    "Eden",
    "Sale",
    "Deal",
    "Street",
    "Banner",
    "Bank",
    "Marine",
    "Academy",
    "Institute",
    "College",
    "University",
    "School",
    "Central",
    "National",
    "Federal",
    "General",
    "Present",
    "Education",
    "Project",
    "Manager",
    "Engineer",
    "Java",
    "Oracle",
    "Spring",
    "Delta",
}


def _providers(package: object, kind: str) -> Iterable[object]:
    for module in pkgutil.iter_modules(package.__path__):  # type: ignore[attr-defined]
        try:
            yield importlib.import_module(f"faker.providers.{kind}.{module.name}").Provider
        except (ImportError, AttributeError):
            continue


def _words(values: Iterable[object], shortest: int = 3) -> set[str]:
    words = {v.strip() for v in values if isinstance(v, str) and _LATIN.match(v.strip())}
    return {w for w in words if len(w) >= shortest and w.lower() not in STOP_WORDS}


def _collect(
    providers: Iterable[object], attributes: tuple[str, ...], shortest: int = 3
) -> set[str]:
    found: set[str] = set()
    for provider in providers:
        for attribute in attributes:
            value = getattr(provider, attribute, None)
            if isinstance(value, dict | list | tuple):
                found |= _words(value, shortest)
    return found


def _write(name: str, header: str, values: set[str]) -> None:
    lines = [f"# {header}", *sorted(values)]
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{name}: {len(values)}")


def main() -> None:
    people = list(_providers(person_providers, "person"))
    first = _collect(people, ("first_names", "first_names_male", "first_names_female"))
    last = _collect(people, ("last_names",))
    _write("first_names.txt", "Given names, Faker locale data (MIT)", first - _NOT_NAMES)
    _write("last_names.txt", "Family names, Faker locale data (MIT)", last - _NOT_NAMES)

    places = list(_providers(address_providers, "address"))
    countries = _collect(places, ("countries",), shortest=4)
    towns = _collect(
        places,
        (
            "cities",
            "city_names",
            "states",
            "counties",
            "regions",
            "departments",
            "estados",
            "union_territories",
            "provinces",
            "municipalities",
            "regions_names",
        ),
        shortest=4,
    )
    _write("countries.txt", "Country names, Faker locale data (MIT)", countries)
    _write(
        "places.txt",
        "Cities, regions and states, Faker locale data (MIT)",
        towns - countries - _NOT_PLACES,
    )


if __name__ == "__main__":
    main()
