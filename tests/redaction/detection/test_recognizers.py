"""Table-driven recognizer tests: text in, expected spans out.

Recognizers only need tokens, so these run on spaCy's blank English tokenizer (no model);
tests/redaction/detection/test_recognizers_detector.py runs the same kind of lines through the
whole Detector.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import spacy

from redaction.detection.recognizers import (
    build_recognizers,
    load_config,
    registered,
    validate_config,
)
from redaction.detection.recognizers.addresses import StreetAddressRecognizer
from redaction.detection.recognizers.cv import CvStructureRecognizer
from redaction.detection.recognizers.names import PersonGazetteerRecognizer
from redaction.detection.recognizers.organizations import OrganizationRecognizer
from redaction.detection.recognizers.phones import PhoneNumberRecognizer
from redaction.detection.recognizers.places import PlaceGazetteerRecognizer
from redaction.detection.recognizers.urls import WebAddressRecognizer
from redaction.errors import ConfigError

_NLP = spacy.blank("en")


def found(recognizer, text: str, entity: str | None = None) -> list[str]:
    artifacts = SimpleNamespace(tokens=_NLP(text), entities=[])
    results = recognizer.analyze(text, None, artifacts)
    return [text[r.start : r.end] for r in results if entity is None or r.entity_type == entity]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Profile: uk.linkedin.com/in/jane-doe-123.", ["uk.linkedin.com/in/jane-doe-123"]),
        ("see https://github.com/jdoe and more", ["https://github.com/jdoe"]),
        (
            "Scholar: scholar.google.co.uk/citations?user=AbC123",
            ["scholar.google.co.uk/citations?user=AbC123"],
        ),
        (
            "Email me on Indeed: indeed.com/r/Jane-Doe/10e7a8cb732bc43a",
            ["indeed.com/r/Jane-Doe/10e7a8cb732bc43a"],
        ),
        ("Site: www.janedoe.dev, blog janedoe.me/posts", ["www.janedoe.dev", "janedoe.me/posts"]),
        ("http://www.FrugalFurnishings.de/ is it", ["http://www.FrugalFurnishings.de/"]),
        # A URL wrapped after "/" or "-" goes on on the next line.
        (
            "indeed.com/r/Ananya-\nChavan/738779ab71971a96\n",
            ["indeed.com/r/Ananya-\nChavan/738779ab71971a96"],
        ),
        ("Skills: ASP.NET, Node.js, version 2.0.1, file report.pdf", []),
    ],
)
def test_urls(text, expected):
    assert sorted(found(WebAddressRecognizer(), text)) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mobile: +44 (0)7700 900123", ["+44 (0)7700 900123"]),
        ("call 07700 900 123 or 07700900123", ["07700 900 123", "07700900123"]),
        ("Tel. 020 7946 0018", ["020 7946 0018"]),
        ("Phone: +91 98450 12345", ["+91 98450 12345"]),
        ("Phone (555) 123-4567 ext 89", ["(555) 123-4567 ext 89"]),
        ("From 2013-2017, in 2019 2020, on 12.03.2019 and 2000-04-16 11:30", []),
    ],
)
def test_phones(text, expected):
    results = PhoneNumberRecognizer().analyze(text, None)
    assert [text[r.start : r.end] for r in results if r.score >= 0.5] == expected


def test_bare_digit_groups_score_low_without_context():
    text = "Reference 4454 7945 1139 in the batch; phone 4454 7945 1139"
    scores = [r.score for r in PhoneNumberRecognizer().analyze(text, None)]
    assert scores[0] < 0.5 <= scores[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I live at Flat 3, 12 High Street, Camden, London NW1 8QR. Call me",
            ["Flat 3, 12 High Street, Camden, London NW1 8QR"],
        ),
        ("Office: 123 Main St, Springfield, IL 62704 now", ["123 Main St, Springfield, IL 62704"]),
        ("Post to 123 Main St, Springfield, IL 62704.", ["123 Main St, Springfield, IL 62704"]),
        ("Oracle 11g, Unix and Cisco 3550, 3560", []),
        (
            "6185 Pfarrgasse 91\n Suite 170\n MITTERLOBMING\n Austria 26759 after",
            ["6185 Pfarrgasse 91\n Suite 170\n MITTERLOBMING\n Austria 26759"],
        ),
        ("Via Roma 131 is nice", ["Via Roma 131"]),
        ("Write to P.O. Box 104 please", ["P.O. Box 104"]),
        ("I have 5 years of experience and led 12 people during 2017", []),
        ("Suite 4 of the test plan", []),
        ("ZIP: 48750", ["48750"]),
        ("PIN code - 560001", ["560001"]),
        ("an office in Costamezzana 43015 since May", ["Costamezzana 43015"]),
        ("worked in Windows 2000 and Excel 2016", []),
        ("USNS Møller\nFPO AA 85844", ["USNS Møller\nFPO AA 85844"]),
        ("Hello, I live at Hoge Wei 32", ["Hoge Wei 32"]),
        ("Skills: Java 8, Python 3, Windows 10, Office 365", []),
        ("Exchange Server 2007\n➢ Exchange Server 2010", []),
        ("2014\n\nCBSE\n\nCrescent Public School", []),
        ("160 Desktops and 50\nNotebooks", []),
    ],
)
def test_street_addresses(text, expected):
    assert found(StreetAddressRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authors: LN Darlow, AJ Storkey and others", ["LN Darlow", "AJ Storkey"]),
        ("Jan van der Berg joined", ["Jan van der Berg"]),
        ("Willemine ten Pas has been a member", ["Willemine ten Pas"]),
        ("I asked Leena O Sasi about it", ["Leena O Sasi"]),
        ("Mary-Jane O'Neil and JOHN SMITH met", ["Mary-Jane O'Neil", "JOHN SMITH"]),
        ("Please ask Dr. Patel today", ["Patel"]),
        ("name:    hyuuma t. maida\naddress: x", ["hyuuma t. maida"]),
        ("My name is Rubija", ["Rubija"]),
        ("Company name: Acme Widgets", []),
        ("WORK EXPERIENCE\nJAVA DEVELOPER\nProject Manager at Shepherd Ltd.", []),
    ],
)
def test_person_names(text, expected):
    results = [
        r
        for r in PersonGazetteerRecognizer().analyze(text, None, SimpleNamespace(tokens=_NLP(text)))
        if r.score >= 0.35
    ]
    assert [text[r.start : r.end] for r in results] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Worked at Oracle India Private Limited and TCS", ["Oracle India Private Limited", "TCS"]),
        (
            "studied at the University of Leeds and Indian Institute of Technology Bombay",
            ["University of Leeds", "Indian Institute of Technology Bombay"],
        ),
        (
            "B.v.b college of engineering and technology -  Hubli",
            ["B.v.b college of engineering and technology"],
        ),
        (
            "Anurag College of Engineering (JNTUH) in 2012",
            ["Anurag College of Engineering (JNTUH)"],
        ),
        ("a partner at Davis, Reynolds and Williamson", ["Davis, Reynolds and Williamson"]),
        ("Woodbine modern school", ["Woodbine modern school"]),
        ("I went to the local school and then to college", []),
    ],
)
def test_organisations(text, expected):
    assert found(OrganizationRecognizer(), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moved from Bengaluru, Karnataka to New Delhi", ["Bengaluru", "Karnataka", "New Delhi"]),
        ("offices in France and the Czech Republic", ["France", "Czech Republic"]),
        ("serving Southern Tunisia", ["Tunisia"]),
    ],
)
def test_places(text, expected):
    assert found(PlaceGazetteerRecognizer(), text) == expected


CV = """Jane Q Doe
Senior Data Analyst - Acme Analytics Pvt Ltd

