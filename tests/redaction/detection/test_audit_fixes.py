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


# -- 5: UK postcodes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Moved from EH8 9YL to Cardiff last year.", "EH8 9YL"),
        ("Postcode: SW1A 1AA", "SW1A 1AA"),
        ("Send it to GIR 0AA please.", "GIR 0AA"),
        ("Based in Leeds LS6 since 2019.", "LS6"),
        ("Postcode: EH8", "EH8"),
        ("Flats in the M14 area are cheap.", "M14"),
    ],
)
def test_uk_postcodes_are_found_whole(detector, text: str, code: str) -> None:
    assert ("UK_POSTCODE", code) in found(detector, text)
    assert ("UK_POSTCODE", code) in found(detector, text, entities=["UK_POSTCODE"])


@pytest.mark.parametrize(
    "text",
    [
        "German at level B2, English C1.",
        "Used E45 cream and an A4 notebook.",
        "Drove up the M1 and the A1 to QX1 7AB.",  # QX is no postcode area
        "Model XJ12 3AB of the range.",
    ],
)
def test_postcode_shapes_without_area_or_cue_are_not_postcodes(detector, text: str) -> None:
    assert not [p for label, p in found(detector, text) if label == "UK_POSTCODE"]


def test_the_postcode_recognizer_checks_the_format_and_area() -> None:
    from redaction.detection.recognizers.postcodes import valid

    assert all(valid(c) for c in ["EH8 9YL", "sw1a1aa", "M1 1AE", "B33 8TH", "LS6", "GIR 0AA"])
    assert not any(valid(c) for c in ["QX1 7AB", "EH8 9CI", "1AB 2CD", "EH", "ZZ9 9ZZ"])
    assert "UK_POSTCODE" in _entities()


def _entities() -> frozenset[str]:
    from redaction.detection.recognizers import build_recognizers, load_config

    return frozenset(e for r in build_recognizers(load_config()) for e in r.supported_entities)


# -- 6: software, skills and methods ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Jane Smith\nTech: Node.js, ASP.NET, Vue.js, React.js, D3.js, Next.js\nLeeds\n",
        "Jane Smith\nSkills: Microsoft Office, Adobe Photoshop, Salesforce, SAP, Tableau, "
        "Google Cloud, Jira\nLeeds\n",
        "Jane Smith\n**Tools:** Random Forest, XGBoost, LightGBM, PyTorch\nLeeds\n",
        "Jane Smith\nBuilt models with XGBoost and Random Forest on Google Cloud.\nLeeds\n",
        "Jane Smith\nDeep learning for X. NeurIPS 2018.\nLeeds\n",
    ],
)
def test_software_skills_and_methods_are_not_personal_data(detector, text: str) -> None:
    flagged = [(label, part) for label, part in found(detector, text) if part != "Jane Smith"]
    assert flagged == [("LOCATION", "Leeds")]


def test_an_employer_is_still_an_organisation(detector) -> None:
    text = "Jane Smith\nWorked at Microsoft in Reading, then at Google.\nLeeds\n"
    orgs = [part for label, part in found(detector, text) if label == "ORGANIZATION"]
    assert orgs == ["Microsoft", "Google"]


def test_inner_capitals_of_names_are_not_tech_names() -> None:
    from redaction.detection.recognizers._common import tech_cased

    assert all(tech_cased(w) for w in ["XGBoost", "PyTorch", "NeurIPS", "JavaScript", "iPhone"])
    assert not any(tech_cased(w) for w in ["McDonald", "MacArthur", "DeVito", "O'Neil", "SMITH"])


# -- 7: dates asked for alone ----------------------------------------------------------------

DATES_TEXT = (
    "Jane Smith\nFlat 3, 45 High Street, Bristol BS1 4DJ\n"
    "Tel. 0113 496 0123, mobile 07700 900 321\n"
    "Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32\n"
    "Born 12/04/1990, at Acme from March 2016 to 2019.\n"
)


@pytest.mark.parametrize("entities", [["DATE_TIME"], ["DATE_TIME", "PERSON"]])
def test_dates_asked_for_alone_are_not_digits_of_phones_cards_or_ibans(
    detector, entities: list[str]
) -> None:
    dates = [part for label, part in found(detector, DATES_TEXT, entities=entities)]
    dates = [part for part in dates if part != "Jane Smith"]
    assert "12/04/1990" in dates
    assert any("2016" in d for d in dates)
    for fragment in ("45", "0113", "496", "07700", "1111", "1234", "5698"):
        assert not any(fragment in d for d in dates), (fragment, dates)


def test_the_entity_filter_runs_after_overlaps_are_resolved() -> None:
    from presidio_analyzer import RecognizerResult

    from redaction.detection.postprocess import finalize

    text = "Call 0113 496 0123 today"
    phone = RecognizerResult("PHONE_NUMBER", 5, 18, 0.9, {"recognizer_name": "Phone"})
    date = RecognizerResult("DATE_TIME", 5, 9, 0.6, {"recognizer_name": "Dates"})
    assert finalize(text, [phone, date], entities=["DATE_TIME"], threshold=0.35) == []
    assert [s.text for s in finalize(text, [date], entities=["DATE_TIME"], threshold=0.35)] == [
        "0113"
    ]


# -- smaller boundary fixes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "part"),
    [
        ("Jane Smith\nTel. (0113) 496 0123 (home)\nLeeds\n", "PHONE_NUMBER", "(0113) 496 0123"),
        (
            "Jane Smith\nStudied at King's College London.\nLeeds\n",
            "ORGANIZATION",
            "King's College London",
        ),
        (
            "Jane Smith\nStudied at King's College London, then St John's College.\nLeeds\n",
            "ORGANIZATION",
            "St John's College",
        ),
        ("Jane Smith\nMy friend John later moved to Leeds.\nYork\n", "PERSON", "John"),
    ],
)
def test_span_boundaries(detector, text: str, label: str, part: str) -> None:
    assert (label, part) in found(detector, text)


def test_the_end_of_a_hyphenated_place_is_not_a_person(detector) -> None:
    text = "Jane Smith\nWorked with Aarav Deshmukh in Stoke-on-Trent.\nLeeds\n"
    assert ("PERSON", "Trent") not in found(detector, text)
    assert ("PERSON", "Aarav Deshmukh") in found(detector, text)
