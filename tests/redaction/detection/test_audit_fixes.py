"""Defects found in the audit of the detector, each through the whole Detector.

Texts are hand-written CV lines (no benchmark text); one Detector serves the session.
"""

from __future__ import annotations

import pytest


def found(detector, text: str, **kw) -> list[tuple[str, str]]:
    return [(s.label, text[s.start : s.end]) for s in detector.detect(text, **kw)]


# -- 2: line labels are not speakers ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Summary\nReferee: available on request\nLinks: see below\n",
        "Jane Smith\nPhone: 07700 900123\nEmail: jane@example.com\nPrevious: worked at a bank\n",
        "PROFILE\nStatus: open to offers\nAvailability: immediate\nNotice: one month\n",
    ],
)
def test_line_labels_are_never_speaker_names(detector, text: str) -> None:
    for word in ("Referee", "Links", "Previous", "Status", "Availability", "Notice", "Phone"):
        assert ("PERSON", word) not in found(detector, text)


def test_speakers_of_a_dialogue_are_still_names(detector) -> None:
    text = "Ubul: where are you?\nKata: at home, Ubul said so.\nUbul: fine\n"
    people = [part for label, part in found(detector, text) if label == "PERSON"]
    assert people.count("Ubul") == 3
    assert "Kata" in people


# -- 3: all-caps hyphenated surnames ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "CURRICULUM VITAE\nJOHN VAN DER BERG-SMITH\nSoftware engineer\nLondon\n",
        "Profile\nMARY-JANE O'CONNOR-WHITE\nTeacher\nLeeds\n",
        "CV\nName: ANNA DE LA CRUZ-PEREZ\nPhone: 07700 900123\nSkills\n",
        "References\nPETER HOLLAND-MARSH, Head of Sales\nacme.example.com\n",
    ],
)
def test_hyphenated_all_caps_surnames_are_found_whole(detector, text: str) -> None:
    line = next(line for line in text.split("\n")[1:] if "-" in line)
    whole = line.split(": ")[-1].split(",")[0]
    assert ("PERSON", whole) in found(detector, text)


# -- 4: addresses end before a label line ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Jane Smith\n12 Acacia Avenue, Manchester M14 5RT\nPhone: 07700 900123\nSkills\n",
            "12 Acacia Avenue, Manchester M14 5RT",
        ),
        (
            "Jane Smith\nFlat 3, 45 High Street\nBristol\nBS1 4DJ\nUnited Kingdom\nPostcode\n",
            "Flat 3, 45 High Street\nBristol\nBS1 4DJ\nUnited Kingdom",
        ),
        (
            "Jane Smith\n7 Mill Lane, York YO1 7HH\nEXPERIENCE\nBaker at a shop\n",
            "7 Mill Lane, York YO1 7HH",
        ),
    ],
)
def test_an_address_does_not_take_the_label_on_the_next_line(
    detector, text: str, address: str
) -> None:
    assert ("STREET_ADDRESS", address) in found(detector, text)


def test_an_address_still_takes_its_town_on_the_next_line(detector) -> None:
    text = "Jane Smith\n45 High Street\nBristol\nBS1 4DJ\nwork history follows\n"
    assert ("STREET_ADDRESS", "45 High Street\nBristol\nBS1 4DJ") in found(detector, text)