Bengaluru, Karnataka - Email me on Indeed: indeed.com/r/Jane-Doe/10e7a8cb

WORK EXPERIENCE

Senior Data Analyst

Kestrel Systems -  Pune, Maharashtra -

January 2015 to Present

Built dashboards.

EDUCATION

B.Sc in Statistics

Woodbine modern school -  Hubli, Karnataka

2013

SKILLS

Python, SQL
"""


def test_cv_structure():
    got = {
        (text, r.entity_type)
        for r in CvStructureRecognizer().analyze(CV, None)
        for text in [CV[r.start : r.end]]
    }
    assert ("Jane Q Doe", "PERSON") in got
    assert ("Acme Analytics Pvt Ltd", "ORGANIZATION") in got
    assert ("Kestrel Systems", "ORGANIZATION") in got
    assert ("Woodbine modern school", "ORGANIZATION") in got
    assert {("Bengaluru", "LOCATION"), ("Pune", "LOCATION"), ("Hubli", "LOCATION")} <= got
    texts = {t for t, _ in got}
    assert not texts & {
        "WORK EXPERIENCE",
        "EDUCATION",
        "SKILLS",
        "Senior Data Analyst",
        "Python, SQL",
    }


@pytest.mark.parametrize(
    ("header", "contact", "person"),
    [
        # a surname that is also a common word: the stop-word rule alone refuses it
        ("Oskar May", "oskar.may@example.com | 07700 900123", "Oskar May"),
        ("Hope Will", "Email: hwill@example.org", None),  # "h" is no word of the header
        ("Grace Will", "grace-will@example.org", "Grace Will"),
        # OCR read "I" as "l": the handle still spells it
        ("lvo Day", "linkedin.com/in/ivoday", "lvo Day"),
        # lower-case header words that no handle spells stay no name
        ("may be", "may.be@example.com", None),
    ],
)
def test_cv_header_spelled_in_the_contact_line_is_a_name(
    header: str, contact: str, person: str | None
) -> None:
    text = f"{header}\n\n{contact}\n\nPROFILE\nAnalyst with five years of experience.\n"
    found = {
        text[r.start : r.end]
        for r in CvStructureRecognizer().analyze(text, None)
        if r.entity_type == "PERSON"
    }
    assert found == ({person} if person else set())


@pytest.mark.parametrize(
    ("entry", "town"),
    [
        ("Analyst, Evans Partners, Kirkwall (2019 - present)", "Kirkwall"),
        # a legal form in lower case, as UK firms write it, is part of the employer
        ("Analyst, Adams plc, Kirkwall (2019 - present)", "Kirkwall"),
        ("Developer, Tantamount Ltd, Ely, CB  2012 - 2014", "Ely"),
        ("Engineer, Acme Robotics, Upper Wedmore (Jan 2018 - Mar 2020)", "Upper Wedmore"),
        ("Consultant, Halden Group, 2015 - 2018", None),  # no town between employer and dates
        ("Analyst, Evans Partners, Kirkwall", None),  # no dates: a list, not an entry
        ("Analyst, Evans Partners, Experience 2019", None),  # a heading word is no town
    ],
)
def test_cv_entry_town_between_employer_and_dates(entry: str, town: str | None) -> None:
    text = f"Jo Bell\n\nEXPERIENCE\n{entry}\nBuilt dashboards.\n"
    found = {
        text[r.start : r.end]
        for r in CvStructureRecognizer().analyze(text, None)
        if r.entity_type == "LOCATION"
    }
    assert found == ({town} if town else set())


def test_a_lower_case_legal_form_ends_the_employer_after_a_title() -> None:
    text = "Jo Bell\n\nEXPERIENCE\nAnalyst, Adams plc, Kirkwall (2019 - present)\n"
    found = {
        text[r.start : r.end]
        for r in CvStructureRecognizer().analyze(text, None)
        if r.entity_type == "ORGANIZATION"
    }
    assert "Adams plc" in found and "Adams" not in found


def test_cv_header_needs_a_document_not_a_sentence():
    assert CvStructureRecognizer().analyze("Maybe it's under Mathias Ruud", None) == []


def test_config_builds_every_registered_family():
    config = load_config()
    names = {r.name for r in build_recognizers(config)}
    assert {"WebAddressRecognizer", "PersonGazetteerRecognizer", "CvStructureRecognizer"} <= names
    assert {item["name"] for item in config["recognizers"]} <= set(registered())


def test_disabled_recognizer_is_not_built():
    config = {"recognizers": [{"name": "url", "enabled": False}, {"name": "phone"}]}
    assert [r.name for r in build_recognizers(config)] == ["PhoneNumberRecognizer"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({}, "'recognizers' list"),
        ({"recognizers": [{"name": "nope"}]}, "unknown recognizer 'nope'"),
        ({"recognizers": [{"name": "url", "colour": 1}]}, "unknown keys"),
        ({"recognizers": [], "postprocess": {"spacy_score": "high"}}, "must be a number"),
        ({"recognizers": [{"name": "url", "options": {"bogus": 1}}]}, "bad options"),
    ],
)
def test_bad_config_is_one_line_error(config, message):
    with pytest.raises(ConfigError, match=message):
        validate_config(config)
        build_recognizers(config)


def test_bad_config_file(tmp_path):
    path = tmp_path / "recognizers.yaml"
    path.write_text("recognizers: [", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read recognizer settings") as info:
        load_config(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_a_recognizers_scores_are_its_settings() -> None:
    """One base for our recognizers (#14): scores are class defaults that recognizers.yaml may
    set by name; a name the recognizer does not have is refused, naming it."""
    from redaction.detection.recognizers.postcodes import UkPostcodeRecognizer

    assert UkPostcodeRecognizer.score_names() == {"full_score", "outward_score", "cue_bonus"}
    default, tuned = UkPostcodeRecognizer(), UkPostcodeRecognizer(full_score=0.9)
    assert (default.full_score, tuned.full_score, tuned.outward_score) == (0.7, 0.9, 0.45)
    assert default.supported_entities == ["UK_POSTCODE"] and default.name == "UkPostcodeRecognizer"
    with pytest.raises(TypeError, match="UkPostcodeRecognizer: unknown setting.*full_scor"):
        UkPostcodeRecognizer(full_scor=0.9)
