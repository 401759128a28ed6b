"""Organisations found by their context (cue phrases, contact blocks): text in, spans out.

Synthetic lines; the recognizer works on raw text, so no spaCy model is needed.
"""

from __future__ import annotations

import pytest

from redaction.detection.recognizers.context import OrganizationContextRecognizer


def orgs(text: str) -> list[str]:
    results = OrganizationContextRecognizer().analyze(text, ["ORGANIZATION"], None)
    return sorted(text[r.start : r.end] for r in results)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Priya spent two years at Quillfold before moving on.", ["Quillfold"]),
        ("The startup was acquired by Brightmoor Partners in 2019.", ["Brightmoor Partners"]),
        (
            "In 2015 it merged with Tallow-Reyes and later became Nimbrix.",
            ["Nimbrix", "Tallow-Reyes"],
        ),
        ("I used to work for Ferrowind as a welder.", ["Ferrowind"]),
        ("Send it to the Vantorra office on Monday.", ["Vantorra"]),
        ("according to the Lumen Arc website they hire.", ["Lumen Arc"]),
        ("Kelvora's employees went on strike.", ["Kelvora"]),
        ("Draxwell is a logistics company based in Leeds.", ["Draxwell"]),
        ("Last year Ostrava Dynamics invested heavily in robots.", ["Ostrava Dynamics"]),
        ("Maya Lindqvist of Corvettix spoke first.", ["Corvettix"]),
        ("Tomas R. Ibarra from Helioptic is the speaker.", ["Helioptic"]),
        (
            "Rościsław Nowak of Pellatrix, and Ewa Lis of Quorvane's board",
            ["Pellatrix", "Quorvane"],
        ),
        # Not organisations: sentence openers, pronouns, plain words.
        ("It was acquired by the board last week.", []),
        ("She spent two years at home with the kids.", []),
        ("The office is closed. He is a good man.", []),
        ("Years of Experience: 4. Basic Knowledge of Lighting, Data Loader.", []),
        ("Maintain the Project management plan.", []),
    ],
)
def test_cue_phrases(text, expected):
    assert orgs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dana Whitcombe\nFernlight\n42 Orchard Row\nBristol BS1 4DJ", ["Fernlight"]),
        ("> Ilse Varga\n> Pelican Works\n> Ilse Varga\n> Apt. 12", ["Pelican Works"]),
        ("Ravi Menon\nField technician\nKestrelbyte\nSuite 400, 12 Main St", ["Kestrelbyte"]),
        ("joan park\nmossgate\n17 hill road", ["mossgate"]),
        ("joan park\nfitter\nhale, moss and dunn\n3747 3911 hill road", ["hale, moss and dunn"]),
        # A job title, a phone line, an email, or no name above: not an employer.
        ("Ravi Menon\nSoftware Engineer\n12 Main Street", []),
        ("Ravi Menon\nravi@example.com\n12 Main Street", []),
        ("Summary\nExperienced welder\n12 Main Street", []),
        ("Ravi Menon\nLondon, UK\n+44 7700 900123", []),
        # A skills table: "Unit Test" is not a flat number.
        ("Cloud Azure\nVersion Control Git, SVN, Clear Case\nScripting Bash\nUnit Test MOQ", []),
    ],
)
def test_contact_blocks(text, expected):
    assert orgs(text) == expected


def test_not_asked_for_organisations_finds_nothing():
    text = "I used to work for Ferrowind as a welder."
    assert OrganizationContextRecognizer().analyze(text, ["PERSON"], None) == []
